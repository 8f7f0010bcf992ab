import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { formatMinutes } from '../../../shared/dates.ts';
import { openErrandStates } from '../../../shared/errands.ts';
import { sqlRows } from '../../db/client.ts';
import type { Deps } from '../../platform/context.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { errands } from './errands.table.ts';
import { dutyRecipients, openErrandsWithThresholds } from './roster.service.ts';

/**
 * 超时提醒 (issue #7 point 4): an errand dispatched and not accepted within its org's acceptMinutes of the
 * dispatch, or not delivered within deliverMinutes of the call, alerts the cadres on duty now for its org
 * (with nobody on shift, the org's cadres and admins). Each kind of alert goes out once per errand: the
 * flag (`accept_alerted_at`, `delivery_alerted_at`) is set by a compare-and-set in the same transaction
 * as the notifications, so a second run, or two runs at once, send nothing more.
 */

export interface AlertCounts {
  /** Errands whose not-accepted alert went out in this run. */
  accept: number;
  /** Errands whose not-delivered alert went out in this run. */
  delivery: number;
  /** Notifications written. */
  notified: number;
  /** Candidates that changed under the run (accepted, delivered, alerted by another run): left alone. */
  skipped: number;
}

export async function alertOverdueErrands(
  deps: Pick<Deps, 'database'>,
  now: Date = new Date(),
): Promise<AlertCounts> {
  const db = deps.database.db;
  const due = await sqlRows<{ id: number; kind: 'accept' | 'delivery'; threshold: number }>(
    db,
    sql`with ${openErrandsWithThresholds(null, now)}
      select id, 'accept' as kind, accept_minutes as threshold from open_errands
        where accept_alerted_at is null and accept_elapsed >= accept_minutes
      union all
      select id, 'delivery' as kind, deliver_minutes as threshold from open_errands
        where delivery_alerted_at is null and deliver_elapsed >= deliver_minutes
      order by id, kind
      limit 2000`,
  );
  const counts: AlertCounts = { accept: 0, delivery: 0, notified: 0, skipped: 0 };
  for (const row of due) {
    const id = Number(row.id);
    const threshold = Number(row.threshold);
    const sent = await db.transaction(async (tx) => {
      const [e] =
        row.kind === 'accept'
          ? await tx
              .update(errands)
              .set({ acceptAlertedAt: now })
              .where(
                and(eq(errands.id, id), eq(errands.state, 'dispatched'), isNull(errands.acceptAlertedAt)),
              )
              .returning()
          : await tx
              .update(errands)
              .set({ deliveryAlertedAt: now })
              .where(
                and(
                  eq(errands.id, id),
                  inArray(errands.state, [...openErrandStates]),
                  isNull(errands.deliveryAlertedAt),
                ),
              )
              .returning();
      if (!e) return null;
      const title =
        row.kind === 'accept'
          ? `及时送工单 ${e.code} 派单后 ${formatMinutes(threshold)}仍无人接单，请联系快递合作单位`
          : `及时送工单 ${e.code} 来电后 ${formatMinutes(threshold)}仍未送达，请跟进`;
      const n = await notify(tx, {
        userIds: await dutyRecipients(tx, e.orgId, now),
        kind: row.kind === 'accept' ? 'errands.overdue.accept' : 'errands.overdue.delivery',
        title,
        body: `${e.items}（送至 ${e.recipientName}，${e.recipientAddress}）`,
        link: `/errands/${e.id}`,
      });
      return n;
    });
    if (sent == null) counts.skipped += 1;
    else {
      counts[row.kind] += 1;
      counts.notified += sent;
    }
  }
  return counts;
}
