import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildOrg,
  buildUser,
  createTestApp,
  loginAs,
  onPostgres,
  type TestApp,
  type TestOrg,
  type TestUser,
} from '../../../../test/app.ts';
import type { TRequest, TReviewPreview } from '../../../shared/supplies.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/context.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { postStockEntries, stockOf } from './stock.service.ts';
import { supplyItems, supplyPoints, supplyRequestLines, supplyStockEntries } from './supplies.table.ts';

let t: TestApp;
let hub: TestOrg;
let unitA: TestOrg;
let unitB: TestOrg;
let otherHub: TestOrg;
let hubCadreUser: TestUser;
let hubCadre: Agent;
let hubCadre2: Agent;
let hubReviewer: Agent;
let unitCadreUser: TestUser;
let unitCadre: Agent;
let unitBCadre: Agent;
let otherCadre: Agent;
let supplier: Agent;
let logistics: Agent;
let logisticsOrg: TestOrg;
let pointA: number;
let pointB: number;
let rice: number;
let shirts: number;
let water: number;

const BASE = '/api/v1/supplies';

const ctxOfFixture = (): Ctx => ({ db: t.database.db, actor: null, ip: null, deps: t.app.deps });

async function receive(itemId: number, quantity: number) {
  await t.database.db.transaction(async (tx) => {
    await postStockEntries(withTx(ctxOfFixture(), tx), [{ itemId, kind: 'received', quantity }]);
  });
}

async function item(owner: TestOrg, name: string, stock: number, limit: number | null = null, unit = '箱') {
  const [row] = await t.database.db
    .insert(supplyItems)
    .values({
      hubOrgId: owner.id,
      hubOrgPath: owner.path,
      source: 'union_purchase',
      name,
      category: 'food',
      unit,
      unitValueFen: 1_000,
      perRequestLimit: limit,
    })
    .returning({ id: supplyItems.id });
  if (!row) throw new Error('item insert failed');
  if (stock > 0) await receive(row.id, stock);
  return row.id;
}

async function point(org: TestOrg, name: string) {
  const [row] = await t.database.db
    .insert(supplyPoints)
    .values({
      orgId: org.id,
      orgPath: org.path,
      name,
      kind: 'designated_hospital',
      address: '上海市黄浦区示范路1号',
      contactName: '李护士长',
      contactPhoneEnc: t.app.deps.vault.encrypt('13912340000'),
    })
    .returning({ id: supplyPoints.id });
  if (!row) throw new Error('point insert failed');
  return row.id;
}

beforeAll(async () => {
  t = await createTestApp();
  const root = await buildOrg(t, { name: '上海市总工会', type: 'provincial' });
  hub = await buildOrg(t, { name: '上海市医务工会', type: 'industry', parent: root });
  unitA = await buildOrg(t, { name: '第一示范医院工会', type: 'grassroots', parent: hub });
  unitB = await buildOrg(t, { name: '浦东新区医务工会', type: 'county', parent: hub });
  otherHub = await buildOrg(t, { name: '上海市教育工会', type: 'industry', parent: root });
  const supplierOrg = await buildOrg(t, { name: '申城示范供应链有限公司', type: 'supplier', parent: hub });
  hubCadreUser = await buildUser(t, { org: hub, role: 'cadre', displayName: '陈热线' });
  hubCadre = await loginAs(t, hubCadreUser);
  hubCadre2 = await loginAs(t, await buildUser(t, { org: hub, role: 'cadre', displayName: '王审核' }));
  hubReviewer = await loginAs(t, await buildUser(t, { org: hub, role: 'reviewer' }));
  unitCadreUser = await buildUser(t, { org: unitA, role: 'cadre', displayName: '李干事' });
  unitCadre = await loginAs(t, unitCadreUser);
  unitBCadre = await loginAs(t, await buildUser(t, { org: unitB, role: 'cadre' }));
  otherCadre = await loginAs(t, await buildUser(t, { org: otherHub, role: 'cadre' }));
  supplier = await loginAs(t, await buildUser(t, { org: supplierOrg, role: 'partner' }));
  logisticsOrg = await buildOrg(t, { name: '申城示范物流有限公司', type: 'logistics', parent: hub });
  logistics = await loginAs(
    t,
    await buildUser(t, { org: logisticsOrg, role: 'partner', displayName: '物流张师傅' }),
  );
  pointA = await point(unitA, '第一示范医院门诊楼');
  pointB = await point(unitB, '浦东方舱医院');
  rice = await item(hub, '自热米饭', 100, 60);
  shirts = await item(hub, '短袖T恤', 500, null, '件');
  water = await item(hub, '矿泉水', 10);
  await item(otherHub, '教师慰问包', 10);
});
afterAll(async () => {
  await t.close();
});

