import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentFrom, createTestApp, type TestApp } from '../../../../test/app.ts';
import { type TWish, wishStates } from '../../../shared/wishes.ts';
import { sqlRows } from '../../db/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';
import { seedWishesDemo } from './wishes.demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  expect(await seedDemo(t.app.deps)).toBe(true);
}, 300_000);
afterAll(async () => {
  await t.close();
});

async function login(username: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  expect(res.statusCode, username).toBe(200);
  return agentFrom(t, res);
}
const rows = <T>(query: ReturnType<typeof sql>) => sqlRows<T>(t.database.db, query);

describe('wishes demo data', () => {
  it('has wishes in every state, once (a second run adds nothing)', async () => {
    const byState = await rows<{ state: string; n: number }>(
      sql`select state, count(*)::int as n from wishes group by state`,
    );
    expect(new Set(byState.map((r) => r.state))).toEqual(new Set(wishStates));
    expect(byState.reduce((s, r) => s + Number(r.n), 0)).toBe(15);
    expect(await seedWishesDemo(t.app.deps)).toBeNull();
  });

  it('claims match the wishes: one live claim per claimed/sent wish, a fulfilled one per fulfilled wish', async () => {
    const bad = await rows<{ id: number }>(sql`
      select w.id from wishes w
      where (w.state in ('claimed', 'sent') and (select count(*) from wish_claims c
               where c.wish_id = w.id and c.state = case w.state when 'claimed' then 'active' else 'sent' end) <> 1)
         or (w.state = 'fulfilled' and not exists (select 1 from wish_claims c where c.wish_id = w.id and c.state = 'fulfilled'))
         or (w.state in ('pending', 'returned', 'rejected', 'withdrawn', 'published')
             and exists (select 1 from wish_claims c where c.wish_id = w.id and c.state in ('active', 'sent')))`);
    expect(bad).toEqual([]);
    // Open wishes respect the one-per-archive limit; every wish's archive is on file.
    const over = await rows(sql`select archive_id from wishes
      where state in ('pending', 'returned', 'published', 'claimed', 'sent') group by archive_id having count(*) > 1`);
    expect(over).toEqual([]);
    const notFiled = await rows(sql`select w.id from wishes w join hardship_archives a on a.id = w.archive_id
      where a.state <> 'filed'`);
    expect(notFiled).toEqual([]);
    // Times were moved into the past, in order; live claims are not overdue.
    const disorder = await rows(sql`select entity_id from timeline_events where entity_type = 'wishes.wish'
      group by entity_id having max(at) > now() or not (array_agg(at order by id) = array_agg(at order by at, id))`);
    expect(disorder).toEqual([]);
    const overdue = await rows(
      sql`select id from wish_claims where state = 'active' and deadline < current_date`,
    );
    expect(overdue).toEqual([]);
    const [event] = await rows<{ n: number }>(
      sql`select count(*)::int as n from wish_claims where activity_id is not null and donor_user_id is null`,
    );
    expect(Number(event?.n)).toBe(1);
  });

  it('the demo worker can post; their fulfilled wish carries a thank-you note', async () => {
    const worker = await login('13900000003');
    const mine = (await worker.get('/api/v1/wishes/mine')).json();
    expect(mine).toMatchObject({ canPost: true, reason: null, valueCapFen: 60_000 });
    const done = (mine.items as TWish[]).find((w) => w.state === 'fulfilled');
    expect(done?.thanks).toContain('谢谢蓝女士');
    expect(done?.claim?.donorName).toBe('爱心人士 蓝女士');
    const posted = await worker.post('/api/v1/wishes', {
      title: '一套儿童绘本',
      story: '孩子喜欢看书，家附近没有图书馆，想要一套绘本。',
      category: 'culture',
      valueFen: 15_000,
    });
    expect(posted.statusCode, posted.body).toBe(201);
  });

  it('the donors sign in and see the wishes they claimed; the wall, regions and thanks list are populated', async () => {
    const [claim] = await rows<{ wish_id: number }>(sql`select c.wish_id from wish_claims c
      join users u on u.id = c.donor_user_id where u.username = 'donor_corp' and c.state = 'active'`);
    const corp = await login('donor_corp');
    const wish = (await corp.get(`/api/v1/wishes/${claim?.wish_id}`)).json() as TWish;
    expect(wish.claim?.donorName).toBe('爱心企业 百色市红城建材有限公司');
    await login('donor_li');
    const wall = (
      await t.app.inject({ method: 'GET', url: '/api/v1/wishes/wall?state=all&pageSize=100' })
    ).json();
    expect(wall.items.length).toBeGreaterThanOrEqual(10);
    expect(wall.items.some((w: { region: string }) => w.region.startsWith('百色市'))).toBe(true);
    const regions = (await t.app.inject({ method: 'GET', url: '/api/v1/wishes/wall/regions' })).json();
    expect(regions.items.map((r: { name: string }) => r.name)).toContain('百色市总工会');
    const thanks = (await t.app.inject({ method: 'GET', url: '/api/v1/wishes/thanks' })).json();
    expect(thanks.items.map((r: { name: string }) => r.name).sort()).toEqual([
      '百色市红城建材有限公司',
      '蓝女士',
    ]);
    const cadre = await login('bs_cadre');
    const list = (await cadre.get('/api/v1/wishes?state=pending')).json();
    expect(list.total).toBeGreaterThanOrEqual(2);
  });
});
