import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { beijingDay } from '../../../shared/dates.ts';
import type { TSurvey, TSurveyForMe, ZMySurveys } from '../../../shared/surveys.ts';
import { buildDutyScene, type DutyScene } from '../duty/duty.fixture.ts';
import { createDraft, createOpen, HOUR } from './surveys.fixture.ts';
import { surveyInvitations, surveyResponses, surveys } from './surveys.table.ts';

/**
 * Answering a survey (issue #9): every answer checked against its question (400 naming it), only with
 * an invitation (403), once per invitation even when five submits race (one 200, four 409, one row),
 * anonymous responses keep no respondent and only the day, named ones keep the respondent, the
 * satisfaction counts of each response, the window, and the H5 list and form.
 */

let t: TestApp;
let s: DutyScene;
const API = '/api/v1/surveys';
type MySurveys = import('zod').infer<typeof ZMySurveys>;
let union: TSurvey;

beforeAll(async () => {
  t = await createTestApp();
  s = await buildDutyScene(t);
  union = await createOpen(s.cadre.agent, s.township.id);
});
afterAll(async () => t.close());

const responsesOf = (id: number) =>
  t.database.db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, id));

describe('validation', () => {
  it('names the question in every refusal', async () => {
    const post = (answers: Record<string, unknown>) =>
      s.worker.agent.post(`${API}/${union.id}/answers`, { answers });
    const cases: [Record<string, unknown>, string][] = [
      [{ q2: 'a' }, '请回答：总体满意度'],
      [{ q1: 6, q2: 'a' }, '「总体满意度」的评分应在 1 到 5 之间'],
      [{ q1: 0, q2: 'a' }, '「总体满意度」的评分应在 1 到 5 之间'],
      [{ q1: '5', q2: 'a' }, '「总体满意度」请打分'],
      [{ q1: 5, q2: 'd' }, '「服务态度」的选项不存在'],
      [{ q1: 5, q2: 'a', q3: ['x', 'y', 'z'] }, '「希望加强的工作」最多选 2 项'],
      [{ q1: 5, q2: 'a', q3: ['x', 'w'] }, '「希望加强的工作」的选项不存在'],
      [{ q1: 5, q2: 'a', q4: '这'.repeat(21) }, '「意见建议」最多 20 个字'],
      [{ q1: 5, q2: 'a', q9: 1 }, '题目不存在：q9'],
    ];
    for (const [answers, message] of cases) {
      const res = await post(answers);
      expect(res.statusCode, message).toBe(400);
      expect(res.json().error.message).toBe(message);
    }
    // Nothing was used up.
    const [inv] = await t.database.db
      .select()
      .from(surveyInvitations)
      .where(eq(surveyInvitations.surveyId, union.id))
      .limit(1);
    expect(inv).toBeDefined();
    expect((await responsesOf(union.id)).length).toBe(0);
  });

  it('refuses who is not on the roster (403) and a subject on a 会员评家 survey', async () => {
    const res = await s.otherWorker.agent.post(`${API}/${union.id}/answers`, { answers: { q1: 5, q2: 'a' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('您不在本问卷的测评范围内');
    // Cadres are not on a 会员评家 roster.
    expect(
      (await s.cadre.agent.post(`${API}/${union.id}/answers`, { answers: { q1: 5, q2: 'a' } })).statusCode,
    ).toBe(403);
    const subj = await s.worker.agent.post(`${API}/${union.id}/answers`, {
      subjectRepresentativeId: s.rep1.repId,
      answers: { q1: 5, q2: 'a' },
    });
    expect(subj.statusCode).toBe(400);
  });
});

describe('answering once', () => {
  it('an anonymous answer keeps neither the respondent nor the time', async () => {
    const res = await s.worker.agent.post(`${API}/${union.id}/answers`, {
      answers: { q1: 4, q2: 'b', q3: ['x'], q4: '  多办培训  ' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: true, remaining: 0 });
    const rows = await responsesOf(union.id);
    expect(rows.length).toBe(1);
    const r = rows[0];
    expect(r).toMatchObject({
      respondentUserId: null,
      subjectRepId: null,
      orgId: s.textile.id,
      countedAnswers: 2,
      satisfiedAnswers: 1,
      submittedOn: beijingDay(new Date()),
      answers: { q1: 4, q2: 'b', q3: ['x'], q4: '多办培训' },
    });
    // No column of the response refers to a user or holds a time of day.
    expect(Object.keys(r ?? {}).sort()).toEqual(
      [
        'answers',
        'countedAnswers',
        'id',
        'orgId',
        'orgPath',
        'respondentUserId',
        'satisfiedAnswers',
        'subjectRepId',
        'submittedOn',
        'surveyId',
      ].sort(),
    );
    const again = await s.worker.agent.post(`${API}/${union.id}/answers`, { answers: { q1: 5, q2: 'a' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'ALREADY_ANSWERED', message: '您已提交过本问卷' });
  });

  it('five racing submits of one person: one 200, four 409, one response', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        s.worker2.agent.post(`${API}/${union.id}/answers`, { answers: { q1: 5, q2: 'a' } }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    expect((await responsesOf(union.id)).length).toBe(2);
    const invs = await t.database.db
      .select()
      .from(surveyInvitations)
      .where(eq(surveyInvitations.surveyId, union.id));
    expect(
      invs
        .filter((i) => i.respondedAt != null)
        .map((i) => i.userId)
        .sort(),
    ).toEqual([s.worker.user.id, s.worker2.user.id].sort());
  });

  it('a named survey keeps the respondent', async () => {
    const named = await createOpen(s.cadre.agent, s.township.id, { anonymous: false, title: '实名问卷' });
    const res = await s.rep2.agent.post(`${API}/${named.id}/answers`, { answers: { q1: 3, q2: 'a' } });
    expect(res.statusCode).toBe(200);
    const [r] = await responsesOf(named.id);
    expect(r).toMatchObject({
      respondentUserId: s.rep2.user.id,
      orgId: s.machine.id,
      countedAnswers: 2,
      satisfiedAnswers: 1,
    });
  });
});

describe('rating representatives', () => {
  it('one answer per representative rated; only the own subjects', async () => {
    const reps = await createOpen(s.cadre.agent, s.township.id, {
      purpose: 'representatives',
      congressId: s.congressId,
      title: '会员评议代表',
    });
    const form = await s.worker.agent.get(`${API}/${reps.id}/form`);
    expect(form.statusCode).toBe(200);
    const f = form.json() as TSurveyForMe;
    expect(f.blockedReason).toBeNull();
    expect(f.invitations.map((i) => i.subject?.name).sort()).toEqual(['何代表', '沈代表'].sort());
    expect(f.invitations.find((i) => i.subject?.name === '沈代表')?.subject).toMatchObject({
      representativeId: s.rep1.repId,
      org: s.textile.name,
    });

    const post = (subjectRepresentativeId: number | undefined) =>
      s.worker.agent.post(`${API}/${reps.id}/answers`, {
        ...(subjectRepresentativeId ? { subjectRepresentativeId } : {}),
        answers: { q1: 5, q2: 'a' },
      });
    const none = await post(undefined);
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toBe('请选择要评价的代表');
    const other = await post(s.rep2.repId);
    expect(other.statusCode).toBe(403);
    const ok = await post(s.rep1.repId);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ ok: true, remaining: 1 });
    expect((await post(s.rep1.repId)).statusCode).toBe(409);
    const ok2 = await post(s.rep4.repId);
    expect(ok2.json()).toEqual({ ok: true, remaining: 0 });
    const [r] = (await responsesOf(reps.id)).filter((x) => x.subjectRepId === s.rep1.repId);
    expect(r).toMatchObject({ respondentUserId: null, orgId: s.textile.id });

    const done = (await s.worker.agent.get(`${API}/${reps.id}/form`)).json() as TSurveyForMe;
    expect(done.blockedReason).toBe('您已提交过本问卷');
    expect(done.invitations.every((i) => i.answered)).toBe(true);
  });
});

describe('the window and the H5 views', () => {
  it('blocks before opening, after closing and off the roster', async () => {
    const later = await createOpen(s.cadre.agent, s.township.id, {
      title: '下周的问卷',
      opensAt: new Date(Date.now() + 24 * HOUR).toISOString(),
      closesAt: new Date(Date.now() + 48 * HOUR).toISOString(),
    });
    const early = await s.worker.agent.post(`${API}/${later.id}/answers`, { answers: { q1: 5, q2: 'a' } });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('问卷尚未开始');
    expect(
      ((await s.worker.agent.get(`${API}/${later.id}/form`)).json() as TSurveyForMe).blockedReason,
    ).toContain('尚未开始');

    const past = await createOpen(s.cadre.agent, s.township.id, { title: '过期未结束' });
    await t.database.db
      .update(surveys)
      .set({ closesAt: new Date(Date.now() - 1000) })
      .where(eq(surveys.id, past.id));
    const late = await s.worker.agent.post(`${API}/${past.id}/answers`, { answers: { q1: 5, q2: 'a' } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe('问卷已结束');

    const off = (await s.otherWorker.agent.get(`${API}/${union.id}/form`)).json() as TSurveyForMe;
    expect(off.blockedReason).toBe('您不在本问卷的测评范围内');
    expect(off.invitations).toEqual([]);

    const draft = await createDraft(s.cadre.agent, s.township.id);
    expect((await s.worker.agent.get(`${API}/${draft.id}/form`)).statusCode).toBe(404);
    expect((await s.worker.agent.post(`${API}/${draft.id}/answers`, { answers: {} })).statusCode).toBe(404);
  });

  it('lists my surveys with what is left', async () => {
    const res = await s.rep1.agent.get(`${API}/mine`);
    expect(res.statusCode).toBe(200);
    const mine = res.json() as { id: number; invitations: number; answered: number; title: string }[];
    const u = mine.find((m) => m.id === union.id);
    expect(u).toMatchObject({ invitations: 1, answered: 0, title: '2026 年度会员评家' });
    const rating = mine.find((m) => m.title === '会员评议代表');
    expect(rating).toMatchObject({ invitations: 1, answered: 0 });
    expect(((await s.otherWorker.agent.get(`${API}/mine`)).json() as unknown[]).length).toBe(0);
  });

  it('lists a survey not open yet as 未开始 with its opening time, and its form says so', async () => {
    const opensAt = new Date(Date.now() + 3 * 24 * HOUR);
    const later = await createOpen(s.cadre.agent, s.township.id, {
      title: '三天后开始的问卷',
      opensAt: opensAt.toISOString(),
      closesAt: new Date(opensAt.getTime() + 24 * HOUR).toISOString(),
    });
    const mine = (await s.worker.agent.get(`${API}/mine`)).json() as MySurveys;
    expect(mine.find((m) => m.id === later.id)).toMatchObject({
      state: 'open',
      status: 'upcoming',
      opensAt: opensAt.toISOString(),
      answered: 0,
    });
    expect(mine.find((m) => m.id === union.id)).toMatchObject({ state: 'open', status: 'open' });
    const form = (await s.worker.agent.get(`${API}/${later.id}/form`)).json() as TSurveyForMe;
    expect(form.survey.status).toBe('upcoming');
    expect(form.blockedReason).toBe(`问卷尚未开始，${beijingDay(opensAt)} 开始作答`);
  });
});
