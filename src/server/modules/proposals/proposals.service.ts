import { and, asc, desc, eq, ilike, inArray, ne, notInArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import {
  type LoopStep,
  loopStepLabels,
  loopSteps,
  openProposalStates,
  type ProposalCategory,
  type ProposalKind,
  type ProposalState,
  proposalKindLabels,
  reviewDecisionLabels,
  type Satisfaction,
  satisfactionLabels,
  stepOfState,
  type TAssignInput,
  type TListProposalsQuery,
  type TLoopStep,
  type TProposal,
  type TProposalDraft,
  type TProposalProgress,
  type TProposalSummary,
  type TProposalUpdate,
  type TRateInput,
  type TReviewInput,
} from '../../../shared/proposals.ts';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { inSubtree, isWithin, requireActor, roleMay } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { nextCode } from '../../platform/codes.ts';
import { type Ctx, type Deps, withTx } from '../../platform/context.ts';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.ts';
import { publish } from '../../platform/events/events.ts';
import { files } from '../../platform/files/files.table.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { membersOf } from '../../platform/notify/recipients.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { apply, applyAsSystem, recordCreated } from '../../platform/workflow/workflow.ts';
import { isMemberOf, requireRepresentativeRole } from './proposals.access.ts';
import { type ProposalEvent, proposalFlow } from './proposals.flow.ts';
import {
  appeals,
  congresses,
  proposalCoHandlers,
  proposalCosigners,
  proposals,
  proposalUpdates,
  representatives,
} from './proposals.table.ts';

/**
 * 提案建议五步闭环 (issue #8, seed 004): 线上提交 → 代表审议 → 办理落实 → 执行督查 → 总结反馈.
 *
 * A representative (acting as `representative`, with an active seat in the congress) drafts, invites
 * co-signers and opens the co-signing window; any active representative of the same congress may sign
 * while it is open. Submitting closes it: a requested proposal stays a proposal only with enough
 * signatures, otherwise it is handled as a suggestion (the timeline says why); the job
 * `close-cosign-windows` submits expired windows itself. The review committee (`reviewer`) files,
 * files as a suggestion or returns it; a union cadre assigns a lead unit (and co-handling units) with a
 * due date; the lead unit's staff reply, lead and co units post progress; a cadre other than the
 * replier accepts or sends it back; the proposer rates it (不满意 reopens handling once).
 *
 * Who sees a proposal: the proposer; the union's staff (cadre, admin, reviewer, auditor within their
 * subtree) once it left the draft; the lead and co-handling units' staff; co-signers; representatives
 * of the congress while it collects signatures; members of the union once it is submitted. Everybody
 * else gets 404. Every write locks the proposal row first, so racing actors are serialised and the
 * workflow's compare-and-set lets one win.
 */

type ProposalRow = typeof proposals.$inferSelect;
type CongressRow = typeof congresses.$inferSelect;
type CosignerRow = typeof proposalCosigners.$inferSelect;

const DAY = 86_400_000;
const staffRoles = ['cadre', 'admin', 'reviewer', 'auditor'] as const;
const handlerRoles = ['cadre', 'admin', 'partner'] as const;
const preSubmitStates: readonly ProposalState[] = ['draft', 'cosigning', 'returned'];
const hiddenFromMembers: readonly ProposalState[] = ['draft', 'cosigning', 'withdrawn'];

const inTx = <T>(ctx: Ctx, fn: (tx: Tx) => Promise<T>): Promise<T> => (ctx.db as Db).transaction(fn);
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
/** The last instant of a Beijing calendar day. */
export const endOfBeijingDay = (day: string) => new Date(`${day}T23:59:59.999+08:00`);
/** A step's deadline: the end of the Beijing day `days` after today. */
const dueIn = (now: Date, days: number) => endOfBeijingDay(addDays(beijingDay(now), days));

const consoleLink = (id: number) => `/proposals/${id}`;
const handlingLink = (id: number) => `/proposals/handling/${id}`;
const memberLink = (id: number) => `/m/congress/proposals/${id}`;

// ---------------------------------------------------------------- loading and access

async function loadRow(db: DbOrTx, id: number, forUpdate = false): Promise<ProposalRow> {
  const q = db.select().from(proposals).where(eq(proposals.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('提案建议不存在或无权查看');
  return row;
}

async function loadCongress(db: DbOrTx, id: number): Promise<CongressRow> {
  const [c] = await db.select().from(congresses).where(eq(congresses.id, id));
  if (!c) throw notFound('会员代表大会不存在');
  return c;
}

/** The user's active seat in the congress. */
async function activeSeat(db: DbOrTx, userId: number, congressId: number) {
  const [r] = await db
    .select({ id: representatives.id, orgId: representatives.orgId })
    .from(representatives)
    .where(
      and(
        eq(representatives.userId, userId),
        eq(representatives.congressId, congressId),
        eq(representatives.active, true),
      ),
    );
  return r ?? null;
}

interface Access {
  userId: number;
  role: string;
  /** Staff of the union (within their subtree, role may view). */
  staff: boolean;
  /** Cadre/admin of the union: assign, supervise, close unrated. */
  unionCadre: boolean;
  reviewer: boolean;
  lead: boolean;
  co: boolean;
  proposer: boolean;
  /** Acting as representative with an active seat in the proposal's congress. */
  seatId: number | null;
  cosigner: CosignerRow | null;
  member: boolean;
}

async function accessOf(ctx: Ctx, row: ProposalRow): Promise<Access> {
  const actor = requireActor(ctx);
  const m = actor.membership;
  const within = isWithin(row.orgPath, m.orgPath);
  const staff =
    within && (staffRoles as readonly string[]).includes(m.role) && roleMay(m.role, 'proposals.view');
  let lead = false;
  let co = false;
  if ((handlerRoles as readonly string[]).includes(m.role)) {
    lead = row.leadOrgId === m.orgId;
    if (row.leadOrgId !== null) {
      const [h] = await ctx.db
        .select({ id: proposalCoHandlers.id })
        .from(proposalCoHandlers)
        .where(and(eq(proposalCoHandlers.proposalId, row.id), eq(proposalCoHandlers.orgId, m.orgId)));
      co = h !== undefined;
    }
  }
  const seat = m.role === 'representative' ? await activeSeat(ctx.db, actor.userId, row.congressId) : null;
  const [cosigner] = await ctx.db
    .select()
    .from(proposalCosigners)
    .where(and(eq(proposalCosigners.proposalId, row.id), eq(proposalCosigners.userId, actor.userId)));
  return {
    userId: actor.userId,
    role: m.role,
    staff,
    unionCadre: staff && (m.role === 'cadre' || m.role === 'admin'),
    reviewer: staff && m.role === 'reviewer',
    lead,
    co,
    proposer: row.proposerUserId === actor.userId,
    seatId: seat?.id ?? null,
    cosigner: cosigner ?? null,
    member: isMemberOf(ctx, row.orgPath),
  };
}

function mayView(a: Access, row: ProposalRow): boolean {
  const state = row.state as ProposalState;
  if (a.proposer) return true;
  if (a.staff && state !== 'draft') return true;
  if (a.lead || a.co) return true;
  if (a.cosigner && state !== 'draft') return true;
  if (a.seatId !== null && state === 'cosigning') return true;
  return a.member && !hiddenFromMembers.includes(state);
}

/** The proposer acting as a representative (their seat may have been deactivated: then 403). */
function requireProposer(ctx: Ctx, a: Access) {
  if (!a.proposer) throw forbidden('只有提案人可以操作');
  requireRepresentativeRole(ctx);
  if (a.seatId === null) throw forbidden('您在该大会的代表资格已停用');
}

const cosignOpen = (row: ProposalRow, now: Date) =>
  row.state === 'cosigning' && row.cosignDeadline !== null && row.cosignDeadline.getTime() > now.getTime();

function canOf(row: ProposalRow, a: Access, now: Date): TProposal['can'] {
  const state = row.state as ProposalState;
  const rep = a.role === 'representative';
  const proposer = a.proposer && rep && a.seatId !== null;
  return {
    edit: proposer && (state === 'draft' || state === 'returned'),
    openCosign: proposer && state === 'draft',
    submit: proposer && preSubmitStates.includes(state),
    withdraw: proposer && [...preSubmitStates, 'submitted'].includes(state),
    cosign: rep && a.seatId !== null && !a.proposer && cosignOpen(row, now) && a.cosigner?.state !== 'signed',
    withdrawCosign: rep && a.cosigner?.state === 'signed' && (state === 'cosigning' || state === 'submitted'),
    review: a.reviewer && state === 'submitted',
    assign: a.unionCadre && state === 'filed',
    progress: (a.lead || a.co) && state === 'handling',
    reply: a.lead && state === 'handling',
    supervise: a.unionCadre && state === 'replied' && row.repliedBy !== a.userId,
    rate: proposer && state === 'feedback',
    closeUnrated:
      a.unionCadre && state === 'feedback' && row.dueAt !== null && row.dueAt.getTime() < now.getTime(),
  };
}

// ---------------------------------------------------------------- shaping

const unionOrgT = alias(orgs, 'union_org');
const leadOrgT = alias(orgs, 'lead_org');
const repOrgT = alias(orgs, 'rep_org');
const proposerT = alias(users, 'proposer');

const signedCountSql = sql<number>`(select count(*)::int from proposal_cosigners c
  where c.proposal_id = ${proposals.id} and c.state = 'signed')`;

const summaryColumns = {
  p: proposals,
  congressName: congresses.name,
  orgName: unionOrgT.name,
  leadOrgName: leadOrgT.name,
  proposerName: proposerT.displayName,
  proposerOrg: repOrgT.name,
  signed: signedCountSql.as('signed'),
};
type SummaryRow = {
  p: ProposalRow;
  congressName: string;
  orgName: string;
  leadOrgName: string | null;
  proposerName: string;
  proposerOrg: string;
  signed: number;
};

function summaryQuery(db: DbOrTx) {
  return db
    .select(summaryColumns)
    .from(proposals)
    .innerJoin(congresses, eq(congresses.id, proposals.congressId))
    .innerJoin(unionOrgT, eq(unionOrgT.id, proposals.orgId))
    .leftJoin(leadOrgT, eq(leadOrgT.id, proposals.leadOrgId))
    .innerJoin(proposerT, eq(proposerT.id, proposals.proposerUserId))
    .innerJoin(representatives, eq(representatives.id, proposals.proposerRepId))
    .innerJoin(repOrgT, eq(repOrgT.id, representatives.orgId));
}

const isOverdue = (p: ProposalRow, now: Date) =>
  p.dueAt !== null &&
  p.dueAt.getTime() < now.getTime() &&
  (openProposalStates as readonly string[]).includes(p.state);

function toSummary(r: SummaryRow, now: Date): TProposalSummary {
  const p = r.p;
  return {
    id: p.id,
    code: p.code,
    congress: { id: p.congressId, name: r.congressName },
    org: { id: p.orgId, name: r.orgName },
    kind: p.kind as ProposalKind,
    title: p.title,
    category: p.category as ProposalCategory,
    state: p.state as ProposalState,
    proposer: { id: p.proposerUserId, name: r.proposerName, org: r.proposerOrg },
    cosignedCount: Number(r.signed),
    leadOrg: p.leadOrgId !== null && r.leadOrgName !== null ? { id: p.leadOrgId, name: r.leadOrgName } : null,
    dueAt: iso(p.dueAt),
    overdue: isOverdue(p, now),
    satisfaction: (p.satisfaction as Satisfaction | null) ?? null,
    submittedAt: iso(p.submittedAt),
    closedAt: iso(p.closedAt),
    createdAt: p.createdAt.toISOString(),
    requestedKind: p.requestedKind as ProposalKind,
  };
}

const stepOfEvent: Record<string, LoopStep> = {
  create: 'submit',
  open_cosign: 'submit',
  submit: 'submit',
  withdraw: 'submit',
  file: 'review',
  to_suggestion: 'review',
  return: 'review',
  assign: 'handle',
  reply: 'handle',
  accept: 'supervise',
  send_back: 'supervise',
  close: 'feedback',
  reopen: 'feedback',
  close_unrated: 'feedback',
};

type TimelineRow = typeof timelineEvents.$inferSelect;

/** Timeline labels beyond the flow's edges: drafting and co-signing (which do not change the state). */
const extraEventLabels: Record<string, string> = {
  create: '起草',
  cosign_sign: '代表联名附议',
  cosign_decline: '代表谢绝附议',
  cosign_withdraw: '代表撤回附议',
};
const eventLabel = (event: string) =>
  proposalFlow.eventLabels[event as ProposalEvent] ?? extraEventLabels[event] ?? event;

function stepsOf(p: ProposalRow, events: TimelineRow[], leadOrgName: string | null): TLoopStep[] {
  const state = p.state as ProposalState;
  const current = stepOfState[state];
  const currentIdx = current ? loopSteps.indexOf(current) : -1;
  const lastOf = (step: LoopStep) => [...events].reverse().find((e) => stepOfEvent[e.event] === step);
  const window: Record<LoopStep, { start: Date | null; end: Date | null }> = {
    submit: { start: p.createdAt, end: p.submittedAt },
    review: { start: p.submittedAt, end: p.reviewedAt },
    handle: { start: p.assignedAt ?? p.reviewedAt, end: p.repliedAt },
    supervise: { start: p.repliedAt, end: p.acceptedAt },
    feedback: { start: p.acceptedAt, end: p.ratedAt ?? p.closedAt },
  };
  return loopSteps.map((step, i) => {
    let status: TLoopStep['status'];
    if (state === 'closed') status = 'done';
    else if (state === 'withdrawn') status = window[step].end && i < 2 ? 'done' : 'skipped';
    else if (i < currentIdx) status = 'done';
    else if (i === currentIdx) status = 'current';
    else status = 'pending';
    const ev = status === 'pending' || status === 'skipped' ? undefined : lastOf(step);
    const w = window[step];
    let actor = ev?.actorName ?? null;
    if (step === 'handle' && leadOrgName && status !== 'pending') actor = leadOrgName;
    let dueAt: Date | null = null;
    if (status === 'current') dueAt = step === 'submit' && state === 'cosigning' ? p.cosignDeadline : p.dueAt;
    else if (step === 'handle' && status === 'done') dueAt = p.handleDueAt;
    return {
      step,
      label: loopStepLabels[step],
      status,
      startedAt: status === 'pending' || status === 'skipped' ? null : iso(w.start),
      finishedAt: status === 'done' ? iso(w.end) : null,
      dueAt: iso(dueAt),
      actor,
      note: ev?.note ?? null,
    };
  });
}

async function updatesOf(db: DbOrTx, id: number): Promise<TProposalUpdate[]> {
  const rows = await db
    .select({ u: proposalUpdates, orgName: orgs.name, author: users.displayName })
    .from(proposalUpdates)
    .innerJoin(orgs, eq(orgs.id, proposalUpdates.orgId))
    .innerJoin(users, eq(users.id, proposalUpdates.authorUserId))
    .where(eq(proposalUpdates.proposalId, id))
    .orderBy(asc(proposalUpdates.id));
  return rows.map(({ u, orgName, author }) => ({
    id: u.id,
    kind: u.kind as TProposalUpdate['kind'],
    org: { id: u.orgId, name: orgName },
    author,
    text: u.text,
    percent: u.percent,
    round: u.round,
    fileIds: u.fileIds,
    createdAt: u.createdAt.toISOString(),
  }));
}

async function detailOf(ctx: Ctx, row: ProposalRow, a: Access): Promise<TProposal> {
  const db = ctx.db;
  const now = new Date();
  const [s] = await summaryQuery(db).where(eq(proposals.id, row.id));
  if (!s) throw notFound();
  const cosigners = await db
    .select({ c: proposalCosigners, name: users.displayName, org: orgs.name })
    .from(proposalCosigners)
    .innerJoin(users, eq(users.id, proposalCosigners.userId))
    .innerJoin(representatives, eq(representatives.id, proposalCosigners.representativeId))
    .innerJoin(orgs, eq(orgs.id, representatives.orgId))
    .where(eq(proposalCosigners.proposalId, row.id))
    .orderBy(asc(proposalCosigners.id));
  const coOrgs = await db
    .select({ id: orgs.id, name: orgs.name })
    .from(proposalCoHandlers)
    .innerJoin(orgs, eq(orgs.id, proposalCoHandlers.orgId))
    .where(eq(proposalCoHandlers.proposalId, row.id))
    .orderBy(asc(proposalCoHandlers.id));
  const events = await db
    .select()
    .from(timelineEvents)
    .where(
      and(
        eq(timelineEvents.entityType, proposalFlow.entityType),
        eq(timelineEvents.entityId, String(row.id)),
      ),
    )
    .orderBy(asc(timelineEvents.id));
  const [appeal] = row.sourceAppealId
    ? await db
        .select({ id: appeals.id, code: appeals.code, title: appeals.title })
        .from(appeals)
        .where(eq(appeals.id, row.sourceAppealId))
    : [];
  return {
    ...toSummary(s, now),
    reasons: row.reasons,
    request: row.request,
    cosignThreshold: row.cosignThreshold,
    cosignDeadline: iso(row.cosignDeadline),
    cosigners: cosigners.map(({ c, name, org }) => ({
      representativeId: c.representativeId,
      name,
      org,
      state: c.state as TProposal['cosigners'][number]['state'],
      signedAt: iso(c.signedAt),
    })),
    coOrgs,
    reviewReason: row.reviewReason,
    updates: await updatesOf(db, row.id),
    reopenCount: row.reopenCount,
    ratingComment: row.ratingComment,
    sourceAppeal: appeal ?? null,
    steps: stepsOf(row, events, s.leadOrgName),
    timeline: events.map((e) => ({
      event: e.event,
      label: eventLabel(e.event),
      at: e.at.toISOString(),
      actor: e.actorName,
      note: e.note,
    })),
    can: canOf(row, a, now),
  };
}

// ---------------------------------------------------------------- reads

export async function getProposal(ctx: Ctx, id: number): Promise<TProposal> {
  const row = await loadRow(ctx.db, id);
  const a = await accessOf(ctx, row);
  if (!mayView(a, row)) throw notFound('提案建议不存在或无权查看');
  return detailOf(ctx, row, a);
}

/** 时时查看、全程直播: the progress page of a proposal (the same access as the detail). */
export async function getProposalProgress(ctx: Ctx, id: number): Promise<TProposalProgress> {
  const { can: _can, sourceAppeal: _source, ...progress } = await getProposal(ctx, id);
  return progress;
}

/** Proposals the union's staff see: past the draft, within their subtree. */
const handlerCond = (orgId: number) =>
  or(
    eq(proposals.leadOrgId, orgId),
    sql`exists (select 1 from proposal_co_handlers h where h.proposal_id = ${proposals.id} and h.org_id = ${orgId})`,
  );

export async function listProposals(ctx: Ctx, q: TListProposalsQuery) {
  const actor = requireActor(ctx);
  const m = actor.membership;
  const now = new Date();
  const me = actor.userId;
  const isHandlerRole = (handlerRoles as readonly string[]).includes(m.role);
  const isStaffRole = (staffRoles as readonly string[]).includes(m.role) && roleMay(m.role, 'proposals.view');
  const isMember = m.role === 'worker' || m.role === 'representative';
  const mySeats = sql`select r.congress_id from representatives r where r.user_id = ${me} and r.active`;
  const myCosign = sql`exists (select 1 from proposal_cosigners c where c.proposal_id = ${proposals.id}
    and c.user_id = ${me})`;
  const conds: (SQL | undefined)[] = [];
  if (q.scope === 'mine') {
    conds.push(eq(proposals.proposerUserId, me));
  } else if (q.scope === 'cosign') {
    if (m.role !== 'representative') return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    conds.push(
      ne(proposals.proposerUserId, me),
      or(
        and(myCosign, ne(proposals.state, 'draft')),
        and(eq(proposals.state, 'cosigning'), sql`${proposals.congressId} in (${mySeats})`),
      ),
    );
  } else if (q.scope === 'handling') {
    if (!isHandlerRole) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    conds.push(handlerCond(m.orgId));
  } else {
    const visible: (SQL | undefined)[] = [eq(proposals.proposerUserId, me)];
    if (isStaffRole) visible.push(and(inSubtree(proposals.orgPath, m.orgPath), ne(proposals.state, 'draft')));
    if (isHandlerRole) visible.push(handlerCond(m.orgId));
    if (isMember) {
      visible.push(
        and(myCosign, ne(proposals.state, 'draft')),
        and(
          sql`(${m.orgPath} = ${proposals.orgPath} or ${m.orgPath} like ${proposals.orgPath} || '.%')`,
          notInArray(proposals.state, [...hiddenFromMembers]),
        ),
      );
      if (m.role === 'representative') {
        visible.push(and(eq(proposals.state, 'cosigning'), sql`${proposals.congressId} in (${mySeats})`));
      }
    }
    conds.push(or(...visible));
  }
  if (q.congressId !== undefined) conds.push(eq(proposals.congressId, q.congressId));
  if (q.orgId !== undefined) {
    const [o] = await ctx.db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, q.orgId));
    if (!o) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    conds.push(inSubtree(proposals.orgPath, o.path));
  }
  if (q.kind) conds.push(eq(proposals.kind, q.kind));
  if (q.state) conds.push(eq(proposals.state, q.state));
  if (q.category) conds.push(eq(proposals.category, q.category));
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    conds.push(or(ilike(proposals.title, like), ilike(proposals.code, like)));
  }
  if (q.overdue !== undefined) {
    const overdue = and(
      sql`${proposals.dueAt} < ${now.toISOString()}::timestamptz`,
      inArray(proposals.state, [...openProposalStates]),
    );
    conds.push(q.overdue === 'true' ? overdue : sql`not coalesce(${overdue}, false)`);
  }
  const where = and(...conds);
  const [total] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(proposals).where(where);
  const rows = await summaryQuery(ctx.db)
    .where(where)
    .orderBy(desc(proposals.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    items: rows.map((r) => toSummary(r, now)),
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ---------------------------------------------------------------- drafting

/** Representatives that may be invited: active seats of the congress, not the proposer. */
async function checkInvitees(db: DbOrTx, congressId: number, proposerRepId: number, ids: number[]) {
  const wanted = [...new Set(ids)].filter((id) => id !== proposerRepId);
  if (wanted.length === 0) return [];
  const rows = await db
    .select({ id: representatives.id, userId: representatives.userId })
    .from(representatives)
    .where(
      and(
        inArray(representatives.id, wanted),
        eq(representatives.congressId, congressId),
        eq(representatives.active, true),
      ),
    );
  if (rows.length !== wanted.length) {
    throw invalidField('cosignerIds', '只能邀请本届大会在任的其他代表联名附议');
  }
  return rows;
}

async function invite(
  c: Ctx,
  row: Pick<ProposalRow, 'id' | 'code' | 'title' | 'congressId' | 'proposerRepId'>,
  ids: number[],
  notifyNow: boolean,
) {
  const reps = await checkInvitees(c.db, row.congressId, row.proposerRepId, ids);
  if (reps.length === 0) return [];
  const added = await c.db
    .insert(proposalCosigners)
    .values(reps.map((r) => ({ proposalId: row.id, representativeId: r.id, userId: r.userId })))
    .onConflictDoNothing()
    .returning({ userId: proposalCosigners.userId });
  if (notifyNow)
    await notifyInvited(
      c.db,
      row,
      added.map((r) => r.userId),
    );
  return added;
}

async function notifyInvited(db: DbOrTx, row: Pick<ProposalRow, 'id' | 'code' | 'title'>, userIds: number[]) {
  await notify(db, {
    userIds,
    kind: 'proposals.cosign.invited',
    title: `邀请您联名附议：${row.title}`,
    body: `${row.code}，请在征集期内附议或谢绝`,
    link: memberLink(row.id),
  });
}

export async function createProposal(ctx: Ctx, input: TProposalDraft): Promise<TProposal> {
  requireRepresentativeRole(ctx);
  const actor = requireActor(ctx);
  const id = await inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    const [congress] = await tx.select().from(congresses).where(eq(congresses.id, input.congressId));
    const seat = congress ? await activeSeat(tx, actor.userId, congress.id) : null;
    if (!congress || !seat) {
      if (congress && isMemberOf(ctx, congress.orgPath)) {
        throw forbidden('您不是该届大会的在任代表，不能提出提案');
      }
      throw invalidField('congressId', '会员代表大会不存在或您不是其代表');
    }
    if (congress.state !== 'active') throw conflict('CONGRESS_CLOSED', '该届大会已结束，不能再提出提案');
    let sourceAppealId: number | null = null;
    if (input.sourceAppealId) {
      const [ap] = await tx.select().from(appeals).where(eq(appeals.id, input.sourceAppealId)).for('update');
      if (!ap || ap.representativeId !== seat.id || ap.orgId !== congress.orgId) {
        throw invalidField('sourceAppealId', '只能就转给您的职工诉求起草提案');
      }
      if (ap.proposalId !== null) throw conflict('APPEAL_LINKED', '该诉求已有对应的提案');
      sourceAppealId = ap.id;
    }
    const { id, code } = await nextCode(tx, 'proposals', input.kind === 'proposal' ? 'TA' : 'JY');
    const now = new Date();
    await tx.insert(proposals).values({
      id,
      code,
      congressId: congress.id,
      orgId: congress.orgId,
      orgPath: congress.orgPath,
      state: 'draft',
      kind: input.kind,
      requestedKind: input.kind,
      title: input.title,
      category: input.category,
      reasons: input.reasons,
      request: input.request,
      proposerRepId: seat.id,
      proposerUserId: actor.userId,
      cosignThreshold: congress.cosignThreshold,
      sourceAppealId,
      createdAt: now,
      updatedAt: now,
    });
    await invite(
      c,
      { id, code, title: input.title, congressId: congress.id, proposerRepId: seat.id },
      input.cosignerIds,
      false,
    );
    if (sourceAppealId !== null) {
      await tx.update(appeals).set({ proposalId: id, updatedAt: now }).where(eq(appeals.id, sourceAppealId));
    }
    await recordCreated(c, proposalFlow.entityType, id, 'draft', `起草${proposalKindLabels[input.kind]}`);
    await recordAudit(c, {
      action: 'proposals.proposal.create',
      entityType: proposalFlow.entityType,
      entityId: id,
      orgId: congress.orgId,
      orgPath: congress.orgPath,
      detail: { code, kind: input.kind, ...(sourceAppealId ? { sourceAppealId } : {}) },
    });
    return id;
  });
  return getProposal(ctx, id);
}

/**
 * Run a write on one proposal: lock the row, check the caller may see it (404 otherwise), then `fn`
 * (which checks the action itself); returns the proposal as the caller sees it afterwards.
 */
async function mutate(
  ctx: Ctx,
  id: number,
  fn: (c: Ctx, row: ProposalRow, a: Access, now: Date) => Promise<void>,
): Promise<TProposal> {
  await inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    const row = await loadRow(tx, id, true);
    const a = await accessOf(c, row);
    if (!mayView(a, row)) throw notFound('提案建议不存在或无权查看');
    await fn(c, row, a, new Date());
  });
  return getProposal(ctx, id);
}

