import { and, eq, inArray, isNotNull, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Role } from '../../../shared/auth.ts';
import { beijingDay } from '../../../shared/dates.ts';
import {
  type BoardStep,
  boardStepLabels,
  DEFAULT_GRACE_DAYS,
  type SuperviseSubject,
  superviseSubjectLabels,
  type TBoard,
  type TBoardItem,
  type ZBoardQuery,
} from '../../../shared/proposals.ts';
import type { DbOrTx } from '../../db/client.ts';
import { authorize, inSubtree, isWithin } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { membersOf } from '../../platform/notify/recipients.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { appeals, congresses, proposals, referrals, superviseNotices } from './proposals.table.ts';

/**
 * 督办 (issue #8): every open step with a deadline — proposals (review, assign and handle, supervise,
 * rating), appeals (triage, handling) and referrals to the governance platform — is watched. The board
 * shows what is overdue or due within 24 hours, who must act, the reminders sent and where it was
 * escalated. The `supervise-deadlines` job sends, at most once per deadline (supervise_notices' unique
 * key, written in the same transaction as the notifications):
 *   level 0 — due within a day: a heads-up to whoever must act;
 *   level 1 — the deadline missed: a reminder to the acting org;
 *   level 2 — still not done `graceDays` after the reminder: escalated to the cadres and admins of the
 *             acting org's parent org.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One open step with a deadline, and who must act on it. */
export interface Watched {
  subject: SuperviseSubject;
  id: number;
  code: string;
  title: string;
  step: BoardStep;
  /** The org that must act now. */
  actingOrgId: number;
  /** The union the record belongs to. */
  unionOrgId: number;
  orgPath: string;
  dueAt: Date;
  graceDays: number;
  /** Users who must act, when they are one person rather than an org's staff (the proposer rating). */
  actingUserIds: number[];
  /** Roles in the acting org that hear of it. */
  roles: readonly Role[];
  /** The union's console page (escalations, the union's cadres). */
  link: string;
  /** The page of whoever must act (a handling unit's 承办 page, the proposer's H5 page, the partner's). */
  actingLink: string;
}

const staff: readonly Role[] = ['cadre', 'admin'];
const handlers: readonly Role[] = ['cadre', 'admin', 'partner'];

/** Congress grace days of a union (its active congress), else the default. */
const graceOf = (orgIdCol: SQL | typeof appeals.orgId | typeof referrals.orgId) =>
  sql<number>`coalesce((select c.grace_days from congresses c where c.org_id = ${orgIdCol} and c.state = 'active' order by c.term_no desc limit 1), ${DEFAULT_GRACE_DAYS})`;

