/** Client-side helpers of the users page; the rules come from the zod-free `src/shared/rules.ts`. */
import {
  mobilePattern,
  type Role,
  roles,
  type UserState,
  usernameProblem,
  userStates,
} from '../../../../shared/rules.ts';
import type { TUser } from '../../../../shared/users.ts';
import { ApiError } from '../../../shared/api.ts';

export const roleList: readonly Role[] = roles;
export const isRole = (v: string | null): v is Role => v !== null && (roles as readonly string[]).includes(v);

export const stateList: readonly UserState[] = userStates;
export const isUserState = (v: string | null): v is UserState =>
  v !== null && (userStates as readonly string[]).includes(v);

export { mobilePattern, usernameProblem };

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
