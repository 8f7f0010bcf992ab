import { count } from 'drizzle-orm';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { seedDemo } from './demo/seed.ts';
import { startJobs } from './platform/jobs/jobs.ts';
import { orgs } from './platform/orgs/orgs.table.ts';
import { loadOrCreateDataKey } from './platform/pii/pii.ts';

async function main() {
  let config: ReturnType<typeof loadConfig>;
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
  const dataKey = loadOrCreateDataKey(config.dataKey, config.dataDir);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  await database.migrate();
  const app = await buildApp({ config, database, dataKey });
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
  const jobs = config.jobs ? await startJobs(app.deps) : undefined;
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    // After the server: requests finish first; jobs wait for running handlers.
    await jobs?.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    `娘家 Niangjia is serving at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (database: ${database.kind})`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
