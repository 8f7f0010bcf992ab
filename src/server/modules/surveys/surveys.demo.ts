import { eq, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/auth.ts';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import type { OrgType } from '../../../shared/orgs.ts';
import {
  type TSurveyInput,
  type TSurveyQuestion,
  ZSurveyInput,
  ZSurveyQuestions,
} from '../../../shared/surveys.ts';
import { type DbOrTx, sqlRows } from '../../db/client.ts';
import { DEMO_PASSWORD } from '../../demo/seed.ts';
import { memberships, users } from '../../platform/auth/auth.table.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { listCongresses } from '../proposals/congress.service.ts';
import { PROPOSALS_DEMO_CONGRESS, PROPOSALS_DEMO_UNION } from '../proposals/proposals.demo.ts';
import './surveys.access.ts';
import { closeSurvey, createSurvey, publishSurvey, scoreAnswers } from './surveys.service.ts';
import { surveyInvitations, surveyResponses, surveys } from './surveys.table.ts';

/**
 * 会员评家 demo data (issue #9, seed 004 平湖/林埭), invented. 林埭镇总工会 has 203 members (the twenty
 * representatives, 吴师傅 and 182 invented workers `ld_w001` … of the textile and machine company unions and
 * two more demo companies added here, 林埭镇示范电子 and 林埭镇示范服装), and three surveys:
 *
 * - a finished 会员评家 (purpose `union`) of 林埭镇: 200 of 203 members answered (测评率 98.52%), two
 *   questions count for satisfaction and 386 of the 400 answers are satisfied (满意度 exactly 96.5%);
 * - a finished 会员评议代表 (purpose `representatives`) of the first congress: 656 responses (the seed's
 *   履职评价656次) about the twenty representatives; closing it made each one a 会员评议 duty record;
 * - an open 会员评家 that the demo accounts (吴师傅 13900000020, 沈代表 ph_rep …) have not answered yet.
 *
 * Surveys are created, published and closed through the surveys service (rosters, workflow history,
 * the 会员评议 events); the answers are bulk-inserted (one statement per survey — 1 000 answers through
 * the answer use case would take most of the seed's time) exactly as that use case stores them
 * (invitation marked answered, anonymous response with the respondent's org and the day only), then the
 * survey's dates are moved into the past relative to today.
 */

export const SURVEYS_DEMO_UNION_TITLE = '林埭镇总工会2026年度会员评家满意度测评';
export const SURVEYS_DEMO_REPS_TITLE = '第一届会员代表大会会员代表履职评议（2026年）';
export const SURVEYS_DEMO_OPEN_TITLE = '林埭镇职工之家冬季服务会员评家';

/** Members of 林埭镇 (worker or representative memberships) the demo tops up to: 200 answer of 203. */
export const DEMO_MEMBERS = 203;
export const UNION_RESPONSES = 200;
/** The seed's 履职评价656次. */
export const REPS_RESPONSES = 656;

/** Two more (invented) companies of 林埭镇, so the per-org charts have more than two bars. */
const EXTRA_UNITS = ['林埭镇示范电子有限公司工会', '林埭镇示范服装有限公司工会'] as const;
const TEXTILE = '林埭镇示范纺织有限公司工会';
const MACHINE = '林埭镇示范机械有限公司工会';

// ---------------------------------------------------------------- helpers shared with duty.demo.ts

/** Beijing wall-clock time `days` days before `now`, e.g. daysAgo(now, 30, '09:30'). */
export const daysAgo = (now: number, days: number, time = '09:00') =>
  new Date(`${addDays(beijingDay(new Date(now)), -days)}T${time}:00+08:00`);

/** A deterministic pseudo-random sequence (the demo looks the same on every start). */
export function demoRandom(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A use-case context acting as a demo account (first membership), on `deps.database.db`. */
export async function demoActor(deps: Deps, username: string): Promise<Ctx> {
  const [row] = await deps.database.db
    .select({ user: users, m: memberships, org: orgs })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(eq(users.username, username))
    .orderBy(memberships.id)
    .limit(1);
  if (!row) throw new Error(`demo account ${username} missing`);
  return {
    db: deps.database.db,
    ip: null,
    deps,
    actor: {
      userId: row.user.id,
      username: row.user.username,
      displayName: row.user.displayName,
      sessionId: 'demo-seed',
      csrfToken: 'demo-seed',
      membership: {
        id: row.m.id,
        role: row.m.role as Role,
        orgId: row.org.id,
        orgPath: row.org.path,
        orgName: row.org.name,
        orgType: row.org.type as OrgType,
      },
    },
  };
}

/** The 云履职 demo's congress (null when that demo did not run). */
export async function demoCongress(deps: Deps) {
  const cadre = await demoActor(deps, 'ld_cadre').catch(() => null);
  if (!cadre) return null;
  const list = await listCongresses(cadre, {});
  return list.find((c) => c.name === PROPOSALS_DEMO_CONGRESS) ?? null;
}

// ---------------------------------------------------------------- members

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁沈',
];
const GIVEN = [
  '建芳',
  '秀兰',
  '卫国',
  '丽娟',
  '志刚',
  '海英',
  '金华',
  '小燕',
  '国平',
  '美玲',
  '晓峰',
  '春花',
  '文军',
  '玉梅',
  '建新',
  '雪芬',
  '红军',
  '佳怡',
  '伟明',
  '巧玲',
  '永康',
  '月英',
  '立群',
  '慧敏',
  '德明',
  '静怡',
  '根林',
  '菊芳',
];

async function orgIdOf(db: DbOrTx, name: string) {
  const [row] = await db.select().from(orgs).where(eq(orgs.name, name));
  return row ?? null;
}

/** Insert an org under a parent the way the orgs service numbers it (path = parent path + own id). */
async function ensureUnit(db: DbOrTx, parent: typeof orgs.$inferSelect, name: string) {
  const existing = await orgIdOf(db, name);
  if (existing) return existing;
  const [next] = await sqlRows<{ id: number }>(
    db,
    sql`select nextval(pg_get_serial_sequence('orgs', 'id'))::int as id`,
  );
  const id = Number(next?.id);
  const [row] = await db
    .insert(orgs)
    .values({
      id,
      parentId: parent.id,
      type: 'grassroots',
      name,
      path: `${parent.path}.${id}`,
      depth: parent.depth + 1,
    })
    .returning();
  if (!row) throw new Error(`demo org ${name} insert failed`);
  return row;
}

/**
 * Top 林埭镇's members up to DEMO_MEMBERS with invented workers, spread over four companies. Users and
 * memberships go in with one statement each (hundreds of single inserts would slow every first start);
 * the password is hashed once. Returns how many were created.
 */
async function seedMembers(db: DbOrTx, union: typeof orgs.$inferSelect): Promise<number> {
  const [have] = await sqlRows<{ n: number }>(
    db,
    sql`select count(distinct m.user_id)::int as n from memberships m join orgs o on o.id = m.org_id
      where m.role in ('worker', 'representative') and (o.path = ${union.path} or o.path like ${`${union.path}.%`})`,
  );
  const missing = DEMO_MEMBERS - Number(have?.n ?? 0);
  if (missing <= 0) return 0;
  const textile = await orgIdOf(db, TEXTILE);
  const machine = await orgIdOf(db, MACHINE);
  if (!textile || !machine) throw new Error('demo company unions missing');
  const [electronics, garments] = [
    await ensureUnit(db, union, EXTRA_UNITS[0]),
    await ensureUnit(db, union, EXTRA_UNITS[1]),
  ];
  // 30 workers each in the two companies with representatives (with 吴师傅), the rest in the others.
  const plan: { org: typeof orgs.$inferSelect; n: number }[] = [
    { org: textile, n: 29 },
    { org: machine, n: 30 },
    { org: electronics, n: 62 },
  ];
  const planned = plan.reduce((s, p) => s + p.n, 0);
  plan.push({ org: garments, n: Math.max(0, missing - planned) });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const rows: { username: string; displayName: string; orgId: number; passwordHash: string }[] = [];
  let k = 0;
  for (const p of plan) {
    for (let i = 0; i < p.n && rows.length < missing; i++) {
      const name = `${SURNAMES[k % SURNAMES.length]}${GIVEN[(k * 7 + Math.floor(k / SURNAMES.length)) % GIVEN.length]}`;
      k += 1;
      rows.push({
        username: `ld_w${String(k).padStart(3, '0')}`,
        displayName: name,
        orgId: p.org.id,
        passwordHash,
      });
    }
  }
  const created = await db.insert(users).values(rows).returning({ id: users.id, orgId: users.orgId });
  await db.insert(memberships).values(created.map((u) => ({ userId: u.id, orgId: u.orgId, role: 'worker' })));
  return created.length;
}

// ---------------------------------------------------------------- questionnaires

const unionQuestions = (): TSurveyInput['questions'] =>
  ZSurveyQuestions.parse([
    {
      id: 'overall',
      type: 'rating',
      title: '您对镇总工会今年维权服务工作的总体评价',
      scale: 5,
      satisfiedFrom: 4,
    },
    {
      id: 'activities',
      type: 'single',
      title: '您对工会组织的职工活动（技能培训、阳光学堂、文体活动）是否满意',
      countsForSatisfaction: true,
      options: [
        { id: 'very', label: '非常满意', satisfied: true },
        { id: 'yes', label: '满意', satisfied: true },
        { id: 'fair', label: '一般' },
        { id: 'no', label: '不满意' },
      ],
    },
    {
      id: 'wanted',
      type: 'multiple',
      title: '您最希望工会加强哪些服务（最多选 3 项）',
      maxChoices: 3,
      required: false,
      options: [
        { id: 'skills', label: '职业技能培训' },
        { id: 'kids', label: '职工子女托管' },
        { id: 'hardship', label: '困难帮扶' },
        { id: 'law', label: '法律援助' },
        { id: 'sports', label: '文体活动' },
        { id: 'health', label: '健康体检' },
      ],
    },
    { id: 'advice', type: 'text', title: '您对镇总工会工作的意见和建议', required: false, maxLength: 300 },
  ]);

const repsQuestions = (): TSurveyInput['questions'] =>
  ZSurveyQuestions.parse([
    {
      id: 'overall',
      type: 'rating',
      title: '您对这位会员代表今年履职情况的总体评价',
      scale: 5,
      satisfiedFrom: 4,
    },
    {
      id: 'contact',
      type: 'single',
      title: '这位代表是否听取过您的意见或向您反馈过提案办理情况',
      options: [
        { id: 'often', label: '经常' },
        { id: 'sometimes', label: '偶尔' },
        { id: 'never', label: '没有' },
      ],
    },
    { id: 'advice', type: 'text', title: '您想对这位代表说的话', required: false, maxLength: 200 },
  ]);

const ADVICE = [
  '希望多组织电工、焊工等持证技能培训，最好放在周末。',
  '阳光学堂办得很好，希望寒假也能开班。',
  '食堂夜班窗口能否多几个热菜。',
  '希望工会多到车间走走，听听一线职工的想法。',
  '职工体检能否增加女职工专项检查。',
  '困难职工帮扶的申请流程再简化一点。',
  '希望多组织篮球、羽毛球比赛。',
  '园区停车位紧张，希望工会帮忙协调。',
];
const REP_WORDS = [
  '代表经常到车间听意见，辛苦了！',
  '提的高温津贴问题解决了，谢谢代表。',
  '希望代表多反映夜班职工的困难。',
  '代表很负责，有事找他很方便。',
  '希望多反馈提案办理进度。',
];

type Answers = Record<string, number | string | string[]>;

/** Invitations of a survey with their user (whom the demo lets answer, and whom not). */
async function invitationsOf(db: DbOrTx, surveyId: number) {
  return db
    .select({
      id: surveyInvitations.id,
      userId: surveyInvitations.userId,
      username: users.username,
      subject: surveyInvitations.subjectRepId,
      orgId: surveyInvitations.orgId,
      orgPath: surveyInvitations.orgPath,
    })
    .from(surveyInvitations)
    .innerJoin(users, eq(users.id, surveyInvitations.userId))
    .where(eq(surveyInvitations.surveyId, surveyId))
    .orderBy(surveyInvitations.id);
}

type Invitation = Awaited<ReturnType<typeof invitationsOf>>[number];

/**
 * Store answers as `answerSurvey` would (scored by its own `scoreAnswers`), in bulk: one update of the
 * invitations and one insert of the responses. Anonymous surveys keep the day only.
 */
async function insertAnswers(
  db: DbOrTx,
  survey: { id: number; questions: TSurveyQuestion[] },
  answered: { inv: Invitation; answers: Answers; day: string }[],
) {
  if (answered.length === 0) return;
  const values = answered.map((a) => {
    const scored = scoreAnswers(survey.questions, a.answers);
    return {
      surveyId: survey.id,
      subjectRepId: a.inv.subject,
      orgId: a.inv.orgId,
      orgPath: a.inv.orgPath,
      respondentUserId: null,
      answers: scored.answers,
      countedAnswers: scored.counted,
      satisfiedAnswers: scored.satisfied,
      submittedOn: a.day,
    };
  });
  // PostgreSQL takes at most 65 535 parameters per statement: 500 responses × 9 columns stay well below.
  for (let i = 0; i < values.length; i += 500)
    await db.insert(surveyResponses).values(values.slice(i, i + 500));
  const stamps = answered.map((a) => ({
    id: a.inv.id,
    at: new Date(Math.min(Date.parse(`${a.day}T12:00:00+08:00`), Date.now())).toISOString(),
  }));
  await db.execute(
    sql`update survey_invitations i set responded_at = x.at::timestamptz
      from jsonb_to_recordset(${JSON.stringify(stamps)}::jsonb) as x(id int, at text) where i.id = x.id`,
  );
}

/** Days `from` … `to` days ago, the i-th of n answers falling on an even spread over them. */
const spreadDay = (now: number, from: number, to: number, i: number, n: number) =>
  beijingDay(daysAgo(now, from - Math.floor(((from - to + 1) * i) / n)));

/** 会员评家 answers where exactly `unsatisfied` of the 2 × n counted answers are not satisfied. */
function unionAnswers(n: number, unsatisfied: number, rnd: () => number): Answers[] {
  const bad = new Set<number>();
  // Spread the unsatisfied answers over responses (even slots: the rating, odd: the activities).
  for (let k = 0; bad.size < unsatisfied; k++) bad.add((k * 57 + 11) % (2 * n));
  const wanted = ['skills', 'kids', 'hardship', 'law', 'sports', 'health'];
  return Array.from({ length: n }, (_, i) => {
    const a: Answers = {
      overall: bad.has(2 * i) ? (rnd() < 0.5 ? 3 : 2) : rnd() < 0.72 ? 5 : 4,
      activities: bad.has(2 * i + 1) ? (rnd() < 0.7 ? 'fair' : 'no') : rnd() < 0.6 ? 'very' : 'yes',
    };
    if (rnd() < 0.85) {
      const first = Math.floor(rnd() * 2); // 技能培训 and 子女托管 lead, as in the seed's appeals
      const picks = new Set([wanted[first] as string, wanted[Math.floor(rnd() * wanted.length)] as string]);
      if (rnd() < 0.4) picks.add(wanted[Math.floor(rnd() * wanted.length)] as string);
      a.wanted = [...picks];
    }
    if (rnd() < 0.12) a.advice = ADVICE[Math.floor(rnd() * ADVICE.length)] as string;
    return a;
  });
}

function repsAnswers(subject: number, n: number, unsatisfied: number, rnd: () => number): Answers[] {
  return Array.from({ length: n }, (_, i) => {
    const a: Answers = {
      overall: i % 11 === 5 && i / 11 < unsatisfied ? (rnd() < 0.6 ? 3 : 2) : rnd() < 0.7 ? 5 : 4,
      contact: rnd() < 0.55 ? 'often' : rnd() < 0.8 ? 'sometimes' : 'never',
    };
    if ((i + subject) % 9 === 0) a.advice = REP_WORDS[(i + subject) % REP_WORDS.length] as string;
    return a;
  });
}

// ---------------------------------------------------------------- the demo

export interface SurveysDemoSummary {
  createdMembers: number;
  surveys: number;
  unionSurveyId: number;
  repsSurveyId: number;
  openSurveyId: number;
  responses: { union: number; representatives: number; open: number };
}

const surveyInput = (
  over: Pick<TSurveyInput, 'orgId' | 'title' | 'intro' | 'purpose' | 'opensAt' | 'closesAt' | 'questions'> & {
    congressId?: number;
  },
): TSurveyInput => ZSurveyInput.parse({ anonymous: true, ...over });

/** Seed the members and the three surveys; null when surveys exist already or the congress is missing. */
export async function seedSurveysDemo(deps: Deps, now = Date.now()): Promise<SurveysDemoSummary | null> {
  const db = deps.database.db;
  const [existing] = await db.select({ n: sql<number>`count(*)::int` }).from(surveys);
  if (Number(existing?.n ?? 0) > 0) return null;
  const congress = await demoCongress(deps);
  const union = await orgIdOf(db, PROPOSALS_DEMO_UNION);
  if (!congress || !union) return null;
  return db.transaction(async (tx) => {
    const txDeps: Deps = { ...deps, database: { ...deps.database, db: tx } };
    const createdMembers = await seedMembers(tx, union);
    const cadre = await demoActor(txDeps, 'ld_cadre');
    const rnd = demoRandom(20_260_104);

    // 1. 会员评家 of the year, finished two months ago: 200 of 203 members, 386 of 400 answers satisfied.
    const u = await createSurvey(
      cadre,
      surveyInput({
        orgId: union.id,
        title: SURVEYS_DEMO_UNION_TITLE,
        intro: '请您为镇总工会今年的维权服务工作打分，匿名填写，结果用于改进工会工作。',
        purpose: 'union',
        opensAt: daysAgo(now, 75, '09:00').toISOString(),
        closesAt: daysAgo(now, 61, '18:00').toISOString(),
        questions: unionQuestions(),
      }),
    );
    await publishSurvey(cadre, u.id, daysAgo(now, 75, '08:30'));
    const uInv = await invitationsOf(tx, u.id);
    // The last invitee of three companies did not answer (per-org rates below 100% there).
    const skipped = new Set<number>();
    for (const orgId of [...new Set(uInv.map((i) => i.orgId))].reverse()) {
      if (uInv.length - skipped.size <= UNION_RESPONSES) break;
      const last = uInv.filter((i) => i.orgId === orgId).at(-1);
      if (last) skipped.add(last.id);
    }
    const uAnswering = uInv.filter((i) => !skipped.has(i.id)).slice(0, UNION_RESPONSES);
    // 满意度 96.5%: 3.5% of the counted answers (two per response) are not satisfied.
    const uAnswers = unionAnswers(uAnswering.length, Math.round(uAnswering.length * 2 * 0.035), rnd);
    await insertAnswers(
      tx,
      u,
      uAnswering.map((inv, i) => ({
        inv,
        answers: uAnswers[i] as Answers,
        day: spreadDay(now, 75, 62, i, uAnswering.length),
      })),
    );
    await closeSurvey(cadre, u.id, daysAgo(now, 61, '18:00'));

    // 2. 会员评议代表, finished five weeks ago: 656 responses about the twenty representatives; closing it
    // announces each representative's totals, which 履职评价 turns into a 会员评议 record.
    const r = await createSurvey(
      cadre,
      surveyInput({
        orgId: union.id,
        title: SURVEYS_DEMO_REPS_TITLE,
        intro: '请为本单位的会员代表今年的履职情况打分，匿名填写，结果计入代表履职评价。',
        purpose: 'representatives',
        congressId: congress.id,
        opensAt: daysAgo(now, 50, '09:00').toISOString(),
        closesAt: daysAgo(now, 36, '18:00').toISOString(),
        questions: repsQuestions(),
      }),
    );
    await publishSurvey(cadre, r.id, daysAgo(now, 50, '08:30'));
    const rInv = await invitationsOf(tx, r.id);
    const bySubject = new Map<number, Invitation[]>();
    for (const inv of rInv) {
      if (inv.subject == null) continue;
      bySubject.set(inv.subject, [...(bySubject.get(inv.subject) ?? []), inv]);
    }
    // Round robin over the representatives until 656: each gets 32 or 33.
    const taken = new Map<number, Invitation[]>();
    for (let layer = 0, total = 0; total < REPS_RESPONSES && layer < 1000; layer++) {
      for (const [subject, list] of bySubject) {
        const inv = list[layer];
        if (!inv || total >= REPS_RESPONSES) continue;
        taken.set(subject, [...(taken.get(subject) ?? []), inv]);
        total += 1;
      }
    }
    const rAnswered: { inv: Invitation; answers: Answers; day: string }[] = [];
    let s = 0;
    for (const [subject, list] of taken) {
      const answers = repsAnswers(subject, list.length, [0, 1, 2, 1, 0, 3, 1, 2][s % 8] as number, rnd);
      s += 1;
      list.forEach((inv, i) => {
        rAnswered.push({ inv, answers: answers[i] as Answers, day: spreadDay(now, 50, 37, i, list.length) });
      });
    }
    await insertAnswers(tx, r, rAnswered);
    await closeSurvey(cadre, r.id, daysAgo(now, 36, '18:00'));

    // 3. An open 会员评家 (closes in ten days): the invented workers have partly answered; every demo
    // account (吴师傅, 沈代表 …) may still answer it.
    const o = await createSurvey(
      cadre,
      surveyInput({
        orgId: union.id,
        title: SURVEYS_DEMO_OPEN_TITLE,
        intro: '冬季送温暖、职工之家和职工书屋的服务怎么样？请您评一评。',
        purpose: 'union',
        opensAt: daysAgo(now, 4, '09:00').toISOString(),
        closesAt: daysAgo(now, -10, '18:00').toISOString(),
        questions: unionQuestions(),
      }),
    );
    await publishSurvey(cadre, o.id, daysAgo(now, 4, '08:30'));
    const oInv = (await invitationsOf(tx, o.id)).filter((i) => /^ld_w\d+$/.test(i.username));
    const oAnswering = oInv.filter((_, i) => i % 5 !== 1 && i % 5 !== 3);
    const oAnswers = unionAnswers(oAnswering.length, Math.round(oAnswering.length * 0.1), rnd);
    await insertAnswers(
      tx,
      o,
      oAnswering.map((inv, i) => ({
        inv,
        answers: oAnswers[i] as Answers,
        day: spreadDay(now, 4, 0, i, oAnswering.length),
      })),
    );
    return {
      createdMembers,
      surveys: 3,
      unionSurveyId: u.id,
      repsSurveyId: r.id,
      openSurveyId: o.id,
      responses: { union: uAnswering.length, representatives: rAnswered.length, open: oAnswering.length },
    };
  });
}