const stateConflict = (row: ProposalRow, what: string) =>
  conflict('INVALID_STATE', `当前状态不能${what}`, { state: row.state });

export async function updateDraft(
  ctx: Ctx,
  id: number,
  input: Partial<Omit<TProposalDraft, 'congressId' | 'sourceAppealId'>>,
): Promise<TProposal> {
  return mutate(ctx, id, async (c, row, a, now) => {
    requireProposer(c, a);
    if (row.state !== 'draft' && row.state !== 'returned') throw stateConflict(row, '修改');
    const set: Partial<typeof proposals.$inferInsert> = { updatedAt: now };
    if (input.title !== undefined) set.title = input.title;
    if (input.category !== undefined) set.category = input.category;
    if (input.reasons !== undefined) set.reasons = input.reasons;
    if (input.request !== undefined) set.request = input.request;
    if (input.kind !== undefined) {
      set.requestedKind = input.kind;
      set.kind = input.kind;
    }
    await c.db.update(proposals).set(set).where(eq(proposals.id, id));
    if (input.cosignerIds !== undefined && row.state === 'draft') {
      // The draft's invitation list is replaced (nobody has been asked yet).
      const keep = new Set(input.cosignerIds);
      const current = await c.db
        .select({ id: proposalCosigners.id, repId: proposalCosigners.representativeId })
        .from(proposalCosigners)
        .where(eq(proposalCosigners.proposalId, id));
      const drop = current.filter((r) => !keep.has(r.repId)).map((r) => r.id);
      if (drop.length > 0) await c.db.delete(proposalCosigners).where(inArray(proposalCosigners.id, drop));
      await invite(c, row, input.cosignerIds, false);
    }
    await recordAudit(c, {
      action: 'proposals.proposal.update',
      entityType: proposalFlow.entityType,
      entityId: id,
      orgId: row.orgId,
      orgPath: row.orgPath,
      detail: { fields: Object.keys(input) },
    });
  });
}

