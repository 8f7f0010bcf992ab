import { inArray, sql } from 'drizzle-orm';
import { beijingDay } from '../../../shared/dates.ts';
import { defaultSchemeDefinition, type TSchemeDefinition } from '../../../shared/duty.ts';
import { ZListProposalsQuery } from '../../../shared/proposals.ts';
import { sqlRows } from '../../db/client.ts';
import { users } from '../../platform/auth/auth.table.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { publish } from '../../platform/events/events.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { getProposal, listProposals } from '../proposals/proposals.service.ts';
import { congressFacts, type Seat, seatsOf } from '../proposals/seats.service.ts';
import { daysAgo, demoActor, demoCongress, demoRandom } from '../surveys/surveys.demo.ts';
import './duty.access.ts';
import { recomputePoints } from './duty.scoring.ts';
import './duty.subscribers.ts';
import { dutyRecords } from './duty.table.ts';
import { awardRecord, createManualRecord, transitionRecord } from './records.service.ts';
import { getScheme, saveScheme } from './scheme.service.ts';
import {
  checkIn,
  closeSession,
  createDutySession,
  listDutySessions,
  markAttendance,
} from './sessions.service.ts';

/**
 * 履职评价 demo data (issue #9, seed 004 平湖/林埭), invented, for 林埭镇总工会第一届会员代表大会:
 *
 * - the scheme: the default (v1) and a v2 saved by 钱干事 that raises 调研走访 (8 points a record, cap 24;
 *   note 提高调研走访分值), which re-scores the whole term;
 * - sessions: the congress's first session (代表大会: all checked in by QR but two — one on leave, one
 *   absent, a 无故缺席 penalty), the mid-year 代表联络日, and two 代表会议 (100 and 45 days ago) with
 *   leaves and one absence; attendance goes through the sessions service (QR check-in as each
 *   representative, leave marked by the cadre, closing marks the rest absent);
 * - representatives' own records: a few recent ones entered and approved through the records service,
 *   four pending for the cadre, one rejected with its reason; the rest of the term's entries (调研走访,
 *   线下联系职工, 参与审议, 督办反馈 since the first session) is bulk-inserted as approved, with its
 *   workflow history, exactly as entering and approving would have left it — a few hundred records
 *   through two use cases each would make every first start noticeably slower;
 * - awards: 提案获评优秀 for two representatives and a 履职记录不实 penalty;
 * - the 会员评议 records made when the surveys demo closed its 会员评议代表 survey (656 evaluations);
 * - the records of the 云履职 demo's back-dated proposals (submitted, co-signed, filed, rated): their
 *   events are published again with the original times, so the duty subscribers make them.
 *
 * The history tops the term up to the seed's 342 duty records (履职记录342条), counting what the other
 * demos' events (proposals, workers' messages answered, the 会员评议 survey) and the sessions made.
 * Three representatives (刘海燕, 胡月琴, 潘丽萍) have had nothing counted for over 30 days: the idle list
 * (刘海燕's only recent entry was rejected).
 */

/** The seed's 履职记录342条. */
export const DEMO_DUTY_RECORDS = 342;
/** Representatives idle for more than 30 days (their last record is older). */
export const IDLE_USERNAMES = ['ld_rep9', 'ld_rep18', 'ld_rep20'] as const;
export const SCHEME_V2_NOTE = '提高调研走访分值';

/** The scheme of version 2: 调研走访 earns 8 a record (was 5), capped at 24 (was 20). */
export const schemeV2: TSchemeDefinition = {
  ...defaultSchemeDefinition,
  indicators: defaultSchemeDefinition.indicators.map((i) =>
    i.code === 'research' ? { ...i, pointsPerRecord: 8, capPerTerm: 24 } : i,
  ),
};

export interface DutyDemoSummary {
  congressId: number;
  /** Events of the 云履职 demo's back-dated history published again for 履职评价. */
  replayedEvents: number;
  sessions: number;
  /** Records before the top-up (events, sessions, awards, entries through the service). */
  madeByServices: number;
  history: number;
  records: number;
  schemeMessage: string;
}

type SeatOf = Seat & { username: string };

