import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import type { TSurvey } from '../../../shared/surveys.ts';

type TSurveyPage = { total: number; items: TSurvey[] };

import { auditLog } from '../../platform/audit/audit.table.ts';
import { findJob } from '../../platform/jobs/registry.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { buildDutyScene, type DutyScene } from '../duty/duty.fixture.ts';
import { buildCongress } from '../proposals/proposals.fixture.ts';
import { createDraft, createOpen, HOUR, surveyBody } from './surveys.fixture.ts';
import { closeExpiredSurveys } from './surveys.service.ts';
import { surveyInvitations, surveys } from './surveys.table.ts';

/**
 * Surveys (issue #9): validation of drafts, the roster of each purpose counted by hand on the duty
 * scene, publishing and closing (also by the job), the QR link, and other orgs' refusals.
 *
 * Scene members (worker/representative memberships) under 林埭镇总工会: textile — worker, worker2,
 * rep1, rep4; machine — rep2, rep3. Seats of the township congress: rep1, rep4 (textile), rep2, rep3
 * (machine). Township cadres: cadre, cadre2 (the reviewer is not a cadre).
 */

let t: TestApp;
let s: DutyScene;
type Sheet = ReturnType<typeof surveyBody>;
const API = '/api/v1/surveys';

beforeAll(async () => {
  t = await createTestApp();
  s = await buildDutyScene(t);
});
afterAll(async () => t.close());

async function invitations(id: number) {
  return t.database.db
    .select()
    .from(surveyInvitations)
    .where(eq(surveyInvitations.surveyId, id))
    .orderBy(surveyInvitations.userId, surveyInvitations.subjectRepId);
}
const pairs = (rows: Awaited<ReturnType<typeof invitations>>) =>
  rows.map((r) => `${r.userId}:${r.subjectRepId ?? '-'}:${r.orgId}`).sort();

