import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  onPostgres,
  type TestApp,
  type TestUser,
} from '../../../../test/app.ts';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import type { TWish, TWishListItem } from '../../../shared/wishes.ts';
import { registeredJobs } from '../../platform/jobs/jobs.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { releaseExpiredClaims } from './claims.jobs.ts';
import { buildArchive, wishBody } from './wishes.fixture.ts';
import { wishClaims, wishes } from './wishes.table.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let cadreUser: TestUser;
let cadre: Agent;
let shCadre: Agent;

const BASE = '/api/v1/wishes';

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  cadreUser = await buildUser(t, { org: scene.yj, role: 'cadre', displayName: '覃干事' });
  cadre = await loginAs(t, cadreUser);
  shCadre = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'cadre' }));
});
afterAll(async () => {
  await t.close();
});

let mobileSeq = 0;
/** A published wish of a fresh archive in 基层工会A, whose worker has an account (linked by mobile). */
async function publishedWish(): Promise<{
  wish: TWish;
  workerId: number;
  worker: Agent;
  archive: Awaited<ReturnType<typeof buildArchive>>;
}> {
  mobileSeq += 1;
  const mobile = `1390776${String(mobileSeq).padStart(4, '0')}`;
  const user = await buildUser(t, { org: scene.unionA, role: 'worker', mobile, username: mobile });
  const archive = await buildArchive(t, { org: scene.unionA, mobile, sex: 'female', name: '韦秀兰' });
  const posted = await cadre.post(`${BASE}/on-behalf`, { ...wishBody(), archiveId: archive.id });
  expect(posted.statusCode, posted.body).toBe(201);
  const id = (posted.json() as TWish).id;
  const approved = await cadre.post(`${BASE}/${id}/approve`, {});
  expect(approved.statusCode, approved.body).toBe(200);
  return { wish: approved.json() as TWish, workerId: user.id, worker: await loginAs(t, user), archive };
}

/** A donor account; donors act outside the union's tree (here: registered with 上海市总工会). */
async function donor(name = '王芳') {
  const user = await buildUser(t, { org: scene.sh, role: 'donor', displayName: name });
  return { user, agent: await loginAs(t, user) };
}

