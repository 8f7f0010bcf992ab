import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, agentFrom, createTestApp, type TestApp } from '../../../../test/app.ts';
import { sqlRows } from '../../db/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';
import { demoRepresentatives, PROPOSALS_DEMO_CONGRESS, seedProposalsDemo } from './proposals.demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  expect(await seedDemo(t.app.deps)).toBe(true);
}, 300_000);
afterAll(async () => {
  await t.close();
});

async function login(username: string): Promise<Agent> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  expect(res.statusCode, username).toBe(200);
  return agentFrom(t, res);
}
const rows = <T>(query: ReturnType<typeof sql>) => sqlRows<T>(t.database.db, query);

describe('云履职 demo data', () => {
  it('has the 林埭镇 congress (term 2026–2030, threshold 2) with three sessions, once', async () => {
    const congresses = await rows<{ id: number; name: string; org: string; start: string; end: string }>(
      sql`select c.id, c.name, o.name as org, c.term_start::text as start, c.term_end::text as end,
        c.cosign_threshold as threshold from congresses c join orgs o on o.id = c.org_id`,
    );
    expect(congresses).toEqual([
      expect.objectContaining({
        name: PROPOSALS_DEMO_CONGRESS,
        org: '林埭镇总工会',
        start: '2026-01-01',
        end: '2030-12-31',
        threshold: 2,
      }),
    ]);
    const sessions = await rows<{ title: string }>(
      sql`select title from congress_sessions order by starts_at`,
    );
    expect(sessions.map((s) => s.title)).toEqual([
      '第一届会员代表大会第一次会议',
      '第一届会员代表大会代表联络日（年中提案督办）',
      '第一届会员代表大会第二次会议',
    ]);
    expect(await seedProposalsDemo(t.app.deps)).toBeNull();
    const [again] = await rows<{ n: number }>(sql`select count(*)::int as n from representatives`);
    expect(again?.n).toBe(20);
  });

  it('seats twenty active representatives of the two company unions, the demo accounts among them', async () => {
    const reps = await rows<{ username: string; unit: string; role_ok: boolean; union_path: string }>(
      sql`select u.username, o.name as unit, r.active,
          exists (select 1 from memberships m where m.user_id = u.id and m.org_id = r.org_id
            and m.role = 'representative') as role_ok
        from representatives r join users u on u.id = r.user_id join orgs o on o.id = r.org_id
        order by r.id`,
    );
    expect(reps).toHaveLength(20);
    expect(new Set(reps.map((r) => r.username)).size).toBe(20);
    expect(reps.map((r) => r.username)).toEqual(expect.arrayContaining(['ph_rep', 'ld_rep2', 'ld_rep3']));
    expect(new Set(reps.map((r) => r.unit))).toEqual(
      new Set(['林埭镇示范纺织有限公司工会', '林埭镇示范机械有限公司工会']),
    );
    for (const r of reps) expect(r.role_ok, r.username).toBe(true);
    // Every seat carries the union's path (who manages the directory), mobiles are stored encrypted.
    const [paths] = await rows<{ n: number; plain: number }>(
      sql`select count(distinct r.org_path)::int as n,
        count(*) filter (where r.mobile_enc like '139%')::int as plain
        from representatives r`,
    );
    expect(paths).toEqual({ n: 1, plain: 0 });
  });

  it('the representatives sign in as representatives (the seventeen new accounts too)', async () => {
    for (const username of ['ph_rep', 'ld_rep2', 'ld_rep3', 'ld_rep4', 'ld_rep20']) {
      const agent = await login(username);
      const me = await agent.get('/api/v1/auth/me');
      expect(me.statusCode).toBe(200);
      expect(me.json().active.role, username).toBe('representative');
    }
    expect(demoRepresentatives.map((r) => r.username)).toContain('ld_rep20');
  });
});
