import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../../test/app.ts';

/** A free TCP port on localhost. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => boolean, ms: number, what: string) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// WEB_CONCURRENCY > 1 needs PostgreSQL, so this runs in the PostgreSQL pass of the suite.
describe.runIf(onPostgres)('npm start with WEB_CONCURRENCY=2 on PostgreSQL', () => {
  const base = process.env.TEST_DATABASE_URL ?? '';
  const name = `nj_cluster_${randomBytes(5).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'niangjia-cluster-'));
  let child: ChildProcess | undefined;

  afterAll(async () => {
    child?.kill('SIGKILL');
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the primary runs the jobs, two worker processes serve one port, SIGTERM stops them all', async () => {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const port = await freePort();
    const proc = spawn(path.resolve('node_modules/.bin/tsx'), ['src/server/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        DATA_KEY: randomBytes(32).toString('hex'),
        WEB_CONCURRENCY: '2',
        PORT: String(port),
        DATA_DIR: dataDir,
        DEMO: '0',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child = proc;
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    let ready = false;
    proc.on('message', (m: { type?: string }) => {
      if (m?.type === 'niangjia:ready') ready = true;
    });
    let exitCode: number | null | undefined;
    proc.on('exit', (code) => {
      exitCode = code;
    });
    const listening = () => out.split('\n').filter((l) => l.includes('Server listening')).length;
    // The primary tells its parent over IPC once every worker listens.
    await waitFor(() => ready || exitCode !== undefined, 60_000, 'the ready message');
    expect(out).toContain('with 2 HTTP worker processes');
    expect(listening()).toBe(2);

    for (let i = 0; i < 20; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', database: 'postgresql' });
    }
    // Both workers answered: the completed requests were logged by two different processes.
    await waitFor(() => (out.match(/request completed/g) ?? []).length >= 20, 10_000, 'request logs');
    const servingPids = new Set(
      out
        .split('\n')
        .filter((l) => l.includes('request completed'))
        .map((l) => (JSON.parse(l) as { pid: number }).pid),
    );
    expect(servingPids.size).toBe(2);
    expect(servingPids.has(proc.pid ?? -1)).toBe(false);
    // Only the primary ran the migrations and the jobs.
    expect((out.match(/background jobs started/g) ?? []).length).toBe(1);

    proc.kill('SIGTERM');
    await waitFor(() => exitCode !== undefined, 30_000, 'the primary to exit');
    expect(exitCode).toBe(0);
    for (const pid of servingPids) expect(() => process.kill(pid, 0)).toThrow();
  }, 120_000);
});