/** Open steps due before `horizon`, optionally only in a subtree. */
export async function watchedSteps(db: DbOrTx, horizon: Date, path?: string): Promise<Watched[]> {
  const out: Watched[] = [];
  const pRows = await db
    .select({
      id: proposals.id,
      code: proposals.code,
      title: proposals.title,
      state: proposals.state,
      orgId: proposals.orgId,
      orgPath: proposals.orgPath,
      leadOrgId: proposals.leadOrgId,
      dueAt: proposals.dueAt,
      proposer: proposals.proposerUserId,
      graceDays: congresses.graceDays,
    })
    .from(proposals)
    .innerJoin(congresses, eq(congresses.id, proposals.congressId))
    .where(
      and(
        inArray(proposals.state, ['submitted', 'filed', 'handling', 'replied', 'feedback']),
        isNotNull(proposals.dueAt),
        lte(proposals.dueAt, horizon),
        path ? inSubtree(proposals.orgPath, path) : undefined,
      ),
    );
  for (const p of pRows) {
    if (!p.dueAt) continue;
    const base = {
      subject: 'proposal' as const,
      id: p.id,
      code: p.code,
      title: p.title,
      unionOrgId: p.orgId,
      orgPath: p.orgPath,
      dueAt: p.dueAt,
      graceDays: p.graceDays,
      link: `/proposals/${p.id}`,
      actingLink: `/proposals/${p.id}`,
    };
    if (p.state === 'submitted') {
      out.push({ ...base, step: 'review', actingOrgId: p.orgId, actingUserIds: [], roles: ['reviewer'] });
    } else if (p.state === 'filed' || (p.state === 'handling' && !p.leadOrgId)) {
      out.push({ ...base, step: 'handle', actingOrgId: p.orgId, actingUserIds: [], roles: staff });
    } else if (p.state === 'handling' && p.leadOrgId) {
      out.push({
        ...base,
        step: 'handle',
        actingOrgId: p.leadOrgId,
        actingUserIds: [],
        roles: handlers,
        actingLink: `/proposals/handling/${p.id}`,
      });
    } else if (p.state === 'replied') {
      out.push({ ...base, step: 'supervise', actingOrgId: p.orgId, actingUserIds: [], roles: staff });
    } else if (p.state === 'feedback') {
      // The proposer rates; the union hears of it with them.
      out.push({
        ...base,
        step: 'feedback',
        actingOrgId: p.orgId,
        actingUserIds: [p.proposer],
        roles: [],
        actingLink: `/m/congress/proposals/${p.id}`,
      });
    }
  }

  const aRows = await db
    .select({
      id: appeals.id,
      code: appeals.code,
      title: appeals.title,
      state: appeals.state,
      orgId: appeals.orgId,
      orgPath: appeals.orgPath,
      handlerOrgId: appeals.handlerOrgId,
      dueAt: appeals.dueAt,
      graceDays: graceOf(appeals.orgId),
    })
    .from(appeals)
    .where(
      and(
        inArray(appeals.state, ['open', 'handling']),
        isNotNull(appeals.dueAt),
        lte(appeals.dueAt, horizon),
        path ? inSubtree(appeals.orgPath, path) : undefined,
      ),
    );
  for (const a of aRows) {
    if (!a.dueAt) continue;
    const triage = a.state === 'open';
    out.push({
      subject: 'appeal',
      id: a.id,
      code: a.code,
      title: a.title,
      step: triage ? 'triage' : 'appeal_handle',
      actingOrgId: triage ? a.orgId : (a.handlerOrgId ?? a.orgId),
      unionOrgId: a.orgId,
      orgPath: a.orgPath,
      dueAt: a.dueAt,
      graceDays: Number(a.graceDays),
      actingUserIds: [],
      roles: triage ? staff : handlers,
      link: `/appeals/${a.id}`,
      actingLink: `/appeals/${a.id}`,
    });
  }

  const rRows = await db
    .select({
      id: referrals.id,
      code: referrals.code,
      title: appeals.title,
      orgId: referrals.orgId,
      orgPath: referrals.orgPath,
      partnerOrgId: referrals.partnerOrgId,
      dueAt: referrals.dueAt,
      graceDays: graceOf(referrals.orgId),
    })
    .from(referrals)
    .innerJoin(appeals, eq(appeals.id, referrals.appealId))
    .where(
      and(
        ne(referrals.state, 'answered'),
        lte(referrals.dueAt, horizon),
        path ? inSubtree(referrals.orgPath, path) : undefined,
      ),
    );
  for (const r of rRows) {
    out.push({
      subject: 'referral',
      id: r.id,
      code: r.code,
      title: r.title,
      step: 'referral',
      actingOrgId: r.partnerOrgId,
      unionOrgId: r.orgId,
      orgPath: r.orgPath,
      dueAt: r.dueAt,
      graceDays: Number(r.graceDays),
      actingUserIds: [],
      roles: ['partner'],
      link: `/referrals/${r.id}`,
      actingLink: `/referrals/assigned/${r.id}`,
    });
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);
}

type NoticeRow = typeof superviseNotices.$inferSelect;

async function noticesFor(db: DbOrTx, items: Watched[]): Promise<Map<string, NoticeRow[]>> {
  const byKey = new Map<string, NoticeRow[]>();
  if (items.length === 0) return byKey;
  const rows: NoticeRow[] = [];
  for (const subject of ['proposal', 'appeal', 'referral'] as const) {
    const ids = items.filter((i) => i.subject === subject).map((i) => i.id);
    if (ids.length === 0) continue;
    rows.push(
      ...(await db
        .select()
        .from(superviseNotices)
        .where(and(eq(superviseNotices.subject, subject), inArray(superviseNotices.subjectId, ids)))),
    );
  }
  for (const n of rows) {
    const key = noticeKey(n.subject, n.subjectId, n.step, n.dueAt);
    byKey.set(key, [...(byKey.get(key) ?? []), n]);
  }
  return byKey;
}

