import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type Agent,
  buildOrg,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
} from '../../../../test/app.ts';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import type { TErrand, TErrandListItem } from '../../../shared/errands.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import {
  buildErrand,
  buildErrandsScene,
  type ErrandsScene,
  errandInput,
  errandRow,
} from './errands.fixture.ts';
import { errandOrgSettings } from './errands.table.ts';

let t: TestApp;
let s: ErrandsScene;
const BASE = '/api/v1/errands';
const MIN = 60_000;

beforeAll(async () => {
  t = await createTestApp();
  s = await buildErrandsScene(t);
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  vi.useRealTimers();
});

let seq = 0;
/** A caller name of its own, so a test can find its errands with `q=`. */
const uniqueCaller = () => {
  seq += 1;
  return `来电人${String.fromCharCode(0x4e00 + seq)}${seq}`;
};

async function record(over: Record<string, unknown> = {}, agent = s.cadre.agent): Promise<TErrand> {
  const res = await agent.post(BASE, errandInput(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function dispatched(): Promise<TErrand> {
  const e = await record();
  const res = await s.cadre.agent.post(`${BASE}/${e.id}/dispatch`, { courierOrgId: s.courierOrg.id });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function inboxOf(userId: number, kind: string) {
  return t.database.db
    .select({ title: notifications.title, link: notifications.link, body: notifications.body })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
}

/** Freeze the clock (Date only; the database keeps real time for sessions) at a Beijing wall time. */
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`);
const freeze = (d: Date) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(d);
};

describe('lifecycle', () => {
  it('a call at 22:05 dispatched, accepted, picked up and delivered at 23:20: 75 minutes', async () => {
    const day = addDays(beijingDay(new Date()), -2);
    freeze(at(day, '22:07'));
    const caller = uniqueCaller();
    const created = await record({ calledAt: at(day, '22:05').toISOString(), callerName: caller });
    expect(created).toMatchObject({
      state: 'pending',
      channel: 'hotline',
      org: { id: s.service.id, name: s.service.name },
      caller: { name: caller, mobile: '13800138000' },
      calledAt: at(day, '22:05').toISOString(),
      durations: { toDispatch: null, toAccept: null, toPickup: null, toDelivery: null },
      recordedBy: '李值班',
      actions: ['dispatch', 'merge', 'cancel', 'complaint'],
    });
    expect(created.code).toMatch(/^JS\d{8}-\d{5}$/);
    const id = created.id;

    const couriers = await s.cadre.agent.get(`${BASE}/couriers`);
    expect(couriers.json()).toEqual({ items: [{ id: s.courierOrg.id, name: s.courierOrg.name }] });
    // Reviewers (and auditors) filter the list by courier: they read the same names, and cannot dispatch.
    const asReviewer = await s.reviewer.agent.get(`${BASE}/couriers`);
    expect(asReviewer.json()).toEqual(couriers.json());
    const byReviewer = await s.reviewer.agent.post(`${BASE}/${id}/dispatch`, {
      courierOrgId: s.courierOrg.id,
    });
    expect(byReviewer.statusCode).toBe(403);

    freeze(at(day, '22:12'));
    const d = await s.cadre.agent.post(`${BASE}/${id}/dispatch`, {
      courierOrgId: s.courierOrg.id,
      note: '加急',
    });
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toMatchObject({
      state: 'dispatched',
      courierOrg: { id: s.courierOrg.id, name: s.courierOrg.name },
      courier: null,
      durations: { toDispatch: 7 },
    });
    for (const u of [s.courier, s.courierMate]) {
      const inbox = await inboxOf(u.user.id, 'errands.dispatched');
      expect(inbox.map((n) => n.link)).toContain(`/m/errands/courier/${id}`);
    }
    expect(await inboxOf(s.otherCourier.user.id, 'errands.dispatched')).toEqual([]);

    const queue = (await s.courier.agent.get(`${BASE}/courier?pageSize=100`)).json();
    expect(queue.items.map((i: TErrandListItem) => i.id)).toContain(id);
    const seen = await s.courier.agent.get(`${BASE}/courier/${id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().actions).toEqual(['accept', 'decline']);

    freeze(at(day, '22:20'));
    const a = await s.courier.agent.post(`${BASE}/${id}/accept`);
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json()).toMatchObject({
      state: 'accepted',
      courier: { id: s.courier.user.id, name: '孙快递' },
      durations: { toDispatch: 7, toAccept: 15 },
      actions: ['pickup', 'decline'],
    });

    freeze(at(day, '22:50'));
    const p = await s.courier.agent.post(`${BASE}/${id}/pickup`);
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json().durations).toEqual({ toDispatch: 7, toAccept: 15, toPickup: 45, toDelivery: null });

    freeze(at(day, '23:20'));
    const del = await s.courier.agent.post(`${BASE}/${id}/deliver`, { receivedBy: '张医生本人' });
    expect(del.statusCode, del.body).toBe(200);

    const detail = (await s.cadre.agent.get(`${BASE}/${id}`)).json() as TErrand;
    expect(detail).toMatchObject({
      state: 'delivered',
      receivedBy: '张医生本人',
      photoUrl: null,
      dispatchedAt: at(day, '22:12').toISOString(),
      acceptedAt: at(day, '22:20').toISOString(),
      pickedUpAt: at(day, '22:50').toISOString(),
      deliveredAt: at(day, '23:20').toISOString(),
      durations: { toDispatch: 7, toAccept: 15, toPickup: 45, toDelivery: 75 },
      overdue: { accept: false, delivery: false },
      actions: ['complaint'],
      complaints: [],
    });
    expect(detail.timeline.map((e) => [e.event, e.label, e.actor])).toEqual([
      ['create', '登记工单', '李值班'],
      ['dispatch', '派单给快递合作单位', '李值班'],
      ['accept', '快递员接单', '孙快递'],
      ['pickup', '已取件', '孙快递'],
      ['deliver', '已送达', '孙快递'],
    ]);
    expect(detail.timeline[1]?.note).toBe(`${s.courierOrg.name}：加急`);
    expect(detail.timeline[4]?.note).toBe('签收人：张医生本人');

    const list = (await s.cadre.agent.get(`${BASE}?q=${encodeURIComponent(caller)}`)).json();
    expect(list).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(list.items[0]).toMatchObject({
      id,
      state: 'delivered',
      courierOrg: { id: s.courierOrg.id },
      minutesToDelivery: 75,
      overdue: false,
      openComplaints: 0,
    });
  });

  it('marks overdue: accept beyond 15 minutes of dispatch, delivery beyond 180 minutes of the call', async () => {
    const caller = uniqueCaller();
    const late = await buildErrand(t, s, {
      state: 'delivered',
      callerName: caller,
      calledAt: new Date(Date.now() - 5 * 60 * MIN),
      dispatchAfter: 5,
      acceptAfter: 25,
      pickupAfter: 60,
      deliverAfter: 190,
    });
    const e = (await s.cadre.agent.get(`${BASE}/${late.id}`)).json() as TErrand;
    expect(e.durations).toEqual({ toDispatch: 5, toAccept: 25, toPickup: 60, toDelivery: 190 });
    expect(e.overdue).toEqual({ accept: true, delivery: true });

    const waiting = await buildErrand(t, s, {
      state: 'dispatched',
      callerName: caller,
      calledAt: new Date(Date.now() - 30 * MIN),
      dispatchAfter: 10,
    });
    const fresh = await buildErrand(t, s, { state: 'pending', callerName: caller, calledAt: new Date() });
    const overdue = (await s.cadre.agent.get(`${BASE}?overdue=true&q=${encodeURIComponent(caller)}`)).json();
    expect(overdue.items.map((i: TErrandListItem) => i.id).sort()).toEqual([late.id, waiting.id].sort());
    // 待我处理 counts what still needs action: the late delivery is done, the waiting one is not.
    const open = (await s.cadre.agent.get(`${BASE}?overdue=open&q=${encodeURIComponent(caller)}`)).json();
    expect(open.items.map((i: TErrandListItem) => i.id)).toEqual([waiting.id]);
    const all = (await s.cadre.agent.get(`${BASE}?q=${encodeURIComponent(caller)}`)).json();
    expect(all.items.find((i: TErrandListItem) => i.id === fresh.id)?.overdue).toBe(false);

    // The org's own thresholds (inherited by its errands): 60 minutes to accept, 300 to deliver.
    await t.database.db
      .insert(errandOrgSettings)
      .values({ orgId: s.city.id, acceptMinutes: 60, deliverMinutes: 300 });
    try {
      const again = (await s.cadre.agent.get(`${BASE}?overdue=true&q=${encodeURIComponent(caller)}`)).json();
      expect(again.total).toBe(0);
      expect((await s.cadre.agent.get(`${BASE}/${waiting.id}`)).json().overdue).toEqual({
        accept: false,
        delivery: false,
      });
    } finally {
      await t.database.db.delete(errandOrgSettings).where(eq(errandOrgSettings.orgId, s.city.id));
    }
  });
});

