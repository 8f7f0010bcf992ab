import { createRequire } from 'node:module';
import autocannon from 'autocannon';
import type { LoadOptions, ScenarioResult } from './scenarios.ts';

// autocannon reports a fixed list of latency percentiles (p90, p97.5, p99 … but no p95); that list
// lives in its histogram helper and is read when results are aggregated (in this thread), so p95
// is added to it once here.
{
  const fromAutocannon = createRequire(createRequire(import.meta.url).resolve('autocannon'));
  const { percentiles } = fromAutocannon('hdr-histogram-percentiles-obj') as { percentiles: number[] };
  if (!percentiles.includes(95)) {
    percentiles.push(95);
    percentiles.sort((a, b) => a - b);
  }
}

export interface LoadSettings {
  baseUrl: string;
  duration: number;
  connections: number;
}

/**
 * One autocannon run. The load generator runs in a worker thread so it does not share the app's
 * event loop (the app under test runs in this process's main thread).
 */
export async function runLoad(settings: LoadSettings, opts: LoadOptions): Promise<ScenarioResult> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  // Warm-up and sanity check: a scenario that only measures 401s is useless.
  const probe = await fetch(`${settings.baseUrl}${opts.path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const probeText = await probe.text();
  if (!probe.ok) {
    throw new Error(`${method} ${opts.path} answered ${probe.status}: ${probeText.slice(0, 200)}`);
  }
  const requests = opts.setupRequestModule
    ? [{ method, setupRequest: opts.setupRequestModule }]
    : opts.paths?.map((p) => ({ method, path: p }));
  const result = await autocannon({
    url: `${settings.baseUrl}${opts.path}`,
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    // In worker mode autocannon `require`s a string setupRequest inside the worker.
    ...(requests ? { requests: requests as autocannon.Request[] } : {}),
    connections: opts.connections ?? settings.connections,
    duration: opts.duration ?? settings.duration,
    workers: 1,
  });
  const latency = result.latency as unknown as Record<string, number | undefined>;
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p95Ms: latency.p95 ?? null,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    ...(result.requests.total > 0
      ? { bytesPerResponse: result.throughput.total / result.requests.total }
      : {}),
  };
}
