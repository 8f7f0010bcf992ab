import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { z } from 'zod';
import { beijingDay } from '../../../shared/dates.ts';
import {
  type SurveyPurpose,
  type SurveyState,
  type SurveyStatus,
  surveyStatusOf,
  type TSurvey,
  type TSurveyAnswerInput,
  type TSurveyForMe,
  type TSurveyInput,
  type TSurveyQuestion,
  type ZListSurveysQuery,
  type ZMySurveys,
} from '../../../shared/surveys.ts';
import { type Db, type DbOrTx, sqlRows, type Tx } from '../../db/client.ts';
import { authorize, inSubtree, isWithin, requireActor } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { type Ctx, type Deps, withTx } from '../../platform/context.ts';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.ts';
import { publish } from '../../platform/events/events.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { apply, applyAsSystem, recordCreated } from '../../platform/workflow/workflow.ts';
import { congressFacts, type Seat, seatsOf } from '../proposals/seats.service.ts';
import './surveys.events.ts';
import { surveyFlow } from './surveys.flow.ts';
import { surveyInvitations, surveyResponses, surveys } from './surveys.table.ts';

/**
 * 会员评家 / 会员评议代表 / 工会评价代表 (issue #9): drafting, publishing (the roster of invitations is
 * fixed then, in SQL), closing (announcing each rated representative's totals to 履职评价), answering
 * (one compare-and-set per invitation) and the H5 views. Results live in results.service.ts.
 */

type TListSurveysQuery = z.infer<typeof ZListSurveysQuery>;
type TMySurveys = z.infer<typeof ZMySurveys>;

export type SurveyRow = typeof surveys.$inferSelect;

export const inTx = <T>(ctx: Ctx, fn: (tx: Tx) => Promise<T>): Promise<T> => (ctx.db as Db).transaction(fn);

/** a / b rounded to four places; null when b is 0. */
export const rate4 = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

export const answerPathOf = (id: number) => `/m/surveys/${id}`;

export const NOT_ON_ROSTER = '您不在本问卷的测评范围内';
export const ALREADY_ANSWERED = '您已提交过本问卷';

// ---------------------------------------------------------------- reading

export async function loadSurvey(db: DbOrTx, id: number): Promise<SurveyRow | null> {
  const [row] = await db.select().from(surveys).where(eq(surveys.id, id));
  return row ?? null;
}

interface SurveyTotals {
  eligible: number;
  responses: number;
  satisfied: number;
  counted: number;
}

/** Invitations, answered invitations and the satisfaction sums of each survey, in one query. */
export async function totalsOf(db: DbOrTx, ids: number[]): Promise<Map<number, SurveyTotals>> {
  const map = new Map<number, SurveyTotals>();
  if (ids.length === 0) return map;
  const rows = await sqlRows<{ id: number } & SurveyTotals>(
    db,
    sql`select s.id,
          (select count(*)::int from survey_invitations i where i.survey_id = s.id) as eligible,
          (select count(*)::int from survey_invitations i
             where i.survey_id = s.id and i.responded_at is not null) as responses,
          (select coalesce(sum(r.satisfied_answers), 0)::int from survey_responses r
             where r.survey_id = s.id) as satisfied,
          (select coalesce(sum(r.counted_answers), 0)::int from survey_responses r
             where r.survey_id = s.id) as counted
        from surveys s where s.id in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})`,
  );
  for (const r of rows) map.set(Number(r.id), r);
  return map;
}

