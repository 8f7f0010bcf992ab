/**
 * Client-side helpers of the 问卷评价 console pages (issue #9): API paths, query keys, enum labels,
 * percentage formatting, automatic question/option ids and the two questionnaire templates. Types come
 * from the shared contract `shared/surveys.ts`.
 */
import { useTranslation } from 'react-i18next';
import {
  questionTypeLabels,
  type SurveyPurpose,
  type SurveyState,
  surveyPurposeLabels,
  surveyStateLabels,
  type TSurvey,
  type TSurveyQuestion,
  type TSurveyResults,
} from '../../../../shared/surveys.ts';
import { registerSurveyWorkStrings, surveyEnumEn } from './surveys.i18n.ts';

export type { SurveyPurpose, SurveyState, TSurvey, TSurveyQuestion, TSurveyResults };
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
export const stateColor: Record<SurveyState, string> = { draft: 'default', open: 'green', closed: 'blue' };

type Kind = 'purpose' | 'state' | 'type';
const zh: Record<Kind, Record<string, string>> = {
  purpose: surveyPurposeLabels,
  state: surveyStateLabels,
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

/** 非常满意 / 满意 / 基本满意 / 不满意 — the first three count as satisfied. */
const satisfactionOptions = () => [
  { id: 'o1', label: '非常满意', satisfied: true },
  { id: 'o2', label: '满意', satisfied: true },
  { id: 'o3', label: '基本满意', satisfied: true },
  { id: 'o4', label: '不满意', satisfied: false },
];

const rating = (id: string, title: string): TSurveyQuestion => ({
  id,
  title,
  type: 'rating',
  required: true,
  scale: 5,
  lowLabel: '很不满意',
  highLabel: '非常满意',
  satisfiedFrom: 4,
  countsForSatisfaction: true,
});

export interface SurveyTemplate {
  title: string;
  intro: string;
  questions: TSurveyQuestion[];
}

/** 会员评家: members rate their union home. */
export const unionTemplate = (): SurveyTemplate => ({
  title: '会员评家满意度测评',
  intro: '请您对本会一年来的工作作出评价，问卷匿名填写，约需 2 分钟。您的意见是我们改进工作的依据。',
  questions: [
    {
      id: 'q1',
      title: '您对本会工作的总体评价',
      type: 'single',
      required: true,
      options: satisfactionOptions(),
      countsForSatisfaction: true,
    },
    rating('q2', '维权服务（劳动争议调解、法律援助等）'),
    rating('q3', '困难帮扶（困难职工帮扶、送温暖等）'),
    rating('q4', '文体活动（文化体育、技能竞赛等）'),
    rating('q5', '职工之家建设（活动阵地、会员服务等）'),
    {
      id: 'q6',
      title: '您希望本会在哪些方面改进？',
      type: 'multiple',
      required: false,
      options: [
        { id: 'o1', label: '维权服务', satisfied: false },
        { id: 'o2', label: '困难帮扶', satisfied: false },
        { id: 'o3', label: '文体活动', satisfied: false },
        { id: 'o4', label: '职工之家建设', satisfied: false },
        { id: 'o5', label: '技能培训', satisfied: false },
        { id: 'o6', label: '信息公开', satisfied: false },
      ],
      maxChoices: 3,
    },
    { id: 'q7', title: '您对本会工作的意见和建议', type: 'text', required: false, maxLength: 300 },
  ],
});

/** 会员评议代表: members rate the representative(s) of their unit. */
export const repTemplate = (): SurveyTemplate => ({
  title: '会员评议代表',
  intro: '请您对本单位的会员代表一年来的履职情况作出评价，问卷匿名填写。评议结果计入代表履职评价。',
  questions: [
    {
      id: 'q1',
      title: '您对这位代表履职的总体评价',
      type: 'single',
      required: true,
      options: satisfactionOptions(),
      countsForSatisfaction: true,
    },
    rating('q2', '联系职工、倾听意见'),
    rating('q3', '反映职工诉求'),
    rating('q4', '提案建议的质量'),
    rating('q5', '参加会议和活动'),
    { id: 'q6', title: '您对这位代表的意见和建议', type: 'text', required: false, maxLength: 300 },
  ],
});
