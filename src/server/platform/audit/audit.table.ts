import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only: a trigger (migration 0001) refuses UPDATE and DELETE, and on PostgreSQL the app's
 * role is granted only INSERT and SELECT (docs/deployment.md).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: integer('actor_user_id'),
    /** Login name at the time, kept even if the user is renamed; the attempted name for failed logins. */
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    orgId: integer('org_id'),
    /** Path of the record's org, so auditors see exactly their subtree. */
    orgPath: text('org_path'),
    /** success | failure | denied */
    result: text('result').notNull(),
    ip: text('ip'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    index('audit_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    // Partial: the login throttle counts failures by IP, and anonymous rows have no actor. Public
    // QR page views (the bulk of the log, all anonymous and mostly successes) skip both indexes.
    index('audit_action_ip_idx').on(t.action, t.ip, t.at).where(sql`${t.result} = 'failure'`),
    index('audit_actor_idx').on(t.actorUserId, t.at).where(sql`${t.actorUserId} is not null`),
    index('audit_entity_idx').on(t.entityType, t.entityId),
  ],
);
