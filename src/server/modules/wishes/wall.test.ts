import { eq } from 'drizzle-orm';
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
} from '../../../../test/app.ts';
import type { TWallWish } from '../../../shared/wishes.ts';
import { buildArchive, type TestArchive, wishBody } from './wishes.fixture.ts';
import { donorProfiles, wishClaims, wishes, wishOrgSettings } from './wishes.table.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let cadre: Agent;
let otherCounty: TestOrg;
let otherUnion: TestOrg;

const BASE = '/api/v1/wishes';
const anon = (url: string) => t.app.inject({ method: 'GET', url });

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  cadre = await loginAs(t, await buildUser(t, { org: scene.bs, role: 'cadre' }));
  otherCounty = await buildOrg(t, { name: '田阳区总工会', type: 'county', parent: scene.bs });
  otherUnion = await buildOrg(t, { name: '田阳区某基层工会', type: 'grassroots', parent: otherCounty });
});
afterAll(async () => {
  await t.close();
});

/** A published wish of a fresh archive with full personal data (mobile, address, ID). */
async function published(
  org: TestOrg,
  over: Record<string, unknown> = {},
  person: { name?: string; sex?: 'male' | 'female' } = {},
): Promise<{ id: number; archive: TestArchive }> {
  const archive = await buildArchive(t, { org, mobile: '13977661234', ...person });
  const res = await cadre.post(`${BASE}/on-behalf`, { ...wishBody(over), archiveId: archive.id });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as number;
  expect((await cadre.post(`${BASE}/${id}/approve`, {})).statusCode).toBe(200);
  return { id, archive };
}

let wall: { a: Awaited<ReturnType<typeof published>>; b: Awaited<ReturnType<typeof published>> };

