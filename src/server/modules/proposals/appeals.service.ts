import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import {
  APPEAL_HANDLE_DAYS,
  APPEAL_TRIAGE_DAYS,
  type AppealState,
  type TAppeal,
  type TAppealComment,
  type TAppealInput,
  type TAppealSummary,
  type TListAppealsQuery,
  type TTriageInput,
  type ZAppealReplyInput,
  type ZCommentInput,
  type ZModerateInput,
  type ZPendingCommentsQuery,
} from '../../../shared/appeals.ts';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import {
  type ProposalState,
  satisfactionLabels,
  type TRateInput,
  type ZNoteInput,
} from '../../../shared/proposals.ts';
import type { DbOrTx } from '../../db/client.ts';
import { authorize, inSubtree, isWithin, requireActor, roleMay } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { nextCode } from '../../platform/codes.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.ts';
import { files } from '../../platform/files/files.table.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { membersOf } from '../../platform/notify/recipients.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { maskMobile } from '../../platform/pii/pii.ts';
import { apply, applyAsSystem, recordCreated } from '../../platform/workflow/workflow.ts';
import { appealFlow } from './appeals.flow.ts';
import { inTx, isStaff, unionAbove } from './congress.service.ts';
import { isMemberOf } from './proposals.access.ts';
import {
  appealComments,
  appealSupports,
  appeals,
  congresses,
  proposals,
  referrals,
  representatives,
} from './proposals.table.ts';
import { referAppeal } from './referrals.service.ts';

/**
 * 职工事大家议 (issue #8): a member posts an appeal to the nearest union above them with an active
 * congress; other members 附议 (once each) and comment (public once a cadre approves); the union triages
 * it (handle / merge / to_proposal / refer), the handler replies, the author rates (不满意 reopens once,
 * handled by the union itself). Anonymous appeals show 「匿名职工」 to other members, never to the union.
 */

type AppealRow = typeof appeals.$inferSelect;
export const ANONYMOUS_NAME = '匿名职工';
const endOfBeijingDay = (day: string) => new Date(`${day}T23:59:59.999+08:00`);
const supportableStates: readonly AppealState[] = ['open', 'handling', 'referred'];
const commentableStates: readonly AppealState[] = ['open', 'handling', 'replied', 'referred', 'to_proposal'];
const appealLink = (id: number) => `/m/congress/appeals/${id}`;
const consoleLink = (id: number) => `/appeals/${id}`;

// ---------------------------------------------------------------- who is looking

type Viewer = 'union' | 'author' | 'handler' | 'partner' | 'member';

/** The union's staff (its subtree), the author, the handling org's staff, the referral partner, members. */
async function viewerOf(ctx: Ctx, a: AppealRow): Promise<Viewer | null> {
  const actor = requireActor(ctx);
  const m = actor.membership;
  if (isStaff(ctx) && isWithin(a.orgPath, m.orgPath)) return 'union';
  if (a.authorUserId === actor.userId) return 'author';
  if (a.handlerOrgId === m.orgId && ['cadre', 'admin', 'partner'].includes(m.role)) return 'handler';
  if (m.role === 'partner') {
    const [r] = await ctx.db
      .select({ id: referrals.id })
      .from(referrals)
      .where(and(eq(referrals.appealId, a.id), eq(referrals.partnerOrgId, m.orgId)));
    if (r) return 'partner';
  }
  if (isMemberOf(ctx, a.orgPath) && a.state !== 'withdrawn') return 'member';
  return null;
}

async function loadAppeal(ctx: Ctx, id: number, db: DbOrTx = ctx.db) {
  const [a] = await db.select().from(appeals).where(eq(appeals.id, id));
  const viewer = a ? await viewerOf({ ...ctx, db }, a) : null;
  if (!a || !viewer) throw notFound('诉求不存在或无权查看');
  return { a, viewer };
}

const triager = (ctx: Ctx, a: AppealRow) => {
  const m = ctx.actor?.membership;
  return m != null && roleMay(m.role, 'proposals.appeals.triage') && isWithin(a.orgPath, m.orgPath);
};
const isHandlerStaff = (ctx: Ctx, a: AppealRow) => {
  const m = ctx.actor?.membership;
  return m != null && a.handlerOrgId === m.orgId && ['cadre', 'admin', 'partner'].includes(m.role);
};

