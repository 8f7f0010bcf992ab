import { wishStateLabels } from '../../../shared/wishes.ts';
import { defineFlow } from '../../platform/workflow/workflow.ts';

/**
 * The wish lifecycle (issue #5), as data.
 *
 * - The worker (on the H5) or a cadre on their behalf posts a wish: it starts in `pending`.
 * - The worker's union reviews it (工会干部, 审核员 or 管理员): 发布 (published on the wall), 退回修改
 *   (returned with a note; the worker edits and resubmits) or 不通过 (rejected with a reason).
 * - A donor claims a published wish (exclusive); the claim may be released (by the donor with a
 *   reason, or by the deadline job) and the wish goes back to the wall.
 * - The donor marks it sent; the worker or a cadre confirms receipt: 已实现.
 * - The worker or a cadre may withdraw a wish nobody has claimed yet.
 * Claim, release and send are driven by donors, who act outside the union's org tree: the claims
 * service checks them against the claim itself and moves the wish with the same compare-and-set.
 */
export const wishFlow = defineFlow({
  entityType: 'wishes.wish',
  table: 'wishes',
  states: [
    'pending',
    'returned',
    'rejected',
    'published',
    'claimed',
    'sent',
    'fulfilled',
    'withdrawn',
  ] as const,
  stateLabels: wishStateLabels,
  eventLabels: {
    approve: '审核通过，发布到心愿墙',
    return: '退回修改',
    resubmit: '修改后重新提交',
    reject: '审核未通过',
    claim: '爱心人士认领',
    release: '认领释放，心愿回到心愿墙',
    send: '爱心人士已寄出',
    confirm: '确认收到，心愿实现',
    withdraw: '撤回心愿',
  },
  transitions: [
    { from: ['pending'], event: 'approve', to: 'published', roles: ['cadre', 'reviewer', 'admin'] },
    { from: ['pending'], event: 'return', to: 'returned', roles: ['cadre', 'reviewer', 'admin'] },
    { from: ['pending'], event: 'reject', to: 'rejected', roles: ['cadre', 'reviewer', 'admin'] },
    { from: ['returned'], event: 'resubmit', to: 'pending', roles: ['worker', 'cadre', 'admin'] },
    { from: ['published'], event: 'claim', to: 'claimed', roles: ['donor', 'cadre', 'admin'] },
    { from: ['claimed', 'sent'], event: 'release', to: 'published', roles: ['donor', 'cadre', 'admin'] },
    { from: ['claimed'], event: 'send', to: 'sent', roles: ['donor', 'cadre', 'admin'] },
    { from: ['claimed', 'sent'], event: 'confirm', to: 'fulfilled', roles: ['worker', 'cadre', 'admin'] },
    {
      from: ['pending', 'returned', 'published'],
      event: 'withdraw',
      to: 'withdrawn',
      roles: ['worker', 'cadre', 'admin'],
    },
  ],
});

export type WishEvent = keyof typeof wishFlow.eventLabels;