const noticeKey = (subject: string, id: number, step: string, dueAt: Date) =>
  `${subject}:${id}:${step}:${dueAt.getTime()}`;

/** Whole Beijing days past the deadline (0 when not past). */
export function overdueDays(dueAt: Date, now: Date): number {
  if (dueAt.getTime() >= now.getTime()) return 0;
  return Math.max(0, Math.round((Date.parse(beijingDay(now)) - Date.parse(beijingDay(dueAt))) / DAY));
}

/** 督办看板: the union's staff and readers see their subtree's watched steps. */
export async function getBoard(ctx: Ctx, q: z.infer<typeof ZBoardQuery>, now = new Date()): Promise<TBoard> {
  const m = authorize(ctx, 'proposals.view');
  let path = m.orgPath;
  if (q.orgId) {
    const org = await findOrg(ctx.db, q.orgId);
    if (!org || !isWithin(org.path, m.orgPath)) throw notFound('组织不存在或无权查看');
    path = org.path;
  }
  const watched = (await watchedSteps(ctx.db, new Date(now.getTime() + DAY), path)).filter(
    (w) => !q.subject || w.subject === q.subject,
  );
  const notices = await noticesFor(ctx.db, watched);
  const orgIds = new Set<number>();
  for (const w of watched) orgIds.add(w.actingOrgId);
  for (const list of notices.values()) for (const n of list) orgIds.add(n.orgId);
  const names = new Map<number, string>();
  if (orgIds.size > 0) {
    const rows = await ctx.db
      .select({ id: orgs.id, name: orgs.name })
      .from(orgs)
      .where(inArray(orgs.id, [...orgIds]));
    for (const r of rows) names.set(r.id, r.name);
  }
  const items: TBoardItem[] = watched.map((w) => {
    const sent = notices.get(noticeKey(w.subject, w.id, w.step, w.dueAt)) ?? [];
    const escalation = sent.find((n) => n.level === 2);
    const last = sent.reduce<Date | null>((acc, n) => (acc && acc > n.sentAt ? acc : n.sentAt), null);
    const overdue = w.dueAt.getTime() < now.getTime();
    return {
      subject: w.subject,
      id: w.id,
      code: w.code,
      title: w.title,
      step: w.step,
      handler: { id: w.actingOrgId, name: names.get(w.actingOrgId) ?? '' },
      dueAt: w.dueAt.toISOString(),
      overdueDays: overdueDays(w.dueAt, now),
      status: escalation ? 'escalated' : overdue ? 'overdue' : 'due_soon',
      remindersSent: sent.length,
      escalatedTo: escalation ? { id: escalation.orgId, name: names.get(escalation.orgId) ?? '' } : null,
      lastReminderAt: last?.toISOString() ?? null,
    };
  });
  const counts = {
    dueSoon: items.filter((i) => i.status === 'due_soon').length,
    overdue: items.filter((i) => i.status === 'overdue').length,
    escalated: items.filter((i) => i.status === 'escalated').length,
  };
  return { items: q.status ? items.filter((i) => i.status === q.status) : items, counts };
}

// ---------------------------------------------------------------- the job

export interface SuperviseCounts {
  headsUp: number;
  reminders: number;
  escalations: number;
  notified: number;
}

const beijingTime = (d: Date) =>
  `${beijingDay(d)} ${new Date(d.getTime() + 8 * HOUR).toISOString().slice(11, 16)}`;

/**
 * Send the notices due at `now` (injected in tests). Each (record, step, deadline, level) is sent once:
 * the notice row is inserted first (on conflict nothing), and only the run that inserted it notifies.
 */
