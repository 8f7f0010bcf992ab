import { dutyRecordStateLabels } from '../../../shared/duty.ts';
import { defineFlow } from '../../platform/workflow/workflow.ts';

/**
 * A duty record (issue #9), as data. Automatic records and a cadre's awards are born `counted`; a
 * representative's own entry is born `pending` and a cadre of the congress's union approves or rejects
 * it; the representative may withdraw it while pending. A cadre strikes a wrong counted or approved
 * record (`void`, with the reason). Representatives act on their own records only: the service checks
 * that and applies with `scope: 'checked-by-caller'`.
 */
export const dutyRecordFlow = defineFlow({
  entityType: 'duty.record',
  table: 'duty_records',
  states: ['counted', 'pending', 'approved', 'rejected', 'void'] as const,
  stateLabels: dutyRecordStateLabels,
  eventLabels: {
    approve: '审核通过',
    reject: '驳回',
    withdraw: '代表撤回',
    void: '作废',
  },
  transitions: [
    { from: ['pending'], event: 'approve', to: 'approved', roles: ['cadre', 'admin'] },
    { from: ['pending'], event: 'reject', to: 'rejected', roles: ['cadre', 'admin'] },
    { from: ['pending'], event: 'withdraw', to: 'void', roles: ['representative'] },
    { from: ['counted', 'approved'], event: 'void', to: 'void', roles: ['cadre', 'admin'] },
  ],
});
