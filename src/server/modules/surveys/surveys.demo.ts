import type { Deps } from '../../platform/context.ts';
import './surveys.access.ts';

/**
 * 会员评家 demo data (issue #9): a finished 会员评家 survey of 平湖/林埭 with its results, a finished
 * survey of members rating their representatives (会员评议), and an open one to answer. Skeleton until
 * the demo lands.
 */
export async function seedSurveysDemo(_deps: Deps): Promise<{ surveys: number }> {
  return { surveys: 0 };
}
