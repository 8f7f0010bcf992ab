import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildOrg,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
  type TestOrg,
  type TestUser,
} from '../../../../test/app.ts';
import type { TArchive, TArchiveQr, TAssistanceList } from '../../../shared/hardship.ts';
import type { TTransfer, TTransferPage, TTransferTarget } from '../../../shared/hardship-transfer.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import { files } from '../../platform/files/files.table.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { idCardCheckChar } from '../../platform/pii/pii.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { hardshipArchives, hardshipHelperChanges, hardshipTransfers } from './hardship.table.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
/** 右江区 (holds the archives, in 基层工会A). */
let cadre: Agent;
let reviewer: Agent;
let helper: TestUser;
/** 上海市总 (receives them, into 上海某基层工会B, which has no cadre of its own). */
let shCadre: Agent;
let shCadre2: Agent;
let shCadreUser: TestUser;
let cadreUser: TestUser;
/** 浙江 (a third province: sees nothing of either). */
let zj: TestOrg;
let zjCadre: Agent;
let donorOrg: TestOrg;
let closedOrg: TestOrg;

const API = '/api/v1/hardship';
const BASE = `${API}/archives`;
const NAME = '韦秀兰';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  cadreUser = await buildUser(t, { org: scene.yj, role: 'cadre', displayName: '王干部' });
  cadre = await loginAs(t, cadreUser);
  reviewer = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'reviewer' }));
  helper = await buildUser(t, { org: scene.unionA, role: 'cadre', displayName: '黄帮扶' });
  shCadreUser = await buildUser(t, { org: scene.sh, role: 'cadre', displayName: '沈干部' });
  shCadre = await loginAs(t, shCadreUser);
  shCadre2 = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'admin' }));
  zj = await buildOrg(t, { name: '浙江省总工会', type: 'provincial', parent: scene.root });
  zjCadre = await loginAs(t, await buildUser(t, { org: zj, role: 'cadre' }));
  donorOrg = await buildOrg(t, { name: '百色爱心科技有限公司', type: 'donor', parent: scene.bs });
  closedOrg = await buildOrg(t, { name: '已撤销的基层工会', parent: scene.sh, state: 'inactive' });
});
afterAll(async () => {
  await t.close();
});

