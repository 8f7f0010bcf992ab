import { and, asc, count, desc, eq, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type OrgType, partnerOrgTypes } from '../../../shared/orgs.ts';
import {
  type ItemCategory,
  itemCategories,
  itemCategoryLabels,
  itemSourceLabels,
  itemStateLabels,
  type StockEntryKind,
  type TItem,
  type TItemInput,
  type TListItemsQuery,
  type TStockEntry,
} from '../../../shared/supplies.ts';
import type { DbOrTx } from '../../db/client.ts';
import { inSubtree, isWithin, requireActor, roleMay } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { ActingMembership, Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/context.ts';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../platform/errors.ts';
import { writeSheet } from '../../platform/excel/excel.ts';
import { files } from '../../platform/files/files.table.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { postStockEntries, type StockBalance, type StockShortage, stockOf } from './stock.service.ts';
import { hubOfUnit, supplyingOrgTypes } from './supplies.access.ts';
import { supplyItems, supplyStockEntries } from './supplies.table.ts';

/**
 * 物资目录 (issue #6 point 1): the hub union's catalogue of donated and purchased items, put online by
 * supplier / donor partners or by the union itself. Stock is never stored on the item: every number
 * shown comes from the ledger (stock.service.ts), and receiving or adjusting stock appends to it.
 *
 * Who sees an item: union users whose subtree holds its hub (the hub and the unions above it), and
 * union users below the hub (a hospital sees its hub's catalogue, to request from it); a supplier /
 * donor partner only the items it provides. Logistics partners have no business in the catalogue.
 * Who changes one: the hub's (or a higher union's) cadres and admins, and the item's own supplier.
 */

type ItemRow = typeof supplyItems.$inferSelect;

const hubOrg = alias(orgs, 'hub_org');
const supplierOrg = alias(orgs, 'supplier_org');

const itemColumns = {
  item: supplyItems,
  hubName: hubOrg.name,
  supplierName: supplierOrg.name,
};

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The item's available stock in SQL: its last ledger entry (one index lookup per item), else 0. */
const availableSql = sql<number>`coalesce((select e.on_hand_after - e.reserved_after from supply_stock_entries e
  where e.item_id = ${supplyItems.id} order by e.seq desc limit 1), 0)`;

/** Active and inside its window now, in SQL. */
const inWindowSql = sql`(${supplyItems.state} = 'active'
  and (${supplyItems.activeFrom} is null or ${supplyItems.activeFrom} <= now())
  and (${supplyItems.activeUntil} is null or ${supplyItems.activeUntil} > now()))`;

/** Active and inside its window at this moment. */
export function isRequestable(
  item: Pick<ItemRow, 'state' | 'activeFrom' | 'activeUntil'>,
  now = new Date(),
): boolean {
  if (item.state !== 'active') return false;
  if (item.activeFrom && item.activeFrom > now) return false;
  if (item.activeUntil && item.activeUntil <= now) return false;
  return true;
}

function toItem(
  r: { item: ItemRow; hubName: string; supplierName: string | null },
  b: StockBalance | undefined,
  now = new Date(),
): TItem {
  const { item } = r;
  const stock = b ?? { onHand: 0, reserved: 0, available: 0 };
  return {
    id: item.id,
    hub: { id: item.hubOrgId, name: r.hubName },
    supplier: item.supplierOrgId ? { id: item.supplierOrgId, name: r.supplierName ?? '' } : null,
    source: item.source as TItem['source'],
    name: item.name,
    category: item.category as ItemCategory,
    unit: item.unit,
    spec: item.spec,
    photoUrl: item.photoFileId ? `/api/v1/supplies/items/${item.id}/photo` : null,
    unitValueFen: item.unitValueFen,
    perRequestLimit: item.perRequestLimit,
    activeFrom: item.activeFrom?.toISOString() ?? null,
    activeUntil: item.activeUntil?.toISOString() ?? null,
    state: item.state as TItem['state'],
    note: item.note,
    onHand: stock.onHand,
    reserved: stock.reserved,
    available: stock.available,
    requestable: isRequestable(item, now),
    createdAt: item.createdAt.toISOString(),
  };
}

// ---------------------------------------------------------------- who may see / change

const isPartnerMembership = (m: ActingMembership) =>
  m.role === 'partner' || partnerOrgTypes.includes(m.orgType);

/**
 * The caller's view of the catalogue: a supplier / donor partner sees its own items, a union user
 * the catalogues of its subtree and of the hubs above it. Logistics and other partners: 403.
 */
type CatalogueViewer = { kind: 'supplier'; m: ActingMembership } | { kind: 'union'; m: ActingMembership };

function catalogueViewer(ctx: Ctx, action: string): CatalogueViewer {
  const m = requireActor(ctx).membership;
  if (isPartnerMembership(m)) {
    if (m.role !== 'partner' || !supplyingOrgTypes.includes(m.orgType) || !roleMay(m.role, action)) {
      throw forbidden('物流合作单位不能查看或管理物资目录');
    }
    return { kind: 'supplier', m };
  }
  if (!roleMay(m.role, action)) throw forbidden();
  return { kind: 'union', m };
}

/** Union users: the hub is in their subtree, or they sit below the hub (they request from it). */
const unionSees = (m: ActingMembership, hubPath: string) =>
  isWithin(hubPath, m.orgPath) || isWithin(m.orgPath, hubPath);

function visibleWhere(v: CatalogueViewer): SQL {
  if (v.kind === 'supplier') return eq(supplyItems.supplierOrgId, v.m.orgId);
  return or(
    inSubtree(supplyItems.hubOrgPath, v.m.orgPath),
    sql`(${v.m.orgPath} = ${supplyItems.hubOrgPath} or ${v.m.orgPath} like ${supplyItems.hubOrgPath} || '.%')`,
  ) as SQL;
}

async function loadItemRow(db: DbOrTx, id: number) {
  const [row] = await db
    .select(itemColumns)
    .from(supplyItems)
    .innerJoin(hubOrg, eq(hubOrg.id, supplyItems.hubOrgId))
    .leftJoin(supplierOrg, eq(supplierOrg.id, supplyItems.supplierOrgId))
    .where(eq(supplyItems.id, id));
  return row;
}

/** Load an item the caller may see (404 otherwise, its existence not revealed). */
async function seeItem(ctx: Ctx, id: number, action = 'supplies.catalogue.view') {
  const v = catalogueViewer(ctx, action);
  const row = await loadItemRow(ctx.db, id);
  if (!row) throw notFound('物资不存在或无权查看');
  const visible =
    v.kind === 'supplier' ? row.item.supplierOrgId === v.m.orgId : unionSees(v.m, row.item.hubOrgPath);
  if (!visible) throw notFound('物资不存在或无权查看');
  return { v, row };
}

/**
 * An item the caller may change: its own supplier, or a cadre / admin of the hub or above. A union
 * user below the hub sees the item but may not change it (403).
 */
async function manageItem(ctx: Ctx, id: number) {
  const seen = await seeItem(ctx, id, 'supplies.catalogue.manage');
  if (seen.v.kind === 'union' && !isWithin(seen.row.item.hubOrgPath, seen.v.m.orgPath)) {
    throw forbidden('只有枢纽工会可以管理本目录的物资');
  }
  return seen;
}

/** Receiving stock: the item's supplier, or the hub's cadres / admins. */
async function receiver(ctx: Ctx, id: number) {
  return manageItem(ctx, id);
}

/** Adjusting stock at stock-taking: the hub's cadres / admins only, never a partner. */
async function adjuster(ctx: Ctx, id: number) {
  const seen = await manageItem(ctx, id);
  if (seen.v.kind === 'supplier') throw forbidden('盘点调整由枢纽工会进行，供应商请使用入库');
  return seen;
}

// ---------------------------------------------------------------- input checks

/** A supplier / donor org inside the hub's subtree, active. */
async function checkSupplier(db: DbOrTx, hubPath: string, supplierOrgId: number) {
  const org = await findOrg(db, supplierOrgId);
  const fits =
    org !== undefined &&
    org.state === 'active' &&
    supplyingOrgTypes.includes(org.type as OrgType) &&
    isWithin(org.path, hubPath);
  if (!fits) throw invalidField('supplierOrgId', '请选择本工会下的供应商或爱心企业');
  return org;
}

/** The photo must be an image the caller uploaded, or one attached to this item. */
async function checkPhoto(ctx: Ctx, photoFileId: string, itemId: number | null) {
  const userId = requireActor(ctx).userId;
  const [f] = await ctx.db
    .select({
      mime: files.mime,
      uploadedBy: files.uploadedBy,
      entityType: files.entityType,
      entityId: files.entityId,
    })
    .from(files)
    .where(eq(files.id, photoFileId));
  const ours =
    f &&
    (f.uploadedBy === userId ||
      (itemId !== null && f.entityType === 'supplies.item' && f.entityId === String(itemId)));
  if (!f || !ours) throw invalidField('photoFileId', '照片不存在，请重新上传');
  if (!f.mime.startsWith('image/')) throw invalidField('photoFileId', '物资照片应为 JPG、PNG 或 WebP 图片');
}

function checkWindow(from: Date | null, until: Date | null) {
  if (from && until && from >= until) throw invalidField('activeUntil', '下架时间应晚于上架时间');
}

/** A 下架时间 newly set in the past would make the item unrequestable from the start: a slip of the date. */
function checkUntilAhead(until: Date | null) {
  if (until && until.getTime() <= Date.now()) {
    throw invalidField('activeUntil', '下架时间已过，物资将无法申请；请选择以后的时间（停止申请请用“下架”）');
  }
}

const toDate = (s: string | null | undefined) => (s ? new Date(s) : null);

/**
 * One listing per thing in a hub's catalogue: a second 方便面 of the same spec would split its stock and
 * its requests over two look-alike rows. More stock goes in by 入库 on the listing there is.
 */
async function refuseDuplicateItem(db: DbOrTx, hubOrgId: number, name: string, spec: string | null) {
  const s = spec?.trim() || null;
  const [same] = await db
    .select({ id: supplyItems.id })
    .from(supplyItems)
    .where(
      and(
        eq(supplyItems.hubOrgId, hubOrgId),
        eq(supplyItems.name, name.trim()),
        s === null ? isNull(supplyItems.spec) : eq(supplyItems.spec, s),
      ),
    )
    .limit(1);
  if (same) {
    const what = s ? `${name.trim()}（${s}）` : name.trim();
    throw invalidField('name', `目录中已有「${what}」：请在原物资上入库，或写明不同的规格`);
  }
}

// ---------------------------------------------------------------- reads

/** The catalogue the caller may see, filtered, each item with its stock from the ledger. */
export async function listItems(ctx: Ctx, q: TListItemsQuery) {
  const v = catalogueViewer(ctx, 'supplies.catalogue.view');
  const where = and(...itemFilters(v, q));
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select(itemColumns)
      .from(supplyItems)
      .innerJoin(hubOrg, eq(hubOrg.id, supplyItems.hubOrgId))
      .leftJoin(supplierOrg, eq(supplierOrg.id, supplyItems.supplierOrgId))
      .where(where)
      .orderBy(...itemOrder)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(supplyItems).where(where),
  ]);
  const stock = await stockOf(
    ctx.db,
    rows.map((r) => r.item.id),
  );
  const now = new Date();
  return {
    items: rows.map((r) => toItem(r, stock.get(r.item.id), now)),
    total: counted?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Items on the shelf first, then by category in the order the form lists them, oldest first. */
const itemOrder = [
  asc(supplyItems.state),
  sql`array_position(array[${sql.join(
    itemCategories.map((c) => sql`${c}`),
    sql`, `,
  )}]::text[], ${supplyItems.category})`,
  asc(supplyItems.id),
];

function itemFilters(v: CatalogueViewer, q: TListItemsQuery): SQL[] {
  const conds: SQL[] = [visibleWhere(v)];
  const text = q.q?.trim();
  if (text) {
    const like = `%${escapeLike(text)}%`;
    conds.push(or(ilike(supplyItems.name, like), ilike(supplyItems.spec, like)) as SQL);
  }
  if (q.category) conds.push(eq(supplyItems.category, q.category));
  if (q.state) conds.push(eq(supplyItems.state, q.state));
  if (q.supplierOrgId !== undefined) conds.push(eq(supplyItems.supplierOrgId, q.supplierOrgId));
  if (q.requestable === 'true') conds.push(sql`(${inWindowSql} and ${availableSql} > 0)`);
  if (q.requestable === 'false') conds.push(sql`not (${inWindowSql} and ${availableSql} > 0)`);
  if (q.lowStockBelow !== undefined) conds.push(sql`${availableSql} < ${q.lowStockBelow}`);
  return conds;
}

/** One item the caller may see, with its stock. */
export async function getItem(ctx: Ctx, id: number): Promise<TItem> {
  const { row } = await seeItem(ctx, id);
  const stock = await stockOf(ctx.db, [id]);
  return toItem(row, stock.get(id));
}

async function reload(ctx: Ctx, id: number): Promise<TItem> {
  const row = await loadItemRow(ctx.db, id);
  if (!row) throw notFound('物资不存在或无权查看');
  const stock = await stockOf(ctx.db, [id]);
  return toItem(row, stock.get(id));
}

/** The item's ledger, newest entry first. */
export async function listItemLedger(ctx: Ctx, id: number, q: { page: number; pageSize: number }) {
  await seeItem(ctx, id);
  const where = eq(supplyStockEntries.itemId, id);
  const [rows, [counted]] = await Promise.all([
    ctx.db
      .select()
      .from(supplyStockEntries)
      .where(where)
      .orderBy(desc(supplyStockEntries.seq))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(supplyStockEntries).where(where),
  ]);
  const items: TStockEntry[] = rows.map((e) => ({
    id: e.id,
    itemId: e.itemId,
    seq: e.seq,
    kind: e.kind as StockEntryKind,
    quantity: e.quantity,
    onHandAfter: e.onHandAfter,
    reservedAfter: e.reservedAfter,
    availableAfter: e.onHandAfter - e.reservedAfter,
    reason: e.reason,
    requestId: e.requestId,
    shipmentId: e.shipmentId,
    actor: e.actorName,
    at: e.createdAt.toISOString(),
  }));
  return { items, total: counted?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** The stored photo of an item, for anyone who may see the item. */
export async function itemPhotoFile(ctx: Ctx, id: number): Promise<{ storageKey: string; mime: string }> {
  const { row } = await seeItem(ctx, id);
  if (!row.item.photoFileId) throw notFound('该物资没有照片');
  const [f] = await ctx.db
    .select({ storageKey: files.storageKey, mime: files.mime })
    .from(files)
    .where(eq(files.id, row.item.photoFileId));
  if (!f) throw notFound('该物资没有照片');
  return f;
}

// ---------------------------------------------------------------- writes

/**
 * Put an item online. A supplier / donor partner: the hub is its org's parent union and it provides
 * the item itself. A union cadre / admin: the hub is their own org; with `supplierOrgId` (a supplier
 * or donor org under the hub) the item is that partner's, otherwise the union buys it (工会采购).
 */
export async function createItem(ctx: Ctx, input: TItemInput): Promise<TItem> {
  const v = catalogueViewer(ctx, 'supplies.catalogue.manage');
  let hub: { id: number; path: string };
  let supplierOrgId: number | null;
  if (v.kind === 'supplier') {
    if (input.supplierOrgId != null && input.supplierOrgId !== v.m.orgId) {
      throw invalidField('supplierOrgId', '供应商只能上架本单位提供的物资');
    }
    const own = await findOrg(ctx.db, v.m.orgId);
    const parent = own?.parentId ? await findOrg(ctx.db, own.parentId) : undefined;
    if (!parent) throw conflict('NO_HUB', '贵单位尚未挂靠工会，无法上架物资，请联系工会');
    hub = { id: parent.id, path: parent.path };
    supplierOrgId = v.m.orgId;
  } else {
    // One catalogue per hub: a unit below a hub requests from it instead of opening its own.
    const above = await hubOfUnit(ctx.db, v.m.orgPath);
    if (above && above.id !== v.m.orgId) {
      throw forbidden(`物资目录由「${above.name}」统一管理，请向其提报物资需求`, 'CATALOGUE_OF_HUB');
    }
    hub = { id: v.m.orgId, path: v.m.orgPath };
    supplierOrgId = input.supplierOrgId ?? null;
    if (supplierOrgId !== null) await checkSupplier(ctx.db, hub.path, supplierOrgId);
  }
  const activeFrom = toDate(input.activeFrom);
  const activeUntil = toDate(input.activeUntil);
  checkWindow(activeFrom, activeUntil);
  checkUntilAhead(activeUntil);
  if (input.photoFileId) await checkPhoto(ctx, input.photoFileId, null);
  const id = await ctx.deps.database.db.transaction(async (tx) => {
    await refuseDuplicateItem(tx, hub.id, input.name, input.spec ?? null);
    const [row] = await tx
      .insert(supplyItems)
      .values({
        hubOrgId: hub.id,
        hubOrgPath: hub.path,
        supplierOrgId,
        source: supplierOrgId === null ? 'union_purchase' : 'partner',
        name: input.name,
        category: input.category,
        unit: input.unit,
        spec: input.spec?.trim() || null,
        photoFileId: input.photoFileId ?? null,
        unitValueFen: input.unitValueFen,
        perRequestLimit: input.perRequestLimit ?? null,
        activeFrom,
        activeUntil,
        note: input.note?.trim() || null,
        createdBy: requireActor(ctx).userId,
      })
      .returning({ id: supplyItems.id });
    if (!row) throw new Error('item insert returned nothing');
    await recordAudit(withTx(ctx, tx), {
      action: 'supplies.item.create',
      entityType: 'supplies.item',
      entityId: row.id,
      orgId: hub.id,
      orgPath: hub.path,
      detail: { name: input.name, supplierOrgId, unitValueFen: input.unitValueFen },
    });
    return row.id;
  });
  return reload(ctx, id);
}

export type TItemPatch = Partial<TItemInput>;

/** Change an item's details (the hub or its supplier). A supplier cannot hand its item to another. */
export async function updateItem(ctx: Ctx, id: number, patch: TItemPatch): Promise<TItem> {
  const { v, row } = await manageItem(ctx, id);
  const item = row.item;
  const set: Partial<typeof supplyItems.$inferInsert> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.category !== undefined) set.category = patch.category;
  if (patch.unit !== undefined) set.unit = patch.unit;
  if (patch.spec !== undefined) set.spec = patch.spec?.trim() || null;
  if (patch.unitValueFen !== undefined) set.unitValueFen = patch.unitValueFen;
  if (patch.perRequestLimit !== undefined) set.perRequestLimit = patch.perRequestLimit;
  if (patch.note !== undefined) set.note = patch.note?.trim() || null;
  if (patch.activeFrom !== undefined) set.activeFrom = toDate(patch.activeFrom);
  if (patch.activeUntil !== undefined) set.activeUntil = toDate(patch.activeUntil);
  checkWindow(
    set.activeFrom === undefined ? item.activeFrom : (set.activeFrom as Date | null),
    set.activeUntil === undefined ? item.activeUntil : (set.activeUntil as Date | null),
  );
  // An item whose window has ended may still be edited as it is; only a changed end is checked
  // (a form sends the stored end back, possibly without its milliseconds).
  const newUntil = set.activeUntil as Date | null | undefined;
  const kept =
    item.activeUntil && newUntil && Math.abs(newUntil.getTime() - item.activeUntil.getTime()) < 60_000;
  if (newUntil && !kept) checkUntilAhead(newUntil);
  if (patch.photoFileId !== undefined) {
    if (patch.photoFileId) await checkPhoto(ctx, patch.photoFileId, id);
    set.photoFileId = patch.photoFileId;
  }
  if (patch.supplierOrgId !== undefined && patch.supplierOrgId !== item.supplierOrgId) {
    if (v.kind === 'supplier') throw invalidField('supplierOrgId', '供应商不能把物资转给其他单位');
    if (patch.supplierOrgId !== null) await checkSupplier(ctx.db, item.hubOrgPath, patch.supplierOrgId);
    set.supplierOrgId = patch.supplierOrgId;
    set.source = patch.supplierOrgId === null ? 'union_purchase' : 'partner';
  }
  await ctx.deps.database.db.transaction(async (tx) => {
    await tx
      .update(supplyItems)
      .set({ ...set, updatedAt: sql`now()` })
      .where(eq(supplyItems.id, id));
    await recordAudit(withTx(ctx, tx), {
      action: 'supplies.item.update',
      entityType: 'supplies.item',
      entityId: id,
      orgId: item.hubOrgId,
      orgPath: item.hubOrgPath,
      detail: { fields: Object.keys(set) },
    });
  });
  return reload(ctx, id);
}

/** 上架 / 下架: a deactivated item cannot be requested; approved requests still get it. */
export async function setItemState(ctx: Ctx, id: number, state: 'active' | 'inactive'): Promise<TItem> {
  const { row } = await manageItem(ctx, id);
  if (row.item.state === state) {
    throw conflict('INVALID_STATE', state === 'active' ? '该物资已是上架状态' : '该物资已下架');
  }
  await ctx.deps.database.db.transaction(async (tx) => {
    const done = await tx
      .update(supplyItems)
      .set({ state, updatedAt: sql`now()` })
      .where(and(eq(supplyItems.id, id), eq(supplyItems.state, row.item.state)))
      .returning({ id: supplyItems.id });
    if (done.length === 0) throw conflict('INVALID_STATE', '物资状态已被他人修改，请刷新后重试');
    await recordAudit(withTx(ctx, tx), {
      action: 'supplies.item.update',
      entityType: 'supplies.item',
      entityId: id,
      orgId: row.item.hubOrgId,
      orgPath: row.item.hubOrgPath,
      detail: { state, label: itemStateLabels[state] },
    });
  });
  return reload(ctx, id);
}

/** 入库: the supplier (or the hub) adds stock; a `received` ledger entry. */
export async function receiveStock(
  ctx: Ctx,
  id: number,
  input: { quantity: number; note?: string | null | undefined },
): Promise<TItem> {
  const { row } = await receiver(ctx, id);
  await ctx.deps.database.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const balances = await postStockEntries(c, [
      { itemId: id, kind: 'received', quantity: input.quantity, reason: input.note?.trim() || null },
    ]);
    await recordAudit(c, {
      action: 'supplies.item.receive',
      entityType: 'supplies.item',
      entityId: id,
      orgId: row.item.hubOrgId,
      orgPath: row.item.hubOrgPath,
      detail: { quantity: input.quantity, onHandAfter: balances.get(id)?.onHand ?? null },
    });
  });
  return reload(ctx, id);
}

