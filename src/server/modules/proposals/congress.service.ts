import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { beijingDay } from '../../../shared/dates.ts';
import type {
  TCongress,
  TCongressInput,
  TCongressSession,
  TRepresentative,
  TRepresentativeInput,
  ZCongressSessionInput,
  ZCongressUpdate,
  ZListCongressesQuery,
  ZListRepresentativesQuery,
  ZRepresentativeUpdate,
} from '../../../shared/proposals.ts';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { authorize, inSubtree, isWithin, requireActor, roleMay } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { memberships, users } from '../../platform/auth/auth.table.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, invalidField, notFound } from '../../platform/errors.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { maskMobile } from '../../platform/pii/pii.ts';
import { isMemberOf } from './proposals.access.ts';
import { congresses, congressSessions, representatives } from './proposals.table.ts';

/**
 * 会员代表大会 (issue #8): a union's congress (届), its sessions and its representatives' directory.
 * Staff (cadre, admin; reviewer and auditor read) act within their subtree; members (workers and
 * representatives) see the congresses of the unions above them and their directories.
 */

export const inTx = <T>(ctx: Ctx, fn: (tx: Tx) => Promise<T>): Promise<T> => (ctx.db as Db).transaction(fn);

type CongressRow = typeof congresses.$inferSelect;

/** Staff roles read within their subtree (`proposals.view`). */
export const isStaff = (ctx: Ctx): boolean => {
  const m = ctx.actor?.membership;
  return m != null && roleMay(m.role, 'proposals.view');
};

/** Whether the actor may see a record of the union at `unionPath`: staff above it, or a member below it. */
export function seesUnion(ctx: Ctx, unionPath: string): boolean {
  const m = requireActor(ctx).membership;
  if (isStaff(ctx)) return isWithin(unionPath, m.orgPath);
  return isMemberOf(ctx, unionPath);
}

/** SQL: the union path column is an ancestor-or-self of `memberPath` (the member's unions). */
export const unionAbove = (column: SQL | AnyPgColumn, memberPath: string): SQL =>
  sql`(${memberPath} = ${column} or ${memberPath} like ${column} || '.%')`;

/** Rows the actor may see: staff — the subtree; members — unions above them; others — nothing. */
export function visibleUnions(ctx: Ctx, column: AnyPgColumn): SQL {
  const m = requireActor(ctx).membership;
  if (isStaff(ctx)) return inSubtree(column, m.orgPath);
  if (m.role === 'worker' || m.role === 'representative') return unionAbove(column, m.orgPath);
  return sql`false`;
}

const congressColumns = {
  c: congresses,
  orgName: orgs.name,
  representativeCount: sql<number>`(select count(*)::int from representatives r
    where r.congress_id = ${congresses.id} and r.active)`,
  proposalCount: sql<number>`(select count(*)::int from proposals p
    where p.congress_id = ${congresses.id} and p.state not in ('draft', 'cosigning', 'withdrawn'))`,
};

const toCongress = (r: {
  c: CongressRow;
  orgName: string;
  representativeCount: number;
  proposalCount: number;
}): TCongress => ({
  id: r.c.id,
  org: { id: r.c.orgId, name: r.orgName },
  name: r.c.name,
  termNo: r.c.termNo,
  termStart: r.c.termStart,
  termEnd: r.c.termEnd,
  state: r.c.state as TCongress['state'],
  representativeCount: Number(r.representativeCount),
  proposalCount: Number(r.proposalCount),
  cosignThreshold: r.c.cosignThreshold,
  cosignWindowDays: r.c.cosignWindowDays,
  reviewDays: r.c.reviewDays,
  handleDays: r.c.handleDays,
  superviseDays: r.c.superviseDays,
  feedbackDays: r.c.feedbackDays,
  graceDays: r.c.graceDays,
});

const congressQuery = (db: DbOrTx) =>
  db.select(congressColumns).from(congresses).innerJoin(orgs, eq(orgs.id, congresses.orgId));