export async function inviteCosigners(ctx: Ctx, id: number, representativeIds: number[]): Promise<TProposal> {
  return mutate(ctx, id, async (c, row, a, now) => {
    requireProposer(c, a);
    if (row.state !== 'draft' && !cosignOpen(row, now)) throw stateConflict(row, '邀请附议');
    await invite(c, row, representativeIds, row.state === 'cosigning');
  });
}

// ---------------------------------------------------------------- flow steps

interface StepInput {
  event: ProposalEvent;
  note?: string | null;
  /** Representatives and handling units act outside their own subtree. */
  checkedByCaller?: boolean;
}

async function step(c: Ctx, row: ProposalRow, s: StepInput) {
  await apply(c, proposalFlow, {
    id: row.id,
    event: s.event,
    note: s.note ?? null,
    orgId: row.orgId,
    orgPath: row.orgPath,
    ...(s.checkedByCaller ? { scope: 'checked-by-caller' as const } : {}),
  });
}

async function setRow(c: Ctx, id: number, set: Partial<typeof proposals.$inferInsert>) {
  await c.db.update(proposals).set(set).where(eq(proposals.id, id));
}

export async function openCosign(ctx: Ctx, id: number): Promise<TProposal> {
  return mutate(ctx, id, async (c, row, a, now) => {
    requireProposer(c, a);
    if (row.state !== 'draft') throw stateConflict(row, '发起联名附议');
    const congress = await loadCongress(c.db, row.congressId);
    const deadline = new Date(now.getTime() + congress.cosignWindowDays * DAY);
    await step(c, row, {
      event: 'open_cosign',
      note: `征集期 ${congress.cosignWindowDays} 天，需 ${congress.cosignThreshold} 名代表附议方可按提案办理`,
      checkedByCaller: true,
    });
    await setRow(c, id, { cosignThreshold: congress.cosignThreshold, cosignDeadline: deadline });
    const invited = await c.db
      .select({ userId: proposalCosigners.userId })
      .from(proposalCosigners)
      .where(and(eq(proposalCosigners.proposalId, id), eq(proposalCosigners.state, 'invited')));
    await notifyInvited(
      c.db,
      row,
      invited.map((r) => r.userId),
    );
  });
}

