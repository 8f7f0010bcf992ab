import { randomBytes } from 'node:crypto';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { z } from 'zod';
import type {
  AttendanceState,
  DutySource,
  TCheckinView,
  TDutySession,
  TDutySessionDetail,
  ZDutySessionInput,
  ZMarkAttendanceInput,
} from '../../../shared/duty.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { authorize, requireActor } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.ts';
import {
  assertSessionInTerm,
  createSession,
  deleteSession,
  listSessions,
  updateSession,
} from '../proposals/congress.service.ts';
import {
  type CongressFacts,
  congressFacts,
  type Seat,
  type SessionFacts,
  seatById,
  seatOfUser,
  seatsOf,
  sessionFacts,
} from '../proposals/seats.service.ts';
import { assertTermOpen, isArchived } from './archive.service.ts';
import { ensureScheme, recomputePoints } from './duty.scoring.ts';
import { dutyRecords, dutySessionCheckins, sessionAttendance } from './duty.table.ts';

/**
 * 会议签到 (issue #9): a congress session (云履职's `congress_sessions`, created through its
 * `createSession`) plus duty's check-in row (kind, QR token, closedAt) and the attendance of every
 * active representative. Attendance writes the duty record of its state (出席 / 请假 / 无故缺席) and
 * re-scores the representative in the same transaction.
 *
 * Sessions created in 云履职 (without a check-in row) get one — kind 代表大会 and a fresh token — the
 * first time staff read them, so every session of the congress can be checked in to. An archived term
 * is frozen by the database, so its sessions are shown with kind 代表大会 and no token instead.
 */

/** Check-in opens this long before the session starts. */
export const CHECKIN_OPENS_BEFORE_MS = 2 * 3_600_000;

export const CHECKIN_REPLACED_MESSAGE = '签到二维码无效或已更换，请扫描会场现在展示的二维码';
export const NOT_A_REP_MESSAGE = '您不是本届会员代表，无需签到';

/** 18 random bytes = 144 bits, base64url (24 characters), like hardship's QR tokens. */
const newToken = () => randomBytes(18).toString('base64url');
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,64}$/;

type CheckinRow = typeof dutySessionCheckins.$inferSelect;
type AttendanceRow = typeof sessionAttendance.$inferSelect;
type Mark = Exclude<AttendanceState, 'unmarked'>;

/** The duty record source of each attendance state. */
const sourceOf: Record<Mark, DutySource> = {
  present: 'session_attended',
  leave: 'session_leave',
  absent: 'session_absent',
};
const titleOf: Record<Mark, (title: string) => string> = {
  present: (t) => `出席《${t}》`,
  leave: (t) => `请假《${t}》`,
  absent: (t) => `无故缺席《${t}》`,
};
const sessionRef = (sessionId: number) => `session:${sessionId}`;

const inTx = <T>(ctx: Ctx, fn: (tx: DbOrTx) => Promise<T>): Promise<T> =>
  (ctx.db as Db).transaction((tx) => fn(tx));

// ---------------------------------------------------------------- loading and scoping

async function loadCongressFor(ctx: Ctx, congressId: number, action: string): Promise<CongressFacts> {
  requireActor(ctx);
  const c = await congressFacts(ctx.db, congressId);
  if (!c) throw notFound('会员代表大会不存在或无权查看');
  authorize(ctx, action, { orgPath: c.orgPath });
  return c;
}

interface Scoped {
  session: SessionFacts;
  congress: CongressFacts;
}

async function loadSessionFor(ctx: Ctx, sessionId: number, action: string): Promise<Scoped> {
  requireActor(ctx);
  const session = await sessionFacts(ctx.db, sessionId);
  const congress = session ? await congressFacts(ctx.db, session.congressId) : null;
  if (!session || !congress) throw notFound('会议不存在或无权查看');
  authorize(ctx, action, { orgPath: congress.orgPath });
  return { session, congress };
}

