import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import {
  type LineState,
  lineStateLabels,
  type PointKind,
  type RequestChannel,
  type RequestState,
  requestChannelLabels,
  requestStateLabels,
  type ShipmentState,
  type TApproveInput,
  type THotlineRequestInput,
  type TListRequestsQuery,
  type TRequest,
  type TRequestEvent,
  type TRequestInput,
  type TRequestLine,
  type TRequestListItem,
  type TRequestTemplate,
  type TReviewPreview,
  type Urgency,
  urgencyLabels,
} from '../../../shared/supplies.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { authorize, inSubtree, isWithin, requireActor, roleMay } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { type ActingMembership, type Ctx, withTx } from '../../platform/context.ts';
import {
  type AppError,
  badRequest,
  conflict,
  type FieldIssue,
  forbidden,
  notFound,
} from '../../platform/errors.ts';
import { type Sheet, writeSheets } from '../../platform/excel/excel.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { maskMobile } from '../../platform/pii/pii.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { apply, recordCreated } from '../../platform/workflow/workflow.ts';
import { postStockEntries, type StockMove, stockOf } from './stock.service.ts';
import { type HubRef, hubOfUnit, isPartner, membersOf, nextCode, requireHub } from './supplies.access.ts';
import { requestFlow, requestNoteEventLabels, shipmentFlow } from './supplies.flow.ts';
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
 * 物资需求 (issue #6): units request catalogue items for a delivery point, hotline cadres enter
 * requests taken by phone, the hub union reviews them and reserves stock atomically on approval.
 * Dispatch, delivery and line closing live in shipments.service.ts.
 */

export type RequestRow = typeof supplyRequests.$inferSelect;
export type RequestLineRow = typeof supplyRequestLines.$inferSelect;
type ItemRow = typeof supplyItems.$inferSelect;
type PointRow = typeof supplyPoints.$inferSelect;

const NOT_FOUND = '物资需求不存在或无权查看';
const iso = (d: Date | null) => d?.toISOString() ?? null;
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Run `fn` in a transaction (a savepoint when the caller is already in one). */
export function inTx<T>(ctx: Ctx, fn: (t: Ctx) => Promise<T>): Promise<T> {
  return (ctx.db as Db).transaction((tx) => fn(withTx(ctx, tx)));
}

// ---------------------------------------------------------------- reads for other parts of the module

/** The request row without access checks (the caller checks). */
export async function loadRequestRow(db: DbOrTx, id: number): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(supplyRequests).where(eq(supplyRequests.id, id));
  return row;
}

/** The request row, locked for the rest of the caller's transaction. */
export async function loadRequestForUpdate(tx: DbOrTx, id: number): Promise<RequestRow | undefined> {
  const [row] = await tx.select().from(supplyRequests).where(eq(supplyRequests.id, id)).for('update');
  return row;
}

/** The lines of a request, in line order. */
export async function loadRequestLines(db: DbOrTx, requestId: number): Promise<RequestLineRow[]> {
  return db
    .select()
    .from(supplyRequestLines)
    .where(eq(supplyRequestLines.requestId, requestId))
    .orderBy(asc(supplyRequestLines.id));
}

/** The point row without access checks. */
export async function loadPointRow(db: DbOrTx, id: number): Promise<PointRow | undefined> {
  const [row] = await db.select().from(supplyPoints).where(eq(supplyPoints.id, id));
  return row;
}

/** Whether the acting membership sits at the request's hub (or above) and is not a partner. */
export const atHub = (m: ActingMembership, hubOrgPath: string) =>
  isWithin(hubOrgPath, m.orgPath) && !isPartner(m);

/** The cadres, reviewers and admins of a hub: who reviews new requests. */
export const hubReviewers = (db: DbOrTx, hubOrgId: number) =>
  membersOf(db, [hubOrgId], ['cadre', 'reviewer', 'admin']);
/** The cadres and admins of a requesting unit: who follows its requests. */
export const unitFollowers = (db: DbOrTx, orgId: number) => membersOf(db, [orgId], ['cadre', 'admin']);

const requestLink = (id: number) => `/supplies/requests/${id}`;

// ---------------------------------------------------------------- line checks

/** Whether an item is requestable now: active and inside its window. */
export function itemRequestable(
  item: Pick<ItemRow, 'state' | 'activeFrom' | 'activeUntil'>,
  now = new Date(),
) {
  if (item.state !== 'active') return false;
  if (item.activeFrom && item.activeFrom > now) return false;
  if (item.activeUntil && item.activeUntil <= now) return false;
  return true;
}

function whyNotRequestable(item: ItemRow, hubId: number, now: Date): string | null {
  if (item.hubOrgId !== hubId) return '该物资不在本单位可申请的目录中';
  if (item.state !== 'active') return `「${item.name}」已下架，暂不能申请`;
  if (item.activeFrom && item.activeFrom > now) return `「${item.name}」尚未到可申请时间`;
  if (item.activeUntil && item.activeUntil <= now) return `「${item.name}」已过可申请时间`;
  return null;
}

/**
 * Every line's item must belong to the hub's catalogue, be active and inside its window, and the
 * quantity within its per-request limit. Throws one 400 listing every bad field.
 */
