import { type SQL, sql } from 'drizzle-orm';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import {
  requestStateLabels,
  requestStates,
  SUPPLIES_STATS_DEFINITIONS,
  type TSuppliesStats,
  type TSuppliesStatsQuery,
  type Urgency,
  urgencies,
  urgencyLabels,
} from '../../../shared/supplies.ts';
import { sqlRows } from '../../db/client.ts';
import { authorize, inSubtree } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalidField, notFound } from '../../platform/errors.ts';
import { type Sheet, writeSheets } from '../../platform/excel/excel.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';

/** Viewing (and exporting) the 服务热线平台 dashboard of one's subtree; granted in supplies.access.ts. */
export const SUPPLIES_STATS_ACTION = 'supplies.stats';
/** The longest period the dashboard counts, in days (a leap year). */
export const SUPPLIES_STATS_MAX_DAYS = 366;
/** Days counted when no period is given (up to today, Beijing). */
export const SUPPLIES_STATS_DEFAULT_DAYS = 90;
/** How many items the ranking lists. */
export const SUPPLIES_STATS_TOP_ITEMS = 10;

/** Figures the shared definitions do not cover, as the dashboard and the export explain them. */
export const SUPPLIES_STATS_EXTRA_DEFINITIONS = {
  completed: '已完成：统计期内提报、目前已完成（各明细均已签收或关闭）的需求条数',
  staff: '服务人数：统计期内提报、至少签收过一批物资的需求所填的一线服务人数之和',
  byDay: '每日：提报数按提报日（北京时间）计；完成数按完成日计，为当日完成的需求（不论何时提报）',
  bySupplier: '按供应单位：送达物资的提供方，工会自行采购的物资计入“工会采购”',
  topItems: '物资排行：按申请数量排序的前 10 种物资，不含未通过和已撤回的需求',
} as const;

