import autocannon from 'autocannon';
import type { LoadOptions, ScenarioResult } from './scenarios.ts';

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
  const result = await autocannon({
    url: `${settings.baseUrl}${opts.path}`,
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    connections: settings.connections,
    duration: settings.duration,
    workers: 1,
  });
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}