export async function checkLines(
  db: DbOrTx,
  hub: HubRef,
  lines: readonly { itemId: number; quantity: number }[],
  field = 'lines',
): Promise<Map<number, ItemRow>> {
  const ids = [...new Set(lines.map((l) => l.itemId))];
  const items = ids.length ? await db.select().from(supplyItems).where(inArray(supplyItems.id, ids)) : [];
  const byId = new Map(items.map((i) => [i.id, i]));
  const issues: FieldIssue[] = [];
  const seen = new Set<number>();
  const now = new Date();
  lines.forEach((l, i) => {
    const item = byId.get(l.itemId);
    if (seen.has(l.itemId)) {
      issues.push({ field: `${field}.${i}.itemId`, message: '同一物资请合并为一行' });
      return;
    }
    seen.add(l.itemId);
    const why = item ? whyNotRequestable(item, hub.id, now) : '该物资不在本单位可申请的目录中';
    if (why) {
      issues.push({ field: `${field}.${i}.itemId`, message: why });
      return;
    }
    if (item?.perRequestLimit != null && l.quantity > item.perRequestLimit) {
      issues.push({
        field: `${field}.${i}.quantity`,
        message: `「${item.name}」每次最多申请 ${item.perRequestLimit}${item.unit}`,
      });
    }
  });
  if (issues.length > 0) throw badRequest('VALIDATION_FAILED', `输入有误：${issues[0]?.message}`, issues);
  return byId;
}

// ---------------------------------------------------------------- submitting

interface NewRequest {
  point: PointRow;
  hub: HubRef;
  input: Pick<TRequestInput, 'urgency' | 'staffServed' | 'note' | 'lines'>;
  channel: RequestChannel;
  callerName?: string | null;
  callerPhone?: string | null;
  copiedFromId?: number | null;
  specialRequestId?: number | null;
}

/**
 * Insert a submitted request with its lines, its first timeline event and audit row, and tell the
 * hub's reviewers (and, when someone entered it on the unit's behalf, the unit). `t.db` must be a
 * transaction. Lines are checked here. Returns the new id.
 */
export async function insertRequest(t: Ctx, r: NewRequest): Promise<{ id: number; code: string }> {
  const actor = requireActor(t);
  await checkLines(t.db, r.hub, r.input.lines);
  const { id, code } = await nextCode(t.db, 'supply_requests', 'XQ');
  const onBehalf = r.channel !== 'online';
  await t.db.insert(supplyRequests).values({
    id,
    code,
    orgId: r.point.orgId,
    orgPath: r.point.orgPath,
    hubOrgId: r.hub.id,
    hubOrgPath: r.hub.path,
    pointId: r.point.id,
    state: 'submitted',
    urgency: r.input.urgency,
    staffServed: r.input.staffServed,
    note: r.input.note ?? null,
    channel: r.channel,
    callerName: r.callerName ?? null,
    callerPhoneEnc: r.callerPhone ? t.deps.vault.encrypt(r.callerPhone) : null,
    enteredBy: onBehalf ? actor.userId : null,
    copiedFromId: r.copiedFromId ?? null,
    specialRequestId: r.specialRequestId ?? null,
  });
  await t.db
    .insert(supplyRequestLines)
    .values(r.input.lines.map((l) => ({ requestId: id, itemId: l.itemId, requested: l.quantity })));
  const createNote =
    r.channel === 'hotline'
      ? `热线代录（来电人 ${r.callerName ?? ''}）`
      : r.channel === 'special'
        ? '特殊需求转为物资需求'
        : undefined;
  await recordCreated(t, requestFlow.entityType, id, 'submitted', createNote);
  await recordAudit(t, {
    action: 'supplies.request.create',
    entityType: requestFlow.entityType,
    entityId: id,
    orgId: r.point.orgId,
    orgPath: r.point.orgPath,
    detail: {
      code,
      channel: r.channel,
      pointId: r.point.id,
      urgency: r.input.urgency,
      lines: r.input.lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity })),
    },
  });
  const [unit] = await t.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, r.point.orgId));
  await notify(t.db, {
    userIds: (await hubReviewers(t.db, r.hub.id)).filter((u) => u !== actor.userId),
    kind: 'supplies.request.submitted',
    title: `${unit?.name ?? ''}提报物资需求 ${code}（${urgencyLabels[r.input.urgency]}），请审核`,
    body: `${requestChannelLabels[r.channel]}，配送点位：${r.point.name}`,
    link: requestLink(id),
  });
  if (onBehalf) {
    await notify(t.db, {
      userIds: (await unitFollowers(t.db, r.point.orgId)).filter((u) => u !== actor.userId),
      kind: `supplies.request.${r.channel === 'hotline' ? 'hotline' : 'converted'}`,
      title:
        r.channel === 'hotline'
          ? `服务热线已为本单位录入物资需求 ${code}，等待审核`
          : `您的特殊需求已转为物资需求 ${code}，等待审核`,
      link: requestLink(id),
    });
  }
  return { id, code };
}

/** The point a request is for, active and inside the caller's subtree (404 otherwise). */
async function requestablePoint(ctx: Ctx, pointId: number, action: string): Promise<PointRow> {
  const point = await loadPointRow(ctx.db, pointId);
  if (!point) throw notFound('配送点位不存在或无权查看');
  authorize(ctx, action, { orgPath: point.orgPath });
  if (!point.active) {
    throw badRequest('VALIDATION_FAILED', '该配送点位已停用', [
      { field: 'pointId', message: '该配送点位已停用' },
    ]);
  }
  return point;
}

async function hubFor(db: DbOrTx, unitPath: string): Promise<HubRef> {
  const hub = await hubOfUnit(db, unitPath);
  if (!hub) {
    throw badRequest('NO_HUB', '本单位上级工会尚未开通物资目录，暂不能提报需求', [
      { field: 'pointId', message: '本单位上级工会尚未开通物资目录' },
    ]);
  }
  return hub;
}

