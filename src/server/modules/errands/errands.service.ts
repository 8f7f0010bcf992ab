import { and, asc, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { addDays, formatMinutes } from '../../../shared/dates.ts';
import {
  DEFAULT_ACCEPT_MINUTES,
  DEFAULT_DELIVER_MINUTES,
  type ErrandState,
  errandChannelLabels,
  errandStateLabels,
  errandUrgencyLabels,
  type ItemKind,
  itemKindLabels,
  openErrandStates,
  type RequesterKind,
  requesterKindLabels,
  type TComplaint,
  type TErrand,
  type TErrandEvent,
  type TErrandInput,
  type TErrandListItem,
  type TErrandSettings,
  type TListErrandsQuery,
  type TWorkerErrandInput,
} from '../../../shared/errands.ts';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { authorize, inSubtree, isWithin, requireActor, roleMay } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { nextCode } from '../../platform/codes.ts';
import { type ActingMembership, type Ctx, withTx } from '../../platform/context.ts';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.ts';
import { writeSheet } from '../../platform/excel/excel.ts';
import { files } from '../../platform/files/files.table.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { membersOf } from '../../platform/notify/recipients.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { maskMobile } from '../../platform/pii/pii.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { apply, recordCreated } from '../../platform/workflow/workflow.ts';
import { complaintsOf } from './complaints.service.ts';
import { requireCourier } from './errands.access.ts';
import { type ErrandEvent, errandFlow } from './errands.flow.ts';
import { errandHotlines, errands } from './errands.table.ts';
import { dutyRecipients, effectiveSettings } from './roster.service.ts';

/**
 * 及时送 core (issue #7): a duty cadre records a call (or a worker asks on the H5), dispatches it to a
 * courier partner org, whose couriers accept, pick up and deliver it (or decline it back to dispatch);
 * the union cancels or merges duplicate calls. Every step's time is kept, so the minutes from the call
 * to dispatch, acceptance, pickup and delivery are exact.
 *
 * Who sees an errand: the union's users (its org path in their subtree); the couriers of the courier
 * org it is dispatched to (others 404, couriers act with `scope: 'checked-by-caller'`); the worker who
 * asked for it. After a courier accepts, only that courier may pick up, deliver or decline (others 403).
 * Phones: in full for the union's cadres/admins, the courier org handling it (recipient and pickup) and
 * the requesting worker; masked for everybody else (reviewers, auditors).
 */

export type ErrandRow = typeof errands.$inferSelect;
type Viewer = 'union' | 'courier' | 'worker';

const courierOrgT = alias(orgs, 'courier_org');
const serviceOrgT = alias(orgs, 'service_org');
const courierUserT = alias(users, 'courier_user');

const MIN = 60_000;
const inTx = <T>(ctx: Ctx, fn: (tx: Tx) => Promise<T>): Promise<T> => (ctx.db as Db).transaction(fn);
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const minutesBetween = (from: Date, to: Date | null) =>
  to ? Math.round(((to.getTime() - from.getTime()) / MIN) * 10) / 10 : null;
const unionLink = (id: number) => `/errands/${id}`;
const courierLink = (id: number) => `/m/errands/courier/${id}`;
const workerLink = (id: number) => `/m/errands/mine/${id}`;
const closedStates: readonly ErrandState[] = ['delivered', 'cancelled', 'merged'];

// ---------------------------------------------------------------- settings

/** Thresholds as they apply to one errand (see roster.service.ts `effectiveSettings`). */
type Thresholds = Pick<TErrandSettings, 'acceptMinutes' | 'deliverMinutes'>;

/** The same inheritance in SQL, per errand row (for lists and the overdue filter). */
const settingSql = (column: 'accept_minutes' | 'deliver_minutes', fallback: number) =>
  sql`coalesce((select s.${sql.raw(column)} from errand_org_settings s join orgs so on so.id = s.org_id
      where ${errands.orgPath} = so.path or ${errands.orgPath} like so.path || '.%'
      order by so.depth desc limit 1), ${fallback})`;

/** Over the accept or delivery threshold now (or when the step happened). */
const overdueSql = (now: Date) => {
  const at = now.toISOString();
  return sql`((${errands.dispatchedAt} is not null and coalesce(${errands.acceptedAt},
      case when ${errands.state} = 'dispatched' then ${at}::timestamptz end)
      > ${errands.dispatchedAt} + ${settingSql('accept_minutes', DEFAULT_ACCEPT_MINUTES)} * interval '1 minute')
    or (${errands.state} not in ('cancelled', 'merged') and coalesce(${errands.deliveredAt}, ${at}::timestamptz)
      > ${errands.calledAt} + ${settingSql('deliver_minutes', DEFAULT_DELIVER_MINUTES)} * interval '1 minute'))`;
};

function overdueFlags(row: ErrandRow, s: Thresholds, now: Date) {
  const acceptEnd = row.acceptedAt ?? (row.state === 'dispatched' ? now : null);
  const accept =
    row.dispatchedAt !== null &&
    acceptEnd !== null &&
    acceptEnd.getTime() - row.dispatchedAt.getTime() > s.acceptMinutes * MIN;
  const delivery =
    row.state !== 'cancelled' &&
    row.state !== 'merged' &&
    (row.deliveredAt ?? now).getTime() - row.calledAt.getTime() > s.deliverMinutes * MIN;
  return { accept, delivery };
}

// ---------------------------------------------------------------- access

const isCourierMember = (m: ActingMembership) => m.role === 'partner' || m.orgType === 'courier';

/**
 * How the caller sees this errand: as the union, the courier org it is dispatched to, or the worker
 * who asked. 404 for anybody else; 403 for a partner account that is not a courier's, or a union role
 * without `errands.view`.
 */
function viewerOf(ctx: Ctx, row: ErrandRow): Viewer {
  const actor = requireActor(ctx);
  const m = actor.membership;
  if (isCourierMember(m)) {
    const courier = requireCourier(ctx);
    if (row.courierOrgId !== courier.orgId) throw notFound();
    return 'courier';
  }
  if (isWithin(row.orgPath, m.orgPath) && roleMay(m.role, 'errands.view')) return 'union';
  if (row.requesterUserId === actor.userId) return 'worker';
  if (!isWithin(row.orgPath, m.orgPath)) throw notFound();
  throw forbidden();
}

async function findErrand(db: DbOrTx, id: number): Promise<ErrandRow | undefined> {
  const [row] = await db.select().from(errands).where(eq(errands.id, id));
  return row;
}

async function loadErrand(db: DbOrTx, id: number, forUpdate = false): Promise<ErrandRow> {
  const q = db.select().from(errands).where(eq(errands.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('工单不存在或无权查看');
  return row;
}

/** The caller acts as a courier of the org the errand is dispatched to (404 otherwise). */
function courierOn(ctx: Ctx, row: ErrandRow): ActingMembership {
  const m = requireCourier(ctx);
  if (row.courierOrgId !== m.orgId) throw notFound();
  return m;
}

/** After acceptance only the accepting courier continues. */
function requireHandlingCourier(ctx: Ctx, row: ErrandRow) {
  const actor = requireActor(ctx);
  if (row.courierUserId !== null && row.courierUserId !== actor.userId) {
    throw forbidden('该工单已由其他快递员接单，只有接单的快递员可以继续操作');
  }
}

function actionsFor(ctx: Ctx, row: ErrandRow, viewer: Viewer): string[] {
  const actor = requireActor(ctx);
  const m = actor.membership;
  const actions: string[] = [];
  if (viewer === 'union') {
    if (roleMay(m.role, 'errands.dispatch')) {
      if (row.state === 'pending') actions.push('dispatch', 'merge');
      if (row.state === 'pending' || row.state === 'dispatched' || row.state === 'accepted') {
        actions.push('cancel');
      }
    }
    if (roleMay(m.role, 'errands.complaints')) actions.push('complaint');
  } else if (viewer === 'courier') {
    const mine = row.courierUserId === actor.userId;
    if (row.state === 'dispatched') actions.push('accept', 'decline');
    if (row.state === 'accepted' && mine) actions.push('pickup', 'decline');
    if (row.state === 'picked_up' && mine) actions.push('deliver');
  }
  return actions;
}

// ---------------------------------------------------------------- shaping

const extraEventLabels: Record<string, string> = { create: '登记工单' };

async function timelineOf(db: DbOrTx, id: number): Promise<TErrandEvent[]> {
  const rows = await db
    .select()
    .from(timelineEvents)
    .where(and(eq(timelineEvents.entityType, errandFlow.entityType), eq(timelineEvents.entityId, String(id))))
    .orderBy(asc(timelineEvents.id));
  return rows.map((r) => ({
    event: r.event,
    label:
      errandFlow.eventLabels[r.event as ErrandEvent] ??
      extraEventLabels[r.event] ??
      errandStateLabels[r.toState as ErrandState] ??
      r.event,
    at: r.at.toISOString(),
    actor: r.actorName,
    note: r.note,
  }));
}

function complaintsFor(ctx: Ctx, row: ErrandRow, viewer: Viewer): Promise<TComplaint[]> {
  const actor = requireActor(ctx);
  return complaintsOf(
    ctx.db,
    row.id,
    {
      vault: ctx.deps.vault,
      full: viewer === 'union' && roleMay(actor.membership.role, 'errands.complaints'),
    },
    viewer === 'worker' ? actor.userId : undefined,
  );
}

async function toErrand(ctx: Ctx, row: ErrandRow, viewer: Viewer): Promise<TErrand> {
  const db = ctx.db;
  const m = requireActor(ctx).membership;
  const now = new Date();
  const [org] = await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(eq(orgs.id, row.orgId));
  const courierOrg = row.courierOrgId
    ? (await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(eq(orgs.id, row.courierOrgId)))[0]
    : undefined;
  const courier = row.courierUserId
    ? (
        await db
          .select({ id: users.id, name: users.displayName })
          .from(users)
          .where(eq(users.id, row.courierUserId))
      )[0]
    : undefined;
  const recorder = row.recordedBy
    ? (await db.select({ name: users.displayName }).from(users).where(eq(users.id, row.recordedBy)))[0]
    : undefined;
  const into = row.mergedIntoId
    ? (
        await db
          .select({ id: errands.id, code: errands.code })
          .from(errands)
          .where(eq(errands.id, row.mergedIntoId))
      )[0]
    : undefined;
  const merged = await db
    .select({ id: errands.id, code: errands.code, callerName: errands.callerName })
    .from(errands)
    .where(eq(errands.mergedIntoId, row.id))
    .orderBy(asc(errands.id));
  const settings = await effectiveSettings(db, row.orgPath);
  const vault = ctx.deps.vault;
  const unionFull = viewer === 'union' && (m.role === 'cadre' || m.role === 'admin');
  const phone = (enc: string, full: boolean) => {
    const p = vault.decrypt(enc);
    return full ? p : maskMobile(p);
  };
  const contactsFull = unionFull || viewer === 'courier' || viewer === 'worker';
  return {
    id: row.id,
    code: row.code,
    org: org ?? { id: row.orgId, name: '' },
    state: row.state as ErrandState,
    channel: row.channel as TErrand['channel'],
    urgency: row.urgency as TErrand['urgency'],
    requesterKind: row.requesterKind as RequesterKind,
    caller: { name: row.callerName, mobile: phone(row.callerMobileEnc, unionFull || viewer === 'worker') },
    recipient: {
      name: row.recipientName,
      phone: phone(row.recipientPhoneEnc, contactsFull),
      address: row.recipientAddress,
    },
    pickup: {
      address: row.pickupAddress,
      contact: row.pickupContact,
      mobile: phone(row.pickupMobileEnc, contactsFull),
    },
    itemKinds: row.itemKinds as ItemKind[],
    items: row.items,
    note: row.note,
    courierOrg: courierOrg ?? null,
    courier: courier ?? null,
    receivedBy: row.receivedBy,
    photoUrl: row.photoFileId ? `/api/v1/errands/${row.id}/photo` : null,
    cancelReason: row.cancelReason,
    mergedInto: into ?? null,
    merged,
    calledAt: row.calledAt.toISOString(),
    dispatchedAt: iso(row.dispatchedAt),
    acceptedAt: iso(row.acceptedAt),
    pickedUpAt: iso(row.pickedUpAt),
    deliveredAt: iso(row.deliveredAt),
    durations: {
      toDispatch: minutesBetween(row.calledAt, row.dispatchedAt),
      toAccept: minutesBetween(row.calledAt, row.acceptedAt),
      toPickup: minutesBetween(row.calledAt, row.pickedUpAt),
      toDelivery: minutesBetween(row.calledAt, row.deliveredAt),
    },
    overdue: overdueFlags(row, settings, now),
    recordedBy: recorder?.name ?? null,
    timeline: await timelineOf(db, row.id),
    complaints: await complaintsFor(ctx, row, viewer),
    actions: actionsFor(ctx, row, viewer),
  };
}

const listColumns = (now: Date) => ({
  e: errands,
  orgName: serviceOrgT.name,
  courierOrgName: courierOrgT.name,
  courierName: courierUserT.displayName,
  overdue: sql<boolean>`${overdueSql(now)}`.as('overdue'),
  openComplaints: sql<number>`(select count(*)::int from errand_complaints c
      where c.errand_id = ${errands.id} and c.state = 'open')`.as('open_complaints'),
});
type ListRow = {
  e: ErrandRow;
  orgName: string;
  courierOrgName: string | null;
  courierName: string | null;
  overdue: boolean;
  openComplaints: number;
};

const toListItem = (r: ListRow): TErrandListItem => ({
  id: r.e.id,
  code: r.e.code,
  org: { id: r.e.orgId, name: r.orgName },
  state: r.e.state as ErrandState,
  channel: r.e.channel as TErrandListItem['channel'],
  urgency: r.e.urgency as TErrandListItem['urgency'],
  requesterKind: r.e.requesterKind as RequesterKind,
  callerName: r.e.callerName,
  recipientName: r.e.recipientName,
  recipientAddress: r.e.recipientAddress,
  items: r.e.items,
  itemKinds: r.e.itemKinds as ItemKind[],
  courierOrg: r.e.courierOrgId && r.courierOrgName ? { id: r.e.courierOrgId, name: r.courierOrgName } : null,
  calledAt: r.e.calledAt.toISOString(),
  deliveredAt: iso(r.e.deliveredAt),
  minutesToDelivery: minutesBetween(r.e.calledAt, r.e.deliveredAt),
  overdue: Boolean(r.overdue),
  openComplaints: Number(r.openComplaints),
});

async function pageQuery(
  ctx: Ctx,
  where: SQL | undefined,
  order: SQL[],
  page: number,
  pageSize: number,
  now: Date,
) {
  const [total] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(errands).where(where);
  const rows = await ctx.db
    .select(listColumns(now))
    .from(errands)
    .innerJoin(serviceOrgT, eq(serviceOrgT.id, errands.orgId))
    .leftJoin(courierOrgT, eq(courierOrgT.id, errands.courierOrgId))
    .leftJoin(courierUserT, eq(courierUserT.id, errands.courierUserId))
    .where(where)
    .orderBy(...order)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { items: rows.map(toListItem), total: Number(total?.n ?? 0), page, pageSize };
}

// ---------------------------------------------------------------- intake

function checkCalledAt(calledAt: string | undefined, now: Date): Date {
  if (!calledAt) return now;
  const at = new Date(calledAt);
  if (at.getTime() > now.getTime() + 5 * MIN) throw invalidField('calledAt', '来电时间不能晚于现在');
  if (at.getTime() < now.getTime() - 24 * 60 * MIN) {
    throw invalidField('calledAt', '来电时间不能早于 24 小时前');
  }
  return at;
}

interface NewErrand {
  org: { id: number; path: string };
  channel: 'hotline' | 'h5';
  callerName: string;
  callerMobile: string;
  requesterUserId: number | null;
  calledAt: Date;
  body: Omit<TErrandInput, 'callerName' | 'callerMobile' | 'calledAt'>;
}

async function insertErrand(ctx: Ctx, input: NewErrand): Promise<number> {
  const vault = ctx.deps.vault;
  const actor = requireActor(ctx);
  return inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    const { id, code } = await nextCode(tx, 'errands', 'JS');
    const b = input.body;
    await tx.insert(errands).values({
      id,
      code,
      orgId: input.org.id,
      orgPath: input.org.path,
      state: 'pending',
      channel: input.channel,
      urgency: b.urgency,
      requesterKind: b.requesterKind,
      callerName: input.callerName,
      callerMobileEnc: vault.encrypt(input.callerMobile),
      requesterUserId: input.requesterUserId,
      recipientName: b.recipientName,
      recipientPhoneEnc: vault.encrypt(b.recipientPhone),
      recipientAddress: b.recipientAddress,
      itemKinds: [...new Set(b.itemKinds)],
      items: b.items,
      pickupAddress: b.pickupAddress,
      pickupContact: b.pickupContact,
      pickupMobileEnc: vault.encrypt(b.pickupMobile),
      note: b.note ?? null,
      calledAt: input.calledAt,
      recordedBy: actor.userId,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await recordCreated(
      c,
      errandFlow.entityType,
      id,
      'pending',
      input.channel === 'h5' ? '职工网上申请' : `热线来电：${input.callerName}`,
    );
    await recordAudit(c, {
      action: 'errands.errand.create',
      entityType: errandFlow.entityType,
      entityId: id,
      orgId: input.org.id,
      orgPath: input.org.path,
      detail: { code, channel: input.channel },
    });
    if (input.channel === 'h5') {
      await notify(tx, {
        userIds: await dutyRecipients(tx, input.org.id, new Date()),
        kind: 'errands.requested',
        title: `职工网上申请及时送：${code}`,
        body: `${input.callerName}：${b.items}`,
        link: unionLink(id),
      });
    }
    return id;
  });
}

/** 热线登记: a duty cadre records a call for their union (or `orgId` in their subtree). */
export async function recordCall(
  ctx: Ctx,
  input: TErrandInput & { orgId?: number | undefined },
): Promise<TErrand> {
  const m = authorize(ctx, 'errands.intake');
  let org = { id: m.orgId, path: m.orgPath };
  if (input.orgId !== undefined && input.orgId !== m.orgId) {
    const [o] = await ctx.db
      .select({ id: orgs.id, path: orgs.path })
      .from(orgs)
      .where(and(eq(orgs.id, input.orgId), inSubtree(orgs.path, m.orgPath)));
    if (!o) throw notFound('组织不存在或不在您的管辖范围内');
    org = o;
  }
  const calledAt = checkCalledAt(input.calledAt, new Date());
  const { callerName, callerMobile, orgId: _orgId, calledAt: _calledAt, ...body } = input;
  const id = await insertErrand(ctx, {
    org,
    channel: 'hotline',
    callerName,
    callerMobile,
    requesterUserId: null,
    calledAt,
    body,
  });
  return getErrand(ctx, id);
}

/**
 * The union serving a worker: the nearest org at or above the worker's membership org with an
 * active hotline.
 */
export async function serviceUnionOf(
  db: DbOrTx,
  orgPath: string,
): Promise<{ id: number; path: string } | null> {
  const ancestors = orgPath.split('.').map(Number);
  const [row] = await db
    .select({ id: orgs.id, path: orgs.path })
    .from(orgs)
    .where(
      and(
        inArray(orgs.id, ancestors),
        eq(orgs.state, 'active'),
        sql`exists (select 1 from ${errandHotlines} h where h.org_id = ${orgs.id} and h.active)`,
      ),
    )
    .orderBy(desc(orgs.depth))
    .limit(1);
  return row ?? null;
}

/** 职工网上申请: a worker asks on the H5; the errand belongs to the union serving the worker. */
export async function requestErrand(ctx: Ctx, input: TWorkerErrandInput): Promise<TErrand> {
  const m = authorize(ctx, 'errands.request');
  const actor = requireActor(ctx);
  const org = await serviceUnionOf(ctx.db, m.orgPath);
  if (!org) throw conflict('NO_ERRAND_SERVICE', '您所在的工会暂未开通及时送服务，请拨打当地工会服务热线');
  const [u] = await ctx.db.select({ phoneEnc: users.phoneEnc }).from(users).where(eq(users.id, actor.userId));
  // The worker's account mobile; a worker without one is reached on the recipient's phone.
  const callerMobile = u?.phoneEnc ? ctx.deps.vault.decrypt(u.phoneEnc) : input.recipientPhone;
  const id = await insertErrand(ctx, {
    org,
    channel: 'h5',
    callerName: actor.displayName,
    callerMobile,
    requesterUserId: actor.userId,
    calledAt: new Date(),
    body: input,
  });
  return getErrand(ctx, id);
}

// ---------------------------------------------------------------- reading

export async function getErrand(ctx: Ctx, id: number): Promise<TErrand> {
  const row = await loadErrand(ctx.db, id);
  return toErrand(ctx, row, viewerOf(ctx, row));
}

/** A courier's view of one errand: only errands dispatched to the courier's org. */
export async function getCourierErrand(ctx: Ctx, id: number): Promise<TErrand> {
  requireCourier(ctx);
  const row = await findErrand(ctx.db, id);
  if (!row) throw notFound('工单不存在或无权查看');
  courierOn(ctx, row);
  return toErrand(ctx, row, 'courier');
}

/** The worker's own errand. */
export async function getMyErrand(ctx: Ctx, id: number): Promise<TErrand> {
  const actor = requireActor(ctx);
  const row = await findErrand(ctx.db, id);
  if (!row || row.requesterUserId !== actor.userId) throw notFound('工单不存在或无权查看');
  return toErrand(ctx, row, 'worker');
}

function beijingStart(day: string): string {
  return `${day}T00:00:00+08:00`;
}

async function listWhere(ctx: Ctx, q: TListErrandsQuery, now: Date): Promise<SQL | undefined> {
  const m = authorize(ctx, 'errands.view');
  const conds: (SQL | undefined)[] = [inSubtree(errands.orgPath, m.orgPath)];
  if (q.orgId !== undefined) {
    const [o] = await ctx.db
      .select({ path: orgs.path })
      .from(orgs)
      .where(and(eq(orgs.id, q.orgId), inSubtree(orgs.path, m.orgPath)));
    if (!o) throw notFound('组织不存在或不在您的管辖范围内');
    conds.push(inSubtree(errands.orgPath, o.path));
  }
  if (q.state) conds.push(eq(errands.state, q.state));
  if (q.courierOrgId !== undefined) conds.push(eq(errands.courierOrgId, q.courierOrgId));
  if (q.from) conds.push(sql`${errands.calledAt} >= ${beijingStart(q.from)}::timestamptz`);
  if (q.to) conds.push(sql`${errands.calledAt} < ${beijingStart(addDays(q.to, 1))}::timestamptz`);
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    conds.push(
      or(
        sql`${errands.code} ilike ${like}`,
        sql`${errands.callerName} ilike ${like}`,
        sql`${errands.recipientName} ilike ${like}`,
        sql`${errands.recipientAddress} ilike ${like}`,
        sql`${errands.items} ilike ${like}`,
      ),
    );
  }
  if (q.overdue) conds.push(overdueSql(now));
  if (q.overdue === 'open') conds.push(inArray(errands.state, [...openErrandStates]));
  return and(...conds);
}

/** 工单列表 of the union's subtree, newest call first. */
export async function listErrands(ctx: Ctx, q: TListErrandsQuery) {
  const now = new Date();
  const where = await listWhere(ctx, q, now);
  return pageQuery(ctx, where, [desc(errands.calledAt), desc(errands.id)], q.page, q.pageSize, now);
}

/** The worker's own errands, newest first. */
export async function listMyErrands(ctx: Ctx, q: { page: number; pageSize: number }) {
  const actor = requireActor(ctx);
  return pageQuery(
    ctx,
    eq(errands.requesterUserId, actor.userId),
    [desc(errands.calledAt), desc(errands.id)],
    q.page,
    q.pageSize,
    new Date(),
  );
}

/**
 * 快递员待办: errands dispatched to the courier's org and waiting for someone to accept, the ones this
 * courier accepted or picked up, and what they delivered in the last 7 days. Open work first.
 */
export async function listCourierErrands(ctx: Ctx, q: { page: number; pageSize: number }) {
  const m = requireCourier(ctx);
  const actor = requireActor(ctx);
  const now = new Date();
  const since = new Date(now.getTime() - 7 * 24 * 60 * MIN).toISOString();
  const where = and(
    eq(errands.courierOrgId, m.orgId),
    or(
      eq(errands.state, 'dispatched'),
      and(inArray(errands.state, ['accepted', 'picked_up']), eq(errands.courierUserId, actor.userId)),
      and(
        eq(errands.state, 'delivered'),
        eq(errands.courierUserId, actor.userId),
        sql`${errands.deliveredAt} >= ${since}::timestamptz`,
      ),
    ),
  );
  return pageQuery(
    ctx,
    where,
    [
      sql`case ${errands.state} when 'picked_up' then 0 when 'accepted' then 1 when 'dispatched' then 2 else 3 end`,
      sql`case when ${errands.state} = 'delivered' then 1 else 0 end`,
      desc(sql`case when ${errands.urgency} = 'urgent' then 1 else 0 end`),
      asc(errands.calledAt),
      desc(errands.deliveredAt),
    ],
    q.page,
    q.pageSize,
    now,
  );
}

/** Courier orgs the caller's union (or `orgId` in its subtree) may dispatch to. */
export async function listCourierOrgs(ctx: Ctx, orgId?: number) {
  // Dispatchers pick from it; every viewer of the errand list filters by it (快递单位).
  const m = authorize(ctx, 'errands.view');
  let path = m.orgPath;
  if (orgId !== undefined && orgId !== m.orgId) {
    const [o] = await ctx.db
      .select({ path: orgs.path })
      .from(orgs)
      .where(and(eq(orgs.id, orgId), inSubtree(orgs.path, m.orgPath)));
    if (!o) throw notFound('组织不存在或不在您的管辖范围内');
    path = o.path;
  }
  const items = await ctx.db
    .select({ id: orgs.id, name: orgs.name })
    .from(orgs)
    .where(and(eq(orgs.type, 'courier'), eq(orgs.state, 'active'), inSubtree(orgs.path, path)))
    .orderBy(asc(orgs.name), asc(orgs.id));
  return { items };
}

/** The delivery photo's file, for anybody who may see the errand. */
export async function errandPhotoFile(ctx: Ctx, id: number): Promise<{ storageKey: string; mime: string }> {
  const row = await loadErrand(ctx.db, id);
  viewerOf(ctx, row);
  if (!row.photoFileId) throw notFound('该工单没有送达照片');
  const [f] = await ctx.db
    .select({ storageKey: files.storageKey, mime: files.mime })
    .from(files)
    .where(eq(files.id, row.photoFileId));
  if (!f) throw notFound('该工单没有送达照片');
  return f;
}

// ---------------------------------------------------------------- export

const bjTime = (d: Date | null) =>
  d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '';

/** The filtered list as an .xlsx with every time and duration (audited). */
export async function exportErrands(ctx: Ctx, q: TListErrandsQuery): Promise<Buffer> {
  const m = authorize(ctx, 'errands.view');
  const now = new Date();
  const where = await listWhere(ctx, q, now);
  const rows = (await ctx.db
    .select(listColumns(now))
    .from(errands)
    .innerJoin(serviceOrgT, eq(serviceOrgT.id, errands.orgId))
    .leftJoin(courierOrgT, eq(courierOrgT.id, errands.courierOrgId))
    .leftJoin(courierUserT, eq(courierUserT.id, errands.courierUserId))
    .where(where)
    .orderBy(desc(errands.calledAt), desc(errands.id))
    .limit(10_000)) as ListRow[];
  await recordAudit(ctx, {
    action: 'errands.export',
    orgId: m.orgId,
    orgPath: m.orgPath,
    detail: { rows: rows.length, filter: { ...q, page: undefined, pageSize: undefined } },
  });
  const d = (pick: (e: ErrandRow) => Date | null) => (r: ListRow) => minutesBetween(r.e.calledAt, pick(r.e));
  return writeSheet<ListRow>(
    '及时送工单',
    [
      { header: '工单编号', width: 20, value: (r) => r.e.code },
      { header: '服务工会', width: 22, value: (r) => r.orgName },
      { header: '状态', value: (r) => errandStateLabels[r.e.state as ErrandState] },
      { header: '渠道', value: (r) => errandChannelLabels[r.e.channel as 'hotline' | 'h5'] },
      { header: '紧急程度', value: (r) => errandUrgencyLabels[r.e.urgency as 'urgent' | 'normal'] },
      { header: '服务对象', value: (r) => requesterKindLabels[r.e.requesterKind as RequesterKind] },
      { header: '来电人', value: (r) => r.e.callerName },
      { header: '收件人', value: (r) => r.e.recipientName },
      { header: '送达地址', width: 30, value: (r) => r.e.recipientAddress },
      {
        header: '物品类别',
        value: (r) => (r.e.itemKinds as ItemKind[]).map((k) => itemKindLabels[k]).join('、'),
      },
      { header: '物品', width: 24, value: (r) => r.e.items },
      { header: '快递合作单位', width: 22, value: (r) => r.courierOrgName ?? '' },
      { header: '快递员', value: (r) => r.courierName ?? '' },
      { header: '来电时间', width: 18, value: (r) => bjTime(r.e.calledAt) },
      { header: '派单时间', width: 18, value: (r) => bjTime(r.e.dispatchedAt) },
      { header: '接单时间', width: 18, value: (r) => bjTime(r.e.acceptedAt) },
      { header: '取件时间', width: 18, value: (r) => bjTime(r.e.pickedUpAt) },
      { header: '送达时间', width: 18, value: (r) => bjTime(r.e.deliveredAt) },
      { header: '来电到派单（分钟）', value: d((e) => e.dispatchedAt) },
      { header: '来电到接单（分钟）', value: d((e) => e.acceptedAt) },
      { header: '来电到取件（分钟）', value: d((e) => e.pickedUpAt) },
      { header: '来电到送达（分钟）', value: d((e) => e.deliveredAt) },
      { header: '是否超时', value: (r) => (r.overdue ? '是' : '否') },
      { header: '退单次数', value: (r) => r.e.declines },
      { header: '签收人', value: (r) => r.e.receivedBy ?? '' },
      { header: '取消原因', width: 20, value: (r) => r.e.cancelReason ?? '' },
      { header: '未答复投诉', value: (r) => Number(r.openComplaints) },
    ],
    rows,
  );
}

// ---------------------------------------------------------------- recipients

async function tellWorker(tx: Tx, row: ErrandRow, title: string, body?: string) {
  if (!row.requesterUserId) return;
  await notify(tx, {
    userIds: [row.requesterUserId],
    kind: 'errands.progress',
    title: `您的及时送 ${row.code}：${title}`,
    ...(body ? { body } : {}),
    link: workerLink(row.id),
  });
}

// ---------------------------------------------------------------- union steps

/** 派单: to an active courier org inside the errand's union subtree; its couriers hear of it. */
export async function dispatchErrand(
  ctx: Ctx,
  id: number,
  input: { courierOrgId: number; note?: string | null | undefined },
): Promise<TErrand> {
  await inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    const row = await loadErrand(tx, id, true);
    authorize(c, 'errands.dispatch', row);
    const [courierOrg] = await tx
      .select({ id: orgs.id, name: orgs.name })
      .from(orgs)
      .where(
        and(
          eq(orgs.id, input.courierOrgId),
          eq(orgs.type, 'courier'),
          eq(orgs.state, 'active'),
          inSubtree(orgs.path, row.orgPath),
        ),
      );
    if (!courierOrg) throw invalidField('courierOrgId', '请选择本工会的快递合作单位');
    await apply(c, errandFlow, {
      id,
      event: 'dispatch',
      orgId: row.orgId,
      orgPath: row.orgPath,
      note: input.note ? `${courierOrg.name}：${input.note}` : courierOrg.name,
    });
    await tx
      .update(errands)
      .set({
        courierOrgId: courierOrg.id,
        courierUserId: null,
        dispatchedAt: new Date(),
        acceptedAt: null,
        acceptAlertedAt: null,
        updatedAt: new Date(),
      })
      .where(eq(errands.id, id));
    await notify(tx, {
      userIds: await membersOf(tx, [courierOrg.id], ['partner']),
      kind: 'errands.dispatched',
      title: `新的及时送工单 ${row.code}${row.urgency === 'urgent' ? '（加急）' : ''}`,
      body: `${row.items}，送至 ${row.recipientAddress}`,
      link: courierLink(id),
    });
    await tellWorker(tx, row, '已派单给快递员', courierOrg.name);
  });
  return getErrand(ctx, id);
}

