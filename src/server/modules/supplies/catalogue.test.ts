import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildOrg,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
  type TestOrg,
} from '../../../../test/app.ts';
import type { TItem, TStockEntry } from '../../../shared/supplies.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { postStockEntries } from './stock.service.ts';
import { supplyItems } from './supplies.table.ts';

/**
 * 物资目录 and the stock ledger endpoints (issue #6 point 1): who puts items online for which hub,
 * who sees and changes them (partner isolation, cross-org refusal), input checks, the requestable
 * window, receiving and adjusting stock through the ledger, the photo and the export.
 */

let t: TestApp;
const BASE = '/api/v1/supplies';

let hub: TestOrg;
let hosp: TestOrg;
let supplierOrg: TestOrg;
let supplier2Org: TestOrg;
let logisticsOrg: TestOrg;
let otherHub: TestOrg;
let otherSupplierOrg: TestOrg;

let hubCadre: Agent;
let hubReviewer: Agent;
let cityCadre: Agent;
let hospCadre: Agent;
let supplier: Agent;
let supplier2: Agent;
let logistics: Agent;
let otherCadre: Agent;
let worker: Agent;
let hubCadreName: string;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  t = await createTestApp();
  const root = await buildOrg(t, { name: '全国总工会' });
  const city = await buildOrg(t, { name: '上海市总工会', type: 'provincial', parent: root });
  hub = await buildOrg(t, { name: '上海市医务工会', type: 'industry', parent: city });
  hosp = await buildOrg(t, { name: '示范医院工会', type: 'grassroots', parent: hub });
  supplierOrg = await buildOrg(t, { name: '申城供应链公司', type: 'supplier', parent: hub });
  supplier2Org = await buildOrg(t, { name: '浦江食品公司', type: 'donor', parent: hub });
  logisticsOrg = await buildOrg(t, { name: '申城物流公司', type: 'logistics', parent: hub });
  const gx = await buildOrg(t, { name: '广西壮族自治区总工会', type: 'provincial', parent: root });
  otherHub = await buildOrg(t, { name: '广西医务工会', type: 'industry', parent: gx });
  otherSupplierOrg = await buildOrg(t, { name: '八桂供应链公司', type: 'supplier', parent: otherHub });
  const hubCadreUser = await buildUser(t, { org: hub, role: 'cadre', displayName: '陈热线' });
  hubCadreName = '陈热线';
  hubCadre = await loginAs(t, hubCadreUser);
  hubReviewer = await loginAs(t, await buildUser(t, { org: hub, role: 'reviewer' }));
  cityCadre = await loginAs(t, await buildUser(t, { org: city, role: 'cadre' }));
  hospCadre = await loginAs(t, await buildUser(t, { org: hosp, role: 'cadre' }));
  supplier = await loginAs(t, await buildUser(t, { org: supplierOrg, role: 'partner' }));
  supplier2 = await loginAs(t, await buildUser(t, { org: supplier2Org, role: 'partner' }));
  logistics = await loginAs(t, await buildUser(t, { org: logisticsOrg, role: 'partner' }));
  otherCadre = await loginAs(t, await buildUser(t, { org: otherHub, role: 'cadre' }));
  worker = await loginAs(t, await buildUser(t, { org: hosp, role: 'worker' }));
});
afterAll(async () => {
  await t.close();
});

const ctxFor = (): Ctx => ({ db: t.database.db, actor: null, ip: null, deps: t.app.deps });
/** Post ledger entries the way the review and dispatch services do (inside a transaction). */
const post = (moves: Parameters<typeof postStockEntries>[1]) =>
  t.database.db.transaction((tx) => postStockEntries(withTx(ctxFor(), tx), moves));

const itemBody = (over: Record<string, unknown> = {}) => ({
  name: `纯牛奶${randomBytes(2).toString('hex')}`,
  category: 'drink',
  unit: '箱',
  spec: '250ml×24盒',
  unitValueFen: 6_800,
  perRequestLimit: 200,
  ...over,
});

