import { eq, sql } from 'drizzle-orm';
import {
  appealStateLabels,
  appealStates,
  referralModeLabels,
  referralModes,
  referralStateLabels,
  referralStates,
} from '../../../shared/appeals.ts';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import {
  PROPOSAL_STATS_DEFINITION_TITLES,
  PROPOSAL_STATS_DEFINITIONS,
  PROPOSAL_STATS_MAX_DAYS,
  type TProposalStats,
  type TProposalStatsQuery,
} from '../../../shared/proposal-stats.ts';
import {
  openProposalStates,
  proposalCategories,
  proposalCategoryLabels,
  proposalStateLabels,
  proposalStates,
  satisfactionLabels,
  satisfactionLevels,
} from '../../../shared/proposals.ts';
import { sqlRows } from '../../db/client.ts';
import { authorize, inSubtree, isWithin } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalidField, notFound } from '../../platform/errors.ts';
import { type Sheet, writeSheets } from '../../platform/excel/excel.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';
import { congresses } from './proposals.table.ts';

/** Viewing (and exporting) the 云履职 dashboard of one's subtree; granted in proposals.access.ts. */
export const PROPOSALS_STATS_ACTION = 'proposals.stats';

/** Days between two ISO dates, both included. */
const daysInclusive = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
/** The first instant of a Beijing calendar day. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
/** a / b rounded to four places; null when b is 0. */
const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
/** The month after `month` (YYYY-MM). */
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/** The period asked for (default: the first day of the month eleven months back up to today), checked. */
export function proposalStatsPeriod(
  q: Pick<TProposalStatsQuery, 'from' | 'to'>,
  today = beijingDay(new Date()),
) {
  const to = q.to ?? today;
  let from = q.from;
  if (!from) {
    let month = to.slice(0, 7);
    for (let i = 0; i < 11; i += 1) {
      const [y, m] = month.split('-').map(Number) as [number, number];
      month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    }
    from = `${month}-01`;
  }
  if (from > to) throw invalidField('from', '起始日期不能晚于结束日期');
  if (daysInclusive(from, to) > PROPOSAL_STATS_MAX_DAYS) {
    throw invalidField('to', `统计期最长 ${PROPOSAL_STATS_MAX_DAYS} 天`);
  }
  return { from, to };
}

/**
 * The root of the counted subtree and the congress, if one was asked for. Other orgs' (or unknown)
 * orgs and congresses: 404; roles without the grant (workers, representatives, partners): 403.
 */
async function resolveScope(ctx: Ctx, q: TProposalStatsQuery) {
  const m = authorize(ctx, PROPOSALS_STATS_ACTION);
  let congress: { id: number; name: string; orgId: number } | null = null;
  if (q.congressId !== undefined) {
    const [c] = await ctx.db
      .select({ id: congresses.id, name: congresses.name, orgId: congresses.orgId })
      .from(congresses)
      .where(eq(congresses.id, q.congressId));
    if (!c) throw notFound('会员代表大会不存在或无权查看');
    congress = c;
  }
  const root = await findOrg(ctx.db, congress?.orgId ?? q.orgId ?? m.orgId);
  if (!root) throw notFound(congress ? '会员代表大会不存在或无权查看' : '组织不存在或无权查看');
  // Outside the caller's subtree: 404, the org or congress is not theirs to know about.
  if (!isWithin(root.path, m.orgPath)) {
    throw notFound(congress ? '会员代表大会不存在或无权查看' : '组织不存在或无权查看');
  }
  if (congress && q.orgId !== undefined && q.orgId !== congress.orgId) {
    throw invalidField('orgId', '所选会员代表大会不属于该组织');
  }
  return { root, congress };
}

