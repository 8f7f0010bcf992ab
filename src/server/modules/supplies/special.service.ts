import { and, asc, count, desc, eq, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type SpecialState,
  type TRequestEvent,
  type TSpecialRequest,
  type TSpecialRequestInput,
  type Urgency,
  urgencyLabels,
  type ZConvertSpecialInput,
  type ZListSpecialRequestsQuery,
} from '../../../shared/supplies.ts';
import type { DbOrTx } from '../../db/client.ts';
import { authorize, inSubtree, requireActor, roleMay } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { badRequest, forbidden, notFound } from '../../platform/errors.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { apply, recordCreated } from '../../platform/workflow/workflow.ts';
import {
  atHub,
  hubReviewers,
  insertRequest,
  inTx,
  loadPointRow,
  unitFollowers,
  visibleTo,
} from './requests.service.ts';
import { hubOfUnit, isPartner, requireHub } from './supplies.access.ts';
import { specialFlow } from './supplies.flow.ts';
import { supplyPoints, supplyRequests, supplySpecialRequests } from './supplies.table.ts';

/**
 * 特殊需求 (issue #6): a unit asks for something not in the catalogue (birthday boxes for 45 team
 * members, clothes lines); the hub union sources it — a supplier puts the item online or the union
 * buys it — and turns it into a catalogue request (channel `special`, reviewed as usual), or
 * declines it with a reason.
 */

export type SpecialRow = typeof supplySpecialRequests.$inferSelect;
type TListSpecialRequestsQuery = z.infer<typeof ZListSpecialRequestsQuery>;
type TConvertSpecialInput = z.infer<typeof ZConvertSpecialInput>;

const NOT_FOUND = '特殊需求不存在或无权查看';
const specialLink = (id: number) => `/supplies/special?id=${id}`;

export async function loadSpecialRow(db: DbOrTx, id: number): Promise<SpecialRow | undefined> {
  const [row] = await db.select().from(supplySpecialRequests).where(eq(supplySpecialRequests.id, id));
  return row;
}

async function seeSpecial(ctx: Ctx, id: number): Promise<SpecialRow> {
  const m = requireActor(ctx).membership;
  if (isPartner(m)) throw forbidden();
  authorize(ctx, 'supplies.view');
  const s = await loadSpecialRow(ctx.db, id);
  if (!s || !visibleTo(m, s)) throw notFound(NOT_FOUND);
  return s;
}

/** The hub handling it: cadres, reviewers and admins at the hub or above. */
async function handling(ctx: Ctx, id: number): Promise<SpecialRow> {
  const s = await seeSpecial(ctx, id);
  requireHub(ctx, s.hubOrgPath);
  authorize(ctx, 'supplies.review', { orgPath: s.orgPath });
  return s;
}

function actionsFor(ctx: Ctx, s: SpecialRow): string[] {
  const m = requireActor(ctx).membership;
  if (!atHub(m, s.hubOrgPath) || !roleMay(m.role, 'supplies.review')) return [];
  if (s.state === 'open') return ['source', 'convert', 'decline'];
  if (s.state === 'sourcing') return ['convert', 'decline'];
  return [];
}

const eventLabels: Record<string, string> = { ...specialFlow.eventLabels, create: '提报特殊需求' };

async function timelineOf(db: DbOrTx, id: number): Promise<TRequestEvent[]> {
  const rows = await db
    .select()
    .from(timelineEvents)
    .where(
      and(eq(timelineEvents.entityType, specialFlow.entityType), eq(timelineEvents.entityId, String(id))),
    )
    .orderBy(asc(timelineEvents.at), asc(timelineEvents.id));
  return rows.map((e) => ({
    event: e.event,
    label: eventLabels[e.event] ?? e.event,
    at: e.at.toISOString(),
    actor: e.actorName,
    note: e.note,
  }));
}

function toSpecial(
  ctx: Ctx,
  s: SpecialRow,
  orgName: string,
  pointName: string,
  requestCode: string | null,
  timeline?: TRequestEvent[],
): TSpecialRequest {
  return {
    id: s.id,
    org: { id: s.orgId, name: orgName },
    point: { id: s.pointId, name: pointName },
    description: s.description,
    quantity: s.quantity,
    unit: s.unit,
    reason: s.reason,
    urgency: s.urgency as Urgency,
    staffServed: s.staffServed,
    state: s.state as SpecialState,
    handlingNote: s.handlingNote,
    requestId: s.requestId,
    requestCode,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    actions: actionsFor(ctx, s),
    ...(timeline ? { timeline } : {}),
  };
}