/** A congress row the actor may see (404 otherwise). */
export async function loadCongress(ctx: Ctx, id: number): Promise<CongressRow> {
  requireActor(ctx);
  const [c] = await ctx.db.select().from(congresses).where(eq(congresses.id, id));
  if (!c || !seesUnion(ctx, c.orgPath)) throw notFound('会员代表大会不存在或无权查看');
  return c;
}

/** The congresses the actor may see: staff — of their subtree (or `orgId`'s); members — of their unions. */
export async function listCongresses(
  ctx: Ctx,
  q: z.infer<typeof ZListCongressesQuery>,
): Promise<TCongress[]> {
  requireActor(ctx);
  let where: SQL | undefined = visibleUnions(ctx, congresses.orgPath);
  if (q.orgId != null) where = and(where, eq(congresses.orgId, q.orgId));
  const rows = await congressQuery(ctx.db)
    .where(where)
    .orderBy(asc(congresses.orgPath), desc(congresses.termNo));
  return rows.map(toCongress);
}

export async function getCongress(ctx: Ctx, id: number): Promise<TCongress> {
  await loadCongress(ctx, id);
  const [row] = await congressQuery(ctx.db).where(eq(congresses.id, id));
  if (!row) throw notFound();
  return toCongress(row);
}

export async function createCongress(ctx: Ctx, input: TCongressInput): Promise<TCongress> {
  authorize(ctx, 'proposals.congress');
  const org = await findOrg(ctx.db, input.orgId);
  if (!org) throw notFound('组织不存在或无权查看');
  authorize(ctx, 'proposals.congress', { orgPath: org.path });
  const actor = requireActor(ctx);
  const id = await inTx(ctx, async (tx) => {
    const [dup] = await tx
      .select({ id: congresses.id })
      .from(congresses)
      .where(and(eq(congresses.orgId, org.id), eq(congresses.termNo, input.termNo)));
    if (dup) throw conflict('CONGRESS_EXISTS', `${org.name}第 ${input.termNo} 届会员代表大会已存在`);
    const [row] = await tx
      .insert(congresses)
      .values({
        orgId: org.id,
        orgPath: org.path,
        name: input.name,
        termNo: input.termNo,
        termStart: input.termStart,
        termEnd: input.termEnd,
        cosignThreshold: input.cosignThreshold,
        cosignWindowDays: input.cosignWindowDays,
        reviewDays: input.reviewDays,
        handleDays: input.handleDays,
        superviseDays: input.superviseDays,
        feedbackDays: input.feedbackDays,
        graceDays: input.graceDays,
        createdBy: actor.userId,
      })
      .onConflictDoNothing()
      .returning({ id: congresses.id });
    if (!row) throw conflict('CONGRESS_EXISTS', `${org.name}第 ${input.termNo} 届会员代表大会已存在`);
    await recordAudit(withTx(ctx, tx), {
      action: 'proposals.congress.create',
      entityType: 'proposals.congress',
      entityId: row.id,
      orgId: org.id,
      orgPath: org.path,
      detail: { name: input.name, termNo: input.termNo },
    });
    return row.id;
  });
  return getCongress(ctx, id);
}

export async function updateCongress(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof ZCongressUpdate>,
): Promise<TCongress> {
  authorize(ctx, 'proposals.congress');
  const c = await loadCongress(ctx, id);
  authorize(ctx, 'proposals.congress', { orgPath: c.orgPath });
  const termStart = input.termStart ?? c.termStart;
  const termEnd = input.termEnd ?? c.termEnd;
  if (termEnd <= termStart) throw invalidField('termEnd', '任期结束应晚于开始');
  await inTx(ctx, async (tx) => {
    await tx
      .update(congresses)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(congresses.id, id));
    await recordAudit(withTx(ctx, tx), {
      action: 'proposals.congress.update',
      entityType: 'proposals.congress',
      entityId: id,
      orgId: c.orgId,
      orgPath: c.orgPath,
      detail: { ...input },
    });
  });
  return getCongress(ctx, id);
}

// ---------------------------------------------------------------- sessions

const toSession = (s: typeof congressSessions.$inferSelect): TCongressSession => ({
  id: s.id,
  congressId: s.congressId,
  title: s.title,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
  venue: s.venue,
});

