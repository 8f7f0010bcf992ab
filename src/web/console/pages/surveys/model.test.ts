import { describe, expect, it } from 'vitest';
import { surveyPurposes, ZSurveyInput } from '../../../../shared/surveys.ts';
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