describe('drafts', () => {
  it('refuses bad drafts with Chinese messages', async () => {
    const bad = async (body: Partial<Sheet> | Record<string, unknown>, message: string) => {
      const res = await s.cadre.agent.post(API, { ...surveyBody(s.township.id), ...body });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.message).toContain(message);
    };
    const now = Date.now();
    await bad(
      { opensAt: new Date(now + HOUR).toISOString(), closesAt: new Date(now).toISOString() },
      '截止时间应晚于开始时间',
    );
    await bad({ purpose: 'representatives' }, '评价代表的问卷须选择会员代表大会');
    await bad(
      { purpose: 'representatives', congressId: s.otherCongressId },
      '只能评价本工会会员代表大会的代表',
    );
    const q = surveyBody(s.township.id).questions;
    await bad({ questions: [q[0], { ...q[1], id: 'q1' }] }, '题目编号重复：q1');
    await bad(
      { questions: [{ id: 'q1', type: 'rating', title: '总体满意度', scale: 5, satisfiedFrom: 6 }] },
      '满意起评分不能大于满分',
    );
    await bad({ questions: [] }, '至少一道题');
    await bad({ title: '' }, '请填写问卷标题');
  });

  it('refuses two options of one question reading the same, naming the duplicate', async () => {
    const q = surveyBody(s.township.id).questions;
    const single = {
      ...q[1],
      options: [
        { id: 'a', label: '满意', satisfied: true },
        { id: 'b', label: '一般' },
        // Trimmed like every text: " 满意 " is 满意.
        { id: 'c', label: ' 满意 ' },
      ],
    };
    const res = await s.cadre.agent.post(API, surveyBody(s.township.id, { questions: [q[0], single] }));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toBe('输入有误：选项重复：满意');
    expect(res.json().error.details).toEqual([
      { field: 'body.questions.1.options.2.label', message: '选项重复：满意' },
    ]);
    const multiple = {
      ...q[2],
      options: [
        { id: 'x', label: '技能培训' },
        { id: 'y', label: '技能培训' },
      ],
    };
    const res2 = await s.cadre.agent.post(API, surveyBody(s.township.id, { questions: [q[0], multiple] }));
    expect(res2.statusCode).toBe(400);
    expect(res2.json().error.message).toBe('输入有误：选项重复：技能培训');
    // Different labels are fine; an edit of a draft is checked the same way.
    const draft = await createDraft(s.cadre.agent, s.township.id);
    const put = await s.cadre.agent.inject({
      method: 'PUT',
      url: `${API}/${draft.id}`,
      payload: surveyBody(s.township.id, { questions: [q[0], single] }),
    });
    expect(put.statusCode).toBe(400);
    expect(put.json().error.message).toContain('选项重复：满意');
  });

  it('says the allowed range of 满分 and the other settings in Chinese', async () => {
    const rating = surveyBody(s.township.id).questions[0];
    const text = surveyBody(s.township.id).questions[3];
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...rating, scale: 11 }, 'body.questions.0.scale', '满分应在 3 到 10 之间'],
      [{ ...rating, scale: 2, satisfiedFrom: 2 }, 'body.questions.0.scale', '满分应在 3 到 10 之间'],
      [{ ...rating, satisfiedFrom: 0 }, 'body.questions.0.satisfiedFrom', '满意起评分应在 1 到 10 之间'],
      [{ ...text, maxLength: 5000 }, 'body.questions.0.maxLength', '最多字数应在 10 到 1000 之间'],
    ];
    for (const [question, field, message] of cases) {
      const res = await s.cadre.agent.post(API, surveyBody(s.township.id, { questions: [question] }));
      expect(res.statusCode, message).toBe(400);
      expect(res.json().error.message).toBe(`输入有误：${message}`);
      expect(res.json().error.details).toEqual([{ field, message }]);
    }
  });

  it('saves a draft, edits it while a draft only, and lists it', async () => {
    const draft = await createDraft(s.cadre.agent, s.township.id, { title: '草稿问卷' });
    expect(draft).toMatchObject({
      state: 'draft',
      purpose: 'union',
      org: { id: s.township.id, name: '林埭镇总工会' },
      eligible: 0,
      responses: 0,
      measurementRate: null,
      satisfaction: null,
      createdBy: { id: s.cadre.user.id, name: '钱干事' },
      answerPath: `/m/surveys/${draft.id}`,
    });
    expect(draft.questions[0]).toMatchObject({ id: 'q1', required: true, countsForSatisfaction: true });
    const put = await s.cadre.agent.inject({
      method: 'PUT',
      url: `${API}/${draft.id}`,
      payload: surveyBody(s.township.id, { title: '草稿问卷（改）', anonymous: false }),
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ title: '草稿问卷（改）', anonymous: false });
    const list = await s.cadre.agent.get(`${API}?q=${encodeURIComponent('草稿问卷')}`);
    expect(list.statusCode).toBe(200);
    const page = list.json() as TSurveyPage;
    expect(page.total).toBe(1);
    expect(page.items[0]?.id).toBe(draft.id);
    // The textile union's cadre does not see the township's surveys; the city auditor does.
    expect(((await s.textileCadre.agent.get(`${API}?q=草稿`)).json() as TSurveyPage).total).toBe(0);
    expect(((await s.auditor.agent.get(`${API}?q=草稿`)).json() as TSurveyPage).total).toBe(1);

    await s.cadre.agent.post(`${API}/${draft.id}/publish`);
    const again = await s.cadre.agent.inject({
      method: 'PUT',
      url: `${API}/${draft.id}`,
      payload: surveyBody(s.township.id),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('问卷已发布，不能再修改');
  });

  it('refuses an org outside the cadre subtree and a worker', async () => {
    const res = await s.cadre.agent.post(API, surveyBody(s.otherTownship.id));
    expect(res.statusCode).toBe(404);
    const w = await s.worker.agent.post(API, surveyBody(s.textile.id));
    expect(w.statusCode).toBe(403);
  });
});

