import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { defineScenario } from './scenarios.ts';
import { seedWishes, type WishesBenchSeed } from './wishes.seed.ts';

/**
 * 微心愿 claim race (issue #5 point 9): `npm run bench -- wishes`. 100 published wishes, 200 donors;
 * for each wish in turn all 200 donors claim it at once through the real endpoint
 * (`POST /api/v1/wishes/:id/claim`). Exactly one claim per wish may win (201), the others must get
 * 409 WISH_ALREADY_CLAIMED; anything else fails the scenario loudly. Reports the 409 count, p50/p99
 * claim latency and throughput.
 */

const env = process.env;
const WISHES = Number(env.BENCH_WISHES || 100);
const DONORS = Number(env.BENCH_DONORS || 200);
if (!Number.isInteger(WISHES) || WISHES < 1 || WISHES > 10_000) {
  throw new Error('BENCH_WISHES must be an integer between 1 and 10000');
}
if (!Number.isInteger(DONORS) || DONORS < 2 || DONORS > 2_000) {
  throw new Error('BENCH_DONORS must be an integer between 2 and 2000');
}

const num = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** What the load worker sends back: per wish, the status of every claim; every latency in ms. */
interface RaceResult {
  statuses: number[][];
  codes: Record<string, number>;
  latencies: number[];
  seconds: number;
  samples: Record<string, string>;
}