async function checkinRows(db: DbOrTx, sessionIds: number[]): Promise<Map<number, CheckinRow>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(dutySessionCheckins)
    .where(inArray(dutySessionCheckins.sessionId, sessionIds));
  return new Map(rows.map((r) => [r.sessionId, r]));
}

/**
 * The check-in rows of these sessions, creating the missing ones (sessions made in 云履职) unless the
 * term is archived. Concurrent first reads meet on the primary key; the loser reads the winner's row.
 */
async function ensureCheckins(
  db: DbOrTx,
  congress: CongressFacts,
  sessionIds: number[],
): Promise<Map<number, CheckinRow>> {
  const rows = await checkinRows(db, sessionIds);
  const missing = sessionIds.filter((id) => !rows.has(id));
  if (missing.length === 0 || (await isArchived(db, congress.id))) return rows;
  await db
    .insert(dutySessionCheckins)
    .values(
      missing.map((sessionId) => ({
        sessionId,
        congressId: congress.id,
        orgPath: congress.orgPath,
        kind: 'congress',
        token: newToken(),
      })),
    )
    .onConflictDoNothing({ target: dutySessionCheckins.sessionId });
  return checkinRows(db, sessionIds);
}

async function attendanceOf(db: DbOrTx, sessionIds: number[]): Promise<AttendanceRow[]> {
  if (sessionIds.length === 0) return [];
  return db.select().from(sessionAttendance).where(inArray(sessionAttendance.sessionId, sessionIds));
}

// ---------------------------------------------------------------- views

interface SessionLike {
  id: number;
  congressId: number;
  title: string;
  startsAt: Date | string;
  endsAt: Date | string;
  venue: string;
}

const iso = (d: Date | string) => (typeof d === 'string' ? new Date(d).toISOString() : d.toISOString());

function toDutySession(
  s: SessionLike,
  checkin: CheckinRow | undefined,
  seats: Seat[],
  attendance: AttendanceRow[],
): TDutySession {
  const active = new Set(seats.map((x) => x.id));
  const counts = { expected: seats.length, present: 0, leave: 0, absent: 0, unmarked: 0 };
  for (const a of attendance) {
    if (a.sessionId !== s.id || !active.has(a.representativeId)) continue;
    counts[a.state as Mark] += 1;
  }
  counts.unmarked = counts.expected - counts.present - counts.leave - counts.absent;
  return {
    id: s.id,
    congressId: s.congressId,
    title: s.title,
    kind: (checkin?.kind ?? 'congress') as TDutySession['kind'],
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
    venue: s.venue,
    checkinToken: checkin?.token ?? null,
    closedAt: checkin?.closedAt ? checkin.closedAt.toISOString() : null,
    counts,
  };
}

async function detailOf(
  db: DbOrTx,
  session: SessionFacts,
  congress: CongressFacts,
): Promise<TDutySessionDetail> {
  const checkins = await ensureCheckins(db, congress, [session.id]);
  const seats = await seatsOf(db, congress.id);
  const attendance = await attendanceOf(db, [session.id]);
  const byRep = new Map(attendance.map((a) => [a.representativeId, a]));
  return {
    ...toDutySession(session, checkins.get(session.id), seats, attendance),
    attendance: seats.map((seat) => {
      const a = byRep.get(seat.id);
      return {
        representative: {
          id: seat.id,
          name: seat.name,
          delegation: seat.delegation,
          org: { id: seat.orgId, name: seat.orgName },
        },
        state: (a?.state ?? 'unmarked') as AttendanceState,
        method: (a?.method ?? null) as 'qr' | 'manual' | null,
        checkedInAt: a?.checkedInAt ? a.checkedInAt.toISOString() : null,
        note: a?.note ?? null,
      };
    }),
  };
}

// ---------------------------------------------------------------- staff: sessions

