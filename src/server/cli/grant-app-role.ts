/**
 * Restrict the app's PostgreSQL role (see docs/deployment.md). Run as the schema owner after
 * migrating:
 *   DATABASE_URL=postgres://owner@host/db npm run db:grant -- --role niangjia_app
 * Prints the statements; `--dry-run` prints without running them.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { appRoleGrantStatements } from '../db/app-role.ts';

async function main() {
  const { values } = parseArgs({
    options: { role: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  if (!values.role) {
    console.error('用法 / usage: npm run db:grant -- --role niangjia_app [--dry-run]');
    process.exit(2);
  }
  const statements = appRoleGrantStatements(values.role);
  for (const s of statements) console.log(`${s};`);
  if (values['dry-run']) return;
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      '请设置 DATABASE_URL（schema 所有者的连接串）/ DATABASE_URL of the schema owner is required',
    );
    process.exit(2);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
    console.log(`已授权 / granted: ${values.role}`);
  } finally {
    await client.end();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
