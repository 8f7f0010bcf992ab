import { z } from 'zod';
import { ZOrgRef } from './common.ts';
import {
  archiveStates,
  assistanceTypes,
  hardshipCategories,
  hardshipCategoryLabels,
  hardshipCauses,
} from './hardship.ts';

/**
 * 帮扶统计 dashboard (issue #4 point 10): the query and the figures the console charts and the
 * Excel export share. Stocks (archives by state, category, cause; reviews due) are as of `asOf`;
 * flows (filings, exits, re-entries, assistance) are counted within the chosen months, in Beijing time.
 */

const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

/** Longest period one request may cover. */
export const STATS_MAX_MONTHS = 60;

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

export const ZHardshipStatsQuery = z
  .object({
    /** Root of the subtree to count (the caller's org when omitted). */
    orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    /** First month of the period (YYYY-MM); default 11 months before `to`. */
    from: ZMonth.optional(),
    /** Last month of the period (YYYY-MM, included); default the current month. */
    to: ZMonth.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to) {
      const span = monthIndex(q.to) - monthIndex(q.from) + 1;
      if (span < 1) ctx.addIssue({ code: 'custom', path: ['from'], message: '起始月份不能晚于结束月份' });
      else if (span > STATS_MAX_MONTHS) {
        ctx.addIssue({ code: 'custom', path: ['from'], message: `统计期最长 ${STATS_MAX_MONTHS} 个月` });
      }
    }
  });
export type THardshipStatsQuery = z.infer<typeof ZHardshipStatsQuery>;

/** Category breakdown of filed archives; `none` = filed without a confirmed category. */
export const statsCategoryKeys = [...hardshipCategories, 'none'] as const;
export type StatsCategoryKey = (typeof statsCategoryKeys)[number];

const ZCounts = <const K extends readonly [string, ...string[]]>(keys: K) =>
  z.record(z.enum(keys), z.number().int());

/** One org's (or the whole subtree's) archive stock. */
export const ZArchiveBreakdown = z.object({
  /** All archives, whatever their state. */
  total: z.number().int(),
  byState: ZCounts(archiveStates),
  /** 在档 archives only. */
  byCategory: ZCounts(statsCategoryKeys),
  /** 在档 archives only, by main cause. */
  byMainCause: ZCounts(hardshipCauses),
  /** 在档 archives whose yearly review date has passed. */
  overdueReviews: z.number().int(),
});
export type TArchiveBreakdown = z.infer<typeof ZArchiveBreakdown>;

export const ZChildBreakdown = ZArchiveBreakdown.extend({
  org: ZOrgRef,
  /** True for the root org's own archives (本级), which belong to no child. */
  self: z.boolean(),
  /** The org has sub-organisations (drilling into it shows them). */
  hasChildren: z.boolean(),
});
export type TChildBreakdown = z.infer<typeof ZChildBreakdown>;

export const ZRate = z.object({
  /** numerator ÷ denominator, 0…1; null when the denominator is 0. */
  value: z.number().nullable(),
  numerator: z.number().int(),
  denominator: z.number().int(),
  /** How it is computed, in Chinese, for the tooltip and the export. */
  definition: z.string(),
});
export type TRate = z.infer<typeof ZRate>;

export const ZFlowMonth = z.object({
  month: z.string(),
  /** 受理: applications accepted. */
  accepted: z.number().int(),
  /** 新建档: approvals (审批建档), a re-filed archive counting again. */
  filed: z.number().int(),
  /** 脱困解档 */
  exited: z.number().int(),
  /** 返困 */
  reentered: z.number().int(),
});
export type TFlowMonth = z.infer<typeof ZFlowMonth>;

export const ZAssistanceTypeFigure = z.object({
  type: z.enum(assistanceTypes),
  count: z.number().int(),
  /** Cash total in fen. */
  amountFen: z.number().int(),
});

export const ZAssistanceMonth = z.object({
  month: z.string(),
  count: z.number().int(),
  amountFen: z.number().int(),
  /** Cash in fen per assistance type (every type present, 0 when none). */
  amountFenByType: ZCounts(assistanceTypes),
});
export type TAssistanceMonth = z.infer<typeof ZAssistanceMonth>;

export const ZHardshipStats = z.object({
  /** The subtree counted, and the way up to the caller's own org (for the breadcrumb). */
  org: ZOrgRef,
  path: z.array(ZOrgRef),
  period: z.object({ from: z.string(), to: z.string(), months: z.array(z.string()) }),
  /**
   * When the figures were summed (ISO instant): the dashboard reads rollups refreshed by a job every
   * 10 minutes (or by an admin's 刷新), so they may be minutes old.
   */
  asOf: z.string(),
  totals: ZArchiveBreakdown,
  /** The root's own archives (本级, when any) and each direct child org's subtree, largest first. */
  children: z.array(ZChildBreakdown),
  flows: z.object({
    totals: ZFlowMonth.omit({ month: true }),
    byMonth: z.array(ZFlowMonth),
  }),
  assistance: z.object({
    total: z.object({ count: z.number().int(), amountFen: z.number().int() }),
    /** Every type, in the canonical order. */
    byType: z.array(ZAssistanceTypeFigure),
    byMonth: z.array(ZAssistanceMonth),
  }),
  rates: z.object({ coverage: ZRate, exitRate: ZRate, reentryRate: ZRate }),
  reviews: z.object({
    /** 在档 archives whose yearly review is overdue (review date before today). */
    overdue: z.number().int(),
    /** … due from today to 30 days ahead. */
    within30: z.number().int(),
  }),
});
export type THardshipStats = z.infer<typeof ZHardshipStats>;

export const statsCategoryLabels: Record<StatsCategoryKey, string> = {
  ...hardshipCategoryLabels,
  none: '未确认类别',
};

/** The months from `from` to `to` inclusive, as YYYY-MM. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i += 1) {
    out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** The month `n` months after `month` (negative: before). */
export function addMonths(month: string, n: number): string {
  const i = monthIndex(month) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** POST /stats/refresh: the rollups were recomputed now. */
export const ZHardshipStatsRefresh = z.object({
  orgId: z.number().int().positive().max(2_147_483_647).optional(),
});
export type THardshipStatsRefresh = z.infer<typeof ZHardshipStatsRefresh>;

export const ZHardshipStatsRefreshed = z.object({
  /** The new `asOf` (ISO instant). */
  asOf: z.string(),
  /** How long the recomputation took. */
  ms: z.number().int(),
});
export type THardshipStatsRefreshed = z.infer<typeof ZHardshipStatsRefreshed>;