/** Rows the actor may list: the union's subtree (staff), handled by their org, referred to their org, or members' unions. */
function listScope(ctx: Ctx): SQL {
  const actor = requireActor(ctx);
  const m = actor.membership;
  const parts: SQL[] = [];
  if (isStaff(ctx)) parts.push(inSubtree(appeals.orgPath, m.orgPath));
  if (['cadre', 'admin', 'partner'].includes(m.role)) parts.push(eq(appeals.handlerOrgId, m.orgId));
  if (m.role === 'partner') {
    parts.push(
      sql`exists (select 1 from referrals r where r.appeal_id = ${appeals.id} and r.partner_org_id = ${m.orgId})`,
    );
  }
  if (m.role === 'worker' || m.role === 'representative') {
    parts.push(
      sql`(${unionAbove(appeals.orgPath, m.orgPath)} and (${appeals.state} <> 'withdrawn' or ${appeals.authorUserId} = ${actor.userId}))`,
    );
  }
  parts.push(eq(appeals.authorUserId, actor.userId));
  return or(...parts) ?? sql`false`;
}

// ---------------------------------------------------------------- shaping

const handlerOrg = alias(orgs, 'handler_org');
const unionOrg = alias(orgs, 'union_org');

const summaryColumns = {
  a: appeals,
  orgName: unionOrg.name,
  handlerName: handlerOrg.name,
  authorName: users.displayName,
  commentCount: sql<number>`(select count(*)::int from appeal_comments c
    where c.appeal_id = ${appeals.id} and c.state = 'approved')`,
};

const summaryQuery = (db: DbOrTx) =>
  db
    .select(summaryColumns)
    .from(appeals)
    .innerJoin(unionOrg, eq(unionOrg.id, appeals.orgId))
    .innerJoin(users, eq(users.id, appeals.authorUserId))
    .leftJoin(handlerOrg, eq(handlerOrg.id, appeals.handlerOrgId));

type SummaryJoined = {
  a: AppealRow;
  orgName: string;
  handlerName: string | null;
  authorName: string;
  commentCount: number;
};

function authorShownTo(ctx: Ctx, a: AppealRow, name: string): string {
  if (!a.anonymous || ctx.actor?.userId === a.authorUserId) return name;
  const m = ctx.actor?.membership;
  const unionSide =
    m != null &&
    ((isStaff(ctx) && isWithin(a.orgPath, m.orgPath)) ||
      (a.handlerOrgId === m.orgId && ['cadre', 'admin'].includes(m.role)));
  return unionSide ? name : ANONYMOUS_NAME;
}

function toSummary(ctx: Ctx, x: SummaryJoined, supportedByMe: boolean): TAppealSummary {
  const a = x.a;
  return {
    id: a.id,
    code: a.code,
    org: { id: a.orgId, name: x.orgName },
    kind: a.kind as TAppealSummary['kind'],
    category: a.category as TAppealSummary['category'],
    title: a.title,
    state: a.state as AppealState,
    author: authorShownTo(ctx, a, x.authorName),
    anonymous: a.anonymous,
    supportCount: a.supportCount,
    commentCount: Number(x.commentCount),
    supportedByMe,
    mine: ctx.actor?.userId === a.authorUserId,
    handlerOrg:
      a.handlerOrgId != null && x.handlerName != null ? { id: a.handlerOrgId, name: x.handlerName } : null,
    dueAt: a.dueAt?.toISOString() ?? null,
    overdue: a.dueAt != null && a.dueAt.getTime() < Date.now(),
    satisfaction: (a.satisfaction as TAppealSummary['satisfaction']) ?? null,
    createdAt: a.createdAt.toISOString(),
    closedAt: a.closedAt?.toISOString() ?? null,
  };
}

async function supportedSet(ctx: Ctx, ids: number[]): Promise<Set<number>> {
  const userId = ctx.actor?.userId;
  if (!userId || ids.length === 0) return new Set();
  const rows = await ctx.db
    .select({ id: appealSupports.appealId })
    .from(appealSupports)
    .where(and(eq(appealSupports.userId, userId), inArray(appealSupports.appealId, ids)));
  return new Set(rows.map((r) => r.id));
}

async function commentsFor(ctx: Ctx, a: AppealRow, viewer: Viewer): Promise<TAppealComment[]> {
  const me = ctx.actor?.userId ?? 0;
  const all = viewer === 'union';
  const rows = await ctx.db
    .select({ c: appealComments, name: users.displayName })
    .from(appealComments)
    .innerJoin(users, eq(users.id, appealComments.authorUserId))
    .where(
      and(
        eq(appealComments.appealId, a.id),
        all ? undefined : or(eq(appealComments.state, 'approved'), eq(appealComments.authorUserId, me)),
      ),
    )
    .orderBy(asc(appealComments.id));
  return rows.map((r) => ({
    id: r.c.id,
    author:
      r.c.authorUserId === a.authorUserId && a.anonymous && !all && r.c.authorUserId !== me
        ? ANONYMOUS_NAME
        : r.name,
    text: r.c.text,
    state: r.c.state as TAppealComment['state'],
    rejectReason: r.c.authorUserId === me || all ? r.c.rejectReason : null,
    mine: r.c.authorUserId === me,
    createdAt: r.c.createdAt.toISOString(),
  }));
}

