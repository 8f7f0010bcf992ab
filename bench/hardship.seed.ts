import { createHash } from 'node:crypto';
import pg from 'pg';
import { idCardCheckChar, maskIdCard, type PiiVault } from '../src/server/platform/pii/pii.ts';
import { hardshipCauses } from '../src/shared/hardship.ts';
import { BENCH_ROOT_NAME } from './seed.ts';

/**
 * 1,000,000 hardship archives (BENCH_ARCHIVES) on the county and grassroots unions of the bench org
 * tree, with their timelines, ~3 assistance records per archive and one active QR token per filed
 * archive. Set-based SQL (generate_series) in one transaction; the secondary indexes of the tables
 * filled are dropped first and rebuilt from their own definitions afterwards (faster than keeping
 * them up to date row by row), foreign-key triggers are off while loading (the rows are consistent
 * by construction), then ANALYZE.
 *
 * Ciphertext and blind indexes: the app of each bench run has a fresh random data key, so nothing
 * encrypted at seed time could be decrypted later. The bulk rows therefore carry placeholders
 * shaped like the real thing (`v1.<iv>.<tag>.<body>` base64url, 43-character blind indexes, unique
 * per archive); every run then re-encrypts a small sample (`refreshHardshipSample`) with the run's
 * own vault: real ID numbers (valid check digit), mobiles, their blind indexes, the sample's QR
 * token ciphertext, and the phones of the paired helpers (shown on every QR page, decrypted per
 * view). Only the sample may be decrypted; the scenarios read nothing else encrypted.
 *
 * QR tokens are a function of the archive's sequence number g (1…N; archive id = base + g):
 * `qrToken(g)`, stored as sha256 hex exactly as qr.service.ts does, so the load generator knows them.
 */

export const HARDSHIP_SAMPLE = 1_000;

const log = (msg: string) => console.log(`[hardship seed] ${msg}`);

/** The QR token of archive number g: 24 base64url characters (144 bits), like real ones. */
export const qrToken = (g: number) =>
  createHash('sha256').update(`niangjia-bench-qr/${g}`, 'utf8').digest('base64url').slice(0, 24);

/** The same in SQL (base64 with the two url-unsafe characters translated; 44 chars, so no line break). */
const SQL_TOKEN = (g: string) =>
  `left(translate(encode(sha256(convert_to('niangjia-bench-qr/' || ${g}, 'UTF8')), 'base64'), '+/', '-_'), 24)`;
/** A base64url string of 43 characters derived from a label and g (placeholder hashes and ciphertext). */
const SQL_B64 = (label: string, g: string) =>
  `rtrim(translate(encode(sha256(convert_to('${label}/' || ${g}, 'UTF8')), 'base64'), '+/', '-_'), '=')`;

export interface HardshipSeedInfo {
  archives: number;
  /** Archive id of g = 1 is base + 1. */
  base: number;
  filed: number;
  assistance: number;
  tokens: number;
  events: number;
  seconds: number;
  skipped: boolean;
}

/** The tables the seed fills; their non-primary-key indexes are rebuilt after loading. */
const TABLES = ['hardship_archives', 'hardship_qr_tokens', 'hardship_assistance', 'timeline_events'];

async function describe(
  client: pg.Client,
  base: number,
  n: number,
  seconds: number,
  skipped: boolean,
): Promise<HardshipSeedInfo> {
  const r = await client.query<{ filed: string; tokens: string; assistance: string; events: string }>(
    `select (select count(*) from hardship_archives where id between $1 and $2 and state = 'filed') as filed,
            (select count(*) from hardship_qr_tokens where archive_id between $1 and $2) as tokens,
            (select reltuples::bigint from pg_class where relname = 'hardship_assistance') as assistance,
            (select reltuples::bigint from pg_class where relname = 'timeline_events') as events`,
    [base + 1, base + n],
  );
  const row = r.rows[0];
  return {
    archives: n,
    base,
    filed: Number(row?.filed ?? 0),
    tokens: Number(row?.tokens ?? 0),
    assistance: Number(row?.assistance ?? 0),
    events: Number(row?.events ?? 0),
    seconds,
    skipped,
  };
}

