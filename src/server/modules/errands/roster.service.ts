import { and, asc, eq, gt, inArray, lt, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import {
  DEFAULT_ACCEPT_MINUTES,
  DEFAULT_DELIVER_MINUTES,
  type ErrandState,
  type ItemKind,
  openErrandStates,
  type RequesterKind,
  type TDutyNow,
  type TErrandListItem,
  type TErrandSettings,
  type THotline,
  type THotlineInput,
  type TOverdueBoard,
  type TShift,
  type TShiftInput,
} from '../../../shared/errands.ts';
import { type DbOrTx, sqlRows } from '../../db/client.ts';
import { authorize, inSubtree, isWithin, requireActor, roleMay } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { memberships, users } from '../../platform/auth/auth.table.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, invalidField, notFound } from '../../platform/errors.ts';
import { membersOf } from '../../platform/notify/recipients.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { errandHotlines, errandOrgSettings, errandShifts, errands } from './errands.table.ts';

/**
 * 值守电话、值班表、超时提醒设置与超时看板 (issue #7 points 2 and 4). A service union keeps its hotline
 * numbers and who staffs them when; the public H5 shows the numbers and who is on duty now (surname only);
 * the alert thresholds are inherited down the org tree; the overdue board is computed in SQL.
 */

type Org = { id: number; name: string; path: string; type: string; state: string };

async function findOrg(db: DbOrTx, id: number): Promise<Org | undefined> {
  const [row] = await db
    .select({ id: orgs.id, name: orgs.name, path: orgs.path, type: orgs.type, state: orgs.state })
    .from(orgs)
    .where(eq(orgs.id, id));
  return row;
}

/** The org a request is about: `orgId` when given (must be in the caller's subtree), else the caller's own. */
async function scopedOrg(ctx: Ctx, action: string, orgId: number | undefined): Promise<Org> {
  const m = authorize(ctx, action);
  const org = await findOrg(ctx.db, orgId ?? m.orgId);
  if (!org) throw notFound('组织不存在或无权查看');
  authorize(ctx, action, { orgPath: org.path });
  return org;
}

// ---------------------------------------------------------------- hotlines

type HotlineRow = typeof errandHotlines.$inferSelect;
const toHotline = (h: HotlineRow, orgName: string): THotline => ({
  id: h.id,
  org: { id: h.orgId, name: orgName },
  label: h.label,
  number: h.number,
  kind: h.kind as THotline['kind'],
  allDay: h.allDay,
  active: h.active,
});

/** The hotlines of an org's subtree (default the caller's org), by org then label. */
export async function listHotlines(ctx: Ctx, orgId?: number): Promise<{ items: THotline[] }> {
  const org = await scopedOrg(ctx, 'errands.view', orgId);
  const rows = await ctx.db
    .select({ h: errandHotlines, orgName: orgs.name })
    .from(errandHotlines)
    .innerJoin(orgs, eq(orgs.id, errandHotlines.orgId))
    .where(inSubtree(errandHotlines.orgPath, org.path))
    .orderBy(asc(errandHotlines.orgPath), asc(errandHotlines.id));
  return { items: rows.map((r) => toHotline(r.h, r.orgName)) };
}

/**
 * One number once per union: the same number twice would show twice on the public page and the 当前值班
 * card. Compared by its digits (0311-86680001 = 031186680001).
 */
async function refuseDuplicateNumber(db: DbOrTx, orgId: number, number: string, exceptId?: number) {
  const digits = number.replace(/\D/g, '');
  const [same] = await db
    .select({ label: errandHotlines.label, number: errandHotlines.number })
    .from(errandHotlines)
    .where(
      and(
        eq(errandHotlines.orgId, orgId),
        sql`regexp_replace(${errandHotlines.number}, '[^0-9]', '', 'g') = ${digits}`,
        exceptId === undefined ? undefined : sql`${errandHotlines.id} <> ${exceptId}`,
      ),
    )
    .limit(1);
  if (same) throw invalidField('number', `本单位已有这个号码：${same.label}（${same.number}）`);
}

/** Add a hotline number to an org (default the caller's own). */
export async function createHotline(ctx: Ctx, input: THotlineInput, orgId?: number): Promise<THotline> {
  const org = await scopedOrg(ctx, 'errands.roster', orgId);
  return ctx.deps.database.db.transaction(async (tx) => {
    await refuseDuplicateNumber(tx, org.id, input.number);
    const [row] = await tx
      .insert(errandHotlines)
      .values({ orgId: org.id, orgPath: org.path, ...input })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(withTx(ctx, tx), {
      action: 'errands.hotline.update',
      entityType: 'errands.hotline',
      entityId: row.id,
      orgId: org.id,
      orgPath: org.path,
      detail: { created: true, label: row.label, number: row.number, kind: row.kind },
    });
    return toHotline(row, org.name);
  });
}

/** Change a hotline (number, label, use, 24 h, active). */
export async function updateHotline(ctx: Ctx, id: number, input: Partial<THotlineInput>): Promise<THotline> {
  authorize(ctx, 'errands.roster');
  const [found] = await ctx.db
    .select({ h: errandHotlines, orgName: orgs.name })
    .from(errandHotlines)
    .innerJoin(orgs, eq(orgs.id, errandHotlines.orgId))
    .where(eq(errandHotlines.id, id));
  if (!found) throw notFound('值守电话不存在或无权查看');
  authorize(ctx, 'errands.roster', { orgPath: found.h.orgPath });
  return ctx.deps.database.db.transaction(async (tx) => {
    if (input.number !== undefined) await refuseDuplicateNumber(tx, found.h.orgId, input.number, id);
    const [row] = await tx
      .update(errandHotlines)
      .set({ ...input, updatedAt: sql`now()` })
      .where(eq(errandHotlines.id, id))
      .returning();
    if (!row) throw notFound('值守电话不存在或无权查看');
    await recordAudit(withTx(ctx, tx), {
      action: 'errands.hotline.update',
      entityType: 'errands.hotline',
      entityId: id,
      orgId: row.orgId,
      orgPath: row.orgPath,
      detail: { ...input },
    });
    return toHotline(row, found.orgName);
  });
}

// ---------------------------------------------------------------- shifts

const beijingMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);

