import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { TDutyArchive, ZArchiveInput } from '../../../shared/duty.ts';
import { type Db, type DbOrTx, sqlRows } from '../../db/client.ts';
import { requireActor } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict } from '../../platform/errors.ts';
import { closeCongress } from '../proposals/seats.service.ts';
import { currentScheme, ensureScheme, recomputePoints } from './duty.scoring.ts';
import { dutyArchiveScores, dutyArchives } from './duty.table.ts';
import { congressAccess, manageAccess } from './scheme.service.ts';
import { liveRows } from './scores.service.ts';

type TArchiveInput = z.infer<typeof ZArchiveInput>;

/**
 * 归档 (issue #9): closing a term freezes its duty records, attendance and scheme. Every write path of
 * the duty module calls `assertTermOpen` first so the user gets a clear 409 instead of the database
 * trigger's 42501.
 */

/** Whether the congress's 履职 term has been archived. */
export async function isArchived(db: DbOrTx, congressId: number): Promise<boolean> {
  const [row] = await db
    .select({ congressId: dutyArchives.congressId })
    .from(dutyArchives)
    .where(eq(dutyArchives.congressId, congressId));
  return row != null;
}

/** Throws 409 TERM_ARCHIVED when the congress's term is archived (call before any write of the term). */
export async function assertTermOpen(db: DbOrTx, congressId: number): Promise<void> {
  if (await isArchived(db, congressId)) throw conflict('TERM_ARCHIVED', '本届履职已归档，不能再修改');
}

// ---------------------------------------------------------------- archiving a term

type ArchiveRow = typeof dutyArchives.$inferSelect;

async function archiveView(db: DbOrTx, row: ArchiveRow): Promise<TDutyArchive> {
  let archivedBy: TDutyArchive['archivedBy'] = null;
  if (row.archivedBy != null) {
    const [u] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, row.archivedBy));
    archivedBy = { id: row.archivedBy, name: u?.name ?? '' };
  }
  return {
    congressId: row.congressId,
    schemeVersion: row.schemeVersion,
    representatives: row.representativeCount,
    records: row.recordCount,
    note: row.note,
    archivedBy,
    archivedAt: row.archivedAt.toISOString(),
  };
}

/** The term's archive (staff in the subtree and the congress's representatives), or 404. */
/** The term's archive, or null while it is open (a congress the caller cannot see is still 404). */
export async function getArchive(ctx: Ctx, congressId: number): Promise<TDutyArchive | null> {
  const { congress: c } = await congressAccess(ctx, congressId);
  const [row] = await ctx.db.select().from(dutyArchives).where(eq(dutyArchives.congressId, c.id));
  return row ? archiveView(ctx.db, row) : null;
}

/**
 * 归档 (duty.manage at the congress's union): in one transaction the live leaderboard is frozen into
 * `duty_archives` + one `duty_archive_scores` row per ranked representative, and the congress is
 * closed. From then on the database refuses changes to the term's records, attendance and scheme.
 * Two cadres archiving at once: the scheme rows are locked first, so the second waits and then
 * finds the archive (409 TERM_ARCHIVED).
 */
export async function archiveTerm(ctx: Ctx, congressId: number, input: TArchiveInput): Promise<TDutyArchive> {
  const { congress: c } = await manageAccess(ctx, congressId);
  const actor = requireActor(ctx);
  return (ctx.db as Db).transaction(async (tx) => {
    await assertTermOpen(tx, c.id);
    await ensureScheme(tx, c, actor.userId);
    await sqlRows(tx, sql`select id from duty_schemes where congress_id = ${c.id} for update`);
    await assertTermOpen(tx, c.id);
    // Wait for record writers in flight and hold new ones until the snapshot is taken, so no record
    // lands after the totals were frozen (after commit the triggers refuse them). Archiving is rare.
    await sqlRows(tx, sql`lock table duty_records in share mode`);
    const scheme = await currentScheme(tx, c.id);
    if (!scheme) throw new Error('no scheme');
    // Make sure the stored points are those of the scheme in force before freezing them.
    await recomputePoints(tx, c.id);
    const rows = await liveRows(tx, c.id, scheme.definition);
    const [counts] = await sqlRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from duty_records where congress_id = ${c.id}`,
    );
    const [archive] = await tx
      .insert(dutyArchives)
      .values({
        congressId: c.id,
        orgId: c.orgId,
        orgPath: c.orgPath,
        schemeVersion: scheme.version,
        representativeCount: rows.length,
        recordCount: Number(counts?.n ?? 0),
        note: input.note?.trim() || null,
        archivedBy: actor.userId,
      })
      .onConflictDoNothing()
      .returning();
    if (!archive) throw conflict('TERM_ARCHIVED', '本届履职已归档，不能再修改');
    if (rows.length > 0)
      await tx.insert(dutyArchiveScores).values(
        rows.map((r) => ({
          congressId: c.id,
          representativeId: r.representative.id,
          rank: r.rank,
          delegationRank: r.delegationRank,
          total: r.total,
          row: r,
        })),
      );
    await closeCongress(tx, c.id);
    await recordAudit(withTx(ctx, tx), {
      action: 'duty.archive',
      entityType: 'congress',
      entityId: c.id,
      orgId: c.orgId,
      orgPath: c.orgPath,
      detail: { schemeVersion: scheme.version, representatives: rows.length, records: archive.recordCount },
    });
    return archiveView(tx, archive);
  });
}
