import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { writeImportWorkbook } from '../src/server/modules/hardship/import.fixture.ts';
import { hardshipImportJob } from '../src/server/modules/hardship/import.jobs.ts';
import { readSheetRows } from '../src/server/platform/excel/excel.ts';
import { registeredJobs } from '../src/server/platform/jobs/registry.ts';
import { hardshipCauses } from '../src/shared/hardship.ts';
import { ERROR_COLUMN } from '../src/shared/hardship-import.ts';
import { type HardshipSeedInfo, qrToken, refreshHardshipSample, seedHardship } from './hardship.seed.ts';
import { allScenarios, type BenchContext, defineScenario, type ScenarioResult } from './scenarios.ts';
import { BENCH_ROOT_NAME } from './seed.ts';

/**
 * 困难职工帮扶 at national scale (issue #4 point 11; goals in DESIGN.md "Quality bars"):
 * `npm run bench -- hardship` runs every scenario below on 1,000,000 seeded archives.
 */

const env = process.env;
const ARCHIVES = Number(env.BENCH_ARCHIVES || 1_000_000);
const IMPORT_ROWS = Number(env.BENCH_IMPORT_ROWS || 100_000);
if (!Number.isInteger(ARCHIVES) || ARCHIVES < 1000 || ARCHIVES > 20_000_000) {
  throw new Error('BENCH_ARCHIVES must be an integer between 1000 and 20000000');
}
if (!Number.isInteger(IMPORT_ROWS) || IMPORT_ROWS < 1 || IMPORT_ROWS > 1_000_000) {
  throw new Error('BENCH_IMPORT_ROWS must be an integer between 1 and 1000000');
}

/** The province whose admin lists archives (a mid-sized one). */
const PROVINCE = '广东省总工会';

/** A share with one decimal: 24.6 % (so a share just under the goal never prints as the goal). */
const pct = (share: number) => `${(share * 100).toFixed(1)} %`;

/** Rounds of (QR page, pgbench -S) in `hardship-qr`; the median round's share is the verdict. */
const QR_ROUNDS = (() => {
  const n = Number(env.BENCH_QR_ROUNDS ?? 3);
  if (!Number.isInteger(n) || n < 1 || n > 20)
    throw new Error('BENCH_QR_ROUNDS must be an integer from 1 to 20');
  return n;
})();

const GOAL = {
  qrShareOfPgbench: 0.25,
  qrP99Ms: 50,
  qrPageBytes: 30 * 1024,
  listP95Ms: 100,
  dashboardMs: 500,
  importSeconds: 60,
  importPeakBytes: 1024 ** 3,
};

const num = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mark = (ok: boolean) => (ok ? '✓' : '✗');
const mib = (bytes: number) => `${num(bytes / 1024 ** 2)} MiB`;

interface Org {
  id: number;
  name: string;
  path: string;
}

interface HardshipBench {
  seed: HardshipSeedInfo;
  root: Org;
  province: Org;
  /** Municipal unions of the province. */
  cities: Org[];
}

let prepared: Promise<HardshipBench> | undefined;

/** Seed once per database (skipped when present), then re-encrypt the sample with this run's key. */
function hardshipData(ctx: BenchContext): Promise<HardshipBench> {
  prepared ??= (async () => {
    const seed = await seedHardship(ctx.databaseUrl, ARCHIVES);
    console.log(
      `[hardship seed] ${num(seed.archives)} archives (${num(seed.filed)} filed, ${num(seed.tokens)} QR tokens), ` +
        `~${num(seed.assistance)} assistance records, ~${num(seed.events)} timeline events` +
        (seed.skipped ? ' (already seeded)' : `, seeded in ${seed.seconds.toFixed(1)} s`),
    );
    const started = Date.now();
    await refreshHardshipSample(ctx.databaseUrl, seed, ctx.app.deps.vault);
    console.log(`[hardship seed] sample re-encrypted with this run's key (${Date.now() - started} ms)`);
    const client = new pg.Client({ connectionString: ctx.databaseUrl });
    await client.connect();
    try {
      const orgs = await client.query<Org & { type: string; parent: string | null }>(
        `select o.id, o.name, o.path, o.type, p.name as parent
         from orgs o left join orgs p on p.id = o.parent_id
         where (o.name = $1 and o.parent_id is null) or o.name = $2 or p.name = $2`,
        [BENCH_ROOT_NAME, PROVINCE],
      );
      const root = orgs.rows.find((o) => o.type === 'national');
      const province = orgs.rows.find((o) => o.name === PROVINCE);
      if (!root || !province) throw new Error(`bench org ${PROVINCE} missing`);
      const cities = orgs.rows.filter((o) => o.parent === PROVINCE);
      return { seed, root, province, cities };
    } finally {
      await client.end();
    }
  })();
  return prepared;
}

