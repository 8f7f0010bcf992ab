import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZArchiveIdParam, ZArchiveQr, ZQrCardsQuery } from '../../../shared/hardship.ts';
import { flushAuditBuffer } from '../../platform/audit/audit.ts';
import type { HotPage } from '../../platform/http/hot-pages.ts';
import { ctxOf } from '../../platform/http/http.ts';
import { pageHeaders } from './qr.page.ts';
import {
  getArchiveQr,
  getMyArchiveQr,
  type HtmlPage,
  printQrCards,
  rotateArchiveQr,
  verifyQrPage,
  viewQrPage,
} from './qr.service.ts';

const tags = ['困难职工帮扶 hardship'];

/** Where printed QR codes point: PUBLIC_URL when configured, else the host the request came to. */
const baseUrlOf = (req: FastifyRequest) =>
  req.server.deps.config.publicUrl ?? `${req.protocol}://${req.host}`;

const sendPage = (reply: FastifyReply, page: HtmlPage) =>
  reply.status(page.status).headers(pageHeaders).send(page.html);

/** Staff endpoints, mounted with the module under `/api/v1/hardship`. */
export const qrApiRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/archives/:id/qr',
    {
      schema: {
        tags,
        summary: '档案的个人二维码（公开页面地址与二维码 SVG；在档档案首次查看时生成）',
        params: ZArchiveIdParam,
        response: { 200: ZArchiveQr },
      },
    },
    async (req) => getArchiveQr(ctxOf(req), req.params.id, baseUrlOf(req)),
  );
  app.get(
    '/my/archives/:id/qr',
    {
      schema: {
        tags,
        summary: '我的个人二维码（职工本人；档案审批建档后才有）',
        params: ZArchiveIdParam,
        response: { 200: ZArchiveQr },
      },
    },
    async (req) => getMyArchiveQr(ctxOf(req), req.params.id, baseUrlOf(req)),
  );
  app.post(
    '/archives/:id/qr/rotate',
    {
      schema: {
        tags,
        summary: '更换个人二维码（旧码页面提示已更换及联系方式；工会干部、管理员）',
        params: ZArchiveIdParam,
        response: { 200: ZArchiveQr },
      },
    },
    async (req) => rotateArchiveQr(ctxOf(req), req.params.id, baseUrlOf(req)),
  );
  app.get(
    '/qr-cards',
    {
      schema: {
        tags,
        summary: `打印二维码卡片（A4，每页 2×4 张；按档案编号或组织，最多 500 张；记入审计日志）`,
        querystring: ZQrCardsQuery,
        produces: ['text/html'],
      },
    },
    async (req, reply) => {
      const html = await printQrCards(ctxOf(req), req.query, baseUrlOf(req));
      return sendPage(reply, { status: 200, html });
    },
  );
};

const TOKEN_MAX = 100;
const ZTokenParam = z.object({ token: z.string().max(TOKEN_MAX) });

/**
 * `GET /q/<token>` served before Fastify's pipeline (the page's throughput is a quality bar); the
 * route below answers the same URL for HEAD, `app.inject` and anything the hot path leaves to it.
 */
export const qrHotPages: HotPage[] = [
  { prefix: '/q/', maxParamLength: TOKEN_MAX, headers: pageHeaders, serve: viewQrPage },
];

/**
 * The public personal QR page, outside `/api`: `/q/<token>` (no login, no JavaScript). The
 * verification form posts urlencoded, parsed here only.
 */
export const qrPublicRoutes: FastifyPluginAsyncZod = async (app) => {
  // Page views are audited through a buffer: write what is left when the app closes (after the
  // last request, before the database is closed).
  app.addHook('onClose', async (instance) => {
    await flushAuditBuffer(instance.deps);
  });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 2048 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  app.get('/q/:token', { schema: { hide: true, params: ZTokenParam } }, async (req, reply) =>
    sendPage(reply, await viewQrPage(ctxOf(req), req.params.token)),
  );
  // The result's address, opened again (history, a bookmark, a shared link), is the page itself:
  // the digits are only ever posted, never in an address.
  app.get('/q/:token/verify', { schema: { hide: true, params: ZTokenParam } }, async (req, reply) =>
    reply.redirect(`/q/${encodeURIComponent(req.params.token)}`, 303),
  );
  app.post('/q/:token/verify', { schema: { hide: true, params: ZTokenParam } }, async (req, reply) => {
    const body = req.body as Record<string, unknown> | undefined;
    const digits = typeof body?.digits === 'string' ? body.digits : '';
    return sendPage(reply, await verifyQrPage(ctxOf(req), req.params.token, digits));
  });
};
