import PgBoss from 'pg-boss';
import type { Database } from '../../db/client.ts';
import type { Deps } from '../../platform/context.ts';
import { JOBS_SCHEMA } from '../../platform/jobs/jobs.ts';
import { defineJob } from '../../platform/jobs/registry.ts';
import { refreshHardshipStats } from './stats.service.ts';

export const STATS_REFRESH_JOB = 'refresh-hardship-stats';

/** 帮扶统计: recompute the dashboard's rollups every 10 minutes (and after each Excel import). */
export const refreshHardshipStatsJob = defineJob({
  name: STATS_REFRESH_JOB,
  description: '帮扶统计汇总刷新 / recompute the hardship dashboard rollups',
  schedule: '*/10 * * * *',
  timezone: 'Asia/Shanghai',
  retryLimit: 1,
  expireInSeconds: 900,
  async handler(deps) {
    const r = await refreshHardshipStats(deps);
    deps.log.info({ job: STATS_REFRESH_JOB, ms: r.ms }, `hardship stats rollups refreshed in ${r.ms} ms`);
    return { ms: r.ms, refreshedAt: r.refreshedAt.toISOString() };
  },
});

// pg-boss can queue a job without being started: `send` is one INSERT into its schema.
const senders = new WeakMap<Database, PgBoss>();
function senderFor(database: Database): PgBoss {
  let boss = senders.get(database);
  if (!boss) {
    boss = new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) },
      schema: JOBS_SCHEMA,
    });
    boss.on('error', () => {});
    senders.set(database, boss);
  }
  return boss;
}

/** Queue a refresh now (after an import). With background jobs off, nothing: the next request or run does it. */
export async function queueStatsRefresh(deps: Deps): Promise<void> {
  if (!deps.config.jobs) return;
  try {
    await senderFor(deps.database).send(STATS_REFRESH_JOB, {}, { retryLimit: 1 });
  } catch (err) {
    deps.log.warn({ err }, 'could not queue the hardship stats refresh');
  }
}
