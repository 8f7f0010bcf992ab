import { sql } from 'drizzle-orm';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import {
  complaintOutcomeLabels,
  complaintOutcomes,
  DEFAULT_ACCEPT_MINUTES,
  DEFAULT_DELIVER_MINUTES,
  ERRAND_STATS_DEFINITIONS,
  type ItemKind,
  itemKindLabels,
  itemKinds,
  type RequesterKind,
  requesterKindLabels,
  requesterKinds,
  type TErrandStats,
  type TErrandStatsQuery,
} from '../../../shared/errands.ts';
import { sqlRows } from '../../db/client.ts';
import { authorize, inSubtree } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalidField, notFound } from '../../platform/errors.ts';
import { type Sheet, writeSheets } from '../../platform/excel/excel.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';

/** Viewing (and exporting) the 及时送 dashboard of one's subtree; granted in errands.access.ts. */
export const ERRANDS_STATS_ACTION = 'errands.stats';
/** The longest period the dashboard counts, in days (a leap year). */
export const ERRANDS_STATS_MAX_DAYS = 366;
/** Days counted when no period is given (up to today, Beijing). */
export const ERRANDS_STATS_DEFAULT_DAYS = 30;

/** Figures the shared definitions do not cover, as the dashboard and the export explain them. */
export const ERRAND_STATS_EXTRA_DEFINITIONS = {
  dispatch: '派单用时（中位数）：已派单工单从来电到（最近一次）派单的分钟数，取中位数',
  byDay: '每日：按来电日（北京时间）计；已送达、送达用时为当日来电的工单中已送达者',
  byItemKind: '物品类别：一张工单可含多类物品，各类分别计数',
  byCourier:
    '快递员：按目前承接的快递合作单位和快递员计；已派单未接单的计入“未接单”，已取消的工单不计；退回次数按快递员的退回记录计',
  overdueRule: `超时标准按服务工会的设置（未设置时沿用上级设置，默认派单后 ${DEFAULT_ACCEPT_MINUTES} 分钟内接单、来电后 ${DEFAULT_DELIVER_MINUTES} 分钟内送达）；未完成的工单按当前时间计`,
} as const;

type ComplaintOutcome = (typeof complaintOutcomes)[number];

/** Days between two ISO dates, both included. */
const daysInclusive = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
/** The first instant of a Beijing calendar day. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
/** Minutes rounded to one decimal; null stays null. */
const minutes = (v: number | string | null | undefined) =>
  v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10;

/** The period asked for (default: the last 30 days up to today, Beijing), checked. */
export function errandStatsPeriod(q: Pick<TErrandStatsQuery, 'from' | 'to'>, today = beijingDay(new Date())) {
  const to = q.to ?? (q.from ? addDays(q.from, ERRANDS_STATS_DEFAULT_DAYS - 1) : today);
  const from = q.from ?? addDays(to, -(ERRANDS_STATS_DEFAULT_DAYS - 1));
  if (from > to) throw invalidField('from', '起始日期不能晚于结束日期');
  if (daysInclusive(from, to) > ERRANDS_STATS_MAX_DAYS) {
    throw invalidField('to', `统计期最长 ${ERRANDS_STATS_MAX_DAYS} 天`);
  }
  return { from, to };
}

/** The root org of the counted subtree: the caller's own, or one inside it (else 404). Couriers, workers: 403. */
async function resolveRoot(ctx: Ctx, orgId: number | undefined) {
  const m = authorize(ctx, ERRANDS_STATS_ACTION);
  const root = await findOrg(ctx.db, orgId ?? m.orgId);
  if (!root) throw notFound('组织不存在或无权查看');
  authorize(ctx, ERRANDS_STATS_ACTION, { orgPath: root.path });
  return root;
}

interface TotalsRow {
  errands: number;
  delivered: number;
  cancelled: number;
  open: number;
  overdue: number;
  median: number | string | null;
  p90: number | string | null;
  dispatch_median: number | string | null;
}
interface DayRow {
  day: string;
  errands: number;
  delivered: number;
  median: number | string | null;
}
interface KindRow {
  kind: string;
  n: number;
}
interface CourierRow {
  org_id: number;
  org_name: string;
  user_id: number | null;
  user_name: string | null;
  errands: number;
  delivered: number;
  declined: number;
  median: number | string | null;
}
interface ComplaintRow {
  outcome: string | null;
  n: number;
}

