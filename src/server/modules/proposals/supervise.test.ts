import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { DEFAULT_GRACE_DAYS, type TBoard } from '../../../shared/proposals.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import { registeredJobs } from '../../platform/jobs/jobs.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { buildProposalsScene, type ProposalsScene } from './proposals.fixture.ts';
import { appeals, proposals, referrals, superviseNotices } from './proposals.table.ts';
import { overdueDays, superviseDeadlines } from './supervise.service.ts';
import './supervise.jobs.ts';

/**
 * 督办: the board and the supervise-deadlines job with an injected clock — heads-up before the deadline,
 * one reminder after it, escalation to the acting org's parent `graceDays` after the reminder, each once
 * (also with two runs at once), a new deadline starting a new round, and other unions' records refused.
 */

let t: TestApp;
let s: ProposalsScene;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date();
const at = (ms: number) => new Date(now.getTime() + ms);

let handlingId: number;
let appealId: number;
let referralId: number;
let otherId: number;
let seq = 0;

async function buildProposal(over: Partial<typeof proposals.$inferInsert>) {
  seq += 1;
  const [p] = await t.database.db
    .insert(proposals)
    .values({
      code: `TA-TEST-${seq}`,
      congressId: s.congressId,
      orgId: s.township.id,
      orgPath: s.township.path,
      state: 'handling',
      kind: 'proposal',
      requestedKind: 'proposal',
      title: `关于增设厂区夜班公交的提案 ${seq}`,
      category: 'welfare',
      reasons: '夜班职工下班后无公交，步行回家不安全。',
      request: '建议增设 22:30 一班公交。',
      proposerRepId: s.rep1.repId,
      proposerUserId: s.rep1.user.id,
      cosignThreshold: 2,
      ...over,
    })
    .returning({ id: proposals.id });
  if (!p) throw new Error('proposal insert failed');
  return p.id;
}

const kindsTo = async (userId: number) =>
  (
    await t.database.db
      .select({ kind: notifications.kind, title: notifications.title, link: notifications.link })
      .from(notifications)
      .where(eq(notifications.userId, userId))
      .orderBy(notifications.id)
  ).filter((n) => n.kind.startsWith('proposals.supervise.'));

const board = async (who = s.cadre, query = '') => {
  const res = await who.agent.get(`/api/v1/proposals/board${query}`);
  expect(res.statusCode).toBe(200);
  return res.json() as TBoard;
};