describe('deleting a draft', () => {
  it('deletes a draft (audited); refuses a published or closed one, readers and other unions', async () => {
    const del = (agent: typeof s.cadre.agent, id: number) =>
      agent.inject({ method: 'DELETE', url: `${API}/${id}` });
    const draft = await createDraft(s.cadre.agent, s.township.id, { title: '要删除的草稿' });
    expect((await del(s.otherCadre.agent, draft.id)).statusCode).toBe(404);
    expect((await del(s.reviewer.agent, draft.id)).statusCode).toBe(403);
    expect((await del(s.textileCadre.agent, draft.id)).statusCode).toBe(404);
    expect((await s.cadre.agent.get(`${API}/${draft.id}`)).statusCode).toBe(200);

    const ok = await del(s.cadre.agent, draft.id);
    expect(ok.statusCode, ok.body).toBe(204);
    expect((await s.cadre.agent.get(`${API}/${draft.id}`)).statusCode).toBe(404);
    expect(await t.database.db.select().from(surveys).where(eq(surveys.id, draft.id))).toEqual([]);
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'surveys.delete'), eq(auditLog.entityId, String(draft.id))));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorUserId: s.cadre.user.id,
      orgId: s.township.id,
      result: 'success',
      detail: { title: '要删除的草稿', purpose: 'union' },
    });
    expect((await del(s.cadre.agent, draft.id)).statusCode).toBe(404);

    const open = await createOpen(s.cadre.agent, s.township.id, { title: '已发布不能删' });
    const refused = await del(s.cadre.agent, open.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'SURVEY_NOT_DRAFT',
      message: '只能删除草稿：问卷已发布或已结束，不能删除',
    });
    expect((await invitations(open.id)).length).toBe(6);
    await s.cadre.agent.post(`${API}/${open.id}/close`);
    const closed = await del(s.cadre.agent, open.id);
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('SURVEY_NOT_DRAFT');
    expect((await s.cadre.agent.get(`${API}/${open.id}`)).json()).toMatchObject({ state: 'closed' });
  });
});

