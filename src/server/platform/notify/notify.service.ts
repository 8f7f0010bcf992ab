import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { TListNotificationsQuery, TNotification } from '../../../shared/notifications.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../context.ts';
import { notFound, unauthorized } from '../errors.ts';
import { notifications } from './notify.table.ts';

export interface NewNotification {
  /** Recipients; duplicates are sent once. */
  userIds: readonly number[];
  /** Dotted code of what happened, e.g. `account.passwordReset`; the client may pick an icon by it. */
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
}

/**
 * Put a message in users' in-app inboxes. Call it inside the transaction of the change it reports,
 * so a rolled-back change sends nothing. Returns how many were written.
 */
export async function notify(db: DbOrTx, input: NewNotification): Promise<number> {
  const ids = [...new Set(input.userIds)];
  if (ids.length === 0) return 0;
  await db.insert(notifications).values(
    ids.map((userId) => ({
      userId,
      kind: input.kind,
      title: input.title,
      body: input.body ?? '',
      link: input.link ?? null,
    })),
  );
  return ids.length;
}

const toNotification = (r: typeof notifications.$inferSelect): TNotification => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  createdAt: r.createdAt.toISOString(),
  readAt: r.readAt?.toISOString() ?? null,
});

async function unreadCountOf(db: DbOrTx, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** The caller's own inbox, newest first. Every signed-in user has one, whatever their role. */
export async function listNotifications(ctx: Ctx, q: TListNotificationsQuery) {
  const actor = requireSignedIn(ctx);
  const where = and(eq(notifications.userId, actor), q.unread ? isNull(notifications.readAt) : undefined);
  const [rows, [total], unreadCount] = await Promise.all([
    ctx.db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(notifications).where(where),
    unreadCountOf(ctx.db, actor),
  ]);
  return {
    items: rows.map(toNotification),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
    unreadCount,
  };
}

export async function unreadCount(ctx: Ctx) {
  return { unreadCount: await unreadCountOf(ctx.db, requireSignedIn(ctx)) };
}

/** Mark one of the caller's messages read; someone else's message is "not found". */
export async function markRead(ctx: Ctx, id: number) {
  const userId = requireSignedIn(ctx);
  const [row] = await ctx.db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  if (!row) throw notFound('消息不存在');
  const marked = await ctx.db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.id, id), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { marked: marked.length, unreadCount: await unreadCountOf(ctx.db, userId) };
}

/** Mark all messages of the caller read. */
export async function markAllRead(ctx: Ctx) {
  const userId = requireSignedIn(ctx);
  const marked = await ctx.db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { marked: marked.length, unreadCount: await unreadCountOf(ctx.db, userId) };
}

/** The inbox belongs to the person, not a membership: users without a role still have one. */
function requireSignedIn(ctx: Ctx): number {
  if (!ctx.actor) throw unauthorized();
  return ctx.actor.userId;
}