/** Rows → API shape (org and creator names, congress name, figures; the status as of `now`). */
export async function toSurveys(db: DbOrTx, rows: SurveyRow[], now = new Date()): Promise<TSurvey[]> {
  if (rows.length === 0) return [];
  const totals = await totalsOf(
    db,
    rows.map((r) => r.id),
  );
  const orgIds = [...new Set(rows.map((r) => r.orgId))];
  const orgNames = new Map(
    (await db.select({ id: orgs.id, name: orgs.name }).from(orgs).where(inArray(orgs.id, orgIds))).map(
      (o) => [o.id, o.name],
    ),
  );
  const userIds = [...new Set(rows.map((r) => r.createdBy).filter((x): x is number => x != null))];
  const userNames = new Map(
    userIds.length
      ? (
          await db
            .select({ id: users.id, name: users.displayName })
            .from(users)
            .where(inArray(users.id, userIds))
        ).map((u) => [u.id, u.name])
      : [],
  );
  const congressNames = new Map<number, string>();
  for (const cid of new Set(rows.map((r) => r.congressId).filter((x): x is number => x != null))) {
    const c = await congressFacts(db, cid);
    if (c) congressNames.set(cid, c.name);
  }
  return rows.map((r) => {
    const t = totals.get(r.id) ?? { eligible: 0, responses: 0, satisfied: 0, counted: 0 };
    return {
      id: r.id,
      org: { id: r.orgId, name: orgNames.get(r.orgId) ?? '' },
      title: r.title,
      intro: r.intro,
      purpose: r.purpose as SurveyPurpose,
      congress: r.congressId ? { id: r.congressId, name: congressNames.get(r.congressId) ?? '' } : null,
      anonymous: r.anonymous,
      state: r.state as SurveyState,
      status: surveyStatusOf(r, now),
      opensAt: r.opensAt.toISOString(),
      closesAt: r.closesAt.toISOString(),
      questions: r.questions,
      eligible: t.eligible,
      responses: t.responses,
      measurementRate: rate4(t.responses, t.eligible),
      satisfaction: rate4(t.satisfied, t.counted),
      createdBy: r.createdBy ? { id: r.createdBy, name: userNames.get(r.createdBy) ?? '' } : null,
      publishedAt: r.publishedAt?.toISOString() ?? null,
      closedAt: r.closedAt?.toISOString() ?? null,
      answerPath: answerPathOf(r.id),
    };
  });
}

export async function toSurvey(db: DbOrTx, row: SurveyRow, now = new Date()): Promise<TSurvey> {
  const [s] = await toSurveys(db, [row], now);
  if (!s) throw notFound();
  return s;
}

/** The survey for staff with `action` in the subtree of its org; others' surveys are 404. */
export async function staffSurvey(ctx: Ctx, id: number, action: 'surveys.view' | 'surveys.manage') {
  const row = await loadSurvey(ctx.db, id);
  if (!row) throw notFound('问卷不存在或无权查看');
  authorize(ctx, action, { orgPath: row.orgPath });
  return row;
}

/** The SQL twin of `surveyStatusOf`: the surveys showing `status` at `now`. */
function statusWhere(status: SurveyStatus, now: Date): SQL {
  const open = eq(surveys.state, 'open');
  switch (status) {
    case 'draft':
      return eq(surveys.state, 'draft');
    case 'upcoming':
      return and(open, sql`${surveys.opensAt} > ${now}`) as SQL;
    case 'open':
      return and(open, sql`${surveys.opensAt} <= ${now}`, sql`${surveys.closesAt} >= ${now}`) as SQL;
    case 'closed':
      return sql`(${surveys.state} = 'closed' or (${open} and ${surveys.closesAt} < ${now}))`;
  }
}