export async function getAppeal(ctx: Ctx, id: number): Promise<TAppeal> {
  const { a, viewer } = await loadAppeal(ctx, id);
  const [x] = await summaryQuery(ctx.db).where(eq(appeals.id, id));
  if (!x) throw notFound();
  const supported = (await supportedSet(ctx, [id])).has(id);
  const [merged] = a.mergedIntoId
    ? await ctx.db
        .select({ id: appeals.id, code: appeals.code, title: appeals.title })
        .from(appeals)
        .where(eq(appeals.id, a.mergedIntoId))
    : [];
  const [proposal] = a.proposalId
    ? await ctx.db
        .select({ id: proposals.id, code: proposals.code, title: proposals.title, state: proposals.state })
        .from(proposals)
        .where(eq(proposals.id, a.proposalId))
    : [];
  const [rep] = a.representativeId
    ? await ctx.db
        .select({ id: representatives.id, name: users.displayName })
        .from(representatives)
        .innerJoin(users, eq(users.id, representatives.userId))
        .where(eq(representatives.id, a.representativeId))
    : [];
  const [referral] = await ctx.db
    .select({
      id: referrals.id,
      code: referrals.code,
      state: referrals.state,
      pid: orgs.id,
      pname: orgs.name,
    })
    .from(referrals)
    .innerJoin(orgs, eq(orgs.id, referrals.partnerOrgId))
    .where(eq(referrals.appealId, id));
  let authorDetail: TAppeal['authorDetail'] = null;
  if (viewer === 'union') {
    const [u] = await ctx.db
      .select({ phoneEnc: users.phoneEnc, org: orgs.name })
      .from(users)
      .innerJoin(orgs, eq(orgs.id, a.authorOrgId))
      .where(eq(users.id, a.authorUserId));
    const phone = u?.phoneEnc ? ctx.deps.vault.decrypt(u.phoneEnc) : null;
    authorDetail = { org: u?.org ?? '', mobile: phone ? maskMobile(phone) : null };
  }
  const member = isMemberOf(ctx, a.orgPath);
  const state = a.state as AppealState;
  const mine = ctx.actor?.userId === a.authorUserId;
  return {
    ...toSummary(ctx, x, supported),
    text: a.text,
    location: a.location,
    shareContact: a.shareContact,
    authorDetail,
    comments: await commentsFor(ctx, a, viewer),
    triageNote: a.triageNote,
    mergedInto: merged ?? null,
    proposal: proposal ? { ...proposal, state: proposal.state as ProposalState } : null,
    representative: rep ?? null,
    referral: referral
      ? {
          id: referral.id,
          code: referral.code,
          state: referral.state,
          partner: { id: referral.pid, name: referral.pname },
        }
      : null,
    reply: a.reply,
    replyFileIds: a.replyFileIds,
    repliedAt: a.repliedAt?.toISOString() ?? null,
    reopenCount: a.reopenCount,
    ratingComment: a.ratingComment,
    can: {
      support: member && !mine && !supported && supportableStates.includes(state),
      comment: (member || mine) && commentableStates.includes(state),
      withdraw: mine && state === 'open',
      triage: triager(ctx, a) && state === 'open',
      reply: isHandlerStaff(ctx, a) && state === 'handling',
      rate: mine && state === 'replied',
      moderate: triager(ctx, a),
    },
  };
}

