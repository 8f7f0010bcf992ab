import { requestStateLabels, shipmentStateLabels, specialStateLabels } from '../../../shared/supplies.ts';
import { defineFlow } from '../../platform/workflow/workflow.ts';

/**
 * The request lifecycle (issue #6), as data.
 *
 * - A unit's cadre (or a hotline cadre on its behalf, or the hub converting a special request)
 *   submits a request: `submitted`.
 * - The hub union reviews it: 审核通过 (possibly with reduced quantities; stock is reserved in the same
 *   transaction) or 不通过. The unit may withdraw it before review.
 * - The hub dispatches its approved lines to a logistics partner: `dispatching`.
 * - It is complete when every line is received in full or closed with a reason (`complete` is
 *   applied by the service, in the transaction of the delivery or the closing, never by hand).
 * Reviewing also requires the actor to sit at the hub (or above), not merely to have the role:
 * checked by the requests service.
 */
export const requestFlow = defineFlow({
  entityType: 'supplies.request',
  table: 'supply_requests',
  states: ['submitted', 'approved', 'dispatching', 'completed', 'rejected', 'withdrawn'] as const,
  stateLabels: requestStateLabels,
  eventLabels: {
    approve: '审核通过，预留库存',
    reject: '审核未通过',
    withdraw: '撤回需求',
    dispatch: '派单物流配送',
    complete: '全部签收或关闭，需求完成',
  },
  transitions: [
    { from: ['submitted'], event: 'approve', to: 'approved', roles: ['cadre', 'reviewer', 'admin'] },
    { from: ['submitted'], event: 'reject', to: 'rejected', roles: ['cadre', 'reviewer', 'admin'] },
    { from: ['submitted'], event: 'withdraw', to: 'withdrawn', roles: ['cadre', 'admin'] },
    { from: ['approved'], event: 'dispatch', to: 'dispatching', roles: ['cadre', 'admin'] },
    {
      from: ['approved', 'dispatching'],
      event: 'complete',
      to: 'completed',
      roles: ['cadre', 'reviewer', 'admin', 'partner'],
    },
  ],
});
export type RequestEvent = keyof typeof requestFlow.eventLabels;

/** Timeline events of a request that are not transitions (a line closed with a reason). */
export const requestNoteEventLabels: Record<string, string> = { closeLine: '关闭需求明细' };

/**
 * A shipment: 待出库 → 已出库 (plate, driver, nucleic-acid test time and the full disinfection
 * checklist are required) → 运输中 → 已送达 (received quantity per line, recipient, photo) or 异常;
 * a shipment failed on the road whose goods came back is 退回入库 by the hub (stock and the request
 * lines' outstanding quantities restored, so it can be dispatched again).
 * The logistics partner drives it (scope checked by the shipments service: partner org = its org);
 * the hub's cadres may act too.
 */
export const shipmentFlow = defineFlow({
  entityType: 'supplies.shipment',
  table: 'supply_shipments',
  states: ['pending', 'departed', 'in_transit', 'delivered', 'exception', 'returned'] as const,
  stateLabels: shipmentStateLabels,
  eventLabels: {
    depart: '出库（已消杀、司机核酸有效）',
    transit: '运输中',
    deliver: '送达签收',
    fail: '配送异常',
    restock: '退回入库',
  },
  transitions: [
    { from: ['pending'], event: 'depart', to: 'departed', roles: ['partner', 'cadre', 'admin'] },
    { from: ['departed'], event: 'transit', to: 'in_transit', roles: ['partner', 'cadre', 'admin'] },
    {
      from: ['departed', 'in_transit'],
      event: 'deliver',
      to: 'delivered',
      roles: ['partner', 'cadre', 'admin'],
    },
    {
      from: ['pending', 'departed', 'in_transit'],
      event: 'fail',
      to: 'exception',
      roles: ['partner', 'cadre', 'admin'],
    },
    // Only the hub takes goods back into its stock (checked again by the service).
    { from: ['exception'], event: 'restock', to: 'returned', roles: ['cadre', 'admin'] },
  ],
});
export type ShipmentEvent = keyof typeof shipmentFlow.eventLabels;

/** A special request: the hub sources it, then converts it into a catalogue request or declines it. */
export const specialFlow = defineFlow({
  entityType: 'supplies.special',
  table: 'supply_special_requests',
  states: ['open', 'sourcing', 'converted', 'declined'] as const,
  stateLabels: specialStateLabels,
  eventLabels: {
    source: '开始寻源',
    convert: '已转为物资需求',
    decline: '无法提供',
  },
  transitions: [
    { from: ['open'], event: 'source', to: 'sourcing', roles: ['cadre', 'reviewer', 'admin'] },
    { from: ['open', 'sourcing'], event: 'convert', to: 'converted', roles: ['cadre', 'reviewer', 'admin'] },
    { from: ['open', 'sourcing'], event: 'decline', to: 'declined', roles: ['cadre', 'reviewer', 'admin'] },
  ],
});
