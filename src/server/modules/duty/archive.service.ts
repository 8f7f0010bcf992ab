import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { conflict } from '../../platform/errors.ts';
import { dutyArchives } from './duty.table.ts';

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