describe('list', () => {
  it('filters by state, org, courier org and Beijing days; other orgs 404', async () => {
    const caller = uniqueCaller();
    const day = beijingDay(new Date(Date.now() - 26 * 60 * MIN));
    const yesterday = await buildErrand(t, s, {
      state: 'delivered',
      callerName: caller,
      calledAt: at(day, '09:30'),
    });
    const pending = await buildErrand(t, s, { callerName: caller, calledAt: new Date() });
    const below = await buildErrand(t, s, { callerName: caller, org: s.township, calledAt: new Date() });
    const q = `q=${encodeURIComponent(caller)}`;
    const ids = async (query: string) =>
      ((await s.cadre.agent.get(`${BASE}?${q}&${query}`)).json().items as TErrandListItem[]).map((i) => i.id);
    expect(await ids('')).toEqual([below.id, pending.id, yesterday.id]);
    expect(await ids('state=delivered')).toEqual([yesterday.id]);
    expect(await ids(`orgId=${s.township.id}`)).toEqual([below.id]);
    expect(await ids(`courierOrgId=${s.courierOrg.id}`)).toEqual([yesterday.id]);
    expect(await ids(`from=${day}&to=${day}`)).toEqual([yesterday.id]);
    expect(await ids(`from=${addDays(day, 1)}`)).toEqual([below.id, pending.id]);
    expect((await s.cadre.agent.get(`${BASE}?orgId=${s.otherCounty.id}`)).statusCode).toBe(404);
    const bad = await s.cadre.agent.get(`${BASE}?state=lost`);
    expect(bad.statusCode).toBe(400);
    expect((await s.worker.agent.get(BASE)).statusCode).toBe(403);
    expect((await s.courier.agent.get(`${BASE}/couriers`)).statusCode).toBe(403);
  });
});

