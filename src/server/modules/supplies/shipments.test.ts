import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildUser, createTestApp, loginAs, type TestApp } from '../../../../test/app.ts';
import type { TRequest, TShipment, TShipmentListItem } from '../../../shared/supplies.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { stockOf } from './stock.service.ts';
import {
  buildItem,
  buildRequest,
  buildSuppliesScene,
  type FixtureLine,
  requestLines,
  requestRow,
  type ScenePoint,
  type SuppliesScene,
} from './supplies.fixture.ts';
import { supplyStockEntries } from './supplies.table.ts';

let t: TestApp;
let s: SuppliesScene;
const BASE = '/api/v1/supplies';

beforeAll(async () => {
  t = await createTestApp();
  s = await buildSuppliesScene(t);
});
afterAll(async () => {
  await t.close();
});

const HOUR = 3_600_000;
const departBody = (over: Record<string, unknown> = {}) => ({
  vehiclePlate: '沪A12345',
  driverName: '王师傅',
  driverPhone: '13800138000',
  driverTestedAt: new Date(Date.now() - 6 * HOUR).toISOString(),
  disinfection: ['cargo_area', 'packaging', 'driver_protection', 'loaders_tested'],
  ...over,
});

/** A fresh item so that each test reads its own stock figures. */
let itemSeq = 0;
async function freshItem(stock = 100) {
  itemSeq += 1;
  return buildItem(t, s.hub, { name: `测试物资${itemSeq}`, unit: '箱', stock, supplierOrg: s.supplierOrg });
}

async function approved(point: ScenePoint, lines: FixtureLine[], urgency?: 'critical' | 'urgent' | 'normal') {
  return buildRequest(t, s, { point, lines, ...(urgency ? { urgency } : {}) });
}

async function dispatch(requestIds: number[], partnerOrgId = s.logisticsOrg.id, agent = s.hubCadre.agent) {
  const res = await agent.post(`${BASE}/shipments`, { requestIds, partnerOrgId, note: '请优先配送' });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { shipments: TShipment[] }).shipments;
}

async function dispatchOne(requestId: number) {
  const [shipment] = await dispatch([requestId]);
  if (!shipment) throw new Error('no shipment');
  return shipment;
}

