import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, createTestApp, onPostgres, type TestApp, type TestOrg } from '../../../../test/app.ts';
import type { StockEntryKind } from '../../../shared/supplies.ts';
import { sqlRows } from '../../db/client.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { postStockEntries, type StockMove, stockOf } from './stock.service.ts';
import { supplyItems, supplyStockEntries } from './supplies.table.ts';

/**
 * The stock ledger (库存台账): balances are the sums of the entries by kind, the table is
 * append-only in the database itself, a shortage writes nothing, and on PostgreSQL concurrent
 * reservations through separate connections never reserve more than is on hand.
 */

let t: TestApp;
let hub: TestOrg;

beforeAll(async () => {
  t = await createTestApp();
  const root = await buildOrg(t, { name: '全国总工会' });
  hub = await buildOrg(t, { name: '上海市医务工会', type: 'industry', parent: root });
});
afterAll(async () => {
  await t.close();
});

const ctx = (): Ctx => ({ db: t.database.db, actor: null, ip: null, deps: t.app.deps });
const post = (moves: StockMove[]) =>
  t.database.db.transaction((tx) => postStockEntries(withTx(ctx(), tx), moves));

let itemSeq = 0;
async function item(name = '纯牛奶'): Promise<number> {
  itemSeq += 1;
  const [row] = await t.database.db
    .insert(supplyItems)
    .values({
      hubOrgId: hub.id,
      hubOrgPath: hub.path,
      source: 'union_purchase',
      name: `${name}${itemSeq}`,
      category: 'drink',
      unit: '箱',
      unitValueFen: 5_000,
    })
    .returning({ id: supplyItems.id });
  if (!row) throw new Error('item insert failed');
  return row.id;
}

async function shortage(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  const e = err as AppError;
  expect(e.status).toBe(409);
  expect(e.code).toBe('STOCK_SHORTAGE');
  return e;
}

const entriesOf = (itemId: number) =>
  t.database.db
    .select()
    .from(supplyStockEntries)
    .where(eq(supplyStockEntries.itemId, itemId))
    .orderBy(supplyStockEntries.seq);