/** A repeat order must copy a request the caller can see. */
async function checkCopiedFrom(ctx: Ctx, id: number | null | undefined): Promise<number | null> {
  if (id == null) return null;
  const src = await loadRequestRow(ctx.db, id);
  const m = requireActor(ctx).membership;
  if (!src || !visibleTo(m, src)) {
    throw badRequest('VALIDATION_FAILED', '复制来源需求不存在', [
      { field: 'copiedFromId', message: '复制来源需求不存在' },
    ]);
  }
  return id;
}

/**
 * 提报: a cadre / admin of a unit (or of a union above it) requests catalogue items for a delivery
 * point in their subtree; the requesting unit is the point's org, reviewed by its hub union.
 */
export async function submitRequest(ctx: Ctx, input: TRequestInput): Promise<TRequest> {
  authorize(ctx, 'supplies.request');
  const point = await requestablePoint(ctx, input.pointId, 'supplies.request');
  const hub = await hubFor(ctx.db, point.orgPath);
  const copiedFromId = await checkCopiedFrom(ctx, input.copiedFromId);
  const { id } = await inTx(ctx, (t) =>
    insertRequest(t, { point, hub, input, channel: 'online', copiedFromId }),
  );
  return getRequest(ctx, id);
}

/** 热线代录: a hotline cadre of the hub enters a request taken by phone on a unit's behalf. */
export async function submitHotlineRequest(ctx: Ctx, input: THotlineRequestInput): Promise<TRequest> {
  authorize(ctx, 'supplies.hotline');
  const unit = await findOrg(ctx.db, input.orgId);
  if (!unit) throw notFound('提报单位不存在或无权查看');
  authorize(ctx, 'supplies.hotline', { orgPath: unit.path });
  const point = await requestablePoint(ctx, input.pointId, 'supplies.hotline');
  if (point.orgId !== unit.id) {
    throw badRequest('VALIDATION_FAILED', '该配送点位不属于所选单位', [
      { field: 'pointId', message: '该配送点位不属于所选单位' },
    ]);
  }
  const hub = await hubFor(ctx.db, point.orgPath);
  requireHub(ctx, hub.path);
  const copiedFromId = await checkCopiedFrom(ctx, input.copiedFromId);
  const { id } = await inTx(ctx, (t) =>
    insertRequest(t, {
      point,
      hub,
      input,
      channel: 'hotline',
      callerName: input.callerName,
      callerPhone: input.callerPhone,
      copiedFromId,
    }),
  );
  return getRequest(ctx, id);
}

// ---------------------------------------------------------------- who sees a request

/** Union users see the requests of their subtree, by the unit's path or the hub's. Partners never. */
export function visibleTo(m: ActingMembership, r: Pick<RequestRow, 'orgPath' | 'hubOrgPath'>): boolean {
  if (isPartner(m) || !roleMay(m.role, 'supplies.view')) return false;
  return isWithin(r.orgPath, m.orgPath) || isWithin(r.hubOrgPath, m.orgPath);
}

/** The request if the caller may see it: 403 for partners and roles without the view, 404 outside. */
export async function seeRequest(ctx: Ctx, id: number): Promise<RequestRow> {
  const m = requireActor(ctx).membership;
  if (isPartner(m)) throw forbidden();
  authorize(ctx, 'supplies.view');
  const r = await loadRequestRow(ctx.db, id);
  if (!r || !visibleTo(m, r)) throw notFound(NOT_FOUND);
  return r;
}

// ---------------------------------------------------------------- presenting

interface LineView {
  line: RequestLineRow;
  item: Pick<ItemRow, 'id' | 'name' | 'unit' | 'spec' | 'unitValueFen' | 'supplierOrgId' | 'perRequestLimit'>;
  supplierName: string | null;
}

async function linesWithItems(db: DbOrTx, requestIds: readonly number[]): Promise<LineView[]> {
  if (requestIds.length === 0) return [];
  const rows = await db
    .select({
      line: supplyRequestLines,
      item: {
        id: supplyItems.id,
        name: supplyItems.name,
        unit: supplyItems.unit,
        spec: supplyItems.spec,
        unitValueFen: supplyItems.unitValueFen,
        supplierOrgId: supplyItems.supplierOrgId,
        perRequestLimit: supplyItems.perRequestLimit,
      },
      supplierName: orgs.name,
    })
    .from(supplyRequestLines)
    .innerJoin(supplyItems, eq(supplyItems.id, supplyRequestLines.itemId))
    .leftJoin(orgs, eq(orgs.id, supplyItems.supplierOrgId))
    .where(inArray(supplyRequestLines.requestId, [...requestIds]))
    .orderBy(asc(supplyRequestLines.id));
  return rows;
}

function toLine(v: LineView): TRequestLine {
  const { line, item } = v;
  return {
    id: line.id,
    item: {
      id: item.id,
      name: item.name,
      unit: item.unit,
      spec: item.spec,
      unitValueFen: item.unitValueFen,
      supplier: item.supplierOrgId != null ? { id: item.supplierOrgId, name: v.supplierName ?? '' } : null,
    },
    requested: line.requested,
    approved: line.approved,
    shipped: line.shipped,
    received: line.received,
    state: line.state as LineState,
    reduceReason: line.reduceReason,
    closeReason: line.closeReason,
  };
}

