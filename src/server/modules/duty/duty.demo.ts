import type { Deps } from '../../platform/context.ts';
import './duty.access.ts';
import './duty.subscribers.ts';

/**
 * 履职评价 demo data (issue #9): the 林埭镇 congress's scheme, sessions with attendance, representatives'
 * own records (approved, pending, rejected) on top of the records the 云履职 demo's events created.
 * Skeleton until the demo lands.
 */
export async function seedDutyDemo(_deps: Deps): Promise<{ records: number }> {
  return { records: 0 };
}
