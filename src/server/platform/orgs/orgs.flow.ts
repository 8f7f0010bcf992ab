import { defineFlow } from '../workflow/workflow.ts';

export const orgFlow = defineFlow({
  entityType: 'org',
  table: 'orgs',
  states: ['active', 'inactive'] as const,
  stateLabels: { active: '启用', inactive: '已停用' },
  eventLabels: { deactivate: '停用', activate: '重新启用' },
  transitions: [
    { from: ['active'], event: 'deactivate', to: 'inactive', roles: ['admin'] },
    { from: ['inactive'], event: 'activate', to: 'active', roles: ['admin'] },
  ],
});