async function submit(
  agent: Agent,
  lines: { itemId: number; quantity: number }[],
  pointId = pointA,
): Promise<TRequest> {
  const res = await agent.post(`${BASE}/requests`, { pointId, urgency: 'urgent', staffServed: 45, lines });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TRequest;
}

const lineOf = (r: TRequest, itemId: number) => {
  const l = r.lines.find((x) => x.item.id === itemId);
  if (!l) throw new Error(`no line for item ${itemId}`);
  return l;
};

const stock = async (itemId: number) => (await stockOf(t.database.db, [itemId])).get(itemId);

describe('review preview', () => {
  it('shows available stock and suggested quantities (min of requested, available, limit)', async () => {
    const r = await submit(unitCadre, [
      { itemId: rice, quantity: 50 },
      { itemId: water, quantity: 10 },
      { itemId: shirts, quantity: 20 },
    ]);
    // Another approved request holds 4 of the 10 bottles of water.
    const other = await submit(unitBCadre, [{ itemId: water, quantity: 4 }], pointB);
    const ok = await hubCadre.post(`${BASE}/requests/${other.id}/approve`, {
      lines: [{ lineId: other.lines[0]?.id, approved: 4 }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const res = await hubReviewer.get(`${BASE}/requests/${r.id}/review-preview`);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as TReviewPreview;
    expect(p.requestId).toBe(r.id);
    expect(p.shortage).toBe(true);
    expect(
      p.lines.map((l) => [l.itemName, l.requested, l.available, l.perRequestLimit, l.suggested, l.shortage]),
    ).toEqual([
      ['自热米饭', 50, 100, 60, 50, false],
      ['矿泉水', 10, 6, null, 6, true],
      ['短袖T恤', 20, 500, null, 20, false],
    ]);
    // The unit cannot preview (it is not the hub).
    expect((await unitCadre.get(`${BASE}/requests/${r.id}/review-preview`)).statusCode).toBe(404);
    expect((await otherCadre.get(`${BASE}/requests/${r.id}/review-preview`)).statusCode).toBe(404);
    // Tidy: give the water back for later tests.
    const rej = await hubCadre.post(`${BASE}/requests/${r.id}/reject`, { reason: '测试完毕，不予配给' });
    expect(rej.statusCode, rej.body).toBe(200);
  });
});

describe('approving', () => {
  it('approves in full: lines approved, stock reserved through the ledger, unit notified', async () => {
    const before = await stock(shirts);
    const r = await submit(unitCadre, [{ itemId: shirts, quantity: 30 }]);
    expect(r.actions).toContain('withdraw');
    expect(r.actions).not.toContain('review');
    const seen = (await hubCadre.get(`${BASE}/requests/${r.id}`)).json() as TRequest;
    expect(seen.actions).toContain('review');
    const res = await hubCadre.post(`${BASE}/requests/${r.id}/approve`, {
      lines: [{ lineId: lineOf(r, shirts).id, approved: 30 }],
      note: '按需配给',
    });
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json() as TRequest;
    expect(a.state).toBe('approved');
    expect(a.reviewNote).toBe('按需配给');
    expect(a.reviewedAt).not.toBeNull();
    expect(lineOf(a, shirts)).toMatchObject({
      requested: 30,
      approved: 30,
      shipped: 0,
      received: 0,
      state: 'open',
    });
    expect(a.valueFen).toBe(30_000);
    expect(a.timeline.map((e) => e.event)).toEqual(['create', 'approve']);
    expect(a.timeline[1]).toMatchObject({ label: '审核通过，预留库存', actor: '陈热线', note: '按需配给' });
    const entries = await t.database.db
      .select()
      .from(supplyStockEntries)
      .where(and(eq(supplyStockEntries.requestId, r.id)));
    expect(entries.map((e) => [e.kind, e.quantity, e.itemId, e.requestLineId])).toEqual([
      ['reserved', 30, shirts, lineOf(r, shirts).id],
    ]);
    const after = await stock(shirts);
    expect(after).toEqual({
      onHand: before?.onHand,
      reserved: (before?.reserved ?? 0) + 30,
      available: (before?.available ?? 0) - 30,
    });
    const inbox = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, unitCadreUser.id));
    expect(
      inbox.some((n) => n.kind === 'supplies.request.approved' && n.link === `/supplies/requests/${r.id}`),
    ).toBe(true);
    // And the hub heard of the submission.
    const hubInbox = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, hubCadreUser.id));
    expect(
      hubInbox.some(
        (n) => n.kind === 'supplies.request.submitted' && n.link === `/supplies/requests/${r.id}`,
      ),
    ).toBe(true);
  });

  it('approves with reduced quantities (a reason is required) and closes lines approved 0', async () => {
    const r = await submit(unitCadre, [
      { itemId: rice, quantity: 40 },
      { itemId: shirts, quantity: 10 },
    ]);
    const riceLine = lineOf(r, rice).id;
    const shirtLine = lineOf(r, shirts).id;
    const noReason = await hubCadre.post(`${BASE}/requests/${r.id}/approve`, {
      lines: [
        { lineId: riceLine, approved: 25 },
        { lineId: shirtLine, approved: 10 },
      ],
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details).toEqual([
      { field: 'lines.0.reason', message: '核减数量时请填写原因' },
    ]);
    const tooMany = await hubCadre.post(`${BASE}/requests/${r.id}/approve`, {
      lines: [
        { lineId: riceLine, approved: 41 },
        { lineId: shirtLine, approved: 10 },
      ],
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.details[0]).toEqual({
      field: 'lines.0.approved',
      message: '审核数量不能超过申请数量 40',
    });
    const missing = await hubCadre.post(`${BASE}/requests/${r.id}/approve`, {
      lines: [{ lineId: riceLine, approved: 40 }],
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0]).toEqual({
      field: 'lines',
      message: '请为每一种物资填写审核数量',
    });
    const allZero = await hubCadre.post(`${BASE}/requests/${r.id}/approve`, {
      lines: [
        { lineId: riceLine, approved: 0, reason: '无' },
        { lineId: shirtLine, approved: 0, reason: '无' },
      ],
    });
    expect(allZero.statusCode).toBe(400);
    expect(allZero.json().error.details[0].field).toBe('lines');
    const negative = await hubCadre.post(`${BASE}/requests/${r.id}/approve`, {
      lines: [
        { lineId: riceLine, approved: -1 },
        { lineId: shirtLine, approved: 10 },
      ],
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.details[0]).toMatchObject({ message: '数量不能为负' });
    // Nothing was reserved by the refused attempts.
    expect(
      await t.database.db.select().from(supplyStockEntries).where(eq(supplyStockEntries.requestId, r.id)),
    ).toEqual([]);

    const before = await stock(rice);
    const res = await hubCadre.post(`${BASE}/requests/${r.id}/approve`, {
      lines: [
        { lineId: riceLine, approved: 25, reason: '库存优先保障方舱医院' },
        { lineId: shirtLine, approved: 0, reason: '本周已配发' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json() as TRequest;
    expect(lineOf(a, rice)).toMatchObject({
      requested: 40,
      approved: 25,
      state: 'open',
      reduceReason: '库存优先保障方舱医院',
      closeReason: null,
    });
    expect(lineOf(a, shirts)).toMatchObject({
      requested: 10,
      approved: 0,
      state: 'closed',
      reduceReason: '本周已配发',
      closeReason: '本周已配发',
    });
    expect(a.valueFen).toBe(25_000);
    const entries = await t.database.db
      .select({
        kind: supplyStockEntries.kind,
        itemId: supplyStockEntries.itemId,
        q: supplyStockEntries.quantity,
      })
      .from(supplyStockEntries)
      .where(eq(supplyStockEntries.requestId, r.id))
      .orderBy(asc(supplyStockEntries.id));
    expect(entries).toEqual([{ kind: 'reserved', itemId: rice, q: 25 }]);
    expect((await stock(rice))?.available).toBe((before?.available ?? 0) - 25);
    // It shows as short in the list.
    const list = (await unitCadre.get(`${BASE}/requests?pageSize=100`)).json();
    expect(list.items.find((i: { id: number }) => i.id === r.id).short).toBe(true);
  });

  it('refuses a shortage with 409 STOCK_SHORTAGE and what is available; nothing is written', async () => {
    const r = await submit(unitCadre, [{ itemId: water, quantity: 8 }]);
    const res = await hubCadre.post(`${BASE}/requests/${r.id}/approve`, {
      lines: [{ lineId: lineOf(r, water).id, approved: 8 }],
    });
    expect(res.statusCode).toBe(409);
    const err = res.json().error;
    expect(err.code).toBe('STOCK_SHORTAGE');
    expect(err.details.items).toEqual([
      { itemId: water, name: '矿泉水', unit: '箱', available: 6, onHand: 10, reserved: 4, wanted: 8 },
    ]);
    const again = (await hubCadre.get(`${BASE}/requests/${r.id}`)).json() as TRequest;
    expect(again.state).toBe('submitted');
    expect(lineOf(again, water).approved).toBeNull();
    const ok = await hubCadre.post(`${BASE}/requests/${r.id}/approve`, {
      lines: [{ lineId: lineOf(r, water).id, approved: 6, reason: '库存仅剩 6 箱' }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await stock(water)).toEqual({ onHand: 10, reserved: 10, available: 0 });
  });

  it('a hospital cadre cannot review its own request although it is a cadre; other hubs see nothing', async () => {
    const r = await submit(unitCadre, [{ itemId: shirts, quantity: 5 }]);
    const body = { lines: [{ lineId: lineOf(r, shirts).id, approved: 5 }] };
    // The unit's cadre sits below the hub: the hub is outside its subtree.
    expect((await unitCadre.post(`${BASE}/requests/${r.id}/approve`, body)).statusCode).toBe(404);
    expect(
      (await unitCadre.post(`${BASE}/requests/${r.id}/reject`, { reason: '自己不通过' })).statusCode,
    ).toBe(404);
    expect((await otherCadre.post(`${BASE}/requests/${r.id}/approve`, body)).statusCode).toBe(404);
    expect((await supplier.post(`${BASE}/requests/${r.id}/approve`, body)).statusCode).toBe(403);
    expect((await unitCadre.get(`${BASE}/requests/${r.id}`)).json().state).toBe('submitted');
    // A reviewer of the hub may.
    const res = await hubReviewer.post(`${BASE}/requests/${r.id}/approve`, body);
    expect(res.statusCode, res.body).toBe(200);
  });

  it('rejects with a reason; the unit is told; illegal transitions are 409', async () => {
    const r = await submit(unitCadre, [{ itemId: shirts, quantity: 5 }]);
    const short = await hubCadre.post(`${BASE}/requests/${r.id}/reject`, { reason: '' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0]).toMatchObject({
      field: 'body.reason',
      message: '请填写不通过的理由',
    });
    const res = await hubCadre.post(`${BASE}/requests/${r.id}/reject`, { reason: '该物资仅供一线医护' });
    expect(res.statusCode, res.body).toBe(200);
    const rejected = res.json() as TRequest;
    expect(rejected).toMatchObject({ state: 'rejected', rejectReason: '该物资仅供一线医护' });
    expect(rejected.timeline.at(-1)).toMatchObject({
      event: 'reject',
      label: '审核未通过',
      note: '该物资仅供一线医护',
    });
    const inbox = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, unitCadreUser.id));
    expect(
      inbox.some((n) => n.kind === 'supplies.request.rejected' && n.body === '理由：该物资仅供一线医护'),
    ).toBe(true);
    const body = { lines: [{ lineId: lineOf(r, shirts).id, approved: 5 }] };
    const late = await hubCadre.post(`${BASE}/requests/${r.id}/approve`, body);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('ILLEGAL_TRANSITION');
    expect(
      (await hubCadre.post(`${BASE}/requests/${r.id}/reject`, { reason: '再次不通过' })).statusCode,
    ).toBe(409);
  });

  it('approve twice → 409; approve after withdraw → 409; nothing reserved twice', async () => {
    const r = await submit(unitCadre, [{ itemId: shirts, quantity: 7 }]);
    const body = { lines: [{ lineId: lineOf(r, shirts).id, approved: 7 }] };
    expect((await hubCadre.post(`${BASE}/requests/${r.id}/approve`, body)).statusCode).toBe(200);
    const twice = await hubCadre.post(`${BASE}/requests/${r.id}/approve`, body);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('ILLEGAL_TRANSITION');
    // Withdrawing an approved request is refused too.
    expect((await unitCadre.post(`${BASE}/requests/${r.id}/withdraw`, {})).statusCode).toBe(409);
    const entries = await t.database.db
      .select()
      .from(supplyStockEntries)
      .where(eq(supplyStockEntries.requestId, r.id));
    expect(entries).toHaveLength(1);

    const w = await submit(unitCadre, [{ itemId: shirts, quantity: 7 }]);
    expect(
      (await unitCadre.post(`${BASE}/requests/${w.id}/withdraw`, { note: '已自行采购' })).statusCode,
    ).toBe(200);
    const after = await hubCadre.post(`${BASE}/requests/${w.id}/approve`, {
      lines: [{ lineId: lineOf(w, shirts).id, approved: 7 }],
    });
    expect(after.statusCode).toBe(409);
    expect(after.json().error.message).toContain('已撤回');
    expect(
      await t.database.db.select().from(supplyStockEntries).where(eq(supplyStockEntries.requestId, w.id)),
    ).toEqual([]);
  });

  it('two cadres approving the same request at once: exactly one 200, one 409, reserved once', async () => {
    const r = await submit(unitCadre, [{ itemId: shirts, quantity: 9 }]);
    const before = await stock(shirts);
    const body = { lines: [{ lineId: lineOf(r, shirts).id, approved: 9 }] };
    const results = await Promise.all([
      hubCadre.post(`${BASE}/requests/${r.id}/approve`, body),
      hubCadre2.post(`${BASE}/requests/${r.id}/approve`, body),
    ]);
    expect(results.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    const entries = await t.database.db
      .select()
      .from(supplyStockEntries)
      .where(eq(supplyStockEntries.requestId, r.id));
    expect(entries.map((e) => e.quantity)).toEqual([9]);
    expect((await stock(shirts))?.reserved).toBe((before?.reserved ?? 0) + 9);
    const lines = await t.database.db
      .select()
      .from(supplyRequestLines)
      .where(eq(supplyRequestLines.requestId, r.id));
    expect(lines.map((l) => l.approved)).toEqual([9]);
  });
});

describe('after approval: the unit follows its shipments', () => {
  it('detail shows shipments, shipped/received per line and the merged timeline; short when received less', async () => {
    const r = await submit(unitCadre, [
      { itemId: shirts, quantity: 20 },
      { itemId: rice, quantity: 5 },
    ]);
    const approved = await hubCadre.post(`${BASE}/requests/${r.id}/approve`, {
      lines: [
        { lineId: lineOf(r, shirts).id, approved: 20 },
        { lineId: lineOf(r, rice).id, approved: 5 },
      ],
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((approved.json() as TRequest).actions).toEqual(['dispatch', 'closeLine', 'copy']);
    const dispatched = await hubCadre.post(`${BASE}/shipments`, {
      requestIds: [r.id],
      partnerOrgId: logisticsOrg.id,
    });
    expect(dispatched.statusCode, dispatched.body).toBe(201);
    const shipment = dispatched.json().shipments[0] as {
      id: number;
      code: string;
      lines: { id: number; requestLineId: number }[];
    };
    const afterDispatch = (await unitCadre.get(`${BASE}/requests/${r.id}`)).json() as TRequest;
    expect(afterDispatch.state).toBe('dispatching');
    expect(afterDispatch.shipments).toEqual([
      {
        id: shipment.id,
        code: shipment.code,
        state: 'pending',
        partner: { id: logisticsOrg.id, name: '申城示范物流有限公司' },
        vehiclePlate: null,
        departedAt: null,
        deliveredAt: null,
      },
    ]);
    const hubAfter = (await hubCadre.get(`${BASE}/requests/${r.id}`)).json() as TRequest;
    expect(hubAfter.actions).toEqual(['closeLine', 'copy']);
    const depart = await logistics.post(`${BASE}/shipments/${shipment.id}/depart`, {
      vehiclePlate: '沪A12345',
      driverName: '张师傅',
      driverPhone: '13900001111',
      driverTestedAt: new Date(Date.now() - 3_600_000).toISOString(),
      disinfection: ['cargo_area', 'packaging', 'driver_protection', 'loaders_tested'],
    });
    expect(depart.statusCode, depart.body).toBe(200);
    const shirtShipLine = shipment.lines.find((l) => l.requestLineId === lineOf(r, shirts).id);
    const riceShipLine = shipment.lines.find((l) => l.requestLineId === lineOf(r, rice).id);
    const deliver = await logistics.post(`${BASE}/shipments/${shipment.id}/deliver`, {
      recipientName: '李护士长',
      lines: [
        { shipmentLineId: shirtShipLine?.id, received: 18 },
        { shipmentLineId: riceShipLine?.id, received: 5 },
      ],
    });
    expect(deliver.statusCode, deliver.body).toBe(200);
    const d = (await unitCadre.get(`${BASE}/requests/${r.id}`)).json() as TRequest;
    expect(lineOf(d, shirts)).toMatchObject({
      requested: 20,
      approved: 20,
      shipped: 20,
      received: 18,
      state: 'open',
    });
    expect(lineOf(d, rice)).toMatchObject({
      requested: 5,
      approved: 5,
      shipped: 5,
      received: 5,
      state: 'received',
    });
    expect(d.shipments[0]).toMatchObject({ state: 'delivered', vehiclePlate: '沪A12345' });
    expect(d.shipments[0]?.departedAt).not.toBeNull();
    expect(d.shipments[0]?.deliveredAt).not.toBeNull();
    const events = d.timeline.map((e) => e.label);
    expect(events[0]).toBe('提报物资需求');
    expect(events[1]).toBe('审核通过，预留库存');
    expect(events).toContain('派单物流配送');
    expect(events).toContain(`配送单 ${shipment.code} 出库（已消杀、司机核酸有效）`);
    expect(events).toContain(`配送单 ${shipment.code} 送达签收`);
    const times = d.timeline.map((e) => e.at);
    expect(times).toEqual([...times].sort());
    // Closing the short line completes the request; it stays marked short in the list.
    const close = await hubCadre.post(`${BASE}/requests/${r.id}/lines/${lineOf(r, shirts).id}/close`, {
      reason: '途中破损 2 件',
    });
    expect(close.statusCode, close.body).toBe(200);
    const done = (await unitCadre.get(`${BASE}/requests/${r.id}`)).json() as TRequest;
    expect(done.state).toBe('completed');
    expect(done.completedAt).not.toBeNull();
    expect(done.timeline.find((e) => e.event === 'closeLine')).toMatchObject({ label: '关闭需求明细' });
    const list = (await unitCadre.get(`${BASE}/requests?state=completed`)).json();
    expect(list.items.find((i: { id: number }) => i.id === r.id)).toMatchObject({ short: true });
  });
});

describe.runIf(onPostgres)('the stock race on PostgreSQL', () => {
  it('30 requests for one scarce item approved concurrently never reserve more than on hand', async () => {
    const scarce = await item(hub, '防护面罩', 50);
    const requests: TRequest[] = [];
    for (let i = 0; i < 30; i++)
      requests.push(
        await submit(
          i % 2 ? unitCadre : unitBCadre,
          [{ itemId: scarce, quantity: 4 }],
          i % 2 ? pointA : pointB,
        ),
      );
    const results = await Promise.all(
      requests.map((r, i) =>
        (i % 2 ? hubCadre : hubCadre2).post(`${BASE}/requests/${r.id}/approve`, {
          lines: [{ lineId: r.lines[0]?.id, approved: 4 }],
        }),
      ),
    );
    const ok = results.filter((r) => r.statusCode === 200);
    const failed = results.filter((r) => r.statusCode !== 200);
    expect(ok).toHaveLength(12);
    for (const f of failed) {
      expect(f.statusCode).toBe(409);
      expect(f.json().error.code).toBe('STOCK_SHORTAGE');
    }
    const s = await stock(scarce);
    expect(s).toEqual({ onHand: 50, reserved: 48, available: 2 });
    const entries = await t.database.db
      .select()
      .from(supplyStockEntries)
      .where(eq(supplyStockEntries.itemId, scarce))
      .orderBy(asc(supplyStockEntries.seq));
    // Every entry keeps available ≥ 0 and the running balances add up.
    let reserved = 0;
    for (const e of entries) {
      if (e.kind === 'reserved') reserved += e.quantity;
      expect(e.onHandAfter - e.reservedAfter).toBeGreaterThanOrEqual(0);
      expect(e.reservedAfter).toBe(reserved);
    }
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(reserved).toBe(ok.length * 4);
  });
});