async function ok(agent: Agent, url: string, body?: unknown): Promise<TShipment> {
  const res = await agent.post(url, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TShipment;
}

const fullDelivery = (sh: TShipment, over: Record<number, number> = {}) => ({
  recipientName: '李护士长',
  lines: sh.lines.map((l) => ({ shipmentLineId: l.id, received: over[l.id] ?? l.quantity })),
});

const inbox = (userId: number) =>
  t.database.db.select().from(notifications).where(eq(notifications.userId, userId));
const kindsOf = async (userId: number) => (await inbox(userId)).map((n) => n.kind);

async function balance(itemId: number) {
  const b = (await stockOf(t.database.db, [itemId])).get(itemId);
  if (!b) throw new Error('no balance');
  return b;
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
function uploadPhoto(agent: Agent, shipmentId: number) {
  const boundary = `----niangjia${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="sign.png"\r\n` +
      'Content-Type: image/png\r\n\r\n',
  );
  return agent.inject({
    method: 'POST',
    url: `/api/v1/files?entityType=supplies.shipment&entityId=${shipmentId}`,
    payload: Buffer.concat([head, PNG, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

describe('lifecycle', () => {
  it('dispatch → depart → transit → deliver: request completed, stock shipped, reservation used up', async () => {
    const rice = await freshItem(100);
    const shirts = await freshItem(500);
    const before = { rice: await balance(rice.id), shirts: await balance(shirts.id) };
    const req = await approved(s.pointA, [
      { item: rice, quantity: 10 },
      { item: shirts, quantity: 45 },
    ]);
    expect(await balance(rice.id)).toEqual({ onHand: 100, reserved: 10, available: 90 });

    const shipments = await dispatch([req.id]);
    expect(shipments).toHaveLength(1);
    const sh = shipments[0] as TShipment;
    expect(sh.code).toMatch(/^PS\d{8}-\d{5}$/);
    expect(sh.state).toBe('pending');
    expect(sh.partner).toEqual({ id: s.logisticsOrg.id, name: '申城示范物流有限公司' });
    expect(sh.hub).toEqual({ id: s.hub.id, name: '上海市医务工会' });
    expect(sh.point).toMatchObject({
      id: s.pointA.id,
      name: '第一示范医院门诊楼',
      contactName: '李护士长',
      contactPhone: s.pointA.contactPhone,
      org: { id: s.unitA.id, name: '上海市第一示范医院工会' },
    });
    expect(sh.note).toBe('请优先配送');
    expect(sh.lines.map((l) => [l.requestId, l.requestCode, l.itemName, l.quantity, l.received])).toEqual([
      [req.id, req.code, rice.name, 10, null],
      [req.id, req.code, shirts.name, 45, null],
    ]);
    expect(sh.actions).toEqual(['depart', 'fail', 'manifest']);
    expect((await requestRow(t, req.id)).state).toBe('dispatching');
    expect(await kindsOf(s.cadreA.user.id)).toContain('supplies.request.dispatched');
    expect(await kindsOf(s.logistics.user.id)).toContain('supplies.shipment.assigned');
    expect(await kindsOf(s.logisticsMate.user.id)).toContain('supplies.shipment.assigned');
    expect(await kindsOf(s.logistics2.user.id)).not.toContain('supplies.shipment.assigned');

    // The partner sees it in its list and departs it.
    const list = await s.logistics.agent.get(`${BASE}/shipments?state=pending`);
    expect(list.statusCode).toBe(200);
    expect((list.json() as { items: TShipmentListItem[] }).items.map((i) => i.id)).toContain(sh.id);
    const departed = await ok(s.logistics.agent, `${BASE}/shipments/${sh.id}/depart`, departBody());
    expect(departed.state).toBe('departed');
    expect(departed.vehiclePlate).toBe('沪A12345');
    expect(departed.driverName).toBe('王师傅');
    expect(departed.driverPhone).toBe('13800138000');
    expect(departed.disinfection).toEqual(['cargo_area', 'packaging', 'driver_protection', 'loaders_tested']);
    expect(departed.departedAt).not.toBeNull();
    expect(departed.actions).toEqual(['transit', 'deliver', 'fail', 'manifest']);
    expect(await balance(rice.id)).toEqual({
      onHand: before.rice.onHand - 10,
      reserved: before.rice.reserved,
      available: before.rice.onHand - 10 - before.rice.reserved,
    });
    const shippedEntries = await t.database.db
      .select()
      .from(supplyStockEntries)
      .where(and(eq(supplyStockEntries.shipmentId, sh.id), eq(supplyStockEntries.kind, 'shipped')))
      .orderBy(asc(supplyStockEntries.id));
    expect(shippedEntries.map((e) => [e.itemId, e.quantity, e.requestId])).toEqual([
      [rice.id, 10, req.id],
      [shirts.id, 45, req.id],
    ]);
    expect((await requestLines(t, req.id)).map((l) => [l.shipped, l.received, l.state])).toEqual([
      [10, 0, 'open'],
      [45, 0, 'open'],
    ]);

    // The unit follows it: driver phone masked, point phone in full, no actions.
    const unitView = await s.cadreA.agent.get(`${BASE}/shipments/${sh.id}`);
    expect(unitView.statusCode).toBe(200);
    expect(unitView.json()).toMatchObject({
      driverPhone: '138****8000',
      point: { contactPhone: s.pointA.contactPhone },
      actions: [],
    });
    const hubView = (await s.hubReviewer.agent.get(`${BASE}/shipments/${sh.id}`)).json() as TShipment;
    expect(hubView.driverPhone).toBe('13800138000');
    expect(hubView.actions).toEqual(['manifest']);

    const transit = await ok(s.logisticsMate.agent, `${BASE}/shipments/${sh.id}/transit`, {
      note: '已上高架',
    });
    expect(transit.state).toBe('in_transit');

    const photo = await uploadPhoto(s.logistics.agent, sh.id);
    expect(photo.statusCode, photo.body).toBe(201);
    const photoId = (photo.json() as { id: string }).id;
    const delivered = await ok(s.logistics.agent, `${BASE}/shipments/${sh.id}/deliver`, {
      ...fullDelivery(sh),
      photoFileId: photoId,
    });
    expect(delivered.state).toBe('delivered');
    expect(delivered.recipientName).toBe('李护士长');
    expect(delivered.lines.map((l) => l.received)).toEqual([10, 45]);
    expect(delivered.photoUrl).toBe(`/api/v1/supplies/shipments/${sh.id}/photo`);
    expect(delivered.actions).toEqual(['manifest']);
    expect(delivered.timeline.map((e) => e.event)).toEqual(['create', 'depart', 'transit', 'deliver']);
    expect(delivered.timeline.map((e) => [e.label, e.actor, e.note])).toEqual([
      ['生成配送单', '陈热线', '物流单位：申城示范物流有限公司'],
      ['出库（已消杀、司机核酸有效）', '孙物流', '车牌 沪A12345，司机 王师傅'],
      ['运输中', '周物流', '已上高架'],
      ['送达签收', '孙物流', '签收人 李护士长'],
    ]);

    const unitPhoto = await s.cadreA.agent.get(`${BASE}/shipments/${sh.id}/photo`);
    expect(unitPhoto.statusCode).toBe(200);
    expect(unitPhoto.headers['content-type']).toBe('image/png');
    expect((await s.logistics2.agent.get(`${BASE}/shipments/${sh.id}/photo`)).statusCode).toBe(404);

    const row = await requestRow(t, req.id);
    expect(row.state).toBe('completed');
    expect(row.completedAt).not.toBeNull();
    expect((await requestLines(t, req.id)).map((l) => [l.approved, l.shipped, l.received, l.state])).toEqual([
      [10, 10, 10, 'received'],
      [45, 45, 45, 'received'],
    ]);
    expect(await balance(rice.id)).toEqual({ onHand: 90, reserved: 0, available: 90 });
    expect(await balance(shirts.id)).toEqual({ onHand: 455, reserved: 0, available: 455 });
    const requestEvents = await t.database.db
      .select()
      .from(timelineEvents)
      .where(
        and(eq(timelineEvents.entityType, 'supplies.request'), eq(timelineEvents.entityId, String(req.id))),
      )
      .orderBy(asc(timelineEvents.id));
    expect(requestEvents.map((e) => [e.event, e.actorRole])).toEqual([
      ['dispatch', 'cadre'],
      ['complete', 'partner'],
    ]);

    const unitKinds = await kindsOf(s.cadreA.user.id);
    for (const k of [
      'supplies.request.dispatched',
      'supplies.shipment.departed',
      'supplies.shipment.delivered',
      'supplies.request.completed',
    ]) {
      expect(unitKinds).toContain(k);
    }
    const completedNote = (await inbox(s.cadreA.user.id)).find(
      (n) => n.kind === 'supplies.request.completed' && n.link === `/supplies/requests/${req.id}`,
    );
    expect(completedNote?.title).toBe(`您的物资需求 ${req.code} 已完成`);
  });

  it('lines of several requests for one point go on one shipment, with the most urgent urgency', async () => {
    const water = await freshItem(100);
    const r1 = await approved(s.pointA2, [{ item: water, quantity: 5 }], 'normal');
    const r2 = await approved(s.pointA2, [{ item: water, quantity: 7 }], 'urgent');
    const r3 = await approved(s.pointB, [{ item: water, quantity: 3 }], 'normal');
    const shipments = await dispatch([r3.id, r1.id, r2.id]);
    expect(
      shipments.map((x) => [x.point.id, x.urgency, x.lines.map((l) => [l.requestId, l.quantity])]),
    ).toEqual([
      [
        s.pointA2.id,
        'urgent',
        [
          [r1.id, 5],
          [r2.id, 7],
        ],
      ],
      [s.pointB.id, 'normal', [[r3.id, 3]]],
    ]);
    for (const r of [r1, r2, r3]) expect((await requestRow(t, r.id)).state).toBe('dispatching');
    // The district union's cadre hears of its own request only.
    const bNotes = (await inbox(s.cadreB.user.id)).filter((n) => n.kind === 'supplies.request.dispatched');
    expect(bNotes.map((n) => n.link)).toContain(`/supplies/requests/${r3.id}`);
    expect(bNotes.map((n) => n.link)).not.toContain(`/supplies/requests/${r1.id}`);
  });

  it('a short delivery stays visible per line; closing the short line completes the request', async () => {
    const rice = await freshItem(100);
    const water = await freshItem(100);
    const req = await approved(s.pointB, [
      { item: rice, quantity: 10, approved: 8 },
      { item: water, quantity: 5 },
    ]);
    const sh = await dispatchOne(req.id);
    expect(sh.lines.map((l) => l.quantity)).toEqual([8, 5]);
    await ok(s.logistics.agent, `${BASE}/shipments/${sh.id}/depart`, departBody());
    const riceLine = sh.lines[0]?.id ?? 0;
    const delivered = await ok(
      s.logistics.agent,
      `${BASE}/shipments/${sh.id}/deliver`,
      fullDelivery(sh, { [riceLine]: 6 }),
    );
    expect(delivered.lines.map((l) => [l.quantity, l.received])).toEqual([
      [8, 6],
      [5, 5],
    ]);
    expect((await requestRow(t, req.id)).state).toBe('dispatching');
    const lines = await requestLines(t, req.id);
    expect(lines.map((l) => [l.requested, l.approved, l.shipped, l.received, l.state])).toEqual([
      [10, 8, 8, 6, 'open'],
      [5, 5, 5, 5, 'received'],
    ]);
    // Nothing left to dispatch: what was loaded counts although 2 did not arrive.
    const again = await s.hubCadre.agent.post(`${BASE}/shipments`, {
      requestIds: [req.id],
      partnerOrgId: s.logisticsOrg.id,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('NOTHING_OUTSTANDING');

    const riceRequestLine = lines[0]?.id ?? 0;
    const url = `${BASE}/requests/${req.id}/lines/${riceRequestLine}/close`;
    const noReason = await s.hubCadre.agent.post(url, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details).toEqual([{ field: 'body.reason', message: '请填写关闭原因' }]);
    expect((await s.cadreB.agent.post(url, { reason: '运输途中破损' })).statusCode).toBe(403);
    expect((await s.hubReviewer.agent.post(url, { reason: '运输途中破损' })).statusCode).toBe(403);
    expect((await s.otherCadre.agent.post(url, { reason: '运输途中破损' })).statusCode).toBe(404);
    expect((await s.logistics.agent.post(url, { reason: '运输途中破损' })).statusCode).toBe(404);

    const closed = await s.hubCadre.agent.post(url, { reason: '运输途中破损 2 箱，不再补送' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toEqual({
      requestId: req.id,
      lineId: riceRequestLine,
      released: 0,
      requestState: 'completed',
    });
    const after = await requestLines(t, req.id);
    expect(
      after.map((l) => [l.requested, l.approved, l.shipped, l.received, l.state, l.closeReason]),
    ).toEqual([
      [10, 8, 8, 6, 'closed', '运输途中破损 2 箱，不再补送'],
      [5, 5, 5, 5, 'received', null],
    ]);
    expect((await requestRow(t, req.id)).state).toBe('completed');
    expect(await balance(rice.id)).toEqual({ onHand: 92, reserved: 0, available: 92 });
    const twice = await s.hubCadre.agent.post(url, { reason: '再次关闭' });
    expect(twice.statusCode).toBe(409);
  });

  it('closing a line not yet loaded releases its reservation; a line on a pending shipment cannot be closed', async () => {
    const rice = await freshItem(100);
    const shirts = await freshItem(100);
    const req = await approved(s.pointA, [
      { item: rice, quantity: 30 },
      { item: shirts, quantity: 12 },
    ]);
    const lines = await requestLines(t, req.id);
    const riceLine = lines[0]?.id ?? 0;
    const shirtLine = lines[1]?.id ?? 0;
    const close1 = await s.hubCadre.agent.post(`${BASE}/requests/${req.id}/lines/${riceLine}/close`, {
      reason: '供应商断货，改为下批次',
    });
    expect(close1.statusCode, close1.body).toBe(200);
    expect(close1.json()).toMatchObject({ released: 30, requestState: 'approved' });
    expect(await balance(rice.id)).toEqual({ onHand: 100, reserved: 0, available: 100 });
    const released = await t.database.db
      .select()
      .from(supplyStockEntries)
      .where(and(eq(supplyStockEntries.itemId, rice.id), eq(supplyStockEntries.kind, 'released')));
    expect(released.map((e) => [e.quantity, e.requestId, e.requestLineId])).toEqual([[30, req.id, riceLine]]);
    expect(await kindsOf(s.cadreA.user.id)).toContain('supplies.request.lineClosed');

    // The shirts go on a shipment: while it is pending the line cannot be closed.
    const sh = await dispatchOne(req.id);
    expect(sh.lines.map((l) => l.itemName)).toEqual([shirts.name]);
    const onRoad = await s.hubCadre.agent.post(`${BASE}/requests/${req.id}/lines/${shirtLine}/close`, {
      reason: '不需要了',
    });
    expect(onRoad.statusCode).toBe(409);
    expect(onRoad.json().error.code).toBe('LINE_ON_SHIPMENT');
    await ok(s.logistics.agent, `${BASE}/shipments/${sh.id}/depart`, departBody());
    await ok(s.logistics.agent, `${BASE}/shipments/${sh.id}/deliver`, fullDelivery(sh));
    const row = await requestRow(t, req.id);
    expect(row.state).toBe('completed');
    expect((await requestLines(t, req.id)).map((l) => l.state)).toEqual(['closed', 'received']);
  });
});

describe('through the request screens', () => {
  it('submitted by the hospital, approved reduced, delivered short, closed: the unit sees every step', async () => {
    const rice = await freshItem(100);
    const shirts = await freshItem(100);
    const submitted = await s.cadreA.agent.post(`${BASE}/requests`, {
      pointId: s.pointA.id,
      urgency: 'critical',
      staffServed: 45,
      note: '医疗队 45 人',
      lines: [
        { itemId: rice.id, quantity: 20 },
        { itemId: shirts.id, quantity: 45 },
      ],
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const r0 = submitted.json() as TRequest;
    const [riceLine, shirtLine] = r0.lines;
    const approvedRes = await s.hubReviewer.agent.post(`${BASE}/requests/${r0.id}/approve`, {
      lines: [
        { lineId: riceLine?.id, approved: 15, reason: '库存紧张，先发 15 箱' },
        { lineId: shirtLine?.id, approved: 45 },
      ],
    });
    expect(approvedRes.statusCode, approvedRes.body).toBe(200);
    expect(await balance(rice.id)).toEqual({ onHand: 100, reserved: 15, available: 85 });

    const sh = await dispatchOne(r0.id);
    expect(sh.urgency).toBe('critical');
    await ok(s.logistics.agent, `${BASE}/shipments/${sh.id}/depart`, departBody());
    await ok(s.logistics.agent, `${BASE}/shipments/${sh.id}/transit`, {});
    const riceShipLine = sh.lines.find((l) => l.requestLineId === riceLine?.id)?.id ?? 0;
    await ok(
      s.logistics.agent,
      `${BASE}/shipments/${sh.id}/deliver`,
      fullDelivery(sh, { [riceShipLine]: 12 }),
    );

    const mid = (await s.cadreA.agent.get(`${BASE}/requests/${r0.id}`)).json() as TRequest;
    expect(mid.state).toBe('dispatching');
    expect(mid.lines.map((l) => [l.requested, l.approved, l.shipped, l.received, l.state])).toEqual([
      [20, 15, 15, 12, 'open'],
      [45, 45, 45, 45, 'received'],
    ]);
    expect(mid.shipments.map((x) => [x.id, x.state, x.partner.name, x.vehiclePlate])).toEqual([
      [sh.id, 'delivered', '申城示范物流有限公司', '沪A12345'],
    ]);

    const closed = await s.hubCadre.agent.post(`${BASE}/requests/${r0.id}/lines/${riceLine?.id}/close`, {
      reason: '3 箱途中破损，不再补送',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const done = (await s.cadreA.agent.get(`${BASE}/requests/${r0.id}`)).json() as TRequest;
    expect(done.state).toBe('completed');
    expect(done.completedAt).not.toBeNull();
    expect(done.lines.map((l) => [l.state, l.closeReason])).toEqual([
      ['closed', '3 箱途中破损，不再补送'],
      ['received', null],
    ]);
    const steps = done.timeline.map((e) => e.event);
    expect(steps).toEqual([
      'create',
      'approve',
      'create',
      'dispatch',
      'depart',
      'transit',
      'deliver',
      'closeLine',
      'complete',
    ]);
    expect(await balance(rice.id)).toEqual({ onHand: 85, reserved: 0, available: 85 });
  });
});

describe('departure checks', () => {
  let sh: TShipment;
  let itemId: number;
  beforeAll(async () => {
    const item = await freshItem(50);
    itemId = item.id;
    sh = await dispatchOne((await approved(s.pointA, [{ item, quantity: 4 }])).id);
  });

  it('refuses an incomplete checklist, a stale or future test time, a bad plate or phone (400, Chinese)', async () => {
    const url = `${BASE}/shipments/${sh.id}/depart`;
    const checklist = await s.logistics.agent.post(
      url,
      departBody({ disinfection: ['cargo_area', 'packaging'] }),
    );
    expect(checklist.statusCode).toBe(400);
    expect(checklist.json().error.details).toEqual([
      {
        field: 'disinfection',
        message: '出库前须完成全部消杀项目，尚未完成：「司机防护（口罩、手套）」、「装卸人员核酸在有效期内」',
      },
    ]);
    const stale = await s.logistics.agent.post(
      url,
      departBody({ driverTestedAt: new Date(Date.now() - 49 * HOUR).toISOString() }),
    );
    expect(stale.statusCode).toBe(400);
    expect(stale.json().error.details).toEqual([
      { field: 'driverTestedAt', message: '司机核酸检测已超过 48 小时，请重新检测后再出库' },
    ]);
    const future = await s.logistics.agent.post(
      url,
      departBody({ driverTestedAt: new Date(Date.now() + 2 * HOUR).toISOString() }),
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details).toEqual([
      { field: 'driverTestedAt', message: '核酸检测时间不能晚于当前时间' },
    ]);
    const plate = await s.logistics.agent.post(url, departBody({ vehiclePlate: '沪12345' }));
    expect(plate.statusCode).toBe(400);
    expect(plate.json().error.details).toEqual([
      { field: 'body.vehiclePlate', message: '请输入正确的车牌号（如 沪A12345）' },
    ]);
    const phone = await s.logistics.agent.post(url, departBody({ driverPhone: '12345' }));
    expect(phone.statusCode).toBe(400);
    expect(phone.json().error.details).toEqual([
      { field: 'body.driverPhone', message: '请输入正确的 11 位手机号' },
    ]);
    const noDriver = await s.logistics.agent.post(url, departBody({ driverName: '' }));
    expect(noDriver.json().error.details).toEqual([{ field: 'body.driverName', message: '请填写司机姓名' }]);

    // Nothing moved.
    expect((await s.hubCadre.agent.get(`${BASE}/shipments/${sh.id}`)).json()).toMatchObject({
      state: 'pending',
      vehiclePlate: null,
      departedAt: null,
    });
    expect(await balance(itemId)).toEqual({ onHand: 50, reserved: 4, available: 46 });
  });

  it('a test 47 hours old is still valid; the hub cadre may depart too', async () => {
    const done = await ok(
      s.hubCadre.agent,
      `${BASE}/shipments/${sh.id}/depart`,
      departBody({
        driverTestedAt: new Date(Date.now() - 47 * HOUR).toISOString(),
        vehiclePlate: '沪AD12345',
      }),
    );
    expect(done.state).toBe('departed');
    expect(done.vehiclePlate).toBe('沪AD12345');
    expect(await balance(itemId)).toEqual({ onHand: 46, reserved: 0, available: 46 });
  });
});

describe('illegal transitions', () => {
  it('deliver or transit before departure, depart twice, anything after delivery: 409', async () => {
    const item = await freshItem(20);
    const sh = await dispatchOne((await approved(s.pointA, [{ item, quantity: 2 }])).id);
    const url = `${BASE}/shipments/${sh.id}`;
    const early = await s.logistics.agent.post(`${url}/deliver`, fullDelivery(sh));
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      message: '当前状态「待出库」不能执行「送达签收」',
    });
    expect((await s.logistics.agent.post(`${url}/transit`, {})).statusCode).toBe(409);
    await ok(s.logistics.agent, `${url}/depart`, departBody());
    const twice = await s.logistics.agent.post(`${url}/depart`, departBody());
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('ILLEGAL_TRANSITION');
    await ok(s.logistics.agent, `${url}/deliver`, fullDelivery(sh));
    for (const [action, body] of [
      ['depart', departBody()],
      ['transit', {}],
      ['deliver', fullDelivery(sh)],
      ['fail', { reason: '车辆故障' }],
    ] as const) {
      const res = await s.logistics.agent.post(`${url}/${action}`, body);
      expect(res.statusCode, action).toBe(409);
    }
    // Stock left once.
    expect(await balance(item.id)).toEqual({ onHand: 18, reserved: 0, available: 18 });
  });

  it('two logistics accounts racing to depart the same shipment: one wins, stock ships once', async () => {
    const item = await freshItem(20);
    const sh = await dispatchOne((await approved(s.pointA, [{ item, quantity: 3 }])).id);
    const url = `${BASE}/shipments/${sh.id}/depart`;
    const results = await Promise.all([
      s.logistics.agent.post(url, departBody()),
      s.logisticsMate.agent.post(url, departBody({ vehiclePlate: '沪B54321' })),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const shipped = await t.database.db
      .select()
      .from(supplyStockEntries)
      .where(and(eq(supplyStockEntries.itemId, item.id), eq(supplyStockEntries.kind, 'shipped')));
    expect(shipped.map((e) => e.quantity)).toEqual([3]);
    expect(await balance(item.id)).toEqual({ onHand: 17, reserved: 0, available: 17 });
    expect((await requestLines(t, sh.lines[0]?.requestId ?? 0)).map((l) => l.shipped)).toEqual([3]);
  });

  it('two cadres dispatching the same request at once: one shipment, the other finds nothing left', async () => {
    const item = await freshItem(20);
    const req = await approved(s.pointA, [{ item, quantity: 4 }]);
    const body = { requestIds: [req.id], partnerOrgId: s.logisticsOrg.id };
    const results = await Promise.all([
      s.hubCadre.agent.post(`${BASE}/shipments`, body),
      s.hubCadre.agent.post(`${BASE}/shipments`, { ...body, partnerOrgId: s.logistics2Org.id }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const loser = results.find((r) => r.statusCode === 409);
    expect(loser?.json().error.code).toBe('NOTHING_OUTSTANDING');
    const list = (await s.hubCadre.agent.get(`${BASE}/shipments?requestId=${req.id}`)).json();
    expect(list.total).toBe(1);
    const events = await t.database.db
      .select()
      .from(timelineEvents)
      .where(
        and(eq(timelineEvents.entityType, 'supplies.request'), eq(timelineEvents.entityId, String(req.id))),
      );
    expect(events.map((e) => e.event)).toEqual(['dispatch']);
  });

  it('refuses a delivery with a missing line, more than loaded, or a photo of another record', async () => {
    const a = await freshItem(20);
    const b = await freshItem(20);
    const sh = await dispatchOne(
      (
        await approved(s.pointA, [
          { item: a, quantity: 2 },
          { item: b, quantity: 3 },
        ])
      ).id,
    );
    const url = `${BASE}/shipments/${sh.id}`;
    await ok(s.logistics.agent, `${url}/depart`, departBody());
    const [la, lb] = sh.lines;
    const missing = await s.logistics.agent.post(`${url}/deliver`, {
      recipientName: '李护士长',
      lines: [{ shipmentLineId: la?.id, received: 2 }],
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual([
      { field: 'lines', message: '请填写配送单上每种物资的签收数量（未收到填 0）' },
    ]);
    const over = await s.logistics.agent.post(`${url}/deliver`, fullDelivery(sh, { [lb?.id ?? 0]: 4 }));
    expect(over.json().error.details).toEqual([
      { field: 'lines.1.received', message: '签收数量不能超过装车数量 3' },
    ]);
    const badPhoto = await s.logistics.agent.post(`${url}/deliver`, {
      ...fullDelivery(sh),
      photoFileId: '00000000-0000-4000-8000-000000000000',
    });
    expect(badPhoto.json().error.details).toEqual([
      { field: 'photoFileId', message: '签收照片须是为这张配送单上传的图片' },
    ]);
    const noName = await s.logistics.agent.post(`${url}/deliver`, { ...fullDelivery(sh), recipientName: '' });
    expect(noName.json().error.details).toEqual([{ field: 'body.recipientName', message: '请填写签收人' }]);
    expect((await s.hubCadre.agent.get(url)).json().state).toBe('departed');
  });
});

describe('exceptions', () => {
  it('a shipment failed before departure frees its quantities for a new dispatch', async () => {
    const item = await freshItem(30);
    const req = await approved(s.pointA, [{ item, quantity: 6 }]);
    const sh = await dispatchOne(req.id);
    const noReason = await s.logistics.agent.post(`${BASE}/shipments/${sh.id}/fail`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details).toEqual([{ field: 'body.reason', message: '请填写异常原因' }]);
    const failed = await ok(s.logistics.agent, `${BASE}/shipments/${sh.id}/fail`, {
      reason: '车辆故障，无法出车',
    });
    expect(failed.state).toBe('exception');
    expect(failed.exceptionReason).toBe('车辆故障，无法出车');
    expect(failed.actions).toEqual(['manifest']);
    expect(await kindsOf(s.cadreA.user.id)).toContain('supplies.shipment.exception');
    expect(await kindsOf(s.hubCadre.user.id)).toContain('supplies.shipment.exception');
    expect(await balance(item.id)).toEqual({ onHand: 30, reserved: 6, available: 24 });

    const [again] = await dispatch([req.id], s.logistics2Org.id);
    expect(again?.partner.id).toBe(s.logistics2Org.id);
    expect(again?.lines.map((l) => l.quantity)).toEqual([6]);
    expect((await requestRow(t, req.id)).state).toBe('dispatching');
  });

  it('a shipment failed on the road keeps its quantities shipped; the hub closes the line', async () => {
    const item = await freshItem(30);
    const req = await approved(s.pointA, [{ item, quantity: 6 }]);
    const sh = await dispatchOne(req.id);
    await ok(s.logistics.agent, `${BASE}/shipments/${sh.id}/depart`, departBody());
    await ok(s.hubCadre.agent, `${BASE}/shipments/${sh.id}/fail`, { reason: '途中交通事故，货物损毁' });
    expect(await kindsOf(s.logistics.user.id)).toContain('supplies.shipment.exception');
    const again = await s.hubCadre.agent.post(`${BASE}/shipments`, {
      requestIds: [req.id],
      partnerOrgId: s.logisticsOrg.id,
    });
    expect(again.statusCode).toBe(409);
    const lineId = (await requestLines(t, req.id))[0]?.id;
    const closed = await s.hubCadre.agent.post(`${BASE}/requests/${req.id}/lines/${lineId}/close`, {
      reason: '货物损毁，已另行补发',
    });
    expect(closed.json()).toMatchObject({ released: 0, requestState: 'completed' });
    expect(await balance(item.id)).toEqual({ onHand: 24, reserved: 0, available: 24 });
  });
});

describe('退回入库 (a shipment failed on the road whose goods came back)', () => {
  /** A request of `quantity` of a fresh item (stock 30), dispatched, departed, failed on the road. */
  async function failedOnRoad(quantity = 6) {
    const item = await freshItem(30);
    const req = await approved(s.pointA, [{ item, quantity }]);
    const sh = await dispatchOne(req.id);
    await ok(s.logistics.agent, `${BASE}/shipments/${sh.id}/depart`, departBody());
    await ok(s.logistics.agent, `${BASE}/shipments/${sh.id}/fail`, { reason: '通行证过期，车辆在道口被拦' });
    return { item, req, sh };
  }

  it('puts the goods back in stock for their request, which is dispatched again and delivered', async () => {
    const { item, req, sh } = await failedOnRoad();
    expect(await balance(item.id)).toEqual({ onHand: 24, reserved: 0, available: 24 });
    const seenByHub = (await s.hubCadre.agent.get(`${BASE}/shipments/${sh.id}`)).json() as TShipment;
    expect(seenByHub.actions).toEqual(['restock', 'manifest']);
    const seenByPartner = (await s.logistics.agent.get(`${BASE}/shipments/${sh.id}`)).json() as TShipment;
    expect(seenByPartner.actions).toEqual(['manifest']);
    // Nothing outstanding while the goods are away.
    const early = await s.hubCadre.agent.post(`${BASE}/shipments`, {
      requestIds: [req.id],
      partnerOrgId: s.logisticsOrg.id,
    });
    expect(early.statusCode).toBe(409);

    const back = await ok(s.hubCadre.agent, `${BASE}/shipments/${sh.id}/restock`, {
      note: '已运回仓库，清点无损',
    });
    expect(back.state).toBe('returned');
    expect(back.actions).toEqual(['manifest']);
    expect(back.exceptionReason).toBe('通行证过期，车辆在道口被拦');
    expect(await balance(item.id)).toEqual({ onHand: 30, reserved: 6, available: 24 });
    expect((await requestLines(t, req.id))[0]).toMatchObject({ shipped: 0, received: 0, state: 'open' });
    const ledger = await t.database.db
      .select()
      .from(supplyStockEntries)
      .where(eq(supplyStockEntries.shipmentId, sh.id))
      .orderBy(asc(supplyStockEntries.seq));
    expect(ledger.map((e) => [e.kind, e.quantity, e.reason])).toEqual([
      ['shipped', 6, `配送单 ${sh.code} 出库`],
      ['received', 6, `配送单 ${sh.code} 异常，物资退回入库`],
      ['reserved', 6, `配送单 ${sh.code} 异常，物资退回入库`],
    ]);
    const steps = await t.database.db
      .select()
      .from(timelineEvents)
      .where(
        and(eq(timelineEvents.entityType, 'supplies.shipment'), eq(timelineEvents.entityId, String(sh.id))),
      )
      .orderBy(asc(timelineEvents.id));
    expect(steps.at(-1)).toMatchObject({
      event: 'restock',
      toState: 'returned',
      note: '已运回仓库，清点无损',
    });
    const told = (await inbox(s.cadreA.user.id)).filter((n) => n.kind === 'supplies.shipment.returned');
    expect(told.map((n) => n.title)).toEqual([`您的物资需求 ${req.code} 的物资已退回枢纽`]);

    // Returned twice: the second is refused and the stock is counted once.
    const twice = await s.hubCadre.agent.post(`${BASE}/shipments/${sh.id}/restock`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toBe('当前状态「已退回入库」不能执行「退回入库」');
    expect(await balance(item.id)).toEqual({ onHand: 30, reserved: 6, available: 24 });

    // 改派: the request goes out again, with another partner, and completes on delivery.
    const [again] = await dispatch([req.id], s.logistics2Org.id);
    if (!again) throw new Error('no shipment');
    expect(again.lines.map((l) => l.quantity)).toEqual([6]);
    await ok(s.logistics2.agent, `${BASE}/shipments/${again.id}/depart`, departBody());
    await ok(s.logistics2.agent, `${BASE}/shipments/${again.id}/deliver`, fullDelivery(again));
    expect((await requestRow(t, req.id)).state).toBe('completed');
    expect(await balance(item.id)).toEqual({ onHand: 24, reserved: 0, available: 24 });
    const seenByUnit = (await s.cadreA.agent.get(`${BASE}/requests/${req.id}`)).json() as TRequest;
    expect(seenByUnit.lines[0]).toMatchObject({ shipped: 6, received: 6 });
  });

  it('only the hub may take goods back; a shipment that never left has nothing to return', async () => {
    const { item, sh } = await failedOnRoad();
    const post = (agent: Agent) => agent.post(`${BASE}/shipments/${sh.id}/restock`, {});
    const partner = await post(s.logistics.agent);
    expect(partner.statusCode).toBe(403);
    expect(partner.json().error.message).toBe('只有枢纽工会可以将物资退回入库');
    expect((await post(s.cadreA.agent)).statusCode).toBe(403);
    expect((await post(s.otherCadre.agent)).statusCode).toBe(404);
    expect((await post(s.cadreB.agent)).statusCode).toBe(404);
    expect(await balance(item.id)).toEqual({ onHand: 24, reserved: 0, available: 24 });

    const tooLong = await s.hubCadre.agent.post(`${BASE}/shipments/${sh.id}/restock`, {
      note: '长'.repeat(301),
    });
    expect(tooLong.statusCode).toBe(400);

    const other = await freshItem(30);
    const req = await approved(s.pointA, [{ item: other, quantity: 4 }]);
    const idle = await dispatchOne(req.id);
    await ok(s.logistics.agent, `${BASE}/shipments/${idle.id}/fail`, { reason: '车辆故障，无法出车' });
    const never = await s.hubCadre.agent.post(`${BASE}/shipments/${idle.id}/restock`, {});
    expect(never.statusCode).toBe(409);
    expect(never.json().error.code).toBe('NOTHING_TO_RETURN');
    expect(await balance(other.id)).toEqual({ onHand: 30, reserved: 4, available: 26 });
    const delivered = await dispatchOne((await approved(s.pointA, [{ item: other, quantity: 2 }])).id);
    await ok(s.logistics.agent, `${BASE}/shipments/${delivered.id}/depart`, departBody());
    await ok(s.logistics.agent, `${BASE}/shipments/${delivered.id}/deliver`, fullDelivery(delivered));
    expect((await s.hubCadre.agent.post(`${BASE}/shipments/${delivered.id}/restock`, {})).statusCode).toBe(
      409,
    );
  });

  it('goods of a line the hub closed meanwhile come back as free stock', async () => {
    const { item, req, sh } = await failedOnRoad();
    const lineId = (await requestLines(t, req.id))[0]?.id;
    const closed = await s.hubCadre.agent.post(`${BASE}/requests/${req.id}/lines/${lineId}/close`, {
      reason: '以为货物损毁，已另行补发',
    });
    expect(closed.json()).toMatchObject({ released: 0, requestState: 'completed' });
    await ok(s.hubCadre.agent, `${BASE}/shipments/${sh.id}/restock`, {});
    expect(await balance(item.id)).toEqual({ onHand: 30, reserved: 0, available: 30 });
    expect((await requestRow(t, req.id)).state).toBe('completed');
    expect((await requestLines(t, req.id))[0]).toMatchObject({ shipped: 0, state: 'closed' });
  });

  it('two cadres returning the same shipment at once put the goods back once', async () => {
    const { item, sh } = await failedOnRoad();
    const mate = await buildUser(t, { org: s.hub, role: 'cadre', displayName: '赵库管' });
    const mateAgent = await loginAs(t, mate);
    const [a, b] = await Promise.all([
      s.hubCadre.agent.post(`${BASE}/shipments/${sh.id}/restock`, {}),
      mateAgent.post(`${BASE}/shipments/${sh.id}/restock`, {}),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(await balance(item.id)).toEqual({ onHand: 30, reserved: 6, available: 24 });
  });
});

describe('dispatch refusals', () => {
  it('refuses a non-logistics partner org, a request not approved, nothing outstanding, the wrong people', async () => {
    const item = await freshItem(30);
    const req = await approved(s.pointA, [{ item, quantity: 2 }]);
    const post = (body: unknown, agent = s.hubCadre.agent) => agent.post(`${BASE}/shipments`, body);

    const supplier = await post({ requestIds: [req.id], partnerOrgId: s.supplierOrg.id });
    expect(supplier.statusCode).toBe(400);
    expect(supplier.json().error.details).toEqual([
      { field: 'partnerOrgId', message: '请选择本工会的物流合作单位（须为在用的物流企业）' },
    ]);
    const unit = await post({ requestIds: [req.id], partnerOrgId: s.unitA.id });
    expect(unit.statusCode).toBe(400);

    const submitted = await buildRequest(t, s, {
      point: s.pointA,
      lines: [{ item, quantity: 1 }],
      state: 'submitted',
    });
    const notApproved = await post({ requestIds: [submitted.id], partnerOrgId: s.logisticsOrg.id });
    expect(notApproved.statusCode).toBe(409);
    expect(notApproved.json().error).toMatchObject({
      code: 'REQUEST_NOT_APPROVED',
      message: `需求 ${submitted.code} 当前状态为「待审核」，审核通过后才能派单`,
    });

    const empty = await post({ requestIds: [], partnerOrgId: s.logisticsOrg.id });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details).toEqual([{ field: 'body.requestIds', message: '请选择要派送的需求' }]);

    expect(
      (await post({ requestIds: [req.id], partnerOrgId: s.logisticsOrg.id }, s.hubReviewer.agent)).statusCode,
    ).toBe(403);
    expect(
      (await post({ requestIds: [req.id], partnerOrgId: s.logisticsOrg.id }, s.logistics.agent)).statusCode,
    ).toBe(403);
    expect(
      (await post({ requestIds: [req.id], partnerOrgId: s.logisticsOrg.id }, s.cadreA.agent)).statusCode,
    ).toBe(404);
    expect(
      (await post({ requestIds: [req.id], partnerOrgId: s.logisticsOrg.id }, s.otherCadre.agent)).statusCode,
    ).toBe(404);
    expect((await post({ requestIds: [999_999], partnerOrgId: s.logisticsOrg.id })).statusCode).toBe(404);

    await dispatch([req.id]);
    const nothing = await post({ requestIds: [req.id], partnerOrgId: s.logisticsOrg.id });
    expect(nothing.statusCode).toBe(409);
    expect(nothing.json().error).toMatchObject({
      code: 'NOTHING_OUTSTANDING',
      message: '所选需求没有待派送的物资（已全部装车或已关闭）',
    });
  });

  it('lists the hub’s logistics partners for dispatch; partners and units cannot', async () => {
    const res = await s.hubCadre.agent.get(`${BASE}/shipments/partners`);
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: { id: number; name: string }[] }).items;
    expect(items.sort((a, b) => a.id - b.id)).toEqual([
      { id: s.logisticsOrg.id, name: '申城示范物流有限公司' },
      { id: s.logistics2Org.id, name: '沪通速运有限公司' },
    ]);
    expect((await s.logistics.agent.get(`${BASE}/shipments/partners`)).statusCode).toBe(403);
    expect((await s.hubReviewer.agent.get(`${BASE}/shipments/partners`)).statusCode).toBe(403);
  });
});

describe('partner isolation', () => {
  let sh: TShipment;
  let shB: TShipment;
  beforeAll(async () => {
    const item = await freshItem(30);
    sh = await dispatchOne((await approved(s.pointA, [{ item, quantity: 2 }])).id);
    shB = await dispatchOne((await approved(s.pointB, [{ item, quantity: 2 }])).id);
  });

  it('the second logistics org sees none of the first’s shipments: list empty, detail and actions 404', async () => {
    const other = s.logistics2.agent;
    // It has shipments of its own only from the exception test; none of the first org's.
    const list = (await other.get(`${BASE}/shipments?pageSize=100`)).json() as { items: TShipmentListItem[] };
    expect(list.items.every((i) => i.partner.id === s.logistics2Org.id)).toBe(true);
    const mine = (await s.logistics.agent.get(`${BASE}/shipments?pageSize=100`)).json() as {
      items: TShipmentListItem[];
      total: number;
    };
    expect(mine.items.map((i) => i.id)).toContain(sh.id);
    expect(mine.items.every((i) => i.partner.id === s.logisticsOrg.id)).toBe(true);
    const filtered = (await other.get(`${BASE}/shipments?partnerOrgId=${s.logisticsOrg.id}`)).json();
    expect(filtered).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });

    expect((await other.get(`${BASE}/shipments/${sh.id}`)).statusCode).toBe(404);
    expect((await other.get(`${BASE}/shipments/${sh.id}/manifest.xlsx`)).statusCode).toBe(404);
    for (const [action, body] of [
      ['depart', departBody()],
      ['transit', {}],
      ['deliver', fullDelivery(sh)],
      ['fail', { reason: '抢单测试' }],
    ] as const) {
      expect((await other.post(`${BASE}/shipments/${sh.id}/${action}`, body)).statusCode, action).toBe(404);
    }
    expect((await s.logistics.agent.get(`${BASE}/shipments/${sh.id}`)).json().state).toBe('pending');
  });

  it('a supplier partner gets 403; a unit of another hub 404; a unit sees only its own points', async () => {
    expect((await s.supplier.agent.get(`${BASE}/shipments`)).statusCode).toBe(403);
    expect((await s.supplier.agent.get(`${BASE}/shipments/${sh.id}`)).statusCode).toBe(403);
    expect((await s.supplier.agent.post(`${BASE}/shipments/${sh.id}/depart`, departBody())).statusCode).toBe(
      403,
    );

    const otherList = (await s.otherCadre.agent.get(`${BASE}/shipments`)).json();
    expect(otherList.total).toBe(0);
    expect((await s.otherCadre.agent.get(`${BASE}/shipments/${sh.id}`)).statusCode).toBe(404);
    expect(
      (await s.otherCadre.agent.post(`${BASE}/shipments/${sh.id}/depart`, departBody())).statusCode,
    ).toBe(404);

    const bList = (await s.cadreB.agent.get(`${BASE}/shipments?pageSize=100`)).json() as {
      items: TShipmentListItem[];
    };
    expect(bList.items.map((i) => i.id)).toContain(shB.id);
    expect(bList.items.every((i) => i.unitName === '浦东新区医务工会')).toBe(true);
    expect((await s.cadreB.agent.get(`${BASE}/shipments/${sh.id}`)).statusCode).toBe(404);
    // The unit sees its shipment but may not move it or fetch the manifest.
    expect((await s.cadreB.agent.post(`${BASE}/shipments/${shB.id}/depart`, departBody())).statusCode).toBe(
      403,
    );
    expect((await s.cadreB.agent.get(`${BASE}/shipments/${shB.id}/manifest.xlsx`)).statusCode).toBe(403);

    const hubList = (await s.hubReviewer.agent.get(`${BASE}/shipments?pageSize=100`)).json() as {
      items: TShipmentListItem[];
    };
    expect(hubList.items.map((i) => i.id)).toEqual(expect.arrayContaining([sh.id, shB.id]));
    const byRequest = (
      await s.hubCadre.agent.get(`${BASE}/shipments?requestId=${sh.lines[0]?.requestId}`)
    ).json();
    expect(byRequest.items.map((i: TShipmentListItem) => i.id)).toEqual([sh.id]);
    const byCode = (await s.hubCadre.agent.get(`${BASE}/shipments?q=${encodeURIComponent(shB.code)}`)).json();
    expect(
      byCode.items.map((i: TShipmentListItem) => [i.id, i.pointName, i.lineCount, i.totalQuantity]),
    ).toEqual([[shB.id, '浦东方舱医院', 1, 2]]);
  });

  it('the partner downloads the manifest (装车清单) with the lines, the point and its contact', async () => {
    const res = await s.logistics.agent.get(`${BASE}/shipments/${sh.id}/manifest.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`装车清单-${sh.code}.xlsx`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const lines = wb.getWorksheet('装车清单');
    expect(lines?.getRow(2).values).toEqual([
      undefined,
      1,
      sh.lines[0]?.requestCode,
      sh.lines[0]?.itemName,
      undefined,
      '箱',
      2,
    ]);
    const info = wb.getWorksheet('配送信息');
    const pairs = new Map<string, unknown>();
    info?.eachRow((row) => {
      pairs.set(String(row.getCell(1).value), row.getCell(2).value);
    });
    expect(pairs.get('配送单号')).toBe(sh.code);
    expect(pairs.get('配送点位')).toBe('第一示范医院门诊楼（定点医院）');
    expect(pairs.get('联系人')).toBe('李护士长');
    expect(pairs.get('联系电话')).toBe(s.pointA.contactPhone);
  });
});
