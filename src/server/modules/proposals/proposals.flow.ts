import { proposalStateLabels } from '../../../shared/proposals.ts';
import { defineFlow } from '../../platform/workflow/workflow.ts';

/**
 * The proposal five-step loop (issue #8, seed 004), as data.
 *
 * 线上提交: a representative drafts (`draft`), opens co-signing (`cosigning`, until the congress's window
 * ends) and submits; when the window closes the platform submits it itself (`system`), as a proposal if
 * enough co-signers signed, otherwise as a suggestion. 代表审议: the review committee (`reviewer`) files
 * it (`file`), files it as a suggestion (`to_suggestion`) or returns it for revision (`return`, the
 * proposer edits and submits again). 办理落实: a union cadre assigns the lead unit (`assign`); the lead
 * unit's staff (cadre, admin, or a partner org's account) reply (`reply`). 执行督查: a cadre other than
 * the replier accepts (`accept`) or sends it back (`send_back`). 总结反馈: the proposer rates it;
 * 满意/基本满意 close it (`close`), 不满意 reopens handling once (`reopen`), a second reply is final.
 * A cadre may close a proposal whose proposer did not rate it in time (`close_unrated`).
 * Representatives and handlers act outside their own subtree: the service checks who they are and
 * applies with `scope: 'checked-by-caller'`.
 */
export const proposalFlow = defineFlow({
  entityType: 'proposals.proposal',
  table: 'proposals',
  states: [
    'draft',
    'cosigning',
    'submitted',
    'returned',
    'filed',
    'handling',
    'replied',
    'feedback',
    'closed',
    'withdrawn',
  ] as const,
  stateLabels: proposalStateLabels,
  eventLabels: {
    open_cosign: '发起联名附议',
    submit: '线上提交',
    withdraw: '撤回',
    file: '代表审议：立案',
    to_suggestion: '代表审议：不立案，转为建议',
    return: '代表审议：退回修改',
    assign: '交办主办单位',
    reply: '办理答复',
    accept: '执行督查：通过',
    send_back: '执行督查：退回重办',
    close: '提案人评价，办结',
    reopen: '提案人不满意，重新办理',
    close_unrated: '逾期未评价，办结',
  },
  transitions: [
    { from: ['draft'], event: 'open_cosign', to: 'cosigning', roles: ['representative'] },
    {
      from: ['draft', 'cosigning', 'returned'],
      event: 'submit',
      to: 'submitted',
      roles: ['representative'],
      system: true,
    },
    {
      from: ['draft', 'cosigning', 'submitted', 'returned'],
      event: 'withdraw',
      to: 'withdrawn',
      roles: ['representative'],
    },
    { from: ['submitted'], event: 'file', to: 'filed', roles: ['reviewer'] },
    { from: ['submitted'], event: 'to_suggestion', to: 'filed', roles: ['reviewer'] },
    { from: ['submitted'], event: 'return', to: 'returned', roles: ['reviewer'] },
    { from: ['filed'], event: 'assign', to: 'handling', roles: ['cadre', 'admin'] },
    { from: ['handling'], event: 'reply', to: 'replied', roles: ['cadre', 'admin', 'partner'] },
    { from: ['replied'], event: 'accept', to: 'feedback', roles: ['cadre', 'admin'] },
    { from: ['replied'], event: 'send_back', to: 'handling', roles: ['cadre', 'admin'] },
    { from: ['feedback'], event: 'close', to: 'closed', roles: ['representative'] },
    { from: ['feedback'], event: 'reopen', to: 'handling', roles: ['representative'] },
    { from: ['feedback'], event: 'close_unrated', to: 'closed', roles: ['cadre', 'admin'] },
  ],
});
export type ProposalEvent = keyof typeof proposalFlow.eventLabels;
