import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx, Deps } from '../context.ts';
import { type HotPage, HotPages } from './hot-pages.ts';

// The dispatcher in front of Fastify, on a real socket: which requests the hot page takes, what it
// answers, and what it leaves to the ordinary handler (here a stub that says "fastify").
const seen: { param: string; ip: string | null }[] = [];
const errors: unknown[] = [];
const page: HotPage = {
  prefix: '/q/',
  maxParamLength: 10,
  headers: { 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'DENY' },
  serve: async (ctx: Ctx, param: string) => {
    if (param === 'boom') throw new Error('secret stack detail');
    seen.push({ param, ip: ctx.ip });
    return { status: param === 'gone' ? 410 : 200, html: Buffer.from(`<p>页面 ${param}</p>`) };
  },
};
const deps = {
  database: { db: {} },
  log: { info: () => {}, error: (o: unknown) => errors.push(o) },
} as unknown as Deps;

let hot: HotPages;
let server: Server;
let base: string;

beforeAll(async () => {
  hot = new HotPages();
  hot.attach(deps, [page]);
  server = hot.serverFactory(
    (_req, res) => {
      res.writeHead(299, { 'content-type': 'text/plain' });
      res.end('fastify');
    },
    { keepAliveTimeout: 5000, requestTimeout: 0, connectionTimeout: 0 },
  ) as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('hot pages', () => {
  it('answer GET <prefix><param> themselves, query string ignored, with the page headers and length', async () => {
    const res = await fetch(`${base}/q/abc123?from=singlemessage`);
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(body).toBe('<p>页面 abc123</p>');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    expect(seen.at(-1)?.param).toBe('abc123');
    const gone = await fetch(`${base}/q/gone`);
    expect(gone.status).toBe(410);
  });

  it('take the client address from X-Forwarded-For (first entry), as Fastify with trustProxy does', async () => {
    await fetch(`${base}/q/ip1`, { headers: { 'x-forwarded-for': '203.0.113.7, 10.0.0.1' } });
    expect(seen.at(-1)).toEqual({ param: 'ip1', ip: '203.0.113.7' });
    await fetch(`${base}/q/ip2`);
    expect(seen.at(-1)?.ip).toMatch(/127\.0\.0\.1$/);
  });

  it('leave everything else to Fastify: other methods, paths, empty, long, encoded or nested params', async () => {
    const before = seen.length;
    for (const [method, url] of [
      ['POST', '/q/abc/verify'],
      ['HEAD', '/q/abc'],
      ['GET', '/q/'],
      ['GET', '/q/abc/verify'],
      ['GET', '/q/12345678901'],
      ['GET', '/q/a%2Fb'],
      ['GET', '/qq/abc'],
      ['GET', '/api/health'],
    ] as const) {
      const res = await fetch(`${base}${url}`, { method });
      expect(res.status, `${method} ${url}`).toBe(299);
    }
    expect(seen.length).toBe(before);
  });

  it('answer a failing page with the platform error body, no stack, and log it', async () => {
    const res = await fetch(`${base}/q/boom`);
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试' } });
    expect(body).not.toContain('secret');
    expect(errors).toHaveLength(1);
  });

  it('hand every request to Fastify once the app is closing (it answers 503 then)', async () => {
    hot.close();
    const res = await fetch(`${base}/q/abc123`);
    expect(res.status).toBe(299);
  });
});