/**
 * 及时送统计: the errands of the subtree's unions called in (or asked for) in a period of Beijing
 * calendar days, computed live in SQL (merged duplicates excluded): counts, call-to-delivery and
 * call-to-dispatch minutes (median and 90th percentile), overdue errands against each org's inherited
 * thresholds, per day, item kind, requester kind and courier, and the complaints received in the period
 * with how they ended.
 */
export async function getErrandStats(ctx: Ctx, q: TErrandStatsQuery): Promise<TErrandStats> {
  const root = await resolveRoot(ctx, q.orgId);
  const { from, to } = errandStatsPeriod(q);
  const start = dayStart(from);
  const end = dayStart(addDays(to, 1));
  const toDelivery = sql`extract(epoch from e.delivered_at - e.called_at) / 60`;

  // One statement, so one snapshot; each block comes back as JSON.
  const [one] = await sqlRows<{
    totals: TotalsRow;
    days: DayRow[];
    item_kinds: KindRow[];
    requester_kinds: KindRow[];
    couriers: CourierRow[];
    complaints: ComplaintRow[];
  }>(
    ctx.db,
    sql`with e as materialized (
        select e.id, e.org_id, e.org_path, e.state, e.requester_kind, e.item_kinds, e.courier_org_id,
          e.courier_user_id, e.called_at, e.dispatched_at, e.accepted_at, e.delivered_at
        from errands e
        where ${inSubtree(sql`e.org_path`, root.path)} and e.state <> 'merged'
          and e.called_at >= ${start} and e.called_at < ${end}
      ),
      -- Each union's thresholds: its own row, else its nearest ancestor's, else the defaults.
      thresholds as (
        select u.org_id,
          coalesce(s.accept_minutes, ${DEFAULT_ACCEPT_MINUTES}) as accept_minutes,
          coalesce(s.deliver_minutes, ${DEFAULT_DELIVER_MINUTES}) as deliver_minutes
        from (select distinct org_id, org_path from e) u
        left join lateral (
          select s.accept_minutes, s.deliver_minutes
          from errand_org_settings s join orgs o on o.id = s.org_id
          where u.org_path = o.path or u.org_path like o.path || '.%'
          order by o.depth desc
          limit 1
        ) s on true
      ),
      flagged as (
        select e.*, (
          (e.dispatched_at is not null and coalesce(e.accepted_at,
              case when e.state = 'dispatched' then now() end) - e.dispatched_at
            > make_interval(mins => t.accept_minutes))
          or (coalesce(e.delivered_at,
              case when e.state in ('pending', 'dispatched', 'accepted', 'picked_up') then now() end)
              - e.called_at > make_interval(mins => t.deliver_minutes))
        ) as overdue
        from e join thresholds t on t.org_id = e.org_id
      ),
      totals as (
        select count(*)::int as errands,
          count(*) filter (where e.state = 'delivered')::int as delivered,
          count(*) filter (where e.state = 'cancelled')::int as cancelled,
          count(*) filter (where e.state in ('pending', 'dispatched', 'accepted', 'picked_up'))::int as open,
          count(*) filter (where e.overdue)::int as overdue,
          percentile_cont(0.5) within group (order by ${toDelivery})
            filter (where e.state = 'delivered') as median,
          percentile_cont(0.9) within group (order by ${toDelivery})
            filter (where e.state = 'delivered') as p90,
          percentile_cont(0.5) within group (
            order by extract(epoch from e.dispatched_at - e.called_at) / 60
          ) filter (where e.dispatched_at is not null) as dispatch_median
        from flagged e
      ),
      days as (
        select to_char(e.called_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day,
          count(*)::int as errands,
          count(*) filter (where e.state = 'delivered')::int as delivered,
          percentile_cont(0.5) within group (order by ${toDelivery})
            filter (where e.state = 'delivered') as median
        from e group by 1
      ),
      item_kinds as (
        select k.kind, count(*)::int as n
        from e cross join lateral (select distinct jsonb_array_elements_text(e.item_kinds) as kind) k
        group by 1
      ),
      requester_kinds as (select e.requester_kind as kind, count(*)::int as n from e group by 1),
      -- Declines by each courier on the cohort's errands, from the timeline.
      declines as (
        select te.actor_user_id as user_id, count(*)::int as n
        from timeline_events te join e on te.entity_id = e.id::text
        where te.entity_type = 'errands.errand' and te.event = 'decline' and te.actor_user_id is not null
        group by 1
      ),
      courier_errands as (
        select e.courier_org_id as org_id, e.courier_user_id as user_id, count(*)::int as errands,
          count(*) filter (where e.state = 'delivered')::int as delivered,
          percentile_cont(0.5) within group (order by ${toDelivery})
            filter (where e.state = 'delivered') as median
        -- A cancelled errand is no courier's work, and not one awaiting a courier (未接单).
        from e where e.courier_org_id is not null and e.state <> 'cancelled'
        group by 1, 2
      ),
      -- A courier who only declined is listed under the courier org they belong to.
      decliners as (
        select d.user_id, (
          select m.org_id from memberships m join orgs o on o.id = m.org_id
          where m.user_id = d.user_id and m.role = 'partner' and o.type = 'courier'
          order by m.id limit 1
        ) as org_id
        from declines d
      ),
      couriers as (
        select o.id as org_id, o.name as org_name, u.id as user_id, u.display_name as user_name,
          coalesce(c.errands, 0) as errands, coalesce(c.delivered, 0) as delivered,
          coalesce(d.n, 0) as declined, c.median
        from (
          select org_id, user_id from courier_errands
          union
          select org_id, user_id from decliners where org_id is not null
        ) k
        join orgs o on o.id = k.org_id
        left join users u on u.id = k.user_id
        left join courier_errands c on c.org_id = k.org_id and c.user_id is not distinct from k.user_id
        left join declines d on d.user_id = k.user_id
      ),
      complaints as (
        select c.outcome, count(*)::int as n
        from errand_complaints c
        where ${inSubtree(sql`c.org_path`, root.path)}
          and c.created_at >= ${start} and c.created_at < ${end}
        group by 1
      )
      select
        (select row_to_json(t) from totals t) as totals,
        (select coalesce(json_agg(d), '[]'::json) from days d) as days,
        (select coalesce(json_agg(k), '[]'::json) from item_kinds k) as item_kinds,
        (select coalesce(json_agg(k), '[]'::json) from requester_kinds k) as requester_kinds,
        (select coalesce(json_agg(c order by c.errands desc, c.delivered desc, c.org_id,
          c.user_id nulls last), '[]'::json) from couriers c) as couriers,
        (select coalesce(json_agg(c), '[]'::json) from complaints c) as complaints`,
  );
  if (!one) throw new Error('errand stats: no row');

  const perDay = new Map(one.days.map((d) => [d.day, d]));
  const byDay: TErrandStats['byDay'] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const d = perDay.get(day);
    byDay.push({
      day,
      errands: d?.errands ?? 0,
      delivered: d?.delivered ?? 0,
      medianMinutesToDelivery: minutes(d?.median),
    });
  }
  const countOf = (rows: KindRow[], kind: string) => rows.find((r) => r.kind === kind)?.n ?? 0;
  const complaintsOf = (outcome: ComplaintOutcome | null) =>
    one.complaints.find((c) => c.outcome === outcome)?.n ?? 0;
  const complaints = one.complaints.reduce((n, c) => n + c.n, 0);
  const t = one.totals;

  return {
    from,
    to,
    org: { id: root.id, name: root.name },
    totals: {
      errands: t.errands,
      delivered: t.delivered,
      cancelled: t.cancelled,
      open: t.open,
      overdue: t.overdue,
      medianMinutesToDelivery: minutes(t.median),
      p90MinutesToDelivery: minutes(t.p90),
      medianMinutesToDispatch: minutes(t.dispatch_median),
      complaints,
      complaintsAnswered: complaints - complaintsOf(null),
    },
    byDay,
    byItemKind: itemKinds.map((kind: ItemKind) => ({ kind, errands: countOf(one.item_kinds, kind) })),
    byRequesterKind: requesterKinds.map((kind: RequesterKind) => ({
      kind,
      errands: countOf(one.requester_kinds, kind),
    })),
    byCourier: one.couriers.map((c) => ({
      courierOrg: { id: c.org_id, name: c.org_name },
      courier: c.user_id === null ? null : { id: c.user_id, name: c.user_name ?? '' },
      errands: c.errands,
      delivered: c.delivered,
      declined: c.declined,
      medianMinutesToDelivery: minutes(c.median),
    })),
    complaintsByOutcome: [...complaintOutcomes, null].map((outcome) => ({
      outcome,
      count: complaintsOf(outcome),
    })),
  };
}

