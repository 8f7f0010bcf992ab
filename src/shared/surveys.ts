import { z } from 'zod';
import { pageOf, ZIntId, ZOrgRef, ZPageQuery, ZText } from './common.ts';
import { ZUserRef } from './proposals.ts';

/**
 * 双向评价 and 会员评家 (issue #9, seed 004): surveys a union builds and its members answer on the phone —
 * members rating their union home (会员评家), members rating their representatives (feeds the 会员评议
 * indicator of 履职评价), and the union rating its representatives. The roster of who may answer is
 * fixed when the survey is published (its invitations); each invitation is answered at most once.
 * Contracts shared by the server routes and the web. Times are ISO strings.
 */

const labelled = <const T extends readonly string[]>(values: T, labels: Record<T[number], string>) => ({
  values,
  labels,
});

/**
 * - `union` 会员评家: every member (worker or representative) of the union's subtree rates the union.
 * - `representatives` 会员评议代表: each member rates the representative(s) of their own unit in the
 *   congress (one invitation per member and representative); results feed 会员评议.
 * - `union_rates_reps` 组织评价代表: the union's cadres rate every representative of the congress.
 */
export const { values: surveyPurposes, labels: surveyPurposeLabels } = labelled(
  ['union', 'representatives', 'union_rates_reps'] as const,
  { union: '会员评家（会员评价工会）', representatives: '会员评议代表', union_rates_reps: '工会评价代表' },
);
export type SurveyPurpose = (typeof surveyPurposes)[number];

export const { values: surveyStates, labels: surveyStateLabels } = labelled(
  ['draft', 'open', 'closed'] as const,
  {
    draft: '草稿',
    open: '进行中',
    closed: '已结束',
  },
);
export type SurveyState = (typeof surveyStates)[number];

/**
 * What a survey is, as shown to people: its state read together with its answering window. A published
 * survey is 未开始 before `opensAt`, 进行中 until `closesAt` and 已结束 after it (also while the job
 * `close-surveys` has not closed it yet) — the same rule that decides whether it can be answered.
 */
export const { values: surveyStatuses, labels: surveyStatusLabels } = labelled(
  ['draft', 'upcoming', 'open', 'closed'] as const,
  { draft: '草稿', upcoming: '未开始', open: '进行中', closed: '已结束' },
);
export type SurveyStatus = (typeof surveyStatuses)[number];

const timeOf = (v: Date | string) => (typeof v === 'string' ? Date.parse(v) : v.getTime());

/** The one place the status is derived: state + window + now (see `surveyStatuses`). */
export function surveyStatusOf(
  s: { state: SurveyState | string; opensAt: Date | string; closesAt: Date | string },
  now: Date = new Date(),
): SurveyStatus {
  if (s.state === 'draft') return 'draft';
  if (s.state !== 'open') return 'closed';
  const at = now.getTime();
  if (at > timeOf(s.closesAt)) return 'closed';
  if (at < timeOf(s.opensAt)) return 'upcoming';
  return 'open';
}

export const { values: questionTypes, labels: questionTypeLabels } = labelled(
  ['rating', 'single', 'multiple', 'text'] as const,
  { rating: '评分', single: '单选', multiple: '多选', text: '文字' },
);

const ZQuestionId = z
  .string()
  .trim()
  .regex(/^[a-z0-9_]{1,16}$/, '题目编号只能用小写字母、数字和下划线');
const ZOption = z.object({
  id: ZQuestionId,
  label: ZText(40).min(1, '请填写选项'),
  /** A single-choice option that counts as satisfied (e.g. 非常满意, 满意). */
  satisfied: z.boolean().default(false),
});
/** A whole number of a question's setting, refused in words: 「满分应在 3 到 10 之间」. */
const ZWhole = (field: string, min: number, max: number) => {
  const message = `${field}应在 ${min} 到 ${max} 之间`;
  return z.number(`${field}须为数字`).int(`${field}须为整数`).min(min, message).max(max, message);
};
const questionBase = {
  id: ZQuestionId,
  title: ZText(100).min(2, '请填写题目'),
  required: z.boolean().default(true),
};