describe('ledger sums', () => {
  it('after a mix of moves the last entry’s balances are the sums of the entries by kind', async () => {
    const a = await item();
    const b = await item('方便面');
    const plan: StockMove[] = [
      { itemId: a, kind: 'received', quantity: 500 },
      { itemId: b, kind: 'received', quantity: 80 },
      { itemId: a, kind: 'reserved', quantity: 120, requestId: 1, requestLineId: 11 },
      { itemId: a, kind: 'reserved', quantity: 60, requestId: 2, requestLineId: 21 },
      { itemId: b, kind: 'reserved', quantity: 80, requestId: 2, requestLineId: 22 },
      { itemId: a, kind: 'shipped', quantity: 100, requestId: 1, requestLineId: 11, shipmentId: 5 },
      { itemId: a, kind: 'released', quantity: 20, requestId: 1, requestLineId: 11 },
      { itemId: a, kind: 'adjusted', quantity: -7, reason: '盘点破损' },
      { itemId: a, kind: 'received', quantity: 30, reason: '第二批到货' },
      { itemId: b, kind: 'shipped', quantity: 50, requestId: 2, requestLineId: 22, shipmentId: 6 },
      { itemId: a, kind: 'adjusted', quantity: 3, reason: '盘点多出' },
      { itemId: b, kind: 'released', quantity: 30, requestId: 2, requestLineId: 22 },
    ];
    // Posted in batches of different sizes: several moves of one item in one call chain correctly.
    await post(plan.slice(0, 3));
    await post(plan.slice(3, 4));
    await post(plan.slice(4, 9));
    await post(plan.slice(9));

    const sums = await sqlRows<{
      item_id: number;
      on_hand: number;
      reserved: number;
      last_on_hand: number;
      last_reserved: number;
      n: number;
      max_seq: number;
    }>(
      t.database.db,
      sql`select item_id,
        sum(case kind when 'received' then quantity when 'adjusted' then quantity
                      when 'shipped' then -quantity else 0 end)::int as on_hand,
        sum(case kind when 'reserved' then quantity when 'released' then -quantity
                      when 'shipped' then -quantity else 0 end)::int as reserved,
        (array_agg(on_hand_after order by seq desc))[1] as last_on_hand,
        (array_agg(reserved_after order by seq desc))[1] as last_reserved,
        count(*)::int as n, max(seq) as max_seq
      from supply_stock_entries where item_id in (${a}, ${b}) group by item_id order by item_id`,
    );
    expect(sums.map((r) => ({ ...r }))).toEqual([
      {
        item_id: a,
        on_hand: 500 - 100 - 7 + 30 + 3,
        reserved: 120 + 60 - 100 - 20,
        last_on_hand: 426,
        last_reserved: 60,
        n: 8,
        max_seq: 8,
      },
      { item_id: b, on_hand: 30, reserved: 0, last_on_hand: 30, last_reserved: 0, n: 4, max_seq: 4 },
    ]);
    const now = await stockOf(t.database.db, [a, b]);
    expect(now.get(a)).toEqual({ onHand: 426, reserved: 60, available: 366 });
    expect(now.get(b)).toEqual({ onHand: 30, reserved: 0, available: 30 });
    // Every entry's balances are the running sums up to it, numbered 1, 2, 3… per item.
    let onHand = 0;
    let reserved = 0;
    const effect: Record<StockEntryKind, (q: number) => void> = {
      received: (q) => {
        onHand += q;
      },
      adjusted: (q) => {
        onHand += q;
      },
      reserved: (q) => {
        reserved += q;
      },
      released: (q) => {
        reserved -= q;
      },
      shipped: (q) => {
        onHand -= q;
        reserved -= q;
      },
    };
    for (const [i, e] of (await entriesOf(a)).entries()) {
      effect[e.kind as StockEntryKind](e.quantity);
      expect([e.seq, e.onHandAfter, e.reservedAfter]).toEqual([i + 1, onHand, reserved]);
    }
    expect((await entriesOf(a)).find((e) => e.kind === 'shipped')).toMatchObject({
      requestId: 1,
      requestLineId: 11,
      shipmentId: 5,
    });
  });

  it('a shortage writes nothing, not even the moves of other items in the same call', async () => {
    const a = await item();
    const b = await item();
    await post([
      { itemId: a, kind: 'received', quantity: 10 },
      { itemId: b, kind: 'received', quantity: 10 },
    ]);
    const e = await shortage(
      post([
        { itemId: a, kind: 'reserved', quantity: 4 },
        { itemId: b, kind: 'reserved', quantity: 8 },
        { itemId: b, kind: 'reserved', quantity: 3 },
      ]),
    );
    expect(e.details).toMatchObject({
      items: [{ itemId: b, onHand: 10, reserved: 0, available: 10, wanted: 11 }],
    });
    expect(e.message).toContain('可用 10箱');
    expect((await entriesOf(a)).length).toBe(1);
    expect((await entriesOf(b)).length).toBe(1);
    // Other impossible moves: releasing or shipping more than reserved, adjusting below zero.
    await shortage(post([{ itemId: a, kind: 'released', quantity: 1 }]));
    await shortage(post([{ itemId: a, kind: 'shipped', quantity: 1 }]));
    await shortage(post([{ itemId: a, kind: 'adjusted', quantity: -11, reason: '盘点' }]));
    await post([{ itemId: a, kind: 'reserved', quantity: 10 }]);
    await shortage(post([{ itemId: a, kind: 'adjusted', quantity: -1, reason: '盘点' }]));
    expect((await stockOf(t.database.db, [a])).get(a)).toEqual({ onHand: 10, reserved: 10, available: 0 });
  });

  it('the ledger is append-only: the database refuses UPDATE and DELETE', async () => {
    const a = await item();
    await post([{ itemId: a, kind: 'received', quantity: 5 }]);
    const update = await t.database.db
      .execute(sql`update supply_stock_entries set quantity = 500, on_hand_after = 500 where item_id = ${a}`)
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(update).toBeInstanceOf(Error);
    const del = await t.database.db.execute(sql`delete from supply_stock_entries where item_id = ${a}`).then(
      () => null,
      (err: unknown) => err,
    );
    expect(del).toBeInstanceOf(Error);
    expect(await entriesOf(a)).toMatchObject([{ seq: 1, kind: 'received', quantity: 5, onHandAfter: 5 }]);
    // The checks refuse a hand-written entry that would reserve more than is on hand.
    const bad = await t.database.db
      .insert(supplyStockEntries)
      .values({ itemId: a, seq: 2, kind: 'reserved', quantity: 6, onHandAfter: 5, reservedAfter: 6 })
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(bad).toBeInstanceOf(Error);
  });
});

describe.runIf(onPostgres)('concurrent reservations on PostgreSQL', () => {
  it('50 transactions on separate connections never reserve more than on hand; exactly floor(stock/q) win', async () => {
    const a = await item('取暖器');
    const stock = 37;
    const q = 3;
    await post([{ itemId: a, kind: 'received', quantity: stock }]);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        post([{ itemId: a, kind: 'reserved', quantity: q, requestId: 1000 + i }]),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled').length;
    const lost = results.filter(
      (r) => r.status === 'rejected' && r.reason instanceof AppError && r.reason.code === 'STOCK_SHORTAGE',
    ).length;
    expect(won).toBe(Math.floor(stock / q));
    expect(lost).toBe(50 - won);
    expect((await stockOf(t.database.db, [a])).get(a)).toEqual({
      onHand: stock,
      reserved: won * q,
      available: stock - won * q,
    });
    const entries = await entriesOf(a);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: won + 1 }, (_, i) => i + 1));
    expect(entries.every((e) => e.reservedAfter <= e.onHandAfter)).toBe(true);
  });
});
