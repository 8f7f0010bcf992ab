import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import type { TSurveyQuestion } from '../../../../shared/surveys.ts';
import { surveyPurposes, ZSurveyInput } from '../../../../shared/surveys.ts';
import { questionProblems } from './checks.ts';
import { orgRatesRepsTemplate, surveyTemplates } from './templates.ts';

// The templates are what a cadre starts from: each must be accepted by the server's own contract as it
// stands, for the purpose it is written for.
describe('questionnaire templates', () => {
  it('there is one template per survey purpose', () => {
    expect(surveyTemplates().map((t) => t.purpose)).toEqual([...surveyPurposes]);
  });

  it.each(surveyTemplates().map((t) => [t.purpose, t] as const))(
    'the %s template passes the survey contract unchanged',
    (purpose, tpl) => {
      const parsed = ZSurveyInput.safeParse({
        orgId: 1,
        title: `2026 年度${tpl.title}`,
        intro: tpl.intro,
        purpose,
        congressId: purpose === 'union' ? null : 7,
        anonymous: tpl.anonymous,
        opensAt: '2026-12-01T00:00:00+08:00',
        closesAt: '2026-12-31T00:00:00+08:00',
        questions: tpl.questions,
      });
      expect(parsed.error?.issues ?? []).toEqual([]);
      // Satisfaction needs at least one question that counts for it.
      expect(
        tpl.questions.some((q) => (q.type === 'rating' || q.type === 'single') && q.countsForSatisfaction),
      ).toBe(true);
    },
  );

  it('工会评价代表 is a named assessment on a 称职 scale', () => {
    const tpl = orgRatesRepsTemplate();
    expect(tpl.purpose).toBe('union_rates_reps');
    expect(tpl.anonymous).toBe(false);
    const overall = tpl.questions[0];
    if (overall?.type !== 'single') throw new Error('the first question should be single choice');
    expect(overall.options.map((o) => [o.label, o.satisfied])).toEqual([
      ['优秀', true],
      ['称职', true],
      ['基本称职', true],
      ['不称职', false],
    ]);
  });

  it('each call returns fresh questions, so editing one survey never changes the template', () => {
    const a = orgRatesRepsTemplate();
    const first = a.questions[0];
    if (first) first.title = '改过的题目';
    expect(orgRatesRepsTemplate().questions[0]?.title).toBe('对这位代表履职情况的总体评价');
  });
});

// The message key and its values, as the page's i18n would fill them in (a bare key for a field name).
const t = ((key: string, v?: Record<string, unknown>) =>
  v ? `${key} ${JSON.stringify(v)}` : key) as unknown as TFunction;

describe('questions checked before saving', () => {
  const rating: TSurveyQuestion = {
    id: 'q1',
    type: 'rating',
    title: '总体评价',
    required: true,
    scale: 5,
    lowLabel: '很不满意',
    highLabel: '非常满意',
    satisfiedFrom: 4,
    countsForSatisfaction: true,
  };
  const single: TSurveyQuestion = {
    id: 'q2',
    type: 'single',
    title: '服务态度',
    required: true,
    countsForSatisfaction: true,
    options: [
      { id: 'o1', label: '满意', satisfied: true },
      { id: 'o2', label: '一般', satisfied: false },
    ],
  };

  it('finds nothing in a sound questionnaire and in every template', () => {
    expect(questionProblems(t, [rating, single])).toEqual({});
    for (const tpl of surveyTemplates()) expect(questionProblems(t, tpl.questions)).toEqual({});
  });

  it('says a 满分 above 10 in the words of numberRange, at the field', () => {
    expect(questionProblems(t, [single, { ...rating, scale: 11 }])).toEqual({
      '1.scale': 'msg.range {"field":"surveyWork.q.scale","min":"3","max":"10"}',
    });
    expect(questionProblems(t, [{ ...rating, scale: 2, satisfiedFrom: 0 }])).toEqual({
      '0.scale': 'msg.range {"field":"surveyWork.q.scale","min":"3","max":"10"}',
      '0.satisfiedFrom': 'msg.range {"field":"surveyWork.q.satisfiedFrom","min":"1","max":"10"}',
    });
  });

  it('names an option repeating an earlier one of the same question, at that option', () => {
    const twice = {
      ...single,
      options: [
        { id: 'o1', label: '满意', satisfied: true },
        { id: 'o2', label: '一般', satisfied: false },
        { id: 'o3', label: ' 满意', satisfied: false },
        { id: 'o4', label: '', satisfied: false },
        { id: 'o5', label: '', satisfied: false },
      ],
    };
    expect(questionProblems(t, [rating, twice])).toEqual({
      '1.options.2.label': 'surveyWork.q.duplicate {"label":"满意"}',
    });
  });
});
