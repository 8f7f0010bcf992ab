import { and, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type {
  TContactThread,
  ZContactMessageInput,
  ZContactThreadInput,
  ZListContactThreadsQuery,
} from '../../../shared/proposals.ts';
import type { DbOrTx } from '../../db/client.ts';
import { authorize, inSubtree, isWithin, requireActor } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import { publish } from '../../platform/events/events.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { inTx, isStaff } from './congress.service.ts';
import { isMemberOf } from './proposals.access.ts';
import { contactMessages, contactThreads, representatives } from './proposals.table.ts';

/**
 * 联系服务 (issue #8): a member of the union writes to one of its representatives; the representative
 * answers in the thread; either may close it. The union's staff read the threads (duty records).
 */

type ThreadRow = typeof contactThreads.$inferSelect;
type ThreadState = TContactThread['state'];

const repUser = alias(users, 'rep_user');
const repOrg = alias(orgs, 'rep_org');
const workerUser = alias(users, 'worker_user');
const workerOrg = alias(orgs, 'worker_org');

const threadColumns = {
  t: contactThreads,
  repUserId: representatives.userId,
  repName: repUser.displayName,
  repOrg: repOrg.name,
  workerName: workerUser.displayName,
  workerOrg: workerOrg.name,
  lastMessage: sql<string>`coalesce((select m.body from contact_messages m
    where m.thread_id = ${contactThreads.id} order by m.id desc limit 1), '')`,
};

const threadQuery = (db: DbOrTx) =>
  db
    .select(threadColumns)
    .from(contactThreads)
    .innerJoin(representatives, eq(representatives.id, contactThreads.representativeId))
    .innerJoin(repUser, eq(repUser.id, representatives.userId))
    .innerJoin(repOrg, eq(repOrg.id, representatives.orgId))
    .innerJoin(workerUser, eq(workerUser.id, contactThreads.workerUserId))
    .innerJoin(workerOrg, eq(workerOrg.id, contactThreads.workerOrgId));

type ThreadJoined = {
  t: ThreadRow;
  repUserId: number;
  repName: string;
  repOrg: string;
  workerName: string;
  workerOrg: string;
  lastMessage: string;
};

const toSummary = (x: ThreadJoined) => ({
  id: x.t.id,
  representative: { id: x.t.representativeId, name: x.repName, org: x.repOrg },
  worker: { id: x.t.workerUserId, name: x.workerName, org: x.workerOrg },
  subject: x.t.subject,
  state: x.t.state as ThreadState,
  lastMessageAt: x.t.lastMessageAt.toISOString(),
  createdAt: x.t.createdAt.toISOString(),
  lastMessage: x.lastMessage,
});

/** Which side the actor is on in a thread, or `staff` (read only), or null (not visible). */
function sideOf(ctx: Ctx, x: ThreadJoined): 'worker' | 'representative' | 'staff' | null {
  const actor = requireActor(ctx);
  if (x.t.workerUserId === actor.userId) return 'worker';
  if (x.repUserId === actor.userId) return 'representative';
  if (isStaff(ctx) && isWithin(x.t.orgPath, actor.membership.orgPath)) return 'staff';
  return null;
}

async function loadThread(ctx: Ctx, id: number) {
  const [x] = await threadQuery(ctx.db).where(eq(contactThreads.id, id));
  const side = x ? sideOf(ctx, x) : null;
  if (!x || !side) throw notFound('留言不存在或无权查看');
  return { x, side };
}

export async function getThread(ctx: Ctx, id: number): Promise<TContactThread> {
  const { x } = await loadThread(ctx, id);
  const msgs = await ctx.db
    .select({ m: contactMessages, name: users.displayName })
    .from(contactMessages)
    .innerJoin(users, eq(users.id, contactMessages.authorUserId))
    .where(eq(contactMessages.threadId, id))
    .orderBy(contactMessages.id);
  const { lastMessage: _last, ...summary } = toSummary(x);
  return {
    ...summary,
    messages: msgs.map((r) => ({
      id: r.m.id,
      author: r.m.author as 'worker' | 'representative',
      authorName: r.name,
      body: r.m.body,
      createdAt: r.m.createdAt.toISOString(),
    })),
  };
}

/** `mine`: the worker's threads and the representative's inbox; `org`: the union's (staff). */
export async function listThreads(ctx: Ctx, q: z.infer<typeof ZListContactThreadsQuery>) {
  const actor = requireActor(ctx);
  let where: SQL | undefined;
  if (q.scope === 'org') {
    const m = authorize(ctx, 'proposals.view');
    where = inSubtree(contactThreads.orgPath, m.orgPath);
  } else {
    const seats = await ctx.db
      .select({ id: representatives.id })
      .from(representatives)
      .where(eq(representatives.userId, actor.userId));
    const seatIds = seats.map((s) => s.id);
    where =
      seatIds.length > 0
        ? sql`(${contactThreads.workerUserId} = ${actor.userId} or ${inArray(contactThreads.representativeId, seatIds)})`
        : eq(contactThreads.workerUserId, actor.userId);
  }
  if (q.state) where = and(where, eq(contactThreads.state, q.state));
  const [rows, [total]] = await Promise.all([
    threadQuery(ctx.db)
      .where(where)
      .orderBy(desc(contactThreads.lastMessageAt), desc(contactThreads.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(contactThreads).where(where),
  ]);
  return { items: rows.map(toSummary), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** A member of the union writes to an active representative of its congress (not to themself). */
export async function startThread(
  ctx: Ctx,
  input: z.infer<typeof ZContactThreadInput>,
): Promise<TContactThread> {
  const actor = requireActor(ctx);
  const [rep] = await ctx.db
    .select()
    .from(representatives)
    .where(eq(representatives.id, input.representativeId));
  if (!rep || !isMemberOf(ctx, rep.orgPath)) {
    if (rep && isStaff(ctx)) throw forbidden('联系代表由职工在手机端发起');
    throw notFound('会员代表不存在或无权查看');
  }
  if (!rep.active) throw conflict('REPRESENTATIVE_INACTIVE', '该代表已不在任，请联系其他代表');
  if (rep.userId === actor.userId) throw conflict('SELF_CONTACT', '不能给自己留言');
  const id = await inTx(ctx, async (tx) => {
    const [t] = await tx
      .insert(contactThreads)
      .values({
        representativeId: rep.id,
        orgPath: rep.orgPath,
        workerUserId: actor.userId,
        workerOrgId: actor.membership.orgId,
        subject: input.subject,
      })
      .returning({ id: contactThreads.id });
    if (!t) throw new Error('insert returned nothing');
    await tx
      .insert(contactMessages)
      .values({ threadId: t.id, author: 'worker', authorUserId: actor.userId, body: input.body });
    await recordAudit(withTx(ctx, tx), {
      action: 'proposals.contact.create',
      entityType: 'proposals.contact',
      entityId: t.id,
      orgId: null,
      orgPath: rep.orgPath,
      detail: { representativeId: rep.id },
    });
    await notify(tx, {
      userIds: [rep.userId],
      kind: 'proposals.contact',
      title: `职工${actor.displayName}给您留言：${input.subject}`,
      body: input.body,
      link: `/m/congress/threads/${t.id}`,
    });
    return t.id;
  });
  return getThread(ctx, id);
}

/** The worker or the representative writes in the thread; the state follows who wrote last. */
export async function postMessage(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof ZContactMessageInput>,
): Promise<TContactThread> {
  const actor = requireActor(ctx);
  const { x, side } = await loadThread(ctx, id);
  if (side === 'staff') throw forbidden('只有留言的职工和代表本人可以回复');
  if (side === 'representative' && actor.membership.role !== 'representative') {
    throw forbidden('请以会员代表身份回复');
  }
  if (x.t.state === 'closed') throw conflict('THREAD_CLOSED', '该留言已结束，请发起新的留言');
  await inTx(ctx, async (tx) => {
    const [updated] = await tx
      .update(contactThreads)
      .set({ state: side === 'worker' ? 'awaiting_reply' : 'replied', lastMessageAt: new Date() })
      .where(and(eq(contactThreads.id, id), sql`${contactThreads.state} <> 'closed'`))
      .returning({ id: contactThreads.id });
    if (!updated) throw conflict('THREAD_CLOSED', '该留言已结束，请发起新的留言');
    await tx
      .insert(contactMessages)
      .values({ threadId: id, author: side, authorUserId: actor.userId, body: input.body });
    await recordAudit(withTx(ctx, tx), {
      action: 'proposals.contact.message',
      entityType: 'proposals.contact',
      entityId: id,
      orgId: null,
      orgPath: x.t.orgPath,
      detail: { author: side },
    });
    if (side === 'representative') {
      // 履职记录 (issue #9): 答复职工留言; the subscriber keeps one record per thread.
      const [seat] = await tx
        .select({ congressId: representatives.congressId })
        .from(representatives)
        .where(eq(representatives.id, x.t.representativeId));
      if (seat) {
        await publish(withTx(ctx, tx), 'proposals.contact_replied', {
          congressId: seat.congressId,
          representativeId: x.t.representativeId,
          threadId: id,
          subject: x.t.subject,
          at: new Date(),
        });
      }
    }
    await notify(tx, {
      userIds: [side === 'worker' ? x.repUserId : x.t.workerUserId],
      kind: 'proposals.contact',
      title:
        side === 'worker'
          ? `职工${x.workerName}在「${x.t.subject}」中追问`
          : `${asRepresentative(x.repName)}回复了您的留言「${x.t.subject}」`,
      body: input.body,
      link: `/m/congress/threads/${id}`,
    });
  });
  return getThread(ctx, id);
}

/** 「沈立群代表」, but a name already styled as a title (「沈代表」) is not given it twice. */
export const asRepresentative = (name: string) => (name.endsWith('代表') ? name : `${name}代表`);

/** The worker or the representative closes the thread. */
export async function closeThread(ctx: Ctx, id: number): Promise<TContactThread> {
  const { x, side } = await loadThread(ctx, id);
  if (side === 'staff') throw forbidden('只有留言的职工和代表本人可以结束留言');
  await inTx(ctx, async (tx) => {
    const [updated] = await tx
      .update(contactThreads)
      .set({ state: 'closed' })
      .where(and(eq(contactThreads.id, id), sql`${contactThreads.state} <> 'closed'`))
      .returning({ id: contactThreads.id });
    if (!updated) throw conflict('THREAD_CLOSED', '该留言已结束');
    await recordAudit(withTx(ctx, tx), {
      action: 'proposals.contact.close',
      entityType: 'proposals.contact',
      entityId: id,
      orgId: null,
      orgPath: x.t.orgPath,
      detail: { by: side },
    });
  });
  return getThread(ctx, id);
}
