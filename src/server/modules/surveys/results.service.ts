import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import {
  measurementRateDefinition,
  questionTypeLabels,
  satisfactionDefinition,
  surveyPurposeLabels,
  surveyStateLabels,
  type TSurveyResults,
  type ZQuestionResult,
  type ZSurveyResultsQuery,
} from '../../../shared/surveys.ts';
import { type DbOrTx, sqlRows } from '../../db/client.ts';
import { isWithin } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { type Sheet, writeSheets } from '../../platform/excel/excel.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';
import { seatsOf } from '../proposals/seats.service.ts';
import { rate4, type SurveyRow, staffSurvey, toSurvey, totalsOf } from './surveys.service.ts';

/**
 * Survey results (issue #9), all counted in SQL over the invitations and responses: totals, measurement
 * rate and satisfaction (definitions in shared/surveys.ts), per question, per org one level below the
 * survey's org (or below a drill-down org in its subtree), per representative rated, per day; and the
 * Excel export of the same figures.
 */

type TQuestionResult = z.infer<typeof ZQuestionResult>;
type TResultsQuery = z.infer<typeof ZSurveyResultsQuery>;

const round2 = (x: number) => Math.round(x * 100) / 100;
/** At most this many days in the daily series (a survey open for years shows its last year). */
const MAX_DAYS = 366;

const idList = (ids: string[]) =>
  sql.join(
    ids.map((i) => sql`${i}`),
    sql`, `,
  );

async function questionResults(db: DbOrTx, s: SurveyRow): Promise<TQuestionResult[]> {
  const qs = s.questions;
  const answered = new Map<string, number>();
  for (const r of await sqlRows<{ key: string; n: number }>(
    db,
    sql`select e.key, count(*)::int as n
        from survey_responses r cross join jsonb_each(r.answers) e
        where r.survey_id = ${s.id} group by e.key`,
  )) {
    answered.set(r.key, Number(r.n));
  }
  // Counts per value of rating and single-choice answers, per option of multiple-choice answers.
  const scalarIds = qs.filter((q) => q.type === 'rating' || q.type === 'single').map((q) => q.id);
  const multiIds = qs.filter((q) => q.type === 'multiple').map((q) => q.id);
  const textIds = qs.filter((q) => q.type === 'text').map((q) => q.id);
  const counts = new Map<string, number>();
  if (scalarIds.length) {
    for (const r of await sqlRows<{ key: string; v: string; n: number }>(
      db,
      sql`select e.key, e.value #>> '{}' as v, count(*)::int as n
          from survey_responses r cross join jsonb_each(r.answers) e
          where r.survey_id = ${s.id} and e.key in (${idList(scalarIds)})
          group by e.key, e.value #>> '{}'`,
    )) {
      counts.set(`${r.key}\u0000${r.v}`, Number(r.n));
    }
  }
  if (multiIds.length) {
    for (const r of await sqlRows<{ key: string; v: string; n: number }>(
      db,
      sql`select e.key, o.v, count(*)::int as n
          from survey_responses r cross join jsonb_each(r.answers) e
            cross join jsonb_array_elements_text(e.value) as o(v)
          where r.survey_id = ${s.id} and e.key in (${idList(multiIds)}) and jsonb_typeof(e.value) = 'array'
          group by e.key, o.v`,
    )) {
      counts.set(`${r.key}\u0000${r.v}`, Number(r.n));
    }
  }
  const texts = new Map<string, string[]>();
  for (const id of textIds) {
    const rows = await sqlRows<{ v: string }>(
      db,
      sql`select r.answers ->> ${id} as v from survey_responses r
          where r.survey_id = ${s.id} and r.answers -> ${id} is not null
          order by r.submitted_on desc, r.id limit 50`,
    );
    texts.set(
      id,
      rows.map((r) => r.v),
    );
  }
  const count = (qid: string, v: string) => counts.get(`${qid}\u0000${v}`) ?? 0;
  return qs.map((q) => {
    const n = answered.get(q.id) ?? 0;
    const base = {
      id: q.id,
      title: q.title,
      type: q.type,
      answers: n,
      average: null,
      satisfaction: null,
      texts: [],
    };
    if (q.type === 'rating') {
      const distribution = Array.from({ length: q.scale }, (_, i) => {
        const v = i + 1;
        return {
          key: String(v),
          label: `${v} 分`,
          count: count(q.id, String(v)),
          satisfied: v >= q.satisfiedFrom,
        };
      });
      const sum = distribution.reduce((a, d) => a + Number(d.key) * d.count, 0);
      const sat = distribution.filter((d) => d.satisfied).reduce((a, d) => a + d.count, 0);
      return {
        ...base,
        distribution,
        average: n > 0 ? round2(sum / n) : null,
        satisfaction: q.countsForSatisfaction ? rate4(sat, n) : null,
      };
    }
    if (q.type === 'single' || q.type === 'multiple') {
      const distribution = q.options.map((o) => ({
        key: o.id,
        label: o.label,
        count: count(q.id, o.id),
        satisfied: o.satisfied,
      }));
      const sat = distribution.filter((d) => d.satisfied).reduce((a, d) => a + d.count, 0);
      return {
        ...base,
        distribution,
        satisfaction: q.type === 'single' && q.countsForSatisfaction ? rate4(sat, n) : null,
      };
    }
    return { ...base, distribution: [], texts: texts.get(q.id) ?? [] };
  });
}