const HISTORY: Record<'research' | 'contact' | 'review' | 'supervision', [string, string][]> = {
  research: [
    ['走访纺织公司职工宿舍，了解住宿条件', '走访 3 栋宿舍楼，热水供应时间短、晾衣区不足，已整理成建议。'],
    ['调研夜班职工就餐情况', '与 12 名夜班职工座谈，夜班食堂热菜少，形成调研报告报镇总工会。'],
    ['走访困难职工家庭', '走访 2 户困难职工家庭，了解医疗和子女就学困难，协助申请帮扶。'],
    ['调研新就业形态劳动者休息点需求', '走访园区外卖、快递站点，了解休息点、充电和饮水需求。'],
    ['参加园区企业安全生产检查', '随镇安监办检查 4 家企业，提出车间通风和消防通道整改意见。'],
    ['调研职工子女暑期托管需求', '发放问卷 86 份，七成双职工家庭有暑期托管需求。'],
    ['走访机械公司一线班组', '到焊接、装配班组了解高温作业防护用品发放情况。'],
  ],
  contact: [
    ['在车间班前会收集职工意见', '班前会收集意见 6 条：加班调休、通勤班车、劳保鞋更换等。'],
    ['接待职工来访，反映加班费计算问题', '接待 2 名职工，核对加班时长后向公司人力资源部反映，已补发。'],
    ['电话回访职工诉求办理情况', '回访上月反映食堂问题的 5 名职工，均表示已有改善。'],
    ['参加职工恳谈会', '参加公司季度职工恳谈会，转达职工对工资调整的意见。'],
    ['为新入职职工讲解工会会员权益', '为 20 名新入职职工讲解入会、互助保障和法律援助。'],
  ],
  review: [
    ['参加代表小组提案审议会议', '参加本组提案审议，对 3 件提案提出修改意见。'],
    ['参与提案初审', '参与镇总工会提案初审，审阅提案 5 件。'],
    ['参加代表大会分组讨论', '在分组讨论中就职工技能培训和子女托管发言。'],
  ],
  supervision: [
    ['跟踪督办“阳光学堂”建议办理', '到保丰村文化礼堂了解阳光学堂筹备，向提案职工反馈进展。'],
    ['到承办单位了解提案办理进度', '与承办单位沟通提案办理计划，约定月底前书面答复。'],
    ['向职工反馈提案办理结果', '把提案办理结果在班组微信群中逐条反馈职工。'],
  ],
};

/** Records per representative in the history (weights; the idle ones and a few quiet ones have fewer). */
const WEIGHT: Record<string, number> = {
  ph_rep: 18,
  ld_rep2: 16,
  ld_rep3: 14,
  ld_rep4: 15,
  ld_rep5: 17,
  ld_rep6: 12,
  ld_rep7: 13,
  ld_rep8: 12,
  ld_rep9: 10,
  ld_rep10: 11,
  ld_rep11: 9,
  ld_rep12: 12,
  ld_rep13: 13,
  ld_rep14: 14,
  ld_rep15: 11,
  ld_rep16: 10,
  ld_rep17: 6,
  ld_rep18: 9,
  ld_rep19: 5,
  ld_rep20: 6,
};