const seedNote = (seed: HardshipSeedInfo) =>
  seed.skipped ? '' : `; seed ${num(seed.archives)} archives in ${seed.seconds.toFixed(0)} s`;

// ---------------------------------------------------------------- QR status page

defineScenario({
  name: 'hardship-qr',
  description: 'GET /q/<token> (public QR status page) over every filed archive, then pgbench -S',
  async setup(ctx) {
    const data = await hardshipData(ctx);
    const client = new pg.Client({ connectionString: ctx.databaseUrl });
    await client.connect();
    let gs: number[];
    try {
      const r = await client.query<{ g: number }>(
        `select id - $1 as g from hardship_archives where id between $1 + 1 and $1 + $2 and state = 'filed'`,
        [data.seed.base, data.seed.archives],
      );
      gs = r.rows.map((row) => row.g);
    } finally {
      await client.end();
    }
    if (!gs.length) throw new Error('no filed archive in the seed');
    // Every filed archive's page, one path per line: each request takes one at random.
    const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-bench-qr-'));
    const pathsFile = path.join(dir, 'qr-paths.txt');
    writeFileSync(pathsFile, `${gs.map((g) => `/q/${qrToken(g)}`).join('\n')}\n`);
    const first = gs[0] ?? 1;
    if (qrToken(first).length !== 24) throw new Error('unexpected token shape');
    return { data, dir, pathsFile, probe: `/q/${qrToken(first)}`, filed: gs.length };
  },
  async run(ctx, s) {
    try {
      const page = await fetch(`${ctx.baseUrl}${s.probe}`);
      const html = await page.text();
      if (!page.ok || !html.includes('在档')) throw new Error(`QR page answered ${page.status}`);
      let headerBytes = 17; // status line
      page.headers.forEach((v, k) => {
        headerBytes += k.length + v.length + 4;
      });
      const bodyBytes = Buffer.byteLength(html);
      // The page and pgbench -S alternate (QR_ROUNDS rounds, the platform pgbench scenario's own code,
      // same server): on a shared machine one pair of 10-second runs can swing by a third, so the
      // verdict is the median round's share, and every round's share is printed.
      const pgbench = allScenarios().find((x) => x.name === 'pgbench');
      const rounds: { qr: ScenarioResult; ceiling: ScenarioResult | null; ratio: number | null }[] = [];
      // Warm-up, not measured: JIT, the connections' prepared statements and PostgreSQL's caches.
      await ctx.load({ path: s.probe, randomPathsFile: s.pathsFile, duration: 3 });
      for (let i = 0; i < QR_ROUNDS; i++) {
        const qr = await ctx.load({ path: s.probe, randomPathsFile: s.pathsFile });
        const ceiling = pgbench ? await pgbench.run(ctx, undefined) : null;
        const ratio = ceiling?.reqPerSec && qr.reqPerSec != null ? qr.reqPerSec / ceiling.reqPerSec : null;
        rounds.push({ qr, ceiling, ratio });
        console.log(
          `[hardship-qr] round ${i + 1}/${QR_ROUNDS}: ${num(qr.reqPerSec ?? 0)} req/s, p99 ${qr.p99Ms} ms; ` +
            `pgbench -S ${num(ceiling?.reqPerSec ?? 0)} tps` +
            (ratio == null ? '' : `; ${pct(ratio)}`),
        );
      }
      const ordered = [...rounds].sort((a, b) => (a.ratio ?? 0) - (b.ratio ?? 0));
      const median = ordered[Math.floor((ordered.length - 1) / 2)] ?? rounds[0];
      if (!median) throw new Error('no QR round ran');
      const { qr, ceiling, ratio } = median;
      const p99ok = rounds.every((r) => r.qr.p99Ms != null && r.qr.p99Ms <= GOAL.qrP99Ms);
      const sizeOk = bodyBytes + headerBytes <= GOAL.qrPageBytes;
      const shares = rounds.map((r) => (r.ratio == null ? '—' : pct(r.ratio))).join(', ');
      const note =
        `${num(s.filed)} tokens; ` +
        (ratio == null
          ? 'pgbench not run'
          : `${pct(ratio)} of pgbench -S, median of ${rounds.length} rounds (${shares}; goal ≥ 25 % ${mark(ratio >= GOAL.qrShareOfPgbench)})`) +
        `; p99 ≤ 50 ms in every round ${mark(p99ok)}; page ${num(bodyBytes)} B + ${num(headerBytes)} B headers ` +
        `(≤ 30 KB ${mark(sizeOk)})${seedNote(s.data.seed)}`;
      const subRows: ScenarioResult['subRows'] = ceiling
        ? [{ name: '  pgbench -S (same round)', result: { ...ceiling, note: ceiling.note ?? '' } }]
        : [];
      // The page's own two statements straight from pgbench: how much of the gap is the SQL.
      if (ceiling && env.BENCH_QR_SQL !== '0') {
        for (const mode of ['simple', 'prepared'] as const) {
          const r = await pgbenchQrSql(ctx, s.data.seed, mode);
          if (r) {
            subRows.push({
              name: `  pgbench QR SQL, ${mode}`,
              result: {
                ...r,
                note:
                  `token lookup + one audit INSERT per view (${mode === 'simple' ? 'unprepared, as the page did before its audit buffer' : 'prepared statements'}), ` +
                  `random g; ${num(((r.reqPerSec ?? 0) / (ceiling.reqPerSec ?? 1)) * 100)} % of pgbench -S`,
              },
            });
          }
        }
      }
      return { ...qr, note, subRows };
    } finally {
      rmSync(s.dir, { recursive: true, force: true });
    }
  },
});

