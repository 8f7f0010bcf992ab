import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureDatabase, withDatabase } from './db.ts';
import { defineScenario } from './scenarios.ts';

defineScenario({
  name: 'health',
  description: 'GET /api/health — HTTP stack + one trivial query (select version())',
  run: (ctx) => ctx.load({ path: '/api/health' }),
});

defineScenario({
  name: 'me',
  description: 'GET /api/v1/auth/me as a signed-in worker — session lookup (join of 4 tables) per request',
  setup: (ctx) => ctx.login(ctx.seed.workerUsername),
  run: (ctx, session) => ctx.load({ path: '/api/v1/auth/me', headers: { cookie: session.cookie } }),
});

/** pgbench on PATH, BENCH_PGBENCH, or the newest /usr/lib/postgresql/<v>/bin/pgbench. */
function findPgbench(): string | null {
  const candidates = [process.env.BENCH_PGBENCH, 'pgbench'];
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(`/usr/lib/postgresql/${v}/bin/pgbench`);
  } catch {
    // not a Debian-style install
  }
  for (const c of candidates) {
    if (c && spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0) return c;
  }
  return null;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} exited with ${code}:\n${out.slice(-1000)}`)),
    );
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) : 0;

defineScenario({
  name: 'pgbench',
  description: 'pgbench -S (select-only, scale 1) on the same server — the database ceiling for comparison',
  usesApp: false,
  async run(ctx) {
    const pgbench = findPgbench();
    if (!pgbench) {
      console.log('[pgbench] pgbench not found (set BENCH_PGBENCH=/path/to/pgbench); skipped');
      return { reqPerSec: 0, p50Ms: null, p99Ms: null, errors: 0, note: 'skipped: pgbench not found' };
    }
    const url = withDatabase(ctx.databaseUrl, process.env.BENCH_PGBENCH_DATABASE ?? 'niangjia_pgbench');
    await ensureDatabase(url);
    const u = new URL(url);
    const env = {
      ...process.env,
      PGHOST: u.hostname || '127.0.0.1',
      PGPORT: u.port || '5432',
      PGUSER: decodeURIComponent(u.username) || 'postgres',
      PGDATABASE: u.pathname.slice(1),
      ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}),
    };
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const initialised = await client.query(`select to_regclass('pgbench_accounts') is not null as ok`);
    await client.end();
    if (!initialised.rows[0]?.ok) {
      console.log('[pgbench] initialising (pgbench -i -s 1)');
      await run(pgbench, ['-i', '-s', '1', '-q'], env);
    }
    // Per-transaction log (10 % sample) for the latency percentiles, written into a scratch dir.
    const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-pgbench-'));
    try {
      const out = await run(
        pgbench,
        [
          '-S',
          '-c',
          String(ctx.connections),
          '-j',
          '2',
          '-T',
          String(ctx.duration),
          '-l',
          '--sampling-rate=0.1',
        ],
        env,
        dir,
      );
      const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0);
      const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
      const latencies: number[] = [];
      for (const f of readdirSync(dir)) {
        for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
          const us = Number(line.split(' ')[2]);
          if (Number.isFinite(us) && line) latencies.push(us / 1000);
        }
      }
      latencies.sort((a, b) => a - b);
      return {
        reqPerSec: tps,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        errors: failed,
        note: `tps, -c ${ctx.connections} -j 2, ${pgbench.includes('/') ? pgbench : 'pgbench'}`,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});