export async function listSurveys(ctx: Ctx, q: TListSurveysQuery, now = new Date()) {
  const m = authorize(ctx, 'surveys.view');
  const where: SQL[] = [inSubtree(surveys.orgPath, m.orgPath)];
  if (q.orgId) {
    const org = await findOrg(ctx.db, q.orgId);
    if (!org || !isWithin(org.path, m.orgPath)) throw notFound('组织不存在或无权查看');
    where.push(inSubtree(surveys.orgPath, org.path));
  }
  if (q.state) where.push(eq(surveys.state, q.state));
  if (q.status) where.push(statusWhere(q.status, now));
  if (q.purpose) where.push(eq(surveys.purpose, q.purpose));
  if (q.congressId) where.push(eq(surveys.congressId, q.congressId));
  if (q.q) where.push(sql`${surveys.title} ilike ${`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  const cond = and(...where);
  const [total] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(surveys).where(cond);
  const rows = await ctx.db
    .select()
    .from(surveys)
    .where(cond)
    .orderBy(desc(surveys.createdAt), desc(surveys.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    items: await toSurveys(ctx.db, rows, now),
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getSurvey(ctx: Ctx, id: number): Promise<TSurvey> {
  return toSurvey(ctx.db, await staffSurvey(ctx, id, 'surveys.view'));
}

// ---------------------------------------------------------------- drafting

/** The org (in the actor's subtree) and, for the representative purposes, the congress it holds. */
async function checkInput(ctx: Ctx, input: TSurveyInput) {
  authorize(ctx, 'surveys.manage');
  const org = await findOrg(ctx.db, input.orgId);
  if (!org) throw notFound('组织不存在或无权查看');
  authorize(ctx, 'surveys.manage', { orgPath: org.path });
  let congressId: number | null = null;
  if (input.purpose !== 'union') {
    const c = input.congressId ? await congressFacts(ctx.db, input.congressId) : null;
    if (!c) throw invalidField('congressId', '评价代表的问卷须选择会员代表大会');
    if (c.orgId !== org.id) throw invalidField('congressId', '只能评价本工会会员代表大会的代表');
    if (c.state !== 'active') throw invalidField('congressId', '该届会员代表大会已结束，不能再发起评价');
    congressId = c.id;
  }
  return { org, congressId };
}

const rowValues = (input: TSurveyInput, org: { id: number; path: string }, congressId: number | null) => ({
  orgId: org.id,
  orgPath: org.path,
  title: input.title,
  intro: input.intro ?? null,
  purpose: input.purpose,
  congressId,
  anonymous: input.anonymous,
  opensAt: new Date(input.opensAt),
  closesAt: new Date(input.closesAt),
  questions: input.questions,
});

export async function createSurvey(ctx: Ctx, input: TSurveyInput): Promise<TSurvey> {
  const { org, congressId } = await checkInput(ctx, input);
  const actor = requireActor(ctx);
  const row = await inTx(ctx, async (tx) => {
    const [r] = await tx
      .insert(surveys)
      .values({ ...rowValues(input, org, congressId), createdBy: actor.userId })
      .returning();
    if (!r) throw new Error('survey insert failed');
    const c = withTx(ctx, tx);
    await recordCreated(c, surveyFlow.entityType, r.id, 'draft');
    await recordAudit(c, {
      action: 'surveys.create',
      entityType: surveyFlow.entityType,
      entityId: r.id,
      orgId: org.id,
      orgPath: org.path,
      detail: { title: r.title, purpose: r.purpose },
    });
    return r;
  });
  return toSurvey(ctx.db, row);
}

export async function updateSurvey(ctx: Ctx, id: number, input: TSurveyInput): Promise<TSurvey> {
  await staffSurvey(ctx, id, 'surveys.manage');
  const { org, congressId } = await checkInput(ctx, input);
  const row = await inTx(ctx, async (tx) => {
    const [r] = await tx
      .update(surveys)
      .set({ ...rowValues(input, org, congressId), updatedAt: new Date() })
      .where(and(eq(surveys.id, id), eq(surveys.state, 'draft')))
      .returning();
    if (!r) throw conflict('SURVEY_NOT_DRAFT', '问卷已发布，不能再修改');
    await recordAudit(withTx(ctx, tx), {
      action: 'surveys.update',
      entityType: surveyFlow.entityType,
      entityId: id,
      orgId: org.id,
      orgPath: org.path,
      detail: { title: r.title },
    });
    return r;
  });
  return toSurvey(ctx.db, row);
}

export const NOT_DRAFT_DELETE = '只能删除草稿：问卷已发布或已结束，不能删除';

/**
 * Delete a draft (nobody was invited yet, nothing was answered). A published or closed survey is 409
 * `SURVEY_NOT_DRAFT`, also when it is published while this runs (the delete is conditional on the state).
 */
export async function deleteSurvey(ctx: Ctx, id: number): Promise<void> {
  const s = await staffSurvey(ctx, id, 'surveys.manage');
  if (s.state !== 'draft') throw conflict('SURVEY_NOT_DRAFT', NOT_DRAFT_DELETE);
  await inTx(ctx, async (tx) => {
    const [gone] = await tx
      .delete(surveys)
      .where(and(eq(surveys.id, id), eq(surveys.state, 'draft')))
      .returning({ id: surveys.id });
    if (!gone) throw conflict('SURVEY_NOT_DRAFT', NOT_DRAFT_DELETE);
    await recordAudit(withTx(ctx, tx), {
      action: 'surveys.delete',
      entityType: surveyFlow.entityType,
      entityId: id,
      orgId: s.orgId,
      orgPath: s.orgPath,
      detail: { title: s.title, purpose: s.purpose },
    });
  });
}

// ---------------------------------------------------------------- publishing: the roster

const MEMBER_ROLES = sql`('worker', 'representative')`;

/** The active seats as a JSON record set the roster query cross-joins. */
const seatSet = (seats: Seat[]) =>
  sql`jsonb_to_recordset(${JSON.stringify(
    seats.map((s) => ({ id: s.id, user_id: s.userId, unit_path: s.unitPath })),
  )}::jsonb) as st(id int, user_id int, unit_path text)`;

/**
 * Insert the invitations of a survey per its purpose, in one `insert … select`; returns how many.
 * - union: each active user with a worker/representative membership in the org's subtree, once
 *   (the org of their first such membership);
 * - representatives: each (member, active seat) pair whose member's org lies in the seat's unit,
 *   the representative not rating themself;
 * - union_rates_reps: each (cadre/admin at exactly the survey's org, active seat) pair.
 */
export async function buildRoster(db: DbOrTx, s: SurveyRow): Promise<number> {
  let select: SQL;
  if (s.purpose === 'union') {
    select = sql`select distinct on (m.user_id) ${s.id}::int, m.user_id, null::int, o.id, o.path
      from memberships m join orgs o on o.id = m.org_id join users u on u.id = m.user_id
      where m.role in ${MEMBER_ROLES} and u.state = 'active' and ${inSubtree(sql`o.path`, s.orgPath)}
      order by m.user_id, m.id`;
  } else {
    const seats = s.congressId ? await seatsOf(db, s.congressId) : [];
    if (seats.length === 0) return 0;
    select =
      s.purpose === 'representatives'
        ? sql`select distinct on (m.user_id, st.id) ${s.id}::int, m.user_id, st.id, o.id, o.path
          from memberships m join orgs o on o.id = m.org_id join users u on u.id = m.user_id
          cross join ${seatSet(seats)}
          where m.role in ${MEMBER_ROLES} and u.state = 'active' and m.user_id <> st.user_id
            and (o.path = st.unit_path or o.path like st.unit_path || '.%')
            and ${inSubtree(sql`o.path`, s.orgPath)}
          order by m.user_id, st.id, m.id`
        : sql`select distinct on (m.user_id, st.id) ${s.id}::int, m.user_id, st.id, o.id, o.path
          from memberships m join orgs o on o.id = m.org_id join users u on u.id = m.user_id
          cross join ${seatSet(seats)}
          where m.role in ('cadre', 'admin') and u.state = 'active' and m.org_id = ${s.orgId}
            and m.user_id <> st.user_id
          order by m.user_id, st.id, m.id`;
  }
  const [row] = await sqlRows<{ n: number }>(
    db,
    sql`with ins as (
          insert into survey_invitations (survey_id, user_id, subject_rep_id, org_id, org_path)
          ${select}
          on conflict do nothing
          returning 1)
        select count(*)::int as n from ins`,
  );
  return Number(row?.n ?? 0);
}

export async function publishSurvey(ctx: Ctx, id: number, now = new Date()): Promise<TSurvey> {
  const s = await staffSurvey(ctx, id, 'surveys.manage');
  // Only a draft's dates matter here; for other states the flow answers 409 below.
  if (s.state === 'draft' && s.closesAt.getTime() <= now.getTime()) {
    throw conflict('SURVEY_EXPIRED', '截止时间已过，请修改截止时间后再发布');
  }
  if (s.state === 'draft' && s.congressId) {
    const c = await congressFacts(ctx.db, s.congressId);
    if (c?.state !== 'active' || c.orgId !== s.orgId) {
      throw conflict('CONGRESS_INACTIVE', '该届会员代表大会已结束，不能再发起评价');
    }
  }
  await inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    await apply(c, surveyFlow, { id, event: 'publish', orgId: s.orgId, orgPath: s.orgPath });
    const n = await buildRoster(tx, s);
    if (n === 0) {
      throw conflict('EMPTY_ROSTER', '应测评名单为空：该范围内没有可参加测评的人员，不能发布');
    }
    await tx.update(surveys).set({ publishedAt: now }).where(eq(surveys.id, id));
  });
  return getSurvey(ctx, id);
}

// ---------------------------------------------------------------- closing

/** Per representative rated (at least one response): the totals, published to 履职评价. */
async function announceEvaluations(ctx: Ctx, s: SurveyRow, at: Date): Promise<number> {
  if (s.purpose !== 'representatives' || !s.congressId) return 0;
  const rows = await sqlRows<{ rep: number; responses: number; satisfied: number; counted: number }>(
    ctx.db,
    sql`select subject_rep_id as rep, count(*)::int as responses,
          coalesce(sum(satisfied_answers), 0)::int as satisfied,
          coalesce(sum(counted_answers), 0)::int as counted
        from survey_responses where survey_id = ${s.id} and subject_rep_id is not null
        group by subject_rep_id order by subject_rep_id`,
  );
  for (const r of rows) {
    await publish(ctx, 'surveys.representative_evaluated', {
      congressId: s.congressId,
      representativeId: Number(r.rep),
      surveyId: s.id,
      surveyTitle: s.title,
      responses: Number(r.responses),
      satisfiedAnswers: Number(r.satisfied),
      countedAnswers: Number(r.counted),
      at,
    });
  }
  return rows.length;
}

export async function closeSurvey(ctx: Ctx, id: number, now = new Date()): Promise<TSurvey> {
  const s = await staffSurvey(ctx, id, 'surveys.manage');
  await inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    await apply(c, surveyFlow, { id, event: 'close', orgId: s.orgId, orgPath: s.orgPath });
    await tx.update(surveys).set({ closedAt: now }).where(eq(surveys.id, id));
    await announceEvaluations(c, s, now);
  });
  return getSurvey(ctx, id);
}

