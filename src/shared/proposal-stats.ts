import { z } from 'zod';
import { appealStates, referralModes, referralStates } from './appeals.ts';
import { ZIntId, ZOrgRef } from './common.ts';
import { proposalCategories, proposalStates } from './proposals.ts';

/**
 * 云履职统计 (issue #8): proposals and suggestions of the representatives, workers' appeals (职工事大家议)
 * and referrals to the governance platform of a union's subtree (or of one congress), over a period of
 * Beijing calendar days: counts by category, state and handling unit, 办结率, 按期答复率, satisfaction,
 * referrals, per congress term and per month. Computed live; the definitions below are shown on the
 * dashboard and written into the export.
 */

export const ZProposalStatsQuery = z.object({
  /** Root of the counted subtree (default the caller's org); must be within the caller's subtree. */
  orgId: ZIntId.optional(),
  /** One congress only (its union becomes the root). */
  congressId: ZIntId.optional(),
  /** Beijing days, inclusive; default the twelve calendar months up to today. */
  from: z.iso.date('日期格式不正确').optional(),
  to: z.iso.date('日期格式不正确').optional(),
});
export type TProposalStatsQuery = z.infer<typeof ZProposalStatsQuery>;

/** The longest period counted (a whole five-year term and a little more). */
export const PROPOSAL_STATS_MAX_DAYS = 1830;

export const PROPOSAL_STATS_DEFINITIONS = {
  scope: '统计范围：所选工会及其全部下级工会（选定会员代表大会时，为该届大会的提案建议和该工会收到的诉求）',
  period: '统计期：按北京时间自然日，含首尾两天；提案建议按提交日计，职工诉求按发布日计，转办按转办日计',
  submitted:
    '提案、建议数：统计期内提交的提案和建议（草稿、征集附议中未提交的不计）；按最终类别计，附议不足转为建议的计入建议',
  closed: '已办结：其中已办结（评价或逾期未评价办结）的件数',
  closureRate:
    '办结率 = 已办结 ÷（提交件数 − 已撤回）；诉求为 已办结 ÷（发布件数 − 已撤回 − 已合并 − 转提案）',
  onTimeRate:
    '按期答复率 = 最后一次答复在办理期限内的件数 ÷ 已答复件数（提案建议）；转办为平台在期限内答复的件数 ÷ 平台已答复件数',
  satisfaction:
    '满意率 =（满意 + 基本满意）÷ 已评价件数；已评价件数为已办结且提出人（诉求为发布人）作出评价的，不满意重办后以最后一次评价为准，逾期未评价办结的不计',
  overdue: '逾期未办：当前步骤已过期限且尚未完成的件数（按当前时间计）',
  byOrg:
    '承办单位：提案建议按主办单位、诉求按承办单位计交办件数、已答复、已办结、按期答复和当前逾期件数；协办单位不重复计',
  referrals: '转治理平台：统计期内转办的诉求，按对接方式和平台办理状态计',
  byCongress:
    '按届次：统计期内各届会员代表大会的代表人数（在任）、提出过提案建议的代表人数、提案建议件数和办结率',
  monthly: '月度趋势：每月提交的提案、建议，发布的诉求，以及当月办结的件数（按办结日）',
} as const;

/** Short titles of the definitions (the first column of the export's 口径说明 sheet). */
export const PROPOSAL_STATS_DEFINITION_TITLES: Record<keyof typeof PROPOSAL_STATS_DEFINITIONS, string> = {
  scope: '统计范围',
  period: '统计期',
  submitted: '提案、建议数',
  closed: '已办结',
  closureRate: '办结率',
  onTimeRate: '按期答复率',
  satisfaction: '满意率',
  overdue: '逾期未办',
  byOrg: '承办单位',
  referrals: '转治理平台',
  byCongress: '按届次',
  monthly: '月度趋势',
};

const ZRate = z.number().nullable();
const ZSatisfactionCounts = z.object({
  satisfied: z.number().int(),
  basically: z.number().int(),
  unsatisfied: z.number().int(),
  /** (satisfied + basically) / rated, 0–1; null when nothing was rated. */
  rate: ZRate,
});

export const ZProposalStats = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  org: ZOrgRef,
  congress: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  totals: z.object({
    proposals: z.number().int(),
    suggestions: z.number().int(),
    /** Of both kinds: closed / (submitted − withdrawn). */
    closed: z.number().int(),
    closureRate: ZRate,
    replied: z.number().int(),
    repliedOnTime: z.number().int(),
    onTimeRate: ZRate,
    overdue: z.number().int(),
    reopened: z.number().int(),
    appeals: z.number().int(),
    appealsClosed: z.number().int(),
    appealClosureRate: ZRate,
    appealsOverdue: z.number().int(),
    appealSupports: z.number().int(),
    referrals: z.number().int(),
    referralsAnswered: z.number().int(),
    referralOnTimeRate: ZRate,
  }),
  satisfaction: z.object({ proposals: ZSatisfactionCounts, appeals: ZSatisfactionCounts }),
  byCategory: z.array(
    z.object({
      category: z.enum(proposalCategories),
      proposals: z.number().int(),
      suggestions: z.number().int(),
      appeals: z.number().int(),
    }),
  ),
  /** Submitted proposals and suggestions by state (draft and cosigning never appear). */
  byState: z.array(
    z.object({
      state: z.enum(proposalStates),
      proposals: z.number().int(),
      suggestions: z.number().int(),
    }),
  ),
  appealsByState: z.array(z.object({ state: z.enum(appealStates), count: z.number().int() })),
  byOrg: z.array(
    z.object({
      org: ZOrgRef,
      proposals: z.number().int(),
      appeals: z.number().int(),
      replied: z.number().int(),
      repliedOnTime: z.number().int(),
      closed: z.number().int(),
      overdue: z.number().int(),
    }),
  ),
  referrals: z.object({
    byMode: z.array(z.object({ mode: z.enum(referralModes), count: z.number().int() })),
    byState: z.array(z.object({ state: z.enum(referralStates), count: z.number().int() })),
  }),
  byCongress: z.array(
    z.object({
      congress: z.object({ id: z.number().int(), name: z.string() }),
      org: ZOrgRef,
      termNo: z.number().int(),
      termStart: z.iso.date(),
      termEnd: z.iso.date(),
      representatives: z.number().int(),
      activeProposers: z.number().int(),
      proposals: z.number().int(),
      suggestions: z.number().int(),
      closed: z.number().int(),
      closureRate: ZRate,
    }),
  ),
  monthly: z.array(
    z.object({
      /** YYYY-MM (Beijing). */
      month: z.string(),
      proposals: z.number().int(),
      suggestions: z.number().int(),
      appeals: z.number().int(),
      closed: z.number().int(),
      appealsClosed: z.number().int(),
    }),
  ),
});
export type TProposalStats = z.infer<typeof ZProposalStats>;
