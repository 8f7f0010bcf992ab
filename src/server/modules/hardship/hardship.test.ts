import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
  type TestUser,
} from '../../../../test/app.ts';
import { beijingDay } from '../../../shared/dates.ts';
import {
  ARCHIVE_COUNT_CAP,
  type TArchive,
  type TArchiveListItem,
  type TVisit,
} from '../../../shared/hardship.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import { idCardCheckChar } from '../../platform/pii/pii.ts';
import { aYearAfter } from './hardship.service.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let cadre: Agent;
let cadre2: Agent;
let reviewer: Agent;
let reviewer2: Agent;
let admin: Agent;
let auditor: Agent;
let shCadre: Agent;
let helperUser: TestUser;
let helperUser2: TestUser;

const BASE = '/api/v1/hardship/archives';

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  cadre = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'cadre', displayName: '王干部' }));
  cadre2 = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'cadre' }));
  reviewer = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'reviewer' }));
  reviewer2 = await loginAs(t, await buildUser(t, { org: scene.bs, role: 'reviewer' }));
  admin = await loginAs(t, await buildUser(t, { org: scene.bs, role: 'admin' }));
  auditor = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'auditor' }));
  shCadre = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'cadre' }));
  helperUser = await buildUser(t, {
    org: scene.unionA,
    role: 'cadre',
    displayName: '李帮扶',
    mobile: '13907760001',
  });
  helperUser2 = await buildUser(t, { org: scene.yj, role: 'cadre', displayName: '赵帮扶' });
});
afterAll(async () => {
  await t.close();
});

let seq = 0;
/** A fresh valid ID number: Baise (451002), born 1985-03-12; odd sequence digit = male. */
function nextId(sex: 'male' | 'female' = 'male'): string {
  seq += 1;
  const order = String((seq * 2 + (sex === 'male' ? 1 : 0)) % 1000).padStart(3, '0');
  const first17 = `45100219850312${order}`;
  return first17 + idCardCheckChar(first17);
}

const archiveBody = (over: Record<string, unknown> = {}, basic: Record<string, unknown> = {}) => ({
  orgId: scene.unionA.id,
  basic: {
    name: '黄桂英',
    idCard: nextId(),
    mobile: '13800776655',
    ethnicity: '壮族',
    health: 'chronic',
    workStatus: 'laidOff',
    employer: '百色某糖厂',
    address: '广西百色市右江区向阳路12号3栋',
    members: [
      {
        name: '黄小明',
        relation: '子女',
        idCard: null,
        health: 'healthy',
        schoolOrEmployer: '右江区第一中学',
      },
    ],
    bankName: '农业银行',
    bankAccount: '6228480012345678',
    ...basic,
  },
  causes: { main: 'laidOff', secondary: ['schooling'] },
  // 24,000 yuan a year for 3 people: 666.66 yuan a month each, below the 850-yuan default 低保.
  income: {
    annualIncomeFen: 2_400_000,
    medicalExpenseFen: 300_000,
    schoolingExpenseFen: 200_000,
    householdSize: 3,
  },
  housing: { type: 'rented', areaM2: 45.5, condition: '老旧' },
  plan: [{ type: '就业帮扶', responsible: '王干部', targetDate: '2027-06-30', status: 'planned' }],
  ...over,
});

async function create(
  agent: Agent = cadre,
  over: Record<string, unknown> = {},
  basic = {},
): Promise<TArchive> {
  const res = await agent.post(BASE, archiveBody(over, basic));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TArchive;
}

async function step(agent: Agent, id: number, event: string, body?: unknown) {
  return agent.post(`${BASE}/${id}/${event}`, body ?? {});
}

/** Drive an archive to `publicizing` with a publicity period already over, category confirmed. */
async function toPublicizing(): Promise<TArchive> {
  const a = await create();
  expect((await step(cadre, a.id, 'accept')).statusCode).toBe(200);
  const v = await cadre.post(`${BASE}/${a.id}/visits`, {
    visitDate: '2026-01-05',
    visitors: '王干部、李帮扶',
    findings: '家中三口人，丈夫下岗，孩子上初中，租住老旧房屋。',
  });
  expect(v.statusCode, v.body).toBe(201);
  expect((await step(cadre, a.id, 'submit')).statusCode).toBe(200);
  expect((await step(reviewer, a.id, 'pass')).statusCode).toBe(200);
  const p = await step(cadre, a.id, 'publicize', { start: '2026-01-10', end: '2026-01-16' });
  expect(p.statusCode, p.body).toBe(200);
  const c = await cadre.patch(`${BASE}/${a.id}`, {
    income: { ...archiveBody().income, category: 'deep' },
  });
  expect(c.statusCode, c.body).toBe(200);
  return c.json() as TArchive;
}