/** Fewer approved than requested, fewer received than approved on a finished line. */
export function lineIsShort(
  l: Pick<RequestLineRow, 'requested' | 'approved' | 'received' | 'state'>,
  requestState?: string,
): boolean {
  if (l.approved == null) return false;
  if (l.approved < l.requested) return true;
  const finished = l.state !== 'open' || requestState === 'completed';
  return finished && l.received < l.approved;
}

const linesValue = (views: LineView[]) =>
  views.reduce((sum, v) => sum + (v.line.approved ?? v.line.requested) * v.item.unitValueFen, 0);

const requestEventLabels: Record<string, string> = { ...requestFlow.eventLabels, ...requestNoteEventLabels };
const createLabels: Record<string, string> = {
  online: '提报物资需求',
  hotline: '服务热线代录需求',
  special: '特殊需求转为物资需求',
};
const shipmentEventLabels: Record<string, string> = { ...shipmentFlow.eventLabels, create: '生成配送单' };

/** The request's own events and its shipments' events, merged by time. */
async function mergedTimeline(
  db: DbOrTx,
  r: RequestRow,
  shipments: { id: number; code: string }[],
): Promise<TRequestEvent[]> {
  const shipmentIds = shipments.map((s) => String(s.id));
  const codeOf = new Map(shipments.map((s) => [String(s.id), s.code]));
  const own = and(
    eq(timelineEvents.entityType, requestFlow.entityType),
    eq(timelineEvents.entityId, String(r.id)),
  );
  const rows = await db
    .select()
    .from(timelineEvents)
    .where(
      shipmentIds.length
        ? or(
            own,
            and(
              eq(timelineEvents.entityType, shipmentFlow.entityType),
              inArray(timelineEvents.entityId, shipmentIds),
            ),
          )
        : own,
    )
    .orderBy(asc(timelineEvents.at), asc(timelineEvents.id));
  return rows.map((e) => {
    const isShipment = e.entityType === shipmentFlow.entityType;
    const label = isShipment
      ? `配送单 ${codeOf.get(e.entityId) ?? ''} ${shipmentEventLabels[e.event] ?? e.event}`
      : e.event === 'create'
        ? (createLabels[r.channel] ?? '提报物资需求')
        : (requestEventLabels[e.event] ?? e.event);
    return { event: e.event, label, at: e.at.toISOString(), actor: e.actorName, note: e.note };
  });
}

interface ShipmentBriefRow {
  id: number;
  code: string;
  state: string;
  partnerOrgId: number;
  partnerName: string;
  vehiclePlate: string | null;
  departedAt: Date | null;
  deliveredAt: Date | null;
}

async function shipmentsOf(db: DbOrTx, requestId: number): Promise<ShipmentBriefRow[]> {
  return db
    .selectDistinct({
      id: supplyShipments.id,
      code: supplyShipments.code,
      state: supplyShipments.state,
      partnerOrgId: supplyShipments.partnerOrgId,
      partnerName: orgs.name,
      vehiclePlate: supplyShipments.vehiclePlate,
      departedAt: supplyShipments.departedAt,
      deliveredAt: supplyShipments.deliveredAt,
    })
    .from(supplyShipmentLines)
    .innerJoin(supplyShipments, eq(supplyShipments.id, supplyShipmentLines.shipmentId))
    .innerJoin(orgs, eq(orgs.id, supplyShipments.partnerOrgId))
    .where(eq(supplyShipmentLines.requestId, requestId))
    .orderBy(asc(supplyShipments.id));
}

/** Σ per request line still to be loaded: approved − quantities on shipments that hold goods for it. */
async function outstandingByLine(db: DbOrTx, requestId: number, lines: RequestLineRow[]) {
  const rows = await db
    .select({
      lineId: supplyShipmentLines.requestLineId,
      q: sql<number>`sum(${supplyShipmentLines.quantity})`.mapWith(Number),
    })
    .from(supplyShipmentLines)
    .innerJoin(supplyShipments, eq(supplyShipments.id, supplyShipmentLines.shipmentId))
    .where(
      and(
        eq(supplyShipmentLines.requestId, requestId),
        shipmentHoldsGoods(supplyShipments.state, supplyShipments.departedAt),
      ),
    )
    .groupBy(supplyShipmentLines.requestLineId);
  const onShipments = new Map(rows.map((r) => [r.lineId, r.q]));
  return new Map(
    lines.map((l) => [
      l.id,
      l.state === 'open' ? Math.max(0, (l.approved ?? 0) - (onShipments.get(l.id) ?? 0)) : 0,
    ]),
  );
}

/** What the caller may do now (the server checks again): withdraw, review, dispatch, closeLine, copy. */
async function actionsFor(ctx: Ctx, r: RequestRow, lines: RequestLineRow[]): Promise<string[]> {
  const m = requireActor(ctx).membership;
  const out: string[] = [];
  const hub = atHub(m, r.hubOrgPath);
  const state = r.state as RequestState;
  const mayRequest = roleMay(m.role, 'supplies.request') && isWithin(r.orgPath, m.orgPath);
  if (state === 'submitted' && mayWithdraw(ctx, r)) out.push('withdraw');
  if (state === 'submitted' && hub && roleMay(m.role, 'supplies.review')) out.push('review');
  if ((state === 'approved' || state === 'dispatching') && hub && roleMay(m.role, 'supplies.dispatch')) {
    const outstanding = await outstandingByLine(ctx.db, r.id, lines);
    if ([...outstanding.values()].some((q) => q > 0)) out.push('dispatch');
    if (lines.some((l) => l.state === 'open')) out.push('closeLine');
  }
  if (mayRequest || (hub && roleMay(m.role, 'supplies.hotline'))) out.push('copy');
  return out;
}

