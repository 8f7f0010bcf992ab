import { eq } from 'drizzle-orm';
import {
  type Agent,
  buildOrg,
  buildUser,
  loginAs,
  type TestApp,
  type TestOrg,
  type TestUser,
} from '../../../../test/app.ts';
import type { ItemCategory, PointKind, Urgency } from '../../../shared/supplies.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { postStockEntries } from './stock.service.ts';
import { nextCode } from './supplies.access.ts';
import { supplyItems, supplyPoints, supplyRequestLines, supplyRequests } from './supplies.table.ts';

/**
 * Test factories for 服务热线平台 (issue #6): a hub union with units, points, partner orgs, users
 * signed in, items with stock received through the ledger, and requests inserted straight into the
 * tables (submitted, or approved with their stock reserved exactly as the review does), so the
 * shipment and stats tests do not depend on the request screens.
 */

export interface SceneUser {
  user: TestUser;
  agent: Agent;
  displayName: string;
}

export interface ScenePoint {
  id: number;
  org: TestOrg;
  name: string;
  contactName: string;
  contactPhone: string;
  address: string;
}

export interface SceneItem {
  id: number;
  name: string;
  unit: string;
  unitValueFen: number;
}

export interface SuppliesScene {
  root: TestOrg;
  /** 上海市医务工会-like hub (industry union) running the catalogue. */
  hub: TestOrg;
  /** A hospital union under the hub. */
  unitA: TestOrg;
  /** A district medical union under the hub. */
  unitB: TestOrg;
  pointA: ScenePoint;
  pointA2: ScenePoint;
  pointB: ScenePoint;
  supplierOrg: TestOrg;
  logisticsOrg: TestOrg;
  logistics2Org: TestOrg;
  /** Another hub with its own unit (cross-org refusals). */
  otherHub: TestOrg;
  otherUnit: TestOrg;
  hubCadre: SceneUser;
  hubReviewer: SceneUser;
  cadreA: SceneUser;
  cadreB: SceneUser;
  supplier: SceneUser;
  logistics: SceneUser;
  /** A second account of the same logistics org. */
  logisticsMate: SceneUser;
  logistics2: SceneUser;
  /** A cadre of a unit under the other hub. */
  otherCadre: SceneUser;
  items: SceneItem[];
}

/** A context without an actor, for posting ledger entries from factories. */
export const fixtureCtx = (t: TestApp): Ctx => ({
  db: t.database.db,
  actor: null,
  ip: null,
  deps: t.app.deps,
});

async function sceneUser(
  t: TestApp,
  org: TestOrg,
  role: Parameters<typeof buildUser>[1]['role'],
  displayName: string,
): Promise<SceneUser> {
  const user = await buildUser(t, { org, role, displayName });
  return { user, agent: await loginAs(t, user), displayName };
}

let pointSeq = 0;
export async function buildPoint(
  t: TestApp,
  org: TestOrg,
  input: { name?: string; kind?: PointKind; contactName?: string; contactPhone?: string } = {},
): Promise<ScenePoint> {
  pointSeq += 1;
  const name = input.name ?? `${org.name}配送点${pointSeq}`;
  const contactName = input.contactName ?? '李护士长';
  const contactPhone = input.contactPhone ?? `1391234${String(pointSeq).padStart(4, '0')}`;
  const address = `上海市黄浦区示范路${pointSeq}号`;
  const [row] = await t.database.db
    .insert(supplyPoints)
    .values({
      orgId: org.id,
      orgPath: org.path,
      name,
      kind: input.kind ?? 'designated_hospital',
      address,
      contactName,
      contactPhoneEnc: t.app.deps.vault.encrypt(contactPhone),
    })
    .returning({ id: supplyPoints.id });
  if (!row) throw new Error('point insert failed');
  return { id: row.id, org, name, contactName, contactPhone, address };
}

/** An item of the hub's catalogue with `stock` received through the ledger. */
export async function buildItem(
  t: TestApp,
  hub: TestOrg,
  input: {
    name: string;
    unit?: string;
    stock?: number;
    unitValueFen?: number;
    category?: ItemCategory;
    supplierOrg?: TestOrg | null;
    perRequestLimit?: number | null;
  },
): Promise<SceneItem> {
  const unit = input.unit ?? '箱';
  const unitValueFen = input.unitValueFen ?? 5_000;
  const [row] = await t.database.db
    .insert(supplyItems)
    .values({
      hubOrgId: hub.id,
      hubOrgPath: hub.path,
      supplierOrgId: input.supplierOrg?.id ?? null,
      source: input.supplierOrg ? 'partner' : 'union_purchase',
      name: input.name,
      category: input.category ?? 'food',
      unit,
      unitValueFen,
      perRequestLimit: input.perRequestLimit ?? null,
    })
    .returning({ id: supplyItems.id });
  if (!row) throw new Error('item insert failed');
  if (input.stock && input.stock > 0) await receiveStock(t, row.id, input.stock);
  return { id: row.id, name: input.name, unit, unitValueFen };
}

export async function receiveStock(t: TestApp, itemId: number, quantity: number): Promise<void> {
  const ctx = fixtureCtx(t);
  await t.database.db.transaction(async (tx) => {
    await postStockEntries(withTx(ctx, tx), [{ itemId, kind: 'received', quantity, reason: '测试入库' }]);
  });
}