/** Seed the 林埭 term's duty demo; null without the congress or when it ran already. */
export async function seedDutyDemo(deps: Deps, now = Date.now()): Promise<DutyDemoSummary | null> {
  const db = deps.database.db;
  const congress = await demoCongress(deps);
  if (!congress) return null;
  const [done] = await sqlRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from duty_records where congress_id = ${congress.id} and source = 'manual'`,
  );
  if (Number(done?.n ?? 0) > 0) return null;
  return db.transaction(async (tx) => {
    const txDeps: Deps = { ...deps, database: { ...deps.database, db: tx } };
    const as = (username: string) => demoActor(txDeps, username);
    const cadre = await as('ld_cadre');
    await getScheme(cadre, congress.id); // installs the default scheme as version 1
    const seatRows = await seatsOf(tx, congress.id);
    const names = await tx
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(
        inArray(
          users.id,
          seatRows.map((s) => s.userId),
        ),
      );
    const usernameOf = new Map(names.map((u) => [u.id, u.username]));
    const seats = new Map<string, SeatOf>();
    for (const s of seatRows) {
      const username = usernameOf.get(s.userId);
      if (username) seats.set(username, { ...s, username });
    }
    const seat = (username: string) => {
      const s = seats.get(username);
      if (!s) throw new Error(`demo seat ${username} missing`);
      return s;
    };

    // ---- the 云履职 history's events, then sessions and attendance
    const replayed = await replayProposalEvents(cadre, congress.id, [...seats.values()]);
    const sessionCount = await seedSessions(txDeps, cadre, congress.id, [...seats.values()], now);

    // ---- awards (bonus 提案获评优秀, penalty 履职记录不实)
    const day = (d: number) => beijingDay(daysAgo(now, d));
    await awardRecord(cadre, {
      representativeId: seat('ph_rep').id,
      itemCode: 'excellent',
      title: '《关于开办职工子女暑期“阳光学堂”的建议》获评优秀提案',
      detail: '镇总工会提案工作委员会评定，126 名职工子女受益。',
      occurredOn: day(40),
    });
    await awardRecord(cadre, {
      representativeId: seat('ld_rep4').id,
      itemCode: 'excellent',
      title: '提案获评年度优秀提案',
      detail: '提案办理成效明显，职工满意。',
      occurredOn: day(38),
    });
    await awardRecord(cadre, {
      representativeId: seat('ld_rep16').id,
      itemCode: 'false_record',
      title: '填报的调研走访记录与实际不符',
      detail: '经核实，所填走访未实际开展，已作废该记录并扣分。',
      occurredOn: day(70),
    });

    // ---- entries through the records service: approved, pending (for the cadre), one rejected
    const enter = async (username: string, itemCode: string, title: string, detail: string, ago: number) =>
      createManualRecord(await as(username), {
        congressId: congress.id,
        itemCode,
        title,
        detail,
        occurredOn: day(ago),
      });
    for (const [username, itemCode, title, detail, ago] of [
      ['ph_rep', 'research', '走访纺织公司夜班职工', '夜班职工反映食堂 23 点后只有泡面，已整理成建议。', 9],
      ['ld_rep2', 'contact', '参加机械公司职工恳谈会', '收集技能等级与工资挂钩的意见 8 条。', 6],
      ['ld_rep3', 'review', '参加提案初审', '审阅电动车充电桩等提案 3 件。', 12],
      ['ld_rep14', 'supervision', '督办职工书屋建议办理', '到承办单位了解书屋选址和图书采购进度。', 15],
    ] as const) {
      const r = await enter(username, itemCode, title, detail, ago);
      await transitionRecord(cadre, r.id, 'approve');
    }
    for (const [username, itemCode, title, detail, ago] of [
      [
        'ph_rep',
        'contact',
        '在织造车间收集职工对高温津贴的意见',
        '班前会上收集意见 5 条，已向公司工会反映。',
        2,
      ],
      ['ld_rep5', 'research', '调研园区职工通勤班车需求', '发放问卷 60 份，早班班车座位不足最突出。', 4],
      [
        'ld_rep12',
        'contact',
        '接待职工反映劳保鞋更换问题',
        '2 名装配车间职工反映劳保鞋一年一换不够，已转公司。',
        3,
      ],
      ['ld_rep15', 'supervision', '督办焊接车间降温设备提案', '到车间查看新装冷风机运行情况。', 5],
    ] as const) {
      await enter(username, itemCode, title, detail, ago);
    }
    const wrong = await enter(
      'ld_rep9',
      'research',
      '参加公司年会',
      '参加公司年终总结大会并观看文艺演出。',
      20,
    );
    await transitionRecord(
      cadre,
      wrong.id,
      'reject',
      '公司年会不属于代表履职活动，请填报与联系职工、调研走访相关的内容',
    );

    // ---- the history: top the term up to the seed's 342 records
    const [made] = await sqlRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from duty_records where congress_id = ${congress.id}`,
    );
    const madeByServices = Number(made?.n ?? 0);
    const facts = await congressFacts(tx, congress.id);
    if (!facts) throw new Error('demo congress missing');
    const history = await seedHistory(
      cadre,
      facts,
      [...seats.values()],
      Math.max(0, DEMO_DUTY_RECORDS - madeByServices),
      now,
    );
    await recomputePoints(tx, congress.id);

    // ---- scheme v2: re-scores the whole term
    const saved = await saveScheme(cadre, congress.id, { definition: schemeV2, note: SCHEME_V2_NOTE });
    const [total] = await sqlRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from duty_records where congress_id = ${congress.id}`,
    );
    return {
      congressId: congress.id,
      replayedEvents: replayed,
      sessions: sessionCount,
      madeByServices,
      history,
      records: Number(total?.n ?? 0),
      schemeMessage: saved.recompute.message,
    };
  });
}

/**
 * The 云履职 demo inserts ten months of proposals straight into its tables (no events), so 履职评价
 * would not know that they were submitted, co-signed, filed and rated. Publish those events now, with
 * their original times, as 云履职 would have: the duty subscribers make the records (idempotently —
 * today's proposals, made through the services, already have theirs). Read through 云履职's services.
 */
async function replayProposalEvents(cadre: Ctx, congressId: number, seats: SeatOf[]): Promise<number> {
  const userOfSeat = new Map(seats.map((s) => [s.id, s.userId]));
  const page = await listProposals(cadre, ZListProposalsQuery.parse({ congressId, pageSize: 100 }));
  let n = 0;
  for (const summary of page.items) {
    const p = await getProposal(cadre, summary.id);
    const base = { congressId, proposalId: p.id, title: p.title, userId: p.proposer.id };
    const at = (event: string) => p.timeline.filter((e) => e.event === event).map((e) => new Date(e.at));
    for (const when of at('submit').slice(0, 1)) {
      await publish(cadre, 'proposals.proposal_submitted', { ...base, at: when });
      n += 1;
    }
    for (const c of p.cosigners) {
      const userId = userOfSeat.get(c.representativeId);
      if (c.state !== 'signed' || !c.signedAt || !userId) continue;
      await publish(cadre, 'proposals.proposal_cosigned', { ...base, userId, at: new Date(c.signedAt) });
      n += 1;
    }
    for (const when of at('file').slice(0, 1)) {
      await publish(cadre, 'proposals.proposal_filed', { ...base, at: when });
      n += 1;
    }
    const rated = [
      ...at('reopen').map((when) => ({ when, rating: 'unsatisfied' })),
      ...at('close').map((when) => ({ when, rating: p.satisfaction ?? 'satisfied' })),
    ].slice(0, 1);
    for (const r of rated) {
      await publish(cadre, 'proposals.proposal_rated', { ...base, rating: r.rating, at: r.when });
      n += 1;
    }
  }
  return n;
}

/**
 * Attendance of the congress's past sessions: the representatives check in by QR (at the session's
 * start), the cadre marks leaves, closing makes the rest absent. Two 代表会议 are created, relative to
 * today, so the list has recent meetings on any start date.
 */
async function seedSessions(deps: Deps, cadre: Ctx, congressId: number, seats: SeatOf[], now: number) {
  const meetingTime = (ago: number, from: string, to: string) => ({
    startsAt: daysAgo(now, ago, from).toISOString(),
    endsAt: daysAgo(now, ago, to).toISOString(),
  });
  await createDutySession(cadre, congressId, {
    title: '代表小组活动：走访园区企业职工之家',
    kind: 'meeting',
    venue: '林埭镇示范纺织有限公司职工之家',
    ...meetingTime(100, '14:00', '17:00'),
  });
  await createDutySession(cadre, congressId, {
    title: '提案办理情况通报会',
    kind: 'meeting',
    venue: '林埭镇总工会职工之家会议室',
    ...meetingTime(45, '14:00', '16:30'),
  });
  // Who was away: [username, note] on leave, and the one absent without leave, per session title.
  const away: Record<string, { leave: [string, string][]; absent: string[] }> = {
    第一届会员代表大会第一次会议: {
      leave: [['ld_rep11', '家中老人住院，已向镇总工会书面请假']],
      absent: ['ld_rep19'],
    },
    '第一届会员代表大会代表联络日（年中提案督办）': {
      leave: [['ld_rep18', '外出参加技能比武']],
      absent: [],
    },
    '代表小组活动：走访园区企业职工之家': {
      leave: [
        ['ld_rep8', '公司安排出差'],
        ['ld_rep13', '值夜班'],
      ],
      absent: ['ld_rep20'],
    },
    提案办理情况通报会: {
      leave: [
        ['ld_rep10', '配送高峰无法请假，已书面说明'],
        ['ld_rep17', '身体不适'],
      ],
      absent: [],
    },
  };
  const list = await listDutySessions(cadre, congressId);
  const past = list
    .filter((s) => Date.parse(s.endsAt) < now)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const rnd = demoRandom(9);
  for (const s of past) {
    const plan = away[s.title] ?? { leave: [], absent: [] };
    const notHere = new Set([...plan.leave.map(([u]) => u), ...plan.absent]);
    const start = Date.parse(s.startsAt);
    for (const seat of seats) {
      if (notHere.has(seat.username) || !s.checkinToken) continue;
      // Scanned between 30 minutes before and 10 minutes after the start.
      const at = new Date(start - 30 * 60_000 + Math.floor(rnd() * 40) * 60_000);
      await checkIn(await demoActor(deps, seat.username), s.checkinToken, at);
    }
    for (const [username, note] of plan.leave) {
      const seat = seats.find((x) => x.username === username);
      if (seat) await markAttendance(cadre, s.id, seat.id, { state: 'leave', note }, new Date(start));
    }
    await closeSession(cadre, s.id, new Date(Date.parse(s.endsAt)));
  }
  return list.length;
}

/**
 * The representatives' approved entries since the first session, `n` of them, spread by WEIGHT and
 * over the term so far (the idle ones stop 35 days ago). One insert for the records and one for their
 * workflow history (entered by the representative, approved by the cadre two days later).
 */
async function seedHistory(
  cadre: Ctx,
  congress: { id: number; orgId: number; orgPath: string; termStart: string },
  seats: SeatOf[],
  n: number,
  now: number,
): Promise<number> {
  if (n === 0) return 0;
  const tx = cadre.db;
  const actor = cadre.actor;
  if (!actor?.membership) throw new Error('demo cadre without membership');
  const sumW = seats.reduce((s, x) => s + (WEIGHT[x.username] ?? 10), 0);
  const counts = seats.map((x) => Math.floor((n * (WEIGHT[x.username] ?? 10)) / sumW));
  for (let i = 0; counts.reduce((s, c) => s + c, 0) < n; i++) {
    const k = i % seats.length;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  const items = ['research', 'contact', 'contact', 'review', 'supervision', 'contact', 'research'] as const;
  const termStart = Date.parse(`${congress.termStart}T09:00:00+08:00`);
  const firstDay = Math.max(termStart, Date.parse('2026-01-20T09:00:00+08:00'), now - 300 * 86_400_000);
  const rows: (typeof dutyRecords.$inferInsert & { createdAt: Date; reviewedAt: Date })[] = [];
  seats.forEach((seat, si) => {
    const idle = (IDLE_USERNAMES as readonly string[]).includes(seat.username);
    const lastDay = now - (idle ? 35 : 8) * 86_400_000;
    const m = counts[si] ?? 0;
    for (let j = 0; j < m; j++) {
      const item = items[(j + si) % items.length] ?? 'contact';
      const pool = HISTORY[item];
      const [title, detail] = pool[(j * 3 + si) % pool.length] ?? ['联系职工', '收集职工意见。'];
      // The last one on `lastDay`: active representatives always have a record of the last 30 days.
      const t = firstDay + Math.floor(((lastDay - firstDay) * (j + 1)) / Math.max(1, m));
      const occurredAt = new Date(`${beijingDay(new Date(t))}T00:00:00+08:00`);
      rows.push({
        congressId: congress.id,
        orgId: congress.orgId,
        orgPath: congress.orgPath,
        representativeId: seat.id,
        source: 'manual',
        itemCode: item,
        title,
        detail,
        occurredAt,
        state: 'approved',
        createdBy: seat.userId,
        reviewedBy: actor.userId,
        reviewedAt: new Date(occurredAt.getTime() + 2 * 86_400_000 + 10 * 3_600_000),
        createdAt: new Date(occurredAt.getTime() + 20 * 3_600_000),
        updatedAt: new Date(occurredAt.getTime() + 2 * 86_400_000 + 10 * 3_600_000),
      });
    }
  });
  const inserted = await tx.insert(dutyRecords).values(rows).returning({ id: dutyRecords.id });
  const seatById = new Map(seats.map((s) => [s.id, s]));
  const events = inserted.flatMap((r, i) => {
    const row = rows[i];
    const s = row ? seatById.get(row.representativeId) : undefined;
    if (!row || !s) return [];
    return [
      {
        entityType: 'duty.record',
        entityId: String(r.id),
        event: 'create',
        fromState: null,
        toState: 'pending',
        actorUserId: s.userId,
        actorName: s.name,
        actorRole: 'representative',
        note: '代表填报',
        at: row.createdAt,
      },
      {
        entityType: 'duty.record',
        entityId: String(r.id),
        event: 'approve',
        fromState: 'pending',
        toState: 'approved',
        actorUserId: actor.userId,
        actorName: actor.displayName,
        actorRole: actor.membership?.role ?? 'cadre',
        note: null,
        at: row.reviewedAt,
      },
    ];
  });
  for (let i = 0; i < events.length; i += 1000)
    await tx.insert(timelineEvents).values(events.slice(i, i + 1000));
  return inserted.length;
}

/** For the test: a representative's seat by username. */
export async function demoSeatIds(deps: Deps, congressId: number) {
  const seats = await seatsOf(deps.database.db, congressId);
  const names = await deps.database.db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(
      inArray(
        users.id,
        seats.map((s) => s.userId),
      ),
    );
  const byId = new Map(names.map((u) => [u.id, u.username]));
  return new Map(seats.map((s) => [byId.get(s.userId) ?? '', s.id]));
}
