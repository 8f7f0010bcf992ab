import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildOrg,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
  type TestOrg,
} from '../../../../test/app.ts';
import {
  REFERRAL_MAX_ATTEMPTS,
  REFERRAL_RETRY_CAP_SECONDS,
  type TEndpoint,
  type TReferralDetail,
} from '../../../shared/appeals.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import { flushAuditBuffer } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { registeredJobs } from '../../platform/jobs/jobs.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { apply } from '../../platform/workflow/workflow.ts';
import { appealFlow } from './appeals.flow.ts';
import { buildProposalsScene, type ProposalsScene, type SceneUser } from './proposals.fixture.ts';
import { appeals, referralAttempts, referralEndpoints, referrals } from './proposals.table.ts';
import {
  deliverDueReferrals,
  type ReferralPayload,
  referAppeal,
  retryDelaySeconds,
  signReferral,
} from './referrals.service.ts';
import './referrals.jobs.ts';

/**
 * 转基层治理平台 against a fake governance platform started here (node:http on 127.0.0.1, port 0): it
 * checks our HMAC signature on every delivery, fails the first tries of the referrals it is told to,
 * and posts signed status callbacks back to the callback URL in the payload (the app listens on a
 * local port so the callback goes through real HTTP and the raw-body parser).
 */

const SECRET = 'gov-platform-shared-secret-0001';
const SECRET2 = 'another-platform-secret-000002';

interface Received {
  code: string;
  signatureOk: boolean;
  payload: ReferralPayload;
}

/** The fake 林埭镇基层治理平台. */
class FakePlatform {
  server: Server;
  url = '';
  received: Received[] = [];
  /** service_request_id → how many more deliveries to refuse with 503. */
  failures = new Map<string, number>();
  private seq = 0;
  private eventSeq = 0;

  constructor(private secret: string) {
    this.server = createServer((req, res) => {
      void this.handle(req).then(([status, body]) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
  }

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address();
    if (!addr || typeof addr === 'string') throw new Error('no address');
    this.url = `http://127.0.0.1:${addr.port}/open311/requests`;
  }

  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<[number, unknown]> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const ts = String(req.headers['x-niangjia-timestamp'] ?? '');
    const sig = String(req.headers['x-niangjia-signature'] ?? '');
    const signatureOk = sig === signReferral(this.secret, ts, raw);
    const payload = JSON.parse(raw) as ReferralPayload;
    this.received.push({ code: payload.service_request_id, signatureOk, payload });
    if (!signatureOk) return [401, { error: 'bad signature' }];
    const left = this.failures.get(payload.service_request_id) ?? 0;
    if (left > 0) {
      this.failures.set(payload.service_request_id, left - 1);
      return [503, { error: 'busy' }];
    }
    this.seq += 1;
    return [201, [{ service_request_id: `GOV-${this.seq}` }]];
  }

  /** POST a signed status update to the payload's callback URL. */
  async callback(
    payload: ReferralPayload,
    status: 'accepted' | 'in_progress' | 'closed' | 'bogus',
    opts: { notes?: string; eventId?: string; at?: Date; secret?: string; noHeaders?: boolean } = {},
  ) {
    this.eventSeq += 1;
    const body = JSON.stringify({
      event_id: opts.eventId ?? `evt-${payload.service_request_id}-${this.eventSeq}`,
      service_request_id: payload.service_request_id,
      status,
      status_notes: opts.notes ?? null,
      updated_datetime: new Date().toISOString(),
    });
    const ts = String(Math.floor((opts.at ?? new Date()).getTime() / 1000));
    const res = await fetch(payload.callback_url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        ...(opts.noHeaders
          ? {}
          : {
              'x-niangjia-timestamp': ts,
              'x-niangjia-signature': signReferral(opts.secret ?? this.secret, ts, body),
            }),
      },
      body,
    });
    return {
      status: res.status,
      body: (await res.json()) as { error?: { code: string } } & Record<string, unknown>,
    };
  }
}

async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const addr = srv.address();
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return addr.port;
}

let t: TestApp;
let s: ProposalsScene;
let platform: FakePlatform;
let manualGov: TestOrg;
let manualPartner: SceneUser;
const SEC = 1000;

