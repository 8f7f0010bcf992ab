import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import { beijingDay } from '../../../shared/dates.ts';
import type { TSurvey, TSurveyResults } from '../../../shared/surveys.ts';
import { auditLog } from '../../platform/audit/audit.table.ts';
import { type DomainEvents, subscribe } from '../../platform/events/events.ts';
import { buildDutyScene, type DutyScene } from '../duty/duty.fixture.ts';
import { dutyRecords } from '../duty/duty.table.ts';
import { createOpen } from './surveys.fixture.ts';

/**
 * Survey results (issue #9), every figure computed by hand from the answers below, and the event per
 * representative when a 会员评议代表 survey closes.
 *
 * 会员评家 of 林埭镇 (6 invited: textile worker, worker2, rep1, rep4; machine rep2, rep3), 4 answers:
 *   worker  q1=5 q2=a q3=[x,y] q4 text  → counted 2, satisfied 2
 *   worker2 q1=4 q2=b q3=[x]            → 2, 1
 *   rep1    q1=3 q2=a                   → 2, 1
 *   rep2    q1=5 q2=a q4 text           → 2, 2
 * measurement 4/6 = 0.6667; satisfaction 6/8 = 0.75; textile 3/4 = 0.75 and 4/6 = 0.6667;
 * machine 1/2 = 0.5 and 2/2 = 1. q1: 3→1, 4→1, 5→2, mean 17/4 = 4.25, satisfied 3/4 = 0.75;
 * q2: a 3, b 1, c 0 → 0.75; q3: 2 answers, x 2, y 1, z 0; q4: the two texts.
 */

let t: TestApp;
let s: DutyScene;
const API = '/api/v1/surveys';
let union: TSurvey;
type Evaluated = DomainEvents['surveys.representative_evaluated'];
const events: Evaluated[] = [];
subscribe('surveys.representative_evaluated', async (_ctx, p) => {
  events.push(p);
});

const answer = async (agent: Agent, id: number, answers: Record<string, unknown>, subject?: number) => {
  const res = await agent.post(`${API}/${id}/answers`, {
    answers,
    ...(subject ? { subjectRepresentativeId: subject } : {}),
  });
  expect(res.statusCode, res.body).toBe(200);
};

beforeAll(async () => {
  t = await createTestApp();
  s = await buildDutyScene(t);
  union = await createOpen(s.cadre.agent, s.township.id);
  await answer(s.worker.agent, union.id, { q1: 5, q2: 'a', q3: ['x', 'y'], q4: '食堂饭菜可以更好' });
  await answer(s.worker2.agent, union.id, { q1: 4, q2: 'b', q3: ['x'] });
  await answer(s.rep1.agent, union.id, { q1: 3, q2: 'a' });
  await answer(s.rep2.agent, union.id, { q1: 5, q2: 'a', q4: '希望多组织活动' });
});
afterAll(async () => t.close());

