import pg from 'pg';
import { hashPassword } from '../src/server/platform/auth/password.ts';

/**
 * A national-scale union tree for load tests, seeded with set-based SQL in one transaction:
 *   1 national → 31 provincial → 333 municipal → 1,998 county → 666 grassroots  (3,029 orgs)
 *   100,000 workers (home org and `worker` membership on a county or grassroots union)
 *   + one `admin` account per org.
 * Every account shares one argon2id hash of BENCH_PASSWORD.
 */
export const BENCH_ROOT_NAME = '中华全国总工会（基准测试）';
export const BENCH_PASSWORD = 'Bench-Pass-2026';

export interface SeedInfo {
  orgs: number;
  users: number;
  /** A worker on a grassroots/county union. */
  workerUsername: string;
  /** The admin of the national org (sees the whole tree). */
  nationalAdminUsername: string;
  password: string;
  /** Seconds spent seeding; 0 when the data was already there. */
  seconds: number;
  skipped: boolean;
}

// The 31 provincial-level divisions of the mainland with their GB/T 2260 codes.
const PROVINCES: [string, string][] = [
  ['北京市', '110000'],
  ['天津市', '120000'],
  ['河北省', '130000'],
  ['山西省', '140000'],
  ['内蒙古自治区', '150000'],
  ['辽宁省', '210000'],
  ['吉林省', '220000'],
  ['黑龙江省', '230000'],
  ['上海市', '310000'],
  ['江苏省', '320000'],
  ['浙江省', '330000'],
  ['安徽省', '340000'],
  ['福建省', '350000'],
  ['江西省', '360000'],
  ['山东省', '370000'],
  ['河南省', '410000'],
  ['湖北省', '420000'],
  ['湖南省', '430000'],
  ['广东省', '440000'],
  ['广西壮族自治区', '450000'],
  ['海南省', '460000'],
  ['重庆市', '500000'],
  ['四川省', '510000'],
  ['贵州省', '520000'],
  ['云南省', '530000'],
  ['西藏自治区', '540000'],
  ['陕西省', '610000'],
  ['甘肃省', '620000'],
  ['青海省', '630000'],
  ['宁夏回族自治区', '640000'],
  ['新疆维吾尔自治区', '650000'],
];

const log = (msg: string) => console.log(`[seed] ${msg}`);

/** Rewrite the placeholder paths of freshly inserted orgs to `<parent path>.<id>`. */
const FIX_PATHS = `
  update orgs c set path = p.path || '.' || c.id
  from orgs p
  where c.parent_id = p.id and c.path like 'tmp.%'`;

