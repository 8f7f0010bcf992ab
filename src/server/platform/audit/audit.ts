import type { Ctx } from '../context.ts';
import { auditLog } from './audit.table.ts';

export type AuditResult = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  action: string;
  entityType?: string | null;
  entityId?: string | number | null;
  orgId?: number | null;
  orgPath?: string | null;
  result?: AuditResult;
  detail?: Record<string, unknown>;
  /** For events without a signed-in actor, e.g. a failed login: the name that was tried. */
  actorName?: string | null;
  actorUserId?: number | null;
}

/**
 * Append one audit row in the caller's transaction, so a write and its audit land together.
 * Record every write, every view of unmasked personal data, every export and every login.
 */
export async function recordAudit(ctx: Ctx, entry: AuditEntry): Promise<void> {
  const actor = ctx.actor;
  await ctx.db.insert(auditLog).values({
    actorUserId: entry.actorUserId ?? actor?.userId ?? null,
    actorName: entry.actorName ?? actor?.username ?? null,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    orgId: entry.orgId ?? actor?.membership?.orgId ?? null,
    orgPath: entry.orgPath ?? actor?.membership?.orgPath ?? null,
    result: entry.result ?? 'success',
    ip: ctx.ip,
    detail: entry.detail ?? null,
  });
}
