import type { Ctx } from '../context.ts';

/**
 * Domain events: a module announces what happened (a proposal was submitted, a worker got a reply)
 * without knowing who listens; another module reacts (履职记录 from issue #9) without reading the
 * publisher's tables. Publishers declare their events by augmenting this interface:
 *
 * ```ts
 * declare module '../../platform/events/events.ts' {
 *   interface DomainEvents { 'proposals.submitted': { proposalId: number } }
 * }
 * ```
 *
 * Subscribers run synchronously inside the publisher's transaction (`ctx.db` is the tx), so the
 * reaction commits or rolls back with the change that caused it: nothing is lost, nothing is doubled.
 * A subscriber must be idempotent and cheap; it sees the publisher's actor (or none, for jobs).
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the publishing modules (declaration merging)
export interface DomainEvents {}

export type DomainEventType = keyof DomainEvents;
type Handler<K extends DomainEventType> = (ctx: Ctx, payload: DomainEvents[K]) => Promise<void>;

const handlers = new Map<DomainEventType, Handler<DomainEventType>[]>();

/** Listen to one event type; registered once at module load (import time). */
export function subscribe<K extends DomainEventType>(type: K, handler: Handler<K>): void {
  const list = handlers.get(type) ?? [];
  list.push(handler as unknown as Handler<DomainEventType>);
  handlers.set(type, list);
}

/** Announce an event; call it inside the transaction that made the change. */
export async function publish<K extends DomainEventType>(
  ctx: Ctx,
  type: K,
  payload: DomainEvents[K],
): Promise<void> {
  for (const handler of handlers.get(type) ?? []) await handler(ctx, payload);
}