/** The township cadre's context (as the appeals triage would call referAppeal). */
function cadreCtx(user: SceneUser, org: TestOrg, db = t.database.db): Ctx {
  return {
    db,
    ip: null,
    deps: t.app.deps,
    actor: {
      userId: user.user.id,
      username: user.user.username,
      displayName: user.displayName,
      sessionId: 'test',
      csrfToken: 'test',
      membership: {
        id: user.user.membershipId,
        role: 'cadre',
        orgId: org.id,
        orgPath: org.path,
        orgName: org.name,
        orgType: 'township',
      },
    },
  };
}

let appealSeq = 0;
async function buildAppeal(over: Partial<typeof appeals.$inferInsert> = {}) {
  appealSeq += 1;
  const [a] = await t.database.db
    .insert(appeals)
    .values({
      code: `YS-TEST-${appealSeq}`,
      orgId: s.township.id,
      orgPath: s.township.path,
      state: 'open',
      kind: 'appeal',
      category: 'children',
      title: `货车司机孩子转学难 ${appealSeq}`,
      text: '外地货车司机的孩子想转学到镇上小学，材料要求多，希望帮助协调。',
      location: '林埭镇工业园区 3 号路',
      authorUserId: s.worker.user.id,
      authorOrgId: s.textile.id,
      ...over,
    })
    .returning();
  if (!a) throw new Error('appeal insert failed');
  return a;
}

/** Triage `refer` the way appeals.service does: referral + the appeal's transition, one transaction. */
async function refer(appeal: typeof appeals.$inferSelect, partnerOrgId: number, dueDate?: string) {
  return t.database.db.transaction(async (tx) => {
    const ctx = cadreCtx(s.cadre, s.township, tx);
    const out = await referAppeal(ctx, appeal, { partnerOrgId, dueDate, note: '请镇教办协调' });
    await apply(ctx, appealFlow, {
      id: appeal.id,
      event: 'refer',
      orgId: appeal.orgId,
      orgPath: appeal.orgPath,
    });
    return out;
  });
}

const detail = async (id: number, who: SceneUser = s.cadre) => {
  const res = await who.agent.get(`/api/v1/proposals/referrals/${id}`);
  expect(res.statusCode).toBe(200);
  return res.json() as TReferralDetail;
};
const row = async (id: number) => {
  const [r] = await t.database.db.select().from(referrals).where(eq(referrals.id, id));
  if (!r) throw new Error('no referral');
  return r;
};
const putEndpoint = (who: SceneUser, orgId: number, body: unknown) =>
  who.agent.inject({
    method: 'PUT',
    url: `/api/v1/proposals/referrals/endpoints/${orgId}`,
    payload: body as object,
  });
const notesOf = async (userId: number, kind: string) =>
  t.database.db
    .select({ title: notifications.title, link: notifications.link })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

beforeAll(async () => {
  const port = await freePort();
  t = await createTestApp({ PUBLIC_URL: `http://127.0.0.1:${port}` });
  await t.app.listen({ port, host: '127.0.0.1' });
  s = await buildProposalsScene(t);
  platform = new FakePlatform(SECRET);
  await platform.start();
  manualGov = await buildOrg(t, { name: '林埭镇网格服务中心', type: 'governance', parent: s.township });
  const u = await buildUser(t, { org: manualGov, role: 'partner', displayName: '网格员' });
  manualPartner = { user: u, agent: await loginAs(t, u), displayName: '网格员' };
}, 60_000);

afterAll(async () => {
  await platform?.stop();
  await t?.close();
});