let seq = 0;
function nextId(): string {
  seq += 1;
  const first17 = `45100219850101${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

async function step(agent: Agent, id: number, event: string, body: unknown = {}) {
  const res = await agent.post(`${BASE}/${id}/${event}`, body);
  expect(res.statusCode, res.body).toBe(200);
}

/** The ID number of the archive filed last. */
let lastIdCard = '';

async function applied(): Promise<number> {
  lastIdCard = nextId();
  const res = await cadre.post(BASE, {
    orgId: scene.unionA.id,
    basic: { name: NAME, idCard: lastIdCard, health: 'healthy', workStatus: 'laidOff', members: [] },
    causes: { main: 'laidOff', secondary: [] },
    income: { annualIncomeFen: 1_200_000, householdSize: 2, category: 'deep' },
    helperUserId: helper.id,
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as TArchive).id;
}

async function reviewing(): Promise<number> {
  const id = await applied();
  await step(cadre, id, 'accept');
  const v = await cadre.post(`${BASE}/${id}/visits`, {
    visitDate: '2026-01-05',
    visitors: '王干部',
    findings: '属实',
  });
  expect(v.statusCode, v.body).toBe(201);
  await step(cadre, id, 'submit');
  return id;
}

async function filed(): Promise<number> {
  const id = await reviewing();
  await step(reviewer, id, 'pass');
  await step(cadre, id, 'publicize', { start: '2026-01-10', end: '2026-01-16' });
  await step(reviewer, id, 'approve');
  return id;
}

const propose = (id: number, toOrgId = scene.unionB.id, reason = '职工调至上海工作', agent = cadre) =>
  agent.post(`${BASE}/${id}/transfers`, { toOrgId, reason });

async function proposed(id: number): Promise<TTransfer> {
  const res = await propose(id);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TTransfer;
}

const decide = (agent: Agent, transferId: number, what: 'accept' | 'decline' | 'cancel', note?: string) =>
  agent.post(`${API}/transfers/${transferId}/${what}`, note === undefined ? {} : { note });

function multipart(filename: string, content: Buffer, contentType: string) {
  const boundary = `----niangjia${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const timelineOf = (id: number) =>
  t.database.db
    .select()
    .from(timelineEvents)
    .where(and(eq(timelineEvents.entityType, 'hardship.archive'), eq(timelineEvents.entityId, String(id))))
    .orderBy(timelineEvents.id);

describe('档案移交: the happy path', () => {
  it('moves the archive, its files and its access to the receiving union; history and QR token stay', async () => {
    const id = await filed();
    const idCard = lastIdCard;
    const assist = await cadre.post(`${BASE}/${id}/assistance`, {
      type: 'living',
      amountFen: 80_000,
      date: '2026-02-01',
    });
    expect(assist.statusCode, assist.body).toBe(201);
    const up = await cadre.inject({
      method: 'POST',
      url: `/api/v1/files?entityType=hardship.archive&entityId=${id}`,
      ...multipart('困难证明.png', PNG, 'image/png'),
    });
    expect(up.statusCode, up.body).toBe(201);
    const fileId = (up.json() as { id: string }).id;
    const qrBefore = (await cadre.get(`${BASE}/${id}/qr`)).json() as TArchiveQr;
    const token = qrBefore.url.split('/q/')[1] ?? '';

    // 发起: the archive is still the old union's; the receiving side sees a masked summary only.
    const tr = await proposed(id);
    expect(tr).toMatchObject({
      archiveId: id,
      archiveName: '韦**',
      archiveState: 'filed',
      fromOrg: { id: scene.unionA.id, name: scene.unionA.name },
      toOrg: { id: scene.unionB.id, name: scene.unionB.name },
      state: 'pending',
      reason: '职工调至上海工作',
      requestedBy: '王干部',
      decidedAt: null,
      actions: ['cancel'],
    });
    expect((await shCadre.get(`${BASE}/${id}`)).statusCode).toBe(404);
    const inbox = (await shCadre.get(`${API}/transfers?box=incoming&state=pending`)).json() as TTransferPage;
    expect(inbox.total).toBe(1);
    expect(inbox.items[0]).toMatchObject({ id: tr.id, archiveName: '韦**', actions: ['accept', 'decline'] });
    expect(JSON.stringify(inbox)).not.toContain(NAME);
    // 上海某基层工会B has no cadre: the nearest union above it (上海市总) hears of it.
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.userId, shCadreUser.id), eq(notifications.kind, 'hardship.transferProposed')),
      );
    expect(told).toHaveLength(1);
    expect(told[0]?.link).toBe('/hardship/transfers');

    // 接收
    const acc = await decide(shCadre, tr.id, 'accept', '已联系职工');
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json()).toMatchObject({
      state: 'accepted',
      decidedBy: '沈干部',
      decisionNote: '已联系职工',
      actions: [],
    });

    // The new union has the archive and all of its history …
    const now = await shCadre.get(`${BASE}/${id}`);
    expect(now.statusCode, now.body).toBe(200);
    const archive = now.json() as TArchive;
    expect(archive.org).toEqual({ id: scene.unionB.id, name: scene.unionB.name });
    expect(archive.state).toBe('filed');
    expect(archive.helper).toBeNull();
    const visits = await shCadre.get(`${BASE}/${id}/visits`);
    expect(visits.json().items).toHaveLength(1);
    const assistance = (await shCadre.get(`${BASE}/${id}/assistance`)).json() as TAssistanceList;
    expect(assistance.total).toEqual({ count: 1, amountFen: 80_000 });
    const helpers = (
      (await shCadre.get(`${BASE}/${id}/helpers`)).json() as {
        items: { helper: { name: string } | null; reason: string | null }[];
      }
    ).items;
    expect(helpers[0]).toMatchObject({
      helper: null,
      reason: `档案移交至「${scene.unionB.name}」，原结对责任人解除`,
    });
    expect(helpers[1]).toMatchObject({ helper: { name: '黄帮扶' }, reason: '建档时指定' });
    const timeline = await shCadre.get(`/api/v1/timeline/hardship.archive/${id}`);
    expect(timeline.statusCode).toBe(200);
    const events = (timeline.json() as { items: { event: string; note: string | null }[] }).items;
    expect(events.map((e) => e.event)).toEqual([
      'create',
      'accept',
      'submit',
      'pass',
      'publicize',
      'approve',
      'transferPropose',
      'transferAccept',
    ]);
    expect(events.at(-1)?.note).toBe(`由「${scene.unionA.name}」移交至「${scene.unionB.name}」；已联系职工`);
    const history = (await shCadre.get(`${BASE}/${id}/transfers`)).json() as { items: TTransfer[] };
    expect(history.items.map((i) => i.state)).toEqual(['accepted']);
    const fileList = await shCadre.get(`/api/v1/files?entityType=hardship.archive&entityId=${id}`);
    expect(fileList.statusCode).toBe(200);
    expect((await shCadre.get(`/api/v1/files/${fileId}`)).statusCode).toBe(200);
    const [fileRow] = await t.database.db.select().from(files).where(eq(files.id, fileId));
    expect(fileRow).toMatchObject({ orgId: scene.unionB.id, orgPath: scene.unionB.path });
    // … the same QR token, and the public page names the new union.
    const qrAfter = (await shCadre.get(`${BASE}/${id}/qr`)).json() as TArchiveQr;
    expect(qrAfter.url).toBe(qrBefore.url);
    const page = await t.app.inject({ method: 'GET', url: `/q/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(scene.unionB.name);
    expect((await shCadre.get(`${API}/qr-cards?ids=${id}`)).statusCode).toBe(200);
    // The holder's verified page lists the transfer among their history, in words.
    const verified = await t.app.inject({
      method: 'POST',
      url: `/q/${token}/verify`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ digits: idCard.slice(-6) }).toString(),
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.body).toContain('档案移交完成');
    expect(verified.body).not.toContain('transfer');
    expect(verified.body).not.toContain('发起档案移交');

    // … and the old union has lost it.
    for (const url of [
      `${BASE}/${id}`,
      `${BASE}/${id}/qr`,
      `${BASE}/${id}/assistance`,
      `${BASE}/${id}/visits`,
      `${BASE}/${id}/helpers`,
      `${BASE}/${id}/transfers`,
      `/api/v1/timeline/hardship.archive/${id}`,
      `/api/v1/files?entityType=hardship.archive&entityId=${id}`,
      `/api/v1/files/${fileId}/meta`,
      `/api/v1/files/${fileId}`,
    ]) {
      expect((await cadre.get(url)).statusCode, url).toBe(404);
    }
    expect((await cadre.get(`${API}/qr-cards?ids=${id}`)).statusCode).not.toBe(200);
    const list = (await cadre.get(`${BASE}?pageSize=100`)).json() as { items: { id: number }[] };
    expect(list.items.map((i) => i.id)).not.toContain(id);
    const assistOld = await cadre.post(`${BASE}/${id}/assistance`, {
      type: 'living',
      amountFen: 1,
      date: '2026-02-02',
    });
    expect(assistOld.statusCode).toBe(404);

    // The old union still finds its own outgoing record, with nothing left to do.
    const out = (await cadre.get(`${API}/transfers?box=outgoing`)).json() as TTransferPage;
    expect(out.items.find((i) => i.id === tr.id)).toMatchObject({ state: 'accepted', actions: [] });

    // The requester and the released helper are told; the steps are audited.
    const requesterNote = await t.database.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.userId, cadreUser.id), eq(notifications.kind, 'hardship.transferAccepted')),
      );
    expect(requesterNote).toHaveLength(1);
    const helperNote = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, helper.id), eq(notifications.kind, 'hardship.helperReleased')));
    expect(helperNote).toHaveLength(1);
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'hardship.archive'), eq(auditLog.entityId, String(id))));
    const acts = audits.map((a) => a.action);
    expect(acts).toContain('hardship.transfer.propose');
    expect(acts).toContain('hardship.transfer.accept');
    expect(audits.find((a) => a.action === 'hardship.transfer.propose')?.orgPath).toBe(scene.unionA.path);
    expect(audits.find((a) => a.action === 'hardship.transfer.accept')?.orgPath).toBe(scene.unionB.path);
  });

  it('moves an application not yet verified; the new union carries on with it', async () => {
    const id = await applied();
    const tr = await proposed(id);
    expect((await decide(shCadre, tr.id, 'accept')).statusCode).toBe(200);
    await step(shCadre, id, 'accept');
    const a = (await shCadre.get(`${BASE}/${id}`)).json() as TArchive;
    expect(a).toMatchObject({ state: 'accepted', org: { id: scene.unionB.id } });
  });

  it('a decline needs a reason and leaves the archive where it was; the requester is told', async () => {
    const id = await filed();
    const tr = await proposed(id);
    const noReason = await decide(shCadre, tr.id, 'decline');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details).toEqual([
      { field: 'note', message: '请填写不接收的理由（至少 2 个字）' },
    ]);
    const oneLetter = await decide(shCadre, tr.id, 'decline', ' x ');
    expect(oneLetter.statusCode).toBe(400);
    expect(oneLetter.json().error.details).toEqual([
      { field: 'note', message: '请填写不接收的理由（至少 2 个字）' },
    ]);
    const res = await decide(shCadre, tr.id, 'decline', '职工尚未在本单位就业');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'declined', decisionNote: '职工尚未在本单位就业' });
    const a = (await cadre.get(`${BASE}/${id}`)).json() as TArchive;
    expect(a.org.id).toBe(scene.unionA.id);
    expect(a.helper?.name).toBe('黄帮扶');
    expect((await shCadre.get(`${BASE}/${id}`)).statusCode).toBe(404);
    const events = (await timelineOf(id)).map((e) => e.event);
    expect(events.slice(-2)).toEqual(['transferPropose', 'transferDecline']);
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.userId, cadreUser.id), eq(notifications.kind, 'hardship.transferDeclined')),
      );
    expect(told.at(-1)?.body).toBe('理由：职工尚未在本单位就业');
    // Decided: nothing more can happen to it.
    expect((await decide(shCadre, tr.id, 'accept')).statusCode).toBe(409);
    expect((await decide(cadre, tr.id, 'cancel')).statusCode).toBe(409);
  });

  it('the holding union withdraws; then it may propose again', async () => {
    const id = await filed();
    const tr = await proposed(id);
    const res = await decide(cadre, tr.id, 'cancel', '职工暂不调动');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'cancelled', actions: [] });
    expect((await decide(shCadre, tr.id, 'accept')).json().error.code).toBe('TRANSFER_NOT_PENDING');
    const again = await propose(id, scene.unionB.id, '再次移交');
    expect(again.statusCode, again.body).toBe(201);
    const history = (await cadre.get(`${BASE}/${id}/transfers`)).json() as { items: TTransfer[] };
    expect(history.items.map((i) => i.state)).toEqual(['pending', 'cancelled']);
  });
});

describe('档案移交: bad input', () => {
  it('refuses the same union, unknown unions, partners, inactive unions and a missing reason', async () => {
    const id = await filed();
    const same = await propose(id, scene.unionA.id);
    expect(same.statusCode).toBe(400);
    expect(same.json().error.details).toEqual([
      { field: 'toOrgId', message: '接收单位不能是档案当前所在的单位' },
    ]);
    const unknown = await propose(id, 999_999);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toBe('接收单位不存在');
    const partner = await propose(id, donorOrg.id);
    expect(partner.statusCode).toBe(400);
    expect(partner.json().error.message).toContain('是合作单位，不能接收困难职工档案');
    const closed = await propose(id, closedOrg.id);
    expect(closed.statusCode).toBe(400);
    expect(closed.json().error.message).toContain('已停用');
    for (const reason of ['', '   ', 'x'.repeat(501)]) {
      const res = await propose(id, scene.unionB.id, reason);
      expect(res.statusCode, reason).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const noTarget = await cadre.post(`${BASE}/${id}/transfers`, { reason: '调动' });
    expect(noTarget.statusCode).toBe(400);
    const rows = await t.database.db
      .select()
      .from(hardshipTransfers)
      .where(eq(hardshipTransfers.archiveId, id));
    expect(rows).toHaveLength(0);
  });

  it('refuses archives under review, in publicity, rejected or exited', async () => {
    const underReview = await reviewing();
    const res = await propose(underReview);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('NOT_TRANSFERABLE');
    expect(res.json().error.message).toContain('审核中');
    const exited = await filed();
    await step(cadre, exited, 'exit', { reason: 'incomeMet' });
    expect((await propose(exited)).json().error.code).toBe('NOT_TRANSFERABLE');
    const rejected = await applied();
    await step(cadre, rejected, 'reject', { reason: '不符合条件' });
    expect((await propose(rejected)).json().error.code).toBe('NOT_TRANSFERABLE');
  });

  it('an archive that left the file while the transfer waited cannot be accepted', async () => {
    const id = await filed();
    const tr = await proposed(id);
    await step(cadre, id, 'exit', { reason: 'incomeMet' });
    const res = await decide(shCadre, tr.id, 'accept');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('NOT_TRANSFERABLE');
    const [row] = await t.database.db.select().from(hardshipArchives).where(eq(hardshipArchives.id, id));
    expect(row?.orgId).toBe(scene.unionA.id);
    expect((await decide(cadre, tr.id, 'cancel')).statusCode).toBe(200);
  });

  it('404 for unknown archives and transfers', async () => {
    expect((await propose(999_999)).statusCode).toBe(404);
    expect((await decide(shCadre, 999_999, 'accept')).statusCode).toBe(404);
    expect((await shCadre.get(`${BASE}/999999/transfers`)).statusCode).toBe(404);
  });
});

describe('档案移交: who may do what', () => {
  it('a third union neither sees nor decides; each side does only its own part', async () => {
    const id = await filed();
    // Others cannot propose for an archive they do not hold; reviewers cannot propose at all.
    expect((await propose(id, zj.id, '调动', shCadre)).statusCode).toBe(404);
    expect((await propose(id, zj.id, '调动', zjCadre)).statusCode).toBe(404);
    expect((await propose(id, scene.unionB.id, '调动', reviewer)).statusCode).toBe(403);
    const tr = await proposed(id);
    for (const box of ['incoming', 'outgoing']) {
      const page = (await zjCadre.get(`${API}/transfers?box=${box}`)).json() as TTransferPage;
      expect(page.items.map((i) => i.id)).not.toContain(tr.id);
    }
    for (const what of ['accept', 'decline', 'cancel'] as const) {
      expect((await decide(zjCadre, tr.id, what, '不该我管')).statusCode, what).toBe(404);
    }
    // The holding union cannot accept its own proposal; the receiving one cannot withdraw it.
    expect((await decide(cadre, tr.id, 'accept')).statusCode).toBe(404);
    expect((await decide(shCadre, tr.id, 'cancel')).statusCode).toBe(404);
    expect((await decide(reviewer, tr.id, 'cancel')).statusCode).toBe(403);
    expect((await zjCadre.get(`${BASE}/${id}/transfers`)).statusCode).toBe(404);
    const [still] = await t.database.db
      .select()
      .from(hardshipTransfers)
      .where(eq(hardshipTransfers.id, tr.id));
    expect(still?.state).toBe('pending');
    expect((await decide(cadre, tr.id, 'cancel')).statusCode).toBe(200);
  });

  it('auditors read the inbox of their subtree but may do nothing with it', async () => {
    const auditor = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'auditor' }));
    const id = await filed();
    const tr = await proposed(id);
    const page = (await auditor.get(`${API}/transfers?box=incoming&state=pending`)).json() as TTransferPage;
    expect(page.items.find((i) => i.id === tr.id)?.actions).toEqual([]);
    expect((await decide(auditor, tr.id, 'accept')).statusCode).toBe(403);
    expect((await decide(cadre, tr.id, 'cancel')).statusCode).toBe(200);
  });

  it('a pending transfer follows its receiving union when the union moves in the tree', async () => {
    const rootAdmin = await loginAs(t, await buildUser(t, { org: scene.root, role: 'admin' }));
    const movable = await buildOrg(t, { name: '上海某街道工会', type: 'township', parent: scene.sh });
    const id = await filed();
    const tr = (await propose(id, movable.id)).json() as TTransfer;
    const moved = await rootAdmin.post(`/api/v1/orgs/${movable.id}/move`, { parentId: zj.id });
    expect(moved.statusCode, moved.body).toBe(200);
    // Now under 浙江: Shanghai no longer sees it, Zhejiang does and accepts it.
    const sh = (await shCadre.get(`${API}/transfers?box=incoming`)).json() as TTransferPage;
    expect(sh.items.map((i) => i.id)).not.toContain(tr.id);
    expect((await decide(shCadre, tr.id, 'accept')).statusCode).toBe(404);
    const zjBox = (await zjCadre.get(`${API}/transfers?box=incoming`)).json() as TTransferPage;
    expect(zjBox.items.find((i) => i.id === tr.id)?.actions).toEqual(['accept', 'decline']);
    expect((await decide(zjCadre, tr.id, 'accept')).statusCode).toBe(200);
    const [a] = await t.database.db.select().from(hardshipArchives).where(eq(hardshipArchives.id, id));
    expect(a?.orgPath).toBe(`${zj.path}.${movable.id}`);
    expect((await zjCadre.get(`${BASE}/${id}`)).statusCode).toBe(200);
  });

  it('the target picker lists active unions of the whole platform, without partners', async () => {
    const id = await filed();
    const res = await cadre.get(`${API}/transfer-targets?q=${encodeURIComponent('工会')}&archiveId=${id}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: TTransferTarget[] }).items;
    const ids = items.map((i) => i.id);
    expect(ids).toContain(scene.unionB.id);
    expect(ids).toContain(zj.id);
    expect(ids).not.toContain(scene.unionA.id);
    expect(ids).not.toContain(donorOrg.id);
    expect(ids).not.toContain(closedOrg.id);
    expect(items.find((i) => i.id === scene.unionB.id)?.pathLabel).toBe(
      `${scene.root.name} / ${scene.sh.name}`,
    );
    expect(Object.keys(items[0] ?? {}).sort()).toEqual(['id', 'name', 'pathLabel']);
    expect((await reviewer.get(`${API}/transfer-targets?q=x`)).statusCode).toBe(403);
    // Someone else's archive id changes nothing (it would tell where the archive is held).
    const other = (
      await zjCadre.get(`${API}/transfer-targets?q=${encodeURIComponent('工会')}&archiveId=${id}`)
    ).json() as {
      items: TTransferTarget[];
    };
    expect(other.items.map((i) => i.id)).toContain(scene.unionA.id);
  });
});