const shiftColumns = {
  s: errandShifts,
  orgName: orgs.name,
  userName: users.displayName,
  hotlineLabel: errandHotlines.label,
  hotlineNumber: errandHotlines.number,
};
type ShiftRow = {
  s: typeof errandShifts.$inferSelect;
  orgName: string;
  userName: string;
  hotlineLabel: string | null;
  hotlineNumber: string | null;
};
const toShift = (r: ShiftRow): TShift => ({
  id: r.s.id,
  org: { id: r.s.orgId, name: r.orgName },
  user: { id: r.s.userId, name: r.userName },
  hotline:
    r.s.hotlineId != null && r.hotlineLabel != null
      ? { id: r.s.hotlineId, label: r.hotlineLabel, number: r.hotlineNumber ?? '' }
      : null,
  startsAt: r.s.startsAt.toISOString(),
  endsAt: r.s.endsAt.toISOString(),
  note: r.s.note,
});

const shiftQuery = (db: DbOrTx) =>
  db
    .select(shiftColumns)
    .from(errandShifts)
    .innerJoin(orgs, eq(orgs.id, errandShifts.orgId))
    .innerJoin(users, eq(users.id, errandShifts.userId))
    .leftJoin(errandHotlines, eq(errandHotlines.id, errandShifts.hotlineId));

/** The shifts of an org's subtree overlapping the Beijing days `from`..`to` (default today + 6 days). */
export async function listShifts(
  ctx: Ctx,
  q: { orgId?: number | undefined; from?: string | undefined; to?: string | undefined },
): Promise<{ items: TShift[] }> {
  const org = await scopedOrg(ctx, 'errands.view', q.orgId);
  const from = q.from ?? beijingDay(new Date());
  const to = q.to ?? addDays(from, 6);
  if (to < from) throw invalidField('to', '结束日期不能早于开始日期');
  if (addDays(from, 62) < to) throw invalidField('to', '一次最多查看 62 天');
  const rows = await shiftQuery(ctx.db)
    .where(
      and(
        inSubtree(errandShifts.orgPath, org.path),
        lt(errandShifts.startsAt, beijingMidnight(addDays(to, 1))),
        gt(errandShifts.endsAt, beijingMidnight(from)),
      ),
    )
    .orderBy(asc(errandShifts.startsAt), asc(errandShifts.id));
  return { items: rows.map(toShift) };
}

