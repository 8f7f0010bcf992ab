import { asc, inArray, type SQL, sql } from 'drizzle-orm';
import {
  type ArchiveState,
  type AssistanceType,
  archiveStateLabels,
  archiveStates,
  assistanceTypeLabels,
  assistanceTypes,
  type HardshipCause,
  hardshipCauseLabels,
  hardshipCauses,
} from '../../../shared/hardship.ts';
import {
  addMonths,
  monthsBetween,
  type StatsCategoryKey,
  statsCategoryKeys,
  statsCategoryLabels,
  type TArchiveBreakdown,
  type TAssistanceMonth,
  type TChildBreakdown,
  type TFlowMonth,
  type THardshipStats,
  type THardshipStatsQuery,
  type TRate,
} from '../../../shared/hardship-stats.ts';
import { partnerOrgTypes } from '../../../shared/orgs.ts';
import { sqlRows } from '../../db/client.ts';
import { authorize, inSubtree } from '../../platform/access/access.ts';
import { recordAudit, registerAuditLabels } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { type Sheet, writeSheets } from '../../platform/excel/excel.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';

registerAuditLabels({ 'hardship.stats.export': '导出帮扶统计' });

/** Beijing time: the day stocks are counted on and the month the default period ends with. */
const todayCst = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
/** Midnight Beijing time at the start of a month, as a timestamptz literal. */
const monthStart = (month: string) => `${month}-01T00:00:00+08:00`;

export const RATE_DEFINITIONS = {
  coverage:
    '覆盖率 = 统计期内受理的申请中已审批建档的户数 ÷ 统计期内受理的申请户数（按档案计；受理后至今任何时候审批建档即计入）',
  exitRate: '解档率 = 统计期内脱困解档户次 ÷（期初在档户数 + 统计期内新建档户次）',
  reentryRate: '返困率 = 统计期内返困户次 ÷（期初已解档户数 + 统计期内解档户次）',
} as const;

const zeroCounts = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

const emptyBreakdown = (): TArchiveBreakdown => ({
  total: 0,
  byState: zeroCounts(archiveStates),
  byCategory: zeroCounts(statsCategoryKeys),
  byMainCause: zeroCounts(hardshipCauses),
  overdueReviews: 0,
});

const rate = (numerator: number, denominator: number, definition: string): TRate => ({
  value: denominator > 0 ? numerator / denominator : null,
  numerator,
  denominator,
  definition,
});

interface StockRow {
  seg: string;
  state: string | null;
  category: string | null;
  main_cause: string | null;
  /** GROUPING(state, category, main_cause): 3 = by state, 5 = by category, 6 = by main cause. */
  g: number;
  n: number;
  filed: number;
  overdue: number;
  within30: number;
}

/** The root org of the counted subtree: the caller's own, or one inside it (else 404). */
async function resolveRoot(ctx: Ctx, orgId: number | undefined) {
  const m = authorize(ctx, 'hardship.view');
  const root = await findOrg(ctx.db, orgId ?? m.orgId);
  if (!root) throw notFound('组织不存在或无权查看');
  authorize(ctx, 'hardship.view', { orgPath: root.path });
  return { m, root };
}

/**
 * 帮扶统计: the figures of the dashboard for the caller's subtree or a part of it. Every figure is
 * one SQL aggregate over the org-path prefix index (archives), joined to the timeline (filings,
 * exits, re-entries) or to the assistance records; nothing is counted row by row here.
 */
