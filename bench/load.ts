import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

export type LoadGenerator = 'wrk' | 'autocannon';

/**
 * The load generator: `BENCH_LOAD` when set, else wrk when it is installed (Debian's `wrk`), else
 * autocannon. wrk is C, like pgbench's client, so on a small machine it takes little of the CPU the
 * app and PostgreSQL share; autocannon is JavaScript (a worker thread of this process) and can cost
 * as much CPU per request as a light page itself.
 */
export function loadGenerator(): LoadGenerator {
  const wanted = process.env.BENCH_LOAD;
  if (wanted === 'autocannon') return 'autocannon';
  const hasWrk = spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
  if (wanted === 'wrk') {
    if (!hasWrk) throw new Error('BENCH_LOAD=wrk but wrk is not installed (apt-get install wrk)');
    return 'wrk';
  }
  if (wanted) throw new Error(`BENCH_LOAD must be wrk or autocannon, not ${wanted}`);
  return hasWrk ? 'wrk' : 'autocannon';
}

/**
 * One load run for `duration` seconds with `connections` connections, by the load generator of
 * `loadGenerator()` (autocannon whenever the run needs a `setupRequestModule` or sends a body).
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
  const generator = opts.setupRequestModule || body !== undefined ? 'autocannon' : loadGenerator();
  const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-bench-load-'));
  try {
    if (generator === 'wrk') return await runWrk(settings, opts, method, headers, dir);
    return await runAutocannon(settings, opts, method, headers, body, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every request path of the run, one per line, for `randomPathsFile` / `paths`. */
function pathsFileOf(opts: LoadOptions, dir: string): string | null {
  if (opts.randomPathsFile) return opts.randomPathsFile;
  if (!opts.paths?.length) return null;
  const file = path.join(dir, 'paths.txt');
  writeFileSync(file, `${opts.paths.join('\n')}\n`);
  return file;
}

/** Lua string literal (wrk scripts are Lua). */
const lua = (s: string) => JSON.stringify(s);

/**
 * wrk with a Lua script: a random path of the list per request when there is one, and a `done`
 * hook that prints the summary as one JSON line (wrk's own latency histogram, in microseconds).
 */
async function runWrk(
  settings: LoadSettings,
  opts: LoadOptions,
  method: string,
  headers: Record<string, string>,
  dir: string,
): Promise<ScenarioResult> {
  const connections = opts.connections ?? settings.connections;
  const duration = opts.duration ?? settings.duration;
  const paths = pathsFileOf(opts, dir);
  const script = path.join(dir, 'load.lua');
  writeFileSync(
    script,
    `wrk.method = ${lua(method)}
${Object.entries(headers)
  .map(([k, v]) => `wrk.headers[${lua(k)}] = ${lua(v)}`)
  .join('\n')}
${
  paths
    ? `local paths = {}
for line in io.lines(${lua(paths)}) do
  if #line > 0 then paths[#paths + 1] = line end
end
local n = #paths
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
request = function()
  return wrk.format(nil, paths[math.random(n)])
end`
    : ''
}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'NJ-RESULT {"requests":%d,"us":%d,"bytes":%d,"errors":%d,"p50":%d,"p95":%d,"p99":%d}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
`,
  );
  const threads = Math.max(1, Math.min(connections, Number(process.env.BENCH_WRK_THREADS ?? 1) || 1));
  const args = [
    `-t${threads}`,
    `-c${connections}`,
    `-d${duration}s`,
    '--timeout',
    '10s',
    '-s',
    script,
    `${settings.baseUrl}${opts.path}`,
  ];
  const out = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      text += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, text }));
  });
  const line = /NJ-RESULT (\{.*\})/.exec(out.text)?.[1];
  if (out.code !== 0 || !line) throw new Error(`wrk failed (${out.code}): ${out.text.slice(-400)}`);
  const r = JSON.parse(line) as {
    requests: number;
    us: number;
    bytes: number;
    errors: number;
    p50: number;
    p95: number;
    p99: number;
  };
  return {
    reqPerSec: r.requests / (r.us / 1e6),
    p50Ms: r.p50 / 1000,
    p95Ms: r.p95 / 1000,
    p99Ms: r.p99 / 1000,
    errors: r.errors,
    ...(r.requests > 0 ? { bytesPerResponse: r.bytes / r.requests } : {}),
  };
}

/**
 * One autocannon run. The load generator runs in a worker thread so it does not share the app's
 * event loop (the app under test runs in this process's main thread).
 */
async function runAutocannon(
  settings: LoadSettings,
  opts: LoadOptions,
  method: LoadOptions['method'] & string,
  headers: Record<string, string>,
  body: string | undefined,
  dir: string,
): Promise<ScenarioResult> {
  let setupRequest = opts.setupRequestModule;
  if (!setupRequest && opts.randomPathsFile) {
    // In worker mode autocannon `require`s a string setupRequest inside the worker.
    setupRequest = path.join(dir, 'random-path.cjs');
    writeFileSync(
      setupRequest,
      `'use strict';
const P = require('node:fs').readFileSync(${JSON.stringify(opts.randomPathsFile)}, 'utf8').split('\\n').filter(Boolean);
module.exports = (req) => ({ ...req, path: P[Math.floor(Math.random() * P.length)] });
`,
    );
  }
  const requests = setupRequest ? [{ method, setupRequest }] : opts.paths?.map((p) => ({ method, path: p }));
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
