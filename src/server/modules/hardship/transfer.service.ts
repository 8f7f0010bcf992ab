import { aliasedTable, and, asc, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { ArchiveState } from '../../../shared/hardship.ts';
import {
  type TDecideTransferInput,
  type TListTransfersQuery,
  type TProposeTransferInput,
  type TransferAction,
  type TransferEvent,
  type TransferState,
  type TTransfer,
  type TTransferPage,
  type TTransferTarget,
  transferableStates,
} from '../../../shared/hardship-transfer.ts';
import { type OrgType, partnerOrgTypes } from '../../../shared/orgs.ts';
import { sqlRows } from '../../db/client.ts';
import {
  authorize,
  grant,
  inSubtree,
  isWithin,
  requireActor,
  roleMay,
} from '../../platform/access/access.ts';
import { recordAudit, registerAuditLabels } from '../../platform/audit/audit.ts';
import { memberships, users } from '../../platform/auth/auth.table.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, invalidField, notFound } from '../../platform/errors.ts';
import { files } from '../../platform/files/files.table.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { findOrg, registerOrgPathCopy } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { maskName } from '../../platform/pii/pii.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { archiveFlow } from './hardship.flow.ts';
import { isUniqueViolation } from './hardship.service.ts';
import { hardshipArchives, hardshipHelperChanges, hardshipTransfers } from './hardship.table.ts';

// Cadres and admins move archives between unions (propose, withdraw, accept, decline).
grant('cadre', ['hardship.transfer']);
grant('admin', ['hardship.transfer']);

// Both ends of a transfer follow their orgs when an org is moved in the tree.
registerOrgPathCopy('hardship_transfers', 'from_org_path');
registerOrgPathCopy('hardship_transfers', 'to_org_path');

registerAuditLabels({
  'hardship.transfer.propose': '发起困难职工档案移交',
  'hardship.transfer.accept': '接收困难职工档案移交',
  'hardship.transfer.decline': '不接收困难职工档案移交',
  'hardship.transfer.cancel': '撤回困难职工档案移交',
});

const ARCHIVE_NOT_FOUND = '档案不存在或无权查看';
const TRANSFER_NOT_FOUND = '移交记录不存在或无权查看';

const isTransferable = (state: string) => (transferableStates as readonly string[]).includes(state);

const notTransferable = (state: string) =>
  conflict(
    'NOT_TRANSFERABLE',
    `档案当前状态「${archiveFlow.stateLabels[state as ArchiveState] ?? state}」不能移交：在档档案和尚未入户核查的申请可以移交，审核、公示中的申请请先办结`,
    { state },
  );

const notPending = (state: string) =>
  conflict('TRANSFER_NOT_PENDING', `该移交已${stateWord[state as TransferState] ?? '处理'}，请刷新后查看`, {
    state,
  });
const stateWord: Record<TransferState, string> = {
  pending: '待接收',
  accepted: '被接收',
  declined: '被拒绝接收',
  cancelled: '撤回',
};

const pendingExists = () =>
  conflict('TRANSFER_PENDING', '该档案已有一项待接收的移交，请等待对方处理或先撤回');

/** A union that can hold archives: active and not an outside partner. */
function checkTarget(org: { name: string; type: string; state: string }, field = 'toOrgId') {
  if (partnerOrgTypes.includes(org.type as OrgType)) {
    throw invalidField(field, `「${org.name}」是合作单位，不能接收困难职工档案，请选择工会组织`);
  }
  if (org.state !== 'active') throw invalidField(field, `「${org.name}」已停用，不能接收档案`);
}

// ---------------------------------------------------------------- presenting

type TransferRow = typeof hardshipTransfers.$inferSelect;
const fromOrg = aliasedTable(orgs, 'from_org');
const toOrg = aliasedTable(orgs, 'to_org');

const transferSelect = {
  t: hardshipTransfers,
  archiveName: hardshipArchives.name,
  archiveState: hardshipArchives.state,
  archiveOrgId: hardshipArchives.orgId,
  fromName: fromOrg.name,
  toName: toOrg.name,
};

function baseQuery(ctx: Ctx) {
  return ctx.db
    .select(transferSelect)
    .from(hardshipTransfers)
    .innerJoin(hardshipArchives, eq(hardshipArchives.id, hardshipTransfers.archiveId))
    .innerJoin(fromOrg, eq(fromOrg.id, hardshipTransfers.fromOrgId))
    .innerJoin(toOrg, eq(toOrg.id, hardshipTransfers.toOrgId));
}

type Joined = Awaited<ReturnType<typeof baseQuery>>[number];

/** What the caller may do with a transfer now: the same rules the use cases below enforce. */
function actionsFor(ctx: Ctx, t: TransferRow): TransferAction[] {
  const m = ctx.actor?.membership;
  if (!m || t.state !== 'pending' || !roleMay(m.role, 'hardship.transfer')) return [];
  const out: TransferAction[] = [];
  if (isWithin(t.toOrgPath, m.orgPath)) out.push('accept', 'decline');
  if (isWithin(t.fromOrgPath, m.orgPath)) out.push('cancel');
  return out;
}

const toTransfer = (ctx: Ctx, r: Joined): TTransfer => ({
  id: r.t.id,
  archiveId: r.t.archiveId,
  archiveName: maskName(r.archiveName),
  archiveState: r.archiveState as ArchiveState,
  fromOrg: { id: r.t.fromOrgId, name: r.fromName },
  toOrg: { id: r.t.toOrgId, name: r.toName },
  state: r.t.state as TransferState,
  reason: r.t.reason,
  requestedBy: r.t.requestedByName,
  requestedAt: r.t.requestedAt.toISOString(),
  decidedBy: r.t.decidedByName,
  decidedAt: r.t.decidedAt?.toISOString() ?? null,
  decisionNote: r.t.decisionNote,
  actions: actionsFor(ctx, r.t),
});

async function presentTransfer(ctx: Ctx, id: number): Promise<TTransfer> {
  const [row] = await baseQuery(ctx).where(eq(hardshipTransfers.id, id));
  if (!row) throw notFound(TRANSFER_NOT_FOUND);
  return toTransfer(ctx, row);
}

// ---------------------------------------------------------------- timeline and inboxes

/** A transfer step on the archive's timeline; the archive's state does not change. */
async function recordEvent(ctx: Ctx, archiveId: number, state: string, event: TransferEvent, note: string) {
  const actor = requireActor(ctx);
  await ctx.db.insert(timelineEvents).values({
    entityType: archiveFlow.entityType,
    entityId: String(archiveId),
    event,
    fromState: state,
    toState: state,
    actorUserId: actor.userId,
    actorName: actor.displayName,
    actorRole: actor.membership.role,
    note,
  });
}

/**
 * Who should hear of a transfer to an org: the active cadres and admins of that org, or, when it
 * has none, of its nearest ancestor that has some (they can accept for it).
 */
async function receivingCadres(ctx: Ctx, orgPath: string): Promise<number[]> {
  const rows = await sqlRows<{ user_id: number; depth: number }>(
    ctx.db,
    sql`select m.user_id, o.depth from ${memberships} m
        join ${orgs} o on o.id = m.org_id
        join ${users} u on u.id = m.user_id
        where m.role in ('cadre', 'admin') and u.state = 'active'
          and (${orgPath} = o.path or ${orgPath} like o.path || '.%')
        order by o.depth desc`,
  );
  const nearest = rows[0]?.depth;
  return rows.filter((r) => r.depth === nearest).map((r) => Number(r.user_id));
}

// ---------------------------------------------------------------- locking

/** Lock the archive row (always first, then the transfer: one order, no deadlocks). */
async function lockArchive(ctx: Ctx, id: number) {
  const [a] = await ctx.db
    .select({
      id: hardshipArchives.id,
      orgId: hardshipArchives.orgId,
      orgPath: hardshipArchives.orgPath,
      state: hardshipArchives.state,
      name: hardshipArchives.name,
      helperUserId: hardshipArchives.helperUserId,
    })
    .from(hardshipArchives)
    .where(eq(hardshipArchives.id, id))
    .for('update');
  return a;
}

async function lockTransfer(ctx: Ctx, id: number) {
  const [t] = await ctx.db.select().from(hardshipTransfers).where(eq(hardshipTransfers.id, id)).for('update');
  return t;
}

// ---------------------------------------------------------------- use cases

/**
 * 发起移交: a cadre or admin of the union holding an archive proposes moving it to another union
 * anywhere on the platform (the worker changed employer or moved). The archive must be filed or an
 * application not yet verified; at most one transfer per archive may be pending (409). The
 * receiving union's cadres are notified.
 */
export async function proposeTransfer(
  ctx: Ctx,
  archiveId: number,
  input: TProposeTransferInput,
): Promise<TTransfer> {
  const actor = requireActor(ctx);
  authorize(ctx, 'hardship.transfer');
  const target = await findOrg(ctx.db, input.toOrgId);
  if (!target) throw invalidField('toOrgId', '接收单位不存在');
  checkTarget(target);
  let id: number;
  try {
    id = await ctx.deps.database.db.transaction(async (tx) => {
      const t = withTx(ctx, tx);
      const a = await lockArchive(t, archiveId);
      if (!a) throw notFound(ARCHIVE_NOT_FOUND);
      authorize(ctx, 'hardship.transfer', { orgPath: a.orgPath });
      if (!isTransferable(a.state)) throw notTransferable(a.state);
      if (target.id === a.orgId) throw invalidField('toOrgId', '接收单位不能是档案当前所在的单位');
      const [pending] = await tx
        .select({ id: hardshipTransfers.id })
        .from(hardshipTransfers)
        .where(and(eq(hardshipTransfers.archiveId, archiveId), eq(hardshipTransfers.state, 'pending')));
      if (pending) throw pendingExists();
      const [holder] = await tx.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, a.orgId));
      const [row] = await tx
        .insert(hardshipTransfers)
        .values({
          archiveId,
          fromOrgId: a.orgId,
          fromOrgPath: a.orgPath,
          toOrgId: target.id,
          toOrgPath: target.path,
          reason: input.reason,
          requestedBy: actor.userId,
          requestedByName: actor.displayName,
        })
        .returning({ id: hardshipTransfers.id });
      if (!row) throw new Error('insert returned nothing');
      await recordEvent(
        t,
        archiveId,
        a.state,
        'transferPropose',
        `移交至「${target.name}」：${input.reason}`,
      );
      await recordAudit(t, {
        action: 'hardship.transfer.propose',
        entityType: archiveFlow.entityType,
        entityId: archiveId,
        orgId: a.orgId,
        orgPath: a.orgPath,
        detail: { transferId: row.id, toOrgId: target.id, toOrgName: target.name, reason: input.reason },
      });
      const recipients = (await receivingCadres(t, target.path)).filter((u) => u !== actor.userId);
      await notify(tx, {
        userIds: recipients,
        kind: 'hardship.transferProposed',
        title: `「${holder?.name ?? ''}」向「${target.name}」移交困难职工档案（${maskName(a.name)}），请接收`,
        body: `移交原因：${input.reason}`,
        link: '/hardship/transfers',
      });
      return row.id;
    });
  } catch (e) {
    // Lost a race against another proposal for the same archive: the partial unique index decided.
    if (isUniqueViolation(e)) throw pendingExists();
    throw e;
  }
  return presentTransfer(ctx, id);
}

