import type { Ctx } from '../../platform/context.ts';
import type { appeals } from './proposals.table.ts';

/** Triage `refer` (issue #8): the fields the union chose. */
export interface ReferAppealInput {
  partnerOrgId: number;
  dueDate?: string | undefined;
  note?: string | null | undefined;
}

/**
 * Create the referral of an appeal being triaged, inside the caller's transaction (`ctx.db` is the tx);
 * the caller applies the appeal's `refer` transition. Placeholder until the referrals part lands.
 */
export async function referAppeal(
  _ctx: Ctx,
  _appeal: typeof appeals.$inferSelect,
  _input: ReferAppealInput,
): Promise<{ referralId: number; code: string }> {
  throw new Error('referrals not built yet');
}