describe('filing an archive', () => {
  it('validates the ID, derives sex and birth date, masks everything personal', async () => {
    const idCard = nextId('female');
    const res = await cadre.post(BASE, archiveBody({}, { idCard }));
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json() as TArchive;
    expect(a.state).toBe('applied');
    expect(a.channel).toBe('window');
    expect(a.basic.sex).toBe('female');
    // Only the year: the full date is 8 of the ID number's hidden digits.
    expect(a.basic.birthYear).toBe(1985);
    expect(res.body).not.toContain('1985-03-12');
    expect(res.body).not.toContain('19850312');
    expect(a.basic.idCard).toBe(`4510**********${idCard.slice(-4)}`);
    expect(a.basic.mobile).toBe('138****6655');
    expect(a.basic.address).toBe('广西百色市右****');
    expect(a.basic.bankAccount).toBe('****5678');
    expect(res.body).not.toContain(idCard);
    expect(res.body).not.toContain('13800776655');
    expect(res.body).not.toContain('向阳路');
    expect(res.body).not.toContain('6228480012345678');
    expect(a.income.perCapitaMonthlyFen).toBe(66_666);
    expect(a.income.dibaoMonthlyFen).toBe(85_000);
    expect(a.income.suggestedCategory).toBe('deep');
    expect(a.income.category).toBeNull();
    expect(a.org.name).toBe('右江区某基层工会');
    // The ID and mobile are stored encrypted, not in clear.
    const stored = await t.database.db.execute(
      `select id_card_enc, mobile_enc from hardship_archives where id = ${a.id}`,
    );
    expect(JSON.stringify(stored)).not.toContain(idCard);
  });

  it('refuses an invalid ID number with a field error', async () => {
    const good = nextId();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await cadre.post(BASE, archiveBody({}, { idCard: bad }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ field: 'basic.idCard', message: '身份证号校验位不正确' }]);
    const short = await cadre.post(BASE, archiveBody({}, { idCard: '4510021985' }));
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].field).toBe('basic.idCard');
    const member = await cadre.post(
      BASE,
      archiveBody({}, { members: [{ name: '黄小明', relation: '子女', idCard: bad }] }),
    );
    expect(member.statusCode).toBe(400);
    expect(member.json().error.details[0].field).toBe('basic.members.0.idCard');
    const disabled = await cadre.post(BASE, archiveBody({}, { health: 'disabled' }));
    expect(disabled.statusCode).toBe(400);
    expect(disabled.json().error.details[0].field).toBe('basic.disabilityCategory');
  });

  it('rejects bad causes: main repeated as secondary, more than three, 其他 without text', async () => {
    for (const causes of [
      { main: 'laidOff', secondary: ['laidOff'] },
      { main: 'laidOff', secondary: ['schooling', 'accident', 'naturalDisaster', 'noWorkAbility'] },
      { main: 'other', secondary: [] },
    ]) {
      const res = await cadre.post(BASE, archiveBody({ causes }));
      expect(res.statusCode, JSON.stringify(causes)).toBe(400);
    }
    const ok = await cadre.post(
      BASE,
      archiveBody({ causes: { main: 'other', secondary: [], otherText: '房屋失火' } }),
    );
    expect(ok.statusCode).toBe(201);
  });

  it('computes the yearly review date, leap days included', () => {
    expect(aYearAfter('2026-11-25')).toBe('2027-11-25');
    expect(aYearAfter('2028-02-29')).toBe('2029-03-01');
  });

  it('suggests the category from per-capita income, rigid expenses and cause; overriding needs a reason', async () => {
    const income = (annual: number, medical = 0, size = 2) => ({
      annualIncomeFen: annual,
      medicalExpenseFen: medical,
      schoolingExpenseFen: 0,
      householdSize: size,
    });
    // 2 people × 1,200 yuan/month: between 1× and 2× the 850-yuan standard.
    const relative = await create(cadre, { income: income(2_880_000) });
    expect(relative.income.perCapitaMonthlyFen).toBe(120_000);
    expect(relative.income.suggestedCategory).toBe('relative');
    // Medical costs above 80% of income.
    const costs = await create(cadre, { income: income(2_880_000, 2_400_000) });
    expect(costs.income.suggestedCategory).toBe('accident');
    // Accident as the main cause.
    const accident = await create(cadre, {
      income: income(2_880_000),
      causes: { main: 'accident', secondary: [] },
    });
    expect(accident.income.suggestedCategory).toBe('accident');
    // 2,000 yuan each a month: above 2× → no category suggested.
    const none = await create(cadre, { income: income(4_800_000) });
    expect(none.income.suggestedCategory).toBeNull();

    const noReason = await cadre.post(
      BASE,
      archiveBody({ income: { ...income(2_880_000), category: 'deep' } }),
    );
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].field).toBe('income.categoryReason');
    const withReason = await create(cadre, {
      income: { ...income(2_880_000), category: 'deep', categoryReason: '家中两人长期卧床' },
    });
    expect(withReason.income.category).toBe('deep');
    expect(withReason.income.categoryReason).toBe('家中两人长期卧床');
    // Confirming the suggestion needs no reason.
    const confirm = await cadre.patch(`${BASE}/${relative.id}`, {
      income: { ...income(2_880_000), category: 'relative' },
    });
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect(confirm.json().income.category).toBe('relative');
  });

  it('uses the org 低保 standard (nearest ancestor setting) and re-assesses on edit', async () => {
    const forbidden = await cadre.inject({
      method: 'PUT',
      url: '/api/v1/hardship/settings/dibao',
      payload: { orgId: scene.yj.id, dibaoMonthlyFen: 60_000 },
    });
    expect(forbidden.statusCode).toBe(403);
    const set = await admin.inject({
      method: 'PUT',
      url: '/api/v1/hardship/settings/dibao',
      payload: { orgId: scene.yj.id, dibaoMonthlyFen: 60_000 },
    });
    expect(set.statusCode, set.body).toBe(200);
    const got = await cadre.get(`/api/v1/hardship/settings/dibao?orgId=${scene.unionA.id}`);
    expect(got.json()).toEqual({ orgId: scene.unionA.id, fromOrgId: scene.yj.id, dibaoMonthlyFen: 60_000 });
    const a = await create();
    // 666.66 yuan a month is now between 1× and 2× of 600.
    expect(a.income.dibaoMonthlyFen).toBe(60_000);
    expect(a.income.suggestedCategory).toBe('relative');
    const edit = await cadre.patch(`${BASE}/${a.id}`, {
      income: { annualIncomeFen: 1_200_000, medicalExpenseFen: 0, schoolingExpenseFen: 0, householdSize: 3 },
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().income.suggestedCategory).toBe('deep');
    expect(edit.json().income.perCapitaMonthlyFen).toBe(33_333);
    // Restore the default for the other tests.
    await admin.inject({
      method: 'PUT',
      url: '/api/v1/hardship/settings/dibao',
      payload: { orgId: scene.yj.id, dibaoMonthlyFen: 85_000 },
    });
  });

  it('drops an org’s own 低保 standard so it follows its parent again; bounded, admins only, audited', async () => {
    const put = (orgId: number, dibaoMonthlyFen: number) =>
      admin.inject({
        method: 'PUT',
        url: '/api/v1/hardship/settings/dibao',
        payload: { orgId, dibaoMonthlyFen },
      });
    const clear = (who: Agent, orgId: number) =>
      who.inject({ method: 'DELETE', url: `/api/v1/hardship/settings/dibao?orgId=${orgId}` });
    const audits = async () =>
      (
        await t.database.db
          .select({ detail: auditLog.detail })
          .from(auditLog)
          .where(
            and(eq(auditLog.action, 'hardship.settings'), eq(auditLog.entityId, String(scene.unionA.id))),
          )
      ).map((r) => r.detail);

    expect((await put(scene.yj.id, 60_000)).statusCode).toBe(200);
    expect((await put(scene.unionA.id, 70_000)).json()).toMatchObject({ fromOrgId: scene.unionA.id });
    // A slipped digit is refused by name.
    const huge = await put(scene.unionA.id, 1_000_001);
    expect(huge.statusCode).toBe(400);
    expect(huge.body).toContain('低保标准不能超过 10,000 元/人·月');

    expect((await clear(cadre, scene.unionA.id)).statusCode).toBe(403);
    expect((await clear(admin, scene.sh.id)).statusCode).toBe(404);
    const before = (await audits()).length;
    const cleared = await clear(admin, scene.unionA.id);
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toEqual({
      orgId: scene.unionA.id,
      fromOrgId: scene.yj.id,
      dibaoMonthlyFen: 60_000,
    });
    const after = await audits();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toEqual({ dibaoMonthlyFen: null, previousDibaoMonthlyFen: 70_000 });
    // Clearing again changes nothing and records nothing.
    expect((await clear(admin, scene.unionA.id)).json()).toMatchObject({ fromOrgId: scene.yj.id });
    expect(await audits()).toHaveLength(before + 1);
    // And the parent's own cleared: the platform default.
    expect((await clear(admin, scene.yj.id)).json()).toMatchObject({
      fromOrgId: null,
      dibaoMonthlyFen: 85_000,
    });
  });

  it('updates sections and keeps the ID number', async () => {
    const a = await create();
    const res = await cadre.patch(`${BASE}/${a.id}`, {
      basic: { mobile: '13900001111', health: 'disabled', disabilityCategory: 'physical' },
      housing: { type: 'owned', areaM2: 60, condition: '危房' },
      plan: [{ type: '医疗救助', responsible: '李帮扶', status: 'ongoing', result: '已申请大病救助' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json() as TArchive;
    expect(b.basic.mobile).toBe('139****1111');
    expect(b.basic.disabilityCategory).toBe('physical');
    expect(b.basic.idCard).toBe(a.basic.idCard);
    expect(b.housing).toEqual({ type: 'owned', areaM2: 60, condition: '危房' });
    expect(b.plan[0]?.status).toBe('ongoing');
    expect((await cadre.patch(`${BASE}/${a.id}`, {})).statusCode).toBe(400);
    const noCategory = await cadre.patch(`${BASE}/${a.id}`, { basic: { disabilityCategory: null } });
    expect(noCategory.statusCode).toBe(400);
    const healthy = await cadre.patch(`${BASE}/${a.id}`, { basic: { health: 'healthy' } });
    expect(healthy.json().basic.disabilityCategory).toBeNull();
    // Auditors read, never write.
    expect((await auditor.patch(`${BASE}/${a.id}`, { housing: null })).statusCode).toBe(403);
  });

  it('refuses a plan measure still to do that fell due before the archive was opened, or one decades ahead', async () => {
    const a = await create();
    const opened = beijingDay(new Date(a.createdAt));
    const measure = (targetDate: string, status = 'planned') => ({
      plan: [
        { type: '就业帮扶', responsible: '王干部', targetDate: '2027-06-30', status: 'planned' },
        { type: '医疗救助', responsible: '李帮扶', targetDate, status },
      ],
    });
    const past = await cadre.patch(`${BASE}/${a.id}`, measure('2016-03-01'));
    expect(past.statusCode).toBe(400);
    expect(past.json().error.details).toEqual([
      { field: 'plan.1.targetDate', message: `尚未完成的措施，目标日期不能早于建档申请日（${opened}）` },
    ]);
    const far = await cadre.patch(`${BASE}/${a.id}`, measure('2206-03-01'));
    expect(far.statusCode).toBe(400);
    expect(far.json().error.details[0].message).toMatch(/^目标日期不能晚于 \d{4}-\d{2}-\d{2}$/);
    // A measure already done may have been done before the filing; the day it was opened is fine.
    expect((await cadre.patch(`${BASE}/${a.id}`, measure('2016-03-01', 'done'))).statusCode).toBe(200);
    expect((await cadre.patch(`${BASE}/${a.id}`, measure(opened))).statusCode).toBe(200);
  });
});

describe('no duplicates', () => {
  it('refuses a second active archive for the same ID anywhere, naming only the holder org', async () => {
    const idCard = nextId();
    const first = await create(cadre, {}, { idCard });
    const again = await shCadre.post(BASE, archiveBody({ orgId: scene.unionB.id }, { idCard }));
    expect(again.statusCode).toBe(409);
    const err = again.json().error;
    expect(err.code).toBe('DUPLICATE_ARCHIVE');
    expect(err.message).toContain('右江区某基层工会');
    expect(err.details).toEqual({ orgName: '右江区某基层工会' });
    expect(again.body).not.toContain(String(first.id));
    // Lower-case x and spaces are the same number.
    // After a rejection the same person may apply again.
    expect((await step(cadre, first.id, 'reject', { reason: '材料不全' })).statusCode).toBe(200);
    const refile = await shCadre.post(BASE, archiveBody({ orgId: scene.unionB.id }, { idCard }));
    expect(refile.statusCode, refile.body).toBe(201);
  });

  it('two simultaneous filings of one ID: exactly one wins', async () => {
    const idCard = nextId();
    const results = await Promise.all([
      cadre.post(BASE, archiveBody({}, { idCard })),
      cadre2.post(BASE, archiveBody({}, { idCard })),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const lost = results.find((r) => r.statusCode === 409);
    expect(lost?.json().error.code).toBe('DUPLICATE_ARCHIVE');
  });
});

describe('reading', () => {
  it('lists with filters and search by name, exact ID or mobile, all masked', async () => {
    const idCard = nextId();
    const a = await create(cadre, {}, { idCard, name: '覃秀兰', mobile: '13977001234' });
    const byName = await cadre.get(`${BASE}?q=${encodeURIComponent('覃秀')}`);
    expect(byName.statusCode).toBe(200);
    const items = byName.json().items as TArchiveListItem[];
    expect(items.map((i) => i.id)).toContain(a.id);
    expect(byName.body).not.toContain(idCard);
    expect(items[0]?.idCard).toMatch(/^4510\*{10}/);
    const byId = await cadre.get(`${BASE}?q=${idCard}`);
    expect(byId.json().items.map((i: TArchiveListItem) => i.id)).toEqual([a.id]);
    const byMobile = await cadre.get(`${BASE}?q=13977001234`);
    expect(byMobile.json().items.map((i: TArchiveListItem) => i.id)).toEqual([a.id]);
    expect(byMobile.body).not.toContain('13977001234');
    const applied = await cadre.get(`${BASE}?state=applied&mainCause=laidOff&pageSize=100`);
    expect(applied.json().items.every((i: TArchiveListItem) => i.state === 'applied')).toBe(true);
    expect(applied.json().total).toBeGreaterThan(0);
    // 次要致困原因: archives created here list 子女上学 as a secondary cause, none lists 自然灾害.
    const bySecondary = await cadre.get(`${BASE}?q=${idCard}&secondaryCause=schooling`);
    expect(bySecondary.json().items.map((i: TArchiveListItem) => i.id)).toEqual([a.id]);
    const noneSecondary = await cadre.get(`${BASE}?q=${idCard}&secondaryCause=naturalDisaster`);
    expect(noneSecondary.json().total).toBe(0);
    expect((await cadre.get(`${BASE}?secondaryCause=bogus`)).statusCode).toBe(400);
    const filed = await cadre.get(`${BASE}?state=filed&orgId=${scene.unionA.id}`);
    expect(filed.statusCode).toBe(200);
    // Another province sees none of them, and cannot list our subtree.
    const sh = await shCadre.get(`${BASE}?q=${idCard}`);
    expect(sh.json().total).toBe(0);
    expect((await shCadre.get(`${BASE}?orgId=${scene.unionA.id}`)).statusCode).toBe(404);
  });

  it('shows unmasked data only to roles allowed, and audits every view', async () => {
    const idCard = nextId();
    const a = await create(cadre, {}, { idCard });
    const res = await cadre.get(`${BASE}/${a.id}/pii`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: a.id,
      idCard,
      birthDate: `${idCard.slice(6, 10)}-${idCard.slice(10, 12)}-${idCard.slice(12, 14)}`,
      mobile: '13800776655',
      address: '广西百色市右江区向阳路12号3栋',
      bankAccount: '6228480012345678',
    });
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'hardship.viewPii'), eq(auditLog.entityId, String(a.id))));
    expect(rows).toHaveLength(1);
    expect((await reviewer.get(`${BASE}/${a.id}/pii`)).statusCode).toBe(200);
    const denied = await auditor.get(`${BASE}/${a.id}/pii`);
    expect(denied.statusCode).toBe(403);
    // The auditor still reads the masked archive.
    const masked = await auditor.get(`${BASE}/${a.id}`);
    expect(masked.statusCode).toBe(200);
    expect(masked.body).not.toContain(idCard);
  });
});

describe('lifecycle', () => {
  it('runs 申请 → 受理 → 入户核查 → 审核 → 公示 → 在档 → 解档 with a timeline', async () => {
    const a = await toPublicizing();
    expect(a.state).toBe('publicizing');
    expect(a.publicity).toEqual({ start: '2026-01-10', end: '2026-01-16' });
    const approved = await step(reviewer2, a.id, 'approve', { note: '同意建档' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().state).toBe('filed');
    expect(approved.json().filedAt).not.toBeNull();
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(approved.json().reviewDue).toBe(aYearAfter(today));
    // The yearly review list: due within 30 days, or overdue.
    await t.database.db.execute(`update hardship_archives set review_due = '2026-01-01' where id = ${a.id}`);
    const overdue = await cadre.get(`${BASE}?reviewDue=overdue&pageSize=100`);
    expect(overdue.json().items.map((i: TArchiveListItem) => i.id)).toContain(a.id);
    expect(
      (await cadre.get(`${BASE}?reviewDue=within30&pageSize=100`))
        .json()
        .items.map((i: TArchiveListItem) => i.id),
    ).not.toContain(a.id);
    await t.database.db.execute(`update hardship_archives set review_due = '${today}' where id = ${a.id}`);
    expect(
      (await cadre.get(`${BASE}?reviewDue=within30&pageSize=100`))
        .json()
        .items.map((i: TArchiveListItem) => i.id),
    ).toContain(a.id);
    const exited = await step(cadre, a.id, 'exit', { reason: 'incomeMet', note: '再就业，月收入 3500 元' });
    expect(exited.statusCode, exited.body).toBe(200);
    expect(exited.json().state).toBe('exited');
    expect(exited.json().exit).toEqual({ reason: 'incomeMet', note: '再就业，月收入 3500 元' });
    expect(exited.json().reviewDue).toBeNull();

    const tl = await cadre.get(`/api/v1/timeline/hardship.archive/${a.id}`);
    expect(tl.statusCode).toBe(200);
    const events = tl.json().items.map((e: { event: string; toState: string }) => `${e.event}:${e.toState}`);
    expect(events).toEqual([
      'create:applied',
      'accept:accepted',
      'submit:reviewing',
      'pass:reviewed',
      'publicize:publicizing',
      'approve:filed',
      'exit:exited',
    ]);
    const visits = await cadre.get(`${BASE}/${a.id}/visits`);
    expect(visits.json().items).toHaveLength(1);
    // An exited archive is read-only.
    expect((await cadre.patch(`${BASE}/${a.id}`, { housing: null })).statusCode).toBe(409);
  });

  it('refuses illegal transitions (409), unmet preconditions (409) and wrong roles (403)', async () => {
    const a = await create();
    const illegal = await step(reviewer, a.id, 'approve');
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().error.code).toBe('ILLEGAL_TRANSITION');
    expect((await step(cadre, a.id, 'submit')).statusCode).toBe(409);
    // A reviewer does not accept at the window; a cadre does not pass reviews.
    expect((await step(reviewer, a.id, 'accept')).statusCode).toBe(403);
    expect((await step(cadre, a.id, 'accept')).statusCode).toBe(200);
    // Visits only while verifying, not in the future.
    const future = await cadre.post(`${BASE}/${a.id}/visits`, {
      visitDate: '2999-01-01',
      visitors: '王干部',
      findings: '—',
    });
    expect(future.statusCode).toBe(400);
    const noVisit = await step(cadre, a.id, 'submit');
    expect(noVisit.statusCode).toBe(409);
    expect(noVisit.json().error.code).toBe('VISIT_REQUIRED');
    await cadre.post(`${BASE}/${a.id}/visits`, {
      visitDate: '2026-02-01',
      visitors: '王干部',
      findings: '属实',
    });
    expect((await step(cadre, a.id, 'submit')).statusCode).toBe(200);
    expect((await step(cadre, a.id, 'pass')).statusCode).toBe(403);
    expect((await step(cadre, a.id, 'reject', { reason: '不符合' })).statusCode).toBe(403);
    expect((await step(reviewer, a.id, 'pass')).statusCode).toBe(200);
    const badDates = await step(cadre, a.id, 'publicize', { start: '2026-03-10', end: '2026-03-01' });
    expect(badDates.statusCode).toBe(400);
    expect(
      (await step(cadre, a.id, 'publicize', { start: '2026-03-01', end: '2999-03-07' })).statusCode,
    ).toBe(200);
    const early = await step(reviewer, a.id, 'approve');
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('CATEGORY_REQUIRED');
    await cadre.patch(`${BASE}/${a.id}`, { income: { ...archiveBody().income, category: 'deep' } });
    const stillPublic = await step(reviewer, a.id, 'approve');
    expect(stillPublic.statusCode).toBe(409);
    expect(stillPublic.json().error.code).toBe('PUBLICITY_NOT_OVER');
    expect((await step(cadre, a.id, 'approve')).statusCode).toBe(403);
    const rejected = await step(reviewer, a.id, 'reject', { reason: '公示期间收到实名举报，收入不实' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json().rejectReason).toBe('公示期间收到实名举报，收入不实');
    expect((await step(cadre, a.id, 'reject', { reason: '' })).statusCode).toBe(400);
  });

  it('two cadres accepting at once: exactly one wins', async () => {
    const a = await create();
    const results = await Promise.all([step(cadre, a.id, 'accept'), step(cadre2, a.id, 'accept')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const tl = await cadre.get(`/api/v1/timeline/hardship.archive/${a.id}`);
    expect(tl.json().items.filter((e: { event: string }) => e.event === 'accept')).toHaveLength(1);
  });

  it('two reviewers approving at once: exactly one wins', async () => {
    const a = await toPublicizing();
    const results = await Promise.all([step(reviewer, a.id, 'approve'), step(reviewer2, a.id, 'approve')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const tl = await cadre.get(`/api/v1/timeline/hardship.archive/${a.id}`);
    expect(tl.json().items.filter((e: { event: string }) => e.event === 'approve')).toHaveLength(1);
  });
});

describe('self-application by a worker', () => {
  it('a worker applies to their own union and follows it; cadres take it from there', async () => {
    const workerUser = await buildUser(t, { org: scene.unionA, role: 'worker' });
    const worker = await loginAs(t, workerUser);
    const { orgId: _o, plan: _p, ...body } = archiveBody();
    const res = await worker.post('/api/v1/hardship/my/applications', {
      ...body,
      income: { annualIncomeFen: 1_000_000, householdSize: 2 },
    });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json() as TArchive;
    expect(a).toMatchObject({ state: 'applied', channel: 'self', org: { id: scene.unionA.id } });
    expect(a.helper).toBeNull();
    const mine = await worker.get('/api/v1/hardship/my/archives');
    expect(mine.json().items.map((x: TArchive) => x.id)).toEqual([a.id]);
    expect(mine.body).not.toContain(body.basic.idCard);
    // The worker sees nothing else and cannot work the case.
    expect((await worker.get(BASE)).statusCode).toBe(403);
    expect((await worker.get(`${BASE}/${a.id}`)).statusCode).toBe(403);
    expect((await worker.post(BASE, archiveBody())).statusCode).toBe(403);
    expect((await step(worker, a.id, 'accept')).statusCode).toBe(403);
    expect(
      (await cadre.get(`${BASE}?state=applied&pageSize=100`)).json().items.map((x: TArchiveListItem) => x.id),
    ).toContain(a.id);
    expect((await step(cadre, a.id, 'accept')).statusCode).toBe(200);
    expect((await worker.get('/api/v1/hardship/my/archives')).json().items[0].state).toBe('accepted');
    const progress = await worker.get(`/api/v1/hardship/my/archives/${a.id}/progress`);
    expect(progress.statusCode).toBe(200);
    expect(progress.json().items.map((p: { label: string; state: string }) => [p.label, p.state])).toEqual([
      ['提交申请', 'applied'],
      ['受理', 'accepted'],
    ]);
    expect(progress.body).not.toContain('王干部');
    // Only their own: a cadre-filed archive in the same union is not theirs.
    const other = await create();
    expect((await worker.get(`/api/v1/hardship/my/archives/${other.id}/progress`)).statusCode).toBe(404);
    // Cadres do not use the worker's endpoint.
    expect((await cadre.post('/api/v1/hardship/my/applications', body)).statusCode).toBe(403);
  });
});

describe('documents and visit photos', () => {
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  function upload(
    agent: Agent,
    id: number,
    filename: string,
    content: Buffer,
    entityType = 'hardship.archive',
  ) {
    const boundary = `----hardship${seq++}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
    return agent.inject({
      method: 'POST',
      url: `/api/v1/files?entityType=${entityType}&entityId=${id}`,
      payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  }

  it('attaches scanned documents and visit photos to an archive, within the org subtree only', async () => {
    const a = await create();
    expect((await upload(cadre, a.id, '申请表扫描件.pdf', PDF)).statusCode).toBe(201);
    expect((await upload(cadre, a.id, '入户照片.png', PNG)).statusCode).toBe(201);
    const list = await reviewer.get(`/api/v1/files?entityType=hardship.archive&entityId=${a.id}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(2);
    expect((await upload(shCadre, a.id, 'x.png', PNG)).statusCode).toBe(404);
    expect((await shCadre.get(`/api/v1/files?entityType=hardship.archive&entityId=${a.id}`)).statusCode).toBe(
      404,
    );
    expect((await upload(auditor, a.id, 'x.png', PNG)).statusCode).toBe(403);
  });

  it('ties photos to one visit record, while the case is being verified, and follows the archive', async () => {
    const a = await create();
    await step(cadre, a.id, 'accept');
    const v1 = (
      await cadre.post(`${BASE}/${a.id}/visits`, {
        visitDate: '2026-02-01',
        visitors: '王干部',
        findings: '属实',
      })
    ).json() as TVisit;
    const v2 = (
      await cadre.post(`${BASE}/${a.id}/visits`, {
        visitDate: '2026-02-03',
        visitors: '李帮扶',
        findings: '复看',
      })
    ).json() as TVisit;
    const photo = await upload(cadre, v1.id, '厨房.png', PNG, 'hardship.visit');
    expect(photo.statusCode, photo.body).toBe(201);
    const ofV1 = await reviewer.get(`/api/v1/files?entityType=hardship.visit&entityId=${v1.id}`);
    expect(ofV1.json().items.map((f: { originalName: string }) => f.originalName)).toEqual(['厨房.png']);
    const ofV2 = await reviewer.get(`/api/v1/files?entityType=hardship.visit&entityId=${v2.id}`);
    expect(ofV2.json().items).toEqual([]);
    // Another province neither sees nor adds; an auditor may look but not add; a made-up visit is unknown.
    expect((await shCadre.get(`/api/v1/files?entityType=hardship.visit&entityId=${v1.id}`)).statusCode).toBe(
      404,
    );
    expect((await upload(shCadre, v1.id, 'x.png', PNG, 'hardship.visit')).statusCode).toBe(404);
    expect((await upload(auditor, v1.id, 'x.png', PNG, 'hardship.visit')).statusCode).toBe(403);
    expect((await upload(cadre, 999_999_999, 'x.png', PNG, 'hardship.visit')).statusCode).toBe(404);
    const fileId = photo.json().id as string;
    expect((await reviewer.get(`/api/v1/files/${fileId}`)).statusCode).toBe(200);
    // Once verification is over, the visit record (and its photos) is closed to additions.
    expect((await step(cadre, a.id, 'submit')).statusCode).toBe(200);
    expect((await upload(cadre, v2.id, '复看.png', PNG, 'hardship.visit')).statusCode).toBe(201);
    expect((await step(reviewer, a.id, 'pass')).statusCode).toBe(200);
    expect((await upload(cadre, v1.id, '补拍.png', PNG, 'hardship.visit')).statusCode).toBe(409);
  });
});

describe('API document', () => {
  it('documents every hardship endpoint with a Chinese summary', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, { summary?: string }>>;
    const mine = Object.entries(paths).filter(([p]) => p.startsWith('/api/v1/hardship/'));
    expect(mine.length).toBeGreaterThanOrEqual(15);
    for (const [p, ops] of mine) {
      for (const op of Object.values(ops)) expect(op.summary, p).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(paths['/api/v1/hardship/archives/{id}/approve']).toBeDefined();
  });
});

describe('public notice (公示)', () => {
  it('shows archives in a running publicity period with masked name, org and category only, no login', async () => {
    const a = await create(cadre, {}, { name: '欧阳春花' });
    await step(cadre, a.id, 'accept');
    await cadre.post(`${BASE}/${a.id}/visits`, {
      visitDate: '2026-02-01',
      visitors: '王干部',
      findings: '属实',
    });
    await step(cadre, a.id, 'submit');
    await step(reviewer, a.id, 'pass');
    expect(
      (await step(cadre, a.id, 'publicize', { start: '2026-01-01', end: '2999-12-31' })).statusCode,
    ).toBe(200);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/hardship/public/notices?orgId=${scene.yj.id}`,
    });
    expect(res.statusCode).toBe(200);
    const mine = res.json().items.filter((n: { name: string }) => n.name === '欧阳**');
    expect(mine).toEqual([
      {
        name: '欧阳**',
        orgName: '右江区某基层工会',
        category: 'deep',
        start: '2026-01-01',
        end: '2999-12-31',
      },
    ]);
    expect(res.body).not.toContain('欧阳春花');
    expect(res.body).not.toContain('4510');
    expect(res.body).not.toContain('向阳路');
    // Another province's notice board does not list it.
    const sh = await t.app.inject({
      method: 'GET',
      url: `/api/v1/hardship/public/notices?orgId=${scene.sh.id}`,
    });
    expect(sh.json().items).toEqual([]);
  });
});

describe('返困 and household members', () => {
  it('an exited archive re-enters as a new application, unless the ID is on file elsewhere', async () => {
    const a = await toPublicizing();
    expect((await step(reviewer, a.id, 'approve')).statusCode).toBe(200);
    expect((await step(cadre, a.id, 'exit', { reason: 'movedOut' })).statusCode).toBe(200);
    // While exited, the same person may be filed by the union they moved to.
    const elsewhere = await create(
      shCadre,
      { orgId: scene.unionB.id },
      { idCard: (await cadre.get(`${BASE}/${a.id}/pii`)).json().idCard },
    );
    const refused = await step(cadre, a.id, 'reenter', { note: '返困' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('DUPLICATE_ARCHIVE');
    expect(refused.json().error.message).toContain('上海某基层工会');
    expect((await step(shCadre, elsewhere.id, 'reject', { reason: '已迁回原籍' })).statusCode).toBe(200);
    const back = await step(cadre, a.id, 'reenter', { note: '丈夫再次失业' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ state: 'applied', exit: null, publicity: null, filedAt: null });
    expect(back.json().income.category).toBeNull();
    expect((await step(cadre, a.id, 'accept')).statusCode).toBe(200);
  });

  it('flags household members who hold an archive of their own', async () => {
    const spouseId = nextId('female');
    await create(cadre, {}, { idCard: spouseId, name: '罗美玲' });
    const a = await create(
      cadre,
      {},
      {
        members: [
          { name: '罗美玲', relation: '配偶', idCard: spouseId },
          { name: '黄小明', relation: '子女', idCard: nextId() },
          { name: '黄奶奶', relation: '母亲' },
        ],
      },
    );
    expect(a.basic.members.map((m) => m.archived)).toEqual([true, false, false]);
    expect(a.basic.members[0]?.idCard).toBe(`4510**********${spouseId.slice(-4)}`);
    const pii = await cadre.get(`${BASE}/${a.id}/pii`);
    expect(pii.json().members[0]).toEqual({ name: '罗美玲', idCard: spouseId });
    expect(pii.json().members[2]).toEqual({ name: '黄奶奶', idCard: null });
    // Editing 基本信息 without sending the members keeps the household (an edit of 民族 once wiped it).
    const edited = await cadre.patch(`${BASE}/${a.id}`, { basic: { ethnicity: '汉族' } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().basic.ethnicity).toBe('汉族');
    expect(edited.json().basic.members.map((m: { name: string }) => m.name)).toEqual([
      '罗美玲',
      '黄小明',
      '黄奶奶',
    ]);
    expect(edited.json().basic.members.map((m: { archived: boolean }) => m.archived)).toEqual([
      true,
      false,
      false,
    ]);
    // Sent, they replace the list.
    const replaced = await cadre.patch(`${BASE}/${a.id}`, {
      basic: { members: [{ name: '黄奶奶', relation: '母亲' }] },
    });
    expect(replaced.json().basic.members.map((m: { name: string }) => m.name)).toEqual(['黄奶奶']);
  });

  it('edits the household keeping ID numbers it does not retype, by their saved position', async () => {
    const spouseId = nextId('female');
    const childId = nextId();
    const a = await create(
      cadre,
      {},
      {
        members: [
          { name: '罗美玲', relation: '配偶', idCard: spouseId },
          { name: '黄小明', relation: '子女', idCard: childId },
        ],
      },
    );
    const newChildId = nextId();
    // The console lists them the other way round, retypes one ID, adds a member, keeps the spouse's.
    const edited = await cadre.patch(`${BASE}/${a.id}`, {
      basic: {
        members: [
          { name: '黄小明', relation: '子女', idCard: newChildId, keepIdCardOf: 1 },
          { name: '罗美玲', relation: '妻子', keepIdCardOf: 0, annualIncomeFen: 1_200_000 },
          { name: '黄奶奶', relation: '母亲', health: 'chronic' },
        ],
      },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().basic.members).toMatchObject([
      { name: '黄小明', idCard: `4510**********${newChildId.slice(-4)}` },
      {
        name: '罗美玲',
        relation: '妻子',
        idCard: `4510**********${spouseId.slice(-4)}`,
        annualIncomeFen: 1_200_000,
      },
      { name: '黄奶奶', idCard: null, health: 'chronic' },
    ]);
    const pii = await cadre.get(`${BASE}/${a.id}/pii`);
    expect(pii.json().members.map((m: { idCard: string | null }) => m.idCard)).toEqual([
      newChildId,
      spouseId,
      null,
    ]);
    // A position with nothing saved keeps nothing; a bad position is refused with the field named.
    const none = await cadre.patch(`${BASE}/${a.id}`, {
      basic: { members: [{ name: '黄奶奶', relation: '母亲', keepIdCardOf: 2 }] },
    });
    expect(none.json().basic.members[0].idCard).toBeNull();
    const bad = await cadre.patch(`${BASE}/${a.id}`, {
      basic: { members: [{ name: '黄奶奶', relation: '母亲', keepIdCardOf: -1 }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('body.basic.members.0.keepIdCardOf');
  });
});

describe('paired helper', () => {
  it('assigns and changes the helper with history, and notifies them', async () => {
    const a = await create(cadre, { helperUserId: helperUser.id });
    expect(a.helper).toEqual({
      userId: helperUser.id,
      name: '李帮扶',
      phone: '139****0001',
      orgName: '右江区某基层工会',
    });
    const change = await cadre.inject({
      method: 'PUT',
      url: `${BASE}/${a.id}/helper`,
      payload: { userId: helperUser2.id, reason: '原责任人调岗' },
    });
    expect(change.statusCode, change.body).toBe(200);
    expect(change.json().helper.name).toBe('赵帮扶');
    const history = await cadre.get(`${BASE}/${a.id}/helpers`);
    expect(
      history
        .json()
        .items.map((h: { helper: { name: string }; reason: string }) => [h.helper.name, h.reason]),
    ).toEqual([
      ['赵帮扶', '原责任人调岗'],
      ['李帮扶', '建档时指定'],
    ]);
    const helperAgent = await loginAs(t, helperUser2);
    const inbox = await helperAgent.get('/api/v1/notifications');
    expect(inbox.body).toContain('结对帮扶责任人');
    // A Shanghai cadre cannot be the helper, and a worker never.
    const shUser = await buildUser(t, { org: scene.sh, role: 'cadre' });
    const far = await cadre.inject({
      method: 'PUT',
      url: `${BASE}/${a.id}/helper`,
      payload: { userId: shUser.id },
    });
    expect(far.statusCode).toBe(400);
    const filedWithFar = await cadre.post(BASE, archiveBody({ helperUserId: shUser.id }));
    expect(filedWithFar.statusCode).toBe(400);
  });
});

describe('org scoping', () => {
  it("refuses another org's archive with 404 on every route", async () => {
    const a = await toPublicizing();
    const url = `${BASE}/${a.id}`;
    const calls = [
      shCadre.get(url),
      shCadre.get(`${url}/pii`),
      shCadre.patch(url, { housing: null }),
      shCadre.get(`${url}/visits`),
      shCadre.post(`${url}/visits`, { visitDate: '2026-01-01', visitors: 'x', findings: 'y' }),
      shCadre.get(`${url}/helpers`),
      shCadre.inject({ method: 'PUT', url: `${url}/helper`, payload: { userId: helperUser.id } }),
      shCadre.post(`${url}/accept`, {}),
      shCadre.post(`${url}/submit`, {}),
      shCadre.post(`${url}/pass`, {}),
      shCadre.post(`${url}/publicize`, { start: '2026-01-01', end: '2026-01-02' }),
      shCadre.post(`${url}/approve`, {}),
      shCadre.post(`${url}/reject`, { reason: '—' }),
      shCadre.post(`${url}/exit`, { reason: 'retired' }),
      shCadre.get(`/api/v1/timeline/hardship.archive/${a.id}`),
      shCadre.get(`/api/v1/hardship/settings/dibao?orgId=${scene.unionA.id}`),
    ];
    const results = await Promise.all(calls);
    expect(results.map((r) => r.statusCode)).toEqual(results.map(() => 404));
    for (const r of results) expect(r.body).not.toContain('黄桂英');
    // A cadre of a sibling grassroots org below the archive's county is outside too.
    const other = await buildUser(t, { org: scene.unionB, role: 'cadre' });
    expect((await (await loginAs(t, other)).get(url)).statusCode).toBe(404);
    // And nobody can file into another org.
    const into = await shCadre.post(BASE, archiveBody({ orgId: scene.unionA.id }));
    expect(into.statusCode).toBe(404);
    const unauthenticated = await t.app.inject({ method: 'GET', url });
    expect(unauthenticated.statusCode).toBe(401);
  });
});

describe('large lists', () => {
  it('counts up to the cap and says so beyond it, pages still in order', async () => {
    // 10,001 exited archives in 上海某基层工会, written directly (as a migrated province would have).
    await t.database.db.execute(sql`
      insert into hardship_archives (org_id, org_path, state, name, id_card_enc, id_card_hash, id_card_masked,
        sex, birth_date, health, work_status, main_cause, annual_income_fen, household_size,
        per_capita_monthly_fen, dibao_monthly_fen, updated_at)
      select ${scene.unionB.id}, ${scene.unionB.path}, 'exited', '测试' || g, 'x', 'bulk-' || g,
        '3101**********0000', 'male', '1980-01-01', 'healthy', 'employed', 'laidOff', 1200000, 2, 50000,
        85000, now() - make_interval(mins => g)
      from generate_series(1, 10001) g`);
    const big = await shCadre.get(`${BASE}?state=exited&pageSize=20&page=3`);
    expect(big.statusCode).toBe(200);
    expect(big.json()).toMatchObject({ total: ARCHIVE_COUNT_CAP, totalCapped: true, page: 3 });
    const names = (big.json().items as TArchiveListItem[]).map((i) => i.name);
    expect(names).toEqual(Array.from({ length: 20 }, (_, i) => `测试${41 + i}`));
    const small = await shCadre.get(`${BASE}?state=exited&q=${encodeURIComponent('测试10001')}`);
    expect(small.json()).toMatchObject({ total: 1, totalCapped: false });
  });
});
