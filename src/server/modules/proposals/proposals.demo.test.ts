import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, agentFrom, createTestApp, type TestApp } from '../../../../test/app.ts';
import { sqlRows } from '../../db/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';
import {
  demoRepresentatives,
  demoSessions,
  PROPOSALS_DEMO_CONGRESS,
  seedProposalsDemo,
} from './proposals.demo.ts';

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
    // The 履职评价 demo (issue #9) adds two 代表会议 of its own to the congress, seeded after this one.
    const own = new Set<string>(demoSessions.map((s) => s.title));
    expect(sessions.map((s) => s.title).filter((title) => own.has(title))).toEqual([
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

const counts = async (query: ReturnType<typeof sql>) =>
  Object.fromEntries((await rows<{ k: string; n: number }>(query)).map((r) => [r.k, Number(r.n)])) as Record<
    string,
    number
  >;

describe('云履职 demo stories', () => {
  it('has proposals and suggestions in every state, appeals in every state, comments, referrals, threads', async () => {
    expect(await counts(sql`select state as k, count(*)::int as n from proposals group by state`)).toEqual({
      draft: 2,
      cosigning: 1,
      submitted: 1,
      returned: 1,
      filed: 1,
      handling: 2,
      replied: 1,
      feedback: 1,
      closed: 7,
      withdrawn: 1,
    });
    expect(await counts(sql`select state as k, count(*)::int as n from appeals group by state`)).toEqual({
      open: 2,
      handling: 1,
      replied: 1,
      closed: 9,
      merged: 1,
      to_proposal: 1,
      referred: 1,
      withdrawn: 1,
    });
    expect(await counts(sql`select state as k, count(*)::int as n from referrals group by state`)).toEqual({
      answered: 1,
      accepted: 1,
    });
    expect(await counts(sql`select mode as k, count(*)::int as n from referrals group by mode`)).toEqual({
      manual: 2,
    });
    expect(
      await counts(sql`select state as k, count(*)::int as n from appeal_comments group by state`),
    ).toEqual({
      approved: 1,
      rejected: 1,
      pending: 2,
    });
    expect(
      await counts(sql`select state as k, count(*)::int as n from contact_threads group by state`),
    ).toEqual({
      awaiting_reply: 1,
      replied: 1,
      closed: 1,
    });
    // The demo never calls out: the platform's endpoint is manual, no delivery attempts.
    const [attempts] = await rows<{ n: number }>(sql`select count(*)::int as n from referral_attempts`);
    expect(attempts?.n).toBe(0);
    // Every back-dated record has its workflow history, in order of time.
    const gaps = await rows<{ id: number }>(sql`select p.id from proposals p
      where not exists (select 1 from timeline_events e where e.entity_type = 'proposals.proposal'
        and e.entity_id = p.id::text and e.to_state = p.state)`);
    expect(gaps).toEqual([]);
  });

  it('the seed’s 阳光学堂 suggestion: nineteen co-signers, the reply with 126 children, every step done', async () => {
    const shen = await login('ph_rep');
    const [row] = await rows<{ id: number }>(sql`select id from proposals where title like '%阳光学堂%'`);
    const res = await shen.get(`/api/v1/proposals/proposals/${row?.id}`);
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect([p.kind, p.state, p.satisfaction]).toEqual(['suggestion', 'closed', 'satisfied']);
    expect(p.cosigners.filter((c: { state: string }) => c.state === 'signed')).toHaveLength(19);
    expect(p.updates.at(-1).kind).toBe('reply');
    expect(p.updates.at(-1).text).toContain('126 名');
    expect(p.steps.map((s: { status: string }) => s.status)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
    ]);
    expect(p.coOrgs.map((o: { name: string }) => o.name)).toEqual([
      '林埭镇示范纺织有限公司工会',
      '林埭镇示范机械有限公司工会',
    ]);
    // 沈代表 may rate the 职工书屋 suggestion waiting for feedback.
    const [book] = await rows<{ id: number }>(sql`select id from proposals where state = 'feedback'`);
    expect((await shen.get(`/api/v1/proposals/proposals/${book?.id}`)).json().can.rate).toBe(true);
  });

  it('the seed’s three appeals: 技能培训 handled, 货车司机孩子转学 referred by hand and answered, 暑期托管 to a proposal', async () => {
    const cadre = await login('ld_cadre');
    const byTitle = async (like: string) => {
      const [a] = await rows<{ id: number }>(sql`select id from appeals where title like ${like}`);
      const res = await cadre.get(`/api/v1/proposals/appeals/${a?.id}`);
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    const training = await byTitle('%电工证%');
    expect([training.state, training.satisfaction]).toEqual(['closed', 'satisfied']);
    const transfer = await byTitle('%货车司机孩子转学%');
    expect(transfer.state).toBe('closed');
    const [ref] = await rows<{ id: number; mode: string; state: string; answer: string }>(
      sql`select id, mode, state, answer from referrals where appeal_id = ${transfer.id}`,
    );
    expect(ref).toMatchObject({ mode: 'manual', state: 'answered' });
    expect(ref?.answer).toContain('中心小学');
    const summer = await byTitle('%托管班%');
    expect(summer.state).toBe('to_proposal');
    const [linked] = await rows<{ state: string; proposer: string }>(
      sql`select p.state, u.username as proposer from proposals p join users u on u.id = p.proposer_user_id
        where p.source_appeal_id = ${summer.id}`,
    );
    expect(linked).toEqual({ state: 'draft', proposer: 'ph_rep' });
  });

  it('gives the board overdue items of every kind and a due-soon one, and the stats a year of figures', async () => {
    const cadre = await login('ld_cadre');
    const board = await cadre.get('/api/v1/proposals/board');
    expect(board.statusCode).toBe(200);
    const b = board.json();
    expect(b.counts).toEqual({ dueSoon: 1, overdue: 7, escalated: 0 });
    expect(new Set(b.items.map((i: { step: string }) => i.step))).toEqual(
      new Set(['review', 'handle', 'supervise', 'triage', 'appeal_handle', 'referral']),
    );
    const stats = await cadre.get('/api/v1/proposals/stats');
    expect(stats.statusCode).toBe(200);
    const s = stats.json();
    expect(s.monthly).toHaveLength(12);
    expect(s.totals.closed).toBeGreaterThanOrEqual(5);
    expect(s.totals.referrals).toBe(2);
    expect(s.byCongress[0].representatives).toBe(20);
    // 杨代表's proposal waits for 马代表's signature in his 待我附议 list.
    const ma = await login('ld_rep12');
    const inv = await ma.get('/api/v1/proposals/proposals?scope=cosign');
    expect(inv.statusCode).toBe(200);
    expect(inv.json().items.map((p: { title: string }) => p.title)).toContain(
      '关于建立一线职工技能等级与薪酬挂钩机制的提案',
    );
  });
});
