import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, createTestApp, loginAs, type TestApp } from '../../../../test/app.ts';
import type { TOverdueBoard } from '../../../shared/errands.ts';
import { registeredJobs } from '../../platform/jobs/jobs.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { alertOverdueErrands } from './alerts.service.ts';
import {
  buildErrand,
  buildErrandsScene,
  type ErrandsScene,
  errandRow,
  type FixtureErrand,
} from './errands.fixture.ts';
import { errandOrgSettings, errandShifts } from './errands.table.ts';
import './alerts.jobs.ts';

let t: TestApp;
let s: ErrandsScene;
const now = new Date();
const MIN = 60_000;
const ago = (minutes: number) => new Date(now.getTime() - minutes * MIN);
const later = (minutes: number) => new Date(now.getTime() + minutes * MIN);

/** Dispatched 20 min ago (called 25 min ago): past the default 15 minutes to accept. */
let notAccepted: FixtureErrand;
/** Accepted, called 190 min ago: past the default 3 hours to deliver. */
let notDelivered: FixtureErrand;
/** Pending, called 200 min ago. */
let stillPending: FixtureErrand;
/** Another county with 30 minutes to accept and 300 to deliver: dispatched 20 min ago. */
let slowOrg: FixtureErrand;
/** Accepted 25 min after the call (dispatched at 2), called 30 min ago: fine until 3 h have passed. */
let onTime: FixtureErrand;

const alertsTo = (userId: number) =>
  t.database.db
    .select({ title: notifications.title, link: notifications.link })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), like(notifications.kind, 'errands.overdue.%')))
    .orderBy(notifications.id);

beforeAll(async () => {
  t = await createTestApp();
  s = await buildErrandsScene(t);
  // 李值班 is on duty from an hour ago for three hours; 王值班 is not.
  await t.database.db.insert(errandShifts).values({
    orgId: s.service.id,
    orgPath: s.service.path,
    userId: s.cadre.user.id,
    hotlineId: s.hotlineId,
    startsAt: ago(60),
    endsAt: later(120),
  });
  await t.database.db
    .insert(errandOrgSettings)
    .values({ orgId: s.otherCounty.id, acceptMinutes: 30, deliverMinutes: 300 });
  notAccepted = await buildErrand(t, s, { state: 'dispatched', calledAt: ago(25), dispatchAfter: 5 });
  notDelivered = await buildErrand(t, s, {
    state: 'accepted',
    calledAt: ago(190),
    dispatchAfter: 5,
    acceptAfter: 8,
  });
  stillPending = await buildErrand(t, s, { state: 'pending', calledAt: ago(200) });
  slowOrg = await buildErrand(t, s, {
    state: 'dispatched',
    org: s.otherCounty,
    courierOrg: s.otherCourierOrg,
    calledAt: ago(25),
    dispatchAfter: 5,
  });
  // Never alerted: finished, cancelled, or well within the thresholds.
  await buildErrand(t, s, { state: 'delivered', calledAt: ago(600) });
  await buildErrand(t, s, { state: 'cancelled', calledAt: ago(600) });
  onTime = await buildErrand(t, s, {
    state: 'accepted',
    calledAt: ago(30),
    dispatchAfter: 2,
    acceptAfter: 25,
  });
});
afterAll(async () => {
  await t.close();
});

