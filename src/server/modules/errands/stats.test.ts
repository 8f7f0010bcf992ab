import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
  type TestOrg,
  type TestUser,
} from '../../../../test/app.ts';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import type { TErrandStats } from '../../../shared/errands.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import {
  type BuildErrandInput,
  buildErrand,
  buildErrandsScene,
  type ErrandsScene,
  mergeFixtureErrand,
} from './errands.fixture.ts';
import { errandComplaints, errandOrgSettings } from './errands.table.ts';

/**
 * 及时送统计: a known set of errands inserted straight into the table with exact Beijing times (the
 * figures depend only on states and times), declines on the timeline and complaints, then exact KPIs,
 * medians and 90th percentiles, Beijing-day buckets, per-courier figures, inherited overdue
 * thresholds, scoping, refusals and the export.
 */

let t: TestApp;
let s: ErrandsScene;
let qian: TestUser;
let worker: Agent;

const STATS = '/api/v1/errands/stats';
const MARCH = 'from=2026-03-01&to=2026-03-31';
/** A Beijing wall-clock time. */
const bj = (local: string) => new Date(`${local}+08:00`);
const ids: Record<string, number> = {};

async function errand(key: string, input: BuildErrandInput) {
  ids[key] = (await buildErrand(t, s, input)).id;
}

async function decline(errandKey: string, user: TestUser, at: Date) {
  await t.database.db.insert(timelineEvents).values({
    entityType: 'errands.errand',
    entityId: String(ids[errandKey]),
    event: 'decline',
    fromState: 'dispatched',
    toState: 'pending',
    actorUserId: user.id,
    actorName: 'x',
    actorRole: 'partner',
    note: '车坏了',
    at,
  });
}

async function complaint(errandKey: string, org: TestOrg, createdAt: Date, outcome: string | null) {
  const errandId = ids[errandKey];
  if (errandId === undefined) throw new Error(`no errand ${errandKey}`);
  await t.database.db.insert(errandComplaints).values({
    errandId,
    orgId: org.id,
    orgPath: org.path,
    state: outcome ? 'answered' : 'open',
    name: '张来电',
    mobileEnc: t.app.deps.vault.encrypt('13800138000'),
    content: '送达太慢了，希望改进',
    answer: outcome ? '已核实并答复' : null,
    outcome,
    answeredAt: outcome ? createdAt : null,
    createdAt,
  });
}