async function create(agent: Agent, over: Record<string, unknown> = {}): Promise<TItem> {
  const res = await agent.post(`${BASE}/items`, itemBody(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TItem;
}

describe('putting items online (hub rules)', () => {
  it('a supplier puts its own item online: the hub is its parent union, the source its own', async () => {
    const item = await create(supplier, { name: '纯牛奶（整箱）' });
    expect(item).toMatchObject({
      name: '纯牛奶（整箱）',
      hub: { id: hub.id, name: '上海市医务工会' },
      supplier: { id: supplierOrg.id, name: '申城供应链公司' },
      source: 'partner',
      category: 'drink',
      unit: '箱',
      spec: '250ml×24盒',
      unitValueFen: 6_800,
      perRequestLimit: 200,
      state: 'active',
      onHand: 0,
      reserved: 0,
      available: 0,
      requestable: true,
      photoUrl: null,
    });
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'supplies.item.create'), eq(auditLog.entityId, String(item.id))));
    expect(audit).toMatchObject({ orgId: hub.id, orgPath: hub.path, result: 'success' });
  });

  it('a supplier cannot put an item online for another supplier', async () => {
    const res = await supplier.post(`${BASE}/items`, itemBody({ supplierOrgId: supplier2Org.id }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      { field: 'supplierOrgId', message: '供应商只能上架本单位提供的物资' },
    ]);
  });

  it('a hub cadre adds a partner item (supplier under the hub) or a union purchase', async () => {
    const partner = await create(hubCadre, { supplierOrgId: supplier2Org.id });
    expect(partner).toMatchObject({
      hub: { id: hub.id },
      supplier: { id: supplier2Org.id, name: '浦江食品公司' },
      source: 'partner',
    });
    const bought = await create(hubCadre, { name: '晾衣绳', category: 'daily', unit: '根' });
    expect(bought).toMatchObject({ supplier: null, source: 'union_purchase', hub: { id: hub.id } });
  });

  it('refuses a second listing of the same name and spec in one hub; another spec is another thing', async () => {
    const again = await hubCadre.post(`${BASE}/items`, itemBody({ name: ' 纯牛奶（整箱） ' }));
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details).toEqual([
      {
        field: 'name',
        message: '目录中已有「纯牛奶（整箱）（250ml×24盒）」：请在原物资上入库，或写明不同的规格',
      },
    ]);
    await create(hubCadre, { name: '纯牛奶（整箱）', spec: '200ml×24盒' });
    await create(hubCadre, { name: '无规格物资', spec: null });
    const bare = await hubCadre.post(`${BASE}/items`, itemBody({ name: '无规格物资', spec: null }));
    expect(bare.json().error.details).toEqual([
      { field: 'name', message: '目录中已有「无规格物资」：请在原物资上入库，或写明不同的规格' },
    ]);
  });

  it('the supplier must be a supplier or donor org under the hub', async () => {
    for (const id of [logisticsOrg.id, otherSupplierOrg.id, hosp.id, 999_999]) {
      const res = await hubCadre.post(`${BASE}/items`, itemBody({ supplierOrgId: id }));
      expect(res.statusCode, String(id)).toBe(400);
      expect(res.json().error.details).toEqual([
        { field: 'supplierOrgId', message: '请选择本工会下的供应商或爱心企业' },
      ]);
    }
  });

  it('reviewers, workers and logistics partners cannot put items online', async () => {
    expect((await hubReviewer.post(`${BASE}/items`, itemBody())).statusCode).toBe(403);
    expect((await worker.post(`${BASE}/items`, itemBody())).statusCode).toBe(403);
    const res = await logistics.post(`${BASE}/items`, itemBody());
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('物流合作单位不能查看或管理物资目录');
  });

  it('a hospital below the hub cannot open a catalogue of its own (403)', async () => {
    const res = await hospCadre.post(`${BASE}/items`, itemBody());
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CATALOGUE_OF_HUB');
  });

  it('bad input: 400 with Chinese field messages', async () => {
    const res = await hubCadre.post(`${BASE}/items`, {
      name: ' ',
      category: 'toys',
      unit: '',
      unitValueFen: -1,
      perRequestLimit: 0,
    });
    expect(res.statusCode).toBe(400);
    const details = res.json().error.details as { field: string; message: string }[];
    expect(details).toEqual(
      expect.arrayContaining([
        { field: 'body.name', message: '请填写物资名称' },
        { field: 'body.category', message: '请选择类别' },
        { field: 'body.unit', message: '请填写单位（如 箱、件、台）' },
        { field: 'body.unitValueFen', message: '金额不能为负' },
        { field: 'body.perRequestLimit', message: '数量至少为 1' },
      ]),
    );
    const window = await hubCadre.post(
      `${BASE}/items`,
      itemBody({ activeFrom: '2026-12-01T00:00:00+08:00', activeUntil: '2026-11-01T00:00:00+08:00' }),
    );
    expect(window.statusCode).toBe(400);
    expect(window.json().error.details).toEqual([
      { field: 'body.activeUntil', message: '下架时间应晚于上架时间' },
    ]);
  });
});

