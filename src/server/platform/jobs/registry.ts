import type { Deps } from '../context.ts';

/** Job payloads are stored as JSON by pg-boss. */
export type JobData = Record<string, unknown>;

export interface JobDefinition<T extends JobData = JobData> {
  /** Queue name: lower-case words joined by hyphens, e.g. `purge-expired-sessions`. */
  name: string;
  description?: string;
  /** Cron expression (5 fields) in `timezone`; omitted → the job only runs when sent. */
  schedule?: string;
  /** Timezone of `schedule`; default Asia/Shanghai. */
  timezone?: string;
  /** Attempts after the first failure (default 2). */
  retryLimit?: number;
  /** A run taking longer is failed (default 15 minutes). */
  expireInSeconds?: number;
  /** What the handler returns is stored as the job's output (keep it small and JSON-safe). */
  handler(deps: Deps, data: T): Promise<unknown>;
}

const registry = new Map<string, JobDefinition>();

/**
 * Register a background job. Call it at module top level (import time); `startJobs` creates a
 * pg-boss queue, a worker and (with `schedule`) a cron schedule for every registered job.
 */
export function defineJob<T extends JobData = JobData>(def: JobDefinition<T>): JobDefinition<T> {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(def.name)) {
    throw new Error(`job name must be lower-case words joined by hyphens: ${def.name}`);
  }
  if (registry.has(def.name)) throw new Error(`job already defined: ${def.name}`);
  registry.set(def.name, def as unknown as JobDefinition);
  return def;
}

export function registeredJobs(): JobDefinition[] {
  return [...registry.values()];
}

export function findJob(name: string): JobDefinition | undefined {
  return registry.get(name);
}
