/**
 * The 问卷评价 builder's checks of the questions before they are sent (issue #9), free of the page's
 * i18n registration so they can be tested alone. The server's contract (`shared/surveys.ts`) checks the
 * same again.
 */
import type { TFunction } from 'i18next';
import type { TSurveyQuestion } from '../../../../shared/surveys.ts';
import { numberRange } from '../../forms.ts';

/** The allowed range of each number setting of a question (as the contract `shared/surveys.ts` has it). */
export function settingRanges(q: TSurveyQuestion): Partial<Record<NumberSetting, [number, number]>> {
  switch (q.type) {
    case 'rating':
      return { scale: [3, 10], satisfiedFrom: [1, 10] };
    case 'multiple':
      return { maxChoices: [1, q.options.length] };
    case 'text':
      return { maxLength: [10, 1000] };
    default:
      return {};
  }
}
export type NumberSetting = 'scale' | 'satisfiedFrom' | 'maxChoices' | 'maxLength';

/**
 * What is wrong with the questions before anything is sent, keyed like the server's errors
 * (`<index>.<field>`, `<index>.options.<j>.label`): a number setting outside its range (the message of
 * `numberRange`, the rule the console's number fields use: 「满分应在 3 到 10 之间」) and an option
 * reading like an earlier one of the same question (「选项重复：满意」, as the contract says it).
 * The editor shows these at their fields and the form is not sent while there are any.
 */
export function questionProblems(
  t: TFunction,
  questions: readonly TSurveyQuestion[],
): Record<string, string> {
  const out: Record<string, string> = {};
  questions.forEach((q, i) => {
    for (const [field, range] of Object.entries(settingRanges(q)) as [NumberSetting, [number, number]][]) {
      const v = (q as Record<string, unknown>)[field];
      if (typeof v !== 'number') continue;
      const rule = numberRange(t, t(`surveyWork.q.${field}`), range[0], range[1]);
      if (!Number.isInteger(v) || v < rule.min || v > rule.max) out[`${i}.${field}`] = rule.message;
    }
    if (q.type === 'single' || q.type === 'multiple') {
      const seen = new Set<string>();
      q.options.forEach((o, j) => {
        const label = o.label.trim();
        if (label === '') return;
        if (seen.has(label)) out[`${i}.options.${j}.label`] = t('surveyWork.q.duplicate', { label });
        seen.add(label);
      });
    }
  });
  return out;
}