/** The transfer as the caller may see it: from or to a union of their subtree, else 404. */
async function peekTransfer(ctx: Ctx, id: number) {
  const [t] = await ctx.db.select().from(hardshipTransfers).where(eq(hardshipTransfers.id, id));
  const m = requireActor(ctx).membership;
  if (!t || !(isWithin(t.toOrgPath, m.orgPath) || isWithin(t.fromOrgPath, m.orgPath))) {
    throw notFound(TRANSFER_NOT_FOUND);
  }
  return t;
}

/**
 * 接收移交: a cadre or admin whose subtree holds the receiving union takes the archive over. In one
 * transaction with the archive row locked: the archive and its files move to the new union (the old
 * one loses access), the paired helper of the old union is released (kept in the helper history),
 * the QR token stays as it is. Of two racing decisions one wins; the other gets 409.
 */
export async function acceptTransfer(ctx: Ctx, id: number, input: TDecideTransferInput): Promise<TTransfer> {
  const actor = requireActor(ctx);
  const peek = await peekTransfer(ctx, id);
  authorize(ctx, 'hardship.transfer', { orgPath: peek.toOrgPath });
  await ctx.deps.database.db.transaction(async (tx) => {
    const t = withTx(ctx, tx);
    const a = await lockArchive(t, peek.archiveId);
    const tr = await lockTransfer(t, id);
    if (!a || !tr) throw notFound(TRANSFER_NOT_FOUND);
    authorize(ctx, 'hardship.transfer', { orgPath: tr.toOrgPath });
    if (tr.state !== 'pending') throw notPending(tr.state);
    if (!isTransferable(a.state)) throw notTransferable(a.state);
    // Re-read the receiving union: it may have been moved or deactivated since the proposal.
    const target = await findOrg(tx, tr.toOrgId);
    if (!target) throw notFound('接收单位不存在');
    if (target.state !== 'active') throw conflict('ORG_INACTIVE', `「${target.name}」已停用，不能接收档案`);
    const [from] = await tx.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, a.orgId));
    const fromName = from?.name ?? '';

    await tx
      .update(hardshipArchives)
      .set({ orgId: target.id, orgPath: target.path, helperUserId: null, updatedAt: sql`now()` })
      .where(eq(hardshipArchives.id, a.id));
    // Documents attached to the archive sit where it sits.
    await tx
      .update(files)
      .set({ orgId: target.id, orgPath: target.path })
      .where(and(eq(files.entityType, archiveFlow.entityType), eq(files.entityId, String(a.id))));
    if (a.helperUserId !== null) {
      await tx.insert(hardshipHelperChanges).values({
        archiveId: a.id,
        helperUserId: null,
        reason: `档案移交至「${target.name}」，原结对责任人解除`,
        changedBy: actor.userId,
        changedByName: actor.displayName,
      });
    }
    await tx
      .update(hardshipTransfers)
      .set({
        state: 'accepted',
        toOrgPath: target.path,
        decidedBy: actor.userId,
        decidedByName: actor.displayName,
        decidedAt: sql`now()`,
        decisionNote: input.note || null,
      })
      .where(eq(hardshipTransfers.id, id));
    await recordEvent(
      t,
      a.id,
      a.state,
      'transferAccept',
      [`由「${fromName}」移交至「${target.name}」`, input.note].filter(Boolean).join('；'),
    );
    await recordAudit(t, {
      action: 'hardship.transfer.accept',
      entityType: archiveFlow.entityType,
      entityId: a.id,
      orgId: target.id,
      orgPath: target.path,
      detail: {
        transferId: id,
        fromOrgId: a.orgId,
        fromOrgPath: a.orgPath,
        toOrgId: target.id,
        releasedHelperUserId: a.helperUserId,
      },
    });
    if (tr.requestedBy && tr.requestedBy !== actor.userId) {
      await notify(tx, {
        userIds: [tr.requestedBy],
        kind: 'hardship.transferAccepted',
        title: `「${target.name}」已接收困难职工档案（${maskName(a.name)}）`,
        body: input.note ? `说明：${input.note}` : '',
        link: '/hardship/transfers?box=outgoing',
      });
    }
    if (a.helperUserId !== null && a.helperUserId !== actor.userId) {
      await notify(tx, {
        userIds: [a.helperUserId],
        kind: 'hardship.helperReleased',
        title: `${maskName(a.name)} 的档案已移交至「${target.name}」，您的结对帮扶责任已解除`,
      });
    }
  });
  return presentTransfer(ctx, id);
}

