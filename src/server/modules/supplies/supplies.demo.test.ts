import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentFrom, createTestApp, type TestApp } from '../../../../test/app.ts';
import type { TItem, TRequest, TShipmentListItem } from '../../../shared/supplies.ts';
import { sqlRows } from '../../db/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';
import { seedSuppliesDemo } from './supplies.demo.ts';

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
const counts = async (query: ReturnType<typeof sql>) =>
  Object.fromEntries((await rows<{ k: string; n: number }>(query)).map((r) => [r.k, Number(r.n)])) as Record<
    string,
    number
  >;

describe('supplies demo data', () => {
  it('has the catalogue, the points and requests in every state, once (a second run adds nothing)', async () => {
    const [items] = await rows<{ n: number; union: number; inactive: number }>(sql`select count(*)::int as n,
      count(*) filter (where source = 'union_purchase')::int as union,
      count(*) filter (where state = 'inactive')::int as inactive from supply_items`);
    expect(items).toEqual({ n: 101, union: 4, inactive: 1 });
    expect(await counts(sql`select kind as k, count(*)::int as n from supply_points group by kind`)).toEqual({
      designated_hospital: 4,
      field_hospital: 6,
      lodging: 6,
      other: 2,
    });
    expect(
      await counts(sql`select state as k, count(*)::int as n from supply_requests group by state`),
    ).toEqual({
      submitted: 6,
      approved: 4,
      dispatching: 6,
      completed: 13,
      rejected: 3,
      withdrawn: 2,
    });
    expect(
      await counts(sql`select state as k, count(*)::int as n from supply_shipments group by state`),
    ).toEqual({
      pending: 2,
      departed: 1,
      in_transit: 2,
      delivered: 13,
      exception: 1,
    });
    expect(
      await counts(sql`select state as k, count(*)::int as n from supply_special_requests group by state`),
    ).toEqual({ open: 1, sourcing: 1, converted: 1, declined: 1 });
    expect(
      await counts(sql`select channel as k, count(*)::int as n from supply_requests group by channel`),
    ).toEqual({
      online: 19,
      hotline: 14,
      special: 1,
    });
    const [copied] = await rows<{ n: number }>(
      sql`select count(*)::int as n from supply_requests where copied_from_id is not null and state = 'submitted'`,
    );
    expect(copied?.n).toBe(1);
    expect(await seedSuppliesDemo(t.app.deps)).toBeNull();
  });

  it('the ledger is consistent with the entries and with the request lines', async () => {
    // The last entry of each item is the sum of its entries by kind.
    const drift = await rows(sql`select item_id from supply_stock_entries group by item_id having
      (array_agg(on_hand_after order by seq desc))[1] <> sum(case kind when 'received' then quantity
        when 'adjusted' then quantity when 'shipped' then -quantity else 0 end)
      or (array_agg(reserved_after order by seq desc))[1] <> sum(case kind when 'reserved' then quantity
        when 'released' then -quantity when 'shipped' then -quantity else 0 end)
      or max(seq) <> count(*)`);
    expect(drift).toEqual([]);
    // What is reserved is what approved open lines still have to load; what left is what the lines shipped.
    const mismatch = await rows(sql`with last as (
        select distinct on (item_id) item_id, on_hand_after, reserved_after from supply_stock_entries
        order by item_id, seq desc),
      lines as (
        select l.item_id,
          sum(case when l.state = 'open' then coalesce(l.approved, 0) - l.shipped else 0 end) as reserved,
          sum(l.shipped) as shipped
        from supply_request_lines l join supply_requests r on r.id = l.request_id
        where r.state in ('approved', 'dispatching', 'completed') group by l.item_id),
      moved as (
        select item_id, sum(quantity) filter (where kind in ('received', 'adjusted')) as added
        from supply_stock_entries group by item_id)
      select last.item_id from last join moved using (item_id) left join lines using (item_id)
      where last.reserved_after <> coalesce(lines.reserved, 0)
         or last.on_hand_after <> moved.added - coalesce(lines.shipped, 0)`);
    expect(mismatch).toEqual([]);
    // A short line closed with its reason; a reduced approval; one line dropped at review.
    const [short] = await rows<{ approved: number; received: number; close_reason: string }>(sql`
      select approved, received, close_reason from supply_request_lines where state = 'closed' and received > 0`);
    expect(short).toMatchObject({ approved: 300, received: 260 });
    expect(short?.close_reason).toContain('不再补发');
    const [reduced] = await rows<{ n: number }>(sql`select count(*)::int as n from supply_request_lines
      where approved is not null and approved < requested`);
    expect(reduced?.n).toBe(3);
  });

  it('stories are in the past and in order; completed requests were delivered', async () => {
    const disorder = await rows(sql`select entity_type, entity_id from timeline_events
      where entity_type like 'supplies.%' group by entity_type, entity_id
      having max(at) > now() or not (array_agg(at order by id) = array_agg(at order by at, id))`);
    expect(disorder).toEqual([]);
    const [span] = await rows<{
      days: number;
    }>(sql`select extract(day from now() - min(submitted_at))::int as days
      from supply_requests`);
    expect(span?.days).toBeGreaterThanOrEqual(26);
    const bad = await rows(sql`select id from supply_requests where
      (state = 'completed' and (completed_at is null or completed_at < submitted_at))
      or (state in ('approved', 'dispatching', 'completed') and reviewed_at < submitted_at)`);
    const badShipments = await rows(sql`select s.id from supply_shipments s where s.created_at > now()
      or s.departed_at < s.created_at or s.delivered_at < s.departed_at
      or s.driver_tested_at > s.departed_at or s.departed_at - s.driver_tested_at > interval '48 hours'`);
    expect(badShipments).toEqual([]);
    expect(bad).toEqual([]);
    // The inbox follows the stories: no notice carries the seeding time; older ones have been read.
    const [inbox] = await rows<{ fresh: number; unread: number; n: number }>(sql`select
      count(*) filter (where created_at > now() - interval '20 minutes')::int as fresh,
      count(*) filter (where read_at is null)::int as unread, count(*)::int as n
      from notifications where kind like 'supplies.%'`);
    expect(inbox?.fresh).toBe(0);
    expect(inbox?.unread).toBeGreaterThan(0);
    expect(inbox?.unread).toBeLessThan(inbox?.n ?? 0);
  });

  it('the demo accounts see their part', async () => {
    const hosp = await login('sh_hosp_cadre');
    const mine = (await hosp.get('/api/v1/supplies/requests?pageSize=100')).json();
    expect(mine.total).toBe(10);
    const catalogue = (await hosp.get('/api/v1/supplies/items?requestable=true&pageSize=100')).json();
    expect(catalogue.total).toBe(97);
    const supplier = await login('sh_supplier');
    const own = (await supplier.get('/api/v1/supplies/items?pageSize=100')).json();
    expect(own.total).toBe(97);
    expect((own.items as TItem[]).every((i) => i.source === 'partner')).toBe(true);
    const logistics = await login('sh_logistics');
    const ships = (await logistics.get('/api/v1/supplies/shipments?pageSize=100')).json();
    expect((ships.items as TShipmentListItem[]).length).toBe(19);
    const admin = await login('sh_med_admin');
    const [birthday] = await rows<{ id: number }>(
      sql`select id from supply_requests where channel = 'special'`,
    );
    const r = (await admin.get(`/api/v1/supplies/requests/${birthday?.id}`)).json() as TRequest;
    expect(r).toMatchObject({ state: 'completed', point: { name: '广西援沪医疗队驻地' } });
    expect(r.lines).toMatchObject([
      { item: { name: '生日慰问礼盒' }, requested: 45, approved: 45, received: 45 },
    ]);
  });
});
