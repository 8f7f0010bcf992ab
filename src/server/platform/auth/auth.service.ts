import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { and, asc, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Role, TLoginInput, TMe, TMembership, TRegisterInput } from '../../../shared/auth.ts';
import type { OrgType } from '../../../shared/orgs.ts';
import type { DbOrTx } from '../../db/client.ts';
import { actionsOf } from '../access/access.ts';
import { auditLog } from '../audit/audit.table.ts';
import { recordAudit } from '../audit/audit.ts';
import { type Ctx, withTx } from '../context.ts';
import { badRequest, conflict, forbidden, notFound, tooMany, unauthorized } from '../errors.ts';
import { orgs } from '../orgs/orgs.table.ts';
import { maskMobile } from '../pii/pii.ts';
import { memberships, users, verificationCodes } from './auth.table.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.ts';
import { createSession, revokeSession, revokeUserSessions } from './sessions.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** Failed logins from one IP within the lock window before it is throttled (spraying many names). */
export const MAX_FAILURES_PER_IP = 30;

export interface LoginResult {
  token: string;
  csrfToken: string;
  userId: number;
}

/** Find a user by login name, or by mobile number through its blind index. */
async function findUserForLogin(ctx: Ctx, username: string) {
  const name = username.trim().toLowerCase();
  const byName = await ctx.db.select().from(users).where(eq(users.username, name)).limit(1);
  if (byName[0]) return byName[0];
  if (/^1[3-9]\d{9}$/.test(name)) {
    const byPhone = await ctx.db
      .select()
      .from(users)
      .where(eq(users.phoneHash, ctx.deps.vault.blindIndex('mobile', name)))
      .limit(1);
    return byPhone[0];
  }
  return undefined;
}

/**
 * Check a password and open a session. Five wrong passwords lock the account for 15 minutes;
 * many failures from one IP are throttled. Every attempt is audited.
 */
