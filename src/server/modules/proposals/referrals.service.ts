import { eq } from 'drizzle-orm';
import { REFERRAL_DUE_DAYS, type ReferralState } from '../../../shared/appeals.ts';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import { type ProposalCategory, proposalCategoryLabels } from '../../../shared/proposals.ts';
import { isWithin, requireActor } from '../../platform/access/access.ts';
import { users } from '../../platform/auth/auth.table.ts';
import { nextCode } from '../../platform/codes.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { invalidField } from '../../platform/errors.ts';
import { notify } from '../../platform/notify/notify.service.ts';
import { membersOf } from '../../platform/notify/recipients.ts';
import { findOrg } from '../../platform/orgs/orgs.service.ts';
import { type appeals, referralEndpoints, referralEvents, referrals } from './proposals.table.ts';

/**
 * 转基层治理平台 (issue #8): an appeal the union refers to the township's grassroots-governance platform.
 *
 * In `api` mode the referral is queued and the `deliver-referrals` job POSTs its Open311-like payload,
 * signed with the partner's HMAC secret, retrying with exponential backoff; the platform reports back
 * through the signed callback. In `manual` mode the partner's accounts are notified and the union cadre
 * or the partner records the status by hand. Both end with the platform's answer on the appeal.
 */

export const REFERRAL_CALLBACK_PATH = '/api/v1/proposals/referrals/callback';

/** The absolute callback URL the platform posts to (PUBLIC_URL, else this server on its port). */
export function referralCallbackUrl(deps: Pick<Deps, 'config'>): string {
  const base = deps.config.publicUrl ?? `http://127.0.0.1:${deps.config.port}`;
  return `${base}${REFERRAL_CALLBACK_PATH}`;
}

/** A Beijing due date means the end of that day. */
export const endOfBeijingDay = (day: string): Date => new Date(`${day}T23:59:59.999+08:00`);

/** Triage `refer` (issue #8): the fields the union chose. */
export interface ReferAppealInput {
  partnerOrgId: number;
  dueDate?: string | undefined;
  note?: string | null | undefined;
}

/** The Open311-like body POSTed to the platform. */
export interface ReferralPayload extends Record<string, unknown> {
  service_request_id: string;
  service_code: string;
  service_name: string;
  description: string;
  address: string;
  contact: { name: string; phone: string | null } | null;
  requested_datetime: string;
  expected_datetime: string;
  callback_url: string;
}

/**
 * Create the referral of an appeal being triaged, inside the caller's transaction (`ctx.db` is the tx);
 * the caller (appeals triage) has checked the actor may triage the appeal and applies its `refer`
 * transition. The partner must be an active governance org of the union's area (within the union's or
 * the acting cadre's subtree) with an active endpoint. Contact details go out only when the worker
 * allowed it and did not post anonymously.
 */
export async function referAppeal(
  ctx: Ctx,
  appeal: typeof appeals.$inferSelect,
  input: ReferAppealInput,
): Promise<{ referralId: number; code: string }> {
  const actor = requireActor(ctx);
  const partner = await findOrg(ctx.db, input.partnerOrgId);
  if (
    partner?.type !== 'governance' ||
    partner.state !== 'active' ||
    !(isWithin(partner.path, appeal.orgPath) || isWithin(partner.path, actor.membership.orgPath))
  ) {
    throw invalidField('partnerOrgId', '请选择本工会辖区内的基层治理平台');
  }
  const [endpoint] = await ctx.db
    .select()
    .from(referralEndpoints)
    .where(eq(referralEndpoints.partnerOrgId, partner.id));
  if (!endpoint?.active) throw invalidField('partnerOrgId', '该基层治理平台尚未配置对接方式或已停用');
  if (endpoint.mode === 'api' && (!endpoint.url || !endpoint.secretEnc)) {
    throw invalidField('partnerOrgId', '该基层治理平台的接口地址或密钥尚未配置');
  }

  const now = new Date();
  const today = beijingDay(now);
  if (input.dueDate && input.dueDate < today) throw invalidField('dueDate', '办理期限不能早于今天');
  const dueAt = endOfBeijingDay(input.dueDate ?? addDays(today, REFERRAL_DUE_DAYS));

  let contact: ReferralPayload['contact'] = null;
  if (appeal.shareContact && !appeal.anonymous) {
    const [author] = await ctx.db
      .select({ name: users.displayName, phoneEnc: users.phoneEnc })
      .from(users)
      .where(eq(users.id, appeal.authorUserId));
    if (author) {
      contact = {
        name: author.name,
        phone: author.phoneEnc ? ctx.deps.vault.decrypt(author.phoneEnc) : null,
      };
    }
  }

  const { id, code } = await nextCode(ctx.db, 'referrals', 'ZL');
  const note = input.note?.trim();
  const payload: ReferralPayload = {
    service_request_id: code,
    service_code: appeal.category,
    service_name: proposalCategoryLabels[appeal.category as ProposalCategory] ?? appeal.category,
    description: `${appeal.title}\n${appeal.text}${note ? `\n工会意见：${note}` : ''}`,
    address: appeal.location ?? '',
    contact,
    requested_datetime: now.toISOString(),
    expected_datetime: dueAt.toISOString(),
    callback_url: referralCallbackUrl(ctx.deps),
  };
  const manual = endpoint.mode === 'manual';
  const state: ReferralState = manual ? 'delivered' : 'queued';
  await ctx.db.insert(referrals).values({
    id,
    code,
    appealId: appeal.id,
    orgId: appeal.orgId,
    orgPath: appeal.orgPath,
    partnerOrgId: partner.id,
    mode: endpoint.mode,
    state,
    payload,
    dueAt,
    nextAttemptAt: manual ? null : now,
    deliveredAt: manual ? now : null,
    createdBy: actor.userId,
  });
  await ctx.db.insert(referralEvents).values({
    referralId: id,
    source: 'system',
    status: state,
    note: manual ? `人工交办：已通知${partner.name}的账号` : '已排队，等待推送到平台接口',
    recordedBy: actor.userId,
  });
  if (manual) {
    await notify(ctx.db, {
      userIds: await membersOf(ctx.db, [partner.id], ['partner']),
      kind: 'proposals.referral.assigned',
      title: `工会转来职工诉求 ${code}：${appeal.title}`,
      body: `请于 ${beijingDay(dueAt)} 前办理并登记答复`,
      link: `/referrals/assigned/${id}`,
    });
  }
  return { referralId: id, code };
}
