import { errandStateLabels } from '../../../shared/errands.ts';
import { defineFlow } from '../../platform/workflow/workflow.ts';

/**
 * The errand lifecycle (issue #7), as data.
 *
 * - A duty cadre records a call (or a worker asks on the H5): `pending` (待派单).
 * - The cadre dispatches it to a courier partner org: `dispatched`.
 * - A courier of that org accepts it (`accepted`), picks it up (`picked_up`) and delivers it
 *   (`delivered`, recipient and photo). A courier may decline a dispatched or accepted errand with a
 *   reason: it goes back to `pending` for the cadre to dispatch again.
 * - The union may cancel an errand not yet picked up, and merge a duplicate call into the errand it
 *   repeats (`merged`).
 * Couriers act outside the union's org tree: the errands service checks that the errand is
 * dispatched to the courier's org (and, after acceptance, to that courier) and applies with
 * `scope: 'checked-by-caller'`.
 */
export const errandFlow = defineFlow({
  entityType: 'errands.errand',
  table: 'errands',
  states: ['pending', 'dispatched', 'accepted', 'picked_up', 'delivered', 'cancelled', 'merged'] as const,
  stateLabels: errandStateLabels,
  eventLabels: {
    dispatch: '派单给快递合作单位',
    accept: '快递员接单',
    decline: '快递员无法接单，退回派单',
    pickup: '已取件',
    deliver: '已送达',
    cancel: '取消工单',
    merge: '重复来电，合并到其他工单',
  },
  transitions: [
    { from: ['pending'], event: 'dispatch', to: 'dispatched', roles: ['cadre', 'admin'] },
    { from: ['dispatched'], event: 'accept', to: 'accepted', roles: ['partner'] },
    { from: ['dispatched', 'accepted'], event: 'decline', to: 'pending', roles: ['partner'] },
    { from: ['accepted'], event: 'pickup', to: 'picked_up', roles: ['partner'] },
    { from: ['picked_up'], event: 'deliver', to: 'delivered', roles: ['partner'] },
    {
      from: ['pending', 'dispatched', 'accepted'],
      event: 'cancel',
      to: 'cancelled',
      roles: ['cadre', 'admin'],
    },
    { from: ['pending'], event: 'merge', to: 'merged', roles: ['cadre', 'admin'] },
  ],
});
export type ErrandEvent = keyof typeof errandFlow.eventLabels;