async function signedCount(db: DbOrTx, id: number): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(proposalCosigners)
    .where(and(eq(proposalCosigners.proposalId, id), eq(proposalCosigners.state, 'signed')));
  return Number(r?.n ?? 0);
}

/** The kind a submission gets, and the timeline note saying why. */
function kindOnSubmit(requested: ProposalKind, signed: number, threshold: number) {
  if (requested === 'suggestion')
    return { kind: 'suggestion' as const, note: `按建议提交，联名附议 ${signed} 人` };
  if (signed >= threshold) {
    return { kind: 'proposal' as const, note: `联名附议 ${signed} 人，达到 ${threshold} 人，按提案办理` };
  }
  return { kind: 'suggestion' as const, note: `联名附议 ${signed} 人，不足 ${threshold} 人，按建议办理` };
}

/** Submit (the proposer, or the platform when the co-signing window ends): closes co-signing. */
async function submitRow(c: Ctx, row: ProposalRow, now: Date, system: boolean) {
  const congress = await loadCongress(c.db, row.congressId);
  const threshold = row.state === 'draft' ? congress.cosignThreshold : row.cosignThreshold;
  const signed = await signedCount(c.db, row.id);
  const { kind, note } = kindOnSubmit(row.requestedKind as ProposalKind, signed, threshold);
  const fullNote = system ? `征集附议期满，系统自动提交；${note}` : note;
  if (system) {
    await applyAsSystem(c, proposalFlow, {
      id: row.id,
      event: 'submit',
      note: fullNote,
      orgId: row.orgId,
      orgPath: row.orgPath,
    });
  } else {
    await step(c, row, { event: 'submit', note: fullNote, checkedByCaller: true });
  }
  await setRow(c, row.id, {
    kind,
    cosignThreshold: threshold,
    submittedAt: now,
    dueAt: dueIn(now, congress.reviewDays),
    updatedAt: now,
  });
  // 履职记录 (issue #9): 提交提案 counts for the proposer, also when the job submits for them.
  await publish(c, 'proposals.proposal_submitted', {
    congressId: row.congressId,
    proposalId: row.id,
    userId: row.proposerUserId,
    title: row.title,
    at: now,
  });
  await notify(c.db, {
    userIds: await membersOf(c.db, [row.orgId], ['reviewer']),
    kind: 'proposals.submitted',
    title: `新${proposalKindLabels[kind]}待审议：${row.title}`,
    body: `${row.code}，${note}`,
    link: consoleLink(row.id),
  });
  if (system) {
    await notify(c.db, {
      userIds: [row.proposerUserId],
      kind: 'proposals.autoSubmitted',
      title: `征集附议期满，已自动提交：${row.title}`,
      body: note,
      link: memberLink(row.id),
    });
  }
}

