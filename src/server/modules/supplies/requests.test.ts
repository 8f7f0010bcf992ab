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
  type TestUser,
} from '../../../../test/app.ts';
import type { TRequest, TRequestListItem, TRequestTemplate } from '../../../shared/supplies.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { supplyItems, supplyPoints, supplyRequests } from './supplies.table.ts';

let t: TestApp;
let hub: TestOrg;
let unitA: TestOrg;
let district: TestOrg;
let districtHospital: TestOrg;
let otherHub: TestOrg;
let hubCadreUser: TestUser;
let hubCadre: Agent;
let hubReviewer: Agent;
let unitCadreUser: TestUser;
let unitCadre: Agent;
let unitReviewer: Agent;
let districtCadre: Agent;
let otherCadre: Agent;
let supplier: Agent;
let logistics: Agent;
let pointA: number;
let pointInactive: number;
let pointDistrictHospital: number;
let otherPoint: number;
let rice: number;
let shirts: number;
let water: number;
let retired: number;
let future: number;
let expired: number;
let foreign: number;

const BASE = '/api/v1/supplies';
const HOUR = 3_600_000;

async function item(
  owner: TestOrg,
  name: string,
  over: Partial<typeof supplyItems.$inferInsert> = {},
): Promise<number> {
  const [row] = await t.database.db
    .insert(supplyItems)
    .values({
      hubOrgId: owner.id,
      hubOrgPath: owner.path,
      source: 'union_purchase',
      name,
      category: 'food',
      unit: '箱',
      unitValueFen: 1_000,
      ...over,
    })
    .returning({ id: supplyItems.id });
  if (!row) throw new Error('item insert failed');
  return row.id;
}

async function point(org: TestOrg, name: string, active = true) {
  const [row] = await t.database.db
    .insert(supplyPoints)
    .values({
      orgId: org.id,
      orgPath: org.path,
      name,
      kind: 'designated_hospital',
      address: '上海市黄浦区示范路1号',
      contactName: '李护士长',
      contactPhoneEnc: t.app.deps.vault.encrypt('13912340000'),
      active,
    })
    .returning({ id: supplyPoints.id });
  if (!row) throw new Error('point insert failed');
  return row.id;
}

beforeAll(async () => {
  t = await createTestApp();
  const root = await buildOrg(t, { name: '上海市总工会', type: 'provincial' });
  hub = await buildOrg(t, { name: '上海市医务工会', type: 'industry', parent: root });
  unitA = await buildOrg(t, { name: '第一示范医院工会', type: 'grassroots', parent: hub });
  district = await buildOrg(t, { name: '浦东新区医务工会', type: 'county', parent: hub });
  districtHospital = await buildOrg(t, { name: '浦东示范医院工会', type: 'grassroots', parent: district });
  otherHub = await buildOrg(t, { name: '上海市教育工会', type: 'industry', parent: root });
  const otherUnit = await buildOrg(t, { name: '示范中学工会', type: 'grassroots', parent: otherHub });
  const supplierOrg = await buildOrg(t, { name: '申城示范供应链有限公司', type: 'supplier', parent: hub });
  const logisticsOrg = await buildOrg(t, { name: '申城示范物流有限公司', type: 'logistics', parent: hub });
  hubCadreUser = await buildUser(t, { org: hub, role: 'cadre', displayName: '陈热线' });
  hubCadre = await loginAs(t, hubCadreUser);
  hubReviewer = await loginAs(t, await buildUser(t, { org: hub, role: 'reviewer' }));
  unitCadreUser = await buildUser(t, { org: unitA, role: 'cadre', displayName: '李干事' });
  unitCadre = await loginAs(t, unitCadreUser);
  unitReviewer = await loginAs(t, await buildUser(t, { org: unitA, role: 'reviewer' }));
  districtCadre = await loginAs(
    t,
    await buildUser(t, { org: district, role: 'cadre', displayName: '浦东干事' }),
  );
  otherCadre = await loginAs(t, await buildUser(t, { org: otherHub, role: 'cadre' }));
  supplier = await loginAs(t, await buildUser(t, { org: supplierOrg, role: 'partner' }));
  logistics = await loginAs(t, await buildUser(t, { org: logisticsOrg, role: 'partner' }));
  pointA = await point(unitA, '第一示范医院门诊楼');
  pointInactive = await point(unitA, '已撤销的临时点', false);
  pointDistrictHospital = await point(districtHospital, '浦东示范医院发热门诊');
  otherPoint = await point(otherUnit, '示范中学');
  rice = await item(hub, '自热米饭', { perRequestLimit: 50, unitValueFen: 12_000 });
  shirts = await item(hub, '短袖T恤', {
    unit: '件',
    unitValueFen: 3_000,
    supplierOrgId: supplierOrg.id,
    source: 'partner',
  });
  water = await item(hub, '矿泉水', { unitValueFen: 2_400 });
  retired = await item(hub, '旧款口罩', { state: 'inactive' });
  future = await item(hub, '冬季棉衣', { activeFrom: new Date(Date.now() + 48 * HOUR) });
  expired = await item(hub, '夏季凉茶', { activeUntil: new Date(Date.now() - HOUR) });
  foreign = await item(otherHub, '教师慰问包');
});
afterAll(async () => {
  await t.close();
});