/** Job `close-surveys`: close every open survey whose closing time has passed. */
export async function closeExpiredSurveys(deps: Deps, now = new Date()): Promise<{ closed: number }> {
  const db = deps.database.db;
  const due = await db
    .select()
    .from(surveys)
    .where(and(eq(surveys.state, 'open'), sql`${surveys.closesAt} <= ${now}`));
  let closed = 0;
  for (const s of due) {
    const ok = await db.transaction(async (tx) => {
      const c: Ctx = { db: tx, actor: null, ip: null, deps };
      const [still] = await tx
        .select({ state: surveys.state })
        .from(surveys)
        .where(eq(surveys.id, s.id))
        .for('update');
      if (still?.state !== 'open') return false;
      await applyAsSystem(c, surveyFlow, {
        id: s.id,
        event: 'close',
        orgId: s.orgId,
        orgPath: s.orgPath,
        note: '已到截止时间，系统自动结束',
      });
      await tx.update(surveys).set({ closedAt: now }).where(eq(surveys.id, s.id));
      await announceEvaluations(c, s, now);
      return true;
    });
    if (ok) closed += 1;
  }
  return { closed };
}

// ---------------------------------------------------------------- QR

export async function surveyQr(ctx: Ctx, id: number, baseUrl: string) {
  const s = await staffSurvey(ctx, id, 'surveys.view');
  const url = `${baseUrl.replace(/\/+$/, '')}${answerPathOf(s.id)}`;
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return { url, svg };
}