export async function submitProposal(ctx: Ctx, id: number): Promise<TProposal> {
  return mutate(ctx, id, async (c, row, a, now) => {
    requireProposer(c, a);
    if (!preSubmitStates.includes(row.state as ProposalState)) throw stateConflict(row, '提交');
    await submitRow(c, row, now, false);
  });
}

export async function withdrawProposal(ctx: Ctx, id: number, note?: string | null): Promise<TProposal> {
  return mutate(ctx, id, async (c, row, a, now) => {
    requireProposer(c, a);
    if (![...preSubmitStates, 'submitted'].includes(row.state as ProposalState)) {
      throw conflict('INVALID_STATE', '已进入审议，不能撤回', { state: row.state });
    }
    await step(c, row, { event: 'withdraw', note: note ?? null, checkedByCaller: true });
    await setRow(c, id, { dueAt: null, updatedAt: now });
    await publish(c, 'proposals.proposal_withdrawn', {
      congressId: row.congressId,
      proposalId: id,
      userId: row.proposerUserId,
      title: row.title,
      at: now,
    });
  });
}

/** A co-sign event on the timeline (the state does not change). */
async function cosignEvent(c: Ctx, row: ProposalRow, event: string, note: string) {
  const actor = requireActor(c);
  await c.db.insert(timelineEvents).values({
    entityType: proposalFlow.entityType,
    entityId: String(row.id),
    event,
    fromState: row.state,
    toState: row.state,
    actorUserId: actor.userId,
    actorName: actor.displayName,
    actorRole: actor.membership.role,
    note,
  });
}

