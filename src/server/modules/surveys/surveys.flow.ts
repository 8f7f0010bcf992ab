import { surveyStateLabels } from '../../../shared/surveys.ts';
import { defineFlow } from '../../platform/workflow/workflow.ts';

/**
 * A survey (issue #9), as data: a cadre drafts it, publishes it (the roster of invitations is fixed
 * then) and closes it; the platform closes it itself when its closing time passes (job
 * `close-surveys`, `system`).
 */
export const surveyFlow = defineFlow({
  entityType: 'surveys.survey',
  table: 'surveys',
  states: ['draft', 'open', 'closed'] as const,
  stateLabels: surveyStateLabels,
  eventLabels: { publish: '发布', close: '结束' },
  transitions: [
    { from: ['draft'], event: 'publish', to: 'open', roles: ['cadre', 'admin'] },
    { from: ['open'], event: 'close', to: 'closed', roles: ['cadre', 'admin'], system: true },
  ],
});