export async function listAppeals(ctx: Ctx, q: TListAppealsQuery) {
  const actor = requireActor(ctx);
  const conds: (SQL | undefined)[] = [listScope(ctx)];
  if (q.scope === 'mine') conds.push(eq(appeals.authorUserId, actor.userId));
  if (q.scope === 'handling') conds.push(eq(appeals.handlerOrgId, actor.membership.orgId));
  if (q.orgId != null) {
    const org = await findOrg(ctx.db, q.orgId);
    if (!org) throw notFound('组织不存在或无权查看');
    conds.push(inSubtree(appeals.orgPath, org.path));
  }
  if (q.state) conds.push(eq(appeals.state, q.state));
  if (q.category) conds.push(eq(appeals.category, q.category));
  if (q.kind) conds.push(eq(appeals.kind, q.kind));
  if (q.q) conds.push(or(ilike(appeals.title, `%${q.q}%`), ilike(appeals.code, `%${q.q}%`)));
  const where = and(...conds);
  // 最新 is by the date each row shows (raised), not by record number: back-dated entries (paper ones
  // typed in later) belong where their date puts them.
  const order =
    q.sort === 'support'
      ? [desc(appeals.supportCount), desc(appeals.createdAt), desc(appeals.id)]
      : [desc(appeals.createdAt), desc(appeals.id)];
  const [rows, [total]] = await Promise.all([
    summaryQuery(ctx.db)
      .where(where)
      .orderBy(...order)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(appeals).where(where),
  ]);
  const supported = await supportedSet(
    ctx,
    rows.map((r) => r.a.id),
  );
  return {
    items: rows.map((r) => toSummary(ctx, r, supported.has(r.a.id))),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ---------------------------------------------------------------- posting

/** The nearest union at or above `orgPath` holding an active congress, else the author's own org. */
async function targetUnion(db: DbOrTx, orgId: number, orgPath: string) {
  const [c] = await db
    .select({ orgId: congresses.orgId, orgPath: congresses.orgPath })
    .from(congresses)
    .where(and(eq(congresses.state, 'active'), unionAbove(congresses.orgPath, orgPath)))
    .orderBy(desc(sql`length(${congresses.orgPath})`))
    .limit(1);
  return c ?? { orgId, orgPath };
}

async function unionStaff(db: DbOrTx, orgId: number) {
  return membersOf(db, [orgId], ['cadre', 'admin']);
}

export async function createAppeal(ctx: Ctx, input: TAppealInput): Promise<TAppeal> {
  const actor = requireActor(ctx);
  const m = actor.membership;
  if (!roleMay(m.role, 'proposals.participate')) throw forbidden('请以职工或会员代表身份发布诉求');
  const id = await inTx(ctx, async (tx) => {
    const union = await targetUnion(tx, m.orgId, m.orgPath);
    const { id, code } = await nextCode(tx, 'appeals', 'YS');
    const now = new Date();
    await tx.insert(appeals).values({
      id,
      code,
      orgId: union.orgId,
      orgPath: union.orgPath,
      state: 'open',
      kind: input.kind,
      category: input.category,
      title: input.title,
      text: input.text,
      location: input.location ?? null,
      anonymous: input.anonymous,
      shareContact: input.shareContact,
      authorUserId: actor.userId,
      authorOrgId: m.orgId,
      dueAt: endOfBeijingDay(addDays(beijingDay(now), APPEAL_TRIAGE_DAYS)),
    });
    const c = withTx(ctx, tx);
    await recordCreated(c, appealFlow.entityType, id, 'open', input.anonymous ? '匿名发布' : undefined);
    await recordAudit(c, {
      action: 'proposals.appeal.create',
      entityType: appealFlow.entityType,
      entityId: id,
      orgId: union.orgId,
      orgPath: union.orgPath,
      detail: { code, kind: input.kind, anonymous: input.anonymous },
    });
    await notify(tx, {
      userIds: await unionStaff(tx, union.orgId),
      kind: 'proposals.appeal.created',
      title: `职工诉求 ${code}：${input.title}，请分办`,
      link: consoleLink(id),
    });
    return id;
  });
  return getAppeal(ctx, id);
}

/** 附议: once per member of the union, not on one's own appeal; concurrent +1s by one member count once. */
export async function supportAppeal(ctx: Ctx, id: number): Promise<TAppeal> {
  const actor = requireActor(ctx);
  const { a } = await loadAppeal(ctx, id);
  if (!isMemberOf(ctx, a.orgPath)) throw forbidden('只有本工会的职工和会员代表可以附议');
  if (a.authorUserId === actor.userId) throw conflict('OWN_APPEAL', '不能附议自己发布的诉求');
  if (!supportableStates.includes(a.state as AppealState)) {
    throw conflict('APPEAL_NOT_OPEN', '该诉求已办结或已分办，不能再附议');
  }
  await inTx(ctx, async (tx) => {
    const [row] = await tx
      .insert(appealSupports)
      .values({ appealId: id, userId: actor.userId })
      .onConflictDoNothing()
      .returning({ id: appealSupports.appealId });
    if (!row) throw conflict('ALREADY_SUPPORTED', '您已附议过该诉求');
    await tx
      .update(appeals)
      .set({ supportCount: sql`${appeals.supportCount} + 1` })
      .where(eq(appeals.id, id));
    await recordAudit(withTx(ctx, tx), {
      action: 'proposals.appeal.support',
      entityType: appealFlow.entityType,
      entityId: id,
      orgId: a.orgId,
      orgPath: a.orgPath,
    });
  });
  return getAppeal(ctx, id);
}

export async function withdrawAppeal(ctx: Ctx, id: number, input: z.infer<typeof ZNoteInput>) {
  const actor = requireActor(ctx);
  const { a } = await loadAppeal(ctx, id);
  if (a.authorUserId !== actor.userId) throw forbidden('只有发布人可以撤回');
  await inTx(ctx, async (tx) => {
    await apply(withTx(ctx, tx), appealFlow, {
      id,
      event: 'withdraw',
      orgId: a.orgId,
      orgPath: a.orgPath,
      note: input.note ?? null,
      scope: 'checked-by-caller',
    });
    await tx.update(appeals).set({ dueAt: null, closedAt: new Date() }).where(eq(appeals.id, id));
  });
  return getAppeal(ctx, id);
}

// ---------------------------------------------------------------- comments

export async function commentOnAppeal(
  ctx: Ctx,
  id: number,
  input: z.infer<typeof ZCommentInput>,
): Promise<TAppealComment> {
  const actor = requireActor(ctx);
  const { a } = await loadAppeal(ctx, id);
  if (!isMemberOf(ctx, a.orgPath) && a.authorUserId !== actor.userId) {
    throw forbidden('只有本工会的职工和会员代表可以评论');
  }
  if (!commentableStates.includes(a.state as AppealState)) {
    throw conflict('APPEAL_NOT_OPEN', '该诉求已办结或已撤回，不能再评论');
  }
  const commentId = await inTx(ctx, async (tx) => {
    const [row] = await tx
      .insert(appealComments)
      .values({ appealId: id, authorUserId: actor.userId, text: input.text })
      .returning({ id: appealComments.id });
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(withTx(ctx, tx), {
      action: 'proposals.comment.create',
      entityType: appealFlow.entityType,
      entityId: id,
      orgId: a.orgId,
      orgPath: a.orgPath,
      detail: { commentId: row.id },
    });
    return row.id;
  });
  const { viewer } = await loadAppeal(ctx, id);
  const mine = (await commentsFor(ctx, a, viewer)).find((c) => c.id === commentId);
  if (!mine) throw notFound();
  return mine;
}

export async function listPendingComments(ctx: Ctx, q: z.infer<typeof ZPendingCommentsQuery>) {
  const m = authorize(ctx, 'proposals.appeals.triage');
  let root = m.orgPath;
  if (q.orgId != null) {
    const org = await findOrg(ctx.db, q.orgId);
    if (!org) throw notFound('组织不存在或无权查看');
    authorize(ctx, 'proposals.appeals.triage', { orgPath: org.path });
    root = org.path;
  }
  const where = and(eq(appealComments.state, 'pending'), inSubtree(appeals.orgPath, root));
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({
        c: appealComments,
        name: users.displayName,
        a: { id: appeals.id, code: appeals.code, title: appeals.title },
      })
      .from(appealComments)
      .innerJoin(appeals, eq(appeals.id, appealComments.appealId))
      .innerJoin(users, eq(users.id, appealComments.authorUserId))
      .where(where)
      .orderBy(asc(appealComments.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db
      .select({ n: count() })
      .from(appealComments)
      .innerJoin(appeals, eq(appeals.id, appealComments.appealId))
      .where(where),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.c.id,
      author: r.name,
      text: r.c.text,
      state: r.c.state as TAppealComment['state'],
      rejectReason: r.c.rejectReason,
      mine: r.c.authorUserId === ctx.actor?.userId,
      createdAt: r.c.createdAt.toISOString(),
      appeal: r.a,
    })),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Approve (public) or reject (with a reason, told to its author) a pending comment, once. */
export async function moderateComment(
  ctx: Ctx,
  commentId: number,
  input: z.infer<typeof ZModerateInput>,
): Promise<TAppealComment> {
  const actor = requireActor(ctx);
  authorize(ctx, 'proposals.appeals.triage');
  const [row] = await ctx.db
    .select({ c: appealComments, a: appeals })
    .from(appealComments)
    .innerJoin(appeals, eq(appeals.id, appealComments.appealId))
    .where(eq(appealComments.id, commentId));
  if (!row) throw notFound('评论不存在或无权查看');
  authorize(ctx, 'proposals.appeals.triage', { orgPath: row.a.orgPath });
  await inTx(ctx, async (tx) => {
    const [done] = await tx
      .update(appealComments)
      .set({
        state: input.decision === 'approve' ? 'approved' : 'rejected',
        rejectReason: input.decision === 'reject' ? (input.reason ?? null) : null,
        moderatedBy: actor.userId,
        moderatedAt: new Date(),
      })
      .where(and(eq(appealComments.id, commentId), eq(appealComments.state, 'pending')))
      .returning({ id: appealComments.id });
    if (!done) throw conflict('ALREADY_MODERATED', '该评论已审核');
    await recordAudit(withTx(ctx, tx), {
      action: 'proposals.comment.moderate',
      entityType: appealFlow.entityType,
      entityId: row.a.id,
      orgId: row.a.orgId,
      orgPath: row.a.orgPath,
      detail: { commentId, decision: input.decision },
    });
    if (input.decision === 'reject') {
      await notify(tx, {
        userIds: [row.c.authorUserId],
        kind: 'proposals.comment.rejected',
        title: `您在诉求 ${row.a.code} 下的评论未公开`,
        body: input.reason ?? '',
        link: appealLink(row.a.id),
      });
    }
  });
  const comments = await commentsFor(ctx, row.a, 'union');
  const c = comments.find((x) => x.id === commentId);
  if (!c) throw notFound();
  return c;
}

// ---------------------------------------------------------------- triage, reply, rating

async function tellAuthor(db: DbOrTx, a: AppealRow, title: string, body?: string) {
  await notify(db, {
    userIds: [a.authorUserId],
    kind: 'proposals.appeal.progress',
    title: `您的诉求 ${a.code}：${title}`,
    ...(body ? { body } : {}),
    link: appealLink(a.id),
  });
}

const withNote = (what: string, note: string | null | undefined) => (note ? `${what}：${note}` : what);

function dueFrom(dueDate: string | undefined, days: number): Date {
  const today = beijingDay(new Date());
  if (dueDate && dueDate < today) throw invalidField('dueDate', '办理期限不能早于今天');
  return endOfBeijingDay(dueDate ?? addDays(today, days));
}

export async function triageAppeal(ctx: Ctx, id: number, input: TTriageInput): Promise<TAppeal> {
  const actor = requireActor(ctx);
  authorize(ctx, 'proposals.appeals.triage');
  const [found] = await ctx.db.select().from(appeals).where(eq(appeals.id, id));
  if (!found) throw notFound('诉求不存在或无权查看');
  authorize(ctx, 'proposals.appeals.triage', { orgPath: found.orgPath });
  await inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    const [a] = await tx.select().from(appeals).where(eq(appeals.id, id));
    if (!a) throw notFound();
    const base = { id, orgId: a.orgId, orgPath: a.orgPath };
    const triaged = {
      triageNote: input.note ?? null,
      triagedBy: actor.userId,
      triagedAt: new Date(),
      updatedAt: new Date(),
    };
    if (input.action === 'handle') {
      const org = await findOrg(tx, input.handlerOrgId);
      if (!org || !isWithin(org.path, a.orgPath) || org.state !== 'active') {
        throw invalidField('handlerOrgId', '承办单位须为本工会或其下级单位');
      }
      const dueAt = dueFrom(input.dueDate, APPEAL_HANDLE_DAYS);
      await apply(c, appealFlow, {
        ...base,
        event: 'handle',
        note: withNote(`交由${org.name}办理`, input.note),
      });
      await tx
        .update(appeals)
        .set({ ...triaged, handlerOrgId: org.id, dueAt })
        .where(eq(appeals.id, id));
      await tellAuthor(tx, a, `已交由${org.name}办理`);
      await notify(tx, {
        userIds: await membersOf(tx, [org.id], ['cadre', 'admin', 'partner']),
        kind: 'proposals.appeal.assigned',
        title: `职工诉求 ${a.code}「${a.title}」交由本单位办理，请于 ${beijingDay(dueAt)} 前答复`,
        link: consoleLink(id),
      });
    } else if (input.action === 'merge') {
      if (input.intoAppealId === id) throw invalidField('intoAppealId', '不能合并到自身');
      const [target] = await tx.select().from(appeals).where(eq(appeals.id, input.intoAppealId));
      if (!target || target.orgId !== a.orgId) {
        throw invalidField('intoAppealId', '只能合并到本工会的诉求');
      }
      if (!['open', 'handling'].includes(target.state)) {
        throw conflict('MERGE_TARGET_CLOSED', '要合并到的诉求须为待分办或办理中');
      }
      await apply(c, appealFlow, {
        ...base,
        event: 'merge',
        note: withNote(`合并到 ${target.code}`, input.note),
      });
      await tx
        .update(appeals)
        .set({ ...triaged, mergedIntoId: target.id, dueAt: null, closedAt: new Date() })
        .where(eq(appeals.id, id));
      // The target gains this appeal's supporters (and its author) that it did not have yet.
      await tx.execute(sql`insert into appeal_supports (appeal_id, user_id)
        select ${target.id}, u.user_id from (
          select user_id from appeal_supports where appeal_id = ${id}
          union select ${a.authorUserId}::int
        ) u where u.user_id <> ${target.authorUserId}
        on conflict do nothing`);
      await tx
        .update(appeals)
        .set({
          supportCount: sql`(select count(*)::int from appeal_supports s where s.appeal_id = ${target.id})`,
        })
        .where(eq(appeals.id, target.id));
      await tellAuthor(tx, a, `与 ${target.code}「${target.title}」为同一诉求，已合并办理`);
    } else if (input.action === 'to_proposal') {
      const [rep] = await tx
        .select({ r: representatives, c: congresses })
        .from(representatives)
        .innerJoin(congresses, eq(congresses.id, representatives.congressId))
        .where(eq(representatives.id, input.representativeId));
      if (!rep || rep.c.orgId !== a.orgId || rep.c.state !== 'active' || !rep.r.active) {
        throw invalidField('representativeId', '请选择本工会会员代表大会的在任代表');
      }
      await apply(c, appealFlow, {
        ...base,
        event: 'to_proposal',
        note: withNote('转会员代表提案', input.note),
      });
      await tx
        .update(appeals)
        .set({ ...triaged, representativeId: rep.r.id, dueAt: null })
        .where(eq(appeals.id, id));
      await notify(tx, {
        userIds: [rep.r.userId],
        kind: 'proposals.appeal.to_proposal',
        title: `工会请您就职工诉求「${a.title}」起草提案`,
        body: input.note ?? a.text,
        link: `/m/congress/proposals/new?appeal=${id}`,
      });
      await tellAuthor(tx, a, '已转交会员代表，作为提案建议办理');
    } else {
      await apply(c, appealFlow, { ...base, event: 'refer', note: withNote('转基层治理平台', input.note) });
      await tx
        .update(appeals)
        .set({ ...triaged, dueAt: null })
        .where(eq(appeals.id, id));
      const { code } = await referAppeal(c, a, {
        partnerOrgId: input.partnerOrgId,
        dueDate: input.dueDate,
        note: input.note,
      });
      await tellAuthor(tx, a, `已转基层治理平台办理（转办编号 ${code}）`);
    }
  });
  return getAppeal(ctx, id);
}

