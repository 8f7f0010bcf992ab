import { asc, inArray, type SQL, sql } from 'drizzle-orm';
import { addMonths, monthsBetween } from '../../../shared/hardship-stats.ts';
import {
  type TWishFlowFigures,
  type TWishMedian,
  type TWishStats,
  type TWishStatsCategory,
  type TWishStatsChild,
  type TWishStatsMonth,
  type TWishStatsQuery,
  WISH_STATS_DEFINITIONS,
  type WishCategory,
  type WishState,
  wishCategories,
  wishCategoryLabels,
  wishStateLabels,
  wishStates,
} from '../../../shared/wishes.ts';
import { sqlRows } from '../../db/client.ts';
import { authorize, grant, inSubtree } from '../../platform/access/access.ts';
import { recordAudit, registerAuditLabels } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { type Sheet, writeSheets } from '../../platform/excel/excel.ts';
import { breakdownChildOrgs, findOrg } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';

/** Viewing the 微心愿 dashboard of one's subtree (and exporting it). */
export const WISH_STATS_ACTION = 'wishes.stats';
grant('cadre', [WISH_STATS_ACTION]);
grant('reviewer', [WISH_STATS_ACTION]);
grant('admin', [WISH_STATS_ACTION]);
grant('auditor', [WISH_STATS_ACTION]);
registerAuditLabels({ 'wishes.stats.export': '导出微心愿统计' });

/** Beijing time: the month the default period ends with. */
const currentMonthCst = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
/** The first instant of a Beijing-time month. */
const monthStart = (month: string) => new Date(`${month}-01T00:00:00+08:00`);
/** A timestamp column as its Beijing-time month, YYYY-MM. */
const monthOf = (column: SQL) => sql`to_char(${column} at time zone 'Asia/Shanghai', 'YYYY-MM')`;

const zeroFigures = (): TWishFlowFigures => ({
  posted: 0,
  published: 0,
  claimed: 0,
  claimedAtEvents: 0,
  fulfilled: 0,
  fulfilledValueFen: 0,
  released: 0,
  expired: 0,
  donors: 0,
  enterprises: 0,
});

/** The root org of the counted subtree: the caller's own, or one inside it (else 404). */
async function resolveRoot(ctx: Ctx, orgId: number | undefined) {
  const m = authorize(ctx, WISH_STATS_ACTION);
  const root = await findOrg(ctx.db, orgId ?? m.orgId);
  if (!root) throw notFound('组织不存在或无权查看');
  authorize(ctx, WISH_STATS_ACTION, { orgPath: root.path });
  return { m, root };
}

interface WishFlowRow {
  seg: number;
  month: string;
  category: string;
  posted: number;
  published: number;
  fulfilled: number;
  fen: string | number;
}
interface ClaimFlowRow {
  seg: number;
  month: string;
  claimed: number;
  at_events: number;
  released: number;
  expired: number;
}
interface DonorRow {
  by_month: number;
  by_seg: number;
  seg: number | null;
  month: string | null;
  donors: number;
  enterprises: number;
}
interface StockRow {
  seg: number;
  category: string;
  state: string;
  n: number;
}

/**
 * 微心愿统计: the figures of the caller's subtree (or a part of it) for a period of whole months,
 * computed live from `wishes`, `wish_claims` and `wish_activities` (thousands of rows: no rollups).
 * Every query starts from the subtree's wishes by org_path prefix (wishes_path_state_idx) and
 * reaches claims by wish id (wish_claims_wish_idx). Per-child figures are keyed by the path
 * segment under the root (0 = the root's own wishes, 本级).
 */