/** Per org one level below `root` (plus `root` itself when people were invited right there). */
async function orgResults(db: DbOrTx, surveyId: number, root: { id: number; name: string; path: string }) {
  const rows = await sqlRows<{
    id: number;
    name: string;
    eligible: number;
    responses: number;
    satisfied: number;
    counted: number;
  }>(
    db,
    sql`with units as (
          select id, name, path, false as own, path as sort from orgs where parent_id = ${root.id}
          union all select ${root.id}::int, ${root.name}::text, ${root.path}::text, true, ''::text),
        inv as (
          select u.id, count(i.id)::int as eligible, count(i.responded_at)::int as responses
          from units u join survey_invitations i on i.survey_id = ${surveyId}
            and (case when u.own then i.org_path = u.path
                      else (i.org_path = u.path or i.org_path like u.path || '.%') end)
          group by u.id),
        res as (
          select u.id, coalesce(sum(r.satisfied_answers), 0)::int as satisfied,
            coalesce(sum(r.counted_answers), 0)::int as counted
          from units u join survey_responses r on r.survey_id = ${surveyId}
            and (case when u.own then r.org_path = u.path
                      else (r.org_path = u.path or r.org_path like u.path || '.%') end)
          group by u.id)
        select u.id, u.name, inv.eligible, inv.responses,
          coalesce(res.satisfied, 0)::int as satisfied, coalesce(res.counted, 0)::int as counted
        from units u join inv on inv.id = u.id left join res on res.id = u.id
        where inv.eligible > 0
        order by u.own desc, u.name, u.id`,
  );
  return rows.map((r) => ({
    org: { id: Number(r.id), name: r.name },
    eligible: Number(r.eligible),
    responses: Number(r.responses),
    measurementRate: rate4(Number(r.responses), Number(r.eligible)),
    satisfaction: rate4(Number(r.satisfied), Number(r.counted)),
  }));
}