describe('intake', () => {
  it('refuses bad input with Chinese field messages', async () => {
    const res = await s.cadre.agent.post(
      BASE,
      errandInput({ callerName: '', callerMobile: '12345', itemKinds: [], items: '' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual(
      expect.arrayContaining([
        { field: 'body.callerName', message: '请填写来电人姓名' },
        { field: 'body.callerMobile', message: '请输入正确的手机号或座机号（如 0311-12345678）' },
        { field: 'body.itemKinds', message: '请选择物品类别' },
        { field: 'body.items', message: '请写明需要送的物品' },
      ]),
    );
    const future = await s.cadre.agent.post(
      BASE,
      errandInput({ calledAt: new Date(Date.now() + 60 * MIN).toISOString() }),
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details).toEqual([{ field: 'calledAt', message: '来电时间不能晚于现在' }]);
    const old = await s.cadre.agent.post(
      BASE,
      errandInput({ calledAt: new Date(Date.now() - 25 * 60 * MIN).toISOString() }),
    );
    expect(old.statusCode).toBe(400);
    expect(old.json().error.details).toEqual([{ field: 'calledAt', message: '来电时间不能早于 24 小时前' }]);
    const landline = await s.cadre.agent.post(BASE, errandInput({ recipientPhone: '0311-86012345' }));
    expect(landline.statusCode, landline.body).toBe(201);
  });

  it('only union cadres record calls, for orgs in their subtree', async () => {
    for (const u of [s.reviewer, s.courier, s.worker]) {
      expect((await u.agent.post(BASE, errandInput())).statusCode).toBe(403);
    }
    expect((await s.cadre.agent.post(BASE, errandInput({ orgId: s.otherCounty.id }))).statusCode).toBe(404);
    const below = await record({ orgId: s.township.id });
    expect(below.org).toEqual({ id: s.township.id, name: s.township.name });
  });

  it('a worker asks on the H5: the errand belongs to the service union; none → 409', async () => {
    const res = await s.worker.agent.post(`${BASE}/mine`, {
      ...errandInput(),
      callerName: undefined,
      callerMobile: undefined,
    });
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json() as TErrand;
    expect(e).toMatchObject({
      org: { id: s.service.id },
      channel: 'h5',
      caller: { name: '刘职工', mobile: '13912340001' },
      recipient: { phone: '13700137000' },
      actions: [],
    });
    for (const c of [s.cadre, s.cadre2]) {
      const inbox = await inboxOf(c.user.id, 'errands.requested');
      expect(inbox.map((n) => n.link)).toContain(`/errands/${e.id}`);
    }
    const mine = (await s.worker.agent.get(`${BASE}/mine`)).json();
    expect(mine.items.map((i: TErrandListItem) => i.id)).toContain(e.id);
    expect((await s.worker.agent.get(`${BASE}/mine/${e.id}`)).statusCode).toBe(200);
    expect((await s.cadre.agent.get(`${BASE}/mine/${e.id}`)).statusCode).toBe(404);
    expect((await s.cadre.agent.get(`${BASE}/${e.id}`)).json().caller.mobile).toBe('13912340001');

    // The worker hears of each step of their own errand.
    await s.cadre.agent.post(`${BASE}/${e.id}/dispatch`, { courierOrgId: s.courierOrg.id });
    await s.courier.agent.post(`${BASE}/${e.id}/accept`);
    const steps = await inboxOf(s.worker.user.id, 'errands.progress');
    expect(steps.map((n) => n.title)).toEqual([
      `您的及时送 ${e.code}：已派单给快递员`,
      `您的及时送 ${e.code}：快递员已接单`,
    ]);
    expect(steps[0]?.link).toBe(`/m/errands/mine/${e.id}`);
    // Delivered 100 minutes after the call: the notice says it as the pages do, 1 小时 40 分钟.
    await s.courier.agent.post(`${BASE}/${e.id}/pickup`);
    freeze(new Date(new Date(e.calledAt).getTime() + 100 * MIN));
    const delivered = await s.courier.agent.post(`${BASE}/${e.id}/deliver`, { receivedBy: '本人' });
    expect(delivered.statusCode, delivered.body).toBe(200);
    const last = (await inboxOf(s.worker.user.id, 'errands.progress')).at(-1);
    expect(last?.body).toBe('签收人：本人，来电后 1 小时 40 分钟送达');

    // A worker under a union without any hotline.
    const unit = await buildOrg(t, { name: '长安区示范企业工会', parent: s.otherCounty });
    const lone = await buildUser(t, { org: unit, role: 'worker', displayName: '孤单职工' });
    const agent = await loginAs(t, lone);
    const none = await agent.post(`${BASE}/mine`, {
      ...errandInput(),
      callerName: undefined,
      callerMobile: undefined,
    });
    expect(none.statusCode).toBe(409);
    expect(none.json().error).toMatchObject({
      code: 'NO_ERRAND_SERVICE',
      message: '您所在的工会暂未开通及时送服务，请拨打当地工会服务热线',
    });
    expect((await agent.get(`${BASE}/mine`)).json()).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
  });
});

describe('decline, merge, cancel', () => {
  it('a courier declines back to dispatch; the duty cadres hear; re-dispatched', async () => {
    const e = await dispatched();
    const empty = await s.courier.agent.post(`${BASE}/${e.id}/decline`, { reason: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details).toEqual([{ field: 'body.reason', message: '请填写无法接单的原因' }]);
    const res = await s.courier.agent.post(`${BASE}/${e.id}/decline`, { reason: '附近暂无空闲快递员' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await s.courier.agent.get(`${BASE}/courier/${e.id}`)).statusCode).toBe(404);
    const back = (await s.cadre.agent.get(`${BASE}/${e.id}`)).json() as TErrand;
    expect(back).toMatchObject({ state: 'pending', courierOrg: null, courier: null, dispatchedAt: null });
    expect(back.timeline.at(-1)).toMatchObject({
      event: 'decline',
      label: '快递员无法接单，退回派单',
      note: `${s.courierOrg.name}：附近暂无空闲快递员`,
    });
    expect((await errandRow(t, e.id)).declines).toBe(1);
    for (const c of [s.cadre, s.cadre2]) {
      const inbox = await inboxOf(c.user.id, 'errands.declined');
      expect(inbox.map((n) => n.link)).toContain(`/errands/${e.id}`);
    }

    const again = await s.cadre2.agent.post(`${BASE}/${e.id}/dispatch`, { courierOrgId: s.courierOrg.id });
    expect(again.json().state).toBe('dispatched');
    expect((await s.courierMate.agent.post(`${BASE}/${e.id}/accept`)).statusCode).toBe(200);
    // After acceptance only the accepting courier continues.
    const other = await s.courier.agent.post(`${BASE}/${e.id}/decline`, { reason: '我来退单试试' });
    expect(other.statusCode).toBe(403);
    expect(
      (await s.courierMate.agent.post(`${BASE}/${e.id}/decline`, { reason: '车辆故障' })).statusCode,
    ).toBe(200);
    expect((await errandRow(t, e.id)).declines).toBe(2);
  });

  it('merges a duplicate call into the open errand it repeats', async () => {
    const target = await record();
    const dup = await record({ callerName: '张来电（重复）' });
    const closed = await buildErrand(t, s, { state: 'delivered' });
    const foreign = await buildErrand(t, s, { org: s.otherCounty });

    const self = await s.cadre.agent.post(`${BASE}/${dup.id}/merge`, { intoId: dup.id });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.details).toEqual([{ field: 'intoId', message: '不能合并到工单自身' }]);
    const intoClosed = await s.cadre.agent.post(`${BASE}/${dup.id}/merge`, { intoId: closed.id });
    expect(intoClosed.statusCode).toBe(409);
    expect(intoClosed.json().error.code).toBe('MERGE_TARGET_CLOSED');
    expect((await s.cadre.agent.post(`${BASE}/${dup.id}/merge`, { intoId: foreign.id })).statusCode).toBe(
      404,
    );
    expect((await s.reviewer.agent.post(`${BASE}/${dup.id}/merge`, { intoId: target.id })).statusCode).toBe(
      403,
    );

    const res = await s.cadre.agent.post(`${BASE}/${dup.id}/merge`, {
      intoId: target.id,
      note: '同一位家属',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'merged', mergedInto: { id: target.id, code: target.code } });
    const t2 = (await s.cadre.agent.get(`${BASE}/${target.id}`)).json() as TErrand;
    expect(t2.merged).toEqual([{ id: dup.id, code: dup.code, callerName: '张来电（重复）' }]);
    // A merged errand cannot be merged again, nor can anything be merged into it.
    const third = await record();
    expect((await s.cadre.agent.post(`${BASE}/${third.id}/merge`, { intoId: dup.id })).statusCode).toBe(409);
    expect((await s.cadre.agent.post(`${BASE}/${dup.id}/merge`, { intoId: third.id })).statusCode).toBe(409);
  });

  it('cancels an errand not yet picked up, with a reason', async () => {
    const e = await dispatched();
    expect((await s.reviewer.agent.post(`${BASE}/${e.id}/cancel`, { reason: '来电人取消' })).statusCode).toBe(
      403,
    );
    expect(
      (await s.otherCadre.agent.post(`${BASE}/${e.id}/cancel`, { reason: '来电人取消' })).statusCode,
    ).toBe(404);
    const res = await s.cadre.agent.post(`${BASE}/${e.id}/cancel`, { reason: '来电人已自行取回' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'cancelled',
      cancelReason: '来电人已自行取回',
      actions: ['complaint'],
    });
    const inbox = await inboxOf(s.courier.user.id, 'errands.cancelled');
    expect(inbox.map((n) => n.link)).toContain(`/m/errands/courier/${e.id}`);
    const picked = await buildErrand(t, s, { state: 'picked_up' });
    const late = await s.cadre.agent.post(`${BASE}/${picked.id}/cancel`, { reason: '来电人取消' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('ILLEGAL_TRANSITION');
  });

  it('refuses illegal transitions with 409', async () => {
    const e = await dispatched();
    const early = await s.courier.agent.post(`${BASE}/${e.id}/pickup`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toBe('当前状态「已派单」不能执行「已取件」');
    expect((await s.courier.agent.post(`${BASE}/${e.id}/deliver`, { receivedBy: '本人' })).statusCode).toBe(
      409,
    );
    const done = await buildErrand(t, s, { state: 'picked_up' });
    expect(
      (await s.courier.agent.post(`${BASE}/${done.id}/deliver`, { receivedBy: '本人' })).statusCode,
    ).toBe(200);
    const twice = await s.courier.agent.post(`${BASE}/${done.id}/deliver`, { receivedBy: '本人' });
    expect(twice.statusCode).toBe(409);
    const redispatch = await s.cadre.agent.post(`${BASE}/${done.id}/dispatch`, {
      courierOrgId: s.courierOrg.id,
    });
    expect(redispatch.statusCode).toBe(409);
    expect(redispatch.json().error.message).toBe('当前状态「已送达」不能执行「派单给快递合作单位」');
    const noName = await s.courier.agent.post(`${BASE}/${e.id}/deliver`, { receivedBy: '' });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.details).toEqual([{ field: 'body.receivedBy', message: '请填写签收人' }]);
  });
});

describe('couriers and other orgs', () => {
  it('a courier of another org sees nothing and can do nothing; workers 403; other county 404', async () => {
    const e = await dispatched();
    const queue = await s.otherCourier.agent.get(`${BASE}/courier`);
    expect(queue.json()).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    const o = s.otherCourier.agent;
    expect((await o.get(`${BASE}/courier/${e.id}`)).statusCode).toBe(404);
    expect((await o.get(`${BASE}/${e.id}`)).statusCode).toBe(404);
    expect((await o.post(`${BASE}/${e.id}/accept`)).statusCode).toBe(404);
    expect((await o.post(`${BASE}/${e.id}/decline`, { reason: '不是我们的单' })).statusCode).toBe(404);
    expect((await o.post(`${BASE}/${e.id}/pickup`)).statusCode).toBe(404);
    expect((await o.post(`${BASE}/${e.id}/deliver`, { receivedBy: '本人' })).statusCode).toBe(404);
    expect((await o.get(`${BASE}`)).statusCode).toBe(403);

    expect((await s.worker.agent.get(`${BASE}/courier`)).statusCode).toBe(403);
    expect((await s.worker.agent.post(`${BASE}/${e.id}/accept`)).statusCode).toBe(403);
    expect((await s.worker.agent.get(`${BASE}/${e.id}`)).statusCode).toBe(404);
    expect((await s.cadre.agent.get(`${BASE}/courier`)).statusCode).toBe(403);

    expect((await s.otherCadre.agent.get(`${BASE}/${e.id}`)).statusCode).toBe(404);
    const otherList = (await s.otherCadre.agent.get(`${BASE}?pageSize=100`)).json();
    expect(otherList.items.map((i: TErrandListItem) => i.id)).not.toContain(e.id);
    expect(
      (await s.otherCadre.agent.post(`${BASE}/${e.id}/dispatch`, { courierOrgId: s.otherCourierOrg.id }))
        .statusCode,
    ).toBe(404);
    const p = await s.cadre.agent.post(`${BASE}/${e.id}/cancel`, { reason: '测试派给其他单位' });
    expect(p.statusCode).toBe(200);
    const fresh = await record();
    const outside = await s.cadre.agent.post(`${BASE}/${fresh.id}/dispatch`, {
      courierOrgId: s.otherCourierOrg.id,
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.details).toEqual([
      { field: 'courierOrgId', message: '请选择本工会的快递合作单位' },
    ]);
    const notCourier = await s.cadre.agent.post(`${BASE}/${fresh.id}/dispatch`, {
      courierOrgId: s.township.id,
    });
    expect(notCourier.statusCode).toBe(400);
  });

  it('after acceptance the other courier of the same org gets 403', async () => {
    const e = await dispatched();
    expect((await s.courier.agent.post(`${BASE}/${e.id}/accept`)).statusCode).toBe(200);
    const mate = s.courierMate.agent;
    expect((await mate.post(`${BASE}/${e.id}/pickup`)).statusCode).toBe(403);
    expect((await mate.get(`${BASE}/courier/${e.id}`)).json().actions).toEqual([]);
    const mateQueue = (await mate.get(`${BASE}/courier?pageSize=100`)).json();
    expect(mateQueue.items.map((i: TErrandListItem) => i.id)).not.toContain(e.id);
    expect((await s.courier.agent.post(`${BASE}/${e.id}/pickup`)).statusCode).toBe(200);
    expect((await mate.post(`${BASE}/${e.id}/deliver`, { receivedBy: '本人' })).statusCode).toBe(403);
  });

  it('two couriers accepting at once: exactly one wins', async () => {
    const e = await dispatched();
    const results = await Promise.all([
      s.courier.agent.post(`${BASE}/${e.id}/accept`),
      s.courierMate.agent.post(`${BASE}/${e.id}/accept`),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = results.findIndex((r) => r.statusCode === 200);
    const row = await errandRow(t, e.id);
    expect(row.courierUserId).toBe([s.courier, s.courierMate][winner]?.user.id);
    expect(row.state).toBe('accepted');
  });

  it('masks phones per viewer', async () => {
    const e = await dispatched();
    const cadre = (await s.cadre.agent.get(`${BASE}/${e.id}`)).json() as TErrand;
    expect([cadre.caller.mobile, cadre.recipient.phone, cadre.pickup.mobile]).toEqual([
      '13800138000',
      '13700137000',
      '13600136000',
    ]);
    const reviewer = (await s.reviewer.agent.get(`${BASE}/${e.id}`)).json() as TErrand;
    expect([reviewer.caller.mobile, reviewer.recipient.phone, reviewer.pickup.mobile]).toEqual([
      '138****8000',
      '137****7000',
      '136****6000',
    ]);
    expect(reviewer.actions).toEqual([]);
    const courier = (await s.courier.agent.get(`${BASE}/courier/${e.id}`)).json() as TErrand;
    expect([courier.caller.mobile, courier.recipient.phone, courier.pickup.mobile]).toEqual([
      '138****8000',
      '13700137000',
      '13600136000',
    ]);
  });
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
function uploadPhoto(agent: Agent, errandId: number) {
  const boundary = `----niangjia${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="sign.png"\r\n` +
      'Content-Type: image/png\r\n\r\n',
  );
  return agent.inject({
    method: 'POST',
    url: `/api/v1/files?entityType=errands.errand&entityId=${errandId}`,
    payload: Buffer.concat([head, PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

describe('delivery photo', () => {
  it('the courier attaches a photo; whoever sees the errand sees it, others 404', async () => {
    const e = await buildErrand(t, s, { state: 'picked_up', requesterUserId: s.worker.user.id });
    const other = await buildErrand(t, s, { state: 'picked_up' });
    const up = await uploadPhoto(s.courier.agent, e.id);
    expect(up.statusCode, up.body).toBe(201);
    const photoFileId = (up.json() as { id: string }).id;
    const wrong = await s.courier.agent.post(`${BASE}/${other.id}/deliver`, {
      receivedBy: '本人',
      photoFileId,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details).toEqual([
      { field: 'photoFileId', message: '送达照片须是为这张工单上传的图片' },
    ]);
    const res = await s.courier.agent.post(`${BASE}/${e.id}/deliver`, {
      receivedBy: '门卫代收',
      photoFileId,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().photoUrl).toBe(`/api/v1/errands/${e.id}/photo`);
    for (const a of [s.cadre.agent, s.reviewer.agent, s.courierMate.agent, s.worker.agent]) {
      const photo = await a.get(`${BASE}/${e.id}/photo`);
      expect(photo.statusCode).toBe(200);
      expect(photo.headers['content-type']).toBe('image/png');
    }
    expect((await s.otherCourier.agent.get(`${BASE}/${e.id}/photo`)).statusCode).toBe(404);
    expect((await s.otherCadre.agent.get(`${BASE}/${e.id}/photo`)).statusCode).toBe(404);
    expect((await s.cadre.agent.get(`${BASE}/${other.id}/photo`)).statusCode).toBe(404);
  });
});

describe('export', () => {
  it('exports the filtered list with all times and durations (audited)', async () => {
    const caller = uniqueCaller();
    const calledAt = new Date(Date.now() - 2 * 60 * MIN);
    const e = await buildErrand(t, s, {
      state: 'delivered',
      callerName: caller,
      calledAt,
      itemKinds: ['charger', 'keys'],
    });
    expect((await s.courier.agent.get(`${BASE}/export`)).statusCode).toBe(403);
    const res = await s.reviewer.agent.get(`${BASE}/export?q=${encodeURIComponent(caller)}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain('errands-');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('及时送工单');
    const header = ((ws?.getRow(1).values ?? []) as unknown[]).slice(1);
    expect(header).toEqual([
      '工单编号',
      '服务工会',
      '状态',
      '渠道',
      '紧急程度',
      '服务对象',
      '来电人',
      '收件人',
      '送达地址',
      '物品类别',
      '物品',
      '快递合作单位',
      '快递员',
      '来电时间',
      '派单时间',
      '接单时间',
      '取件时间',
      '送达时间',
      '来电到派单（分钟）',
      '来电到接单（分钟）',
      '来电到取件（分钟）',
      '来电到送达（分钟）',
      '是否超时',
      '退单次数',
      '签收人',
      '取消原因',
      '未答复投诉',
    ]);
    expect(ws?.rowCount).toBe(2);
    const row = ((ws?.getRow(2).values ?? []) as unknown[]).slice(1);
    const bj = (d: Date) =>
      new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(row).toEqual([
      e.code,
      s.service.name,
      '已送达',
      '热线来电',
      '加急',
      '防疫一线职工',
      caller,
      '张医生',
      '桥西区中华南大街 1 号核酸检测点',
      '充电器、钥匙',
      '手机充电器一个',
      s.courierOrg.name,
      '孙快递',
      bj(calledAt),
      bj(new Date(calledAt.getTime() + 5 * MIN)),
      bj(new Date(calledAt.getTime() + 10 * MIN)),
      bj(new Date(calledAt.getTime() + 20 * MIN)),
      bj(new Date(calledAt.getTime() + 60 * MIN)),
      5,
      10,
      20,
      60,
      '否',
      0,
      '张医生',
      undefined,
      0,
    ]);
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'errands.export'), eq(auditLog.actorUserId, s.reviewer.user.id)));
    expect(audits).toHaveLength(1);
  });
});