// ---------------------------------------------------------------- answering

type AnswerValue = number | string | string[];

/**
 * Check every answer against its question (400 naming the question) and count satisfaction: the
 * answers to questions counting for satisfaction, and how many of them are satisfied.
 */
export function scoreAnswers(questions: TSurveyQuestion[], answers: Record<string, AnswerValue>) {
  const known = new Set(questions.map((q) => q.id));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) throw invalidField(`answers.${key}`, `题目不存在：${key}`);
  }
  const kept: Record<string, AnswerValue> = {};
  let counted = 0;
  let satisfied = 0;
  for (const q of questions) {
    const field = `answers.${q.id}`;
    const bad = (message: string) => invalidField(field, message);
    let v = answers[q.id];
    if (typeof v === 'string') v = v.trim();
    const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (q.required) throw bad(`请回答：${q.title}`);
      continue;
    }
    if (q.type === 'rating') {
      if (typeof v !== 'number') throw bad(`「${q.title}」请打分`);
      if (v < 1 || v > q.scale) throw bad(`「${q.title}」的评分应在 1 到 ${q.scale} 之间`);
      if (q.countsForSatisfaction) {
        counted += 1;
        if (v >= q.satisfiedFrom) satisfied += 1;
      }
    } else if (q.type === 'single') {
      if (typeof v !== 'string') throw bad(`「${q.title}」请选择一项`);
      const opt = q.options.find((o) => o.id === v);
      if (!opt) throw bad(`「${q.title}」的选项不存在`);
      if (q.countsForSatisfaction) {
        counted += 1;
        if (opt.satisfied) satisfied += 1;
      }
    } else if (q.type === 'multiple') {
      if (!Array.isArray(v)) throw bad(`「${q.title}」请选择选项`);
      if (new Set(v).size !== v.length) throw bad(`「${q.title}」的选项重复`);
      if (v.some((id) => !q.options.some((o) => o.id === id))) throw bad(`「${q.title}」的选项不存在`);
      if (q.maxChoices != null && v.length > q.maxChoices)
        throw bad(`「${q.title}」最多选 ${q.maxChoices} 项`);
    } else {
      if (typeof v !== 'string') throw bad(`「${q.title}」请填写文字`);
      if ([...v].length > q.maxLength) throw bad(`「${q.title}」最多 ${q.maxLength} 个字`);
    }
    kept[q.id] = v;
  }
  return { answers: kept, counted, satisfied };
}

