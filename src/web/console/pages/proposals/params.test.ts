import { describe, expect, it } from 'vitest';
import type { TLoopStep, TProposalUpdate } from '../../../../shared/proposals.ts';
import { isProposalState, readProposalParams, recordOfProposal } from './params.ts';

const sizes = [10, 20, 50, 100];
const read = (qs: string) => readProposalParams(new URLSearchParams(qs), sizes, 20);

describe('提案建议 list: filters from the address', () => {
  it('keeps every known filter, trimmed, and the page', () => {
    const r = read(
      'state=handling&q=%20阳光学堂%20&congressId=3&kind=suggestion&category=children&overdue=true&page=2&pageSize=50',
    );
    expect(r).toEqual({
      filters: {
        state: 'handling',
        q: '阳光学堂',
        congressId: 3,
        kind: 'suggestion',
        category: 'children',
        overdue: 'true',
      },
      page: 2,
      pageSize: 50,
    });
  });

  it('drops what the API would refuse instead of sending it', () => {
    const r = read(
      'state=archived&q=%20%20&congressId=-4&kind=motion&category=food&overdue=yes&page=-3&pageSize=7',
    );
    expect(r.filters).toEqual({
      state: undefined,
      q: undefined,
      congressId: undefined,
      kind: undefined,
      category: undefined,
      overdue: undefined,
    });
    expect(r.page).toBe(1);
    expect(r.pageSize).toBe(20);
    expect(read('congressId=1.5').filters.congressId).toBeUndefined();
    expect(read('congressId=99999999999').filters.congressId).toBeUndefined();
    expect(read('congressId=abc&page=abc').page).toBe(1);
  });

  it('cuts a long search to the 40 characters the API takes', () => {
    expect(read(`q=${'工'.repeat(60)}`).filters.q).toHaveLength(40);
  });

  it('knows the proposal states and nothing else', () => {
    expect(isProposalState('feedback')).toBe(true);
    expect(isProposalState('replied')).toBe(true);
    expect(isProposalState('FEEDBACK')).toBe(false);
    expect(isProposalState(null)).toBe(false);
  });
});

const step = (s: Partial<TLoopStep> & Pick<TLoopStep, 'step'>): TLoopStep => ({
  label: s.step,
  status: 'pending',
  startedAt: null,
  finishedAt: null,
  dueAt: null,
  actor: null,
  note: null,
  ...s,
});
const update = (u: Partial<TProposalUpdate> & Pick<TProposalUpdate, 'id' | 'kind' | 'createdAt'>) =>
  ({
    org: { id: 5, name: '林埭镇示范纺织有限公司工会' },
    author: '陆主席',
    text: '进展',
    percent: null,
    round: 1,
    fileIds: [],
    ...u,
  }) satisfies TProposalUpdate;

describe('提案建议 page: the record the proposal carries', () => {
  const labels = { step: (s: string) => `步骤:${s}`, progress: '报送办理进展', reply: '办理答复' };

  it('lists finished steps and updates together, oldest first, with who acted', () => {
    const record = recordOfProposal(
      {
        steps: [
          step({
            step: 'submit',
            status: 'done',
            finishedAt: '2026-05-11T00:50:00.000Z',
            actor: '沈代表',
            note: '联名附议 19 人',
          }),
          step({ step: 'review', status: 'done', finishedAt: '2026-05-13T07:00:00.000Z', actor: '许审议' }),
          step({ step: 'handle', status: 'current', startedAt: '2026-05-15T02:00:00.000Z' }),
          step({ step: 'supervise' }),
          step({ step: 'feedback' }),
        ],
        updates: [
          update({
            id: 2,
            kind: 'reply',
            createdAt: '2026-08-23T08:00:00.000Z',
            text: '共接收 126 名',
            percent: 100,
          }),
          update({
            id: 1,
            kind: 'progress',
            createdAt: '2026-06-09T01:30:00.000Z',
            text: '落实教室',
            percent: 40,
          }),
        ],
      },
      labels,
    );
    expect(record.map((e) => e.label)).toEqual(['步骤:submit', '步骤:review', '报送办理进展', '办理答复']);
    expect(record[0]).toMatchObject({ actor: '沈代表', note: '联名附议 19 人' });
    expect(record[2]).toMatchObject({ actor: '林埭镇示范纺织有限公司工会 陆主席', note: '落实教室（40%）' });
    // A reply's text is shown as written (its 100% is the end of handling, not a progress report).
    expect(record[3]?.note).toBe('共接收 126 名');
  });

  it('is empty for a draft that has not finished a step', () => {
    expect(
      recordOfProposal({ steps: [step({ step: 'submit', status: 'current' })], updates: [] }, labels),
    ).toEqual([]);
  });
});
