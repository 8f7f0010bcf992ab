import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
  type TestUser,
} from '../../../../test/app.ts';
import type { TArchive, TArchiveQr } from '../../../shared/hardship.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import { AUDIT_BUFFER_MAX_ROWS, flushAuditBuffer, recordAuditBuffered } from '../../platform/audit/audit.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { idCardCheckChar } from '../../platform/pii/pii.ts';
import { hardshipQrAttempts, hardshipQrTokens } from './hardship.table.ts';
import { hashQrToken } from './qr.service.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let cadre: Agent;
let reviewer: Agent;
let auditor: Agent;
let shCadre: Agent;
let shAdmin: Agent;
let helper: TestUser;

const BASE = '/api/v1/hardship/archives';
const NAME = '黄桂英';
const MOBILE = '13800776655';

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  cadre = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'cadre', displayName: '王干部' }));
  reviewer = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'reviewer' }));
  auditor = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'auditor' }));
  shCadre = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'cadre' }));
  shAdmin = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'admin' }));
  helper = await buildUser(t, {
    org: scene.unionA,
    role: 'cadre',
    displayName: '李帮扶',
    mobile: '13907760001',
  });
});
afterAll(async () => {
  await t.close();
});

let seq = 0;
/** A fresh valid ID number; every few end in X so the case-insensitive check is exercised. */
function nextId(): string {
  for (;;) {
    seq += 1;
    const first17 = `45100219850312${String(seq % 1000).padStart(3, '0')}`;
    const id = first17 + idCardCheckChar(first17);
    if (seq % 4 !== 1 || id.endsWith('X')) return id;
  }
}

