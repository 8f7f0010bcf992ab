import { type SQL, sql } from 'drizzle-orm';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import type { Ctx, Deps } from '../context.ts';
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

type AuditRow = PgInsertValue<typeof auditLog>;

function auditRow(ctx: Ctx, entry: AuditEntry): AuditRow {
  const actor = ctx.actor;
  const orgId = entry.orgId === undefined ? (actor?.membership?.orgId ?? null) : entry.orgId;
  let orgPath: string | SQL | null;
  if (entry.orgPath != null) orgPath = entry.orgPath;
  else if (orgId == null) orgPath = null;
  else if (entry.orgId === undefined && actor?.membership) orgPath = actor.membership.orgPath;
  else orgPath = sql`(select path from orgs where id = ${orgId})`;
  return {
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
  };
}

/**
 * Append one audit row in the caller's transaction, so a write and its audit land together.
 * Record every write, every view of unmasked personal data, every export and every login.
 */
export async function recordAudit(ctx: Ctx, entry: AuditEntry): Promise<void> {
  await ctx.db.insert(auditLog).values(auditRow(ctx, entry));
}

// ---------------------------------------------------------------- buffered view records

/** A buffer is written when it holds this many rows, or this long after its first row. */
export const AUDIT_BUFFER_MAX_ROWS = 200;
export const AUDIT_BUFFER_MAX_MS = 200;

/** A buffered row as plain JSON; the org's path is looked up at write time when not known. */
interface BufferedRow {
  at: string;
  actor_user_id: number | null;
  actor_name: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  org_id: number | null;
  org_path: string | null;
  result: string;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

interface AuditBuffer {
  rows: BufferedRow[];
  timer: NodeJS.Timeout | null;
  /** Writes run one after another; this settles when the last one queued has. */
  writing: Promise<void>;
}

/** One buffer per database (that is, per app). */
const buffers = new WeakMap<Database, AuditBuffer>();

/**
 * Record a low-value, read-only event — today only views of the public QR status page — without
 * holding the response until its row is written: rows are collected and written in one INSERT
 * every AUDIT_BUFFER_MAX_MS or AUDIT_BUFFER_MAX_ROWS rows, and on app close
 * (`flushAuditBuffer`, hooked into the app's onClose), and before the audit log is listed or
 * exported. The row's time is the time of the event, not of the write.
 *
 * The trade-off: a crash (or kill -9) of the process can lose the view records of the last fraction
 * of a second; it never loses a write or its audit, which always go through `recordAudit` in the
 * writing transaction. Never use this for writes, logins, exports, verification attempts or
 * lockouts. The audit log stays append-only: this only INSERTs.
 */
export function recordAuditBuffered(ctx: Ctx, entry: AuditEntry): void {
  const r = auditRow(ctx, entry);
  const row: BufferedRow = {
    at: new Date().toISOString(),
    actor_user_id: (r.actorUserId as number | null | undefined) ?? null,
    actor_name: (r.actorName as string | null | undefined) ?? null,
    action: entry.action,
    entity_type: (r.entityType as string | null | undefined) ?? null,
    entity_id: (r.entityId as string | null | undefined) ?? null,
    org_id: (r.orgId as number | null | undefined) ?? null,
    // A path auditRow would look up in SQL is looked up by org_id when the batch is written.
    org_path: typeof r.orgPath === 'string' ? r.orgPath : null,
    result: entry.result ?? 'success',
    ip: ctx.ip,
    detail: entry.detail ?? null,
  };
  const database = ctx.deps.database;
  let buf = buffers.get(database);
  if (!buf) {
    buf = { rows: [], timer: null, writing: Promise.resolve() };
    buffers.set(database, buf);
  }
  buf.rows.push(row);
  if (buf.rows.length >= AUDIT_BUFFER_MAX_ROWS) void flushAuditBuffer(ctx.deps);
  else if (!buf.timer) {
    buf.timer = setTimeout(() => void flushAuditBuffer(ctx.deps), AUDIT_BUFFER_MAX_MS);
    // A pending flush alone does not keep the process alive; close flushes explicitly.
    buf.timer.unref();
  }
}

/** Write every buffered audit row of this app now; resolves when they (and earlier batches) are written. */
export function flushAuditBuffer(deps: Pick<Deps, 'database' | 'log'>): Promise<void> {
  const buf = buffers.get(deps.database);
  if (!buf) return Promise.resolve();
  if (buf.timer) {
    clearTimeout(buf.timer);
    buf.timer = null;
  }
  const rows = buf.rows.splice(0);
  if (rows.length > 0) buf.writing = buf.writing.then(() => writeRows(deps, rows));
  return buf.writing;
}

/** One statement with one parameter for the whole batch (cheap to build, whatever its size). */
const INSERT_BATCH = `
  insert into audit_log (at, actor_user_id, actor_name, action, entity_type, entity_id, org_id, org_path, result, ip, detail)
  select r.at, r.actor_user_id, r.actor_name, r.action, r.entity_type, r.entity_id, r.org_id,
         coalesce(r.org_path, (select o.path from orgs o where o.id = r.org_id)), r.result, r.ip, r.detail
  from jsonb_to_recordset($1::jsonb) as r(
    at timestamptz, actor_user_id integer, actor_name text, action text, entity_type text,
    entity_id text, org_id integer, org_path text, result text, ip text, detail jsonb)`;

/**
 * Written through `executeSql`, which always uses the database's own connections: a row may have been
 * buffered from a context whose `db` is a transaction (the demo seeds inside one), long ended when
 * the batch is written.
 */
async function writeRows(deps: Pick<Deps, 'database' | 'log'>, rows: BufferedRow[]): Promise<void> {
  const insert = (batch: BufferedRow[]) => deps.database.executeSql(INSERT_BATCH, [JSON.stringify(batch)]);
  try {
    await insert(rows);
  } catch (batchError) {
    // One bad row must not cost the others their record: write them one by one.
    let lost = 0;
    for (const row of rows) {
      try {
        await insert([row]);
      } catch {
        lost++;
      }
    }
    if (lost > 0) {
      deps.log.error(
        { err: batchError, lost, actions: [...new Set(rows.map((r) => r.action))] },
        '审计记录写入失败 / buffered audit rows could not be written',
      );
    }
  }
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
