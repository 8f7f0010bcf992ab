import { defineFlow } from '../workflow/workflow.ts';

/**
 * An account is active or disabled. Disabling revokes every session of the user (users.service);
 * a disabled user cannot sign in, and their existing sessions stop resolving.
 */
export const userFlow = defineFlow({
  entityType: 'user',
  table: 'users',
  states: ['active', 'disabled'] as const,
  stateLabels: { active: '正常', disabled: '已停用' },
  eventLabels: { disable: '停用账号', enable: '重新启用账号' },
  transitions: [
    { from: ['active'], event: 'disable', to: 'disabled', roles: ['admin'] },
    { from: ['disabled'], event: 'enable', to: 'active', roles: ['admin'] },
  ],
});