export async function cosign(ctx: Ctx, id: number, decision: 'sign' | 'decline'): Promise<TProposal> {
  return mutate(ctx, id, async (c, row, a, now) => {
    requireRepresentativeRole(c);
    if (a.seatId === null) throw forbidden('只有本届大会的在任代表可以附议');
    if (a.proposer) throw forbidden('提案人不能为自己的提案附议');
    if (row.state !== 'cosigning') throw conflict('COSIGN_CLOSED', '联名附议已结束', { state: row.state });
    if (!cosignOpen(row, now)) throw conflict('COSIGN_CLOSED', '联名附议征集期已过');
    const seatId = a.seatId;
    if (decision === 'sign') {
      if (a.cosigner?.state === 'signed') throw conflict('ALREADY_SIGNED', '您已附议');
      await c.db
        .insert(proposalCosigners)
        .values({
          proposalId: id,
          representativeId: seatId,
          userId: a.userId,
          state: 'signed',
          signedAt: now,
        })
        .onConflictDoUpdate({
          target: [proposalCosigners.proposalId, proposalCosigners.representativeId],
          set: { state: 'signed', signedAt: now, updatedAt: now },
        });
    } else {
      if (a.cosigner?.state !== 'invited') {
        throw conflict('NOT_INVITED', '只有受邀且尚未答复的代表可以谢绝附议');
      }
      await c.db
        .update(proposalCosigners)
        .set({ state: 'declined', updatedAt: now })
        .where(eq(proposalCosigners.id, a.cosigner.id));
    }
    await cosignEvent(c, row, `cosign_${decision}`, decision === 'sign' ? '联名附议' : '谢绝附议');
    if (decision === 'sign') {
      await publish(c, 'proposals.proposal_cosigned', {
        congressId: row.congressId,
        proposalId: id,
        userId: a.userId,
        title: row.title,
        at: now,
      });
    }
    await recordAudit(c, {
      action: `proposals.cosign.${decision}`,
      entityType: proposalFlow.entityType,
      entityId: id,
      orgId: row.orgId,
      orgPath: row.orgPath,
    });
  });
}

export async function withdrawCosign(ctx: Ctx, id: number): Promise<TProposal> {
  return mutate(ctx, id, async (c, row, a, now) => {
    requireRepresentativeRole(c);
    if (a.seatId === null) throw forbidden('您在该大会的代表资格已停用');
    if (a.cosigner?.state !== 'signed') throw conflict('NOT_SIGNED', '您尚未附议');
    if (row.state !== 'cosigning' && row.state !== 'submitted') {
      throw conflict('INVALID_STATE', '已进入审议，不能撤回附议', { state: row.state });
    }
    await c.db
      .update(proposalCosigners)
      .set({ state: 'withdrawn', updatedAt: now })
      .where(eq(proposalCosigners.id, a.cosigner.id));
    let note = '撤回附议';
    if (row.state === 'submitted' && row.kind === 'proposal') {
      const signed = await signedCount(c.db, id);
      if (signed < row.cosignThreshold) {
        await setRow(c, id, { kind: 'suggestion', updatedAt: now });
        note = `撤回附议；联名附议 ${signed} 人，不足 ${row.cosignThreshold} 人，按建议办理`;
      }
    }
    await cosignEvent(c, row, 'cosign_withdraw', note);
    await publish(c, 'proposals.cosign_withdrawn', {
      congressId: row.congressId,
      proposalId: id,
      userId: a.userId,
      title: row.title,
      at: now,
    });
    await recordAudit(c, {
      action: 'proposals.cosign.withdraw',
      entityType: proposalFlow.entityType,
      entityId: id,
      orgId: row.orgId,
      orgPath: row.orgPath,
    });
  });
}

