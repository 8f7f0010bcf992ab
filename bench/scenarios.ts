import type { FastifyInstance } from 'fastify';
import type { Database } from '../src/server/db/client.ts';
import type { SeedInfo } from './seed.ts';

/** One row of the final table. Latencies in milliseconds. */
export interface ScenarioResult {
  /** null when the scenario does not measure a rate (e.g. a timed job). */
  reqPerSec: number | null;
  p50Ms: number | null;
  /** Only some scenarios report it (autocannon runs do). */
  p95Ms?: number | null;
  p99Ms: number | null;
  /** Connection errors, timeouts and non-2xx answers together. */
  errors: number;
  note?: string;
  /** Mean bytes per response (headers + body), from autocannon's throughput. */
  bytesPerResponse?: number;
  /** Further rows printed under this one (e.g. the same scenario at another concurrency). */
  subRows?: { name: string; result: ScenarioResult }[];
}

export interface LoadOptions {
  path: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** JSON-encoded when an object. */
  body?: unknown;
  /**
   * Request rotation: each connection cycles through these paths (`path` is still the warm-up
   * probe; wrk picks one of them at random per request). For randomised requests use
   * `randomPathsFile` or `setupRequestModule`.
   */
  paths?: string[];
  /** A file with one request path per line: every request takes one of them at random. */
  randomPathsFile?: string;
  /**
   * Absolute path of a CommonJS module exporting autocannon's `setupRequest(req) => req`, run for
   * every request inside the load worker (a function cannot cross into the worker thread). Forces
   * autocannon as the load generator.
   */
  setupRequestModule?: string;
  /** Override BENCH_CONNECTIONS for this run. */
  connections?: number;
  /** Override BENCH_DURATION (seconds) for this run. */
  duration?: number;
}

/** What a scenario receives: a running app on the seeded bench database, and helpers. */
export interface BenchContext {
  /** e.g. http://127.0.0.1:40123 */
  baseUrl: string;
  app: FastifyInstance;
  database: Database;
  databaseUrl: string;
  seed: SeedInfo;
  /** Seconds each load run lasts (BENCH_DURATION, default 10). */
  duration: number;
  /** Concurrent connections (BENCH_CONNECTIONS, default 20). */
  connections: number;
  /** Log in through the real endpoint; returns the Cookie header and the CSRF token. */
  login(username: string, password?: string): Promise<{ cookie: string; csrf: string }>;
  /** Drive the app with wrk or autocannon for `duration` seconds; fails on a non-2xx warm-up answer. */
  load(opts: LoadOptions): Promise<ScenarioResult>;
}

export interface Scenario<S = void> {
  /** Lower-case, hyphenated: `npm run bench -- <name>`. */
  name: string;
  description: string;
  /** false → runs without the app and the seed (e.g. the pgbench ceiling). Default true. */
  usesApp?: boolean;
  /** Prepare state (log in, create records) before the timed run; not timed. */
  setup?(ctx: BenchContext): Promise<S>;
  run(ctx: BenchContext, state: S): Promise<ScenarioResult>;
}

const registry = new Map<string, Scenario<unknown>>();

/** Register a scenario (call at import time; run.ts imports every scenario file). */
export function defineScenario<S = void>(scenario: Scenario<S>): Scenario<S> {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(scenario.name)) {
    throw new Error(`scenario name must be lower-case words joined by hyphens: ${scenario.name}`);
  }
  if (registry.has(scenario.name)) throw new Error(`scenario already defined: ${scenario.name}`);
  registry.set(scenario.name, scenario as Scenario<unknown>);
  return scenario;
}

export function allScenarios(): Scenario<unknown>[] {
  return [...registry.values()];
}
