import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, agentFrom, createTestApp, type TestApp } from '../../../../test/app.ts';
import { sqlRows } from '../../db/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';
import { PROPOSALS_DEMO_CONGRESS } from '../proposals/proposals.demo.ts';
import {
  SURVEYS_DEMO_OPEN_TITLE,
  SURVEYS_DEMO_REPS_TITLE,
  SURVEYS_DEMO_UNION_TITLE,
  seedSurveysDemo,
} from '../surveys/surveys.demo.ts';
import { SCHEME_V2_NOTE, seedDutyDemo } from './duty.demo.ts';

/**
 * The 履职评价 and 会员评家 demo (seed 004): the figures of the article — 342 履职记录, 656 履职评价, a
 * 会员评家 with 测评率 over 98% and 满意度 exactly 96.5% — read back through the HTTP API as the demo
 * accounts see them.
 */

let t: TestApp;
let congressId = 0;
let cadre: Agent;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  expect(await seedDemo(t.app.deps)).toBe(true);
  const [c] = await rows<{ id: number }>(
    sql`select id from congresses where name = ${PROPOSALS_DEMO_CONGRESS}`,
  );
  congressId = Number(c?.id);
  cadre = await login('ld_cadre');
}, 600_000);
afterAll(async () => {
  await t.close();
});

async function login(username: string): Promise<Agent> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  expect(res.statusCode, username).toBe(200);
  return agentFrom(t, res);
}
const rows = <T>(query: ReturnType<typeof sql>) => sqlRows<T>(t.database.db, query);

interface SurveyItem {
  id: number;
  title: string;
  state: string;
  purpose: string;
  eligible: number;
  responses: number;
  measurementRate: number | null;
  satisfaction: number | null;
  closedAt: string | null;
  closesAt: string;
}

async function surveyByTitle(title: string): Promise<SurveyItem> {
  const res = await cadre.get(`/api/v1/surveys?q=${encodeURIComponent(title)}`);
  expect(res.statusCode).toBe(200);
  const found = (res.json().items as SurveyItem[]).find((s) => s.title === title);
  if (!found) throw new Error(`survey ${title} missing`);
  return found;
}

describe('会员评家 demo', () => {
  it('a finished 会员评家 of 林埭镇: 200 of 203 members answered (98.52%), 386 of 400 answers satisfied (96.5%)', async () => {
    const s = await surveyByTitle(SURVEYS_DEMO_UNION_TITLE);
    expect(s).toMatchObject({ state: 'closed', purpose: 'union', eligible: 203, responses: 200 });
    expect(s.measurementRate).toBe(0.9852);
    expect(s.measurementRate).toBeGreaterThan(0.98);
    expect(s.satisfaction).toBe(0.965);
    // Finished two months before today, whatever day the demo starts.
    expect(Date.now() - Date.parse(s.closedAt ?? '')).toBeGreaterThan(60 * DAY);
    const res = await cadre.get(`/api/v1/surveys/${s.id}/results`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect([r.satisfiedAnswers, r.countedAnswers]).toEqual([386, 400]);
    // Per company: the four companies of 林埭镇 all answered, three of them with one member missing.
    const orgs = r.orgs as { org: { name: string }; eligible: number; responses: number }[];
    expect(orgs.map((o) => o.org.name).sort()).toEqual(
      [
        '林埭镇示范服装有限公司工会',
        '林埭镇示范机械有限公司工会',
        '林埭镇示范电子有限公司工会',
        '林埭镇示范纺织有限公司工会',
      ].sort(),
    );
    expect(orgs.reduce((n, o) => n + o.responses, 0)).toBe(200);
    expect(orgs.reduce((n, o) => n + o.eligible, 0)).toBe(203);
    for (const o of orgs) expect(o.responses, o.org.name).toBeGreaterThan(20);
    const overall = r.questions.find((q: { id: string }) => q.id === 'overall');
    expect(overall.answers).toBe(200);
    expect(r.questions.find((q: { id: string }) => q.id === 'advice').texts.length).toBeGreaterThan(0);
  });

  it('a finished 会员评议代表 survey with 656 evaluations (履职评价656次) about all twenty representatives', async () => {
    const s = await surveyByTitle(SURVEYS_DEMO_REPS_TITLE);
    expect(s).toMatchObject({ state: 'closed', purpose: 'representatives', responses: 656 });
    const res = await cadre.get(`/api/v1/surveys/${s.id}/results`);
    expect(res.statusCode).toBe(200);
    const subjects = res.json().subjects as { responses: number; satisfaction: number }[];
    expect(subjects).toHaveLength(20);
    expect(subjects.reduce((n, x) => n + x.responses, 0)).toBe(656);
    for (const x of subjects) expect([32, 33]).toContain(x.responses);
    // Closing it made one 会员评议 record per representative, five weeks ago.
    const recs = await cadre.get(
      `/api/v1/duty/records?congressId=${congressId}&source=member_evaluation&pageSize=50`,
    );
    expect(recs.statusCode).toBe(200);
    expect(recs.json().total).toBe(20);
    for (const rec of recs.json().items) {
      expect(rec.title).toContain('会员评议');
      expect(Date.now() - Date.parse(rec.occurredAt)).toBeGreaterThan(30 * DAY);
    }
  });

  it('an open 会员评家 that 吴师傅 and 沈代表 have not answered yet; 吴师傅 answers it once', async () => {
    const s = await surveyByTitle(SURVEYS_DEMO_OPEN_TITLE);
    expect(s.state).toBe('open');
    expect(Date.parse(s.closesAt)).toBeGreaterThan(Date.now());
    expect(s.responses).toBeGreaterThan(0);
    for (const username of ['13900000020', 'ph_rep']) {
      const agent = await login(username);
      const mine = await agent.get('/api/v1/surveys/mine');
      expect(mine.statusCode).toBe(200);
      const open = mine.json().find((m: { id: number }) => m.id === s.id);
      expect(open, username).toMatchObject({ state: 'open', invitations: 1, answered: 0 });
      const form = await agent.get(`/api/v1/surveys/${s.id}/form`);
      expect(form.json().blockedReason, username).toBeNull();
    }
    const wu = await login('13900000020');
    const answer = { answers: { overall: 5, activities: 'yes', wanted: ['skills', 'kids'] } };
    const first = await wu.post(`/api/v1/surveys/${s.id}/answers`, answer);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ ok: true, remaining: 0 });
    const again = await wu.post(`/api/v1/surveys/${s.id}/answers`, answer);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'ALREADY_ANSWERED', message: '您已提交过本问卷' });
  });
});