/** Every session of the congress, newest first, with its check-in settings and attendance counts. */
export async function listDutySessions(ctx: Ctx, congressId: number): Promise<TDutySession[]> {
  const congress = await loadCongressFor(ctx, congressId, 'duty.view');
  const sessions = await listSessions(ctx, congressId);
  const ids = sessions.map((s) => s.id);
  const checkins = await ensureCheckins(ctx.db, congress, ids);
  const seats = await seatsOf(ctx.db, congressId);
  const attendance = await attendanceOf(ctx.db, ids);
  return sessions.map((s) => toDutySession(s, checkins.get(s.id), seats, attendance));
}

/** A new session of the congress (云履职's session and duty's check-in row in one transaction). */
export async function createDutySession(
  ctx: Ctx,
  congressId: number,
  input: z.infer<typeof ZDutySessionInput>,
): Promise<TDutySession> {
  const congress = await loadCongressFor(ctx, congressId, 'duty.manage');
  return inTx(ctx, async (tx) => {
    await assertTermOpen(tx, congressId);
    const txCtx = withTx(ctx, tx);
    const s = await createSession(txCtx, congressId, {
      title: input.title,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      venue: input.venue,
    });
    const [checkin] = await tx
      .insert(dutySessionCheckins)
      .values({
        sessionId: s.id,
        congressId,
        orgPath: congress.orgPath,
        kind: input.kind,
        token: newToken(),
      })
      .returning();
    await recordAudit(txCtx, {
      action: 'duty.session.create',
      entityType: 'duty.session',
      entityId: s.id,
      orgId: congress.orgId,
      orgPath: congress.orgPath,
      detail: { congressId, title: input.title, kind: input.kind },
    });
    return toDutySession(s, checkin, await seatsOf(tx, congressId), []);
  });
}

/**
 * Correct a session (title, kind, time, venue) until its attendance is closed. The duty records of the
 * marks already made follow it: their title names the session and their time is its start, by which
 * the cap per term counts, so the representatives marked are re-scored.
 */
export async function updateDutySession(
  ctx: Ctx,
  sessionId: number,
  input: z.infer<typeof ZDutySessionInput>,
  now: Date = new Date(),
): Promise<TDutySessionDetail> {
  const { session, congress } = await loadSessionFor(ctx, sessionId, 'duty.manage');
  assertSessionInTerm(congress, input.startsAt, input.endsAt);
  return inTx(ctx, async (tx) => {
    await assertTermOpen(tx, congress.id);
    const checkin = (await ensureCheckins(tx, congress, [session.id])).get(session.id);
    if (checkin?.closedAt) throw conflict('SESSION_CLOSED', '本场会议已结束签到，不能再修改');
    const txCtx = withTx(ctx, tx);
    const updated = await updateSession(txCtx, session.id, {
      title: input.title,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      venue: input.venue,
    });
    await tx
      .update(dutySessionCheckins)
      .set({ kind: input.kind })
      .where(eq(dutySessionCheckins.sessionId, session.id));
    const marks = await attendanceOf(tx, [session.id]);
    for (const m of marks) {
      const state = m.state as Mark;
      await tx
        .update(dutyRecords)
        .set({ title: titleOf[state](input.title), occurredAt: new Date(input.startsAt), updatedAt: now })
        .where(
          and(
            eq(dutyRecords.representativeId, m.representativeId),
            eq(dutyRecords.sourceRef, sessionRef(session.id)),
            eq(dutyRecords.source, sourceOf[state]),
          ),
        );
      await recomputePoints(tx, congress.id, m.representativeId);
    }
    await recordAudit(txCtx, {
      action: 'duty.session.update',
      entityType: 'duty.session',
      entityId: session.id,
      orgId: congress.orgId,
      orgPath: congress.orgPath,
      detail: {
        before: {
          title: session.title,
          kind: checkin?.kind ?? 'congress',
          startsAt: session.startsAt.toISOString(),
          endsAt: session.endsAt.toISOString(),
          venue: session.venue,
        },
        after: {
          title: updated.title,
          kind: input.kind,
          startsAt: updated.startsAt,
          endsAt: updated.endsAt,
          venue: updated.venue,
        },
        marks: marks.length,
      },
    });
    const fresh = await sessionFacts(tx, session.id);
    if (!fresh) throw notFound('会议不存在或无权查看');
    return detailOf(tx, fresh, congress);
  });
}

