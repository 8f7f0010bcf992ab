import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { grant, isWithin, requireActor } from '../../platform/access/access.ts';
import { registerEntityKind } from '../../platform/access/entities.ts';
import { registerAuditLabels } from '../../platform/audit/audit.ts';
import { memberships } from '../../platform/auth/auth.table.ts';
import type { ActingMembership, Ctx } from '../../platform/context.ts';
import { forbidden } from '../../platform/errors.ts';
import { registerOrgPathCopy } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { appealFlow } from './appeals.flow.ts';
import { proposalFlow } from './proposals.flow.ts';
import { appeals, proposalCoHandlers, proposalCosigners, proposals, referrals } from './proposals.table.ts';

/**
 * Who may do what in 云履职 and 职工事大家议 (issue #8).
 *
 * - Union staff (cadre, admin) of the congress's union keep the congress and the directory, assign
 *   handling units, supervise replies (执行督查, not their own reply), triage appeals, moderate comments
 *   and refer appeals to the governance platform; admins configure the platform's endpoint.
 * - The review committee (`reviewer`) decides 立案 / 转建议 / 退回修改; nobody else may.
 * - Handling units: the staff (cadre, admin, or a partner org's account) of the lead or co-handling org
 *   post progress and the reply, checked by the service against the proposal (`isHandlerOf`).
 * - Representatives draft, co-sign, rate their own proposals and answer workers' messages.
 * - Members (workers, representatives) message representatives, post appeals, 附议, comment, and see
 *   the progress pages of their union's proposals.
 * - A governance partner's accounts see and answer the referrals sent to their org (manual mode).
 * - Auditors read.
 */
grant('admin', [
  'proposals.view',
  'proposals.congress',
  'proposals.assign',
  'proposals.handle',
  'proposals.supervise',
  'proposals.appeals.triage',
  'proposals.referrals',
  'proposals.referrals.config',
  'proposals.stats',
]);
grant('cadre', [
  'proposals.view',
  'proposals.congress',
  'proposals.assign',
  'proposals.handle',
  'proposals.supervise',
  'proposals.appeals.triage',
  'proposals.referrals',
  'proposals.stats',
]);
grant('reviewer', ['proposals.view', 'proposals.review', 'proposals.stats']);
grant('auditor', ['proposals.view', 'proposals.stats']);
grant('representative', ['proposals.represent', 'proposals.participate']);
grant('worker', ['proposals.participate']);
grant('partner', ['proposals.handle', 'proposals.referrals.partner']);

registerOrgPathCopy('congresses');
registerOrgPathCopy('representatives');
registerOrgPathCopy('contact_threads');
registerOrgPathCopy('proposals');
registerOrgPathCopy('appeals');
registerOrgPathCopy('referrals');
registerOrgPathCopy('supervise_notices');

const validId = (id: string) => /^[1-9]\d{0,9}$/.test(id);

/** The actor must act as a representative (role); returns the membership. */
export function requireRepresentativeRole(ctx: Ctx): ActingMembership {
  const m = requireActor(ctx).membership;
  if (m.role !== 'representative') throw forbidden('只有会员代表可以操作');
  return m;
}

/** The actor acts as a member (worker or representative) of a union within `unionPath`'s subtree. */
export function isMemberOf(ctx: Ctx, unionPath: string): boolean {
  const m = ctx.actor?.membership;
  if (!m || (m.role !== 'worker' && m.role !== 'representative')) return false;
  return isWithin(m.orgPath, unionPath);
}

/** Whether the user holds any membership in one of `orgIds` (handling units, partner orgs). */
export async function userInOrgs(db: DbOrTx, userId: number, orgIds: number[]): Promise<boolean> {
  if (orgIds.length === 0) return false;
  const [m] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), inArray(memberships.orgId, orgIds)))
    .limit(1);
  return m !== undefined;
}

/** The lead and co-handling orgs of a proposal. */
export async function handlerOrgIds(
  db: DbOrTx,
  proposalId: number,
): Promise<{ lead: number | null; co: number[] }> {
  const [p] = await db
    .select({ lead: proposals.leadOrgId })
    .from(proposals)
    .where(eq(proposals.id, proposalId));
  const co = await db
    .select({ orgId: proposalCoHandlers.orgId })
    .from(proposalCoHandlers)
    .where(eq(proposalCoHandlers.proposalId, proposalId));
  return { lead: p?.lead ?? null, co: co.map((c) => c.orgId) };
}

/** The acting membership is in the proposal's lead (or, with `coToo`, a co-handling) org. */
export async function isHandlerOf(ctx: Ctx, proposalId: number, coToo: boolean): Promise<boolean> {
  const m = ctx.actor?.membership;
  if (!m || !['cadre', 'admin', 'partner'].includes(m.role)) return false;
  const h = await handlerOrgIds(ctx.db, proposalId);
  return m.orgId === h.lead || (coToo && h.co.includes(m.orgId));
}

/** Members of the union (any membership within its subtree) may view; so may the parties to it. */
async function userWithinPath(db: DbOrTx, userId: number, path: string): Promise<boolean> {
  const rows = await db
    .select({ path: orgs.path })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(eq(memberships.userId, userId));
  return rows.some((r) => isWithin(r.path, path));
}