describe('the status read with the window', () => {
  it('a published survey not open yet is 未开始 (upcoming), in the detail, the list and its filter', async () => {
    const now = Date.now();
    const upcoming = await createOpen(s.cadre.agent, s.township.id, {
      title: '窗口-下周开始',
      opensAt: new Date(now + 24 * HOUR).toISOString(),
      closesAt: new Date(now + 48 * HOUR).toISOString(),
    });
    expect(upcoming).toMatchObject({ state: 'open', status: 'upcoming' });
    const current = await createOpen(s.cadre.agent, s.township.id, { title: '窗口-进行中' });
    expect(current).toMatchObject({ state: 'open', status: 'open' });
    const expired = await createOpen(s.cadre.agent, s.township.id, { title: '窗口-已过截止' });
    // Past its closing time, not yet closed by the job: shown 已结束, as it can no longer be answered.
    await t.database.db
      .update(surveys)
      .set({ closesAt: new Date(now - 60_000) })
      .where(eq(surveys.id, expired.id));
    const draft = await createDraft(s.cadre.agent, s.township.id, { title: '窗口-草稿' });
    expect(draft.status).toBe('draft');
    expect(((await s.cadre.agent.get(`${API}/${upcoming.id}`)).json() as TSurvey).status).toBe('upcoming');
    expect(((await s.cadre.agent.get(`${API}/${expired.id}`)).json() as TSurvey).status).toBe('closed');

    const list = async (query: string) => {
      const res = await s.cadre.agent.get(`${API}?q=${encodeURIComponent('窗口-')}${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return Object.fromEntries((res.json() as TSurveyPage).items.map((x) => [x.title, x.status]));
    };
    expect(await list('')).toEqual({
      '窗口-下周开始': 'upcoming',
      '窗口-进行中': 'open',
      '窗口-已过截止': 'closed',
      '窗口-草稿': 'draft',
    });
    expect(await list('&status=upcoming')).toEqual({ '窗口-下周开始': 'upcoming' });
    expect(await list('&status=open')).toEqual({ '窗口-进行中': 'open' });
    expect(await list('&status=closed')).toEqual({ '窗口-已过截止': 'closed' });
    expect(await list('&status=draft')).toEqual({ '窗口-草稿': 'draft' });
    // The stored state is still there for who filters by it.
    expect(Object.keys(await list('&state=open')).sort()).toEqual(
      ['窗口-下周开始', '窗口-进行中', '窗口-已过截止'].sort(),
    );
    // Closed for good, so the job test below finds only its own expired survey.
    expect((await s.cadre.agent.post(`${API}/${expired.id}/close`)).statusCode).toBe(200);
  });
});

describe('the roster fixed at publishing', () => {
  it('会员评家: every worker and representative of the subtree, once', async () => {
    const open = await createOpen(s.cadre.agent, s.township.id);
    expect(open).toMatchObject({ state: 'open', eligible: 6, responses: 0, measurementRate: 0 });
    expect(open.publishedAt).not.toBeNull();
    const rows = await invitations(open.id);
    expect(pairs(rows)).toEqual(
      [
        `${s.worker.user.id}:-:${s.textile.id}`,
        `${s.worker2.user.id}:-:${s.textile.id}`,
        `${s.rep1.user.id}:-:${s.textile.id}`,
        `${s.rep4.user.id}:-:${s.textile.id}`,
        `${s.rep2.user.id}:-:${s.machine.id}`,
        `${s.rep3.user.id}:-:${s.machine.id}`,
      ].sort(),
    );
    // A textile survey: its four members.
    const textile = await createOpen(s.textileCadre.agent, s.textile.id);
    expect(textile.eligible).toBe(4);
    // Publishing twice: the flow refuses.
    const twice = await s.cadre.agent.post(`${API}/${open.id}/publish`);
    expect(twice.statusCode).toBe(409);
    expect((await invitations(open.id)).length).toBe(6);
  });

  it('会员评议代表: each member × each representative of their unit, never themself', async () => {
    const open = await createOpen(s.cadre.agent, s.township.id, {
      purpose: 'representatives',
      congressId: s.congressId,
    });
    // textile: worker, worker2 × rep1, rep4 (4) + rep1 → rep4, rep4 → rep1 (2); machine: rep2 ↔ rep3 (2).
    expect(open.eligible).toBe(8);
    expect(open.congress).toEqual({ id: s.congressId, name: '林埭镇总工会第一届会员代表大会' });
    const rows = await invitations(open.id);
    expect(pairs(rows)).toEqual(
      [
        `${s.worker.user.id}:${s.rep1.repId}:${s.textile.id}`,
        `${s.worker.user.id}:${s.rep4.repId}:${s.textile.id}`,
        `${s.worker2.user.id}:${s.rep1.repId}:${s.textile.id}`,
        `${s.worker2.user.id}:${s.rep4.repId}:${s.textile.id}`,
        `${s.rep1.user.id}:${s.rep4.repId}:${s.textile.id}`,
        `${s.rep4.user.id}:${s.rep1.repId}:${s.textile.id}`,
        `${s.rep2.user.id}:${s.rep3.repId}:${s.machine.id}`,
        `${s.rep3.user.id}:${s.rep2.repId}:${s.machine.id}`,
      ].sort(),
    );
  });

  it('工会评价代表: the cadres of the union × every active seat', async () => {
    const open = await createOpen(s.cadre.agent, s.township.id, {
      purpose: 'union_rates_reps',
      congressId: s.congressId,
    });
    expect(open.eligible).toBe(8);
    const rows = await invitations(open.id);
    expect(new Set(rows.map((r) => r.userId))).toEqual(new Set([s.cadre.user.id, s.cadre2.user.id]));
    expect(new Set(rows.map((r) => r.subjectRepId))).toEqual(
      new Set([s.rep1.repId, s.rep2.repId, s.rep3.repId, s.rep4.repId]),
    );
    expect(rows.every((r) => r.orgId === s.township.id)).toBe(true);
  });

  it('refuses an empty roster (409, nothing kept) and a closed congress', async () => {
    const draft = await createDraft(s.cadre.agent, s.governance.id);
    const res = await s.cadre.agent.post(`${API}/${draft.id}/publish`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('应测评名单为空');
    const [row] = await t.database.db.select().from(surveys).where(eq(surveys.id, draft.id));
    expect(row?.state).toBe('draft');
    expect((await invitations(draft.id)).length).toBe(0);

    // A congress with no seats: empty roster too.
    const closedId = await buildCongress(t, s.township, { termNo: 2, name: '第二届', state: 'closed' });
    const bad = await s.cadre.agent.post(
      API,
      surveyBody(s.township.id, { purpose: 'representatives', congressId: closedId }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('已结束');
  });
});

describe('closing', () => {
  it('a cadre closes; the job closes what has expired, once', async () => {
    const open = await createOpen(s.cadre.agent, s.township.id, { title: '手动结束' });
    const closed = await s.cadre.agent.post(`${API}/${open.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ state: 'closed' });
    expect((closed.json() as TSurvey).closedAt).not.toBeNull();
    expect((await s.cadre.agent.post(`${API}/${open.id}/close`)).statusCode).toBe(409);

    expect(findJob('close-surveys')?.schedule).toBe('*/10 * * * *');
    const expiring = await createOpen(s.cadre.agent, s.township.id, { title: '到期自动结束' });
    const later = await createOpen(s.cadre.agent, s.township.id, { title: '还没到期' });
    await t.database.db
      .update(surveys)
      .set({ closesAt: new Date(Date.now() - 60_000) })
      .where(eq(surveys.id, expiring.id));
    const run = await closeExpiredSurveys(t.app.deps);
    expect(run.closed).toBe(1);
    expect((await closeExpiredSurveys(t.app.deps)).closed).toBe(0);
    const [a] = await t.database.db.select().from(surveys).where(eq(surveys.id, expiring.id));
    const [b] = await t.database.db.select().from(surveys).where(eq(surveys.id, later.id));
    expect(a?.state).toBe('closed');
    expect(b?.state).toBe('open');
    const events = await t.database.db
      .select()
      .from(timelineEvents)
      .where(
        and(
          eq(timelineEvents.entityType, 'surveys.survey'),
          eq(timelineEvents.entityId, String(expiring.id)),
        ),
      )
      .orderBy(timelineEvents.id);
    expect(events.map((e) => [e.event, e.actorName])).toEqual([
      ['create', '钱干事'],
      ['publish', '钱干事'],
      ['close', '系统'],
    ]);
    // Publishing after the closing time is refused.
    const stale = await createDraft(s.cadre.agent, s.township.id);
    await t.database.db
      .update(surveys)
      .set({ opensAt: new Date(Date.now() - 3 * HOUR), closesAt: new Date(Date.now() - HOUR) })
      .where(eq(surveys.id, stale.id));
    const res = await s.cadre.agent.post(`${API}/${stale.id}/publish`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('截止时间已过');
  });
});

describe('access and QR', () => {
  it('the QR points at the H5 answer page', async () => {
    const open = await createOpen(s.cadre.agent, s.township.id);
    const res = await s.cadre.agent.get(`${API}/${open.id}/qr`);
    expect(res.statusCode).toBe(200);
    const { url, svg } = res.json() as { url: string; svg: string };
    expect(url).toBe(`http://localhost:80/m/surveys/${open.id}`);
    expect(svg).toContain('<svg');
  });

  it("another township's cadre gets 404 everywhere; a reviewer reads but cannot manage", async () => {
    const open = await createOpen(s.cadre.agent, s.township.id);
    for (const path of ['', '/results', '/results/export', '/qr']) {
      expect((await s.otherCadre.agent.get(`${API}/${open.id}${path}`)).statusCode, path).toBe(404);
    }
    expect((await s.otherCadre.agent.post(`${API}/${open.id}/publish`)).statusCode).toBe(404);
    expect((await s.otherCadre.agent.post(`${API}/${open.id}/close`)).statusCode).toBe(404);
    const draft = await createDraft(s.cadre.agent, s.township.id);
    expect((await s.otherCadre.agent.post(`${API}/${draft.id}/publish`)).statusCode).toBe(404);
    expect((await s.reviewer.agent.get(`${API}/${open.id}`)).statusCode).toBe(200);
    expect((await s.reviewer.agent.get(`${API}/${open.id}/results`)).statusCode).toBe(200);
    expect((await s.reviewer.agent.post(`${API}/${draft.id}/publish`)).statusCode).toBe(403);
    expect((await s.reviewer.agent.post(`${API}/${open.id}/close`)).statusCode).toBe(403);
    // A worker invited to it still cannot read the staff view.
    expect((await s.worker.agent.get(`${API}/${open.id}`)).statusCode).toBe(404);
    const [n] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(surveyInvitations)
      .where(eq(surveyInvitations.surveyId, open.id));
    expect(Number(n?.n)).toBe(6);
  });
});
