import { and, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { beijingDay } from '../../../shared/dates.ts';
import type {
  TDutyRecord,
  TManualRecordInput,
  ZAwardInput,
  ZIdleRepresentative,
  ZListDutyRecordsQuery,
} from '../../../shared/duty.ts';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { inSubtree, isWithin, requireActor, roleMay } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { type Ctx, type Deps, withTx } from '../../platform/context.ts';
import { forbidden, invalidField, notFound } from '../../platform/errors.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { membersOf } from '../../platform/notify/recipients.ts';
import { apply, recordCreated } from '../../platform/workflow/workflow.ts';
import {
  activeCongressIds,
  type CongressFacts,
  congressFacts,
  type Seat,
  seatById,
  seatedAtOf,
  seatOfUser,
  seatsOf,
  seatsOfUser,
} from '../proposals/seats.service.ts';
import { assertTermOpen, isArchived } from './archive.service.ts';
import { dutyRecordFlow } from './duty.flow.ts';
import {
  currentScheme,
  ensureScheme,
  recomputePoints,
  type SchemeItem,
  schemeItems,
} from './duty.scoring.ts';
import { dutyRecords, dutyReminders } from './duty.table.ts';
import { toDutyRecords } from './scores.service.ts';

/**
 * 履职记录 (issue #9): listing and reading records, a representative's own entries (with evidence, reviewed
 * by a cadre of the congress's union), a cadre's awards (加分/减分) and voids, and idle reminders.
 * Every write re-scores the representative in the same transaction (`recomputePoints`) and refuses an
 * archived term (409).
 */

type RecordRow = typeof dutyRecords.$inferSelect;
const DAY = 86_400_000;

const inTx = <T>(ctx: Ctx, fn: (tx: Tx) => Promise<T>): Promise<T> => (ctx.db as Db).transaction(fn);

/** Staff who read duty records (cadre, admin, reviewer, auditor) within their subtree. */
const isDutyStaff = (ctx: Ctx): boolean => {
  const m = ctx.actor?.membership;
  return m != null && roleMay(m.role, 'duty.view');
};

// ---------------------------------------------------------------- reading

/**
 * Staff: the records of the congresses of unions in their subtree, with every filter. A representative:
 * their own records only (other people's filters — representative, delegation — are ignored).
 */
export async function listRecords(ctx: Ctx, q: z.infer<typeof ZListDutyRecordsQuery>) {
  const m = requireActor(ctx).membership;
  const where: SQL[] = [];
  if (isDutyStaff(ctx)) {
    where.push(inSubtree(dutyRecords.orgPath, m.orgPath));
    if (q.representativeId) where.push(eq(dutyRecords.representativeId, q.representativeId));
    if (q.delegation) {
      const congressIds = q.congressId
        ? [q.congressId]
        : (
            await ctx.db
              .selectDistinct({ id: dutyRecords.congressId })
              .from(dutyRecords)
              .where(inSubtree(dutyRecords.orgPath, m.orgPath))
          ).map((r) => r.id);
      const repIds: number[] = [];
      for (const id of congressIds) {
        for (const s of await seatsOf(ctx.db, id, true)) if (s.delegation === q.delegation) repIds.push(s.id);
      }
      where.push(repIds.length ? inArray(dutyRecords.representativeId, repIds) : sql`false`);
    }
  } else if (m.role === 'representative') {
    const own = (await seatsOfUser(ctx.db, requireActor(ctx).userId)).map((s) => s.id);
    where.push(own.length ? inArray(dutyRecords.representativeId, own) : sql`false`);
  } else {
    throw forbidden();
  }
  if (q.congressId) where.push(eq(dutyRecords.congressId, q.congressId));
  if (q.itemCode) where.push(eq(dutyRecords.itemCode, q.itemCode));
  if (q.state) where.push(eq(dutyRecords.state, q.state));
  if (q.source) where.push(eq(dutyRecords.source, q.source));
  const cond = and(...where);
  const [total] = await ctx.db.select({ n: count() }).from(dutyRecords).where(cond);
  return {
    items: await toDutyRecords(ctx.db, cond, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

interface Loaded {
  row: RecordRow;
  seat: Seat | null;
  /** The caller is the record's representative. */
  own: boolean;
}

/** A record the caller may see (staff within their subtree, or its representative), else 404. */
async function loadVisible(ctx: Ctx, db: DbOrTx, id: number, lock = false): Promise<Loaded> {
  const actor = requireActor(ctx);
  const q = db.select().from(dutyRecords).where(eq(dutyRecords.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('履职记录不存在或无权查看');
  const seat = await seatById(db, row.representativeId);
  const own = seat?.userId === actor.userId && actor.membership.role === 'representative';
  const staff = isDutyStaff(ctx) && isWithin(row.orgPath, actor.membership.orgPath);
  if (!own && !staff) throw notFound('履职记录不存在或无权查看');
  return { row, seat, own };
}

export async function getRecord(ctx: Ctx, id: number): Promise<TDutyRecord> {
  await loadVisible(ctx, ctx.db, id);
  const [out] = await toDutyRecords(ctx.db, eq(dutyRecords.id, id));
  if (!out) throw notFound();
  return out;
}

// ---------------------------------------------------------------- writing

/** The scheme item, or a 400 saying what kind of item is expected. */
async function itemOf(
  db: DbOrTx,
  congress: CongressFacts,
  code: string,
  ok: (i: SchemeItem) => boolean,
  message: string,
): Promise<SchemeItem> {
  const scheme = await ensureScheme(db, congress);
  const item = schemeItems(scheme.definition).find((i) => i.code === code);
  if (!item || !ok(item)) throw invalidField('itemCode', message);
  return item;
}

/** A day that is not in the future and lies within the term; the record's instant is that day's start (UTC+8). */
function occurredAtOf(congress: CongressFacts, day: string, now: Date): Date {
  if (day > beijingDay(now)) throw invalidField('occurredOn', '履职日期不能晚于今天');
  if (day < congress.termStart || day > congress.termEnd) {
    throw invalidField(
      'occurredOn',
      `履职日期须在本届任期内（${congress.termStart} 至 ${congress.termEnd}）`,
    );
  }
  return new Date(`${day}T00:00:00+08:00`);
}

/** A representative enters a record (pending) for an indicator the scheme lets them enter themselves. */
export async function createManualRecord(ctx: Ctx, input: TManualRecordInput): Promise<TDutyRecord> {
  const actor = requireActor(ctx);
  if (!roleMay(actor.membership.role, 'duty.represent')) throw forbidden('请以会员代表身份填报履职记录');
  const id = await inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    const seat = await seatOfUser(tx, input.congressId, actor.userId);
    if (!seat) throw forbidden('您不是本届会员代表大会的在任代表');
    const congress = await congressFacts(tx, input.congressId);
    if (!congress) throw notFound('会员代表大会不存在');
    await assertTermOpen(tx, congress.id);
    const item = await itemOf(
      tx,
      congress,
      input.itemCode,
      (i) => i.kind === 'indicator' && i.manualEntry,
      '该指标不能由代表自行填报，请选择方案中允许填报的指标',
    );
    const occurredAt = occurredAtOf(congress, input.occurredOn, new Date());
    const [row] = await tx
      .insert(dutyRecords)
      .values({
        congressId: congress.id,
        orgId: congress.orgId,
        orgPath: congress.orgPath,
        representativeId: seat.id,
        source: 'manual',
        itemCode: item.code,
        title: input.title,
        detail: input.detail,
        occurredAt,
        state: 'pending',
        createdBy: actor.userId,
      })
      .returning({ id: dutyRecords.id });
    if (!row) throw new Error('duty record insert returned nothing');
    await recomputePoints(tx, congress.id, seat.id);
    await recordCreated(c, dutyRecordFlow.entityType, row.id, 'pending', `代表填报：${item.name}`);
    await recordAudit(c, {
      action: 'duty.record.create',
      entityType: dutyRecordFlow.entityType,
      entityId: row.id,
      orgId: congress.orgId,
      orgPath: congress.orgPath,
      detail: { itemCode: item.code, occurredOn: input.occurredOn },
    });
    await notify(tx, {
      userIds: await membersOf(tx, [congress.orgId], ['cadre', 'admin']),
      kind: 'duty.recordPending',
      title: `履职记录待审核：${seat.name}「${input.title}」`,
      body: item.name,
      link: '/duty/records?state=pending',
    });
    return row.id;
  });
  return getRecord(ctx, id);
}

export type RecordEvent = 'approve' | 'reject' | 'withdraw' | 'void';

/**
 * Move a record along `dutyRecordFlow`: a cadre of the congress's union approves or rejects a pending
 * entry or voids a counted/approved one (with the reason); the representative withdraws their own
 * pending entry. The row is locked first, so of two cadres deciding at once the second gets a 409.
 */
export async function transitionRecord(
  ctx: Ctx,
  id: number,
  event: RecordEvent,
  reason: string | null = null,
): Promise<TDutyRecord> {
  const actor = requireActor(ctx);
  await inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    const { row, seat, own } = await loadVisible(ctx, tx, id, true);
    if (event === 'withdraw' && !own) throw forbidden('只有填报的代表本人可以撤回');
    if (event !== 'withdraw' && !roleMay(actor.membership.role, 'duty.manage')) {
      throw forbidden('只有本工会干部可以审核或作废履职记录');
    }
    await assertTermOpen(tx, row.congressId);
    await apply(c, dutyRecordFlow, {
      id,
      event,
      note: reason,
      orgId: row.orgId,
      orgPath: row.orgPath,
      scope: event === 'withdraw' ? 'checked-by-caller' : 'subtree',
    });
    const now = new Date();
    await tx
      .update(dutyRecords)
      .set(
        event === 'withdraw'
          ? { updatedAt: now }
          : {
              reviewedBy: actor.userId,
              reviewedAt: now,
              updatedAt: now,
              ...(reason ? { rejectReason: reason } : {}),
            },
      )
      .where(eq(dutyRecords.id, id));
    await recomputePoints(tx, row.congressId, row.representativeId);
    if (seat && event !== 'withdraw') {
      const what = { approve: '已审核通过', reject: '被驳回', void: '已作废' }[event];
      await notify(tx, {
        userIds: [seat.userId],
        kind: `duty.record${event[0]?.toUpperCase()}${event.slice(1)}`,
        title: `您的履职记录「${row.title}」${what}`,
        body: reason ?? '',
        link: '/m/duty',
      });
    }
  });
  return getRecord(ctx, id);
}

/** A cadre awards a bonus or penalty item (counted at once). */
export async function awardRecord(ctx: Ctx, input: z.infer<typeof ZAwardInput>): Promise<TDutyRecord> {
  const actor = requireActor(ctx);
  if (!roleMay(actor.membership.role, 'duty.manage')) throw forbidden('只有工会干部可以认定加减分');
  const id = await inTx(ctx, async (tx) => {
    const c = withTx(ctx, tx);
    const seat = await seatById(tx, input.representativeId);
    const congress = seat ? await congressFacts(tx, seat.congressId) : null;
    if (!seat || !congress || !isWithin(congress.orgPath, actor.membership.orgPath)) {
      throw notFound('会员代表不存在或无权查看');
    }
    await assertTermOpen(tx, congress.id);
    const item = await itemOf(
      tx,
      congress,
      input.itemCode,
      (i) => i.kind === 'bonus' || i.kind === 'penalty',
      '请选择方案中的加分或减分项目',
    );
    const now = new Date();
    const occurredAt = occurredAtOf(congress, input.occurredOn, now);
    const [row] = await tx
      .insert(dutyRecords)
      .values({
        congressId: congress.id,
        orgId: congress.orgId,
        orgPath: congress.orgPath,
        representativeId: seat.id,
        source: 'award',
        itemCode: item.code,
        title: input.title,
        detail: input.detail ?? null,
        occurredAt,
        state: 'counted',
        createdBy: actor.userId,
        reviewedBy: actor.userId,
        reviewedAt: now,
      })
      .returning({ id: dutyRecords.id });
    if (!row) throw new Error('duty record insert returned nothing');
    await recomputePoints(tx, congress.id, seat.id);
    const label = item.kind === 'bonus' ? '加分' : '减分';
    await recordCreated(c, dutyRecordFlow.entityType, row.id, 'counted', `工会认定${label}：${item.name}`);
    await recordAudit(c, {
      action: 'duty.record.award',
      entityType: dutyRecordFlow.entityType,
      entityId: row.id,
      orgId: congress.orgId,
      orgPath: congress.orgPath,
      detail: { representativeId: seat.id, itemCode: item.code, kind: item.kind },
    });
    await notify(tx, {
      userIds: [seat.userId],
      kind: 'duty.recordAward',
      title: `工会认定${label}：${item.name}`,
      body: input.title,
      link: '/m/duty',
    });
    return row.id;
  });
  return getRecord(ctx, id);
}

// ---------------------------------------------------------------- idle representatives

type TIdle = z.infer<typeof ZIdleRepresentative>;

interface IdleSeat {
  seat: Seat;
  lastRecordAt: Date | null;
  remindedAt: Date | null;
  idleDays: number | null;
  /** Their last record, else when they took the seat (the term's start for those elected with it). */
  since: Date;
}

/**
 * Active representatives of the congress with no counted, approved or pending record in the last
 * `days` days, as of `now`. One without any record counts from when they took the seat — the term's
 * start, or later for a representative added during the term (补选), who is not idle on day one.
 */
async function idleSeats(db: DbOrTx, congress: CongressFacts, days: number, now: Date): Promise<IdleSeat[]> {
  const seats = await seatsOf(db, congress.id);
  const last = await db
    .select({ repId: dutyRecords.representativeId, at: sql<string>`max(${dutyRecords.occurredAt})` })
    .from(dutyRecords)
    .where(
      and(
        eq(dutyRecords.congressId, congress.id),
        inArray(dutyRecords.state, ['counted', 'approved', 'pending']),
      ),
    )
    .groupBy(dutyRecords.representativeId);
  const lastAt = new Map(last.map((r) => [r.repId, new Date(r.at)]));
  const reminded = await db
    .select({ repId: dutyReminders.representativeId, at: sql<string>`max(${dutyReminders.sentAt})` })
    .from(dutyReminders)
    .where(eq(dutyReminders.congressId, congress.id))
    .groupBy(dutyReminders.representativeId);
  const remindedAt = new Map(reminded.map((r) => [r.repId, new Date(r.at)]));
  const seatedAt = await seatedAtOf(db, congress.id);
  const threshold = now.getTime() - days * DAY;
  const termStart = new Date(`${congress.termStart}T00:00:00+08:00`);
  const out: IdleSeat[] = [];
  for (const seat of seats) {
    const at = lastAt.get(seat.id) ?? null;
    const tookSeat = seatedAt.get(seat.id);
    const since = at ?? (tookSeat && tookSeat > termStart ? tookSeat : termStart);
    if (since.getTime() > threshold) continue;
    out.push({
      seat,
      lastRecordAt: at,
      remindedAt: remindedAt.get(seat.id) ?? null,
      idleDays: at ? Math.floor((now.getTime() - at.getTime()) / DAY) : null,
      since,
    });
  }
  return out.sort(
    (a, b) =>
      (a.lastRecordAt?.getTime() ?? 0) - (b.lastRecordAt?.getTime() ?? 0) ||
      a.seat.name.localeCompare(b.seat.name, 'zh-CN'),
  );
}

/** Staff of the congress's union (or above): who has had nothing to show for `days` (default: the scheme's). */
export async function listIdle(
  ctx: Ctx,
  congressId: number,
  days?: number,
  now = new Date(),
): Promise<TIdle[]> {
  const m = requireActor(ctx).membership;
  const congress = await congressFacts(ctx.db, congressId);
  if (!congress || !isWithin(congress.orgPath, m.orgPath)) throw notFound('会员代表大会不存在或无权查看');
  if (!roleMay(m.role, 'duty.view')) throw forbidden();
  const scheme = await currentScheme(ctx.db, congressId);
  const threshold = days ?? scheme?.definition.idleReminderDays ?? 30;
  const rows = await idleSeats(ctx.db, congress, threshold, now);
  return rows.map((r) => ({
    representative: {
      id: r.seat.id,
      name: r.seat.name,
      delegation: r.seat.delegation,
      org: { id: r.seat.orgId, name: r.seat.orgName },
    },
    lastRecordAt: r.lastRecordAt?.toISOString() ?? null,
    idleDays: r.idleDays,
    remindedAt: r.remindedAt?.toISOString() ?? null,
  }));
}

/**
 * Job `remind-idle-representatives`: every active representative of an active, unarchived congress who
 * has been idle longer than the scheme's `idleReminderDays` gets one inbox notice per
 * idle period — a reminder sent after their last record means they were already reminded. One
 * transaction per congress under an advisory lock, so two runs at once send nothing twice.
 */
export async function remindIdleRepresentatives(
  deps: Deps,
  now: Date = new Date(),
): Promise<{ congresses: number; reminded: number }> {
  const db = deps.database.db;
  // Every running term, also one nobody has opened in 履职评价 yet (no scheme: the default 30 days).
  const congressIds = await activeCongressIds(db);
  const counts = { congresses: 0, reminded: 0 };
  for (const congressId of congressIds.sort((a, b) => a - b)) {
    counts.reminded += await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`duty-remind:${congressId}`}))`);
      const congress = await congressFacts(tx, congressId);
      if (congress?.state !== 'active' || (await isArchived(tx, congressId))) return 0;
      const scheme = await currentScheme(tx, congressId);
      const days = scheme?.definition.idleReminderDays ?? 30;
      counts.congresses += 1;
      let sent = 0;
      for (const r of await idleSeats(tx, congress, days, now)) {
        if (r.remindedAt && (!r.lastRecordAt || r.remindedAt > r.lastRecordAt)) continue;
        const idle = r.idleDays ?? Math.floor((now.getTime() - r.since.getTime()) / DAY);
        await tx.insert(dutyReminders).values({
          congressId,
          representativeId: r.seat.id,
          idleDays: idle,
          sentAt: now,
        });
        await notify(tx, {
          userIds: [r.seat.userId],
          kind: 'duty.idleReminder',
          title: r.lastRecordAt
            ? `履职提醒：您已有 ${idle} 天没有新的履职记录`
            : '履职提醒：您在本届还没有履职记录',
          body: `${congress.name}：参加会议、提交提案、联系职工或填报调研走访，都会记入您的履职积分。`,
          link: '/m/duty',
        });
        sent += 1;
      }
      return sent;
    });
  }
  return counts;
}
