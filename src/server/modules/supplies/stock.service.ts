import { asc, desc, inArray, sql } from 'drizzle-orm';
import type { StockEntryKind } from '../../../shared/supplies.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict } from '../../platform/errors.ts';
import { supplyItems, supplyStockEntries } from './supplies.table.ts';

/**
 * The stock ledger (库存台账): the one way stock changes. Every change is an appended entry carrying
 * the balances after it; the current stock of an item is its last entry. Writers lock the items'
 * catalogue rows (in id order, so two writers never deadlock) before reading the last entries, and
 * the database checks on the ledger refuse a negative balance even if a writer forgot to lock.
 */

export interface StockBalance {
  onHand: number;
  reserved: number;
  available: number;
}

export interface StockMove {
  itemId: number;
  kind: StockEntryKind;
  /** Positive; signed for `adjusted`. */
  quantity: number;
  reason?: string | null;
  requestId?: number | null;
  requestLineId?: number | null;
  shipmentId?: number | null;
}

/** One item that a set of moves could not take: what it has now and what was asked. */
export interface StockShortage {
  itemId: number;
  name: string;
  unit: string;
  available: number;
  onHand: number;
  reserved: number;
  wanted: number;
}

const EMPTY: StockBalance = { onHand: 0, reserved: 0, available: 0 };

/** Current balances of some items (items without entries have none). Reads without locking. */
export async function stockOf(db: DbOrTx, itemIds: readonly number[]): Promise<Map<number, StockBalance>> {
  const result = new Map<number, StockBalance>();
  if (itemIds.length === 0) return result;
  const rows = await db
    .selectDistinctOn([supplyStockEntries.itemId], {
      itemId: supplyStockEntries.itemId,
      onHand: supplyStockEntries.onHandAfter,
      reserved: supplyStockEntries.reservedAfter,
    })
    .from(supplyStockEntries)
    .where(inArray(supplyStockEntries.itemId, [...itemIds]))
    .orderBy(asc(supplyStockEntries.itemId), desc(supplyStockEntries.seq));
  for (const id of itemIds) result.set(id, { ...EMPTY });
  for (const r of rows) {
    result.set(r.itemId, { onHand: r.onHand, reserved: r.reserved, available: r.onHand - r.reserved });
  }
  return result;
}

/** The effect of one move on a balance, or null when it would break a rule (negative stock). */
function applyMove(b: StockBalance, m: StockMove): StockBalance | null {
  let { onHand, reserved } = b;
  switch (m.kind) {
    case 'received':
      onHand += m.quantity;
      break;
    case 'reserved':
      reserved += m.quantity;
      break;
    case 'released':
      reserved -= m.quantity;
      break;
    case 'shipped':
      onHand -= m.quantity;
      reserved -= m.quantity;
      break;
    case 'adjusted':
      onHand += m.quantity;
      break;
  }
  if (onHand < 0 || reserved < 0 || onHand < reserved) return null;
  return { onHand, reserved, available: onHand - reserved };
}

/**
 * Append ledger entries for several moves, all or nothing. Must run inside the caller's transaction
 * (`ctx.db` is a tx). Locks the items first, so concurrent approvals wait for each other and each
 * sees the stock the previous one left: together they can never reserve more than there is.
 * Throws 409 STOCK_SHORTAGE (details: the items short, with what they have) when a move would make
 * an item's available, reserved or on-hand stock negative; nothing is written then.
 */
export async function postStockEntries(
  ctx: Ctx,
  moves: readonly StockMove[],
): Promise<Map<number, StockBalance>> {
  const ids = [...new Set(moves.map((m) => m.itemId))].sort((a, b) => a - b);
  if (ids.length === 0) return new Map();
  const items = await ctx.db
    .select({ id: supplyItems.id, name: supplyItems.name, unit: supplyItems.unit })
    .from(supplyItems)
    .where(inArray(supplyItems.id, ids))
    .orderBy(asc(supplyItems.id))
    .for('update');
  const byId = new Map(items.map((i) => [i.id, i]));
  const seqs = await ctx.db
    .select({
      itemId: supplyStockEntries.itemId,
      seq: sql<number>`max(${supplyStockEntries.seq})`.mapWith(Number),
    })
    .from(supplyStockEntries)
    .where(inArray(supplyStockEntries.itemId, ids))
    .groupBy(supplyStockEntries.itemId);
  const nextSeq = new Map(ids.map((id) => [id, 1]));
  for (const s of seqs) nextSeq.set(s.itemId, s.seq + 1);
  const balances = await stockOf(ctx.db, ids);

  const wanted = new Map<number, number>();
  const short = new Set<number>();
  const rows: (typeof supplyStockEntries.$inferInsert)[] = [];
  for (const m of moves) {
    if (!byId.has(m.itemId)) throw conflict('ITEM_NOT_FOUND', `物资 ${m.itemId} 不存在`);
    if (m.kind === 'reserved' || m.kind === 'shipped') {
      wanted.set(m.itemId, (wanted.get(m.itemId) ?? 0) + m.quantity);
    }
    const before = balances.get(m.itemId) ?? { ...EMPTY };
    const after = applyMove(before, m);
    if (!after) {
      short.add(m.itemId);
      continue;
    }
    balances.set(m.itemId, after);
    const seq = nextSeq.get(m.itemId) ?? 1;
    nextSeq.set(m.itemId, seq + 1);
    rows.push({
      itemId: m.itemId,
      seq,
      kind: m.kind,
      quantity: m.quantity,
      onHandAfter: after.onHand,
      reservedAfter: after.reserved,
      reason: m.reason ?? null,
      requestId: m.requestId ?? null,
      requestLineId: m.requestLineId ?? null,
      shipmentId: m.shipmentId ?? null,
      actorUserId: ctx.actor?.userId ?? null,
      actorName: ctx.actor?.displayName ?? null,
    });
  }
  if (short.size > 0) {
    const now = await stockOf(ctx.db, [...short]);
    const details: StockShortage[] = [...short].map((id) => {
      const item = byId.get(id);
      const b = now.get(id) ?? EMPTY;
      return {
        itemId: id,
        name: item?.name ?? String(id),
        unit: item?.unit ?? '',
        ...b,
        wanted: wanted.get(id) ?? 0,
      };
    });
    const names = details.map((d) => `「${d.name}」可用 ${d.available}${d.unit}`).join('、');
    throw conflict('STOCK_SHORTAGE', `库存不足：${names}，请按可用数量调整后再审核`, { items: details });
  }
  await ctx.db.insert(supplyStockEntries).values(rows);
  return balances;
}