/** 不接收: the receiving side declines with a reason; the archive stays where it is. */
export async function declineTransfer(ctx: Ctx, id: number, input: TDecideTransferInput): Promise<TTransfer> {
  // The requesting union acts on it (and tells the worker): one letter is not a reason.
  if ((input.note?.trim().length ?? 0) < 2) throw invalidField('note', '请填写不接收的理由（至少 2 个字）');
  const peek = await peekTransfer(ctx, id);
  authorize(ctx, 'hardship.transfer', { orgPath: peek.toOrgPath });
  return closeTransfer(ctx, id, peek.archiveId, 'declined', input.note);
}

/** 撤回: the union holding the archive withdraws its pending proposal. */
export async function cancelTransfer(ctx: Ctx, id: number, input: TDecideTransferInput): Promise<TTransfer> {
  const peek = await peekTransfer(ctx, id);
  authorize(ctx, 'hardship.transfer', { orgPath: peek.fromOrgPath });
  return closeTransfer(ctx, id, peek.archiveId, 'cancelled', input.note);
}

async function closeTransfer(
  ctx: Ctx,
  id: number,
  archiveId: number,
  to: 'declined' | 'cancelled',
  note: string | undefined,
): Promise<TTransfer> {
  const actor = requireActor(ctx);
  await ctx.deps.database.db.transaction(async (tx) => {
    const t = withTx(ctx, tx);
    const a = await lockArchive(t, archiveId);
    const tr = await lockTransfer(t, id);
    if (!a || !tr) throw notFound(TRANSFER_NOT_FOUND);
    const side = to === 'declined' ? tr.toOrgPath : tr.fromOrgPath;
    authorize(ctx, 'hardship.transfer', { orgPath: side });
    if (tr.state !== 'pending') throw notPending(tr.state);
    await tx
      .update(hardshipTransfers)
      .set({
        state: to,
        decidedBy: actor.userId,
        decidedByName: actor.displayName,
        decidedAt: sql`now()`,
        decisionNote: note || null,
      })
      .where(eq(hardshipTransfers.id, id));
    const [target] = await tx.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, tr.toOrgId));
    const targetName = target?.name ?? '';
    await recordEvent(
      t,
      archiveId,
      a.state,
      to === 'declined' ? 'transferDecline' : 'transferCancel',
      [
        to === 'declined' ? `「${targetName}」未接收移交` : `撤回移交至「${targetName}」`,
        note ? `理由：${note}` : null,
      ]
        .filter(Boolean)
        .join('；'),
    );
    await recordAudit(t, {
      action: to === 'declined' ? 'hardship.transfer.decline' : 'hardship.transfer.cancel',
      entityType: archiveFlow.entityType,
      entityId: archiveId,
      orgId: to === 'declined' ? tr.toOrgId : tr.fromOrgId,
      orgPath: side,
      detail: { transferId: id, toOrgId: tr.toOrgId, note: note ?? null },
    });
    if (to === 'declined' && tr.requestedBy && tr.requestedBy !== actor.userId) {
      await notify(tx, {
        userIds: [tr.requestedBy],
        kind: 'hardship.transferDeclined',
        title: `「${targetName}」未接收困难职工档案（${maskName(a.name)}）的移交`,
        body: `理由：${note ?? ''}`,
        link: `/hardship/${archiveId}`,
      });
    }
  });
  return presentTransfer(ctx, id);
}

