import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { hashPassword } from '../src/server/platform/auth/password.ts';
import { BENCH_PASSWORD, BENCH_ROOT_NAME } from './seed.ts';

/**
 * 微心愿 claim race (issue #5 point 9), its own small data in the bench database, independent of the
 * hardship seed: a municipal union with four grassroots unions under the bench root, 100 hardship
 * archives (placeholders: the race never reads their personal data), 200 donor accounts with
 * profiles, and, on every run, 100 freshly published wishes and a fresh session per donor.
 *
 * Sessions are inserted directly, shaped as platform/auth/sessions.ts creates them (the row id is
 * the SHA-256 of the cookie token), instead of 200 logins hashing passwords with argon2. Wishes of
 * earlier runs stay (claimed) in the database; each run races on its own new ones.
 */

export const WISH_ORG_NAME = '北海市总工会（微心愿基准测试）';
const CHILDREN = ['海城区总工会', '银海区总工会', '铁山港区总工会', '合浦县总工会'];

const log = (msg: string) => console.log(`[wishes seed] ${msg}`);

export interface WishesBenchDonor {
  userId: number;
  /** `Cookie` header value. */
  cookie: string;
  csrf: string;
}

export interface WishesBenchSeed {
  orgId: number;
  wishIds: number[];
  donors: WishesBenchDonor[];
  seconds: number;
}