/** Why the survey cannot be answered right now (its status, `surveyStatusOf`), else null. */
function windowBlock(s: SurveyRow, now: Date): string | null {
  switch (surveyStatusOf(s, now)) {
    case 'draft':
      return '问卷尚未发布';
    case 'closed':
      return '问卷已结束';
    case 'upcoming':
      return `问卷尚未开始，${beijingDay(s.opensAt)} 开始作答`;
    case 'open':
      return null;
  }
}

async function remainingOf(db: DbOrTx, surveyId: number, userId: number): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(surveyInvitations)
    .where(
      and(
        eq(surveyInvitations.surveyId, surveyId),
        eq(surveyInvitations.userId, userId),
        sql`${surveyInvitations.respondedAt} is null`,
      ),
    );
  return Number(r?.n ?? 0);
}

export async function answerSurvey(ctx: Ctx, id: number, input: TSurveyAnswerInput, now = new Date()) {
  const actor = requireActor(ctx);
  const s = await loadSurvey(ctx.db, id);
  if (!s || s.state === 'draft') throw notFound('问卷不存在');
  const [invited] = await ctx.db
    .select({ id: surveyInvitations.id })
    .from(surveyInvitations)
    .where(and(eq(surveyInvitations.surveyId, id), eq(surveyInvitations.userId, actor.userId)))
    .limit(1);
  if (!invited) throw forbidden(NOT_ON_ROSTER, 'NOT_ON_ROSTER');
  const blocked = windowBlock(s, now);
  if (blocked) throw conflict('SURVEY_NOT_OPEN', blocked);
  const subject = input.subjectRepresentativeId ?? null;
  if (s.purpose === 'union' && subject != null) {
    throw invalidField('subjectRepresentativeId', '会员评家问卷不评价代表');
  }
  if (s.purpose !== 'union' && subject == null) {
    throw invalidField('subjectRepresentativeId', '请选择要评价的代表');
  }
  const scored = scoreAnswers(s.questions, input.answers);
  return inTx(ctx, async (tx) => {
    // Compare-and-set: of concurrent submits for one invitation exactly one finds it unanswered.
    const [inv] = await sqlRows<{ org_id: number; org_path: string }>(
      tx,
      sql`update survey_invitations set responded_at = now()
          where survey_id = ${id} and user_id = ${actor.userId}
            and coalesce(subject_rep_id, 0) = ${subject ?? 0} and responded_at is null
          returning org_id, org_path`,
    );
    if (!inv) {
      const [exists] = await tx
        .select({ id: surveyInvitations.id })
        .from(surveyInvitations)
        .where(
          and(
            eq(surveyInvitations.surveyId, id),
            eq(surveyInvitations.userId, actor.userId),
            sql`coalesce(${surveyInvitations.subjectRepId}, 0) = ${subject ?? 0}`,
          ),
        );
      if (!exists) throw forbidden(NOT_ON_ROSTER, 'NOT_ON_ROSTER');
      throw conflict('ALREADY_ANSWERED', ALREADY_ANSWERED);
    }
    await tx.insert(surveyResponses).values({
      surveyId: id,
      subjectRepId: subject,
      orgId: Number(inv.org_id),
      orgPath: inv.org_path,
      // Anonymous: neither who nor when (beyond the day) is kept with the answers.
      respondentUserId: s.anonymous ? null : actor.userId,
      answers: scored.answers,
      countedAnswers: scored.counted,
      satisfiedAnswers: scored.satisfied,
      submittedOn: beijingDay(now),
    });
    await recordAudit(withTx(ctx, tx), {
      action: 'surveys.answer',
      entityType: surveyFlow.entityType,
      entityId: id,
      orgId: s.orgId,
      orgPath: s.orgPath,
      detail: { anonymous: s.anonymous },
    });
    return { ok: true as const, remaining: await remainingOf(tx, id, actor.userId) };
  });
}

