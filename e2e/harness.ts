/// <reference lib="dom" />
// Page functions run in the browser.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/server/demo/seed.ts';
import { MemorySender } from '../src/server/platform/notify/sender.ts';

export { DEMO_PASSWORD };

/** Debian's Chromium; never a downloaded browser. `CHROMIUM_PATH` overrides. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotDir = path.resolve('test-results/screenshots');

export interface Site {
  app: FastifyInstance;
  baseUrl: string;
  sender: MemorySender;
  browser: Browser;
  /** A fresh browser context (own cookies and storage) with a desktop or phone viewport. */
  context(kind?: 'desktop' | 'phone', lang?: 'zh-CN' | 'en-US'): Promise<BrowserContext>;
  /** Save a screenshot under test-results/screenshots. */
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real server (in memory PGlite, demo data, a sender that keeps SMS codes) on a free port,
 * serving the built web, and a headless Chromium.
 */
export async function openSite(): Promise<Site> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'niangjia-e2e-'));
  const database = await openDatabase({});
  await database.migrate();
  const config = { ...loadConfig({ DEMO: '1', LOG_LEVEL: 'silent', DATA_DIR: dataDir }), jobs: false };
  const sender = new MemorySender();
  const app = await buildApp({ config, database, dataKey: randomBytes(32), sender, logger: false });
  await seedDemo(app.deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  mkdirSync(screenshotDir, { recursive: true });
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    sender,
    browser,
    async context(kind = 'desktop', lang = 'zh-CN') {
      const ctx = await browser.newContext(
        kind === 'phone'
          ? {
              viewport: { width: 390, height: 844 },
              deviceScaleFactor: 2,
              isMobile: true,
              hasTouch: true,
              locale: lang,
              reducedMotion: 'reduce',
            }
          : // Reduced motion: the console then opens dialogs and lists without animating them, so a
            // click on a busy machine never lands on a dialog still zooming in (lost clicks in CI).
            { viewport: { width: 1440, height: 900 }, locale: lang, reducedMotion: 'reduce' },
      );
      if (lang !== 'zh-CN') await ctx.addInitScript((l) => localStorage.setItem('nj.lang', l), lang);
      // A busy two-core machine can be slow to hash passwords and render; wait longer than the default.
      ctx.setDefaultTimeout(45_000);
      return ctx;
    },
    async shot(page, name) {
      await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sign in on the console's login page. */
export async function consoleLogin(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('账号或手机号').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** What an API call answers: the status, and the body (parsed when it is JSON, else its text). */
export interface ApiResponse<T> {
  status: number;
  body: T;
}

/** Calls `${baseUrl}${path}` as one signed-in user; `D` is the body's type when a call names none. */
export type ApiSession<D = unknown> = (<T = D>(
  method: string,
  path: string,
  body?: unknown,
) => Promise<ApiResponse<T>>) & {
  /** The active membership's org (undefined for an account without one). */
  org: { id: number; name: string };
  orgId: number;
};

/**
 * Sign in over the API (no browser) and return a function that calls the API as that user, with
 * the session cookie and the CSRF token.
 */
export async function apiSession<D = unknown>(
  baseUrl: string,
  username: string,
  password = DEMO_PASSWORD,
): Promise<ApiSession<D>> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login as ${username}: HTTP ${login.status}`);
  const me = (await login.json()) as {
    csrfToken: string;
    active: { org: { id: number; name: string } } | null;
  };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = async <T = D>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': me.csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = /\bjson\b/i.test(res.headers.get('content-type') ?? '');
    return { status: res.status, body: (json ? await res.json() : await res.text()) as T };
  };
  const org = me.active?.org as { id: number; name: string };
  return Object.assign(call, { org, orgId: org?.id });
}

/**
 * Picks an option in the open Ant Design select dropdown. On a loaded machine the first click can land
 * while the dropdown is still animating in and be lost: it is retried until the dropdown closes.
 */
export async function pickOption(page: Page, text: string): Promise<void> {
  const open = page.locator('.ant-select-dropdown:visible');
  const option = open.locator('.ant-select-item-option').filter({ hasText: text }).first();
  for (let attempt = 0; ; attempt++) {
    await option.click();
    try {
      await page.waitForFunction(
        () => document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').length === 0,
        undefined,
        { timeout: 5_000 },
      );
      return;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
}
