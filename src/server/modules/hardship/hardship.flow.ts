import { archiveStateLabels } from '../../../shared/hardship.ts';
import { transferEventLabels } from '../../../shared/hardship-transfer.ts';
import { defineFlow } from '../../platform/workflow/workflow.ts';

/**
 * The archive lifecycle (issue #4 point 2), as data.
 *
 * Who does what, following DESIGN.md's roles:
 * - 工会干部 (cadre) works the case at the union's window and in the field: files the application
 *   on the worker's behalf (窗口受理, creating it in `applied`), accepts it (受理), records the
 *   home visit(s) and submits for review, runs the publicity period, exits (解档) filed archives.
 *   A cadre may also refuse an application before review (不予受理 → rejected).
 * - 审核员 (reviewer) checks the verified case (审核) and passes or rejects it; after publicity a
 *   reviewer or an admin approves filing (审批建档). The cadre who gathered the facts never signs
 *   the approval off alone.
 * - Re-entry (返困) of an exited archive is filed by a cadre like a new application.
 * - 管理员 (admin) of the union may do every step (small unions have one person doing it all).
 * Business preconditions (a visit before review, publicity over before approval, a confirmed
 * category) are checked by hardship.service before `apply`.
 */
export const archiveFlow = defineFlow({
  entityType: 'hardship.archive',
  table: 'hardship_archives',
  states: [
    'applied',
    'accepted',
    'reviewing',
    'reviewed',
    'publicizing',
    'filed',
    'rejected',
    'exited',
  ] as const,
  stateLabels: archiveStateLabels,
  eventLabels: {
    accept: '受理',
    submit: '入户核查完成，提交审核',
    pass: '审核通过',
    publicize: '开始公示',
    approve: '审批建档',
    reject: '驳回',
    exit: '脱困解档',
    reenter: '返困重新申请',
  },
  transitions: [
    { from: ['applied'], event: 'accept', to: 'accepted', roles: ['cadre', 'admin'] },
    { from: ['accepted'], event: 'submit', to: 'reviewing', roles: ['cadre', 'admin'] },
    { from: ['reviewing'], event: 'pass', to: 'reviewed', roles: ['reviewer', 'admin'] },
    { from: ['reviewed'], event: 'publicize', to: 'publicizing', roles: ['cadre', 'admin'] },
    { from: ['publicizing'], event: 'approve', to: 'filed', roles: ['reviewer', 'admin'] },
    { from: ['applied', 'accepted'], event: 'reject', to: 'rejected', roles: ['cadre', 'reviewer', 'admin'] },
    {
      from: ['reviewing', 'reviewed', 'publicizing'],
      event: 'reject',
      to: 'rejected',
      roles: ['reviewer', 'admin'],
    },
    { from: ['filed'], event: 'exit', to: 'exited', roles: ['cadre', 'admin'] },
    // 返困: an exited family falls back into hardship; the same archive (its history, helper and
    // visits) goes through acceptance, verification, review and publicity again.
    { from: ['exited'], event: 'reenter', to: 'applied', roles: ['cadre', 'admin'] },
  ],
});

export type ArchiveEvent = keyof typeof archiveFlow.eventLabels;

/**
 * What the holder of an archive sees of its history (their QR page, their H5 progress): the lifecycle
 * steps, a completed transfer and a filing by Excel import — not transfer proposals that came to nothing.
 */
export const holderEventLabels: Record<string, string> = {
  create: '提交申请',
  import: '批量导入建档',
  ...archiveFlow.eventLabels,
  transferAccept: transferEventLabels.transferAccept,
};