async function present(ctx: Ctx, r: RequestRow): Promise<TRequest> {
  const m = requireActor(ctx).membership;
  const [views, shipments, names, point, enteredBy, copiedFrom] = await Promise.all([
    linesWithItems(ctx.db, [r.id]),
    shipmentsOf(ctx.db, r.id),
    ctx.db
      .select({ id: orgs.id, name: orgs.name })
      .from(orgs)
      .where(inArray(orgs.id, [r.orgId, r.hubOrgId])),
    loadPointRow(ctx.db, r.pointId),
    r.enteredBy
      ? ctx.db.select({ name: users.displayName }).from(users).where(eq(users.id, r.enteredBy))
      : Promise.resolve([]),
    r.copiedFromId
      ? ctx.db
          .select({ code: supplyRequests.code })
          .from(supplyRequests)
          .where(eq(supplyRequests.id, r.copiedFromId))
      : Promise.resolve([]),
  ]);
  const nameOf = new Map(names.map((o) => [o.id, o.name]));
  let caller: TRequest['caller'] = null;
  if (r.callerName) {
    const phone = r.callerPhoneEnc ? ctx.deps.vault.decrypt(r.callerPhoneEnc) : '';
    caller = { name: r.callerName, phone: atHub(m, r.hubOrgPath) ? phone : maskMobile(phone) };
  }
  return {
    id: r.id,
    code: r.code,
    org: { id: r.orgId, name: nameOf.get(r.orgId) ?? '' },
    hub: { id: r.hubOrgId, name: nameOf.get(r.hubOrgId) ?? '' },
    point: {
      id: r.pointId,
      name: point?.name ?? '',
      kind: (point?.kind ?? 'other') as PointKind,
      address: point?.address ?? '',
    },
    state: r.state as RequestState,
    urgency: r.urgency as Urgency,
    staffServed: r.staffServed,
    note: r.note,
    channel: r.channel as RequestChannel,
    caller,
    enteredBy: enteredBy[0]?.name ?? null,
    copiedFromId: r.copiedFromId,
    copiedFromCode: copiedFrom[0]?.code ?? null,
    specialRequestId: r.specialRequestId,
    reviewNote: r.reviewNote,
    rejectReason: r.rejectReason,
    lines: views.map(toLine),
    shipments: shipments.map((s) => ({
      id: s.id,
      code: s.code,
      state: s.state as ShipmentState,
      partner: { id: s.partnerOrgId, name: s.partnerName },
      vehiclePlate: s.vehiclePlate,
      departedAt: iso(s.departedAt),
      deliveredAt: iso(s.deliveredAt),
    })),
    valueFen: linesValue(views),
    submittedAt: r.submittedAt.toISOString(),
    reviewedAt: iso(r.reviewedAt),
    completedAt: iso(r.completedAt),
    timeline: await mergedTimeline(ctx.db, r, shipments),
    actions: await actionsFor(
      ctx,
      r,
      views.map((v) => v.line),
    ),
  };
}

/** One request as the caller may see it, with lines, shipments, the merged timeline and actions. */
export async function getRequest(ctx: Ctx, id: number): Promise<TRequest> {
  return present(ctx, await seeRequest(ctx, id));
}

// ---------------------------------------------------------------- list and export

async function listFilter(ctx: Ctx, q: Omit<TListRequestsQuery, 'page' | 'pageSize' | 'sort'>): Promise<SQL> {
  const m = requireActor(ctx).membership;
  if (isPartner(m)) throw forbidden();
  authorize(ctx, 'supplies.view');
  let root = m.orgPath;
  if (q.orgId !== undefined) {
    const org = await findOrg(ctx.db, q.orgId);
    if (!org) throw notFound('组织不存在或无权查看');
    authorize(ctx, 'supplies.view', { orgPath: org.path });
    root = org.path;
  }
  const conds: SQL[] = [
    or(inSubtree(supplyRequests.orgPath, root), inSubtree(supplyRequests.hubOrgPath, root)) as SQL,
  ];
  if (q.state) conds.push(eq(supplyRequests.state, q.state));
  if (q.urgency) conds.push(eq(supplyRequests.urgency, q.urgency));
  if (q.channel) conds.push(eq(supplyRequests.channel, q.channel));
  if (q.pointId !== undefined) conds.push(eq(supplyRequests.pointId, q.pointId));
  const text = q.q?.trim();
  if (text) {
    const like = `%${escapeLike(text)}%`;
    conds.push(
      or(
        ilike(supplyRequests.code, like),
        sql`exists (select 1 from orgs o where o.id = ${supplyRequests.orgId} and o.name ilike ${like})`,
        sql`exists (select 1 from supply_request_lines l join supply_items i on i.id = l.item_id
                    where l.request_id = ${supplyRequests.id} and i.name ilike ${like})`,
      ) as SQL,
    );
  }
  return and(...conds) as SQL;
}

const urgencyRank = sql`case ${supplyRequests.urgency} when 'critical' then 0 when 'urgent' then 1 else 2 end`;

function orderOf(sort: TListRequestsQuery['sort']): SQL[] {
  if (sort === 'urgency') return [asc(urgencyRank), asc(supplyRequests.submittedAt), asc(supplyRequests.id)];
  if (sort === 'oldest') return [asc(supplyRequests.submittedAt), asc(supplyRequests.id)];
  return [desc(supplyRequests.submittedAt), desc(supplyRequests.id)];
}

