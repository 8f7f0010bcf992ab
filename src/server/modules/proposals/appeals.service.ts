import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { apply, applyAsSystem } from '../../platform/workflow/workflow.ts';
import { appealFlow } from './appeals.flow.ts';
import { appeals } from './proposals.table.ts';

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
    note: '基层治理平台办结答复',
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
  await notify(ctx.db, {
    userIds: [a.authorUserId],
    kind: 'proposals.appeal.replied',
    title: `您的诉求 ${a.code} 已由基层治理平台办结答复，请评价`,
    body: answer,
    link: `/m/congress/appeals/${appealId}`,
  });
}