export async function login(ctx: Ctx, input: TLoginInput, userAgent: string | null): Promise<LoginResult> {
  const [ipFailures] = ctx.ip
    ? await ctx.db
        .select({ n: count() })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.action, 'auth.login'),
            eq(auditLog.ip, ctx.ip),
            eq(auditLog.result, 'failure'),
            gt(auditLog.at, sql`now() - make_interval(mins => ${LOCK_MINUTES})`),
          ),
        )
    : [undefined];
  if ((ipFailures?.n ?? 0) >= MAX_FAILURES_PER_IP) {
    throw tooMany('TOO_MANY_ATTEMPTS', `登录失败次数过多，请 ${LOCK_MINUTES} 分钟后再试`, {
      retryAfterSeconds: LOCK_MINUTES * 60,
    });
  }
  const user = await findUserForLogin(ctx, input.username);
  // Failures of a known account land in its home org, so that org's admins and auditors see them.
  const fail = async (reason: string, known?: { id: number; orgId: number }) => {
    await recordAudit(ctx, {
      action: 'auth.login',
      result: 'failure',
      actorName: input.username.slice(0, 64),
      actorUserId: known?.id ?? null,
      entityType: known ? 'user' : null,
      entityId: known?.id ?? null,
      orgId: known?.orgId ?? null,
      detail: { reason },
    });
  };
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    await fail('unknown_user');
    throw unauthorized('账号或密码错误', 'INVALID_CREDENTIALS');
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
    await fail('locked', user);
    const seconds = Math.ceil((user.lockedUntil.getTime() - Date.now()) / 1000);
    throw tooMany(
      'ACCOUNT_LOCKED',
      `密码错误次数过多，账号已锁定，请 ${Math.ceil(seconds / 60)} 分钟后再试`,
      {
        retryAfterSeconds: seconds,
      },
    );
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (!ok) {
    // Atomic increment: concurrent wrong guesses all count.
    const [after] = await ctx.db
      .update(users)
      .set({
        failedLogins: sql`${users.failedLogins} + 1`,
        lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${MAX_FAILED_LOGINS}
          then now() + make_interval(mins => ${LOCK_MINUTES}) else ${users.lockedUntil} end`,
      })
      .where(eq(users.id, user.id))
      .returning({ failedLogins: users.failedLogins });
    await fail('wrong_password', user);
    const left = MAX_FAILED_LOGINS - (after?.failedLogins ?? 0);
    if (left <= 0) {
      throw tooMany('ACCOUNT_LOCKED', `密码错误次数过多，账号已锁定 ${LOCK_MINUTES} 分钟`, {
        retryAfterSeconds: LOCK_MINUTES * 60,
      });
    }
    throw unauthorized(`账号或密码错误，再错 ${left} 次将锁定 ${LOCK_MINUTES} 分钟`, 'INVALID_CREDENTIALS');
  }
  if (user.state !== 'active') {
    await fail('disabled', user);
    throw forbidden('账号已停用，请联系所在工会管理员', 'ACCOUNT_DISABLED');
  }
  const first = await firstMembershipId(ctx.db, user.id);
  return ctx.deps.database.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: sql`now()` })
      .where(eq(users.id, user.id));
    const session = await createSession(tx, {
      userId: user.id,
      membershipId: first,
      idleMinutes: ctx.deps.config.sessionIdleMinutes,
      ip: ctx.ip,
      userAgent,
    });
    await recordAudit(withTx(ctx, tx), {
      action: 'auth.login',
      actorUserId: user.id,
      actorName: user.username,
      entityType: 'user',
      entityId: user.id,
      orgId: user.orgId,
    });
    return { ...session, userId: user.id };
  });
}

async function firstMembershipId(db: DbOrTx, userId: number): Promise<number | null> {
  const [m] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), eq(orgs.state, 'active')))
    .orderBy(asc(memberships.id))
    .limit(1);
  return m?.id ?? null;
}

export async function logout(ctx: Ctx): Promise<void> {
  if (!ctx.actor) return;
  await revokeSession(ctx.db, ctx.actor.sessionId);
  await recordAudit(ctx, { action: 'auth.logout', entityType: 'user', entityId: ctx.actor.userId });
}

/** All memberships of a user with their orgs, oldest first. */
export async function listMemberships(db: DbOrTx, userId: number): Promise<TMembership[]> {
  const rows = await db
    .select({
      id: memberships.id,
      role: memberships.role,
      org: { id: orgs.id, name: orgs.name, type: orgs.type, path: orgs.path },
    })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), eq(orgs.state, 'active')))
    .orderBy(asc(memberships.id));
  return rows.map((r) => ({
    id: r.id,
    role: r.role as Role,
    org: { ...r.org, type: r.org.type as OrgType },
  }));
}

/** The signed-in user, their memberships and the one this session acts in. */
export async function me(ctx: Ctx): Promise<TMe> {
  const actor = ctx.actor;
  if (!actor) throw unauthorized();
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw unauthorized();
  const all = await listMemberships(ctx.db, actor.userId);
  const active = all.find((m) => m.id === actor.membership?.id) ?? null;
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      phone: user.phoneEnc ? maskMobile(ctx.deps.vault.decrypt(user.phoneEnc)) : null,
      mustChangePassword: user.mustChangePassword,
    },
    memberships: all,
    active,
    permissions: active ? actionsOf(active.role) : [],
    csrfToken: actor.csrfToken,
  };
}

/** Act in another of one's memberships (the org switcher). */
export async function switchMembership(ctx: Ctx, membershipId: number): Promise<TMe> {
  const actor = ctx.actor;
  if (!actor) throw unauthorized();
  const all = await listMemberships(ctx.db, actor.userId);
  const target = all.find((m) => m.id === membershipId);
  if (!target) throw notFound('没有这个组织身份');
  await ctx.db.execute(
    sql`update sessions set membership_id = ${membershipId} where id = ${actor.sessionId}`,
  );
  const next = {
    ...ctx,
    actor: {
      ...actor,
      membership: {
        id: target.id,
        role: target.role,
        orgId: target.org.id,
        orgPath: target.org.path,
        orgName: target.org.name,
        orgType: target.org.type,
      },
    },
  };
  return me(next);
}

/**
 * Change one's own password: every session of the user is revoked and a fresh one is returned
 * for the device that made the change.
 */
export async function changePassword(
  ctx: Ctx,
  input: { oldPassword: string; newPassword: string },
  userAgent: string | null,
): Promise<LoginResult> {
  const actor = ctx.actor;
  if (!actor) throw unauthorized();
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw unauthorized();
  if (!(await verifyPassword(user.passwordHash, input.oldPassword))) {
    throw badRequest('WRONG_PASSWORD', '原密码不正确', [{ field: 'oldPassword', message: '原密码不正确' }]);
  }
  if (input.oldPassword === input.newPassword) {
    throw badRequest('SAME_PASSWORD', '新密码不能与原密码相同', [
      { field: 'newPassword', message: '新密码不能与原密码相同' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.deps.database.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(users.id, user.id));
    await revokeUserSessions(tx, user.id);
    const session = await createSession(tx, {
      userId: user.id,
      membershipId: actor.membership?.id ?? null,
      idleMinutes: ctx.deps.config.sessionIdleMinutes,
      ip: ctx.ip,
      userAgent,
    });
    await recordAudit(withTx(ctx, tx), {
      action: 'auth.changePassword',
      entityType: 'user',
      entityId: user.id,
    });
    return { ...session, userId: user.id };
  });
}

const CODE_TTL_MINUTES = 10;
const CODE_MAX_PER_HOUR = 5;
const CODE_MAX_ATTEMPTS = 5;
const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

/** Send a 6-digit verification code to a mobile through the notify sender. */
export async function sendVerificationCode(
  ctx: Ctx,
  input: { mobile: string; purpose: 'register' },
): Promise<void> {
  const phoneHash = ctx.deps.vault.blindIndex('mobile', input.mobile);
  const [recent] = await ctx.db
    .select({ n: count() })
    .from(verificationCodes)
    .where(
      and(
        eq(verificationCodes.phoneHash, phoneHash),
        gt(verificationCodes.createdAt, sql`now() - interval '1 hour'`),
      ),
    );
  if ((recent?.n ?? 0) >= CODE_MAX_PER_HOUR) {
    throw tooMany('TOO_MANY_CODES', '验证码发送过于频繁，请一小时后再试', { retryAfterSeconds: 3600 });
  }
  if (input.purpose === 'register') {
    const [taken] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.phoneHash, phoneHash));
    if (taken) throw conflict('MOBILE_TAKEN', '该手机号已注册，请直接登录');
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await ctx.db.insert(verificationCodes).values({
    phoneHash,
    purpose: input.purpose,
    codeHash: hashCode(code),
    expiresAt: sql`now() + make_interval(mins => ${CODE_TTL_MINUTES})`,
  });
  await ctx.deps.sender.send({
    channel: 'sms',
    to: input.mobile,
    template: 'verification_code',
    params: { code, minutes: String(CODE_TTL_MINUTES) },
  });
}

async function consumeCode(ctx: Ctx, phoneHash: string, purpose: string, code: string): Promise<void> {
  const [row] = await ctx.db
    .select()
    .from(verificationCodes)
    .where(
      and(
        eq(verificationCodes.phoneHash, phoneHash),
        eq(verificationCodes.purpose, purpose),
        isNull(verificationCodes.consumedAt),
        gt(verificationCodes.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(verificationCodes.id))
    .limit(1);
  const invalid = () =>
    badRequest('INVALID_CODE', '验证码错误或已过期', [{ field: 'code', message: '验证码错误或已过期' }]);
  if (!row || row.attempts >= CODE_MAX_ATTEMPTS) throw invalid();
  const ok = timingSafeEqual(Buffer.from(row.codeHash), Buffer.from(hashCode(code)));
  if (!ok) {
    await ctx.db
      .update(verificationCodes)
      .set({ attempts: sql`${verificationCodes.attempts} + 1` })
      .where(eq(verificationCodes.id, row.id));
    throw invalid();
  }
  const used = await ctx.db
    .update(verificationCodes)
    .set({ consumedAt: sql`now()` })
    .where(and(eq(verificationCodes.id, row.id), isNull(verificationCodes.consumedAt)))
    .returning({ id: verificationCodes.id });
  if (used.length === 0) throw invalid();
}

/** A self-registered account, as the hooks below receive it. */
export interface RegisteredUser {
  userId: number;
  membershipId: number;
  role: TRegisterInput['role'];
  org: { id: number; path: string };
  input: TRegisterInput;
}

/** Runs inside the registration transaction (`ctx.db` is the tx): a hook that throws registers nothing. */
export type RegistrationHook = (ctx: Ctx, user: RegisteredUser) => Promise<void>;

const registrationHooks: RegistrationHook[] = [];

/**
 * Let a module add what a new self-registered account needs (e.g. the wishes module creates a
 * donor's profile), so the platform never reaches into module tables. Call at import time.
 */
export function onUserRegistered(hook: RegistrationHook): void {
  registrationHooks.push(hook);
}

/** Self-registration of a worker or donor with mobile + code + password; signs them in. */
export async function register(
  ctx: Ctx,
  input: TRegisterInput,
  userAgent: string | null,
): Promise<LoginResult> {
  const [org] = await ctx.db.select().from(orgs).where(eq(orgs.id, input.orgId));
  if (
    org?.state !== 'active' ||
    ['donor', 'supplier', 'logistics', 'courier', 'governance'].includes(org.type)
  ) {
    throw badRequest('INVALID_ORG', '请选择有效的所属工会', [
      { field: 'orgId', message: '请选择有效的所属工会' },
    ]);
  }
  const phoneHash = ctx.deps.vault.blindIndex('mobile', input.mobile);
  await consumeCode(ctx, phoneHash, 'register', input.code);
  const passwordHash = await hashPassword(input.password);
  return ctx.deps.database.db.transaction(async (tx) => {
    const t = withTx(ctx, tx);
    const inserted = await tx
      .insert(users)
      .values({
        username: input.mobile,
        displayName: input.displayName,
        phoneEnc: ctx.deps.vault.encrypt(input.mobile),
        phoneHash,
        orgId: org.id,
        passwordHash,
      })
      .onConflictDoNothing()
      .returning({ id: users.id });
    const user = inserted[0];
    if (!user) throw conflict('MOBILE_TAKEN', '该手机号已注册，请直接登录');
    const [m] = await tx
      .insert(memberships)
      .values({ userId: user.id, orgId: org.id, role: input.role })
      .returning();
    if (!m) throw new Error('membership insert returned nothing');
    for (const hook of registrationHooks) {
      await hook(t, {
        userId: user.id,
        membershipId: m.id,
        role: input.role,
        org: { id: org.id, path: org.path },
        input,
      });
    }
    await recordAudit(t, {
      action: 'auth.register',
      actorUserId: user.id,
      actorName: input.mobile.slice(0, 3),
      entityType: 'user',
      entityId: user.id,
      orgId: org.id,
      orgPath: org.path,
      detail: {
        role: input.role,
        ...(input.role === 'donor' && input.donor ? { donor: input.donor.kind } : {}),
      },
    });
    const session = await createSession(tx, {
      userId: user.id,
      membershipId: m.id,
      idleMinutes: ctx.deps.config.sessionIdleMinutes,
      ip: ctx.ip,
      userAgent,
    });
    return { ...session, userId: user.id };
  });
}