function summaryOf(views: LineView[]): string {
  const first = views[0];
  if (!first) return '';
  const head = `${first.item.name} ×${first.line.requested}`;
  return views.length > 1 ? `${head} 等 ${views.length} 种` : head;
}

/** Requests of the caller's subtree (or of `orgId` in it), as the unit's or the hub's path. */
export async function listRequests(ctx: Ctx, q: TListRequestsQuery) {
  const where = await listFilter(ctx, q);
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select({ r: supplyRequests, orgName: orgs.name, pointName: supplyPoints.name })
      .from(supplyRequests)
      .innerJoin(orgs, eq(orgs.id, supplyRequests.orgId))
      .innerJoin(supplyPoints, eq(supplyPoints.id, supplyRequests.pointId))
      .where(where)
      .orderBy(...orderOf(q.sort))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(supplyRequests).where(where),
  ]);
  const views = await linesWithItems(
    ctx.db,
    rows.map((x) => x.r.id),
  );
  const byRequest = new Map<number, LineView[]>();
  for (const v of views) {
    const list = byRequest.get(v.line.requestId) ?? [];
    list.push(v);
    byRequest.set(v.line.requestId, list);
  }
  const items: TRequestListItem[] = rows.map(({ r, orgName, pointName }) => {
    const ls = byRequest.get(r.id) ?? [];
    return {
      id: r.id,
      code: r.code,
      org: { id: r.orgId, name: orgName },
      pointName,
      state: r.state as RequestState,
      urgency: r.urgency as Urgency,
      channel: r.channel as RequestChannel,
      staffServed: r.staffServed,
      lineCount: ls.length,
      summary: summaryOf(ls),
      valueFen: linesValue(ls),
      short: ls.some((v) => lineIsShort(v.line, r.state)),
      submittedAt: r.submittedAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  });
  return { items, total: counted?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export const EXPORT_MAX_REQUESTS = 5000;

/** The filtered list as a workbook (one sheet of requests, one of their lines); audited. */
export async function exportRequests(ctx: Ctx, q: TListRequestsQuery): Promise<Buffer> {
  const m = requireActor(ctx).membership;
  const where = await listFilter(ctx, q);
  const [n] = await ctx.db.select({ n: count() }).from(supplyRequests).where(where);
  const total = n?.n ?? 0;
  if (total > EXPORT_MAX_REQUESTS) {
    throw badRequest(
      'EXPORT_TOO_LARGE',
      `符合条件的需求有 ${total} 条，一次最多导出 ${EXPORT_MAX_REQUESTS} 条，请按状态、单位等缩小范围后分批导出`,
    );
  }
  const rows = await ctx.db
    .select({ r: supplyRequests, orgName: orgs.name, pointName: supplyPoints.name })
    .from(supplyRequests)
    .innerJoin(orgs, eq(orgs.id, supplyRequests.orgId))
    .innerJoin(supplyPoints, eq(supplyPoints.id, supplyRequests.pointId))
    .where(where)
    .orderBy(...orderOf(q.sort));
  const views = await linesWithItems(
    ctx.db,
    rows.map((x) => x.r.id),
  );
  const byRequest = new Map<number, LineView[]>();
  for (const v of views) {
    const list = byRequest.get(v.line.requestId) ?? [];
    list.push(v);
    byRequest.set(v.line.requestId, list);
  }
  const day = (d: Date | null) =>
    d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '';
  const yuan = (fen: number) => fen / 100;
  const requestSheet: Sheet = {
    name: '物资需求',
    headers: [
      { header: '需求编号', width: 20 },
      { header: '提报单位', width: 24 },
      { header: '配送点位', width: 24 },
      { header: '状态', width: 8 },
      { header: '紧急程度', width: 8 },
      { header: '渠道', width: 14 },
      { header: '服务人数', width: 8 },
      { header: '物资种数', width: 8 },
      { header: '价值（元）', width: 12 },
      { header: '有短缺', width: 8 },
      { header: '提报时间', width: 18 },
      { header: '审核时间', width: 18 },
      { header: '完成时间', width: 18 },
      { header: '不通过理由', width: 24 },
      { header: '备注', width: 30 },
    ],
    rows: rows.map(({ r, orgName, pointName }) => {
      const ls = byRequest.get(r.id) ?? [];
      return [
        r.code,
        orgName,
        pointName,
        requestStateLabels[r.state as RequestState] ?? r.state,
        urgencyLabels[r.urgency as Urgency] ?? r.urgency,
        requestChannelLabels[r.channel as RequestChannel] ?? r.channel,
        r.staffServed,
        ls.length,
        yuan(linesValue(ls)),
        ls.some((v) => lineIsShort(v.line, r.state)) ? '是' : '否',
        day(r.submittedAt),
        day(r.reviewedAt),
        day(r.completedAt),
        r.rejectReason ?? '',
        r.note ?? '',
      ];
    }),
  };
  const lineSheet: Sheet = {
    name: '需求明细',
    headers: [
      { header: '需求编号', width: 20 },
      { header: '提报单位', width: 24 },
      { header: '物资', width: 24 },
      { header: '单位', width: 6 },
      { header: '申请数量', width: 10 },
      { header: '审核数量', width: 10 },
      { header: '已出库', width: 10 },
      { header: '已签收', width: 10 },
      { header: '明细状态', width: 10 },
      { header: '核减原因', width: 24 },
      { header: '关闭原因', width: 24 },
    ],
    rows: rows.flatMap(({ r, orgName }) =>
      (byRequest.get(r.id) ?? []).map((v) => [
        r.code,
        orgName,
        v.item.name,
        v.item.unit,
        v.line.requested,
        v.line.approved,
        v.line.shipped,
        v.line.received,
        lineStateLabels[v.line.state as LineState] ?? v.line.state,
        v.line.reduceReason ?? '',
        v.line.closeReason ?? '',
      ]),
    ),
  };
  const buffer = await writeSheets([requestSheet, lineSheet]);
  await recordAudit(ctx, {
    action: 'supplies.export',
    entityType: requestFlow.entityType,
    entityId: null,
    orgId: m.orgId,
    orgPath: m.orgPath,
    detail: { what: 'requests', rows: rows.length, filters: { ...q } },
  });
  return buffer;
}

// ---------------------------------------------------------------- withdraw, template

/**
 * Who may withdraw: the unit and unions above it up to (not including) the hub; the hub only what it
 * entered itself (a hotline entry, a converted special request) or its own requests — otherwise the
 * reviewers reject.
 */
function mayWithdraw(ctx: Ctx, r: RequestRow): boolean {
  const actor = requireActor(ctx);
  const m = actor.membership;
  if (!roleMay(m.role, 'supplies.request') || !isWithin(r.orgPath, m.orgPath)) return false;
  return !atHub(m, r.hubOrgPath) || r.enteredBy === actor.userId || r.orgId === m.orgId;
}

/** 撤回: the unit (or a union above it) withdraws a request before it is reviewed; the hub is told. */
export async function withdrawRequest(ctx: Ctx, id: number, note?: string | null): Promise<TRequest> {
  const r = await seeRequest(ctx, id);
  authorize(ctx, 'supplies.request', { orgPath: r.orgPath });
  if (!mayWithdraw(ctx, r)) throw forbidden('审核方不能撤回单位提报的需求，如不予配给请选择“不通过”');
  await inTx(ctx, async (t) => {
    await apply(t, requestFlow, {
      id,
      event: 'withdraw',
      note: note ?? null,
      orgPath: r.orgPath,
      orgId: r.orgId,
    });
    const actor = requireActor(t);
    await notify(t.db, {
      userIds: (await hubReviewers(t.db, r.hubOrgId)).filter((u) => u !== actor.userId),
      kind: 'supplies.request.withdrawn',
      title: `物资需求 ${r.code} 已撤回`,
      body: note ?? '',
      link: requestLink(id),
    });
  });
  return getRequest(ctx, id);
}

/** 复制为模板: a past request as the input of a repeat order; items not requestable now are dropped. */
export async function requestTemplate(ctx: Ctx, id: number): Promise<TRequestTemplate> {
  const r = await seeRequest(ctx, id);
  const m = requireActor(ctx).membership;
  const may =
    (roleMay(m.role, 'supplies.request') && isWithin(r.orgPath, m.orgPath)) ||
    (atHub(m, r.hubOrgPath) && roleMay(m.role, 'supplies.hotline'));
  if (!may) throw forbidden();
  const views = await linesWithItems(ctx.db, [id]);
  const items = await ctx.db
    .select()
    .from(supplyItems)
    .where(
      inArray(
        supplyItems.id,
        views.map((v) => v.item.id),
      ),
    );
  const byId = new Map(items.map((i) => [i.id, i]));
  const now = new Date();
  const lines: TRequestTemplate['input']['lines'] = [];
  const dropped: TRequestTemplate['dropped'] = [];
  for (const v of views) {
    const item = byId.get(v.item.id);
    const why = item ? whyNotRequestable(item, r.hubOrgId, now) : '该物资已不在目录中';
    if (why || !item) {
      dropped.push({ itemId: v.item.id, name: v.item.name, reason: why ?? '该物资已不在目录中' });
      continue;
    }
    const quantity =
      item.perRequestLimit != null ? Math.min(v.line.requested, item.perRequestLimit) : v.line.requested;
    lines.push({ itemId: item.id, quantity });
  }
  return {
    input: {
      pointId: r.pointId,
      urgency: r.urgency as Urgency,
      staffServed: r.staffServed,
      note: r.note,
      lines,
      copiedFromId: r.id,
    },
    dropped,
  };
}

// ---------------------------------------------------------------- review

/** The hub reviewing: its cadres, reviewers and admins at the hub or above (a unit's cadre is not). */
async function reviewable(ctx: Ctx, id: number): Promise<RequestRow> {
  const r = await seeRequest(ctx, id);
  requireHub(ctx, r.hubOrgPath);
  authorize(ctx, 'supplies.review', { orgPath: r.orgPath });
  return r;
}

/** Before approving: each line's available stock now and what can be approved of it. */
export async function reviewPreview(ctx: Ctx, id: number): Promise<TReviewPreview> {
  const r = await reviewable(ctx, id);
  const views = await linesWithItems(ctx.db, [id]);
  const stock = await stockOf(
    ctx.db,
    views.map((v) => v.item.id),
  );
  const lines = views.map((v) => {
    const available = stock.get(v.item.id)?.available ?? 0;
    const limit = v.item.perRequestLimit;
    const suggested = Math.max(0, Math.min(v.line.requested, available, limit ?? Number.MAX_SAFE_INTEGER));
    return {
      lineId: v.line.id,
      itemId: v.item.id,
      itemName: v.item.name,
      unit: v.item.unit,
      requested: v.line.requested,
      available,
      perRequestLimit: limit,
      suggested,
      shortage: suggested < v.line.requested,
    };
  });
  return { requestId: r.id, lines, shortage: lines.some((l) => l.shortage) };
}

function checkApproval(lines: RequestLineRow[], input: TApproveInput) {
  const issues: FieldIssue[] = [];
  const byId = new Map(lines.map((l) => [l.id, l]));
  const seen = new Set<number>();
  input.lines.forEach((a, i) => {
    const line = byId.get(a.lineId);
    if (!line || seen.has(a.lineId)) {
      issues.push({
        field: `lines.${i}.lineId`,
        message: line ? '同一明细只能填写一次' : '该明细不属于这条需求',
      });
      return;
    }
    seen.add(a.lineId);
    if (a.approved > line.requested) {
      issues.push({ field: `lines.${i}.approved`, message: `审核数量不能超过申请数量 ${line.requested}` });
    } else if (a.approved < line.requested && !a.reason?.trim()) {
      issues.push({
        field: `lines.${i}.reason`,
        message: a.approved === 0 ? '不予配给时请填写原因' : '核减数量时请填写原因',
      });
    }
  });
  if (issues.length === 0 && seen.size !== lines.length) {
    issues.push({ field: 'lines', message: '请为每一种物资填写审核数量' });
  }
  if (issues.length === 0 && input.lines.every((a) => a.approved === 0)) {
    issues.push({ field: 'lines', message: '全部不予配给时，请选择“不通过”并填写理由' });
  }
  if (issues.length > 0) throw badRequest('VALIDATION_FAILED', `输入有误：${issues[0]?.message}`, issues);
}

/**
 * 审核通过 (possibly with reduced quantities): in one transaction that first locks the request, the
 * approved quantities are reserved on the ledger (409 STOCK_SHORTAGE, nothing written, when some
 * item has not enough available), lines approved 0 are closed with the reason, and the request
 * moves to approved. Two reviewers approving the same request: the second gets 409.
 */
export async function approveRequest(ctx: Ctx, id: number, input: TApproveInput): Promise<TRequest> {
  const r = await reviewable(ctx, id);
  await inTx(ctx, async (t) => {
    const locked = await loadRequestForUpdate(t.db, id);
    if (!locked) throw notFound(NOT_FOUND);
    if (locked.state !== 'submitted') {
      throw conflict(
        'ILLEGAL_TRANSITION',
        `当前状态「${requestStateLabels[locked.state as RequestState] ?? locked.state}」不能执行「${requestFlow.eventLabels.approve}」`,
        { state: locked.state, event: 'approve' },
      );
    }
    const lines = await loadRequestLines(t.db, id);
    checkApproval(lines, input);
    const byLine = new Map(input.lines.map((a) => [a.lineId, a]));
    const moves: StockMove[] = [];
    for (const l of lines) {
      const a = byLine.get(l.id);
      if (a && a.approved > 0) {
        moves.push({
          itemId: l.itemId,
          kind: 'reserved',
          quantity: a.approved,
          reason: `审核通过 ${r.code}`,
          requestId: id,
          requestLineId: l.id,
        });
      }
    }
    await postStockEntries(t, moves);
    for (const l of lines) {
      const a = byLine.get(l.id);
      if (!a) continue;
      const reason = a.approved < l.requested ? (a.reason?.trim() ?? null) : null;
      await t.db
        .update(supplyRequestLines)
        .set({
          approved: a.approved,
          reduceReason: reason,
          ...(a.approved === 0 ? { state: 'closed', closeReason: reason } : {}),
        })
        .where(eq(supplyRequestLines.id, l.id));
    }
    const actor = requireActor(t);
    await apply(t, requestFlow, {
      id,
      event: 'approve',
      note: input.note ?? null,
      orgPath: r.orgPath,
      orgId: r.orgId,
    });
    await t.db
      .update(supplyRequests)
      .set({ reviewNote: input.note ?? null, reviewedBy: actor.userId, reviewedAt: new Date() })
      .where(eq(supplyRequests.id, id));
    const reduced = input.lines.some(
      (a) => (lines.find((l) => l.id === a.lineId)?.requested ?? 0) > a.approved,
    );
    await notify(t.db, {
      userIds: (await unitFollowers(t.db, r.orgId)).filter((u) => u !== actor.userId),
      kind: 'supplies.request.approved',
      title: `物资需求 ${r.code} 已审核通过${reduced ? '（部分核减）' : ''}，等待配送`,
      body: input.note ?? '',
      link: requestLink(id),
    });
  });
  return getRequest(ctx, id);
}

/** 不通过: the hub rejects a submitted request with a reason; the unit is told. */
export async function rejectRequest(ctx: Ctx, id: number, reason: string): Promise<TRequest> {
  const r = await reviewable(ctx, id);
  await inTx(ctx, async (t) => {
    const actor = requireActor(t);
    await apply(t, requestFlow, { id, event: 'reject', note: reason, orgPath: r.orgPath, orgId: r.orgId });
    await t.db
      .update(supplyRequests)
      .set({ rejectReason: reason, reviewedBy: actor.userId, reviewedAt: new Date() })
      .where(eq(supplyRequests.id, id));
    await notify(t.db, {
      userIds: (await unitFollowers(t.db, r.orgId)).filter((u) => u !== actor.userId),
      kind: 'supplies.request.rejected',
      title: `物资需求 ${r.code} 未通过审核`,
      body: `理由：${reason}`,
      link: requestLink(id),
    });
  });
  return getRequest(ctx, id);
}

/** For callers that map a known error shape (e.g. the bench counting shortages). */
export const isStockShortage = (e: unknown): e is AppError =>
  typeof e === 'object' && e !== null && (e as AppError).code === 'STOCK_SHORTAGE';
