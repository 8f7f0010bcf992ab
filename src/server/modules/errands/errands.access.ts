import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { grant, requireActor } from '../../platform/access/access.ts';
import { registerEntityKind } from '../../platform/access/entities.ts';
import { registerAuditLabels } from '../../platform/audit/audit.ts';
import { memberships } from '../../platform/auth/auth.table.ts';
import type { ActingMembership, Ctx } from '../../platform/context.ts';
import { forbidden } from '../../platform/errors.ts';
import { registerOrgPathCopy } from '../../platform/orgs/orgs.service.ts';
import { errandFlow } from './errands.flow.ts';
import { errands } from './errands.table.ts';

/**
 * Who may do what in 及时送 (issue #7). Union staff (cadres, admins) take calls, dispatch, cancel,
 * merge, keep the roster and answer complaints within their subtree; reviewers and auditors read;
 * workers ask on the H5 and follow their own errands; couriers (partner accounts of a `courier` org)
 * see and work only errands dispatched to their org (`requireCourier`, checked by the service).
 */
grant('cadre', [
  'errands.view',
  'errands.intake',
  'errands.dispatch',
  'errands.roster',
  'errands.complaints',
  'errands.stats',
]);
grant('admin', [
  'errands.view',
  'errands.intake',
  'errands.dispatch',
  'errands.roster',
  'errands.complaints',
  'errands.settings',
  'errands.stats',
]);
grant('reviewer', ['errands.view', 'errands.stats']);
grant('auditor', ['errands.view', 'errands.stats']);
grant('worker', ['errands.request']);
grant('partner', ['errands.courier']);

registerOrgPathCopy('errands');
registerOrgPathCopy('errand_hotlines');
registerOrgPathCopy('errand_shifts');
registerOrgPathCopy('errand_complaints');

const validId = (id: string) => /^[1-9]\d{0,9}$/.test(id);

/** The actor must be a partner account of a courier org; returns its membership. */
export function requireCourier(ctx: Ctx): ActingMembership {
  const m = requireActor(ctx).membership;
  if (m.role !== 'partner' || m.orgType !== 'courier') throw forbidden('只有快递合作单位的账号可以操作');
  return m;
}

registerEntityKind({
  type: errandFlow.entityType,
  label: '及时送工单',
  viewAction: 'errands.view',
  attachAction: 'errands.intake',
  async load(db, id) {
    if (!validId(id)) return null;
    const [row] = await db
      .select({ orgId: errands.orgId, orgPath: errands.orgPath, state: errands.state })
      .from(errands)
      .where(eq(errands.id, Number(id)));
    return row ?? null;
  },
  // The courier org it is dispatched to views it and attaches the delivery photo.
  async heldBy(db: DbOrTx, id, userId) {
    if (!validId(id)) return false;
    const [row] = await db
      .select({ courierOrgId: errands.courierOrgId, requester: errands.requesterUserId })
      .from(errands)
      .where(eq(errands.id, Number(id)));
    if (!row) return false;
    if (row.requester === userId) return true;
    if (!row.courierOrgId) return false;
    const [m] = await db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.userId, userId), eq(memberships.orgId, row.courierOrgId)))
      .limit(1);
    return m !== undefined;
  },
});

registerAuditLabels({
  'errands.errand.create': '登记及时送工单',
  'errands.errand.dispatch': '及时送派单',
  'errands.errand.accept': '快递员接单',
  'errands.errand.decline': '快递员退回工单',
  'errands.errand.pickup': '及时送取件',
  'errands.errand.deliver': '及时送送达',
  'errands.errand.cancel': '取消及时送工单',
  'errands.errand.merge': '合并重复来电',
  'errands.complaint.create': '登记及时送投诉',
  'errands.complaint.answer': '答复及时送投诉',
  'errands.roster.update': '修改值班表',
  'errands.hotline.update': '修改值守电话',
  'errands.settings': '设置及时送超时提醒',
  'errands.export': '导出及时送数据',
});