/** Where an earlier seed put its archives (base, count), found through the QR token of an early g; or null. */
async function findSeed(client: pg.Client): Promise<{ base: number; n: number } | null> {
  // g = 1 … 50: at 72 % filed, one of them has a token (the chance that none has: 0.28^50).
  const hashes = Array.from({ length: 50 }, (_, i) =>
    createHash('sha256')
      .update(qrToken(i + 1))
      .digest('hex'),
  );
  const r = await client.query<{ archive_id: number; g: number }>(
    `select t.archive_id, h.g::int as g
     from unnest($1::text[]) with ordinality as h(hash, g)
     join hardship_qr_tokens t on t.token_hash = h.hash
     order by h.g limit 1`,
    [hashes],
  );
  const hit = r.rows[0];
  if (!hit) return null;
  const base = hit.archive_id - hit.g;
  // Seeded rows carry placeholder blind indexes (`bench:…`) except the sample; later archives
  // (e.g. from the import scenario) have real ones.
  const last = await client.query<{ n: number }>(
    `select coalesce(max(id), 0)::int - $1 as n from hardship_archives
     where id > $1 and (id_card_hash like 'bench:%' or id <= $1 + $2)`,
    [base, HARDSHIP_SAMPLE],
  );
  return { base, n: last.rows[0]?.n ?? 0 };
}

