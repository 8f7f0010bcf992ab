/**
 * Client-side helpers of the 问卷评价 console pages (issue #9): API paths, query keys, enum labels,
 * percentage formatting, automatic question/option ids and the questionnaire templates (one per purpose). Types come
 * from the shared contract `shared/surveys.ts`.
 */
import { useTranslation } from 'react-i18next';
import {
  questionTypeLabels,
  type SurveyPurpose,
  type SurveyState,
  type SurveyStatus,
  surveyPurposeLabels,
  surveyStateLabels,
  surveyStatusLabels,
  type TSurvey,
  type TSurveyQuestion,
  type TSurveyResults,
} from '../../../../shared/surveys.ts';
import { registerSurveyWorkStrings, surveyEnumEn } from './surveys.i18n.ts';

import { satisfactionOptions } from './templates.ts';

export type { SurveyPurpose, SurveyState, SurveyStatus, TSurvey, TSurveyQuestion, TSurveyResults };
export type QuestionType = TSurveyQuestion['type'];

registerSurveyWorkStrings();

export const SURVEYS = '/api/v1/surveys';
export const surveysKey = ['surveys'] as const;
export const surveyListKey = [...surveysKey, 'list'] as const;
export const surveyKey = (id: number) => [...surveysKey, 'one', id] as const;
export const surveyResultsKey = (id: number, orgId?: number) =>
  [...surveysKey, 'results', id, orgId ?? null] as const;

export const purposeColor: Record<SurveyPurpose, string> = {
  union: 'red',
  representatives: 'blue',
  union_rates_reps: 'purple',
};
/** The tag of a survey's status (its state read with the window): 未开始 is not 进行中. */
export const statusColor: Record<SurveyStatus, string> = {
  draft: 'default',
  upcoming: 'gold',
  open: 'green',
  closed: 'blue',
};

type Kind = 'purpose' | 'state' | 'status' | 'type';
const zh: Record<Kind, Record<string, string>> = {
  purpose: surveyPurposeLabels,
  state: surveyStateLabels,
  status: surveyStatusLabels,
  type: questionTypeLabels,
};
const en: Record<Kind, Record<string, string>> = surveyEnumEn;

/** Enum labels in the current language (Chinese from the contract). */
export function useSurveyLabels() {
  const { i18n } = useTranslation();
  return (kind: Kind, value: string): string =>
    (i18n.language.startsWith('en') ? en : zh)[kind][value] ?? value;
}

/** 0.9852 → "98.52%"; null → "—". */
export const pct = (v: number | null | undefined): string =>
  v == null ? '—' : `${(Math.round(v * 10000) / 100).toFixed(2).replace(/\.?0+$/, '')}%`;

/** The next free id like q7 / o3 (the contract allows [a-z0-9_]{1,16}). */
export function nextId(prefix: 'q' | 'o', taken: readonly { id: string }[]): string {
  let n = taken.length + 1;
  const ids = new Set(taken.map((x) => x.id));
  while (ids.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

/** A fresh question of a type, with sensible defaults. */
export function blankQuestion(type: QuestionType, taken: readonly { id: string }[]): TSurveyQuestion {
  const id = nextId('q', taken);
  const base = { id, title: '', required: true };
  switch (type) {
    case 'rating':
      return {
        ...base,
        type,
        scale: 5,
        lowLabel: '很不满意',
        highLabel: '非常满意',
        satisfiedFrom: 4,
        countsForSatisfaction: true,
      };
    case 'single':
      return {
        ...base,
        type,
        options: satisfactionOptions(),
        countsForSatisfaction: true,
      };
    case 'multiple':
      return {
        ...base,
        type,
        required: false,
        options: [
          { id: 'o1', label: '', satisfied: false },
          { id: 'o2', label: '', satisfied: false },
        ],
        maxChoices: null,
      };
    case 'text':
      return { ...base, type, required: false, maxLength: 300 };
  }
}

export { type NumberSetting, questionProblems, settingRanges } from './checks.ts';
export {
  orgRatesRepsTemplate,
  repTemplate,
  type SurveyTemplate,
  surveyTemplates,
  unionTemplate,
} from './templates.ts';
