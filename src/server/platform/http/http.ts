import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { resolveSession, SESSION_COOKIE } from '../auth/sessions.ts';
import type { Actor, Ctx, Deps } from '../context.ts';
import { AppError, type FieldIssue } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    deps: Deps;
  }
}

/** The use-case context for a request. Routes pass this to services and nothing else. */
export function ctxOf(request: FastifyRequest): Ctx {
  return {
    db: request.server.deps.database.db,
    actor: request.actor,
    ip: request.ip,
    deps: request.server.deps,
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Session and CSRF: every request gets `request.actor` from the session cookie. A cookie-authenticated
 * write must carry the session's CSRF token in `x-csrf-token` (double-submit against the stored token).
 */
export function registerSessionHook(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    // Public pages (the personal QR page `/q/…`) act for nobody: no session, so no CSRF check.
    if (request.url.startsWith('/q/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const deps = request.server.deps;
    request.actor = await resolveSession(deps.database.db, token, deps.config.sessionIdleMinutes);
    if (request.actor && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (sent !== request.actor.csrfToken) {
        throw new AppError(403, 'CSRF_TOKEN_INVALID', '页面已过期或请求来源不可信，请刷新页面后重试');
      }
    }
  });
}

function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
}

/** One error shape for everything: `{"error":{"code","message","details"}}`; no stack traces leak. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(
    (error: FastifyError | AppError | ZodError, request: FastifyRequest, reply: FastifyReply) => {
      if (error instanceof AppError) {
        return reply
          .status(error.status)
          .send({ error: { code: error.code, message: error.message, details: error.details } });
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const details = error.validation.map((v) => ({
          field: [error.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
          message: v.message ?? '格式不正确',
        }));
        const first = details[0];
        return reply.status(400).send({
          error: {
            code: 'VALIDATION_FAILED',
            message: first ? `输入有误：${first.message}` : '输入有误',
            details,
          },
        });
      }
      if (error instanceof ZodError) {
        const details = zodIssues(error);
        return reply.status(400).send({
          error: { code: 'VALIDATION_FAILED', message: `输入有误：${details[0]?.message ?? ''}`, details },
        });
      }
      if (isResponseSerializationError(error)) {
        request.log.error({ err: error }, 'response did not match its schema');
        return reply.status(500).send({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试' } });
      }
      const fe = error as FastifyError;
      const status = fe.statusCode ?? 500;
      if (status === 413 || fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.code === 'FST_FILES_LIMIT') {
        return reply
          .status(413)
          .send({ error: { code: 'PAYLOAD_TOO_LARGE', message: '上传内容超过大小限制' } });
      }
      if (status === 415) {
        return reply
          .status(415)
          .send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的请求格式' } });
      }
      if (status >= 400 && status < 500) {
        return reply
          .status(status)
          .send({ error: { code: fe.code ?? 'BAD_REQUEST', message: '请求格式不正确' } });
      }
      request.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试' } });
    },
  );
  app.setNotFoundHandler((request, reply) => {
    const isPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      !/\.[a-z0-9]+$/i.test(request.url.split('?')[0] ?? '');
    if (isPage && request.server.spaFallback) return request.server.spaFallback(request, reply);
    return reply.status(404).send({
      error: { code: 'ROUTE_NOT_FOUND', message: `没有这个接口：${request.method} ${request.url}` },
    });
  });
}

/**
 * Requests Node's HTTP parser rejects before any route sees them (an address with raw non-ASCII bytes,
 * a malformed header, headers too large, a request that never finished): answered in the platform's
 * own error format and in Chinese, like every other error, instead of Fastify's English default.
 * Passed to Fastify as `clientErrorHandler`.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'REQUEST_TIMEOUT', '请求超时，请重试']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', '请求头过大']
        : [400, 'BAD_REQUEST', '请求格式不正确（例如地址中含有未编码的字符）'];
  const body = JSON.stringify({ error: { code, message } });
  const reason = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }[
    status
  ];
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Send an .xlsx download; the Chinese filename goes in `filename*` per RFC 5987, ASCII in `filename`. */
export function sendXlsx(reply: FastifyReply, buffer: Buffer, asciiName: string, chineseName: string) {
  return reply
    .header('content-type', XLSX)
    .header(
      'content-disposition',
      `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`,
    )
    .header('cache-control', 'no-store')
    .send(buffer);
}

/** Today in China Standard Time as YYYYMMDD, for export file names. */
export const todayStamp = () =>
  new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