export async function seedHardship(databaseUrl: string, archives: number): Promise<HardshipSeedInfo> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const found = await findSeed(client);
    if (found && found.n >= archives) {
      log(`already seeded (${found.n.toLocaleString('en-US')} archives): skipping`);
      return await describe(client, found.base, found.n, 0, true);
    }
    if (found) {
      throw new Error(
        `bench database has ${found.n} hardship archives, fewer than BENCH_ARCHIVES=${archives}: ` +
          'rerun with BENCH_RESEED=1 to recreate it',
      );
    }
    const root = await client.query<{ path: string }>(
      'select path from orgs where name = $1 and parent_id is null',
      [BENCH_ROOT_NAME],
    );
    const rootPath = root.rows[0]?.path;
    if (!rootPath) throw new Error('bench org tree missing (the platform seed runs first)');

    const started = Date.now();
    let step = Date.now();
    const done = (what: string) => {
      log(`${what} (${((Date.now() - step) / 1000).toFixed(1)} s)`);
      step = Date.now();
    };
    await client.query('begin');
    // Loading only: no FK triggers (rows are consistent by construction), big sorts in memory.
    await client.query(`set local session_replication_role = replica`);
    await client.query(`set local maintenance_work_mem = '512MB'`);
    await client.query(`set local work_mem = '256MB'`);
    await client.query(`set local synchronous_commit = off`);

    const idx = await client.query<{ name: string; def: string }>(
      `select i.relname as name, pg_get_indexdef(x.indexrelid) as def
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
       where t.relname = any($1::text[]) and t.relnamespace = 'public'::regnamespace
         and not x.indisprimary
         and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`,
      [TABLES],
    );
    for (const i of idx.rows) await client.query(`drop index "${i.name}"`);
    done(`dropped ${idx.rows.length} secondary indexes`);

    const baseRes = await client.query<{ base: number }>(
      'select coalesce(max(id), 0)::int as base from hardship_archives',
    );
    const base = baseRes.rows[0]?.base ?? 0;

    // The leaves (county and grassroots unions), their province's GB/T 2260 code and admin (paired helper).
    await client.query(
      `create temp table bench_leaves on commit drop as
       select row_number() over (order by o.id)::int as k, o.id, o.path, o.name,
              coalesce(p.region_code, '450000') as region, u.id as admin_id, u.display_name as admin_name
       from orgs o
       join orgs p on p.path = split_part(o.path, '.', 1) || '.' || split_part(o.path, '.', 2)
       join users u on u.username = 'bench_admin_' || o.id
       where o.type in ('county', 'grassroots') and o.path like $1`,
      [`${rootPath}.%`],
    );
    const leaves = await client.query<{ n: number }>('select count(*)::int as n from bench_leaves');
    const leafCount = leaves.rows[0]?.n ?? 0;
    if (!leafCount) throw new Error('no county or grassroots union in the bench tree');

    // Random draws once per archive (a materialised table, so each draw is used consistently).
    await client.query(
      `create temp table bench_gen on commit drop as
       select g, random() as r_leaf, random() as r_state, random() as r_cause, random() as r_sec,
              random() as r_cat, random() as r_age, random() as r_day, random() as r_inc, random() as r_misc
       from generate_series(1, $1::int) g`,
      [archives],
    );
    done(`${archives.toLocaleString('en-US')} draws`);

    const causes = [...hardshipCauses];
    // Main cause shares (per mille, in hardshipCauses order): 无劳动能力 100, 有劳动能力未就业 100,
    // 下岗失业 150, 未参加社保 60, 社保待遇不到位 80, 患重特大疾病 220, 自然灾害 40, 意外事故 70, 子女上学 120, 其他 60.
    const causeShares = [100, 100, 150, 60, 80, 220, 40, 70, 120, 60];
    let acc = 0;
    const causeCase = `case ${causeShares
      .map((s, i) => {
        acc += s;
        return `when r_cause < ${acc / 1000} then ${i}`;
      })
      .join(' ')} else 9 end`;

    await client.query(
      `create temp table bench_arch on commit drop as
       select g, $1::int + g as id, l.id as org_id, l.path as org_path, l.region, l.admin_id, l.admin_name,
              case when r_state < 0.72 then 'filed' when r_state < 0.83 then 'exited'
                   when r_state < 0.87 then 'rejected' when r_state < 0.895 then 'applied'
                   when r_state < 0.92 then 'accepted' when r_state < 0.95 then 'reviewing'
                   when r_state < 0.97 then 'reviewed' else 'publicizing' end as state,
              ${causeCase} as cause_ix,
              case when r_sec < 0.4 then 0 when r_sec < 0.75 then 1 when r_sec < 0.92 then 2 else 3 end as n_sec,
              (array[1, 3, 7, 9])[1 + floor(r_misc * 4)::int] as sec_step,
              r_cat, r_age, r_day, r_inc, r_misc
       from bench_gen
       join bench_leaves l on l.k = 1 + least($2::int - 1, floor($2 * power(r_leaf, 1.2))::int)`,
      [base, leafCount],
    );
    done('archive plan');

    const surnames =
      '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐韦覃蒙农陆岑廖黎莫潘卢蓝杜邓冯曾彭萧蔡'.split('');
    const given =
      '秀英建国丽萍志强美华国庆小燕德明桂兰文杰海涛玉梅春生红霞永福金凤少华宝山慧敏晓东淑珍卫东'.split('');
    await client.query(
      `insert into hardship_archives (
         id, org_id, org_path, state, channel, name, id_card_enc, id_card_hash, id_card_masked, sex, birth_date,
         ethnicity, health, disability_category, work_status, employer, employer_union, address_enc, members,
         helper_user_id, main_cause, secondary_causes, annual_income_fen, medical_expense_fen,
         schooling_expense_fen, household_size, per_capita_monthly_fen, dibao_monthly_fen,
         suggested_category, category, housing_type, housing_area_m2, housing_condition, plan,
         publicity_start, publicity_end, reject_reason, exit_reason, created_by, filed_at, exited_at,
         review_due, created_at, updated_at)
       select id, org_id, org_path, state, channel, name,
              'v1.' || substr(h, 1, 16) || '.' || substr(h, 17, 22) || '.' || substr(h, 20, 24),
              'bench:' || left(${SQL_B64('niangjia-bench-id', 'g')}, 37),
              left(region, 4) || '**********' || lpad((g % 10000)::text, 4, '0'),
              sex, birth_date, '汉族', health,
              case when health = 'disabled' then 'physical' end,
              work_status, employer, employer || '工会',
              'v1.' || substr(h, 5, 16) || '.' || substr(h, 21, 22) || '.' || h,
              case when household_size > 1 then jsonb_build_array(jsonb_build_object(
                'name', left(name, 1) || '小' || right(name, 1), 'relation', '子女', 'idCardMasked', null,
                'health', 'healthy', 'annualIncomeFen', null, 'schoolOrEmployer', '第' || (g % 90 + 1) || '中学'))
              else '[]'::jsonb end,
              admin_id, main_cause, secondary_causes, annual_income_fen, medical_expense_fen, 0,
              household_size, annual_income_fen / 12 / household_size, 85000,
              suggested, case when state in ('filed', 'exited') then suggested end,
              (array['owned', 'rented', 'public', 'other'])[1 + floor(r_misc * 4)::int],
              30 + round((r_inc * 60)::numeric, 1)::float8, '一般',
              case when state = 'filed' then jsonb_build_array(jsonb_build_object(
                'type', '就业帮扶', 'responsible', admin_name, 'targetDate', (filed_at + interval '1 year')::date,
                'status', 'ongoing', 'result', null)) else '[]'::jsonb end,
              case when state in ('publicizing', 'filed', 'exited') then (created_at + interval '18 days')::date end,
              case when state in ('publicizing', 'filed', 'exited') then (created_at + interval '25 days')::date end,
              case when state = 'rejected' then '核查发现家庭人均收入高于当地低保标准两倍' end,
              case when state = 'exited' then
                (array['incomeMet', 'incomeMet', 'incomeMet', 'retired', 'movedOut', 'other'])[1 + floor(r_misc * 6)::int] end,
              admin_id, filed_at, exited_at,
              case when state = 'filed' then
                -- a year after filing, renewed by each yearly review; ~3 % of them overdue
                (filed_at::date + 365 * (1 + floor(extract(epoch from now() - filed_at) / 86400 / 365))::int
                  - case when r_misc < 0.03 then 400 else 0 end)::date end,
              created_at, greatest(created_at, filed_at, exited_at) + interval '1 hour'
       from (
         select a.*,
                ${SQL_B64('niangjia-bench-pii', 'g')} as h,
                case when r_misc < 0.15 then 'self' else 'window' end as channel,
                (array['${surnames.join("','")}'])[1 + (g % ${surnames.length})]
                  || (array['${given.join("','")}'])[1 + ((g / 7) % ${given.length})]
                  || case when g % 10 < 7 then (array['${given.join("','")}'])[1 + ((g / 13) % ${given.length})] else '' end
                  as name,
                case when g % 2 = 1 then 'male' else 'female' end as sex,
                (date '1962-01-01' + floor(r_age * 14600)::int) as birth_date,
                case when r_inc < 0.45 then 'healthy' when r_inc < 0.7 then 'chronic'
                     when r_inc < 0.9 then 'serious' else 'disabled' end as health,
                (array['employed', 'employed', 'employed', 'employed', 'laidOff', 'unemployed', 'retired',
                       'migrant', 'migrant', 'newForm'])[1 + (g / 11 % 10)::int] as work_status,
                '第' || (g % 97 + 1) || (array['建筑工程公司', '环卫站', '百货商场', '纺织厂', '物流公司'])[1 + g % 5]
                  as employer,
                (array['${causes.join("','")}'])[1 + cause_ix] as main_cause,
                coalesce((select jsonb_agg((array['${causes.join("','")}'])[1 + (cause_ix + sec_step * k) % 10] order by k)
                          from generate_series(1, n_sec) k), '[]'::jsonb) as secondary_causes,
                (1200000 + floor(r_inc * 3600000))::int as annual_income_fen,
                case when cause_ix = 5 then (100000 + floor(r_misc * 3000000))::int else 0 end as medical_expense_fen,
                hs.size as household_size,
                case when cause_ix in (6, 7) then 'accident'
                     when (1200000 + floor(r_inc * 3600000)) / 12 / hs.size < 85000 then 'deep'
                     else 'relative' end as suggested,
                f.created_at,
                case when state in ('filed', 'exited') then f.created_at + interval '30 days' end as filed_at,
                case when state = 'exited' then f.created_at + interval '30 days'
                  + (now() - f.created_at - interval '31 days') * r_misc end as exited_at
         from bench_arch a,
              -- household sizes 1–5: 10 %, 20 %, 35 %, 25 %, 10 %
              lateral (select (array[1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5])[1 + floor(a.r_cat * 20)::int]
                         as size) hs,
              lateral (select case when a.state in ('filed', 'exited', 'rejected')
                          then now() - interval '35 days' - interval '1060 days' * a.r_day
                          else now() - interval '30 days' * a.r_day end as created_at) f
       ) x`,
    );
    await client.query(
      `select setval(pg_get_serial_sequence('hardship_archives', 'id'), (select max(id) from hardship_archives))`,
    );
    done(`${archives.toLocaleString('en-US')} archives`);

    await client.query(
      `insert into hardship_qr_tokens (archive_id, token_hash, token_enc, state, created_by, created_at)
       select id, encode(sha256(convert_to(${SQL_TOKEN('g')}, 'UTF8')), 'hex'),
              'v1.' || substr(h, 1, 16) || '.' || substr(h, 17, 22) || '.' || left(h, 32),
              'active', created_by, filed_at
       from (select id - $1 as g, id, created_by, filed_at, ${SQL_B64('niangjia-bench-qrenc', '(id - $1)')} as h
             from hardship_archives where id > $1 and state = 'filed') t`,
      [base],
    );
    done('QR tokens');

    // 帮扶救助: 0–7 records (3.5 on average) per filed or exited archive, on dates since filing.
    await client.query(
      `insert into hardship_assistance (archive_id, type, amount_fen, items, date, giving_org_id, note,
                                        created_by, created_by_name, created_at)
       select id, type,
              case type when 'warmth' then 50000 when 'living' then 100000 + (k * 37 + id) % 21 * 10000
                        when 'medical' then 200000 + (k * 53 + id) % 41 * 20000
                        when 'schooling' then 300000 + (k * 11 + id) % 3 * 100000
                        when 'employment' then null else 80000 + (k * 7 + id) % 10 * 10000 end,
              case type when 'warmth' then '大米 1 袋、食用油 1 桶' when 'employment' then '职业技能培训 1 期' end,
              d, org_id,
              case type when 'warmth' then '元旦春节送温暖' when 'schooling' then '金秋助学' end,
              created_by, '帮扶干部', d::timestamptz + interval '10 hours'
       from (
         select a.id, a.org_id, a.created_by, k,
                (array['warmth', 'warmth', 'warmth', 'warmth', 'warmth', 'warmth', 'warmth', 'living', 'living',
                       'living', 'living', 'living', 'medical', 'medical', 'schooling', 'schooling', 'employment',
                       'housing', 'socialInsurance', 'other'])[1 + (a.id * 7 + k * 13) % 20] as type,
                (a.filed_at + (coalesce(a.exited_at, now()) - a.filed_at) * ((a.id * 31 + k * 17) % 997 / 997.0))::date as d
         from hardship_archives a, generate_series(1, (a.id * 2654435761 % 4294967296 % 8)::int) k
         where a.id > $1 and a.state in ('filed', 'exited')
       ) t`,
      [base],
    );
    done('assistance records');

    // Timelines: the steps each state went through, on plausible dates.
    await client.query(
      `insert into timeline_events (entity_type, entity_id, event, from_state, to_state, actor_user_id,
                                    actor_name, actor_role, note, at)
       select 'hardship.archive', a.id::text, s.event, s.from_state, s.to_state, a.created_by, '帮扶干部',
              case when s.event in ('pass', 'approve') then 'reviewer' else 'cadre' end,
              case s.event when 'reject' then a.reject_reason when 'approve' then '经公示无异议，同意建档' end,
              case s.event when 'approve' then a.filed_at when 'exit' then a.exited_at
                           else a.created_at + s.offset_days * interval '1 day' end
       from hardship_archives a
       join (values
         ('create', null, 'applied', 0, 0),
         ('accept', 'applied', 'accepted', 2, 1),
         ('submit', 'accepted', 'reviewing', 10, 2),
         ('pass', 'reviewing', 'reviewed', 15, 3),
         ('publicize', 'reviewed', 'publicizing', 18, 4),
         ('approve', 'publicizing', 'filed', 30, 5),
         ('exit', 'filed', 'exited', 0, 6),
         ('reject', 'reviewing', 'rejected', 12, 9)
       ) as s(event, from_state, to_state, offset_days, rank)
         on s.rank <= case a.state when 'applied' then 0 when 'accepted' then 1 when 'reviewing' then 2
                                   when 'reviewed' then 3 when 'publicizing' then 4 when 'filed' then 5
                                   when 'exited' then 6 when 'rejected' then 2 end
            or (a.state = 'rejected' and s.event = 'reject')
       where a.id > $1
       order by a.id, s.rank`,
      [base],
    );
    done('timeline events');

    for (const i of idx.rows) await client.query(i.def);
    done(`rebuilt ${idx.rows.length} indexes`);
    await client.query('commit');
    for (const t of TABLES) await client.query(`analyze ${t}`);
    done('commit + analyze');
    const seconds = (Date.now() - started) / 1000;
    log(`seeded in ${seconds.toFixed(1)} s`);
    return await describe(client, base, archives, seconds, false);
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    await client.end();
  }
}

