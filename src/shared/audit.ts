import { z } from 'zod';
import { ZPageQuery } from './common.ts';

export const auditResults = ['success', 'failure', 'denied'] as const;
export const auditResultLabels: Record<(typeof auditResults)[number], string> = {
  success: '成功',
  failure: '失败',
  denied: '拒绝',
};

const ZDay = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });

/** Filters of the audit log; every list is also limited to the caller's subtree. */
const auditFilterFields = {
  from: ZDay.optional().describe('起始日期（含），北京时间'),
  to: ZDay.optional().describe('截止日期（含），北京时间'),
  action: z.string().trim().max(64).optional().describe('操作，如 auth.login；以 . 结尾按前缀匹配，如 user.'),
  actor: z.string().trim().max(64).optional().describe('操作人登录名（包含）'),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  result: z.enum(auditResults).optional(),
  ip: z.string().trim().max(64).optional(),
  orgId: z.coerce.number().int().positive().optional().describe('只看该组织及其下级'),
};
const datesInOrder = (q: { from?: string | undefined; to?: string | undefined }) =>
  !q.from || !q.to || q.from <= q.to;
const datesMessage = { message: '起始日期不能晚于截止日期', path: ['from'] };

export const ZAuditFilter = z.object(auditFilterFields).refine(datesInOrder, datesMessage);
export type TAuditFilter = z.infer<typeof ZAuditFilter>;

export const ZAuditQuery = ZPageQuery.extend(auditFilterFields).refine(datesInOrder, datesMessage);
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAuditEntry = z.object({
  id: z.number().int(),
  at: z.iso.datetime(),
  actorUserId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  actionLabel: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  orgId: z.number().int().nullable(),
  orgName: z.string().nullable(),
  result: z.enum(auditResults),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

export const ZAuditAction = z.object({ action: z.string(), label: z.string() });