beforeAll(async () => {
  t = await createTestApp();
  s = await buildProposalsScene(t);
  // Handled by the textile union, due in two hours.
  handlingId = await buildProposal({
    leadOrgId: s.textile.id,
    dueAt: at(2 * HOUR),
    handleDueAt: at(2 * HOUR),
  });
  // An appeal waiting for triage since an hour ago.
  const [a] = await t.database.db
    .insert(appeals)
    .values({
      code: 'YS-SUP-1',
      orgId: s.township.id,
      orgPath: s.township.path,
      state: 'open',
      kind: 'appeal',
      category: 'training',
      title: '希望开设数控技能培训班',
      text: '厂里很多职工想学数控，希望工会组织培训。',
      authorUserId: s.worker.user.id,
      authorOrgId: s.textile.id,
      dueAt: at(-HOUR),
    })
    .returning({ id: appeals.id });
  appealId = a?.id ?? 0;
  // A referral (manual) to the governance platform two days past its due time.
  const [ra] = await t.database.db
    .insert(appeals)
    .values({
      code: 'YS-SUP-2',
      orgId: s.township.id,
      orgPath: s.township.path,
      state: 'referred',
      kind: 'appeal',
      category: 'children',
      title: '货车司机孩子转学',
      text: '货车司机的孩子转学材料多，希望协调。',
      authorUserId: s.worker2.user.id,
      authorOrgId: s.textile.id,
    })
    .returning({ id: appeals.id });
  const [r] = await t.database.db
    .insert(referrals)
    .values({
      code: 'ZL-SUP-1',
      appealId: ra?.id ?? 0,
      orgId: s.township.id,
      orgPath: s.township.path,
      partnerOrgId: s.governance.id,
      mode: 'manual',
      state: 'delivered',
      payload: {},
      dueAt: at(-2 * DAY),
    })
    .returning({ id: referrals.id });
  referralId = r?.id ?? 0;
  // The other township's proposal waiting for its own supervision: never on our board.
  otherId = await buildProposal({
    congressId: s.otherCongressId,
    orgId: s.otherTownship.id,
    orgPath: s.otherTownship.path,
    proposerRepId: s.otherRep.repId,
    proposerUserId: s.otherRep.user.id,
    state: 'replied',
    dueAt: at(-3 * HOUR),
  });
  // Not watched: due in ten days, closed, or a draft.
  await buildProposal({ state: 'submitted', dueAt: at(10 * DAY) });
  await buildProposal({ state: 'closed', dueAt: at(-10 * DAY) });
  await buildProposal({ state: 'draft', dueAt: null });
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('supervise-deadlines', () => {
  it('sends a heads-up before the deadline and a reminder after it, to whoever must act', async () => {
    const counts = await superviseDeadlines(t.app.deps, now);
    expect(counts).toMatchObject({ headsUp: 1, reminders: 3, escalations: 0 });
    // The handling unit hears the deadline is near.
    const textile = await kindsTo(s.textileCadre.user.id);
    expect(textile.map((n) => n.kind)).toEqual(['proposals.supervise.remind']);
    expect(textile[0]?.title).toContain('即将到期');
    expect(textile[0]?.link).toBe(`/proposals/handling/${handlingId}`);
    // The union's cadres: the appeal to triage is overdue; the referral is overdue (with the partner).
    const cadre = await kindsTo(s.cadre.user.id);
    expect(cadre.map((n) => n.link).sort()).toEqual(
      [`/appeals/${appealId}`, `/referrals/${referralId}`].sort(),
    );
    expect(cadre.every((n) => n.title.startsWith('督办提醒'))).toBe(true);
    expect((await kindsTo(s.govPartner.user.id)).map((n) => n.link)).toEqual([
      `/referrals/assigned/${referralId}`,
    ]);
    // The other township's supervision reminder goes to its own cadres only.
    expect((await kindsTo(s.otherCadre.user.id)).map((n) => n.link)).toEqual([`/proposals/${otherId}`]);
    expect(await kindsTo(s.cityAdmin.user.id)).toEqual([]);
    // Reminders are in the audit log, on the platform's account.
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'proposals.supervise.remind'));
    expect(audit.length).toBe(3);
    expect(audit.every((a) => a.actorName === '系统')).toBe(true);
  });

  it('sends nothing twice', async () => {
    expect(await superviseDeadlines(t.app.deps, now)).toMatchObject({
      headsUp: 0,
      reminders: 0,
      escalations: 0,
    });
    expect(await superviseDeadlines(t.app.deps, at(HOUR))).toMatchObject({ notified: 0 });
    expect(await kindsTo(s.textileCadre.user.id)).toHaveLength(1);
  });

  it('two runs at once after the deadline send one reminder', async () => {
    const runs = await Promise.all([
      superviseDeadlines(t.app.deps, at(3 * HOUR)),
      superviseDeadlines(t.app.deps, at(3 * HOUR)),
    ]);
    expect(runs.reduce((n, r) => n + r.reminders, 0)).toBe(1);
    const textile = await kindsTo(s.textileCadre.user.id);
    expect(textile).toHaveLength(2);
    expect(textile[1]?.title).toContain('已逾期');
    const rows = await t.database.db
      .select()
      .from(superviseNotices)
      .where(and(eq(superviseNotices.subject, 'proposal'), eq(superviseNotices.subjectId, handlingId)));
    expect(rows.map((r) => r.level).sort()).toEqual([0, 1]);
  });

  it('escalates to the parent org graceDays after the reminder, once', async () => {
    // Just before the grace period ends for the proposal (reminded at +3 h): only the earlier ones.
    const early = await superviseDeadlines(t.app.deps, at(3 * HOUR + DEFAULT_GRACE_DAYS * DAY - HOUR));
    expect(early.escalations).toBe(3);
    expect(await kindsTo(s.cadre.user.id)).toHaveLength(2 + 1);
    const late = await superviseDeadlines(t.app.deps, at(3 * HOUR + DEFAULT_GRACE_DAYS * DAY));
    expect(late.escalations).toBe(1);
    // The textile union's proposal goes up to the township's cadres; the referral (acting: the
    // governance platform) too; the township's own overdue triage goes up to the city.
    const cadreEsc = (await kindsTo(s.cadre.user.id)).filter(
      (n) => n.kind === 'proposals.supervise.escalate',
    );
    expect(cadreEsc.map((n) => n.link).sort()).toEqual(
      [`/proposals/${handlingId}`, `/referrals/${referralId}`].sort(),
    );
    expect(cadreEsc[0]?.title).toContain('督办升级');
    expect(
      (await kindsTo(s.cadre2.user.id)).filter((n) => n.kind === 'proposals.supervise.escalate'),
    ).toHaveLength(2);
    // The city hears of both townships' steps still undone after the reminder.
    const city = await kindsTo(s.cityAdmin.user.id);
    expect(city.every((n) => n.kind === 'proposals.supervise.escalate')).toBe(true);
    expect(city.map((n) => n.link).sort()).toEqual([`/appeals/${appealId}`, `/proposals/${otherId}`].sort());
    expect(await superviseDeadlines(t.app.deps, at(4 * DAY))).toMatchObject({
      headsUp: 0,
      reminders: 0,
      escalations: 0,
    });
  });

  it('a new deadline (e.g. handling reopened) starts a new round', async () => {
    const newDue = at(40 * DAY);
    await t.database.db.update(proposals).set({ dueAt: newDue }).where(eq(proposals.id, handlingId));
    // Reminded again for the new deadline (with the review due at +10 days, missed by then too).
    expect((await superviseDeadlines(t.app.deps, at(40 * DAY + HOUR))).reminders).toBe(2);
    const rows = await t.database.db
      .select()
      .from(superviseNotices)
      .where(and(eq(superviseNotices.subjectId, handlingId), eq(superviseNotices.subject, 'proposal')));
    expect(rows.filter((r) => r.dueAt.getTime() === newDue.getTime()).map((r) => r.level)).toEqual([1]);
    await t.database.db
      .update(proposals)
      .set({ dueAt: at(-5 * HOUR) })
      .where(eq(proposals.id, handlingId));
  });

  it('is registered every 15 minutes', async () => {
    const job = registeredJobs().find((j) => j.name === 'supervise-deadlines');
    expect(job?.schedule).toBe('*/15 * * * *');
    // On the real clock: the proposal's current deadline (5 hours ago) gets its reminder, nothing else.
    expect(await job?.handler(t.app.deps, {})).toMatchObject({ headsUp: 0, reminders: 1, escalations: 0 });
  });
});

