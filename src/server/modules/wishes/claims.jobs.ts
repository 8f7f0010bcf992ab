import { and, asc, eq, lt, sql } from 'drizzle-orm';
import { beijingDay } from '../../../shared/dates.ts';
import { recordAudit, registerAuditLabels } from '../../platform/audit/audit.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { defineJob } from '../../platform/jobs/registry.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { wishAudience } from './claims.service.ts';
import { wishFlow } from './wishes.flow.ts';
import { wishClaims, wishes } from './wishes.table.ts';

registerAuditLabels({ 'wishes.wish.expire': '微心愿认领逾期释放' });

class WishOutOfStep extends Error {
  constructor(readonly wishId: number) {
    super(`wish ${wishId} has an active claim but is not in state claimed`);
  }
}

export interface ExpiryCounts {
  /** Claims released back to the wall by this run. */
  released: number;
  /** Claims that changed under the run (sent, released, expired by another run): left alone. */
  skipped: number;
}

/**
 * 逾期释放: every active (not yet sent) claim whose deadline has passed (deadline < today, China time)
 * is marked `expired` and its wish goes back on the wall; the donor, the worker and the union are
 * told. Each claim is settled in its own transaction that first flips the claim with a
 * compare-and-set on `state = 'active'`: a donor marking it sent at the same moment, or a second
 * run, makes the update match nothing and the claim is skipped, so runs are idempotent.
 */
export async function releaseExpiredClaims(
  deps: Pick<Deps, 'database' | 'vault' | 'config' | 'sender' | 'log'>,
  now: Date = new Date(),
): Promise<ExpiryCounts> {
  const db = deps.database.db;
  const today = beijingDay(now);
  const due = await db
    .select({ id: wishClaims.id, wishId: wishClaims.wishId, deadline: wishClaims.deadline })
    .from(wishClaims)
    .where(and(eq(wishClaims.state, 'active'), lt(wishClaims.deadline, today)))
    .orderBy(asc(wishClaims.deadline), asc(wishClaims.id))
    .limit(5000);
  const counts: ExpiryCounts = { released: 0, skipped: 0 };
  for (const row of due) {
    const settle = db.transaction(async (tx) => {
      const [claim] = await tx
        .update(wishClaims)
        .set({
          state: 'expired',
          releasedAt: sql`now()`,
          releaseReason: `超过实现期限（${row.deadline}）未寄出`,
        })
        .where(and(eq(wishClaims.id, row.id), eq(wishClaims.state, 'active'), lt(wishClaims.deadline, today)))
        .returning();
      if (!claim) return false;
      const [w] = await tx
        .update(wishes)
        .set({ state: 'published', updatedAt: sql`now()` })
        .where(and(eq(wishes.id, claim.wishId), eq(wishes.state, 'claimed')))
        .returning();
      // An active claim always sits on a claimed wish; if not, leave both for a person to look at.
      if (!w) throw new WishOutOfStep(claim.wishId);
      const note = `超过实现期限（${claim.deadline}）未寄出，系统自动释放，心愿回到心愿墙`;
      // No signed-in actor: the timeline and the audit record the system.
      await tx.insert(timelineEvents).values({
        entityType: wishFlow.entityType,
        entityId: String(w.id),
        event: 'release',
        fromState: 'claimed',
        toState: 'published',
        actorUserId: null,
        actorName: '系统',
        actorRole: null,
        note,
      });
      const ctx: Ctx = { db: tx, actor: null, ip: null, deps: deps as Deps };
      await recordAudit(ctx, {
        action: 'wishes.wish.expire',
        actorName: 'system',
        entityType: wishFlow.entityType,
        entityId: w.id,
        orgId: w.orgId,
        orgPath: w.orgPath,
        detail: { claimId: claim.id, deadline: claim.deadline },
      });
      const audience = await wishAudience(tx, w);
      if (claim.donorUserId) {
        await notify(tx, {
          userIds: [claim.donorUserId],
          kind: 'wishes.expired',
          title: `您认领的微心愿「${w.title}」已超过实现期限（${claim.deadline}），认领已自动释放`,
          body: '心愿已回到心愿墙。如仍想帮助，可以再次认领。',
          link: `/m/wishes/claims/${w.id}`,
        });
      }
      await notify(tx, {
        userIds: audience.workers,
        kind: 'wishes.expired',
        title: `您的微心愿「${w.title}」的认领已逾期释放，心愿重新回到心愿墙等待认领`,
        link: `/m/wishes/mine/${w.id}`,
      });
      await notify(tx, {
        userIds: audience.union,
        kind: 'wishes.expired',
        title: `微心愿「${w.title}」的认领（${claim.donorName}）已逾期释放`,
        link: `/wishes/${w.id}`,
      });
      return true;
    });
    const done = await settle.catch((e: unknown) => {
      if (!(e instanceof WishOutOfStep)) throw e;
      deps.log.warn({ job: 'release-expired-wish-claims', wishId: e.wishId }, e.message);
      return false;
    });
    if (done) counts.released += 1;
    else counts.skipped += 1;
  }
  return counts;
}

export const releaseExpiredClaimsJob = defineJob({
  name: 'release-expired-wish-claims',
  description: '微心愿认领逾期释放 / release active wish claims past their deadline back to the wall',
  schedule: '5 * * * *',
  timezone: 'Asia/Shanghai',
  retryLimit: 2,
  expireInSeconds: 900,
  async handler(deps) {
    const counts = await releaseExpiredClaims(deps);
    deps.log.info(
      { job: 'release-expired-wish-claims', ...counts },
      `released ${counts.released} expired wish claim(s)`,
    );
    return counts;
  },
});