const body = (over: Record<string, unknown> = {}) => ({
  pointId: pointA,
  urgency: 'urgent',
  staffServed: 120,
  note: '一线医护人员加班餐',
  lines: [
    { itemId: rice, quantity: 20 },
    { itemId: shirts, quantity: 100 },
  ],
  ...over,
});

async function submit(agent: Agent, over: Record<string, unknown> = {}): Promise<TRequest> {
  const res = await agent.post(`${BASE}/requests`, body(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TRequest;
}

const hotline = (over: Record<string, unknown> = {}) =>
  body({ orgId: unitA.id, callerName: '张护士长', callerPhone: '13812345678', ...over });

describe('submitting a request', () => {
  it('a unit cadre requests for its point: lines, code, value, timeline, actions; the hub is told', async () => {
    const r = await submit(unitCadre);
    expect(r.code).toMatch(/^XQ\d{8}-\d{5}$/);
    expect(r).toMatchObject({
      org: { id: unitA.id, name: '第一示范医院工会' },
      hub: { id: hub.id, name: '上海市医务工会' },
      point: { id: pointA, name: '第一示范医院门诊楼', kind: 'designated_hospital' },
      state: 'submitted',
      urgency: 'urgent',
      staffServed: 120,
      note: '一线医护人员加班餐',
      channel: 'online',
      caller: null,
      enteredBy: null,
      copiedFromId: null,
      specialRequestId: null,
      shipments: [],
      valueFen: 20 * 12_000 + 100 * 3_000,
      reviewedAt: null,
      completedAt: null,
    });
    expect(
      r.lines.map((l) => [l.item.name, l.requested, l.approved, l.shipped, l.received, l.state]),
    ).toEqual([
      ['自热米饭', 20, null, 0, 0, 'open'],
      ['短袖T恤', 100, null, 0, 0, 'open'],
    ]);
    expect(r.lines[1]?.item.supplier).toEqual({ id: expect.any(Number), name: '申城示范供应链有限公司' });
    expect(r.timeline.map((e) => [e.event, e.label, e.actor])).toEqual([
      ['create', '提报物资需求', '李干事'],
    ]);
    expect(r.actions).toEqual(['withdraw', 'copy']);
    const inbox = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, hubCadreUser.id));
    expect(inbox.find((n) => n.link === `/supplies/requests/${r.id}`)?.title).toBe(
      `第一示范医院工会提报物资需求 ${r.code}（急），请审核`,
    );
  });

  it('a district union requests for a hospital below it: the unit is the point’s org', async () => {
    const r = await submit(districtCadre, { pointId: pointDistrictHospital });
    expect(r.org).toEqual({ id: districtHospital.id, name: '浦东示范医院工会' });
    expect(r.hub.id).toBe(hub.id);
  });

  it('refuses unknown, inactive, out-of-window and other hubs’ items, over-limit and duplicate lines (400)', async () => {
    const cases: [Record<string, unknown>, { field: string; message: string }[]][] = [
      [
        { lines: [{ itemId: 987_654, quantity: 1 }] },
        [{ field: 'lines.0.itemId', message: '该物资不在本单位可申请的目录中' }],
      ],
      [
        { lines: [{ itemId: foreign, quantity: 1 }] },
        [{ field: 'lines.0.itemId', message: '该物资不在本单位可申请的目录中' }],
      ],
      [
        { lines: [{ itemId: retired, quantity: 1 }] },
        [{ field: 'lines.0.itemId', message: '「旧款口罩」已下架，暂不能申请' }],
      ],
      [
        { lines: [{ itemId: future, quantity: 1 }] },
        [{ field: 'lines.0.itemId', message: '「冬季棉衣」尚未到可申请时间' }],
      ],
      [
        { lines: [{ itemId: expired, quantity: 1 }] },
        [{ field: 'lines.0.itemId', message: '「夏季凉茶」已过可申请时间' }],
      ],
      [
        {
          lines: [
            { itemId: water, quantity: 1 },
            { itemId: rice, quantity: 51 },
          ],
        },
        [{ field: 'lines.1.quantity', message: '「自热米饭」每次最多申请 50箱' }],
      ],
    ];
    for (const [over, details] of cases) {
      const res = await unitCadre.post(`${BASE}/requests`, body(over));
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(res.json().error.details).toEqual(details);
    }
    const dup = await unitCadre.post(
      `${BASE}/requests`,
      body({
        lines: [
          { itemId: water, quantity: 1 },
          { itemId: water, quantity: 2 },
        ],
      }),
    );
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.details).toEqual([{ field: 'body.lines', message: '同一物资请合并为一行' }]);
    const shape = await unitCadre.post(
      `${BASE}/requests`,
      body({ urgency: 'soon', staffServed: 0, lines: [{ itemId: water, quantity: 0 }] }),
    );
    expect(shape.statusCode).toBe(400);
    expect(shape.json().error.details).toEqual(
      expect.arrayContaining([
        { field: 'body.urgency', message: '请选择紧急程度' },
        { field: 'body.staffServed', message: '服务人数至少为 1' },
        { field: 'body.lines.0.quantity', message: '数量至少为 1' },
      ]),
    );
    expect((await unitCadre.post(`${BASE}/requests`, body({ lines: [] }))).json().error.details).toEqual([
      { field: 'body.lines', message: '请至少选择一种物资' },
    ]);
    const inactive = await unitCadre.post(`${BASE}/requests`, body({ pointId: pointInactive }));
    expect(inactive.statusCode).toBe(400);
    expect(inactive.json().error.details).toEqual([{ field: 'pointId', message: '该配送点位已停用' }]);
    const count = await t.database.db
      .select()
      .from(supplyRequests)
      .where(eq(supplyRequests.pointId, pointInactive));
    expect(count).toEqual([]);
  });

  it('a point outside the subtree is 404; partners and reviewers may not request (403)', async () => {
    expect(
      (await unitCadre.post(`${BASE}/requests`, body({ pointId: pointDistrictHospital }))).statusCode,
    ).toBe(404);
    expect((await unitCadre.post(`${BASE}/requests`, body({ pointId: otherPoint }))).statusCode).toBe(404);
    expect((await otherCadre.post(`${BASE}/requests`, body())).statusCode).toBe(404);
    expect((await unitCadre.post(`${BASE}/requests`, body({ pointId: 999_999 }))).statusCode).toBe(404);
    expect((await supplier.post(`${BASE}/requests`, body())).statusCode).toBe(403);
    expect((await logistics.post(`${BASE}/requests`, body())).statusCode).toBe(403);
    expect((await unitReviewer.post(`${BASE}/requests`, body())).statusCode).toBe(403);
  });
});

