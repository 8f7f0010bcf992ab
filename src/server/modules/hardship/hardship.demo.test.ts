import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentFrom, createTestApp, type TestApp } from '../../../../test/app.ts';
import {
  type ArchiveState,
  archiveStates,
  assistanceTypes,
  exitReasons,
  type TArchive,
  type TArchiveListItem,
} from '../../../shared/hardship.ts';
import { sqlRows } from '../../db/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';
import { planHardshipDemo, seedHardshipDemo } from './hardship.demo.ts';

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

async function allArchives(username: string): Promise<TArchiveListItem[]> {
  const agent = await login(username);
  const items: TArchiveListItem[] = [];
  for (let page = 1; ; page++) {
    const res = await agent.get(`/api/v1/hardship/archives?pageSize=100&page=${page}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { items: TArchiveListItem[]; total: number };
    items.push(...body.items);
    if (items.length >= body.total) return items;
  }
}

const todayCst = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const monthsBack = (n: number) => {
  const d = new Date(`${todayCst()}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 10);
};

describe('hardship demo data', () => {
  it('has about fifty archives across the demo unions, in every state', async () => {
    const items = await allArchives('admin');
    expect(items.length).toBeGreaterThanOrEqual(45);
    const byState = new Map<ArchiveState, number>();
    for (const i of items) byState.set(i.state, (byState.get(i.state) ?? 0) + 1);
    for (const s of archiveStates) expect(byState.get(s) ?? 0, s).toBeGreaterThan(0);
    // Most households are on file.
    const filed = byState.get('filed') ?? 0;
    for (const [s, n] of byState) if (s !== 'filed') expect(n).toBeLessThan(filed);
    // Spread over the four demo regions.
    const orgNames = new Set(items.map((i) => i.org.name));
    for (const part of ['右江区', '上海市', '林埭镇', '桥西区']) {
      expect(
        [...orgNames].some((n) => n.includes(part)),
        part,
      ).toBe(true);
    }
    // Categories vary on file, each confirmed, and one override of the suggestion.
    const onFile = items.filter((i) => i.state === 'filed');
    expect(new Set(onFile.map((i) => i.category))).toEqual(new Set(['deep', 'relative', 'accident']));
    expect(onFile.some((i) => i.category !== i.suggestedCategory)).toBe(true);
  });

  it('every region sees its own, the Baise cadre every state of Baise', async () => {
    const baise = await allArchives('bs_cadre');
    expect(new Set(baise.map((i) => i.state))).toEqual(new Set(archiveStates));
    expect(baise.every((i) => i.org.name.startsWith('右江区'))).toBe(true);
    const shanghai = await allArchives('sh_med_cadre');
    expect(shanghai.length).toBeGreaterThanOrEqual(5);
    expect(shanghai.every((i) => i.org.name.includes('医'))).toBe(true);
    expect((await allArchives('qx_cadre')).length).toBeGreaterThanOrEqual(5);
  });

  it("has one household moving from 右江区 to 林埭镇 waiting in the receiving union's inbox", async () => {
    const ld = await login('ld_cadre');
    const incoming = await ld.get('/api/v1/hardship/transfers?box=incoming&state=pending');
    expect(incoming.statusCode).toBe(200);
    const items = incoming.json().items as {
      state: string;
      fromOrg: { name: string };
      toOrg: { name: string };
    }[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ state: 'pending', toOrg: { name: '林埭镇总工会' } });
    expect(items[0]?.fromOrg.name.startsWith('右江区')).toBe(true);
    const yj = await login('yj_cadre');
    const outgoing = await yj.get('/api/v1/hardship/transfers?box=outgoing&state=pending');
    expect(outgoing.json().items).toHaveLength(1);
  });

  it('fills the six sections, with helpers, visits, rejections, every exit reason and re-entries', async () => {
    const cadre = await login('bs_cadre');
    const baise = await allArchives('bs_cadre');
    const filedItem = baise.find((i) => i.state === 'filed' && i.helperName);
    const a = (await cadre.get(`/api/v1/hardship/archives/${filedItem?.id}`)).json() as TArchive;
    expect(a.basic.members.length).toBeGreaterThan(0);
    expect(a.basic.address).toMatch(/\*{4}$/);
    expect(a.helper?.name).toBeTruthy();
    expect(a.causes.main).toBeTruthy();
    expect(a.income.householdSize).toBe(a.basic.members.length + 1);
    expect(a.housing?.areaM2).toBeGreaterThan(0);
    expect(a.plan.length).toBeGreaterThan(1);
    expect(a.reviewDue).toBeTruthy();
    const visits = (await cadre.get(`/api/v1/hardship/archives/${a.id}/visits`)).json().items;
    expect(visits[0].findings).toContain('核查');

    const stats = await rows<{
      visited: number;
      filed: number;
      secondary: number;
      measures: string[];
      reasons: string[];
      rejected: number;
      reentries: number;
      refiled: number;
      helperChanges: number;
    }>(sql`select
        (select count(distinct archive_id)::int from hardship_visits) as visited,
        (select count(*)::int from hardship_archives where filed_at is not null) as filed,
        (select count(*)::int from hardship_archives where jsonb_array_length(secondary_causes) > 0) as secondary,
        (select array_agg(distinct m->>'status') from hardship_archives, jsonb_array_elements(plan) m) as measures,
        (select array_agg(distinct exit_reason) from hardship_archives where state = 'exited') as reasons,
        (select count(*)::int from hardship_archives where state = 'rejected' and reject_reason <> '') as rejected,
        (select count(*)::int from timeline_events where entity_type = 'hardship.archive' and event = 'reenter') as reentries,
        (select count(distinct entity_id)::int from timeline_events e where e.event = 'approve'
           and exists (select 1 from timeline_events r where r.entity_id = e.entity_id and r.event = 'reenter' and r.id < e.id)) as refiled,
        (select count(*)::int from hardship_helper_changes where reason <> '建档时指定') as "helperChanges"`);
    const s = stats[0];
    expect(s?.visited).toBeGreaterThanOrEqual(s?.filed ?? 99);
    expect(s?.secondary).toBeGreaterThan(5);
    expect(new Set(s?.measures)).toEqual(new Set(['planned', 'ongoing', 'done']));
    expect(new Set(s?.reasons)).toEqual(new Set(exitReasons));
    expect(s?.rejected).toBeGreaterThanOrEqual(2);
    expect(s?.reentries).toBeGreaterThanOrEqual(2);
    expect(s?.refiled).toBeGreaterThanOrEqual(1);
    expect(s?.helperChanges).toBeGreaterThanOrEqual(1);
  });

  it('has assistance of every type over two years: 金秋助学 in Aug–Sep, 送温暖 in bulk before 春节, medical aid in thousands', async () => {
    const byType = await rows<{ type: string; n: number; fen: string; min: number | null; months: string[] }>(
      sql`select type, count(*)::int as n, coalesce(sum(amount_fen), 0)::text as fen, min(amount_fen) as min,
            array_agg(distinct to_char(date, 'MM')) as months
          from hardship_assistance group by type`,
    );
    expect(new Set(byType.map((r) => r.type))).toEqual(new Set(assistanceTypes));
    const of = (type: string) => byType.find((r) => r.type === type);
    expect(of('schooling')?.months.every((m) => m === '08' || m === '09')).toBe(true);
    expect(of('medical')?.min).toBeGreaterThanOrEqual(80_000);
    expect(Number(of('medical')?.fen) / (of('medical')?.n ?? 1)).toBeGreaterThan(300_000);
    // 送温暖 as bulk campaigns, each a few weeks before the Spring Festival (January or February).
    const batches = await rows<{ batch: string; n: number; month: string }>(
      sql`select batch_id as batch, count(*)::int as n, min(to_char(date, 'MM')) as month
          from hardship_assistance where type = 'warmth' and batch_id is not null group by 1`,
    );
    expect(batches.length).toBeGreaterThanOrEqual(2);
    expect(batches.every((b) => b.month === '01' || b.month === '02')).toBe(true);
    expect(Math.max(...batches.map((b) => b.n))).toBeGreaterThanOrEqual(5);

    const [spread] = await rows<{ months: number; oldest: string; newest: string; future: number }>(
      sql`select count(distinct to_char(date, 'YYYY-MM'))::int as months, min(date)::text as oldest,
            max(date)::text as newest, count(*) filter (where date > ${todayCst()})::int as future
          from hardship_assistance`,
    );
    expect(spread?.months).toBeGreaterThanOrEqual(12);
    expect((spread?.oldest ?? '') >= monthsBack(24)).toBe(true);
    expect(spread?.future).toBe(0);

    // Totals per archive and per year, as the archive detail shows them.
    const cadre = await login('bs_cadre');
    const [top] = await rows<{ id: number }>(
      sql`select a.id from hardship_archives a join hardship_assistance s on s.archive_id = a.id
          join orgs o on o.id = a.org_id where o.name like '右江区%'
          group by a.id order by count(*) desc limit 1`,
    );
    const list = (await cadre.get(`/api/v1/hardship/archives/${top?.id}/assistance`)).json();
    expect(list.total.count).toBeGreaterThanOrEqual(3);
    expect(list.byYear.length).toBeGreaterThanOrEqual(2);
  });

  it('dates filings, exits and re-entries over the last 24 months, in step order, none left at seeding time', async () => {
    const [e] = await rows<{
      filings: number;
      events: number;
      recent: number;
      disorder: number;
      oldest: string;
    }>(
      sql`select
          (select count(distinct to_char(at at time zone 'Asia/Shanghai', 'YYYY-MM'))::int from timeline_events
             where entity_type = 'hardship.archive' and event = 'approve') as filings,
          (select count(distinct to_char(at at time zone 'Asia/Shanghai', 'YYYY-MM'))::int from timeline_events
             where entity_type = 'hardship.archive') as events,
          (select count(*)::int from timeline_events where entity_type = 'hardship.archive'
             and at > now() - interval '5 minutes') as recent,
          (select count(*)::int from (
             select at < lag(at) over (partition by entity_id order by id) as back
             from timeline_events where entity_type = 'hardship.archive') x where back) as disorder,
          (select min(created_at at time zone 'Asia/Shanghai')::date::text from hardship_archives) as oldest`,
    );
    expect(e?.filings).toBeGreaterThanOrEqual(12);
    expect(e?.events).toBeGreaterThanOrEqual(18);
    expect(e?.recent).toBe(0);
    expect(e?.disorder).toBe(0);
    expect((e?.oldest ?? '') >= monthsBack(25)).toBe(true);
    const [a] = await rows<{ created: number; exited: number; bad: number }>(
      sql`select count(distinct to_char(created_at, 'YYYY-MM'))::int as created,
            count(distinct to_char(exited_at, 'YYYY-MM'))::int as exited,
            count(*) filter (where filed_at > exited_at or created_at > updated_at or filed_at < created_at)::int as bad
          from hardship_archives`,
    );
    expect(a?.created).toBeGreaterThanOrEqual(12);
    expect(a?.exited).toBeGreaterThanOrEqual(5);
    expect(a?.bad).toBe(0);
  });

  it('keeps the rules of the lifecycle steps: a visit before review, approval after publicity with a category', async () => {
    const [r] = await rows<{ noVisit: number; early: number; noCategory: number; openPublicity: number }>(
      sql`select
          (select count(*)::int from timeline_events s where s.entity_type = 'hardship.archive' and s.event = 'submit'
             and not exists (select 1 from hardship_visits v where v.archive_id::text = s.entity_id
               and v.visit_date <= (s.at at time zone 'Asia/Shanghai')::date)) as "noVisit",
          (select count(*)::int from hardship_archives where filed_at is not null and publicity_end is not null
             and publicity_end >= (filed_at at time zone 'Asia/Shanghai')::date) as early,
          (select count(*)::int from hardship_archives where state in ('filed', 'exited', 'publicizing')
             and category is null) as "noCategory",
          (select count(*)::int from hardship_archives where state = 'publicizing'
             and not (publicity_start <= ${todayCst()} and publicity_end >= ${todayCst()})) as "openPublicity"`,
    );
    expect(r).toEqual({ noVisit: 0, early: 0, noCategory: 0, openPublicity: 0 });
    // The running publicity is on the public notice board.
    const [bs] = await rows<{ id: number }>(sql`select id from orgs where name = '百色市总工会'`);
    const notices = await t.app.inject({
      method: 'GET',
      url: `/api/v1/hardship/public/notices?orgId=${bs?.id}`,
    });
    expect(notices.json().items.length).toBeGreaterThanOrEqual(1);
  });

  it('gives every filed archive its QR token, and some reviews are overdue or due within 30 days', async () => {
    const [q] = await rows<{ missing: number }>(
      sql`select count(*)::int as missing from hardship_archives a where a.state = 'filed'
          and not exists (select 1 from hardship_qr_tokens q where q.archive_id = a.id and q.state = 'active')`,
    );
    expect(q?.missing).toBe(0);
    const cadre = await login('bs_cadre');
    const overdue = (await cadre.get('/api/v1/hardship/archives?reviewDue=overdue')).json();
    const soon = (await cadre.get('/api/v1/hardship/archives?reviewDue=within30')).json();
    expect(overdue.total).toBeGreaterThanOrEqual(1);
    expect(soon.total).toBeGreaterThanOrEqual(1);
    const qr = (await cadre.get(`/api/v1/hardship/archives/${overdue.items[0].id}/qr`)).json();
    const page = await t.app.inject({ method: 'GET', url: new URL(qr.url).pathname });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('在档');

    // The demo worker's own application is filed, with its QR code.
    const worker = await login('13900000003');
    const mine = (await worker.get('/api/v1/hardship/my/archives')).json().items as TArchive[];
    expect(mine).toHaveLength(1);
    expect(mine[0]?.state).toBe('filed');
    expect((await worker.get(`/api/v1/hardship/my/archives/${mine[0]?.id}/qr`)).statusCode).toBe(200);
    expect(
      (await worker.get(`/api/v1/hardship/my/archives/${mine[0]?.id}/progress`)).json().items.length,
    ).toBeGreaterThan(5);
  });

  it('shows nothing unmasked in list responses', async () => {
    const plan = planHardshipDemo();
    const secrets = plan.archives.flatMap((a) => [a.idCard, a.mobile, ...a.members.map((m) => m.idCard)]);
    expect(secrets.length).toBeGreaterThan(100);
    for (const username of ['admin', 'bs_cadre', 'gx_auditor']) {
      const agent = await login(username);
      const res = await agent.get('/api/v1/hardship/archives?pageSize=100');
      for (const secret of secrets) expect(res.body).not.toContain(secret);
      for (const item of res.json().items as TArchiveListItem[])
        expect(item.idCard).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    }
  });

  it('seeds once: a second start adds nothing', async () => {
    const before = await rows<{ n: number }>(sql`select count(*)::int as n from hardship_archives`);
    expect(await seedDemo(t.app.deps)).toBe(false);
    expect(await seedHardshipDemo(t.app.deps)).toBeNull();
    const after = await rows<{ n: number }>(sql`select count(*)::int as n from hardship_archives`);
    expect(after[0]?.n).toBe(before[0]?.n);
  });
});
