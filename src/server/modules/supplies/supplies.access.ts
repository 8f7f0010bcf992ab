import { and, desc, eq, sql } from 'drizzle-orm';
import { type OrgType, partnerOrgTypes } from '../../../shared/orgs.ts';
import type { DbOrTx } from '../../db/client.ts';
import { grant, isWithin, requireActor } from '../../platform/access/access.ts';
import { registerEntityKind } from '../../platform/access/entities.ts';
import { registerAuditLabels } from '../../platform/audit/audit.ts';
import { memberships } from '../../platform/auth/auth.table.ts';
import type { ActingMembership, Ctx } from '../../platform/context.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { registerOrgPathCopy } from '../../platform/orgs/orgs.service.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { requestFlow, shipmentFlow, specialFlow } from './supplies.flow.ts';
import { supplyItems, supplyRequests, supplyShipments, supplySpecialRequests } from './supplies.table.ts';

/**
 * Who may do what in 服务热线平台 (issue #6). Roles give the actions; where the record sits decides
 * the rest:
 * - a requesting unit's cadres request for their own unit (and see their subtree's requests);
 * - reviewing, hotline entry, dispatch and catalogue management also need the actor to sit at the
 *   catalogue's hub union or above (`requireHub`): a hospital cadre is a cadre too, but not the city
 *   union;
 * - partners act only on what is assigned to their org: a supplier / donor org on its own items, a
 *   logistics org on its own shipments (`requirePartner`).
 */
grant('cadre', [
  'supplies.view',
  'supplies.request',
  'supplies.review',
  'supplies.hotline',
  'supplies.dispatch',
  'supplies.catalogue.view',
  'supplies.catalogue.manage',
  'supplies.points.manage',
  'supplies.shipments.view',
  'supplies.shipments.handle',
  'supplies.stats',
]);
grant('reviewer', [
  'supplies.view',
  'supplies.review',
  'supplies.catalogue.view',
  'supplies.shipments.view',
  'supplies.stats',
]);
grant('admin', [
  'supplies.view',
  'supplies.request',
  'supplies.review',
  'supplies.hotline',
  'supplies.dispatch',
  'supplies.catalogue.view',
  'supplies.catalogue.manage',
  'supplies.points.manage',
  'supplies.shipments.view',
  'supplies.shipments.handle',
  'supplies.stats',
]);
grant('auditor', ['supplies.view', 'supplies.catalogue.view', 'supplies.shipments.view', 'supplies.stats']);
// Partners: the service narrows by org type (supplier / donor: catalogue; logistics: shipments).
grant('partner', [
  'supplies.catalogue.view',
  'supplies.catalogue.manage',
  'supplies.shipments.view',
  'supplies.shipments.handle',
]);

/** Partner org types that put items online and add stock. */
export const supplyingOrgTypes: readonly OrgType[] = ['supplier', 'donor'];
/** Partner org types that deliver shipments. */
export const deliveringOrgTypes: readonly OrgType[] = ['logistics'];

registerOrgPathCopy('supply_items', 'hub_org_path');
registerOrgPathCopy('supply_points');
registerOrgPathCopy('supply_requests');
registerOrgPathCopy('supply_requests', 'hub_org_path');
registerOrgPathCopy('supply_special_requests');
registerOrgPathCopy('supply_special_requests', 'hub_org_path');
registerOrgPathCopy('supply_shipments', 'hub_org_path');
registerOrgPathCopy('supply_shipments', 'unit_org_path');

const validId = (id: string) => /^[1-9]\d{0,9}$/.test(id);

/** True when the user has a membership in this org (partners act through their org's memberships). */
async function memberOf(db: DbOrTx, userId: number, orgId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.orgId, orgId)))
    .limit(1);
  return row !== undefined;
}

registerEntityKind({
  type: requestFlow.entityType,
  label: '物资需求',
  viewAction: 'supplies.view',
  attachAction: 'supplies.request',
  async load(db, id) {
    if (!validId(id)) return null;
    const [row] = await db
      .select({ orgId: supplyRequests.orgId, orgPath: supplyRequests.orgPath, state: supplyRequests.state })
      .from(supplyRequests)
      .where(eq(supplyRequests.id, Number(id)));
    return row ?? null;
  },
});

registerEntityKind({
  type: specialFlow.entityType,
  label: '特殊物资需求',
  viewAction: 'supplies.view',
  attachAction: 'supplies.request',
  async load(db, id) {
    if (!validId(id)) return null;
    const [row] = await db
      .select({
        orgId: supplySpecialRequests.orgId,
        orgPath: supplySpecialRequests.orgPath,
        state: supplySpecialRequests.state,
      })
      .from(supplySpecialRequests)
      .where(eq(supplySpecialRequests.id, Number(id)));
    return row ?? null;
  },
});