/** One special request as the caller may see it (the unit's subtree or the hub's), with its timeline. */
export async function getSpecialRequest(ctx: Ctx, id: number): Promise<TSpecialRequest> {
  const s = await seeSpecial(ctx, id);
  const [[org], point, timeline, [request]] = await Promise.all([
    ctx.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, s.orgId)),
    loadPointRow(ctx.db, s.pointId),
    timelineOf(ctx.db, id),
    s.requestId
      ? ctx.db
          .select({ code: supplyRequests.code })
          .from(supplyRequests)
          .where(eq(supplyRequests.id, s.requestId))
      : Promise.resolve([]),
  ]);
  return toSpecial(ctx, s, org?.name ?? '', point?.name ?? '', request?.code ?? null, timeline);
}

/** Special requests of the caller's subtree (or of `orgId` in it), by the unit's path or the hub's. */
export async function listSpecialRequests(ctx: Ctx, q: TListSpecialRequestsQuery) {
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
    or(
      inSubtree(supplySpecialRequests.orgPath, root),
      inSubtree(supplySpecialRequests.hubOrgPath, root),
    ) as SQL,
  ];
  if (q.state) conds.push(eq(supplySpecialRequests.state, q.state));
  const where = and(...conds);
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select({
        s: supplySpecialRequests,
        orgName: orgs.name,
        pointName: supplyPoints.name,
        requestCode: supplyRequests.code,
      })
      .from(supplySpecialRequests)
      .innerJoin(orgs, eq(orgs.id, supplySpecialRequests.orgId))
      .innerJoin(supplyPoints, eq(supplyPoints.id, supplySpecialRequests.pointId))
      .leftJoin(supplyRequests, eq(supplyRequests.id, supplySpecialRequests.requestId))
      .where(where)
      .orderBy(desc(supplySpecialRequests.createdAt), desc(supplySpecialRequests.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(supplySpecialRequests).where(where),
  ]);
  return {
    items: rows.map((r) => toSpecial(ctx, r.s, r.orgName, r.pointName, r.requestCode)),
    total: counted?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * 提报特殊需求: a unit (or a union above it, e.g. the hub's hotline cadre with `orgId`) asks for
 * something not in the catalogue for one of its points; the hub's reviewers are told.
 */
export async function fileSpecialRequest(ctx: Ctx, input: TSpecialRequestInput): Promise<TSpecialRequest> {
  authorize(ctx, 'supplies.request');
  const point = await loadPointRow(ctx.db, input.pointId);
  if (!point) throw notFound('配送点位不存在或无权查看');
  authorize(ctx, 'supplies.request', { orgPath: point.orgPath });
  if (input.orgId != null && input.orgId !== point.orgId) {
    throw badRequest('VALIDATION_FAILED', '该配送点位不属于所选单位', [
      { field: 'pointId', message: '该配送点位不属于所选单位' },
    ]);
  }
  if (!point.active) {
    throw badRequest('VALIDATION_FAILED', '该配送点位已停用', [
      { field: 'pointId', message: '该配送点位已停用' },
    ]);
  }
  const hub = await hubOfUnit(ctx.db, point.orgPath);
  if (!hub) {
    throw badRequest('NO_HUB', '本单位上级工会尚未开通物资目录，暂不能提报需求', [
      { field: 'pointId', message: '本单位上级工会尚未开通物资目录' },
    ]);
  }
  const id = await inTx(ctx, async (t) => {
    const actor = requireActor(t);
    const [row] = await t.db
      .insert(supplySpecialRequests)
      .values({
        orgId: point.orgId,
        orgPath: point.orgPath,
        hubOrgId: hub.id,
        hubOrgPath: hub.path,
        pointId: point.id,
        state: 'open',
        description: input.description,
        quantity: input.quantity,
        unit: input.unit,
        reason: input.reason,
        urgency: input.urgency,
        staffServed: input.staffServed,
        createdBy: actor.userId,
      })
      .returning({ id: supplySpecialRequests.id });
    if (!row) throw new Error('insert returned nothing');
    await recordCreated(t, specialFlow.entityType, row.id, 'open');
    await recordAudit(t, {
      action: 'supplies.special.create',
      entityType: specialFlow.entityType,
      entityId: row.id,
      orgId: point.orgId,
      orgPath: point.orgPath,
      detail: { description: input.description, quantity: input.quantity, unit: input.unit },
    });
    const [unit] = await t.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, point.orgId));
    await notify(t.db, {
      userIds: (await hubReviewers(t.db, hub.id)).filter((u) => u !== actor.userId),
      kind: 'supplies.special.filed',
      title: `${unit?.name ?? ''}提报特殊需求「${input.description}」${input.quantity}${input.unit}（${urgencyLabels[input.urgency]}）`,
      body: input.reason,
      link: specialLink(row.id),
    });
    return row.id;
  });
  return getSpecialRequest(ctx, id);
}

