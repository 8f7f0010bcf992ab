import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildOrg,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
  type TestOrg,
} from '../../../../test/app.ts';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import type {
  LineState,
  RequestState,
  ShipmentState,
  TSuppliesStats,
  Urgency,
} from '../../../shared/supplies.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import {
  supplyItems,
  supplyPoints,
  supplyRequestLines,
  supplyRequests,
  supplyShipmentLines,
  supplyShipments,
} from './supplies.table.ts';

/**
 * 物资统计: a known set of requests, lines and shipments inserted straight into the tables (the
 * figures depend only on states, quantities and the submitted / completed times), then exact KPIs,
 * medians, breakdowns, Beijing-day buckets, scoping and the export.
 */

let t: TestApp;
let root: TestOrg;
let hub: TestOrg;
let hospA: TestOrg;
let district: TestOrg;
let hospD1: TestOrg;
let supplier: TestOrg;
let logistics: TestOrg;
let otherHub: TestOrg;
let hospX: TestOrg;
let hubCadre: Agent;
let hubAuditor: Agent;
let hospCadre: Agent;
let otherCadre: Agent;
let rootAdmin: Agent;
let supplierPartner: Agent;
let logisticsPartner: Agent;
let hospWorker: Agent;
const item: Record<'mask' | 'noodles' | 'tshirt' | 'xMask', number> = {
  mask: 0,
  noodles: 0,
  tshirt: 0,
  xMask: 0,
};
const point: Record<'PA' | 'PA2' | 'PD' | 'PD1' | 'PX', { id: number; org: TestOrg }> = {} as never;

const STATS = '/api/v1/supplies/stats';
const MARCH = 'from=2026-03-01&to=2026-03-31';

let codeSeq = 0;
interface LineSpec {
  item: number;
  requested: number;
  approved?: number | null;
  shipped?: number;
  received?: number;
  state?: LineState;
  /** Shipments carrying this line: [shipment key, quantity, received]. */
  on?: [string, number, number | null][];
}
const shipmentIds = new Map<string, number>();

async function shipment(key: string, p: { id: number; org: TestOrg }, state: ShipmentState, hubOrg = hub) {
  codeSeq += 1;
  const [s] = await t.database.db
    .insert(supplyShipments)
    .values({
      code: `PSTEST-${codeSeq}`,
      hubOrgId: hubOrg.id,
      hubOrgPath: hubOrg.path,
      partnerOrgId: logistics.id,
      pointId: p.id,
      unitOrgPath: p.org.path,
      state,
      urgency: 'normal',
      deliveredAt: state === 'delivered' ? new Date('2026-03-05T00:00:00Z') : null,
    })
    .returning({ id: supplyShipments.id });
  if (!s) throw new Error('shipment insert failed');
  shipmentIds.set(key, s.id);
}

async function request(r: {
  p: { id: number; org: TestOrg };
  state: RequestState;
  urgency: Urgency;
  staff: number;
  submitted: string;
  completed?: string;
  lines: LineSpec[];
  hubOrg?: TestOrg;
}) {
  codeSeq += 1;
  const h = r.hubOrg ?? hub;
  const [row] = await t.database.db
    .insert(supplyRequests)
    .values({
      code: `XQTEST-${codeSeq}`,
      orgId: r.p.org.id,
      orgPath: r.p.org.path,
      hubOrgId: h.id,
      hubOrgPath: h.path,
      pointId: r.p.id,
      state: r.state,
      urgency: r.urgency,
      staffServed: r.staff,
      channel: 'online',
      submittedAt: new Date(r.submitted),
      completedAt: r.completed ? new Date(r.completed) : null,
    })
    .returning({ id: supplyRequests.id });
  if (!row) throw new Error('request insert failed');
  for (const l of r.lines) {
    const [line] = await t.database.db
      .insert(supplyRequestLines)
      .values({
        requestId: row.id,
        itemId: l.item,
        requested: l.requested,
        approved: l.approved ?? null,
        shipped: l.shipped ?? 0,
        received: l.received ?? 0,
        state: l.state ?? 'open',
      })
      .returning({ id: supplyRequestLines.id });
    if (!line) throw new Error('line insert failed');
    for (const [key, quantity, received] of l.on ?? []) {
      const shipmentId = shipmentIds.get(key);
      if (!shipmentId) throw new Error(`no shipment ${key}`);
      await t.database.db.insert(supplyShipmentLines).values({
        shipmentId,
        requestId: row.id,
        requestLineId: line.id,
        itemId: l.item,
        quantity,
        received,
      });
    }
  }
  return row.id;
}

