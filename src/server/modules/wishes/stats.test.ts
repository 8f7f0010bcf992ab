import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
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
import { addMonths } from '../../../shared/hardship-stats.ts';
import type { TWish, TWishStats, WishCategory, WishState } from '../../../shared/wishes.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import { hardshipArchives } from '../hardship/hardship.table.ts';
import { releaseExpiredClaims } from './claims.jobs.ts';
import { buildArchive, wishBody } from './wishes.fixture.ts';
import { wishActivities, wishClaims, wishes } from './wishes.table.ts';

/**
 * 微心愿统计: a known set of wishes and claims inserted straight into the tables (the figures depend
 * only on their timestamps and states), then exact KPIs, medians, month buckets (Beijing time),
 * per-child figures, scoping and the export.
 */

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let unionA2: TestOrg;
let cadre: Agent;
let reviewer: Agent;
let auditor: Agent;
let shCadre: Agent;
let worker: Agent;
let rootAdmin: Agent;
let donorP: number;
let donorE: number;

const STATS = '/api/v1/wishes/stats';
const PERIOD = 'from=2026-01&to=2026-06';

let archiveSeq = 0;
async function archiveIn(org: TestOrg): Promise<number> {
  archiveSeq += 1;
  const [a] = await t.database.db
    .insert(hardshipArchives)
    .values({
      orgId: org.id,
      orgPath: org.path,
      state: 'filed',
      name: '韦秀兰',
      idCardEnc: 'placeholder',
      idCardHash: `stats-test-${archiveSeq}`,
      idCardMasked: '451002********0011',
      sex: 'female',
      birthDate: '1980-01-01',
      health: 'healthy',
      workStatus: 'laidOff',
      mainCause: 'laidOff',
      annualIncomeFen: 1_200_000,
      householdSize: 2,
      perCapitaMonthlyFen: 50_000,
      dibaoMonthlyFen: 80_000,
    })
    .returning({ id: hardshipArchives.id });
  if (!a) throw new Error('archive insert failed');
  return a.id;
}

async function wish(
  org: TestOrg,
  w: {
    state: WishState;
    category: WishCategory;
    valueFen: number;
    created: string;
    published?: string;
    fulfilled?: string;
  },
): Promise<number> {
  const [row] = await t.database.db
    .insert(wishes)
    .values({
      orgId: org.id,
      orgPath: org.path,
      archiveId: await archiveIn(org),
      state: w.state,
      channel: 'self',
      title: '一双溜冰鞋',
      story: '女儿喜欢溜冰，想给她买一双溜冰鞋。',
      category: w.category,
      valueFen: w.valueFen,
      maskedName: '韦女士',
      region: '百色市 · 右江区',
      createdAt: new Date(w.created),
      publishedAt: w.published ? new Date(w.published) : null,
      fulfilledAt: w.fulfilled ? new Date(w.fulfilled) : null,
    })
    .returning({ id: wishes.id });
  if (!row) throw new Error('wish insert failed');
  return row.id;
}

async function claim(
  wishId: number,
  c: {
    donorUserId?: number;
    donorName: string;
    kind: 'person' | 'enterprise';
    state: 'active' | 'sent' | 'fulfilled' | 'released' | 'expired';
    claimed: string;
    released?: string;
    activityId?: number;
  },
) {
  await t.database.db.insert(wishClaims).values({
    wishId,
    donorUserId: c.donorUserId ?? null,
    donorName: c.donorName,
    donorKind: c.kind,
    activityId: c.activityId ?? null,
    state: c.state,
    deadline: '2026-12-31',
    claimedAt: new Date(c.claimed),
    releasedAt: c.released ? new Date(c.released) : null,
  });
}

async function activity(org: TestOrg, heldOn: string): Promise<number> {
  const [a] = await t.database.db
    .insert(wishActivities)
    .values({ orgId: org.id, orgPath: org.path, title: '解忧超市', heldOn, place: '右江区职工之家' })
    .returning({ id: wishActivities.id });
  if (!a) throw new Error('activity insert failed');
  return a.id;
}