/** An archive's transfers, newest first, for whoever may view the archive now. */
export async function listArchiveTransfers(ctx: Ctx, archiveId: number): Promise<TTransfer[]> {
  authorize(ctx, 'hardship.view');
  const [a] = await ctx.db
    .select({ orgPath: hardshipArchives.orgPath })
    .from(hardshipArchives)
    .where(eq(hardshipArchives.id, archiveId));
  if (!a) throw notFound(ARCHIVE_NOT_FOUND);
  authorize(ctx, 'hardship.view', { orgPath: a.orgPath });
  const rows = await baseQuery(ctx)
    .where(eq(hardshipTransfers.archiveId, archiveId))
    .orderBy(desc(hardshipTransfers.id));
  return rows.map((r) => toTransfer(ctx, r));
}

/**
 * The transfer inbox of the caller's subtree: incoming (to one of its unions) or outgoing (from
 * one), optionally by state; pending first, then newest.
 */
export async function listTransfers(ctx: Ctx, q: TListTransfersQuery): Promise<TTransferPage> {
  // Everyone who views archives sees the transfers of their subtree (auditors too); `actions` says who may act.
  const m = authorize(ctx, 'hardship.view');
  const conds: SQL[] = [
    inSubtree(q.box === 'incoming' ? hardshipTransfers.toOrgPath : hardshipTransfers.fromOrgPath, m.orgPath),
  ];
  if (q.state) conds.push(eq(hardshipTransfers.state, q.state));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    baseQuery(ctx)
      .where(where)
      .orderBy(
        sql`(${hardshipTransfers.state} = 'pending') desc`,
        desc(hardshipTransfers.requestedAt),
        desc(hardshipTransfers.id),
      )
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(hardshipTransfers).where(where),
  ]);
  return {
    items: rows.map((r) => toTransfer(ctx, r)),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * Unions an archive may be sent to, anywhere on the platform (the worker may move across provinces):
 * only the id, the name and the names of its ancestors, for the picker. Active unions only.
 */
export async function searchTransferTargets(
  ctx: Ctx,
  q: { q?: string | undefined; archiveId?: number | undefined },
): Promise<TTransferTarget[]> {
  const m = authorize(ctx, 'hardship.transfer');
  const o = aliasedTable(orgs, 'o');
  const conds: SQL[] = [
    eq(o.state, 'active'),
    sql`${o.type} not in (${sql.join(
      partnerOrgTypes.map((t) => sql`${t}`),
      sql`, `,
    )})`,
  ];
  const text = q.q?.trim();
  if (text) conds.push(sql`${o.name} ilike ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (q.archiveId !== undefined) {
    // Only an archive of the caller's subtree: another's would give away where it is held.
    conds.push(
      sql`${o.id} <> coalesce((select org_id from ${hardshipArchives} where id = ${q.archiveId}
        and ${inSubtree(sql`org_path`, m.orgPath)}), 0)`,
    );
  }
  const rows = await ctx.db
    .select({
      id: o.id,
      name: o.name,
      // Written out: drizzle leaves a column in a selected expression unqualified.
      pathLabel: sql<string>`coalesce((select string_agg(a.name, ' / ' order by a.depth) from orgs a
        where "o"."path" like a.path || '.%'), '')`,
    })
    .from(o)
    .where(and(...conds))
    .orderBy(asc(o.depth), asc(o.name), asc(o.id))
    .limit(20);
  return rows;
}