/** The whole scene: hub, units, points, partners, users signed in, three items with stock. */
export async function buildSuppliesScene(t: TestApp): Promise<SuppliesScene> {
  const root = await buildOrg(t, { name: '上海市总工会', type: 'provincial' });
  const hub = await buildOrg(t, { name: '上海市医务工会', type: 'industry', parent: root });
  const unitA = await buildOrg(t, { name: '上海市第一示范医院工会', type: 'grassroots', parent: hub });
  const unitB = await buildOrg(t, { name: '浦东新区医务工会', type: 'county', parent: hub });
  const supplierOrg = await buildOrg(t, { name: '申城示范供应链有限公司', type: 'supplier', parent: hub });
  const logisticsOrg = await buildOrg(t, { name: '申城示范物流有限公司', type: 'logistics', parent: hub });
  const logistics2Org = await buildOrg(t, { name: '沪通速运有限公司', type: 'logistics', parent: hub });
  const otherHub = await buildOrg(t, { name: '上海市教育工会', type: 'industry', parent: root });
  const otherUnit = await buildOrg(t, { name: '示范中学工会', type: 'grassroots', parent: otherHub });

  const pointA = await buildPoint(t, unitA, { name: '第一示范医院门诊楼', contactName: '李护士长' });
  const pointA2 = await buildPoint(t, unitA, { name: '第一示范医院援鄂医疗队驻地', kind: 'lodging' });
  const pointB = await buildPoint(t, unitB, { name: '浦东方舱医院', kind: 'field_hospital' });
  await buildPoint(t, otherUnit, { name: '示范中学' });

  const items = [
    await buildItem(t, hub, { name: '自热米饭', unit: '箱', stock: 100, supplierOrg, unitValueFen: 12_000 }),
    await buildItem(t, hub, { name: '短袖T恤', unit: '件', stock: 500, supplierOrg, unitValueFen: 3_000 }),
    await buildItem(t, hub, { name: '矿泉水', unit: '箱', stock: 200, unitValueFen: 2_400 }),
  ];
  await buildItem(t, otherHub, { name: '教师慰问包', stock: 10 });

  return {
    root,
    hub,
    unitA,
    unitB,
    pointA,
    pointA2,
    pointB,
    supplierOrg,
    logisticsOrg,
    logistics2Org,
    otherHub,
    otherUnit,
    hubCadre: await sceneUser(t, hub, 'cadre', '陈热线'),
    hubReviewer: await sceneUser(t, hub, 'reviewer', '王审核'),
    cadreA: await sceneUser(t, unitA, 'cadre', '张医院'),
    cadreB: await sceneUser(t, unitB, 'cadre', '刘区工会'),
    supplier: await sceneUser(t, supplierOrg, 'partner', '赵供应'),
    logistics: await sceneUser(t, logisticsOrg, 'partner', '孙物流'),
    logisticsMate: await sceneUser(t, logisticsOrg, 'partner', '周物流'),
    logistics2: await sceneUser(t, logistics2Org, 'partner', '吴速运'),
    otherCadre: await sceneUser(t, otherUnit, 'cadre', '郑中学'),
    items,
  };
}

export interface FixtureLine {
  item: SceneItem;
  quantity: number;
  /** For approved requests: how many were approved (default all); 0 closes the line. */
  approved?: number;
}

export interface FixtureRequest {
  id: number;
  code: string;
  lineIds: number[];
}

/**
 * A request inserted straight into the tables. `approved`: the lines are approved and their stock is
 * reserved through the ledger in one transaction, as the review does (lines approved 0 are closed).
 */
export async function buildRequest(
  t: TestApp,
  scene: Pick<SuppliesScene, 'hub'>,
  input: {
    point: ScenePoint;
    lines: FixtureLine[];
    state?: 'submitted' | 'approved';
    urgency?: Urgency;
    staffServed?: number;
  },
): Promise<FixtureRequest> {
  const state = input.state ?? 'approved';
  const ctx = fixtureCtx(t);
  return t.database.db.transaction(async (tx) => {
    const { id, code } = await nextCode(tx, 'supply_requests', 'XQ');
    await tx.insert(supplyRequests).values({
      id,
      code,
      orgId: input.point.org.id,
      orgPath: input.point.org.path,
      hubOrgId: scene.hub.id,
      hubOrgPath: scene.hub.path,
      pointId: input.point.id,
      state,
      urgency: input.urgency ?? 'normal',
      staffServed: input.staffServed ?? 45,
      channel: 'online',
      reviewedAt: state === 'approved' ? new Date() : null,
    });
    const lineIds: number[] = [];
    for (const l of input.lines) {
      const approved = state === 'approved' ? (l.approved ?? l.quantity) : null;
      const [row] = await tx
        .insert(supplyRequestLines)
        .values({
          requestId: id,
          itemId: l.item.id,
          requested: l.quantity,
          approved,
          state: approved === 0 ? 'closed' : 'open',
          reduceReason: approved !== null && approved < l.quantity ? '库存不足，按可用数量核减' : null,
          closeReason: approved === 0 ? '库存不足' : null,
        })
        .returning({ id: supplyRequestLines.id });
      if (!row) throw new Error('request line insert failed');
      lineIds.push(row.id);
      if (approved) {
        await postStockEntries(withTx(ctx, tx), [
          { itemId: l.item.id, kind: 'reserved', quantity: approved, requestId: id, requestLineId: row.id },
        ]);
      }
    }
    return { id, code, lineIds };
  });
}

/** Read a request row back (state, completedAt). */
export async function requestRow(t: TestApp, id: number) {
  const [row] = await t.database.db.select().from(supplyRequests).where(eq(supplyRequests.id, id));
  if (!row) throw new Error(`request ${id} not found`);
  return row;
}

/** Read a request's lines back, in id order. */
export async function requestLines(t: TestApp, requestId: number) {
  return t.database.db
    .select()
    .from(supplyRequestLines)
    .where(eq(supplyRequestLines.requestId, requestId))
    .orderBy(supplyRequestLines.id);
}