async function stats(agent: Agent, query: string): Promise<TErrandStats> {
  const res = await agent.get(`${STATS}?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TErrandStats;
}

/**
 * The dataset of the service union (石家庄市桥西区总工会), period 2026-03-01 … 2026-03-31, Beijing
 * times; minutes after the call of dispatch / accept / pickup / delivery:
 *   E1 03-10 22:05 delivered at 23:20 (75 min; the seed's story), 洗漱用品, 防疫一线, 孙快递.
 *   E2 03-11 09:00 delivered after 70 min (the seed's charger), 志愿者, dispatched after 6, 孙快递;
 *      周快递 declined it first (timeline).
 *   E3 03-11 14:00 delivered after 30, 充电器+钥匙, dispatched after 2, 周快递.
 *   E4 03-12 10:00 delivered after 200 (over 180: overdue), 食品, 困难职工, dispatched 12 accepted 20.
 *   E5 03-01 00:00 (the first Beijing instant) delivered after 120, 药品, 周快递, accepted 25 min
 *      after dispatch (over 15: overdue).
 *   E6 02-28 23:59 (outside).   E8 04-01 00:00 (outside).
 *   E7 03-31 23:59 pending (open, overdue now), 证件; 钱快递 declined it.
 *   E9 03-15 cancelled, 衣物, 其他.   E10 03-15 merged (excluded).
 *   E11 03-20 dispatched after 8, not accepted (open, overdue), 充电器+其他, 志愿者.
 *   E12 another county (长安区) 03-10, delivered after 40 by its own courier: counted only from the city.
 * Complaints (by the day they came in): upheld E1, explained E2, unfounded E4, open E4 and E3 (at
 * 03-31 23:59:59), outside: E7 on 04-01 00:00, and one of the other county in March.
 */
beforeAll(async () => {
  t = await createTestApp();
  s = await buildErrandsScene(t);
  qian = await buildUser(t, { org: s.courierOrg, role: 'partner', displayName: '钱快递' });
  worker = s.worker.agent;
  const sun = s.courier.user;
  const zhou = s.courierMate.user;

  await errand('E1', {
    state: 'delivered',
    calledAt: bj('2026-03-10T22:05:00'),
    deliverAfter: 75,
    itemKinds: ['toiletries'],
    requesterKind: 'frontline',
    courierUser: sun,
  });
  await errand('E2', {
    state: 'delivered',
    calledAt: bj('2026-03-11T09:00:00'),
    dispatchAfter: 6,
    deliverAfter: 70,
    itemKinds: ['charger'],
    requesterKind: 'volunteer',
    courierUser: sun,
    declines: 1,
  });
  await errand('E3', {
    state: 'delivered',
    calledAt: bj('2026-03-11T14:00:00'),
    dispatchAfter: 2,
    deliverAfter: 30,
    itemKinds: ['charger', 'keys'],
    courierUser: zhou,
  });
  await errand('E4', {
    state: 'delivered',
    calledAt: bj('2026-03-12T10:00:00'),
    dispatchAfter: 12,
    acceptAfter: 20,
    pickupAfter: 30,
    deliverAfter: 200,
    itemKinds: ['food'],
    requesterKind: 'hardship',
    courierUser: sun,
  });
  await errand('E5', {
    state: 'delivered',
    calledAt: bj('2026-03-01T00:00:00'),
    acceptAfter: 30,
    pickupAfter: 40,
    deliverAfter: 120,
    itemKinds: ['medicine'],
    courierUser: zhou,
  });
  await errand('E6', { state: 'delivered', calledAt: bj('2026-02-28T23:59:00'), courierUser: sun });
  await errand('E7', {
    state: 'pending',
    calledAt: bj('2026-03-31T23:59:00'),
    itemKinds: ['documents'],
    declines: 1,
  });
  await errand('E8', { state: 'delivered', calledAt: bj('2026-04-01T00:00:00'), courierUser: sun });
  await errand('E9', {
    state: 'cancelled',
    calledAt: bj('2026-03-15T10:00:00'),
    itemKinds: ['clothing'],
    requesterKind: 'other',
  });
  await errand('E10', { state: 'pending', calledAt: bj('2026-03-15T10:05:00'), itemKinds: ['clothing'] });
  await errand('E11', {
    state: 'dispatched',
    calledAt: bj('2026-03-20T10:00:00'),
    dispatchAfter: 8,
    itemKinds: ['charger', 'other'],
    requesterKind: 'volunteer',
  });
  await errand('E12', {
    state: 'delivered',
    org: s.otherCounty,
    courierOrg: s.otherCourierOrg,
    courierUser: s.otherCourier.user,
    calledAt: bj('2026-03-10T10:00:00'),
    deliverAfter: 40,
    itemKinds: ['keys'],
  });
  await mergeFixtureErrand(t, ids.E10 ?? 0, ids.E9 ?? 0);

  await decline('E2', zhou, bj('2026-03-11T09:08:00'));
  await decline('E7', qian, bj('2026-04-01T00:10:00'));
  await decline('E12', s.otherCourier.user, bj('2026-03-10T10:06:00'));

  await complaint('E1', s.service, bj('2026-03-11T08:00:00'), 'upheld');
  await complaint('E2', s.service, bj('2026-03-12T08:00:00'), 'explained');
  await complaint('E4', s.service, bj('2026-03-13T08:00:00'), 'unfounded');
  await complaint('E4', s.service, bj('2026-03-14T08:00:00'), null);
  await complaint('E3', s.service, bj('2026-03-31T23:59:59'), null);
  await complaint('E7', s.service, bj('2026-04-01T00:00:00'), null);
  await complaint('E12', s.otherCounty, bj('2026-03-11T08:00:00'), 'explained');
});

afterAll(async () => {
  await t.close();
});

describe('及时送统计 GET /errands/stats', () => {
  it('counts the period exactly: totals, medians and the 90th percentile', async () => {
    const r = await stats(s.cadre.agent, MARCH);
    expect(r.from).toBe('2026-03-01');
    expect(r.to).toBe('2026-03-31');
    expect(r.org).toEqual({ id: s.service.id, name: '石家庄市桥西区总工会' });
    expect(r.totals).toEqual({
      errands: 8,
      delivered: 5,
      cancelled: 1,
      open: 2,
      overdue: 4, // E4 (200 > 180), E5 (accepted 25 min after dispatch), E7 and E11 (open for days)
      medianMinutesToDelivery: 75, // 30, 70, 75, 120, 200
      p90MinutesToDelivery: 168, // 120 + 0.6 × (200 − 120)
      medianMinutesToDispatch: 5.5, // 2, 5, 5, 6, 8, 12
      complaints: 5,
      complaintsAnswered: 3,
    });
  });

  it('buckets by the Beijing day of the call, with each day’s median', async () => {
    const r = await stats(s.cadre.agent, MARCH);
    expect(r.byDay).toHaveLength(31);
    expect(r.byDay[0]).toEqual({ day: '2026-03-01', errands: 1, delivered: 1, medianMinutesToDelivery: 120 });
    expect(r.byDay.filter((d) => d.errands > 0)).toEqual([
      { day: '2026-03-01', errands: 1, delivered: 1, medianMinutesToDelivery: 120 }, // E5 at 00:00
      { day: '2026-03-10', errands: 1, delivered: 1, medianMinutesToDelivery: 75 }, // 22:05 → 23:20
      { day: '2026-03-11', errands: 2, delivered: 2, medianMinutesToDelivery: 50 },
      { day: '2026-03-12', errands: 1, delivered: 1, medianMinutesToDelivery: 200 },
      { day: '2026-03-15', errands: 1, delivered: 0, medianMinutesToDelivery: null }, // E10 merged
      { day: '2026-03-20', errands: 1, delivered: 0, medianMinutesToDelivery: null },
      { day: '2026-03-31', errands: 1, delivered: 0, medianMinutesToDelivery: null }, // E7 at 23:59
    ]);
    expect(r.byDay.reduce((n, d) => n + d.errands, 0)).toBe(r.totals.errands);
    // The day before: E6 at 02-28 23:59 (delivered after 60), not E5 at 03-01 00:00.
    const edge = await stats(s.cadre.agent, 'from=2026-02-28&to=2026-02-28');
    expect(edge.totals.errands).toBe(1);
    expect(edge.totals.medianMinutesToDelivery).toBe(60);
  });

  it('breaks down by item kind, requester kind, courier and complaint outcome', async () => {
    const r = await stats(s.cadre.agent, MARCH);
    expect(r.byItemKind).toEqual([
      { kind: 'clothing', errands: 1 },
      { kind: 'toiletries', errands: 1 },
      { kind: 'charger', errands: 3 },
      { kind: 'keys', errands: 1 },
      { kind: 'medicine', errands: 1 },
      { kind: 'food', errands: 1 },
      { kind: 'documents', errands: 1 },
      { kind: 'other', errands: 1 },
    ]);
    expect(r.byRequesterKind).toEqual([
      { kind: 'frontline', errands: 4 },
      { kind: 'volunteer', errands: 2 },
      { kind: 'hardship', errands: 1 },
      { kind: 'other', errands: 1 },
    ]);
    const org = { id: s.courierOrg.id, name: '桥西区示范快递有限公司' };
    expect(r.byCourier).toEqual([
      {
        courierOrg: org,
        courier: { id: s.courier.user.id, name: '孙快递' },
        errands: 3,
        delivered: 3,
        declined: 0,
        medianMinutesToDelivery: 75, // 70, 75, 200
      },
      {
        courierOrg: org,
        courier: { id: s.courierMate.user.id, name: '周快递' },
        errands: 2,
        delivered: 2,
        declined: 1,
        medianMinutesToDelivery: 75, // 30, 120
      },
      {
        courierOrg: org,
        courier: null,
        errands: 1,
        delivered: 0,
        declined: 0,
        medianMinutesToDelivery: null,
      },
      {
        courierOrg: org,
        courier: { id: qian.id, name: '钱快递' },
        errands: 0,
        delivered: 0,
        declined: 1,
        medianMinutesToDelivery: null,
      },
    ]);
    expect(r.complaintsByOutcome).toEqual([
      { outcome: 'upheld', count: 1 },
      { outcome: 'explained', count: 1 },
      { outcome: 'unfounded', count: 1 },
      { outcome: null, count: 2 },
    ]);
  });

  it('judges overdue by the thresholds the union inherits (its own, else an ancestor’s, else 15/180)', async () => {
    const db = t.database.db;
    await db.insert(errandOrgSettings).values({ orgId: s.city.id, acceptMinutes: 15, deliverMinutes: 240 });
    expect((await stats(s.cadre.agent, MARCH)).totals.overdue).toBe(3); // E4 within 240 now
    await db
      .insert(errandOrgSettings)
      .values({ orgId: s.service.id, acceptMinutes: 30, deliverMinutes: 100 });
    // E4 (200 > 100) and E5 (120 > 100) late again, E5's 25-minute accept within 30; E7, E11 open.
    expect((await stats(s.cadre.agent, MARCH)).totals.overdue).toBe(4);
    await db.delete(errandOrgSettings).where(eq(errandOrgSettings.orgId, s.service.id));
    await db.delete(errandOrgSettings).where(eq(errandOrgSettings.orgId, s.city.id));
    expect((await stats(s.cadre.agent, MARCH)).totals.overdue).toBe(4);
  });

  it('scopes to the subtree: the city counts the other county too, a township has none', async () => {
    const admin = await loginAs(t, await buildUser(t, { org: s.city, role: 'admin' }));
    const city = await stats(admin, MARCH);
    expect(city.org.id).toBe(s.city.id);
    expect(city.totals).toMatchObject({
      errands: 9,
      delivered: 6,
      medianMinutesToDelivery: 72.5, // 30, 40, 70, 75, 120, 200
      complaints: 6,
      complaintsAnswered: 4,
    });
    expect(city.byCourier.find((c) => c.courierOrg.id === s.otherCourierOrg.id)).toEqual({
      courierOrg: { id: s.otherCourierOrg.id, name: '长安区同城速递有限公司' },
      courier: { id: s.otherCourier.user.id, name: '吴速递' },
      errands: 1,
      delivered: 1,
      declined: 1,
      medianMinutesToDelivery: 40,
    });
    const township = await stats(s.cadre.agent, `orgId=${s.township.id}&${MARCH}`);
    expect(township.totals).toMatchObject({ errands: 0, delivered: 0, medianMinutesToDelivery: null });
    expect(township.byCourier).toEqual([]);
    expect((await stats(s.reviewer.agent, MARCH)).totals.errands).toBe(8);
    expect((await stats(s.otherCadre.agent, MARCH)).totals).toMatchObject({ errands: 1, complaints: 1 });
  });

  it('leaves errands cancelled after dispatch or acceptance out of the couriers (未接单 is what awaits a courier)', async () => {
    // May: one errand dispatched and one accepted by 孙快递, both then cancelled by the union.
    await errand('M1', { state: 'dispatched', calledAt: bj('2026-05-10T10:00:00') });
    await errand('M2', {
      state: 'accepted',
      calledAt: bj('2026-05-11T10:00:00'),
      courierUser: s.courier.user,
    });
    await t.database.executeSql(`update errands set state = 'cancelled' where id = any($1::int[])`, [
      [ids.M1, ids.M2],
    ]);
    const may = await stats(s.cadre.agent, 'from=2026-05-01&to=2026-05-31');
    expect(may.totals).toMatchObject({ errands: 2, cancelled: 2 });
    expect(may.byCourier).toEqual([]);
  });

  it('refuses orgs outside the subtree (404), couriers and workers (403), anonymous (401)', async () => {
    expect((await s.otherCadre.agent.get(`${STATS}?orgId=${s.service.id}`)).statusCode).toBe(404);
    expect((await s.otherCadre.agent.get(`${STATS}/export?orgId=${s.service.id}`)).statusCode).toBe(404);
    expect((await s.cadre.agent.get(`${STATS}?orgId=${s.city.id}`)).statusCode).toBe(404);
    expect((await s.cadre.agent.get(`${STATS}?orgId=999999`)).statusCode).toBe(404);
    for (const courier of [s.courier.agent, s.otherCourier.agent]) {
      expect((await courier.get(STATS)).statusCode).toBe(403);
      expect((await courier.get(`${STATS}?orgId=${s.service.id}`)).statusCode).toBe(403);
      expect((await courier.get(`${STATS}/export`)).statusCode).toBe(403);
    }
    expect((await worker.get(STATS)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: STATS })).statusCode).toBe(401);
  });

  it('rejects a bad period with a Chinese field message', async () => {
    const reversed = await s.cadre.agent.get(`${STATS}?from=2026-03-31&to=2026-03-01`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toMatchObject({
      error: { details: [{ field: 'from', message: '起始日期不能晚于结束日期' }] },
    });
    const long = await s.cadre.agent.get(`${STATS}?from=2025-01-01&to=2026-01-02`);
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('统计期最长 366 天');
    expect((await s.cadre.agent.get(`${STATS}/export?from=2026-03-31&to=2026-03-01`)).statusCode).toBe(400);
    expect((await s.cadre.agent.get(`${STATS}?from=2026-13-01`)).statusCode).toBe(400);
    expect((await s.cadre.agent.get(`${STATS}?orgId=abc`)).statusCode).toBe(400);
    expect((await stats(s.cadre.agent, 'from=2024-01-01&to=2024-12-31')).byDay).toHaveLength(366);
  });

  it('defaults to the last 30 days up to today (Beijing)', async () => {
    const today = beijingDay(new Date());
    const r = await stats(s.cadre.agent, '');
    expect([r.from, r.to]).toEqual([addDays(today, -29), today]);
    expect(r.byDay).toHaveLength(30);
    const fromOnly = await stats(s.cadre.agent, 'from=2026-03-01');
    expect([fromOnly.from, fromOnly.to]).toEqual(['2026-03-01', '2026-03-30']);
  });
});

describe('及时送统计 export GET /errands/stats/export', () => {
  it('writes every block to its sheet with Chinese headers and audits the export', async () => {
    const res = await s.cadre.agent.get(`${STATS}/export?${MARCH}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('及时送统计'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '总览',
      '每日',
      '物品类别',
      '服务对象',
      '快递员',
      '投诉',
    ]);
    const rowsOf = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)?.eachRow((row) => {
        out.push((row.values as unknown[]).slice(1));
      });
      return out;
    };
    const summary = rowsOf('总览');
    expect(summary[0]).toEqual(['指标', '数值', '说明']);
    const value = (k: string) => summary.find((r) => r[0] === k)?.[1];
    expect(value('统计期')).toBe('2026-03-01 至 2026-03-31');
    expect(value('送达用时中位数（分钟）')).toBe(75);
    expect(value('90% 送达用时（分钟）')).toBe(168);
    expect(value('超时')).toBe(4);
    expect(String(summary.find((r) => r[0] === '工单数')?.[2])).toContain('合并掉的重复来电不计');
    // The cell itself: row 4 is 工单数 (header, 统计范围, 统计期 before it).
    expect(wb.getWorksheet('总览')?.getCell('B4').value).toBe(8);

    const daily = rowsOf('每日');
    expect(daily).toHaveLength(32);
    expect(daily[10]).toEqual(['2026-03-10', 1, 1, 75]);
    expect(daily[15]).toEqual(['2026-03-15', 1, 0, '—']);
    expect(rowsOf('物品类别')).toContainEqual(['充电器', 3]);
    expect(rowsOf('服务对象').at(-1)).toEqual(['合计', 8]);
    expect(rowsOf('快递员').slice(1)).toEqual([
      ['桥西区示范快递有限公司', '孙快递', 3, 3, 0, 75],
      ['桥西区示范快递有限公司', '周快递', 2, 2, 1, 75],
      ['桥西区示范快递有限公司', '未接单', 1, 0, 0, '—'],
      ['桥西区示范快递有限公司', '钱快递', 0, 0, 1, '—'],
    ]);
    expect(rowsOf('投诉').slice(1)).toEqual([
      ['属实，已整改', 1],
      ['已解释说明', 1],
      ['经核实不属实', 1],
      ['待答复', 2],
      ['合计', 5],
    ]);

    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'errands.export'), eq(auditLog.entityId, String(s.service.id))));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.detail).toEqual({ what: 'stats', from: '2026-03-01', to: '2026-03-31' });
  });
});