async function checkFiles(db: DbOrTx, id: number, fileIds: string[]) {
  if (fileIds.length === 0) return;
  const ids = [...new Set(fileIds)];
  const rows = await db
    .select({ id: files.id })
    .from(files)
    .where(
      and(
        inArray(files.id, ids),
        eq(files.entityType, appealFlow.entityType),
        eq(files.entityId, String(id)),
      ),
    );
  if (rows.length !== ids.length) throw invalidField('fileIds', '附件须先上传到本诉求');
}

/** The handling org's staff answer the appeal (a referred appeal is answered through its referral). */
export async function replyAppeal(ctx: Ctx, id: number, input: z.infer<typeof ZAppealReplyInput>) {
  const actor = requireActor(ctx);
  const { a } = await loadAppeal(ctx, id);
  if (a.state === 'referred') {
    throw conflict('APPEAL_REFERRED', '该诉求已转基层治理平台，请在转办记录中登记平台答复');
  }
  if (!isHandlerStaff(ctx, a)) throw forbidden('只有承办单位的工作人员可以答复');
  await checkFiles(ctx.db, id, input.fileIds);
  await inTx(ctx, async (tx) => {
    await apply(withTx(ctx, tx), appealFlow, {
      id,
      event: 'reply',
      orgId: a.orgId,
      orgPath: a.orgPath,
      note: input.text,
      scope: 'checked-by-caller',
    });
    await tx
      .update(appeals)
      .set({
        reply: input.text,
        replyFileIds: input.fileIds,
        repliedBy: actor.userId,
        repliedAt: new Date(),
        dueAt: null,
      })
      .where(eq(appeals.id, id));
    await tellAuthor(tx, a, '已答复，请评价', input.text);
  });
  return getAppeal(ctx, id);
}