/** 取消 an errand not yet picked up (reason kept). */
export async function cancelErrand(ctx: Ctx, id: number, input: { reason: string }): Promise<TErrand> {
  await inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    const row = await loadErrand(tx, id, true);
    authorize(c, 'errands.dispatch', row);
    await apply(c, errandFlow, {
      id,
      event: 'cancel',
      orgId: row.orgId,
      orgPath: row.orgPath,
      note: input.reason,
    });
    await tx
      .update(errands)
      .set({ cancelReason: input.reason, updatedAt: new Date() })
      .where(eq(errands.id, id));
    if (row.courierOrgId) {
      await notify(tx, {
        userIds: row.courierUserId
          ? [row.courierUserId]
          : await membersOf(tx, [row.courierOrgId], ['partner']),
        kind: 'errands.cancelled',
        title: `及时送工单 ${row.code} 已取消`,
        body: input.reason,
        link: courierLink(id),
      });
    }
    await tellWorker(tx, row, '已取消', input.reason);
  });
  return getErrand(ctx, id);
}

/** 合并重复来电: a pending duplicate into another open errand of the same union. */
export async function mergeErrand(
  ctx: Ctx,
  id: number,
  input: { intoId: number; note?: string | null | undefined },
): Promise<TErrand> {
  if (input.intoId === id) throw invalidField('intoId', '不能合并到工单自身');
  await inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    const row = await loadErrand(tx, id, true);
    authorize(c, 'errands.dispatch', row);
    const target = await findErrand(tx, input.intoId);
    const m = requireActor(c).membership;
    if (!target || !isWithin(target.orgPath, m.orgPath)) throw notFound('要合并到的工单不存在或无权查看');
    if (target.orgId !== row.orgId) {
      throw conflict('MERGE_OTHER_ORG', '只能合并到同一服务工会的工单');
    }
    if (closedStates.includes(target.state as ErrandState)) {
      throw conflict(
        'MERGE_TARGET_CLOSED',
        `要合并到的工单${errandStateLabels[target.state as ErrandState]}，请选择未完成的工单`,
      );
    }
    await apply(c, errandFlow, {
      id,
      event: 'merge',
      orgId: row.orgId,
      orgPath: row.orgPath,
      note: input.note ? `合并到 ${target.code}：${input.note}` : `合并到 ${target.code}`,
    });
    await tx
      .update(errands)
      .set({ mergedIntoId: target.id, updatedAt: new Date() })
      .where(eq(errands.id, id));
    await tellWorker(tx, row, `与 ${target.code} 为同一需求，已合并处理`);
  });
  return getErrand(ctx, id);
}

