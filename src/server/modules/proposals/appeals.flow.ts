import { appealStateLabels } from '../../../shared/appeals.ts';
import { defineFlow } from '../../platform/workflow/workflow.ts';

/**
 * 职工事大家议 (issue #8): a worker's appeal, as data.
 *
 * A worker posts it (`open`); the union triages it: handles it itself (`handle`, assigning a handler org
 * in its subtree), merges it into a duplicate (`merge`), asks a representative to take it up as a
 * proposal (`to_proposal`), or refers it to the governance platform (`refer`). The handler org replies
 * (`reply`); a referred appeal is replied when the platform's final answer arrives (a verified callback,
 * `system`) or is recorded by hand (manual mode, union cadre or the partner's account). The author rates
 * the reply: satisfied closes it (`close`), 不满意 reopens handling once by the union itself (`reopen`).
 * The author may withdraw it before triage. Workers and partners act outside their subtree: the service
 * checks who they are and applies with `scope: 'checked-by-caller'`.
 */
export const appealFlow = defineFlow({
  entityType: 'proposals.appeal',
  table: 'appeals',
  states: [
    'open',
    'handling',
    'replied',
    'closed',
    'merged',
    'to_proposal',
    'referred',
    'withdrawn',
  ] as const,
  stateLabels: appealStateLabels,
  eventLabels: {
    handle: '分办：工会自行办理',
    merge: '分办：合并到重复诉求',
    to_proposal: '分办：转会员代表提案',
    refer: '分办：转基层治理平台',
    reply: '答复',
    close: '职工评价，办结',
    reopen: '职工不满意，重新办理',
    withdraw: '撤回',
    close_unrated: '逾期未评价，办结',
  },
  transitions: [
    { from: ['open'], event: 'handle', to: 'handling', roles: ['cadre', 'admin'] },
    { from: ['open'], event: 'merge', to: 'merged', roles: ['cadre', 'admin'] },
    { from: ['open'], event: 'to_proposal', to: 'to_proposal', roles: ['cadre', 'admin'] },
    { from: ['open'], event: 'refer', to: 'referred', roles: ['cadre', 'admin'] },
    {
      from: ['handling', 'referred'],
      event: 'reply',
      to: 'replied',
      roles: ['cadre', 'admin', 'partner'],
      system: true,
    },
    { from: ['replied'], event: 'close', to: 'closed', roles: ['worker', 'representative'] },
    { from: ['replied'], event: 'reopen', to: 'handling', roles: ['worker', 'representative'] },
    { from: ['replied'], event: 'close_unrated', to: 'closed', roles: ['cadre', 'admin'] },
    { from: ['open'], event: 'withdraw', to: 'withdrawn', roles: ['worker', 'representative'] },
  ],
});
export type AppealEvent = keyof typeof appealFlow.eventLabels;
