import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyServerFactory } from 'fastify';
import type { Ctx, Deps } from '../context.ts';

/** A page's answer: status and UTF-8 HTML (a Buffer when the page pre-encodes its parts). */
export interface HtmlPage {
  status: number;
  html: string | Buffer;
}

/**
 * A public, anonymous GET page answered straight from Node's HTTP server, before Fastify's request
 * pipeline (routing, hooks, cookie parsing, reply serialisation), for a page whose throughput is a
 * quality bar: the personal QR page `/q/<token>`. The page keeps its ordinary Fastify route too: it
 * answers everything this path leaves to it (HEAD, a parameter it would reject, `app.inject` in
 * tests, requests while the app closes), and both call the same service function.
 */
export interface HotPage {
  /** The path up to the parameter, e.g. `/q/`: the page is `<prefix><param>[?query]`. */
  prefix: string;
  /** Longer parameters go to the Fastify route, which rejects them with its usual 400. */
  maxParamLength: number;
  /** Response headers besides Content-Length. */
  headers: Record<string, string>;
  serve(ctx: Ctx, param: string): Promise<HtmlPage>;
}

/** A parameter the Fastify route would decode or split (`%xx`, `/`) is left to it. */
const PLAIN_PARAM = /^[^/%]+$/;

/**
 * The client's address as Fastify's `request.ip` gives it with `trustProxy: true` (set in app.ts):
 * the first address of X-Forwarded-For when present, else the socket's peer.
 */
export function clientIp(req: IncomingMessage): string | null {
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || (req.socket.remoteAddress ?? null);
}

const INTERNAL_ERROR = JSON.stringify({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试' } });

/** The hot pages of one app: `serverFactory` goes to Fastify's options, `attach` once deps exist. */
export class HotPages {
  private readonly pages: HotPage[] = [];
  private deps: Deps | null = null;
  private closing = false;

  attach(deps: Deps, pages: HotPage[]): void {
    this.deps = deps;
    this.pages.push(...pages);
  }

  /** From then on every request goes through Fastify (which answers 503 while closing). */
  close(): void {
    this.closing = true;
  }

  /** The HTTP server Fastify would create (same timeouts), with the hot pages in front of it. */
  readonly serverFactory: FastifyServerFactory = (fastifyHandler, options) => {
    const server: Server = createServer((req, res) => {
      if (!this.tryServe(req, res)) fastifyHandler(req, res);
    });
    // Fastify passes its resolved options (defaults filled in); set what it sets on its own server.
    const num = (key: string) => (typeof options[key] === 'number' ? options[key] : undefined);
    server.keepAliveTimeout = num('keepAliveTimeout') ?? server.keepAliveTimeout;
    server.requestTimeout = num('requestTimeout') ?? server.requestTimeout;
    server.setTimeout(num('connectionTimeout') ?? 0);
    const perSocket = num('maxRequestsPerSocket');
    if (perSocket) server.maxRequestsPerSocket = perSocket;
    return server;
  };

  /** True when a hot page takes the request. */
  private tryServe(req: IncomingMessage, res: ServerResponse): boolean {
    const deps = this.deps;
    if (req.method !== 'GET' || !deps || this.closing) return false;
    const url = req.url ?? '';
    for (const page of this.pages) {
      if (!url.startsWith(page.prefix)) continue;
      const end = url.indexOf('?', page.prefix.length);
      const param = url.slice(page.prefix.length, end === -1 ? undefined : end);
      if (param.length > page.maxParamLength || !PLAIN_PARAM.test(param)) return false;
      void this.serve(deps, page, param, req, res);
      return true;
    }
    return false;
  }

  private async serve(deps: Deps, page: HotPage, param: string, req: IncomingMessage, res: ServerResponse) {
    const started = performance.now();
    try {
      const ctx: Ctx = { db: deps.database.db, actor: null, ip: clientIp(req), deps };
      const { status, html } = await page.serve(ctx, param);
      res.writeHead(status, { ...page.headers, 'content-length': Buffer.byteLength(html) });
      res.end(html);
    } catch (err) {
      deps.log.error({ err, url: `${page.prefix}…` }, 'unhandled error');
      if (!res.headersSent) {
        res.writeHead(500, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(INTERNAL_ERROR),
        });
      }
      res.end(INTERNAL_ERROR);
    }
    // Fastify's request log line, without the parameter (a QR token is the key to its page).
    deps.log.info(
      {
        req: { method: 'GET', url: `${page.prefix}…` },
        res: { statusCode: res.statusCode },
        responseTime: performance.now() - started,
      },
      'request completed',
    );
  }
}