async function step(agent: Agent, id: number, event: string, body: unknown = {}) {
  const res = await agent.post(`${BASE}/${id}/${event}`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TArchive;
}

/** A filed archive with a helper, a plan, and its full ID number. */
async function filed(orgId = scene.unionA.id): Promise<{ a: TArchive; idCard: string }> {
  const idCard = nextId();
  const res = await cadre.post(BASE, {
    orgId,
    basic: {
      name: NAME,
      idCard,
      mobile: MOBILE,
      health: 'chronic',
      workStatus: 'laidOff',
      address: '广西百色市右江区向阳路12号3栋',
      members: [],
    },
    causes: { main: 'laidOff', secondary: [] },
    income: {
      annualIncomeFen: 2_400_000,
      medicalExpenseFen: 0,
      schoolingExpenseFen: 0,
      householdSize: 3,
      category: 'deep',
    },
    plan: [{ type: '就业帮扶', responsible: '王干部', targetDate: '2027-06-30', status: 'ongoing' }],
    helperUserId: helper.id,
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = (res.json() as TArchive).id;
  await step(cadre, id, 'accept');
  const v = await cadre.post(`${BASE}/${id}/visits`, {
    visitDate: '2026-01-05',
    visitors: '王干部',
    findings: '家中三口人，丈夫下岗。',
  });
  expect(v.statusCode, v.body).toBe(201);
  await step(cadre, id, 'submit');
  await step(reviewer, id, 'pass');
  await step(cadre, id, 'publicize', { start: '2026-01-10', end: '2026-01-16' });
  const a = await step(reviewer, id, 'approve');
  expect(a.state).toBe('filed');
  return { a, idCard };
}

async function qrOf(agent: Agent, id: number): Promise<TArchiveQr> {
  const res = await agent.get(`${BASE}/${id}/qr`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TArchiveQr;
}
const wrongFor = (idCard: string) => (idCard.slice(-6) === '000000' ? '111111' : '000000');
const tokenOf = (qr: TArchiveQr) => qr.url.split('/q/')[1] ?? '';

const view = (token: string) => t.app.inject({ method: 'GET', url: `/q/${token}` });
const verify = (token: string, digits: string) =>
  t.app.inject({
    method: 'POST',
    url: `/q/${token}/verify`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ digits }).toString(),
  });

describe('personal QR tokens', () => {
  it('are created on approval: random, stored only hashed and encrypted', async () => {
    const { a } = await filed();
    const rows = await t.database.db
      .select()
      .from(hardshipQrTokens)
      .where(eq(hardshipQrTokens.archiveId, a.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.state).toBe('active');
    const qr = await qrOf(cadre, a.id);
    const token = tokenOf(qr);
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/); // 18 bytes = 144 bits
    expect(qr.url).toBe(`http://localhost:80/q/${token}`);
    expect(rows[0]?.tokenHash).toBe(hashQrToken(token));
    expect(rows[0]?.tokenEnc).not.toContain(token);
    expect(qr.svg).toContain('<svg');
    // Any hardship viewer of the subtree gets it; the same token each time.
    expect(tokenOf(await qrOf(auditor, a.id))).toBe(token);
  });

  it('are made on first use for archives filed before QR codes existed', async () => {
    const { a } = await filed();
    await t.database.db.delete(hardshipQrTokens).where(eq(hardshipQrTokens.archiveId, a.id));
    const token = tokenOf(await qrOf(cadre, a.id));
    expect((await view(token)).statusCode).toBe(200);
  });

  it('do not exist before filing', async () => {
    const res = await cadre.post(BASE, {
      orgId: scene.unionA.id,
      basic: { name: '未建档', idCard: nextId(), health: 'healthy', workStatus: 'laidOff', members: [] },
      causes: { main: 'laidOff', secondary: [] },
      income: { annualIncomeFen: 1_000_000, householdSize: 2 },
    });
    expect(res.statusCode, res.body).toBe(201);
    const qr = await cadre.get(`${BASE}/${res.json().id}/qr`);
    expect(qr.statusCode).toBe(409);
    expect(qr.json().error.code).toBe('QR_NOT_AVAILABLE');
  });

  it('are refused to other orgs (404, existence not revealed)', async () => {
    const { a } = await filed();
    expect((await shCadre.get(`${BASE}/${a.id}/qr`)).statusCode).toBe(404);
    expect((await shCadre.post(`${BASE}/${a.id}/qr/rotate`)).statusCode).toBe(404);
    expect((await shAdmin.post(`${BASE}/${a.id}/qr/rotate`)).statusCode).toBe(404);
    // Auditors and reviewers view, they do not rotate.
    expect((await auditor.post(`${BASE}/${a.id}/qr/rotate`)).statusCode).toBe(403);
  });
});

describe('the public page /q/<token>', () => {
  it('shows masked data only, no script, ≤ 30 KB, with safe headers', async () => {
    const { a, idCard } = await filed();
    const token = tokenOf(await qrOf(cadre, a.id));
    const res = await view(token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['x-robots-tag']).toMatch(/noindex/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("style-src 'unsafe-inline'");
    expect(res.headers['content-security-policy']).toContain("form-action 'self'");
    const html = res.body;
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(30 * 1024);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('黄**');
    expect(html).not.toContain(NAME);
    expect(html).not.toContain(idCard);
    expect(html).not.toContain(idCard.slice(-6));
    expect(html).not.toContain(MOBILE);
    expect(html).toContain('在档');
    // The section is 帮扶档案; 档案状态 is its first line, once.
    expect(html.split('档案状态').length - 1).toBe(1);
    expect(html).toContain('深度困难');
    expect(html).toContain('李帮扶');
    expect(html).toContain('13907760001');
    expect(html).toContain(scene.unionA.name);
    expect(html).toContain('12351');
    expect(html).toContain('输入身份证号后 6 位查看办理记录');
    expect(html).toContain(`action="/q/${token}/verify#verify"`);
    // Before verification, no history.
    expect(html).not.toContain('审批建档');
  });

  it('the result address opened again goes back to the page, without using a try', async () => {
    const { a, idCard } = await filed();
    const token = tokenOf(await qrOf(cadre, a.id));
    const wrong = idCard.slice(-6) === '000000' ? '111111' : '000000';
    expect((await verify(token, wrong)).statusCode).toBe(403);
    const again = await t.app.inject({ method: 'GET', url: `/q/${token}/verify` });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/q/${token}`);
    // Four tries were left after the wrong one, and still are: the GET consumed none.
    const next = await verify(token, wrong);
    expect(next.body).toContain('还可尝试 3 次');
  });

  it('answers an unknown or malformed token with a Chinese 404 page', async () => {
    for (const token of ['A'.repeat(24), 'short', '..%2F..%2Fetc']) {
      const res = await view(token);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('未找到该二维码');
    }
    expect((await verify('B'.repeat(24), '123456')).statusCode).toBe(404);
  });

  it('shows history and exit plan after the last 6 ID characters (any case of X)', async () => {
    const { a, idCard } = await filed();
    const token = tokenOf(await qrOf(cadre, a.id));
    const res = await verify(token, idCard.slice(-6).toLowerCase());
    expect(res.statusCode, res.body).toBe(200);
    const html = res.body;
    expect(html).toContain('已验证本人身份');
    for (const label of ['提交申请', '受理', '审核通过', '开始公示', '审批建档'])
      expect(html).toContain(label);
    expect(html).toMatch(/<span class="d">\d{4}-\d{2}-\d{2}<\/span> 审批建档/);
    expect(html).toContain('就业帮扶');
    expect(html).toContain('进行中');
    expect(html).not.toContain('王干部'); // no staff names in the history
    expect(html).not.toContain(idCard);
    expect(html).not.toContain(NAME);
    expect(html).not.toMatch(/<script/i);
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(30 * 1024);
  });

  it('locks verification for 15 minutes after 5 wrong tries, even for the right digits', async () => {
    const { a, idCard } = await filed();
    const token = tokenOf(await qrOf(cadre, a.id));
    const wrong = wrongFor(idCard);
    for (let i = 1; i <= 4; i++) {
      const res = await verify(token, wrong);
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain(`还可尝试 ${5 - i} 次`);
    }
    const fifth = await verify(token, wrong);
    expect(fifth.statusCode).toBe(429);
    expect(fifth.body).toContain('验证已锁定 15 分钟');
    expect(fifth.body).toMatch(
      /请于北京时间 \d{2}:\d{2} 后再试|请于北京时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 后再试/,
    );
    const right = await verify(token, idCard.slice(-6));
    expect(right.statusCode).toBe(429);
    expect(right.body).not.toContain('已验证本人身份');
    const attempts = await t.database.db
      .select()
      .from(hardshipQrAttempts)
      .innerJoin(hardshipQrTokens, eq(hardshipQrTokens.id, hardshipQrAttempts.tokenId))
      .where(eq(hardshipQrTokens.archiveId, a.id));
    expect(attempts.map((r) => r.hardship_qr_attempts.outcome)).toEqual([
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'locked',
    ]);
    // The page itself still shows, and reopened it says the lock at once (not only after a try).
    const reopened = await view(token);
    expect(reopened.statusCode).toBe(200);
    expect(reopened.body).toContain('验证已锁定 15 分钟');
    // Once the lock has run out, the page no longer says it and the right digits work again.
    await t.database.db
      .update(hardshipQrTokens)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(hardshipQrTokens.tokenHash, hashQrToken(token)));
    expect((await view(token)).body).not.toContain('验证已锁定');
    expect((await verify(token, idCard.slice(-6))).statusCode).toBe(200);
  });

  it('counts the lock per token: another archive is not affected', async () => {
    const one = await filed();
    const two = await filed();
    const t1 = tokenOf(await qrOf(cadre, one.a.id));
    const t2 = tokenOf(await qrOf(cadre, two.a.id));
    for (let i = 0; i < 5; i++) await verify(t1, wrongFor(one.idCard));
    expect((await verify(t1, one.idCard.slice(-6))).statusCode).toBe(429);
    expect((await verify(t2, two.idCard.slice(-6))).statusCode).toBe(200);
  });

  it('refuses malformed digits without counting them', async () => {
    const { a, idCard } = await filed();
    const token = tokenOf(await qrOf(cadre, a.id));
    for (let i = 0; i < 6; i++) expect((await verify(token, '12ab')).statusCode).toBe(400);
    expect((await verify(token, idCard.slice(-6))).statusCode).toBe(200);
  });

  it('accepts the form even from a browser that holds a staff session (no CSRF header on a plain form)', async () => {
    const { a, idCard } = await filed();
    const token = tokenOf(await qrOf(cadre, a.id));
    const res = await t.app.inject({
      method: 'POST',
      url: `/q/${token}/verify`,
      cookies: { nj_session: cadre.cookie },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `digits=${idCard.slice(-6)}`,
    });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('rotation', () => {
  it('replaces the token: the old page says so and whom to call, the new one works', async () => {
    const { a, idCard } = await filed();
    const old = tokenOf(await qrOf(cadre, a.id));
    const res = await cadre.post(`${BASE}/${a.id}/qr/rotate`);
    expect(res.statusCode, res.body).toBe(200);
    const fresh = tokenOf(res.json() as TArchiveQr);
    expect(fresh).not.toBe(old);
    expect(tokenOf(await qrOf(cadre, a.id))).toBe(fresh);

    const oldPage = await view(old);
    expect(oldPage.statusCode).toBe(410);
    expect(oldPage.body).toContain('此二维码已更换');
    expect(oldPage.body).toContain(scene.unionA.name);
    expect(oldPage.body).toContain('12351');
    expect(oldPage.body).not.toContain('输入身份证号后 6 位');
    expect((await verify(old, idCard.slice(-6))).statusCode).toBe(410);

    expect((await view(fresh)).statusCode).toBe(200);
    expect((await verify(fresh, idCard.slice(-6))).statusCode).toBe(200);

    const rows = await t.database.db
      .select()
      .from(hardshipQrTokens)
      .where(eq(hardshipQrTokens.archiveId, a.id));
    const oldRow = rows.find((r) => r.tokenHash === hashQrToken(old));
    const newRow = rows.find((r) => r.tokenHash === hashQrToken(fresh));
    expect(oldRow?.state).toBe('replaced');
    expect(oldRow?.rotatedAt).not.toBeNull();
    expect(oldRow?.replacedById).toBe(newRow?.id);
    expect(newRow?.state).toBe('active');

    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'hardship.qr.rotate'), eq(auditLog.entityId, String(a.id))));
    expect(audit).toHaveLength(1);
  });
});

describe('races', () => {
  it('concurrent rotations each replace the token before them: one active token, an unbroken chain', async () => {
    const { a } = await filed();
    const first = tokenOf(await qrOf(cadre, a.id));
    const results = await Promise.all([1, 2, 3].map(() => cadre.post(`${BASE}/${a.id}/qr/rotate`)));
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    const rows = await t.database.db
      .select()
      .from(hardshipQrTokens)
      .where(eq(hardshipQrTokens.archiveId, a.id));
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.state === 'active')).toHaveLength(1);
    // Follow the chain from the first token: every replaced token points at the next one.
    let cur = rows.find((r) => r.tokenHash === hashQrToken(first));
    for (let i = 0; i < 3; i++) {
      expect(cur?.state).toBe('replaced');
      cur = rows.find((r) => r.id === cur?.replacedById);
    }
    expect(cur?.state).toBe('active');
  });

  it('views arriving together (one batched lookup) each get their own archive: 200, 410 and 404 mixed', async () => {
    const archives = await Promise.all([filed(), filed(), filed()]);
    const tokens = await Promise.all(archives.map(async ({ a }) => tokenOf(await qrOf(cadre, a.id))));
    const replaced = tokens[2] as string;
    expect((await cadre.post(`${BASE}/${archives[2]?.a.id}/qr/rotate`)).statusCode).toBe(200);
    const asked = [tokens[0], tokens[1], replaced, 'Z'.repeat(24), tokens[1], tokens[0]] as string[];
    const pages = await Promise.all(asked.map(view));
    expect(pages.map((p) => p.statusCode)).toEqual([200, 200, 410, 404, 200, 200]);
    for (const [i, token] of asked.entries()) {
      const html = pages[i]?.body ?? '';
      if (pages[i]?.statusCode === 200) {
        expect(html).toContain(`action="/q/${token}/verify#verify"`);
        for (const other of tokens) if (other !== token) expect(html).not.toContain(other);
      }
    }
    expect(pages[2]?.body).toContain('已更换');
  });

  it('concurrent wrong tries lock after exactly 5', async () => {
    const { a, idCard } = await filed();
    const token = tokenOf(await qrOf(cadre, a.id));
    const results = await Promise.all(Array.from({ length: 8 }, () => verify(token, wrongFor(idCard))));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([403, 403, 403, 403, 429, 429, 429, 429]);
  });
});

describe('the page over HTTP (served before Fastify, hot-pages.ts)', () => {
  it('answers as the Fastify route does — live, replaced and unknown tokens — and audits the forwarded IP', async () => {
    const { a } = await filed();
    const replaced = tokenOf(await qrOf(cadre, a.id));
    const live = tokenOf((await cadre.post(`${BASE}/${a.id}/qr/rotate`)).json() as TArchiveQr);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const token of [live, replaced, 'A'.repeat(24)]) {
      const viaHttp = await fetch(`${address}/q/${token}?from=singlemessage`, {
        headers: { 'x-forwarded-for': '198.51.100.23' },
      });
      const body = await viaHttp.text();
      const viaInject = await view(token);
      expect(viaHttp.status).toBe(viaInject.statusCode);
      expect(body).toBe(viaInject.body);
      for (const h of [
        'content-type',
        'cache-control',
        'content-security-policy',
        'x-frame-options',
        'referrer-policy',
      ]) {
        expect(viaHttp.headers.get(h), h).toBe(viaInject.headers[h]);
      }
      expect(Number(viaHttp.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    }
    // A token longer than any valid one is left to Fastify, which refuses it as it always did.
    const long = `/q/${'A'.repeat(101)}`;
    const longViaHttp = await fetch(`${address}${long}`);
    expect(longViaHttp.status).toBe(414);
    expect(longViaHttp.status).toBe((await t.app.inject({ method: 'GET', url: long })).statusCode);
    await flushAuditBuffer(t.app.deps);
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'hardship.qr.view'), eq(auditLog.ip, '198.51.100.23')));
    expect(rows.map((r) => r.result).sort()).toEqual(['failure', 'success']);
    expect(rows.every((r) => r.entityId === String(a.id))).toBe(true);
  });
});

describe('auditing the public page', () => {
  it('records every view and every verification, without an actor, with the IP', async () => {
    const { a, idCard } = await filed();
    const token = tokenOf(await qrOf(cadre, a.id));
    await view(token);
    await view(token);
    await verify(token, wrongFor(idCard));
    await verify(token, idCard.slice(-6));
    await flushAuditBuffer(t.app.deps);
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'hardship.archive'), eq(auditLog.entityId, String(a.id))));
    const views = rows.filter((r) => r.action === 'hardship.qr.view');
    const verifies = rows.filter((r) => r.action === 'hardship.qr.verify');
    expect(views).toHaveLength(2);
    expect(verifies.map((r) => r.result)).toEqual(['failure', 'success']);
    for (const r of [...views, ...verifies]) {
      expect(r.actorName).toBeNull();
      expect(r.actorUserId).toBeNull();
      expect(r.ip).toBeTruthy();
      expect(r.orgId).toBe(scene.unionA.id);
    }
  });
});

describe('buffered audit of page views', () => {
  it('a view is in the audit log after the flush, with the time of the view; auditors see it at once', async () => {
    const { a } = await filed();
    const token = tokenOf(await qrOf(cadre, a.id));
    const before = new Date();
    expect((await view(token)).statusCode).toBe(200);
    const viewedBy = new Date();
    await flushAuditBuffer(t.app.deps);
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'hardship.qr.view'), eq(auditLog.entityId, String(a.id))));
    expect(rows).toHaveLength(1);
    const at = rows[0]?.at.getTime() ?? 0;
    expect(at).toBeGreaterThanOrEqual(before.getTime() - 1);
    expect(at).toBeLessThanOrEqual(viewedBy.getTime() + 1);
    expect(rows[0]?.detail).toMatchObject({ tokenId: expect.any(Number) });
    // The log viewer writes buffered rows before it reads: a second view shows up without a flush.
    expect((await view(token)).statusCode).toBe(200);
    const res = await auditor.get(`/api/v1/audit?action=hardship.qr.view&entityId=${a.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { total: number }).total).toBe(2);
  });

  it('views of a replaced token are audited as failures through the buffer too', async () => {
    const { a } = await filed();
    const old = tokenOf(await qrOf(cadre, a.id));
    expect((await cadre.post(`${BASE}/${a.id}/qr/rotate`, {})).statusCode).toBe(200);
    expect((await view(old)).statusCode).toBe(410);
    await flushAuditBuffer(t.app.deps);
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'hardship.qr.view'), eq(auditLog.entityId, String(a.id))));
    expect(rows.map((r) => [r.result, r.detail?.replaced])).toEqual([['failure', true]]);
  });

  it('verification attempts and the lockout are written before the answer, without a flush', async () => {
    const { a, idCard } = await filed();
    const token = tokenOf(await qrOf(cadre, a.id));
    const verifies = async () =>
      (
        await t.database.db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.action, 'hardship.qr.verify'), eq(auditLog.entityId, String(a.id))))
      ).map((r) => r.detail?.outcome);
    expect((await verify(token, wrongFor(idCard))).statusCode).toBe(403);
    expect(await verifies()).toEqual(['wrong']);
    for (let i = 0; i < 3; i++) await verify(token, wrongFor(idCard));
    expect((await verify(token, wrongFor(idCard))).statusCode).toBe(429);
    expect(await verifies()).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'locked']);
    expect((await verify(token, idCard.slice(-6))).statusCode).toBe(429);
    expect((await verifies()).at(-1)).toBe('refusedWhileLocked');
  });

  it('shows the helper’s current work phone after it changes (the decrypted phone is cached per ciphertext)', async () => {
    const { a } = await filed();
    const token = tokenOf(await qrOf(cadre, a.id));
    expect((await view(token)).body).toContain('13907760001');
    const setPhone = (phone: string) =>
      t.database.db
        .update(users)
        .set({ phoneEnc: t.app.deps.vault.encrypt(phone) })
        .where(eq(users.id, helper.id));
    await setPhone('13907769999');
    try {
      const html = (await view(token)).body;
      expect(html).toContain('13907769999');
      expect(html).not.toContain('13907760001');
    } finally {
      await setPhone('13907760001');
    }
    expect((await view(token)).body).toContain('13907760001');
  });

  it('closing the app writes the buffered view records', async () => {
    const other = await createTestApp();
    try {
      const ctx = { db: other.database.db, actor: null, ip: '10.9.8.7', deps: other.app.deps };
      for (let i = 0; i < 3; i++) {
        recordAuditBuffered(ctx, {
          action: 'hardship.qr.view',
          entityType: 'hardship.archive',
          entityId: 100 + i,
          orgId: null,
          orgPath: null,
          actorName: null,
          actorUserId: null,
        });
      }
      await other.app.close();
      const rows = await other.database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'hardship.qr.view'));
      expect(rows.map((r) => [r.entityId, r.ip]).sort()).toEqual([
        ['100', '10.9.8.7'],
        ['101', '10.9.8.7'],
        ['102', '10.9.8.7'],
      ]);
    } finally {
      await other.close();
    }
  });

  it('a row buffered inside a transaction (the demo seeds in one) is written after the transaction ended', async () => {
    const deps = await t.database.db.transaction(async (tx) => {
      const txDeps = { ...t.app.deps, database: { ...t.app.deps.database, db: tx } };
      recordAuditBuffered(
        { db: tx, actor: null, ip: '10.9.8.5', deps: txDeps },
        { action: 'test.bufferedInTx', entityId: 1, orgId: null, orgPath: null },
      );
      return txDeps;
    });
    await flushAuditBuffer(deps);
    const rows = await t.database.db
      .select({ ip: auditLog.ip })
      .from(auditLog)
      .where(eq(auditLog.action, 'test.bufferedInTx'));
    expect(rows).toEqual([{ ip: '10.9.8.5' }]);
  });

  it('more rows than one batch holds all arrive, each once', async () => {
    const ctx = { db: t.database.db, actor: null, ip: '10.9.8.6', deps: t.app.deps };
    const n = AUDIT_BUFFER_MAX_ROWS * 2 + 7;
    for (let i = 0; i < n; i++) {
      recordAuditBuffered(ctx, { action: 'test.bufferedBatch', entityId: i, orgId: null, orgPath: null });
    }
    await flushAuditBuffer(t.app.deps);
    const rows = await t.database.db
      .select({ entityId: auditLog.entityId })
      .from(auditLog)
      .where(eq(auditLog.action, 'test.bufferedBatch'));
    expect(new Set(rows.map((r) => r.entityId)).size).toBe(n);
    expect(rows).toHaveLength(n);
  });
});

