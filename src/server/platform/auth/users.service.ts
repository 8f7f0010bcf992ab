import { and, asc, count, desc, eq, gt, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { type Role, roleLabels, roles } from '../../../shared/auth.ts';
import { mobilePattern, ZPassword } from '../../../shared/common.ts';
import { usernameProblem, usernameProblemText } from '../../../shared/rules.ts';
import {
  type TAddMembershipInput,
  type TCreateUserInput,
  type TExportUsersQuery,
  type TListUsersQuery,
  type TResetPasswordInput,
  type TRoleAssignment,
  type TUpdateUserInput,
  type TUser,
  type TUserImportResult,
  type TUserMembership,
  type TUserPii,
  type UserState,
  userImportHeaders,
  userStateLabels,
} from '../../../shared/users.ts';
import type { DbOrTx } from '../../db/client.ts';
import { authorize, grant, inSubtree, isWithin, requireActor } from '../access/access.ts';
import { registerEntityKind } from '../access/entities.ts';
import { recordAudit } from '../audit/audit.ts';
import { type ActingMembership, type Ctx, withTx } from '../context.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../errors.ts';
import { readSheetRows, type SheetColumn, type SheetRow, writeSheet } from '../excel/excel.ts';
import { notify } from '../notify/notify.service.ts';
import { findOrg } from '../orgs/orgs.service.ts';
import { orgs } from '../orgs/orgs.table.ts';
import { maskMobile } from '../pii/pii.ts';
import { apply, recordCreated } from '../workflow/workflow.ts';
import { memberships, sessions, users } from './auth.table.ts';
import { hashPassword } from './password.ts';
import { revokeUserSessions } from './sessions.ts';
import { userFlow } from './users.flow.ts';

// Exports of the user list: admins and auditors (cadres see the list on screen only).
grant('admin', ['user.export']);
grant('auditor', ['user.export']);

registerEntityKind({
  type: 'user',
  label: '用户',
  viewAction: 'user.view',
  attachAction: 'user.update',
  async load(db, id) {
    if (!/^\d{1,9}$/.test(id)) return null;
    const [row] = await db
      .select({ orgId: users.orgId, orgPath: orgs.path, state: users.state })
      .from(users)
      .innerJoin(orgs, eq(orgs.id, users.orgId))
      .where(eq(users.id, Number(id)));
    return row ?? null;
  },
});

type UserRow = typeof users.$inferSelect;
type OrgRow = typeof orgs.$inferSelect;

/** A user with the home org that decides who manages them. */
interface UserWithOrg {
  user: UserRow;
  orgName: string;
  orgPath: string;
}

const MOBILE_TAKEN = '该手机号已被其他账号使用';
const usernameTaken = (name: string) => `登录名「${name}」已被使用`;

async function findUserWithOrg(db: DbOrTx, id: number): Promise<UserWithOrg | undefined> {
  const [row] = await db
    .select({ user: users, orgName: orgs.name, orgPath: orgs.path })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(eq(users.id, id));
  return row;
}

/** 404 unless the user's home org is in the caller's subtree; 403 when the role lacks the action. */
async function loadVisibleUser(ctx: Ctx, id: number, action: string): Promise<UserWithOrg> {
  const row = await findUserWithOrg(ctx.db, id);
  if (!row) throw notFound('用户不存在或无权查看');
  authorize(ctx, action, { orgPath: row.orgPath, state: row.user.state });
  return row;
}

/**
 * Changing an account also changes what it may do everywhere it holds a role. An admin may only
 * change accounts whose every membership lies in their subtree, so a county admin cannot take over
 * a provincial admin whose home org happens to be in the county.
 */
async function assertFullyManaged(ctx: Ctx, m: ActingMembership, userId: number): Promise<void> {
  const [outside] = await ctx.db
    .select({ n: count() })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), sql`not ${inSubtree(orgs.path, m.orgPath)}`));
  if ((outside?.n ?? 0) > 0) {
    throw forbidden('该用户在您管辖范围以外还有组织身份，需由上级工会管理员操作', 'USER_OUTSIDE_SCOPE');
  }
}