/** The session row id of a cookie token (as sessions.ts stores it). */
const sessionId = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function seedWishes(
  databaseUrl: string,
  opts: { wishes: number; donors: number },
): Promise<WishesBenchSeed> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    const rootRow = await client.query<{ id: number; path: string }>(
      'select id, path from orgs where name = $1 and parent_id is null',
      [BENCH_ROOT_NAME],
    );
    const root = rootRow.rows[0];
    if (!root) throw new Error('bench root org missing (bench/seed.ts runs first)');

    // ---- orgs (once)
    let city = (
      await client.query<{ id: number; path: string }>(
        'select id, path from orgs where name = $1 and parent_id = $2',
        [WISH_ORG_NAME, root.id],
      )
    ).rows[0];
    if (!city) {
      const inserted = await client.query<{ id: number }>(
        `insert into orgs (parent_id, type, name, path, depth) values ($1, 'municipal', $2, 'tmp.wishes', 1)
         returning id`,
        [root.id, WISH_ORG_NAME],
      );
      const id = inserted.rows[0]?.id;
      if (!id) throw new Error('org insert failed');
      city = { id, path: `${root.path}.${id}` };
      await client.query('update orgs set path = $2 where id = $1', [id, city.path]);
      for (const name of CHILDREN) {
        const child = await client.query<{ id: number }>(
          `insert into orgs (parent_id, type, name, path, depth) values ($1, 'county', $2, 'tmp.wishes', 2)
           returning id`,
          [id, name],
        );
        await client.query(`update orgs set path = $2 || '.' || id where id = $1`, [
          child.rows[0]?.id,
          city.path,
        ]);
      }
      log(`created ${WISH_ORG_NAME} and ${CHILDREN.length} county unions`);
    }
    const children = (
      await client.query<{ id: number; path: string; name: string }>(
        'select id, path, name from orgs where parent_id = $1 order by id',
        [city.id],
      )
    ).rows;

    // ---- archives (once): one per wish, spread over the county unions
    await client.query(
      `insert into hardship_archives (org_id, org_path, state, channel, name, id_card_enc, id_card_hash,
         id_card_masked, sex, birth_date, health, work_status, main_cause, annual_income_fen,
         household_size, per_capita_monthly_fen, dibao_monthly_fen, filed_at)
       select ($2::int[])[1 + (g - 1) % cardinality($2::int[])], ($3::text[])[1 + (g - 1) % cardinality($2::int[])],
         'filed', 'window', '职工' || g, 'bench-placeholder', 'bench-wish-archive-' || g,
         '450502********' || lpad(g::text, 4, '0'), case when g % 2 = 0 then 'female' else 'male' end,
         '1980-01-01', 'healthy', 'laidOff', 'laidOff', 1200000, 3, 33333, 80000, now()
       from generate_series(1, $1::int) g
       where not exists (select 1 from hardship_archives a where a.id_card_hash = 'bench-wish-archive-' || g)`,
      [opts.wishes, children.map((c) => c.id), children.map((c) => c.path)],
    );
    const archives = (
      await client.query<{ id: number; org_id: number; org_path: string; g: number }>(
        `select id, org_id, org_path, substr(id_card_hash, 20)::int as g from hardship_archives
         where id_card_hash like 'bench-wish-archive-%' and substr(id_card_hash, 20)::int <= $1
         order by g`,
        [opts.wishes],
      )
    ).rows;
    if (archives.length !== opts.wishes) throw new Error(`expected ${opts.wishes} bench archives`);

    // ---- donors (once): one argon2 hash shared by every account
    const existingDonors = await client.query<{ n: string }>(
      `select count(*) as n from users where username like 'benchdonor%'`,
    );
    if (Number(existingDonors.rows[0]?.n ?? 0) < opts.donors) {
      const hash = await hashPassword(BENCH_PASSWORD);
      await client.query(
        `insert into users (username, display_name, org_id, password_hash)
         select 'benchdonor' || lpad(g::text, 4, '0'),
           case when g % 10 = 0 then '爱心企业' || g else '爱心人士' || g end, $2, $3
         from generate_series(1, $1::int) g
         where not exists (select 1 from users u where u.username = 'benchdonor' || lpad(g::text, 4, '0'))`,
        [opts.donors, city.id, hash],
      );
      await client.query(
        `insert into memberships (user_id, org_id, role)
         select u.id, $1, 'donor' from users u
         where u.username like 'benchdonor%'
           and not exists (select 1 from memberships m where m.user_id = u.id and m.role = 'donor')`,
        [city.id],
      );
      await client.query(
        `insert into donor_profiles (user_id, kind, enterprise_name, show_on_thanks_list)
         select u.id, case when u.display_name like '爱心企业%' then 'enterprise' else 'person' end,
           case when u.display_name like '爱心企业%' then '北海' || u.display_name || '有限公司' end, true
         from users u where u.username like 'benchdonor%'
         on conflict (user_id) do nothing`,
      );
      log(`created ${opts.donors} donor accounts`);
    }
    const donorRows = (
      await client.query<{ user_id: number; membership_id: number }>(
        `select u.id as user_id, m.id as membership_id from users u
         join memberships m on m.user_id = u.id and m.role = 'donor'
         where u.username like 'benchdonor%' order by u.username limit $1`,
        [opts.donors],
      )
    ).rows;
    if (donorRows.length !== opts.donors) throw new Error(`expected ${opts.donors} bench donors`);

    // ---- every run: fresh sessions (earlier ones revoked) and fresh published wishes
    await client.query(
      `update sessions set revoked_at = now()
       where revoked_at is null and user_id in (select id from users where username like 'benchdonor%')`,
    );
    const donors: WishesBenchDonor[] = donorRows.map((d) => {
      const token = randomBytes(32).toString('base64url');
      return {
        userId: d.user_id,
        cookie: `nj_session=${token}`,
        csrf: randomBytes(24).toString('base64url'),
      };
    });
    await client.query(
      `insert into sessions (id, user_id, membership_id, csrf_token, expires_at)
       select id, user_id, membership_id, csrf, now() + interval '1 day'
       from unnest($1::text[], $2::int[], $3::int[], $4::text[]) as s(id, user_id, membership_id, csrf)`,
      [
        donors.map((d) => sessionId(d.cookie.slice('nj_session='.length))),
        donors.map((d) => d.userId),
        donorRows.map((d) => d.membership_id),
        donors.map((d) => d.csrf),
      ],
    );
    const wishRows = await client.query<{ id: number }>(
      `insert into wishes (org_id, org_path, archive_id, state, channel, title, story, category, value_fen,
         masked_name, region, published_at)
       select a.org_id, a.org_path, a.id, 'published', 'cadre', '心愿' || a.g || '：一双溜冰鞋',
         '女儿喜欢溜冰，想给她买一双溜冰鞋，陪她一起练习。', 'living', 30000,
         case when a.g % 2 = 0 then '韦女士' else '韦先生' end, '北海市 · ' || o.name, now()
       from unnest($1::int[], $2::int[], $3::text[], $4::int[]) as a(id, org_id, org_path, g)
       join orgs o on o.id = a.org_id
       order by a.g
       returning id`,
      [
        archives.map((a) => a.id),
        archives.map((a) => a.org_id),
        archives.map((a) => a.org_path),
        archives.map((a) => a.g),
      ],
    );
    await client.query('commit');
    await client.query('analyze wishes, wish_claims, sessions');
    const seconds = (Date.now() - started) / 1000;
    log(`${wishRows.rowCount} published wishes, ${donors.length} donor sessions (${seconds.toFixed(1)} s)`);
    return { orgId: city.id, wishIds: wishRows.rows.map((r) => r.id), donors, seconds };
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    await client.end();
  }
}