describe('printable QR cards', () => {
  it('puts the chosen archives on A4 sheets of 2 × 4 cards', async () => {
    const archives = [];
    for (let i = 0; i < 3; i++) archives.push((await filed()).a);
    const ids = archives.map((a) => a.id).join(',');
    const res = await cadre.get(`/api/v1/hardship/qr-cards?ids=${ids}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const html = res.body;
    expect(html.match(/class="qc"/g)).toHaveLength(3);
    expect(html.match(/<svg/g)).toHaveLength(3);
    expect(html).toContain('@page{size:A4;margin:10mm}');
    expect(html).toContain('break-inside:avoid');
    expect(html).toContain('黄**');
    expect(html).not.toContain(NAME);
    expect(html).toContain(scene.unionA.name);
    expect(html).not.toMatch(/<script/i);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'hardship.qr.print'));
    expect(audit.at(-1)?.detail).toMatchObject({ count: 3 });
  });

  it('prints every filed archive of an org subtree, 8 to a sheet', async () => {
    const org = scene.unionA;
    const res = await cadre.get(`/api/v1/hardship/qr-cards?orgId=${org.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const cards = res.body.match(/class="qc"/g)?.length ?? 0;
    expect(cards).toBeGreaterThanOrEqual(10);
    expect(res.body.match(/class="sheet"/g)).toHaveLength(Math.ceil(cards / 8));
  });

  it('refuses other orgs and read-only roles', async () => {
    const { a } = await filed();
    expect((await shCadre.get(`/api/v1/hardship/qr-cards?ids=${a.id}`)).statusCode).toBe(404);
    expect((await shCadre.get(`/api/v1/hardship/qr-cards?orgId=${scene.unionA.id}`)).statusCode).toBe(404);
    expect((await auditor.get(`/api/v1/hardship/qr-cards?ids=${a.id}`)).statusCode).toBe(403);
    expect((await cadre.get('/api/v1/hardship/qr-cards')).statusCode).toBe(400);
  });
});

describe("the worker's own QR code", () => {
  const MY = '/api/v1/hardship/my/archives';

  /** A worker's self-application, worked by the cadres up to just before filing, or all the way. */
  async function ownApplication(worker: Agent, file: boolean): Promise<TArchive> {
    const res = await worker.post('/api/v1/hardship/my/applications', {
      basic: {
        name: NAME,
        idCard: nextId(),
        mobile: MOBILE,
        health: 'chronic',
        workStatus: 'laidOff',
        address: '广西百色市右江区向阳路12号3栋',
        members: [],
      },
      causes: { main: 'laidOff', secondary: [] },
      income: { annualIncomeFen: 1_000_000, medicalExpenseFen: 0, schoolingExpenseFen: 0, householdSize: 2 },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as TArchive).id;
    if (!file) return res.json() as TArchive;
    await step(cadre, id, 'accept');
    const c = await cadre.patch(`${BASE}/${id}`, {
      income: {
        annualIncomeFen: 1_000_000,
        householdSize: 2,
        category: 'deep',
        categoryReason: '本人下岗，家中无其他收入',
      },
    });
    expect(c.statusCode, c.body).toBe(200);
    const v = await cadre.post(`${BASE}/${id}/visits`, {
      visitDate: '2026-01-05',
      visitors: '王干部',
      findings: '家中两口人，本人下岗。',
    });
    expect(v.statusCode, v.body).toBe(201);
    await step(cadre, id, 'submit');
    await step(reviewer, id, 'pass');
    await step(cadre, id, 'publicize', { start: '2026-01-10', end: '2026-01-16' });
    const a = await step(reviewer, id, 'approve');
    expect(a.state).toBe('filed');
    return a;
  }

  it('is shown to the worker who applied, the same code the cadres print, and audited', async () => {
    const user = await buildUser(t, { org: scene.unionA, role: 'worker' });
    const worker = await loginAs(t, user);
    const a = await ownApplication(worker, true);
    const res = await worker.get(`${MY}/${a.id}/qr`);
    expect(res.statusCode, res.body).toBe(200);
    const mine = res.json() as TArchiveQr;
    expect(mine.svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(mine).toEqual(await qrOf(cadre, a.id));
    expect((await view(tokenOf(mine))).statusCode).toBe(200);
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'hardship.qr.own'), eq(auditLog.entityId, String(a.id))));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorUserId: user.id, result: 'success' });
  });

  it("is 404 for another worker's archive and for a cadre's filing, 409 before filing, 401 anonymous", async () => {
    const owner = await loginAs(t, await buildUser(t, { org: scene.unionA, role: 'worker' }));
    const other = await loginAs(t, await buildUser(t, { org: scene.unionA, role: 'worker' }));
    const a = await ownApplication(owner, true);
    const r404 = await other.get(`${MY}/${a.id}/qr`);
    expect(r404.statusCode).toBe(404);
    expect(r404.body).not.toContain('/q/');
    const { a: staffFiled } = await filed();
    expect((await owner.get(`${MY}/${staffFiled.id}/qr`)).statusCode).toBe(404);
    expect((await owner.get(`${MY}/999999/qr`)).statusCode).toBe(404);

    const pending = await ownApplication(owner, false);
    const r409 = await owner.get(`${MY}/${pending.id}/qr`);
    expect(r409.statusCode).toBe(409);
    expect(r409.json()).toMatchObject({ error: { code: 'QR_NOT_AVAILABLE' } });
    const tokens = await t.database.db
      .select()
      .from(hardshipQrTokens)
      .where(eq(hardshipQrTokens.archiveId, pending.id));
    expect(tokens).toHaveLength(0);

    const anon = await t.app.inject({ method: 'GET', url: `${MY}/${a.id}/qr` });
    expect(anon.statusCode).toBe(401);
  });
});