export async function superviseDeadlines(deps: Deps, now = new Date()): Promise<SuperviseCounts> {
  const db = deps.database.db;
  const watched = await watchedSteps(db, new Date(now.getTime() + DAY));
  const notices = await noticesFor(db, watched);
  const counts: SuperviseCounts = { headsUp: 0, reminders: 0, escalations: 0, notified: 0 };
  for (const w of watched) {
    const sent = notices.get(noticeKey(w.subject, w.id, w.step, w.dueAt)) ?? [];
    const has = (level: number) => sent.find((n) => n.level === level);
    const overdue = w.dueAt.getTime() < now.getTime();
    let level: 0 | 1 | 2 | null = null;
    const reminder = has(1);
    if (reminder && !has(2) && reminder.sentAt.getTime() + w.graceDays * DAY <= now.getTime()) level = 2;
    else if (overdue && !reminder) level = 1;
    else if (!overdue && !has(0) && !reminder) level = 0;
    if (level === null) continue;
    const n = await sendNotice(deps, w, level, now);
    if (n === null) continue;
    counts.notified += n;
    if (level === 0) counts.headsUp += 1;
    else if (level === 1) counts.reminders += 1;
    else counts.escalations += 1;
  }
  return counts;
}

async function sendNotice(deps: Deps, w: Watched, level: 0 | 1 | 2, now: Date): Promise<number | null> {
  return deps.database.db.transaction(async (tx) => {
    let targetOrgId = w.actingOrgId;
    if (level === 2) {
      const [acting] = await tx
        .select({ parentId: orgs.parentId })
        .from(orgs)
        .where(eq(orgs.id, w.actingOrgId));
      if (!acting?.parentId) return null;
      targetOrgId = acting.parentId;
    }
    const [inserted] = await tx
      .insert(superviseNotices)
      .values({
        subject: w.subject,
        subjectId: w.id,
        step: w.step,
        dueAt: w.dueAt,
        level,
        orgId: targetOrgId,
        orgPath: w.orgPath,
        sentAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: superviseNotices.id });
    if (!inserted) return null;

    const [acting] = await tx.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, w.actingOrgId));
    const what = `${superviseSubjectLabels[w.subject]} ${w.code}「${w.title}」（${boardStepLabels[w.step]}）`;
    const due = beijingTime(w.dueAt);
    // Who hears of it, each with the page they work on.
    const groups: { userIds: number[]; link: string }[] = [];
    let title: string;
    if (level === 2) {
      groups.push({ userIds: await membersOf(tx, [targetOrgId], staff), link: w.link });
      title = `督办升级：${acting?.name ?? ''}的${what}逾期未办，提醒后仍未办理`;
    } else {
      groups.push({
        userIds: [...w.actingUserIds, ...(await membersOf(tx, [w.actingOrgId], w.roles))],
        link: w.actingLink,
      });
      // Referrals and the proposer's rating: the union's cadres hear of it too.
      if (w.subject === 'referral' || w.step === 'feedback') {
        groups.push({ userIds: await membersOf(tx, [w.unionOrgId], staff), link: w.link });
      }
      title = level === 0 ? `即将到期：${what}将于 ${due} 到期` : `督办提醒：${what}已逾期`;
    }
    const told = new Set<number>();
    let n = 0;
    for (const g of groups) {
      const userIds = g.userIds.filter((u) => !told.has(u));
      for (const u of userIds) told.add(u);
      n += await notify(tx, {
        userIds,
        kind: level === 2 ? 'proposals.supervise.escalate' : 'proposals.supervise.remind',
        title,
        body: `办理期限 ${due}，承办：${acting?.name ?? ''}`,
        link: g.link,
      });
    }
    if (level > 0) {
      await recordAudit(
        { db: tx, actor: null, ip: null, deps },
        {
          action: level === 2 ? 'proposals.supervise.escalate' : 'proposals.supervise.remind',
          entityType: w.subject === 'referral' ? 'proposals.referral' : `proposals.${w.subject}`,
          entityId: w.id,
          orgId: w.unionOrgId,
          orgPath: w.orgPath,
          actorName: '系统',
          detail: { step: w.step, level, dueAt: w.dueAt.toISOString(), to: targetOrgId, recipients: n },
        },
      );
    }
    return n;
  });
}