/**
 * The load generator, in a worker thread so it does not share the app's event loop (the app runs
 * in the main thread). Each wave: every donor claims the same wish at once, over keep-alive
 * connections (one per donor); the next wave starts when every answer of this one is in.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { baseUrl, wishIds, donors } = workerData;
const url = new URL(baseUrl);
const agent = new http.Agent({ keepAlive: true, maxSockets: donors.length + 8 });
const claim = (wishId, donor) => new Promise((resolve) => {
  const body = '{}';
  const started = performance.now();
  const req = http.request({
    host: url.hostname, port: url.port, method: 'POST', agent,
    path: '/api/v1/wishes/' + wishId + '/claim',
    headers: {
      'content-type': 'application/json', 'content-length': Buffer.byteLength(body),
      cookie: donor.cookie, 'x-csrf-token': donor.csrf,
    },
  }, (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (c) => { if (text.length < 400) text += c; });
    res.on('end', () => {
      let code = '';
      try { code = JSON.parse(text)?.error?.code ?? ''; } catch {}
      resolve({ status: res.statusCode, code, text, ms: performance.now() - started });
    });
  });
  req.on('error', (e) => resolve({ status: 0, code: e.code || 'ERR', text: String(e), ms: performance.now() - started }));
  req.end(body);
});
(async () => {
  // Open one connection per donor first (a GET each), so the timed waves measure claims, not TCP setup.
  await Promise.all(donors.map((d) => new Promise((resolve) => {
    http.get({ host: url.hostname, port: url.port, path: '/api/v1/auth/me', agent, headers: { cookie: d.cookie } },
      (res) => { res.resume(); res.on('end', resolve); }).on('error', resolve);
  })));
  const statuses = [];
  const codes = {};
  const samples = {};
  const latencies = [];
  const t0 = performance.now();
  for (const wishId of wishIds) {
    const answers = await Promise.all(donors.map((d) => claim(wishId, d)));
    statuses.push(answers.map((a) => a.status));
    for (const a of answers) {
      latencies.push(a.ms);
      const key = a.status + (a.code ? ' ' + a.code : '');
      codes[key] = (codes[key] || 0) + 1;
      if (!samples[key]) samples[key] = a.text.slice(0, 300);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  parentPort.postMessage({ statuses, codes, latencies, seconds, samples });
})().catch((e) => { throw e; });
`;

function race(baseUrl: string, seed: WishesBenchSeed): Promise<RaceResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { baseUrl, wishIds: seed.wishIds, donors: seed.donors },
    });
    worker.once('message', (m: RaceResult) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`claim worker exited with ${code}`));
    });
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null)
    : null;

defineScenario<WishesBenchSeed>({
  name: 'wishes-claim-race',
  description: `${DONORS} concurrent POST /wishes/:id/claim on each of ${WISHES} published wishes: exactly one winner each`,
  async setup(ctx) {
    const seed = await seedWishes(ctx.databaseUrl, { wishes: WISHES, donors: DONORS });
    // The sessions work (a donor is signed in), and the claim endpoint exists.
    const d = seed.donors[0];
    if (!d) throw new Error('no donor seeded');
    const me = await fetch(`${ctx.baseUrl}/api/v1/auth/me`, { headers: { cookie: d.cookie } });
    if (!me.ok) throw new Error(`a seeded donor session is refused: GET /auth/me answered ${me.status}`);
    return seed;
  },
  async run(ctx, seed) {
    const r = await race(ctx.baseUrl, seed);

    // Wins per wish, as the clients saw them and as the database holds them.
    const wins = r.statuses.map((s) => s.filter((x) => x === 201).length);
    const conflicts = r.statuses.reduce((n, s) => n + s.filter((x) => x === 409).length, 0);
    const client = new pg.Client({ connectionString: ctx.databaseUrl });
    await client.connect();
    let stored: { id: number; state: string; claims: number }[];
    try {
      stored = (
        await client.query<{ id: number; state: string; claims: number }>(
          `select w.id, w.state, (select count(*)::int from wish_claims c where c.wish_id = w.id) as claims
           from wishes w where w.id = any($1::int[]) order by w.id`,
          [seed.wishIds],
        )
      ).rows;
    } finally {
      await client.end();
    }

    const total = r.latencies.length;
    const sorted = Float64Array.from(r.latencies).sort();
    const list = Array.from(sorted);
    const p50 = percentile(list, 50);
    const p99 = percentile(list, 99);
    const histogram = wins.reduce<Record<number, number>>((h, w) => {
      h[w] = (h[w] ?? 0) + 1;
      return h;
    }, {});
    console.log(
      `[wishes-claim-race] ${num(total)} claims on ${num(seed.wishIds.length)} wishes in ${r.seconds.toFixed(1)} s ` +
        `(${num(total / r.seconds)} claims/s); answers: ${Object.entries(r.codes)
          .map(([k, n]) => `${k} × ${num(n)}`)
          .join(', ')}`,
    );
    console.log(
      `[wishes-claim-race] wins per wish: ${Object.entries(histogram)
        .map(([w, n]) => `${n} wish${n === 1 ? '' : 'es'} with ${w} winner${w === '1' ? '' : 's'}`)
        .join(', ')}`,
    );
    console.log(
      `[wishes-claim-race] 409s: ${num(conflicts)} (expected ${num(total - seed.wishIds.length)}); ` +
        `claim latency p50 ${p50?.toFixed(1)} ms, p99 ${p99?.toFixed(1)} ms, max ${list.at(-1)?.toFixed(1)} ms`,
    );

    const failures: string[] = [];
    const wrong = wins.map((w, i) => ({ w, id: seed.wishIds[i] })).filter((x) => x.w !== 1);
    if (wrong.length) {
      failures.push(
        `${wrong.length} wishes without exactly one winner: ${wrong
          .slice(0, 10)
          .map((x) => `#${x.id}: ${x.w}`)
          .join(', ')}`,
      );
    }
    const badStored = stored.filter((s) => s.claims !== 1 || s.state !== 'claimed');
    if (stored.length !== seed.wishIds.length || badStored.length) {
      failures.push(
        `database disagrees: ${badStored
          .slice(0, 10)
          .map((s) => `#${s.id} ${s.state} with ${s.claims} claims`)
          .join(', ')}`,
      );
    }
    const other = Object.keys(r.codes).filter((k) => k !== '201' && k !== '409 WISH_ALREADY_CLAIMED');
    if (other.length) {
      failures.push(
        `answers other than 201 and 409 WISH_ALREADY_CLAIMED: ${other
          .map((k) => `${k} × ${r.codes[k]} (${r.samples[k]})`)
          .join('; ')}`,
      );
    }
    if (failures.length) {
      console.error(`[wishes-claim-race] ✗ ${failures.join('\n  ')}`);
      throw new Error(`claim race broken: ${failures[0]}`);
    }
    console.log(
      `[wishes-claim-race] ✓ every one of the ${seed.wishIds.length} wishes has exactly one winner`,
    );
    return {
      reqPerSec: total / r.seconds,
      p50Ms: p50,
      p95Ms: percentile(list, 95),
      p99Ms: p99,
      errors: 0,
      note: `${seed.wishIds.length}/${seed.wishIds.length} wishes with exactly 1 winner, ${num(conflicts)} × 409`,
    };
  },
});

defineScenario({
  name: 'wishes-stats',
  description: 'GET /api/v1/wishes/stats as the national admin (whole tree, 12 months, computed live)',
  setup: (ctx) => ctx.login(ctx.seed.nationalAdminUsername),
  run: (ctx, session) => ctx.load({ path: '/api/v1/wishes/stats', headers: { cookie: session.cookie } }),
});
