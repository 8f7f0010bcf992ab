// All tables, for drizzle-kit and the typed client. Modules add their `*.table.ts` here.

export * from '../modules/duty/duty.table.ts';
export * from '../modules/errands/errands.table.ts';
export * from '../modules/hardship/hardship.table.ts';
export * from '../modules/proposals/proposals.table.ts';
export * from '../modules/supplies/supplies.table.ts';
export * from '../modules/surveys/surveys.table.ts';
export * from '../modules/wishes/wishes.table.ts';
export * from '../platform/audit/audit.table.ts';
export * from '../platform/auth/auth.table.ts';
export * from '../platform/files/files.table.ts';
export * from '../platform/notify/notify.table.ts';
export * from '../platform/orgs/orgs.table.ts';
export * from '../platform/workflow/workflow.table.ts';
