import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, loginAs, type TestApp } from '../../../../test/app.ts';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import type { TProposal, TProposalSummary } from '../../../shared/proposals.ts';
import { files } from '../../platform/files/files.table.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import {
  backdateProposal,
  buildProposalsScene,
  type ProposalsScene,
  proposalDraftInput,
  proposalRow,
  type SceneUser,
} from './proposals.fixture.ts';
import { appeals } from './proposals.table.ts';

/**
 * 代表审议 → 办理落实 → 执行督查 → 总结反馈 (issue #8): the whole loop, send-back and reopen-once,
 * separation of duties, deadlines, refusals for other orgs and roles, and two reviewers at once.
 */

let t: TestApp;
let s: ProposalsScene;
let reviewer2: SceneUser;
const BASE = '/api/v1/proposals/proposals';
const endOfDay = (day: string) => new Date(`${day}T23:59:59.999+08:00`).toISOString();
const today = () => beijingDay(new Date());

beforeAll(async () => {
  t = await createTestApp();
  s = await buildProposalsScene(t);
  const u = await buildUser(t, { org: s.township, role: 'reviewer', displayName: '曹审议' });
  reviewer2 = { user: u, agent: await loginAs(t, u), displayName: '曹审议' };
});
afterAll(async () => {
  await t.close();
});

async function act(
  who: SceneUser,
  id: number,
  path: string,
  body?: unknown,
  status = 200,
): Promise<TProposal> {
  const res = await who.agent.post(`${BASE}/${id}/${path}`, body);
  expect(res.statusCode, `${path}: ${res.body}`).toBe(status);
  return res.json();
}

/** A proposal with two signatures, submitted (kind proposal). */
async function submitted(): Promise<TProposal> {
  const res = await s.rep1.agent.post(
    BASE,
    proposalDraftInput(s, { cosignerIds: [s.rep2.repId, s.rep3.repId] }),
  );
  expect(res.statusCode, res.body).toBe(201);
  const id = (res.json() as TProposal).id;
  await act(s.rep1, id, 'open-cosign');
  await act(s.rep2, id, 'cosign', { decision: 'sign' });
  await act(s.rep3, id, 'cosign', { decision: 'sign' });
  return act(s.rep1, id, 'submit');
}
const filed = async () => act(s.reviewer, (await submitted()).id, 'review', { decision: 'file' });
const handling = async (lead = s.textile.id, coOrgIds = [s.machine.id]) =>
  act(s.cadre, (await filed()).id, 'assign', { leadOrgId: lead, coOrgIds });
const replied = async () =>
  act(s.textileCadre, (await handling()).id, 'reply', {
    text: '已联合两家企业开办暑期托管班，共接收职工子女 126 名。',
  });
const feedback = async () => act(s.cadre, (await replied()).id, 'supervise', { decision: 'accept' });

async function notified(user: SceneUser, kind: string, id: number) {
  return t.database.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, user.user.id), eq(notifications.kind, kind)))
    .then((rows) => rows.filter((r) => r.link?.endsWith(`/${id}`)));
}

