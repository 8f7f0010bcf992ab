import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZExportArchivesQuery,
  ZImportIdParam,
  ZImportRun,
  ZImportRunList,
  ZStartImportQuery,
} from '../../../shared/hardship-import.ts';
import { requireActor } from '../../platform/access/access.ts';
import { badRequest } from '../../platform/errors.ts';
import { ctxOf, sendXlsx, todayStamp, XLSX } from '../../platform/http/http.ts';
import { queueImport } from './import.jobs.ts';
import {
  exportArchives,
  getImportRun,
  IMPORT_MAX_BYTES,
  importTemplate,
  listImportRuns,
  startImport,
} from './import.service.ts';

const tags = ['困难职工帮扶 hardship'];

/** Excel 批量导入 (template, streamed import as a job, progress, error workbook) and 导出 of the filtered list. */
export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/archives/import-template',
    { schema: { tags, summary: '下载困难职工档案导入模板（Excel，含填写说明）', produces: [XLSX] } },
    async (req, reply) =>
      sendXlsx(
        reply,
        await importTemplate(ctxOf(req)),
        'hardship-import-template.xlsx',
        '困难职工档案导入模板.xlsx',
      ),
  );
  app.post(
    '/archives/imports',
    {
      schema: {
        tags,
        summary: '上传 Excel 批量导入困难职工档案（后台任务，返回导入批次）',
        description:
          'multipart/form-data，文件字段 file（.xlsx，按导入模板）。文件边接收边写入存储，导入在后台逐行进行：' +
          '用 GET /archives/imports/:id 查询进度，完成后 errorFileId 为错误报告（GET /api/v1/files/:id 下载）。' +
          'orgId：“所属组织”为空的行归入该组织（默认本人所在组织）。',
        consumes: ['multipart/form-data'],
        querystring: ZStartImportQuery,
        body: z.object({ file: z.file().describe('导入文件 .xlsx') }).nullish(),
        response: { 202: ZImportRun },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      requireActor(ctx);
      if (!req.isMultipart()) {
        throw badRequest('NOT_MULTIPART', '请以 multipart/form-data 方式上传 Excel 文件（字段名 file）');
      }
      const part = await req.file({ limits: { fileSize: IMPORT_MAX_BYTES } });
      if (!part) throw badRequest('NO_FILE', '请选择要导入的 Excel 文件');
      const started = await startImport(ctx, {
        stream: part.file,
        filename: part.filename,
        orgId: req.query.orgId,
      });
      await queueImport(ctx.deps, { importId: started.run.id, defaultOrgId: started.defaultOrgId });
      return reply.status(202).send(started.run);
    },
  );
  app.get(
    '/archives/imports',
    { schema: { tags, summary: '最近的导入批次（本级及下级组织）', response: { 200: ZImportRunList } } },
    async (req) => ({ items: await listImportRuns(ctxOf(req)) }),
  );
  app.get(
    '/archives/imports/:id',
    {
      schema: {
        tags,
        summary: '导入批次的进度与结果',
        params: ZImportIdParam,
        response: { 200: ZImportRun },
      },
    },
    async (req) => getImportRun(ctxOf(req), req.params.id),
  );
  app.get(
    '/archives/export',
    {
      schema: {
        tags,
        summary: '导出筛选后的档案列表（Excel；默认脱敏，unmasked=true 需查看敏感信息权限并记入审计）',
        querystring: ZExportArchivesQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const buffer = await exportArchives(ctxOf(req), req.query);
      const stamp = todayStamp();
      return sendXlsx(reply, buffer, `hardship-archives-${stamp}.xlsx`, `困难职工档案-${stamp}.xlsx`);
    },
  );
};
