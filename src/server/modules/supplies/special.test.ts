import { eq } from 'drizzle-orm';
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
import type { TRequest, TSpecialRequest } from '../../../shared/supplies.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { supplyItems, supplyPoints, supplyRequests } from './supplies.table.ts';

let t: TestApp;
let hub: TestOrg;
let unitA: TestOrg;
let unitB: TestOrg;
let hubCadreUser: TestUser;
let hubCadre: Agent;
let hubReviewer: Agent;
let unitCadreUser: TestUser;
let unitCadre: Agent;
let unitBCadre: Agent;
let otherCadre: Agent;
let supplier: Agent;
let pointA: number;
let pointB: number;
let otherPoint: number;
let boxes: number;

const BASE = '/api/v1/supplies';

async function item(owner: TestOrg, name: string, state: 'active' | 'inactive' = 'active') {
  const [row] = await t.database.db
    .insert(supplyItems)
    .values({
      hubOrgId: owner.id,
      hubOrgPath: owner.path,
      source: 'union_purchase',
      name,
      category: 'gift',
      unit: '份',
      unitValueFen: 8_800,
      state,
    })
    .returning({ id: supplyItems.id });
  if (!row) throw new Error('item insert failed');
  return row.id;
}

async function point(org: TestOrg, name: string) {
  const [row] = await t.database.db
    .insert(supplyPoints)
    .values({
      orgId: org.id,
      orgPath: org.path,
      name,
      kind: 'lodging',
      address: '上海市浦东新区示范路9号',
      contactName: '王队长',
      contactPhoneEnc: t.app.deps.vault.encrypt('13912340009'),
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
  unitB = await buildOrg(t, { name: '徐汇区医务工会', type: 'county', parent: hub });
  const otherHub = await buildOrg(t, { name: '上海市教育工会', type: 'industry', parent: root });
  const otherUnit = await buildOrg(t, { name: '示范中学工会', type: 'grassroots', parent: otherHub });
  const supplierOrg = await buildOrg(t, { name: '申城示范供应链有限公司', type: 'supplier', parent: hub });
  hubCadreUser = await buildUser(t, { org: hub, role: 'cadre', displayName: '陈热线' });
  hubCadre = await loginAs(t, hubCadreUser);
  hubReviewer = await loginAs(t, await buildUser(t, { org: hub, role: 'reviewer', displayName: '周审核' }));
  unitCadreUser = await buildUser(t, { org: unitA, role: 'cadre', displayName: '李干事' });
  unitCadre = await loginAs(t, unitCadreUser);
  unitBCadre = await loginAs(t, await buildUser(t, { org: unitB, role: 'cadre' }));
  otherCadre = await loginAs(t, await buildUser(t, { org: otherHub, role: 'cadre' }));
  supplier = await loginAs(t, await buildUser(t, { org: supplierOrg, role: 'partner' }));
  pointA = await point(unitA, '援鄂医疗队驻地');
  pointB = await point(unitB, '徐汇方舱医院');
  otherPoint = await point(otherUnit, '示范中学');
  boxes = await item(hub, '生日礼盒');
  await item(hub, '口罩（旧款）', 'inactive');
  await item(otherHub, '教师慰问包');
});
afterAll(async () => {
  await t.close();
});

const body = (over: Record<string, unknown> = {}) => ({
  pointId: pointA,
  description: '生日礼盒',
  quantity: 45,
  unit: '份',
  reason: '医疗队 45 名队员本月过生日',
  urgency: 'normal',
  staffServed: 45,
  ...over,
});

async function file(agent: Agent, over: Record<string, unknown> = {}): Promise<TSpecialRequest> {
  const res = await agent.post(`${BASE}/special-requests`, body(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TSpecialRequest;
}

const inbox = (userId: number) =>
  t.database.db.select().from(notifications).where(eq(notifications.userId, userId));

describe('special requests', () => {
  it('lifecycle: filed → sourcing → converted into a linked request reviewed as usual', async () => {
    const s = await file(unitCadre);
    expect(s).toMatchObject({
      org: { id: unitA.id, name: '第一示范医院工会' },
      point: { id: pointA, name: '援鄂医疗队驻地' },
      description: '生日礼盒',
      quantity: 45,
      unit: '份',
      state: 'open',
      handlingNote: null,
      requestId: null,
      actions: [],
    });
    expect(s.timeline?.map((e) => [e.event, e.label, e.actor])).toEqual([
      ['create', '提报特殊需求', '李干事'],
    ]);
    expect(
      (await inbox(hubCadreUser.id)).some(
        (n) => n.kind === 'supplies.special.filed' && n.link === `/supplies/special?id=${s.id}`,
      ),
    ).toBe(true);

    const seen = (await hubCadre.get(`${BASE}/special-requests/${s.id}`)).json() as TSpecialRequest;
    expect(seen.actions).toEqual(['source', 'convert', 'decline']);

    const sourcing = await hubReviewer.post(`${BASE}/special-requests/${s.id}/source`, {
      note: '已联系供应商上架生日礼盒',
    });
    expect(sourcing.statusCode, sourcing.body).toBe(200);
    expect(sourcing.json()).toMatchObject({
      state: 'sourcing',
      handlingNote: '已联系供应商上架生日礼盒',
      actions: ['convert', 'decline'],
    });
    expect((await inbox(unitCadreUser.id)).some((n) => n.kind === 'supplies.special.sourcing')).toBe(true);

    const converted = await hubCadre.post(`${BASE}/special-requests/${s.id}/convert`, {
      lines: [{ itemId: boxes, quantity: 45 }],
      note: '供应商已上架生日礼盒',
    });
    expect(converted.statusCode, converted.body).toBe(200);
    const c = converted.json() as TSpecialRequest;
    expect(c.state).toBe('converted');
    expect(c.requestId).not.toBeNull();
    expect(c.actions).toEqual([]);
    expect(c.timeline?.map((e) => e.event)).toEqual(['create', 'source', 'convert']);
    expect(c.timeline?.[2]).toMatchObject({
      label: '已转为物资需求',
      actor: '陈热线',
      note: '供应商已上架生日礼盒',
    });

    const r = (await unitCadre.get(`${BASE}/requests/${c.requestId}`)).json() as TRequest;
    // The special request names the request by its number, in the detail and in the list.
    expect(c.requestCode).toBe(r.code);
    expect(r.code).toMatch(/^XQ\d{8}-\d{5}$/);
    const listed = (await hubCadre.get(`${BASE}/special-requests?state=converted`)).json()
      .items as TSpecialRequest[];
    expect(listed.find((x) => x.id === s.id)?.requestCode).toBe(r.code);
    expect(r).toMatchObject({
      state: 'submitted',
      channel: 'special',
      specialRequestId: s.id,
      org: { id: unitA.id },
      hub: { id: hub.id },
      point: { id: pointA },
      urgency: 'normal',
      staffServed: 45,
      note: '供应商已上架生日礼盒',
      enteredBy: '陈热线',
    });
    expect(r.lines.map((l) => [l.item.name, l.requested, l.approved])).toEqual([['生日礼盒', 45, null]]);
    expect(r.timeline[0]).toMatchObject({ event: 'create', label: '特殊需求转为物资需求' });
    expect(r.actions).toContain('withdraw');
    expect(
      (await inbox(unitCadreUser.id)).some(
        (n) => n.kind === 'supplies.request.converted' && n.link === `/supplies/requests/${r.id}`,
      ),
    ).toBe(true);
    const [row] = await t.database.db.select().from(supplyRequests).where(eq(supplyRequests.id, r.id));
    expect(row?.specialRequestId).toBe(s.id);
    // Then the normal review: the hub sees it in its queue.
    const queue = (await hubCadre.get(`${BASE}/requests?channel=special&state=submitted`)).json();
    expect(queue.items.map((i: { id: number }) => i.id)).toContain(r.id);
  });

  it('declines with a reason; illegal transitions are 409', async () => {
    const s = await file(unitCadre, {
      description: '晾衣绳',
      quantity: 30,
      unit: '根',
      reason: '驻地无处晾晒',
    });
    const short = await hubCadre.post(`${BASE}/special-requests/${s.id}/decline`, { reason: '' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0]).toMatchObject({ message: '请填写无法提供的原因' });
    const res = await hubCadre.post(`${BASE}/special-requests/${s.id}/decline`, {
      reason: '建议就近采购，可报销',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'declined',
      handlingNote: '建议就近采购，可报销',
      actions: [],
    });
    expect(
      (await inbox(unitCadreUser.id)).some(
        (n) => n.kind === 'supplies.special.declined' && n.body === '原因：建议就近采购，可报销',
      ),
    ).toBe(true);
    for (const [path, payload] of [
      ['source', { note: '再寻源' }],
      ['decline', { reason: '再次拒绝' }],
      ['convert', { lines: [{ itemId: boxes, quantity: 1 }] }],
    ] as const) {
      const again = await hubCadre.post(`${BASE}/special-requests/${s.id}/${path}`, payload);
      expect(again.statusCode, path).toBe(409);
      expect(again.json().error.code).toBe('ILLEGAL_TRANSITION');
    }
    // Sourcing twice is illegal too.
    const o = await file(unitCadre);
    expect(
      (await hubCadre.post(`${BASE}/special-requests/${o.id}/source`, { note: '寻源中' })).statusCode,
    ).toBe(200);
    expect(
      (await hubCadre.post(`${BASE}/special-requests/${o.id}/source`, { note: '寻源中' })).statusCode,
    ).toBe(409);
  });

  it('convert checks the catalogue lines (400) and writes nothing then', async () => {
    const s = await file(unitCadre);
    const bad = await hubCadre.post(`${BASE}/special-requests/${s.id}/convert`, {
      lines: [{ itemId: 999_999, quantity: 1 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([
      { field: 'lines.0.itemId', message: '该物资不在本单位可申请的目录中' },
    ]);
    const empty = await hubCadre.post(`${BASE}/special-requests/${s.id}/convert`, { lines: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details[0]).toMatchObject({ message: '请选择对应的目录物资' });
    const after = (await hubCadre.get(`${BASE}/special-requests/${s.id}`)).json() as TSpecialRequest;
    expect(after).toMatchObject({ state: 'open', requestId: null });
  });

  it('filing: bad input 400; a point outside the subtree 404; a hub cadre files for a unit with orgId', async () => {
    const res = await unitCadre.post(`${BASE}/special-requests`, body({ description: '', quantity: 0 }));
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.description', 'body.quantity']));
    expect((await unitCadre.post(`${BASE}/special-requests`, body({ pointId: pointB }))).statusCode).toBe(
      404,
    );
    expect((await unitCadre.post(`${BASE}/special-requests`, body({ pointId: otherPoint }))).statusCode).toBe(
      404,
    );
    expect((await supplier.post(`${BASE}/special-requests`, body())).statusCode).toBe(403);
    const mismatch = await hubCadre.post(`${BASE}/special-requests`, body({ orgId: unitB.id }));
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.details).toEqual([
      { field: 'pointId', message: '该配送点位不属于所选单位' },
    ]);
    const onBehalf = await hubCadre.post(
      `${BASE}/special-requests`,
      body({ orgId: unitB.id, pointId: pointB }),
    );
    expect(onBehalf.statusCode, onBehalf.body).toBe(201);
    expect(onBehalf.json()).toMatchObject({ org: { id: unitB.id }, state: 'open' });
  });

  it('cross-org: others get 404, the unit cannot handle its own, partners 403; list by subtree', async () => {
    const s = await file(unitCadre, { description: '理发推子', quantity: 5, unit: '把' });
    expect((await otherCadre.get(`${BASE}/special-requests/${s.id}`)).statusCode).toBe(404);
    expect((await unitBCadre.get(`${BASE}/special-requests/${s.id}`)).statusCode).toBe(404);
    expect((await supplier.get(`${BASE}/special-requests/${s.id}`)).statusCode).toBe(403);
    expect((await supplier.get(`${BASE}/special-requests`)).statusCode).toBe(403);
    expect(
      (await unitCadre.post(`${BASE}/special-requests/${s.id}/source`, { note: '自己寻源' })).statusCode,
    ).toBe(404);
    expect(
      (await otherCadre.post(`${BASE}/special-requests/${s.id}/decline`, { reason: '别家拒绝' })).statusCode,
    ).toBe(404);
    const mine = (await unitCadre.get(`${BASE}/special-requests?pageSize=100`)).json();
    expect(mine.items.every((i: TSpecialRequest) => i.org.id === unitA.id)).toBe(true);
    expect(mine.items.map((i: TSpecialRequest) => i.id)).toContain(s.id);
    const hubList = (await hubCadre.get(`${BASE}/special-requests?pageSize=100`)).json();
    expect(hubList.items.map((i: TSpecialRequest) => i.org.id)).toEqual(
      expect.arrayContaining([unitA.id, unitB.id]),
    );
    const b = (await unitBCadre.get(`${BASE}/special-requests?pageSize=100`)).json();
    expect(b.items.map((i: TSpecialRequest) => i.org.id)).toEqual([unitB.id]);
    const open = (await hubCadre.get(`${BASE}/special-requests?state=declined`)).json();
    expect(open.items.every((i: TSpecialRequest) => i.state === 'declined')).toBe(true);
    expect((await otherCadre.get(`${BASE}/special-requests?orgId=${unitA.id}`)).statusCode).toBe(404);
    expect((await otherCadre.get(`${BASE}/special-requests`)).json().total).toBe(0);
  });
});
