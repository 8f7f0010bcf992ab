import { and, eq } from 'drizzle-orm';
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
import type { TPoint } from '../../../shared/supplies.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import type { Ctx } from '../../platform/context.ts';
import { pointPhoneFor } from './points.service.ts';
import { supplyPoints } from './supplies.table.ts';

/**
 * 配送点位 (issue #6 point 2): units' delivery points within the caller's subtree, the contact phone
 * encrypted at rest, partners refused, input checked.
 */

let t: TestApp;
const BASE = '/api/v1/supplies/points';

let hub: TestOrg;
let hosp: TestOrg;
let hosp2: TestOrg;
let district: TestOrg;
let districtHosp: TestOrg;
let supplierOrg: TestOrg;
let otherUnit: TestOrg;

let hubCadre: Agent;
let hubAuditor: Agent;
let hospCadre: Agent;
let hospReviewer: Agent;
let districtCadre: Agent;
let supplier: Agent;
let logistics: Agent;
let otherCadre: Agent;

beforeAll(async () => {
  t = await createTestApp();
  const root = await buildOrg(t, { name: '全国总工会' });
  const city = await buildOrg(t, { name: '上海市总工会', type: 'provincial', parent: root });
  hub = await buildOrg(t, { name: '上海市医务工会', type: 'industry', parent: city });
  hosp = await buildOrg(t, { name: '第一示范医院工会', type: 'grassroots', parent: hub });
  hosp2 = await buildOrg(t, { name: '第二示范医院工会', type: 'grassroots', parent: hub });
  district = await buildOrg(t, { name: '浦东新区医务工会', type: 'industry', parent: hub });
  districtHosp = await buildOrg(t, { name: '浦东示范医院工会', type: 'grassroots', parent: district });
  supplierOrg = await buildOrg(t, { name: '申城供应链公司', type: 'supplier', parent: hub });
  const logisticsOrg = await buildOrg(t, { name: '申城物流公司', type: 'logistics', parent: hub });
  const gx = await buildOrg(t, { name: '广西医务工会', type: 'industry', parent: root });
  otherUnit = await buildOrg(t, { name: '广西示范医院工会', type: 'grassroots', parent: gx });
  hubCadre = await loginAs(t, await buildUser(t, { org: hub, role: 'cadre' }));
  hubAuditor = await loginAs(t, await buildUser(t, { org: hub, role: 'auditor' }));
  hospCadre = await loginAs(t, await buildUser(t, { org: hosp, role: 'cadre' }));
  hospReviewer = await loginAs(t, await buildUser(t, { org: hosp, role: 'reviewer' }));
  districtCadre = await loginAs(t, await buildUser(t, { org: district, role: 'cadre' }));
  supplier = await loginAs(t, await buildUser(t, { org: supplierOrg, role: 'partner' }));
  logistics = await loginAs(t, await buildUser(t, { org: logisticsOrg, role: 'partner' }));
  otherCadre = await loginAs(t, await buildUser(t, { org: otherUnit, role: 'cadre' }));
});
afterAll(async () => {
  await t.close();
});

const body = (org: TestOrg, over: Record<string, unknown> = {}) => ({
  orgId: org.id,
  name: `${org.name}门诊楼`,
  kind: 'designated_hospital',
  address: '上海市黄浦区示范路 100 号',
  contactName: '李护士长',
  contactPhone: '13912340001',
  ...over,
});