async function stats(agent: Agent, query: string): Promise<TWishStats> {
  const res = await agent.get(`${STATS}?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TWishStats;
}

/**
 * The known dataset under 右江区总工会 (yj), period 2026-01 … 2026-06 (times in UTC):
 *   W1 A  living 200 元: posted Jan, published 01-06 02:00, claimed 01-08 (P), fulfilled 01-16 02:00.
 *   W2 A  schooling 300: published 01-11, claimed 01-12 (E) and released by E 01-13, claimed again
 *         02-01 00:00 UTC (08:00 Beijing, February) by P, fulfilled 02-11 (31 days after publication).
 *   W3 A2 health 100: posted 01-31 17:00 UTC (= 1 Feb in Beijing), published 02-02, claimed 02-06 (E),
 *         released by the deadline job 02-20: back on the wall.
 *   W4 A2 living 50: published 02-04, claimed 02-07 at an event by the volunteer 李志愿 (no account).
 *   W5 yj itself, other 80: posted in March, pending.
 *   W6 A  culture 60: posted 2025-12-31 16:30 UTC (= 1 Jan in Beijing), published, never claimed.
 *   W7 A  living: everything in 2025 (only its current state counts).
 *   W8 上海 (another subtree): claimed and fulfilled in January; never counted for yj.
 */
beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  unionA2 = await buildOrg(t, { name: '右江区某基层工会二', type: 'grassroots', parent: scene.yj });
  // A partner company under yj: no sub-union, never a row of the per-org table.
  await buildOrg(t, { name: '百色爱心科技有限公司', type: 'donor', parent: scene.yj });
  cadre = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'cadre' }));
  reviewer = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'reviewer' }));
  auditor = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'auditor' }));
  shCadre = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'cadre' }));
  worker = await loginAs(t, await buildUser(t, { org: scene.unionA, role: 'worker' }));
  rootAdmin = await loginAs(t, await buildUser(t, { org: scene.root, role: 'admin' }));
  donorP = (await buildUser(t, { org: scene.yj, role: 'donor', displayName: '王女士' })).id;
  donorE = (await buildUser(t, { org: scene.yj, role: 'donor', displayName: '某某公司' })).id;

  const A = scene.unionA;
  const w1 = await wish(A, {
    state: 'fulfilled',
    category: 'living',
    valueFen: 20_000,
    created: '2026-01-05T02:00:00Z',
    published: '2026-01-06T02:00:00Z',
    fulfilled: '2026-01-16T02:00:00Z',
  });
  await claim(w1, {
    donorUserId: donorP,
    donorName: '王女士',
    kind: 'person',
    state: 'fulfilled',
    claimed: '2026-01-08T02:00:00Z',
  });

  const w2 = await wish(A, {
    state: 'fulfilled',
    category: 'schooling',
    valueFen: 30_000,
    created: '2026-01-10T00:00:00Z',
    published: '2026-01-11T00:00:00Z',
    fulfilled: '2026-02-11T00:00:00Z',
  });
  await claim(w2, {
    donorUserId: donorE,
    donorName: '某某公司',
    kind: 'enterprise',
    state: 'released',
    claimed: '2026-01-12T00:00:00Z',
    released: '2026-01-13T00:00:00Z',
  });
  await claim(w2, {
    donorUserId: donorP,
    donorName: '王女士',
    kind: 'person',
    state: 'fulfilled',
    claimed: '2026-02-01T00:00:00Z',
  });

  const w3 = await wish(unionA2, {
    state: 'published',
    category: 'health',
    valueFen: 10_000,
    created: '2026-01-31T17:00:00Z',
    published: '2026-02-02T00:00:00Z',
  });
  await claim(w3, {
    donorUserId: donorE,
    donorName: '某某公司',
    kind: 'enterprise',
    state: 'expired',
    claimed: '2026-02-06T00:00:00Z',
    released: '2026-02-20T00:00:00Z',
  });

  const event = await activity(unionA2, '2026-02-07');
  await activity(scene.yj, '2025-12-01'); // before the period
  await activity(scene.unionB, '2026-02-07'); // another subtree
  const w4 = await wish(unionA2, {
    state: 'claimed',
    category: 'living',
    valueFen: 5_000,
    created: '2026-02-03T00:00:00Z',
    published: '2026-02-04T00:00:00Z',
  });
  await claim(w4, {
    donorName: '李志愿',
    kind: 'person',
    state: 'active',
    claimed: '2026-02-07T00:00:00Z',
    activityId: event,
  });

  await wish(scene.yj, {
    state: 'pending',
    category: 'other',
    valueFen: 8_000,
    created: '2026-03-01T00:00:00Z',
  });
  await wish(A, {
    state: 'published',
    category: 'culture',
    valueFen: 6_000,
    created: '2025-12-31T16:30:00Z',
    published: '2026-01-02T00:00:00Z',
  });
  const w7 = await wish(A, {
    state: 'fulfilled',
    category: 'living',
    valueFen: 7_000,
    created: '2025-11-01T00:00:00Z',
    published: '2025-11-02T00:00:00Z',
    fulfilled: '2025-11-20T00:00:00Z',
  });
  await claim(w7, {
    donorUserId: donorP,
    donorName: '王女士',
    kind: 'person',
    state: 'fulfilled',
    claimed: '2025-11-05T00:00:00Z',
  });

  const w8 = await wish(scene.unionB, {
    state: 'fulfilled',
    category: 'living',
    valueFen: 99_900,
    created: '2026-01-05T00:00:00Z',
    published: '2026-01-06T00:00:00Z',
    fulfilled: '2026-01-08T00:00:00Z',
  });
  await claim(w8, {
    donorUserId: donorP,
    donorName: '王女士',
    kind: 'person',
    state: 'fulfilled',
    claimed: '2026-01-07T00:00:00Z',
  });
});
afterAll(async () => {
  await t.close();
});

describe('微心愿统计 GET /wishes/stats', () => {
  it('counts the period exactly: KPIs, donors, events, current states', async () => {
    const s = await stats(cadre, PERIOD);
    expect(s.org).toEqual({ id: scene.yj.id, name: scene.yj.name });
    expect(s.period.months).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect(s.totals).toEqual({
      posted: 6,
      published: 5,
      claimed: 5,
      claimedAtEvents: 1,
      fulfilled: 2,
      fulfilledValueFen: 50_000,
      released: 1,
      expired: 1,
      donors: 3,
      enterprises: 1,
    });
    expect(s.byState).toEqual({
      pending: 1,
      returned: 0,
      rejected: 0,
      published: 2,
      claimed: 1,
      sent: 0,
      fulfilled: 3,
      withdrawn: 0,
    });
    expect(s.events).toEqual({ activities: 1, claims: 1 });
  });

  it('takes the medians over the wishes first claimed / fulfilled in the period', async () => {
    const s = await stats(cadre, PERIOD);
    // First claims: W1 2 days, W2 1 day (the released claim counts), W3 4 days, W4 3 days.
    expect(s.medians.claimDays).toMatchObject({ days: 2.5, count: 4 });
    // W1 10 days, W2 31 days (publication to receipt, through the released claim).
    expect(s.medians.fulfilDays).toMatchObject({ days: 20.5, count: 2 });
    expect(s.medians.claimDays.definition).toContain('首次认领');
    // A period with only February: W3 and W4 first claimed (4 and 3 days), W2 fulfilled.
    const feb = await stats(cadre, 'from=2026-02&to=2026-02');
    expect(feb.medians.claimDays).toMatchObject({ days: 3.5, count: 2 });
    expect(feb.medians.fulfilDays).toMatchObject({ days: 31, count: 1 });
    const empty = await stats(cadre, 'from=2026-05&to=2026-06');
    expect(empty.medians.claimDays).toMatchObject({ days: null, count: 0 });
    expect(empty.totals.posted).toBe(0);
    expect(empty.byState.fulfilled).toBe(3); // current states do not depend on the period
  });

  it('buckets by Beijing-time month', async () => {
    const s = await stats(cadre, PERIOD);
    const month = (m: string) => s.byMonth.find((x) => x.month === m);
    expect(month('2026-01')).toEqual({
      month: '2026-01',
      posted: 3, // W1, W2 and W6 (16:30 UTC on 31 Dec is 1 Jan in Beijing)
      published: 3,
      claimed: 2,
      claimedAtEvents: 0,
      fulfilled: 1,
      fulfilledValueFen: 20_000,
      released: 1,
      expired: 0,
      donors: 2,
      enterprises: 1,
    });
    expect(month('2026-02')).toEqual({
      month: '2026-02',
      posted: 2, // W3 (17:00 UTC on 31 Jan) and W4
      published: 2,
      claimed: 3,
      claimedAtEvents: 1,
      fulfilled: 1,
      fulfilledValueFen: 30_000,
      released: 0,
      expired: 1,
      donors: 3,
      enterprises: 1,
    });
    expect(month('2026-03')?.posted).toBe(1);
    expect(s.byMonth.slice(3).every((x) => x.posted === 0 && x.claimed === 0)).toBe(true);
  });

  it('breaks down by child org (本级 included) and category, and drills down', async () => {
    const s = await stats(cadre, PERIOD);
    expect(
      s.children.map((c) => [c.org.name, c.self, c.posted, c.claimed, c.fulfilled, c.waiting, c.inProgress]),
    ).toEqual([
      [scene.unionA.name, false, 3, 3, 2, 1, 0],
      [unionA2.name, false, 2, 2, 0, 1, 1],
      [scene.yj.name, true, 1, 0, 0, 0, 0],
    ]);
    const a = s.children[0];
    expect(a).toMatchObject({ fulfilledValueFen: 50_000, released: 1, donors: 2, enterprises: 1 });
    expect(s.children[1]).toMatchObject({ claimedAtEvents: 1, expired: 1, donors: 2 });
    const cat = (c: WishCategory) => s.byCategory.find((x) => x.category === c);
    expect(cat('living')).toEqual({
      category: 'living',
      posted: 2,
      fulfilled: 1,
      fulfilledValueFen: 20_000,
      waiting: 0,
    });
    expect(cat('health')).toMatchObject({ posted: 1, waiting: 1 });
    expect(cat('culture')).toMatchObject({ posted: 1, waiting: 1 });
    expect(s.byCategory).toHaveLength(7);

    const down = await stats(cadre, `orgId=${unionA2.id}&${PERIOD}`);
    expect(down.org.id).toBe(unionA2.id);
    expect(down.path.map((o) => o.id)).toEqual([scene.yj.id, unionA2.id]);
    expect(down.totals).toMatchObject({ posted: 2, claimed: 2, fulfilled: 0, donors: 2 });
    expect(down.children.map((c) => [c.self, c.posted])).toEqual([[true, 2]]);
    expect(down.events.activities).toBe(1);
  });

  it('counts the whole tree from the top, and each subtree alone', async () => {
    const all = await stats(rootAdmin, PERIOD);
    expect(all.totals.posted).toBe(7);
    expect(all.totals.fulfilledValueFen).toBe(50_000 + 99_900);
    // 王女士 claimed in both provinces: one donor.
    expect(all.totals.donors).toBe(3);
    expect(all.events.activities).toBe(2);
    const sh = await stats(shCadre, PERIOD);
    expect(sh.totals).toMatchObject({ posted: 1, claimed: 1, fulfilled: 1, donors: 1 });
    expect(sh.medians.fulfilDays).toMatchObject({ days: 2, count: 1 });
  });

  it('lets reviewers and auditors of the subtree read it; refuses other orgs and workers', async () => {
    expect((await stats(reviewer, PERIOD)).totals.posted).toBe(6);
    expect((await stats(auditor, PERIOD)).totals.posted).toBe(6);
    expect((await shCadre.get(`${STATS}?orgId=${scene.yj.id}`)).statusCode).toBe(404);
    expect((await shCadre.get(`${STATS}/export?orgId=${scene.unionA.id}`)).statusCode).toBe(404);
    expect((await cadre.get(`${STATS}?orgId=${scene.bs.id}`)).statusCode).toBe(404);
    expect((await cadre.get(`${STATS}?orgId=999999`)).statusCode).toBe(404);
    expect((await worker.get(STATS)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: STATS })).statusCode).toBe(401);
  });

  it('rejects a bad period', async () => {
    const reversed = await cadre.get(`${STATS}?from=2026-06&to=2026-01`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.body).toContain('起始月份不能晚于结束月份');
    expect((await cadre.get(`${STATS}?from=2026-13`)).statusCode).toBe(400);
    expect((await cadre.get(`${STATS}?from=2020-01&to=2026-01`)).statusCode).toBe(400);
    expect((await cadre.get(`${STATS}/export?from=2026-06&to=2026-01`)).statusCode).toBe(400);
  });

  it('defaults to the 12 months up to the current one', async () => {
    const s = await stats(cadre, '');
    expect(s.period.months).toHaveLength(12);
    expect(s.period.to).toBe(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7));
  });

  it('exports the same tables to a workbook with Chinese headers, and audits the export', async () => {
    const res = await cadre.get(`${STATS}/export?${PERIOD}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('微心愿统计'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '按月', '按组织', '按类别', '按状态']);
    const rowsOf = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)?.eachRow((row) => {
        out.push((row.values as unknown[]).slice(1));
      });
      return out;
    };
    const summary = rowsOf('概况');
    expect(summary[0]).toEqual(['指标', '数值', '说明']);
    const value = (k: string) => summary.find((r) => r[0] === k)?.[1];
    expect(value('提交心愿')).toBe(6);
    expect(value('实现心愿')).toBe(2);
    expect(value('实现价值（元）')).toBe(500);
    expect(value('主动放弃')).toBe(1);
    expect(value('逾期释放')).toBe(1);
    expect(value('爱心人士（企业）')).toBe(3);
    expect(value('认领用时中位数（天）')).toBe(2.5);
    expect(value('实现用时中位数（天）')).toBe(20.5);
    expect(value('活动认领')).toBe(1);
    expect(value('当前·待认领')).toBe(2);
    expect(String(summary.find((r) => r[0] === '认领用时中位数（天）')?.[2])).toContain('首次认领');

    const byMonth = rowsOf('按月');
    expect(byMonth[0]).toEqual([
      '月份',
      '提交',
      '发布',
      '认领',
      '其中活动认领',
      '实现',
      '实现价值（元）',
      '主动放弃',
      '逾期释放',
      '爱心人士（企业）',
      '其中爱心企业',
    ]);
    expect(byMonth.find((r) => r[0] === '2026-02')).toEqual(['2026-02', 2, 2, 3, 1, 1, 300, 0, 1, 3, 1]);
    expect(byMonth.at(-1)).toEqual(['合计', 6, 5, 5, 1, 2, 500, 1, 1, 3, 1]);

    const byOrg = rowsOf('按组织');
    expect(byOrg.slice(1).map((r) => [r[0], r[1], r[5], r[6]])).toEqual([
      [scene.unionA.name, 3, 2, 500],
      [unionA2.name, 2, 0, 0],
      [`${scene.yj.name}（本级）`, 1, 0, 0],
      ['合计', 6, 2, 500],
    ]);
    expect(rowsOf('按类别').find((r) => r[0] === '助学帮扶')).toEqual(['助学帮扶', 1, 1, 300, 0]);
    expect(rowsOf('按状态').find((r) => r[0] === '已实现')).toEqual(['已实现', 3]);

    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'wishes.stats.export'));
    expect(audit).toMatchObject({ entityType: 'org', entityId: String(scene.yj.id) });
  });
});