export async function getHardshipStats(ctx: Ctx, q: THardshipStatsQuery): Promise<THardshipStats> {
  const { m, root } = await resolveRoot(ctx, q.orgId);
  const today = todayCst();
  const to = q.to ?? (q.from ? addMonths(q.from, 11) : today.slice(0, 7));
  const from = q.from ?? addMonths(to, -11);
  const months = monthsBetween(from, to);
  const fromTs = monthStart(from);
  const endTs = monthStart(addMonths(to, 1));
  const endDate = `${addMonths(to, 1)}-01`;
  const inRoot = inSubtree(sql`a.org_path`, root.path);
  const segStart = root.path.length + 2;
  // The platform's only top org sees every archive: the timeline and assistance need no join then.
  const everything = root.parentId === null && (await countTopOrgs(ctx)) === 1;
  const eventsInScope = everything
    ? sql`select e.entity_id, e.event, e.at from timeline_events e`
    : sql`select e.entity_id, e.event, e.at from timeline_events e
          join hardship_archives a on e.entity_id = a.id::text and ${inRoot}`;

  const [stockRows, childOrgs, eventRows, assistanceRows, pathOrgs] = await Promise.all([
    aggregate<StockRow>(
      ctx,
      // Count per org path first (one hash over the rows, parallel on PostgreSQL), then fold the
      // few thousand org groups into child orgs and the three breakdowns.
      sql`select seg, state, category, main_cause,
            grouping(state, category, main_cause)::int as g,
            sum(n)::int as n, sum(filed)::int as filed, sum(overdue)::int as overdue, sum(within30)::int as within30
          from (
            select case when org_path = ${root.path} then ''
                        else split_part(substr(org_path, ${segStart}), '.', 1) end as seg,
                   state, category, main_cause, n, filed, overdue, within30
            from (
              select a.org_path, a.state, a.category, a.main_cause, count(*) as n,
                count(*) filter (where a.state = 'filed') as filed,
                count(*) filter (where a.state = 'filed' and a.review_due < ${today}) as overdue,
                count(*) filter (where a.state = 'filed' and a.review_due between ${today} and ${today}::date + 30) as within30
              from hardship_archives a where ${inRoot}
              group by 1, 2, 3, 4
            ) per_org
          ) x
          group by grouping sets ((seg, state), (seg, category), (seg, main_cause))`,
    ),
    sqlRows<{ id: number; name: string; type: string; state: string; has_children: boolean }>(
      ctx.db,
      sql`select o.id, o.name, o.type, o.state,
            exists (select 1 from orgs c where c.parent_id = o.id) as has_children
          from orgs o where o.parent_id = ${root.id} order by o.id`,
    ),
    // Filings, exits and re-entries are timeline events (a re-entry clears the archive's dates).
    // One pass over the period's events gives the monthly counts (kind 'm') and the acceptance
    // cohort of the coverage rate (kind 'c': accepted in the period, and of them filed since).
    aggregate<{ kind: 'm' | 'c'; month: string | null; event: string | null; n: number; filed: number }>(
      ctx,
      sql`with ev as materialized (
            ${eventsInScope}
            where e.entity_type = 'hardship.archive'
              and e.event in ('accept', 'approve', 'exit', 'reenter')
              and e.at >= ${fromTs}::timestamptz
          )
          select 'm' as kind, to_char(at at time zone 'Asia/Shanghai', 'YYYY-MM') as month, event,
                 count(*)::int as n, 0 as filed
          from ev group by 2, 3
          union all
          select 'c', null, null, count(*)::int, count(*) filter (where approved_at >= accepted_at)::int
          from (
            select entity_id,
              min(at) filter (where event = 'accept' and at < ${endTs}::timestamptz) as accepted_at,
              max(at) filter (where event = 'approve') as approved_at
            from ev where event in ('accept', 'approve')
            group by entity_id
          ) x
          where accepted_at is not null`,
    ),
    aggregate<{ month: string; type: AssistanceType; n: number; fen: string | number }>(
      ctx,
      sql`select to_char(s.date, 'YYYY-MM') as month, s.type, count(*)::int as n,
            coalesce(sum(s.amount_fen), 0)::bigint as fen
          from hardship_assistance s
          ${everything ? sql`` : sql`join hardship_archives a on a.id = s.archive_id and ${inRoot}`}
          where s.date >= ${`${from}-01`}::date and s.date < ${endDate}::date
          group by 1, 2`,
    ),
    pathIds(m.orgPath, root.path).length > 1
      ? ctx.db
          .select({ id: orgs.id, name: orgs.name, depth: orgs.depth })
          .from(orgs)
          .where(inArray(orgs.id, pathIds(m.orgPath, root.path)))
          .orderBy(asc(orgs.depth))
      : Promise.resolve([{ id: root.id, name: root.name, depth: root.depth }]),
  ]);
  const cohort = eventRows.find((r) => r.kind === 'c');

  // ---- stocks: fold the grouping-set rows (a few per child) into breakdowns
  const totals = emptyBreakdown();
  const bySeg = new Map<string, TArchiveBreakdown>();
  const reviews = { overdue: 0, within30: 0 };
  for (const r of stockRows) {
    const b = bySeg.get(r.seg) ?? emptyBreakdown();
    bySeg.set(r.seg, b);
    if (r.g === 3 && r.state) {
      const s = r.state as ArchiveState;
      b.byState[s] += r.n;
      totals.byState[s] += r.n;
      b.total += r.n;
      totals.total += r.n;
      b.overdueReviews += r.overdue;
      totals.overdueReviews += r.overdue;
      reviews.overdue += r.overdue;
      reviews.within30 += r.within30;
    } else if (r.g === 5 && r.filed > 0) {
      const c = (r.category ?? 'none') as StatsCategoryKey;
      b.byCategory[c] += r.filed;
      totals.byCategory[c] += r.filed;
    } else if (r.g === 6 && r.filed > 0 && r.main_cause) {
      const c = r.main_cause as HardshipCause;
      b.byMainCause[c] += r.filed;
      totals.byMainCause[c] += r.filed;
    }
  }
  const children: TChildBreakdown[] = [];
  const own = bySeg.get('');
  if (own) children.push({ ...own, org: { id: root.id, name: root.name }, self: true, hasChildren: false });
  for (const o of childOrgs) {
    const b = bySeg.get(String(o.id));
    const isPartner = (partnerOrgTypes as readonly string[]).includes(o.type);
    if (!b && (isPartner || o.state !== 'active')) continue;
    children.push({
      ...(b ?? emptyBreakdown()),
      org: { id: o.id, name: o.name },
      self: false,
      hasChildren: o.has_children,
    });
  }
  children.sort((x, y) => Number(y.self) - Number(x.self) || y.total - x.total || x.org.id - y.org.id);

  // ---- flows per month, and since the period's start (to roll the stocks back to it)
  const flowMonths = new Map<string, TFlowMonth>(
    months.map((month) => [month, { month, accepted: 0, filed: 0, exited: 0, reentered: 0 }]),
  );
  const since = { approve: 0, exit: 0, reenter: 0 };
  const key = { accept: 'accepted', approve: 'filed', exit: 'exited', reenter: 'reentered' } as const;
  for (const r of eventRows) {
    if (r.kind !== 'm' || !r.month) continue;
    const ev = r.event as keyof typeof key;
    if (ev !== 'accept') since[ev] += r.n;
    const fm = flowMonths.get(r.month);
    if (fm) fm[key[ev]] += r.n;
  }
  const byMonth = [...flowMonths.values()];
  const flowTotals = { accepted: 0, filed: 0, exited: 0, reentered: 0 };
  for (const fm of byMonth) {
    flowTotals.accepted += fm.accepted;
    flowTotals.filed += fm.filed;
    flowTotals.exited += fm.exited;
    flowTotals.reentered += fm.reentered;
  }
  const filedAtStart = Math.max(0, totals.byState.filed - since.approve + since.exit);
  const exitedAtStart = Math.max(0, totals.byState.exited - since.exit + since.reenter);

  // ---- assistance
  const amountByType = zeroCounts(assistanceTypes);
  const countByType = zeroCounts(assistanceTypes);
  const assistMonths = new Map<string, TAssistanceMonth>(
    months.map((month) => [
      month,
      { month, count: 0, amountFen: 0, amountFenByType: zeroCounts(assistanceTypes) },
    ]),
  );
  for (const r of assistanceRows) {
    const fen = Number(r.fen);
    amountByType[r.type] += fen;
    countByType[r.type] += r.n;
    const am = assistMonths.get(r.month);
    if (am) {
      am.count += r.n;
      am.amountFen += fen;
      am.amountFenByType[r.type] += fen;
    }
  }
  const byType = assistanceTypes.map((type) => ({
    type,
    count: countByType[type],
    amountFen: amountByType[type],
  }));

  return {
    org: { id: root.id, name: root.name },
    path: pathOrgs.map((o) => ({ id: o.id, name: o.name })),
    period: { from, to, months },
    asOf: today,
    totals,
    children,
    flows: { totals: flowTotals, byMonth },
    assistance: {
      total: {
        count: byType.reduce((s, t) => s + t.count, 0),
        amountFen: byType.reduce((s, t) => s + t.amountFen, 0),
      },
      byType,
      byMonth: [...assistMonths.values()],
    },
    rates: {
      coverage: rate(cohort?.filed ?? 0, cohort?.n ?? 0, RATE_DEFINITIONS.coverage),
      exitRate: rate(flowTotals.exited, filedAtStart + flowTotals.filed, RATE_DEFINITIONS.exitRate),
      reentryRate: rate(
        flowTotals.reentered,
        exitedAtStart + flowTotals.exited,
        RATE_DEFINITIONS.reentryRate,
      ),
    },
    reviews,
  };
}

