import type { Ctx } from '../../platform/context.ts';

/**
 * The governance platform answered a referred appeal (a verified callback: `system`; or recorded by hand
 * by a union cadre or the partner's account: `actor`): the appeal moves to `replied` with the answer and
 * the author is notified. Runs inside the caller's transaction. Placeholder until the appeals part lands.
 */
export async function answerReferredAppeal(
  _ctx: Ctx,
  _appealId: number,
  _answer: string,
  _via: 'system' | 'actor',
): Promise<void> {
  throw new Error('appeals not built yet');
}
