import { desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { TScheme, TSchemeInput, ZSchemeSaved } from '../../../shared/duty.ts';
import { type Db, type DbOrTx, sqlRows } from '../../db/client.ts';
import { isWithin, requireActor, roleMay } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { badRequest, forbidden, notFound } from '../../platform/errors.ts';
import { type CongressFacts, congressFacts, type Seat, seatOfUser } from '../proposals/seats.service.ts';
import { assertTermOpen, isArchived } from './archive.service.ts';
import { currentScheme, ensureScheme, recomputePoints, type SchemeRow } from './duty.scoring.ts';
import { dutySchemes } from './duty.table.ts';
import { liveRows } from './scores.service.ts';

/**
 * 履职评价指标方案 (issue #9): one scheme per congress term, versioned (append-only rows, the highest
 * in force). Saving a version re-scores every record of the term in the same transaction.
 */

/** How the caller relates to a congress's 履职 term. */
export interface DutyAccess {
  congress: CongressFacts;
  /** duty.view in the congress union's subtree. */
  staff: boolean;
  /** duty.manage in the congress union's subtree. */
  manage: boolean;
  /** The caller's active seat in the congress (representatives). */
  seat: Seat | null;
}

/**
 * Staff with duty.view whose org is at or above the congress's union, or a representative seated
 * (active) in the congress; anyone else gets 404 (the term's existence is not revealed).
 */
export async function congressAccess(ctx: Ctx, congressId: number): Promise<DutyAccess> {
  const actor = requireActor(ctx);
  const m = actor.membership;
  const c = await congressFacts(ctx.db, congressId);
  if (!c) throw notFound('会员代表大会不存在或无权查看');
  const inScope = isWithin(c.orgPath, m.orgPath);
  const staff = inScope && roleMay(m.role, 'duty.view');
  const manage = inScope && roleMay(m.role, 'duty.manage');
  const seat = staff ? null : await seatOfUser(ctx.db, c.id, actor.userId);
  if (!staff && !seat) throw notFound('会员代表大会不存在或无权查看');
  return { congress: c, staff, manage, seat };
}

/** Staff only (duty.view): representatives get 403, others 404. */
export async function staffAccess(ctx: Ctx, congressId: number): Promise<DutyAccess> {
  const a = await congressAccess(ctx, congressId);
  if (!a.staff) throw forbidden('仅工会工作人员可执行此操作');
  return a;
}

/** duty.manage at the congress's union: representatives and read-only staff get 403, others 404. */
export async function manageAccess(ctx: Ctx, congressId: number): Promise<DutyAccess> {
  const a = await congressAccess(ctx, congressId);
  if (!a.manage) throw forbidden();
  return a;
}

export const congressRef = (c: CongressFacts) => ({
  id: c.id,
  name: c.name,
  state: (c.state === 'closed' ? 'closed' : 'active') as 'active' | 'closed',
});

const schemeColumns = { s: dutySchemes, creatorName: users.displayName };

const toScheme = (r: { s: SchemeRow; creatorName: string | null }): TScheme => ({
  id: r.s.id,
  congressId: r.s.congressId,
  version: r.s.version,
  definition: r.s.definition,
  note: r.s.note,
  createdBy: r.s.createdBy == null ? null : { id: r.s.createdBy, name: r.creatorName ?? '' },
  createdAt: r.s.createdAt.toISOString(),
});

async function schemeView(db: DbOrTx, id: number): Promise<TScheme> {
  const [row] = await db
    .select(schemeColumns)
    .from(dutySchemes)
    .leftJoin(users, eq(users.id, dutySchemes.createdBy))
    .where(eq(dutySchemes.id, id));
  if (!row) throw notFound();
  return toScheme(row);
}

/** The scheme in force (the default is installed as version 1 on first read of an open term). */
export async function getScheme(ctx: Ctx, congressId: number): Promise<TScheme> {
  const { congress: c } = await congressAccess(ctx, congressId);
  const row = (await isArchived(ctx.db, c.id))
    ? await currentScheme(ctx.db, c.id)
    : await ensureScheme(ctx.db, c, null);
  if (!row) throw notFound('本届尚无履职评价方案');
  return schemeView(ctx.db, row.id);
}

/** Every version of the term's scheme, newest first. */
export async function listSchemes(ctx: Ctx, congressId: number): Promise<TScheme[]> {
  const { congress: c } = await congressAccess(ctx, congressId);
  if (!(await isArchived(ctx.db, c.id))) await ensureScheme(ctx.db, c, null);
  const rows = await ctx.db
    .select(schemeColumns)
    .from(dutySchemes)
    .leftJoin(users, eq(users.id, dutySchemes.createdBy))
    .where(eq(dutySchemes.congressId, c.id))
    .orderBy(desc(dutySchemes.version));
  return rows.map(toScheme);
}

/**
 * Save a new version (duty.manage at the congress's union; the note is required from version 2 on)
 * and re-score every record of the term under it, in one transaction. The answer says how many
 * records were re-scored and whose totals changed. Concurrent saves are serialised by locking the
 * term's scheme rows; an archived term refuses (409 TERM_ARCHIVED).
 */
export async function saveScheme(
  ctx: Ctx,
  congressId: number,
  input: TSchemeInput,
): Promise<z.infer<typeof ZSchemeSaved>> {
  const { congress: c } = await manageAccess(ctx, congressId);
  const actor = requireActor(ctx);
  return (ctx.db as Db).transaction(async (tx) => {
    await assertTermOpen(tx, c.id);
    const first = await ensureScheme(tx, c, actor.userId);
    // Serialise concurrent saves (and an archive) of this term on its scheme rows.
    await sqlRows(tx, sql`select id from duty_schemes where congress_id = ${c.id} for update`);
    await assertTermOpen(tx, c.id);
    const prev = (await currentScheme(tx, c.id)) ?? first;
    const note = input.note?.trim() || null;
    if (!note)
      throw badRequest('VALIDATION_FAILED', '请填写修改说明', [{ field: 'note', message: '请填写修改说明' }]);
    const before = await liveRows(tx, c.id, prev.definition);
    const version = prev.version + 1;
    const [row] = await tx
      .insert(dutySchemes)
      .values({
        congressId: c.id,
        orgId: c.orgId,
        orgPath: c.orgPath,
        version,
        definition: input.definition,
        note,
        createdBy: actor.userId,
      })
      .returning();
    if (!row) throw new Error('scheme insert returned nothing');
    const { changed } = await recomputePoints(tx, c.id);
    const after = await liveRows(tx, c.id, input.definition);
    const beforeTotal = new Map(before.map((r) => [r.representative.id, r.total]));
    const changedReps = after.filter((r) => beforeTotal.get(r.representative.id) !== r.total).length;
    const [counts] = await sqlRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from duty_records where congress_id = ${c.id}`,
    );
    const records = Number(counts?.n ?? 0);
    const message = `已按第 ${version} 版方案重新计分：共 ${records} 条记录（其中 ${changed} 条分值变化），${changedReps} 名代表总分发生变化`;
    await recordAudit(withTx(ctx, tx), {
      action: 'duty.scheme.save',
      entityType: 'congress',
      entityId: c.id,
      orgId: c.orgId,
      orgPath: c.orgPath,
      detail: { version, note, changedRecords: changed, changedRepresentatives: changedReps },
    });
    return {
      scheme: await schemeView(tx, row.id),
      recompute: {
        version,
        records,
        representatives: after.length,
        changedRepresentatives: changedReps,
        message,
      },
    };
  });
}
