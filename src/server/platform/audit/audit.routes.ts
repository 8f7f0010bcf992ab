import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZAuditAction, ZAuditEntry, ZAuditFilter, ZAuditQuery } from '../../../shared/audit.ts';
import { pageOf } from '../../../shared/common.ts';
import { ctxOf, sendXlsx, todayStamp, XLSX } from '../http/http.ts';
import { exportAudit, listAudit, listAuditActions } from './audit.service.ts';

const tags = ['审计日志 audit'];

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: '审计日志（本级及下级组织，新的在前）',
        querystring: ZAuditQuery,
        response: { 200: pageOf(ZAuditEntry) },
      },
    },
    async (req) => listAudit(ctxOf(req), req.query),
  );
  app.get(
    '/export',
    {
      schema: {
        tags,
        summary: '导出审计日志（Excel，按当前筛选条件）',
        querystring: ZAuditFilter,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const buffer = await exportAudit(ctxOf(req), req.query);
      return sendXlsx(reply, buffer, `audit-${todayStamp()}.xlsx`, `审计日志-${todayStamp()}.xlsx`);
    },
  );
  app.get(
    '/actions',
    {
      schema: { tags, summary: '操作类型及中文名称（筛选用）', response: { 200: z.array(ZAuditAction) } },
    },
    async (req) => listAuditActions(ctxOf(req)),
  );
};
