import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import type { Deps } from '../../platform/context.ts';
import { defineJob } from '../../platform/jobs/registry.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { hardshipArchives } from './hardship.table.ts';

/** How many days ahead of the yearly review (年度复核) the paired helper is reminded. */
export const REVIEW_REMIND_DAYS = 30;

export interface ReviewReminderCounts {
  /** Helpers notified (one per archive). */
  reminded: number;
  /** Due or overdue archives without a paired helper: not reminded, counted every run. */
  withoutHelper: number;
  /** Another run reminded them first (compare-and-set lost). */
  skipped: number;
}

/**
 * Remind each filed archive's paired helper once per review date, when the review is due within
 * {@link REVIEW_REMIND_DAYS} days or already overdue. `review_reminded_for` records the due date
 * reminded of; it is set with a compare-and-set in the notification's transaction, so concurrent
 * or repeated runs never notify twice, and a new due date (re-filing, a moved review) reminds again.
 */
export async function remindDueReviews(
  deps: Pick<Deps, 'database'>,
  now: Date = new Date(),
): Promise<ReviewReminderCounts> {
  const db = deps.database.db;
  const today = beijingDay(now);
  const horizon = addDays(today, REVIEW_REMIND_DAYS);
  const a = hardshipArchives;
  const due = await db
    .select({ id: a.id, name: a.name, helperUserId: a.helperUserId, reviewDue: a.reviewDue })
    .from(a)
    .where(
      and(
        eq(a.state, 'filed'),
        isNotNull(a.reviewDue),
        sql`${a.reviewDue} <= ${horizon}`,
        sql`${a.reviewRemindedFor} is distinct from ${a.reviewDue}`,
      ),
    )
    .orderBy(asc(a.reviewDue), asc(a.id));

  const counts: ReviewReminderCounts = { reminded: 0, withoutHelper: 0, skipped: 0 };
  for (const row of due) {
    const { helperUserId, reviewDue } = row;
    if (helperUserId === null || reviewDue === null) {
      counts.withoutHelper += 1;
      continue;
    }
    const sent = await db.transaction(async (tx) => {
      const claimed = await tx
        .update(a)
        .set({ reviewRemindedFor: reviewDue })
        .where(
          and(
            eq(a.id, row.id),
            eq(a.state, 'filed'),
            eq(a.reviewDue, reviewDue),
            eq(a.helperUserId, helperUserId),
            sql`${a.reviewRemindedFor} is distinct from ${a.reviewDue}`,
          ),
        )
        .returning({ id: a.id });
      if (claimed.length === 0) return false;
      const overdue = reviewDue < today;
      await notify(tx, {
        userIds: [helperUserId],
        kind: overdue ? 'hardship.reviewOverdue' : 'hardship.reviewDue',
        title: overdue
          ? `${row.name} 的困难档案已逾期复核（应于 ${reviewDue} 复核）`
          : `${row.name} 的困难档案将于 ${reviewDue} 到期复核`,
        body: '请入户核查并更新档案，完成年度复核。',
        link: `/hardship/${row.id}`,
      });
      return true;
    });
    if (sent) counts.reminded += 1;
    else counts.skipped += 1;
  }
  return counts;
}

export const remindDueReviewsJob = defineJob({
  name: 'remind-hardship-reviews',
  description: '困难档案年度复核到期提醒 / remind paired helpers of yearly reviews due within 30 days',
  schedule: '0 8 * * *',
  timezone: 'Asia/Shanghai',
  retryLimit: 2,
  expireInSeconds: 900,
  async handler(deps) {
    const counts = await remindDueReviews(deps);
    deps.log.info(
      { job: 'remind-hardship-reviews', ...counts },
      `reminded ${counts.reminded} helper(s) of due reviews; ${counts.withoutHelper} due archive(s) without a helper`,
    );
    return counts;
  },
});