describe('会员评家 results', () => {
  it('totals, rates and each question', async () => {
    const res = await s.cadre.agent.get(`${API}/${union.id}/results`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as TSurveyResults;
    expect(r.survey).toMatchObject({
      eligible: 6,
      responses: 4,
      measurementRate: 0.6667,
      satisfaction: 0.75,
    });
    expect([r.satisfiedAnswers, r.countedAnswers]).toEqual([6, 8]);
    expect(r.satisfactionDefinition).toContain('满意度 =');
    const [q1, q2, q3, q4] = r.questions;
    expect(q1).toMatchObject({ id: 'q1', answers: 4, average: 4.25, satisfaction: 0.75, texts: [] });
    expect(q1?.distribution.map((d) => [d.key, d.count, d.satisfied])).toEqual([
      ['1', 0, false],
      ['2', 0, false],
      ['3', 1, false],
      ['4', 1, true],
      ['5', 2, true],
    ]);
    expect(q2).toMatchObject({ answers: 4, average: null, satisfaction: 0.75 });
    expect(q2?.distribution.map((d) => [d.label, d.count])).toEqual([
      ['满意', 3],
      ['一般', 1],
      ['不满意', 0],
    ]);
    expect(q3).toMatchObject({ answers: 2, satisfaction: null });
    expect(q3?.distribution.map((d) => [d.key, d.count])).toEqual([
      ['x', 2],
      ['y', 1],
      ['z', 0],
    ]);
    expect(q4).toMatchObject({ answers: 2, distribution: [] });
    expect([...(q4?.texts ?? [])].sort()).toEqual(['希望多组织活动', '食堂饭菜可以更好'].sort());
    expect(r.subjects).toEqual([]);
    expect(r.daily.at(-1)).toEqual({ day: beijingDay(new Date()), responses: 4 });
  });

  it('per org one level down, and drilling down within the survey org only', async () => {
    const r = (await s.cadre.agent.get(`${API}/${union.id}/results`)).json() as TSurveyResults;
    expect(r.orgs).toEqual(
      expect.arrayContaining([
        {
          org: { id: s.textile.id, name: s.textile.name },
          eligible: 4,
          responses: 3,
          measurementRate: 0.75,
          satisfaction: 0.6667,
        },
        {
          org: { id: s.machine.id, name: s.machine.name },
          eligible: 2,
          responses: 1,
          measurementRate: 0.5,
          satisfaction: 1,
        },
      ]),
    );
    expect(r.orgs.length).toBe(2);
    const down = (
      await s.cadre.agent.get(`${API}/${union.id}/results?orgId=${s.textile.id}`)
    ).json() as TSurveyResults;
    expect(down.orgs).toEqual([
      {
        org: { id: s.textile.id, name: s.textile.name },
        eligible: 4,
        responses: 3,
        measurementRate: 0.75,
        satisfaction: 0.6667,
      },
    ]);
    expect((await s.cadre.agent.get(`${API}/${union.id}/results?orgId=${s.otherUnit.id}`)).statusCode).toBe(
      404,
    );
    expect((await s.cadre.agent.get(`${API}/${union.id}/results?orgId=${s.city.id}`)).statusCode).toBe(404);
  });

  it('exports a workbook with the summary, questions, orgs and texts (audited)', async () => {
    const res = await s.cadre.agent.get(`${API}/${union.id}/results/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '各题统计', '各单位', '文字意见']);
    const summary = wb.getWorksheet('概况');
    const row = (label: string) =>
      summary
        ?.getRows(1, summary.rowCount)
        ?.find((x) => x.getCell(1).value === label)
        ?.getCell(2).value;
    expect(row('应测评人次')).toBe(6);
    expect(row('已作答人次')).toBe(4);
    expect(row('测评率')).toBe('66.67%');
    expect(row('满意度')).toBe('75.00%');
    const orgsSheet = wb.getWorksheet('各单位');
    const textileRow = orgsSheet?.getRows(2, 2)?.find((x) => x.getCell(1).value === s.textile.name);
    expect([2, 3, 4, 5].map((c) => textileRow?.getCell(c).value)).toEqual([4, 3, '75.00%', '66.67%']);
    expect(wb.getWorksheet('文字意见')?.rowCount).toBe(3);
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'surveys.export'), eq(auditLog.entityId, String(union.id))));
    expect(audits.length).toBe(1);
  });
});

describe('会员评议代表 results and closing', () => {
  /*
   * 8 invitations (see surveys.test.ts); 5 answers:
   *   worker → rep1 q1=5 q2=a (2/2); worker2 → rep1 q1=2 q2=c (0/2); rep4 → rep1 q1=4 q2=b (1/2)
   *   worker → rep4 q1=4 q2=a (2/2); rep3 → rep2 q1=3 q2=a (1/2)
   * rep1: 3 of 3, 3/6 = 0.5, mean 11/3 = 3.67; rep4: 1 of 3, 1, 4; rep2: 1 of 1, 0.5, 3; rep3: 0 of 1.
   * Overall 5/8 = 0.625, 6/10 = 0.6.
   */
  it('per representative, and one event per representative rated when it closes', async () => {
    const reps = await createOpen(s.cadre.agent, s.township.id, {
      purpose: 'representatives',
      congressId: s.congressId,
      title: '会员评议代表',
    });
    await answer(s.worker.agent, reps.id, { q1: 5, q2: 'a' }, s.rep1.repId);
    await answer(s.worker2.agent, reps.id, { q1: 2, q2: 'c' }, s.rep1.repId);
    await answer(s.rep4.agent, reps.id, { q1: 4, q2: 'b' }, s.rep1.repId);
    await answer(s.worker.agent, reps.id, { q1: 4, q2: 'a' }, s.rep4.repId);
    await answer(s.rep3.agent, reps.id, { q1: 3, q2: 'a' }, s.rep2.repId);
    const r = (await s.cadre.agent.get(`${API}/${reps.id}/results`)).json() as TSurveyResults;
    expect(r.survey).toMatchObject({ eligible: 8, responses: 5, measurementRate: 0.625, satisfaction: 0.6 });
    const byRep = new Map(r.subjects.map((x) => [x.representative.id, x]));
    expect(r.subjects.length).toBe(4);
    expect(byRep.get(s.rep1.repId)).toMatchObject({
      representative: { name: '沈代表' },
      eligible: 3,
      responses: 3,
      satisfaction: 0.5,
      average: 3.67,
    });
    expect(byRep.get(s.rep4.repId)).toMatchObject({ eligible: 3, responses: 1, satisfaction: 1, average: 4 });
    expect(byRep.get(s.rep2.repId)).toMatchObject({
      eligible: 1,
      responses: 1,
      satisfaction: 0.5,
      average: 3,
    });
    expect(byRep.get(s.rep3.repId)).toMatchObject({
      eligible: 1,
      responses: 0,
      satisfaction: null,
      average: null,
    });
    expect(r.orgs.map((o) => [o.org.id, o.eligible, o.responses]).sort()).toEqual(
      [
        [s.textile.id, 6, 4],
        [s.machine.id, 2, 1],
      ].sort(),
    );

    // Nothing is announced before closing.
    expect(events.filter((e) => e.surveyId === reps.id)).toEqual([]);
    const closed = await s.cadre.agent.post(`${API}/${reps.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    const mine = events
      .filter((e) => e.surveyId === reps.id)
      .map((e) => ({
        rep: e.representativeId,
        responses: e.responses,
        satisfied: e.satisfiedAnswers,
        counted: e.countedAnswers,
        congress: e.congressId,
        title: e.surveyTitle,
      }))
      .sort((a, b) => a.rep - b.rep);
    expect(mine).toEqual(
      [
        { rep: s.rep1.repId, responses: 3, satisfied: 3, counted: 6 },
        { rep: s.rep4.repId, responses: 1, satisfied: 2, counted: 2 },
        { rep: s.rep2.repId, responses: 1, satisfied: 1, counted: 2 },
      ]
        .map((x) => ({ ...x, congress: s.congressId, title: '会员评议代表' }))
        .sort((a, b) => a.rep - b.rep),
    );
    // 履职评价's subscriber turned each event into one 会员评议 record (source_ref survey:<id>).
    const records = await t.database.db
      .select({ rep: dutyRecords.representativeId, title: dutyRecords.title })
      .from(dutyRecords)
      .where(
        and(eq(dutyRecords.source, 'member_evaluation'), eq(dutyRecords.sourceRef, `survey:${reps.id}`)),
      );
    expect(records.map((x) => x.rep).sort()).toEqual([s.rep1.repId, s.rep2.repId, s.rep4.repId].sort());
    expect(records.find((x) => x.rep === s.rep1.repId)?.title).toContain('3 份评价，满意答案 3/6');
    // A 会员评家 survey closing announces nothing.
    const before = events.length;
    expect((await s.cadre.agent.post(`${API}/${union.id}/close`)).statusCode).toBe(200);
    expect(events.length).toBe(before);

    const x = await s.cadre.agent.get(`${API}/${reps.id}/results/export`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '各题统计', '各单位', '各代表', '文字意见']);
    const repRow = wb
      .getWorksheet('各代表')
      ?.getRows(2, 4)
      ?.find((row) => row.getCell(1).value === '沈代表');
    expect([3, 4, 5, 6].map((c) => repRow?.getCell(c).value)).toEqual([3, 3, '50.00%', 3.67]);
  });

  /*
   * 工会评价代表: cadre and cadre2 × 4 seats = 8 invitations, all at the township itself. cadre rates
   * rep1 5/a (2/2), rep2 4/a (2/2), rep3 3/a (1/2): 3/8 = 0.375, satisfied 5/6 = 0.8333.
   */
  it('工会评价代表: the union row itself, per representative, and no event on closing', async () => {
    const rates = await createOpen(s.cadre.agent, s.township.id, {
      purpose: 'union_rates_reps',
      congressId: s.congressId,
      title: '工会评价代表',
    });
    await answer(s.cadre.agent, rates.id, { q1: 5, q2: 'a' }, s.rep1.repId);
    await answer(s.cadre.agent, rates.id, { q1: 4, q2: 'a' }, s.rep2.repId);
    await answer(s.cadre.agent, rates.id, { q1: 3, q2: 'a' }, s.rep3.repId);
    const r = (await s.cadre.agent.get(`${API}/${rates.id}/results`)).json() as TSurveyResults;
    expect(r.survey).toMatchObject({
      eligible: 8,
      responses: 3,
      measurementRate: 0.375,
      satisfaction: 0.8333,
    });
    expect(r.orgs).toEqual([
      {
        org: { id: s.township.id, name: '林埭镇总工会' },
        eligible: 8,
        responses: 3,
        measurementRate: 0.375,
        satisfaction: 0.8333,
      },
    ]);
    const rep3 = r.subjects.find((x) => x.representative.id === s.rep3.repId);
    expect(rep3).toMatchObject({ eligible: 2, responses: 1, satisfaction: 0.5, average: 3 });
    const before = events.length;
    expect((await s.cadre.agent.post(`${API}/${rates.id}/close`)).statusCode).toBe(200);
    expect(events.length).toBe(before);
  });
});