describe('督办看板 (board)', () => {
  it('shows the union’s overdue and due-soon steps with the acting org, reminders and escalation', async () => {
    const b = await board();
    const byKey = new Map(b.items.map((i) => [`${i.subject}:${i.id}`, i]));
    expect([...byKey.keys()].sort()).toEqual(
      [`proposal:${handlingId}`, `appeal:${appealId}`, `referral:${referralId}`].sort(),
    );
    expect(byKey.get(`appeal:${appealId}`)).toMatchObject({
      step: 'triage',
      handler: { id: s.township.id, name: '林埭镇总工会' },
      status: 'escalated',
      escalatedTo: { id: s.city.id, name: '平湖市总工会' },
      remindersSent: 2,
    });
    expect(byKey.get(`referral:${referralId}`)).toMatchObject({
      step: 'referral',
      handler: { id: s.governance.id },
      status: 'escalated',
      escalatedTo: { id: s.township.id },
      overdueDays: overdueDays(at(-2 * DAY), new Date()),
    });
    // The proposal's current deadline (moved back into the past) was reminded once by the job's run.
    expect(byKey.get(`proposal:${handlingId}`)).toMatchObject({
      step: 'handle',
      handler: { id: s.textile.id, name: '林埭镇示范纺织有限公司工会' },
      status: 'overdue',
      remindersSent: 1,
      escalatedTo: null,
    });
    expect(byKey.get(`proposal:${handlingId}`)?.lastReminderAt).not.toBeNull();
    expect(b.counts).toEqual({ dueSoon: 0, overdue: 1, escalated: 2 });
    expect(b.items.every((i) => i.subject !== 'proposal' || i.id !== otherId)).toBe(true);
  });

  it('filters by subject, status and org; counts are of the filtered subject', async () => {
    const onlyAppeals = await board(s.cadre, '?subject=appeal');
    expect(onlyAppeals.items.map((i) => i.id)).toEqual([appealId]);
    const escalated = await board(s.cadre, '?status=escalated');
    expect(escalated.items.every((i) => i.status === 'escalated')).toBe(true);
    expect(escalated.items).toHaveLength(2);
    const city = await board(s.cityAdmin, `?orgId=${s.township.id}`);
    expect(city.items).toHaveLength(3);
    const all = await board(s.cityAdmin);
    expect(all.items.map((i) => i.id)).toContain(otherId);
    const bad = await s.cadre.agent.get('/api/v1/proposals/board?status=late');
    expect(bad.statusCode).toBe(400);
  });

  it('due within 24 hours shows as due soon; later deadlines are not on the board', async () => {
    const soon = await buildProposal({ state: 'submitted', dueAt: at(5 * HOUR) });
    const b = await board(s.reviewer);
    expect(b.items.find((i) => i.id === soon && i.subject === 'proposal')).toMatchObject({
      step: 'review',
      status: 'due_soon',
      overdueDays: 0,
    });
    const far = await buildProposal({ state: 'submitted', dueAt: at(3 * DAY) });
    expect((await board(s.reviewer)).items.some((i) => i.id === far && i.subject === 'proposal')).toBe(false);
  });

  it('refuses other unions and members', async () => {
    const other = await board(s.otherCadre);
    expect(other.items.map((i) => `${i.subject}:${i.id}`)).toEqual([`proposal:${otherId}`]);
    expect((await s.otherCadre.agent.get(`/api/v1/proposals/board?orgId=${s.township.id}`)).statusCode).toBe(
      404,
    );
    expect((await s.worker.agent.get('/api/v1/proposals/board')).statusCode).toBe(403);
    expect((await s.rep1.agent.get('/api/v1/proposals/board')).statusCode).toBe(403);
    expect((await s.govPartner.agent.get('/api/v1/proposals/board')).statusCode).toBe(403);
  });

  it('counts overdue days in Beijing days', () => {
    const due = new Date('2026-11-20T23:59:59.999+08:00');
    expect(overdueDays(due, new Date('2026-11-20T12:00:00+08:00'))).toBe(0);
    expect(overdueDays(due, new Date('2026-11-21T00:30:00+08:00'))).toBe(1);
    expect(overdueDays(due, new Date('2026-11-23T09:00:00+08:00'))).toBe(3);
  });
});

describe('the proposer’s rating', () => {
  it('reminds the proposer on the H5 page and the union’s cadres on the console', async () => {
    const fb = await buildProposal({ state: 'feedback', dueAt: at(60 * DAY) });
    await superviseDeadlines(t.app.deps, at(60 * DAY + HOUR));
    const rep = (await kindsTo(s.rep1.user.id)).filter((n) => n.link?.endsWith(`/${fb}`));
    expect(rep.map((n) => n.link)).toEqual([`/m/congress/proposals/${fb}`]);
    const cadre = (await kindsTo(s.cadre.user.id)).filter((n) => n.link === `/proposals/${fb}`);
    expect(cadre).toHaveLength(1);
    expect(cadre[0]?.title).toContain('总结反馈');
  });
});