/**
 * Delete a session created by mistake. Its attendance goes with it and the duty records of its marks
 * are voided (kept for the record, counting nothing), so the representatives marked are re-scored.
 */
export async function deleteDutySession(
  ctx: Ctx,
  sessionId: number,
  now: Date = new Date(),
): Promise<{ voided: number }> {
  const { session, congress } = await loadSessionFor(ctx, sessionId, 'duty.manage');
  return inTx(ctx, async (tx) => {
    await assertTermOpen(tx, congress.id);
    const marks = await attendanceOf(tx, [session.id]);
    const voided = await tx
      .update(dutyRecords)
      .set({ state: 'void', updatedAt: now })
      .where(
        and(
          eq(dutyRecords.sourceRef, sessionRef(session.id)),
          inArray(dutyRecords.source, Object.values(sourceOf)),
          ne(dutyRecords.state, 'void'),
        ),
      )
      .returning({ id: dutyRecords.id });
    await tx.delete(sessionAttendance).where(eq(sessionAttendance.sessionId, session.id));
    await tx.delete(dutySessionCheckins).where(eq(dutySessionCheckins.sessionId, session.id));
    const txCtx = withTx(ctx, tx);
    await deleteSession(txCtx, session.id);
    for (const m of marks) await recomputePoints(tx, congress.id, m.representativeId);
    await recordAudit(txCtx, {
      action: 'duty.session.delete',
      entityType: 'duty.session',
      entityId: session.id,
      orgId: congress.orgId,
      orgPath: congress.orgPath,
      detail: {
        title: session.title,
        startsAt: session.startsAt.toISOString(),
        marks: marks.length,
        voidedRecords: voided.length,
      },
    });
    return { voided: voided.length };
  });
}

/** A session with the attendance of every active representative (unmarked until they check in). */
export async function getDutySession(ctx: Ctx, sessionId: number): Promise<TDutySessionDetail> {
  const { session, congress } = await loadSessionFor(ctx, sessionId, 'duty.view');
  return detailOf(ctx.db, session, congress);
}

const checkinUrl = (baseUrl: string, token: string) =>
  `${baseUrl.replace(/\/+$/, '')}/m/duty/checkin/${token}`;
const qrSvg = (url: string) => QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });

/** The check-in QR to show at the venue: the H5 check-in page of the session's current token. */
export async function getSessionQr(
  ctx: Ctx,
  sessionId: number,
  baseUrl: string,
): Promise<{ url: string; svg: string }> {
  const { session, congress } = await loadSessionFor(ctx, sessionId, 'duty.view');
  const checkin = (await ensureCheckins(ctx.db, congress, [session.id])).get(session.id);
  if (!checkin) throw conflict('TERM_ARCHIVED', '本届履职已归档，不能再签到');
  const url = checkinUrl(baseUrl, checkin.token);
  return { url, svg: await qrSvg(url) };
}

/** A new token for the session's QR; the old one stops working at once (e.g. a photo was shared). */
export async function rotateSessionToken(ctx: Ctx, sessionId: number): Promise<TDutySession> {
  const { session, congress } = await loadSessionFor(ctx, sessionId, 'duty.manage');
  return inTx(ctx, async (tx) => {
    await assertTermOpen(tx, congress.id);
    await ensureCheckins(tx, congress, [session.id]);
    const [checkin] = await tx
      .update(dutySessionCheckins)
      .set({ token: newToken() })
      .where(eq(dutySessionCheckins.sessionId, session.id))
      .returning();
    await recordAudit(withTx(ctx, tx), {
      action: 'duty.session.rotate',
      entityType: 'duty.session',
      entityId: session.id,
      orgId: congress.orgId,
      orgPath: congress.orgPath,
    });
    return toDutySession(
      session,
      checkin,
      await seatsOf(tx, congress.id),
      await attendanceOf(tx, [session.id]),
    );
  });
}

// ---------------------------------------------------------------- attendance and its duty records

