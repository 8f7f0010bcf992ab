import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import type { TProposalStats } from '../../../shared/proposal-stats.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import { buildProposalsScene, type ProposalsScene, type SceneRep } from './proposals.fixture.ts';
import { appeals, proposals, referrals, representatives } from './proposals.table.ts';
import { proposalStatsPeriod } from './stats.service.ts';

/**
 * 云履职统计: a known set of proposals, appeals and referrals inserted straight into the tables with exact
 * Beijing times (the figures depend only on states, kinds, units and times), then every figure computed
 * by hand (see the comments next to the rows): totals and rates, categories, states, handling units,
 * satisfaction, referrals, per congress, per month; the period's edges (Beijing midnight), the congress
 * filter, scoping and refusals, bad input, and the export.
 */

let t: TestApp;
let s: ProposalsScene;
const STATS = '/api/v1/proposals/stats';
const SPRING = 'from=2026-03-01&to=2026-05-31';
/** A Beijing wall-clock time. */
const bj = (local: string) => new Date(`${local}+08:00`);
const FAR = bj('2099-01-01T00:00:00');
let seq = 0;

type ProposalRow = typeof proposals.$inferInsert;
async function proposal(
  rep: SceneRep,
  over: Partial<ProposalRow> & Pick<ProposalRow, 'state' | 'kind' | 'category'>,
  congress: { id: number; orgId: number; orgPath: string } = {
    id: s.congressId,
    orgId: s.township.id,
    orgPath: s.township.path,
  },
) {
  seq += 1;
  const [row] = await t.database.db
    .insert(proposals)
    .values({
      code: `TA-T-${seq}`,
      congressId: congress.id,
      orgId: congress.orgId,
      orgPath: congress.orgPath,
      requestedKind: over.kind,
      title: `测试提案 ${seq}`,
      reasons: '理由写得足够长，十个字以上',
      request: '建议写得足够长，十个字以上',
      proposerRepId: rep.repId,
      proposerUserId: rep.user.id,
      cosignThreshold: 2,
      ...over,
    })
    .returning({ id: proposals.id });
  if (!row) throw new Error('proposal insert failed');
  return row.id;
}

type AppealRow = typeof appeals.$inferInsert;
async function appeal(over: Partial<AppealRow> & Pick<AppealRow, 'state' | 'category' | 'createdAt'>) {
  seq += 1;
  const [row] = await t.database.db
    .insert(appeals)
    .values({
      code: `YS-T-${seq}`,
      orgId: s.township.id,
      orgPath: s.township.path,
      kind: 'appeal',
      title: `测试诉求 ${seq}`,
      text: '诉求内容写得足够长，十个字以上',
      authorUserId: s.worker.user.id,
      authorOrgId: s.textile.id,
      ...over,
    })
    .returning({ id: appeals.id });
  if (!row) throw new Error('appeal insert failed');
  return row.id;
}

