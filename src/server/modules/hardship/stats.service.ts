import { asc, inArray, sql } from 'drizzle-orm';
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
import { sqlRows } from '../../db/client.ts';
import { authorize, grant } from '../../platform/access/access.ts';
import { recordAudit, registerAuditLabels } from '../../platform/audit/audit.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { type Sheet, writeSheets } from '../../platform/excel/excel.ts';
import { breakdownChildOrgs, findOrg } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { hardshipStatsMeta } from './hardship.table.ts';

registerAuditLabels({ 'hardship.stats.export': '导出帮扶统计', 'hardship.stats.refresh': '刷新帮扶统计' });
grant('admin', ['hardship.statsRefresh']);

/** Beijing time: the day stocks are counted on and the month the default period ends with. */
const todayCst = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export const RATE_DEFINITIONS = {
  coverage:
    '覆盖率 = 统计期内受理的申请中已审批建档的户次 ÷ 统计期内受理的申请户次（按每次受理计；受理后至今、再次受理前审批建档即计入）',
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
  dim: 'state' | 'category' | 'cause';
  key: string;
  n: number;
  overdue: number;
  within30: number;
}

interface MonthRow {
  month: string;
  accepted: number;
  accepted_filed: number;
  filed: number;
  exited: number;
  reentered: number;
}

/** The root org of the counted subtree: the caller's own, or one inside it (else 404). */
async function resolveRoot(ctx: Ctx, orgId: number | undefined, action = 'hardship.view') {
  const m = authorize(ctx, action);
  const root = await findOrg(ctx.db, orgId ?? m.orgId);
  if (!root) throw notFound('组织不存在或无权查看');
  authorize(ctx, action, { orgPath: root.path });
  return { m, root };
}

/** Rollups older than this are recomputed in the background on a dashboard request (the job runs every 10 minutes). */
export const STATS_MAX_AGE_MS = 60 * 60_000;

/**
 * Recompute every rollup from the base tables in one transaction (readers keep the previous
 * figures until it commits; concurrent refreshes queue on an advisory lock). Stocks are counted per
 * archive org, flows per org and Beijing-time month from the timeline, assistance per org, month
 * and type. With `ifMissing`, nothing is done when rollups exist (the first dashboard request).
 */