/**
 * Set one representative's attendance and make the duty records agree: the records of the other
 * states for this session are voided, the record of the new state is inserted or revived, then the
 * representative is re-scored (cap per term in session order). Runs in the caller's transaction.
 */
async function applyAttendance(
  tx: DbOrTx,
  a: {
    session: SessionFacts;
    congress: CongressFacts;
    seat: Seat;
    state: Mark;
    method: 'qr' | 'manual';
    note: string | null;
    userId: number;
    at: Date;
  },
): Promise<void> {
  const { session, congress, seat, state } = a;
  await ensureScheme(tx, congress, a.userId);
  const values = {
    state,
    method: a.method,
    checkedInAt: state === 'present' ? a.at : null,
    note: a.note,
    recordedBy: a.userId,
    updatedAt: a.at,
  };
  await tx
    .insert(sessionAttendance)
    .values({
      sessionId: session.id,
      congressId: congress.id,
      orgPath: congress.orgPath,
      representativeId: seat.id,
      ...values,
    })
    .onConflictDoUpdate({
      target: [sessionAttendance.sessionId, sessionAttendance.representativeId],
      set: values,
    });
  const ref = sessionRef(session.id);
  const source = sourceOf[state];
  await tx
    .update(dutyRecords)
    .set({ state: 'void', updatedAt: a.at })
    .where(
      and(
        eq(dutyRecords.representativeId, seat.id),
        eq(dutyRecords.sourceRef, ref),
        inArray(dutyRecords.source, Object.values(sourceOf)),
        ne(dutyRecords.source, source),
        ne(dutyRecords.state, 'void'),
      ),
    );
  const title = titleOf[state](session.title);
  await tx
    .insert(dutyRecords)
    .values({
      congressId: congress.id,
      orgId: congress.orgId,
      orgPath: congress.orgPath,
      representativeId: seat.id,
      source,
      sourceRef: ref,
      title,
      detail: a.note,
      // Session time, so the cap per term is applied in the order the sessions took place.
      occurredAt: session.startsAt,
      state: 'counted',
      createdBy: a.userId,
    })
    .onConflictDoUpdate({
      target: [dutyRecords.representativeId, dutyRecords.source, dutyRecords.sourceRef],
      targetWhere: sql`${dutyRecords.sourceRef} is not null`,
      set: { state: 'counted', title, detail: a.note, updatedAt: a.at },
    });
  await recomputePoints(tx, congress.id, seat.id);
}

/** A cadre marks (or corrects) one representative: present, on leave (with a note) or absent. */
export async function markAttendance(
  ctx: Ctx,
  sessionId: number,
  representativeId: number,
  input: z.infer<typeof ZMarkAttendanceInput>,
  now: Date = new Date(),
): Promise<TDutySessionDetail> {
  const actor = requireActor(ctx);
  const { session, congress } = await loadSessionFor(ctx, sessionId, 'duty.manage');
  const note = input.note?.trim() || null;
  if (input.state === 'leave' && !note) throw invalidField('note', '请填写请假事由');
  return inTx(ctx, async (tx) => {
    await assertTermOpen(tx, congress.id);
    const seat = await seatById(tx, representativeId);
    if (!seat || seat.congressId !== congress.id || !seat.active) {
      throw notFound('该代表不在本届会员代表名录中');
    }
    await ensureCheckins(tx, congress, [session.id]);
    await applyAttendance(tx, {
      session,
      congress,
      seat,
      state: input.state,
      method: 'manual',
      note,
      userId: actor.userId,
      at: now,
    });
    await recordAudit(withTx(ctx, tx), {
      action: 'duty.session.mark',
      entityType: 'duty.session',
      entityId: session.id,
      orgId: congress.orgId,
      orgPath: congress.orgPath,
      detail: { representativeId: seat.id, name: seat.name, state: input.state, note },
    });
    return detailOf(tx, session, congress);
  });
}

