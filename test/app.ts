import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { type Database, openDatabase } from '../src/server/db/client.ts';
import { memberships, users } from '../src/server/platform/auth/auth.table.ts';
import { hashPassword } from '../src/server/platform/auth/password.ts';
import { MemorySender } from '../src/server/platform/notify/sender.ts';
import { orgs } from '../src/server/platform/orgs/orgs.table.ts';
import type { Role } from '../src/shared/auth.ts';
import type { OrgType } from '../src/shared/orgs.ts';

/**
 * A fresh app on a fresh database per test file: in-memory PGlite by default; with
 * TEST_DATABASE_URL, a new PostgreSQL database that is dropped on close.
 */
export interface TestApp {
  app: FastifyInstance;
  database: Database;
  sender: MemorySender;
  dataDir: string;
  close(): Promise<void>;
}

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'niangjia-test-'));
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    const name = `nj_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const database = await openDatabase({ databaseUrl });
  await database.migrate();
  const config = {
    ...loadConfig({ DEMO: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...env }),
    jobs: false,
  };
  const sender = new MemorySender();
  const app = await buildApp({
    config,
    database,
    dataKey: randomBytes(32),
    sender,
    logger: false,
    serveWeb: false,
  });
  await app.ready();
  return {
    app,
    database,
    sender,
    dataDir,
    async close() {
      await app.close();
      // A test may have closed the database on purpose already.
      await database.close().catch(() => {});
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const TEST_PASSWORD = 'Test1234!';
let testHash: Promise<string> | undefined;
/** Hashing is slow on purpose; factories reuse one hash of TEST_PASSWORD. */
const passwordHash = () => {
  testHash ??= hashPassword(TEST_PASSWORD);
  return testHash;
};

export interface TestOrg {
  id: number;
  path: string;
  name: string;
}

/** Insert an org directly (factories bypass the API to set up a scene quickly). */
export async function buildOrg(
  t: TestApp,
  input: { name: string; type?: OrgType; parent?: TestOrg; state?: 'active' | 'inactive' },
): Promise<TestOrg> {
  const db = t.database.db;
  const [row] = await db
    .insert(orgs)
    .values({
      parentId: input.parent?.id ?? null,
      type: input.type ?? (input.parent ? 'grassroots' : 'national'),
      name: input.name,
      path: 'pending',
      depth: input.parent ? input.parent.path.split('.').length : 0,
      state: input.state ?? 'active',
    })
    .returning();
  if (!row) throw new Error('org insert failed');
  const orgPath = input.parent ? `${input.parent.path}.${row.id}` : String(row.id);
  await db.update(orgs).set({ path: orgPath }).where(eq(orgs.id, row.id));
  return { id: row.id, path: orgPath, name: row.name };
}

let userSeq = 0;
export interface TestUser {
  id: number;
  username: string;
  membershipId: number;
}

export async function buildUser(
  t: TestApp,
  input: { org: TestOrg; role: Role; username?: string; displayName?: string; mobile?: string },
): Promise<TestUser> {
  const db = t.database.db;
  userSeq += 1;
  const username = input.username ?? `user${userSeq}_${randomBytes(3).toString('hex')}`;
  const vault = t.app.deps.vault;
  const [u] = await db
    .insert(users)
    .values({
      username,
      displayName: input.displayName ?? `测试用户${userSeq}`,
      orgId: input.org.id,
      passwordHash: await passwordHash(),
      phoneEnc: input.mobile ? vault.encrypt(input.mobile) : null,
      phoneHash: input.mobile ? vault.blindIndex('mobile', input.mobile) : null,
    })
    .returning();
  if (!u) throw new Error('user insert failed');
  const [m] = await db
    .insert(memberships)
    .values({ userId: u.id, orgId: input.org.id, role: input.role })
    .returning();
  return { id: u.id, username, membershipId: m?.id ?? 0 };
}

/** A signed-in client: keeps the session cookie and sends the CSRF token on writes. */
export interface Agent {
  cookie: string;
  csrf: string;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export async function loginAs(
  t: TestApp,
  user: { username: string },
  password = TEST_PASSWORD,
): Promise<Agent> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: user.username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return agentFrom(t, res);
}

export function agentFrom(t: TestApp, res: LightMyRequestResponse): Agent {
  const cookie = res.cookies.find((c) => c.name === 'nj_session');
  if (!cookie) throw new Error('no session cookie');
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  const agent: Agent = {
    cookie: cookie.value,
    csrf,
    inject: (opts) =>
      t.app.inject({
        ...opts,
        cookies: { nj_session: agent.cookie, ...(opts.cookies ?? {}) },
        headers: { 'x-csrf-token': agent.csrf, ...(opts.headers ?? {}) },
      }),
    get: (url) => agent.inject({ method: 'GET', url }),
    post: (url, body) =>
      agent.inject({ method: 'POST', url, ...(body === undefined ? {} : { payload: body as object }) }),
    patch: (url, body) => agent.inject({ method: 'PATCH', url, payload: body as object }),
    delete: (url) => agent.inject({ method: 'DELETE', url }),
  };
  return agent;
}

/**
 * A small union tree used across tests:
 *   全国总工会 → 广西区总 → 百色市总 → 右江区总 → 基层工会A
 *                        → 上海市总 → 基层工会B          (another org: must be refused)
 */
export async function buildScene(t: TestApp) {
  const root = await buildOrg(t, { name: '全国总工会' });
  const gx = await buildOrg(t, { name: '广西壮族自治区总工会', type: 'provincial', parent: root });
  const bs = await buildOrg(t, { name: '百色市总工会', type: 'municipal', parent: gx });
  const yj = await buildOrg(t, { name: '右江区总工会', type: 'county', parent: bs });
  const unionA = await buildOrg(t, { name: '右江区某基层工会', type: 'grassroots', parent: yj });
  const sh = await buildOrg(t, { name: '上海市总工会', type: 'provincial', parent: root });
  const unionB = await buildOrg(t, { name: '上海某基层工会', type: 'grassroots', parent: sh });
  return { root, gx, bs, yj, unionA, sh, unionB };
}
