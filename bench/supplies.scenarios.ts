import { Worker } from 'node:worker_threads';
import pg from 'pg';
import type { TRequest } from '../src/shared/supplies.ts';
import { defineScenario } from './scenarios.ts';
import { type SupplyBenchSeed, type SupplyBenchSession, seedSupplies } from './supplies.seed.ts';

/**
 * 服务热线平台 (issue #6 point 8): `npm run bench -- supplies`.
 *
 * - supplies-approval-race: 100 submitted requests each ask q = 10 of one scarce item (stock 500,
 *   so only 50 can be served) and 5 of a plentiful one; the hub's reviewers approve all 100 at once
 *   through the real endpoint (`POST /api/v1/supplies/requests/:id/approve`). Exactly
 *   ⌊stock / q⌋ approvals may win, the rest must get 409 STOCK_SHORTAGE; any other answer, an
 *   available balance below zero, more reserved than received, or a ledger whose running balances
 *   disagree with its entries fails the scenario loudly.
 * - supplies-submit: every unit cadre (46 sessions) submits requests (`POST /api/v1/supplies/requests`)
 *   back to back for ~15 s: throughput, p50 / p99, errors.
 */

const env = process.env;
const intEnv = (name: string, fallback: number, min: number, max: number) => {
  const n = Number(env[name] || fallback);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}`);
  }
  return n;
};
const RACE_REQUESTS = intEnv('BENCH_SUPPLY_REQUESTS', 100, 2, 2_000);
const RACE_STOCK = intEnv('BENCH_SUPPLY_STOCK', 500, 1, 1_000_000);
const RACE_QTY = intEnv('BENCH_SUPPLY_QTY', 10, 1, 10_000);
const SUBMIT_SECONDS = intEnv('BENCH_SUPPLY_SECONDS', 15, 1, 3_600);

const num = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null)
    : null;

/** A POST as one session, answered with its status, error code and latency. */
interface Call {
  path: string;
  cookie: string;
  csrf: string;
  body: unknown;
}
interface Answer {
  status: number;
  code: string;
  text: string;
  ms: number;
}

/**
 * The load generator, in a worker thread so it does not share the app's event loop (the app runs in
 * the main thread), over keep-alive connections. `burst`: every call at once, after opening one
 * connection per call. `loop`: each session posts its next call as soon as the last is answered,
 * until `seconds` have passed (bodies come from `bodies`, rotated per session).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { baseUrl, mode } = workerData;
const url = new URL(baseUrl);
const agent = new http.Agent({ keepAlive: true, maxSockets: 4096 });
const post = (call) => new Promise((resolve) => {
  const body = JSON.stringify(call.body);
  const started = performance.now();
  const req = http.request({
    host: url.hostname, port: url.port, method: 'POST', agent, path: call.path,
    headers: {
      'content-type': 'application/json', 'content-length': Buffer.byteLength(body),
      cookie: call.cookie, 'x-csrf-token': call.csrf,
    },
  }, (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (c) => { if (text.length < 600) text += c; });
    res.on('end', () => {
      let code = '';
      try { code = JSON.parse(text)?.error?.code ?? ''; } catch {}
      resolve({ status: res.statusCode, code, text: text.slice(0, 300), ms: performance.now() - started });
    });
  });
  req.on('error', (e) => resolve({ status: 0, code: e.code || 'ERR', text: String(e), ms: performance.now() - started }));
  req.end(body);
});
const warm = (cookies) => Promise.all(cookies.map((cookie) => new Promise((resolve) => {
  http.get({ host: url.hostname, port: url.port, path: '/api/v1/auth/me', agent, headers: { cookie } },
    (res) => { res.resume(); res.on('end', resolve); }).on('error', resolve);
})));
(async () => {
  if (mode === 'burst') {
    const { calls } = workerData;
    await warm(calls.map((c) => c.cookie));
    const t0 = performance.now();
    const answers = await Promise.all(calls.map(post));
    parentPort.postMessage({ answers, seconds: (performance.now() - t0) / 1000 });
  } else {
    const { sessions, seconds } = workerData;
    await warm(sessions.map((s) => s.cookie));
    const answers = [];
    const t0 = performance.now();
    const until = t0 + seconds * 1000;
    await Promise.all(sessions.map(async (s) => {
      let k = 0;
      while (performance.now() < until) {
        const body = s.bodies[k % s.bodies.length];
        k += 1;
        answers.push(await post({ path: s.path, cookie: s.cookie, csrf: s.csrf, body }));
      }
    }));
    parentPort.postMessage({ answers, seconds: (performance.now() - t0) / 1000 });
  }
})().catch((e) => { throw e; });
`;