/** An org in the caller's subtree that can take accounts: 404 outside it, 409 when deactivated. */
async function loadAssignableOrg(ctx: Ctx, orgId: number, action: string): Promise<OrgRow> {
  const org = await findOrg(ctx.db, orgId);
  if (!org) throw notFound('组织不存在或无权查看');
  authorize(ctx, action, { orgPath: org.path });
  if (org.state !== 'active') throw conflict('ORG_INACTIVE', `组织「${org.name}」已停用，不能在其中分配账号`);
  return org;
}

/**
 * Login names and mobile numbers share one namespace at login (`findUserForLogin` tries the name
 * first, then the phone), so a name that is someone else's mobile, or the reverse, is taken too.
 */
async function assertIdentityFree(
  ctx: Ctx,
  input: { username?: string | undefined; mobile?: string | null | undefined },
  exceptUserId?: number,
): Promise<void> {
  const vault = ctx.deps.vault;
  const notSelf = exceptUserId === undefined ? sql`true` : sql`${users.id} <> ${exceptUserId}`;
  if (input.username) {
    const same: SQL[] = [eq(users.username, input.username)];
    if (mobilePattern.test(input.username)) {
      same.push(eq(users.phoneHash, vault.blindIndex('mobile', input.username)));
    }
    const [hit] = await ctx.db
      .select({ id: users.id })
      .from(users)
      .where(and(or(...same), notSelf))
      .limit(1);
    if (hit) throw conflict('USERNAME_TAKEN', usernameTaken(input.username));
  }
  if (input.mobile) {
    const [hit] = await ctx.db
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          or(eq(users.phoneHash, vault.blindIndex('mobile', input.mobile)), eq(users.username, input.mobile)),
          notSelf,
        ),
      )
      .limit(1);
    if (hit) throw conflict('MOBILE_TAKEN', MOBILE_TAKEN);
  }
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 3; depth++) {
    if (typeof e === 'object' && 'code' in e && e.code === '23505') return true;
    e = typeof e === 'object' && 'cause' in e ? e.cause : undefined;
  }
  return false;
}

/** Memberships of these users in orgs of the subtree at rootPath, by user. */
async function visibleMemberships(
  db: DbOrTx,
  userIds: number[],
  rootPath: string,
): Promise<Map<number, TUserMembership[]>> {
  const byUser = new Map<number, TUserMembership[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .select({
      id: memberships.id,
      userId: memberships.userId,
      role: memberships.role,
      orgId: orgs.id,
      orgName: orgs.name,
    })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(inArray(memberships.userId, userIds), inSubtree(orgs.path, rootPath)))
    .orderBy(asc(memberships.id));
  for (const r of rows) {
    const list = byUser.get(r.userId) ?? [];
    list.push({ id: r.id, role: r.role as Role, orgId: r.orgId, orgName: r.orgName });
    byUser.set(r.userId, list);
  }
  return byUser;
}

function toUser(ctx: Ctx, r: UserWithOrg, ms: TUserMembership[]): TUser {
  const u = r.user;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    phone: u.phoneEnc ? maskMobile(ctx.deps.vault.decrypt(u.phoneEnc)) : null,
    org: { id: u.orgId, name: r.orgName },
    state: u.state as UserState,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    memberships: ms,
  };
}

