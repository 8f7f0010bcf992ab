import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type Agent, agentFrom, createTestApp, type TestApp } from '../../../../test/app.ts';
import {
  type TDutyNow,
  type TErrand,
  type TErrandStats,
  ZAnswerComplaintInput,
  ZComplaintInput,
  ZErrandInput,
  type ZErrandPage,
} from '../../../shared/errands.ts';
import { sqlRows } from '../../db/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';
import { errandsDemoStories, seedErrandsDemo } from './errands.demo.ts';

type TErrandPage = z.infer<typeof ZErrandPage>;

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
const counts = async (query: ReturnType<typeof sql>) =>
  Object.fromEntries((await rows<{ k: string; n: number }>(query)).map((r) => [r.k, Number(r.n)])) as Record<
    string,
    number
  >;

describe('errands demo data', () => {
  it('has hotlines, a roster and errands in every state, once (a second run adds nothing)', async () => {
    expect(
      await counts(sql`select kind as k, count(*)::int as n from errand_hotlines where all_day and active
        group by kind`),
    ).toEqual({ duty: 4, complaint: 1 });
    expect(await counts(sql`select state as k, count(*)::int as n from errands group by state`)).toEqual({
      pending: 3,
      dispatched: 3,
      accepted: 2,
      picked_up: 2,
      delivered: 42,
      cancelled: 4,
      merged: 3,
    });
    expect(await counts(sql`select channel as k, count(*)::int as n from errands group by channel`)).toEqual({
      hotline: 55,
      h5: 4,
    });
    // One declined and dispatched again (delivered), one declined today and waiting.
    expect(
      await counts(sql`select state as k, count(*)::int as n from errands where declines > 0 group by state`),
    ).toEqual({ delivered: 1, pending: 1 });
    const [merged] = await rows<{ n: number }>(sql`select count(*)::int as n from errands m
      join errands e on e.id = m.merged_into_id where m.state = 'merged' and e.state = 'delivered'`);
    expect(merged?.n).toBe(3);
    expect(
      await counts(sql`select coalesce(outcome, 'open') as k, count(*)::int as n from errand_complaints
        group by 1`),
    ).toEqual({ upheld: 1, explained: 2, unfounded: 1, open: 1 });
    expect(await seedErrandsDemo(t.app.deps)).toBeNull();
    const [again] = await rows<{ n: number }>(sql`select count(*)::int as n from errands`);
    expect(again?.n).toBe(59);
  });

  it('has someone on duty now, a shift every day and night from two weeks back to a week ahead', async () => {
    const [now] = await rows<{ n: number }>(sql`select count(*)::int as n from errand_shifts
      where starts_at <= now() and ends_at > now()`);
    expect(now?.n).toBe(1);
    const [cover] = await rows<{ first: string; last: string; n: number }>(sql`select
      min(starts_at) < now() - interval '14 days' as first, max(ends_at) > now() + interval '6 days' as last,
      count(*)::int as n from errand_shifts`);
    expect(cover).toEqual({ first: true, last: true, n: 45 });
    const [service] = await rows<{ id: number }>(
      sql`select id from orgs where name = '石家庄市桥西区总工会'`,
    );
    const duty = await t.app.inject({ method: 'GET', url: `/api/v1/errands/duty?orgId=${service?.id}` });
    expect(duty.statusCode, duty.body).toBe(200);
    const body = duty.json() as TDutyNow;
    expect(body.hotlines).toHaveLength(5);
    expect(body.onDuty).toHaveLength(1);
    expect(['桥**', '韩**']).toContain(body.onDuty[0]?.name);
  });

  it('tells the seed’s two stories with their times: 22:05 → 23:20 (75 min) and 1 h 10 min', async () => {
    const cadre = await login('qx_cadre');
    const find = async (q: string) => {
      const res = await cadre.get(`/api/v1/errands?q=${encodeURIComponent(q)}&pageSize=5`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as TErrandPage;
      expect(page.items).toHaveLength(1);
      const detail = await cadre.get(`/api/v1/errands/${page.items[0]?.id}`);
      expect(detail.statusCode).toBe(200);
      return detail.json() as TErrand;
    };
    const night = await find('换洗衣物、洗漱用品（爱人多日');
    expect(night.state).toBe('delivered');
    const hm = (iso: string | null) =>
      iso ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(11, 16) : null;
    expect([hm(night.calledAt), hm(night.deliveredAt)]).toEqual(['22:05', '23:20']);
    expect(night.durations.toDelivery).toBe(75);
    expect(night.code).toMatch(/^JS\d{8}-\d{5}$/);
    expect(night.code.slice(2, 10)).toBe(
      new Date(new Date(night.calledAt).getTime() + 8 * 3_600_000)
        .toISOString()
        .slice(0, 10)
        .replaceAll('-', ''),
    );
    expect(night.timeline.map((e) => e.event)).toEqual(['create', 'dispatch', 'accept', 'pickup', 'deliver']);
    expect(night.timeline.map((e) => hm(e.at))).toEqual(['22:05', '22:09', '22:14', '22:45', '23:20']);
    const charger = await find('手机充电器等物品');
    expect(charger.durations.toDelivery).toBe(70);
    expect(charger.recipient.name).toContain('社区干部');
  });

  it('keeps every story in the past and in order; the dashboard counts the last 30 days', async () => {
    const [bad] = await rows<{ n: number }>(sql`select count(*)::int as n from errands where
      called_at > now() or dispatched_at < called_at or accepted_at < dispatched_at
      or picked_up_at < accepted_at or delivered_at < picked_up_at or called_at < now() - interval '31 days'`);
    expect(bad?.n).toBe(0);
    const [late] = await rows<{ n: number }>(sql`select count(*)::int as n from timeline_events
      where entity_type = 'errands.errand' and at > now()`);
    expect(late?.n).toBe(0);
    const stats = await (await login('qx_cadre')).get('/api/v1/errands/stats');
    expect(stats.statusCode, stats.body).toBe(200);
    const s = stats.json() as TErrandStats;
    expect(s.totals.errands).toBe(56);
    expect(s.totals.delivered).toBe(42);
    expect(s.totals.overdue).toBeGreaterThanOrEqual(6);
    expect(s.totals.complaints).toBe(5);
    expect(
      s.byCourier
        .filter((c) => c.courier !== null)
        .map((c) => c.courier?.name)
        .sort(),
    ).toEqual(['桥西快递站长', '郭小军', '马立强'].sort());
  });

  it('every call, complaint and answer of the stories passes the API’s own validation', () => {
    const stories = errandsDemoStories(Date.now());
    expect(stories).toHaveLength(59);
    for (const s of stories) {
      const parsed = ZErrandInput.safeParse(s.input);
      expect(parsed.success, `${s.key}: ${parsed.error?.message}`).toBe(true);
      for (const step of s.steps) {
        if (step.do === 'complain') {
          const c = ZComplaintInput.safeParse({ errandId: 1, ...step });
          expect(c.success, `${s.key}: ${c.error?.message}`).toBe(true);
        }
        if (step.do === 'answer') {
          const a = ZAnswerComplaintInput.safeParse(step);
          expect(a.success, `${s.key}: ${a.error?.message}`).toBe(true);
        }
      }
    }
  });

  it('the couriers and the worker see their part', async () => {
    const courier = await login('qx_courier2');
    const mine = await courier.get('/api/v1/errands/courier?pageSize=100');
    expect(mine.statusCode, mine.body).toBe(200);
    const page = mine.json() as TErrandPage;
    // The three waiting for a courier, 郭小军's accepted one and what he delivered in the last week.
    expect(page.items.filter((e) => e.state === 'dispatched')).toHaveLength(3);
    expect(page.items.filter((e) => e.state === 'accepted')).toHaveLength(1);
    expect(page.items.filter((e) => e.state === 'delivered').length).toBeGreaterThan(0);
    const worker = await login('13900000016');
    const asked = await worker.get('/api/v1/errands/mine?pageSize=20');
    expect(asked.statusCode, asked.body).toBe(200);
    expect((asked.json() as TErrandPage).total).toBe(4);
  });
});