interface TotalsRow {
  proposals: number;
  suggestions: number;
  withdrawn: number;
  closed: number;
  replied: number;
  on_time: number;
  overdue: number;
  reopened: number;
  p_satisfied: number;
  p_basically: number;
  p_unsatisfied: number;
}
interface AppealTotalsRow {
  appeals: number;
  excluded: number;
  closed: number;
  overdue: number;
  supports: number;
  satisfied: number;
  basically: number;
  unsatisfied: number;
}
interface ReferralTotalsRow {
  referrals: number;
  answered: number;
  on_time: number;
}
interface KindCountRow {
  k: string;
  proposals: number;
  suggestions: number;
}
interface CountRow {
  k: string;
  n: number;
}
interface OrgRow {
  id: number;
  name: string;
  proposals: number;
  appeals: number;
  replied: number;
  on_time: number;
  closed: number;
  overdue: number;
}
interface CongressRow {
  id: number;
  name: string;
  org_id: number;
  org_name: string;
  term_no: number;
  term_start: string;
  term_end: string;
  reps: number;
  proposers: number;
  proposals: number;
  suggestions: number;
  withdrawn: number;
  closed: number;
}
interface MonthRow {
  month: string;
  proposals: number;
  suggestions: number;
  appeals: number;
  closed: number;
  appeals_closed: number;
}

/**
 * 云履职统计, computed live in one SQL statement (one snapshot): the proposals and suggestions submitted,
 * appeals posted and referrals made in a period of Beijing days within the scope, with the definitions of
 * `PROPOSAL_STATS_DEFINITIONS`.
 */