async function addItem(h: TestOrg, name: string, unit: string, fen: number, supplierOrg: TestOrg | null) {
  const [row] = await t.database.db
    .insert(supplyItems)
    .values({
      hubOrgId: h.id,
      hubOrgPath: h.path,
      supplierOrgId: supplierOrg?.id ?? null,
      source: supplierOrg ? 'partner' : 'union_purchase',
      name,
      category: 'daily',
      unit,
      unitValueFen: fen,
    })
    .returning({ id: supplyItems.id });
  if (!row) throw new Error('item insert failed');
  return row.id;
}

async function addPoint(org: TestOrg, name: string) {
  const [row] = await t.database.db
    .insert(supplyPoints)
    .values({
      orgId: org.id,
      orgPath: org.path,
      name,
      kind: 'designated_hospital',
      address: '上海市黄浦区示范路 1 号',
      contactName: '张老师',
      contactPhoneEnc: t.app.deps.vault.encrypt('13800000000'),
    })
    .returning({ id: supplyPoints.id });
  if (!row) throw new Error('point insert failed');
  return { id: row.id, org };
}

async function stats(agent: Agent, query: string): Promise<TSuppliesStats> {
  const res = await agent.get(`${STATS}?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as TSuppliesStats;
}

/**
 * The known dataset under 上海市医务工会 (hub), period 2026-03-01 … 2026-03-31 (times in UTC; Beijing
 * is UTC+8). Items: 口罩 100 元 and T恤 20 元 from the supplier, 方便面 50 元 bought by the union.
 *   R1 hospA/PA  特急 30 人, completed after 4 h: 口罩 10/10/10, 方便面 5/5/5 on SH1 (delivered).
 *   R2 hospA/PA2 特急 20 人, completed after 10 h: 口罩 20 asked, 15 approved (short), 15 on SH2.
 *   R3 hospD1    急 45 人, submitted 03-04 16:30 UTC (= 03-05 Beijing), completed after 48 h: T恤
 *                45/45 with 40 signed for on SH3, line closed (short); 方便面 2 approved 0 (short).
 *   R4 hospD1    一般 10 人, dispatching: 方便面 10 on SH4 in transit; T恤 6 on SH8 delivered with 5
 *                signed for, line still open (short).
 *   R5 district  一般 5 人, approved: 口罩 3, nothing shipped.
 *   R6 hospA     急, submitted 03-31 15:59 UTC (23:59 Beijing, still March): T恤 8.
 *   R7 hospA     一般, rejected: 口罩 100.   R8 hospA 急, withdrawn: 方便面 1.
 *   R9 hospA     特急 6 人, submitted 02-28 16:00 UTC (= 03-01 00:00 Beijing), completed after 8 h:
 *                方便面 4 on SH5 delivered.
 *   R10 hospA    submitted 02-28 15:59 UTC (= 02-28 Beijing, outside), completed 03-01: only the
 *                per-day completions count it.
 *   R11 hospX    another hub's subtree: never counted.
 *   R12 hospA    一般 12 人, completed after 30 h with its line closed, nothing delivered (SH7 failed
 *                before leaving): short, no staff served.
 */
beforeAll(async () => {
  t = await createTestApp();
  root = await buildOrg(t, { name: '全国总工会' });
  hub = await buildOrg(t, { name: '上海市医务工会', type: 'municipal', parent: root });
  hospA = await buildOrg(t, { name: '上海市第一示范医院工会', type: 'grassroots', parent: hub });
  district = await buildOrg(t, { name: '浦东新区医务工会', type: 'county', parent: hub });
  hospD1 = await buildOrg(t, { name: '浦东示范医院工会', type: 'grassroots', parent: district });
  supplier = await buildOrg(t, { name: '申城示范供应链有限公司', type: 'supplier', parent: hub });
  logistics = await buildOrg(t, { name: '申城示范物流有限公司', type: 'logistics', parent: hub });
  otherHub = await buildOrg(t, { name: '北京市医务工会', type: 'municipal', parent: root });
  hospX = await buildOrg(t, { name: '北京示范医院工会', type: 'grassroots', parent: otherHub });

  hubCadre = await loginAs(t, await buildUser(t, { org: hub, role: 'cadre' }));
  hubAuditor = await loginAs(t, await buildUser(t, { org: hub, role: 'auditor' }));
  hospCadre = await loginAs(t, await buildUser(t, { org: hospA, role: 'cadre' }));
  otherCadre = await loginAs(t, await buildUser(t, { org: otherHub, role: 'cadre' }));
  rootAdmin = await loginAs(t, await buildUser(t, { org: root, role: 'admin' }));
  supplierPartner = await loginAs(t, await buildUser(t, { org: supplier, role: 'partner' }));
  logisticsPartner = await loginAs(t, await buildUser(t, { org: logistics, role: 'partner' }));
  hospWorker = await loginAs(t, await buildUser(t, { org: hospA, role: 'worker' }));

  item.mask = await addItem(hub, '医用外科口罩', '箱', 10_000, supplier);
  item.noodles = await addItem(hub, '方便面', '箱', 5_000, null);
  item.tshirt = await addItem(hub, '短袖T恤', '件', 2_000, supplier);
  item.xMask = await addItem(otherHub, '口罩', '箱', 99_900, null);
  point.PA = await addPoint(hospA, '第一示范医院');
  point.PA2 = await addPoint(hospA, '第一示范医院医疗队驻地');
  point.PD = await addPoint(district, '浦东新区医务工会');
  point.PD1 = await addPoint(hospD1, '浦东示范医院');
  point.PX = await addPoint(hospX, '北京示范医院');

  await shipment('SH1', point.PA, 'delivered');
  await shipment('SH2', point.PA2, 'delivered');
  await shipment('SH3', point.PD1, 'delivered');
  await shipment('SH4', point.PD1, 'in_transit');
  await shipment('SH5', point.PA, 'delivered');
  await shipment('SH6', point.PA2, 'delivered');
  await shipment('SH7', point.PA, 'exception');
  await shipment('SH8', point.PD1, 'delivered');
  await shipment('SHX', point.PX, 'delivered', otherHub);

  const got = (n: number) => ({ approved: n, shipped: n, received: n, state: 'received' as const });
  await request({
    p: point.PA,
    state: 'completed',
    urgency: 'critical',
    staff: 30,
    submitted: '2026-03-02T01:00:00Z',
    completed: '2026-03-02T05:00:00Z',
    lines: [
      { item: item.mask, requested: 10, ...got(10), on: [['SH1', 10, 10]] },
      { item: item.noodles, requested: 5, ...got(5), on: [['SH1', 5, 5]] },
    ],
  });
  await request({
    p: point.PA2,
    state: 'completed',
    urgency: 'critical',
    staff: 20,
    submitted: '2026-03-03T00:00:00Z',
    completed: '2026-03-03T10:00:00Z',
    lines: [{ item: item.mask, requested: 20, ...got(15), on: [['SH2', 15, 15]] }],
  });
  await request({
    p: point.PD1,
    state: 'completed',
    urgency: 'urgent',
    staff: 45,
    submitted: '2026-03-04T16:30:00Z',
    completed: '2026-03-06T16:30:00Z',
    lines: [
      {
        item: item.tshirt,
        requested: 45,
        approved: 45,
        shipped: 45,
        received: 40,
        state: 'closed',
        on: [['SH3', 45, 40]],
      },
      { item: item.noodles, requested: 2, approved: 0, state: 'closed' },
    ],
  });
  await request({
    p: point.PD1,
    state: 'dispatching',
    urgency: 'normal',
    staff: 10,
    submitted: '2026-03-10T02:00:00Z',
    lines: [
      { item: item.noodles, requested: 10, approved: 10, shipped: 10, on: [['SH4', 10, null]] },
      { item: item.tshirt, requested: 6, approved: 6, shipped: 6, received: 5, on: [['SH8', 6, 5]] },
    ],
  });
  await request({
    p: point.PD,
    state: 'approved',
    urgency: 'normal',
    staff: 5,
    submitted: '2026-03-10T03:00:00Z',
    lines: [{ item: item.mask, requested: 3, approved: 3 }],
  });
  await request({
    p: point.PA,
    state: 'submitted',
    urgency: 'urgent',
    staff: 8,
    submitted: '2026-03-31T15:59:00Z',
    lines: [{ item: item.tshirt, requested: 8 }],
  });
  await request({
    p: point.PA,
    state: 'rejected',
    urgency: 'normal',
    staff: 100,
    submitted: '2026-03-15T00:00:00Z',
    lines: [{ item: item.mask, requested: 100 }],
  });
  await request({
    p: point.PA,
    state: 'withdrawn',
    urgency: 'urgent',
    staff: 1,
    submitted: '2026-03-15T01:00:00Z',
    lines: [{ item: item.noodles, requested: 1 }],
  });
  await request({
    p: point.PA,
    state: 'completed',
    urgency: 'critical',
    staff: 6,
    submitted: '2026-02-28T16:00:00Z',
    completed: '2026-03-01T00:00:00Z',
    lines: [{ item: item.noodles, requested: 4, ...got(4), on: [['SH5', 4, 4]] }],
  });
  await request({
    p: point.PA2,
    state: 'completed',
    urgency: 'normal',
    staff: 3,
    submitted: '2026-02-28T15:59:00Z',
    completed: '2026-03-01T02:00:00Z',
    lines: [{ item: item.mask, requested: 1, ...got(1), on: [['SH6', 1, 1]] }],
  });
  await request({
    p: point.PX,
    hubOrg: otherHub,
    state: 'completed',
    urgency: 'critical',
    staff: 50,
    submitted: '2026-03-05T00:00:00Z',
    completed: '2026-03-05T01:00:00Z',
    lines: [{ item: item.xMask, requested: 7, ...got(7), on: [['SHX', 7, 7]] }],
  });
  await request({
    p: point.PA,
    state: 'completed',
    urgency: 'normal',
    staff: 12,
    submitted: '2026-03-20T00:00:00Z',
    completed: '2026-03-21T06:00:00Z',
    lines: [{ item: item.mask, requested: 5, approved: 5, state: 'closed', on: [['SH7', 5, null]] }],
  });
});
afterAll(async () => {
  await t?.close();
});

describe('物资统计 GET /supplies/stats', () => {
  it('counts the period exactly: KPIs, states, urgencies with their medians', async () => {
    const s = await stats(hubCadre, MARCH);
    expect(s.from).toBe('2026-03-01');
    expect(s.to).toBe('2026-03-31');
    expect(s.org).toEqual({ id: hub.id, name: '上海市医务工会' });
    expect(s.totals).toEqual({
      requests: 10,
      completed: 5,
      pointsServed: 3, // PA, PA2, PD1
      staffServed: 30 + 20 + 45 + 10 + 6,
      quantityDelivered: 15 + 15 + 40 + 5 + 4,
      valueDeliveredFen: 125_000 + 150_000 + 80_000 + 10_000 + 20_000,
      medianHoursToDelivery: 10, // 4, 8, 10, 30, 48
      shortLines: 5, // R2 口罩, R3 T恤 and 方便面, R4 T恤, R12 口罩
    });
    expect(s.byState).toEqual([
      { state: 'submitted', count: 1 },
      { state: 'approved', count: 1 },
      { state: 'dispatching', count: 1 },
      { state: 'completed', count: 5 },
      { state: 'rejected', count: 1 },
      { state: 'withdrawn', count: 1 },
    ]);
    expect(s.byUrgency).toEqual([
      { urgency: 'critical', count: 3, medianHoursToDelivery: 8 },
      { urgency: 'urgent', count: 3, medianHoursToDelivery: 48 },
      { urgency: 'normal', count: 4, medianHoursToDelivery: 30 },
    ]);
  });

  it('interpolates the median of an even count and is null when nothing completed', async () => {
    const two = await stats(hubCadre, 'from=2026-03-02&to=2026-03-03'); // R1 4 h, R2 10 h
    expect(two.totals).toMatchObject({ requests: 2, completed: 2, medianHoursToDelivery: 7 });
    expect(two.byUrgency[0]).toEqual({ urgency: 'critical', count: 2, medianHoursToDelivery: 7 });
    expect(two.byUrgency[1]?.medianHoursToDelivery).toBeNull();
    const none = await stats(hubCadre, 'from=2026-03-10&to=2026-03-15');
    expect(none.totals).toEqual({
      requests: 4,
      completed: 0,
      pointsServed: 1,
      staffServed: 10,
      quantityDelivered: 5,
      valueDeliveredFen: 10_000,
      medianHoursToDelivery: null,
      shortLines: 1,
    });
    const empty = await stats(hubCadre, 'from=2025-01-01&to=2025-01-31');
    expect(empty.totals.requests).toBe(0);
    expect(empty.bySupplier).toEqual([]);
    expect(empty.topItems).toEqual([]);
    expect(empty.byUnit).toEqual([]);
    expect(empty.byDay).toHaveLength(31);
  });

  it('breaks down delivered value per supplier, top items (not counting rejected or withdrawn requests) and per unit', async () => {
    const s = await stats(hubCadre, MARCH);
    expect(s.bySupplier).toEqual([
      {
        supplier: { id: supplier.id, name: '申城示范供应链有限公司' },
        quantityDelivered: 25 + 45,
        valueDeliveredFen: 25 * 10_000 + 45 * 2_000,
      },
      { supplier: null, quantityDelivered: 9, valueDeliveredFen: 45_000 },
    ]);
    expect(s.topItems).toEqual([
      // R7's 100 口罩 (rejected) and R8's 1 方便面 (withdrawn) are not demand.
      { itemId: item.tshirt, name: '短袖T恤', unit: '件', requested: 59, approved: 51, received: 45 },
      { itemId: item.mask, name: '医用外科口罩', unit: '箱', requested: 38, approved: 33, received: 25 },
      { itemId: item.noodles, name: '方便面', unit: '箱', requested: 21, approved: 19, received: 9 },
    ]);
    expect(s.byUnit).toEqual([
      {
        org: { id: hospA.id, name: hospA.name },
        requests: 7,
        completed: 4,
        quantityDelivered: 34,
        valueDeliveredFen: 295_000,
      },
      {
        org: { id: hospD1.id, name: hospD1.name },
        requests: 2,
        completed: 1,
        quantityDelivered: 45,
        valueDeliveredFen: 90_000,
      },
      {
        org: { id: district.id, name: district.name },
        requests: 1,
        completed: 0,
        quantityDelivered: 0,
        valueDeliveredFen: 0,
      },
    ]);
  });

  it('buckets by Beijing day: submissions by submission day, completions by completion day', async () => {
    const s = await stats(hubCadre, MARCH);
    expect(s.byDay).toHaveLength(31);
    expect(s.byDay[0]).toEqual({ day: '2026-03-01', requests: 1, completed: 2 }); // R9; R9 and R10 done
    const nonZero = s.byDay.filter((d) => d.requests > 0 || d.completed > 0);
    expect(nonZero).toEqual([
      { day: '2026-03-01', requests: 1, completed: 2 },
      { day: '2026-03-02', requests: 1, completed: 1 },
      { day: '2026-03-03', requests: 1, completed: 1 },
      { day: '2026-03-05', requests: 1, completed: 0 }, // R3 at 00:30 Beijing
      { day: '2026-03-07', requests: 0, completed: 1 }, // R3 done at 00:30 Beijing
      { day: '2026-03-10', requests: 2, completed: 0 },
      { day: '2026-03-15', requests: 2, completed: 0 },
      { day: '2026-03-20', requests: 1, completed: 0 },
      { day: '2026-03-21', requests: 0, completed: 1 },
      { day: '2026-03-31', requests: 1, completed: 0 }, // R6 at 23:59 Beijing
    ]);
    expect(s.byDay.reduce((n, d) => n + d.requests, 0)).toBe(s.totals.requests);
  });

  it('scopes to the subtree: a district union, a hospital, the whole tree', async () => {
    const d = await stats(hubCadre, `orgId=${district.id}&${MARCH}`);
    expect(d.org).toEqual({ id: district.id, name: '浦东新区医务工会' });
    expect(d.totals).toEqual({
      requests: 3,
      completed: 1,
      pointsServed: 1,
      staffServed: 55,
      quantityDelivered: 45,
      valueDeliveredFen: 90_000,
      medianHoursToDelivery: 48,
      shortLines: 3,
    });
    expect(d.byUnit.map((u) => u.org.id)).toEqual([hospD1.id, district.id]);

    const own = await stats(hospCadre, MARCH);
    expect(own.org.id).toBe(hospA.id);
    expect(own.totals).toMatchObject({ requests: 7, completed: 4, pointsServed: 2, quantityDelivered: 34 });
    expect(own.totals.medianHoursToDelivery).toBe(9); // 4, 8, 10, 30

    const all = await stats(rootAdmin, MARCH);
    expect(all.totals).toMatchObject({ requests: 11, completed: 6, pointsServed: 4 });
    expect(all.totals.valueDeliveredFen).toBe(385_000 + 7 * 99_900);
    expect((await stats(hubAuditor, MARCH)).totals.requests).toBe(10);
    expect((await stats(otherCadre, MARCH)).totals.requests).toBe(1);
  });

  it('refuses orgs outside the subtree (404), partners and workers (403), anonymous (401)', async () => {
    expect((await otherCadre.get(`${STATS}?orgId=${hub.id}`)).statusCode).toBe(404);
    expect((await otherCadre.get(`${STATS}/export?orgId=${hospA.id}`)).statusCode).toBe(404);
    expect((await hospCadre.get(`${STATS}?orgId=${hub.id}`)).statusCode).toBe(404);
    expect((await hospCadre.get(`${STATS}?orgId=${hospD1.id}`)).statusCode).toBe(404);
    expect((await hubCadre.get(`${STATS}?orgId=999999`)).statusCode).toBe(404);
    for (const partner of [supplierPartner, logisticsPartner]) {
      expect((await partner.get(STATS)).statusCode).toBe(403);
      expect((await partner.get(`${STATS}?orgId=${hub.id}`)).statusCode).toBe(403);
      expect((await partner.get(`${STATS}/export`)).statusCode).toBe(403);
    }
    expect((await hospWorker.get(STATS)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: STATS })).statusCode).toBe(401);
  });

  it('rejects a bad period with a Chinese field message', async () => {
    const reversed = await hubCadre.get(`${STATS}?from=2026-03-31&to=2026-03-01`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toMatchObject({
      error: { details: [{ field: 'from', message: '起始日期不能晚于结束日期' }] },
    });
    const long = await hubCadre.get(`${STATS}?from=2025-01-01&to=2026-01-02`);
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('统计期最长 366 天');
    expect((await hubCadre.get(`${STATS}/export?from=2026-03-31&to=2026-03-01`)).statusCode).toBe(400);
    expect((await hubCadre.get(`${STATS}?from=2026-13-01`)).statusCode).toBe(400);
    expect((await hubCadre.get(`${STATS}?from=yesterday`)).statusCode).toBe(400);
    // A whole leap year is allowed.
    expect((await stats(hubCadre, 'from=2024-01-01&to=2024-12-31')).byDay).toHaveLength(366);
  });

  it('defaults to the last 90 days up to today (Beijing)', async () => {
    const today = beijingDay(new Date());
    const s = await stats(hubCadre, '');
    expect(s.to).toBe(today);
    expect(s.from).toBe(addDays(today, -89));
    expect(s.byDay).toHaveLength(90);
    const fromOnly = await stats(hubCadre, 'from=2026-03-01');
    expect([fromOnly.from, fromOnly.to]).toEqual(['2026-03-01', '2026-05-29']);
  });
});

describe('物资统计 export GET /supplies/stats/export', () => {
  it('writes every block to its sheet with Chinese headers and audits the export', async () => {
    const res = await hubCadre.get(`${STATS}/export?${MARCH}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('物资统计'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '总览',
      '按状态',
      '按紧急程度',
      '按供应单位',
      '物资排行',
      '按单位',
      '每日',
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
    expect(value('需求数')).toBe(10);
    expect(summary.find((r) => r[0] === '物资排行（种）')).toEqual([
      '物资排行（种）',
      3,
      '物资排行：按申请数量排序的前 10 种物资，不含未通过和已撤回的需求',
    ]);
    expect(value('服务点位')).toBe(3);
    expect(value('送达价值（元）')).toBe(3850);
    expect(value('需求到送达中位时长（小时）')).toBe(10);
    expect(value('短缺明细（行）')).toBe(5);
    expect(String(summary.find((r) => r[0] === '服务点位')?.[2])).toContain('至少收到一次送达');
    // The cell itself: row 4 is 需求数 (header, 统计范围, 统计期 before it).
    expect(wb.getWorksheet('总览')?.getCell('B4').value).toBe(10);

    expect(rowsOf('按状态')).toContainEqual(['已完成', 5]);
    expect(rowsOf('按紧急程度').slice(1)).toEqual([
      ['特急', 3, 8],
      ['急', 3, 48],
      ['一般', 4, 30],
      ['合计', 10, 10],
    ]);
    expect(rowsOf('按供应单位').slice(1)).toEqual([
      ['申城示范供应链有限公司', 70, 3400],
      ['工会采购', 9, 450],
      ['合计', 79, 3850],
    ]);
    expect(rowsOf('物资排行')[1]).toEqual([1, '短袖T恤', '件', 59, 51, 45]);
    expect(rowsOf('按单位').at(-1)).toEqual(['合计', 10, 5, 79, 3850]);
    const daily = rowsOf('每日');
    expect(daily[0]).toEqual(['日期', '提报', '完成']);
    expect(daily).toHaveLength(32);
    expect(daily[1]).toEqual(['2026-03-01', 1, 2]);

    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'supplies.export'), eq(auditLog.entityId, String(hub.id))));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.detail).toEqual({ what: 'stats', from: '2026-03-01', to: '2026-03-31' });
  });
});