// ---------------------------------------------------------------- courier steps

/** 接单: any courier of the org it is dispatched to; of two at once, one wins (the other 409). */
export async function acceptErrand(ctx: Ctx, id: number): Promise<TErrand> {
  await inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    requireCourier(c);
    const row = await findErrand(tx, id);
    if (!row) throw notFound('工单不存在或无权查看');
    courierOn(c, row);
    const actor = requireActor(c);
    await apply(c, errandFlow, {
      id,
      event: 'accept',
      orgId: row.orgId,
      orgPath: row.orgPath,
      scope: 'checked-by-caller',
    });
    await tx
      .update(errands)
      .set({ courierUserId: actor.userId, acceptedAt: new Date(), updatedAt: new Date() })
      .where(eq(errands.id, id));
    await tellWorker(tx, row, '快递员已接单', `快递员：${actor.displayName}`);
  });
  return getErrand(ctx, id);
}

/** 退回: a courier cannot take it; back to dispatch with the reason, the duty cadres hear of it. */
export async function declineErrand(ctx: Ctx, id: number, input: { reason: string }): Promise<TErrand> {
  // The courier no longer sees it afterwards: reply with the errand as it stands, read in the same step.
  return inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    requireCourier(c);
    const row = await findErrand(tx, id);
    if (!row) throw notFound('工单不存在或无权查看');
    const m = courierOn(c, row);
    requireHandlingCourier(c, row);
    await apply(c, errandFlow, {
      id,
      event: 'decline',
      orgId: row.orgId,
      orgPath: row.orgPath,
      note: `${m.orgName}：${input.reason}`,
      scope: 'checked-by-caller',
    });
    await tx
      .update(errands)
      .set({
        courierOrgId: null,
        courierUserId: null,
        dispatchedAt: null,
        acceptedAt: null,
        declines: sql`${errands.declines} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(errands.id, id));
    await notify(tx, {
      userIds: await dutyRecipients(tx, row.orgId, new Date()),
      kind: 'errands.declined',
      title: `及时送工单 ${row.code} 被退回，请重新派单`,
      body: `${m.orgName}：${input.reason}`,
      link: unionLink(id),
    });
    return toErrand(c, await loadErrand(tx, id), 'courier');
  });
}

/** 取件: the accepting courier. */
export async function pickUpErrand(ctx: Ctx, id: number): Promise<TErrand> {
  await inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    requireCourier(c);
    const row = await findErrand(tx, id);
    if (!row) throw notFound('工单不存在或无权查看');
    courierOn(c, row);
    requireHandlingCourier(c, row);
    await apply(c, errandFlow, {
      id,
      event: 'pickup',
      orgId: row.orgId,
      orgPath: row.orgPath,
      scope: 'checked-by-caller',
    });
    await tx.update(errands).set({ pickedUpAt: new Date(), updatedAt: new Date() }).where(eq(errands.id, id));
    await tellWorker(tx, row, '快递员已取件，正在送达');
  });
  return getErrand(ctx, id);
}

async function checkDeliveryPhoto(db: DbOrTx, errandId: number, fileId: string) {
  const [f] = await db
    .select({ entityType: files.entityType, entityId: files.entityId, mime: files.mime })
    .from(files)
    .where(eq(files.id, fileId));
  if (
    !f ||
    f.entityType !== errandFlow.entityType ||
    f.entityId !== String(errandId) ||
    !f.mime.startsWith('image/')
  ) {
    throw invalidField('photoFileId', '送达照片须是为这张工单上传的图片');
  }
}

/** 送达: the accepting courier, with who received it and an optional photo. */
export async function deliverErrand(
  ctx: Ctx,
  id: number,
  input: { receivedBy: string; photoFileId?: string | null | undefined; note?: string | null | undefined },
): Promise<TErrand> {
  await inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    requireCourier(c);
    const row = await findErrand(tx, id);
    if (!row) throw notFound('工单不存在或无权查看');
    courierOn(c, row);
    requireHandlingCourier(c, row);
    if (input.photoFileId) await checkDeliveryPhoto(tx, id, input.photoFileId);
    await apply(c, errandFlow, {
      id,
      event: 'deliver',
      orgId: row.orgId,
      orgPath: row.orgPath,
      note: input.note ? `签收人：${input.receivedBy}；${input.note}` : `签收人：${input.receivedBy}`,
      scope: 'checked-by-caller',
    });
    const now = new Date();
    await tx
      .update(errands)
      .set({
        deliveredAt: now,
        receivedBy: input.receivedBy,
        photoFileId: input.photoFileId ?? null,
        updatedAt: now,
      })
      .where(eq(errands.id, id));
    const minutes = minutesBetween(row.calledAt, now);
    await tellWorker(tx, row, '已送达', `签收人：${input.receivedBy}，来电后 ${formatMinutes(minutes)}送达`);
  });
  return getErrand(ctx, id);
}