describe('档案移交: races', () => {
  it('one pending transfer per archive, also when two cadres propose at once', async () => {
    const id = await filed();
    const first = await proposed(id);
    const second = await propose(id, zj.id);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('TRANSFER_PENDING');
    expect((await decide(cadre, first.id, 'cancel')).statusCode).toBe(200);

    const other = await filed();
    const both = await Promise.all([propose(other), propose(other, zj.id, '调往浙江')]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const pending = await t.database.db
      .select()
      .from(hardshipTransfers)
      .where(and(eq(hardshipTransfers.archiveId, other), eq(hardshipTransfers.state, 'pending')));
    expect(pending).toHaveLength(1);
  });

  it('two cadres accepting at once: one wins, the other gets 409, the archive moves once', async () => {
    const id = await filed();
    const tr = await proposed(id);
    const results = await Promise.all([decide(shCadre, tr.id, 'accept'), decide(shCadre2, tr.id, 'accept')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const lost = results.find((r) => r.statusCode === 409);
    expect(lost?.json().error.code).toBe('TRANSFER_NOT_PENDING');
    const releases = await t.database.db
      .select()
      .from(hardshipHelperChanges)
      .where(eq(hardshipHelperChanges.archiveId, id));
    expect(releases.filter((r) => r.helperUserId === null)).toHaveLength(1);
    const events = (await timelineOf(id)).filter((e) => e.event === 'transferAccept');
    expect(events).toHaveLength(1);
  });

  it('accept and withdraw at once: exactly one happens, and the archive agrees with it', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await filed();
      const tr = await proposed(id);
      const [acc, can] = await Promise.all([
        decide(shCadre, tr.id, 'accept'),
        decide(cadre, tr.id, 'cancel'),
      ]);
      expect([acc.statusCode, can.statusCode].sort()).toEqual([200, 409]);
      const [row] = await t.database.db
        .select()
        .from(hardshipTransfers)
        .where(eq(hardshipTransfers.id, tr.id));
      const [a] = await t.database.db.select().from(hardshipArchives).where(eq(hardshipArchives.id, id));
      if (acc.statusCode === 200) {
        expect(row?.state).toBe('accepted');
        expect(a?.orgId).toBe(scene.unionB.id);
      } else {
        expect(row?.state).toBe('cancelled');
        expect(a?.orgId).toBe(scene.unionA.id);
      }
    }
  });
});