export async function getWishStats(ctx: Ctx, q: TWishStatsQuery): Promise<TWishStats> {
  const { m, root } = await resolveRoot(ctx, q.orgId);
  const to = q.to ?? (q.from ? addMonths(q.from, 11) : currentMonthCst());
  const from = q.from ?? addMonths(to, -11);
  const months = monthsBetween(from, to);
  const start = monthStart(from);
  const end = monthStart(addMonths(to, 1));
  const inPeriod = (column: SQL) => sql`(${column} >= ${start} and ${column} < ${end})`;
  const seg = sql`case when w.org_path = ${root.path} then 0
    else split_part(substr(w.org_path, ${root.path.length + 2}), '.', 1)::int end`;
  const subtreeWishes = sql`select w.id, ${seg} as seg, w.category, w.value_fen, w.state,
      w.created_at, w.published_at, w.fulfilled_at
    from wishes w where ${inSubtree(sql`w.org_path`, root.path)}`;

  const { wishRows, claimRows, donorRows, stockRows, medianRows, activities, childOrgs } =
    await ctx.deps.database.db.transaction(
      async (tx) => {
        const wishRows = await sqlRows<WishFlowRow>(
          tx,
          sql`with w as (${subtreeWishes})
            select seg, month, category, sum(posted)::int as posted, sum(published)::int as published,
              sum(fulfilled)::int as fulfilled, sum(fen)::bigint as fen
            from (
              select seg, ${monthOf(sql`created_at`)} as month, category, 1 as posted, 0 as published,
                0 as fulfilled, 0 as fen
              from w where ${inPeriod(sql`created_at`)}
              union all
              select seg, ${monthOf(sql`published_at`)}, category, 0, 1, 0, 0
              from w where ${inPeriod(sql`published_at`)}
              union all
              select seg, ${monthOf(sql`fulfilled_at`)}, category, 0, 0, 1, value_fen
              from w where ${inPeriod(sql`fulfilled_at`)}
            ) x
            group by 1, 2, 3`,
        );
        const claimRows = await sqlRows<ClaimFlowRow>(
          tx,
          sql`with w as (${subtreeWishes})
            select seg, month, sum(claimed)::int as claimed, sum(at_events)::int as at_events,
              sum(released)::int as released, sum(expired)::int as expired
            from (
              select w.seg, ${monthOf(sql`c.claimed_at`)} as month, 1 as claimed,
                (c.activity_id is not null)::int as at_events, 0 as released, 0 as expired
              from w join wish_claims c on c.wish_id = w.id
              where ${inPeriod(sql`c.claimed_at`)}
              union all
              select w.seg, ${monthOf(sql`c.released_at`)}, 0, 0,
                (c.state = 'released')::int, (c.state = 'expired')::int
              from w join wish_claims c on c.wish_id = w.id
              where c.state in ('released', 'expired') and ${inPeriod(sql`c.released_at`)}
            ) x
            group by 1, 2`,
        );
        // Distinct claimers cannot be summed across months or orgs: one grouping set each.
        const donorRows = await sqlRows<DonorRow>(
          tx,
          sql`with w as (${subtreeWishes})
            select grouping(month)::int as by_month, grouping(seg)::int as by_seg, seg, month,
              count(distinct donor)::int as donors,
              count(distinct donor) filter (where kind = 'enterprise')::int as enterprises
            from (
              select w.seg, ${monthOf(sql`c.claimed_at`)} as month, c.donor_kind as kind,
                case when c.donor_user_id is not null then 'u' || c.donor_user_id
                  else 'n' || c.donor_kind || ':' || c.donor_name end as donor
              from w join wish_claims c on c.wish_id = w.id
              where ${inPeriod(sql`c.claimed_at`)}
            ) x
            group by grouping sets ((), (month), (seg))`,
        );
        const stockRows = await sqlRows<StockRow>(
          tx,
          sql`with w as (${subtreeWishes})
            select seg, category, state, count(*)::int as n from w group by 1, 2, 3`,
        );
        // Days as fractions (hours count); a claim cannot precede publication, but rows edited by
        // hand could: never a negative duration.
        const medianRows = await sqlRows<{ which: string; n: number; days: number | null }>(
          tx,
          sql`with w as (${subtreeWishes}),
            first_claims as (
              select w.published_at, fc.at
              from w cross join lateral (
                select min(c.claimed_at) as at from wish_claims c where c.wish_id = w.id
              ) fc
              where w.published_at is not null and fc.at is not null
            )
            select 'claim' as which, count(*)::int as n,
              percentile_cont(0.5) within group (
                order by greatest(0, extract(epoch from at - published_at) / 86400)
              ) as days
            from first_claims where ${inPeriod(sql`at`)}
            union all
            select 'fulfil', count(*)::int,
              percentile_cont(0.5) within group (
                order by greatest(0, extract(epoch from fulfilled_at - published_at) / 86400)
              )
            from w where published_at is not null and ${inPeriod(sql`fulfilled_at`)}`,
        );
        const [activities] = await sqlRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from wish_activities a
            where ${inSubtree(sql`a.org_path`, root.path)}
              and a.held_on >= ${`${from}-01`}::date and a.held_on < ${`${addMonths(to, 1)}-01`}::date`,
        );
        const childOrgs = await breakdownChildOrgs(tx, root.id);
        return { wishRows, claimRows, donorRows, stockRows, medianRows, activities, childOrgs };
      },
      // One snapshot: the blocks agree with each other.
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );

  // ---- period flows: totals, per month, per child org, per category
  const totals = zeroFigures();
  const byMonth = new Map<string, TWishStatsMonth>(
    months.map((month) => [month, { month, ...zeroFigures() }]),
  );
  const bySeg = new Map<number, TWishFlowFigures & { waiting: number; inProgress: number }>();
  const segOf = (s: number) => {
    let f = bySeg.get(s);
    if (!f) {
      f = { ...zeroFigures(), waiting: 0, inProgress: 0 };
      bySeg.set(s, f);
    }
    return f;
  };
  const byCategory = new Map<WishCategory, TWishStatsCategory>(
    wishCategories.map((category) => [
      category,
      { category, posted: 0, fulfilled: 0, fulfilledValueFen: 0, waiting: 0 },
    ]),
  );
  const isCategory = (c: string): c is WishCategory => (wishCategories as readonly string[]).includes(c);
  type Flow = 'posted' | 'published' | 'fulfilled' | 'fulfilledValueFen' | 'claimed' | 'claimedAtEvents';
  const addFlow = (segId: number, month: string, key: Flow | 'released' | 'expired', n: number) => {
    if (n === 0) return;
    totals[key] += n;
    segOf(segId)[key] += n;
    const mm = byMonth.get(month);
    if (mm) mm[key] += n;
  };
  for (const r of wishRows) {
    const fen = Number(r.fen);
    addFlow(r.seg, r.month, 'posted', r.posted);
    addFlow(r.seg, r.month, 'published', r.published);
    addFlow(r.seg, r.month, 'fulfilled', r.fulfilled);
    addFlow(r.seg, r.month, 'fulfilledValueFen', fen);
    if (isCategory(r.category)) {
      const c = byCategory.get(r.category);
      if (c) {
        c.posted += r.posted;
        c.fulfilled += r.fulfilled;
        c.fulfilledValueFen += fen;
      }
    }
  }
  for (const r of claimRows) {
    addFlow(r.seg, r.month, 'claimed', r.claimed);
    addFlow(r.seg, r.month, 'claimedAtEvents', r.at_events);
    addFlow(r.seg, r.month, 'released', r.released);
    addFlow(r.seg, r.month, 'expired', r.expired);
  }
  for (const r of donorRows) {
    const target =
      r.by_month === 1 && r.by_seg === 1
        ? totals
        : r.by_seg === 1 && r.month !== null
          ? byMonth.get(r.month)
          : r.by_month === 1 && r.seg !== null
            ? segOf(r.seg)
            : undefined;
    if (target) {
      target.donors = r.donors;
      target.enterprises = r.enterprises;
    }
  }

  // ---- current stock
  const byState = Object.fromEntries(wishStates.map((st) => [st, 0])) as Record<WishState, number>;
  for (const r of stockRows) {
    if (!(wishStates as readonly string[]).includes(r.state)) continue;
    const st = r.state as WishState;
    byState[st] += r.n;
    const f = segOf(r.seg);
    if (st === 'published') f.waiting += r.n;
    if (st === 'claimed' || st === 'sent') f.inProgress += r.n;
    if (st === 'published' && isCategory(r.category)) {
      const c = byCategory.get(r.category);
      if (c) c.waiting += r.n;
    }
  }

  // ---- per child org (and 本级 when the root has wishes of its own)
  // Partner orgs and deactivated unions are listed only if wishes were posted under them.
  const children: TWishStatsChild[] = childOrgs
    .filter((o) => bySeg.has(o.id) || o.listedWhenEmpty)
    .map((o) => ({
      org: { id: o.id, name: o.name },
      self: false,
      hasChildren: o.hasChildren,
      ...(bySeg.get(o.id) ?? { ...zeroFigures(), waiting: 0, inProgress: 0 }),
    }));
  const own = bySeg.get(0);
  if (own && Object.values(own).some((v) => v > 0)) {
    children.unshift({ org: { id: root.id, name: root.name }, self: true, hasChildren: false, ...own });
  }
  children.sort(
    (a, b) =>
      b.fulfilled - a.fulfilled || b.posted - a.posted || b.waiting - a.waiting || a.org.id - b.org.id,
  );

  const median = (which: 'claim' | 'fulfil', definition: string): TWishMedian => {
    const r = medianRows.find((x) => x.which === which);
    const days = r?.days == null ? null : Math.round(Number(r.days) * 10) / 10;
    return { days, count: r?.n ?? 0, definition };
  };

  const pathOrgIds = pathIds(m.orgPath, root.path);
  const pathOrgs =
    pathOrgIds.length > 1
      ? await ctx.db
          .select({ id: orgs.id, name: orgs.name, depth: orgs.depth })
          .from(orgs)
          .where(inArray(orgs.id, pathOrgIds))
          .orderBy(asc(orgs.depth))
      : [{ id: root.id, name: root.name }];

  return {
    org: { id: root.id, name: root.name },
    path: pathOrgs.map((o) => ({ id: o.id, name: o.name })),
    period: { from, to, months },
    asOf: new Date().toISOString(),
    totals,
    byState,
    medians: {
      claimDays: median('claim', WISH_STATS_DEFINITIONS.claimDays),
      fulfilDays: median('fulfil', WISH_STATS_DEFINITIONS.fulfilDays),
    },
    byMonth: [...byMonth.values()],
    children,
    byCategory: [...byCategory.values()],
    events: { activities: activities?.n ?? 0, claims: totals.claimedAtEvents },
  };
}

/** Org ids from the caller's org down to the root (paths are dot-joined ids). */
function pathIds(callerPath: string, rootPath: string): number[] {
  const callerDepth = callerPath.split('.').length;
  return rootPath
    .split('.')
    .slice(callerDepth - 1)
    .map(Number);
}

const yuan = (fen: number) => Math.round(fen) / 100;
const days = (md: TWishMedian) => (md.days === null ? '—' : md.days);

const flowHeaders = [
  { header: '提交', width: 8 },
  { header: '发布', width: 8 },
  { header: '认领', width: 8 },
  { header: '其中活动认领', width: 12 },
  { header: '实现', width: 8 },
  { header: '实现价值（元）', width: 14 },
  { header: '主动放弃', width: 10 },
  { header: '逾期释放', width: 10 },
  { header: '爱心人士（企业）', width: 16 },
  { header: '其中爱心企业', width: 12 },
];
const flowCells = (f: TWishFlowFigures) => [
  f.posted,
  f.published,
  f.claimed,
  f.claimedAtEvents,
  f.fulfilled,
  yuan(f.fulfilledValueFen),
  f.released,
  f.expired,
  f.donors,
  f.enterprises,
];

/** The dashboard as a workbook, one sheet per block, Chinese headers; the export is audited. */
export async function exportWishStats(ctx: Ctx, q: TWishStatsQuery) {
  const s = await getWishStats(ctx, q);
  const d = WISH_STATS_DEFINITIONS;
  const sheets: Sheet[] = [
    {
      name: '概况',
      headers: [
        { header: '指标', width: 22 },
        { header: '数值', width: 16 },
        { header: '说明', width: 90 },
      ],
      rows: [
        ['统计范围', s.org.name, '本组织及全部下级组织'],
        ['统计期', `${s.period.from} 至 ${s.period.to}`, '按北京时间的自然月'],
        ['提交心愿', s.totals.posted, d.posted],
        ['发布心愿', s.totals.published, d.published],
        ['认领', s.totals.claimed, d.claimed],
        ['实现心愿', s.totals.fulfilled, d.fulfilled],
        ['实现价值（元）', yuan(s.totals.fulfilledValueFen), d.fulfilledValue],
        ['主动放弃', s.totals.released, d.released],
        ['逾期释放', s.totals.expired, d.expired],
        ['爱心人士（企业）', s.totals.donors, d.donors],
        ['其中爱心企业', s.totals.enterprises, d.donors],
        [
          '认领用时中位数（天）',
          days(s.medians.claimDays),
          `${d.claimDays}；共 ${s.medians.claimDays.count} 个心愿`,
        ],
        [
          '实现用时中位数（天）',
          days(s.medians.fulfilDays),
          `${d.fulfilDays}；共 ${s.medians.fulfilDays.count} 个心愿`,
        ],
        ['活动场次', s.events.activities, d.events],
        ['活动认领', s.events.claims, d.events],
        ...wishStates.map((st) => [`当前·${wishStateLabels[st]}`, s.byState[st], d.current]),
      ],
    },
    {
      name: '按月',
      headers: [{ header: '月份', width: 10 }, ...flowHeaders],
      rows: [...s.byMonth.map((mm) => [mm.month, ...flowCells(mm)]), ['合计', ...flowCells(s.totals)]],
    },
    {
      name: '按组织',
      headers: [
        { header: '组织', width: 28 },
        ...flowHeaders,
        { header: '当前待认领', width: 12 },
        { header: '当前认领中', width: 12 },
      ],
      rows: [
        ...s.children.map((c) => [
          c.self ? `${c.org.name}（本级）` : c.org.name,
          ...flowCells(c),
          c.waiting,
          c.inProgress,
        ]),
        ['合计', ...flowCells(s.totals), s.byState.published, s.byState.claimed + s.byState.sent],
      ],
    },
    {
      name: '按类别',
      headers: [
        { header: '心愿类别', width: 14 },
        { header: '提交', width: 8 },
        { header: '实现', width: 8 },
        { header: '实现价值（元）', width: 14 },
        { header: '当前待认领', width: 12 },
      ],
      rows: s.byCategory.map((c) => [
        wishCategoryLabels[c.category],
        c.posted,
        c.fulfilled,
        yuan(c.fulfilledValueFen),
        c.waiting,
      ]),
    },
    {
      name: '按状态',
      headers: [
        { header: '状态', width: 14 },
        { header: '心愿数', width: 10 },
      ],
      rows: wishStates.map((st) => [wishStateLabels[st], s.byState[st]]),
    },
  ];
  const buffer = await writeSheets(sheets);
  await recordAudit(ctx, {
    action: 'wishes.stats.export',
    entityType: 'org',
    entityId: s.org.id,
    orgId: s.org.id,
    detail: { from: s.period.from, to: s.period.to },
  });
  return { buffer, stats: s };
}
