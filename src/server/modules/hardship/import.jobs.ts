import PgBoss from 'pg-boss';
import type { Database } from '../../db/client.ts';
import type { Deps } from '../../platform/context.ts';
import { JOBS_SCHEMA } from '../../platform/jobs/jobs.ts';
import { defineJob } from '../../platform/jobs/registry.ts';
import { runImport } from './import.service.ts';
import { queueStatsRefresh } from './stats.jobs.ts';

export interface ImportJobData {
  importId: number;
  /** Rows with an empty 所属组织 go to this org (checked again against the importer's subtree). */
  defaultOrgId?: number;
  [key: string]: unknown;
}

export const IMPORT_JOB = 'hardship-import';

/**
 * 批量导入: one run of an uploaded workbook. No retries: a run claims its row (queued → running)
 * and keeps the rows it imported if it stops half-way, so it is never repeated blindly.
 */
export const hardshipImportJob = defineJob<ImportJobData>({
  name: IMPORT_JOB,
  description: '困难职工档案 Excel 批量导入 / import hardship archives from an uploaded workbook',
  retryLimit: 0,
  expireInSeconds: 3600,
  async handler(deps, data) {
    const result = await runImport(deps, data);
    deps.log.info({ job: IMPORT_JOB, importId: data.importId, ...result }, 'hardship import finished');
    await queueStatsRefresh(deps);
    return result;
  },
});

// pg-boss can queue a job without being started: `send` is one INSERT into its schema. The
// server's workers (platform/jobs, started by main.ts) pick it up.
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

/**
 * Queue the import job. With background jobs off (tests), the run stays queued for the caller to
 * run (`runImport`); if queueing fails (pg-boss not installed yet), the run starts in this process.
 */
export async function queueImport(deps: Deps, data: ImportJobData): Promise<void> {
  if (!deps.config.jobs) return;
  try {
    const id = await senderFor(deps.database).send(IMPORT_JOB, data, { retryLimit: 0 });
    if (id) return;
    throw new Error('job not queued');
  } catch (err) {
    deps.log.warn({ err, importId: data.importId }, 'could not queue the import job; running it in-process');
    void runImport(deps, data).catch((e: unknown) =>
      deps.log.error({ err: e, importId: data.importId }, 'hardship import failed'),
    );
  }
}