describe('the five-step loop', () => {
  it('runs from submission to 已办结, every hand-over notified, every step dated', async () => {
    const p = await submitted();
    expect(p.steps.map((x) => x.status)).toEqual(['done', 'current', 'pending', 'pending', 'pending']);
    const asReviewer = (await s.reviewer.agent.get(`${BASE}/${p.id}`)).json() as TProposal;
    expect(asReviewer.can).toMatchObject({ review: true, assign: false, supervise: false, rate: false });

    // 代表审议
    const f = await act(s.reviewer, p.id, 'review', { decision: 'file', reason: null });
    expect(f.state).toBe('filed');
    expect(f.kind).toBe('proposal');
    expect(f.steps[1]).toMatchObject({ status: 'done', actor: '许审议', note: '立案' });
    expect(f.dueAt).toBe(endOfDay(addDays(today(), 7)));
    expect(await notified(s.rep1, 'proposals.reviewed', p.id)).toHaveLength(1);
    expect(await notified(s.cadre, 'proposals.filed', p.id)).toHaveLength(1);
    // Before assignment the textile union does not see it.
    expect((await s.textileCadre.agent.get(`${BASE}/${p.id}`)).statusCode).toBe(404);

    // 交办
    const asCadre = (await s.cadre.agent.get(`${BASE}/${p.id}`)).json() as TProposal;
    expect(asCadre.can.assign).toBe(true);
    // The lead unit also picked as 协办: refused and named, not silently dropped.
    const both = await s.cadre.agent.post(`${BASE}/${p.id}/assign`, {
      leadOrgId: s.textile.id,
      coOrgIds: [s.machine.id, s.textile.id],
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.details).toEqual([
      { field: 'coOrgIds', message: '主办单位不能同时是协办单位，请从协办单位中去掉它' },
    ]);
    const h = await act(s.cadre, p.id, 'assign', {
      leadOrgId: s.textile.id,
      coOrgIds: [s.machine.id],
      note: '请纺织公司工会牵头办理',
    });
    expect(h.state).toBe('handling');
    expect(h.leadOrg).toEqual({ id: s.textile.id, name: s.textile.name });
    expect(h.coOrgs).toEqual([{ id: s.machine.id, name: s.machine.name }]);
    expect(h.dueAt).toBe(endOfDay(addDays(today(), 30)));
    expect(await notified(s.textileCadre, 'proposals.assigned', p.id)).toHaveLength(1);
    expect(await notified(s.machineCadre, 'proposals.assigned', p.id)).toHaveLength(1);
    const inbox = (await s.textileCadre.agent.get(`${BASE}?scope=handling`)).json();
    expect(inbox.items.map((i: TProposalSummary) => i.id)).toContain(p.id);

    // 办理落实: the co-handler reports progress but may not reply; the lead replies.
    const asCo = (await s.machineCadre.agent.get(`${BASE}/${p.id}`)).json() as TProposal;
    expect(asCo.can).toMatchObject({ progress: true, reply: false });
    const prog = await act(s.machineCadre, p.id, 'progress', {
      text: '已摸排机械公司职工子女需求 40 人',
      percent: 30,
    });
    expect(prog.updates).toMatchObject([
      { kind: 'progress', org: { id: s.machine.id }, author: '冯主席', percent: 30, round: 1 },
    ]);
    expect(
      (await s.machineCadre.agent.post(`${BASE}/${p.id}/reply`, { text: '协办单位不能作出正式答复内容' }))
        .statusCode,
    ).toBe(403);
    const r = await act(s.textileCadre, p.id, 'reply', {
      text: '已联合两家企业开办暑期托管班，共接收职工子女 126 名。',
    });
    expect(r.state).toBe('replied');
    expect(r.updates.at(-1)).toMatchObject({ kind: 'reply', percent: 100, author: '陆主席' });
    expect(r.steps[2]).toMatchObject({ status: 'done', actor: s.textile.name });
    expect(r.dueAt).toBe(endOfDay(addDays(today(), 5)));
    expect((await proposalRow(t, p.id)).repliedOnTime).toBe(true);
    expect(await notified(s.cadre, 'proposals.replied', p.id)).toHaveLength(1);

    // 执行督查
    const a = await act(s.cadre, p.id, 'supervise', { decision: 'accept', note: '答复具体，落实到位' });
    expect(a.state).toBe('feedback');
    expect(a.dueAt).toBe(endOfDay(addDays(today(), 15)));
    expect(await notified(s.rep1, 'proposals.accepted', p.id)).toHaveLength(1);
    const asProposer = (await s.rep1.agent.get(`${BASE}/${p.id}`)).json() as TProposal;
    expect(asProposer.can.rate).toBe(true);

    // 总结反馈
    expect((await s.rep2.agent.post(`${BASE}/${p.id}/rate`, { satisfaction: 'satisfied' })).statusCode).toBe(
      403,
    );
    expect((await s.rep1.agent.post(`${BASE}/${p.id}/rate`, { satisfaction: 'great' })).statusCode).toBe(400);
    const c = await act(s.rep1, p.id, 'rate', { satisfaction: 'satisfied', comment: '孩子暑假有人管了' });
    expect(c.state).toBe('closed');
    expect(c.satisfaction).toBe('satisfied');
    expect(c.ratingComment).toBe('孩子暑假有人管了');
    expect(c.closedAt).not.toBeNull();
    expect(c.dueAt).toBeNull();
    expect(c.steps.map((x) => x.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(c.steps.every((x) => x.startedAt !== null && x.finishedAt !== null)).toBe(true);
    expect(c.steps[4]).toMatchObject({ actor: '沈代表', note: '满意：孩子暑假有人管了' });
    expect(Object.values(c.can).every((v) => v === false)).toBe(true);
    expect(c.timeline.map((e) => e.label)).toEqual([
      '起草',
      '发起联名附议',
      '代表联名附议',
      '代表联名附议',
      '线上提交',
      '代表审议：立案',
      '交办主办单位',
      '办理答复',
      '执行督查：通过',
      '提案人评价，办结',
    ]);
    expect(c.timeline.at(-1)).toMatchObject({ actor: '沈代表', note: '满意：孩子暑假有人管了' });
    expect(await notified(s.textileCadre, 'proposals.rated', p.id)).toHaveLength(1);
    // Members follow it to the end.
    const progress = (await s.worker.agent.get(`${BASE}/${p.id}/progress`)).json();
    expect(progress.state).toBe('closed');
    expect(progress.updates).toHaveLength(2);
  });

  it('a 不满意 reopens handling once with a fresh deadline; after that any rating closes it', async () => {
    const p = await feedback();
    const reopened = await act(s.rep1, p.id, 'rate', { satisfaction: 'unsatisfied', comment: '名额太少' });
    expect(reopened.state).toBe('handling');
    expect(reopened.reopenCount).toBe(1);
    expect(reopened.satisfaction).toBeNull();
    expect(reopened.dueAt).toBe(endOfDay(addDays(today(), 30)));
    expect(reopened.steps.map((x) => x.status)).toEqual(['done', 'done', 'current', 'pending', 'pending']);
    expect(await notified(s.textileCadre, 'proposals.reopened', p.id)).toHaveLength(1);
    const again = await act(s.textileCadre, p.id, 'reply', {
      text: '已增加托管名额 60 个，并延长托管时间。',
    });
    expect(again.updates.at(-1)?.round).toBe(2);
    await act(s.cadre, p.id, 'supervise', { decision: 'accept' });
    const closed = await act(s.rep1, p.id, 'rate', { satisfaction: 'unsatisfied' });
    expect(closed.state).toBe('closed');
    expect(closed.satisfaction).toBe('unsatisfied');
    expect((await proposalRow(t, p.id)).reopenCount).toBe(1);
  });

  it('执行督查 sends it back to the handler, who replies again', async () => {
    const p = await replied();
    const bad = await s.cadre.agent.post(`${BASE}/${p.id}/supervise`, { decision: 'send_back' });
    expect(bad.statusCode).toBe(400);
    const back = await act(s.cadre, p.id, 'supervise', { decision: 'send_back', note: '未说明经费来源' });
    expect(back.state).toBe('handling');
    expect(back.dueAt).toBe((await proposalRow(t, p.id)).handleDueAt?.toISOString());
    expect(back.steps[3]).toMatchObject({ status: 'pending' });
    expect(await notified(s.textileCadre, 'proposals.sentBack', p.id)).toHaveLength(1);
    const r2 = await act(s.textileCadre, p.id, 'reply', {
      text: '经费由镇总工会和企业按 1:1 分担，已落实。',
    });
    expect(r2.state).toBe('replied');
    expect(r2.updates.filter((u) => u.kind === 'reply')).toHaveLength(2);
  });

  it('the handling unit reads the workflow record of what it handles; another union does not', async () => {
    const p = await replied();
    const url = `/api/v1/timeline/proposals.proposal/${p.id}`;
    // The textile union lies outside the township's subtree from its own seat: it reads the record as a
    // party holding it (heldBy), like its files.
    const held = await s.textileCadre.agent.get(url);
    expect(held.statusCode, held.body).toBe(200);
    expect((held.json() as { items: { event: string }[] }).items.map((e) => e.event)).toEqual(
      expect.arrayContaining(['submit', 'file', 'assign', 'reply']),
    );
    expect((await s.otherCadre.agent.get(url)).statusCode).toBe(404);
    expect((await s.otherWorker.agent.get(url)).statusCode).toBe(404);
  });

  it('a late reply is recorded as not on time', async () => {
    const p = await handling();
    await backdateProposal(t, p.id, { handleDueAt: new Date(Date.now() - 86_400_000) });
    await act(s.textileCadre, p.id, 'reply', { text: '已联合企业开办托管班，答复如上所述。' });
    expect((await proposalRow(t, p.id)).repliedOnTime).toBe(false);
  });
});

describe('代表审议', () => {
  it('only the review committee reviews; return needs a reason; the proposer revises and resubmits', async () => {
    const p = await submitted();
    expect((await s.cadre.agent.post(`${BASE}/${p.id}/review`, { decision: 'file' })).statusCode).toBe(403);
    expect((await s.rep1.agent.post(`${BASE}/${p.id}/review`, { decision: 'file' })).statusCode).toBe(403);
    expect((await s.otherCadre.agent.post(`${BASE}/${p.id}/review`, { decision: 'file' })).statusCode).toBe(
      404,
    );
    const noReason = await s.reviewer.agent.post(`${BASE}/${p.id}/review`, { decision: 'return' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].field).toBe('body.reason');
    const ret = await act(s.reviewer, p.id, 'review', { decision: 'return', reason: '请补充涉及职工人数' });
    expect(ret.state).toBe('returned');
    expect(ret.reviewReason).toBe('请补充涉及职工人数');
    expect(ret.steps.map((x) => x.status)).toEqual(['current', 'pending', 'pending', 'pending', 'pending']);
    const asProposer = (await s.rep1.agent.get(`${BASE}/${p.id}`)).json() as TProposal;
    expect(asProposer.can).toMatchObject({ edit: true, submit: true, openCosign: false });
    const edited = await s.rep1.agent.patch(`${BASE}/${p.id}`, {
      reasons: '涉及全镇双职工家庭约 300 户，暑期子女无人看管问题突出。',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const again = await act(s.rep1, p.id, 'submit');
    expect(again.state).toBe('submitted');
    expect(again.kind).toBe('proposal'); // the two signatures still count
    expect((await s.rep1.agent.patch(`${BASE}/${p.id}`, { title: '提交后不能再改标题' })).statusCode).toBe(
      409,
    );
  });

  it('不立案 turns it into a suggestion, still handled through the loop', async () => {
    const p = await submitted();
    const f = await act(s.reviewer, p.id, 'review', {
      decision: 'to_suggestion',
      reason: '属于企业内部事务',
    });
    expect(f.state).toBe('filed');
    expect(f.kind).toBe('suggestion');
    expect(f.requestedKind).toBe('proposal');
    expect(f.steps[1]?.note).toBe('属于企业内部事务');
  });

  it('two reviewers filing at once: exactly one wins', async () => {
    const p = await submitted();
    const results = await Promise.all([
      s.reviewer.agent.post(`${BASE}/${p.id}/review`, { decision: 'file' }),
      reviewer2.agent.post(`${BASE}/${p.id}/review`, { decision: 'return', reason: '请补充材料' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = results.findIndex((r) => r.statusCode === 200);
    const row = await proposalRow(t, p.id);
    expect(row.reviewedBy).toBe([s.reviewer, reviewer2][winner]?.user.id);
    expect(row.state).toBe(winner === 0 ? 'filed' : 'returned');
  });
});

describe('交办 and 办理', () => {
  it('only the union cadres assign, to orgs within the union, with a due date not in the past', async () => {
    const p = await filed();
    expect(
      (await s.reviewer.agent.post(`${BASE}/${p.id}/assign`, { leadOrgId: s.textile.id })).statusCode,
    ).toBe(403);
    expect(
      (await s.otherCadre.agent.post(`${BASE}/${p.id}/assign`, { leadOrgId: s.textile.id })).statusCode,
    ).toBe(404);
    expect(
      (await s.textileCadre.agent.post(`${BASE}/${p.id}/assign`, { leadOrgId: s.textile.id })).statusCode,
    ).toBe(404);
    const outside = await s.cadre.agent.post(`${BASE}/${p.id}/assign`, { leadOrgId: s.otherUnit.id });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.details[0].field).toBe('leadOrgId');
    const coOutside = await s.cadre.agent.post(`${BASE}/${p.id}/assign`, {
      leadOrgId: s.textile.id,
      coOrgIds: [s.otherTownship.id],
    });
    expect(coOutside.statusCode).toBe(400);
    const past = await s.cadre.agent.post(`${BASE}/${p.id}/assign`, {
      leadOrgId: s.textile.id,
      dueDate: addDays(today(), -1),
    });
    expect(past.statusCode).toBe(400);
    expect((await proposalRow(t, p.id)).state).toBe('filed');
    // The governance partner may lead; a chosen due date is the end of that Beijing day.
    const due = addDays(today(), 10);
    const h = await act(s.cityAdmin, p.id, 'assign', { leadOrgId: s.governance.id, dueDate: due });
    expect(h.dueAt).toBe(endOfDay(due));
    const asPartner = (await s.govPartner.agent.get(`${BASE}/${p.id}`)).json() as TProposal;
    expect(asPartner.can).toMatchObject({ reply: true, progress: true });
    await act(s.govPartner, p.id, 'reply', { text: '治理平台已协调教育部门落实暑期托管。' });
    // Assigning twice is a state conflict.
    expect((await s.cadre.agent.post(`${BASE}/${p.id}/assign`, { leadOrgId: s.textile.id })).statusCode).toBe(
      409,
    );
  });

  it('progress: handlers only, while handling, percent 0–100, files of this proposal only', async () => {
    const p = await handling();
    expect(
      (await s.worker.agent.post(`${BASE}/${p.id}/progress`, { text: '职工也想报进度', percent: 10 }))
        .statusCode,
    ).toBe(403);
    expect(
      (await s.reviewer.agent.post(`${BASE}/${p.id}/progress`, { text: '审议委员报进度', percent: 10 }))
        .statusCode,
    ).toBe(403);
    expect(
      (await s.otherCadre.agent.post(`${BASE}/${p.id}/progress`, { text: '外镇干部报进度', percent: 10 }))
        .statusCode,
    ).toBe(404);
    expect(
      (await s.textileCadre.agent.post(`${BASE}/${p.id}/progress`, { text: '进度超出范围', percent: 120 }))
        .statusCode,
    ).toBe(400);
    const stray = await s.textileCadre.agent.post(`${BASE}/${p.id}/progress`, {
      text: '附上照片',
      percent: 50,
      fileIds: [randomUUID()],
    });
    expect(stray.statusCode).toBe(400);
    expect(stray.json().error.details[0].field).toBe('fileIds');
    const [file] = await t.database.db
      .insert(files)
      .values({
        entityType: 'proposals.proposal',
        entityId: String(p.id),
        orgId: s.township.id,
        orgPath: s.township.path,
        originalName: '托管班照片.jpg',
        mime: 'image/jpeg',
        size: 1000,
        sha256: 'a'.repeat(64),
        storageKey: 'test/photo.jpg',
        uploadedBy: s.textileCadre.user.id,
      })
      .returning();
    const okRes = await act(s.textileCadre, p.id, 'progress', {
      text: '托管班已开班',
      percent: 50,
      fileIds: [file?.id],
    });
    expect(okRes.updates.at(-1)?.fileIds).toEqual([file?.id]);
    await act(s.textileCadre, p.id, 'reply', { text: '托管班运行良好，共接收职工子女 126 名。' });
    expect(
      (await s.textileCadre.agent.post(`${BASE}/${p.id}/progress`, { text: '答复后再报进度', percent: 100 }))
        .statusCode,
    ).toBe(409);
  });
});

describe('separation of duties and closing', () => {
  it('a cadre who replied for the union itself may not supervise that reply (SELF_SUPERVISION)', async () => {
    const p = await handling(s.township.id, []);
    await act(s.cadre, p.id, 'reply', { text: '镇总工会自行办理，已开办托管班两期。' });
    const asCadre = (await s.cadre.agent.get(`${BASE}/${p.id}`)).json() as TProposal;
    expect(asCadre.can.supervise).toBe(false);
    const self = await s.cadre.agent.post(`${BASE}/${p.id}/supervise`, { decision: 'accept' });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('SELF_SUPERVISION');
    expect(
      (await s.textileCadre.agent.post(`${BASE}/${p.id}/supervise`, { decision: 'accept' })).statusCode,
    ).toBe(404);
    expect(
      (await s.reviewer.agent.post(`${BASE}/${p.id}/supervise`, { decision: 'accept' })).statusCode,
    ).toBe(403);
    const a = await act(s.cadre2, p.id, 'supervise', { decision: 'accept' });
    expect(a.state).toBe('feedback');
  });

  it('close-unrated only after the rating deadline, by a union cadre', async () => {
    const p = await feedback();
    const early = await s.cadre.agent.post(`${BASE}/${p.id}/close-unrated`); // no body: the note is optional
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('RATING_NOT_DUE');
    await backdateProposal(t, p.id, { dueAt: new Date(Date.now() - 60_000) });
    const asCadre = (await s.cadre.agent.get(`${BASE}/${p.id}`)).json() as TProposal;
    expect(asCadre.can.closeUnrated).toBe(true);
    expect(asCadre.overdue).toBe(true);
    expect((await s.rep1.agent.post(`${BASE}/${p.id}/close-unrated`, {})).statusCode).toBe(403);
    const closed = await act(s.cadre, p.id, 'close-unrated', { note: '提案人逾期未评价' });
    expect(closed.state).toBe('closed');
    expect(closed.satisfaction).toBeNull();
    expect(closed.steps[4]).toMatchObject({ status: 'done', note: '提案人逾期未评价' });
    // Rating after closing is a conflict.
    expect((await s.rep1.agent.post(`${BASE}/${p.id}/rate`, { satisfaction: 'satisfied' })).statusCode).toBe(
      409,
    );
  });

  it('steps can only be taken in order', async () => {
    const p = await submitted();
    expect((await s.cadre.agent.post(`${BASE}/${p.id}/assign`, { leadOrgId: s.textile.id })).statusCode).toBe(
      409,
    );
    expect((await s.cadre.agent.post(`${BASE}/${p.id}/supervise`, { decision: 'accept' })).statusCode).toBe(
      409,
    );
    expect((await s.rep1.agent.post(`${BASE}/${p.id}/rate`, { satisfaction: 'satisfied' })).statusCode).toBe(
      409,
    );
    expect((await proposalRow(t, p.id)).state).toBe('submitted');
  });
});

describe('职工事大家议 → 提案', () => {
  it('a draft from an appeal turned over to the representative links both ways, once', async () => {
    const [ap] = await t.database.db
      .insert(appeals)
      .values({
        code: `SQ-TEST-${randomUUID().slice(0, 8)}`,
        orgId: s.township.id,
        orgPath: s.township.path,
        state: 'to_proposal',
        kind: 'appeal',
        category: 'children',
        title: '暑期托管难',
        text: '暑假孩子没人带，希望工会帮忙想办法。',
        authorUserId: s.worker.user.id,
        authorOrgId: s.textile.id,
        representativeId: s.rep1.repId,
      })
      .returning();
    if (!ap) throw new Error('appeal insert failed');
    const other = await s.rep2.agent.post(BASE, proposalDraftInput(s, { sourceAppealId: ap.id }));
    expect(other.statusCode).toBe(400);
    const res = await s.rep1.agent.post(BASE, proposalDraftInput(s, { sourceAppealId: ap.id }));
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json() as TProposal;
    expect(p.sourceAppeal).toEqual({ id: ap.id, code: ap.code, title: '暑期托管难' });
    const [linked] = await t.database.db.select().from(appeals).where(eq(appeals.id, ap.id));
    expect(linked?.proposalId).toBe(p.id);
    const twice = await s.rep1.agent.post(BASE, proposalDraftInput(s, { sourceAppealId: ap.id }));
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('APPEAL_LINKED');
  });
});