export async function seedBench(databaseUrl: string, users: number): Promise<SeedInfo> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const existing = await client.query<{ path: string | null; orgs: string; users: string }>(
      `select (select path from orgs where name = $1 and parent_id is null) as path,
              (select count(*) from orgs) as orgs,
              (select count(*) from users where username ~ '^bench[0-9]+$') as users`,
      [BENCH_ROOT_NAME],
    );
    const row = existing.rows[0];
    if (row?.path && Number(row.users) >= users) {
      log(`already seeded (${row.orgs} orgs, ${row.users} workers): skipping`);
      return await describe(client, 0, true);
    }
    if (row?.path) {
      throw new Error(
        `bench database has ${row.users} workers, fewer than BENCH_USERS=${users}: ` +
          'rerun with BENCH_RESEED=1 to recreate it',
      );
    }
    const started = Date.now();
    let step = Date.now();
    const done = (what: string) => {
      log(`${what} (${((Date.now() - step) / 1000).toFixed(1)} s)`);
      step = Date.now();
    };
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    await client.query('begin');

    await client.query(
      `insert into orgs (parent_id, type, name, region_code, path, depth)
       values (null, 'national', $1, null, 'tmp.root', 0)`,
      [BENCH_ROOT_NAME],
    );
    await client.query(`update orgs set path = id::text where path = 'tmp.root'`);
    await client.query(
      `insert into orgs (parent_id, type, name, region_code, path, depth)
       select r.id, 'provincial', p.name || '总工会', p.code, 'tmp.' || gen_random_uuid(), 1
       from orgs r, unnest($2::text[], $3::text[]) with ordinality as p(name, code, ord)
       where r.name = $1 and r.parent_id is null
       order by p.ord`,
      [BENCH_ROOT_NAME, PROVINCES.map((p) => p[0]), PROVINCES.map((p) => p[1])],
    );
    await client.query(FIX_PATHS);
    done('national + 31 provincial');

    // 333 municipal: the first 23 provinces get 11, the other 8 get 10.
    await client.query(
      `insert into orgs (parent_id, type, name, path, depth)
       select p.id, 'municipal', replace(p.name, '总工会', '') || '第' || g || '市总工会',
              'tmp.' || gen_random_uuid(), 2
       from (select id, name, row_number() over (order by id) as rn
             from orgs where type = 'provincial' and path like $1) p,
            generate_series(1, case when p.rn <= 23 then 11 else 10 end) g`,
      [`${await rootPath(client)}.%`],
    );
    await client.query(FIX_PATHS);
    done('333 municipal');

    await client.query(
      `insert into orgs (parent_id, type, name, path, depth)
       select m.id, 'county', replace(m.name, '总工会', '') || '第' || g || '县（区）总工会',
              'tmp.' || gen_random_uuid(), 3
       from orgs m, generate_series(1, 6) g
       where m.type = 'municipal' and m.path like $1`,
      [`${await rootPath(client)}.%`],
    );
    await client.query(FIX_PATHS);
    // One grassroots union under every third county.
    await client.query(
      `insert into orgs (parent_id, type, name, path, depth)
       select c.id, 'grassroots', replace(c.name, '总工会', '') || '机关基层工会', 'tmp.' || gen_random_uuid(), 4
       from (select id, name, row_number() over (order by id) as rn
             from orgs where type = 'county' and path like $1) c
       where c.rn % 3 = 1`,
      [`${await rootPath(client)}.%`],
    );
    await client.query(FIX_PATHS);
    done('1,998 county + 666 grassroots');

    await client.query(
      `with leaves as (
         select array_agg(id order by id) as ids from orgs
         where type in ('county', 'grassroots') and path like $3
       )
       insert into users (username, display_name, org_id, password_hash)
       select 'bench' || lpad(g::text, 6, '0'), '职工' || lpad(g::text, 6, '0'),
              leaves.ids[1 + (g - 1) % array_length(leaves.ids, 1)], $2
       from leaves, generate_series(1, $1::int) g`,
      [users, passwordHash, `${await rootPath(client)}.%`],
    );
    done(`${users.toLocaleString('en-US')} workers`);
    await client.query(
      `insert into users (username, display_name, org_id, password_hash)
       select 'bench_admin_' || o.id, o.name || '管理员', o.id, $1
       from orgs o where o.path = $2 or o.path like $3`,
      [passwordHash, await rootPath(client), `${await rootPath(client)}.%`],
    );
    await client.query(
      `insert into memberships (user_id, org_id, role)
       select id, org_id, case when username like 'bench\\_admin\\_%' then 'admin' else 'worker' end
       from users where username like 'bench%'`,
    );
    done('org admins + memberships');
    await client.query('commit');
    await client.query('analyze');
    done('commit + analyze');
    const seconds = (Date.now() - started) / 1000;
    log(`seeded in ${seconds.toFixed(1)} s`);
    return await describe(client, seconds, false);
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    await client.end();
  }
}

async function rootPath(client: pg.Client): Promise<string> {
  const res = await client.query<{ path: string }>(
    'select path from orgs where name = $1 and parent_id is null',
    [BENCH_ROOT_NAME],
  );
  const path = res.rows[0]?.path;
  if (!path) throw new Error('bench root org missing');
  return path;
}

async function describe(client: pg.Client, seconds: number, skipped: boolean): Promise<SeedInfo> {
  const root = await rootPath(client);
  const res = await client.query<{ orgs: string; users: string; root_id: string }>(
    `select (select count(*) from orgs where path = $1 or path like $2) as orgs,
            (select count(*) from users where username like 'bench%') as users,
            (select id from orgs where path = $1) as root_id`,
    [root, `${root}.%`],
  );
  const r = res.rows[0];
  return {
    orgs: Number(r?.orgs ?? 0),
    users: Number(r?.users ?? 0),
    workerUsername: 'bench000001',
    nationalAdminUsername: `bench_admin_${r?.root_id}`,
    password: BENCH_PASSWORD,
    seconds,
    skipped,
  };
}
