/**
 * Grants for the role the app connects as on PostgreSQL. The schema owner (who runs the
 * migrations) keeps full rights; the app role may read and write every table except the audit
 * log, where it may only read and append. The append-only trigger (migration 0001) is a second
 * wall that also stops the owner.
 */
export function appRoleGrantStatements(role: string): string[] {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) {
    throw new Error(`角色名只能包含小写字母、数字和下划线 / invalid role name: ${role}`);
  }
  return [
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${role}`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON supply_stock_entries FROM ${role}`,
    // Read-only access to the migration journal: the app checks it at start.
    `GRANT USAGE ON SCHEMA drizzle TO ${role}`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO ${role}`,
  ];
}
