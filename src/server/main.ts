import cluster from 'node:cluster';
import { count } from 'drizzle-orm';
import { buildApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { seedDemo } from './demo/seed.ts';
import { startJobs } from './platform/jobs/jobs.ts';
import { orgs } from './platform/orgs/orgs.table.ts';
import { loadOrCreateDataKey } from './platform/pii/pii.ts';

/**
 * One process (the default): migrate, demo data, jobs and HTTP.
 * With WEB_CONCURRENCY > 1 (PostgreSQL only): the primary migrates, seeds and runs the jobs, then
 * forks the HTTP workers, which share the port (node:cluster) and only serve requests. A worker that
 * dies is replaced.
 */
async function main() {
  let config: Config;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  if (config.databaseUrl && !config.dataKey) {
    console.error(
      '使用 PostgreSQL 时必须设置 DATA_KEY（32 字节，64 位十六进制）/ DATA_KEY is required with DATABASE_URL',
    );
    process.exit(1);
  }
  const clustered = config.webConcurrency > 1;
  const role = !clustered ? 'single' : cluster.isPrimary ? 'primary' : 'http-worker';
  const dataKey = loadOrCreateDataKey(config.dataKey, config.dataDir);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  if (role !== 'http-worker') await database.migrate();
  const app = await buildApp({ config, database, dataKey });
  if (role !== 'http-worker') {
    if (config.demo) {
      const seeded = await seedDemo(app.deps);
      if (seeded) app.log.info('demo data created (see README for the demo accounts)');
    }
    const [orgCount] = await database.db.select({ n: count() }).from(orgs);
    if ((orgCount?.n ?? 0) === 0) {
      app.log.warn(
        '数据库中还没有组织和账号：运行 npm run admin:create -- --username admin --password … 创建第一个管理员',
      );
    }
  }
  const jobs = config.jobs && role !== 'http-worker' ? await startJobs(app.deps) : undefined;
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    if (role === 'primary') await stopWorkers();
    await app.close();
    // After the server: requests finish first; jobs wait for running handlers.
    await jobs?.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  const where = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  if (role === 'primary') {
    forkWorkers(
      config.webConcurrency,
      () => stopping,
      app.log,
      () => {
        app.log.info(
          `娘家 Niangjia is serving at ${where} with ${config.webConcurrency} HTTP worker processes (database: ${database.kind})`,
        );
        announceReady();
      },
    );
    return;
  }
  await app.listen({ port: config.port, host: config.host });
  if (role === 'single') {
    app.log.info(`娘家 Niangjia is serving at ${where} (database: ${database.kind})`);
    announceReady();
  }
}

/** Started by a parent with an IPC channel (a process manager, the bench): tell it requests are served. */
function announceReady() {
  process.send?.({ type: 'niangjia:ready' });
}

interface Log {
  info(msg: string): void;
  error(msg: string): void;
}

function forkWorkers(n: number, stopping: () => boolean, log: Log, allListening: () => void) {
  let restarts = 0;
  let listening = 0;
  cluster.on('listening', () => {
    listening += 1;
    if (listening === n) allListening();
  });
  for (let i = 0; i < n; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping()) return;
    log.error(`HTTP worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    // A worker that cannot start at all (bad port, database down) must not spin: back off.
    restarts += 1;
    setTimeout(() => cluster.fork(), Math.min(30_000, 500 * restarts));
  });
}

/** Each worker finishes its requests and closes its pool on SIGTERM (its own shutdown). */
function stopWorkers(): Promise<void> {
  const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined && !w.isDead());
  return Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          w?.once('exit', () => resolve());
          w?.process.kill('SIGTERM');
        }),
    ),
  ).then(() => undefined);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