registerEntityKind({
  type: proposalFlow.entityType,
  label: '提案建议',
  viewAction: 'proposals.view',
  attachAction: 'proposals.handle',
  async load(db, id) {
    if (!validId(id)) return null;
    const [row] = await db
      .select({ orgId: proposals.orgId, orgPath: proposals.orgPath, state: proposals.state })
      .from(proposals)
      .where(eq(proposals.id, Number(id)));
    return row ?? null;
  },
  // The proposer (attach while drafting), co-signers, handling units (attach while handling) and the
  // members of the union (view: the progress page is theirs).
  async heldBy(db: DbOrTx, id, userId, use) {
    if (!validId(id)) return false;
    const pid = Number(id);
    const [p] = await db
      .select({ proposer: proposals.proposerUserId, state: proposals.state, orgPath: proposals.orgPath })
      .from(proposals)
      .where(eq(proposals.id, pid));
    if (!p) return false;
    if (p.proposer === userId) return use === 'view' || ['draft', 'cosigning', 'returned'].includes(p.state);
    const h = await handlerOrgIds(db, pid);
    const handlerOrgs = [...(h.lead ? [h.lead] : []), ...h.co];
    if (await userInOrgs(db, userId, handlerOrgs)) return use === 'view' || p.state === 'handling';
    if (use === 'attach') return false;
    const [c] = await db
      .select({ id: proposalCosigners.id })
      .from(proposalCosigners)
      .where(and(eq(proposalCosigners.proposalId, pid), eq(proposalCosigners.userId, userId)))
      .limit(1);
    if (c) return true;
    return !['draft', 'cosigning', 'withdrawn'].includes(p.state) && userWithinPath(db, userId, p.orgPath);
  },
});

registerEntityKind({
  type: appealFlow.entityType,
  label: '职工诉求',
  viewAction: 'proposals.view',
  attachAction: 'proposals.appeals.triage',
  // The author (attach while open), the handling org (attach while handling), the governance partner it
  // was referred to, and the members of the union (view).
  async load(db, id) {
    if (!validId(id)) return null;
    const [row] = await db
      .select({ orgId: appeals.orgId, orgPath: appeals.orgPath, state: appeals.state })
      .from(appeals)
      .where(eq(appeals.id, Number(id)));
    return row ?? null;
  },
  async heldBy(db: DbOrTx, id, userId, use) {
    if (!validId(id)) return false;
    const aid = Number(id);
    const [a] = await db
      .select({
        author: appeals.authorUserId,
        state: appeals.state,
        orgPath: appeals.orgPath,
        handler: appeals.handlerOrgId,
      })
      .from(appeals)
      .where(eq(appeals.id, aid));
    if (!a) return false;
    if (a.author === userId) return use === 'view' || a.state === 'open';
    if (a.handler && (await userInOrgs(db, userId, [a.handler])))
      return use === 'view' || a.state === 'handling';
    const [r] = await db
      .select({ partner: referrals.partnerOrgId })
      .from(referrals)
      .where(eq(referrals.appealId, aid));
    if (r && (await userInOrgs(db, userId, [r.partner]))) return use === 'view';
    if (use === 'attach') return false;
    return a.state !== 'withdrawn' && userWithinPath(db, userId, a.orgPath);
  },
});

registerAuditLabels({
  'proposals.congress.create': '新建会员代表大会',
  'proposals.congress.update': '修改会员代表大会',
  'proposals.session.create': '新建大会会议',
  'proposals.representative.create': '登记会员代表',
  'proposals.representative.update': '修改会员代表信息',
  'proposals.contact.create': '职工联系代表',
  'proposals.contact.message': '联系服务留言',
  'proposals.contact.close': '结束联系服务留言',
  'proposals.proposal.create': '起草提案建议',
  'proposals.proposal.update': '修改提案建议',
  'proposals.proposal.open_cosign': '发起联名附议',
  'proposals.proposal.submit': '提交提案建议',
  'proposals.proposal.withdraw': '撤回提案建议',
  'proposals.proposal.file': '提案立案',
  'proposals.proposal.to_suggestion': '提案不立案转建议',
  'proposals.proposal.return': '提案退回修改',
  'proposals.proposal.assign': '提案交办',
  'proposals.proposal.progress': '提案办理进展',
  'proposals.proposal.reply': '提案办理答复',
  'proposals.proposal.accept': '提案督查通过',
  'proposals.proposal.send_back': '提案督查退回重办',
  'proposals.proposal.close': '提案评价办结',
  'proposals.proposal.reopen': '提案不满意重办',
  'proposals.proposal.close_unrated': '提案逾期未评价办结',
  'proposals.cosign.sign': '联名附议',
  'proposals.cosign.decline': '谢绝附议',
  'proposals.cosign.withdraw': '撤回附议',
  'proposals.appeal.create': '职工发布诉求',
  'proposals.appeal.handle': '诉求分办：自行办理',
  'proposals.appeal.merge': '诉求合并',
  'proposals.appeal.to_proposal': '诉求转代表提案',
  'proposals.appeal.refer': '诉求转基层治理平台',
  'proposals.appeal.reply': '诉求答复',
  'proposals.appeal.close': '诉求评价办结',
  'proposals.appeal.reopen': '诉求不满意重办',
  'proposals.appeal.withdraw': '撤回诉求',
  'proposals.appeal.close_unrated': '诉求逾期未评价办结',
  'proposals.appeal.support': '附议诉求',
  'proposals.comment.create': '发表评论',
  'proposals.comment.moderate': '审核评论',
  'proposals.referral.deliver': '推送治理平台',
  'proposals.referral.callback': '治理平台回调',
  'proposals.referral.status': '登记治理平台办理情况',
  'proposals.referral.retry': '重新推送治理平台',
  'proposals.referral.view_contact': '查看转办事项中的职工联系方式',
  'proposals.endpoint.update': '配置治理平台接口',
  'proposals.supervise.remind': '督办提醒',
  'proposals.supervise.escalate': '督办升级',
  'proposals.export': '导出提案与诉求数据',
});