describe('the public wish wall', () => {
  beforeAll(async () => {
    const a = await published(
      scene.unionA,
      { title: '想要一台电脑', category: 'schooling', valueFen: 45_000 },
      { name: '欧阳建华', sex: 'male' },
    );
    const b = await published(
      otherUnion,
      { title: '一套护理床垫', category: 'health', valueFen: 20_000 },
      { name: '莫丽娟', sex: 'female' },
    );
    wall = { a, b };
    // A pending one never shows.
    const pending = await buildArchive(t, { org: scene.unionA });
    await cadre.post(`${BASE}/on-behalf`, {
      ...wishBody({ title: '尚未审核的心愿' }),
      archiveId: pending.id,
    });
  });

  it('lists published wishes without login, masked, with the region', async () => {
    const res = await anon(`${BASE}/wall`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as TWallWish[];
    const a = items.find((i) => i.id === wall.a.id);
    expect(a).toMatchObject({
      maskedName: '欧阳先生',
      region: '百色市 · 右江区',
      state: 'published',
      claimedBy: null,
      category: 'schooling',
    });
    expect(items.find((i) => i.id === wall.b.id)).toMatchObject({
      maskedName: '莫女士',
      region: '百色市 · 田阳区',
    });
    expect(items.map((i) => i.title)).not.toContain('尚未审核的心愿');
    // Newest publication first.
    expect(items.findIndex((i) => i.id === wall.b.id)).toBeLessThan(
      items.findIndex((i) => i.id === wall.a.id),
    );
  });

  it('never carries a full name, ID number, mobile or address (list, detail, regions, thanks)', async () => {
    const bodies = [
      (await anon(`${BASE}/wall?state=all&pageSize=100`)).body,
      (await anon(`${BASE}/wall/${wall.a.id}`)).body,
      (await anon(`${BASE}/wall/${wall.b.id}`)).body,
      (await anon(`${BASE}/wall/regions`)).body,
      (await anon(`${BASE}/thanks`)).body,
    ];
    for (const body of bodies) {
      for (const { archive } of [wall.a, wall.b]) {
        expect(body).not.toContain(archive.name);
        expect(body).not.toContain(archive.idCard);
        expect(body).not.toContain(archive.idCard.slice(-6));
        expect(body).not.toContain('13977661234');
        expect(body).not.toContain(archive.address);
        expect(body).not.toContain('向阳路');
      }
      expect(body).not.toMatch(/archiveId|idCard|mobile|address/);
    }
  });

  it('filters by region (org subtree), category, value range and state', async () => {
    const ids = async (q: string) =>
      ((await anon(`${BASE}/wall?${q}`)).json().items as TWallWish[]).map((i) => i.id);
    expect(await ids(`regionOrgId=${scene.yj.id}`)).toEqual([wall.a.id]);
    expect(await ids(`regionOrgId=${otherCounty.id}`)).toEqual([wall.b.id]);
    expect((await ids(`regionOrgId=${scene.bs.id}`)).sort()).toEqual([wall.a.id, wall.b.id].sort());
    expect(await ids(`regionOrgId=${scene.sh.id}`)).toEqual([]);
    expect(await ids('category=health')).toEqual([wall.b.id]);
    expect(await ids('minValueFen=30000')).toEqual([wall.a.id]);
    expect(await ids('maxValueFen=20000')).toEqual([wall.b.id]);
    expect(await ids('minValueFen=20001&maxValueFen=44999')).toEqual([]);
    expect((await anon(`${BASE}/wall?category=cars`)).statusCode).toBe(400);
    expect((await anon(`${BASE}/wall?state=pending`)).statusCode).toBe(400);
  });

  it('regions lists the city and county unions that have wishes on the wall', async () => {
    const items = (await anon(`${BASE}/wall/regions`)).json().items as { id: number; name: string }[];
    const ids = items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([scene.bs.id, scene.yj.id, otherCounty.id]));
    expect(ids).not.toContain(scene.sh.id);
    expect(ids).not.toContain(scene.unionA.id);
  });

  it('claimed wishes: only with state=all, donor masked; detail has a public timeline without staff', async () => {
    const c = await published(scene.unionA, { title: '一辆电动车' });
    const donor = await buildUser(t, { org: scene.bs, role: 'donor', displayName: '王小红' });
    await t.database.db.insert(wishClaims).values({
      wishId: c.id,
      donorUserId: donor.id,
      donorName: '王女士',
      donorKind: 'person',
      state: 'active',
      deadline: '2099-01-01',
    });
    await t.database.db.update(wishes).set({ state: 'claimed' }).where(eq(wishes.id, c.id));
    const open = ((await anon(`${BASE}/wall`)).json().items as TWallWish[]).map((i) => i.id);
    expect(open).not.toContain(c.id);
    const all = (await anon(`${BASE}/wall?state=all&pageSize=100`)).json().items as TWallWish[];
    expect(all.find((i) => i.id === c.id)).toMatchObject({ state: 'claimed', claimedBy: '爱心人士 王女士' });
    // Wishes still waiting for a donor come first.
    const firstTaken = all.findIndex((i) => i.state !== 'published');
    expect(firstTaken).toBeGreaterThan(0);
    expect(all.slice(firstTaken).every((i) => i.state !== 'published')).toBe(true);

    const detail = await anon(`${BASE}/wall/${wall.a.id}`);
    expect(detail.statusCode).toBe(200);
    const body = detail.json();
    expect(body.timeline.map((e: { event: string }) => e.event)).toEqual(['approve']);
    expect(
      body.timeline.every((e: { actor: string | null; note: string | null }) => !e.actor && !e.note),
    ).toBe(true);
    expect(detail.body).not.toContain('测试用户');
    // The claim period a donor would get (platform default here; the union's own once it sets one).
    expect(body.claimDays).toBe(14);
    await t.database.db
      .insert(wishOrgSettings)
      .values({ orgId: scene.unionA.id, valueCapFen: 50_000, maxOpenWishes: 1, claimDays: 21 });
    expect((await anon(`${BASE}/wall/${wall.a.id}`)).json().claimDays).toBe(21);
    await t.database.db.delete(wishOrgSettings).where(eq(wishOrgSettings.orgId, scene.unionA.id));

    // An event volunteer recorded with a full name shows masked.
    const v = await published(scene.unionA, { title: '学习用的台灯' });
    await t.database.db.insert(wishClaims).values({
      wishId: v.id,
      donorName: '李建设',
      donorKind: 'person',
      state: 'active',
      deadline: '2099-01-01',
    });
    await t.database.db.update(wishes).set({ state: 'claimed' }).where(eq(wishes.id, v.id));
    const vDetail = await anon(`${BASE}/wall/${v.id}`);
    expect(vDetail.json().claimedBy).toBe('爱心人士 李**');
    expect(vDetail.body).not.toContain('李建设');
  });

  it('a wish that is not on the wall is 404 publicly', async () => {
    const archive = await buildArchive(t, { org: otherUnion });
    const res = await cadre.post(`${BASE}/on-behalf`, { ...wishBody(), archiveId: archive.id });
    const id = res.json().id as number;
    expect((await anon(`${BASE}/wall/${id}`)).statusCode).toBe(404);
    await cadre.post(`${BASE}/${id}/reject`, { reason: '不符合条件' });
    expect((await anon(`${BASE}/wall/${id}`)).statusCode).toBe(404);
    expect((await anon(`${BASE}/wall/999999`)).statusCode).toBe(404);
    expect((await anon(`${BASE}/wall/${id}/photo`)).statusCode).toBe(404);
  });

  it('thanks list: only donors who opted in, with fulfilled counts; enterprises by name', async () => {
    const person = await buildUser(t, { org: scene.bs, role: 'donor', displayName: '张大海' });
    const company = await buildUser(t, { org: scene.bs, role: 'donor', displayName: '联络人' });
    const shy = await buildUser(t, { org: scene.bs, role: 'donor', displayName: '不公开' });
    await t.database.db.insert(donorProfiles).values([
      { userId: person.id, kind: 'person', showOnThanksList: true },
      {
        userId: company.id,
        kind: 'enterprise',
        enterpriseName: '百色爱心科技有限公司',
        showOnThanksList: true,
      },
      { userId: shy.id, kind: 'person', showOnThanksList: false },
    ]);
    for (const [donor, name, n] of [
      [person, '张先生', 1],
      [company, '百色爱心科技有限公司', 2],
      [shy, '赵女士', 1],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const w = await published(scene.unionA);
        await t.database.db.insert(wishClaims).values({
          wishId: w.id,
          donorUserId: donor.id,
          donorName: name,
          donorKind: donor === company ? 'enterprise' : 'person',
          state: 'fulfilled',
          deadline: '2099-01-01',
        });
        await t.database.db.update(wishes).set({ state: 'fulfilled' }).where(eq(wishes.id, w.id));
      }
    }
    const res = await anon(`${BASE}/thanks`);
    expect(res.json().items).toEqual([
      { name: '百色爱心科技有限公司', kind: 'enterprise', fulfilled: 2 },
      { name: '张先生', kind: 'person', fulfilled: 1 },
    ]);
    expect(res.body).not.toContain('张大海');
  });
});