/** The author rates the reply: 不满意 the first time reopens it with the union itself; otherwise it closes. */
export async function rateAppeal(ctx: Ctx, id: number, input: TRateInput): Promise<TAppeal> {
  const actor = requireActor(ctx);
  const { a } = await loadAppeal(ctx, id);
  if (a.authorUserId !== actor.userId) throw forbidden('只有发布人可以评价');
  await inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    const reopen = input.satisfaction === 'unsatisfied' && a.reopenCount === 0;
    const label = satisfactionLabels[input.satisfaction];
    const note = input.comment ? `${label}：${input.comment}` : label;
    await apply(c, appealFlow, {
      id,
      event: reopen ? 'reopen' : 'close',
      orgId: a.orgId,
      orgPath: a.orgPath,
      note,
      scope: 'checked-by-caller',
    });
    if (reopen) {
      const dueAt = endOfBeijingDay(addDays(beijingDay(new Date()), APPEAL_HANDLE_DAYS));
      await tx
        .update(appeals)
        .set({ reopenCount: 1, handlerOrgId: a.orgId, ratingComment: input.comment ?? null, dueAt })
        .where(eq(appeals.id, id));
      await notify(tx, {
        userIds: await unionStaff(tx, a.orgId),
        kind: 'proposals.appeal.reopened',
        title: `职工对诉求 ${a.code} 的答复不满意，请工会重新办理`,
        body: input.comment ?? '',
        link: consoleLink(id),
      });
    } else {
      await tx
        .update(appeals)
        .set({
          satisfaction: input.satisfaction,
          ratingComment: input.comment ?? null,
          ratedAt: new Date(),
          closedAt: new Date(),
          dueAt: null,
        })
        .where(eq(appeals.id, id));
      const to = a.handlerOrgId ? [a.handlerOrgId] : [a.orgId];
      await notify(tx, {
        userIds: await membersOf(tx, to, ['cadre', 'admin', 'partner']),
        kind: 'proposals.appeal.rated',
        title: `职工对诉求 ${a.code} 的评价：${label}`,
        body: input.comment ?? '',
        link: consoleLink(id),
      });
    }
  });
  return getAppeal(ctx, id);
}