async function referral(
  appealId: number,
  over: Pick<typeof referrals.$inferInsert, 'mode' | 'state' | 'createdAt' | 'dueAt' | 'answeredAt'>,
) {
  seq += 1;
  await t.database.db.insert(referrals).values({
    code: `ZB-T-${seq}`,
    appealId,
    orgId: s.township.id,
    orgPath: s.township.path,
    partnerOrgId: s.governance.id,
    payload: {},
    ...over,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  s = await buildProposalsScene(t);
  const { rep1, rep2, rep3 } = s;
  // rep4 left the congress: not counted among the active representatives.
  await t.database.db
    .update(representatives)
    .set({ active: false })
    .where(eq(representatives.id, s.rep4.repId));

  // ---- proposals and suggestions of the township's congress, submitted in March–May 2026 (Beijing)
  // P1 proposal 子女, closed 满意, lead textile, on time; closed 04-10.
  await proposal(rep1, {
    kind: 'proposal',
    category: 'children',
    state: 'closed',
    submittedAt: bj('2026-03-02T10:00:00'),
    leadOrgId: s.textile.id,
    repliedOnTime: true,
    satisfaction: 'satisfied',
    closedAt: bj('2026-04-10T09:00:00'),
  });
  // P2 proposal 培训, submitted 03-31 23:30 Beijing (still March), reopened, closed 不满意, late; 05-20.
  await proposal(rep1, {
    kind: 'proposal',
    category: 'training',
    state: 'closed',
    submittedAt: bj('2026-03-31T23:30:00'),
    leadOrgId: s.machine.id,
    repliedOnTime: false,
    reopenCount: 1,
    satisfaction: 'unsatisfied',
    closedAt: bj('2026-05-20T09:00:00'),
  });
  // P3 suggestion 子女, handling by textile, due 05-05: overdue now.
  await proposal(rep1, {
    kind: 'suggestion',
    requestedKind: 'proposal',
    category: 'children',
    state: 'handling',
    submittedAt: bj('2026-04-05T10:00:00'),
    leadOrgId: s.textile.id,
    dueAt: bj('2026-05-05T23:59:59'),
    handleDueAt: bj('2026-05-05T23:59:59'),
  });
  // P4 suggestion 安全, replied on time by textile, waiting for the rating (due far ahead).
  await proposal(rep2, {
    kind: 'suggestion',
    category: 'safety',
    state: 'feedback',
    submittedAt: bj('2026-04-20T10:00:00'),
    leadOrgId: s.textile.id,
    repliedOnTime: true,
    dueAt: FAR,
  });
  // P5 proposal 工资, withdrawn.
  await proposal(rep1, {
    kind: 'proposal',
    category: 'wages',
    state: 'withdrawn',
    submittedAt: bj('2026-05-01T10:00:00'),
  });
  // P6 proposal 子女, waiting for review (not overdue).
  await proposal(rep2, {
    kind: 'proposal',
    category: 'children',
    state: 'submitted',
    submittedAt: bj('2026-05-30T10:00:00'),
    dueAt: FAR,
  });
  // P7 suggestion 福利, closed unrated, machine on time; 05-25.
  await proposal(rep3, {
    kind: 'suggestion',
    category: 'welfare',
    state: 'closed',
    submittedAt: bj('2026-03-15T10:00:00'),
    leadOrgId: s.machine.id,
    repliedOnTime: true,
    closedAt: bj('2026-05-25T09:00:00'),
  });
  // Outside the period: P8 submitted 02-28 23:59 Beijing, closed 03-05 (a March closing in the trend);
  // P9 submitted 06-01 00:00 Beijing; a draft (never submitted).
  await proposal(rep1, {
    kind: 'proposal',
    category: 'children',
    state: 'closed',
    submittedAt: bj('2026-02-28T23:59:00'),
    leadOrgId: s.textile.id,
    repliedOnTime: true,
    satisfaction: 'satisfied',
    closedAt: bj('2026-03-05T09:00:00'),
  });
  await proposal(rep1, {
    kind: 'proposal',
    category: 'children',
    state: 'submitted',
    submittedAt: bj('2026-06-01T00:00:00'),
    dueAt: FAR,
  });
  await proposal(rep1, { kind: 'proposal', category: 'children', state: 'draft' });
  // The other township's congress: P11, counted only for the city.
  await proposal(
    s.otherRep,
    { kind: 'proposal', category: 'wages', state: 'submitted', submittedAt: bj('2026-04-01T10:00:00') },
    { id: s.otherCongressId, orgId: s.otherTownship.id, orgPath: s.otherTownship.path },
  );

  // ---- appeals to the township, posted in March–May
  await appeal({
    category: 'children',
    state: 'closed',
    createdAt: bj('2026-03-03T10:00:00'),
    handlerOrgId: s.textile.id,
    repliedAt: bj('2026-03-15T10:00:00'),
    satisfaction: 'satisfied',
    supportCount: 3,
    closedAt: bj('2026-03-20T10:00:00'),
  }); // A1
  await appeal({
    category: 'training',
    state: 'handling',
    createdAt: bj('2026-04-01T10:00:00'),
    handlerOrgId: s.machine.id,
    dueAt: bj('2026-04-10T23:59:59'),
    supportCount: 1,
  }); // A2 overdue
  await appeal({
    category: 'children',
    state: 'to_proposal',
    createdAt: bj('2026-04-02T10:00:00'),
    supportCount: 5,
  });
  await appeal({ category: 'other', state: 'merged', createdAt: bj('2026-04-03T10:00:00') });
  await appeal({ category: 'safety', state: 'withdrawn', createdAt: bj('2026-05-02T10:00:00') });
  const a6 = await appeal({ category: 'welfare', state: 'referred', createdAt: bj('2026-05-03T10:00:00') });
  await appeal({
    category: 'wages',
    state: 'open',
    createdAt: bj('2026-05-10T10:00:00'),
    dueAt: bj('2026-05-13T23:59:59'),
  }); // A7 overdue
  await appeal({
    kind: 'suggestion',
    category: 'welfare',
    state: 'closed',
    createdAt: bj('2026-03-10T10:00:00'),
    handlerOrgId: s.township.id,
    repliedAt: bj('2026-05-30T10:00:00'),
    satisfaction: 'basically',
    closedAt: bj('2026-06-02T10:00:00'),
  }); // A8, closed in June
  // Outside the period: A9 posted in February, closed 03-02 (a March closing); two referred in January.
  await appeal({
    category: 'children',
    state: 'closed',
    createdAt: bj('2026-02-27T10:00:00'),
    handlerOrgId: s.textile.id,
    repliedAt: bj('2026-03-01T10:00:00'),
    satisfaction: 'satisfied',
    closedAt: bj('2026-03-02T10:00:00'),
  });
  const old1 = await appeal({ category: 'other', state: 'referred', createdAt: bj('2026-01-10T10:00:00') });
  const old2 = await appeal({ category: 'other', state: 'referred', createdAt: bj('2026-01-11T10:00:00') });
  // Another township's appeal in the period.
  await appeal({
    category: 'children',
    state: 'open',
    createdAt: bj('2026-04-01T10:00:00'),
    orgId: s.otherTownship.id,
    orgPath: s.otherTownship.path,
    authorUserId: s.otherWorker.user.id,
    authorOrgId: s.otherUnit.id,
  });

  // ---- referrals made in the period: R1 manual answered on time, R2 api answered late, R3 undeliverable.
  await referral(a6, {
    mode: 'manual',
    state: 'answered',
    createdAt: bj('2026-05-03T12:00:00'),
    dueAt: bj('2026-05-18T23:59:59'),
    answeredAt: bj('2026-05-10T10:00:00'),
  });
  await referral(old1, {
    mode: 'api',
    state: 'answered',
    createdAt: bj('2026-04-15T12:00:00'),
    dueAt: bj('2026-04-30T23:59:59'),
    answeredAt: bj('2026-05-05T10:00:00'),
  });
  await referral(old2, {
    mode: 'api',
    state: 'undeliverable',
    createdAt: bj('2026-05-20T12:00:00'),
    dueAt: bj('2026-06-04T23:59:59'),
    answeredAt: null,
  });
}, 60_000);
afterAll(async () => {
  await t.close();
});

async function stats(agent: ProposalsScene['cadre']['agent'], query: string): Promise<TProposalStats> {
  const res = await agent.get(`${STATS}?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('云履职统计 GET /proposals/stats', () => {
  it('counts the township by hand: totals, rates, satisfaction', async () => {
    const r = await stats(s.cadre.agent, SPRING);
    expect(r.from).toBe('2026-03-01');
    expect(r.to).toBe('2026-05-31');
    expect(r.org).toEqual({ id: s.township.id, name: '林埭镇总工会' });
    expect(r.congress).toBeNull();
    expect(r.totals).toEqual({
      proposals: 4, // P1 P2 P5 P6
      suggestions: 3, // P3 P4 P7
      closed: 3, // P1 P2 P7
      closureRate: 0.5, // 3 / (7 − 1 withdrawn)
      replied: 4, // P1 P2 P4 P7
      repliedOnTime: 3,
      onTimeRate: 0.75,
      overdue: 1, // P3
      reopened: 1, // P2
      appeals: 8, // A1–A8
      appealsClosed: 2, // A1 A8
      appealClosureRate: 0.4, // 2 / (8 − withdrawn − merged − to_proposal)
      appealsOverdue: 2, // A2 handling, A7 open
      appealSupports: 9,
      referrals: 3,
      referralsAnswered: 2,
      referralOnTimeRate: 0.5,
    });
    expect(r.satisfaction).toEqual({
      proposals: { satisfied: 1, basically: 0, unsatisfied: 1, rate: 0.5 }, // P7 closed unrated: not rated
      appeals: { satisfied: 1, basically: 1, unsatisfied: 0, rate: 1 },
    });
  });

  it('splits by category, state, handling unit and referral', async () => {
    const r = await stats(s.cadre.agent, SPRING);
    const cat = Object.fromEntries(
      r.byCategory.map((c) => [c.category, [c.proposals, c.suggestions, c.appeals]]),
    );
    expect(cat).toEqual({
      employment: [0, 0, 0],
      wages: [1, 0, 1],
      rights: [0, 0, 0],
      safety: [0, 1, 1],
      children: [2, 1, 2],
      training: [1, 0, 1],
      welfare: [0, 1, 2],
      culture: [0, 0, 0],
      democracy: [0, 0, 0],
      other: [0, 0, 1],
    });
    const st = Object.fromEntries(r.byState.map((b) => [b.state, [b.proposals, b.suggestions]]));
    expect(st).toEqual({
      submitted: [1, 0],
      returned: [0, 0],
      filed: [0, 0],
      handling: [0, 1],
      replied: [0, 0],
      feedback: [0, 1],
      closed: [2, 1],
      withdrawn: [1, 0],
    });
    expect(Object.fromEntries(r.appealsByState.map((b) => [b.state, b.count]))).toEqual({
      open: 1,
      handling: 1,
      replied: 0,
      closed: 2,
      merged: 1,
      to_proposal: 1,
      referred: 1,
      withdrawn: 1,
    });
    expect(r.byOrg).toEqual([
      {
        org: { id: s.textile.id, name: s.textile.name },
        proposals: 3, // P1 P3 P4
        appeals: 1, // A1
        replied: 3,
        repliedOnTime: 2,
        closed: 2,
        overdue: 1,
      },
      {
        org: { id: s.machine.id, name: s.machine.name },
        proposals: 2, // P2 P7
        appeals: 1, // A2
        replied: 2,
        repliedOnTime: 1,
        closed: 2,
        overdue: 1,
      },
      {
        org: { id: s.township.id, name: s.township.name },
        proposals: 0,
        appeals: 1, // A8
        replied: 1,
        repliedOnTime: 0,
        closed: 1,
        overdue: 0,
      },
    ]);
    expect(r.referrals).toEqual({
      byMode: [
        { mode: 'api', count: 2 },
        { mode: 'manual', count: 1 },
      ],
      byState: [
        { state: 'queued', count: 0 },
        { state: 'delivered', count: 0 },
        { state: 'accepted', count: 0 },
        { state: 'in_progress', count: 0 },
        { state: 'answered', count: 2 },
        { state: 'undeliverable', count: 1 },
      ],
    });
  });

  it('gives the congress term and the monthly trend (closings by their own month)', async () => {
    const r = await stats(s.cadre.agent, SPRING);
    expect(r.byCongress).toEqual([
      expect.objectContaining({
        congress: { id: s.congressId, name: '林埭镇总工会第一届会员代表大会' },
        termNo: 1,
        termStart: '2026-01-01',
        termEnd: '2030-12-31',
        representatives: 3, // rep4 inactive
        activeProposers: 3, // rep1 rep2 rep3
        proposals: 4,
        suggestions: 3,
        closed: 3,
        closureRate: 0.5,
      }),
    ]);
    expect(r.monthly).toEqual([
      // P1 P2 (03-31 23:30 Beijing) | P7 | A1 A8 | P8 closed 03-05 | A1, A9 closed in March
      { month: '2026-03', proposals: 2, suggestions: 1, appeals: 2, closed: 1, appealsClosed: 2 },
      { month: '2026-04', proposals: 0, suggestions: 2, appeals: 3, closed: 1, appealsClosed: 0 },
      { month: '2026-05', proposals: 2, suggestions: 0, appeals: 3, closed: 2, appealsClosed: 0 },
    ]);
  });

  it('moves with the period: Beijing midnight edges, every month listed', async () => {
    // 06-01 00:00 Beijing belongs to June: P9 only when June is asked for.
    const june = await stats(s.cadre.agent, 'from=2026-06-01&to=2026-06-30');
    expect(june.totals.proposals).toBe(1);
    expect(june.monthly).toEqual([
      { month: '2026-06', proposals: 1, suggestions: 0, appeals: 0, closed: 0, appealsClosed: 1 },
    ]);
    // 02-28 23:59 Beijing is February, whatever the UTC day.
    const feb = await stats(s.cadre.agent, 'from=2026-02-28&to=2026-02-28');
    expect(feb.totals.proposals).toBe(1);
    const wide = await stats(s.cadre.agent, 'from=2026-01-15&to=2026-04-01');
    expect(wide.monthly.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    expect(wide.totals.appeals).toBe(4); // A9, A1, A8, A2 (04-01); old1 old2 were posted before 01-15
  });

  it('the city admin sees both townships; a congress filter narrows to one congress', async () => {
    const city = await stats(s.cityAdmin.agent, SPRING);
    expect(city.totals.proposals).toBe(5); // + P11
    expect(city.totals.appeals).toBe(9); // + the other township's
    expect(city.byCongress.map((c) => [c.congress.id, c.proposals, c.representatives])).toEqual([
      [s.congressId, 4, 3],
      [s.otherCongressId, 1, 1],
    ]);
    const other = await stats(s.cityAdmin.agent, `${SPRING}&congressId=${s.otherCongressId}`);
    expect(other.org.id).toBe(s.otherTownship.id);
    expect(other.congress?.id).toBe(s.otherCongressId);
    expect([other.totals.proposals, other.totals.appeals, other.totals.referrals]).toEqual([1, 1, 0]);
    expect(other.byCongress).toHaveLength(1);
    const mine = await stats(s.cadre.agent, `${SPRING}&congressId=${s.congressId}`);
    expect(mine.totals.proposals).toBe(4);
    expect(mine.totals.appeals).toBe(8);
    // The reviewer and the auditor read the figures too.
    expect((await stats(s.reviewer.agent, SPRING)).totals.suggestions).toBe(3);
    expect((await stats(s.auditor.agent, `${SPRING}&orgId=${s.township.id}`)).totals.suggestions).toBe(3);
  });

  it('refuses members, partners and other orgs; a handling unit sees only its own subtree', async () => {
    for (const who of [s.worker, s.rep1, s.govPartner]) {
      expect((await who.agent.get(`${STATS}?${SPRING}`)).statusCode).toBe(403);
      expect((await who.agent.get(`${STATS}/export?${SPRING}`)).statusCode).toBe(403);
    }
    expect((await s.otherCadre.agent.get(`${STATS}?orgId=${s.township.id}`)).statusCode).toBe(404);
    expect((await s.otherCadre.agent.get(`${STATS}?congressId=${s.congressId}`)).statusCode).toBe(404);
    expect((await s.cadre.agent.get(`${STATS}?congressId=${s.otherCongressId}`)).statusCode).toBe(404);
    expect((await s.cadre.agent.get(`${STATS}?congressId=999999`)).statusCode).toBe(404);
    expect((await s.cadre.agent.get(`${STATS}/export?orgId=${s.city.id}`)).statusCode).toBe(404);
    expect((await s.textileCadre.agent.get(`${STATS}?orgId=${s.township.id}`)).statusCode).toBe(404);
    const own = await stats(s.textileCadre.agent, SPRING);
    expect([own.totals.proposals, own.totals.appeals, own.byCongress.length]).toEqual([0, 0, 0]);
  });

  it('checks its input', async () => {
    const bad = async (q: string, field: string) => {
      const res = await s.cadre.agent.get(`${STATS}?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.body, q).toContain(field);
    };
    await bad('from=2026-05-31&to=2026-03-01', 'from');
    await bad('from=2020-01-01&to=2026-03-01', 'to');
    await bad('from=2026-13-01', 'from');
    await bad('congressId=abc', 'congressId');
    await bad(`congressId=${s.congressId}&orgId=${s.city.id}`, 'orgId');
    expect(proposalStatsPeriod({}, '2026-11-26')).toEqual({ from: '2025-12-01', to: '2026-11-26' });
    expect(proposalStatsPeriod({}, '2026-01-15')).toEqual({ from: '2025-02-01', to: '2026-01-15' });
    expect(proposalStatsPeriod({ to: '2026-05-31' })).toEqual({ from: '2025-06-01', to: '2026-05-31' });
  });
});