describe('who sees which items', () => {
  let own: TItem;
  let other: TItem;
  let foreign: TItem;
  beforeAll(async () => {
    own = await create(supplier, { name: '矿泉水（隔离测试）', category: 'drink' });
    other = await create(supplier2, { name: '方便面（隔离测试）', category: 'food' });
    foreign = await create(otherCadre, { name: '桂林米粉（隔离测试）', category: 'food' });
  });

  const names = async (agent: Agent, query = '') => {
    const res = await agent.get(`${BASE}/items?pageSize=100&q=隔离测试${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as TItem[]).map((i) => i.name).sort();
  };

  it('a supplier sees and changes only its own items; another supplier’s are 404', async () => {
    expect(await names(supplier)).toEqual(['矿泉水（隔离测试）']);
    expect((await supplier.get(`${BASE}/items/${own.id}`)).statusCode).toBe(200);
    for (const res of [
      await supplier.get(`${BASE}/items/${other.id}`),
      await supplier.patch(`${BASE}/items/${other.id}`, { name: '改名' }),
      await supplier.post(`${BASE}/items/${other.id}/receive`, { quantity: 5 }),
      await supplier.post(`${BASE}/items/${other.id}/deactivate`),
      await supplier.get(`${BASE}/items/${other.id}/ledger`),
      await supplier.get(`${BASE}/items/${foreign.id}`),
    ]) {
      expect(res.statusCode).toBe(404);
    }
    const renamed = await supplier.patch(`${BASE}/items/${own.id}`, { spec: '550ml×24瓶' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '矿泉水（隔离测试）', spec: '550ml×24瓶' });
    const hand = await supplier.patch(`${BASE}/items/${own.id}`, { supplierOrgId: supplier2Org.id });
    expect(hand.statusCode).toBe(400);
    expect(hand.json().error.details).toEqual([
      { field: 'supplierOrgId', message: '供应商不能把物资转给其他单位' },
    ]);
  });

  it('logistics partners get 403 on the catalogue', async () => {
    expect((await logistics.get(`${BASE}/items`)).statusCode).toBe(403);
    expect((await logistics.get(`${BASE}/items/${own.id}`)).statusCode).toBe(403);
    expect((await logistics.get(`${BASE}/items/export`)).statusCode).toBe(403);
  });

  it('union users see their hub’s catalogue from below and above; another hub’s items are 404', async () => {
    const all = ['方便面（隔离测试）', '矿泉水（隔离测试）'];
    expect(await names(hubCadre)).toEqual(all);
    expect(await names(hospCadre)).toEqual(all);
    expect(await names(cityCadre)).toEqual(all);
    expect(await names(otherCadre)).toEqual(['桂林米粉（隔离测试）']);
    expect((await hospCadre.get(`${BASE}/items/${own.id}`)).statusCode).toBe(200);
    for (const res of [
      await otherCadre.get(`${BASE}/items/${own.id}`),
      await otherCadre.patch(`${BASE}/items/${own.id}`, { name: '改名' }),
      await otherCadre.post(`${BASE}/items/${own.id}/adjust`, { delta: 1, reason: '盘点多出' }),
      await hubCadre.get(`${BASE}/items/${foreign.id}`),
    ]) {
      expect(res.statusCode).toBe(404);
    }
    expect((await worker.get(`${BASE}/items`)).statusCode).toBe(403);
  });

  it('a hospital sees its hub’s items but cannot change them (403)', async () => {
    const res = await hospCadre.patch(`${BASE}/items/${own.id}`, { name: '改名' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('只有枢纽工会可以管理本目录的物资');
    expect((await hospCadre.post(`${BASE}/items/${own.id}/receive`, { quantity: 1 })).statusCode).toBe(403);
    expect((await hubReviewer.patch(`${BASE}/items/${own.id}`, { name: '改名' })).statusCode).toBe(403);
  });

  it('filters: category, supplier, state; listed by category in the form’s order', async () => {
    const res = await hubCadre.get(`${BASE}/items?q=${encodeURIComponent('隔离测试')}`);
    expect((res.json().items as TItem[]).map((i) => i.name)).toEqual([
      '方便面（隔离测试）',
      '矿泉水（隔离测试）',
    ]);
    expect(await names(hubCadre, '&category=food')).toEqual(['方便面（隔离测试）']);
    expect(await names(hubCadre, `&supplierOrgId=${supplierOrg.id}`)).toEqual(['矿泉水（隔离测试）']);
    expect(await names(hubCadre, '&state=inactive')).toEqual([]);
  });
});

describe('the active window and requestable', () => {
  it('an item is requestable while active and inside its window; the filter also wants stock', async () => {
    const tag = `窗口${randomBytes(2).toString('hex')}`;
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const open = await create(hubCadre, {
      name: `${tag}开放`,
      activeFrom: iso(now - 86_400_000),
      activeUntil: iso(now + 86_400_000),
    });
    const later = await create(hubCadre, { name: `${tag}未开始`, activeFrom: iso(now + 86_400_000) });
    // A window that has since ended (set while ahead; the clock moved on).
    const ending = await create(hubCadre, { name: `${tag}已结束`, activeUntil: iso(now + 60_000) });
    await t.database.db
      .update(supplyItems)
      .set({ activeUntil: new Date(now - 60_000) })
      .where(eq(supplyItems.id, ending.id));
    const ended = (await hubCadre.get(`${BASE}/items/${ending.id}`)).json() as TItem;
    const empty = await create(hubCadre, { name: `${tag}无库存` });
    const off = await create(hubCadre, { name: `${tag}下架` });
    expect([open, later, ended, empty, off].map((i) => i.requestable)).toEqual([
      true,
      false,
      false,
      true,
      true,
    ]);
    for (const i of [open, later, ended, off]) {
      expect((await hubCadre.post(`${BASE}/items/${i.id}/receive`, { quantity: 10 })).statusCode).toBe(200);
    }
    const down = await hubCadre.post(`${BASE}/items/${off.id}/deactivate`);
    expect(down.json()).toMatchObject({ state: 'inactive', requestable: false });
    expect((await hubCadre.post(`${BASE}/items/${off.id}/deactivate`)).statusCode).toBe(409);

    const list = async (q: string) =>
      ((await hospCadre.get(`${BASE}/items?pageSize=100&q=${tag}${q}`)).json().items as TItem[])
        .map((i) => i.name)
        .sort();
    expect(await list('&requestable=true')).toEqual([`${tag}开放`]);
    expect(await list('&requestable=false')).toEqual(
      [`${tag}下架`, `${tag}已结束`, `${tag}无库存`, `${tag}未开始`].sort(),
    );
    expect(await list('&lowStockBelow=5')).toEqual([`${tag}无库存`]);

    // The window can be moved; a window ending before it starts is refused against the stored start.
    const moved = await hubCadre.patch(`${BASE}/items/${later.id}`, { activeFrom: iso(now - 60_000) });
    expect(moved.json()).toMatchObject({ requestable: true });
    const bad = await hubCadre.patch(`${BASE}/items/${later.id}`, { activeUntil: iso(now - 120_000) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([{ field: 'activeUntil', message: '下架时间应晚于上架时间' }]);
    const up = await hubCadre.post(`${BASE}/items/${off.id}/activate`);
    expect(up.json()).toMatchObject({ state: 'active', requestable: true });

    // A 下架时间 already past is a slip of the date: refused on create and when moved there; an item
    // whose window has ended can still be edited as it is.
    const pastUntil = '下架时间已过，物资将无法申请；请选择以后的时间（停止申请请用“下架”）';
    const slip = await hubCadre.post(
      `${BASE}/items`,
      itemBody({ name: `${tag}错日期`, activeUntil: iso(now - 3_600_000) }),
    );
    expect(slip.statusCode).toBe(400);
    expect(slip.json().error.details).toEqual([{ field: 'activeUntil', message: pastUntil }]);
    const movedBack = await hubCadre.patch(`${BASE}/items/${open.id}`, { activeUntil: iso(now - 3_600_000) });
    expect(movedBack.statusCode).toBe(400);
    expect(movedBack.json().error.details).toEqual([{ field: 'activeUntil', message: pastUntil }]);
    const edited = await hubCadre.patch(`${BASE}/items/${ended.id}`, {
      note: '夏季专供',
      activeUntil: ended.activeUntil,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ note: '夏季专供', requestable: false });
  });
});

describe('receiving and adjusting stock', () => {
  it('the supplier receives, the hub adjusts with a reason; the ledger is newest first', async () => {
    const item = await create(supplier, { name: '自热米饭（台账）', category: 'food', unit: '盒' });
    const r1 = await supplier.post(`${BASE}/items/${item.id}/receive`, { quantity: 120, note: '首批到货' });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json()).toMatchObject({ onHand: 120, reserved: 0, available: 120 });
    await post([{ itemId: item.id, kind: 'reserved', quantity: 100, requestId: 7 }]);
    const adj = await hubCadre.post(`${BASE}/items/${item.id}/adjust`, { delta: -15, reason: '盘点破损' });
    expect(adj.statusCode, adj.body).toBe(200);
    expect(adj.json()).toMatchObject({ onHand: 105, reserved: 100, available: 5 });

    // Below what is reserved: refused by the ledger, nothing written, a clear message.
    const short = await hubCadre.post(`${BASE}/items/${item.id}/adjust`, { delta: -6, reason: '盘点短少' });
    expect(short.statusCode).toBe(409);
    expect(short.json().error).toMatchObject({
      code: 'STOCK_SHORTAGE',
      message:
        '调整后库存不足：「自热米饭（台账）」在库 105盒，其中 100盒 已为审核通过的需求预留，调减不能超过 5盒',
      details: { items: [{ itemId: item.id, onHand: 105, reserved: 100, available: 5 }] },
    });
    // Partners cannot adjust; a zero delta or a missing reason is bad input.
    expect(
      (await supplier.post(`${BASE}/items/${item.id}/adjust`, { delta: 1, reason: '盘点多出' })).statusCode,
    ).toBe(403);
    const zero = await hubCadre.post(`${BASE}/items/${item.id}/adjust`, { delta: 0, reason: '' });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.details).toEqual([
      { field: 'body.delta', message: '调整数量不能为 0' },
      { field: 'body.reason', message: '请填写调整原因' },
    ]);
    const badQty = await supplier.post(`${BASE}/items/${item.id}/receive`, { quantity: 0 });
    expect(badQty.json().error.details).toEqual([{ field: 'body.quantity', message: '数量至少为 1' }]);

    const ledger = await hospCadre.get(`${BASE}/items/${item.id}/ledger?pageSize=2`);
    expect(ledger.statusCode).toBe(200);
    const page = ledger.json() as { items: TStockEntry[]; total: number };
    expect(page.total).toBe(3);
    expect(
      page.items.map((e) => [e.seq, e.kind, e.quantity, e.onHandAfter, e.reservedAfter, e.availableAfter]),
    ).toEqual([
      [3, 'adjusted', -15, 105, 100, 5],
      [2, 'reserved', 100, 120, 100, 20],
    ]);
    expect(page.items[0]).toMatchObject({ reason: '盘点破损', actor: hubCadreName });
    const first = (await supplier.get(`${BASE}/items/${item.id}/ledger?page=2&pageSize=2`)).json();
    expect(first.items).toMatchObject([{ seq: 1, kind: 'received', quantity: 120, reason: '首批到货' }]);

    const audits = await t.database.db
      .select({ action: auditLog.action, detail: auditLog.detail })
      .from(auditLog)
      .where(eq(auditLog.entityId, String(item.id)));
    expect(audits.map((a) => a.action).sort()).toEqual([
      'supplies.item.adjust',
      'supplies.item.create',
      'supplies.item.receive',
    ]);
  });
});

describe('the item photo', () => {
  it('uploaded for the item by its supplier, shown to everyone who may see the item', async () => {
    const item = await create(supplier, { name: '短袖T恤（照片）', category: 'clothing', unit: '件' });
    const boundary = `----nj${randomBytes(6).toString('hex')}`;
    const up = await supplier.inject({
      method: 'POST',
      url: `/api/v1/files?entityType=supplies.item&entityId=${item.id}`,
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        PNG,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(up.statusCode, up.body).toBe(201);
    const fileId = up.json().id as string;
    const other = await supplier2.patch(`${BASE}/items/${item.id}`, { photoFileId: fileId });
    expect(other.statusCode).toBe(404);
    const unknown = await supplier.patch(`${BASE}/items/${item.id}`, {
      photoFileId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.json().error.details).toEqual([
      { field: 'photoFileId', message: '照片不存在，请重新上传' },
    ]);
    const set = await supplier.patch(`${BASE}/items/${item.id}`, { photoFileId: fileId });
    expect(set.json().photoUrl).toBe(`/api/v1/supplies/items/${item.id}/photo`);
    for (const agent of [hospCadre, hubCadre, supplier]) {
      const res = await agent.get(`${BASE}/items/${item.id}/photo`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.rawPayload.equals(PNG)).toBe(true);
    }
    expect((await otherCadre.get(`${BASE}/items/${item.id}/photo`)).statusCode).toBe(404);
    expect((await supplier2.get(`${BASE}/items/${item.id}/photo`)).statusCode).toBe(404);
  });
});

describe('export', () => {
  it('the filtered catalogue with stock columns, audited', async () => {
    const tag = `导出${randomBytes(2).toString('hex')}`;
    const a = await create(supplier, { name: `${tag}咖啡`, unitValueFen: 12_950, unit: '箱', spec: '24罐' });
    await create(hubCadre, {
      name: `${tag}晾衣绳`,
      category: 'daily',
      unit: '根',
      unitValueFen: 990,
      spec: null,
    });
    await supplier.post(`${BASE}/items/${a.id}/receive`, { quantity: 40 });
    await post([{ itemId: a.id, kind: 'reserved', quantity: 15 }]);
    const res = await hubCadre.get(`${BASE}/items/export?q=${encodeURIComponent(tag)}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('物资目录-'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('物资目录');
    const rows: unknown[][] = [];
    ws?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual([
      '编号',
      '物资名称',
      '类别',
      '规格',
      '单位',
      '单价（元）',
      '来源',
      '供应单位',
      '枢纽工会',
      '每单限领',
      '上架时间',
      '下架时间',
      '状态',
      '在库',
      '已预留',
      '可用',
      '可用价值（元）',
      '当前可申领',
    ]);
    expect(rows.length).toBe(3);
    const coffee = rows.find((r) => r[1] === `${tag}咖啡`);
    expect(coffee?.slice(1)).toEqual([
      `${tag}咖啡`,
      '饮品',
      '24罐',
      '箱',
      129.5,
      '爱心企业/供应商提供',
      '申城供应链公司',
      '上海市医务工会',
      200,
      undefined,
      undefined,
      '上架',
      40,
      15,
      25,
      3237.5,
      '是',
    ]);
    const rope = rows.find((r) => r[1] === `${tag}晾衣绳`);
    expect(rope?.slice(2, 10)).toEqual([
      '日用品',
      undefined,
      '根',
      9.9,
      '工会采购',
      undefined,
      '上海市医务工会',
      200,
    ]);
    const [audit] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'supplies.export'));
    expect(audit?.detail).toMatchObject({ what: 'catalogue', rows: 2 });
  });
});