export async function reviewProposal(ctx: Ctx, id: number, input: TReviewInput): Promise<TProposal> {
  return mutate(ctx, id, async (c, row, a, now) => {
    if (!a.reviewer) throw forbidden('只有提案审查委员会可以审议');
    if (row.state !== 'submitted') {
      throw conflict('INVALID_STATE', '该提案当前不在待审议状态（可能已被其他委员审议）', {
        state: row.state,
      });
    }
    const reason = input.reason?.trim() || null;
    await step(c, row, {
      event: input.decision,
      note: reason ?? reviewDecisionLabels[input.decision],
    });
    const congress = await loadCongress(c.db, row.congressId);
    await setRow(c, id, {
      reviewReason: reason,
      reviewedBy: a.userId,
      reviewedAt: now,
      updatedAt: now,
      ...(input.decision === 'to_suggestion' ? { kind: 'suggestion' } : {}),
      dueAt: input.decision === 'return' ? null : dueIn(now, congress.reviewDays),
    });
    const result = reviewDecisionLabels[input.decision];
    // 履职记录 (issue #9): the reviewer's 参与审议 (if seated), the proposer's 提案被立案 bonus.
    const event = { congressId: row.congressId, proposalId: id, title: row.title, at: now };
    await publish(c, 'proposals.proposal_reviewed', { ...event, userId: a.userId, decision: input.decision });
    if (input.decision === 'file') {
      await publish(c, 'proposals.proposal_filed', { ...event, userId: row.proposerUserId });
    }
    await notify(c.db, {
      userIds: [row.proposerUserId],
      kind: 'proposals.reviewed',
      title: `审议结果：${result}`,
      body: `${row.code} ${row.title}${reason ? `：${reason}` : ''}`,
      link: memberLink(id),
    });
    if (input.decision !== 'return') {
      await notify(c.db, {
        userIds: await membersOf(c.db, [row.orgId], ['cadre', 'admin']),
        kind: 'proposals.filed',
        title: `已立案待交办：${row.title}`,
        body: row.code,
        link: consoleLink(id),
      });
    }
  });
}

/** Lead and co-handling orgs must lie within the congress's union (its units and partner orgs). */
async function checkHandlerOrgs(db: DbOrTx, row: ProposalRow, lead: number, co: number[]) {
  const ids = [...new Set([lead, ...co])];
  const found = await db
    .select({ id: orgs.id })
    .from(orgs)
    .where(and(inArray(orgs.id, ids), eq(orgs.state, 'active'), inSubtree(orgs.path, row.orgPath)));
  const ok = new Set(found.map((o) => o.id));
  if (!ok.has(lead)) throw invalidField('leadOrgId', '主办单位须为本工会及所属单位');
  if (co.some((id) => !ok.has(id))) throw invalidField('coOrgIds', '协办单位须为本工会及所属单位');
}

export async function assignProposal(ctx: Ctx, id: number, input: TAssignInput): Promise<TProposal> {
  return mutate(ctx, id, async (c, row, a, now) => {
    if (!a.unionCadre) throw forbidden('只有本工会干部可以交办');
    if (row.state !== 'filed') throw stateConflict(row, '交办');
    if (input.coOrgIds.includes(input.leadOrgId))
      throw invalidField('coOrgIds', '主办单位不能同时是协办单位，请从协办单位中去掉它');
    const co = [...new Set(input.coOrgIds)];
    await checkHandlerOrgs(c.db, row, input.leadOrgId, co);
    const congress = await loadCongress(c.db, row.congressId);
    const today = beijingDay(now);
    const dueDate = input.dueDate ?? addDays(today, congress.handleDays);
    if (dueDate < today) throw invalidField('dueDate', '办理期限不能早于今天');
    const handleDueAt = endOfBeijingDay(dueDate);
    await step(c, row, { event: 'assign', note: input.note ?? `办理期限 ${dueDate}` });
    await setRow(c, id, {
      leadOrgId: input.leadOrgId,
      handleDueAt,
      dueAt: handleDueAt,
      assignedAt: now,
      updatedAt: now,
    });
    if (co.length > 0) {
      await c.db
        .insert(proposalCoHandlers)
        .values(co.map((orgId) => ({ proposalId: id, orgId })))
        .onConflictDoNothing();
    }
    await notify(c.db, {
      userIds: await membersOf(c.db, [input.leadOrgId], [...handlerRoles]),
      kind: 'proposals.assigned',
      title: `交办${proposalKindLabels[row.kind as ProposalKind]}（主办）：${row.title}`,
      body: `${row.code}，请于 ${dueDate} 前答复`,
      link: handlingLink(id),
    });
    await notify(c.db, {
      userIds: await membersOf(c.db, co, [...handlerRoles]),
      kind: 'proposals.assigned',
      title: `交办${proposalKindLabels[row.kind as ProposalKind]}（协办）：${row.title}`,
      body: `${row.code}，请配合主办单位于 ${dueDate} 前办理`,
      link: handlingLink(id),
    });
  });
}

/** Files attached to an update must have been uploaded to this proposal. */
async function checkFiles(db: DbOrTx, id: number, fileIds: string[]) {
  if (fileIds.length === 0) return;
  const ids = [...new Set(fileIds)];
  const rows = await db
    .select({ id: files.id })
    .from(files)
    .where(
      and(
        inArray(files.id, ids),
        eq(files.entityType, proposalFlow.entityType),
        eq(files.entityId, String(id)),
      ),
    );
  if (rows.length !== ids.length) throw invalidField('fileIds', '附件须先上传到本提案');
}

async function addUpdate(
  c: Ctx,
  row: ProposalRow,
  kind: 'progress' | 'reply',
  input: { text: string; percent?: number; fileIds: string[] },
) {
  const actor = requireActor(c);
  await checkFiles(c.db, row.id, input.fileIds);
  await c.db.insert(proposalUpdates).values({
    proposalId: row.id,
    kind,
    orgId: actor.membership.orgId,
    authorUserId: actor.userId,
    text: input.text,
    percent: kind === 'reply' ? 100 : (input.percent ?? null),
    round: row.reopenCount + 1,
    fileIds: [...new Set(input.fileIds)],
  });
}

function requireHandler(a: Access, leadOnly: boolean) {
  if (leadOnly ? !a.lead : !(a.lead || a.co)) {
    throw forbidden(leadOnly ? '只有主办单位可以答复' : '只有主办或协办单位可以报送办理进展');
  }
}

export async function postProgress(
  ctx: Ctx,
  id: number,
  input: { text: string; percent: number; fileIds: string[] },
): Promise<TProposal> {
  return mutate(ctx, id, async (c, row, a) => {
    requireHandler(a, false);
    if (row.state !== 'handling') throw stateConflict(row, '报送办理进展');
    await addUpdate(c, row, 'progress', input);
    await recordAudit(c, {
      action: 'proposals.proposal.progress',
      entityType: proposalFlow.entityType,
      entityId: id,
      orgId: row.orgId,
      orgPath: row.orgPath,
      detail: { percent: input.percent },
    });
  });
}