async function subjectResults(db: DbOrTx, s: SurveyRow) {
  if (s.purpose === 'union' || !s.congressId) return [];
  const ratingIds = s.questions.filter((q) => q.type === 'rating').map((q) => q.id);
  const rows = await sqlRows<{
    rep: number;
    eligible: number;
    responses: number;
    satisfied: number | null;
    counted: number | null;
  }>(
    db,
    sql`with inv as (
          select subject_rep_id as rep, count(*)::int as eligible, count(responded_at)::int as responses
          from survey_invitations where survey_id = ${s.id} and subject_rep_id is not null
          group by subject_rep_id),
        res as (
          select subject_rep_id as rep, sum(satisfied_answers)::int as satisfied,
            sum(counted_answers)::int as counted
          from survey_responses where survey_id = ${s.id} group by subject_rep_id)
        select inv.rep, inv.eligible, inv.responses, res.satisfied, res.counted
        from inv left join res on res.rep = inv.rep`,
  );
  const averages = new Map<number, { sum: number; n: number }>();
  if (ratingIds.length) {
    for (const r of await sqlRows<{ rep: number; total: string; n: number }>(
      db,
      sql`select r.subject_rep_id as rep, sum((e.value #>> '{}')::numeric)::text as total, count(*)::int as n
          from survey_responses r cross join jsonb_each(r.answers) e
          where r.survey_id = ${s.id} and e.key in (${idList(ratingIds)})
          group by r.subject_rep_id`,
    )) {
      averages.set(Number(r.rep), { sum: Number(r.total), n: Number(r.n) });
    }
  }
  const seats = new Map((await seatsOf(db, s.congressId, true)).map((x) => [x.id, x]));
  return rows
    .map((r) => {
      const seat = seats.get(Number(r.rep));
      const avg = averages.get(Number(r.rep));
      return {
        representative: { id: Number(r.rep), name: seat?.name ?? '', delegation: seat?.delegation ?? '' },
        eligible: Number(r.eligible),
        responses: Number(r.responses),
        satisfaction: rate4(Number(r.satisfied ?? 0), Number(r.counted ?? 0)),
        average: avg && avg.n > 0 ? round2(avg.sum / avg.n) : null,
      };
    })
    .sort(
      (a, b) =>
        a.representative.delegation.localeCompare(b.representative.delegation, 'zh-CN') ||
        a.representative.name.localeCompare(b.representative.name, 'zh-CN') ||
        a.representative.id - b.representative.id,
    );
}

async function dailyResults(db: DbOrTx, s: SurveyRow, now: Date) {
  const rows = await sqlRows<{ day: string; n: number }>(
    db,
    sql`select to_char(submitted_on, 'YYYY-MM-DD') as day, count(*)::int as n
        from survey_responses where survey_id = ${s.id} group by submitted_on`,
  );
  const byDay = new Map(rows.map((r) => [r.day, Number(r.n)]));
  if (s.state === 'draft') return [];
  const last = beijingDay(new Date(Math.min(now.getTime(), (s.closedAt ?? s.closesAt).getTime())));
  let day = beijingDay(s.opensAt);
  for (const d of byDay.keys()) if (d < day) day = d;
  let end = last;
  for (const d of byDay.keys()) if (d > end) end = d;
  const out: { day: string; responses: number }[] = [];
  while (day <= end) {
    out.push({ day, responses: byDay.get(day) ?? 0 });
    day = addDays(day, 1);
  }
  return out.slice(-MAX_DAYS);
}

export async function getResults(
  ctx: Ctx,
  id: number,
  q: TResultsQuery,
  now = new Date(),
): Promise<TSurveyResults> {
  const s = await staffSurvey(ctx, id, 'surveys.view');
  let root = { id: s.orgId, path: s.orgPath, name: '' };
  const org = await findOrg(ctx.db, q.orgId ?? s.orgId);
  if (!org || !isWithin(org.path, s.orgPath)) throw notFound('组织不存在或不在本问卷范围内');
  root = { id: org.id, path: org.path, name: org.name };
  const totals = (await totalsOf(ctx.db, [s.id])).get(s.id);
  return {
    survey: await toSurvey(ctx.db, s),
    satisfiedAnswers: totals?.satisfied ?? 0,
    countedAnswers: totals?.counted ?? 0,
    satisfactionDefinition,
    measurementRateDefinition,
    questions: await questionResults(ctx.db, s),
    orgs: await orgResults(ctx.db, s.id, root),
    subjects: await subjectResults(ctx.db, s),
    daily: await dailyResults(ctx.db, s, now),
  };
}