function runWorker(data: Record<string, unknown>): Promise<{ answers: Answer[]; seconds: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: data });
    worker.once('message', (m: { answers: Answer[]; seconds: number }) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with ${code}`));
    });
  });
}

const tally = (answers: Answer[]) => {
  const codes: Record<string, number> = {};
  const samples: Record<string, string> = {};
  for (const a of answers) {
    const key = `${a.status}${a.code ? ` ${a.code}` : ''}`;
    codes[key] = (codes[key] ?? 0) + 1;
    samples[key] ??= a.text;
  }
  return { codes, samples };
};

async function withClient<T>(databaseUrl: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

/** A fetch as one seeded session (setup only, not timed). */
async function postAs<T>(baseUrl: string, s: SupplyBenchSession, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

// ---------------------------------------------------------------- A: approvals on scarce stock

interface RaceState {
  seed: SupplyBenchSeed;
  scarceItemId: number;
  plentyItemId: number;
  plentyBefore: { onHand: number; reserved: number };
  calls: Call[];
  requestIds: number[];
}

interface Balance {
  on_hand: number;
  reserved: number;
  seq: number;
}
const lastBalance = async (c: pg.Client, itemId: number): Promise<Balance> => {
  const r = await c.query<Balance>(
    `select on_hand_after as on_hand, reserved_after as reserved, seq from supply_stock_entries
     where item_id = $1 order by seq desc limit 1`,
    [itemId],
  );
  return r.rows[0] ?? { on_hand: 0, reserved: 0, seq: 0 };
};

defineScenario<RaceState>({
  name: 'supplies-approval-race',
  description: `${RACE_REQUESTS} concurrent POST /supplies/requests/:id/approve, each ${RACE_QTY} of one item with stock ${RACE_STOCK}: never oversold`,
  async setup(ctx) {
    const seed = await seedSupplies(ctx.databaseUrl);
    console.log(
      `[supplies seed] ${seed.seeded ? `seeded in ${seed.seconds.toFixed(1)} s` : 'already seeded'}: ` +
        `${seed.counts.units} units, ${seed.counts.points} points, ${seed.counts.items} items, ` +
        `${num(seed.counts.requests)} requests, ${num(seed.counts.ledger)} ledger entries`,
    );
    const plentyItemId = seed.itemIds[0];
    if (!plentyItemId) throw new Error('no seeded item');
    // The scarce item of this run, its stock received on the ledger (entry 1).
    const { scarceItemId, plentyBefore } = await withClient(ctx.databaseUrl, async (c) => {
      const stamp = new Date().toISOString().slice(0, 19).replace('T', ' ');
      const item = await c.query<{ id: number }>(
        `insert into supply_items (hub_org_id, hub_org_path, source, name, category, unit, spec, unit_value_fen)
         values ($1, $2, 'union_purchase', $3, 'medical', '件', '175 码', 9800) returning id`,
        [seed.hubId, seed.hubPath, `防护服（抢购测试 ${stamp}）`],
      );
      const id = item.rows[0]?.id;
      if (!id) throw new Error('scarce item insert failed');
      await c.query(
        `insert into supply_stock_entries (item_id, seq, kind, quantity, on_hand_after, reserved_after, reason,
           actor_name)
         values ($1, 1, 'received', $2, $2, 0, '基准测试入库', '基准测试')`,
        [id, RACE_STOCK],
      );
      const b = await lastBalance(c, plentyItemId);
      return { scarceItemId: id, plentyBefore: { onHand: b.on_hand, reserved: b.reserved } };
    });
    // The requests, submitted through the real endpoint by the units' cadres (not timed).
    const calls: Call[] = [];
    const requestIds: number[] = [];
    const pointsOf = new Map(seed.units.map((u) => [u.id, u.pointIds]));
    for (let batch = 0; batch < RACE_REQUESTS; batch += 10) {
      const made = await Promise.all(
        Array.from({ length: Math.min(10, RACE_REQUESTS - batch) }, (_, k) => {
          const i = batch + k;
          const cadre = seed.cadres[i % seed.cadres.length] as SupplyBenchSession;
          const pointId = pointsOf.get(cadre.orgId)?.[0];
          return postAs<TRequest>(ctx.baseUrl, cadre, '/api/v1/supplies/requests', {
            pointId,
            urgency: 'critical',
            staffServed: 30,
            note: '基准测试：稀缺物资抢审',
            lines: [
              { itemId: scarceItemId, quantity: RACE_QTY },
              { itemId: plentyItemId, quantity: 5 },
            ],
          });
        }),
      );
      for (const r of made) {
        const reviewer = seed.reviewers[calls.length % seed.reviewers.length] as SupplyBenchSession;
        requestIds.push(r.id);
        calls.push({
          path: `/api/v1/supplies/requests/${r.id}/approve`,
          cookie: reviewer.cookie,
          csrf: reviewer.csrf,
          body: { lines: r.lines.map((l) => ({ lineId: l.id, approved: l.requested })), note: '同意' },
        });
      }
    }
    return { seed, scarceItemId, plentyItemId, plentyBefore, calls, requestIds };
  },
  async run(ctx, st) {
    const r = await runWorker({ baseUrl: ctx.baseUrl, mode: 'burst', calls: st.calls });
    const { codes, samples } = tally(r.answers);
    const approved = r.answers.filter((a) => a.status === 200).length;
    const shortage = r.answers.filter((a) => a.status === 409 && a.code === 'STOCK_SHORTAGE').length;
    const other = r.answers.length - approved - shortage;
    const list = r.answers.map((a) => a.ms).sort((a, b) => a - b);
    const p50 = percentile(list, 50);
    const p99 = percentile(list, 99);

    const db = await withClient(ctx.databaseUrl, async (c) => {
      const scarce = await lastBalance(c, st.scarceItemId);
      const plenty = await lastBalance(c, st.plentyItemId);
      // Σ of the entries of the scarce item, as the ledger's kinds define them.
      const sums = (
        await c.query<{
          received: number;
          reserved: number;
          released: number;
          shipped: number;
          adjusted: number;
        }>(
          `select
             coalesce(sum(quantity) filter (where kind = 'received'), 0)::int as received,
             coalesce(sum(quantity) filter (where kind = 'reserved'), 0)::int as reserved,
             coalesce(sum(quantity) filter (where kind = 'released'), 0)::int as released,
             coalesce(sum(quantity) filter (where kind = 'shipped'), 0)::int as shipped,
             coalesce(sum(quantity) filter (where kind = 'adjusted'), 0)::int as adjusted
           from supply_stock_entries where item_id = $1`,
          [st.scarceItemId],
        )
      ).rows[0];
      // Every item of the hub: the running balances each entry carries equal the running sums of
      // the entries up to it, seq has no gap, and available never went below zero.
      const ledger = (
        await c.query<{
          items: number;
          entries: number;
          bad_balance: number;
          bad_seq: number;
          negative: number;
        }>(
          `with e as (
             select e.item_id, e.seq, e.on_hand_after, e.reserved_after,
               sum(case e.kind when 'received' then e.quantity when 'adjusted' then e.quantity
                 when 'shipped' then -e.quantity else 0 end) over w as on_hand,
               sum(case e.kind when 'reserved' then e.quantity when 'released' then -e.quantity
                 when 'shipped' then -e.quantity else 0 end) over w as reserved,
               row_number() over w as n
             from supply_stock_entries e join supply_items i on i.id = e.item_id
             where i.hub_org_id = $1
             window w as (partition by e.item_id order by e.seq)
           )
           select count(distinct item_id)::int as items, count(*)::int as entries,
             count(*) filter (where on_hand <> on_hand_after or reserved <> reserved_after)::int as bad_balance,
             count(*) filter (where seq <> n)::int as bad_seq,
             count(*) filter (where on_hand_after < reserved_after or reserved_after < 0)::int as negative
           from e`,
          [st.seed.hubId],
        )
      ).rows[0];
      const states = (
        await c.query<{ state: string; n: number; approved: number }>(
          `select r.state, count(distinct r.id)::int as n,
             coalesce(sum(l.approved) filter (where l.item_id = $2), 0)::int as approved
           from supply_requests r join supply_request_lines l on l.request_id = r.id
           where r.id = any($1::int[]) group by r.state`,
          [st.requestIds, st.scarceItemId],
        )
      ).rows;
      return { scarce, plenty, sums, ledger, states };
    });

    const expected = Math.min(st.calls.length, Math.floor(RACE_STOCK / RACE_QTY));
    const approvedInDb = db.states.find((s) => s.state === 'approved');
    const sums = db.sums ?? { received: 0, reserved: 0, released: 0, shipped: 0, adjusted: 0 };
    const ledger = db.ledger ?? { items: 0, entries: 0, bad_balance: 1, bad_seq: 1, negative: 1 };
    const available = db.scarce.on_hand - db.scarce.reserved;
    const netReserved = sums.reserved - sums.released - sums.shipped;
    const plentyReservedNow = db.plenty.reserved - st.plentyBefore.reserved;

    const tag = '[supplies-approval-race]';
    console.log(
      `${tag} ${st.calls.length} approvals at once in ${r.seconds.toFixed(2)} s; answers: ${Object.entries(
        codes,
      )
        .map(([k, n]) => `${k} × ${n}`)
        .join(', ')}`,
    );
    console.log(
      `${tag} approved ${approved} (expected ${expected} = ⌊${RACE_STOCK} / ${RACE_QTY}⌋), refused with STOCK_SHORTAGE ${shortage}, other errors ${other}`,
    );
    console.log(
      `${tag} scarce item #${st.scarceItemId} from the ledger: on hand ${db.scarce.on_hand}, reserved ${db.scarce.reserved}, ` +
        `available ${available}; entries: received ${sums.received}, reserved ${sums.reserved} ` +
        `(${db.scarce.seq - 1} reservations), released ${sums.released}, shipped ${sums.shipped}`,
    );
    console.log(
      `${tag} plentiful item #${st.plentyItemId}: reserved +${plentyReservedNow} (${approved} × 5 expected)`,
    );
    console.log(
      `${tag} ledger sum check over the hub's ${ledger.items} items / ${num(ledger.entries)} entries: ` +
        `${ledger.bad_balance} balances disagreeing with their entries, ${ledger.bad_seq} seq gaps, ` +
        `${ledger.negative} entries with available < 0`,
    );
    console.log(
      `${tag} approval latency min ${list[0]?.toFixed(1)} ms, p50 ${p50?.toFixed(1)} ms, p99 ${p99?.toFixed(1)} ms, max ${list.at(-1)?.toFixed(1)} ms`,
    );

    const failures: string[] = [];
    if (other > 0) {
      failures.push(
        `answers other than 200 and 409 STOCK_SHORTAGE: ${Object.keys(codes)
          .filter((k) => k !== '200' && k !== '409 STOCK_SHORTAGE')
          .map((k) => `${k} × ${codes[k]} (${samples[k]})`)
          .join('; ')}`,
      );
    }
    if (approved !== expected) failures.push(`${approved} approvals won, expected exactly ${expected}`);
    if (available < 0) failures.push(`available went below zero: ${available}`);
    if (netReserved > sums.received + sums.adjusted) {
      failures.push(`reserved ${netReserved} exceeds received ${sums.received + sums.adjusted}`);
    }
    if (db.scarce.reserved !== approved * RACE_QTY || sums.reserved !== approved * RACE_QTY) {
      failures.push(`reserved ${db.scarce.reserved} ≠ ${approved} × ${RACE_QTY}`);
    }
    if ((approvedInDb?.n ?? 0) !== approved || (approvedInDb?.approved ?? 0) !== approved * RACE_QTY) {
      failures.push(`requests approved in the database: ${approvedInDb?.n ?? 0}, clients saw ${approved}`);
    }
    if (plentyReservedNow !== approved * 5) failures.push(`plentiful item reserved +${plentyReservedNow}`);
    if (ledger.bad_balance || ledger.bad_seq || ledger.negative) failures.push('the ledger does not add up');
    if (failures.length) {
      console.error(`${tag} ✗ ${failures.join('\n  ')}`);
      throw new Error(`approval race broken: ${failures[0]}`);
    }
    console.log(
      `${tag} ✓ never oversold: available ${available} ≥ 0, reserved ${db.scarce.reserved} ≤ received ${sums.received}; ledger adds up`,
    );
    return {
      reqPerSec: r.answers.length / r.seconds,
      p50Ms: p50,
      p95Ms: percentile(list, 95),
      p99Ms: p99,
      errors: other,
      note: `${approved} approved, ${shortage} × 409 STOCK_SHORTAGE; on hand ${db.scarce.on_hand}, reserved ${db.scarce.reserved}, available ${available}`,
    };
  },
});

