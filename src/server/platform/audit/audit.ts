import { type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../context.ts';
import { auditLog } from './audit.table.ts';

export type AuditResult = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  action: string;
  entityType?: string | null;
  entityId?: string | number | null;
  /** The record's org; its path is looked up when `orgPath` is not given. */
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
  const orgId = entry.orgId === undefined ? (actor?.membership?.orgId ?? null) : entry.orgId;
  let orgPath: string | SQL | null;
  if (entry.orgPath != null) orgPath = entry.orgPath;
  else if (orgId == null) orgPath = null;
  else if (entry.orgId === undefined && actor?.membership) orgPath = actor.membership.orgPath;
  else orgPath = sql`(select path from orgs where id = ${orgId})`;
  await ctx.db.insert(auditLog).values({
    actorUserId: entry.actorUserId ?? actor?.userId ?? null,
    actorName: entry.actorName ?? actor?.username ?? null,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    orgId,
    orgPath,
    result: entry.result ?? 'success',
    ip: ctx.ip,
    detail: entry.detail ?? null,
  });
}

/** Chinese names of audit actions, for the log viewer and exports. Modules add theirs at import time. */
const actionLabels = new Map<string, string>(
  Object.entries({
    'auth.login': '登录',
    'auth.logout': '退出登录',
    'auth.register': '自助注册',
    'auth.changePassword': '修改密码',
    'auth.switchMembership': '切换身份',
    'demo.seed': '生成演示数据',
    'org.create': '新建组织',
    'org.update': '修改组织',
    'org.move': '调整上级组织',
    'org.deactivate': '停用组织',
    'org.activate': '启用组织',
    'user.create': '新建用户',
    'user.update': '修改用户',
    'user.disable': '停用用户',
    'user.enable': '启用用户',
    'user.resetPassword': '重置密码',
    'user.addMembership': '分配角色',
    'user.removeMembership': '撤销角色',
    'user.viewPii': '查看用户敏感信息',
    'user.import': '导入用户',
    'user.export': '导出用户',
    'audit.export': '导出审计日志',
    'file.upload': '上传文件',
    'file.download': '下载文件',
  }),
);

export function registerAuditLabels(labels: Record<string, string>): void {
  for (const [k, v] of Object.entries(labels)) actionLabels.set(k, v);
}

export function auditActionLabel(action: string): string {
  return actionLabels.get(action) ?? action;
}

export function auditActions(): { action: string; label: string }[] {
  return [...actionLabels].map(([action, label]) => ({ action, label }));
}