/** How far back a shift may be entered, and how far ahead planned (days). */
export const SHIFT_PAST_DAYS = 31;
export const SHIFT_AHEAD_DAYS = 366;

/**
 * 排班: a cadre or admin member of the org on duty for a span (may cross midnight). The same person
 * cannot hold two overlapping shifts (409); the check and the insert run under a per-user lock.
 */
export async function createShift(ctx: Ctx, input: TShiftInput, orgId?: number): Promise<TShift> {
  const actor = requireActor(ctx);
  const org = await scopedOrg(ctx, 'errands.roster', orgId);
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt.getTime() - startsAt.getTime() > 48 * 3_600_000) {
    throw invalidField('endsAt', '一个班次最长 48 小时');
  }
  // A roster records the recent past (a shift entered late) and plans ahead; a date years off is a
  // slip that would vanish from the week on screen.
  const now = Date.now();
  if (endsAt.getTime() < now - SHIFT_PAST_DAYS * 86_400_000) {
    throw invalidField('startsAt', `只能补录 ${SHIFT_PAST_DAYS} 天内的班次，请检查日期`);
  }
  if (startsAt.getTime() > now + SHIFT_AHEAD_DAYS * 86_400_000) {
    throw invalidField('startsAt', `只能安排 ${SHIFT_AHEAD_DAYS} 天内的班次，请检查日期`);
  }
  const [member] = await ctx.db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.userId, input.userId),
        eq(memberships.orgId, org.id),
        inArray(memberships.role, ['cadre', 'admin']),
        eq(users.state, 'active'),
      ),
    )
    .limit(1);
  if (!member) throw invalidField('userId', '值班人员须是本单位的工会干部或管理员');
  if (input.hotlineId != null) {
    const [h] = await ctx.db
      .select({ orgId: errandHotlines.orgId })
      .from(errandHotlines)
      .where(eq(errandHotlines.id, input.hotlineId));
    if (!h || h.orgId !== org.id) throw invalidField('hotlineId', '请选择本单位的值守电话');
  }
  const id = await ctx.deps.database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7007, ${input.userId}::int)`);
    const [clash] = await tx
      .select({ id: errandShifts.id, startsAt: errandShifts.startsAt, endsAt: errandShifts.endsAt })
      .from(errandShifts)
      .where(
        and(
          eq(errandShifts.userId, input.userId),
          lt(errandShifts.startsAt, endsAt),
          gt(errandShifts.endsAt, startsAt),
        ),
      )
      .limit(1);
    if (clash) {
      throw conflict('SHIFT_OVERLAP', '该人员在这段时间已有班次，班次不能重叠', { shiftId: clash.id });
    }
    const [row] = await tx
      .insert(errandShifts)
      .values({
        orgId: org.id,
        orgPath: org.path,
        userId: input.userId,
        hotlineId: input.hotlineId ?? null,
        startsAt,
        endsAt,
        note: input.note ?? null,
        createdBy: actor.userId,
      })
      .returning({ id: errandShifts.id });
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(withTx(ctx, tx), {
      action: 'errands.roster.update',
      entityType: 'errands.shift',
      entityId: row.id,
      orgId: org.id,
      orgPath: org.path,
      detail: { userId: input.userId, startsAt: input.startsAt, endsAt: input.endsAt },
    });
    return row.id;
  });
  const [row] = await shiftQuery(ctx.db).where(eq(errandShifts.id, id));
  if (!row) throw notFound();
  return toShift(row);
}

export async function deleteShift(ctx: Ctx, id: number): Promise<void> {
  authorize(ctx, 'errands.roster');
  const [s] = await ctx.db.select().from(errandShifts).where(eq(errandShifts.id, id));
  if (!s) throw notFound('班次不存在或无权查看');
  authorize(ctx, 'errands.roster', { orgPath: s.orgPath });
  await ctx.deps.database.db.transaction(async (tx) => {
    await tx.delete(errandShifts).where(eq(errandShifts.id, id));
    await recordAudit(withTx(ctx, tx), {
      action: 'errands.roster.update',
      entityType: 'errands.shift',
      entityId: id,
      orgId: s.orgId,
      orgPath: s.orgPath,
      detail: {
        deleted: true,
        userId: s.userId,
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
      },
    });
  });
}

/** Active users on a shift of this org covering `now`. */
export async function onDutyUserIds(db: DbOrTx, orgId: number, now: Date = new Date()): Promise<number[]> {
  const rows = await db
    .selectDistinct({ userId: errandShifts.userId })
    .from(errandShifts)
    .innerJoin(users, eq(users.id, errandShifts.userId))
    .where(
      and(
        eq(errandShifts.orgId, orgId),
        lte(errandShifts.startsAt, now),
        gt(errandShifts.endsAt, now),
        eq(users.state, 'active'),
      ),
    );
  return rows.map((r) => r.userId);
}

/** Who hears of an errand's trouble: the org's cadres on duty now; with nobody on shift, its cadres and admins. */
export async function dutyRecipients(db: DbOrTx, orgId: number, now: Date = new Date()): Promise<number[]> {
  const onDuty = await onDutyUserIds(db, orgId, now);
  return onDuty.length > 0 ? onDuty : membersOf(db, [orgId], ['cadre', 'admin']);
}

/** 张** — the surname and two stars, whatever the name's length (the public page). */
export const surnameOnly = (name: string) => `${[...name.trim()][0] ?? ''}**`;

/**
 * 值守信息 (public, no login): an org's active hotlines and who is on duty now. Names are masked for
 * anonymous callers and anyone outside the org's subtree; staff of the org see them in full. An org
 * without an active hotline does not run the service: 404.
 */
export async function dutyNow(ctx: Ctx, orgId: number, now: Date = new Date()): Promise<TDutyNow> {
  const org = await findOrg(ctx.db, orgId);
  if (org?.state !== 'active') throw notFound('该单位未开通及时送热线');
  const hotlines = await ctx.db
    .select()
    .from(errandHotlines)
    .where(and(eq(errandHotlines.orgId, org.id), eq(errandHotlines.active, true)))
    .orderBy(asc(errandHotlines.id));
  if (hotlines.length === 0) throw notFound('该单位未开通及时送热线');
  const m = ctx.actor?.membership;
  const staff = m != null && roleMay(m.role, 'errands.view') && isWithin(org.path, m.orgPath);
  const shifts = await shiftQuery(ctx.db)
    .where(
      and(
        eq(errandShifts.orgId, org.id),
        lte(errandShifts.startsAt, now),
        gt(errandShifts.endsAt, now),
        eq(users.state, 'active'),
      ),
    )
    .orderBy(asc(errandShifts.startsAt), asc(errandShifts.id));
  return {
    org: { id: org.id, name: org.name },
    hotlines: hotlines.map((h) => ({
      label: h.label,
      number: h.number,
      kind: h.kind as THotline['kind'],
      allDay: h.allDay,
    })),
    onDuty: shifts.map((r) => ({
      name: staff ? r.userName : surnameOnly(r.userName),
      hotline: r.hotlineLabel,
      until: r.s.endsAt.toISOString(),
    })),
  };
}

/**
 * 值守信息 of the nearest union up `orgId`'s chain (itself first) with an active hotline: the union
 * that serves a worker of `orgId`. Null when none does (the union does not run 及时送), not an error.
 */
export async function nearestDuty(ctx: Ctx, orgId: number, now: Date = new Date()): Promise<TDutyNow | null> {
  const org = await findOrg(ctx.db, orgId);
  if (!org) throw notFound('组织不存在');
  const chain = org.path.split('.').map(Number);
  const serving = await ctx.db
    .selectDistinct({ orgId: errandHotlines.orgId })
    .from(errandHotlines)
    .innerJoin(orgs, eq(orgs.id, errandHotlines.orgId))
    .where(
      and(inArray(errandHotlines.orgId, chain), eq(errandHotlines.active, true), eq(orgs.state, 'active')),
    );
  const ids = new Set(serving.map((r) => r.orgId));
  const nearest = chain.reverse().find((id) => ids.has(id));
  return nearest === undefined ? null : dutyNow(ctx, nearest, now);
}

// ---------------------------------------------------------------- settings

/**
 * The alert thresholds that apply to an org (by path or id): its own row, else the nearest ancestor's,
 * else DEFAULT_ACCEPT_MINUTES / DEFAULT_DELIVER_MINUTES (`fromOrgId` null).
 */
export async function effectiveSettings(db: DbOrTx, orgPathOrId: string | number): Promise<TErrandSettings> {
  let orgPath: string;
  if (typeof orgPathOrId === 'number') {
    const org = await findOrg(db, orgPathOrId);
    if (!org) throw notFound('组织不存在或无权查看');
    orgPath = org.path;
  } else orgPath = orgPathOrId;
  const orgId = Number(orgPath.split('.').at(-1));
  const [row] = await sqlRows<{ org_id: number; accept_minutes: number; deliver_minutes: number }>(
    db,
    sql`select s.org_id, s.accept_minutes, s.deliver_minutes
        from errand_org_settings s join orgs o on o.id = s.org_id
        where ${orgPath} = o.path or ${orgPath} like o.path || '.%'
        order by o.depth desc limit 1`,
  );
  return row
    ? {
        orgId,
        acceptMinutes: Number(row.accept_minutes),
        deliverMinutes: Number(row.deliver_minutes),
        fromOrgId: Number(row.org_id),
      }
    : {
        orgId,
        acceptMinutes: DEFAULT_ACCEPT_MINUTES,
        deliverMinutes: DEFAULT_DELIVER_MINUTES,
        fromOrgId: null,
      };
}

export async function getErrandSettings(ctx: Ctx, orgId?: number): Promise<TErrandSettings> {
  const org = await scopedOrg(ctx, 'errands.view', orgId);
  return effectiveSettings(ctx.db, org.path);
}

/** Set an org's thresholds (admins; they apply to its subtree unless a lower org sets its own). */
export async function setErrandSettings(
  ctx: Ctx,
  input: { acceptMinutes: number; deliverMinutes: number },
  orgId?: number,
): Promise<TErrandSettings> {
  const actor = requireActor(ctx);
  const org = await scopedOrg(ctx, 'errands.settings', orgId);
  await ctx.deps.database.db.transaction(async (tx) => {
    const values = { ...input, updatedBy: actor.userId, updatedAt: sql`now()` };
    await tx
      .insert(errandOrgSettings)
      .values({ orgId: org.id, ...values })
      .onConflictDoUpdate({ target: errandOrgSettings.orgId, set: values });
    await recordAudit(withTx(ctx, tx), {
      action: 'errands.settings',
      entityType: 'org',
      entityId: org.id,
      orgId: org.id,
      orgPath: org.path,
      detail: { ...input },
    });
  });
  return effectiveSettings(ctx.db, org.path);
}

// ---------------------------------------------------------------- overdue board

/**
 * SQL (a CTE named `open_errands`) of the open errands in a subtree with the thresholds that apply to
 * each (its org's, inherited, else the defaults) and the minutes elapsed at `now`: since dispatch
 * (`accept_elapsed`, null unless dispatched) and since the call (`deliver_elapsed`).
 */
export function openErrandsWithThresholds(rootPath: string | null, now: Date) {
  const at = sql`${now.toISOString()}::timestamptz`;
  const states = sql.join(
    openErrandStates.map((s) => sql`${s}`),
    sql`, `,
  );
  const scope = rootPath == null ? sql`true` : inSubtree(sql`e.org_path`, rootPath);
  return sql`open_errands as (
    select e.id, e.org_id, e.state, e.code, e.accept_alerted_at, e.delivery_alerted_at,
      coalesce(st.accept_minutes, ${DEFAULT_ACCEPT_MINUTES}) as accept_minutes,
      coalesce(st.deliver_minutes, ${DEFAULT_DELIVER_MINUTES}) as deliver_minutes,
      case when e.state = 'dispatched' and e.dispatched_at is not null
        then extract(epoch from (${at} - e.dispatched_at)) / 60 end as accept_elapsed,
      extract(epoch from (${at} - e.called_at)) / 60 as deliver_elapsed
    from errands e
    left join lateral (
      select s.accept_minutes, s.deliver_minutes
      from errand_org_settings s join orgs o on o.id = s.org_id
      where e.org_path = o.path or e.org_path like o.path || '.%'
      order by o.depth desc limit 1
    ) st on true
    where e.state in (${states}) and ${scope}
  )`;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** List items of errands by id (in the given order), with the overdue flag supplied by the caller. */
async function listItemsOf(
  db: DbOrTx,
  ids: number[],
  overdue: Set<number>,
): Promise<Map<number, TErrandListItem>> {
  if (ids.length === 0) return new Map();
  const courierOrgs = alias(orgs, 'courier_org');
  const rows = await db
    .select({
      e: errands,
      orgName: orgs.name,
      courierOrgName: courierOrgs.name,
      openComplaints: sql<number>`(select count(*) from errand_complaints c
        where c.errand_id = ${errands.id} and c.state = 'open')`.mapWith(Number),
    })
    .from(errands)
    .innerJoin(orgs, eq(orgs.id, errands.orgId))
    .leftJoin(courierOrgs, eq(courierOrgs.id, errands.courierOrgId))
    .where(inArray(errands.id, ids));
  return new Map(
    rows.map(({ e, orgName, courierOrgName, openComplaints }) => [
      e.id,
      {
        id: e.id,
        code: e.code,
        org: { id: e.orgId, name: orgName },
        state: e.state as ErrandState,
        channel: e.channel as TErrandListItem['channel'],
        urgency: e.urgency as TErrandListItem['urgency'],
        requesterKind: e.requesterKind as RequesterKind,
        callerName: e.callerName,
        recipientName: e.recipientName,
        recipientAddress: e.recipientAddress,
        items: e.items,
        itemKinds: e.itemKinds as ItemKind[],
        courierOrg:
          e.courierOrgId != null && courierOrgName != null
            ? { id: e.courierOrgId, name: courierOrgName }
            : null,
        calledAt: e.calledAt.toISOString(),
        deliveredAt: e.deliveredAt?.toISOString() ?? null,
        minutesToDelivery: e.deliveredAt
          ? round1((e.deliveredAt.getTime() - e.calledAt.getTime()) / 60_000)
          : null,
        overdue: overdue.has(e.id),
        openComplaints,
      },
    ]),
  );
}

/**
 * 超时看板: the open errands of an org's subtree past a threshold (dispatched and not accepted within
 * acceptMinutes of dispatch; not delivered within deliverMinutes of the call) and those within the last
 * 20 % of it (negative `minutesOver`), most overdue first. Each errand is measured against its own org's
 * thresholds; `settings` are the requested org's.
 */
export async function overdueBoard(ctx: Ctx, orgId?: number, now: Date = new Date()): Promise<TOverdueBoard> {
  const org = await scopedOrg(ctx, 'errands.view', orgId);
  const rows = await sqlRows<{ id: number; kind: 'accept' | 'delivery'; over: number }>(
    ctx.db,
    sql`with ${openErrandsWithThresholds(org.path, now)}
      select id, kind, over from (
        select id, 'accept' as kind, accept_elapsed - accept_minutes as over
        from open_errands where accept_elapsed >= 0.8 * accept_minutes
        union all
        select id, 'delivery' as kind, deliver_elapsed - deliver_minutes as over
        from open_errands where deliver_elapsed >= 0.8 * deliver_minutes
      ) b
      order by over desc, id
      limit 500`,
  );
  const ids = [...new Set(rows.map((r) => Number(r.id)))];
  const overdue = new Set(rows.filter((r) => Number(r.over) > 0).map((r) => Number(r.id)));
  const items = await listItemsOf(ctx.db, ids, overdue);
  return {
    settings: await effectiveSettings(ctx.db, org.path),
    items: rows.flatMap((r) => {
      const errand = items.get(Number(r.id));
      return errand ? [{ errand, kind: r.kind, minutesOver: round1(Number(r.over)) }] : [];
    }),
  };
}