const pct = (x: number | null) => (x == null ? '—' : `${(x * 100).toFixed(2)}%`);

export async function exportResults(ctx: Ctx, id: number) {
  const r = await getResults(ctx, id, {});
  const s = r.survey;
  const sheets: Sheet[] = [
    {
      name: '概况',
      headers: [
        { header: '项目', width: 16 },
        { header: '内容', width: 60 },
      ],
      rows: [
        ['问卷', s.title],
        ['发起工会', s.org.name],
        ['评价类型', surveyPurposeLabels[s.purpose]],
        ['会员代表大会', s.congress?.name ?? '—'],
        ['状态', surveyStateLabels[s.state]],
        ['匿名', s.anonymous ? '是' : '否'],
        ['开始时间', s.opensAt],
        ['截止时间', s.closesAt],
        ['应测评人次', s.eligible],
        ['已作答人次', s.responses],
        ['测评率', pct(s.measurementRate)],
        ['满意答案数', r.satisfiedAnswers],
        ['计入满意度的答案数', r.countedAnswers],
        ['满意度', pct(s.satisfaction)],
        ['测评率口径', measurementRateDefinition],
        ['满意度口径', satisfactionDefinition],
      ],
    },
    {
      name: '各题统计',
      headers: [
        { header: '题号', width: 8 },
        { header: '题目', width: 36 },
        { header: '题型', width: 8 },
        { header: '选项/分值', width: 20 },
        { header: '人数', width: 8 },
        { header: '作答数', width: 8 },
        { header: '平均分', width: 8 },
        { header: '满意度', width: 10 },
      ],
      rows: r.questions.flatMap((q, i) =>
        (q.distribution.length ? q.distribution : [null]).map((d) => [
          i + 1,
          q.title,
          questionTypeLabels[q.type],
          d ? `${d.label}${d.satisfied ? '（满意）' : ''}` : '文字意见见“文字意见”表',
          d ? d.count : null,
          q.answers,
          q.average,
          pct(q.satisfaction),
        ]),
      ),
    },
    {
      name: '各单位',
      headers: [
        { header: '单位', width: 36 },
        { header: '应测评人次', width: 12 },
        { header: '已作答人次', width: 12 },
        { header: '测评率', width: 10 },
        { header: '满意度', width: 10 },
      ],
      rows: r.orgs.map((o) => [
        o.org.name,
        o.eligible,
        o.responses,
        pct(o.measurementRate),
        pct(o.satisfaction),
      ]),
    },
  ];
  if (s.purpose !== 'union') {
    sheets.push({
      name: '各代表',
      headers: [
        { header: '代表', width: 12 },
        { header: '代表小组', width: 24 },
        { header: '应测评人次', width: 12 },
        { header: '已作答人次', width: 12 },
        { header: '满意度', width: 10 },
        { header: '平均分', width: 10 },
      ],
      rows: r.subjects.map((x) => [
        x.representative.name,
        x.representative.delegation,
        x.eligible,
        x.responses,
        pct(x.satisfaction),
        x.average,
      ]),
    });
  }
  sheets.push({
    name: '文字意见',
    headers: [
      { header: '题目', width: 36 },
      { header: '意见（最近 50 条，不含作答人）', width: 80 },
    ],
    rows: r.questions.flatMap((q) => q.texts.map((t) => [q.title, t])),
  });
  const buffer = await writeSheets(sheets);
  await recordAudit(ctx, {
    action: 'surveys.export',
    entityType: 'surveys.survey',
    entityId: s.id,
    orgId: s.org.id,
    detail: { title: s.title },
  });
  return { buffer, survey: s };
}