export async function listSessions(ctx: Ctx, congressId: number): Promise<TCongressSession[]> {
  await loadCongress(ctx, congressId);
  const rows = await ctx.db
    .select()
    .from(congressSessions)
    .where(eq(congressSessions.congressId, congressId))
    .orderBy(desc(congressSessions.startsAt));
  return rows.map(toSession);
}

/** A session takes place within its congress's term (days in Beijing time), or its marks would count in no term. */
export function assertSessionInTerm(
  c: { termStart: string; termEnd: string },
  startsAt: string | Date,
  endsAt: string | Date,
): void {
  const message = `会议日期须在本届任期内（${c.termStart} 至 ${c.termEnd}）`;
  const start = beijingDay(new Date(startsAt));
  if (start < c.termStart || start > c.termEnd) throw invalidField('startsAt', message);
  if (beijingDay(new Date(endsAt)) > c.termEnd) throw invalidField('endsAt', message);
}

/**
 * Change a session's title, time or venue (云履职会议 edits go through duty, which also moves the
 * attendance records and audits). Runs in the caller's transaction.
 */
export async function updateSession(
  ctx: Ctx,
  sessionId: number,
  input: z.infer<typeof ZCongressSessionInput>,
): Promise<TCongressSession> {
  authorize(ctx, 'proposals.congress');
  const [current] = await ctx.db.select().from(congressSessions).where(eq(congressSessions.id, sessionId));
  if (!current) throw notFound('会议不存在或无权查看');
  const c = await loadCongress(ctx, current.congressId);
  authorize(ctx, 'proposals.congress', { orgPath: c.orgPath });
  assertSessionInTerm(c, input.startsAt, input.endsAt);
  const [row] = await ctx.db
    .update(congressSessions)
    .set({
      title: input.title,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      venue: input.venue,
    })
    .where(eq(congressSessions.id, sessionId))
    .returning();
  if (!row) throw notFound('会议不存在或无权查看');
  return toSession(row);
}

/** Remove a session; the caller has removed what refers to it (duty's check-in and attendance). */
export async function deleteSession(ctx: Ctx, sessionId: number): Promise<void> {
  authorize(ctx, 'proposals.congress');
  const [current] = await ctx.db.select().from(congressSessions).where(eq(congressSessions.id, sessionId));
  if (!current) throw notFound('会议不存在或无权查看');
  const c = await loadCongress(ctx, current.congressId);
  authorize(ctx, 'proposals.congress', { orgPath: c.orgPath });
  await ctx.db.delete(congressSessions).where(eq(congressSessions.id, sessionId));
}

