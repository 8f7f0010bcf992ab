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
  type TestUser,
} from '../../../../test/app.ts';
import type { TWish } from '../../../shared/wishes.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { buildArchive, wishBody } from './wishes.fixture.ts';
import { publicDonorName } from './wishes.service.ts';
import { wishClaims, wishes } from './wishes.table.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let cadre: Agent;
let cadreUser: TestUser;
let reviewer: Agent;
let admin: Agent;
let shCadre: Agent;
let shAdmin: Agent;

const BASE = '/api/v1/wishes';

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  cadreUser = await buildUser(t, { org: scene.yj, role: 'cadre', displayName: '覃干事' });
  cadre = await loginAs(t, cadreUser);
  reviewer = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'reviewer' }));
  admin = await loginAs(t, await buildUser(t, { org: scene.bs, role: 'admin' }));
  shCadre = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'cadre' }));
  shAdmin = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'admin' }));
});
afterAll(async () => {
  await t.close();
});

let mobileSeq = 0;
/** A worker account with an archive linked through its mobile (a window filing) or its own application. */
async function worker(
  opts: { state?: string; link?: 'mobile' | 'self' | 'none'; sex?: 'male' | 'female'; name?: string } = {},
) {
  mobileSeq += 1;
  const mobile = `1370776${String(mobileSeq).padStart(4, '0')}`;
  const user = await buildUser(t, { org: scene.unionA, role: 'worker', mobile, username: mobile });
  const link = opts.link ?? 'mobile';
  const archive =
    link === 'none'
      ? null
      : await buildArchive(t, {
          org: scene.unionA,
          state: opts.state ?? 'filed',
          mobile: link === 'mobile' ? mobile : null,
          ...(link === 'self' ? { selfBy: user.id } : {}),
          ...(opts.sex ? { sex: opts.sex } : {}),
          ...(opts.name ? { name: opts.name } : {}),
        });
  return { user, agent: await loginAs(t, user), archive };
}

const inbox = (userId: number) =>
  t.database.db.select().from(notifications).where(eq(notifications.userId, userId));

