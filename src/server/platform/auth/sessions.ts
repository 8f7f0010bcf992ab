import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/auth.ts';
import type { OrgType } from '../../../shared/orgs.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from '../context.ts';
import { orgs } from '../orgs/orgs.table.ts';
import { memberships, sessions, users } from './auth.table.ts';

export const SESSION_COOKIE = 'nj_session';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/** Create a session; returns the token for the cookie (only its hash is stored). */
export async function createSession(
  db: DbOrTx,
  input: {
    userId: number;
    membershipId: number | null;
    idleMinutes: number;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.insert(sessions).values({
    id: sha256(token),
    userId: input.userId,
    membershipId: input.membershipId,
    csrfToken,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    expiresAt: new Date(Date.now() + input.idleMinutes * 60_000),
  });
  return { token, csrfToken };
}

/**
 * The actor behind a session cookie, or null when the session is unknown, expired, revoked or its
 * user disabled. Slides the idle expiry forward at most once a minute to keep reads cheap.
 */
export async function resolveSession(db: DbOrTx, token: string, idleMinutes: number): Promise<Actor | null> {
  if (!token || token.length > 100) return null;
  const id = sha256(token);
  const rows = await db
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      userState: users.state,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      membershipId: memberships.id,
      role: memberships.role,
      orgId: orgs.id,
      orgPath: orgs.path,
      orgName: orgs.name,
      orgType: orgs.type,
      orgState: orgs.state,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(
      memberships,
      and(eq(memberships.id, sessions.membershipId), eq(memberships.userId, sessions.userId)),
    )
    .leftJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt), sql`${sessions.expiresAt} > now()`))
    .limit(1);
  const row = rows[0];
  if (row?.userState !== 'active') return null;
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now()`, expiresAt: sql`now() + make_interval(mins => ${idleMinutes})` })
      .where(eq(sessions.id, id));
  }
  const hasMembership =
    row.membershipId != null && row.orgId != null && row.orgPath != null && row.orgState === 'active';
  return {
    userId: row.userId,
    username: row.username,
    displayName: row.displayName,
    sessionId: id,
    csrfToken: row.csrfToken,
    membership: hasMembership
      ? {
          id: row.membershipId as number,
          role: row.role as Role,
          orgId: row.orgId as number,
          orgPath: row.orgPath as string,
          orgName: row.orgName as string,
          orgType: row.orgType as OrgType,
        }
      : null,
  };
}

export async function revokeSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: sql`now()` }).where(eq(sessions.id, sessionId));
}

/** Revoke every live session of a user: password change or reset, account disabled. */
export async function revokeUserSessions(db: DbOrTx, userId: number): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

/** Delete sessions that have expired or were revoked: they can never be used again (the purge job). */
export async function purgeExpiredSessions(db: DbOrTx): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, sql`now()`), isNotNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return deleted.length;
}
