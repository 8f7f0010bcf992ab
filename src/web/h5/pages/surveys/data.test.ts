import { describe, expect, it } from 'vitest';
import {
  answerProblems,
  answersToSend,
  isPending,
  isUpcoming,
  type MySurvey,
  type Question,
  sortMine,
} from './data.ts';

const questions: Question[] = [
  {
    id: 'q1',
    title: '总体评价',
    type: 'single',
    required: true,
    countsForSatisfaction: true,
    options: [
      { id: 'o1', label: '满意', satisfied: true },
      { id: 'o2', label: '不满意', satisfied: false },
    ],
  },
  {
    id: 'q2',
    title: '希望改进',
    type: 'multiple',
    required: false,
    maxChoices: 2,
    options: [
      { id: 'o1', label: 'A', satisfied: false },
      { id: 'o2', label: 'B', satisfied: false },
      { id: 'o3', label: 'C', satisfied: false },
    ],
  },
  { id: 'q3', title: '建议', type: 'text', required: false, maxLength: 10 },
  {
    id: 'q4',
    title: '维权服务',
    type: 'rating',
    required: true,
    scale: 5,
    lowLabel: '很不满意',
    highLabel: '非常满意',
    satisfiedFrom: 4,
    countsForSatisfaction: true,
  },
];

describe('survey answers on the H5', () => {
  it('finds every unanswered required question', () => {
    // Every unanswered required question at once, not one a submit.
    expect(answerProblems(questions, {})).toEqual([
      { index: 0, kind: 'required' },
      { index: 3, kind: 'required' },
    ]);
    expect(answerProblems(questions, { q1: 'o1' })).toEqual([{ index: 3, kind: 'required' }]);
    expect(answerProblems(questions, { q1: 'o1', q4: 4, q3: '   ' })).toEqual([]);
  });
  it('refuses too many choices and too long texts', () => {
    expect(answerProblems(questions, { q1: 'o1', q4: 3, q2: ['o1', 'o2', 'o3'] })).toEqual([
      { index: 1, kind: 'tooMany' },
    ]);
    expect(answerProblems(questions, { q1: 'o1', q4: 3, q3: '12345678901' })).toEqual([
      { index: 2, kind: 'tooLong' },
    ]);
  });
  it('sends answered questions only, texts trimmed', () => {
    expect(answersToSend(questions, { q1: 'o2', q2: [], q3: ' 多搞活动 ', q4: 5 })).toEqual({
      q1: 'o2',
      q3: '多搞活动',
      q4: 5,
    });
  });
  const mine = (
    id: number,
    status: MySurvey['status'],
    answered: number,
    closesAt: string,
    opensAt = '2026-01-01T00:00:00.000Z',
  ): MySurvey => ({
    id,
    title: `问卷${id}`,
    org: '林埭镇总工会',
    purpose: 'union',
    state: status === 'upcoming' ? 'open' : status,
    status,
    opensAt,
    closesAt,
    invitations: 1,
    answered,
  });
  it('lists open unanswered surveys first', () => {
    const list = [
      mine(1, 'closed', 1, '2026-01-01T00:00:00.000Z'),
      mine(2, 'open', 1, '2026-12-01T00:00:00.000Z'),
      mine(3, 'open', 0, '2026-12-20T00:00:00.000Z'),
      mine(4, 'open', 0, '2026-12-10T00:00:00.000Z'),
    ];
    expect(sortMine(list).map((x) => x.id)).toEqual([4, 3, 2, 1]);
  });
  it('a published survey not open yet is not to be filled in; listed after the open ones, soonest first', () => {
    const later = mine(5, 'upcoming', 0, '2026-12-31T00:00:00.000Z', '2026-12-20T00:00:00.000Z');
    const sooner = mine(6, 'upcoming', 0, '2026-12-31T00:00:00.000Z', '2026-12-15T00:00:00.000Z');
    expect(isPending(later)).toBe(false);
    expect(isUpcoming(later)).toBe(true);
    const open = mine(7, 'open', 0, '2026-12-31T00:00:00.000Z');
    expect(isPending(open)).toBe(true);
    const closed = mine(8, 'closed', 0, '2026-06-01T00:00:00.000Z');
    expect(sortMine([closed, later, open, sooner]).map((x) => x.id)).toEqual([7, 6, 5, 8]);
  });
});
