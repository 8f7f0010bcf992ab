import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  agentFrom,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
} from '../../../../test/app.ts';
import type { TDonorProfile, TWish } from '../../../shared/wishes.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { buildArchive, wishBody } from './wishes.fixture.ts';
import { donorProfiles } from './wishes.table.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let cadre: Agent;

const BASE = '/api/v1/wishes';

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  cadre = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'cadre' }));
});
afterAll(async () => {
  await t.close();
});

/** Self-registration through the real SMS code flow. */
async function register(mobile: string, extra: Record<string, unknown>) {
  const send = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/codes',
    payload: { mobile, purpose: 'register' },
  });
  expect(send.statusCode, send.body).toBe(200);
  const code = t.sender.sent.findLast((m) => m.to === mobile)?.params.code;
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { mobile, code, password: 'Donor-2026', orgId: scene.bs.id, ...extra },
  });
}

const profileOf = async (userId: number) =>
  (await t.database.db.select().from(donorProfiles).where(eq(donorProfiles.userId, userId)))[0];

async function publishedWish(): Promise<number> {
  const archive = await buildArchive(t, { org: scene.unionA, sex: 'male', name: '黄建国' });
  const posted = await cadre.post(`${BASE}/on-behalf`, { ...wishBody(), archiveId: archive.id });
  expect(posted.statusCode, posted.body).toBe(201);
  const id = (posted.json() as TWish).id;
  expect((await cadre.post(`${BASE}/${id}/approve`, {})).statusCode).toBe(200);
  return id;
}

describe('donor registration', () => {
  it('a person registers as a donor: the profile is created in the same step', async () => {
    const res = await register('13877001001', { displayName: '王芳', role: 'donor' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().active).toMatchObject({ role: 'donor' });
    const userId = res.json().user.id as number;
    expect(await profileOf(userId)).toMatchObject({
      kind: 'person',
      enterpriseName: null,
      showOnThanksList: false,
    });
    const donor = agentFrom(t, res);
    const profile = (await donor.get(`${BASE}/donor/profile`)).json() as TDonorProfile;
    expect(profile).toMatchObject({
      userId,
      kind: 'person',
      displayName: '王芳',
      phone: '138****1001',
      claimsTotal: 0,
      fulfilledTotal: 0,
    });
  });

  it('an enterprise registers with its name; without a name it is refused and nothing is created', async () => {
    const mobile = '13877001002';
    const bad = await register(mobile, {
      displayName: '张经理',
      role: 'donor',
      donor: { kind: 'enterprise' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('请填写企业名称');
    expect(await t.database.db.select().from(users).where(eq(users.username, mobile))).toHaveLength(0);
    const ok = await register(mobile, {
      displayName: '张经理',
      role: 'donor',
      donor: { kind: 'enterprise', enterpriseName: '北海某某科技有限公司' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await profileOf(ok.json().user.id)).toMatchObject({
      kind: 'enterprise',
      enterpriseName: '北海某某科技有限公司',
    });
    // Its claims carry the enterprise's name, shown in full.
    const id = await publishedWish();
    const claim = await agentFrom(t, ok).post(`${BASE}/${id}/claim`, {});
    expect(claim.statusCode, claim.body).toBe(201);
    expect(claim.json().claim).toMatchObject({
      donorKind: 'enterprise',
      donorName: '爱心企业 北海某某科技有限公司',
    });
  });

  it('a worker registering gets no donor profile', async () => {
    const res = await register('13877001003', {
      displayName: '黄师傅',
      role: 'worker',
      donor: { kind: 'person' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await profileOf(res.json().user.id)).toBeUndefined();
  });
});

describe('donor profile and my claims', () => {
  it('updates kind, enterprise name and the thanks-list opt-in; counts claims', async () => {
    const user = await buildUser(t, {
      org: scene.sh,
      role: 'donor',
      displayName: '李娜',
      mobile: '13877002001',
    });
    const donor = await loginAs(t, user);
    // An account made by an admin has no profile yet: it reads as a person.
    expect((await donor.get(`${BASE}/donor/profile`)).json()).toMatchObject({
      kind: 'person',
      showOnThanksList: false,
    });
    const noName = await donor.inject({
      method: 'PUT',
      url: `${BASE}/donor/profile`,
      payload: { kind: 'enterprise', enterpriseName: '  ', showOnThanksList: true },
    });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.message).toBe('请填写企业名称');
    const ok = await donor.inject({
      method: 'PUT',
      url: `${BASE}/donor/profile`,
      payload: { kind: 'person', enterpriseName: '不该保存', showOnThanksList: true },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ kind: 'person', enterpriseName: null, showOnThanksList: true });

    const a = await publishedWish();
    const b = await publishedWish();
    expect((await donor.post(`${BASE}/${a}/claim`, {})).statusCode).toBe(201);
    expect((await donor.post(`${BASE}/${b}/claim`, {})).statusCode).toBe(201);
    await donor.post(`${BASE}/${a}/release`, { reason: '临时有事' });
    expect((await donor.get(`${BASE}/donor/profile`)).json()).toMatchObject({
      claimsTotal: 2,
      fulfilledTotal: 0,
    });
    const mine = (await donor.get(`${BASE}/donor/claims`)).json() as { items: TWish[] };
    expect(mine.items.map((w) => w.id)).toEqual([b, a]);
    expect(mine.items[0]).toMatchObject({ state: 'claimed', claim: { state: 'active' } });
    expect(mine.items[1]).toMatchObject({ state: 'published', claim: { state: 'released' } });
    expect(mine.items[1]?.timeline.map((e) => e.event)).toEqual(['create', 'approve', 'claim', 'release']);
    // Neither the archive nor the review shows through.
    expect(mine.items.every((w) => w.archiveId === 0 && w.reviewNote === null)).toBe(true);
  });

  it('is for donors only', async () => {
    const worker = await loginAs(t, await buildUser(t, { org: scene.unionA, role: 'worker' }));
    expect((await worker.get(`${BASE}/donor/profile`)).statusCode).toBe(403);
    expect((await worker.get(`${BASE}/donor/claims`)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `${BASE}/donor/claims` })).statusCode).toBe(401);
  });
});