/** 结束签到: every active representative not yet marked becomes absent (无故缺席, a penalty record). */
export async function closeSession(
  ctx: Ctx,
  sessionId: number,
  now: Date = new Date(),
): Promise<TDutySessionDetail> {
  const actor = requireActor(ctx);
  const { session, congress } = await loadSessionFor(ctx, sessionId, 'duty.manage');
  if (now < session.startsAt) throw conflict('SESSION_NOT_STARTED', '会议尚未开始，不能结束签到');
  return inTx(ctx, async (tx) => {
    await assertTermOpen(tx, congress.id);
    await ensureCheckins(tx, congress, [session.id]);
    // Compare-and-set: of two cadres closing at once, one closes and the other is told it is closed.
    const [closed] = await tx
      .update(dutySessionCheckins)
      .set({ closedAt: now, closedBy: actor.userId })
      .where(and(eq(dutySessionCheckins.sessionId, session.id), sql`${dutySessionCheckins.closedAt} is null`))
      .returning();
    if (!closed) throw conflict('SESSION_CLOSED', '本场会议已结束签到');
    const marked = new Set((await attendanceOf(tx, [session.id])).map((a) => a.representativeId));
    const absent = (await seatsOf(tx, congress.id)).filter((seat) => !marked.has(seat.id));
    for (const seat of absent) {
      await applyAttendance(tx, {
        session,
        congress,
        seat,
        state: 'absent',
        method: 'manual',
        note: null,
        userId: actor.userId,
        at: now,
      });
    }
    await recordAudit(withTx(ctx, tx), {
      action: 'duty.session.close',
      entityType: 'duty.session',
      entityId: session.id,
      orgId: congress.orgId,
      orgPath: congress.orgPath,
      detail: { absent: absent.map((s) => s.id) },
    });
    return detailOf(tx, session, congress);
  });
}

// ---------------------------------------------------------------- representatives: QR check-in

interface TokenTarget {
  checkin: CheckinRow;
  session: SessionFacts;
  congress: CongressFacts;
}

async function loadToken(db: DbOrTx, token: string): Promise<TokenTarget> {
  // A well-formed token that is not a session's current one was rotated away or mistyped (old
  // tokens are not kept, so the two look alike): the message covers both and points to the venue.
  if (!TOKEN_SHAPE.test(token)) throw notFound('签到二维码无效');
  const [checkin] = await db.select().from(dutySessionCheckins).where(eq(dutySessionCheckins.token, token));
  if (!checkin) throw notFound(CHECKIN_REPLACED_MESSAGE, 'CHECKIN_TOKEN_REPLACED');
  const session = await sessionFacts(db, checkin.sessionId);
  const congress = await congressFacts(db, checkin.congressId);
  if (!session || !congress) throw notFound(CHECKIN_REPLACED_MESSAGE, 'CHECKIN_TOKEN_REPLACED');
  return { checkin, session, congress };
}

/** Why a check-in cannot happen now (closed, too early, over), else null. */
function windowBlock(checkin: CheckinRow, session: SessionFacts, now: Date): string | null {
  if (checkin.closedAt) return '本场会议已结束签到，如需更正请联系工会干部';
  if (now.getTime() < session.startsAt.getTime() - CHECKIN_OPENS_BEFORE_MS) {
    return '签到尚未开始：会议开始前 2 小时开放签到';
  }
  if (now > session.endsAt) return '会议已结束，签到已截止';
  return null;
}