/** Mobile number of sample archive g (unique per g, valid prefix). */
const sampleMobile = (g: number) => `136${String(10_000_000 + g).slice(-8)}`;

/**
 * Give the first HARDSHIP_SAMPLE archives real PII encrypted with this run's vault (ID number with
 * a valid check character matching the stored birth date and sex, mobile, their blind indexes), the
 * real ciphertext of their QR tokens, and the paired helpers (leaf-union admins) a phone number.
 */
export async function refreshHardshipSample(
  databaseUrl: string,
  seed: HardshipSeedInfo,
  vault: PiiVault,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = await client.query<{ id: number; birth: string; sex: string; region: string }>(
      `select a.id, to_char(a.birth_date, 'YYYYMMDD') as birth, a.sex, coalesce(p.region_code, '450000') as region
       from hardship_archives a
       join orgs p on p.path = split_part(a.org_path, '.', 1) || '.' || split_part(a.org_path, '.', 2)
       where a.id between $1 and $2 order by a.id`,
      [seed.base + 1, seed.base + Math.min(HARDSHIP_SAMPLE, seed.archives)],
    );
    const ids: number[] = [];
    const idEnc: string[] = [];
    const idHash: string[] = [];
    const idMasked: string[] = [];
    const mobEnc: string[] = [];
    const mobHash: string[] = [];
    const tokEnc: string[] = [];
    const used = new Set<string>();
    for (const r of rows.rows) {
      const g = r.id - seed.base;
      // Region: the province code with a county part; order: odd for men, even for women.
      let seq = (g % 499) * 2 + (r.sex === 'male' ? 1 : 0);
      let first17 = '';
      do {
        first17 = `${r.region.slice(0, 2)}0102${r.birth}${String(seq % 1000).padStart(3, '0')}`;
        seq += 2;
      } while (used.has(first17));
      used.add(first17);
      const idCard = first17 + idCardCheckChar(first17);
      ids.push(r.id);
      idEnc.push(vault.encrypt(idCard));
      idHash.push(vault.blindIndex('idcard', idCard));
      idMasked.push(maskIdCard(idCard));
      mobEnc.push(vault.encrypt(sampleMobile(g)));
      mobHash.push(vault.blindIndex('mobile', sampleMobile(g)));
      tokEnc.push(vault.encrypt(qrToken(g)));
    }
    await client.query('begin');
    await client.query(
      `update hardship_archives a set id_card_enc = s.enc, id_card_hash = s.hash, id_card_masked = s.masked,
              mobile_enc = s.menc, mobile_hash = s.mhash
       from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
            as s(id, enc, hash, masked, menc, mhash)
       where a.id = s.id`,
      [ids, idEnc, idHash, idMasked, mobEnc, mobHash],
    );
    await client.query(
      `update hardship_qr_tokens t set token_enc = s.enc
       from unnest($1::int[], $2::text[]) as s(id, enc)
       where t.archive_id = s.id and t.state = 'active'`,
      [ids, tokEnc],
    );
    // Paired helpers' work phones (the QR page shows and decrypts them on every view).
    const helpers = await client.query<{ id: number }>(
      `select distinct helper_user_id as id from hardship_archives
       where id between $1 and $2 and helper_user_id is not null`,
      [seed.base + 1, seed.base + seed.archives],
    );
    const hIds = helpers.rows.map((h) => h.id);
    const phones = hIds.map((id) => `137${String(10_000_000 + id).slice(-8)}`);
    await client.query(`update users set phone_enc = null, phone_hash = null where id = any($1::int[])`, [
      hIds,
    ]);
    await client.query(
      `update users u set phone_enc = s.enc, phone_hash = s.hash
       from unnest($1::int[], $2::text[], $3::text[]) as s(id, enc, hash) where u.id = s.id`,
      [hIds, phones.map((p) => vault.encrypt(p)), phones.map((p) => vault.blindIndex('mobile', p))],
    );
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    await client.end();
  }
}