describe('hotline entry', () => {
  it('recorded as such: channel, caller, enteredBy; phone masked for the unit, full for the hub', async () => {
    const res = await hubCadre.post(`${BASE}/requests/hotline`, hotline());
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json() as TRequest;
    expect(r).toMatchObject({
      channel: 'hotline',
      org: { id: unitA.id },
      caller: { name: '张护士长', phone: '13812345678' },
      enteredBy: '陈热线',
    });
    expect(r.timeline[0]).toMatchObject({
      event: 'create',
      label: '服务热线代录需求',
      actor: '陈热线',
      note: '热线代录（来电人 张护士长）',
    });
    const [row] = await t.database.db.select().from(supplyRequests).where(eq(supplyRequests.id, r.id));
    expect(row?.callerPhoneEnc).not.toContain('13812345678');
    expect(row?.enteredBy).toBe(hubCadreUser.id);
    const seen = (await unitCadre.get(`${BASE}/requests/${r.id}`)).json() as TRequest;
    expect(seen.caller).toEqual({ name: '张护士长', phone: '138****5678' });
    expect(seen.enteredBy).toBe('陈热线');
    const inbox = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, unitCadreUser.id));
    expect(
      inbox.some((n) => n.kind === 'supplies.request.hotline' && n.link === `/supplies/requests/${r.id}`),
    ).toBe(true);
    const list = (await hubCadre.get(`${BASE}/requests?channel=hotline`)).json();
    expect(list.items.map((i: TRequestListItem) => i.id)).toEqual([r.id]);
    // The hotline cadre may withdraw what it entered by mistake; the unit may too.
    expect(((await hubCadre.get(`${BASE}/requests/${r.id}`)).json() as TRequest).actions).toEqual([
      'withdraw',
      'review',
      'copy',
    ]);
    const mistake = (await hubCadre.post(`${BASE}/requests/hotline`, hotline())).json() as TRequest;
    const w = await hubCadre.post(`${BASE}/requests/${mistake.id}/withdraw`, { note: '重复录入' });
    expect(w.statusCode, w.body).toBe(200);
  });

  it('only the hub enters hotline requests; the point must belong to the unit', async () => {
    // A unit's cadre has the grant but is not the hub.
    expect((await unitCadre.post(`${BASE}/requests/hotline`, hotline())).statusCode).toBe(404);
    expect((await otherCadre.post(`${BASE}/requests/hotline`, hotline())).statusCode).toBe(404);
    expect((await hubReviewer.post(`${BASE}/requests/hotline`, hotline())).statusCode).toBe(403);
    expect((await supplier.post(`${BASE}/requests/hotline`, hotline())).statusCode).toBe(403);
    const wrong = await hubCadre.post(`${BASE}/requests/hotline`, hotline({ orgId: district.id }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details).toEqual([{ field: 'pointId', message: '该配送点位不属于所选单位' }]);
    const phone = await hubCadre.post(
      `${BASE}/requests/hotline`,
      hotline({ callerPhone: '12345', callerName: '' }),
    );
    expect(phone.statusCode).toBe(400);
    expect(phone.json().error.details).toEqual(
      expect.arrayContaining([
        { field: 'body.callerPhone', message: '请输入正确的手机号或座机号（如 021-12345678）' },
        { field: 'body.callerName', message: '请填写来电人' },
      ]),
    );
  });
});