/** The user as the caller sees it, after a write the caller was allowed to make. */
async function present(ctx: Ctx, id: number): Promise<TUser> {
  const actor = requireActor(ctx);
  const row = await findUserWithOrg(ctx.db, id);
  if (!row) throw notFound('用户不存在或无权查看');
  const ms = await visibleMemberships(ctx.db, [id], actor.membership.orgPath);
  return toUser(ctx, row, ms.get(id) ?? []);
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The WHERE of a user listing (users joined to their home org), always within the caller's subtree. */
async function userFilter(ctx: Ctx, m: ActingMembership, q: TExportUsersQuery): Promise<SQL | undefined> {
  let rootPath = m.orgPath;
  if (q.orgId !== undefined) {
    const root = await findOrg(ctx.db, q.orgId);
    if (!root) throw notFound('组织不存在或无权查看');
    authorize(ctx, 'user.view', { orgPath: root.path });
    rootPath = root.path;
  }
  const conds: SQL[] = [inSubtree(orgs.path, rootPath)];
  if (q.state) conds.push(eq(users.state, q.state));
  if (q.role) {
    conds.push(sql`exists (select 1 from memberships rm join orgs ro on ro.id = rm.org_id
      where rm.user_id = ${users.id} and rm.role = ${q.role} and ${inSubtree(sql`ro.path`, m.orgPath)})`);
  }
  const text = q.q?.trim();
  if (text) {
    if (mobilePattern.test(text)) {
      const byPhone = eq(users.phoneHash, ctx.deps.vault.blindIndex('mobile', text));
      conds.push(or(byPhone, eq(users.username, text)) as SQL);
    } else {
      const like = `%${escapeLike(text)}%`;
      conds.push(or(ilike(users.username, like), ilike(users.displayName, like)) as SQL);
    }
  }
  return and(...conds);
}

/** Users whose home org is in the caller's subtree (or a part of it), filtered, newest first. */
export async function listUsers(ctx: Ctx, q: TListUsersQuery) {
  const m = authorize(ctx, 'user.view');
  const where = await userFilter(ctx, m, q);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ user: users, orgName: orgs.name, orgPath: orgs.path })
      .from(users)
      .innerJoin(orgs, eq(orgs.id, users.orgId))
      .where(where)
      .orderBy(desc(users.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(users).innerJoin(orgs, eq(orgs.id, users.orgId)).where(where),
  ]);
  const ms = await visibleMemberships(
    ctx.db,
    rows.map((r) => r.user.id),
    m.orgPath,
  );
  return {
    items: rows.map((r) => toUser(ctx, r, ms.get(r.user.id) ?? [])),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** One user in the caller's subtree, phone masked. */
export async function getUser(ctx: Ctx, id: number): Promise<TUser> {
  await loadVisibleUser(ctx, id, 'user.view');
  return present(ctx, id);
}

function dedupeAssignments(list: TRoleAssignment[]): TRoleAssignment[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const key = `${a.orgId}:${a.role}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface NewUser {
  username: string;
  displayName: string;
  mobile: string | null;
  home: OrgRow;
  passwordHash: string;
  assignments: TRoleAssignment[];
  via?: 'import';
}

/** Insert a user with memberships, timeline and audit; null when the name or mobile is taken. */
async function insertUser(t: Ctx, input: NewUser): Promise<number | null> {
  const vault = t.deps.vault;
  const [row] = await t.db
    .insert(users)
    .values({
      username: input.username,
      displayName: input.displayName,
      phoneEnc: input.mobile ? vault.encrypt(input.mobile) : null,
      phoneHash: input.mobile ? vault.blindIndex('mobile', input.mobile) : null,
      orgId: input.home.id,
      passwordHash: input.passwordHash,
      // The admin knows this password: the user replaces it at first login.
      mustChangePassword: true,
    })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (!row) return null;
  await t.db
    .insert(memberships)
    .values(input.assignments.map((a) => ({ userId: row.id, orgId: a.orgId, role: a.role })));
  await recordCreated(t, 'user', row.id, 'active', input.via === 'import' ? 'Excel 导入' : undefined);
  await recordAudit(t, {
    action: 'user.create',
    entityType: 'user',
    entityId: row.id,
    orgId: input.home.id,
    orgPath: input.home.path,
    detail: {
      username: input.username,
      roles: input.assignments,
      ...(input.via ? { via: input.via } : {}),
    },
  });
  return row.id;
}

/**
 * Create an account in an org of the caller's subtree with at least one role; every role's org must
 * be in the subtree too. Username lower-cased; phone encrypted with a blind index; the user must
 * change the initial password at first login.
 */
export async function createUser(ctx: Ctx, input: TCreateUserInput): Promise<TUser> {
  authorize(ctx, 'user.create');
  const home = await loadAssignableOrg(ctx, input.orgId, 'user.create');
  const assignments = dedupeAssignments(input.roles);
  for (const a of assignments) {
    if (a.orgId !== home.id) await loadAssignableOrg(ctx, a.orgId, 'user.create');
  }
  const username = input.username.toLowerCase();
  const mobile = input.mobile ?? null;
  await assertIdentityFree(ctx, { username, mobile });
  const passwordHash = await hashPassword(input.password);
  const id = await ctx.deps.database.db.transaction((tx) =>
    insertUser(withTx(ctx, tx), {
      username,
      displayName: input.displayName,
      mobile,
      home,
      passwordHash,
      assignments,
    }),
  );
  if (id === null) throw conflict('USERNAME_TAKEN', '登录名或手机号已被使用');
  return present(ctx, id);
}

/** Change a user's display name, mobile number or home org (within the caller's subtree). */
export async function updateUser(ctx: Ctx, id: number, input: TUpdateUserInput): Promise<TUser> {
  const m = authorize(ctx, 'user.update');
  const before = await loadVisibleUser(ctx, id, 'user.update');
  await assertFullyManaged(ctx, m, id);
  const home =
    input.orgId !== undefined && input.orgId !== before.user.orgId
      ? await loadAssignableOrg(ctx, input.orgId, 'user.update')
      : undefined;
  if (input.mobile) await assertIdentityFree(ctx, { mobile: input.mobile }, id);
  const vault = ctx.deps.vault;
  try {
    await ctx.deps.database.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({
          ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
          ...(input.mobile !== undefined
            ? {
                phoneEnc: input.mobile ? vault.encrypt(input.mobile) : null,
                phoneHash: input.mobile ? vault.blindIndex('mobile', input.mobile) : null,
              }
            : {}),
          ...(home ? { orgId: home.id } : {}),
          updatedAt: sql`now()`,
        })
        .where(eq(users.id, id));
      await recordAudit(withTx(ctx, tx), {
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        orgId: home?.id ?? before.user.orgId,
        orgPath: home?.path ?? before.orgPath,
        detail: {
          // The mobile number itself stays out of the log; only that it changed.
          ...(input.displayName !== undefined
            ? { displayName: { before: before.user.displayName, after: input.displayName } }
            : {}),
          ...(input.mobile !== undefined ? { mobileChanged: true } : {}),
          ...(home ? { orgId: { before: before.user.orgId, after: home.id } } : {}),
        },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('MOBILE_TAKEN', MOBILE_TAKEN);
    throw e;
  }
  return present(ctx, id);
}

async function changeUserState(
  ctx: Ctx,
  id: number,
  event: 'disable' | 'enable',
  note?: string,
): Promise<TUser> {
  const actor = requireActor(ctx);
  const m = authorize(ctx, `user.${event}`);
  const row = await loadVisibleUser(ctx, id, `user.${event}`);
  if (event === 'disable' && id === actor.userId) {
    throw conflict('CANNOT_DISABLE_SELF', '不能停用自己的账号');
  }
  await assertFullyManaged(ctx, m, id);
  await ctx.deps.database.db.transaction(async (tx) => {
    await apply(withTx(ctx, tx), userFlow, {
      id,
      event,
      note,
      orgPath: row.orgPath,
      orgId: row.user.orgId,
    });
    if (event === 'disable') await revokeUserSessions(tx, id);
  });
  return present(ctx, id);
}

/** Disable an account: it can no longer sign in and all its sessions end at once. */
export function disableUser(ctx: Ctx, id: number, note?: string): Promise<TUser> {
  return changeUserState(ctx, id, 'disable', note);
}

/** Enable a disabled account again. */
export function enableUser(ctx: Ctx, id: number, note?: string): Promise<TUser> {
  return changeUserState(ctx, id, 'enable', note);
}

/**
 * Set a temporary password: the user must change it at next login, every session of theirs ends,
 * and a lockout from wrong guesses is lifted.
 */
export async function resetPassword(ctx: Ctx, id: number, input: TResetPasswordInput): Promise<TUser> {
  const actor = requireActor(ctx);
  const m = authorize(ctx, 'user.resetPassword');
  const row = await loadVisibleUser(ctx, id, 'user.resetPassword');
  if (id === actor.userId) throw conflict('CANNOT_RESET_SELF', '请通过“修改密码”修改自己的密码');
  await assertFullyManaged(ctx, m, id);
  const passwordHash = await hashPassword(input.password);
  await ctx.deps.database.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: true,
        passwordChangedAt: sql`now()`,
        failedLogins: 0,
        lockedUntil: null,
        updatedAt: sql`now()`,
      })
      .where(eq(users.id, id));
    await revokeUserSessions(tx, id);
    await recordAudit(withTx(ctx, tx), {
      action: 'user.resetPassword',
      entityType: 'user',
      entityId: id,
      orgId: row.user.orgId,
      orgPath: row.orgPath,
    });
    await notify(tx, {
      userIds: [id],
      kind: 'account.passwordReset',
      title: '您的登录密码已被管理员重置',
      body: '请使用管理员告知的新密码登录，登录后需立即修改密码。如非本人申请，请联系所在工会。',
    });
  });
  return present(ctx, id);
}

/** Give a user a role in an org of the caller's subtree. */
export async function addMembership(ctx: Ctx, id: number, input: TAddMembershipInput): Promise<TUser> {
  const m = authorize(ctx, 'user.update');
  const row = await loadVisibleUser(ctx, id, 'user.update');
  await assertFullyManaged(ctx, m, id);
  const org = await loadAssignableOrg(ctx, input.orgId, 'user.update');
  await ctx.deps.database.db.transaction(async (tx) => {
    const [added] = await tx
      .insert(memberships)
      .values({ userId: id, orgId: org.id, role: input.role })
      .onConflictDoNothing()
      .returning({ id: memberships.id });
    if (!added) {
      throw conflict('MEMBERSHIP_EXISTS', `该用户在「${org.name}」已有「${roleLabels[input.role]}」角色`);
    }
    await recordAudit(withTx(ctx, tx), {
      action: 'user.addMembership',
      entityType: 'user',
      entityId: id,
      orgId: row.user.orgId,
      orgPath: row.orgPath,
      detail: { membershipId: added.id, orgId: org.id, role: input.role },
    });
    await notify(tx, {
      userIds: [id],
      kind: 'account.roleAdded',
      title: `您已获得「${org.name}」的「${roleLabels[input.role]}」角色`,
      body: '可在右上角切换身份后使用该角色的功能。',
    });
  });
  return present(ctx, id);
}

/**
 * Take a role away. The last membership cannot be removed (disable the account instead); sessions
 * acting in the removed membership end.
 */
export async function removeMembership(ctx: Ctx, id: number, membershipId: number): Promise<TUser> {
  const actor = requireActor(ctx);
  const m = authorize(ctx, 'user.update');
  const row = await loadVisibleUser(ctx, id, 'user.update');
  await assertFullyManaged(ctx, m, id);
  const [target] = await ctx.db
    .select({ id: memberships.id, role: memberships.role, orgId: orgs.id, orgPath: orgs.path })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(memberships.id, membershipId), eq(memberships.userId, id)));
  if (!target || !isWithin(target.orgPath, m.orgPath)) throw notFound('该组织身份不存在');
  if (target.id === actor.membership.id) {
    throw conflict('CANNOT_REMOVE_ACTING_MEMBERSHIP', '不能移除您当前正在使用的组织身份');
  }
  await ctx.deps.database.db.transaction(async (tx) => {
    // Serialise removals per user so two concurrent ones cannot both pass the "last one" check.
    await tx.execute(sql`select id from users where id = ${id} for update`);
    const [left] = await tx.select({ n: count() }).from(memberships).where(eq(memberships.userId, id));
    if ((left?.n ?? 0) <= 1) {
      throw conflict('LAST_MEMBERSHIP', '这是该用户唯一的组织身份，不能移除；如需停止使用请停用账号');
    }
    await tx
      .update(sessions)
      .set({ membershipId: null, revokedAt: sql`coalesce(${sessions.revokedAt}, now())` })
      .where(eq(sessions.membershipId, target.id));
    await tx.delete(memberships).where(eq(memberships.id, target.id));
    await recordAudit(withTx(ctx, tx), {
      action: 'user.removeMembership',
      entityType: 'user',
      entityId: id,
      orgId: row.user.orgId,
      orgPath: row.orgPath,
      detail: { membershipId: target.id, orgId: target.orgId, role: target.role },
    });
  });
  return present(ctx, id);
}

/** The unmasked mobile number of one user; the view is audited as `user.viewPii`. */
export async function revealUserPii(ctx: Ctx, id: number): Promise<TUserPii> {
  const row = await loadVisibleUser(ctx, id, 'user.viewPii');
  const mobile = row.user.phoneEnc ? ctx.deps.vault.decrypt(row.user.phoneEnc) : null;
  await recordAudit(ctx, {
    action: 'user.viewPii',
    entityType: 'user',
    entityId: id,
    orgId: row.user.orgId,
    orgPath: row.orgPath,
    detail: { fields: ['mobile'] },
  });
  return { id, mobile };
}

// ---------------------------------------------------------------- Excel import and export

/** Column headers as `readSheetRows` reports them (the `*` of required columns stripped). */
const COL = {
  username: '登录名',
  displayName: '姓名',
  mobile: '手机号',
  orgId: '所属组织ID',
  role: '角色',
  password: '初始密码',
} as const;
const REQUIRED_COLUMNS = [COL.username, COL.displayName, COL.orgId, COL.role, COL.password];

/** Rows per upload: each row's password is hashed with argon2id, which is slow on purpose. */
export const MAX_IMPORT_ROWS = 2000;
const HASH_CONCURRENCY = 4;

const roleByText = new Map<string, Role>([
  ...roles.map((r) => [r, r] as const),
  ...roles.map((r) => [roleLabels[r], r] as const),
]);
const roleChoices = roles.map((r) => roleLabels[r]).join('、');

/** Role cell: Chinese labels or codes, several separated by commas or 、. */
function parseRoles(cell: string): { roles: Role[]; unknown: string[] } {
  const found = new Set<Role>();
  const unknown: string[] = [];
  for (const token of cell.split(/[,，、;；\s]+/).filter(Boolean)) {
    const role = roleByText.get(token) ?? roleByText.get(token.toLowerCase());
    if (role) found.add(role);
    else unknown.push(token);
  }
  return { roles: [...found], unknown };
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const NOT_XLSX = '请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）';

/** All data rows of an uploaded workbook; 400 for anything that is not a readable .xlsx. */
async function readImportRows(data: Buffer): Promise<SheetRow[]> {
  if (data.subarray(0, 4).equals(OLE_MAGIC)) {
    throw badRequest('INVALID_FILE', '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后上传');
  }
  if (!data.subarray(0, 4).equals(ZIP_MAGIC)) throw badRequest('INVALID_FILE', NOT_XLSX);
  const rows: SheetRow[] = [];
  try {
    for await (const row of readSheetRows(data)) {
      if (rows.length >= MAX_IMPORT_ROWS) {
        throw badRequest('TOO_MANY_ROWS', `一次最多导入 ${MAX_IMPORT_ROWS} 行，请分批导入`);
      }
      rows.push(row);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw badRequest('INVALID_FILE', `无法读取该文件。${NOT_XLSX}`);
  }
  const first = rows[0];
  if (!first) throw badRequest('EMPTY_IMPORT', '文件中没有可导入的数据行');
  const missing = REQUIRED_COLUMNS.filter((c) => !(c in first.values));
  if (missing.length > 0) {
    throw badRequest('TEMPLATE_MISMATCH', `缺少列：${missing.join('、')}，请使用导入模板`, {
      missing,
    });
  }
  return rows;
}

interface ImportCandidate {
  row: number;
  username: string;
  displayName: string;
  mobile: string | null;
  org: OrgRow;
  roles: Role[];
  password: string;
}

/** Run `fn` over `items` with at most `limit` in flight, keeping the order of results. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Import accounts from the Excel template. Every row is checked (required fields, login name and
 * mobile format, password policy, org in the caller's subtree, duplicates in the file and in the
 * database); valid rows are created with `must_change_password`, invalid rows are reported with
 * their Excel row number, column and a message in Chinese.
 */
export async function importUsers(ctx: Ctx, data: Buffer): Promise<TUserImportResult> {
  const m = authorize(ctx, 'user.import');
  const rows = await readImportRows(data);
  const errors: TUserImportResult['errors'] = [];
  const failedRows = new Set<number>();
  const fail = (row: number, field: string, message: string) => {
    errors.push({ row, field, message });
    failedRows.add(row);
  };

  const orgIds = [
    ...new Set(
      rows
        .map((r) => r.values[COL.orgId]?.trim() ?? '')
        .filter((v) => /^\d{1,9}$/.test(v))
        .map(Number),
    ),
  ];
  const orgList = orgIds.length ? await ctx.db.select().from(orgs).where(inArray(orgs.id, orgIds)) : [];
  const orgById = new Map(orgList.map((o) => [o.id, o]));

  // Login names and mobiles seen so far in the file (they share one namespace at login).
  const seen = new Map<string, number>();
  const candidates: ImportCandidate[] = [];
  for (const r of rows) {
    const cell = (key: string) => r.values[key]?.trim() ?? '';
    const before = errors.length;
    const bad = (field: string, message: string) => fail(r.rowNumber, field, message);

    const username = cell(COL.username).toLowerCase();
    const nameProblem = usernameProblem(username);
    if (!username) bad(COL.username, '登录名不能为空');
    else if (nameProblem) bad(COL.username, usernameProblemText(nameProblem));
    else if (seen.has(username)) bad(COL.username, `与第 ${seen.get(username)} 行重复`);

    const displayName = cell(COL.displayName);
    if (!displayName) bad(COL.displayName, '姓名不能为空');
    else if ([...displayName].length > 40) bad(COL.displayName, '姓名最多 40 个字');

    const mobile = cell(COL.mobile) || null;
    if (mobile && !mobilePattern.test(mobile)) bad(COL.mobile, '请填写正确的 11 位手机号');
    else if (mobile && mobile !== username && seen.has(mobile)) {
      bad(COL.mobile, `与第 ${seen.get(mobile)} 行重复`);
    }

    const orgText = cell(COL.orgId);
    const org = /^\d{1,9}$/.test(orgText) ? orgById.get(Number(orgText)) : undefined;
    if (!orgText) bad(COL.orgId, '所属组织ID不能为空');
    else if (!/^\d{1,9}$/.test(orgText)) bad(COL.orgId, '所属组织ID应为数字');
    else if (!org || !isWithin(org.path, m.orgPath)) bad(COL.orgId, '组织不存在或不在您的管辖范围内');
    else if (org.state !== 'active') bad(COL.orgId, `组织「${org.name}」已停用`);

    const roleText = cell(COL.role);
    const parsed = parseRoles(roleText);
    if (!roleText) bad(COL.role, '角色不能为空');
    else if (parsed.unknown.length > 0) {
      bad(COL.role, `无法识别的角色「${parsed.unknown.join('、')}」，可填：${roleChoices}`);
    }

    const password = r.values[COL.password] ?? '';
    if (!password) bad(COL.password, '初始密码不能为空');
    else {
      const check = ZPassword.safeParse(password);
      if (!check.success) bad(COL.password, check.error.issues[0]?.message ?? '密码不符合要求');
    }

    // Remember this row's identities even if the row is bad, so later copies are reported.
    if (username && !seen.has(username)) seen.set(username, r.rowNumber);
    if (mobile && !seen.has(mobile)) seen.set(mobile, r.rowNumber);
    if (errors.length === before && org) {
      candidates.push({
        row: r.rowNumber,
        username,
        displayName,
        mobile,
        org,
        roles: parsed.roles,
        password,
      });
    }
  }

  // Duplicates in the database, in two queries for the whole file.
  const vault = ctx.deps.vault;
  const names = new Set<string>();
  const hashes = new Map<string, string>();
  for (const c of candidates) {
    names.add(c.username);
    if (c.mobile) names.add(c.mobile);
    for (const v of [c.username, c.mobile]) {
      if (v && mobilePattern.test(v)) hashes.set(vault.blindIndex('mobile', v), v);
    }
  }
  const taken = new Set<string>();
  if (names.size > 0) {
    const hits = await ctx.db
      .select({ username: users.username, phoneHash: users.phoneHash })
      .from(users)
      .where(
        or(
          inArray(users.username, [...names]),
          hashes.size > 0 ? inArray(users.phoneHash, [...hashes.keys()]) : sql`false`,
        ),
      );
    for (const h of hits) {
      taken.add(h.username);
      const mobile = h.phoneHash ? hashes.get(h.phoneHash) : undefined;
      if (mobile) taken.add(mobile);
    }
  }
  const valid = candidates.filter((c) => {
    let ok = true;
    if (taken.has(c.username)) {
      fail(c.row, COL.username, usernameTaken(c.username));
      ok = false;
    }
    if (c.mobile && c.mobile !== c.username && taken.has(c.mobile)) {
      fail(c.row, COL.mobile, MOBILE_TAKEN);
      ok = false;
    }
    return ok;
  });

  const hashed = await mapLimited(valid, HASH_CONCURRENCY, (c) => hashPassword(c.password));
  const created = await ctx.deps.database.db.transaction(async (tx) => {
    const t = withTx(ctx, tx);
    let n = 0;
    for (const [i, c] of valid.entries()) {
      const id = await insertUser(t, {
        username: c.username,
        displayName: c.displayName,
        mobile: c.mobile,
        home: c.org,
        passwordHash: hashed[i] as string,
        assignments: c.roles.map((role) => ({ orgId: c.org.id, role })),
        via: 'import',
      });
      // Taken in the meantime by a concurrent create.
      if (id === null) fail(c.row, COL.username, '登录名或手机号已被使用');
      else n++;
    }
    await recordAudit(t, {
      action: 'user.import',
      entityType: 'user',
      detail: { total: rows.length, created: n, failed: failedRows.size },
    });
    return n;
  });
  errors.sort((a, b) => a.row - b.row);
  return { total: rows.length, created, failed: failedRows.size, errors };
}

type TemplateRow = Record<(typeof userImportHeaders)[number], string>;

/** The import template: the header row and one example row filled in for the caller's org. */
export async function importTemplate(ctx: Ctx): Promise<Buffer> {
  const m = authorize(ctx, 'user.import');
  const example: TemplateRow = {
    '登录名*': 'zhangsan',
    '姓名*': '张三',
    手机号: '13800138000',
    '所属组织ID*': String(m.orgId),
    '角色*': roleLabels.worker,
    '初始密码*': 'Welcome2024',
  };
  const columns: SheetColumn<TemplateRow>[] = userImportHeaders.map((header) => ({
    header,
    width: header.startsWith('角色') ? 24 : 18,
    value: (row) => row[header],
  }));
  return writeSheet('用户导入', columns, [example]);
}

const EXPORT_BATCH = 1000;
/** Beijing time (UTC+8 all year, no daylight saving), as cadres read it. */
const formatTime = (iso: string | null) =>
  iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ') : '';

/** The user list (same filters as the listing, phones masked) as .xlsx; audited as `user.export`. */
export async function exportUsers(ctx: Ctx, q: TExportUsersQuery): Promise<Buffer> {
  const m = authorize(ctx, 'user.export');
  const where = await userFilter(ctx, m, q);
  let exported = 0;
  // Keyset pages, so a large export never holds more than one batch of rows besides the sheet.
  async function* all(): AsyncGenerator<TUser> {
    let after = 0;
    for (;;) {
      const rows = await ctx.db
        .select({ user: users, orgName: orgs.name, orgPath: orgs.path })
        .from(users)
        .innerJoin(orgs, eq(orgs.id, users.orgId))
        .where(and(where, gt(users.id, after)))
        .orderBy(asc(users.id))
        .limit(EXPORT_BATCH);
      const ms = await visibleMemberships(
        ctx.db,
        rows.map((r) => r.user.id),
        m.orgPath,
      );
      for (const r of rows) {
        exported++;
        yield toUser(ctx, r, ms.get(r.user.id) ?? []);
      }
      const last = rows.at(-1);
      if (!last || rows.length < EXPORT_BATCH) return;
      after = last.user.id;
    }
  }
  const columns: SheetColumn<TUser>[] = [
    { header: 'ID', width: 8, value: (u) => u.id },
    { header: '登录名', width: 18, value: (u) => u.username },
    { header: '姓名', width: 12, value: (u) => u.displayName },
    { header: '手机号', width: 14, value: (u) => u.phone },
    { header: '所属组织', width: 28, value: (u) => u.org.name },
    {
      header: '角色',
      width: 40,
      value: (u) => u.memberships.map((x) => `${x.orgName}：${roleLabels[x.role]}`).join('；'),
    },
    { header: '状态', width: 8, value: (u) => userStateLabels[u.state] },
    { header: '需修改密码', width: 10, value: (u) => (u.mustChangePassword ? '是' : '否') },
    { header: '最近登录', width: 20, value: (u) => formatTime(u.lastLoginAt) },
    { header: '创建时间', width: 20, value: (u) => formatTime(u.createdAt) },
  ];
  const buffer = await writeSheet('用户', columns, all());
  await recordAudit(ctx, {
    action: 'user.export',
    entityType: 'user',
    detail: { filters: q, count: exported },
  });
  return buffer;
}