describe('对接配置 (endpoints)', () => {
  it('refers nowhere before a platform is configured', async () => {
    const a = await buildAppeal();
    await expect(refer(a, s.governance.id)).rejects.toMatchObject({ status: 400 });
    // Not a governance org, or one outside the union's area: refused as well.
    await expect(refer(a, s.textile.id)).rejects.toMatchObject({ status: 400 });
    const far = await buildOrg(t, {
      name: '新埭镇基层治理平台',
      type: 'governance',
      parent: s.otherTownship,
    });
    await expect(refer(a, far.id)).rejects.toMatchObject({ status: 400 });
    expect(await t.database.db.select().from(referrals).where(eq(referrals.appealId, a.id))).toEqual([]);
    const [still] = await t.database.db.select().from(appeals).where(eq(appeals.id, a.id));
    expect(still?.state).toBe('open');
  });

  it('an admin sets the api endpoint; the secret is encrypted and never returned', async () => {
    const noSecret = await putEndpoint(s.cityAdmin, s.governance.id, { mode: 'api', url: platform.url });
    expect(noSecret.statusCode).toBe(400);
    const noUrl = await putEndpoint(s.cityAdmin, s.governance.id, { mode: 'api', secret: SECRET });
    expect(noUrl.statusCode).toBe(400);
    const shortSecret = await putEndpoint(s.cityAdmin, s.governance.id, {
      mode: 'api',
      url: platform.url,
      secret: 'short',
    });
    expect(shortSecret.statusCode).toBe(400);

    const res = await putEndpoint(s.cityAdmin, s.governance.id, {
      mode: 'api',
      url: platform.url,
      secret: SECRET,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(SECRET);
    const ep = res.json() as TEndpoint;
    expect(ep).toMatchObject({ mode: 'api', url: platform.url, hasSecret: true, active: true });
    expect(ep.callbackUrl).toMatch(/\/api\/v1\/proposals\/referrals\/callback$/);
    const [stored] = await t.database.db
      .select()
      .from(referralEndpoints)
      .where(eq(referralEndpoints.partnerOrgId, s.governance.id));
    expect(stored?.secretEnc).toBeTruthy();
    expect(stored?.secretEnc).not.toContain(SECRET);
    expect(t.app.deps.vault.decrypt(stored?.secretEnc ?? '')).toBe(SECRET);

    // Saving again without a secret keeps the stored one.
    const again = await putEndpoint(s.cityAdmin, s.governance.id, { mode: 'api', url: platform.url });
    expect(again.statusCode).toBe(200);
    expect((again.json() as TEndpoint).hasSecret).toBe(true);

    const list = await s.cadre.agent.get('/api/v1/proposals/referrals/endpoints');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(SECRET);
    expect((list.json() as TEndpoint[]).map((e) => e.partner.id)).toContain(s.governance.id);
  });

  it('only admins of the area configure, and only governance orgs', async () => {
    expect((await putEndpoint(s.cadre, s.governance.id, { mode: 'manual' })).statusCode).toBe(403);
    expect((await putEndpoint(s.otherCadre, s.governance.id, { mode: 'manual' })).statusCode).toBe(404);
    expect((await putEndpoint(s.cityAdmin, s.textile.id, { mode: 'manual' })).statusCode).toBe(400);
    expect((await s.worker.agent.get('/api/v1/proposals/referrals/endpoints')).statusCode).toBe(403);
    const other = await s.otherCadre.agent.get('/api/v1/proposals/referrals/endpoints');
    expect((other.json() as TEndpoint[]).map((e) => e.partner.id)).not.toContain(s.governance.id);
    const manual = await putEndpoint(s.cityAdmin, manualGov.id, { mode: 'manual' });
    expect(manual.statusCode).toBe(200);
    expect(manual.json()).toMatchObject({ mode: 'manual', hasSecret: false });
  });
});

describe('推送 (api delivery) and callbacks', () => {
  let referralId: number;
  let appealId: number;
  let payload: ReferralPayload;
  /** The injected clock's start, just after the referral was queued. */
  let t0 = new Date();
  const at = (seconds: number) => new Date(t0.getTime() + seconds * SEC);

  it('queues the referral with the Open311-like payload; contact only when shared and not anonymous', async () => {
    const a = await buildAppeal({ shareContact: true });
    appealId = a.id;
    const out = await refer(a, s.governance.id, '2099-12-31');
    referralId = out.referralId;
    t0 = new Date(Date.now() + SEC);
    expect(out.code).toMatch(/^ZL\d{8}-\d{5}$/);
    const r = await row(referralId);
    expect(r).toMatchObject({ state: 'queued', mode: 'api', attemptCount: 0 });
    payload = r.payload as ReferralPayload;
    expect(payload).toMatchObject({
      service_request_id: out.code,
      service_code: 'children',
      service_name: '子女教育与托管',
      address: '林埭镇工业园区 3 号路',
      contact: { name: '吴师傅', phone: '13912350011' },
      expected_datetime: new Date('2099-12-31T23:59:59.999+08:00').toISOString(),
    });
    expect(payload.description).toContain('请镇教办协调');
    expect(payload.callback_url).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/proposals\/referrals\/callback$/,
    );

    const anon = await refer(await buildAppeal({ shareContact: true, anonymous: true }), s.governance.id);
    expect(((await row(anon.referralId)).payload as ReferralPayload).contact).toBeNull();
    const noShare = await refer(await buildAppeal({ shareContact: false }), s.governance.id);
    expect(((await row(noShare.referralId)).payload as ReferralPayload).contact).toBeNull();
    // A due date in the past is refused.
    await expect(refer(await buildAppeal(), s.governance.id, '2020-01-01')).rejects.toMatchObject({
      status: 400,
    });
  });

  it('retries with exponential backoff until the platform acknowledges, logging every attempt', async () => {
    // Deliver the other two queued ones first so only ours is failing below.
    platform.failures.set(payload.service_request_id, 2);
    const first = await deliverDueReferrals(t.app.deps, { now: at(0) });
    expect(first.retry).toBe(1);
    expect(first.delivered).toBeGreaterThanOrEqual(2);
    let r = await row(referralId);
    expect(r.state).toBe('queued');
    expect(r.attemptCount).toBe(1);
    expect(r.nextAttemptAt?.getTime()).toBe(at(60).getTime());
    expect(r.lastError).toBe('HTTP 503');

    // Not yet due: nothing is sent.
    const sentBefore = platform.received.length;
    expect(await deliverDueReferrals(t.app.deps, { now: at(59) })).toMatchObject({ delivered: 0, retry: 0 });
    expect(platform.received.length).toBe(sentBefore);

    expect((await deliverDueReferrals(t.app.deps, { now: at(60) })).retry).toBe(1);
    r = await row(referralId);
    expect(r.nextAttemptAt?.getTime()).toBe(at(60 + 120).getTime());

    expect((await deliverDueReferrals(t.app.deps, { now: at(180) })).delivered).toBe(1);
    r = await row(referralId);
    expect(r).toMatchObject({ state: 'delivered', attemptCount: 3, nextAttemptAt: null, lastError: null });
    expect(r.externalId).toMatch(/^GOV-\d+$/);

    const mine = platform.received.filter((x) => x.code === payload.service_request_id);
    expect(mine).toHaveLength(3);
    expect(mine.every((x) => x.signatureOk)).toBe(true);
    expect(mine[0]?.payload).toEqual(payload);

    const d = await detail(referralId);
    expect(d.attempts.map((x) => [x.no, x.ok, x.httpStatus])).toEqual([
      [1, false, 503],
      [2, false, 503],
      [3, true, 201],
    ]);
    expect(d.events.map((e) => e.status)).toEqual(['queued', 'delivered']);
    // Delivered: the job leaves it alone.
    expect((await deliverDueReferrals(t.app.deps, { now: at(10_000) })).delivered).toBe(0);
  });

  it('the backoff doubles and is capped', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([60, 120, 240, 480]);
    expect(retryDelaySeconds(REFERRAL_MAX_ATTEMPTS)).toBe(REFERRAL_RETRY_CAP_SECONDS);
  });

  it('refuses callbacks with a bad or missing signature, a stale timestamp, a bad body or a replay', async () => {
    const bad = await platform.callback(payload, 'accepted', { secret: 'not-the-platform-secret-000' });
    expect(bad.status).toBe(401);
    expect(bad.body.error?.code).toBe('BAD_SIGNATURE');
    const none = await platform.callback(payload, 'accepted', { noHeaders: true });
    expect(none.status).toBe(401);
    expect(none.body.error?.code).toBe('BAD_SIGNATURE');
    const unknown = await platform.callback(
      { ...payload, service_request_id: 'ZL20990101-99999' },
      'accepted',
    );
    expect(unknown.status).toBe(401);
    const stale = await platform.callback(payload, 'accepted', { at: new Date(Date.now() - 600 * SEC) });
    expect(stale.status).toBe(401);
    expect(stale.body.error?.code).toBe('STALE_TIMESTAMP');
    const future = await platform.callback(payload, 'accepted', { at: new Date(Date.now() + 600 * SEC) });
    expect(future.status).toBe(401);
    const bogus = await platform.callback(payload, 'bogus');
    expect(bogus.status).toBe(400);
    expect((await row(referralId)).state).toBe('delivered');

    // A body altered after signing fails too (the signature covers the raw bytes).
    const body = JSON.stringify({
      event_id: 'evt-tampered-0001',
      service_request_id: payload.service_request_id,
      status: 'accepted',
      updated_datetime: new Date().toISOString(),
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await fetch(payload.callback_url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-niangjia-timestamp': ts,
        'x-niangjia-signature': signReferral(SECRET, ts, body),
      },
      body: body.replace('"accepted"', '"in_progress"'),
    });
    expect(res.status).toBe(401);

    const ok = await platform.callback(payload, 'accepted', { eventId: 'evt-accepted-0001' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'accepted', changed: true });
    const replay = await platform.callback(payload, 'in_progress', { eventId: 'evt-accepted-0001' });
    expect(replay.status).toBe(409);
    expect(replay.body.error?.code).toBe('REPLAY');
    expect((await row(referralId)).state).toBe('accepted');
  });

  it('the same event delivered twice at once is applied once', async () => {
    const results = await Promise.all([
      platform.callback(payload, 'in_progress', { eventId: 'evt-progress-race' }),
      platform.callback(payload, 'in_progress', { eventId: 'evt-progress-race' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const d = await detail(referralId);
    expect(d.state).toBe('in_progress');
    expect(d.events.filter((e) => e.source === 'platform').map((e) => e.status)).toEqual([
      'accepted',
      'in_progress',
    ]);
  });

  it('closed answers the appeal on the platform account and tells the cadres and the author', async () => {
    const late = await platform.callback(payload, 'accepted');
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ status: 'in_progress', changed: false });

    const noNotes = await platform.callback(payload, 'closed');
    expect(noNotes.status).toBe(400);
    const closed = await platform.callback(payload, 'closed', {
      notes: '镇教办已协调林埭小学接收，9 月 1 日入学。',
    });
    expect(closed.status).toBe(200);
    const d = await detail(referralId);
    expect(d).toMatchObject({ state: 'answered', answer: '镇教办已协调林埭小学接收，9 月 1 日入学。' });
    const [a] = await t.database.db.select().from(appeals).where(eq(appeals.id, appealId));
    expect(a).toMatchObject({ state: 'replied', reply: '镇教办已协调林埭小学接收，9 月 1 日入学。' });
    expect(await notesOf(s.cadre.user.id, 'proposals.referral.answered')).toHaveLength(1);
    expect(await notesOf(s.cadre2.user.id, 'proposals.referral.answered')).toHaveLength(1);
    const toAuthor = await t.database.db
      .select({ kind: notifications.kind })
      .from(notifications)
      .where(and(eq(notifications.userId, s.worker.user.id), like(notifications.kind, 'proposals.appeal.%')));
    expect(toAuthor.length).toBeGreaterThanOrEqual(1);

    // A second close (another event id) changes nothing.
    const again = await platform.callback(payload, 'closed', { notes: '重复的办结通知' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ changed: false });
    expect((await row(referralId)).answer).toBe('镇教办已协调林埭小学接收，9 月 1 日入学。');
    expect(await notesOf(s.cadre.user.id, 'proposals.referral.answered')).toHaveLength(1);
  });

  it('a platform that never answers makes it undeliverable; a cadre retries or switches to manual', async () => {
    const a = await buildAppeal();
    const { referralId: id, code } = await refer(a, s.governance.id);
    platform.failures.set(code, 1000);
    let clock = at(20_000);
    for (let n = 1; n <= REFERRAL_MAX_ATTEMPTS; n++) {
      await deliverDueReferrals(t.app.deps, { now: clock });
      const r = await row(id);
      expect(r.attemptCount).toBe(n);
      if (n < REFERRAL_MAX_ATTEMPTS) {
        expect(r.state).toBe('queued');
        expect((r.nextAttemptAt?.getTime() ?? 0) - clock.getTime()).toBe(retryDelaySeconds(n) * SEC);
        clock = r.nextAttemptAt ?? clock;
      }
    }
    expect(await row(id)).toMatchObject({ state: 'undeliverable', nextAttemptAt: null });
    expect((await notesOf(s.cadre.user.id, 'proposals.referral.undeliverable')).map((n) => n.link)).toContain(
      `/referrals/${id}`,
    );
    expect(await deliverDueReferrals(t.app.deps, { now: at(10_000_000) })).toMatchObject({ retry: 0 });

    // Others may not retry it; the cadre's retry opens a new round and the platform now takes it.
    expect((await s.otherCadre.agent.post(`/api/v1/proposals/referrals/${id}/retry`)).statusCode).toBe(404);
    expect((await s.worker.agent.post(`/api/v1/proposals/referrals/${id}/retry`)).statusCode).toBe(403);
    platform.failures.set(code, 1);
    const failedRetry = await s.cadre.agent.post(`/api/v1/proposals/referrals/${id}/retry`);
    expect(failedRetry.statusCode).toBe(200);
    expect(failedRetry.json()).toMatchObject({ state: 'queued', attemptCount: REFERRAL_MAX_ATTEMPTS + 1 });
    const second = await s.cadre.agent.post(`/api/v1/proposals/referrals/${id}/retry`);
    expect(second.json()).toMatchObject({ state: 'delivered', attemptCount: REFERRAL_MAX_ATTEMPTS + 2 });
    expect((await s.cadre.agent.post(`/api/v1/proposals/referrals/${id}/retry`)).statusCode).toBe(409);
    expect((await s.cadre.agent.post(`/api/v1/proposals/referrals/${id}/manual`)).statusCode).toBe(409);

    // Another one switched to manual after failing: the partner is told and records it by hand.
    const b = await buildAppeal();
    const other = await refer(b, s.governance.id);
    platform.failures.set(other.code, 1);
    await deliverDueReferrals(t.app.deps, { now: at(30_000) });
    expect((await row(other.referralId)).state).toBe('queued');
    const api = await s.cadre.agent.post(`/api/v1/proposals/referrals/${other.referralId}/status`, {
      status: 'accepted',
    });
    expect(api.statusCode).toBe(409);
    expect(api.json().error.code).toBe('NOT_MANUAL');
    const sw = await s.cadre.agent.post(`/api/v1/proposals/referrals/${other.referralId}/manual`);
    expect(sw.statusCode).toBe(200);
    expect(sw.json()).toMatchObject({ mode: 'manual', state: 'delivered', nextAttemptAt: null });
    expect((await notesOf(s.govPartner.user.id, 'proposals.referral.assigned')).map((n) => n.link)).toContain(
      `/referrals/assigned/${other.referralId}`,
    );
    expect(await deliverDueReferrals(t.app.deps, { now: at(10_000_000) })).toMatchObject({
      delivered: 0,
      retry: 0,
    });
  });

  it('two job runs at once send each attempt once', async () => {
    const { referralId: id, code } = await refer(await buildAppeal(), s.governance.id);
    const before = platform.received.filter((x) => x.code === code).length;
    await Promise.all([
      deliverDueReferrals(t.app.deps, { now: at(40_000) }),
      deliverDueReferrals(t.app.deps, { now: at(40_000) }),
    ]);
    expect(platform.received.filter((x) => x.code === code).length - before).toBe(1);
    const attempts = await t.database.db
      .select()
      .from(referralAttempts)
      .where(eq(referralAttempts.referralId, id));
    expect(attempts).toHaveLength(1);
    expect((await row(id)).state).toBe('delivered');
  });

  it('a callback for one partner cannot be signed with another partner’s secret', async () => {
    const gov2 = await buildOrg(t, { name: '林埭镇综治中心', type: 'governance', parent: s.township });
    expect(
      (await putEndpoint(s.cityAdmin, gov2.id, { mode: 'api', url: platform.url, secret: SECRET2 }))
        .statusCode,
    ).toBe(200);
    const a = await buildAppeal();
    const { referralId: id } = await refer(a, s.governance.id);
    const p = (await row(id)).payload as ReferralPayload;
    const forged = await platform.callback(p, 'accepted', { secret: SECRET2 });
    expect(forged.status).toBe(401);
    expect((await row(id)).state).toBe('queued');
  });
});

describe('人工交办 (manual mode)', () => {
  let id: number;
  let appealId: number;

  it('hands the referral over and tells the partner’s accounts', async () => {
    const a = await buildAppeal();
    appealId = a.id;
    id = (await refer(a, manualGov.id)).referralId;
    expect(await row(id)).toMatchObject({ mode: 'manual', state: 'delivered', nextAttemptAt: null });
    expect((await notesOf(manualPartner.user.id, 'proposals.referral.assigned')).map((n) => n.link)).toEqual([
      `/referrals/assigned/${id}`,
    ]);
    const code = (await row(id)).code;
    await deliverDueReferrals(t.app.deps, { now: new Date(Date.now() + 86_400_000) });
    expect(platform.received.filter((x) => x.code === code)).toEqual([]);
    expect((await row(id)).attemptCount).toBe(0);
    expect((await s.cadre.agent.post(`/api/v1/proposals/referrals/${id}/retry`)).statusCode).toBe(409);
  });

  it('the partner sees only what was sent to it', async () => {
    const mine = await manualPartner.agent.get('/api/v1/proposals/referrals');
    expect(mine.statusCode).toBe(200);
    expect((mine.json() as { items: { id: number }[] }).items.map((r) => r.id)).toEqual([id]);
    expect((await s.govPartner.agent.get(`/api/v1/proposals/referrals/${id}`)).statusCode).toBe(404);
    const theirs = await s.govPartner.agent.get('/api/v1/proposals/referrals');
    expect((theirs.json() as { items: { id: number }[] }).items.map((r) => r.id)).not.toContain(id);
    expect((await detail(id, manualPartner)).payload).toMatchObject({
      service_request_id: (await row(id)).code,
    });
    // The partner may not use the union's own actions (outside its subtree: not found).
    expect((await manualPartner.agent.post(`/api/v1/proposals/referrals/${id}/manual`)).statusCode).toBe(404);
    expect((await manualPartner.agent.get('/api/v1/proposals/referrals/endpoints')).statusCode).toBe(403);
    // Another partner cannot record on it.
    const foreign = await s.govPartner.agent.post(`/api/v1/proposals/referrals/${id}/status`, {
      status: 'accepted',
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('the partner records accepted and the answer; statuses only move forward', async () => {
    const acc = await manualPartner.agent.post(`/api/v1/proposals/referrals/${id}/status`, {
      status: 'accepted',
      note: '已受理',
    });
    expect(acc.statusCode).toBe(200);
    expect(acc.json()).toMatchObject({ state: 'accepted' });
    const backwards = await s.cadre.agent.post(`/api/v1/proposals/referrals/${id}/status`, {
      status: 'accepted',
    });
    expect(backwards.statusCode).toBe(409);
    const short = await manualPartner.agent.post(`/api/v1/proposals/referrals/${id}/status`, {
      status: 'answered',
      note: '好',
    });
    expect(short.statusCode).toBe(400);
    const bad = await manualPartner.agent.post(`/api/v1/proposals/referrals/${id}/status`, {
      status: 'closed',
    });
    expect(bad.statusCode).toBe(400);
    const ans = await manualPartner.agent.post(`/api/v1/proposals/referrals/${id}/status`, {
      status: 'answered',
      note: '已联系学校，孩子下周一入学报到。',
    });
    expect(ans.statusCode).toBe(200);
    const d = ans.json() as TReferralDetail;
    expect(d).toMatchObject({ state: 'answered', answer: '已联系学校，孩子下周一入学报到。' });
    expect(d.events.map((e) => [e.source, e.status])).toEqual([
      ['system', 'delivered'],
      ['manual', 'accepted'],
      ['manual', 'answered'],
    ]);
    const [a] = await t.database.db.select().from(appeals).where(eq(appeals.id, appealId));
    expect(a).toMatchObject({ state: 'replied', repliedBy: manualPartner.user.id });
    const again = await s.cadre.agent.post(`/api/v1/proposals/referrals/${id}/status`, {
      status: 'answered',
      note: '再登记一次答复内容',
    });
    expect(again.statusCode).toBe(409);
  });
});

describe('through the appeals triage (API end to end)', () => {
  it('a worker’s appeal referred by the cadre is delivered, answered by callback and replied to the worker', async () => {
    const posted = await s.worker2.agent.post('/api/v1/proposals/appeals', {
      kind: 'appeal',
      category: 'children',
      title: '货车司机孩子转学',
      text: '我是货车司机，孩子想转到林埭小学，材料要求多，希望帮助协调。',
      location: '林埭镇新兴路',
      shareContact: true,
    });
    expect(posted.statusCode).toBe(201);
    const appealId = (posted.json() as { id: number }).id;
    const triage = await s.cadre.agent.post(`/api/v1/proposals/appeals/${appealId}/triage`, {
      action: 'refer',
      partnerOrgId: s.governance.id,
      note: '请协调镇教办',
    });
    expect(triage.statusCode).toBe(200);
    const referral = (
      triage.json() as { state: string; referral: { id: number; code: string; state: string } }
    ).referral;
    expect(triage.json()).toMatchObject({ state: 'referred', referral: { state: 'queued' } });

    await deliverDueReferrals(t.app.deps, { now: new Date(Date.now() + 5 * SEC) });
    const d = await detail(referral.id);
    expect(d.state).toBe('delivered');
    expect(d.payload).toMatchObject({
      contact: { name: '郑师傅', phone: '13912350012' },
      address: '林埭镇新兴路',
    });
    await flushAuditBuffer(t.app.deps);
    const views = await t.database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'proposals.referral.view_contact'),
          eq(auditLog.entityId, String(referral.id)),
        ),
      );
    expect(views.map((v) => v.actorUserId)).toEqual([s.cadre.user.id]);

    const closed = await platform.callback(d.payload as ReferralPayload, 'closed', {
      notes: '已协调林埭小学，下周一带户口本报到。',
    });
    expect(closed.status).toBe(200);
    const seen = await s.worker2.agent.get(`/api/v1/proposals/appeals/${appealId}`);
    expect(seen.json()).toMatchObject({
      state: 'replied',
      reply: '已协调林埭小学，下周一带户口本报到。',
      referral: { id: referral.id, state: 'answered' },
    });
  });

  it('refusing a platform without an endpoint leaves the appeal open', async () => {
    const bare = await buildOrg(t, { name: '林埭镇便民服务中心', type: 'governance', parent: s.township });
    const a = await buildAppeal();
    const res = await s.cadre.agent.post(`/api/v1/proposals/appeals/${a.id}/triage`, {
      action: 'refer',
      partnerOrgId: bare.id,
    });
    expect(res.statusCode).toBe(400);
    const [still] = await t.database.db.select().from(appeals).where(eq(appeals.id, a.id));
    expect(still?.state).toBe('open');
    expect(await t.database.db.select().from(referrals).where(eq(referrals.appealId, a.id))).toEqual([]);
  });
});

describe('who sees referrals', () => {
  it('union staff and readers of the area see them; other unions and workers do not', async () => {
    const list = await s.cadre.agent.get('/api/v1/proposals/referrals?pageSize=100');
    expect(list.statusCode).toBe(200);
    const ids = (list.json() as { items: { id: number }[] }).items.map((r) => r.id);
    expect(ids.length).toBeGreaterThan(3);
    const audited = await s.auditor.agent.get('/api/v1/proposals/referrals?pageSize=100');
    expect((audited.json() as { total: number }).total).toBe(ids.length);
    const other = await s.otherCadre.agent.get('/api/v1/proposals/referrals');
    expect((other.json() as { total: number }).total).toBe(0);
    expect((await s.otherCadre.agent.get(`/api/v1/proposals/referrals/${ids[0]}`)).statusCode).toBe(404);
    expect(
      (await s.otherCadre.agent.get(`/api/v1/proposals/referrals?orgId=${s.township.id}`)).statusCode,
    ).toBe(404);
    expect((await s.worker.agent.get('/api/v1/proposals/referrals')).statusCode).toBe(403);
    expect((await s.worker.agent.get(`/api/v1/proposals/referrals/${ids[0]}`)).statusCode).toBe(403);
    const answered = await s.cadre.agent.get('/api/v1/proposals/referrals?state=answered');
    expect(
      (answered.json() as { items: { state: string }[] }).items.every((r) => r.state === 'answered'),
    ).toBe(true);
    expect((await s.cadre.agent.get('/api/v1/proposals/referrals/abc')).statusCode).toBe(400);
  });

  it('registers the deliver-referrals job every minute', async () => {
    const job = registeredJobs().find((j) => j.name === 'deliver-referrals');
    expect(job?.schedule).toBe('* * * * *');
    // Its handler runs on the real clock: the one queued referral still in backoff is not due yet.
    expect(await job?.handler(t.app.deps, {})).toEqual({
      delivered: 0,
      retry: 0,
      undeliverable: 0,
      skipped: 0,
    });
  });
});