export async function getProposalStats(ctx: Ctx, q: TProposalStatsQuery): Promise<TProposalStats> {
  const { root, congress } = await resolveScope(ctx, q);
  const { from, to } = proposalStatsPeriod(q);
  const start = dayStart(from);
  const end = dayStart(addDays(to, 1));
  const proposalScope = congress
    ? sql`p.congress_id = ${congress.id}`
    : inSubtree(sql`p.org_path`, root.path);
  const appealScope = congress ? sql`a.org_id = ${congress.orgId}` : inSubtree(sql`a.org_path`, root.path);
  const referralScope = congress ? sql`r.org_id = ${congress.orgId}` : inSubtree(sql`r.org_path`, root.path);
  const congressScope = congress ? sql`c.id = ${congress.id}` : inSubtree(sql`c.org_path`, root.path);
  const openStates = sql.join(
    openProposalStates.map((s) => sql`${s}`),
    sql`, `,
  );
  const month = (column: ReturnType<typeof sql>) =>
    sql`to_char(${column} at time zone 'Asia/Shanghai', 'YYYY-MM')`;

  const [one] = await sqlRows<{
    totals: TotalsRow;
    appeal_totals: AppealTotalsRow;
    referral_totals: ReferralTotalsRow;
    categories: KindCountRow[];
    appeal_categories: CountRow[];
    states: KindCountRow[];
    appeal_states: CountRow[];
    referral_modes: CountRow[];
    referral_states: CountRow[];
    orgs: OrgRow[];
    congresses: CongressRow[];
    months: MonthRow[];
  }>(
    ctx.db,
    sql`with p as materialized (
        select p.* from proposals p
        where ${proposalScope} and p.submitted_at >= ${start} and p.submitted_at < ${end}
      ),
      a as materialized (
        select a.* from appeals a
        where ${appealScope} and a.created_at >= ${start} and a.created_at < ${end}
      ),
      r as materialized (
        select r.* from referrals r
        where ${referralScope} and r.created_at >= ${start} and r.created_at < ${end}
      ),
      totals as (
        select count(*) filter (where kind = 'proposal')::int as proposals,
          count(*) filter (where kind = 'suggestion')::int as suggestions,
          count(*) filter (where state = 'withdrawn')::int as withdrawn,
          count(*) filter (where state = 'closed')::int as closed,
          count(*) filter (where replied_on_time is not null)::int as replied,
          count(*) filter (where replied_on_time)::int as on_time,
          count(*) filter (where state in (${openStates}) and due_at < now())::int as overdue,
          count(*) filter (where reopen_count > 0)::int as reopened,
          count(*) filter (where state = 'closed' and satisfaction = 'satisfied')::int as p_satisfied,
          count(*) filter (where state = 'closed' and satisfaction = 'basically')::int as p_basically,
          count(*) filter (where state = 'closed' and satisfaction = 'unsatisfied')::int as p_unsatisfied
        from p
      ),
      appeal_totals as (
        select count(*)::int as appeals,
          count(*) filter (where state in ('withdrawn', 'merged', 'to_proposal'))::int as excluded,
          count(*) filter (where state = 'closed')::int as closed,
          count(*) filter (where state in ('open', 'handling') and due_at < now())::int as overdue,
          coalesce(sum(support_count), 0)::int as supports,
          count(*) filter (where state = 'closed' and satisfaction = 'satisfied')::int as satisfied,
          count(*) filter (where state = 'closed' and satisfaction = 'basically')::int as basically,
          count(*) filter (where state = 'closed' and satisfaction = 'unsatisfied')::int as unsatisfied
        from a
      ),
      referral_totals as (
        select count(*)::int as referrals,
          count(*) filter (where state = 'answered')::int as answered,
          count(*) filter (where state = 'answered' and answered_at <= due_at)::int as on_time
        from r
      ),
      categories as (
        select category as k, count(*) filter (where kind = 'proposal')::int as proposals,
          count(*) filter (where kind = 'suggestion')::int as suggestions
        from p group by 1
      ),
      appeal_categories as (select category as k, count(*)::int as n from a group by 1),
      states as (
        select state as k, count(*) filter (where kind = 'proposal')::int as proposals,
          count(*) filter (where kind = 'suggestion')::int as suggestions
        from p group by 1
      ),
      appeal_states as (select state as k, count(*)::int as n from a group by 1),
      referral_modes as (select mode as k, count(*)::int as n from r group by 1),
      referral_states as (select state as k, count(*)::int as n from r group by 1),
      -- Handling units: the lead org of a proposal, the handler org of an appeal.
      org_items as (
        select lead_org_id as org_id, 1 as proposals, 0 as appeals,
          (replied_on_time is not null)::int as replied, coalesce(replied_on_time, false)::int as on_time,
          (state = 'closed')::int as closed, (state = 'handling' and due_at < now())::int as overdue
        from p where lead_org_id is not null
        union all
        select handler_org_id, 0, 1, (replied_at is not null)::int, 0, (state = 'closed')::int,
          (state = 'handling' and due_at < now())::int
        from a where handler_org_id is not null
      ),
      by_org as (
        select o.id, o.name, sum(i.proposals)::int as proposals, sum(i.appeals)::int as appeals,
          sum(i.replied)::int as replied, sum(i.on_time)::int as on_time, sum(i.closed)::int as closed,
          sum(i.overdue)::int as overdue
        from org_items i join orgs o on o.id = i.org_id
        group by o.id, o.name
      ),
      by_congress as (
        select c.id, c.name, o.id as org_id, o.name as org_name, c.term_no,
          c.term_start::text as term_start, c.term_end::text as term_end,
          (select count(*)::int from representatives rp where rp.congress_id = c.id and rp.active) as reps,
          (select count(distinct p.proposer_rep_id)::int from p where p.congress_id = c.id) as proposers,
          (select count(*)::int from p where p.congress_id = c.id and p.kind = 'proposal') as proposals,
          (select count(*)::int from p where p.congress_id = c.id and p.kind = 'suggestion') as suggestions,
          (select count(*)::int from p where p.congress_id = c.id and p.state = 'withdrawn') as withdrawn,
          (select count(*)::int from p where p.congress_id = c.id and p.state = 'closed') as closed
        from congresses c join orgs o on o.id = c.org_id
        where ${congressScope}
      ),
      -- Closed in the month (by the closing day), whenever submitted or posted.
      closed_p as (
        select ${month(sql`p.closed_at`)} as month, count(*)::int as n from proposals p
        where ${proposalScope} and p.state = 'closed' and p.closed_at >= ${start} and p.closed_at < ${end}
        group by 1
      ),
      closed_a as (
        select ${month(sql`a.closed_at`)} as month, count(*)::int as n from appeals a
        where ${appealScope} and a.state = 'closed' and a.closed_at >= ${start} and a.closed_at < ${end}
        group by 1
      ),
      sub_p as (
        select ${month(sql`p.submitted_at`)} as month,
          count(*) filter (where p.kind = 'proposal')::int as proposals,
          count(*) filter (where p.kind = 'suggestion')::int as suggestions
        from p group by 1
      ),
      sub_a as (select ${month(sql`a.created_at`)} as month, count(*)::int as n from a group by 1),
      months as (
        select m.month, coalesce(sp.proposals, 0) as proposals, coalesce(sp.suggestions, 0) as suggestions,
          coalesce(sa.n, 0) as appeals, coalesce(cp.n, 0) as closed, coalesce(ca.n, 0) as appeals_closed
        from (select month from sub_p union select month from sub_a union select month from closed_p
          union select month from closed_a) m
        left join sub_p sp on sp.month = m.month
        left join sub_a sa on sa.month = m.month
        left join closed_p cp on cp.month = m.month
        left join closed_a ca on ca.month = m.month
      )
      select
        (select row_to_json(t) from totals t) as totals,
        (select row_to_json(t) from appeal_totals t) as appeal_totals,
        (select row_to_json(t) from referral_totals t) as referral_totals,
        (select coalesce(json_agg(x), '[]'::json) from categories x) as categories,
        (select coalesce(json_agg(x), '[]'::json) from appeal_categories x) as appeal_categories,
        (select coalesce(json_agg(x), '[]'::json) from states x) as states,
        (select coalesce(json_agg(x), '[]'::json) from appeal_states x) as appeal_states,
        (select coalesce(json_agg(x), '[]'::json) from referral_modes x) as referral_modes,
        (select coalesce(json_agg(x), '[]'::json) from referral_states x) as referral_states,
        (select coalesce(json_agg(x order by x.proposals + x.appeals desc, x.id), '[]'::json)
          from by_org x) as orgs,
        (select coalesce(json_agg(x order by x.term_start desc, x.id), '[]'::json)
          from by_congress x) as congresses,
        (select coalesce(json_agg(x), '[]'::json) from months x) as months`,
  );
  if (!one) throw new Error('proposal stats: no row');

  const t = one.totals;
  const at = one.appeal_totals;
  const rt = one.referral_totals;
  const n = (rows: CountRow[], k: string) => rows.find((r) => r.k === k)?.n ?? 0;
  const kinds = (rows: KindCountRow[], k: string) => rows.find((r) => r.k === k);
  const perMonth = new Map(one.months.map((m) => [m.month, m]));
  const monthly: TProposalStats['monthly'] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = nextMonth(m)) {
    const row = perMonth.get(m);
    monthly.push({
      month: m,
      proposals: row?.proposals ?? 0,
      suggestions: row?.suggestions ?? 0,
      appeals: row?.appeals ?? 0,
      closed: row?.closed ?? 0,
      appealsClosed: row?.appeals_closed ?? 0,
    });
  }
  const submitted = t.proposals + t.suggestions;
  const pRated = t.p_satisfied + t.p_basically + t.p_unsatisfied;
  const aRated = at.satisfied + at.basically + at.unsatisfied;

  return {
    from,
    to,
    org: { id: root.id, name: root.name },
    congress: congress ? { id: congress.id, name: congress.name } : null,
    totals: {
      proposals: t.proposals,
      suggestions: t.suggestions,
      closed: t.closed,
      closureRate: rate(t.closed, submitted - t.withdrawn),
      replied: t.replied,
      repliedOnTime: t.on_time,
      onTimeRate: rate(t.on_time, t.replied),
      overdue: t.overdue,
      reopened: t.reopened,
      appeals: at.appeals,
      appealsClosed: at.closed,
      appealClosureRate: rate(at.closed, at.appeals - at.excluded),
      appealsOverdue: at.overdue,
      appealSupports: at.supports,
      referrals: rt.referrals,
      referralsAnswered: rt.answered,
      referralOnTimeRate: rate(rt.on_time, rt.answered),
    },
    satisfaction: {
      proposals: {
        satisfied: t.p_satisfied,
        basically: t.p_basically,
        unsatisfied: t.p_unsatisfied,
        rate: rate(t.p_satisfied + t.p_basically, pRated),
      },
      appeals: {
        satisfied: at.satisfied,
        basically: at.basically,
        unsatisfied: at.unsatisfied,
        rate: rate(at.satisfied + at.basically, aRated),
      },
    },
    byCategory: proposalCategories.map((category) => ({
      category,
      proposals: kinds(one.categories, category)?.proposals ?? 0,
      suggestions: kinds(one.categories, category)?.suggestions ?? 0,
      appeals: n(one.appeal_categories, category),
    })),
    byState: proposalStates
      .filter((s) => s !== 'draft' && s !== 'cosigning')
      .map((state) => ({
        state,
        proposals: kinds(one.states, state)?.proposals ?? 0,
        suggestions: kinds(one.states, state)?.suggestions ?? 0,
      })),
    appealsByState: appealStates.map((state) => ({ state, count: n(one.appeal_states, state) })),
    byOrg: one.orgs.map((o) => ({
      org: { id: o.id, name: o.name },
      proposals: o.proposals,
      appeals: o.appeals,
      replied: o.replied,
      repliedOnTime: o.on_time,
      closed: o.closed,
      overdue: o.overdue,
    })),
    referrals: {
      byMode: referralModes.map((mode) => ({ mode, count: n(one.referral_modes, mode) })),
      byState: referralStates.map((state) => ({ state, count: n(one.referral_states, state) })),
    },
    byCongress: one.congresses.map((c) => ({
      congress: { id: c.id, name: c.name },
      org: { id: c.org_id, name: c.org_name },
      termNo: c.term_no,
      termStart: c.term_start,
      termEnd: c.term_end,
      representatives: c.reps,
      activeProposers: c.proposers,
      proposals: c.proposals,
      suggestions: c.suggestions,
      closed: c.closed,
      closureRate: rate(c.closed, c.proposals + c.suggestions - c.withdrawn),
    })),
    monthly,
  };
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** The dashboard as a workbook, one sheet per block with Chinese headers; the export is audited. */
export async function exportProposalStats(ctx: Ctx, q: TProposalStatsQuery) {
  const s = await getProposalStats(ctx, q);
  const d = PROPOSAL_STATS_DEFINITIONS;
  const t = s.totals;
  const sat = s.satisfaction;
  const sheets: Sheet[] = [
    {
      name: '总览',
      headers: [
        { header: '指标', width: 24 },
        { header: '数值', width: 20 },
        { header: '说明', width: 100 },
      ],
      rows: [
        ['统计范围', s.congress ? `${s.org.name} · ${s.congress.name}` : s.org.name, d.scope],
        ['统计期', `${s.from} 至 ${s.to}`, d.period],
        ['提案', t.proposals, d.submitted],
        ['建议', t.suggestions, d.submitted],
        ['已办结', t.closed, d.closed],
        ['办结率', pct(t.closureRate), d.closureRate],
        ['已答复', t.replied, '提案建议中已有答复的件数'],
        ['按期答复', t.repliedOnTime, d.onTimeRate],
        ['按期答复率', pct(t.onTimeRate), d.onTimeRate],
        ['逾期未办', t.overdue, d.overdue],
        ['不满意重办', t.reopened, '提出人评价不满意、重新办理过的件数'],
        ['提案建议满意率', pct(sat.proposals.rate), d.satisfaction],
        ['职工诉求', t.appeals, d.period],
        ['诉求已办结', t.appealsClosed, d.closed],
        ['诉求办结率', pct(t.appealClosureRate), d.closureRate],
        ['诉求逾期未办', t.appealsOverdue, d.overdue],
        ['诉求附议人次', t.appealSupports, '统计期内发布的诉求累计获得的附议人次'],
        ['诉求满意率', pct(sat.appeals.rate), d.satisfaction],
        ['转治理平台', t.referrals, d.referrals],
        ['平台已答复', t.referralsAnswered, d.referrals],
        ['平台按期答复率', pct(t.referralOnTimeRate), d.onTimeRate],
      ],
    },
    {
      name: '类别',
      headers: [
        { header: '类别', width: 16 },
        { header: '提案', width: 10 },
        { header: '建议', width: 10 },
        { header: '职工诉求', width: 10 },
      ],
      rows: s.byCategory.map((c) => [
        proposalCategoryLabels[c.category],
        c.proposals,
        c.suggestions,
        c.appeals,
      ]),
    },
    {
      name: '提案建议状态',
      headers: [
        { header: '状态', width: 16 },
        { header: '提案', width: 10 },
        { header: '建议', width: 10 },
      ],
      rows: s.byState.map((b) => [proposalStateLabels[b.state], b.proposals, b.suggestions]),
    },
    {
      name: '诉求状态',
      headers: [
        { header: '状态', width: 16 },
        { header: '件数', width: 10 },
      ],
      rows: s.appealsByState.map((b) => [appealStateLabels[b.state], b.count]),
    },
    {
      name: '承办单位',
      headers: [
        { header: '承办单位', width: 32 },
        { header: '主办提案建议', width: 14 },
        { header: '承办诉求', width: 10 },
        { header: '已答复', width: 10 },
        { header: '按期答复（提案建议）', width: 20 },
        { header: '已办结', width: 10 },
        { header: '当前逾期', width: 10 },
      ],
      rows: s.byOrg.map((o) => [
        o.org.name,
        o.proposals,
        o.appeals,
        o.replied,
        o.repliedOnTime,
        o.closed,
        o.overdue,
      ]),
    },
    {
      name: '满意度',
      headers: [
        { header: '评价', width: 12 },
        { header: '提案建议', width: 10 },
        { header: '职工诉求', width: 10 },
      ],
      rows: [
        ...satisfactionLevels.map((l) => [satisfactionLabels[l], sat.proposals[l], sat.appeals[l]]),
        ['满意率', pct(sat.proposals.rate), pct(sat.appeals.rate)],
      ],
    },
    {
      name: '转治理平台',
      headers: [
        { header: '分类', width: 12 },
        { header: '项目', width: 16 },
        { header: '件数', width: 10 },
      ],
      rows: [
        ...s.referrals.byMode.map((m) => ['对接方式', referralModeLabels[m.mode], m.count]),
        ...s.referrals.byState.map((m) => ['平台办理状态', referralStateLabels[m.state], m.count]),
      ],
    },
    {
      name: '届次',
      headers: [
        { header: '会员代表大会', width: 36 },
        { header: '工会', width: 20 },
        { header: '届次', width: 8 },
        { header: '任期', width: 24 },
        { header: '在任代表', width: 10 },
        { header: '提出提案建议的代表', width: 18 },
        { header: '提案', width: 8 },
        { header: '建议', width: 8 },
        { header: '已办结', width: 8 },
        { header: '办结率', width: 10 },
      ],
      rows: s.byCongress.map((c) => [
        c.congress.name,
        c.org.name,
        c.termNo,
        `${c.termStart} 至 ${c.termEnd}`,
        c.representatives,
        c.activeProposers,
        c.proposals,
        c.suggestions,
        c.closed,
        pct(c.closureRate),
      ]),
    },
    {
      name: '月度趋势',
      headers: [
        { header: '月份', width: 10 },
        { header: '提案', width: 8 },
        { header: '建议', width: 8 },
        { header: '职工诉求', width: 10 },
        { header: '提案建议办结', width: 14 },
        { header: '诉求办结', width: 10 },
      ],
      rows: s.monthly.map((m) => [m.month, m.proposals, m.suggestions, m.appeals, m.closed, m.appealsClosed]),
    },
    {
      name: '口径说明',
      headers: [
        { header: '项目', width: 16 },
        { header: '说明', width: 110 },
      ],
      rows: (Object.keys(d) as (keyof typeof d)[]).map((k) => [PROPOSAL_STATS_DEFINITION_TITLES[k], d[k]]),
    },
  ];
  const buffer = await writeSheets(sheets);
  await recordAudit(ctx, {
    action: 'proposals.export',
    entityType: 'org',
    entityId: s.org.id,
    orgId: s.org.id,
    detail: { what: 'stats', from: s.from, to: s.to, congressId: s.congress?.id ?? null },
  });
  return { buffer, stats: s };
}