/** pgbench on PATH, BENCH_PGBENCH, or the newest /usr/lib/postgresql/<v>/bin/pgbench (as the pgbench scenario). */
function findPgbench(): string | null {
  const candidates = [env.BENCH_PGBENCH, 'pgbench'];
  try {
    for (const v of readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))) {
      candidates.push(`/usr/lib/postgresql/${v}/bin/pgbench`);
    }
  } catch {
    // not a Debian-style install
  }
  return candidates.find((c) => c && spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0) ?? null;
}

/**
 * The QR page's statements (the token lookup of qr.service.ts `findByToken` and the audit row of
 * the view, one INSERT per view) as a pgbench script on the bench database: `-M simple` unnamed and
 * planned each time (as the page sent them before it prepared the lookup and buffered its audit
 * rows), `-M prepared` as prepared statements: what the database alone does with that SQL. g is random over all seeded
 * archives (72 % are filed and have a token). Adds audit rows, as real views do.
 */
async function pgbenchQrSql(
  ctx: BenchContext,
  seed: HardshipSeedInfo,
  mode: 'simple' | 'prepared',
): Promise<ScenarioResult | null> {
  const pgbench = findPgbench();
  if (!pgbench) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-bench-qrsql-'));
  try {
    const script = path.join(dir, 'qr.sql');
    writeFileSync(
      script,
      `\\set g random(1, ${seed.archives})
select t.id, t.state, a.id, a.name, a.state, a.category, a.org_id, a.org_path, o.name, a.id_card_enc, a.plan,
       u.display_name, u.phone_enc
from hardship_qr_tokens t join hardship_archives a on a.id = t.archive_id join orgs o on o.id = a.org_id
left join users u on u.id = a.helper_user_id
where t.token_hash = encode(sha256(convert_to(left(translate(encode(sha256(convert_to('niangjia-bench-qr/' || :g, 'UTF8')), 'base64'), '+/', '-_'), 24), 'UTF8')), 'hex');
insert into audit_log (action, entity_type, entity_id, org_id, org_path, result, ip, detail)
values ('hardship.qr.view', 'hardship.archive', ${seed.base} + :g, null, null, 'success', '127.0.0.1', '{"bench": "pgbench"}');
`,
    );
    const u = new URL(ctx.databaseUrl);
    const out = spawnSync(
      pgbench,
      ['-n', '-M', mode, '-f', script, '-c', String(ctx.connections), '-j', '2', '-T', String(ctx.duration)],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          PGHOST: u.hostname || '127.0.0.1',
          PGPORT: u.port || '5432',
          PGUSER: decodeURIComponent(u.username) || 'postgres',
          PGDATABASE: u.pathname.slice(1),
          ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}),
        },
      },
    );
    const text = `${out.stdout}${out.stderr}`;
    const tps = Number(/tps = ([\d.]+)/.exec(text)?.[1] ?? Number.NaN);
    if (out.status !== 0 || !Number.isFinite(tps)) {
      console.log(`[hardship-qr] pgbench QR SQL (${mode}) failed: ${text.slice(-300)}`);
      return null;
    }
    const avg = Number(/latency average = ([\d.]+) ms/.exec(text)?.[1] ?? Number.NaN);
    return {
      reqPerSec: tps,
      p50Ms: null,
      p99Ms: null,
      errors: Number(/number of failed transactions: (\d+)/.exec(text)?.[1] ?? 0),
      ...(Number.isFinite(avg) ? { note: `mean ${avg} ms` } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- archive list

defineScenario({
  name: 'hardship-list',
  description: `GET /api/v1/hardship/archives?state=filed&mainCause=…&orgId=… as the admin of ${PROVINCE}`,
  async setup(ctx) {
    const data = await hardshipData(ctx);
    const session = await ctx.login(`bench_admin_${data.province.id}`);
    // The province and its cities × every main cause, in a shuffled order.
    const paths: string[] = [];
    for (const org of [data.province, ...data.cities]) {
      for (const cause of hardshipCauses) {
        paths.push(`/api/v1/hardship/archives?state=filed&mainCause=${cause}&orgId=${org.id}&page=1`);
      }
    }
    for (let i = paths.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [paths[i], paths[j]] = [paths[j] as string, paths[i] as string];
    }
    return { data, session, paths };
  },
  async run(ctx, s) {
    const opts = {
      path: s.paths[0] ?? '',
      paths: s.paths,
      headers: { cookie: s.session.cookie },
    };
    const probe = await fetch(`${ctx.baseUrl}${opts.path}`, { headers: opts.headers });
    const page = (await probe.json()) as { items?: unknown[]; total?: number };
    if (!probe.ok || page.items?.length !== 20)
      throw new Error(`list answered ${probe.status}, not 20 items`);
    // One cadre at a time (what a cadre waits for), then BENCH_CONNECTIONS at once.
    const serial = await ctx.load({ ...opts, connections: 1 });
    const busy = await ctx.load(opts);
    const goal = (r: ScenarioResult) => `p95 ≤ 100 ms ${mark(r.p95Ms != null && r.p95Ms <= GOAL.listP95Ms)}`;
    return {
      ...serial,
      note:
        `1 connection; ${s.paths.length} org × cause queries, page of 20 (e.g. total ${num(page.total ?? 0)}); ` +
        goal(serial),
      subRows: [
        {
          name: `  hardship-list ×${ctx.connections}`,
          result: { ...busy, note: `${ctx.connections} connections; ${goal(busy)}` },
        },
      ],
    };
  },
});

// ---------------------------------------------------------------- dashboard

const DASHBOARD_RUNS = 5;

async function timeGet(url: string, cookie: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    const text = await res.text();
    if (!res.ok) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 200)}`);
    // The first request warms the caches and the statement plans: not counted.
    if (i > 0) times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const skipped = (note: string): ScenarioResult => ({
  reqPerSec: null,
  p50Ms: null,
  p99Ms: null,
  errors: 0,
  note: `skipped: ${note}`,
});

defineScenario({
  name: 'hardship-dashboard',
  description: `GET /api/v1/hardship/stats for the national root and ${PROVINCE}: p50 / max of ${DASHBOARD_RUNS} runs`,
  async setup(ctx) {
    const data = await hardshipData(ctx);
    const national = await ctx.login(ctx.seed.nationalAdminUsername);
    const province = await ctx.login(`bench_admin_${data.province.id}`);
    return { data, national, province };
  },
  async run(ctx, s) {
    const probe = await fetch(`${ctx.baseUrl}/api/v1/hardship/stats`, {
      headers: { cookie: s.national.cookie },
    });
    await probe.arrayBuffer();
    if (probe.status === 404) {
      console.log('[hardship-dashboard] GET /api/v1/hardship/stats answers 404: not built yet, skipped');
      return skipped('GET /api/v1/hardship/stats answers 404 (not built yet)');
    }
    const rows: { name: string; result: ScenarioResult }[] = [];
    // Pre-aggregated figures (rollup tables refreshed by a job), when the module has them: the seed
    // bypasses the app, so refresh them once before timing, and time that too.
    const refresh = registeredJobs().find((j) => j.name.includes('hardship-stats'));
    if (refresh) {
      const started = performance.now();
      const out = (await refresh.handler(ctx.app.deps, {})) as { skipped?: boolean } | null;
      const ms = performance.now() - started;
      console.log(`[hardship-dashboard] job ${refresh.name} refreshed the rollups in ${num(ms / 1000, 1)} s`);
      rows.push({
        name: `  job ${refresh.name}`,
        result: {
          reqPerSec: null,
          p50Ms: ms,
          p99Ms: null,
          errors: 0,
          note:
            `one run of the rollup refresh over ${num(s.data.seed.archives)} archives (p50 column = its time)` +
            (out?.skipped ? '; skipped by the job: the rollups were fresh' : ''),
        },
      });
    }
    for (const [label, cookie, org] of [
      ['national', s.national.cookie, s.data.root],
      ['province', s.province.cookie, s.data.province],
    ] as const) {
      const times = await timeGet(
        `${ctx.baseUrl}/api/v1/hardship/stats?orgId=${org.id}`,
        cookie,
        DASHBOARD_RUNS,
      );
      const p50 = times[Math.floor((times.length - 1) / 2)] ?? 0;
      const max = times[times.length - 1] ?? 0;
      rows.push({
        name: label === 'national' ? 'hardship-dashboard' : `  hardship-dashboard ${label}`,
        result: {
          reqPerSec: null,
          p50Ms: p50,
          p99Ms: max,
          errors: 0,
          note: `${org.name}: p50 / max (p99 column) of ${DASHBOARD_RUNS} sequential runs; ≤ 500 ms ${mark(max <= GOAL.dashboardMs)}`,
        },
      });
    }
    const national = rows.find((r) => r.name === 'hardship-dashboard');
    if (!national) throw new Error('no dashboard measurement');
    return { ...national.result, subRows: rows.filter((r) => r !== national) };
  },
});

// ---------------------------------------------------------------- Excel import

interface ImportRun {
  id: number;
  state: string;
  org: { id: number; name: string };
  totalRows: number | null;
  processedRows: number;
  importedRows: number;
  failedRows: number;
  progress: number;
  errorFileId: string | null;
  failure?: string | null;
}

/** Why rows failed: the reasons of the error workbook, counted (the fixture's rows are all meant to be valid). */
async function logImportErrors(ctx: BenchContext, fileId: string, cookie: string): Promise<void> {
  const res = await fetch(`${ctx.baseUrl}/api/v1/files/${fileId}`, { headers: { cookie } });
  if (!res.ok) return;
  const reasons = new Map<string, number>();
  for await (const row of readSheetRows(Buffer.from(await res.arrayBuffer()))) {
    const reason = (row.values[ERROR_COLUMN] ?? Object.values(row.values).at(-1) ?? '').replace(/\d+/g, 'N');
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 5)) {
    console.log(`[hardship-import] ${num(n)} × ${reason.slice(0, 200)}`);
  }
}

defineScenario({
  name: 'hardship-import',
  description: `POST a ${num(IMPORT_ROWS)}-row workbook to /api/v1/hardship/archives/imports?orgId=<a grassroots union> as the ${PROVINCE} admin, run the import job: time and peak RSS`,
  async setup(ctx) {
    const data = await hardshipData(ctx);
    // A grassroots union of the province: the imported archives land there.
    const client = new pg.Client({ connectionString: ctx.databaseUrl });
    await client.connect();
    let target: Org | undefined;
    try {
      const r = await client.query<Org>(
        `select id, name, path from orgs where type = 'grassroots' and path like $1 order by id limit 1`,
        [`${data.province.path}.%`],
      );
      target = r.rows[0];
    } finally {
      await client.end();
    }
    if (!target) throw new Error(`no grassroots union under ${PROVINCE}`);
    const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-bench-import-'));
    const file = path.join(dir, `hardship-import-${IMPORT_ROWS}.xlsx`);
    const started = Date.now();
    // A fresh ID-number space each run, so leftovers of an interrupted run never make duplicates.
    await writeImportWorkbook(file, IMPORT_ROWS, { seed: 2 + Math.floor(Math.random() * 900) });
    console.log(
      `[hardship-import] wrote ${num(IMPORT_ROWS)} rows (${mib(statSync(file).size)}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    // The province's admin (not a paired helper: the sample refresh gives helpers phones, which a
    // concurrent bench run on the same database would re-encrypt under another key).
    const session = await ctx.login(`bench_admin_${data.province.id}`);
    return { data, dir, file, target, session };
  },
  async run(ctx, s) {
    const api = `${ctx.baseUrl}/api/v1/hardship/archives/imports`;
    const headers = { cookie: s.session.cookie, 'x-csrf-token': s.session.csrf };
    const client = new pg.Client({ connectionString: ctx.databaseUrl });
    await client.connect();
    const maxBefore = Number(
      (await client.query<{ n: number }>('select coalesce(max(id), 0)::int as n from hardship_archives'))
        .rows[0]?.n ?? 0,
    );
    try {
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 100);
      const started = performance.now();
      let run: ImportRun;
      let polls = 0;
      let progressSeen = 0;
      try {
        const form = new FormData();
        form.set('file', new Blob([await readFile(s.file)]), path.basename(s.file));
        const res = await fetch(`${api}?orgId=${s.target.id}`, { method: 'POST', headers, body: form });
        const text = await res.text();
        if (!res.ok) throw new Error(`import upload answered ${res.status}: ${text.slice(0, 300)}`);
        run = JSON.parse(text) as ImportRun;
        // The bench app runs with jobs off (run.ts), so queueImport leaves the run queued: the job's
        // own handler runs it here, in the app's process and on its deps, as a pg-boss worker would.
        const job = hardshipImportJob.handler(ctx.app.deps, { importId: run.id, defaultOrgId: run.org.id });
        let jobError: unknown;
        let jobDone = false;
        job.then(
          () => {
            jobDone = true;
          },
          (e: unknown) => {
            jobDone = true;
            jobError = e;
          },
        );
        let lastLog = performance.now();
        while (run.state === 'queued' || run.state === 'running' || !jobDone) {
          await new Promise((r) => setTimeout(r, 500));
          if (jobError) throw jobError;
          const poll = await fetch(`${api}/${run.id}`, { headers });
          const body = await poll.text();
          if (!poll.ok) throw new Error(`import progress answered ${poll.status}: ${body.slice(0, 300)}`);
          run = JSON.parse(body) as ImportRun;
          polls++;
          if (run.state === 'running' && run.progress > 0 && run.progress < 100) progressSeen++;
          if (performance.now() - lastLog > 10_000) {
            lastLog = performance.now();
            console.log(
              `[hardship-import] ${run.state}: ${num(run.processedRows)} / ${num(run.totalRows ?? IMPORT_ROWS)} rows ` +
                `(${run.progress} %), RSS ${mib(process.memoryUsage().rss)}`,
            );
          }
          if (jobDone && run.state !== 'queued' && run.state !== 'running') break;
        }
      } finally {
        clearInterval(sampler);
      }
      const seconds = (performance.now() - started) / 1000;
      if (run.state !== 'done') throw new Error(`import ${run.state}: ${run.failure ?? ''}`);
      if (run.failedRows > 0 && run.errorFileId)
        await logImportErrors(ctx, run.errorFileId, s.session.cookie);
      return {
        reqPerSec: null,
        p50Ms: null,
        p99Ms: null,
        errors: run.failedRows,
        note:
          `${num(run.importedRows)} imported, ${num(run.failedRows)} failed in ${seconds.toFixed(1)} s ` +
          `(${num(run.processedRows / seconds)} rows/s; ≤ 60 s ${mark(seconds <= GOAL.importSeconds)}); ` +
          `peak RSS ${mib(peak)} (before ${mib(baseline)}; ≤ 1 GiB ${mark(peak <= GOAL.importPeakBytes)}); ` +
          `progress seen in ${progressSeen} of ${polls} polls`,
      };
    } finally {
      // Leave the bench database as seeded: remove what the import created.
      try {
        const removed = await removeArchivesAfter(client, maxBefore);
        if (removed) {
          // Dead rows and index entries left behind would slow the next run's list (a bitmap scan
          // of the province then visits the 100,000 deleted archives too).
          const started = Date.now();
          await client.query('vacuum (analyze) hardship_archives, hardship_qr_tokens');
          console.log(
            `[hardship-import] removed the ${num(removed)} imported archives again ` +
              `(vacuum ${((Date.now() - started) / 1000).toFixed(1)} s)`,
          );
        }
      } catch (e) {
        console.error(`[hardship-import] could not remove the imported archives: ${String(e)}`);
      }
      await client.end();
      rmSync(s.dir, { recursive: true, force: true });
    }
  },
});