// ---------------------------------------------------------------- B: submission throughput

interface SubmitState {
  seed: SupplyBenchSeed;
  sessions: { path: string; cookie: string; csrf: string; bodies: unknown[] }[];
  before: number;
}

defineScenario<SubmitState>({
  name: 'supplies-submit',
  description: `every unit cadre (46 sessions) submits POST /supplies/requests back to back for ${SUBMIT_SECONDS} s`,
  async setup(ctx) {
    const seed = await seedSupplies(ctx.databaseUrl);
    const pointsOf = new Map(seed.units.map((u) => [u.id, u.pointIds]));
    let x = 7;
    const rand = (n: number) => {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      return x % n;
    };
    const urgencies = ['critical', 'urgent', 'normal', 'normal'];
    const sessions = seed.cadres.map((cadre) => {
      const points = pointsOf.get(cadre.orgId) ?? [];
      // 50 different request bodies per cadre: 1–4 items, a point of the unit, an urgency.
      const bodies = Array.from({ length: 50 }, () => {
        const n = 1 + rand(4);
        const items = new Set<number>();
        while (items.size < n) items.add(seed.itemIds[rand(seed.itemIds.length)] as number);
        return {
          pointId: points[rand(points.length)],
          urgency: urgencies[rand(urgencies.length)],
          staffServed: 10 + rand(150),
          note: '基准测试：提报吞吐',
          lines: [...items].map((itemId) => ({ itemId, quantity: 5 * (1 + rand(20)) })),
        };
      });
      return { path: '/api/v1/supplies/requests', cookie: cadre.cookie, csrf: cadre.csrf, bodies };
    });
    const before = await withClient(ctx.databaseUrl, async (c) => {
      const r = await c.query<{ n: number }>(
        'select count(*)::int as n from supply_requests where hub_org_id = $1',
        [seed.hubId],
      );
      return r.rows[0]?.n ?? 0;
    });
    return { seed, sessions, before };
  },
  async run(ctx, st) {
    const r = await runWorker({
      baseUrl: ctx.baseUrl,
      mode: 'loop',
      sessions: st.sessions,
      seconds: SUBMIT_SECONDS,
    });
    const { codes, samples } = tally(r.answers);
    const created = r.answers.filter((a) => a.status === 201).length;
    const errors = r.answers.length - created;
    const list = r.answers.map((a) => a.ms).sort((a, b) => a - b);
    const after = await withClient(ctx.databaseUrl, async (c) => {
      const q = await c.query<{ n: number }>(
        'select count(*)::int as n from supply_requests where hub_org_id = $1',
        [st.seed.hubId],
      );
      return q.rows[0]?.n ?? 0;
    });
    const tag = '[supplies-submit]';
    console.log(
      `${tag} ${st.sessions.length} cadres, ${num(r.answers.length)} submissions in ${r.seconds.toFixed(1)} s ` +
        `(${num(r.answers.length / r.seconds, 1)} req/s); answers: ${Object.entries(codes)
          .map(([k, n]) => `${k} × ${num(n)}`)
          .join(', ')}; requests in the database +${num(after - st.before)}`,
    );
    if (errors > 0) {
      console.error(
        `${tag} ✗ errors: ${Object.keys(codes)
          .filter((k) => k !== '201')
          .map((k) => `${k} (${samples[k]})`)
          .join('; ')}`,
      );
    }
    if (after - st.before !== created) {
      throw new Error(`${created} submissions answered 201 but the database holds ${after - st.before} more`);
    }
    return {
      reqPerSec: r.answers.length / r.seconds,
      p50Ms: percentile(list, 50),
      p95Ms: percentile(list, 95),
      p99Ms: percentile(list, 99),
      errors,
      note: `${st.sessions.length} cadre sessions, ${num(created)} requests created`,
    };
  },
});

// ---------------------------------------------------------------- C: the dashboard

defineScenario<{ cookie: string }>({
  name: 'supplies-stats',
  description:
    'GET /api/v1/supplies/stats as a hub reviewer (the 物资统计 dashboard over the last 90 days, computed live)',
  async setup(ctx) {
    const seed = await seedSupplies(ctx.databaseUrl);
    const reviewer = seed.reviewers[0];
    if (!reviewer) throw new Error('no reviewer seeded');
    return { cookie: reviewer.cookie };
  },
  run: (ctx, s) => ctx.load({ path: '/api/v1/supplies/stats', headers: { cookie: s.cookie } }),
});