describe('微心愿统计 follows the real lifecycle (through the API and the release job)', () => {
  it('counts what the posting, review, claims, release, expiry and receipt services record', async () => {
    // A county of its own, so the figures are this test's only.
    const county = await buildOrg(t, { name: '田阳区总工会', type: 'county', parent: scene.bs });
    const union = await buildOrg(t, { name: '田阳区某基层工会', type: 'grassroots', parent: county });
    const cadreT = await loginAs(t, await buildUser(t, { org: county, role: 'cadre' }));
    const donor = async (name: string) =>
      loginAs(t, await buildUser(t, { org: scene.sh, role: 'donor', displayName: name }));
    const ok = async (res: Promise<{ statusCode: number; body: string }>, code = 200) => {
      const r = await res;
      expect(r.statusCode, r.body).toBe(code);
      return JSON.parse(r.body) as TWish;
    };
    const post = async () => {
      const archive = await buildArchive(t, { org: union });
      const w = await ok(
        cadreT.post('/api/v1/wishes/on-behalf', { ...wishBody(), archiveId: archive.id }),
        201,
      );
      await ok(cadreT.post(`/api/v1/wishes/${w.id}/approve`, {}));
      return w.id;
    };
    const [d1, d2, d3] = [await donor('王芳'), await donor('李娜'), await donor('陈静')];

    // Wish 1: claimed, released by its donor, claimed again, sent, received.
    const w1 = await post();
    await ok(d1.post(`/api/v1/wishes/${w1}/claim`, {}), 201);
    await ok(d1.post(`/api/v1/wishes/${w1}/release`, { reason: '临时出差，无法按时送达' }));
    await ok(d2.post(`/api/v1/wishes/${w1}/claim`, {}), 201);
    await ok(
      d2.post(`/api/v1/wishes/${w1}/sent`, {
        method: 'direct',
        note: '已快递寄出',
        trackingNote: '顺丰 SF1234567890',
      }),
    );
    await ok(cadreT.post(`/api/v1/wishes/${w1}/confirm`, {}));
    // Wish 2: claimed, then released by the deadline job.
    const w2 = await post();
    await ok(d3.post(`/api/v1/wishes/${w2}/claim`, {}), 201);
    await t.database.db.update(wishClaims).set({ deadline: '2026-01-01' }).where(eq(wishClaims.wishId, w2));
    expect((await releaseExpiredClaims(t.app.deps)).released).toBe(1);

    // This month and the last (a run across midnight at a month's end stays inside the period).
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const s = await stats(cadreT, `from=${addMonths(month, -1)}&to=${month}`);
    expect(s.totals).toEqual({
      posted: 2,
      published: 2,
      claimed: 3,
      claimedAtEvents: 0,
      fulfilled: 1,
      fulfilledValueFen: 30_000,
      released: 1,
      expired: 1,
      donors: 3,
      enterprises: 0,
    });
    expect(s.byState).toMatchObject({ published: 1, fulfilled: 1, claimed: 0 });
    // Both wishes were first claimed in the period, within seconds of publication.
    expect(s.medians.claimDays).toMatchObject({ days: 0, count: 2 });
    expect(s.medians.fulfilDays).toMatchObject({ days: 0, count: 1 });
    expect(s.children.map((c) => [c.org.id, c.posted, c.fulfilled, c.waiting])).toEqual([
      [union.id, 2, 1, 1],
    ]);
  });
});