/** The surveys the caller is on the roster of (published ones), newest closing first. */
export async function mySurveys(ctx: Ctx, now = new Date()): Promise<TMySurveys> {
  const actor = requireActor(ctx);
  const rows = await sqlRows<{
    id: number;
    title: string;
    org: string;
    purpose: SurveyPurpose;
    state: SurveyState;
    opens_at: Date | string;
    closes_at: Date | string;
    invitations: number;
    answered: number;
  }>(
    ctx.db,
    sql`select s.id, s.title, o.name as org, s.purpose, s.state, s.opens_at, s.closes_at,
          count(*)::int as invitations, count(i.responded_at)::int as answered
        from survey_invitations i join surveys s on s.id = i.survey_id join orgs o on o.id = s.org_id
        where i.user_id = ${actor.userId} and s.state <> 'draft'
        group by s.id, o.name
        order by (s.state = 'open') desc, s.closes_at desc, s.id desc`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    org: r.org,
    purpose: r.purpose,
    state: r.state,
    status: surveyStatusOf(
      { state: r.state, opensAt: new Date(r.opens_at), closesAt: new Date(r.closes_at) },
      now,
    ),
    opensAt: new Date(r.opens_at).toISOString(),
    closesAt: new Date(r.closes_at).toISOString(),
    invitations: Number(r.invitations),
    answered: Number(r.answered),
  }));
}

/** The H5 answer page: the survey, whom the caller rates, and why they cannot answer (if so). */
export async function surveyForMe(ctx: Ctx, id: number, now = new Date()): Promise<TSurveyForMe> {
  const actor = requireActor(ctx);
  const s = await loadSurvey(ctx.db, id);
  if (!s || s.state === 'draft') throw notFound('问卷不存在');
  const invs = await ctx.db
    .select({ subject: surveyInvitations.subjectRepId, respondedAt: surveyInvitations.respondedAt })
    .from(surveyInvitations)
    .where(and(eq(surveyInvitations.surveyId, id), eq(surveyInvitations.userId, actor.userId)))
    .orderBy(surveyInvitations.id);
  const seats =
    s.congressId && invs.some((i) => i.subject != null) ? await seatsOf(ctx.db, s.congressId, true) : [];
  const seatById = new Map(seats.map((x) => [x.id, x]));
  const invitations = invs.map((i) => {
    const seat = i.subject != null ? seatById.get(i.subject) : undefined;
    return {
      subject:
        i.subject != null
          ? {
              representativeId: i.subject,
              name: seat?.name ?? '',
              org: seat?.orgName ?? '',
              delegation: seat?.delegation ?? '',
            }
          : null,
      answered: i.respondedAt != null,
    };
  });
  let blockedReason: string | null = null;
  if (invs.length === 0) blockedReason = NOT_ON_ROSTER;
  else
    blockedReason = windowBlock(s, now) ?? (invitations.every((i) => i.answered) ? ALREADY_ANSWERED : null);
  return { survey: await toSurvey(ctx.db, s, now), invitations, blockedReason };
}
