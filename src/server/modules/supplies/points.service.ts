import { and, asc, count, eq, ilike, ne, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type OrgType, partnerOrgTypes } from '../../../shared/orgs.ts';
import type { PointKind, TPoint, TPointInput, ZListPointsQuery } from '../../../shared/supplies.ts';
import type { DbOrTx } from '../../db/client.ts';
import { authorize, inSubtree, isWithin, requireActor } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { ActingMembership, Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/context.ts';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { maskMobile } from '../../platform/pii/pii.ts';
import { supplyPoints } from './supplies.table.ts';

/**
 * 配送点位 (issue #6 point 2): where a requesting unit (a hospital, a district medical union, a
 * medical team) wants its supplies delivered — a designated hospital, a field hospital, a team's
 * lodging. Union users see and manage the points of their subtree; partners never list them (the
 * logistics partner sees the point on its own shipments). The contact phone is stored encrypted.
 */

type PointRow = typeof supplyPoints.$inferSelect;
export type TListPointsQuery = z.infer<typeof ZListPointsQuery>;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const isPartnerMembership = (m: ActingMembership) =>
  m.role === 'partner' || partnerOrgTypes.includes(m.orgType);

/**
 * A point's contact phone as this viewer may see it: in full for union users whose subtree holds
 * the point's unit (the unit itself, its district union, the hub and above), or when the caller has
 * established another right to it (`full`, e.g. the logistics partner delivering there); masked
 * (`138****5678`) otherwise.
 */
export function pointPhoneFor(ctx: Ctx, enc: string, pointOrgPath: string, full = false): string {
  const phone = ctx.deps.vault.decrypt(enc);
  const m = ctx.actor?.membership;
  if (full) return phone;
  if (m && !isPartnerMembership(m) && isWithin(pointOrgPath, m.orgPath)) return phone;
  return maskMobile(phone);
}

function toPoint(ctx: Ctx, p: PointRow, orgName: string): TPoint {
  return {
    id: p.id,
    org: { id: p.orgId, name: orgName },
    name: p.name,
    kind: p.kind as PointKind,
    address: p.address,
    contactName: p.contactName,
    contactPhone: pointPhoneFor(ctx, p.contactPhoneEnc, p.orgPath),
    note: p.note,
    active: p.active,
  };
}

/** Union users only: partners have no list of points. */
function unionUser(ctx: Ctx, action: string): ActingMembership {
  const m = requireActor(ctx).membership;
  if (isPartnerMembership(m)) throw forbidden('合作单位不能查看或管理配送点位');
  return authorize(ctx, action);
}

/** The unit a point belongs to: an active, non-partner org inside the caller's subtree. */
async function checkUnit(ctx: Ctx, m: ActingMembership, orgId: number) {
  const org = await findOrg(ctx.db, orgId);
  if (!org || !isWithin(org.path, m.orgPath)) throw notFound('所属单位不存在或不在您的管辖范围内');
  if (partnerOrgTypes.includes(org.type as OrgType)) {
    throw invalidField('orgId', '配送点位应属于医院、区医务工会等需求单位，不能属于合作企业');
  }
  if (org.state !== 'active') throw invalidField('orgId', '所属单位已停用');
  return org;
}

async function loadPoint(ctx: Ctx, id: number, action: string) {
  const m = unionUser(ctx, action);
  const [row] = await ctx.db
    .select({ p: supplyPoints, orgName: orgs.name })
    .from(supplyPoints)
    .innerJoin(orgs, eq(orgs.id, supplyPoints.orgId))
    .where(eq(supplyPoints.id, id));
  if (!row || !isWithin(row.p.orgPath, m.orgPath)) throw notFound('配送点位不存在或无权查看');
  return { m, row };
}

/** The points of the caller's subtree (or of one unit in it), filtered. */
export async function listPoints(ctx: Ctx, q: TListPointsQuery) {
  const m = unionUser(ctx, 'supplies.view');
  let rootPath = m.orgPath;
  const conds: SQL[] = [];
  if (q.orgId !== undefined) {
    const org = await findOrg(ctx.db, q.orgId);
    if (!org || !isWithin(org.path, m.orgPath)) throw notFound('组织不存在或无权查看');
    rootPath = org.path;
  }
  conds.push(inSubtree(supplyPoints.orgPath, rootPath));
  if (q.kind) conds.push(eq(supplyPoints.kind, q.kind));
  if (q.active) conds.push(eq(supplyPoints.active, q.active === 'true'));
  const text = q.q?.trim();
  if (text) {
    const like = `%${escapeLike(text)}%`;
    conds.push(
      or(
        ilike(supplyPoints.name, like),
        ilike(supplyPoints.address, like),
        ilike(supplyPoints.contactName, like),
        ilike(orgs.name, like),
      ) as SQL,
    );
  }
  const where = and(...conds);
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select({ p: supplyPoints, orgName: orgs.name })
      .from(supplyPoints)
      .innerJoin(orgs, eq(orgs.id, supplyPoints.orgId))
      .where(where)
      .orderBy(sql`${supplyPoints.active} desc`, asc(supplyPoints.orgPath), asc(supplyPoints.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db
      .select({ n: count() })
      .from(supplyPoints)
      .innerJoin(orgs, eq(orgs.id, supplyPoints.orgId))
      .where(where),
  ]);
  return {
    items: rows.map((r) => toPoint(ctx, r.p, r.orgName)),
    total: counted?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** One point of the caller's subtree. */
export async function getPoint(ctx: Ctx, id: number): Promise<TPoint> {
  const { row } = await loadPoint(ctx, id, 'supplies.view');
  return toPoint(ctx, row.p, row.orgName);
}

/** Add a delivery point for a unit of the caller's subtree. */
/**
 * One name once per unit: two 「广西援沪医疗队驻地」 of one union would be two look-alike choices on
 * every request form. A stopped point keeps its name too (it may be started again).
 */
async function refuseDuplicateName(db: DbOrTx, orgId: number, name: string, exceptId?: number) {
  const [same] = await db
    .select({ id: supplyPoints.id })
    .from(supplyPoints)
    .where(
      and(
        eq(supplyPoints.orgId, orgId),
        eq(supplyPoints.name, name.trim()),
        exceptId === undefined ? undefined : ne(supplyPoints.id, exceptId),
      ),
    )
    .limit(1);
  if (same) throw invalidField('name', `本单位已有名为「${name.trim()}」的配送点位`);
}

export async function createPoint(ctx: Ctx, input: TPointInput): Promise<TPoint> {
  const m = unionUser(ctx, 'supplies.points.manage');
  const org = await checkUnit(ctx, m, input.orgId);
  const id = await ctx.deps.database.db.transaction(async (tx) => {
    await refuseDuplicateName(tx, org.id, input.name);
    const [row] = await tx
      .insert(supplyPoints)
      .values({
        orgId: org.id,
        orgPath: org.path,
        name: input.name,
        kind: input.kind,
        address: input.address,
        contactName: input.contactName,
        contactPhoneEnc: ctx.deps.vault.encrypt(input.contactPhone),
        note: input.note?.trim() || null,
        createdBy: requireActor(ctx).userId,
      })
      .returning({ id: supplyPoints.id });
    if (!row) throw new Error('point insert returned nothing');
    await recordAudit(withTx(ctx, tx), {
      action: 'supplies.point.create',
      entityType: 'supplies.point',
      entityId: row.id,
      orgId: org.id,
      orgPath: org.path,
      detail: { name: input.name, kind: input.kind },
    });
    return row.id;
  });
  return getPoint(ctx, id);
}

/** Change a point (any subset of its fields); moving it to another unit keeps to the subtree. */
export async function updatePoint(ctx: Ctx, id: number, patch: Partial<TPointInput>): Promise<TPoint> {
  const { m, row } = await loadPoint(ctx, id, 'supplies.points.manage');
  const set: Partial<typeof supplyPoints.$inferInsert> = {};
  if (patch.orgId !== undefined && patch.orgId !== row.p.orgId) {
    const org = await checkUnit(ctx, m, patch.orgId);
    set.orgId = org.id;
    set.orgPath = org.path;
  }
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.kind !== undefined) set.kind = patch.kind;
  if (patch.address !== undefined) set.address = patch.address;
  if (patch.contactName !== undefined) set.contactName = patch.contactName;
  if (patch.contactPhone !== undefined) set.contactPhoneEnc = ctx.deps.vault.encrypt(patch.contactPhone);
  if (patch.note !== undefined) set.note = patch.note?.trim() || null;
  await ctx.deps.database.db.transaction(async (tx) => {
    if (set.name !== undefined || set.orgId !== undefined) {
      await refuseDuplicateName(tx, set.orgId ?? row.p.orgId, set.name ?? row.p.name, id);
    }
    await tx
      .update(supplyPoints)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(supplyPoints.id, id));
    await recordAudit(withTx(ctx, tx), {
      action: 'supplies.point.update',
      entityType: 'supplies.point',
      entityId: id,
      orgId: set.orgId ?? row.p.orgId,
      orgPath: set.orgPath ?? row.p.orgPath,
      detail: { fields: Object.keys(set).map((k) => (k === 'contactPhoneEnc' ? 'contactPhone' : k)) },
    });
  });
  return getPoint(ctx, id);
}

/** Stop or resume using a point: an inactive point cannot be chosen for new requests. */
export async function setPointActive(ctx: Ctx, id: number, active: boolean): Promise<TPoint> {
  const { row } = await loadPoint(ctx, id, 'supplies.points.manage');
  if (row.p.active === active) {
    throw conflict('INVALID_STATE', active ? '该点位已在使用中' : '该点位已停用');
  }
  await ctx.deps.database.db.transaction(async (tx) => {
    await tx.update(supplyPoints).set({ active, updatedAt: sql`now()` }).where(eq(supplyPoints.id, id));
    await recordAudit(withTx(ctx, tx), {
      action: 'supplies.point.update',
      entityType: 'supplies.point',
      entityId: id,
      orgId: row.p.orgId,
      orgPath: row.p.orgPath,
      detail: { active },
    });
  });
  return getPoint(ctx, id);
}