export async function createSession(
  ctx: Ctx,
  congressId: number,
  input: z.infer<typeof ZCongressSessionInput>,
): Promise<TCongressSession> {
  authorize(ctx, 'proposals.congress');
  const c = await loadCongress(ctx, congressId);
  authorize(ctx, 'proposals.congress', { orgPath: c.orgPath });
  assertSessionInTerm(c, input.startsAt, input.endsAt);
  return inTx(ctx, async (tx) => {
    const [row] = await tx
      .insert(congressSessions)
      .values({
        congressId,
        title: input.title,
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        venue: input.venue,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(withTx(ctx, tx), {
      action: 'proposals.session.create',
      entityType: 'proposals.congress',
      entityId: congressId,
      orgId: c.orgId,
      orgPath: c.orgPath,
      detail: { sessionId: row.id, title: input.title },
    });
    return toSession(row);
  });
}

// ---------------------------------------------------------------- representatives

type RepRow = typeof representatives.$inferSelect;

const repColumns = {
  r: representatives,
  userName: users.displayName,
  orgName: orgs.name,
  proposalCount: sql<number>`(select count(*)::int from proposals p
    where p.proposer_rep_id = ${representatives.id} and p.state not in ('draft', 'withdrawn'))`,
  cosignCount: sql<number>`(select count(*)::int from proposal_cosigners pc
    where pc.representative_id = ${representatives.id} and pc.state = 'signed')`,
  messageCount: sql<number>`(select count(*)::int from contact_threads ct
    where ct.representative_id = ${representatives.id})`,
};

const repQuery = (db: DbOrTx) =>
  db
    .select(repColumns)
    .from(representatives)
    .innerJoin(users, eq(users.id, representatives.userId))
    .innerJoin(orgs, eq(orgs.id, representatives.orgId));

type RepJoined = {
  r: RepRow;
  userName: string;
  orgName: string;
  proposalCount: number;
  cosignCount: number;
  messageCount: number;
};

/** Mobiles in full for the union's cadres and admins (and the representative themself), masked otherwise. */
function toRepresentative(ctx: Ctx, x: RepJoined): TRepresentative {
  const m = ctx.actor?.membership;
  const full =
    ctx.actor?.userId === x.r.userId ||
    (m != null && roleMay(m.role, 'proposals.congress') && isWithin(x.r.orgPath, m.orgPath));
  const mobile = x.r.mobileEnc ? ctx.deps.vault.decrypt(x.r.mobileEnc) : null;
  return {
    id: x.r.id,
    congressId: x.r.congressId,
    user: { id: x.r.userId, name: x.userName },
    org: { id: x.r.orgId, name: x.orgName },
    sector: x.r.sector as TRepresentative['sector'],
    delegation: x.r.delegation,
    title: x.r.title,
    mobile: mobile == null ? null : full ? mobile : maskMobile(mobile),
    active: x.r.active,
    proposalCount: Number(x.proposalCount),
    cosignCount: Number(x.cosignCount),
    messageCount: Number(x.messageCount),
  };
}

/** A representative (seat) the actor may see (404 otherwise). */
export async function loadRepresentative(ctx: Ctx, id: number): Promise<RepRow> {
  requireActor(ctx);
  const [r] = await ctx.db.select().from(representatives).where(eq(representatives.id, id));
  if (!r || !seesUnion(ctx, r.orgPath)) throw notFound('会员代表不存在或无权查看');
  return r;
}

export async function getRepresentative(ctx: Ctx, id: number): Promise<TRepresentative> {
  await loadRepresentative(ctx, id);
  const [row] = await repQuery(ctx.db).where(eq(representatives.id, id));
  if (!row) throw notFound();
  return toRepresentative(ctx, row);
}

/** The directory: staff see their subtree's, members their unions' (active only). */
export async function listRepresentatives(ctx: Ctx, q: z.infer<typeof ZListRepresentativesQuery>) {
  requireActor(ctx);
  const conds: (SQL | undefined)[] = [visibleUnions(ctx, representatives.orgPath)];
  if (q.congressId != null) conds.push(eq(representatives.congressId, q.congressId));
  if (q.sector) conds.push(eq(representatives.sector, q.sector));
  if (q.delegation) conds.push(eq(representatives.delegation, q.delegation));
  if (q.q) conds.push(or(ilike(users.displayName, `%${q.q}%`), ilike(orgs.name, `%${q.q}%`)));
  if (!isStaff(ctx)) conds.push(eq(representatives.active, true));
  else if (q.active) conds.push(eq(representatives.active, q.active === 'true'));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    repQuery(ctx.db)
      .where(where)
      .orderBy(asc(representatives.delegation), asc(representatives.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db
      .select({ n: count() })
      .from(representatives)
      .innerJoin(users, eq(users.id, representatives.userId))
      .innerJoin(orgs, eq(orgs.id, representatives.orgId))
      .where(where),
  ]);
  return {
    items: rows.map((r) => toRepresentative(ctx, r)),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The signed-in user's own seats (any congress, active or not). */
export async function mySeats(ctx: Ctx): Promise<TRepresentative[]> {
  const actor = requireActor(ctx);
  const rows = await repQuery(ctx.db)
    .where(eq(representatives.userId, actor.userId))
    .orderBy(desc(representatives.active), desc(representatives.id));
  return rows.map((r) => toRepresentative(ctx, r));
}

/** The acting representative's active seat in a congress, or null. */
export async function activeSeat(ctx: Ctx, congressId: number): Promise<RepRow | null> {
  const actor = requireActor(ctx);
  if (actor.membership.role !== 'representative') return null;
  const [r] = await ctx.db
    .select()
    .from(representatives)
    .where(
      and(
        eq(representatives.userId, actor.userId),
        eq(representatives.congressId, congressId),
        eq(representatives.active, true),
      ),
    );
  return r ?? null;
}

/** The unit must be the congress's union or below it. */
async function unitWithin(db: DbOrTx, orgId: number, unionPath: string) {
  const org = await findOrg(db, orgId);
  if (!org || !isWithin(org.path, unionPath)) throw invalidField('orgId', '所在单位须为本工会或其下级工会');
  return org;
}

export async function addRepresentative(
  ctx: Ctx,
  congressId: number,
  input: TRepresentativeInput,
): Promise<TRepresentative> {
  authorize(ctx, 'proposals.congress');
  const c = await loadCongress(ctx, congressId);
  authorize(ctx, 'proposals.congress', { orgPath: c.orgPath });
  const unit = await unitWithin(ctx.db, input.orgId, c.orgPath);
  const [u] = await ctx.db
    .select({ id: users.id, orgPath: orgs.path, state: users.state })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(eq(users.id, input.userId));
  const held = await ctx.db
    .select({ path: orgs.path })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(eq(memberships.userId, input.userId));
  if (!u || ![u.orgPath, ...held.map((h) => h.path)].some((p) => isWithin(p, c.orgPath))) {
    throw invalidField('userId', '请选择本工会及下级单位的职工');
  }
  if (u.state !== 'active') throw invalidField('userId', '该账号已停用');
  const id = await inTx(ctx, async (tx) => {
    const [row] = await tx
      .insert(representatives)
      .values({
        congressId,
        userId: input.userId,
        orgId: unit.id,
        orgPath: c.orgPath,
        sector: input.sector,
        delegation: input.delegation,
        title: input.title ?? null,
        mobileEnc: input.mobile ? ctx.deps.vault.encrypt(input.mobile) : null,
      })
      .onConflictDoNothing()
      .returning({ id: representatives.id });
    if (!row) throw conflict('REPRESENTATIVE_EXISTS', '该职工已是本届会员代表');
    await tx
      .insert(memberships)
      .values({ userId: input.userId, orgId: unit.id, role: 'representative' })
      .onConflictDoNothing();
    await recordAudit(withTx(ctx, tx), {
      action: 'proposals.representative.create',
      entityType: 'proposals.representative',
      entityId: row.id,
      orgId: c.orgId,
      orgPath: c.orgPath,
      detail: { congressId, userId: input.userId, unitId: unit.id },
    });
    return row.id;
  });
  return getRepresentative(ctx, id);
}

export async function updateRepresentative(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof ZRepresentativeUpdate>,
): Promise<TRepresentative> {
  authorize(ctx, 'proposals.congress');
  const r = await loadRepresentative(ctx, id);
  authorize(ctx, 'proposals.congress', { orgPath: r.orgPath });
  if (input.orgId != null) await unitWithin(ctx.db, input.orgId, r.orgPath);
  await inTx(ctx, async (tx) => {
    await tx
      .update(representatives)
      .set({
        ...(input.orgId != null ? { orgId: input.orgId } : {}),
        ...(input.sector ? { sector: input.sector } : {}),
        ...(input.delegation ? { delegation: input.delegation } : {}),
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.mobile !== undefined
          ? { mobileEnc: input.mobile ? ctx.deps.vault.encrypt(input.mobile) : null }
          : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
        updatedAt: new Date(),
      })
      .where(eq(representatives.id, id));
    if (input.orgId != null) {
      await tx
        .insert(memberships)
        .values({ userId: r.userId, orgId: input.orgId, role: 'representative' })
        .onConflictDoNothing();
    }
    await recordAudit(withTx(ctx, tx), {
      action: 'proposals.representative.update',
      entityType: 'proposals.representative',
      entityId: id,
      orgPath: r.orgPath,
      orgId: null,
      detail: { ...input, mobile: input.mobile === undefined ? undefined : input.mobile ? '***' : null },
    });
  });
  return getRepresentative(ctx, id);
}

/** Names for a set of representative ids (used by appeals and proposals). */
export async function representativeNames(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: representatives.id, name: users.displayName })
    .from(representatives)
    .innerJoin(users, eq(users.id, representatives.userId))
    .where(inArray(representatives.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}