describe('template, withdraw, visibility', () => {
  it('copy as template drops items no longer requestable and caps quantities at the limit', async () => {
    const tempItem = await item(hub, '临时防暑包', { perRequestLimit: 100 });
    const r = await submit(unitCadre, {
      lines: [
        { itemId: tempItem, quantity: 80 },
        { itemId: water, quantity: 15 },
      ],
    });
    await t.database.db.update(supplyItems).set({ state: 'inactive' }).where(eq(supplyItems.id, tempItem));
    await t.database.db.update(supplyItems).set({ perRequestLimit: 10 }).where(eq(supplyItems.id, water));
    const res = await unitCadre.get(`${BASE}/requests/${r.id}/template`);
    expect(res.statusCode, res.body).toBe(200);
    const tpl = res.json() as TRequestTemplate;
    expect(tpl).toEqual({
      input: {
        pointId: pointA,
        urgency: 'urgent',
        staffServed: 120,
        note: '一线医护人员加班餐',
        lines: [{ itemId: water, quantity: 10 }],
        copiedFromId: r.id,
      },
      dropped: [{ itemId: tempItem, name: '临时防暑包', reason: '「临时防暑包」已下架，暂不能申请' }],
    });
    await t.database.db.update(supplyItems).set({ perRequestLimit: null }).where(eq(supplyItems.id, water));
    // The template submits as a repeat order.
    const again = await unitCadre.post(`${BASE}/requests`, tpl.input);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().copiedFromId).toBe(r.id);
    expect(again.json().copiedFromCode).toBe(r.code);
    // Others cannot copy it; a copiedFromId they cannot see is refused.
    expect((await otherCadre.get(`${BASE}/requests/${r.id}/template`)).statusCode).toBe(404);
    const sneaky = await otherCadre.post(`${BASE}/requests`, { ...tpl.input });
    expect(sneaky.statusCode).toBe(404);
  });

  it('withdraw only before review, by the unit; the hub is told', async () => {
    const r = await submit(unitCadre);
    expect((await otherCadre.post(`${BASE}/requests/${r.id}/withdraw`, {})).statusCode).toBe(404);
    expect((await supplier.post(`${BASE}/requests/${r.id}/withdraw`, {})).statusCode).toBe(403);
    expect((await unitReviewer.post(`${BASE}/requests/${r.id}/withdraw`, {})).statusCode).toBe(403);
    // The hub reviews (rejects) rather than withdraws a unit's request.
    const hubView = (await hubCadre.get(`${BASE}/requests/${r.id}`)).json() as TRequest;
    expect(hubView.actions).toEqual(['review', 'copy']);
    const byHub = await hubCadre.post(`${BASE}/requests/${r.id}/withdraw`, {});
    expect(byHub.statusCode).toBe(403);
    expect(byHub.json().error.message).toContain('不通过');
    const res = await unitCadre.post(`${BASE}/requests/${r.id}/withdraw`, { note: '已由医院自行采购' });
    expect(res.statusCode, res.body).toBe(200);
    const w = res.json() as TRequest;
    expect(w.state).toBe('withdrawn');
    expect(w.actions).toEqual(['copy']);
    expect(w.timeline.at(-1)).toMatchObject({
      event: 'withdraw',
      label: '撤回需求',
      note: '已由医院自行采购',
    });
    const twice = await unitCadre.post(`${BASE}/requests/${r.id}/withdraw`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('ILLEGAL_TRANSITION');
    const inbox = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, hubCadreUser.id));
    expect(
      inbox.some((n) => n.kind === 'supplies.request.withdrawn' && n.link === `/supplies/requests/${r.id}`),
    ).toBe(true);
    // After review it cannot be withdrawn.
    const reviewed = await submit(unitCadre, { lines: [{ itemId: water, quantity: 1 }] });
    expect(
      (await hubCadre.post(`${BASE}/requests/${reviewed.id}/reject`, { reason: '重复提报' })).statusCode,
    ).toBe(200);
    expect((await unitCadre.post(`${BASE}/requests/${reviewed.id}/withdraw`, {})).statusCode).toBe(409);
  });

  it('cross-org refusal: other hubs and sibling units get 404, partners 403', async () => {
    const r = await submit(unitCadre);
    expect((await otherCadre.get(`${BASE}/requests/${r.id}`)).statusCode).toBe(404);
    expect((await districtCadre.get(`${BASE}/requests/${r.id}`)).statusCode).toBe(404);
    expect((await supplier.get(`${BASE}/requests/${r.id}`)).statusCode).toBe(403);
    expect((await logistics.get(`${BASE}/requests/${r.id}`)).statusCode).toBe(403);
    expect((await supplier.get(`${BASE}/requests`)).statusCode).toBe(403);
    expect((await logistics.get(`${BASE}/requests/export`)).statusCode).toBe(403);
    expect((await hubReviewer.get(`${BASE}/requests/${r.id}`)).statusCode).toBe(200);
    expect((await unitCadre.get(`${BASE}/requests/999999`)).statusCode).toBe(404);
  });
});

