import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import type { TProposal, TProposalSummary } from '../../../shared/proposals.ts';
import { findJob } from '../../platform/jobs/registry.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import {
  backdateProposal,
  buildProposalsScene,
  buildRepresentative,
  fixtureCtx,
  type ProposalsScene,
  proposalDraftInput,
  proposalRow,
  type SceneUser,
} from './proposals.fixture.ts';
import { closeCosignWindows } from './proposals.service.ts';
import { proposals, representatives } from './proposals.table.ts';

/**
 * 线上提交 (issue #8): drafting, who sees what, co-signing (threshold, window, the job that closes it),
 * withdrawals, and refusals for other orgs and roles.
 */

let t: TestApp;
let s: ProposalsScene;
const BASE = '/api/v1/proposals/proposals';

beforeAll(async () => {
  t = await createTestApp();
  s = await buildProposalsScene(t);
});
afterAll(async () => {
  await t.close();
});

async function draft(over: Record<string, unknown> = {}, who: SceneUser = s.rep1): Promise<TProposal> {
  const res = await who.agent.post(BASE, proposalDraftInput(s, over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function act(
  who: SceneUser,
  id: number,
  path: string,
  body?: unknown,
  status = 200,
): Promise<TProposal> {
  const res = await who.agent.post(`${BASE}/${id}/${path}`, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

async function cosigning(invite: number[] = []): Promise<TProposal> {
  const p = await draft({ cosignerIds: invite });
  return act(s.rep1, p.id, 'open-cosign');
}

const ids = (page: { items: TProposalSummary[] }) => page.items.map((i) => i.id);
const notesOf = async (id: number) =>
  (
    await t.database.db
      .select()
      .from(timelineEvents)
      .where(
        and(eq(timelineEvents.entityType, 'proposals.proposal'), eq(timelineEvents.entityId, String(id))),
      )
      .orderBy(asc(timelineEvents.id))
  ).map((e) => [e.event, e.note]);

describe('drafting', () => {
  it('a representative drafts a proposal inviting co-signers; it is theirs alone', async () => {
    const p = await draft({ cosignerIds: [s.rep2.repId, s.rep3.repId] });
    expect(p.state).toBe('draft');
    expect(p.kind).toBe('proposal');
    expect(p.requestedKind).toBe('proposal');
    expect(p.code).toMatch(/^TA\d{8}-\d{5}$/);
    expect(p.org).toEqual({ id: s.township.id, name: '林埭镇总工会' });
    expect(p.proposer).toEqual({ id: s.rep1.user.id, name: '沈代表', org: s.textile.name });
    expect(p.cosignThreshold).toBe(2);
    expect(p.cosigners.map((c) => [c.representativeId, c.name, c.state])).toEqual([
      [s.rep2.repId, '杨代表', 'invited'],
      [s.rep3.repId, '钟代表', 'invited'],
    ]);
    expect(p.can).toMatchObject({
      edit: true,
      openCosign: true,
      submit: true,
      withdraw: true,
      cosign: false,
      review: false,
      rate: false,
    });
    expect(p.steps.map((x) => [x.step, x.label, x.status])).toEqual([
      ['submit', '线上提交', 'current'],
      ['review', '代表审议', 'pending'],
      ['handle', '办理落实', 'pending'],
      ['supervise', '执行督查', 'pending'],
      ['feedback', '总结反馈', 'pending'],
    ]);
    // Nobody was told yet: invitations go out when co-signing opens.
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, s.rep2.user.id));
    expect(told).toHaveLength(0);
    const mine = (await s.rep1.agent.get(`${BASE}?scope=mine`)).json();
    expect(ids(mine)).toContain(p.id);
    // A draft is private: staff, invitees, members, other orgs get 404 and do not list it.
    for (const who of [s.cadre, s.reviewer, s.rep2, s.worker, s.otherCadre, s.auditor]) {
      expect((await who.agent.get(`${BASE}/${p.id}`)).statusCode, who.displayName).toBe(404);
      expect(ids((await who.agent.get(`${BASE}?pageSize=100`)).json())).not.toContain(p.id);
    }
  });

  it('a suggestion gets a JY code; edits replace the invitation list while a draft', async () => {
    const p = await draft({ kind: 'suggestion', cosignerIds: [s.rep2.repId] });
    expect(p.code).toMatch(/^JY/);
    const res = await s.rep1.agent.patch(`${BASE}/${p.id}`, {
      title: '关于增加职工技能培训班次的建议',
      cosignerIds: [s.rep3.repId, s.rep4.repId],
    });
    expect(res.statusCode, res.body).toBe(200);
    const q = res.json() as TProposal;
    expect(q.title).toBe('关于增加职工技能培训班次的建议');
    expect(q.cosigners.map((c) => c.representativeId)).toEqual([s.rep3.repId, s.rep4.repId]);
    // Nobody else may edit it.
    expect((await s.rep2.agent.patch(`${BASE}/${p.id}`, { title: '改个标题试试看' })).statusCode).toBe(404);
  });

  it('rejects bad input with field details', async () => {
    const res = await s.rep1.agent.post(
      BASE,
      proposalDraftInput(s, { title: '短', category: 'nope', reasons: '' }),
    );
    expect(res.statusCode).toBe(400);
    const fields = JSON.stringify(res.json());
    expect(fields).toContain('title');
    expect(fields).toContain('category');
    // Inviting a representative of another congress, or oneself only, is refused / ignored.
    const bad = await s.rep1.agent.post(BASE, proposalDraftInput(s, { cosignerIds: [s.otherRep.repId] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('cosignerIds');
    const self = await draft({ cosignerIds: [s.rep1.repId] });
    expect(self.cosigners).toEqual([]);
    // Another union's congress: not the representative's.
    const other = await s.rep1.agent.post(BASE, proposalDraftInput(s, { congressId: s.otherCongressId }));
    expect(other.statusCode).toBe(400);
    expect(other.json().error.details[0].field).toBe('congressId');
  });

  it('only representatives with a seat in the congress draft', async () => {
    expect((await s.worker.agent.post(BASE, proposalDraftInput(s))).statusCode).toBe(403);
    expect((await s.cadre.agent.post(BASE, proposalDraftInput(s))).statusCode).toBe(403);
    const foreign = await s.otherRep.agent.post(BASE, proposalDraftInput(s));
    expect(foreign.statusCode).toBe(400);
    expect(
      await t.database.db.select().from(proposals).where(eq(proposals.proposerUserId, s.otherRep.user.id)),
    ).toHaveLength(0);
  });
});

describe('co-signing', () => {
  it('opening co-signing sets the window, invites, and shows it to the congress representatives', async () => {
    const before = Date.now();
    const p = await cosigning([s.rep2.repId]);
    expect(p.state).toBe('cosigning');
    const deadline = new Date(p.cosignDeadline ?? '').getTime();
    expect(deadline - before).toBeGreaterThanOrEqual(7 * 86_400_000 - 1000);
    expect(deadline - before).toBeLessThan(7 * 86_400_000 + 60_000);
    expect(p.steps[0]?.dueAt).toBe(p.cosignDeadline);
    const [note] = await t.database.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.userId, s.rep2.user.id), eq(notifications.kind, 'proposals.cosign.invited')),
      );
    expect(note?.link).toBe(`/m/congress/proposals/${p.id}`);
    // rep4 was not invited but may see and sign it; workers do not see it yet; nor another union.
    const seen = (await s.rep4.agent.get(`${BASE}/${p.id}`)).json() as TProposal;
    expect(seen.can.cosign).toBe(true);
    expect(ids((await s.rep4.agent.get(`${BASE}?scope=cosign`)).json())).toContain(p.id);
    expect(ids((await s.rep2.agent.get(`${BASE}?scope=cosign`)).json())).toContain(p.id);
    expect((await s.worker.agent.get(`${BASE}/${p.id}`)).statusCode).toBe(404);
    expect((await s.otherRep.agent.get(`${BASE}/${p.id}`)).statusCode).toBe(404);
    expect((await s.otherRep.agent.post(`${BASE}/${p.id}/cosign`, { decision: 'sign' })).statusCode).toBe(
      404,
    );
    // Staff of the union follow it.
    expect((await s.cadre.agent.get(`${BASE}/${p.id}`)).statusCode).toBe(200);
  });

  it('signatures reach the threshold: submitted as a proposal, reviewers told', async () => {
    const p = await cosigning([s.rep2.repId, s.rep3.repId]);
    await act(s.rep2, p.id, 'cosign', { decision: 'sign' });
    const signed = await act(s.rep4, p.id, 'cosign', { decision: 'sign' });
    expect(signed.cosignedCount).toBe(2);
    expect(signed.cosigners.find((c) => c.representativeId === s.rep4.repId)?.state).toBe('signed');
    expect(signed.can).toMatchObject({ withdrawCosign: true, cosign: false }); // rep4's own view
    const declined = await act(s.rep3, p.id, 'cosign', { decision: 'decline' });
    expect(declined.cosigners.find((c) => c.representativeId === s.rep3.repId)?.state).toBe('declined');
    // Twice is refused.
    const again = await s.rep2.agent.post(`${BASE}/${p.id}/cosign`, { decision: 'sign' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ALREADY_SIGNED');
    const sub = await act(s.rep1, p.id, 'submit');
    expect(sub.state).toBe('submitted');
    expect(sub.kind).toBe('proposal');
    expect(sub.steps[0]?.status).toBe('done');
    expect(sub.steps[0]?.note).toBe('联名附议 2 人，达到 2 人，按提案办理');
    expect(sub.steps[1]).toMatchObject({ status: 'current' });
    // Review due at the end of the Beijing day reviewDays (7) after today.
    expect(sub.dueAt).toBe(
      new Date(`${addDays(beijingDay(new Date()), 7)}T23:59:59.999+08:00`).toISOString(),
    );
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.userId, s.reviewer.user.id), eq(notifications.kind, 'proposals.submitted')),
      );
    expect(told.map((n) => n.link)).toContain(`/proposals/${p.id}`);
    // Signing is over once submitted.
    const late = await s.rep3.agent.post(`${BASE}/${p.id}/cosign`, { decision: 'sign' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('COSIGN_CLOSED');
    // Members of the union now see it on their progress page.
    const progress = await s.worker.agent.get(`${BASE}/${p.id}/progress`);
    expect(progress.statusCode).toBe(200);
    expect(progress.json()).not.toHaveProperty('can');
    expect(progress.json().cosignedCount).toBe(2);
    expect(ids((await s.worker.agent.get(`${BASE}?pageSize=100`)).json())).toContain(p.id);
    expect((await s.otherWorker.agent.get(`${BASE}/${p.id}/progress`)).statusCode).toBe(404);
  });

  it('too few signatures: a requested proposal is handled as a suggestion, and the timeline says why', async () => {
    const p = await cosigning([s.rep2.repId]);
    await act(s.rep2, p.id, 'cosign', { decision: 'sign' });
    const sub = await act(s.rep1, p.id, 'submit');
    expect(sub.kind).toBe('suggestion');
    expect(sub.requestedKind).toBe('proposal');
    expect(sub.steps[0]?.note).toBe('联名附议 1 人，不足 2 人，按建议办理');
    expect((await notesOf(p.id)).map(([e]) => e)).toEqual(['create', 'open_cosign', 'cosign_sign', 'submit']);
    // The list says so too, so a TA-numbered 建议 is explained there.
    const listed = (await s.rep1.agent.get(`${BASE}?pageSize=100`))
      .json()
      .items.find((x: { id: number }) => x.id === p.id);
    expect(listed).toMatchObject({ kind: 'suggestion', requestedKind: 'proposal' });
  });

  it('the proposer may not sign; a non-invited representative may not decline; workers may not sign', async () => {
    const p = await cosigning([s.rep2.repId]);
    expect((await s.rep1.agent.post(`${BASE}/${p.id}/cosign`, { decision: 'sign' })).statusCode).toBe(403);
    const decline = await s.rep4.agent.post(`${BASE}/${p.id}/cosign`, { decision: 'decline' });
    expect(decline.statusCode).toBe(409);
    expect(decline.json().error.code).toBe('NOT_INVITED');
    expect((await s.worker.agent.post(`${BASE}/${p.id}/cosign`, { decision: 'sign' })).statusCode).toBe(404);
    expect((await s.rep2.agent.post(`${BASE}/${p.id}/cosign`, { decision: 'maybe' })).statusCode).toBe(400);
    expect((await proposalRow(t, p.id)).state).toBe('cosigning');
  });

  it('two co-signers signing at once are both counted', async () => {
    const p = await cosigning([s.rep2.repId, s.rep3.repId]);
    const results = await Promise.all([
      s.rep2.agent.post(`${BASE}/${p.id}/cosign`, { decision: 'sign' }),
      s.rep3.agent.post(`${BASE}/${p.id}/cosign`, { decision: 'sign' }),
      s.rep4.agent.post(`${BASE}/${p.id}/cosign`, { decision: 'sign' }),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const after = (await s.rep1.agent.get(`${BASE}/${p.id}`)).json() as TProposal;
    expect(after.cosignedCount).toBe(3);
    expect(after.cosigners.filter((c) => c.state === 'signed')).toHaveLength(3);
  });

  it('after the window: signing is refused with COSIGN_CLOSED, and the job submits it on its own', async () => {
    const p = await cosigning([s.rep2.repId, s.rep3.repId]);
    await act(s.rep2, p.id, 'cosign', { decision: 'sign' });
    await backdateProposal(t, p.id, { cosignDeadline: new Date(Date.now() - 60_000) });
    const late = await s.rep3.agent.post(`${BASE}/${p.id}/cosign`, { decision: 'sign' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('COSIGN_CLOSED');
    const open = await cosigning([s.rep2.repId]); // still open: left alone
    const counts = await closeCosignWindows(fixtureCtx(t).deps);
    expect(counts.submitted).toBeGreaterThanOrEqual(1);
    const row = await proposalRow(t, p.id);
    expect(row.state).toBe('submitted');
    expect(row.kind).toBe('suggestion');
    expect(row.submittedAt).not.toBeNull();
    expect((await proposalRow(t, open.id)).state).toBe('cosigning');
    const events = await t.database.db
      .select()
      .from(timelineEvents)
      .where(and(eq(timelineEvents.entityId, String(p.id)), eq(timelineEvents.event, 'submit')));
    expect(events).toHaveLength(1);
    expect(events[0]?.actorName).toBe('系统');
    expect(events[0]?.note).toBe('征集附议期满，系统自动提交；联名附议 1 人，不足 2 人，按建议办理');
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.userId, s.rep1.user.id), eq(notifications.kind, 'proposals.autoSubmitted')),
      );
    expect(told.length).toBeGreaterThanOrEqual(1);
    // A second run finds nothing more to do.
    const second = await closeCosignWindows(fixtureCtx(t).deps);
    expect(second.submitted).toBe(0);
    expect(
      await t.database.db
        .select()
        .from(timelineEvents)
        .where(and(eq(timelineEvents.entityId, String(p.id)), eq(timelineEvents.event, 'submit'))),
    ).toHaveLength(1);
  });

  it('the job and the proposer submitting at the same moment: submitted once', async () => {
    const p = await cosigning([s.rep2.repId]);
    await backdateProposal(t, p.id, { cosignDeadline: new Date(Date.now() - 1000) });
    const [job, res] = await Promise.all([
      closeCosignWindows(fixtureCtx(t).deps),
      s.rep1.agent.post(`${BASE}/${p.id}/submit`),
    ]);
    const submits = await t.database.db
      .select()
      .from(timelineEvents)
      .where(and(eq(timelineEvents.entityId, String(p.id)), eq(timelineEvents.event, 'submit')));
    expect(submits).toHaveLength(1);
    expect((await proposalRow(t, p.id)).state).toBe('submitted');
    // Whoever came second changed nothing: the proposer got a conflict, or the job skipped it.
    if (res.statusCode === 200) expect(submits[0]?.actorName).toBe('沈代表');
    else {
      expect(res.statusCode).toBe(409);
      expect(submits[0]?.actorName).toBe('系统');
      expect(job.submitted).toBeGreaterThanOrEqual(1);
    }
  });

  it('the close-cosign-windows job is registered with the module, every 5 minutes', () => {
    const job = findJob('close-cosign-windows');
    expect(job?.schedule).toBe('*/5 * * * *');
    expect(job?.timezone).toBe('Asia/Shanghai');
  });

  it('inviting more while open notifies them; not after submission', async () => {
    const p = await cosigning([]);
    const res = await act(s.rep1, p.id, 'invite', { representativeIds: [s.rep3.repId] });
    expect(res.cosigners.map((c) => c.representativeId)).toEqual([s.rep3.repId]);
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, s.rep3.user.id),
          eq(notifications.link, `/m/congress/proposals/${p.id}`),
        ),
      );
    expect(told).toHaveLength(1);
    expect(
      (await s.rep2.agent.post(`${BASE}/${p.id}/invite`, { representativeIds: [s.rep4.repId] })).statusCode,
    ).toBe(403);
    await act(s.rep1, p.id, 'submit');
    expect(
      (await s.rep1.agent.post(`${BASE}/${p.id}/invite`, { representativeIds: [s.rep4.repId] })).statusCode,
    ).toBe(409);
  });
});

describe('seats', () => {
  it('a representative whose seat was deactivated may no longer draft, sign or withdraw a signature', async () => {
    const rep = await buildRepresentative(t, { id: s.congressId, union: s.township }, s.machine, '卸任代表');
    const p = await cosigning([rep.repId]);
    await act(rep, p.id, 'cosign', { decision: 'sign' });
    const q = await cosigning([]);
    await t.database.db
      .update(representatives)
      .set({ active: false })
      .where(eq(representatives.id, rep.repId));
    expect((await rep.agent.post(BASE, proposalDraftInput(s))).statusCode).toBe(403);
    expect((await rep.agent.post(`${BASE}/${p.id}/cosign/withdraw`)).statusCode).toBe(403);
    // No seat, not a co-signer: the open proposal is not theirs to see any more.
    expect((await rep.agent.post(`${BASE}/${q.id}/cosign`, { decision: 'sign' })).statusCode).toBe(404);
    // The signature given while seated still counts.
    expect(((await s.rep1.agent.get(`${BASE}/${p.id}`)).json() as TProposal).cosignedCount).toBe(1);
  });
});

describe('withdrawals', () => {
  it('a co-signer withdrawing after submission drops a proposal below the threshold: it becomes a suggestion', async () => {
    const p = await cosigning([s.rep2.repId, s.rep3.repId]);
    await act(s.rep2, p.id, 'cosign', { decision: 'sign' });
    await act(s.rep3, p.id, 'cosign', { decision: 'sign' });
    expect((await act(s.rep1, p.id, 'submit')).kind).toBe('proposal');
    const view = (await s.rep2.agent.get(`${BASE}/${p.id}`)).json() as TProposal;
    expect(view.can.withdrawCosign).toBe(true);
    const after = await act(s.rep2, p.id, 'cosign/withdraw');
    expect(after.kind).toBe('suggestion');
    expect(after.cosignedCount).toBe(1);
    expect(after.cosigners.find((c) => c.representativeId === s.rep2.repId)?.state).toBe('withdrawn');
    expect((await notesOf(p.id)).at(-1)).toEqual([
      'cosign_withdraw',
      '撤回附议；联名附议 1 人，不足 2 人，按建议办理',
    ]);
    // Not signed (any more): refused.
    const again = await s.rep2.agent.post(`${BASE}/${p.id}/cosign/withdraw`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('NOT_SIGNED');
  });

  it('no withdrawing a signature once reviewed', async () => {
    const p = await cosigning([s.rep2.repId]);
    await act(s.rep2, p.id, 'cosign', { decision: 'sign' });
    await act(s.rep1, p.id, 'submit');
    await act(s.reviewer, p.id, 'review', { decision: 'file' });
    const res = await s.rep2.agent.post(`${BASE}/${p.id}/cosign/withdraw`);
    expect(res.statusCode).toBe(409);
    expect((await proposalRow(t, p.id)).state).toBe('filed');
  });

  it('the proposer withdraws before review, not after; nobody else may', async () => {
    const p = await cosigning([s.rep2.repId]);
    expect((await s.rep2.agent.post(`${BASE}/${p.id}/withdraw`, {})).statusCode).toBe(403);
    expect((await s.cadre.agent.post(`${BASE}/${p.id}/withdraw`, {})).statusCode).toBe(403);
    const w = await act(s.rep1, p.id, 'withdraw', { note: '情况已解决' });
    expect(w.state).toBe('withdrawn');
    expect(w.dueAt).toBeNull();
    expect(w.steps.map((x) => x.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    // Withdrawn proposals are hidden from members.
    expect((await s.worker.agent.get(`${BASE}/${p.id}`)).statusCode).toBe(404);

    const q = await draft();
    await act(s.rep1, q.id, 'submit');
    await act(s.reviewer, q.id, 'review', { decision: 'file' });
    const late = await s.rep1.agent.post(`${BASE}/${q.id}/withdraw`); // no body: the note is optional
    expect(late.statusCode, late.body).toBe(409);
    expect((await proposalRow(t, q.id)).state).toBe('filed');
  });
});

describe('lists', () => {
  it('filters by scope, state, kind, text and congress, and never crosses unions', async () => {
    const p = await draft({ title: '关于改善林埭镇职工通勤班车的提案' });
    await act(s.rep1, p.id, 'submit');
    const byText = (await s.cadre.agent.get(`${BASE}?q=${encodeURIComponent('通勤班车')}`)).json();
    expect(ids(byText)).toEqual([p.id]);
    const byState = (await s.cadre.agent.get(`${BASE}?state=submitted&pageSize=100`)).json();
    expect(byState.items.every((i: TProposalSummary) => i.state === 'submitted')).toBe(true);
    expect(ids(byState)).toContain(p.id);
    // Submitted without co-signers: handled as a suggestion.
    const byKind = (await s.cadre.agent.get(`${BASE}?kind=proposal&pageSize=100`)).json();
    expect(ids(byKind)).not.toContain(p.id);
    expect(ids((await s.cadre.agent.get(`${BASE}?kind=suggestion&pageSize=100`)).json())).toContain(p.id);
    const byCongress = (await s.cadre.agent.get(`${BASE}?congressId=${s.otherCongressId}`)).json();
    expect(byCongress.total).toBe(0);
    expect((await s.otherCadre.agent.get(`${BASE}?pageSize=100`)).json().total).toBe(0);
    expect((await s.otherWorker.agent.get(`${BASE}?pageSize=100`)).json().total).toBe(0);
    expect((await s.otherCadre.agent.get(`${BASE}/${p.id}`)).statusCode).toBe(404);
    // The city's auditor reads the township's proposals.
    expect(ids((await s.auditor.agent.get(`${BASE}?pageSize=100`)).json())).toContain(p.id);
    const paged = (await s.cadre.agent.get(`${BASE}?pageSize=1&page=1`)).json();
    expect(paged.items).toHaveLength(1);
    expect(paged.total).toBeGreaterThan(1);
    expect((await s.cadre.agent.get(`${BASE}?scope=nope`)).statusCode).toBe(400);
    expect((await s.cadre.agent.get(`${BASE}/abc`)).statusCode).toBe(400);
    expect((await s.cadre.agent.get(`${BASE}/999999`)).statusCode).toBe(404);
  });

  it('the overdue filter follows the current step deadline', async () => {
    const p = await draft();
    await act(s.rep1, p.id, 'submit');
    await backdateProposal(t, p.id, { dueAt: new Date(Date.now() - 3_600_000) });
    const overdue = (await s.cadre.agent.get(`${BASE}?overdue=true&pageSize=100`)).json();
    expect(ids(overdue)).toContain(p.id);
    expect(overdue.items.find((i: TProposalSummary) => i.id === p.id)?.overdue).toBe(true);
    const notOverdue = (await s.cadre.agent.get(`${BASE}?overdue=false&pageSize=100`)).json();
    expect(ids(notOverdue)).not.toContain(p.id);
  });
});
