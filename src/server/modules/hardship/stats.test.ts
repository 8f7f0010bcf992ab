import { and, desc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildOrg,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
  type TestOrg,
} from '../../../../test/app.ts';
import type { HardshipCategory, HardshipCause, TArchive } from '../../../shared/hardship.ts';
import type { THardshipStats } from '../../../shared/hardship-stats.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import { registeredJobs } from '../../platform/jobs/jobs.ts';
import { idCardCheckChar } from '../../platform/pii/pii.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { hardshipArchives, hardshipStatsMeta } from './hardship.table.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let unionC: TestOrg;
let cadre: Agent;
let reviewer: Agent;
let auditor: Agent;
let shCadre: Agent;
let worker: Agent;
let admin: Agent;

const BASE = '/api/v1/hardship/archives';
const STATS = '/api/v1/hardship/stats';
const PERIOD = 'from=2026-01&to=2026-12';

let seq = 0;
function nextId(): string {
  seq += 1;
  const first17 = `45100219800101${String(seq).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

const todayCst = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const dayOffset = (days: number) =>
  new Date(Date.parse(`${todayCst()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function step(agent: Agent, id: number, event: string, body: unknown = {}) {
  const res = await agent.post(`${BASE}/${id}/${event}`, body);
  expect(res.statusCode, `${event}: ${res.body}`).toBe(200);
}

/** Backdate the archive's (only) `event` on its timeline, to place it in a known month. */
async function at(id: number, event: string, iso: string) {
  const rows = await t.database.db
    .update(timelineEvents)
    .set({ at: new Date(iso) })
    .where(
      and(
        eq(timelineEvents.entityType, 'hardship.archive'),
        eq(timelineEvents.entityId, String(id)),
        eq(timelineEvents.event, event),
      ),
    )
    .returning({ id: timelineEvents.id });
  expect(rows).toHaveLength(1);
}

async function applied(org: TestOrg, cause: HardshipCause, category: HardshipCategory): Promise<number> {
  const res = await cadre.post(BASE, {
    orgId: org.id,
    basic: { name: '韦秀兰', idCard: nextId(), health: 'healthy', workStatus: 'laidOff', members: [] },
    causes: { main: cause, secondary: [] },
    income: { annualIncomeFen: 1_200_000, householdSize: 2, category, categoryReason: '核实后确认' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as TArchive).id;
}

async function accepted(org: TestOrg, cause: HardshipCause, category: HardshipCategory) {
  const id = await applied(org, cause, category);
  await step(cadre, id, 'accept');
  return id;
}

async function filed(org: TestOrg, cause: HardshipCause, category: HardshipCategory) {
  const id = await accepted(org, cause, category);
  const v = await cadre.post(`${BASE}/${id}/visits`, {
    visitDate: '2026-01-05',
    visitors: '王干部',
    findings: '属实',
  });
  expect(v.statusCode, v.body).toBe(201);
  await step(cadre, id, 'submit');
  await step(reviewer, id, 'pass');
  await step(cadre, id, 'publicize', { start: '2026-01-06', end: '2026-01-12' });
  await step(reviewer, id, 'approve');
  return id;
}

async function assist(id: number, type: string, date: string, amountFen: number | null) {
  const res = await cadre.post(`${BASE}/${id}/assistance`, {
    type,
    date,
    ...(amountFen === null ? { items: '大米 1 袋' } : { amountFen }),
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** 刷新: recompute the rollups now (the dashboard reads them). */
async function refresh(agent: Agent = admin, body: unknown = {}) {
  const res = await agent.post(`${STATS}/refresh`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { asOf: string; ms: number };
}

async function stats(agent: Agent, query: string): Promise<THardshipStats> {
  const res = await agent.get(`${STATS}?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as THardshipStats;
}

let a1: number;
let c1: number;

/**
 * The known dataset, in two sibling grassroots unions under 右江区总工会:
 *   基层工会A: A1 filed (deep, 下岗失业); A2 filed then exited; A3 filed, exited and re-entered
 *              (now applied); A4 applied.
 *   基层工会C: C1 filed (relative, 患重特大疾病); C2 accepted; C3 rejected before acceptance.
 * Timeline events are moved to known months of 2026 (Beijing time).
 */
beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  unionC = await buildOrg(t, { name: '右江区某基层工会C', type: 'grassroots', parent: scene.yj });
  cadre = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'cadre', displayName: '王干部' }));
  reviewer = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'reviewer' }));
  auditor = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'auditor' }));
  shCadre = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'cadre' }));
  worker = await loginAs(t, await buildUser(t, { org: scene.unionA, role: 'worker' }));
  admin = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'admin' }));

  const A = scene.unionA;
  a1 = await filed(A, 'laidOff', 'deep');
  await at(a1, 'accept', '2026-01-10T10:00:00+08:00');
  await at(a1, 'approve', '2026-02-15T10:00:00+08:00');
  await assist(a1, 'living', '2026-03-10', 50_000);
  await assist(a1, 'warmth', '2026-01-20', 20_000);
  await assist(a1, 'warmth', '2026-01-21', null);

  const a2 = await filed(A, 'unemployedAble', 'relative');
  await assist(a2, 'schooling', '2025-12-30', 30_000); // before the period
  await step(cadre, a2, 'exit', { reason: 'incomeMet' });
  await at(a2, 'accept', '2026-01-12T10:00:00+08:00');
  await at(a2, 'approve', '2026-02-20T10:00:00+08:00');
  await at(a2, 'exit', '2026-06-10T10:00:00+08:00');

  const a3 = await filed(A, 'accident', 'accident');
  await step(cadre, a3, 'exit', { reason: 'incomeMet' });
  await step(cadre, a3, 'reenter');
  await at(a3, 'accept', '2025-12-20T10:00:00+08:00'); // accepted before the period
  await at(a3, 'approve', '2026-01-05T10:00:00+08:00');
  // 01:00 on 1 April in Beijing is still 31 March in UTC: counts in April.
  await at(a3, 'exit', '2026-04-01T01:00:00+08:00');
  await at(a3, 'reenter', '2026-07-10T10:00:00+08:00');

  await applied(A, 'schooling', 'deep');

  const C = unionC;
  c1 = await filed(C, 'seriousIllness', 'relative');
  await at(c1, 'accept', '2026-03-01T10:00:00+08:00');
  await at(c1, 'approve', '2026-04-01T01:00:00+08:00');
  await assist(c1, 'medical', '2026-03-05', 100_000);

  const c2 = await accepted(C, 'laidOff', 'deep');
  await at(c2, 'accept', '2026-05-05T10:00:00+08:00');

  const c3 = await applied(C, 'laidOff', 'deep');
  await step(cadre, c3, 'reject', { reason: '材料不实' });

  // Yearly reviews: A1 overdue, C1 due in 10 days.
  await t.database.db
    .update(hardshipArchives)
    .set({ reviewDue: dayOffset(-1) })
    .where(eq(hardshipArchives.id, a1));
  await t.database.db
    .update(hardshipArchives)
    .set({ reviewDue: dayOffset(10) })
    .where(eq(hardshipArchives.id, c1));
});
afterAll(async () => {
  await t.close();
});

describe('帮扶统计 GET /hardship/stats', () => {
  it('counts the subtree exactly: stocks, per child org, flows per month, assistance, rates, reviews', async () => {
    const s = await stats(cadre, PERIOD);
    expect(s.org).toEqual({ id: scene.yj.id, name: scene.yj.name });
    expect(s.path).toEqual([{ id: scene.yj.id, name: scene.yj.name }]);
    expect(s.period.from).toBe('2026-01');
    expect(s.period.to).toBe('2026-12');
    expect(s.period.months).toHaveLength(12);

    expect(s.totals.total).toBe(7);
    expect(s.totals.byState).toEqual({
      applied: 2,
      accepted: 1,
      reviewing: 0,
      reviewed: 0,
      publicizing: 0,
      filed: 2,
      rejected: 1,
      exited: 1,
    });
    expect(s.totals.byCategory).toEqual({ deep: 1, relative: 1, accident: 0, none: 0 });
    expect(s.totals.byMainCause).toMatchObject({ laidOff: 1, seriousIllness: 1, accident: 0, schooling: 0 });
    expect(Object.values(s.totals.byMainCause).reduce((x, y) => x + y, 0)).toBe(2);

    // Per direct child: no archive at 右江区 itself, so no 本级 row; C's subtree and A's.
    expect(s.children.map((c) => [c.org.id, c.self, c.total])).toEqual([
      [scene.unionA.id, false, 4],
      [unionC.id, false, 3],
    ]);
    const [a, c] = s.children;
    expect(a?.byState).toMatchObject({ applied: 2, filed: 1, exited: 1, accepted: 0 });
    expect(a?.byCategory).toEqual({ deep: 1, relative: 0, accident: 0, none: 0 });
    expect(a?.byMainCause).toMatchObject({ laidOff: 1, seriousIllness: 0 });
    expect(a?.overdueReviews).toBe(1);
    expect(c?.byState).toMatchObject({ accepted: 1, filed: 1, rejected: 1, applied: 0 });
    expect(c?.byCategory).toEqual({ deep: 0, relative: 1, accident: 0, none: 0 });
    expect(c?.byMainCause).toMatchObject({ seriousIllness: 1, laidOff: 0 });
    expect(c?.overdueReviews).toBe(0);

    const month = (m: string) => s.flows.byMonth.find((f) => f.month === m);
    expect(month('2026-01')).toEqual({ month: '2026-01', accepted: 2, filed: 1, exited: 0, reentered: 0 });
    expect(month('2026-02')).toEqual({ month: '2026-02', accepted: 0, filed: 2, exited: 0, reentered: 0 });
    expect(month('2026-03')).toEqual({ month: '2026-03', accepted: 1, filed: 0, exited: 0, reentered: 0 });
    expect(month('2026-04')).toEqual({ month: '2026-04', accepted: 0, filed: 1, exited: 1, reentered: 0 });
    expect(month('2026-05')).toEqual({ month: '2026-05', accepted: 1, filed: 0, exited: 0, reentered: 0 });
    expect(month('2026-06')).toEqual({ month: '2026-06', accepted: 0, filed: 0, exited: 1, reentered: 0 });
    expect(month('2026-07')).toEqual({ month: '2026-07', accepted: 0, filed: 0, exited: 0, reentered: 1 });
    expect(s.flows.totals).toEqual({ accepted: 4, filed: 4, exited: 2, reentered: 1 });

    expect(s.assistance.total).toEqual({ count: 4, amountFen: 170_000 });
    const type = (k: string) => s.assistance.byType.find((x) => x.type === k);
    expect(type('living')).toEqual({ type: 'living', count: 1, amountFen: 50_000 });
    expect(type('warmth')).toEqual({ type: 'warmth', count: 2, amountFen: 20_000 });
    expect(type('medical')).toEqual({ type: 'medical', count: 1, amountFen: 100_000 });
    expect(type('schooling')).toEqual({ type: 'schooling', count: 0, amountFen: 0 });
    expect(s.assistance.byType).toHaveLength(8);
    const jan = s.assistance.byMonth.find((m) => m.month === '2026-01');
    const mar = s.assistance.byMonth.find((m) => m.month === '2026-03');
    expect(jan).toMatchObject({
      count: 2,
      amountFen: 20_000,
      amountFenByType: { warmth: 20_000, living: 0 },
    });
    expect(mar).toMatchObject({
      count: 2,
      amountFen: 150_000,
      amountFenByType: { living: 50_000, medical: 100_000 },
    });

    // Coverage: acceptances in 2026 A1, A2, C1, C2 (A3 in 2025); filed since: A1, A2, C1.
    expect(s.rates.coverage).toMatchObject({ value: 0.75, numerator: 3, denominator: 4 });
    expect(s.rates.coverage.definition).toContain('受理');
    // On file at 1 Jan 2026: none; filed in the period 4 (A3, A1, A2, C1); exited 2.
    expect(s.rates.exitRate).toMatchObject({ value: 0.5, numerator: 2, denominator: 4 });
    // Exited at 1 Jan: none; exited in the period 2; re-entered 1.
    expect(s.rates.reentryRate).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
    expect(s.reviews).toEqual({ overdue: 1, within30: 1 });
  });

  it('rolls stocks back to the start of a later period', async () => {
    // From May: on file at 1 May = A1, A2, C1 (A3 exited in April); exited then = A3.
    const s = await stats(cadre, 'from=2026-05&to=2026-12');
    expect(s.flows.totals).toEqual({ accepted: 1, filed: 0, exited: 1, reentered: 1 });
    expect(s.rates.exitRate).toMatchObject({ numerator: 1, denominator: 3 });
    expect(s.rates.reentryRate).toMatchObject({ numerator: 1, denominator: 2 });
    expect(s.rates.coverage).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    expect(s.assistance.total).toEqual({ count: 0, amountFen: 0 });
    // Stocks are as of today whatever the period.
    expect(s.totals.total).toBe(7);
  });

  it('drills down into one child org: only its figures, with the path back up', async () => {
    const s = await stats(auditor, `orgId=${unionC.id}&${PERIOD}`);
    expect(s.org.id).toBe(unionC.id);
    expect(s.path.map((o) => o.id)).toEqual([scene.yj.id, unionC.id]);
    expect(s.totals.total).toBe(3);
    expect(s.totals.byState).toMatchObject({ accepted: 1, filed: 1, rejected: 1, applied: 0, exited: 0 });
    expect(s.children).toHaveLength(1);
    expect(s.children[0]).toMatchObject({ self: true, total: 3, org: { id: unionC.id } });
    expect(s.flows.totals).toEqual({ accepted: 2, filed: 1, exited: 0, reentered: 0 });
    expect(s.assistance.total).toEqual({ count: 1, amountFen: 100_000 });
    expect(s.rates.coverage).toMatchObject({ numerator: 1, denominator: 2 });
    expect(s.reviews).toEqual({ overdue: 0, within30: 1 });
  });

  it('counts the whole platform for the top org with the same figures', async () => {
    const national = await loginAs(t, await buildUser(t, { org: scene.root, role: 'admin' }));
    const s = await stats(national, PERIOD);
    expect(s.totals.total).toBe(7);
    expect(s.flows.totals).toEqual({ accepted: 4, filed: 4, exited: 2, reentered: 1 });
    expect(s.assistance.total).toEqual({ count: 4, amountFen: 170_000 });
    expect(s.rates.coverage).toMatchObject({ numerator: 3, denominator: 4 });
    // Drill-down per province: 广西 holds all of it, 上海 (no archives) is listed with zeros.
    expect(s.children.map((c) => [c.org.id, c.total])).toEqual([
      [scene.gx.id, 7],
      [scene.sh.id, 0],
    ]);
  });

  it('defaults to the caller’s org and the last 12 months', async () => {
    const s = await stats(cadre, '');
    const now = todayCst().slice(0, 7);
    expect(s.org.id).toBe(scene.yj.id);
    expect(s.period.to).toBe(now);
    expect(s.period.months).toHaveLength(12);
    expect(s.period.months.at(-1)).toBe(now);
    // The figures are as of the last refresh of the rollups: computed on the first request here.
    expect(Date.now() - Date.parse(s.asOf)).toBeGreaterThanOrEqual(0);
    expect(Date.now() - Date.parse(s.asOf)).toBeLessThan(3_600_000);
  });

  it('refuses other orgs’ subtrees (404), roles without the right (403) and bad queries (400)', async () => {
    expect((await shCadre.get(`${STATS}?orgId=${scene.unionA.id}`)).statusCode).toBe(404);
    expect((await shCadre.get(`${STATS}/export?orgId=${scene.yj.id}`)).statusCode).toBe(404);
    // Above one's own org is another subtree too.
    expect((await cadre.get(`${STATS}?orgId=${scene.bs.id}`)).statusCode).toBe(404);
    expect((await cadre.get(`${STATS}?orgId=999999`)).statusCode).toBe(404);
    expect((await worker.get(STATS)).statusCode).toBe(403);
    // The other province sees none of this subtree's figures in its own.
    const sh = await stats(shCadre, PERIOD);
    expect(sh.totals.total).toBe(0);
    expect(sh.assistance.total.count).toBe(0);
    expect(sh.flows.totals.filed).toBe(0);

    for (const q of [
      'from=2026-13',
      'to=2026-1',
      'from=2026-06&to=2026-01',
      'from=2020-01&to=2026-12',
      'orgId=abc',
    ]) {
      const res = await cadre.get(`${STATS}?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.message).toBeTruthy();
    }
    const res = await cadre.get(`${STATS}?from=2026-06&to=2026-01`);
    expect(JSON.stringify(res.json().error)).toContain('起始月份不能晚于结束月份');
  });

  it('exports the figures to a workbook, one sheet per block, and audits the export', async () => {
    const res = await cadre.get(`${STATS}/export?${PERIOD}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('帮扶统计'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '概况',
      '按组织',
      '按状态',
      '在档按类别',
      '在档按致困原因',
      '建档解档返困按月',
      '帮扶救助按类型',
      '帮扶救助按月',
    ]);
    const rowsOf = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)?.eachRow((row) => {
        out.push((row.values as unknown[]).slice(1));
      });
      return out;
    };
    const summary = rowsOf('概况');
    expect(summary[0]).toEqual(['指标', '数值', '说明']);
    expect(summary.find((r) => r[0] === '在档户数')?.[1]).toBe(2);
    expect(summary.find((r) => r[0] === '覆盖率')?.[1]).toBe('75.0%');
    expect(summary.find((r) => r[0] === '逾期复核')?.[1]).toBe(1);
    expect(summary.find((r) => r[0] === '帮扶救助金额（元）')?.[1]).toBe(1700);

    const byOrg = rowsOf('按组织');
    expect(byOrg[0]?.[0]).toBe('组织');
    expect(byOrg[0]?.[1]).toBe('档案总数');
    expect(byOrg.slice(1).map((r) => [r[0], r[1]])).toEqual([
      [scene.unionA.name, 4],
      [unionC.name, 3],
      ['合计', 7],
    ]);
    const byType = rowsOf('帮扶救助按类型');
    expect(byType.find((r) => r[0] === '医疗救助')).toEqual(['医疗救助', 1, 1000]);
    expect(byType.at(-1)).toEqual(['合计', 4, 1700]);
    const flows = rowsOf('建档解档返困按月');
    expect(flows[0]).toEqual(['月份', '受理', '新建档', '解档', '返困']);
    expect(flows.find((r) => r[0] === '2026-04')).toEqual(['2026-04', 0, 1, 1, 0]);

    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'hardship.stats.export'));
    expect(audit).toMatchObject({ entityType: 'org', entityId: String(scene.yj.id) });
  });

  it('counts an archive moved to another org under its new org', async () => {
    // Stocks and flows follow the archive's current org (行走式数据链): move C1 into 基层工会A.
    await t.database.db
      .update(hardshipArchives)
      .set({ orgId: scene.unionA.id, orgPath: scene.unionA.path })
      .where(eq(hardshipArchives.id, c1));
    try {
      await refresh();
      const s = await stats(cadre, `orgId=${scene.unionA.id}&${PERIOD}`);
      expect(s.totals.byState.filed).toBe(2);
      expect(s.flows.totals.filed).toBe(4);
      expect(s.assistance.total).toEqual({ count: 4, amountFen: 170_000 });
    } finally {
      await t.database.db
        .update(hardshipArchives)
        .set({ orgId: unionC.id, orgPath: unionC.path })
        .where(eq(hardshipArchives.id, c1));
      await refresh();
    }
    const back = await stats(cadre, `orgId=${scene.unionA.id}&${PERIOD}`);
    expect(back.totals.byState.filed).toBe(1);
  });

  it('refreshes on request (admins, own subtree only, audited): figures show a change made after the last refresh', async () => {
    const before = await stats(cadre, PERIOD);
    await assist(c1, 'medical', '2026-08-08', 12_300);
    // The dashboard reads the rollups: the new record is not counted until the next refresh.
    const stale = await stats(cadre, PERIOD);
    expect(stale.assistance.total).toEqual(before.assistance.total);
    expect(stale.asOf).toBe(before.asOf);

    const r = await refresh(admin, { orgId: unionC.id });
    expect(Date.parse(r.asOf)).toBeGreaterThan(Date.parse(before.asOf));
    const after = await stats(cadre, PERIOD);
    expect(after.asOf).toBe(r.asOf);
    expect(after.assistance.total).toEqual({ count: 5, amountFen: 182_300 });
    expect(after.assistance.byMonth.find((m) => m.month === '2026-08')).toMatchObject({
      count: 1,
      amountFen: 12_300,
      amountFenByType: { medical: 12_300 },
    });
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'hardship.stats.refresh'))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(audit).toMatchObject({ entityType: 'org', entityId: String(unionC.id) });

    // Not an admin: 403; another province's admin, or above one's own org: 404; bad body: 400.
    expect((await cadre.post(`${STATS}/refresh`, {})).statusCode).toBe(403);
    expect((await auditor.post(`${STATS}/refresh`, {})).statusCode).toBe(403);
    const shAdmin = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'admin' }));
    expect((await shAdmin.post(`${STATS}/refresh`, { orgId: scene.yj.id })).statusCode).toBe(404);
    expect((await admin.post(`${STATS}/refresh`, { orgId: scene.gx.id })).statusCode).toBe(404);
    expect((await admin.post(`${STATS}/refresh`, { orgId: 'abc' })).statusCode).toBe(400);
    expect((await stats(cadre, PERIOD)).asOf).toBe(r.asOf);
  });

  it('two refreshes at once both finish, one after the other, with the same figures', async () => {
    const [x, y] = await Promise.all([refresh(), refresh()]);
    expect(x.asOf).not.toBe(y.asOf);
    const s = await stats(cadre, PERIOD);
    expect([x.asOf, y.asOf]).toContain(s.asOf);
    expect(s.totals.total).toBe(7);
    expect(s.assistance.total).toEqual({ count: 5, amountFen: 182_300 });
    expect(s.flows.totals).toEqual({ accepted: 4, filed: 4, exited: 2, reentered: 1 });
  });

  it('answers with figures older than an hour as they are, and recomputes them in the background', async () => {
    const old = new Date(Date.now() - 2 * 3_600_000);
    await t.database.db.update(hardshipStatsMeta).set({ refreshedAt: old });
    // The old figures or (PGlite has one connection: the refresh may run first) the new ones.
    const s = await stats(cadre, PERIOD);
    expect(s.totals.total).toBe(7);
    expect(Date.parse(s.asOf)).toBeGreaterThanOrEqual(old.getTime());
    await expect
      .poll(async () => Date.parse((await stats(cadre, PERIOD)).asOf), { timeout: 20_000 })
      .toBeGreaterThan(Date.now() - 60_000);
  });

  it('is refreshed by the refresh-hardship-stats job every 10 minutes', async () => {
    const job = registeredJobs().find((j) => j.name === 'refresh-hardship-stats');
    expect(job).toMatchObject({ schedule: '*/10 * * * *', timezone: 'Asia/Shanghai' });
    const before = await stats(cadre, PERIOD);
    await assist(a1, 'living', '2026-09-09', 1_000);
    const out = (await job?.handler(t.app.deps, {})) as { refreshedAt: string };
    const after = await stats(cadre, PERIOD);
    expect(after.asOf).toBe(out.refreshedAt);
    expect(after.assistance.total.count).toBe(before.assistance.total.count + 1);
    expect(after.assistance.total.amountFen).toBe(before.assistance.total.amountFen + 1_000);
  });
});
