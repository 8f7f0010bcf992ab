import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { congresses, congressSessions, representatives } from './proposals.table.ts';

/**
 * Read-only service API of the congress for other modules (履职评价, surveys): they check access
 * themselves and must not read 云履职's tables directly. No access checks here.
 */

export type CongressFacts = Pick<
  typeof congresses.$inferSelect,
  'id' | 'orgId' | 'orgPath' | 'name' | 'state' | 'termStart' | 'termEnd'
>;

export async function congressFacts(db: DbOrTx, id: number): Promise<CongressFacts | null> {
  const [c] = await db
    .select({
      id: congresses.id,
      orgId: congresses.orgId,
      orgPath: congresses.orgPath,
      name: congresses.name,
      state: congresses.state,
      termStart: congresses.termStart,
      termEnd: congresses.termEnd,
    })
    .from(congresses)
    .where(eq(congresses.id, id));
  return c ?? null;
}

/** Ids of the congresses whose term is running (state active), in id order. */
export async function activeCongressIds(db: DbOrTx): Promise<number[]> {
  const rows = await db
    .select({ id: congresses.id })
    .from(congresses)
    .where(eq(congresses.state, 'active'))
    .orderBy(asc(congresses.id));
  return rows.map((r) => r.id);
}

/** Mark a congress closed (when its term is archived, issue #9); the caller holds the transaction. */
export async function closeCongress(db: DbOrTx, id: number): Promise<void> {
  await db.update(congresses).set({ state: 'closed', updatedAt: new Date() }).where(eq(congresses.id, id));
}

export interface Seat {
  id: number;
  congressId: number;
  userId: number;
  name: string;
  orgId: number;
  orgName: string;
  /** The path of the representative's unit (members below it are the ones they represent). */
  unitPath: string;
  /** The congress's union path. */
  orgPath: string;
  sector: string;
  delegation: string;
  active: boolean;
}

const seatColumns = {
  id: representatives.id,
  congressId: representatives.congressId,
  userId: representatives.userId,
  name: users.displayName,
  orgId: representatives.orgId,
  orgName: orgs.name,
  unitPath: orgs.path,
  orgPath: representatives.orgPath,
  sector: representatives.sector,
  delegation: representatives.delegation,
  active: representatives.active,
};

const seatQuery = (db: DbOrTx) =>
  db
    .select(seatColumns)
    .from(representatives)
    .innerJoin(users, eq(users.id, representatives.userId))
    .innerJoin(orgs, eq(orgs.id, representatives.orgId));

/** The seats of a congress (active only unless `all`), by delegation and name. */
export async function seatsOf(db: DbOrTx, congressId: number, all = false): Promise<Seat[]> {
  const where = all
    ? eq(representatives.congressId, congressId)
    : and(eq(representatives.congressId, congressId), eq(representatives.active, true));
  return seatQuery(db).where(where).orderBy(asc(representatives.delegation), asc(users.displayName));
}

/** When each representative of the congress took their seat (added to it), by seat id. */
export async function seatedAtOf(db: DbOrTx, congressId: number): Promise<Map<number, Date>> {
  const rows = await db
    .select({ id: representatives.id, at: representatives.createdAt })
    .from(representatives)
    .where(eq(representatives.congressId, congressId));
  return new Map(rows.map((r) => [r.id, r.at]));
}

export async function seatById(db: DbOrTx, id: number): Promise<Seat | null> {
  const [s] = await seatQuery(db).where(eq(representatives.id, id));
  return s ?? null;
}

/** The user's active seat in a congress, or null. */
export async function seatOfUser(db: DbOrTx, congressId: number, userId: number): Promise<Seat | null> {
  const [s] = await seatQuery(db).where(
    and(
      eq(representatives.congressId, congressId),
      eq(representatives.userId, userId),
      eq(representatives.active, true),
    ),
  );
  return s ?? null;
}

/** Every seat (any congress) the user holds. */
export async function seatsOfUser(db: DbOrTx, userId: number): Promise<Seat[]> {
  return seatQuery(db).where(eq(representatives.userId, userId)).orderBy(asc(representatives.congressId));
}

export type SessionFacts = typeof congressSessions.$inferSelect;

export async function sessionFacts(db: DbOrTx, id: number): Promise<SessionFacts | null> {
  const [s] = await db.select().from(congressSessions).where(eq(congressSessions.id, id));
  return s ?? null;
}