/** A real 1×1 PNG, uploaded through the platform files API as multipart/form-data. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
function uploadClaimPhoto(agent: Agent, claimId: number) {
  const boundary = `----niangjia${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="parcel.png"\r\n` +
      'Content-Type: image/png\r\n\r\n',
  );
  return agent.inject({
    method: 'POST',
    url: `/api/v1/files?entityType=wishes.claim&entityId=${claimId}`,
    payload: Buffer.concat([head, PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

const inbox = (userId: number) =>
  t.database.db.select().from(notifications).where(eq(notifications.userId, userId));
const liveClaims = (wishId: number) =>
  t.database.db
    .select()
    .from(wishClaims)
    .where(and(eq(wishClaims.wishId, wishId), inArray(wishClaims.state, ['active', 'sent'])));

describe('claiming a wish', () => {
  it('a donor claims a published wish: deadline today + 14 days, worker and union told', async () => {
    const { wish, workerId, archive } = await publishedWish();
    const d = await donor();
    const res = await d.agent.post(`${BASE}/${wish.id}/claim`, { method: 'direct' });
    // The donor sees no personal data of the worker: no name, ID number, mobile or address.
    for (const secret of [archive.name, archive.idCard, archive.mobile ?? '-', archive.address]) {
      expect(res.body).not.toContain(secret);
    }
    expect(res.statusCode, res.body).toBe(201);
    const got = res.json() as TWish;
    expect(got.state).toBe('claimed');
    expect(got.claim).toMatchObject({
      state: 'active',
      method: 'direct',
      donorKind: 'person',
      donorName: '爱心人士 王*',
      deadline: addDays(beijingDay(new Date()), 14),
    });
    expect(got.actions).toEqual(expect.arrayContaining(['release', 'sent']));
    expect(got.timeline.map((e) => e.event)).toContain('claim');
    // The donor sees nothing of the archive.
    expect(got.archiveId).toBe(0);
    expect(
      (await inbox(workerId)).some(
        (n) => n.kind === 'wishes.claimed' && n.link === `/m/wishes/mine/${wish.id}`,
      ),
    ).toBe(true);
    expect(
      (await inbox(cadreUser.id)).some((n) => n.kind === 'wishes.claimed' && n.title.includes('王芳')),
    ).toBe(true);
    // On the wall it shows as claimed, by a masked donor.
    const wall = (await t.app.inject({ method: 'GET', url: `${BASE}/wall/${wish.id}` })).json();
    expect(wall).toMatchObject({ state: 'claimed', claimedBy: '爱心人士 王*' });
  });

  it('exactly one of 20 concurrent claims wins; the others get 409 with a clear message', async () => {
    const { wish } = await publishedWish();
    const donors = await Promise.all(Array.from({ length: 20 }, (_, i) => donor(`捐赠人${i}`)));
    const answers = await Promise.all(donors.map((d) => d.agent.post(`${BASE}/${wish.id}/claim`, {})));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    for (const a of answers.filter((x) => x.statusCode === 409)) {
      expect(a.json().error).toMatchObject({
        code: 'WISH_ALREADY_CLAIMED',
        message: '这个心愿刚刚被其他爱心人士认领了',
      });
    }
    expect(await liveClaims(wish.id)).toHaveLength(1);
    const claimEvents = await t.database.db
      .select()
      .from(timelineEvents)
      .where(and(eq(timelineEvents.entityId, String(wish.id)), eq(timelineEvents.event, 'claim')));
    expect(claimEvents).toHaveLength(1);
  });

  it(`the race holds on ${onPostgres ? 'PostgreSQL' : 'PGlite'} across several wishes at once`, async () => {
    const ws = await Promise.all([publishedWish(), publishedWish(), publishedWish()]);
    const donors = await Promise.all(Array.from({ length: 10 }, (_, i) => donor(`并发${i}`)));
    const answers = await Promise.all(
      ws.flatMap(({ wish }) => donors.map((d) => d.agent.post(`${BASE}/${wish.id}/claim`, {}))),
    );
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.statusCode !== 201).every((a) => a.statusCode === 409)).toBe(true);
    for (const { wish } of ws) expect(await liveClaims(wish.id)).toHaveLength(1);
  });

  it('refuses unpublished wishes, already claimed ones and non-donors', async () => {
    const d = await donor();
    const { wish } = await publishedWish();
    // A pending wish is not on the wall: it does not exist for a donor.
    const pending = await cadre.post(`${BASE}/on-behalf`, {
      ...wishBody(),
      archiveId: (await buildArchive(t, { org: scene.unionA })).id,
    });
    const pendingId = (pending.json() as TWish).id;
    const notPublished = await d.agent.post(`${BASE}/${pendingId}/claim`, {});
    expect(notPublished.statusCode).toBe(404);
    expect(notPublished.json().error.message).toBe('心愿不存在或未公开');
    expect((await d.agent.post(`${BASE}/999999/claim`, {})).statusCode).toBe(404);
    // Cadres and workers do not claim online.
    expect((await cadre.post(`${BASE}/${wish.id}/claim`, {})).statusCode).toBe(403);
    expect((await d.agent.post(`${BASE}/${wish.id}/claim`, {})).statusCode).toBe(201);
    const again = await (await donor('李四')).agent.post(`${BASE}/${wish.id}/claim`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('WISH_ALREADY_CLAIMED');
    // Bad input: an unknown method.
    const { wish: other } = await publishedWish();
    const bad = await d.agent.post(`${BASE}/${other.id}/claim`, { method: 'teleport' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('请选择实现方式');
  });

  it('uses the claim days of the nearest org that set them', async () => {
    const admin = await loginAs(t, await buildUser(t, { org: scene.bs, role: 'admin' }));
    const set = await admin.inject({
      method: 'PUT',
      url: `${BASE}/settings?orgId=${scene.yj.id}`,
      payload: { valueCapFen: 50_000, maxOpenWishes: 1, claimDays: 3 },
    });
    expect(set.statusCode, set.body).toBe(200);
    const { wish } = await publishedWish();
    const res = await (await donor()).agent.post(`${BASE}/${wish.id}/claim`, {});
    expect(res.json().claim.deadline).toBe(addDays(beijingDay(new Date()), 3));
    await admin.inject({
      method: 'PUT',
      url: `${BASE}/settings?orgId=${scene.yj.id}`,
      payload: { valueCapFen: 50_000, maxOpenWishes: 1, claimDays: 14 },
    });
  });
});

describe('releasing and sending', () => {
  it("a donor cannot release or send someone else's claim; reasons are required", async () => {
    const { wish } = await publishedWish();
    const owner = await donor('王芳');
    const other = await donor('赵强');
    expect((await owner.agent.post(`${BASE}/${wish.id}/claim`, {})).statusCode).toBe(201);
    const release = await other.agent.post(`${BASE}/${wish.id}/release`, { reason: '不想要了' });
    expect(release.statusCode).toBe(404);
    const sent = await other.agent.post(`${BASE}/${wish.id}/sent`, { method: 'money', note: '已转账' });
    expect(sent.statusCode).toBe(404);
    // Neither can they read it.
    expect((await other.agent.get(`${BASE}/${wish.id}`)).statusCode).toBe(404);
    const noReason = await owner.agent.post(`${BASE}/${wish.id}/release`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain('请填写放弃认领的原因');
    const noNote = await owner.agent.post(`${BASE}/${wish.id}/sent`, { method: 'viaUnion', note: '' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.message).toContain('请填写寄送说明');
    // Another org's cadre does not see it at all.
    const sh = await shCadre.post(`${BASE}/${wish.id}/release`, { reason: '代为放弃' });
    expect(sh.statusCode).toBe(404);
    expect((await liveClaims(wish.id))[0]?.state).toBe('active');
  });

  it('the donor releases with a reason; the wish is back on the wall and can be claimed again', async () => {
    const { wish, workerId } = await publishedWish();
    const first = await donor('王芳');
    expect((await first.agent.post(`${BASE}/${wish.id}/claim`, {})).statusCode).toBe(201);
    const res = await first.agent.post(`${BASE}/${wish.id}/release`, { reason: '近期出差，无法按时寄出' });
    expect(res.statusCode, res.body).toBe(200);
    const got = res.json() as TWish;
    expect(got.state).toBe('published');
    expect(got.claim).toMatchObject({ state: 'released', releaseReason: '近期出差，无法按时寄出' });
    expect(got.timeline.at(-1)).toMatchObject({ event: 'release', note: '近期出差，无法按时寄出' });
    expect((await inbox(workerId)).some((n) => n.kind === 'wishes.released')).toBe(true);
    expect(
      (await inbox(cadreUser.id)).some((n) => n.kind === 'wishes.released' && n.body.includes('出差')),
    ).toBe(true);
    // Released once: releasing again is a state problem, not a 500.
    const twice = await first.agent.post(`${BASE}/${wish.id}/release`, { reason: '再放弃' });
    expect(twice.statusCode).toBe(409);
    const second = await donor('李娜');
    const again = await second.agent.post(`${BASE}/${wish.id}/claim`, {});
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().claim).toMatchObject({ state: 'active', donorName: '爱心人士 李*' });
    expect(await liveClaims(wish.id)).toHaveLength(1);
    // The first donor still sees their own (released) claim, not the new donor's.
    const seen = (await first.agent.get(`${BASE}/${wish.id}`)).json() as TWish;
    expect(seen.claim).toMatchObject({ state: 'released', donorName: '爱心人士 王*' });
  });

  it("a cadre of the wish's union releases a claim for the donor, who is told why", async () => {
    const { wish } = await publishedWish();
    const d = await donor();
    await d.agent.post(`${BASE}/${wish.id}/claim`, {});
    const res = await cadre.post(`${BASE}/${wish.id}/release`, { reason: '爱心人士来电说无法完成' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'published', claim: { state: 'released' } });
    const told = (await inbox(d.user.id)).find((n) => n.kind === 'wishes.released');
    expect(told?.body).toContain('无法完成');
    expect(told?.link).toBe(`/m/wishes/claims/${wish.id}`);
    // Nothing left to release.
    const again = await cadre.post(`${BASE}/${wish.id}/release`, { reason: '再来一次' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('这个心愿目前没有进行中的认领');
  });

  it('the donor marks it sent (direct needs a tracking note); then cannot release; the worker confirms', async () => {
    const { wish, workerId, worker } = await publishedWish();
    const d = await donor();
    await d.agent.post(`${BASE}/${wish.id}/claim`, {});
    const noTracking = await d.agent.post(`${BASE}/${wish.id}/sent`, { method: 'direct', note: '已寄出' });
    expect(noTracking.statusCode).toBe(400);
    expect(noTracking.json().error.details[0]).toMatchObject({ field: 'trackingNote' });
    const res = await d.agent.post(`${BASE}/${wish.id}/sent`, {
      method: 'direct',
      note: '轮滑鞋已寄出，尺码 34',
      trackingNote: '顺丰 SF1234567890',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'sent',
      claim: {
        state: 'sent',
        method: 'direct',
        trackingNote: '顺丰 SF1234567890',
        sentNote: '轮滑鞋已寄出，尺码 34',
      },
    });
    // Once sent, the donor is no longer offered 放弃认领 (the server refuses it below).
    expect((res.json() as TWish).actions).not.toContain('release');
    expect(
      (await inbox(workerId)).some((n) => n.kind === 'wishes.sent' && n.body.includes('SF1234567890')),
    ).toBe(true);
    const late = await d.agent.post(`${BASE}/${wish.id}/release`, { reason: '算了' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('已寄出');
    const twice = await d.agent.post(`${BASE}/${wish.id}/sent`, { method: 'money', note: '又捐了' });
    expect(twice.statusCode).toBe(409);
    const confirmed = await worker.post(`${BASE}/${wish.id}/confirm`, { note: '收到了，谢谢' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().state).toBe('fulfilled');
    const mine = (await d.agent.get(`${BASE}/${wish.id}`)).json() as TWish;
    expect(mine.claim?.state).toBe('fulfilled');
    expect(mine.timeline.map((e) => e.event)).toEqual(['create', 'approve', 'claim', 'send', 'confirm']);
    // The union's list keeps who fulfilled it (it showed — once the claim was no longer live), with no deadline.
    const list = await cadre.get(`${BASE}?state=fulfilled&pageSize=100`);
    const listed = (list.json().items as TWishListItem[]).find((w) => w.id === wish.id);
    expect(listed).toMatchObject({ state: 'fulfilled', donorName: '王芳', claimDeadline: null });
  });

  it('a cadre records a hand-over for the donor but not a direct parcel; a photo must belong to the wish', async () => {
    const { wish } = await publishedWish();
    const d = await donor();
    await d.agent.post(`${BASE}/${wish.id}/claim`, { method: 'viaUnion' });
    const direct = await cadre.post(`${BASE}/${wish.id}/sent`, {
      method: 'direct',
      note: '代登记',
      trackingNote: 'EMS 1',
    });
    expect(direct.statusCode).toBe(400);
    const foreignPhoto = await cadre.post(`${BASE}/${wish.id}/sent`, {
      method: 'viaUnion',
      note: '爱心人士已把物品交到工会',
      photoFileId: '00000000-0000-4000-8000-000000000000',
    });
    expect(foreignPhoto.statusCode).toBe(400);
    expect(foreignPhoto.json().error.message).toContain('照片');
    const sh = await shCadre.post(`${BASE}/${wish.id}/sent`, { method: 'viaUnion', note: '代登记' });
    expect(sh.statusCode).toBe(404);
    const ok = await cadre.post(`${BASE}/${wish.id}/sent`, {
      method: 'viaUnion',
      note: '爱心人士已把物品交到工会',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().state).toBe('sent');
    expect((await inbox(d.user.id)).some((n) => n.kind === 'wishes.sent')).toBe(true);
  });
});

describe('the photo of a sending', () => {
  it('the donor attaches a photo to their own claim (only theirs, only while active) and sends it', async () => {
    const { wish } = await publishedWish();
    const d = await donor();
    const other = await donor('赵强');
    const claimed = (await d.agent.post(`${BASE}/${wish.id}/claim`, {})).json() as TWish;
    const claimId = claimed.claim?.id ?? 0;
    // Another donor (and another org's cadre) cannot attach to it.
    expect((await uploadClaimPhoto(other.agent, claimId)).statusCode).toBe(404);
    expect((await uploadClaimPhoto(shCadre, claimId)).statusCode).toBe(404);
    const up = await uploadClaimPhoto(d.agent, claimId);
    expect(up.statusCode, up.body).toBe(201);
    const fileId = up.json().id as string;
    // A photo of someone else's claim is refused when sending.
    const { wish: second } = await publishedWish();
    const otherClaim = (await other.agent.post(`${BASE}/${second.id}/claim`, {})).json() as TWish;
    const foreign = await other.agent.post(`${BASE}/${second.id}/sent`, {
      method: 'money',
      note: '已捐款',
      photoFileId: fileId,
    });
    expect(foreign.statusCode).toBe(400);
    expect(otherClaim.state).toBe('claimed');
    const sent = await d.agent.post(`${BASE}/${wish.id}/sent`, {
      method: 'viaUnion',
      note: '已送到工会',
      photoFileId: fileId,
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const [row] = await t.database.db.select().from(wishClaims).where(eq(wishClaims.id, claimId));
    expect(row?.sentPhotoFileId).toBe(fileId);
    // The donor and the union can open it; the other donor cannot; no more photos once sent.
    expect((await d.agent.get(`/api/v1/files/${fileId}`)).statusCode).toBe(200);
    expect((await cadre.get(`/api/v1/files/${fileId}`)).statusCode).toBe(200);
    expect((await other.agent.get(`/api/v1/files/${fileId}`)).statusCode).toBe(404);
    expect((await uploadClaimPhoto(d.agent, claimId)).statusCode).toBe(404);
  });
});

describe('the deadline job', () => {
  it('is registered to run hourly', () => {
    const job = registeredJobs().find((j) => j.name === 'release-expired-wish-claims');
    expect(job?.schedule).toBe('5 * * * *');
  });

  it('releases an expired active claim, tells both sides, leaves sent ones alone, and is idempotent', async () => {
    const expiring = await publishedWish();
    const sentOne = await publishedWish();
    const fresh = await publishedWish();
    const d = await donor('王芳');
    for (const { wish } of [expiring, sentOne, fresh]) {
      expect((await d.agent.post(`${BASE}/${wish.id}/claim`, {})).statusCode).toBe(201);
    }
    await d.agent.post(`${BASE}/${sentOne.wish.id}/sent`, { method: 'money', note: '已捐款 300 元' });
    // The deadlines of two of them have passed.
    await t.database.db
      .update(wishClaims)
      .set({ deadline: '2026-01-01' })
      .where(inArray(wishClaims.wishId, [expiring.wish.id, sentOne.wish.id]));

    const counts = await releaseExpiredClaims(t.app.deps);
    expect(counts.released).toBeGreaterThanOrEqual(1);
    const [w] = await t.database.db.select().from(wishes).where(eq(wishes.id, expiring.wish.id));
    expect(w?.state).toBe('published');
    const [c] = await t.database.db.select().from(wishClaims).where(eq(wishClaims.wishId, expiring.wish.id));
    expect(c).toMatchObject({ state: 'expired' });
    expect(c?.releaseReason).toContain('2026-01-01');
    expect(
      (await inbox(d.user.id)).some((n) => n.kind === 'wishes.expired' && n.title.includes('已超过实现期限')),
    ).toBe(true);
    expect((await inbox(expiring.workerId)).some((n) => n.kind === 'wishes.expired')).toBe(true);
    expect((await inbox(cadreUser.id)).some((n) => n.kind === 'wishes.expired')).toBe(true);
    // The sent claim and the claim within its deadline are untouched.
    expect((await liveClaims(sentOne.wish.id))[0]?.state).toBe('sent');
    expect((await liveClaims(fresh.wish.id))[0]?.state).toBe('active');
    // Its timeline says the system released it.
    const seen = (await cadre.get(`${BASE}/${expiring.wish.id}`)).json() as TWish;
    expect(seen.timeline.at(-1)).toMatchObject({ event: 'release' });
    expect(seen.timeline.at(-1)?.note).toContain('系统自动释放');
    // A second run finds nothing; the donor can no longer send it; anyone may claim it again.
    expect((await releaseExpiredClaims(t.app.deps)).released).toBe(0);
    const late = await d.agent.post(`${BASE}/${expiring.wish.id}/sent`, { method: 'money', note: '晚了' });
    expect(late.statusCode).toBe(409);
    expect((await (await donor('李娜')).agent.post(`${BASE}/${expiring.wish.id}/claim`, {})).statusCode).toBe(
      201,
    );
  });

  it('a sending racing the job: exactly one of them wins', async () => {
    const { wish } = await publishedWish();
    const d = await donor();
    await d.agent.post(`${BASE}/${wish.id}/claim`, {});
    await t.database.db
      .update(wishClaims)
      .set({ deadline: '2026-01-01' })
      .where(eq(wishClaims.wishId, wish.id));
    const [sent, counts] = await Promise.all([
      d.agent.post(`${BASE}/${wish.id}/sent`, { method: 'money', note: '已捐款' }),
      releaseExpiredClaims(t.app.deps),
    ]);
    const [w] = await t.database.db.select().from(wishes).where(eq(wishes.id, wish.id));
    const claims = await t.database.db.select().from(wishClaims).where(eq(wishClaims.wishId, wish.id));
    if (sent.statusCode === 200) {
      expect(w?.state).toBe('sent');
      expect(claims.map((c) => c.state)).toEqual(['sent']);
    } else {
      expect(sent.statusCode).toBe(409);
      expect(counts.released).toBeGreaterThanOrEqual(1);
      expect(w?.state).toBe('published');
      expect(claims.map((c) => c.state)).toEqual(['expired']);
    }
  });
});
