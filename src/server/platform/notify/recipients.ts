import { and, eq, inArray } from 'drizzle-orm';
import type { Role } from '../../../shared/auth.ts';
import type { DbOrTx } from '../../db/client.ts';
import { memberships, users } from '../auth/auth.table.ts';

/**
 * Active users holding one of these roles in exactly these orgs: who hears of a step (a unit's cadres,
 * a hub's reviewers, a partner's accounts).
 */
export async function membersOf(
  db: DbOrTx,
  orgIds: readonly number[],
  roles: readonly Role[],
): Promise<number[]> {
  if (orgIds.length === 0 || roles.length === 0) return [];
  const rows = await db
    .selectDistinct({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        inArray(memberships.orgId, [...orgIds]),
        inArray(memberships.role, [...roles]),
        eq(users.state, 'active'),
      ),
    );
  return rows.map((r) => r.userId);
}
