/**
 * Client-side helpers of the users page. The lists mirror `src/shared` without importing it at
 * runtime (that would pull zod into the console bundle); `Record<…>` keeps them exhaustive.
 */
import type { Role } from '../../../../shared/auth.ts';
import type { TUser, UserState } from '../../../../shared/users.ts';
import { ApiError } from '../../../shared/api.ts';

const roleSet: Record<Role, true> = {
  admin: true,
  cadre: true,
  reviewer: true,
  representative: true,
  worker: true,
  donor: true,
  partner: true,
  auditor: true,
};
export const roleList = Object.keys(roleSet) as Role[];
export const isRole = (v: string | null): v is Role => v !== null && v in roleSet;

const stateSet: Record<UserState, true> = { active: true, disabled: true };
export const stateList = Object.keys(stateSet) as UserState[];
export const isUserState = (v: string | null): v is UserState => v !== null && v in stateSet;

/** Same rules as `ZUsername`, `mobilePattern` and `ZPassword` in src/shared. */
export const usernamePattern = /^[a-zA-Z0-9_]{3,32}$/;
export const mobilePattern = /^1[3-9]\d{9}$/;
export function passwordOk(p: string): boolean {
  return (
    p.length >= 8 &&
    p.length <= 128 &&
    [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length >= 2
  );
}

/** A random password that passes the rule: 12 characters of letters and digits, at least one of each. */
export function randomPassword(): string {
  const lower = 'abcdefghijkmnpqrstuvwxyz';
  const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = lower + upper + digits;
  const pick = (set: string, n: number) => {
    const bytes = crypto.getRandomValues(new Uint32Array(n));
    return Array.from(bytes, (b) => set[b % set.length] ?? '').join('');
  };
  const chars = [...(pick(lower, 1) + pick(upper, 1) + pick(digits, 1) + pick(all, 9))];
  // Shuffle so the first three are not always lower, upper, digit.
  const keys = crypto.getRandomValues(new Uint32Array(chars.length));
  return chars
    .map((c, i) => ({ c, k: keys[i] ?? 0 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.c)
    .join('');
}

export interface UserPage {
  items: TUser[];
  total: number;
  page: number;
  pageSize: number;
}

/** Filters of the list, as kept in the URL. */
export interface UserFilters {
  orgId?: number | undefined;
  role?: Role | undefined;
  state?: UserState | undefined;
  q?: string | undefined;
}

export const usersKey = ['users'] as const;

/**
 * The server reports some conflicts by code, not by field; name the field so the form can show
 * the message next to it. Nested paths (`body.roles.0.role`) are folded to the form's field.
 */
export function withFieldHints(
  error: unknown,
  codeFields: Record<string, string>,
  fold: string[] = [],
): unknown {
  if (!(error instanceof ApiError)) return error;
  const field = codeFields[error.code];
  const issues = error.fieldIssues.map((i) => {
    const name = i.field.replace(/^(body|querystring|params)\./, '');
    const top = name.split('.')[0] ?? name;
    return fold.includes(top) ? { field: top, message: i.message } : i;
  });
  if (field && issues.length === 0) issues.push({ field, message: error.message });
  return new ApiError(error.status, error.code, error.message, issues);
}