describe('list and export', () => {
  it('lists by subtree (unit, district, hub) with filters, summary and sort', async () => {
    const critical = await submit(unitCadre, {
      urgency: 'critical',
      lines: [{ itemId: water, quantity: 3 }],
    });
    const districtReq = await submit(districtCadre, { pointId: pointDistrictHospital, urgency: 'normal' });

    const mine = (await unitCadre.get(`${BASE}/requests?pageSize=100`)).json();
    expect(mine.items.every((i: TRequestListItem) => i.org.id === unitA.id)).toBe(true);
    expect(mine.items.map((i: TRequestListItem) => i.id)).toContain(critical.id);
    expect(mine.items.map((i: TRequestListItem) => i.id)).not.toContain(districtReq.id);

    const d = (await districtCadre.get(`${BASE}/requests?pageSize=100`)).json();
    expect(d.items.map((i: TRequestListItem) => i.org.id)).toEqual(d.items.map(() => districtHospital.id));

    const all = (await hubCadre.get(`${BASE}/requests?pageSize=100`)).json();
    expect(all.total).toBe(
      (await t.database.db.select().from(supplyRequests).where(eq(supplyRequests.hubOrgId, hub.id))).length,
    );
    // Newest first by default.
    expect(all.items[0].id).toBe(districtReq.id);
    const item0 = all.items.find((i: TRequestListItem) => i.id === districtReq.id) as TRequestListItem;
    expect(item0).toMatchObject({
      code: districtReq.code,
      org: { id: districtHospital.id, name: '浦东示范医院工会' },
      pointName: '浦东示范医院发热门诊',
      state: 'submitted',
      urgency: 'normal',
      channel: 'online',
      staffServed: 120,
      lineCount: 2,
      summary: '自热米饭 ×20 等 2 种',
      valueFen: 540_000,
      short: false,
    });
    const byUrgency = (
      await hubCadre.get(`${BASE}/requests?sort=urgency&state=submitted&pageSize=100`)
    ).json();
    expect(byUrgency.items[0].urgency).toBe('critical');
    const ranks = { critical: 0, urgent: 1, normal: 2 } as const;
    const order = byUrgency.items.map((i: TRequestListItem) => ranks[i.urgency]);
    expect(order).toEqual([...order].sort());

    const filtered = (
      await hubCadre.get(`${BASE}/requests?urgency=critical&q=${encodeURIComponent('矿泉水')}`)
    ).json();
    expect(filtered.items.map((i: TRequestListItem) => i.id)).toEqual([critical.id]);
    const byCode = (await hubCadre.get(`${BASE}/requests?q=${critical.code}`)).json();
    expect(byCode.items.map((i: TRequestListItem) => i.id)).toEqual([critical.id]);
    const byUnit = (await hubCadre.get(`${BASE}/requests?q=${encodeURIComponent('浦东示范')}`)).json();
    expect(byUnit.items.every((i: TRequestListItem) => i.org.id === districtHospital.id)).toBe(true);
    const byOrg = (await hubCadre.get(`${BASE}/requests?orgId=${district.id}&pageSize=100`)).json();
    expect(byOrg.total).toBe(d.total);
    const byPoint = (
      await hubCadre.get(`${BASE}/requests?pointId=${pointDistrictHospital}&pageSize=100`)
    ).json();
    expect(byPoint.total).toBe(d.total);
    expect((await unitCadre.get(`${BASE}/requests?orgId=${district.id}`)).statusCode).toBe(404);
    expect((await otherCadre.get(`${BASE}/requests`)).json().total).toBe(0);
    const paged = (await hubCadre.get(`${BASE}/requests?pageSize=2&page=2`)).json();
    expect(paged).toMatchObject({ page: 2, pageSize: 2, total: all.total });
    expect(paged.items.map((i: TRequestListItem) => i.id)).toEqual(
      all.items.slice(2, 4).map((i: TRequestListItem) => i.id),
    );
  });

  it('exports the filtered list with its lines (xlsx, audited)', async () => {
    const res = await hubCadre.get(`${BASE}/requests/export?orgId=${district.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain('supply-requests-');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const requests = wb.getWorksheet('物资需求');
    const lines = wb.getWorksheet('需求明细');
    const expected = (await hubCadre.get(`${BASE}/requests?orgId=${district.id}&pageSize=100`)).json();
    expect(requests?.getRow(1).getCell(1).value).toBe('需求编号');
    expect((requests?.rowCount ?? 0) - 1).toBe(expected.total);
    expect(requests?.getRow(2).getCell(2).value).toBe('浦东示范医院工会');
    expect((lines?.rowCount ?? 0) - 1).toBe(expected.total * 2);
    expect(lines?.getRow(2).getCell(3).value).toBe('自热米饭');
    expect(lines?.getRow(2).getCell(5).value).toBe(20);
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'supplies.export')));
    expect(audits).toHaveLength(1);
  });
});