async function post(agent: Agent, over: Record<string, unknown> = {}): Promise<TWish> {
  const res = await agent.post(BASE, wishBody(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TWish;
}

describe('posting a wish', () => {
  it('a worker with a filed archive posts; masked name, region, timeline; cadres are told', async () => {
    const w = await worker({ sex: 'female', name: '韦秀兰' });
    const mine = await w.agent.get(`${BASE}/mine`);
    expect(mine.json()).toMatchObject({ canPost: true, reason: null, valueCapFen: 50_000, items: [] });
    const wish = await post(w.agent);
    expect(wish).toMatchObject({
      state: 'pending',
      channel: 'self',
      maskedName: '韦女士',
      region: '百色市 · 右江区',
      archiveId: w.archive?.id,
      org: { id: scene.unionA.id },
    });
    expect(wish.timeline.map((e) => e.event)).toEqual(['create']);
    expect(wish.timeline[0]?.actor).toBe('本人');
    expect(wish.actions).toEqual(expect.arrayContaining(['edit', 'withdraw']));
    // The nearest union with cadres (右江区) hears of it.
    const cadreInbox = await inbox(cadreUser.id);
    expect(cadreInbox.some((n) => n.kind === 'wishes.posted' && n.link === `/wishes/${wish.id}`)).toBe(true);
    const again = (await w.agent.get(`${BASE}/mine`)).json();
    expect(again.canPost).toBe(false);
    expect(again.reason).toContain('最多 1 个');
    expect(again.items.map((i: TWish) => i.id)).toEqual([wish.id]);
  });

  it('links a worker through their own application too', async () => {
    const w = await worker({ link: 'self' });
    const wish = await post(w.agent);
    expect(wish.maskedName).toBe('黄先生');
  });

  it('refuses a worker without an archive, or whose archive is not on file, with a clear reason', async () => {
    const none = await worker({ link: 'none' });
    const mine = (await none.agent.get(`${BASE}/mine`)).json();
    expect(mine.canPost).toBe(false);
    expect(mine.reason).toContain('还没有困难职工档案');
    const res = await none.agent.post(BASE, wishBody());
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('NO_FILED_ARCHIVE');
    expect(res.json().error.message).toContain('建档后才能发布');

    const pending = await worker({ state: 'reviewing' });
    expect((await pending.agent.get(`${BASE}/mine`)).json().reason).toContain('不在档');
    expect((await pending.agent.post(BASE, wishBody())).statusCode).toBe(403);
    const exited = await worker({ state: 'exited' });
    expect((await exited.agent.post(BASE, wishBody())).statusCode).toBe(403);
  });

  it('enforces the value cap inherited from the nearest ancestor, and validates input', async () => {
    const w = await worker();
    const over = await w.agent.post(BASE, wishBody({ valueFen: 50_001 }));
    expect(over.statusCode).toBe(400);
    expect(over.json().error.details[0]).toMatchObject({ field: 'valueFen' });
    expect(over.json().error.message).toContain('500 元');
    // 百色市 raises the cap for its subtree.
    const set = await admin.inject({
      method: 'PUT',
      url: `${BASE}/settings?orgId=${scene.bs.id}`,
      payload: { valueCapFen: 80_000, maxOpenWishes: 1, claimDays: 14 },
    });
    expect(set.statusCode, set.body).toBe(200);
    const got = (await cadre.get(`${BASE}/settings?orgId=${scene.unionA.id}`)).json();
    expect(got).toMatchObject({ orgId: scene.unionA.id, valueCapFen: 80_000, fromOrgId: scene.bs.id });
    expect((await w.agent.get(`${BASE}/mine`)).json().valueCapFen).toBe(80_000);
    expect((await w.agent.post(BASE, wishBody({ valueFen: 70_000 }))).statusCode).toBe(201);
    // Back to the default for the other tests.
    await admin.inject({
      method: 'PUT',
      url: `${BASE}/settings?orgId=${scene.bs.id}`,
      payload: { valueCapFen: 50_000, maxOpenWishes: 1, claimDays: 14 },
    });
    const bad = await w.agent.post(BASE, wishBody({ title: 'a', category: 'cars' }));
    expect(bad.statusCode).toBe(400);
  });

  it('settings: admins only, within their subtree; other orgs are 404', async () => {
    const body = { valueCapFen: 60_000, maxOpenWishes: 2, claimDays: 10 };
    expect(
      (await cadre.inject({ method: 'PUT', url: `${BASE}/settings?orgId=${scene.yj.id}`, payload: body }))
        .statusCode,
    ).toBe(403);
    expect(
      (await shAdmin.inject({ method: 'PUT', url: `${BASE}/settings?orgId=${scene.yj.id}`, payload: body }))
        .statusCode,
    ).toBe(404);
    expect((await shCadre.get(`${BASE}/settings?orgId=${scene.yj.id}`)).statusCode).toBe(404);
    const bad = await admin.inject({
      method: 'PUT',
      url: `${BASE}/settings?orgId=${scene.yj.id}`,
      payload: { ...body, maxOpenWishes: 0 },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('the open limit holds under two posts at once (archive row locked)', async () => {
    const w = await worker();
    const [a, b] = await Promise.all([w.agent.post(BASE, wishBody()), w.agent.post(BASE, wishBody())]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().error.code).toBe('WISH_OPEN_LIMIT');
    const rows = await t.database.db
      .select()
      .from(wishes)
      .where(eq(wishes.archiveId, w.archive?.id ?? 0));
    expect(rows).toHaveLength(1);
  });

  it('a limit of 2 allows two open wishes; a withdrawn one no longer counts', async () => {
    const org = await buildOrg(t, { name: '右江区另一基层工会', type: 'grassroots', parent: scene.yj });
    await admin.inject({
      method: 'PUT',
      url: `${BASE}/settings?orgId=${org.id}`,
      payload: { valueCapFen: 50_000, maxOpenWishes: 2, claimDays: 14 },
    });
    const a = await buildArchive(t, { org });
    const one = await cadre.post(`${BASE}/on-behalf`, { ...wishBody(), archiveId: a.id });
    const two = await cadre.post(`${BASE}/on-behalf`, { ...wishBody(), archiveId: a.id });
    expect([one.statusCode, two.statusCode]).toEqual([201, 201]);
    expect((await cadre.post(`${BASE}/on-behalf`, { ...wishBody(), archiveId: a.id })).statusCode).toBe(409);
    expect((await cadre.post(`${BASE}/${one.json().id}/withdraw`, {})).statusCode).toBe(200);
    expect((await cadre.post(`${BASE}/on-behalf`, { ...wishBody(), archiveId: a.id })).statusCode).toBe(201);
  });

  it('a cadre posts on behalf of an archived worker of their subtree; others are refused', async () => {
    const w = await worker();
    const res = await cadre.post(`${BASE}/on-behalf`, { ...wishBody(), archiveId: w.archive?.id });
    expect(res.statusCode, res.body).toBe(201);
    const wish = res.json() as TWish;
    expect(wish.channel).toBe('cadre');
    expect(wish.timeline[0]?.label).toBe('工会代为提交心愿');
    // The worker is told and sees it as theirs.
    expect((await inbox(w.user.id)).some((n) => n.kind === 'wishes.postedOnBehalf')).toBe(true);
    expect((await w.agent.get(`${BASE}/${wish.id}`)).statusCode).toBe(200);
    // Another province's cadre: the archive does not exist for them.
    const other = await buildArchive(t, { org: scene.unionA });
    expect((await shCadre.post(`${BASE}/on-behalf`, { ...wishBody(), archiveId: other.id })).statusCode).toBe(
      404,
    );
    // Reviewers review, they do not post.
    expect(
      (await reviewer.post(`${BASE}/on-behalf`, { ...wishBody(), archiveId: other.id })).statusCode,
    ).toBe(403);
    const notFiled = await buildArchive(t, { org: scene.unionA, state: 'accepted' });
    const refused = await cadre.post(`${BASE}/on-behalf`, { ...wishBody(), archiveId: notFiled.id });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('ARCHIVE_NOT_FILED');
  });
});

describe('review', () => {
  it('approve publishes it; the worker is told; the timeline shows the union, not staff names', async () => {
    const w = await worker();
    const wish = await post(w.agent);
    const res = await reviewer.post(`${BASE}/${wish.id}/approve`, { note: '情况属实' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'published' });
    expect(res.json().publishedAt).not.toBeNull();
    const notes = await inbox(w.user.id);
    expect(notes.find((n) => n.kind === 'wishes.approve')?.title).toContain('发布到心愿墙');
    const seen = (await w.agent.get(`${BASE}/${wish.id}`)).json() as TWish;
    expect(seen.timeline.map((e) => [e.event, e.actor])).toEqual([
      ['create', '本人'],
      ['approve', '工会'],
    ]);
    // The union sees who did it.
    const union = (await cadre.get(`${BASE}/${wish.id}`)).json() as TWish;
    expect(union.timeline[1]?.actor).toMatch(/^测试用户\d+$/);
    expect(union.actions).toContain('withdraw');
    // Approving twice is an illegal step.
    const twice = await reviewer.post(`${BASE}/${wish.id}/approve`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('ILLEGAL_TRANSITION');
  });

  it('return with a note → the worker edits → it is resubmitted; reject needs a reason', async () => {
    const w = await worker();
    const wish = await post(w.agent);
    expect((await cadre.post(`${BASE}/${wish.id}/return`, {})).statusCode).toBe(400);
    const ret = await cadre.post(`${BASE}/${wish.id}/return`, { note: '请写清楚孩子的年龄和用途' });
    expect(ret.json()).toMatchObject({ state: 'returned', reviewNote: '请写清楚孩子的年龄和用途' });
    expect((await inbox(w.user.id)).find((n) => n.kind === 'wishes.return')?.body).toContain('孩子的年龄');
    const edited = await w.agent.inject({
      method: 'PUT',
      url: `${BASE}/${wish.id}`,
      payload: wishBody({ title: '给十岁女儿买轮滑鞋', valueFen: 28_000 }),
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ state: 'pending', title: '给十岁女儿买轮滑鞋', valueFen: 28_000 });
    expect((edited.json() as TWish).timeline.map((e) => e.event)).toEqual(['create', 'return', 'resubmit']);
    expect((await inbox(cadreUser.id)).some((n) => n.kind === 'wishes.resubmitted')).toBe(true);
    // Editing while pending stays pending.
    const again = await w.agent.inject({
      method: 'PUT',
      url: `${BASE}/${wish.id}`,
      payload: wishBody({ valueFen: 60_000 }),
    });
    expect(again.statusCode).toBe(400);
    expect((await cadre.post(`${BASE}/${wish.id}/reject`, {})).statusCode).toBe(400);
    const rej = await cadre.post(`${BASE}/${wish.id}/reject`, { reason: '不属于微心愿范围' });
    expect(rej.json()).toMatchObject({ state: 'rejected', rejectReason: '不属于微心愿范围' });
    expect((await inbox(w.user.id)).find((n) => n.kind === 'wishes.reject')?.body).toContain('不属于');
    // A rejected wish can no longer be edited; and it frees the open slot.
    const late = await w.agent.inject({ method: 'PUT', url: `${BASE}/${wish.id}`, payload: wishBody() });
    expect(late.statusCode).toBe(409);
    expect((await w.agent.get(`${BASE}/mine`)).json().canPost).toBe(true);
  });

  it('other orgs cannot see or review (404); workers cannot review (403) nor see others’ wishes', async () => {
    const w = await worker();
    const wish = await post(w.agent);
    expect((await shCadre.get(`${BASE}/${wish.id}`)).statusCode).toBe(404);
    expect((await shCadre.post(`${BASE}/${wish.id}/approve`, {})).statusCode).toBe(404);
    expect((await shAdmin.post(`${BASE}/${wish.id}/reject`, { reason: 'x' })).statusCode).toBe(404);
    expect((await w.agent.post(`${BASE}/${wish.id}/approve`, {})).statusCode).toBe(403);
    const other = await worker();
    expect((await other.agent.get(`${BASE}/${wish.id}`)).statusCode).toBe(404);
    expect(
      (await other.agent.inject({ method: 'PUT', url: `${BASE}/${wish.id}`, payload: wishBody() }))
        .statusCode,
    ).toBe(404);
    expect((await other.agent.post(`${BASE}/${wish.id}/withdraw`, {})).statusCode).toBe(404);
    const list = (await shCadre.get(BASE)).json();
    expect(list.items.map((i: { id: number }) => i.id)).not.toContain(wish.id);
    expect((await t.app.inject({ method: 'GET', url: `${BASE}/${wish.id}` })).statusCode).toBe(401);
  });

  it('withdraw: the worker withdraws a published wish; a claimed one cannot be withdrawn', async () => {
    const w = await worker();
    const wish = await post(w.agent);
    await cadre.post(`${BASE}/${wish.id}/approve`, {});
    const res = await w.agent.post(`${BASE}/${wish.id}/withdraw`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state).toBe('withdrawn');
    expect(
      (await inbox(cadreUser.id)).some(
        (n) => n.kind === 'wishes.withdrawnByWorker' && n.link === `/wishes/${wish.id}`,
      ),
    ).toBe(true);
    expect((await w.agent.post(`${BASE}/${wish.id}/withdraw`, {})).statusCode).toBe(409);

    const w2 = await worker();
    const claimed = await post(w2.agent);
    await cadre.post(`${BASE}/${claimed.id}/approve`, {});
    await t.database.db.update(wishes).set({ state: 'claimed' }).where(eq(wishes.id, claimed.id));
    expect((await w2.agent.post(`${BASE}/${claimed.id}/withdraw`, {})).statusCode).toBe(409);
  });
});

describe('the read model for donors, receipt and thanks', () => {
  it('a donor holding the claim sees the wish (no archive link, no review notes); other donors 404', async () => {
    const w = await worker({ name: '农志强' });
    const wish = await post(w.agent);
    await cadre.post(`${BASE}/${wish.id}/approve`, { note: '内部备注' });
    const donorUser = await buildUser(t, { org: scene.bs, role: 'donor', displayName: '王小红' });
    const donor = await loginAs(t, donorUser);
    const stranger = await loginAs(t, await buildUser(t, { org: scene.bs, role: 'donor' }));
    expect((await donor.get(`${BASE}/${wish.id}`)).statusCode).toBe(404);
    // A claim as the claims service writes it.
    await t.database.db.insert(wishClaims).values({
      wishId: wish.id,
      donorUserId: donorUser.id,
      donorName: '王女士',
      donorKind: 'person',
      state: 'active',
      method: 'direct',
      deadline: '2099-01-01',
    });
    await t.database.db
      .update(wishes)
      .set({ state: 'claimed', claimedAt: new Date() })
      .where(eq(wishes.id, wish.id));
    const seen = await donor.get(`${BASE}/${wish.id}`);
    expect(seen.statusCode).toBe(200);
    const body = seen.json() as TWish;
    expect(body).toMatchObject({ archiveId: 0, reviewNote: null, maskedName: '农先生' });
    // No address for 直接寄送: the donor is given the union's hotline to ask (UNION_HOTLINE).
    expect(body.hotline).toBe(t.app.deps.config.unionHotline);
    expect(body.hotline).toBe('12351');
    expect(body.claim).toMatchObject({ donorName: '爱心人士 王女士', state: 'active' });
    expect(body.actions).toEqual(['release', 'sent']);
    expect(seen.body).not.toContain('农志强');
    expect((await stranger.get(`${BASE}/${wish.id}`)).statusCode).toBe(404);

    // The worker confirms receipt: wish and claim fulfilled, the donor told; then thanks.
    const confirmed = await w.agent.post(`${BASE}/${wish.id}/confirm`, { note: '收到了，谢谢' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({
      state: 'fulfilled',
      claim: { state: 'fulfilled', receiptNote: '收到了，谢谢' },
    });
    expect(confirmed.json().actions).toEqual(['thanks']);
    const [claim] = await t.database.db.select().from(wishClaims).where(eq(wishClaims.wishId, wish.id));
    expect(claim?.receivedBy).toBe(w.user.id);
    expect((await inbox(donorUser.id)).some((n) => n.kind === 'wishes.fulfilled')).toBe(true);
    expect((await cadre.post(`${BASE}/${wish.id}/thanks`, { thanks: '谢谢' })).statusCode).toBe(403);
    const thanked = await w.agent.post(`${BASE}/${wish.id}/thanks`, { thanks: '谢谢王女士，孩子很喜欢！' });
    expect(thanked.statusCode, thanked.body).toBe(200);
    expect(thanked.json().thanks).toBe('谢谢王女士，孩子很喜欢！');
    expect((await w.agent.post(`${BASE}/${wish.id}/thanks`, { thanks: '再谢' })).statusCode).toBe(409);
    const donorView = (await donor.get(`${BASE}/${wish.id}`)).json() as TWish;
    expect(donorView.thanks).toBe('谢谢王女士，孩子很喜欢！');
    expect(donorView.timeline.at(-1)).toMatchObject({ event: 'thanks', note: '谢谢王女士，孩子很喜欢！' });
    expect(
      await t.database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, donorUser.id), eq(notifications.kind, 'wishes.thanks'))),
    ).toHaveLength(1);
  });
});

describe('union list', () => {
  it('lists the subtree with filters and name search; paging', async () => {
    const w = await worker({ name: '岑桂芳', sex: 'female' });
    const wish = await post(w.agent, { title: '一台二手缝纫机', category: 'career' });
    const list = (await cadre.get(`${BASE}?category=career`)).json();
    expect(list.items.map((i: { id: number }) => i.id)).toContain(wish.id);
    expect(list.items.every((i: { category: string }) => i.category === 'career')).toBe(true);
    const byName = (await cadre.get(`${BASE}?q=${encodeURIComponent('岑桂')}`)).json();
    expect(byName.items.map((i: { id: number }) => i.id)).toEqual([wish.id]);
    const page = (await cadre.get(`${BASE}?pageSize=1&page=2`)).json();
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThan(1);
    expect((await cadre.get(`${BASE}?orgId=${scene.sh.id}`)).statusCode).toBe(404);
    expect((await shCadre.get(`${BASE}?state=pending`)).json().total).toBe(0);
  });
});

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
function upload(agent: Agent, wishId: number, content: Buffer, name = 'photo.png') {
  const boundary = `----wish${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
  );
  return agent.inject({
    method: 'POST',
    url: `/api/v1/files?entityType=wishes.wish&entityId=${wishId}`,
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

describe('photos', () => {
  it('the worker uploads a photo for their wish and sets it; it shows on the wall once published', async () => {
    const w = await worker();
    const wish = await post(w.agent);
    const up = await upload(w.agent, wish.id, PNG);
    expect(up.statusCode, up.body).toBe(201);
    const fileId = up.json().id as string;
    // At posting time there is no wish to attach a photo to yet.
    const early = await w.agent.post(BASE, wishBody({ photoFileId: fileId }));
    expect(early.statusCode).toBe(400);
    const set = await w.agent.inject({
      method: 'PUT',
      url: `${BASE}/${wish.id}`,
      payload: wishBody({ photoFileId: fileId }),
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().photoUrl).toBe(`${BASE}/${wish.id}/photo`);
    const mine = await w.agent.get(`${BASE}/${wish.id}/photo`);
    expect(mine.statusCode).toBe(200);
    expect(mine.rawPayload.equals(PNG)).toBe(true);
    // Not public until published; then public at the wall's address.
    expect((await t.app.inject({ method: 'GET', url: `${BASE}/wall/${wish.id}/photo` })).statusCode).toBe(
      404,
    );
    await cadre.post(`${BASE}/${wish.id}/approve`, {});
    const pub = await t.app.inject({ method: 'GET', url: `${BASE}/wall/${wish.id}/photo` });
    expect(pub.statusCode).toBe(200);
    expect(pub.headers['content-type']).toBe('image/png');
    // Another wish's file cannot be borrowed.
    const w2 = await worker();
    const wish2 = await post(w2.agent);
    const borrowed = await w2.agent.inject({
      method: 'PUT',
      url: `${BASE}/${wish2.id}`,
      payload: wishBody({ photoFileId: fileId }),
    });
    expect(borrowed.statusCode).toBe(400);
    expect(borrowed.json().error.details[0].field).toBe('photoFileId');
    expect((await w2.agent.get(`${BASE}/${wish.id}/photo`)).statusCode).toBe(404);
    // A neighbour of the same union cannot attach to, list or read this wish's files.
    expect((await upload(w2.agent, wish2.id, PNG)).statusCode).toBe(201);
    const intruder = await worker();
    const intruderWish = await post(intruder.agent);
    expect((await upload(intruder.agent, intruderWish.id, PNG)).statusCode).toBe(201);
    await cadre.post(`${BASE}/${wish2.id}/return`, { note: '请补充' });
    expect([403, 404]).toContain((await upload(intruder.agent, wish2.id, PNG)).statusCode);
    expect([403, 404]).toContain(
      (await intruder.agent.get(`/api/v1/files?entityType=wishes.wish&entityId=${wish.id}`)).statusCode,
    );
    expect([403, 404]).toContain((await intruder.agent.get(`/api/v1/files/${fileId}`)).statusCode);
    // The holder lists their own wish's files; a published wish takes no new photo.
    expect((await w.agent.get(`/api/v1/files?entityType=wishes.wish&entityId=${wish.id}`)).statusCode).toBe(
      200,
    );
    expect((await upload(w.agent, wish.id, PNG)).statusCode).toBe(403);
  });
});

describe('a worker whose archive sits outside their own union', () => {
  it('still edits and withdraws their wish (the flow is told the caller checked ownership)', async () => {
    // The worker signed up in another province; the archive was filed in 右江区 with their mobile.
    const mobile = '13707769999';
    const user = await buildUser(t, { org: scene.unionB, role: 'worker', mobile, username: mobile });
    const agent = await loginAs(t, user);
    const archive = await buildArchive(t, { org: scene.unionA, mobile });
    const wish = await post(agent);
    expect(wish.archiveId).toBe(archive.id);
    await cadre.post(`${BASE}/${wish.id}/return`, { note: '请补充说明' });
    // Their photo upload passes too (the wish kind knows its holder), outside their union's subtree.
    const up = await upload(agent, wish.id, PNG);
    expect(up.statusCode, up.body).toBe(201);
    const res = await agent.inject({
      method: 'PUT',
      url: `${BASE}/${wish.id}`,
      payload: wishBody({ photoFileId: up.json().id }),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().photoUrl).toBe(`${BASE}/${wish.id}/photo`);
    expect(res.json().state).toBe('pending');
    expect((await agent.post(`${BASE}/${wish.id}/withdraw`, {})).json().state).toBe('withdrawn');
  });
});

describe('the personal QR page', () => {
  it('shows the holder’s wishes with state and step dates, escaped, nothing about donors', async () => {
    const w = await worker();
    const wish = await post(w.agent, { title: '给儿子买<书包>' });
    await cadre.post(`${BASE}/${wish.id}/approve`, {});
    const qr = await cadre.get(`/api/v1/hardship/archives/${w.archive?.id}/qr`);
    expect(qr.statusCode, qr.body).toBe(200);
    const token = (qr.json().url as string).split('/q/')[1] ?? '';
    const page = await t.app.inject({ method: 'GET', url: `/q/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('我的微心愿');
    expect(page.body).toContain('给儿子买&lt;书包&gt;');
    expect(page.body).toContain('待认领');
    expect(page.body).toMatch(
      /<span class="d">\d{4}-\d{2}-\d{2}<\/span> 提交 · <span class="d">\d{4}-\d{2}-\d{2}<\/span> 发布/,
    );
    expect(page.body).not.toContain('<书包>');
    expect(page.body).not.toContain('爱心人士');
    expect(Buffer.byteLength(page.body)).toBeLessThan(30_000);
    // A withdrawn wish drops off the page; an archive without wishes has no section.
    await w.agent.post(`${BASE}/${wish.id}/withdraw`, {});
    expect((await t.app.inject({ method: 'GET', url: `/q/${token}` })).body).not.toContain('我的微心愿');
  });
});

describe('union edits and races', () => {
  it('a cadre edits a pending wish; a reviewer may not; other orgs 404', async () => {
    const w = await worker();
    const wish = await post(w.agent);
    const res = await cadre.inject({
      method: 'PUT',
      url: `${BASE}/${wish.id}`,
      payload: wishBody({ title: '轮滑鞋和护具', valueFen: 35_000 }),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'pending', title: '轮滑鞋和护具', valueFen: 35_000 });
    const denied = await reviewer.inject({ method: 'PUT', url: `${BASE}/${wish.id}`, payload: wishBody() });
    expect(denied.statusCode).toBe(403);
    expect(
      (await shCadre.inject({ method: 'PUT', url: `${BASE}/${wish.id}`, payload: wishBody() })).statusCode,
    ).toBe(404);
  });

  it('two reviewers deciding at once: exactly one decision lands', async () => {
    const w = await worker();
    const wish = await post(w.agent);
    const [a, b] = await Promise.all([
      reviewer.post(`${BASE}/${wish.id}/approve`, {}),
      cadre.post(`${BASE}/${wish.id}/reject`, { reason: '材料不全' }),
    ]);
    expect([a.statusCode, b.statusCode].filter((s) => s === 200)).toHaveLength(1);
    expect([a.statusCode, b.statusCode].filter((s) => s === 409)).toHaveLength(1);
    const final = (await cadre.get(`${BASE}/${wish.id}`)).json() as TWish;
    expect(final.timeline.map((e) => e.event)).toHaveLength(2);
    expect(final.state).toBe(a.statusCode === 200 ? 'published' : 'rejected');
  });
});

describe('the donor as the public sees them', () => {
  it('labels the kind once and masks a person’s full name', () => {
    expect(publicDonorName('person', '王芳')).toBe('爱心人士 王*');
    expect(publicDonorName('person', '蓝女士')).toBe('爱心人士 蓝女士');
    // A display name that already carries the label is not labelled twice.
    expect(publicDonorName('person', '爱心人士蓝女士')).toBe('爱心人士 蓝女士');
    expect(publicDonorName('enterprise', '百色市红城建材有限公司')).toBe('爱心企业 百色市红城建材有限公司');
  });
});