async function checkinView(
  db: DbOrTx,
  target: TokenTarget,
  seat: Seat | null,
  now: Date,
  archived: boolean,
): Promise<TCheckinView> {
  const { session, congress, checkin } = target;
  const base = {
    session: {
      id: session.id,
      title: session.title,
      venue: session.venue,
      startsAt: session.startsAt.toISOString(),
      endsAt: session.endsAt.toISOString(),
    },
    congress: { id: congress.id, name: congress.name },
  };
  if (!seat) {
    return {
      ...base,
      representative: null,
      state: 'unmarked',
      checkedInAt: null,
      points: null,
      blockedReason: NOT_A_REP_MESSAGE,
    };
  }
  const [a] = await db
    .select()
    .from(sessionAttendance)
    .where(and(eq(sessionAttendance.sessionId, session.id), eq(sessionAttendance.representativeId, seat.id)));
  const state = (a?.state ?? 'unmarked') as AttendanceState;
  let points: number | null = null;
  if (state === 'present') {
    const [r] = await db
      .select({ points: dutyRecords.points })
      .from(dutyRecords)
      .where(
        and(
          eq(dutyRecords.representativeId, seat.id),
          eq(dutyRecords.source, 'session_attended'),
          eq(dutyRecords.sourceRef, sessionRef(session.id)),
        ),
      );
    points = r?.points ?? 0;
  }
  let blockedReason: string | null = null;
  if (state !== 'present') {
    blockedReason = archived ? '本届履职已归档，不能再签到' : windowBlock(checkin, session, now);
  }
  return {
    ...base,
    representative: { id: seat.id, name: seat.name },
    state,
    checkedInAt: a?.checkedInAt ? a.checkedInAt.toISOString() : null,
    points,
    blockedReason,
  };
}

/** What the phone shows after scanning: the session, the caller's state, or why they cannot check in. */
export async function getCheckin(ctx: Ctx, token: string, now: Date = new Date()): Promise<TCheckinView> {
  const actor = requireActor(ctx);
  const target = await loadToken(ctx.db, token);
  const seat = await seatOfUser(ctx.db, target.congress.id, actor.userId);
  return checkinView(ctx.db, target, seat, now, await isArchived(ctx.db, target.congress.id));
}

/**
 * The representative checks in by the scanned token. Checking in again (or twice at once) answers the
 * same view: the attendance row is unique per session and representative, and only the call that
 * changes the state writes the record.
 */
export async function checkIn(ctx: Ctx, token: string, now: Date = new Date()): Promise<TCheckinView> {
  const actor = requireActor(ctx);
  return inTx(ctx, async (tx) => {
    const target = await loadToken(tx, token);
    const { session, congress, checkin } = target;
    await assertTermOpen(tx, congress.id);
    const seat = await seatOfUser(tx, congress.id, actor.userId);
    if (!seat) throw forbidden(NOT_A_REP_MESSAGE, 'NOT_A_REPRESENTATIVE');
    const values = {
      sessionId: session.id,
      congressId: congress.id,
      orgPath: congress.orgPath,
      representativeId: seat.id,
    };
    const block = windowBlock(checkin, session, now);
    // Claim the row first: a concurrent second check-in waits here on the unique index and then sees
    // the first one's row.
    const [existing] = await tx
      .select({ state: sessionAttendance.state })
      .from(sessionAttendance)
      .where(
        and(eq(sessionAttendance.sessionId, session.id), eq(sessionAttendance.representativeId, seat.id)),
      );
    if (existing?.state === 'present') return checkinView(tx, target, seat, now, false);
    if (block) throw conflict('CHECKIN_CLOSED', block);
    if (!existing) {
      const [claimed] = await tx
        .insert(sessionAttendance)
        .values({ ...values, state: 'present', method: 'qr', checkedInAt: now, recordedBy: actor.userId })
        .onConflictDoNothing({ target: [sessionAttendance.sessionId, sessionAttendance.representativeId] })
        .returning({ id: sessionAttendance.id });
      // Lost the race to our own other request: it checked in, answer its view.
      if (!claimed) return checkinView(tx, target, seat, now, false);
    }
    // A representative a cadre had marked on leave who comes after all becomes present.
    await applyAttendance(tx, {
      session,
      congress,
      seat,
      state: 'present',
      method: 'qr',
      note: null,
      userId: actor.userId,
      at: now,
    });
    await recordAudit(withTx(ctx, tx), {
      action: 'duty.session.checkin',
      entityType: 'duty.session',
      entityId: session.id,
      orgId: congress.orgId,
      orgPath: congress.orgPath,
      detail: { representativeId: seat.id },
    });
    return checkinView(tx, target, seat, now, false);
  });
}