describe('alert-overdue-errands', () => {
  it('is registered to run every minute', () => {
    const job = registeredJobs().find((j) => j.name === 'alert-overdue-errands');
    expect(job?.schedule).toBe('* * * * *');
  });

  it('alerts the cadre on duty of errands not accepted in 15 minutes and not delivered in 3 hours', async () => {
    expect(await alertOverdueErrands(t.app.deps, now)).toEqual({
      accept: 1,
      delivery: 2,
      notified: 3,
      skipped: 0,
    });
    expect(await alertsTo(s.cadre.user.id)).toEqual([
      {
        title: `及时送工单 ${notAccepted.code} 派单后 15 分钟仍无人接单，请联系快递合作单位`,
        link: `/errands/${notAccepted.id}`,
      },
      {
        title: `及时送工单 ${notDelivered.code} 来电后 3 小时仍未送达，请跟进`,
        link: `/errands/${notDelivered.id}`,
      },
      {
        title: `及时送工单 ${stillPending.code} 来电后 3 小时仍未送达，请跟进`,
        link: `/errands/${stillPending.id}`,
      },
    ]);
    expect(await alertsTo(s.cadre2.user.id)).toEqual([]);
    expect(await alertsTo(s.otherCadre.user.id)).toEqual([]);
    expect((await errandRow(t, notAccepted.id)).acceptAlertedAt?.toISOString()).toBe(now.toISOString());
    expect((await errandRow(t, notAccepted.id)).deliveryAlertedAt).toBeNull();
    expect((await errandRow(t, notDelivered.id)).deliveryAlertedAt?.toISOString()).toBe(now.toISOString());
    expect((await errandRow(t, slowOrg.id)).acceptAlertedAt).toBeNull();
  });

  it('sends nothing the second time', async () => {
    expect(await alertOverdueErrands(t.app.deps, now)).toEqual({
      accept: 0,
      delivery: 0,
      notified: 0,
      skipped: 0,
    });
    expect(await alertsTo(s.cadre.user.id)).toHaveLength(3);
  });

  it("respects the org's own thresholds; with nobody on shift its cadres are told", async () => {
    // 20 minutes after dispatch is within the other county's 30; at 35 it is past.
    expect(await alertOverdueErrands(t.app.deps, later(15))).toEqual({
      accept: 1,
      delivery: 0,
      notified: 1,
      skipped: 0,
    });
    expect(await alertsTo(s.otherCadre.user.id)).toEqual([
      {
        title: `及时送工单 ${slowOrg.code} 派单后 30 分钟仍无人接单，请联系快递合作单位`,
        link: `/errands/${slowOrg.id}`,
      },
    ]);
  });

  it("after the shift ends, the service union's cadres all hear of late deliveries", async () => {
    // Four hours on: the shift is over; the errands called 25 and 30 minutes before now are late too.
    expect(await alertOverdueErrands(t.app.deps, later(240))).toEqual({
      accept: 0,
      delivery: 2,
      notified: 4,
      skipped: 0,
    });
    const titles = [notAccepted, onTime].map((e) => `及时送工单 ${e.code} 来电后 3 小时仍未送达，请跟进`);
    expect((await alertsTo(s.cadre.user.id)).slice(-2).map((n) => n.title)).toEqual(titles);
    expect((await alertsTo(s.cadre2.user.id)).map((n) => n.title)).toEqual(titles);
    expect(await alertsTo(s.otherCadre.user.id)).toHaveLength(1);
  });

  it('two runs at once alert once', async () => {
    const fresh = await buildErrand(t, s, { state: 'dispatched', calledAt: ago(20), dispatchAfter: 1 });
    const runs = await Promise.all([
      alertOverdueErrands(t.app.deps, later(1)),
      alertOverdueErrands(t.app.deps, later(1)),
    ]);
    expect(runs.reduce((n, r) => n + r.accept, 0)).toBe(1);
    const titles = (await alertsTo(s.cadre.user.id)).map((n) => n.title);
    expect(titles.filter((x) => x.includes(fresh.code))).toHaveLength(1);
  });
});

describe('overdue board', () => {
  it('lists open errands past a threshold and those within 20 % of it, most overdue first', async () => {
    const org = await buildOrg(t, { name: '石家庄市新华区总工会', type: 'county', parent: s.city });
    const cadre = await loginAs(t, await buildUser(t, { org, role: 'cadre' }));
    const at = new Date();
    const back = (m: number) => new Date(at.getTime() - m * MIN);
    const mk = (over: Parameters<typeof buildErrand>[2]) => buildErrand(t, s, { org, ...over });
    const late = await mk({ state: 'pending', calledAt: back(200) });
    const accepted = await mk({ state: 'accepted', calledAt: back(190), dispatchAfter: 5, acceptAfter: 20 });
    const waiting = await mk({ state: 'dispatched', calledAt: back(25), dispatchAfter: 5 });
    const nearAccept = await mk({ state: 'dispatched', calledAt: back(20), dispatchAfter: 7 });
    const nearDelivery = await mk({ state: 'picked_up', calledAt: back(150) });
    await mk({ state: 'dispatched', calledAt: back(10), dispatchAfter: 5 });
    await mk({ state: 'delivered', calledAt: back(400) });
    await mk({ state: 'cancelled', calledAt: back(400) });

    const res = await cadre.get(`/api/v1/errands/overdue`);
    expect(res.statusCode).toBe(200);
    const board: TOverdueBoard = res.json();
    expect(board.settings).toEqual({
      orgId: org.id,
      acceptMinutes: 15,
      deliverMinutes: 180,
      fromOrgId: null,
    });
    expect(board.items.map((i) => [i.errand.code, i.kind, Math.round(i.minutesOver)])).toEqual([
      [late.code, 'delivery', 20],
      [accepted.code, 'delivery', 10],
      [waiting.code, 'accept', 5],
      [nearAccept.code, 'accept', -2],
      [nearDelivery.code, 'delivery', -30],
    ]);
    const first = board.items[0]?.errand;
    expect(first).toMatchObject({
      id: late.id,
      org: { id: org.id, name: '石家庄市新华区总工会' },
      state: 'pending',
      overdue: true,
      courierOrg: null,
      minutesToDelivery: null,
      openComplaints: 0,
    });
    expect(board.items[2]?.errand.courierOrg).toEqual({ id: s.courierOrg.id, name: s.courierOrg.name });
    expect(board.items[3]?.errand.overdue).toBe(false);
  });

  it("measures each errand against its own org's thresholds and refuses other orgs", async () => {
    // The other county allows 30 minutes: its errand dispatched 20 minutes ago is not near enough.
    const res = await s.otherCadre.agent.get(`/api/v1/errands/overdue`);
    expect(res.json()).toMatchObject({ settings: { acceptMinutes: 30, deliverMinutes: 300 }, items: [] });
    expect((await s.otherCadre.agent.get(`/api/v1/errands/overdue?orgId=${s.service.id}`)).statusCode).toBe(
      404,
    );
    expect((await s.courier.agent.get(`/api/v1/errands/overdue`)).statusCode).toBe(403);
    expect((await s.worker.agent.get(`/api/v1/errands/overdue`)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/errands/overdue' })).statusCode).toBe(401);
  });
});