export const ZSurveyQuestion = z.discriminatedUnion('type', [
  z.object({
    ...questionBase,
    type: z.literal('rating'),
    /** 1 … scale stars/points. */
    scale: ZWhole('满分', 3, 10).default(5),
    lowLabel: ZText(10).default('很不满意'),
    highLabel: ZText(10).default('非常满意'),
    /** A rating ≥ this counts as satisfied. */
    satisfiedFrom: ZWhole('满意起评分', 1, 10).default(4),
    countsForSatisfaction: z.boolean().default(true),
  }),
  z.object({
    ...questionBase,
    type: z.literal('single'),
    options: z.array(ZOption).min(2, '至少两个选项').max(10),
    countsForSatisfaction: z.boolean().default(false),
  }),
  z.object({
    ...questionBase,
    type: z.literal('multiple'),
    options: z.array(ZOption).min(2, '至少两个选项').max(15),
    maxChoices: ZWhole('最多可选项数', 1, 15).nullable().default(null),
  }),
  z.object({
    ...questionBase,
    type: z.literal('text'),
    maxLength: ZWhole('最多字数', 10, 1000).default(300),
  }),
]);
export type TSurveyQuestion = z.infer<typeof ZSurveyQuestion>;

export const ZSurveyQuestions = z
  .array(ZSurveyQuestion)
  .min(1, '至少一道题')
  .max(50)
  .superRefine((qs, ctx) => {
    const ids = new Set<string>();
    qs.forEach((q, i) => {
      if (ids.has(q.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `题目编号重复：${q.id}` });
      ids.add(q.id);
      if (q.type === 'rating' && q.satisfiedFrom > q.scale)
        ctx.addIssue({ code: 'custom', path: [i, 'satisfiedFrom'], message: '满意起评分不能大于满分' });
      if (q.type === 'single' || q.type === 'multiple') {
        const oids = new Set(q.options.map((o) => o.id));
        if (oids.size !== q.options.length)
          ctx.addIssue({ code: 'custom', path: [i, 'options'], message: '选项编号重复' });
        // Two options reading the same (two 满意) cannot be told apart by whoever answers.
        const seen = new Set<string>();
        q.options.forEach((o, j) => {
          if (o.label === '') return;
          if (seen.has(o.label))
            ctx.addIssue({
              code: 'custom',
              path: [i, 'options', j, 'label'],
              message: `选项重复：${o.label}`,
            });
          seen.add(o.label);
        });
      }
      if (q.type === 'single' && q.countsForSatisfaction && !q.options.some((o) => o.satisfied))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'options'],
          message: '计入满意度的单选题至少要有一个“满意”选项',
        });
    });
  });

export const ZSurveyInput = z
  .object({
    orgId: z.number().int().positive('请选择发起工会'),
    title: ZText(60).min(2, '请填写问卷标题'),
    intro: ZText(500).nullish(),
    purpose: z.enum(surveyPurposes, '请选择评价类型'),
    /** Required for the two representative purposes (the congress whose representatives are rated). */
    congressId: z.number().int().positive().nullish(),
    anonymous: z.boolean().default(true),
    opensAt: z.iso.datetime({ offset: true, message: '时间格式不正确' }),
    closesAt: z.iso.datetime({ offset: true, message: '时间格式不正确' }),
    questions: ZSurveyQuestions,
  })
  .refine((s) => Date.parse(s.opensAt) < Date.parse(s.closesAt), {
    path: ['closesAt'],
    message: '截止时间应晚于开始时间',
  })
  .refine((s) => s.purpose === 'union' || s.congressId != null, {
    path: ['congressId'],
    message: '评价代表的问卷须选择会员代表大会',
  });
export type TSurveyInput = z.infer<typeof ZSurveyInput>;

/** How satisfaction is counted, shown beside the figure. */
export const satisfactionDefinition =
  '满意度 = 满意答案数 ÷ 计入满意度的题目的答案总数。评分题：分值不低于该题“满意起评分”为满意；单选题：选中标为“满意”的选项为满意。';
export const measurementRateDefinition =
  '测评率 = 已作答人次 ÷ 应测评人次。应测评名单在问卷发布时按评价类型生成（评价代表的问卷按“会员 × 所评代表”计人次）。';

export const ZSurvey = z.object({
  id: z.number().int(),
  org: ZOrgRef,
  title: z.string(),
  intro: z.string().nullable(),
  purpose: z.enum(surveyPurposes),
  congress: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  anonymous: z.boolean(),
  state: z.enum(surveyStates),
  /** The state read with the window (`surveyStatusOf`): what the list and the header show. */
  status: z.enum(surveyStatuses),
  opensAt: z.iso.datetime(),
  closesAt: z.iso.datetime(),
  questions: z.array(ZSurveyQuestion),
  /** Invitations (应测评人次); 0 while a draft. */
  eligible: z.number().int(),
  responses: z.number().int(),
  /** responses ÷ eligible, 4 decimals (0.9852), null while nobody is eligible. */
  measurementRate: z.number().nullable(),
  /** satisfied ÷ counted answers, 4 decimals, null without counted answers. */
  satisfaction: z.number().nullable(),
  createdBy: ZUserRef.nullable(),
  publishedAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
  /** Answer link path (`/m/surveys/<id>`), for the QR code. */
  answerPath: z.string(),
});
export type TSurvey = z.infer<typeof ZSurvey>;