/**
 * Run one dashboard aggregate in its own short read-only transaction with JIT compilation off (on
 * PostgreSQL it spent ≈0.5 s emitting code for these one-pass GROUP BYs, more than it saved) and
 * room for the hash aggregates. Each aggregate has its own transaction, so on a pool they run side
 * by side.
 */
async function aggregate<T>(ctx: Ctx, query: SQL): Promise<T[]> {
  return ctx.deps.database.db.transaction(
    async (tx) => {
      await tx.execute(sql`set local jit = off`);
      // The acceptance cohort groups the period's events per archive: keep that hash in memory.
      await tx.execute(sql`set local work_mem = '64MB'`);
      return sqlRows<T>(tx, query);
    },
    { accessMode: 'read only' },
  );
}

async function countTopOrgs(ctx: Ctx): Promise<number> {
  const [row] = await sqlRows<{ n: number }>(
    ctx.db,
    sql`select count(*)::int as n from orgs where parent_id is null`,
  );
  return row?.n ?? 0;
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
const percent = (r: TRate) => (r.value === null ? '—' : `${(r.value * 100).toFixed(1)}%`);

/** The dashboard as a workbook, one sheet per block, Chinese headers; the export is audited. */
export async function exportHardshipStats(ctx: Ctx, q: THardshipStatsQuery) {
  const s = await getHardshipStats(ctx, q);
  const periodText = `${s.period.from} 至 ${s.period.to}`;
  const breakdownHeaders = [
    { header: '档案总数', width: 10 },
    ...archiveStates.map((st) => ({ header: archiveStateLabels[st], width: 14 })),
    ...statsCategoryKeys.map((c) => ({ header: `在档·${statsCategoryLabels[c]}`, width: 14 })),
    ...hardshipCauses.map((c) => ({ header: `在档·${hardshipCauseLabels[c]}`, width: 16 })),
    { header: '逾期复核', width: 10 },
  ];
  const breakdownCells = (b: TArchiveBreakdown) => [
    b.total,
    ...archiveStates.map((st) => b.byState[st]),
    ...statsCategoryKeys.map((c) => b.byCategory[c]),
    ...hardshipCauses.map((c) => b.byMainCause[c]),
    b.overdueReviews,
  ];
  const sheets: Sheet[] = [
    {
      name: '概况',
      headers: [
        { header: '指标', width: 18 },
        { header: '数值', width: 14 },
        { header: '说明', width: 80 },
      ],
      rows: [
        ['统计范围', s.org.name, '本组织及全部下级组织'],
        ['统计期', periodText, '按北京时间的自然月'],
        ['存量截至', s.asOf, '档案状态、类别、复核为当日数据'],
        ['在档户数', s.totals.byState.filed, '当前状态为在档的档案'],
        ['本期新建档', s.flows.totals.filed, '统计期内审批建档的户次（返困后再次建档另计）'],
        ['本期解档', s.flows.totals.exited, '统计期内脱困解档的户次'],
        ['本期返困', s.flows.totals.reentered, '统计期内返困重新申请的户次'],
        ['本期受理', s.flows.totals.accepted, '统计期内受理的申请户次'],
        [
          '覆盖率',
          percent(s.rates.coverage),
          `${s.rates.coverage.definition}：${s.rates.coverage.numerator} ÷ ${s.rates.coverage.denominator}`,
        ],
        [
          '解档率',
          percent(s.rates.exitRate),
          `${s.rates.exitRate.definition}：${s.rates.exitRate.numerator} ÷ ${s.rates.exitRate.denominator}`,
        ],
        [
          '返困率',
          percent(s.rates.reentryRate),
          `${s.rates.reentryRate.definition}：${s.rates.reentryRate.numerator} ÷ ${s.rates.reentryRate.denominator}`,
        ],
        ['逾期复核', s.reviews.overdue, '在档档案中年度复核日期已过的'],
        ['30 天内到期复核', s.reviews.within30, '在档档案中年度复核日期在今后 30 天内的'],
        ['帮扶救助次数', s.assistance.total.count, '统计期内登记的帮扶救助记录数'],
        ['帮扶救助金额（元）', yuan(s.assistance.total.amountFen), '统计期内发放的现金合计'],
      ],
    },
    {
      name: '按组织',
      headers: [{ header: '组织', width: 28 }, ...breakdownHeaders],
      rows: [
        ...s.children.map((c) => [c.self ? `${c.org.name}（本级）` : c.org.name, ...breakdownCells(c)]),
        ['合计', ...breakdownCells(s.totals)],
      ],
    },
    {
      name: '按状态',
      headers: [
        { header: '状态', width: 20 },
        { header: '档案数', width: 10 },
      ],
      rows: archiveStates.map((st) => [archiveStateLabels[st], s.totals.byState[st]]),
    },
    {
      name: '在档按类别',
      headers: [
        { header: '困难类别', width: 16 },
        { header: '在档户数', width: 10 },
      ],
      rows: statsCategoryKeys.map((c) => [statsCategoryLabels[c], s.totals.byCategory[c]]),
    },
    {
      name: '在档按致困原因',
      headers: [
        { header: '主要致困原因', width: 20 },
        { header: '在档户数', width: 10 },
      ],
      rows: hardshipCauses.map((c) => [hardshipCauseLabels[c], s.totals.byMainCause[c]]),
    },
    {
      name: '建档解档返困按月',
      headers: [
        { header: '月份', width: 10 },
        { header: '受理', width: 8 },
        { header: '新建档', width: 8 },
        { header: '解档', width: 8 },
        { header: '返困', width: 8 },
      ],
      rows: s.flows.byMonth.map((f) => [f.month, f.accepted, f.filed, f.exited, f.reentered]),
    },
    {
      name: '帮扶救助按类型',
      headers: [
        { header: '帮扶类型', width: 18 },
        { header: '次数', width: 8 },
        { header: '金额（元）', width: 14 },
      ],
      rows: [
        ...s.assistance.byType.map((t) => [assistanceTypeLabels[t.type], t.count, yuan(t.amountFen)]),
        ['合计', s.assistance.total.count, yuan(s.assistance.total.amountFen)],
      ],
    },
    {
      name: '帮扶救助按月',
      headers: [
        { header: '月份', width: 10 },
        { header: '次数', width: 8 },
        { header: '金额（元）', width: 14 },
        ...assistanceTypes.map((t) => ({ header: `${assistanceTypeLabels[t]}（元）`, width: 16 })),
      ],
      rows: s.assistance.byMonth.map((am) => [
        am.month,
        am.count,
        yuan(am.amountFen),
        ...assistanceTypes.map((t) => yuan(am.amountFenByType[t])),
      ]),
    },
  ];
  const buffer = await writeSheets(sheets);
  await recordAudit(ctx, {
    action: 'hardship.stats.export',
    entityType: 'org',
    entityId: s.org.id,
    orgId: s.org.id,
    detail: { from: s.period.from, to: s.period.to },
  });
  return { buffer, stats: s };
}
