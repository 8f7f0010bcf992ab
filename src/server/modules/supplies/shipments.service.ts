import { and, asc, count, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { partnerOrgTypes } from '../../../shared/orgs.ts';
import {
  disinfectionCheckLabels,
  disinfectionChecks,
  NUCLEIC_TEST_VALID_HOURS,
  pointKindLabels,
  type RequestState,
  shipmentStateLabels,
  type TDeliverInput,
  type TDepartInput,
  type TDispatchInput,
  type TListShipmentsQuery,
  type TRequestEvent,
  type TShipment,
  type TShipmentListItem,
  urgencies,
  urgencyLabels,
} from '../../../shared/supplies.ts';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { inSubtree, isWithin, requireActor, roleMay } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { ActingMembership, Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/context.ts';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.ts';
import { type Sheet, writeSheets } from '../../platform/excel/excel.ts';
import { files } from '../../platform/files/files.table.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { maskMobile } from '../../platform/pii/pii.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { apply, recordCreated } from '../../platform/workflow/workflow.ts';
import { postStockEntries } from './stock.service.ts';
import { deliveringOrgTypes, membersOf, nextCode, requireHub } from './supplies.access.ts';
import { requestFlow, shipmentFlow } from './supplies.flow.ts';
import {
  shipmentHoldsGoods,
  supplyItems,
  supplyPoints,
  supplyRequestLines,
  supplyRequests,
  supplyShipmentLines,
  supplyShipments,
} from './supplies.table.ts';

/**
 * 派单与配送 (issue #6 point 5): the hub union hands the approved, not yet loaded quantities of its
 * requests to a logistics partner, one shipment (配送单) per delivery point; the partner departs it
 * (plate, driver, a nucleic-acid test within 48 hours, the full disinfection checklist; stock leaves
 * the ledger as `shipped`), marks it in transit and delivered (received per line, recipient, photo),
 * or reports an exception. A request is complete when each of its lines is received in full or
 * closed by the hub with a reason (closing releases what is still reserved).
 *
 * Who sees a shipment: the hub's users (hub path in their subtree), the requesting unit's users
 * (unit path in their subtree) and the accounts of the logistics partner it is assigned to;
 * anybody else gets 404. Acting on it: the hub's cadres/admins and the partner's accounts.
 */

export type ShipmentRow = typeof supplyShipments.$inferSelect;
type Viewer = 'hub' | 'unit' | 'partner';

const hubOrg = alias(orgs, 'hub_org');
const partnerOrg = alias(orgs, 'partner_org');
const unitOrg = alias(orgs, 'unit_org');

/**
 * Run `fn` in a transaction of its own, or in a savepoint when the caller (the demo seed, the bench)
 * already runs one.
 */
const inTx = <T>(ctx: Ctx, fn: (tx: Tx) => Promise<T>): Promise<T> => (ctx.db as Db).transaction(fn);

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const requestLink = (id: number) => `/supplies/requests/${id}`;
const shipmentLink = (id: number) => `/supplies/shipments/${id}`;
const urgencyRank = (u: string) => {
  const i = (urgencies as readonly string[]).indexOf(u);
  return i < 0 ? urgencies.length : i;
};

/** Extra timeline events of a shipment that are not flow transitions. */
const extraEventLabels: Record<string, string> = { create: '生成配送单' };

// ---------------------------------------------------------------- access

const isPartnerMember = (m: ActingMembership) => m.role === 'partner' || partnerOrgTypes.includes(m.orgType);

/**
 * How the caller sees this shipment: as the hub, the requesting unit or its logistics partner.
 * 404 for anybody else (a logistics partner's other shipments included); 403 for a partner that is
 * not a logistics org, or a role that may not view shipments.
 */
function viewerOf(ctx: Ctx, row: Pick<ShipmentRow, 'hubOrgPath' | 'unitOrgPath' | 'partnerOrgId'>): Viewer {
  const m = requireActor(ctx).membership;
  if (isPartnerMember(m)) {
    if (!deliveringOrgTypes.includes(m.orgType) || !roleMay(m.role, 'supplies.shipments.view')) {
      throw forbidden();
    }
    if (row.partnerOrgId !== m.orgId) throw notFound();
    return 'partner';
  }
  let viewer: Viewer;
  if (isWithin(row.hubOrgPath, m.orgPath)) viewer = 'hub';
  else if (isWithin(row.unitOrgPath, m.orgPath)) viewer = 'unit';
  else throw notFound();
  if (!roleMay(m.role, 'supplies.shipments.view')) throw forbidden();
  return viewer;
}

/** The caller may move this shipment along: its partner's accounts, or the hub's cadres/admins. */
function handlerOf(ctx: Ctx, row: ShipmentRow): { viewer: Viewer; scope: 'subtree' | 'checked-by-caller' } {
  const viewer = viewerOf(ctx, row);
  const m = requireActor(ctx).membership;
  if (viewer === 'unit') throw forbidden('只有枢纽工会或承运的物流单位可以操作配送单');
  if (!roleMay(m.role, 'supplies.shipments.handle')) throw forbidden();
  return { viewer, scope: viewer === 'partner' ? 'checked-by-caller' : 'subtree' };
}

async function findShipment(db: DbOrTx, id: number): Promise<ShipmentRow | undefined> {
  const [row] = await db.select().from(supplyShipments).where(eq(supplyShipments.id, id));
  return row;
}

async function loadShipment(db: DbOrTx, id: number): Promise<ShipmentRow> {
  const row = await findShipment(db, id);
  if (!row) throw notFound('配送单不存在或无权查看');
  return row;
}

/** What the caller may do with the shipment now; the server checks again when they try. */
function actionsFor(ctx: Ctx, row: ShipmentRow, viewer: Viewer): string[] {
  const m = requireActor(ctx).membership;
  const actions: string[] = [];
  if (viewer !== 'unit' && roleMay(m.role, 'supplies.shipments.handle')) {
    if (row.state === 'pending') actions.push('depart');
    if (row.state === 'departed') actions.push('transit');
    if (row.state === 'departed' || row.state === 'in_transit') actions.push('deliver');
    if (row.state === 'pending' || row.state === 'departed' || row.state === 'in_transit') {
      actions.push('fail');
    }
  }
  if (
    viewer === 'hub' &&
    row.state === 'exception' &&
    row.departedAt !== null &&
    roleMay(m.role, 'supplies.dispatch')
  ) {
    actions.push('restock');
  }
  if (viewer !== 'unit') actions.push('manifest');
  return actions;
}

// ---------------------------------------------------------------- read model

interface ShipmentLineView {
  id: number;
  requestId: number;
  requestCode: string;
  requestLineId: number;
  itemId: number;
  itemName: string;
  unit: string;
  spec: string | null;
  quantity: number;
  received: number | null;
}

async function linesOf(db: DbOrTx, shipmentIds: readonly number[]): Promise<ShipmentLineView[]> {
  if (shipmentIds.length === 0) return [];
  return db
    .select({
      id: supplyShipmentLines.id,
      shipmentId: supplyShipmentLines.shipmentId,
      requestId: supplyShipmentLines.requestId,
      requestCode: supplyRequests.code,
      requestLineId: supplyShipmentLines.requestLineId,
      itemId: supplyShipmentLines.itemId,
      itemName: supplyItems.name,
      unit: supplyItems.unit,
      spec: supplyItems.spec,
      quantity: supplyShipmentLines.quantity,
      received: supplyShipmentLines.received,
    })
    .from(supplyShipmentLines)
    .innerJoin(supplyRequests, eq(supplyRequests.id, supplyShipmentLines.requestId))
    .innerJoin(supplyItems, eq(supplyItems.id, supplyShipmentLines.itemId))
    .where(inArray(supplyShipmentLines.shipmentId, [...shipmentIds]))
    .orderBy(asc(supplyShipmentLines.id));
}

const eventLabel = (event: string) =>
  (shipmentFlow.eventLabels as Record<string, string>)[event] ?? extraEventLabels[event] ?? event;

/** A shipment's timeline, oldest first, labelled. */
async function shipmentTimeline(db: DbOrTx, id: number): Promise<TRequestEvent[]> {
  const rows = await db
    .select()
    .from(timelineEvents)
    .where(
      and(eq(timelineEvents.entityType, shipmentFlow.entityType), eq(timelineEvents.entityId, String(id))),
    )
    .orderBy(asc(timelineEvents.at), asc(timelineEvents.id));
  return rows.map((e) => ({
    event: e.event,
    label: eventLabel(e.event),
    at: e.at.toISOString(),
    actor: e.actorName,
    note: e.note,
  }));
}

async function toShipment(ctx: Ctx, id: number, viewer: Viewer): Promise<TShipment> {
  const [r] = await ctx.db
    .select({
      s: supplyShipments,
      hubName: hubOrg.name,
      partnerName: partnerOrg.name,
      point: supplyPoints,
      unitName: unitOrg.name,
    })
    .from(supplyShipments)
    .innerJoin(hubOrg, eq(hubOrg.id, supplyShipments.hubOrgId))
    .innerJoin(partnerOrg, eq(partnerOrg.id, supplyShipments.partnerOrgId))
    .innerJoin(supplyPoints, eq(supplyPoints.id, supplyShipments.pointId))
    .innerJoin(unitOrg, eq(unitOrg.id, supplyPoints.orgId))
    .where(eq(supplyShipments.id, id));
  if (!r) throw notFound('配送单不存在或无权查看');
  const { s, point } = r;
  const [lines, timeline] = await Promise.all([linesOf(ctx.db, [id]), shipmentTimeline(ctx.db, id)]);
  const vault = ctx.deps.vault;
  const driverPhone = s.driverPhoneEnc ? vault.decrypt(s.driverPhoneEnc) : null;
  return {
    id: s.id,
    code: s.code,
    hub: { id: s.hubOrgId, name: r.hubName },
    partner: { id: s.partnerOrgId, name: r.partnerName },
    point: {
      id: point.id,
      name: point.name,
      kind: point.kind as TShipment['point']['kind'],
      address: point.address,
      contactName: point.contactName,
      // Hub, unit and the partner delivering there all need to reach the point.
      contactPhone: vault.decrypt(point.contactPhoneEnc),
      org: { id: point.orgId, name: r.unitName },
    },
    state: s.state as TShipment['state'],
    urgency: s.urgency as TShipment['urgency'],
    vehiclePlate: s.vehiclePlate,
    driverName: s.driverName,
    driverPhone: driverPhone && viewer === 'unit' ? maskMobile(driverPhone) : driverPhone,
    driverTestedAt: iso(s.driverTestedAt),
    disinfection: s.disinfection as TShipment['disinfection'],
    departedAt: iso(s.departedAt),
    deliveredAt: iso(s.deliveredAt),
    recipientName: s.recipientName,
    photoUrl: s.photoFileId ? `/api/v1/supplies/shipments/${s.id}/photo` : null,
    exceptionReason: s.exceptionReason,
    note: s.note,
    lines: lines.map((l) => ({
      id: l.id,
      requestId: l.requestId,
      requestCode: l.requestCode,
      requestLineId: l.requestLineId,
      itemName: l.itemName,
      unit: l.unit,
      quantity: l.quantity,
      received: l.received,
    })),
    timeline,
    createdAt: s.createdAt.toISOString(),
    actions: actionsFor(ctx, s, viewer),
  };
}

/** 配送单详情: the hub, the requesting unit, or the logistics partner it is assigned to. */
export async function getShipment(ctx: Ctx, id: number): Promise<TShipment> {
  const row = await loadShipment(ctx.db, id);
  return toShipment(ctx, id, viewerOf(ctx, row));
}

/** The delivery photo's file, for the viewers of the shipment. */
export async function shipmentPhotoFile(ctx: Ctx, id: number): Promise<{ storageKey: string; mime: string }> {
  const row = await loadShipment(ctx.db, id);
  viewerOf(ctx, row);
  if (!row.photoFileId) throw notFound('该配送单没有签收照片');
  const [f] = await ctx.db
    .select({ storageKey: files.storageKey, mime: files.mime })
    .from(files)
    .where(eq(files.id, row.photoFileId));
  if (!f) throw notFound('该配送单没有签收照片');
  return f;
}

/**
 * 配送单列表: a logistics partner sees only its own shipments; union users the shipments of hubs or
 * units in their subtree. Newest first.
 */
export async function listShipments(ctx: Ctx, q: TListShipmentsQuery) {
  const m = requireActor(ctx).membership;
  const conds: (SQL | undefined)[] = [];
  if (isPartnerMember(m)) {
    if (!deliveringOrgTypes.includes(m.orgType) || !roleMay(m.role, 'supplies.shipments.view')) {
      throw forbidden();
    }
    conds.push(eq(supplyShipments.partnerOrgId, m.orgId));
  } else {
    if (!roleMay(m.role, 'supplies.shipments.view')) throw forbidden();
    conds.push(
      or(inSubtree(supplyShipments.hubOrgPath, m.orgPath), inSubtree(supplyShipments.unitOrgPath, m.orgPath)),
    );
  }
  if (q.state) conds.push(eq(supplyShipments.state, q.state));
  if (q.partnerOrgId) conds.push(eq(supplyShipments.partnerOrgId, q.partnerOrgId));
  if (q.pointId) conds.push(eq(supplyShipments.pointId, q.pointId));
  if (q.requestId) {
    conds.push(
      sql`exists (select 1 from supply_shipment_lines sl
        where sl.shipment_id = supply_shipments.id and sl.request_id = ${q.requestId})`,
    );
  }
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    conds.push(
      or(
        sql`${supplyShipments.code} ilike ${like}`,
        sql`${supplyPoints.name} ilike ${like}`,
        sql`${unitOrg.name} ilike ${like}`,
        sql`${supplyShipments.vehiclePlate} ilike ${like}`,
      ),
    );
  }
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({
        s: supplyShipments,
        partnerName: partnerOrg.name,
        pointName: supplyPoints.name,
        pointAddress: supplyPoints.address,
        unitName: unitOrg.name,
        lineCount: sql<number>`(select count(*) from supply_shipment_lines sl
          where sl.shipment_id = supply_shipments.id)`.mapWith(Number),
        totalQuantity: sql<number>`(select coalesce(sum(sl.quantity), 0) from supply_shipment_lines sl
          where sl.shipment_id = supply_shipments.id)`.mapWith(Number),
      })
      .from(supplyShipments)
      .innerJoin(partnerOrg, eq(partnerOrg.id, supplyShipments.partnerOrgId))
      .innerJoin(supplyPoints, eq(supplyPoints.id, supplyShipments.pointId))
      .innerJoin(unitOrg, eq(unitOrg.id, supplyPoints.orgId))
      .where(where)
      .orderBy(desc(supplyShipments.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db
      .select({ n: count() })
      .from(supplyShipments)
      .innerJoin(supplyPoints, eq(supplyPoints.id, supplyShipments.pointId))
      .innerJoin(unitOrg, eq(unitOrg.id, supplyPoints.orgId))
      .where(where),
  ]);
  const items: TShipmentListItem[] = rows.map((r) => ({
    id: r.s.id,
    code: r.s.code,
    partner: { id: r.s.partnerOrgId, name: r.partnerName },
    pointName: r.pointName,
    pointAddress: r.pointAddress,
    unitName: r.unitName,
    state: r.s.state as TShipmentListItem['state'],
    urgency: r.s.urgency as TShipmentListItem['urgency'],
    lineCount: r.lineCount,
    totalQuantity: r.totalQuantity,
    vehiclePlate: r.s.vehiclePlate,
    createdAt: r.s.createdAt.toISOString(),
    departedAt: iso(r.s.departedAt),
    deliveredAt: iso(r.s.deliveredAt),
  }));
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** The logistics partner orgs the caller's union may dispatch to: active, in its subtree. */
export async function listDispatchPartners(ctx: Ctx) {
  const m = requireActor(ctx).membership;
  if (isPartnerMember(m)) throw forbidden();
  if (!roleMay(m.role, 'supplies.dispatch')) throw forbidden();
  const items = await ctx.db
    .select({ id: orgs.id, name: orgs.name })
    .from(orgs)
    .where(
      and(
        inArray(orgs.type, [...deliveringOrgTypes]),
        eq(orgs.state, 'active'),
        inSubtree(orgs.path, m.orgPath),
      ),
    )
    .orderBy(asc(orgs.name), asc(orgs.id));
  return { items };
}

// ---------------------------------------------------------------- notifications

/** The requesting units' cadres and admins. */
const unitAudience = (db: DbOrTx, orgIds: readonly number[]) =>
  membersOf(db, [...new Set(orgIds)], ['cadre', 'admin']);

interface RequestRef {
  id: number;
  code: string;
  orgId: number;
}

/** The requests a shipment carries (distinct, id order). */
async function requestsOfShipment(db: DbOrTx, shipmentId: number): Promise<RequestRef[]> {
  return db
    .selectDistinct({ id: supplyRequests.id, code: supplyRequests.code, orgId: supplyRequests.orgId })
    .from(supplyShipmentLines)
    .innerJoin(supplyRequests, eq(supplyRequests.id, supplyShipmentLines.requestId))
    .where(eq(supplyShipmentLines.shipmentId, shipmentId))
    .orderBy(asc(supplyRequests.id));
}

/** Tell each request's unit about a step of a shipment (one message per request, linking to it). */
async function notifyUnits(
  db: DbOrTx,
  requests: readonly RequestRef[],
  kind: string,
  title: (r: RequestRef) => string,
  body: string,
) {
  for (const r of requests) {
    await notify(db, {
      userIds: await unitAudience(db, [r.orgId]),
      kind,
      title: title(r),
      body,
      link: requestLink(r.id),
    });
  }
}

// ---------------------------------------------------------------- dispatch

/**
 * 派单: the open lines' outstanding quantities of these requests (approved − already on shipments
 * that did not fail before leaving) become shipments to one logistics partner, one per delivery
 * point. Requests `approved` move to `dispatching`; the units and the partner are told.
 * The requests are locked first, so two dispatches of one request cannot both load its lines.
 */
export async function dispatchRequests(ctx: Ctx, input: TDispatchInput): Promise<{ shipments: TShipment[] }> {
  const m = requireActor(ctx).membership;
  if (isPartnerMember(m)) throw forbidden();
  if (!roleMay(m.role, 'supplies.dispatch')) throw forbidden();
  const requestIds = [...new Set(input.requestIds)].sort((a, b) => a - b);

  const ids = await inTx(ctx, async (tx) => {
    const t = withTx(ctx, tx);
    const requests = await tx
      .select()
      .from(supplyRequests)
      .where(inArray(supplyRequests.id, requestIds))
      .orderBy(asc(supplyRequests.id))
      .for('update');
    if (requests.length !== requestIds.length) throw notFound('所选需求不存在或无权查看');
    for (const r of requests) requireHub(t, r.hubOrgPath);
    const hub = requests[0];
    if (!hub) throw notFound('所选需求不存在或无权查看');
    if (requests.some((r) => r.hubOrgId !== hub.hubOrgId)) {
      throw invalidField('requestIds', '不同枢纽工会的需求请分别派单');
    }
    for (const r of requests) {
      if (r.state !== 'approved' && r.state !== 'dispatching') {
        throw conflict(
          'REQUEST_NOT_APPROVED',
          `需求 ${r.code} 当前状态为「${requestFlow.stateLabels[r.state as keyof typeof requestFlow.stateLabels] ?? r.state}」，审核通过后才能派单`,
          { requestId: r.id, state: r.state },
        );
      }
    }

    const [partner] = await tx.select().from(orgs).where(eq(orgs.id, input.partnerOrgId));
    if (
      !partner ||
      !(deliveringOrgTypes as readonly string[]).includes(partner.type) ||
      partner.state !== 'active' ||
      !isWithin(partner.path, hub.hubOrgPath)
    ) {
      throw invalidField('partnerOrgId', '请选择本工会的物流合作单位（须为在用的物流企业）');
    }

    // Outstanding per open line: approved − what is on shipments that hold goods for it.
    const lines = await tx
      .select({
        id: supplyRequestLines.id,
        requestId: supplyRequestLines.requestId,
        itemId: supplyRequestLines.itemId,
        approved: supplyRequestLines.approved,
        loaded: sql<number>`coalesce((
            select sum(sl.quantity) from supply_shipment_lines sl
            join supply_shipments sh on sh.id = sl.shipment_id
            where sl.request_line_id = supply_request_lines.id
              and ${shipmentHoldsGoods(sql.raw('sh.state'), sql.raw('sh.departed_at'))}
          ), 0)`.mapWith(Number),
      })
      .from(supplyRequestLines)
      .where(and(inArray(supplyRequestLines.requestId, requestIds), eq(supplyRequestLines.state, 'open')))
      .orderBy(asc(supplyRequestLines.id));
    const byId = new Map(requests.map((r) => [r.id, r]));
    const byPoint = new Map<
      number,
      { lines: { line: (typeof lines)[number]; q: number }[]; urgency: string }
    >();
    for (const l of lines) {
      const q = (l.approved ?? 0) - l.loaded;
      if (q <= 0) continue;
      const r = byId.get(l.requestId);
      if (!r) continue;
      const group = byPoint.get(r.pointId) ?? { lines: [], urgency: r.urgency };
      group.lines.push({ line: l, q });
      if (urgencyRank(r.urgency) < urgencyRank(group.urgency)) group.urgency = r.urgency;
      byPoint.set(r.pointId, group);
    }
    if (byPoint.size === 0) {
      throw conflict('NOTHING_OUTSTANDING', '所选需求没有待派送的物资（已全部装车或已关闭）');
    }

    const points = await tx
      .select({ id: supplyPoints.id, orgPath: supplyPoints.orgPath, name: supplyPoints.name })
      .from(supplyPoints)
      .where(inArray(supplyPoints.id, [...byPoint.keys()]));
    const pointById = new Map(points.map((p) => [p.id, p]));
    const created: number[] = [];
    for (const [pointId, group] of [...byPoint.entries()].sort((a, b) => a[0] - b[0])) {
      const point = pointById.get(pointId);
      if (!point) throw notFound('配送点位不存在');
      const { id, code } = await nextCode(tx, 'supply_shipments', 'PS');
      await tx.insert(supplyShipments).values({
        id,
        code,
        hubOrgId: hub.hubOrgId,
        hubOrgPath: hub.hubOrgPath,
        partnerOrgId: partner.id,
        pointId,
        unitOrgPath: point.orgPath,
        state: 'pending',
        urgency: group.urgency,
        note: input.note ?? null,
        createdBy: requireActor(ctx).userId,
      });
      await tx.insert(supplyShipmentLines).values(
        group.lines.map(({ line, q }) => ({
          shipmentId: id,
          requestId: line.requestId,
          requestLineId: line.id,
          itemId: line.itemId,
          quantity: q,
        })),
      );
      await recordCreated(t, shipmentFlow.entityType, id, 'pending', `物流单位：${partner.name}`);
      await recordAudit(t, {
        action: 'supplies.shipment.create',
        entityType: shipmentFlow.entityType,
        entityId: id,
        orgId: hub.hubOrgId,
        orgPath: hub.hubOrgPath,
        detail: { code, partnerOrgId: partner.id, pointId, lines: group.lines.length },
      });
      await notify(tx, {
        userIds: await membersOf(tx, [partner.id], ['partner']),
        kind: 'supplies.shipment.assigned',
        title: `新的配送单 ${code}：${point.name}`,
        body: `${urgencyLabels[group.urgency as keyof typeof urgencyLabels] ?? ''}，共 ${group.lines.length} 种物资，请安排车辆、消杀后出库。`,
        link: shipmentLink(id),
      });
      created.push(id);
    }

    const loadedRequests = new Set(
      [...byPoint.values()].flatMap((g) => g.lines.map((l) => l.line.requestId)),
    );
    for (const r of requests) {
      if (!loadedRequests.has(r.id)) continue;
      if (r.state === 'approved') {
        await apply(t, requestFlow, {
          id: r.id,
          event: 'dispatch',
          note: `物流单位：${partner.name}`,
          orgPath: r.orgPath,
          orgId: r.orgId,
        });
      }
      await notify(tx, {
        userIds: await unitAudience(tx, [r.orgId]),
        kind: 'supplies.request.dispatched',
        title: `您的物资需求 ${r.code} 已派单配送`,
        body: `由「${partner.name}」配送，出库后可查看车辆和司机信息。`,
        link: requestLink(r.id),
      });
    }
    return created;
  });
  const shipments: TShipment[] = [];
  for (const id of ids) shipments.push(await toShipment(ctx, id, 'hub'));
  return { shipments };
}

// ---------------------------------------------------------------- depart / transit

/** The depart checks beyond the input's format: the checklist complete, a valid test time. */
function checkDeparture(input: TDepartInput, now: Date) {
  const missing = disinfectionChecks.filter((c) => !input.disinfection.includes(c));
  if (missing.length > 0) {
    const names = missing.map((c) => `「${disinfectionCheckLabels[c]}」`).join('、');
    throw invalidField('disinfection', `出库前须完成全部消杀项目，尚未完成：${names}`);
  }
  const tested = new Date(input.driverTestedAt);
  // A few minutes of clock difference between the phone and the server are tolerated.
  if (tested.getTime() > now.getTime() + 5 * 60_000) {
    throw invalidField('driverTestedAt', '核酸检测时间不能晚于当前时间');
  }
  if (now.getTime() - tested.getTime() > NUCLEIC_TEST_VALID_HOURS * 3_600_000) {
    throw invalidField(
      'driverTestedAt',
      `司机核酸检测已超过 ${NUCLEIC_TEST_VALID_HOURS} 小时，请重新检测后再出库`,
    );
  }
  return tested;
}

/**
 * 出库: plate, driver, driver phone (encrypted), nucleic-acid test within 48 hours, the full
 * disinfection checklist. The loaded quantities leave the ledger as `shipped` (on hand and reserved
 * down) and count as shipped on their request lines; the units are told.
 */
export async function departShipment(ctx: Ctx, id: number, input: TDepartInput): Promise<TShipment> {
  const row = await loadShipment(ctx.db, id);
  const { viewer, scope } = handlerOf(ctx, row);
  const tested = checkDeparture(input, new Date());
  await inTx(ctx, async (tx) => {
    const t = withTx(ctx, tx);
    await apply(t, shipmentFlow, {
      id,
      event: 'depart',
      note: [`车牌 ${input.vehiclePlate}，司机 ${input.driverName}`, input.note].filter(Boolean).join('；'),
      orgPath: row.hubOrgPath,
      orgId: row.hubOrgId,
      scope,
    });
    await tx
      .update(supplyShipments)
      .set({
        vehiclePlate: input.vehiclePlate,
        driverName: input.driverName,
        driverPhoneEnc: ctx.deps.vault.encrypt(input.driverPhone),
        driverTestedAt: tested,
        disinfection: [...disinfectionChecks],
        departedAt: sql`now()`,
      })
      .where(eq(supplyShipments.id, id));
    const lines = await tx
      .select()
      .from(supplyShipmentLines)
      .where(eq(supplyShipmentLines.shipmentId, id))
      .orderBy(asc(supplyShipmentLines.id));
    await postStockEntries(
      t,
      lines.map((l) => ({
        itemId: l.itemId,
        kind: 'shipped' as const,
        quantity: l.quantity,
        requestId: l.requestId,
        requestLineId: l.requestLineId,
        shipmentId: id,
        reason: `配送单 ${row.code} 出库`,
      })),
    );
    for (const l of lines) {
      await tx
        .update(supplyRequestLines)
        .set({ shipped: sql`${supplyRequestLines.shipped} + ${l.quantity}` })
        .where(eq(supplyRequestLines.id, l.requestLineId));
    }
    await notifyUnits(
      tx,
      await requestsOfShipment(tx, id),
      'supplies.shipment.departed',
      (r) => `您的物资需求 ${r.code} 已出库`,
      `配送单 ${row.code}，车牌 ${input.vehiclePlate}，已完成消杀，司机核酸在有效期内。`,
    );
  });
  return toShipment(ctx, id, viewer);
}

/** 运输中: the partner reports the vehicle on its way. */
export async function markInTransit(ctx: Ctx, id: number, note?: string | null): Promise<TShipment> {
  const row = await loadShipment(ctx.db, id);
  const { viewer, scope } = handlerOf(ctx, row);
  await inTx(ctx, async (tx) => {
    await apply(withTx(ctx, tx), shipmentFlow, {
      id,
      event: 'transit',
      note: note ?? null,
      orgPath: row.hubOrgPath,
      orgId: row.hubOrgId,
      scope,
    });
  });
  return toShipment(ctx, id, viewer);
}

// ---------------------------------------------------------------- deliver

async function checkDeliveryPhoto(db: DbOrTx, shipmentId: number, fileId: string) {
  const [f] = await db
    .select({ entityType: files.entityType, entityId: files.entityId, mime: files.mime })
    .from(files)
    .where(eq(files.id, fileId));
  if (
    !f ||
    f.entityType !== shipmentFlow.entityType ||
    f.entityId !== String(shipmentId) ||
    !f.mime.startsWith('image/')
  ) {
    throw invalidField('photoFileId', '签收照片须是为这张配送单上传的图片');
  }
}

/**
 * 送达签收: received per shipment line (every line, at most what was loaded), the recipient and an
 * optional photo. Each request line counts what was received and becomes `received` when it has all
 * that was approved; each request whose lines are all received or closed is completed.
 */
export async function deliverShipment(ctx: Ctx, id: number, input: TDeliverInput): Promise<TShipment> {
  const row = await loadShipment(ctx.db, id);
  const { viewer, scope } = handlerOf(ctx, row);
  const lines = await ctx.db
    .select()
    .from(supplyShipmentLines)
    .where(eq(supplyShipmentLines.shipmentId, id))
    .orderBy(asc(supplyShipmentLines.id));
  const given = new Map<number, number>();
  input.lines.forEach((l, i) => {
    if (given.has(l.shipmentLineId)) throw invalidField(`lines.${i}.shipmentLineId`, '同一物资请只填一行');
    given.set(l.shipmentLineId, l.received);
  });
  const lineById = new Map(lines.map((l) => [l.id, l]));
  input.lines.forEach((l, i) => {
    const line = lineById.get(l.shipmentLineId);
    if (!line) throw invalidField(`lines.${i}.shipmentLineId`, '该物资不在这张配送单上');
    if (l.received > line.quantity) {
      throw invalidField(`lines.${i}.received`, `签收数量不能超过装车数量 ${line.quantity}`);
    }
  });
  if (lines.some((l) => !given.has(l.id))) {
    throw invalidField('lines', '请填写配送单上每种物资的签收数量（未收到填 0）');
  }
  if (input.photoFileId) await checkDeliveryPhoto(ctx.db, id, input.photoFileId);

  await inTx(ctx, async (tx) => {
    const t = withTx(ctx, tx);
    const short = lines.filter((l) => (given.get(l.id) ?? 0) < l.quantity);
    await apply(t, shipmentFlow, {
      id,
      event: 'deliver',
      note: [
        `签收人 ${input.recipientName}`,
        short.length > 0 ? `${short.length} 种物资未收齐` : null,
        input.note,
      ]
        .filter(Boolean)
        .join('；'),
      orgPath: row.hubOrgPath,
      orgId: row.hubOrgId,
      scope,
    });
    await tx
      .update(supplyShipments)
      .set({
        recipientName: input.recipientName,
        photoFileId: input.photoFileId ?? null,
        deliveredAt: sql`now()`,
      })
      .where(eq(supplyShipments.id, id));
    const requests = await requestsOfShipment(tx, id);
    // Lock the requests before their lines, in id order (as closing a line does).
    await tx
      .select({ id: supplyRequests.id })
      .from(supplyRequests)
      .where(
        inArray(
          supplyRequests.id,
          requests.map((r) => r.id),
        ),
      )
      .orderBy(asc(supplyRequests.id))
      .for('update');
    for (const l of lines) {
      const received = given.get(l.id) ?? 0;
      await tx.update(supplyShipmentLines).set({ received }).where(eq(supplyShipmentLines.id, l.id));
      await tx
        .update(supplyRequestLines)
        .set({
          received: sql`${supplyRequestLines.received} + ${received}`,
          state: sql`case when ${supplyRequestLines.state} = 'open'
            and ${supplyRequestLines.received} + ${received} >= coalesce(${supplyRequestLines.approved}, 0)
            then 'received' else ${supplyRequestLines.state} end`,
        })
        .where(eq(supplyRequestLines.id, l.requestLineId));
    }
    const shortNote =
      short.length > 0 ? `其中 ${short.length} 种物资未收齐，工会将跟进补送或关闭。` : '物资已全部签收。';
    await notifyUnits(
      tx,
      requests,
      'supplies.shipment.delivered',
      (r) => `您的物资需求 ${r.code} 已送达`,
      `配送单 ${row.code} 已送达，签收人 ${input.recipientName}。${shortNote}`,
    );
    for (const r of requests) await completeRequestIfDone(t, r.id, { scope });
  });
  return toShipment(ctx, id, viewer);
}

// ---------------------------------------------------------------- exception

/**
 * 异常: the shipment cannot be delivered (reason required). Failed before departure, its quantities
 * are free to dispatch again; failed on the road, what was loaded has left the stock and the hub
 * closes the lines (or dispatches anew after receiving stock).
 */
export async function failShipment(ctx: Ctx, id: number, reason: string): Promise<TShipment> {
  const row = await loadShipment(ctx.db, id);
  const { viewer, scope } = handlerOf(ctx, row);
  await inTx(ctx, async (tx) => {
    await apply(withTx(ctx, tx), shipmentFlow, {
      id,
      event: 'fail',
      note: reason,
      orgPath: row.hubOrgPath,
      orgId: row.hubOrgId,
      scope,
    });
    await tx.update(supplyShipments).set({ exceptionReason: reason }).where(eq(supplyShipments.id, id));
    await notifyUnits(
      tx,
      await requestsOfShipment(tx, id),
      'supplies.shipment.exception',
      (r) => `您的物资需求 ${r.code} 配送异常`,
      `配送单 ${row.code}：${reason}。工会将重新安排配送。`,
    );
    // The other side hears of it too: the hub when the partner reports it, the partner otherwise.
    const others =
      viewer === 'partner'
        ? await membersOf(tx, [row.hubOrgId], ['cadre', 'admin'])
        : await membersOf(tx, [row.partnerOrgId], ['partner']);
    await notify(tx, {
      userIds: others,
      kind: 'supplies.shipment.exception',
      title: `配送单 ${row.code} 异常`,
      body: reason,
      link: shipmentLink(id),
    });
  });
  return toShipment(ctx, id, viewer);
}

/**
 * 退回入库: the goods of a shipment that failed on the road came back to the hub. They enter its stock
 * again (`received`) and, for request lines still open, are reserved for them again; the lines'
 * shipped quantities go down, so the hub can dispatch them anew (派单) or close the lines (which
 * releases the reservation). Goods of a line closed meanwhile become free stock. A shipment that
 * failed before leaving took nothing from the stock and has nothing to return.
 */
export async function restockShipment(ctx: Ctx, id: number, note: string | null): Promise<TShipment> {
  const row = await loadShipment(ctx.db, id);
  const viewer = viewerOf(ctx, row);
  if (viewer !== 'hub') throw forbidden('只有枢纽工会可以将物资退回入库');
  const m = requireHub(ctx, row.hubOrgPath);
  if (!roleMay(m.role, 'supplies.dispatch')) throw forbidden();
  if (row.state === 'exception' && row.departedAt === null) {
    throw conflict(
      'NOTHING_TO_RETURN',
      '该配送单在出库前异常，物资未离开库存，无需退回；可在需求中直接重新派单',
    );
  }
  await inTx(ctx, async (tx) => {
    const t = withTx(ctx, tx);
    // The compare-and-set in apply lets one of two cadres returning it at once win.
    await apply(t, shipmentFlow, {
      id,
      event: 'restock',
      note: note ?? null,
      orgPath: row.hubOrgPath,
      orgId: row.hubOrgId,
    });
    const lines = await tx
      .select({ l: supplyShipmentLines, lineState: supplyRequestLines.state })
      .from(supplyShipmentLines)
      .innerJoin(supplyRequestLines, eq(supplyRequestLines.id, supplyShipmentLines.requestLineId))
      .where(eq(supplyShipmentLines.shipmentId, id))
      .orderBy(asc(supplyShipmentLines.id));
    const reason = `配送单 ${row.code} 异常，物资退回入库`;
    await postStockEntries(
      t,
      lines.flatMap(({ l, lineState }) => {
        const back = {
          itemId: l.itemId,
          quantity: l.quantity,
          requestId: l.requestId,
          requestLineId: l.requestLineId,
          shipmentId: id,
          reason,
        };
        return lineState === 'open'
          ? [
              { ...back, kind: 'received' as const },
              { ...back, kind: 'reserved' as const },
            ]
          : [{ ...back, kind: 'received' as const }];
      }),
    );
    for (const { l } of lines) {
      await tx
        .update(supplyRequestLines)
        .set({ shipped: sql`${supplyRequestLines.shipped} - ${l.quantity}` })
        .where(eq(supplyRequestLines.id, l.requestLineId));
    }
    await notifyUnits(
      tx,
      await requestsOfShipment(tx, id),
      'supplies.shipment.returned',
      (r) => `您的物资需求 ${r.code} 的物资已退回枢纽`,
      `配送单 ${row.code} 的物资已退回工会库存，工会将重新派单。`,
    );
  });
  return toShipment(ctx, id, viewer);
}

// ---------------------------------------------------------------- closing lines, completion

/**
 * Complete the request when each of its lines is received or closed (run inside the transaction of
 * the delivery or the closing; `scope: 'checked-by-caller'` when a partner delivered). Sets
 * `completedAt` and tells the unit. Returns whether it completed.
 */
export async function completeRequestIfDone(
  ctx: Ctx,
  requestId: number,
  opts: { scope?: 'subtree' | 'checked-by-caller' } = {},
): Promise<boolean> {
  const [r] = await ctx.db.select().from(supplyRequests).where(eq(supplyRequests.id, requestId));
  if (!r || (r.state !== 'approved' && r.state !== 'dispatching')) return false;
  const [pending] = await ctx.db
    .select({ n: count() })
    .from(supplyRequestLines)
    .where(and(eq(supplyRequestLines.requestId, requestId), eq(supplyRequestLines.state, 'open')));
  if ((pending?.n ?? 0) > 0) return false;
  await apply(ctx, requestFlow, {
    id: requestId,
    event: 'complete',
    orgPath: r.orgPath,
    orgId: r.orgId,
    scope: opts.scope ?? 'subtree',
  });
  await ctx.db
    .update(supplyRequests)
    .set({ completedAt: sql`now()` })
    .where(eq(supplyRequests.id, requestId));
  await notify(ctx.db, {
    userIds: await unitAudience(ctx.db, [r.orgId]),
    kind: 'supplies.request.completed',
    title: `您的物资需求 ${r.code} 已完成`,
    body: '所有物资已签收或已关闭，可在需求详情查看每种物资的申请、审核、发出和签收数量。',
    link: requestLink(requestId),
  });
  return true;
}

/**
 * 关闭明细: the hub closes an open line with a reason (e.g. a short delivery that will not be made
 * up). Not while some of it is on a shipment still on its way. What is still reserved for it
 * (approved − shipped) is released; then the request may be complete.
 */
export async function closeRequestLine(
  ctx: Ctx,
  requestId: number,
  lineId: number,
  reason: string,
): Promise<{ requestId: number; lineId: number; released: number; requestState: RequestState }> {
  const m = requireActor(ctx).membership;
  const [found] = await ctx.db.select().from(supplyRequests).where(eq(supplyRequests.id, requestId));
  if (!found) throw notFound('需求不存在或无权查看');
  if (!isWithin(found.hubOrgPath, m.orgPath)) {
    // The unit sees its request but may not close its lines; anybody else learns nothing.
    if (isWithin(found.orgPath, m.orgPath) && !isPartnerMember(m)) {
      throw forbidden('只有枢纽工会可以关闭需求明细');
    }
    throw notFound('需求不存在或无权查看');
  }
  requireHub(ctx, found.hubOrgPath);
  if (!roleMay(m.role, 'supplies.dispatch')) throw forbidden();

  return inTx(ctx, async (tx) => {
    const t = withTx(ctx, tx);
    const [r] = await tx.select().from(supplyRequests).where(eq(supplyRequests.id, requestId)).for('update');
    if (!r) throw notFound('需求不存在或无权查看');
    const [line] = await tx
      .select({ l: supplyRequestLines, itemName: supplyItems.name, unit: supplyItems.unit })
      .from(supplyRequestLines)
      .innerJoin(supplyItems, eq(supplyItems.id, supplyRequestLines.itemId))
      .where(and(eq(supplyRequestLines.id, lineId), eq(supplyRequestLines.requestId, requestId)));
    if (!line) throw notFound('需求明细不存在');
    if (r.state !== 'approved' && r.state !== 'dispatching') {
      throw conflict('REQUEST_NOT_OPEN', '只有待配送或配送中的需求可以关闭明细');
    }
    if (line.l.state !== 'open') {
      throw conflict('LINE_NOT_OPEN', '该明细已收齐或已关闭');
    }
    const [onRoad] = await tx
      .select({ code: supplyShipments.code })
      .from(supplyShipmentLines)
      .innerJoin(supplyShipments, eq(supplyShipments.id, supplyShipmentLines.shipmentId))
      .where(
        and(
          eq(supplyShipmentLines.requestLineId, lineId),
          inArray(supplyShipments.state, ['pending', 'departed', 'in_transit']),
        ),
      )
      .limit(1);
    if (onRoad) {
      throw conflict(
        'LINE_ON_SHIPMENT',
        `该物资在配送单 ${onRoad.code} 上尚未送达，请待签收或标记异常后再关闭`,
      );
    }
    const released = Math.max(0, (line.l.approved ?? 0) - line.l.shipped);
    if (released > 0) {
      await postStockEntries(t, [
        {
          itemId: line.l.itemId,
          kind: 'released',
          quantity: released,
          requestId,
          requestLineId: lineId,
          reason: `关闭需求 ${r.code} 明细：${reason}`,
        },
      ]);
    }
    await tx
      .update(supplyRequestLines)
      .set({ state: 'closed', closeReason: reason })
      .where(eq(supplyRequestLines.id, lineId));
    const actor = requireActor(ctx);
    await tx.insert(timelineEvents).values({
      entityType: requestFlow.entityType,
      entityId: String(requestId),
      event: 'closeLine',
      fromState: r.state,
      toState: r.state,
      actorUserId: actor.userId,
      actorName: actor.displayName,
      actorRole: actor.membership.role,
      note: `「${line.itemName}」：${reason}`,
    });
    await recordAudit(t, {
      action: 'supplies.request.closeLine',
      entityType: requestFlow.entityType,
      entityId: requestId,
      orgId: r.orgId,
      orgPath: r.orgPath,
      detail: { lineId, itemId: line.l.itemId, released, reason },
    });
    const done = await completeRequestIfDone(t, requestId);
    if (!done) {
      await notify(tx, {
        userIds: await unitAudience(tx, [r.orgId]),
        kind: 'supplies.request.lineClosed',
        title: `您的物资需求 ${r.code} 中「${line.itemName}」已关闭`,
        body: reason,
        link: requestLink(requestId),
      });
    }
    return { requestId, lineId, released, requestState: done ? 'completed' : (r.state as RequestState) };
  });
}

// ---------------------------------------------------------------- manifest

/** 装车清单 for the driver: the lines, the point, its contact; for the hub and the partner. */
export async function shipmentManifest(ctx: Ctx, id: number): Promise<{ buffer: Buffer; code: string }> {
  const row = await loadShipment(ctx.db, id);
  const viewer = viewerOf(ctx, row);
  if (viewer === 'unit') throw forbidden('装车清单仅供枢纽工会和物流单位使用');
  const s = await toShipment(ctx, id, viewer);
  const lines = await linesOf(ctx.db, [id]);
  const sheets: Sheet[] = [
    {
      name: '装车清单',
      headers: [
        { header: '序号', width: 6 },
        { header: '需求编号', width: 20 },
        { header: '物资', width: 24 },
        { header: '规格', width: 20 },
        { header: '单位', width: 8 },
        { header: '装车数量', width: 10 },
        { header: '签收数量', width: 10 },
      ],
      rows: lines.map((l, i) => [i + 1, l.requestCode, l.itemName, l.spec, l.unit, l.quantity, l.received]),
    },
    {
      name: '配送信息',
      headers: [
        { header: '项目', width: 16 },
        { header: '内容', width: 48 },
      ],
      rows: [
        ['配送单号', s.code],
        ['状态', shipmentStateLabels[s.state]],
        ['紧急程度', urgencyLabels[s.urgency]],
        ['发货工会', s.hub.name],
        ['物流单位', s.partner.name],
        ['收货单位', s.point.org.name],
        ['配送点位', `${s.point.name}（${pointKindLabels[s.point.kind]}）`],
        ['地址', s.point.address],
        ['联系人', s.point.contactName],
        ['联系电话', s.point.contactPhone],
        ['车牌号', s.vehiclePlate],
        ['司机', s.driverName],
        ['司机电话', s.driverPhone],
        ['司机核酸检测时间', s.driverTestedAt ? new Date(s.driverTestedAt) : null],
        ['消杀', s.disinfection.map((c) => disinfectionCheckLabels[c]).join('、') || '出库时填写'],
        ['备注', s.note],
      ],
    },
  ];
  await recordAudit(ctx, {
    action: 'supplies.export',
    entityType: shipmentFlow.entityType,
    entityId: id,
    orgId: row.hubOrgId,
    orgPath: row.hubOrgPath,
    detail: { kind: 'manifest', code: row.code },
  });
  return { buffer: await writeSheets(sheets), code: row.code };
}