export const ZListSurveysQuery = ZPageQuery.extend({
  state: z.enum(surveyStates).optional(),
  /** By what is shown (未开始 / 进行中 / 已结束 read with the window, `surveyStatusOf`). */
  status: z.enum(surveyStatuses).optional(),
  purpose: z.enum(surveyPurposes).optional(),
  orgId: ZIntId.optional(),
  congressId: ZIntId.optional(),
  q: z.string().trim().max(30).optional(),
});
export const ZSurveyPage = pageOf(ZSurvey);

/** What one person is asked to answer: the survey, and for a representative survey whom they rate. */
export const ZSurveyForMe = z.object({
  survey: ZSurvey,
  /** One entry per invitation: subject null for 会员评家. */
  invitations: z.array(
    z.object({
      subject: z
        .object({
          representativeId: z.number().int(),
          name: z.string(),
          org: z.string(),
          delegation: z.string(),
        })
        .nullable(),
      answered: z.boolean(),
    }),
  ),
  /** Why the person cannot answer (not on the roster, closed, not yet open), else null. */
  blockedReason: z.string().nullable(),
});
export type TSurveyForMe = z.infer<typeof ZSurveyForMe>;

/** The answers: question id → rating number, option id, option ids, or text. */
export const ZAnswerValue = z.union([
  z.number().int(),
  z.string().max(1000),
  z.array(z.string().max(16)).max(15),
]);
export const ZSurveyAnswerInput = z.object({
  /** The representative rated (representative surveys), else omitted. */
  subjectRepresentativeId: z.number().int().positive().nullish(),
  answers: z.record(z.string(), ZAnswerValue),
});
export type TSurveyAnswerInput = z.infer<typeof ZSurveyAnswerInput>;
export const ZSurveyAnswerResult = z.object({ ok: z.literal(true), remaining: z.number().int() });

/** The surveys a member is invited to (H5 list). */
export const ZMySurveys = z.array(
  z.object({
    id: z.number().int(),
    title: z.string(),
    org: z.string(),
    purpose: z.enum(surveyPurposes),
    state: z.enum(surveyStates),
    /** `surveyStatusOf`: 未开始 ones are listed with their opening time, not 去填写. */
    status: z.enum(surveyStatuses),
    opensAt: z.iso.datetime(),
    closesAt: z.iso.datetime(),
    invitations: z.number().int(),
    answered: z.number().int(),
  }),
);

// ---------------------------------------------------------------- results

export const ZQuestionResult = z.object({
  id: z.string(),
  title: z.string(),
  type: z.enum(questionTypes),
  answers: z.number().int(),
  /** Rating: count per score 1…scale; choice: count per option (labels in order). */
  distribution: z.array(
    z.object({ key: z.string(), label: z.string(), count: z.number().int(), satisfied: z.boolean() }),
  ),
  /** Rating: mean, 2 decimals. */
  average: z.number().nullable(),
  satisfaction: z.number().nullable(),
  /** Text: the latest answers (at most 50), without who wrote them. */
  texts: z.array(z.string()),
});
export const ZOrgResult = z.object({
  org: ZOrgRef,
  eligible: z.number().int(),
  responses: z.number().int(),
  measurementRate: z.number().nullable(),
  satisfaction: z.number().nullable(),
});
export const ZSubjectResult = z.object({
  representative: z.object({ id: z.number().int(), name: z.string(), delegation: z.string() }),
  eligible: z.number().int(),
  responses: z.number().int(),
  satisfaction: z.number().nullable(),
  average: z.number().nullable(),
});
export const ZSurveyResults = z.object({
  survey: ZSurvey,
  satisfiedAnswers: z.number().int(),
  countedAnswers: z.number().int(),
  satisfactionDefinition: z.string(),
  measurementRateDefinition: z.string(),
  questions: z.array(ZQuestionResult),
  /** Per org one level below the survey's org (drill down with `orgId`). */
  orgs: z.array(ZOrgResult),
  /** Representative surveys: per representative rated. */
  subjects: z.array(ZSubjectResult),
  /** Responses per day since opening. */
  daily: z.array(z.object({ day: z.iso.date(), responses: z.number().int() })),
});
export type TSurveyResults = z.infer<typeof ZSurveyResults>;
export const ZSurveyResultsQuery = z.object({ orgId: ZIntId.optional() });
