/**
 * Load benchmarks against PostgreSQL: `npm run bench [-- <scenario> …]`. See bench/README.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { type Database, openDatabase } from '../src/server/db/client.ts';
import { ensureDatabase } from './db.ts';
import { loadGenerator, runLoad } from './load.ts';
import { allScenarios, type BenchContext, type ScenarioResult } from './scenarios.ts';
import { BENCH_PASSWORD, type SeedInfo, seedBench } from './seed.ts';

// Scenario files register themselves on import; a module adds its own file here.
import './platform.scenarios.ts';
import './hardship.scenarios.ts';
import './wishes.scenarios.ts';
import './supplies.scenarios.ts';

const env = process.env;
const DATABASE_URL = env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/niangjia_bench';

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`${name} must be an integer between ${min} and ${max}`);
    process.exit(1);
  }
  return n;
}

function usage(exitCode: number): never {
  const list = allScenarios()
    .map((s) => `  ${s.name.padEnd(20)} ${s.description}`)
    .join('\n');
  (exitCode === 0 ? console.log : console.error)(
    `usage: npm run bench [-- <scenario or group> …]   (no scenario: all of them; a group such as\n` +
      `\`hardship\` runs every hardship-… scenario)\n\nscenarios:\n${list}\n\n` +
      'env: BENCH_DATABASE_URL, BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (default 20),\n' +
      '     BENCH_USERS (default 100000), BENCH_RESEED=1 (drop and reseed the bench database),\n' +
      '     BENCH_ARCHIVES (hardship, default 1000000), BENCH_IMPORT_ROWS (hardship-import, default 100000),\n' +
      '     BENCH_WEB_CONCURRENCY (default 1: the app in this process; N > 1: `npm start` with WEB_CONCURRENCY=N),\n' +
      '     BENCH_LOAD (wrk or autocannon; default wrk when installed), BENCH_WRK_THREADS (default 1)',
  );
  process.exit(exitCode);
}

const fmt = (n: number | null, digits: number) =>
  n == null
    ? '—'
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function printTable(rows: { name: string; result: ScenarioResult }[]) {
  const header = ['scenario', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'note'];
  const flat = rows.flatMap((row) => [row, ...(row.result.subRows ?? [])]);
  const body = flat.map(({ name, result: r }) => [
    name,
    fmt(r.reqPerSec, 0),
    fmt(r.p50Ms, 1),
    fmt(r.p95Ms ?? null, 1),
    fmt(r.p99Ms, 1),
    String(r.errors),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i >= 1 && i <= 5 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  console.log(line(header));
  console.log(
    `|${widths.map((w, i) => (i >= 1 && i <= 5 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
  );
  for (const row of body) console.log(line(row));
}

/** `src/server/main.ts` with WEB_CONCURRENCY HTTP workers on a free port; resolves once all listen. */
async function startServedApp(
  databaseUrl: string,
  dataKey: Buffer,
  workers: number,
  connections: number,
): Promise<{ child: ChildProcess; baseUrl: string }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  // The same Node options as this process (`npm run bench` starts it as `npm start` starts the server).
  const child = spawn(process.execPath, [...process.execArgv, 'src/server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_KEY: dataKey.toString('hex'),
      WEB_CONCURRENCY: String(workers),
      // Each worker's pool can hold a query for each of its share of the load's connections.
      DATABASE_POOL_SIZE: String(Math.max(10, Math.ceil(connections / workers) + 2)),
      PORT: String(port),
      DEMO: '0',
      JOBS: '0',
      LOG_LEVEL: 'warn',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'niangjia-bench-served-')),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  // main.ts sends `niangjia:ready` over IPC once every worker listens.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('npm start did not come up within 120 s')), 120_000);
    child.on('message', (m: { type?: string }) => {
      if (m?.type !== 'niangjia:ready') return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}`));
    });
  });
  return { child, baseUrl };
}

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  if (args.includes('--help') || args.includes('-h') || args.includes('--list')) usage(0);
  const known = new Map(allScenarios().map((s) => [s.name, s]));
  // A name that is no scenario selects its group: `hardship` → every `hardship-…` scenario.
  const expand = (a: string) =>
    known.has(a) ? [a] : [...known.keys()].filter((name) => name.startsWith(`${a}-`));
  const unknown = args.filter((a) => expand(a).length === 0);
  if (unknown.length) {
    console.error(`unknown scenario: ${unknown.join(', ')}\n`);
    usage(1);
  }
  const selected = args.length
    ? [...new Set(args.flatMap(expand))].map((a) => known.get(a)).filter((s) => s !== undefined)
    : [...known.values()];

  const duration = intEnv('BENCH_DURATION', 10, 1, 3600);
  const connections = intEnv('BENCH_CONNECTIONS', 20, 1, 1000);
  const users = intEnv('BENCH_USERS', 100_000, 1, 999_999);
  console.log(
    `niangjia bench — ${new Date().toISOString()} — ${os.cpus().length} CPU (${os.cpus()[0]?.model.trim() ?? '?'}), ` +
      `node ${process.version}\ndatabase ${DATABASE_URL.replace(/:[^:@/]+@/, ':***@')}, ` +
      `${connections} connections, ${duration} s per scenario, load by ${loadGenerator()}`,
  );

  const webConcurrency = intEnv('BENCH_WEB_CONCURRENCY', 1, 1, 64);
  let database: Database | undefined;
  let app: FastifyInstance | undefined;
  let served: ChildProcess | undefined;
  let baseUrl = '';
  let seed: SeedInfo | undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'niangjia-bench-'));

  if (selected.some((s) => s.usesApp !== false)) {
    const created = await ensureDatabase(DATABASE_URL, env.BENCH_RESEED === '1');
    console.log(`[db] ${created === 'created' ? 'created' : 'using'} ${DATABASE_URL.replace(/^.*\//, '')}`);
    // A pool as large as the load: each connection of the load generator can have a query running.
    database = await openDatabase({ databaseUrl: DATABASE_URL, poolSize: Math.max(10, connections) });
    await database.migrate();
    seed = await seedBench(DATABASE_URL, users);
    console.log(
      `[seed] ${seed.orgs.toLocaleString('en-US')} orgs, ${seed.users.toLocaleString('en-US')} accounts`,
    );
    const config = {
      ...loadConfig({ DEMO: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DATABASE_URL }),
      jobs: false,
    };
    const dataKey = randomBytes(32);
    app = await buildApp({ config, database, dataKey, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('app did not bind a TCP port');
    baseUrl = `http://127.0.0.1:${address.port}`;
    if (webConcurrency > 1) {
      // As deployed: `npm start` with several HTTP workers, sharing this process's key (the seed
      // encrypts with it). This process's app stays up for scenarios' setup through ctx.app.
      const started = await startServedApp(DATABASE_URL, dataKey, webConcurrency, connections);
      served = started.child;
      baseUrl = started.baseUrl;
      console.log(`[app] npm start with WEB_CONCURRENCY=${webConcurrency} at ${baseUrl}`);
    } else {
      console.log(`[app] listening at ${baseUrl}`);
    }
  }

  const appOnly = <T>(what: string, value: T | undefined): T => {
    if (value === undefined) throw new Error(`${what} is not available to a scenario with usesApp: false`);
    return value;
  };
  const ctx: BenchContext = {
    get baseUrl() {
      return appOnly('baseUrl', baseUrl || undefined);
    },
    get app() {
      return appOnly('app', app);
    },
    get database() {
      return appOnly('database', database);
    },
    get seed() {
      return appOnly('seed', seed);
    },
    databaseUrl: DATABASE_URL,
    duration,
    connections,
    async login(username, password = BENCH_PASSWORD) {
      const res = await fetch(`${ctx.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const body = await res.text();
      if (!res.ok) throw new Error(`login as ${username} failed: ${res.status} ${body.slice(0, 200)}`);
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const csrf = (JSON.parse(body) as { csrfToken?: string }).csrfToken ?? '';
      return { cookie, csrf };
    },
    load: (opts) => runLoad({ baseUrl: ctx.baseUrl, duration, connections }, opts),
  };

  const results: { name: string; result: ScenarioResult }[] = [];
  let failed = false;
  for (const scenario of selected) {
    console.log(`\n[${scenario.name}] ${scenario.description}`);
    try {
      const state = scenario.setup ? await scenario.setup(ctx) : undefined;
      const result = await scenario.run(ctx, state);
      results.push({ name: scenario.name, result });
      console.log(
        `[${scenario.name}] ${fmt(result.reqPerSec, 0)} req/s, p50 ${fmt(result.p50Ms, 1)} ms, ` +
          (result.p95Ms != null ? `p95 ${fmt(result.p95Ms, 1)} ms, ` : '') +
          `p99 ${fmt(result.p99Ms, 1)} ms, ${result.errors} errors`,
      );
    } catch (e) {
      failed = true;
      const message = e instanceof Error ? e.message : String(e);
      console.error(`[${scenario.name}] failed: ${message}`);
      results.push({
        name: scenario.name,
        result: {
          reqPerSec: 0,
          p50Ms: null,
          p99Ms: null,
          errors: 0,
          note: `FAILED: ${message.split('\n')[0]}`,
        },
      });
    }
  }

  served?.kill('SIGTERM');
  await app?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });

  console.log('');
  if (seed) {
    console.log(
      `data: ${seed.orgs.toLocaleString('en-US')} orgs, ${seed.users.toLocaleString('en-US')} accounts` +
        (seed.skipped ? ' (already seeded)' : `, seeded in ${seed.seconds.toFixed(1)} s`),
    );
  }
  printTable(results);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
