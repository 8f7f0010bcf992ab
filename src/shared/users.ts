import { z } from 'zod';
import { roles } from './auth.ts';
import { ZIntId, ZMobile, ZPassword } from './common.ts';

import { type UserState, usernameProblem, usernameProblemText, userStates } from './rules.ts';

export { type UserState, userStates };

export const userStateLabels: Record<UserState, string> = {
  active: '正常',
  disabled: '已停用',
};

/**
 * Login name: 3–32 letters, digits or underscores, stored lower-cased. An 11-digit mainland mobile
 * number fits the same pattern (self-registered users log in with theirs).
 */
export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .superRefine((v, ctx) => {
    const problem = usernameProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: usernameProblemText(problem) });
  });

export const ZDisplayName = z.string().trim().min(1, '请输入姓名').max(40, '姓名最多 40 个字');

/** One role in one org. */
export const ZRoleAssignment = z.object({
  orgId: z.number().int().positive(),
  role: z.enum(roles),
});
export type TRoleAssignment = z.infer<typeof ZRoleAssignment>;

export const ZUserMembership = z.object({
  id: z.number().int(),
  role: z.enum(roles),
  orgId: z.number().int(),
  orgName: z.string(),
});
export type TUserMembership = z.infer<typeof ZUserMembership>;

/** A user as administrators see it. The phone is always masked (`138****5678`); see `/users/:id/pii`. */
export const ZUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable().describe('masked, e.g. 138****5678'),
  /** Home org: the admins of its subtree manage this account. */
  org: z.object({ id: z.number().int(), name: z.string() }),
  state: z.enum(userStates),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  /** Memberships within the caller's subtree. */
  memberships: z.array(ZUserMembership),
});
export type TUser = z.infer<typeof ZUser>;

export const ZCreateUserInput = z.object({
  username: ZUsername,
  displayName: ZDisplayName,
  mobile: ZMobile.nullable().optional(),
  /** Home org. */
  orgId: z.number().int().positive(),
  /** Initial password; the user must change it at first login. */
  password: ZPassword,
  roles: z.array(ZRoleAssignment).min(1, '至少分配一个角色').max(20, '角色最多 20 个'),
});
export type TCreateUserInput = z.infer<typeof ZCreateUserInput>;

export const ZUpdateUserInput = z
  .object({
    displayName: ZDisplayName.optional(),
    /** `null` removes the number. */
    mobile: ZMobile.nullable().optional(),
    /** Move the account to another home org within the caller's subtree. */
    orgId: z.number().int().positive().optional(),
  })
  .refine((v) => v.displayName !== undefined || v.mobile !== undefined || v.orgId !== undefined, {
    message: '没有要修改的内容',
  });
export type TUpdateUserInput = z.infer<typeof ZUpdateUserInput>;

const ZUserFilters = z.object({
  /** Root of the listing (the users whose home org is in its subtree); defaults to the caller's org. */
  orgId: z.coerce.number().int().positive().optional(),
  /** Users holding this role in the caller's subtree. */
  role: z.enum(roles).optional(),
  state: z.enum(userStates).optional(),
  /** Part of the name or login name, or an exact mobile number (searched through its blind index). */
  q: z.string().trim().max(60).optional(),
});

export const ZListUsersQuery = ZUserFilters.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TListUsersQuery = z.infer<typeof ZListUsersQuery>;

export const ZExportUsersQuery = ZUserFilters;
export type TExportUsersQuery = z.infer<typeof ZExportUsersQuery>;

/** A temporary password set by an admin; the user must change it at next login. */
export const ZResetPasswordInput = z.object({ password: ZPassword });
export type TResetPasswordInput = z.infer<typeof ZResetPasswordInput>;

export const ZAddMembershipInput = ZRoleAssignment;
export type TAddMembershipInput = z.infer<typeof ZAddMembershipInput>;

export const ZUserIdParam = z.object({ id: ZIntId });

export const ZMembershipParams = z.object({ id: ZIntId, membershipId: ZIntId });

export const ZUserStateInput = z.object({ note: z.string().trim().max(500).optional() });

/** The unmasked phone of one user; every read is audited as `user.viewPii`. */
export const ZUserPii = z.object({ id: z.number().int(), mobile: z.string().nullable() });
export type TUserPii = z.infer<typeof ZUserPii>;

/** Header row of the import template; `*` marks a required column. */
export const userImportHeaders = ['登录名*', '姓名*', '手机号', '所属组织ID*', '角色*', '初始密码*'] as const;

export const ZImportRowError = z.object({
  /** Row number as Excel shows it (the header is row 1). */
  row: z.number().int(),
  /** Column header, e.g. `手机号`. */
  field: z.string(),
  message: z.string(),
});

export const ZUserImportResult = z.object({
  /** Data rows read. */
  total: z.number().int(),
  created: z.number().int(),
  /** Rows not imported (each has at least one entry in `errors`). */
  failed: z.number().int(),
  errors: z.array(ZImportRowError),
});
export type TUserImportResult = z.infer<typeof ZUserImportResult>;
