import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
} from '../../../../test/app.ts';
import type { TArchive, TArchiveQr, TAssistance, TAssistanceList } from '../../../shared/hardship.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import { idCardCheckChar } from '../../platform/pii/pii.ts';
import { hardshipAssistance } from './hardship.table.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let cadre: Agent;
let reviewer: Agent;
let auditor: Agent;
let shCadre: Agent;

const BASE = '/api/v1/hardship/archives';
const BULK = '/api/v1/hardship/assistance/bulk';

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  cadre = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'cadre', displayName: '王干部' }));
  reviewer = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'reviewer' }));
  auditor = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'auditor' }));
  shCadre = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'cadre' }));
});
afterAll(async () => {
  await t.close();
});

let seq = 0;
function nextId(): string {
  seq += 1;
  const first17 = `45100219900101${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

async function step(agent: Agent, id: number, event: string, body: unknown = {}) {
  const res = await agent.post(`${BASE}/${id}/${event}`, body);
  expect(res.statusCode, res.body).toBe(200);
}

async function applied(
  agent: Agent = cadre,
  orgId = scene.unionA.id,
): Promise<{ id: number; idCard: string }> {
  const idCard = nextId();
  const res = await agent.post(BASE, {
    orgId,
    basic: { name: '韦秀兰', idCard, health: 'healthy', workStatus: 'laidOff', members: [] },
    causes: { main: 'laidOff', secondary: [] },
    income: { annualIncomeFen: 1_200_000, householdSize: 2, category: 'deep' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: (res.json() as TArchive).id, idCard };
}

async function filed(): Promise<{ id: number; idCard: string }> {
  const a = await applied();
  await step(cadre, a.id, 'accept');
  const v = await cadre.post(`${BASE}/${a.id}/visits`, {
    visitDate: '2026-01-05',
    visitors: '王干部',
    findings: '属实',
  });
  expect(v.statusCode, v.body).toBe(201);
  await step(cadre, a.id, 'submit');
  await step(reviewer, a.id, 'pass');
  await step(cadre, a.id, 'publicize', { start: '2026-01-10', end: '2026-01-16' });
  await step(reviewer, a.id, 'approve');
  return a;
}

const countRows = async () => (await t.database.db.select().from(hardshipAssistance)).length;

describe('assistance records (帮扶救助)', () => {
  it('records cash in fen and/or items, lists them with totals per archive and per year', async () => {
    const a = await filed();
    const one = await cadre.post(`${BASE}/${a.id}/assistance`, {
      type: 'living',
      amountFen: 50_050,
      date: '2025-12-20',
      note: '年底生活救助',
    });
    expect(one.statusCode, one.body).toBe(201);
    const rec = one.json() as TAssistance;
    expect(rec).toMatchObject({
      archiveId: a.id,
      type: 'living',
      amountFen: 50_050,
      givingOrg: { id: scene.yj.id, name: scene.yj.name },
      createdBy: '王干部',
    });
    const two = await cadre.post(`${BASE}/${a.id}/assistance`, {
      type: 'schooling',
      amountFen: 200_000,
      date: '2026-08-30',
      givingOrgId: scene.unionA.id,
    });
    expect(two.statusCode, two.body).toBe(201);
    const three = await cadre.post(`${BASE}/${a.id}/assistance`, {
      type: 'warmth',
      items: '大米 1 袋、食用油 1 桶',
      date: '2026-01-20',
    });
    expect(three.statusCode, three.body).toBe(201);
    expect(three.json().amountFen).toBeNull();

    const list = await auditor.get(`${BASE}/${a.id}/assistance`);
    expect(list.statusCode, list.body).toBe(200);
    const body = list.json() as TAssistanceList;
    expect(body.items.map((i) => i.date)).toEqual(['2026-08-30', '2026-01-20', '2025-12-20']);
    expect(body.total).toEqual({ count: 3, amountFen: 250_050 });
    expect(body.byYear).toEqual([
      { year: 2026, count: 2, amountFen: 200_000 },
      { year: 2025, count: 1, amountFen: 50_050 },
    ]);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'hardship.assistance.create'));
    expect(audit.filter((r) => r.entityId === String(a.id))).toHaveLength(3);
  });

  it('validates: cash or items, not negative, not in the future, a known type, a giving org of the subtree', async () => {
    const a = await filed();
    const url = `${BASE}/${a.id}/assistance`;
    const before = await countRows();
    for (const bad of [
      { type: 'living', date: '2026-01-01' },
      { type: 'living', amountFen: -1, date: '2026-01-01' },
      { type: 'living', amountFen: 1.5, date: '2026-01-01' },
      { type: 'lottery', amountFen: 100, date: '2026-01-01' },
      { type: 'living', amountFen: 100, date: '2099-01-01' },
      { type: 'living', amountFen: 100, date: '2026-01-01', givingOrgId: scene.sh.id },
    ]) {
      const res = await cadre.post(url, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect(await countRows()).toBe(before);
  });

  it('only for filed archives, only by cadres and admins, only in the subtree', async () => {
    const a = await filed();
    const pending = await applied();
    const body = { type: 'medical', amountFen: 10_000, date: '2026-02-01' };
    expect((await cadre.post(`${BASE}/${pending.id}/assistance`, body)).statusCode).toBe(409);
    expect((await reviewer.post(`${BASE}/${a.id}/assistance`, body)).statusCode).toBe(403);
    expect((await auditor.post(`${BASE}/${a.id}/assistance`, body)).statusCode).toBe(403);
    expect((await shCadre.post(`${BASE}/${a.id}/assistance`, body)).statusCode).toBe(404);
    expect((await shCadre.get(`${BASE}/${a.id}/assistance`)).statusCode).toBe(404);
    expect((await cadre.get(`${BASE}/999999/assistance`)).statusCode).toBe(404);
  });
});

describe('送温暖 bulk entry', () => {
  it('gives one assistance to many archives and reports the count', async () => {
    const ids = [(await filed()).id, (await filed()).id, (await filed()).id];
    const before = await countRows();
    const res = await cadre.post(BULK, {
      archiveIds: ids,
      type: 'warmth',
      amountFen: 80_000,
      items: '米、油',
      date: '2026-01-25',
      note: '2026 年元旦春节送温暖',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().count).toBe(3);
    expect(await countRows()).toBe(before + 3);
    for (const id of ids) {
      const list = (await cadre.get(`${BASE}/${id}/assistance`)).json() as TAssistanceList;
      expect(list.total).toEqual({ count: 1, amountFen: 80_000 });
    }
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'hardship.assistance.bulk'));
    expect(audit?.detail).toMatchObject({ count: 3, archiveIds: ids });
  });

  it('is all or nothing: one archive of another org or not on file refuses the whole batch', async () => {
    const mine = [(await filed()).id, (await filed()).id];
    const shAdmin = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'admin' }));
    const theirs = await applied(shAdmin, scene.unionB.id);
    const pending = await applied();
    const before = await countRows();
    const body = { type: 'warmth', amountFen: 50_000, date: '2026-01-25' };

    const cross = await cadre.post(BULK, { ...body, archiveIds: [...mine, theirs.id] });
    expect(cross.statusCode).toBe(404);
    expect(cross.json().error.message).toContain(String(theirs.id));
    const notFiled = await cadre.post(BULK, { ...body, archiveIds: [...mine, pending.id] });
    expect(notFiled.statusCode).toBe(409);
    expect(notFiled.json().error.details).toEqual({ ids: [pending.id] });
    const dup = await cadre.post(BULK, { ...body, archiveIds: [mine[0], mine[0]] });
    expect(dup.statusCode).toBe(400);
    expect((await shCadre.post(BULK, { ...body, archiveIds: mine })).statusCode).toBe(404);
    expect((await auditor.post(BULK, { ...body, archiveIds: mine })).statusCode).toBe(403);
    expect(await countRows()).toBe(before);
  });
});

describe('on the verified personal QR page', () => {
  it('shows the assistance received and its total', async () => {
    const a = await filed();
    await cadre.post(`${BASE}/${a.id}/assistance`, {
      type: 'medical',
      amountFen: 123_456,
      date: '2026-03-01',
    });
    await cadre.post(`${BASE}/${a.id}/assistance`, {
      type: 'warmth',
      items: '棉被 1 床',
      date: '2026-01-20',
    });
    const qr = (await cadre.get(`${BASE}/${a.id}/qr`)).json() as TArchiveQr;
    const token = qr.url.split('/q/')[1] ?? '';
    const before = await t.app.inject({ method: 'GET', url: `/q/${token}` });
    expect(before.body).not.toContain('医疗救助');
    const res = await t.app.inject({
      method: 'POST',
      url: `/q/${token}/verify`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `digits=${a.idCard.slice(-6)}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('帮扶救助记录');
    expect(res.body).toContain('<span class="d">2026-03-01</span> 医疗救助 ¥1,234.56');
    expect(res.body).toContain('送温暖慰问');
    expect(res.body).toContain('棉被 1 床');
    expect(res.body).toContain('合计发放：¥1,234.56');
    expect(res.body).not.toContain('王干部');
  });
});