/** Delete archives with id > maxId and every row referencing them (found through the FK catalogue). */
async function removeArchivesAfter(client: pg.Client, maxId: number): Promise<number> {
  const refs = await client.query<{ table: string; column: string }>(
    `select c.conrelid::regclass::text as table, a.attname as column
     from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.contype = 'f' and c.confrelid = 'hardship_archives'::regclass`,
  );
  await client.query('begin');
  try {
    // No FK triggers: the set removed is closed (nothing outside points into it), and checking each
    // deleted QR token against the unindexed `replaced_by_id` would scan the token table per row.
    await client.query('set local session_replication_role = replica');
    // Rows pointing at QR tokens of those archives first (attempts → tokens).
    await client.query(
      `delete from hardship_qr_attempts where token_id in
         (select id from hardship_qr_tokens where archive_id > $1)`,
      [maxId],
    );
    for (const r of refs.rows) {
      await client.query(`delete from ${r.table} where "${r.column}" > $1`, [maxId]);
    }
    await client.query(
      `delete from timeline_events where entity_type = 'hardship.archive'
         and entity_id in (select id::text from hardship_archives where id > $1)`,
      [maxId],
    );
    const del = await client.query('delete from hardship_archives where id > $1', [maxId]);
    await client.query('commit');
    return del.rowCount ?? 0;
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  }
}