/** The union closes a replied appeal its author did not rate. */
export async function closeUnrated(ctx: Ctx, id: number, input: z.infer<typeof ZNoteInput>) {
  authorize(ctx, 'proposals.appeals.triage');
  const [a] = await ctx.db.select().from(appeals).where(eq(appeals.id, id));
  if (!a) throw notFound('诉求不存在或无权查看');
  authorize(ctx, 'proposals.appeals.triage', { orgPath: a.orgPath });
  await inTx(ctx, async (tx) => {
    await apply(withTx(ctx, tx), appealFlow, {
      id,
      event: 'close_unrated',
      orgId: a.orgId,
      orgPath: a.orgPath,
      note: input.note ?? null,
    });
    await tx.update(appeals).set({ closedAt: new Date(), dueAt: null }).where(eq(appeals.id, id));
  });
  return getAppeal(ctx, id);
}

/**
 * The governance platform answered a referred appeal (a verified callback: `system`; or recorded by hand
 * by a union cadre or the partner's account: `actor`): the appeal moves to `replied` with the answer and
 * the author is notified. Runs inside the caller's transaction (`ctx.db` is the tx); the caller has
 * checked who may record it.
 */
export async function answerReferredAppeal(
  ctx: Ctx,
  appealId: number,
  answer: string,
  via: 'system' | 'actor',
): Promise<void> {
  const [a] = await ctx.db.select().from(appeals).where(eq(appeals.id, appealId));
  if (!a) throw notFound('诉求不存在或无权查看');
  const input = {
    id: appealId,
    event: 'reply' as const,
    orgId: a.orgId,
    orgPath: a.orgPath,
    note: withNote('基层治理平台办结答复', answer),
  };
  if (via === 'system') await applyAsSystem(ctx, appealFlow, { ...input, actorName: '基层治理平台' });
  else await apply(ctx, appealFlow, { ...input, scope: 'checked-by-caller' });
  await ctx.db
    .update(appeals)
    .set({
      reply: answer,
      replyFileIds: [],
      repliedBy: via === 'actor' ? (ctx.actor?.userId ?? null) : null,
      repliedAt: new Date(),
      dueAt: null,
      updatedAt: new Date(),
    })
    .where(eq(appeals.id, appealId));
  await tellAuthor(ctx.db, a, '基层治理平台已办结答复，请评价', answer);
}