/** 开始寻源: the hub notes how it is sourcing the item; the unit is told. */
export async function sourceSpecialRequest(ctx: Ctx, id: number, note: string): Promise<TSpecialRequest> {
  const s = await handling(ctx, id);
  await inTx(ctx, async (t) => {
    await apply(t, specialFlow, { id, event: 'source', note, orgPath: s.orgPath, orgId: s.orgId });
    await t.db
      .update(supplySpecialRequests)
      .set({ handlingNote: note })
      .where(eq(supplySpecialRequests.id, id));
    await notify(t.db, {
      userIds: await unitFollowers(t.db, s.orgId),
      kind: 'supplies.special.sourcing',
      title: `特殊需求「${s.description}」正在寻源`,
      body: note,
      link: specialLink(id),
    });
  });
  return getSpecialRequest(ctx, id);
}

/**
 * 转为物资需求: the item is now in the catalogue (a supplier put it online or the union bought it);
 * a submitted request (channel `special`) is created for the unit and point with these lines and
 * linked both ways, then reviewed as usual. The unit is told.
 */
export async function convertSpecialRequest(
  ctx: Ctx,
  id: number,
  input: TConvertSpecialInput,
): Promise<TSpecialRequest> {
  const s = await handling(ctx, id);
  const point = await loadPointRow(ctx.db, s.pointId);
  if (!point) throw notFound('配送点位不存在或无权查看');
  const [hubOrg] = await ctx.db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, s.hubOrgId));
  await inTx(ctx, async (t) => {
    await apply(t, specialFlow, {
      id,
      event: 'convert',
      note: input.note ?? null,
      orgPath: s.orgPath,
      orgId: s.orgId,
    });
    const request = await insertRequest(t, {
      point,
      hub: { id: s.hubOrgId, name: hubOrg?.name ?? '', path: s.hubOrgPath },
      input: {
        urgency: s.urgency as Urgency,
        staffServed: s.staffServed,
        note: input.note ?? `特殊需求：${s.description} ${s.quantity}${s.unit}（${s.reason}）`,
        lines: input.lines,
      },
      channel: 'special',
      specialRequestId: id,
    });
    await t.db
      .update(supplySpecialRequests)
      .set({ requestId: request.id, ...(input.note ? { handlingNote: input.note } : {}) })
      .where(eq(supplySpecialRequests.id, id));
  });
  return getSpecialRequest(ctx, id);
}

/** 无法提供: the hub declines with a reason; the unit is told. */
export async function declineSpecialRequest(ctx: Ctx, id: number, reason: string): Promise<TSpecialRequest> {
  const s = await handling(ctx, id);
  await inTx(ctx, async (t) => {
    await apply(t, specialFlow, { id, event: 'decline', note: reason, orgPath: s.orgPath, orgId: s.orgId });
    await t.db
      .update(supplySpecialRequests)
      .set({ handlingNote: reason })
      .where(eq(supplySpecialRequests.id, id));
    await notify(t.db, {
      userIds: await unitFollowers(t.db, s.orgId),
      kind: 'supplies.special.declined',
      title: `特殊需求「${s.description}」暂无法提供`,
      body: `原因：${reason}`,
      link: specialLink(id),
    });
  });
  return getSpecialRequest(ctx, id);
}