const orDash = (v: number | null) => (v === null ? '—' : v);

/** The dashboard as a workbook, one sheet per block with Chinese headers; the export is audited. */
export async function exportErrandStats(ctx: Ctx, q: TErrandStatsQuery) {
  const s = await getErrandStats(ctx, q);
  const d = ERRAND_STATS_DEFINITIONS;
  const x = ERRAND_STATS_EXTRA_DEFINITIONS;
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
        ['统计范围', s.org.name, '本组织及全部下级单位的及时送工单'],
        ['统计期', `${s.from} 至 ${s.to}`, '按来电日（北京时间），含首尾两天'],
        ['工单数', t.errands, d.errands],
        ['已送达', t.delivered, d.delivered],
        ['已取消', t.cancelled, '其中已取消的工单数'],
        ['处理中', t.open, '其中尚未送达、也未取消的工单数'],
        ['送达用时中位数（分钟）', orDash(t.medianMinutesToDelivery), d.median],
        ['90% 送达用时（分钟）', orDash(t.p90MinutesToDelivery), d.p90],
        ['派单用时中位数（分钟）', orDash(t.medianMinutesToDispatch), x.dispatch],
        ['超时', t.overdue, `${d.overdue}。${x.overdueRule}`],
        ['投诉', t.complaints, d.complaints],
        ['已答复投诉', t.complaintsAnswered, '其中已答复的投诉数'],
      ],
    },
    {
      name: '每日',
      headers: [
        { header: '日期', width: 12 },
        { header: '工单数', width: 10 },
        { header: '已送达', width: 10 },
        { header: '送达用时中位数（分钟）', width: 24 },
      ],
      rows: s.byDay.map((b) => [b.day, b.errands, b.delivered, orDash(b.medianMinutesToDelivery)]),
    },
    {
      name: '物品类别',
      headers: [
        { header: '物品类别', width: 14 },
        { header: '工单数', width: 10 },
      ],
      rows: s.byItemKind.map((b) => [itemKindLabels[b.kind], b.errands]),
    },
    {
      name: '服务对象',
      headers: [
        { header: '服务对象', width: 16 },
        { header: '工单数', width: 10 },
      ],
      rows: [...s.byRequesterKind.map((b) => [requesterKindLabels[b.kind], b.errands]), ['合计', t.errands]],
    },
    {
      name: '快递员',
      headers: [
        { header: '快递合作单位', width: 30 },
        { header: '快递员', width: 14 },
        { header: '工单数', width: 10 },
        { header: '已送达', width: 10 },
        { header: '退回次数', width: 10 },
        { header: '送达用时中位数（分钟）', width: 24 },
      ],
      rows: s.byCourier.map((c) => [
        c.courierOrg.name,
        c.courier?.name ?? '未接单',
        c.errands,
        c.delivered,
        c.declined,
        orDash(c.medianMinutesToDelivery),
      ]),
    },
    {
      name: '投诉',
      headers: [
        { header: '处理结果', width: 18 },
        { header: '投诉数', width: 10 },
      ],
      rows: [
        ...s.complaintsByOutcome.map((c) => [
          c.outcome === null ? '待答复' : complaintOutcomeLabels[c.outcome],
          c.count,
        ]),
        ['合计', t.complaints],
      ],
    },
  ];
  const buffer = await writeSheets(sheets);
  await recordAudit(ctx, {
    action: 'errands.export',
    entityType: 'org',
    entityId: s.org.id,
    orgId: s.org.id,
    detail: { what: 'stats', from: s.from, to: s.to },
  });
  return { buffer, stats: s };
}
