import PgBoss from 'pg-boss';
import type { Database } from '../../db/client.ts';
import type { Deps } from '../context.ts';
import './platform-jobs.ts';
import { findJob, type JobData, type JobDefinition, registeredJobs } from './registry.ts';

export { defineJob, type JobData, type JobDefinition, registeredJobs } from './registry.ts';

/** pg-boss keeps its tables in this schema of the application database. */
export const JOBS_SCHEMA = 'pgboss';

export interface JobsOptions {
  /** How often each worker polls its queue (pg-boss minimum 0.5 s). Default 5 s. */
  pollingIntervalSeconds?: number;
  /** Register cron schedules and run the cron clock (default true). */
  schedule?: boolean;
}

export interface RunOptions {
  /** Give up waiting after this long (the job itself keeps going). Default 60 s. */
  timeoutMs?: number;
}

export interface Jobs {
  /** The running pg-boss instance (schedules, queues, job lookups). */
  boss: PgBoss;
  /** Queue a run of a registered job; returns the pg-boss job id. */
  send(name: string, data?: JobData): Promise<string>;
  /**
   * Queue a run through pg-boss, wake its worker and wait until it is done: resolves with the
   * handler's output, rejects when the run fails (no retries) or the wait times out.
   */
  runNow(name: string, data?: JobData, opts?: RunOptions): Promise<unknown>;
  /** Stop schedules and workers; waits for running handlers and outstanding queries. */
  stop(): Promise<void>;
}

export class JobRunError extends Error {}

/**
 * pg-boss talks to the database through `executeSql`, so it shares the app's PGlite instance or
 * PostgreSQL pool. On PGlite, `Database.executeSql` runs parameterless text (pg-boss's install,
 * migration and maintenance scripts, several statements each) with `exec`. A script that fails
 * after its own BEGIN would leave PGlite's only connection in an aborted transaction, so it is
 * rolled back here. Queries in flight are counted so `stop()` can wait for them.
 */
function bossAdapter(database: Database) {
  let inFlight = 0;
  const db: PgBoss.Db = {
    async executeSql(text: string, values?: unknown[]) {
      inFlight += 1;
      try {
        return await database.executeSql(text, values);
      } catch (e) {
        if (database.kind === 'pglite' && !values?.length && /^\s*begin\b/i.test(text)) {
          await database.executeSql('ROLLBACK').catch(() => {});
        }
        throw e;
      } finally {
        inFlight -= 1;
      }
    },
  };
  return { db, inFlight: () => inFlight };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Start pg-boss on the app database and run every registered job (see `defineJob`). */
export async function startJobs(deps: Deps, opts: JobsOptions = {}): Promise<Jobs> {
  const { log, database } = deps;
  const adapter = bossAdapter(database);
  const boss = new PgBoss({
    db: adapter.db,
    schema: JOBS_SCHEMA,
    schedule: opts.schedule ?? true,
    // Keep finished jobs two weeks in the archive for the record; then delete.
    deleteAfterDays: 14,
  });
  // An 'error' event without a listener would crash the process.
  boss.on('error', (err) => log.error({ err }, 'pg-boss error'));
  await boss.start();

  let runningHandlers = 0;
  const workerIds = new Map<string, string>();
  const pollingIntervalSeconds = opts.pollingIntervalSeconds ?? 5;

  const jobs = registeredJobs();
  for (const def of jobs) {
    const queue: PgBoss.Queue = {
      name: def.name,
      retryLimit: def.retryLimit ?? 2,
      retryDelay: 30,
      retryBackoff: true,
      expireInSeconds: def.expireInSeconds ?? 15 * 60,
    };
    await boss.createQueue(def.name, queue);
    // createQueue leaves an existing queue alone; bring its options up to date.
    await boss.updateQueue(def.name, queue);
    const workerId = await boss.work<JobData>(def.name, { pollingIntervalSeconds, batchSize: 1 }, (batch) =>
      runHandler(def, batch),
    );
    workerIds.set(def.name, workerId);
  }

  async function runHandler(def: JobDefinition, batch: PgBoss.Job<JobData>[]) {
    const [job] = batch;
    if (!job) return null;
    runningHandlers += 1;
    const started = Date.now();
    try {
      const output = await def.handler(deps, job.data ?? {});
      log.debug({ job: def.name, jobId: job.id, ms: Date.now() - started }, 'job completed');
      return output ?? null;
    } catch (err) {
      // pg-boss records the failure and retries (retryLimit); the process carries on.
      log.error({ err, job: def.name, jobId: job.id }, `job ${def.name} failed`);
      throw err;
    } finally {
      runningHandlers -= 1;
    }
  }

  if (opts.schedule ?? true) {
    const wanted = new Set<string>();
    for (const def of jobs) {
      if (!def.schedule) continue;
      wanted.add(def.name);
      await boss.schedule(def.name, def.schedule, {}, { tz: def.timezone ?? 'Asia/Shanghai' });
    }
    // A job whose schedule was removed from the code stops firing.
    for (const s of await boss.getSchedules()) {
      if (!wanted.has(s.name)) await boss.unschedule(s.name);
    }
  }
  log.info({ jobs: jobs.map((j) => j.name) }, `background jobs started (${jobs.length})`);

  const requireJob = (name: string) => {
    const def = findJob(name);
    if (!def || !workerIds.has(name)) throw new JobRunError(`unknown job: ${name}`);
    return def;
  };

  let stopped = false;
  return {
    boss,
    async send(name, data = {}) {
      requireJob(name);
      const id = await boss.send(name, data);
      if (!id) throw new JobRunError(`job ${name} was not queued`);
      return id;
    },
    async runNow(name, data = {}, runOpts = {}) {
      requireJob(name);
      const id = await boss.send(name, data, { retryLimit: 0 });
      if (!id) throw new JobRunError(`job ${name} was not queued`);
      const workerId = workerIds.get(name);
      if (workerId) boss.notifyWorker(workerId);
      const deadline = Date.now() + (runOpts.timeoutMs ?? 60_000);
      while (Date.now() < deadline) {
        const job = await boss.getJobById<JobData>(name, id, { includeArchive: true });
        if (job?.state === 'completed') return job.output;
        if (job?.state === 'failed' || job?.state === 'cancelled') {
          const message = (job.output as { message?: string } | null)?.message ?? job.state;
          throw new JobRunError(`job ${name} ${job.state}: ${message}`);
        }
        await sleep(100);
      }
      throw new JobRunError(`job ${name} (${id}) did not finish in time`);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await boss.stop({ graceful: true, timeout: 10_000, wait: true });
      } catch (err) {
        log.error({ err: errorMessage(err) }, 'pg-boss stop failed');
      }
      // A worker whose poll was in flight at stop time may still finish that poll (and run what it
      // fetched): wait until handlers and pg-boss queries have been idle for a moment.
      const deadline = Date.now() + 10_000;
      let idleSince = Date.now();
      while (Date.now() < deadline) {
        if (runningHandlers > 0 || adapter.inFlight() > 0) idleSince = Date.now();
        else if (Date.now() - idleSince >= 150) break;
        await sleep(25);
      }
      log.info('background jobs stopped');
    },
  };
}
