import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  allowedFileTypes,
  ZFile,
  ZFileIdParam,
  ZFileList,
  ZListFilesQuery,
  ZUploadFileQuery,
} from '../../../shared/files.ts';
import { requireActor } from '../access/access.ts';
import { badRequest } from '../errors.ts';
import { ctxOf } from '../http/http.ts';
import { fileTooLarge, getFileMeta, listFiles, openFile, uploadFile } from './files.service.ts';

const tags = ['附件 files'];

/** RFC 6266/5987: an ASCII fallback in `filename`, the real (Chinese) name in `filename*`. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export const fileRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/',
    {
      schema: {
        tags,
        summary: '上传附件（挂在某条记录上）',
        description:
          'multipart/form-data，一个文件字段 file。类型按内容识别，只接受 JPG、PNG、WebP、PDF、.xlsx、.docx；' +
          '大小上限由 UPLOAD_MAX_MB 配置（默认 10 MB）。需要对该记录有“添加附件”的权限。',
        consumes: ['multipart/form-data'],
        querystring: ZUploadFileQuery,
        // For the OpenAPI document only: a multipart body is not parsed up front, so it arrives as null
        // and the handler reads the stream itself.
        body: z.object({ file: z.file().describe('要上传的文件') }).nullish(),
        response: { 201: ZFile },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      // Authenticate before reading the body, so anonymous callers cannot make us buffer uploads.
      requireActor(ctx);
      if (!req.isMultipart()) {
        throw badRequest('NOT_MULTIPART', '请以 multipart/form-data 方式上传文件（字段名 file）');
      }
      const part = await req.file();
      if (!part) throw badRequest('NO_FILE', '请选择要上传的文件');
      const buffer = await part.toBuffer().catch((err: unknown) => {
        throw err instanceof app.multipartErrors.RequestFileTooLargeError ? fileTooLarge(ctx) : err;
      });
      const file = await uploadFile(ctx, { ...req.query, buffer, filename: part.filename });
      return reply.status(201).send(file);
    },
  );
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: '某条记录的附件列表',
        querystring: ZListFilesQuery,
        response: { 200: ZFileList },
      },
    },
    async (req) => ({ items: await listFiles(ctxOf(req), req.query) }),
  );
  app.get(
    '/:id/meta',
    { schema: { tags, summary: '附件信息', params: ZFileIdParam, response: { 200: ZFile } } },
    async (req) => getFileMeta(ctxOf(req), req.params.id),
  );
  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: '下载附件',
        description: '返回文件内容（以附件方式下载），下载行为记入审计日志。',
        params: ZFileIdParam,
        produces: Object.keys(allowedFileTypes),
      },
    },
    async (req, reply) => {
      const { file, length, stream } = await openFile(ctxOf(req), req.params.id);
      return reply
        .type(file.mime)
        .header('content-length', length)
        .header('content-disposition', attachment(file.originalName))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  );
};