describe('履职评价 demo', () => {
  it('the term has exactly 342 duty records (履职记录342条), every representative some', async () => {
    const res = await cadre.get(`/api/v1/duty/records?congressId=${congressId}&pageSize=1`);
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(342);
    const [reps] = await rows<{ n: number }>(
      sql`select count(distinct representative_id)::int as n from duty_records where congress_id = ${congressId}`,
    );
    expect(reps?.n).toBe(20);
    // The 云履职 demo's back-dated proposals count too: the seed's 阳光学堂 alone has 19 co-signers.
    const cosigned = await cadre.get(
      `/api/v1/duty/records?congressId=${congressId}&source=proposal_cosigned&pageSize=1`,
    );
    expect(cosigned.json().total).toBeGreaterThanOrEqual(19);
    const submitted = await cadre.get(
      `/api/v1/duty/records?congressId=${congressId}&source=proposal_submitted&pageSize=1`,
    );
    expect(submitted.json().total).toBeGreaterThanOrEqual(10);
    // Seeding again changes nothing.
    expect(await seedSurveysDemo(t.app.deps)).toBeNull();
    expect(await seedDutyDemo(t.app.deps)).toBeNull();
    expect((await cadre.get(`/api/v1/duty/records?congressId=${congressId}&pageSize=1`)).json().total).toBe(
      342,
    );
  });

  it('the scheme has the default v1 and a v2 raising 调研走访; the leaderboard ranks all twenty under v2', async () => {
    const res = await cadre.get(`/api/v1/duty/congresses/${congressId}/schemes`);
    expect(res.statusCode).toBe(200);
    const versions = res.json() as {
      version: number;
      note: string;
      definition: { indicators: { code: string; pointsPerRecord: number; capPerTerm: number }[] };
    }[];
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[0]?.note).toBe(SCHEME_V2_NOTE);
    const research = (v: (typeof versions)[number] | undefined) =>
      v?.definition.indicators.find((i) => i.code === 'research');
    expect(research(versions[0])).toMatchObject({ pointsPerRecord: 8, capPerTerm: 24 });
    expect(research(versions[1])).toMatchObject({ pointsPerRecord: 5, capPerTerm: 20 });
    // The stored points are those of v2: an approved 调研走访 record earns 8 (before the cap).
    const [r] = await rows<{ base: number }>(
      sql`select max(base_points)::int as base from duty_records
        where congress_id = ${congressId} and item_code = 'research' and state = 'approved'`,
    );
    expect(r?.base).toBe(8);
    const board = await cadre.get(`/api/v1/duty/congresses/${congressId}/leaderboard`);
    expect(board.statusCode).toBe(200);
    const b = board.json();
    expect(b.schemeVersion).toBe(2);
    expect(b.rows).toHaveLength(20);
    expect(b.rows[0].rank).toBe(1);
    for (const row of b.rows) expect(row.records, row.representative.name).toBeGreaterThan(0);
    const totals = b.rows.map((x: { total: number }) => x.total);
    expect(totals).toEqual([...totals].sort((a: number, c: number) => c - a));
    expect(new Set(totals).size).toBeGreaterThan(5);
    // 沈代表's 提案获评优秀 bonus, 郑小红's 履职记录不实 and 曹立新's 无故缺席 penalties show.
    const byName = new Map(
      b.rows.map((x: { representative: { name: string } }) => [x.representative.name, x]),
    );
    expect((byName.get('沈代表') as { bonus: number }).bonus).toBeGreaterThanOrEqual(5);
    expect((byName.get('郑小红') as { penalty: number }).penalty).toBe(3);
    expect((byName.get('曹立新') as { penalty: number }).penalty).toBe(5);
  });

  it('sessions: the 代表大会 all checked in but one on leave and one absent; two 代表会议 with attendance', async () => {
    const res = await cadre.get(`/api/v1/duty/congresses/${congressId}/sessions`);
    expect(res.statusCode).toBe(200);
    const sessions = res.json() as {
      id: number;
      title: string;
      kind: string;
      closedAt: string | null;
      counts: Record<string, number>;
    }[];
    const first = sessions.find((s) => s.title === '第一届会员代表大会第一次会议');
    expect(first).toMatchObject({
      kind: 'congress',
      counts: { expected: 20, present: 18, leave: 1, absent: 1, unmarked: 0 },
    });
    const meetings = sessions.filter((s) => s.kind === 'meeting');
    expect(meetings).toHaveLength(2);
    for (const m of meetings) {
      expect(m.closedAt).not.toBeNull();
      expect(m.counts.present).toBeGreaterThanOrEqual(17);
      expect(m.counts.unmarked).toBe(0);
    }
    const detail = await cadre.get(`/api/v1/duty/sessions/${first?.id}`);
    const att = detail.json().attendance as {
      representative: { name: string };
      state: string;
      method: string;
    }[];
    expect(att.find((a) => a.state === 'absent')?.representative.name).toBe('曹立新');
    expect(att.filter((a) => a.state === 'present').every((a) => a.method === 'qr')).toBe(true);
  });

  it('entries for the cadre: four pending, one rejected with its reason; three representatives idle for 30+ days', async () => {
    const pending = await cadre.get(`/api/v1/duty/records?congressId=${congressId}&state=pending`);
    expect(pending.json().total).toBe(4);
    const rejected = await cadre.get(`/api/v1/duty/records?congressId=${congressId}&state=rejected`);
    expect(rejected.json().total).toBe(1);
    expect(rejected.json().items[0].rejectReason).toContain('不属于代表履职活动');
    const awards = await cadre.get(`/api/v1/duty/records?congressId=${congressId}&source=award`);
    expect(
      awards
        .json()
        .items.map((a: { item: { code: string } }) => a.item.code)
        .sort(),
    ).toEqual(['excellent', 'excellent', 'false_record']);
    const idle = await cadre.get(`/api/v1/duty/congresses/${congressId}/idle`);
    expect(idle.statusCode).toBe(200);
    const names = (idle.json() as { representative: { name: string }; idleDays: number }[]).map(
      (i) => i.representative.name,
    );
    expect(names.sort()).toEqual(['刘海燕', '潘丽萍', '胡月琴'].sort());
    for (const i of idle.json()) expect(i.idleDays).toBeGreaterThan(30);
  });

  it('沈代表 sees her own duty on the phone, 平湖 admin sees the 林埭 leaderboard', async () => {
    const shen = await login('ph_rep');
    const me = await shen.get('/api/v1/duty/me');
    expect(me.statusCode).toBe(200);
    const [seat] = me.json();
    expect(seat.congress.name).toBe(PROPOSALS_DEMO_CONGRESS);
    expect(seat.records).toBeGreaterThan(15);
    expect(seat.pending).toBe(1);
    expect(seat.total).toBeGreaterThan(0);
    const admin = await login('ph_admin');
    const board = await admin.get(`/api/v1/duty/congresses/${congressId}/leaderboard`);
    expect(board.statusCode).toBe(200);
    expect(board.json().rows).toHaveLength(20);
  });
});
