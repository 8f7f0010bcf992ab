import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Role } from '../../../shared/auth.ts';
import type { ActingMembership, Actor, Ctx } from '../context.ts';
import { conflict, forbidden, notFound, unauthorized } from '../errors.ts';

/**
 * The one place that answers "may this user do this action on this record":
 * role (what the actor's role may do) × org subtree (where) × record state (when).
 * Modules add their actions with `grant()` at import time and call `authorize()`.
 */
const grants = new Map<Role, Set<string>>();

export function grant(role: Role, actions: readonly string[]): void {
  const set = grants.get(role) ?? new Set<string>();
  for (const a of actions) set.add(a);
  grants.set(role, set);
}

/** Everything a role may do, sorted: the client shows menus and buttons from it. */
export function actionsOf(role: Role): string[] {
  return [...(grants.get(role) ?? [])].sort();
}

export function roleMay(role: Role, action: string): boolean {
  return grants.get(role)?.has(action) ?? false;
}

/** Actions that only make sense in some record states, e.g. renaming an inactive org. */
const stateRules = new Map<string, readonly string[]>();
export function allowInStates(action: string, states: readonly string[]): void {
  stateRules.set(action, states);
}

grant('admin', [
  'org.view',
  'org.create',
  'org.update',
  'org.move',
  'org.deactivate',
  'org.activate',
  'user.view',
  'user.create',
  'user.update',
  'user.disable',
  'user.enable',
  'user.resetPassword',
  'user.viewPii',
  'user.import',
  'audit.view',
  'audit.export',
  'timeline.view',
]);
grant('cadre', ['org.view', 'user.view', 'timeline.view']);
grant('reviewer', ['org.view', 'timeline.view']);
grant('representative', ['org.view']);
grant('auditor', ['org.view', 'user.view', 'audit.view', 'audit.export', 'timeline.view']);
allowInStates('org.update', ['active']);
allowInStates('org.move', ['active']);

export function isWithin(path: string, rootPath: string): boolean {
  return path === rootPath || path.startsWith(`${rootPath}.`);
}

/** SQL condition "column is in the subtree rooted at rootPath"; uses the text_pattern_ops index. */
export function inSubtree(column: AnyPgColumn | SQL, rootPath: string): SQL {
  return sql`(${column} = ${rootPath} or ${column} like ${`${rootPath}.%`})`;
}

export function requireActor(ctx: Ctx): Actor & { membership: ActingMembership } {
  const actor = ctx.actor;
  if (!actor) throw unauthorized();
  if (!actor.membership) throw forbidden('您的账号尚未分配组织和角色，请联系管理员');
  return actor as Actor & { membership: ActingMembership };
}

export interface ScopedRecord {
  orgPath: string;
  state?: string | null;
}

/**
 * Throws 401 without a session, 404 when the record is outside the actor's subtree (its
 * existence is not revealed), 403 when the role lacks the action, 409 when the state forbids it.
 * Returns the acting membership.
 */
export function authorize(ctx: Ctx, action: string, record?: ScopedRecord): ActingMembership {
  const actor = requireActor(ctx);
  const m = actor.membership;
  if (record && !isWithin(record.orgPath, m.orgPath)) throw notFound();
  if (!roleMay(m.role, action)) throw forbidden();
  const states = stateRules.get(action);
  if (record && states && record.state != null && !states.includes(record.state)) {
    throw conflict('INVALID_STATE', '该记录当前状态不允许此操作');
  }
  return m;
}