/**
 * 盘点调整: the hub corrects the on-hand stock by a signed delta with a reason. The ledger refuses a
 * correction that would leave less on hand than is reserved for approved requests.
 */
export async function adjustStock(
  ctx: Ctx,
  id: number,
  input: { delta: number; reason: string },
): Promise<TItem> {
  const { row } = await adjuster(ctx, id);
  try {
    await ctx.deps.database.db.transaction(async (tx) => {
      const c = withTx(ctx, tx);
      const balances = await postStockEntries(c, [
        { itemId: id, kind: 'adjusted', quantity: input.delta, reason: input.reason },
      ]);
      await recordAudit(c, {
        action: 'supplies.item.adjust',
        entityType: 'supplies.item',
        entityId: id,
        orgId: row.item.hubOrgId,
        orgPath: row.item.hubOrgPath,
        detail: { delta: input.delta, reason: input.reason, onHandAfter: balances.get(id)?.onHand ?? null },
      });
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'STOCK_SHORTAGE') {
      const details = err.details as { items: StockShortage[] } | undefined;
      const s = details?.items[0];
      const message = s
        ? `调整后库存不足：「${s.name}」在库 ${s.onHand}${s.unit}，其中 ${s.reserved}${s.unit} 已为审核通过的需求预留，调减不能超过 ${s.available}${s.unit}`
        : '调整后库存不足，不能少于已预留的数量';
      throw conflict('STOCK_SHORTAGE', message, details);
    }
    throw err;
  }
  return reload(ctx, id);
}

// ---------------------------------------------------------------- export

const yuan = (fen: number) => fen / 100;
const cstTime = (d: Date | null) =>
  d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : null;

/** The filtered catalogue as a workbook, with the stock columns; the export is audited. */
export async function exportItems(ctx: Ctx, q: TListItemsQuery): Promise<Buffer> {
  const v = catalogueViewer(ctx, 'supplies.catalogue.view');
  const rows = await ctx.db
    .select(itemColumns)
    .from(supplyItems)
    .innerJoin(hubOrg, eq(hubOrg.id, supplyItems.hubOrgId))
    .leftJoin(supplierOrg, eq(supplierOrg.id, supplyItems.supplierOrgId))
    .where(and(...itemFilters(v, q)))
    .orderBy(...itemOrder)
    .limit(20_000);
  const stock = await stockOf(
    ctx.db,
    rows.map((r) => r.item.id),
  );
  const now = new Date();
  const items = rows.map((r) => ({ item: toItem(r, stock.get(r.item.id), now), row: r.item }));
  const buffer = await writeSheet<(typeof items)[number]>(
    '物资目录',
    [
      { header: '编号', width: 8, value: (r) => r.item.id },
      { header: '物资名称', width: 22, value: (r) => r.item.name },
      { header: '类别', width: 10, value: (r) => itemCategoryLabels[r.item.category] },
      { header: '规格', width: 24, value: (r) => r.item.spec },
      { header: '单位', width: 6, value: (r) => r.item.unit },
      { header: '单价（元）', width: 10, value: (r) => yuan(r.item.unitValueFen) },
      { header: '来源', width: 18, value: (r) => itemSourceLabels[r.item.source] },
      { header: '供应单位', width: 24, value: (r) => r.item.supplier?.name ?? null },
      { header: '枢纽工会', width: 18, value: (r) => r.item.hub.name },
      { header: '每单限领', width: 10, value: (r) => r.item.perRequestLimit ?? '不限' },
      { header: '上架时间', width: 17, value: (r) => cstTime(r.row.activeFrom) },
      { header: '下架时间', width: 17, value: (r) => cstTime(r.row.activeUntil) },
      { header: '状态', width: 6, value: (r) => itemStateLabels[r.item.state] },
      { header: '在库', width: 8, value: (r) => r.item.onHand },
      { header: '已预留', width: 8, value: (r) => r.item.reserved },
      { header: '可用', width: 8, value: (r) => r.item.available },
      { header: '可用价值（元）', width: 14, value: (r) => yuan(r.item.available * r.item.unitValueFen) },
      { header: '当前可申领', width: 10, value: (r) => (r.item.requestable ? '是' : '否') },
    ],
    items,
  );
  await recordAudit(ctx, {
    action: 'supplies.export',
    entityType: 'supplies.item',
    detail: {
      what: 'catalogue',
      rows: items.length,
      filters: { ...q, page: undefined, pageSize: undefined },
    },
  });
  return buffer;
}