/** Days between two ISO dates, both included. */
const daysInclusive = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
/** The first instant of a Beijing calendar day. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
/** A timestamp column as its Beijing calendar day, YYYY-MM-DD. */
const dayOf = (column: SQL) => sql`to_char(${column} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
/** Hours rounded to one decimal; null stays null. */
const hours = (v: number | string | null | undefined) =>
  v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10;

/** The period asked for (default: the last 90 days up to today, Beijing), checked. */
export function statsPeriod(q: Pick<TSuppliesStatsQuery, 'from' | 'to'>, today = beijingDay(new Date())) {
  const to = q.to ?? (q.from ? addDays(q.from, SUPPLIES_STATS_DEFAULT_DAYS - 1) : today);
  const from = q.from ?? addDays(to, -(SUPPLIES_STATS_DEFAULT_DAYS - 1));
  if (from > to) throw invalidField('from', '起始日期不能晚于结束日期');
  if (daysInclusive(from, to) > SUPPLIES_STATS_MAX_DAYS) {
    throw invalidField('to', `统计期最长 ${SUPPLIES_STATS_MAX_DAYS} 天`);
  }
  return { from, to };
}

/** The root org of the counted subtree: the caller's own, or one inside it (else 404). Partners: 403. */
async function resolveRoot(ctx: Ctx, orgId: number | undefined) {
  const m = authorize(ctx, SUPPLIES_STATS_ACTION);
  const root = await findOrg(ctx.db, orgId ?? m.orgId);
  if (!root) throw notFound('组织不存在或无权查看');
  authorize(ctx, SUPPLIES_STATS_ACTION, { orgPath: root.path });
  return root;
}

interface GroupRow {
  org_id: number;
  org_name: string;
  state: string;
  urgency: string;
  n: number;
  staff: number;
  qty: number;
  fen: string | number;
}
interface MedianRow {
  urgency: string | null;
  by_urgency: number;
  hours: number | string | null;
}
interface SupplierRow {
  supplier_id: number | null;
  supplier_name: string | null;
  qty: number;
  fen: string | number;
}
interface ItemRow {
  item_id: number;
  name: string;
  unit: string;
  requested: number;
  approved: number;
  received: number;
}
interface DayRow {
  day: string;
  requests: number;
  completed: number;
}

/**
 * 物资统计: the requests of the subtree's units submitted in a period of Beijing calendar days, and
 * what became of them, computed live in SQL (a few thousand requests: no rollups). Delivered
 * quantity and value are the received quantities on delivered shipments × the item's unit value;
 * durations are hours from submission to completion (the last delivery or closing).
 */
export async function getSuppliesStats(ctx: Ctx, q: TSuppliesStatsQuery): Promise<TSuppliesStats> {
  const root = await resolveRoot(ctx, q.orgId);
  const { from, to } = statsPeriod(q);
  const start = dayStart(from);
  const end = dayStart(addDays(to, 1));
  const cohort = sql`select r.id, r.org_id, r.point_id, r.state, r.urgency, r.staff_served,
      r.submitted_at, r.completed_at
    from supply_requests r
    where ${inSubtree(sql`r.org_path`, root.path)}
      and r.submitted_at >= ${start} and r.submitted_at < ${end}`;
  // The received lines of delivered shipments, per request of the cohort.
  const delivered = sql`select sl.request_id, sl.item_id, s.point_id, sl.received::bigint as qty,
      sl.received::bigint * i.unit_value_fen as fen, i.supplier_org_id
    from r
    join supply_shipment_lines sl on sl.request_id = r.id
    join supply_shipments s on s.id = sl.shipment_id and s.state = 'delivered'
    join supply_items i on i.id = sl.item_id
    where coalesce(sl.received, 0) > 0`;

  // One statement, so one snapshot: the cohort and its delivered lines are read once
  // (materialized) and every block aggregates them; each block comes back as JSON.
  const [one] = await sqlRows<{
    groups: GroupRow[];
    medians: MedianRow[];
    points: number;
    short: number;
    suppliers: SupplierRow[];
    items: ItemRow[];
    days: DayRow[];
  }>(
    ctx.db,
    sql`with r as materialized (${cohort}),
      d as materialized (${delivered}),
      per_request as (select request_id, sum(qty) as qty, sum(fen) as fen from d group by request_id),
      groups as (
        select r.org_id, o.name as org_name, r.state, r.urgency, count(*)::int as n,
          coalesce(sum(r.staff_served) filter (where pr.qty > 0), 0)::int as staff,
          coalesce(sum(pr.qty), 0)::int as qty, coalesce(sum(pr.fen), 0)::bigint as fen
        from r
        join orgs o on o.id = r.org_id
        left join per_request pr on pr.request_id = r.id
        group by 1, 2, 3, 4
      ),
      medians as (
        select urgency, grouping(urgency)::int as by_urgency,
          percentile_cont(0.5) within group (
            order by greatest(0, extract(epoch from completed_at - submitted_at) / 3600)
          ) as hours
        from r where state = 'completed' and completed_at is not null
        group by grouping sets ((), (urgency))
      ),
      -- Lines with a delivered shipment that brought fewer than loaded, as a set (not a subplan per line).
      short_delivered as (
        select distinct sl.request_line_id as line_id
        from r
        join supply_shipment_lines sl on sl.request_id = r.id
        join supply_shipments s on s.id = sl.shipment_id and s.state = 'delivered'
        where coalesce(sl.received, 0) < sl.quantity
      ),
      lines as (
        select l.id, l.item_id, l.requested, l.approved, l.received, l.state, r.state as request_state
        from r join supply_request_lines l on l.request_id = r.id
      ),
      short as (
        select count(*)::int as n
        from lines l left join short_delivered sd on sd.line_id = l.id
        where l.approved is not null and (
          l.approved < l.requested
          or (l.received < l.approved and (l.state <> 'open' or sd.line_id is not null))
        )
      ),
      suppliers as (
        select d.supplier_org_id as supplier_id, o.name as supplier_name,
          sum(d.qty)::int as qty, sum(d.fen)::bigint as fen
        from d left join orgs o on o.id = d.supplier_org_id
        group by 1, 2
      ),
      got as (select item_id, sum(qty) as qty from d group by item_id),
      -- Demand is what units still ask for: a request the union rejected or its unit withdrew is none.
      items as (
        select l.item_id, i.name, i.unit, sum(l.requested)::int as requested,
          coalesce(sum(l.approved), 0)::int as approved, coalesce(max(got.qty), 0)::int as received
        from lines l
        join supply_items i on i.id = l.item_id
        left join got on got.item_id = l.item_id
        where l.request_state not in ('rejected', 'withdrawn')
        group by 1, 2, 3
        order by 4 desc, 6 desc, 1
        limit ${SUPPLIES_STATS_TOP_ITEMS}
      ),
      -- Per Beijing day: submissions of the cohort, and completions of the subtree on that day.
      days as (
        select day, sum(requests)::int as requests, sum(completed)::int as completed
        from (
          select ${dayOf(sql`submitted_at`)} as day, 1 as requests, 0 as completed from r
          union all
          select ${dayOf(sql`completed_at`)}, 0, 1
          from supply_requests
          where ${inSubtree(sql`org_path`, root.path)} and state = 'completed'
            and completed_at >= ${start} and completed_at < ${end}
        ) x
        group by 1
      )
      select
        (select coalesce(json_agg(g), '[]'::json) from groups g) as groups,
        (select coalesce(json_agg(m), '[]'::json) from medians m) as medians,
        (select count(distinct point_id)::int from d) as points,
        (select n from short) as short,
        (select coalesce(json_agg(x order by x.fen desc, x.qty desc, x.supplier_id nulls last), '[]'::json)
          from suppliers x) as suppliers,
        (select coalesce(json_agg(i order by i.requested desc, i.received desc, i.item_id), '[]'::json)
          from items i) as items,
        (select coalesce(json_agg(dd), '[]'::json) from days dd) as days`,
  );
  if (!one) throw new Error('supplies stats: no row');
  const blocks = one;

  const byState = new Map(requestStates.map((state) => [state, 0]));
  const byUrgency = new Map(urgencies.map((u) => [u, 0]));
  const byUnit = new Map<number, TSuppliesStats['byUnit'][number]>();
  const totals: TSuppliesStats['totals'] = {
    requests: 0,
    completed: 0,
    pointsServed: blocks.points,
    staffServed: 0,
    quantityDelivered: 0,
    valueDeliveredFen: 0,
    medianHoursToDelivery: null,
    shortLines: blocks.short,
  };
  for (const g of blocks.groups) {
    const fen = Number(g.fen);
    const done = g.state === 'completed' ? g.n : 0;
    totals.requests += g.n;
    totals.completed += done;
    totals.staffServed += g.staff;
    totals.quantityDelivered += g.qty;
    totals.valueDeliveredFen += fen;
    const st = requestStates.find((s) => s === g.state);
    if (st) byState.set(st, (byState.get(st) ?? 0) + g.n);
    const ur = urgencies.find((u) => u === g.urgency);
    if (ur) byUrgency.set(ur, (byUrgency.get(ur) ?? 0) + g.n);
    const unit = byUnit.get(g.org_id) ?? {
      org: { id: g.org_id, name: g.org_name },
      requests: 0,
      completed: 0,
      quantityDelivered: 0,
      valueDeliveredFen: 0,
    };
    unit.requests += g.n;
    unit.completed += done;
    unit.quantityDelivered += g.qty;
    unit.valueDeliveredFen += fen;
    byUnit.set(g.org_id, unit);
  }
  const medianOf = (u: Urgency | null) =>
    hours(blocks.medians.find((m) => (u === null ? m.by_urgency === 1 : m.urgency === u))?.hours);
  totals.medianHoursToDelivery = medianOf(null);

  const perDay = new Map(blocks.days.map((d) => [d.day, d]));
  const byDay: TSuppliesStats['byDay'] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const d = perDay.get(day);
    byDay.push({ day, requests: d?.requests ?? 0, completed: d?.completed ?? 0 });
  }

  return {
    from,
    to,
    org: { id: root.id, name: root.name },
    totals,
    byState: requestStates.map((state) => ({ state, count: byState.get(state) ?? 0 })),
    byUrgency: urgencies.map((urgency) => ({
      urgency,
      count: byUrgency.get(urgency) ?? 0,
      medianHoursToDelivery: medianOf(urgency),
    })),
    bySupplier: blocks.suppliers.map((s) => ({
      supplier: s.supplier_id === null ? null : { id: s.supplier_id, name: s.supplier_name ?? '' },
      quantityDelivered: s.qty,
      valueDeliveredFen: Number(s.fen),
    })),
    topItems: blocks.items.map((i) => ({
      itemId: i.item_id,
      name: i.name,
      unit: i.unit,
      requested: i.requested,
      approved: i.approved,
      received: i.received,
    })),
    byUnit: [...byUnit.values()].sort(
      (a, b) => b.requests - a.requests || b.valueDeliveredFen - a.valueDeliveredFen || a.org.id - b.org.id,
    ),
    byDay,
  };
}

const yuan = (fen: number) => Math.round(fen) / 100;
const orDash = (v: number | null) => (v === null ? '—' : v);

/** The dashboard as a workbook, one sheet per block with Chinese headers; the export is audited. */
export async function exportSuppliesStats(ctx: Ctx, q: TSuppliesStatsQuery) {
  const s = await getSuppliesStats(ctx, q);
  const d = SUPPLIES_STATS_DEFINITIONS;
  const x = SUPPLIES_STATS_EXTRA_DEFINITIONS;
  const t = s.totals;
  const sheets: Sheet[] = [
    {
      name: '总览',
      headers: [
        { header: '指标', width: 26 },
        { header: '数值', width: 18 },
        { header: '说明', width: 90 },
      ],
      rows: [
        ['统计范围', s.org.name, '本组织及全部下级单位提报的需求'],
        ['统计期', `${s.from} 至 ${s.to}`, '按提报日（北京时间），含首尾两天'],
        ['需求数', t.requests, d.requests],
        ['已完成', t.completed, x.completed],
        ['服务点位', t.pointsServed, d.points],
        ['服务人数', t.staffServed, x.staff],
        ['送达数量', t.quantityDelivered, d.delivered],
        ['送达价值（元）', yuan(t.valueDeliveredFen), d.delivered],
        ['需求到送达中位时长（小时）', orDash(t.medianHoursToDelivery), d.hours],
        ['短缺明细（行）', t.shortLines, d.short],
        ['物资排行（种）', s.topItems.length, x.topItems],
      ],
    },
    {
      name: '按状态',
      headers: [
        { header: '状态', width: 12 },
        { header: '需求数', width: 10 },
      ],
      rows: [...s.byState.map((b) => [requestStateLabels[b.state], b.count]), ['合计', t.requests]],
    },
    {
      name: '按紧急程度',
      headers: [
        { header: '紧急程度', width: 12 },
        { header: '需求数', width: 10 },
        { header: '需求到送达中位时长（小时）', width: 28 },
      ],
      rows: [
        ...s.byUrgency.map((b) => [urgencyLabels[b.urgency], b.count, orDash(b.medianHoursToDelivery)]),
        ['合计', t.requests, orDash(t.medianHoursToDelivery)],
      ],
    },
    {
      name: '按供应单位',
      headers: [
        { header: '供应单位', width: 30 },
        { header: '送达数量', width: 12 },
        { header: '送达价值（元）', width: 16 },
      ],
      rows: [
        ...s.bySupplier.map((b) => [
          b.supplier?.name ?? '工会采购',
          b.quantityDelivered,
          yuan(b.valueDeliveredFen),
        ]),
        ['合计', t.quantityDelivered, yuan(t.valueDeliveredFen)],
      ],
    },
    {
      name: '物资排行',
      headers: [
        { header: '排名', width: 8 },
        { header: '物资', width: 28 },
        { header: '单位', width: 8 },
        { header: '申请数量', width: 12 },
        { header: '审核数量', width: 12 },
        { header: '签收数量', width: 12 },
      ],
      rows: s.topItems.map((i, n) => [n + 1, i.name, i.unit, i.requested, i.approved, i.received]),
    },
    {
      name: '按单位',
      headers: [
        { header: '提报单位', width: 30 },
        { header: '需求数', width: 10 },
        { header: '已完成', width: 10 },
        { header: '送达数量', width: 12 },
        { header: '送达价值（元）', width: 16 },
      ],
      rows: [
        ...s.byUnit.map((u) => [
          u.org.name,
          u.requests,
          u.completed,
          u.quantityDelivered,
          yuan(u.valueDeliveredFen),
        ]),
        ['合计', t.requests, t.completed, t.quantityDelivered, yuan(t.valueDeliveredFen)],
      ],
    },
    {
      name: '每日',
      headers: [
        { header: '日期', width: 12 },
        { header: '提报', width: 8 },
        { header: '完成', width: 8 },
      ],
      rows: s.byDay.map((b) => [b.day, b.requests, b.completed]),
    },
  ];
  const buffer = await writeSheets(sheets);
  await recordAudit(ctx, {
    action: 'supplies.export',
    entityType: 'org',
    entityId: s.org.id,
    orgId: s.org.id,
    detail: { what: 'stats', from: s.from, to: s.to },
  });
  return { buffer, stats: s };
}