async function create(agent: Agent, org: TestOrg, over: Record<string, unknown> = {}): Promise<TPoint> {
  const res = await agent.post(BASE, body(org, over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TPoint;
}

describe('delivery points', () => {
  let lodging: TPoint;
  let fangcang: TPoint;
  let dPoint: TPoint;
  let hosp2Point: TPoint;

  it('a unit adds its own point; the phone is stored encrypted and shown in full to the unit', async () => {
    lodging = await create(hospCadre, hosp, {
      name: '广西援沪医疗队驻地',
      kind: 'lodging',
      address: '上海市徐汇区示范酒店 3 号楼',
      contactName: '韦队长',
      contactPhone: '021-64001234',
      note: '请送到酒店后门',
    });
    expect(lodging).toMatchObject({
      org: { id: hosp.id, name: '第一示范医院工会' },
      name: '广西援沪医疗队驻地',
      kind: 'lodging',
      contactName: '韦队长',
      contactPhone: '021-64001234',
      note: '请送到酒店后门',
      active: true,
    });
    const [row] = await t.database.db.select().from(supplyPoints).where(eq(supplyPoints.id, lodging.id));
    expect(row?.contactPhoneEnc).not.toContain('64001234');
    expect(row?.orgPath).toBe(hosp.path);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'supplies.point.create'), eq(auditLog.entityId, String(lodging.id))));
    expect(audit).toMatchObject({ orgId: hosp.id, orgPath: hosp.path });
  });

  it('the hub and a district union add points for units below them', async () => {
    fangcang = await create(hubCadre, hosp, { name: '示范方舱医院', kind: 'field_hospital' });
    hosp2Point = await create(hubCadre, hosp2, { name: '第二医院急诊楼' });
    dPoint = await create(districtCadre, districtHosp, { name: '浦东示范医院发热门诊' });
    expect(dPoint.org).toEqual({ id: districtHosp.id, name: '浦东示范医院工会' });
  });

  it('each sees its subtree: the hub all, the district its hospital, a hospital its own', async () => {
    const names = async (agent: Agent, q = '') => {
      const res = await agent.get(`${BASE}?pageSize=100${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as TPoint[]).map((p) => p.name).sort();
    };
    const all = [lodging, fangcang, dPoint, hosp2Point].map((p) => p.name).sort();
    expect(await names(hubCadre)).toEqual(all);
    expect(await names(hubAuditor)).toEqual(all);
    expect(await names(districtCadre)).toEqual([dPoint.name]);
    expect(await names(hospCadre)).toEqual([fangcang.name, lodging.name].sort());
    expect(await names(otherCadre)).toEqual([]);
    // Filters.
    expect(await names(hubCadre, '&kind=lodging')).toEqual([lodging.name]);
    expect(await names(hubCadre, `&orgId=${district.id}`)).toEqual([dPoint.name]);
    expect(await names(hubCadre, `&q=${encodeURIComponent('韦队长')}`)).toEqual([lodging.name]);
    expect(await names(hubCadre, `&q=${encodeURIComponent('第二示范')}`)).toEqual([hosp2Point.name]);
    expect((await hospCadre.get(`${BASE}?orgId=${hub.id}`)).statusCode).toBe(404);
    expect((await hubCadre.get(`${BASE}?orgId=${otherUnit.id}`)).statusCode).toBe(404);
    // Full phones for the union users of the subtree.
    const hubView = (await hubCadre.get(`${BASE}/${lodging.id}`)).json() as TPoint;
    expect(hubView.contactPhone).toBe('021-64001234');
  });

  it('partners never list points (403); other units’ points are 404', async () => {
    for (const agent of [supplier, logistics]) {
      const res = await agent.get(BASE);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.message).toBe('合作单位不能查看或管理配送点位');
      expect((await agent.post(BASE, body(hosp))).statusCode).toBe(403);
    }
    for (const res of [
      await otherCadre.get(`${BASE}/${lodging.id}`),
      await otherCadre.patch(`${BASE}/${lodging.id}`, { name: '改名' }),
      await otherCadre.post(`${BASE}/${lodging.id}/deactivate`),
      await hospCadre.get(`${BASE}/${hosp2Point.id}`),
      await districtCadre.patch(`${BASE}/${lodging.id}`, { name: '改名' }),
    ]) {
      expect(res.statusCode).toBe(404);
    }
  });

  it('the unit must be inside the subtree and not a partner org; reviewers cannot manage points', async () => {
    const outside = await hospCadre.post(BASE, body(hosp2));
    expect(outside.statusCode).toBe(404);
    expect((await hubCadre.post(BASE, body(otherUnit))).statusCode).toBe(404);
    const partner = await hubCadre.post(BASE, body(supplierOrg));
    expect(partner.statusCode).toBe(400);
    expect(partner.json().error.details).toEqual([
      { field: 'orgId', message: '配送点位应属于医院、区医务工会等需求单位，不能属于合作企业' },
    ]);
    expect((await hospReviewer.post(BASE, body(hosp))).statusCode).toBe(403);
    expect((await hospReviewer.get(BASE)).statusCode).toBe(200);
  });

  it('bad input: 400 with Chinese field messages', async () => {
    const res = await hubCadre.post(BASE, {
      orgId: hosp.id,
      name: '',
      kind: 'tent',
      address: '上海',
      contactName: '',
      contactPhone: '12345',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual(
      expect.arrayContaining([
        { field: 'body.name', message: '请填写点位名称' },
        { field: 'body.kind', message: '请选择点位类型' },
        { field: 'body.address', message: '请填写详细地址' },
        { field: 'body.contactName', message: '请填写联系人' },
        { field: 'body.contactPhone', message: '请输入正确的手机号或座机号（如 021-12345678）' },
      ]),
    );
    const patch = await hubCadre.patch(`${BASE}/${lodging.id}`, { contactPhone: '110' });
    expect(patch.statusCode).toBe(400);
  });

  it('refuses a second point of the same name in one unit (also by renaming or moving); another unit may use it', async () => {
    const again = await hubCadre.post(BASE, body(hosp, { name: ' 广西援沪医疗队驻地 ' }));
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details).toEqual([
      { field: 'name', message: '本单位已有名为「广西援沪医疗队驻地」的配送点位' },
    ]);
    const renamed = await hubCadre.patch(`${BASE}/${fangcang.id}`, { name: '广西援沪医疗队驻地' });
    expect(renamed.statusCode).toBe(400);
    const moved = await hubCadre.patch(`${BASE}/${hosp2Point.id}`, { orgId: hosp.id, name: '示范方舱医院' });
    expect(moved.statusCode).toBe(400);
    // Saving a point under its own name is no clash.
    expect((await hubCadre.patch(`${BASE}/${fangcang.id}`, { name: '示范方舱医院' })).statusCode).toBe(200);
    const other = await create(hubCadre, hosp2, { name: '广西援沪医疗队驻地' });
    await t.database.db.delete(supplyPoints).where(eq(supplyPoints.id, other.id));
  });

  it('changing, moving and deactivating a point', async () => {
    const res = await hubCadre.patch(`${BASE}/${fangcang.id}`, {
      orgId: hosp2.id,
      contactPhone: '13800001111',
      note: null,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      org: { id: hosp2.id },
      contactPhone: '13800001111',
      name: '示范方舱医院',
      kind: 'field_hospital',
    });
    const [row] = await t.database.db.select().from(supplyPoints).where(eq(supplyPoints.id, fangcang.id));
    expect(row?.orgPath).toBe(hosp2.path);
    // The hospital no longer sees it.
    expect((await hospCadre.get(`${BASE}/${fangcang.id}`)).statusCode).toBe(404);
    const off = await hospCadre.post(`${BASE}/${lodging.id}/deactivate`);
    expect(off.json()).toMatchObject({ active: false });
    expect((await hospCadre.post(`${BASE}/${lodging.id}/deactivate`)).statusCode).toBe(409);
    const active = (await hospCadre.get(`${BASE}?active=true`)).json().items as TPoint[];
    expect(active.map((p) => p.id)).not.toContain(lodging.id);
    expect((await hospCadre.post(`${BASE}/${lodging.id}/activate`)).json()).toMatchObject({ active: true });
    const updates = await t.database.db
      .select({ detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'supplies.point.update'), eq(auditLog.entityId, String(fangcang.id))));
    expect(updates.map((u) => u.detail)).toContainEqual({
      fields: ['orgId', 'orgPath', 'contactPhone', 'note'],
    });
  });

  it('pointPhoneFor: full for the union of the subtree or when granted, masked otherwise', () => {
    const enc = t.app.deps.vault.encrypt('13912345678');
    const as = (orgPath: string, role: 'cadre' | 'partner', orgType: 'grassroots' | 'logistics'): Ctx => ({
      db: t.database.db,
      ip: null,
      deps: t.app.deps,
      actor: {
        userId: 1,
        username: 'x',
        displayName: 'x',
        sessionId: 's',
        csrfToken: 'c',
        membership: { id: 1, role, orgId: 1, orgPath, orgName: 'x', orgType },
      },
    });
    expect(pointPhoneFor(as(hub.path, 'cadre', 'grassroots'), enc, hosp.path)).toBe('13912345678');
    expect(pointPhoneFor(as(hosp2.path, 'cadre', 'grassroots'), enc, hosp.path)).toBe('139****5678');
    expect(pointPhoneFor(as(hub.path, 'partner', 'logistics'), enc, hosp.path)).toBe('139****5678');
    expect(pointPhoneFor(as(hub.path, 'partner', 'logistics'), enc, hosp.path, true)).toBe('13912345678');
  });
});