export async function replyProposal(
  ctx: Ctx,
  id: number,
  input: { text: string; fileIds: string[] },
): Promise<TProposal> {
  return mutate(ctx, id, async (c, row, a, now) => {
    requireHandler(a, true);
    if (row.state !== 'handling') throw stateConflict(row, '答复');
    await addUpdate(c, row, 'reply', input);
    await step(c, row, { event: 'reply', note: input.text.slice(0, 200), checkedByCaller: true });
    const congress = await loadCongress(c.db, row.congressId);
    await setRow(c, id, {
      repliedBy: a.userId,
      repliedAt: now,
      repliedOnTime: row.handleDueAt === null || now.getTime() <= row.handleDueAt.getTime(),
      dueAt: dueIn(now, congress.superviseDays),
      updatedAt: now,
    });
    await notify(c.db, {
      userIds: await membersOf(c.db, [row.orgId], ['cadre', 'admin']),
      kind: 'proposals.replied',
      title: `办理答复待督查：${row.title}`,
      body: row.code,
      link: consoleLink(id),
    });
  });
}

export async function superviseProposal(
  ctx: Ctx,
  id: number,
  input: { decision: 'accept' | 'send_back'; note?: string | null | undefined },
): Promise<TProposal> {
  return mutate(ctx, id, async (c, row, a, now) => {
    if (!a.unionCadre) throw forbidden('只有本工会干部可以督查');
    if (row.state !== 'replied') throw stateConflict(row, '督查');
    if (row.repliedBy === a.userId) {
      throw forbidden('不能督查自己作出的答复，请由其他干部督查', 'SELF_SUPERVISION');
    }
    const note = input.note?.trim() || null;
    await step(c, row, { event: input.decision, note });
    if (input.decision === 'accept') {
      const congress = await loadCongress(c.db, row.congressId);
      await setRow(c, id, { acceptedAt: now, dueAt: dueIn(now, congress.feedbackDays), updatedAt: now });
      await notify(c.db, {
        userIds: [row.proposerUserId],
        kind: 'proposals.accepted',
        title: `已办理答复，请评价：${row.title}`,
        body: row.code,
        link: memberLink(id),
      });
    } else {
      await setRow(c, id, { dueAt: row.handleDueAt, updatedAt: now });
      const lead = row.leadOrgId === null ? [] : [row.leadOrgId];
      await notify(c.db, {
        userIds: await membersOf(c.db, lead, [...handlerRoles]),
        kind: 'proposals.sentBack',
        title: `督查退回重办：${row.title}`,
        body: `${row.code}${note ? `：${note}` : ''}`,
        link: handlingLink(id),
      });
    }
  });
}

export async function rateProposal(ctx: Ctx, id: number, input: TRateInput): Promise<TProposal> {
  return mutate(ctx, id, async (c, row, a, now) => {
    requireProposer(c, a);
    if (row.state !== 'feedback') throw stateConflict(row, '评价');
    const comment = input.comment?.trim() || null;
    const label = satisfactionLabels[input.satisfaction];
    const lead = row.leadOrgId === null ? [] : [row.leadOrgId];
    // 履职记录 (issue #9): 督办反馈 — the proposer's first rating counts (one record per proposal).
    await publish(c, 'proposals.proposal_rated', {
      congressId: row.congressId,
      proposalId: id,
      userId: row.proposerUserId,
      title: row.title,
      at: now,
      rating: input.satisfaction,
    });
    if (input.satisfaction === 'unsatisfied' && row.reopenCount === 0) {
      const congress = await loadCongress(c.db, row.congressId);
      const handleDueAt = dueIn(now, congress.handleDays);
      await step(c, row, {
        event: 'reopen',
        note: `${label}${comment ? `：${comment}` : ''}`,
        checkedByCaller: true,
      });
      await setRow(c, id, { reopenCount: 1, handleDueAt, dueAt: handleDueAt, updatedAt: now });
      await notify(c.db, {
        userIds: await membersOf(c.db, [...lead, row.orgId], [...handlerRoles]),
        kind: 'proposals.reopened',
        title: `提案人不满意，重新办理：${row.title}`,
        body: `${row.code}${comment ? `：${comment}` : ''}`,
        link: handlingLink(id),
      });
      return;
    }
    await step(c, row, {
      event: 'close',
      note: `${label}${comment ? `：${comment}` : ''}`,
      checkedByCaller: true,
    });
    await setRow(c, id, {
      satisfaction: input.satisfaction,
      ratingComment: comment,
      ratedAt: now,
      closedAt: now,
      dueAt: null,
      updatedAt: now,
    });
    await notify(c.db, {
      userIds: await membersOf(c.db, lead, [...handlerRoles]),
      kind: 'proposals.rated',
      title: `提案人评价：${label}`,
      body: `${row.code} ${row.title}`,
      link: handlingLink(id),
    });
  });
}

export async function closeUnrated(ctx: Ctx, id: number, note?: string | null): Promise<TProposal> {
  return mutate(ctx, id, async (c, row, a, now) => {
    if (!a.unionCadre) throw forbidden('只有本工会干部可以办结');
    if (row.state !== 'feedback') throw stateConflict(row, '按逾期未评价办结');
    if (row.dueAt !== null && row.dueAt.getTime() >= now.getTime()) {
      throw conflict('RATING_NOT_DUE', '评价期限未到，请等待提案人评价');
    }
    await step(c, row, { event: 'close_unrated', note: note?.trim() || null });
    await setRow(c, id, { closedAt: now, dueAt: null, updatedAt: now });
  });
}

// ---------------------------------------------------------------- job

/**
 * 征集附议期满: every proposal whose co-signing window has ended is submitted on the platform's account
 * (as a proposal with enough signatures, otherwise as a suggestion). Each in its own transaction with
 * the row locked, so a proposer submitting at the same moment, or a second run, changes nothing twice.
 */
export async function closeCosignWindows(
  deps: Deps,
  now: Date = new Date(),
): Promise<{ submitted: number; skipped: number }> {
  const db = deps.database.db;
  const due = await db
    .select({ id: proposals.id })
    .from(proposals)
    .where(
      and(
        eq(proposals.state, 'cosigning'),
        sql`${proposals.cosignDeadline} <= ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(proposals.id))
    .limit(1000);
  const counts = { submitted: 0, skipped: 0 };
  for (const { id } of due) {
    const done = await db.transaction(async (tx) => {
      const [row] = await tx.select().from(proposals).where(eq(proposals.id, id)).for('update');
      if (row?.state !== 'cosigning' || !row.cosignDeadline || row.cosignDeadline > now) return false;
      const c: Ctx = { db: tx, actor: null, ip: null, deps };
      await submitRow(c, row, now, true);
      return true;
    });
    if (done) counts.submitted += 1;
    else counts.skipped += 1;
  }
  return counts;
}