export async function refreshHardshipStats(
  deps: Pick<Deps, 'database'>,
  opts: { ifMissing?: boolean; ifIdle?: boolean } = {},
): Promise<{ refreshedAt: Date; ms: number; skipped: boolean }> {
  const started = performance.now();
  const result = await deps.database.db.transaction(async (tx) => {
    if (opts.ifIdle) {
      const [got] = await sqlRows<{ ok: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(${STATS_LOCK}) as ok`,
      );
      if (!got?.ok) return { refreshedAt: new Date(0), ms: 0, skipped: true };
    } else await tx.execute(sql`select pg_advisory_xact_lock(${STATS_LOCK})`);
    if (opts.ifMissing) {
      const [meta] = await tx.select().from(hardshipStatsMeta).limit(1);
      if (meta) return { refreshedAt: meta.refreshedAt, ms: meta.ms, skipped: true };
    }
    // One job at a time (the lock): room to sort and hash the timeline in memory (at 1 M archives
    // it spilled ≈120 MB to disk with 64 MB).
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local work_mem = '256MB'`);
    const today = todayCst();
    await tx.execute(sql`delete from hardship_stats_stock`);
    await tx.execute(sql`delete from hardship_stats_monthly`);
    await tx.execute(sql`delete from hardship_stats_assistance`);
    await tx.execute(sql`
      insert into hardship_stats_stock (org_id, dim, key, n, overdue, within30)
      select anc.id, p.dim, p.key, sum(p.n)::int, sum(p.overdue)::int, sum(p.within30)::int from (
        select org_id,
          case when grouping(state) = 0 then 'state' when grouping(cat) = 0 then 'category' else 'cause' end as dim,
          coalesce(case when grouping(state) = 0 then state end, case when grouping(cat) = 0 then cat end, cause) as key,
          count(*)::int as n,
          count(*) filter (where od)::int as overdue,
          count(*) filter (where w30)::int as within30
        from (
          select a.org_id, a.state,
            case when a.state = 'filed' then coalesce(a.category, 'none') end as cat,
            case when a.state = 'filed' then a.main_cause end as cause,
            a.state = 'filed' and a.review_due < ${today}::date as od,
            a.state = 'filed' and a.review_due between ${today}::date and ${today}::date + 30 as w30
          from hardship_archives a
        ) a
        group by grouping sets ((org_id, state), (org_id, cat), (org_id, cause))
      ) p
      ${toAncestors}
      where p.key is not null
      group by 1, 2, 3`);
    // Acceptances are numbered per archive (k-th application); an application counts as filed when
    // an approval follows it before the archive's next acceptance.
    await tx.execute(sql`
      insert into hardship_stats_monthly (org_id, month, accepted, accepted_filed, filed, exited, reentered)
      with ev as materialized (
        select a.org_id, a.id as archive_id, e.id, e.event, e.at
        from timeline_events e join hardship_archives a on e.entity_id = a.id::text
        where e.entity_type = 'hardship.archive' and e.event in ('accept', 'approve', 'exit', 'reenter')
      ),
      apps as (
        select org_id, min(at) filter (where event = 'accept') as accepted_at, bool_or(event = 'approve') as filed
        from (
          select org_id, archive_id, event, at,
            count(*) filter (where event = 'accept') over (partition by archive_id order by at, id) as k
          from ev where event in ('accept', 'approve')
        ) x
        where k > 0
        group by org_id, archive_id, k
      )
      select anc.id, p.month, sum(p.accepted)::int, sum(p.accepted_filed)::int, sum(p.filed)::int,
        sum(p.exited)::int, sum(p.reentered)::int
      from (
        select org_id, to_char(at at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
          count(*) filter (where event = 'accept') as accepted, 0 as accepted_filed,
          count(*) filter (where event = 'approve') as filed,
          count(*) filter (where event = 'exit') as exited,
          count(*) filter (where event = 'reenter') as reentered
        from ev group by 1, 2
        union all
        select org_id, to_char(accepted_at at time zone 'Asia/Shanghai', 'YYYY-MM'), 0,
          count(*) filter (where filed), 0, 0, 0
        from apps group by 1, 2
      ) p
      ${toAncestors}
      group by 1, 2`);
    await tx.execute(sql`
      insert into hardship_stats_assistance (org_id, month, type, n, amount_fen)
      select anc.id, p.month, p.type, sum(p.n)::int, sum(p.fen)::bigint from (
        select a.org_id, to_char(s.date, 'YYYY-MM') as month, s.type, count(*) as n,
          coalesce(sum(s.amount_fen), 0) as fen
        from hardship_assistance s join hardship_archives a on a.id = s.archive_id
        group by 1, 2, 3
      ) p
      ${toAncestors}
      group by 1, 2, 3`);
    const refreshedAt = new Date();
    const ms = Math.round(performance.now() - started);
    await tx
      .insert(hardshipStatsMeta)
      .values({ id: 1, refreshedAt, ms })
      .onConflictDoUpdate({ target: hardshipStatsMeta.id, set: { refreshedAt, ms } });
    return { refreshedAt, ms, skipped: false };
  });
  if (!result.skipped) {
    // Each refresh replaces every row: reclaim the old ones now and give the planner fresh counts.
    await deps.database.db
      .execute(sql`vacuum (analyze) hardship_stats_stock, hardship_stats_monthly, hardship_stats_assistance`)
      .catch(() => {});
  }
  return result;
}

/**
 * Count each per-org row (alias `p`, column `org_id`) for the org and every org above it: the
 * rollups are kept per subtree root, so a dashboard reads the rows of one org (and its children).
 */
const toAncestors = sql`join orgs o on o.id = p.org_id
      cross join lateral unnest(string_to_array(o.path, '.')::int[]) as anc(id)`;

/** Advisory lock key of the rollup refresh (any constant unique in the app). */
const STATS_LOCK = 4_209_117;

/**
 * 帮扶统计: the figures of the dashboard for the caller's subtree or a part of it, summed from the
 * rollups (see {@link refreshHardshipStats}) of the orgs in the subtree — a few thousand rows at
 * most per block. The figures are as of `asOf`, the last refresh (minutes old at most when the
 * job runs); rollups never computed are computed first, ones older than an hour in the background.
 */
export async function getHardshipStats(ctx: Ctx, q: THardshipStatsQuery): Promise<THardshipStats> {
  const { m, root } = await resolveRoot(ctx, q.orgId);
  const [last] = await ctx.db.select().from(hardshipStatsMeta).limit(1);
  if (!last) await refreshHardshipStats(ctx.deps, { ifMissing: true });
  else if (Date.now() - last.refreshedAt.getTime() > STATS_MAX_AGE_MS) {
    // The job is not running (jobs off?): answer with the figures there are (asOf says how old)
    // and recompute them in the background, unless a refresh is already under way.
    void refreshHardshipStats(ctx.deps, { ifIdle: true }).catch((err: unknown) =>
      ctx.deps.log.error({ err }, 'hardship stats refresh failed'),
    );
  }
  const today = todayCst();
  const to = q.to ?? (q.from ? addMonths(q.from, 11) : today.slice(0, 7));
  const from = q.from ?? addMonths(to, -11);
  const months = monthsBetween(from, to);

  // One repeatable-read snapshot: every block comes from the same refresh. The rollups are kept
  // per subtree root: the root's rows, and its children's for the drill-down, a few hundred rows.
  const { meta, stockRows, childOrgs, monthRows, assistanceRows } = await ctx.deps.database.db.transaction(
    async (tx) => {
      await tx.execute(sql`set local jit = off`);
      const [meta] = await tx.select().from(hardshipStatsMeta).limit(1);
      const stockRows = await sqlRows<StockRow>(
        tx,
        sql`select case when r.org_id = ${root.id} then '' else r.org_id::text end as seg,
              r.dim, r.key, r.n, r.overdue, r.within30
            from hardship_stats_stock r
            where r.org_id = ${root.id} or r.org_id in (select c.id from orgs c where c.parent_id = ${root.id})`,
      );
      const childOrgs = await breakdownChildOrgs(tx, root.id);
      // From the period's first month on: the period's flows, and those since its start (to roll
      // the stocks back to it).
      const monthRows = await sqlRows<MonthRow>(
        tx,
        sql`select r.month, r.accepted, r.accepted_filed, r.filed, r.exited, r.reentered
            from hardship_stats_monthly r
            where r.org_id = ${root.id} and r.month >= ${from}`,
      );
      const assistanceRows = await sqlRows<{
        month: string;
        type: AssistanceType;
        n: number;
        fen: string | number;
      }>(
        tx,
        sql`select r.month, r.type, r.n, r.amount_fen as fen
            from hardship_stats_assistance r
            where r.org_id = ${root.id} and r.month >= ${from} and r.month <= ${to}`,
      );
      return { meta, stockRows, childOrgs, monthRows, assistanceRows };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const pathOrgs =
    pathIds(m.orgPath, root.path).length > 1
      ? await ctx.db
          .select({ id: orgs.id, name: orgs.name, depth: orgs.depth })
          .from(orgs)
          .where(inArray(orgs.id, pathIds(m.orgPath, root.path)))
          .orderBy(asc(orgs.depth))
      : [{ id: root.id, name: root.name, depth: root.depth }];

  // ---- stocks: the root's rows are the totals, each child's its subtree; 本级 = root − children
  const totals = emptyBreakdown();
  const bySeg = new Map<string, TArchiveBreakdown>();
  const reviews = { overdue: 0, within30: 0 };
  const add = (b: TArchiveBreakdown, r: StockRow, sign: 1 | -1) => {
    const n = sign * r.n;
    if (r.dim === 'state' && (archiveStates as readonly string[]).includes(r.key)) {
      b.byState[r.key as ArchiveState] += n;
      b.total += n;
      b.overdueReviews += sign * r.overdue;
    } else if (r.dim === 'category' && (statsCategoryKeys as readonly string[]).includes(r.key)) {
      b.byCategory[r.key as StatsCategoryKey] += n;
    } else if (r.dim === 'cause' && (hardshipCauses as readonly string[]).includes(r.key)) {
      b.byMainCause[r.key as HardshipCause] += n;
    }
  };
  const own = emptyBreakdown();
  for (const r of stockRows) {
    if (r.seg === '') {
      add(totals, r, 1);
      add(own, r, 1);
      if (r.dim === 'state') {
        reviews.overdue += r.overdue;
        reviews.within30 += r.within30;
      }
    } else {
      const b = bySeg.get(r.seg) ?? emptyBreakdown();
      bySeg.set(r.seg, b);
      add(b, r, 1);
      add(own, r, -1);
    }
  }
  const children: TChildBreakdown[] = [];
  if (own.total > 0)
    children.push({ ...own, org: { id: root.id, name: root.name }, self: true, hasChildren: false });
  for (const o of childOrgs) {
    const b = bySeg.get(String(o.id));
    if (!b && !o.listedWhenEmpty) continue;
    children.push({
      ...(b ?? emptyBreakdown()),
      org: { id: o.id, name: o.name },
      self: false,
      hasChildren: o.hasChildren,
    });
  }
  children.sort((x, y) => Number(y.self) - Number(x.self) || y.total - x.total || x.org.id - y.org.id);

  // ---- flows per month, and since the period's start
  const flowMonths = new Map<string, TFlowMonth>(
    months.map((month) => [month, { month, accepted: 0, filed: 0, exited: 0, reentered: 0 }]),
  );
  const since = { filed: 0, exited: 0, reentered: 0 };
  const cohort = { accepted: 0, filed: 0 };
  for (const r of monthRows) {
    since.filed += r.filed;
    since.exited += r.exited;
    since.reentered += r.reentered;
    const fm = flowMonths.get(r.month);
    if (!fm) continue;
    fm.accepted += r.accepted;
    fm.filed += r.filed;
    fm.exited += r.exited;
    fm.reentered += r.reentered;
    cohort.accepted += r.accepted;
    cohort.filed += r.accepted_filed;
  }
  const byMonth = [...flowMonths.values()];
  const flowTotals = { accepted: 0, filed: 0, exited: 0, reentered: 0 };
  for (const fm of byMonth) {
    flowTotals.accepted += fm.accepted;
    flowTotals.filed += fm.filed;
    flowTotals.exited += fm.exited;
    flowTotals.reentered += fm.reentered;
  }
  const filedAtStart = Math.max(0, totals.byState.filed - since.filed + since.exited);
  const exitedAtStart = Math.max(0, totals.byState.exited - since.exited + since.reentered);

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
    if (!(assistanceTypes as readonly string[]).includes(r.type)) continue;
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
    asOf: (meta?.refreshedAt ?? new Date()).toISOString(),
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
      coverage: rate(cohort.filed, cohort.accepted, RATE_DEFINITIONS.coverage),
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
 * 刷新: an admin recomputes the rollups now (for the whole platform: they are one set) instead of
 * waiting for the job. Checked against the org the admin is looking at; audited.
 */
export async function refreshHardshipStatsNow(ctx: Ctx, orgId: number | undefined) {
  const { root } = await resolveRoot(ctx, orgId, 'hardship.statsRefresh');
  const r = await refreshHardshipStats(ctx.deps);
  await recordAudit(ctx, {
    action: 'hardship.stats.refresh',
    entityType: 'org',
    entityId: root.id,
    orgId: root.id,
    detail: { ms: r.ms },
  });
  return { asOf: r.refreshedAt.toISOString(), ms: r.ms };
}

/** Org ids from the caller's org down to the root (paths are dot-joined ids). */
function pathIds(callerPath: string, rootPath: string): number[] {
  const callerDepth = callerPath.split('.').length;
  return rootPath
    .split('.')
    .slice(callerDepth - 1)
    .map(Number);
}

/** An instant as Beijing time, `YYYY-MM-DD HH:MM`. */
const cstTime = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
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
        ['数据更新于', cstTime(s.asOf), '统计数据定时汇总（约每 10 分钟），档案状态、类别、复核为该时刻数据'],
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