describe('云履职统计 export GET /proposals/stats/export', () => {
  it('writes every block to its sheet with Chinese headers and the definitions, and audits it', async () => {
    const res = await s.cadre.agent.get(`${STATS}/export?${SPRING}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('云履职统计'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '总览',
      '类别',
      '提案建议状态',
      '诉求状态',
      '承办单位',
      '满意度',
      '转治理平台',
      '届次',
      '月度趋势',
      '口径说明',
    ]);
    const rowsOf = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)?.eachRow((row) => {
        out.push((row.values as unknown[]).slice(1));
      });
      return out;
    };
    const summary = rowsOf('总览');
    expect(summary[0]).toEqual(['指标', '数值', '说明']);
    const value = (k: string) => summary.find((r) => r[0] === k)?.[1];
    expect(value('统计期')).toBe('2026-03-01 至 2026-05-31');
    expect(value('提案')).toBe(4);
    expect(value('办结率')).toBe('50.0%');
    expect(value('按期答复率')).toBe('75.0%');
    expect(value('诉求办结率')).toBe('40.0%');
    expect(value('平台按期答复率')).toBe('50.0%');
    expect(rowsOf('类别')).toContainEqual(['子女教育与托管', 2, 1, 2]);
    expect(rowsOf('承办单位')[1]).toEqual([s.textile.name, 3, 1, 3, 2, 2, 1]);
    expect(rowsOf('满意度').at(-1)).toEqual(['满意率', '50.0%', '100.0%']);
    expect(rowsOf('转治理平台')).toContainEqual(['对接方式', '人工交办', 1]);
    expect(rowsOf('月度趋势').slice(1)).toEqual([
      ['2026-03', 2, 1, 2, 1, 2],
      ['2026-04', 0, 2, 3, 1, 0],
      ['2026-05', 2, 0, 3, 2, 0],
    ]);
    const defs = rowsOf('口径说明');
    expect(defs.find((r) => r[0] === '办结率')?.[1]).toContain('已办结 ÷（提交件数 − 已撤回）');
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'proposals.export'), eq(auditLog.entityId, String(s.township.id))));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.detail).toEqual({
      what: 'stats',
      from: '2026-03-01',
      to: '2026-05-31',
      congressId: null,
    });
  });
});
