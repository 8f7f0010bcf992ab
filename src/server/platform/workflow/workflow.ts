import { and, asc, eq, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/auth.ts';
import { sqlRows } from '../../db/client.ts';
import { authorize, isWithin, requireActor } from '../access/access.ts';
import { entityKind } from '../access/entities.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Ctx } from '../context.ts';
import { conflict, forbidden, notFound } from '../errors.ts';
import { timelineEvents } from './workflow.table.ts';

export interface Transition<S extends string, E extends string> {
  from: readonly S[];
  event: E;
  to: S;
  roles: readonly Role[];
  /** The platform itself may take this edge (`applyAsSystem`): jobs and verified partner callbacks. */
  system?: boolean;
}

/** A lifecycle as data: the table it lives in, its states and who may move it along which edge. */
export interface Flow<S extends string, E extends string> {
  entityType: string;
  /** Table with `id`, `state` and `updated_at` columns. */
  table: string;
  states: readonly S[];
  stateLabels: Record<S, string>;
  eventLabels: Record<E, string>;
  transitions: readonly Transition<S, E>[];
}

export const defineFlow = <S extends string, E extends string>(flow: Flow<S, E>): Flow<S, E> => flow;

export interface ApplyInput<E extends string> {
  id: number | string;
  event: E;
  note?: string | null | undefined;
  /** The record's org path, for the subtree check. */
  orgPath: string;
  orgId: number;
  /**
   * `subtree` (default): the actor must act within their membership's subtree. `checked-by-caller`:
   * the caller has already decided this actor may act on this record although it lies outside their
   * subtree (a worker on their own wish, a donor on the wish they claimed). Everything else stays:
   * the transition and role checks, the compare-and-set, the timeline and the audit rows.
   */
  scope?: 'subtree' | 'checked-by-caller';
}

/**
 * Move one record along its flow. Must run inside the caller's transaction (`ctx.db` is a tx):
 * checks the event from the current state and the actor's role, updates the state with a
 * compare-and-set so two racing actors cannot both win, and appends the timeline and audit rows.
 */
export async function apply<S extends string, E extends string>(
  ctx: Ctx,
  flow: Flow<S, E>,
  input: ApplyInput<E>,
): Promise<{ from: S; to: S }> {
  const actor = requireActor(ctx);
  if (input.scope !== 'checked-by-caller' && !isWithin(input.orgPath, actor.membership.orgPath)) {
    throw notFound();
  }
  const table = sql.identifier(flow.table);
  const [current] = await sqlRows<{ state: S }>(
    ctx.db,
    sql`select state from ${table} where id = ${input.id}`,
  );
  const from = current?.state;
  if (from === undefined) throw notFound();
  const transition = flow.transitions.find((t) => t.event === input.event && t.from.includes(from));
  if (!transition) {
    throw conflict(
      'ILLEGAL_TRANSITION',
      `当前状态「${flow.stateLabels[from] ?? from}」不能执行「${flow.eventLabels[input.event] ?? input.event}」`,
      { state: from, event: input.event },
    );
  }
  if (!transition.roles.includes(actor.membership.role)) throw forbidden();
  const updated = await sqlRows(
    ctx.db,
    sql`update ${table} set state = ${transition.to}, updated_at = now()
        where id = ${input.id} and state = ${from} returning id`,
  );
  if (updated.length === 0) {
    throw conflict('CONCURRENT_UPDATE', '该记录刚被其他人处理，请刷新后再试');
  }
  await ctx.db.insert(timelineEvents).values({
    entityType: flow.entityType,
    entityId: String(input.id),
    event: input.event,
    fromState: from,
    toState: transition.to,
    actorUserId: actor.userId,
    actorName: actor.displayName,
    actorRole: actor.membership.role,
    note: input.note ?? null,
  });
  await recordAudit(ctx, {
    action: `${flow.entityType}.${input.event}`,
    entityType: flow.entityType,
    entityId: input.id,
    orgId: input.orgId,
    orgPath: input.orgPath,
    detail: { from, to: transition.to, ...(input.note ? { note: input.note } : {}) },
  });
  return { from, to: transition.to };
}

/**
 * Move one record along its flow on the platform's own account (a job closing a co-signing window, a
 * partner platform's signed callback): no signed-in actor, so no role or subtree check, but the same
 * edge check, compare-and-set, timeline row (actor shown as `actorName`, default 系统) and audit row.
 * Only transitions marked `system: true` are allowed. Runs inside the caller's transaction.
 */
export async function applyAsSystem<S extends string, E extends string>(
  ctx: Ctx,
  flow: Flow<S, E>,
  input: Omit<ApplyInput<E>, 'scope'> & { actorName?: string },
): Promise<{ from: S; to: S }> {
  const table = sql.identifier(flow.table);
  const [current] = await sqlRows<{ state: S }>(
    ctx.db,
    sql`select state from ${table} where id = ${input.id}`,
  );
  const from = current?.state;
  if (from === undefined) throw notFound();
  const transition = flow.transitions.find((t) => t.event === input.event && t.from.includes(from));
  if (!transition?.system) {
    throw conflict(
      'ILLEGAL_TRANSITION',
      `当前状态「${flow.stateLabels[from] ?? from}」不能执行「${flow.eventLabels[input.event] ?? input.event}」`,
      { state: from, event: input.event },
    );
  }
  const updated = await sqlRows(
    ctx.db,
    sql`update ${table} set state = ${transition.to}, updated_at = now()
        where id = ${input.id} and state = ${from} returning id`,
  );
  if (updated.length === 0) throw conflict('CONCURRENT_UPDATE', '该记录刚被其他人处理，请刷新后再试');
  const actorName = input.actorName ?? '系统';
  await ctx.db.insert(timelineEvents).values({
    entityType: flow.entityType,
    entityId: String(input.id),
    event: input.event,
    fromState: from,
    toState: transition.to,
    actorUserId: null,
    actorName,
    actorRole: null,
    note: input.note ?? null,
  });
  await recordAudit(ctx, {
    action: `${flow.entityType}.${input.event}`,
    entityType: flow.entityType,
    entityId: input.id,
    orgId: input.orgId,
    orgPath: input.orgPath,
    actorName,
    detail: { from, to: transition.to, system: true, ...(input.note ? { note: input.note } : {}) },
  });
  return { from, to: transition.to };
}

/** Record the first event of a new record (its creation) on its timeline. */
export async function recordCreated(
  ctx: Ctx,
  entityType: string,
  id: number | string,
  state: string,
  note?: string,
) {
  const actor = ctx.actor;
  await ctx.db.insert(timelineEvents).values({
    entityType,
    entityId: String(id),
    event: 'create',
    fromState: null,
    toState: state,
    actorUserId: actor?.userId ?? null,
    actorName: actor?.displayName ?? null,
    actorRole: actor?.membership?.role ?? null,
    note: note ?? null,
  });
}

/** The timeline of one record, access-checked through its registered entity kind (and its `heldBy`). */
export async function getTimeline(ctx: Ctx, entityType: string, id: string) {
  const kind = entityKind(entityType);
  if (!kind) throw notFound('未知的记录类型');
  const actor = requireActor(ctx);
  const scope = await kind.load(ctx.db, id);
  if (!scope) throw notFound();
  // A party holding the record outside its subtree (a proposal's handling unit, a donor's claim) reads
  // its history as it reads its files.
  if (!(await kind.heldBy?.(ctx.db, id, actor.userId, 'view'))) authorize(ctx, kind.viewAction, scope);
  return ctx.db
    .select()
    .from(timelineEvents)
    .where(and(eq(timelineEvents.entityType, entityType), eq(timelineEvents.entityId, id)))
    .orderBy(asc(timelineEvents.id));
}