registerEntityKind({
  type: shipmentFlow.entityType,
  label: '配送单',
  viewAction: 'supplies.shipments.view',
  attachAction: 'supplies.shipments.handle',
  async load(db, id) {
    if (!validId(id)) return null;
    const [row] = await db
      .select({
        orgId: supplyShipments.hubOrgId,
        orgPath: supplyShipments.hubOrgPath,
        state: supplyShipments.state,
      })
      .from(supplyShipments)
      .where(eq(supplyShipments.id, Number(id)));
    return row ?? null;
  },
  // The logistics partner's accounts view and attach (delivery photos) to their own shipments.
  async heldBy(db, id, userId) {
    if (!validId(id)) return false;
    const [row] = await db
      .select({ partnerOrgId: supplyShipments.partnerOrgId })
      .from(supplyShipments)
      .where(eq(supplyShipments.id, Number(id)));
    return row ? memberOf(db, userId, row.partnerOrgId) : false;
  },
});

registerEntityKind({
  type: 'supplies.item',
  label: '物资',
  viewAction: 'supplies.catalogue.view',
  attachAction: 'supplies.catalogue.manage',
  async load(db, id) {
    if (!validId(id)) return null;
    const [row] = await db
      .select({ orgId: supplyItems.hubOrgId, orgPath: supplyItems.hubOrgPath, state: supplyItems.state })
      .from(supplyItems)
      .where(eq(supplyItems.id, Number(id)));
    return row ?? null;
  },
  // The supplier providing the item uploads and sees its photo.
  async heldBy(db, id, userId) {
    if (!validId(id)) return false;
    const [row] = await db
      .select({ supplierOrgId: supplyItems.supplierOrgId })
      .from(supplyItems)
      .where(eq(supplyItems.id, Number(id)));
    return row?.supplierOrgId ? memberOf(db, userId, row.supplierOrgId) : false;
  },
});

registerAuditLabels({
  'supplies.request.create': '提报物资需求',
  'supplies.request.approve': '审核通过物资需求',
  'supplies.request.reject': '物资需求审核未通过',
  'supplies.request.withdraw': '撤回物资需求',
  'supplies.request.dispatch': '物资需求派单配送',
  'supplies.request.complete': '物资需求完成',
  'supplies.request.closeLine': '关闭物资需求明细',
  'supplies.shipment.create': '生成配送单',
  'supplies.shipment.depart': '配送单出库',
  'supplies.shipment.transit': '配送单运输中',
  'supplies.shipment.deliver': '配送单送达签收',
  'supplies.shipment.fail': '配送单异常',
  'supplies.special.create': '提报特殊物资需求',
  'supplies.special.source': '特殊需求寻源',
  'supplies.special.convert': '特殊需求转为物资需求',
  'supplies.special.decline': '特殊需求无法提供',
  'supplies.item.create': '物资上架',
  'supplies.item.update': '修改物资信息',
  'supplies.item.receive': '物资入库',
  'supplies.item.adjust': '库存盘点调整',
  'supplies.point.create': '新增配送点位',
  'supplies.point.update': '修改配送点位',
  'supplies.export': '导出物资保障数据',
});

// ---------------------------------------------------------------- hubs

export interface HubRef {
  id: number;
  name: string;
  path: string;
}

/**
 * The hub union whose catalogue serves this unit: the nearest org at or above it that has a
 * catalogue (at least one item). Null when no union above runs one.
 */
export async function hubOfUnit(db: DbOrTx, unitPath: string): Promise<HubRef | null> {
  const [row] = await db
    .select({ id: orgs.id, name: orgs.name, path: orgs.path })
    .from(supplyItems)
    .innerJoin(orgs, eq(orgs.id, supplyItems.hubOrgId))
    .where(
      sql`(${unitPath} = ${supplyItems.hubOrgPath} or ${unitPath} like ${supplyItems.hubOrgPath} || '.%')`,
    )
    .orderBy(desc(orgs.depth))
    .limit(1);
  return row ?? null;
}

/**
 * The actor must sit at the hub union or above it (a hospital's cadre, although a cadre, cannot
 * review its own request). Returns the acting membership. 404 when the hub is outside the subtree.
 */
export function requireHub(ctx: Ctx, hubPath: string): ActingMembership {
  const m = requireActor(ctx).membership;
  if (!isWithin(hubPath, m.orgPath)) throw notFound();
  if (partnerOrgTypes.includes(m.orgType) || m.role === 'partner') throw forbidden();
  return m;
}

/** The actor must be a partner account of one of these org types; returns its membership. */
export function requirePartner(ctx: Ctx, types: readonly OrgType[]): ActingMembership {
  const m = requireActor(ctx).membership;
  if (m.role !== 'partner' || !types.includes(m.orgType)) throw forbidden();
  return m;
}

export const isPartner = (m: ActingMembership) => m.role === 'partner';

// Shared with other modules: human codes and notification recipients live in platform/.
export { nextCode } from '../../platform/codes.ts';
export { membersOf } from '../../platform/notify/recipients.ts';
