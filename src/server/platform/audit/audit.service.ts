import { and, count, desc, eq, gte, ilike, like, lt, or, type SQL, sql } from 'drizzle-orm';
import {
  auditResultLabels,
  type TAuditEntry,
  type TAuditFilter,
  type TAuditQuery,
} from '../../../shared/audit.ts';
import { auditDetailText, auditEntityText } from '../../../shared/audit-labels.ts';
import { authorize, inSubtree, isWithin } from '../access/access.ts';
import type { ActingMembership, Ctx } from '../context.ts';
import { badRequest, notFound } from '../errors.ts';
import { type SheetColumn, writeSheet } from '../excel/excel.ts';
import { orgs } from '../orgs/orgs.table.ts';
import { auditLog } from './audit.table.ts';
import { auditActionLabel, auditActions, flushAuditBuffer, recordAudit } from './audit.ts';

/** Exports larger than this must be narrowed by date or filter first. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;
const EXPORT_BATCH = 2000;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A day in China Standard Time as a timestamptz bound. */
const cstDayStart = (day: string) => sql`${`${day} 00:00:00+08`}::timestamptz`;

async function auditWhere(ctx: Ctx, m: ActingMembership, q: TAuditFilter): Promise<SQL> {
  // Rows with no org (failed logins of unknown names, system events) belong to the top of the tree.
  const isRoot = !m.orgPath.includes('.');
  const scope = isRoot
    ? or(inSubtree(auditLog.orgPath, m.orgPath), sql`${auditLog.orgPath} is null`)
    : inSubtree(auditLog.orgPath, m.orgPath);
  const conds: (SQL | undefined)[] = [scope];
  if (q.orgId !== undefined) {
    const [org] = await ctx.db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, q.orgId));
    if (!org || !isWithin(org.path, m.orgPath)) throw notFound('组织不存在或不在您的管辖范围内');
    conds.push(inSubtree(auditLog.orgPath, org.path));
  }
  if (q.from) conds.push(gte(auditLog.at, cstDayStart(q.from)));
  if (q.to) conds.push(lt(auditLog.at, sql`${cstDayStart(q.to)} + interval '1 day'`));
  if (q.action) {
    conds.push(
      q.action.endsWith('.')
        ? like(auditLog.action, `${escapeLike(q.action)}%`)
        : eq(auditLog.action, q.action),
    );
  }
  if (q.actor) conds.push(ilike(auditLog.actorName, `%${escapeLike(q.actor)}%`));
  if (q.entityType) conds.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
  if (q.result) conds.push(eq(auditLog.result, q.result));
  if (q.ip) conds.push(eq(auditLog.ip, q.ip));
  return and(...conds) ?? sql`true`;
}

const entryColumns = {
  id: auditLog.id,
  at: auditLog.at,
  actorUserId: auditLog.actorUserId,
  actorName: auditLog.actorName,
  action: auditLog.action,
  entityType: auditLog.entityType,
  entityId: auditLog.entityId,
  orgId: auditLog.orgId,
  orgName: orgs.name,
  result: auditLog.result,
  ip: auditLog.ip,
  detail: auditLog.detail,
};

type EntryRow = {
  id: number;
  at: Date;
  result: string;
  action: string;
  detail: Record<string, unknown> | null;
} & Omit<TAuditEntry, 'id' | 'at' | 'result' | 'action' | 'actionLabel' | 'detail'>;

function toEntry(r: EntryRow): TAuditEntry {
  return {
    ...r,
    at: r.at.toISOString(),
    actionLabel: auditActionLabel(r.action),
    result: r.result as TAuditEntry['result'],
    detail: r.detail ?? null,
  };
}

/** The audit log of the caller's subtree, newest first. */
export async function listAudit(ctx: Ctx, q: TAuditQuery) {
  const m = authorize(ctx, 'audit.view');
  // Buffered view records (recordAuditBuffered) are written first, so the list is complete.
  await flushAuditBuffer(ctx.deps);
  const where = await auditWhere(ctx, m, q);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select(entryColumns)
      .from(auditLog)
      .leftJoin(orgs, eq(orgs.id, auditLog.orgId))
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return { items: rows.map(toEntry), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

const cst = (d: string) =>
  new Date(Date.parse(d) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

/** The filtered log as an .xlsx; the export itself is audited. */
export async function exportAudit(ctx: Ctx, q: TAuditFilter): Promise<Buffer> {
  const m = authorize(ctx, 'audit.export');
  await flushAuditBuffer(ctx.deps);
  const where = await auditWhere(ctx, m, q);
  const [total] = await ctx.db.select({ n: count() }).from(auditLog).where(where);
  const n = total?.n ?? 0;
  if (n > AUDIT_EXPORT_MAX_ROWS) {
    throw badRequest(
      'EXPORT_TOO_LARGE',
      `符合条件的记录有 ${n} 条，超过单次导出上限 ${AUDIT_EXPORT_MAX_ROWS} 条，请缩小日期范围或增加筛选条件`,
    );
  }
  async function* all(): AsyncGenerator<TAuditEntry> {
    let before: number | undefined;
    for (;;) {
      const rows = await ctx.db
        .select(entryColumns)
        .from(auditLog)
        .leftJoin(orgs, eq(orgs.id, auditLog.orgId))
        .where(before === undefined ? where : and(where, lt(auditLog.id, before)))
        .orderBy(desc(auditLog.id))
        .limit(EXPORT_BATCH);
      for (const r of rows) yield toEntry(r);
      const last = rows.at(-1);
      if (!last || rows.length < EXPORT_BATCH) return;
      before = last.id;
    }
  }
  const columns: SheetColumn<TAuditEntry>[] = [
    { header: '编号', width: 10, value: (e) => e.id },
    { header: '时间（北京时间）', width: 20, value: (e) => cst(e.at) },
    { header: '操作人', width: 16, value: (e) => e.actorName },
    { header: '操作', width: 18, value: (e) => e.actionLabel },
    { header: '操作代码', width: 22, value: (e) => e.action },
    { header: '对象', width: 22, value: (e) => auditEntityText(e) },
    { header: '对象代码', width: 20, value: (e) => e.entityType },
    { header: '对象编号', width: 12, value: (e) => e.entityId },
    { header: '所属组织', width: 26, value: (e) => e.orgName },
    { header: '结果', width: 8, value: (e) => auditResultLabels[e.result] },
    { header: 'IP', width: 16, value: (e) => e.ip },
    { header: '详情', width: 60, value: (e) => auditDetailText(e) },
    // As stored, for the auditor who needs the exact record.
    { header: '原始记录（JSON）', width: 40, value: (e) => (e.detail ? JSON.stringify(e.detail) : '') },
  ];
  const buffer = await writeSheet('审计日志', columns, all());
  await recordAudit(ctx, { action: 'audit.export', entityType: 'audit', detail: { filter: q, rows: n } });
  return buffer;
}

/** Action codes with their Chinese names, for the viewer's filter. */
export function listAuditActions(ctx: Ctx) {
  authorize(ctx, 'audit.view');
  return auditActions();
}
