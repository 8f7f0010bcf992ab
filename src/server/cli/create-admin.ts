/**
 * First administrator for a database started without demo data:
 *   npm run admin:create -- --username admin --password 'S3cret-pass' [--org 全国总工会] [--name 系统管理员]
 * Creates the root org when the database has none, then an admin of the root org.
 */
import { parseArgs } from 'node:util';
import { count, eq, isNull } from 'drizzle-orm';
import { ZPassword } from '../../shared/common.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { auditLog } from '../platform/audit/audit.table.ts';
import { memberships, users } from '../platform/auth/auth.table.ts';
import { hashPassword } from '../platform/auth/password.ts';
import { orgs } from '../platform/orgs/orgs.table.ts';

async function main() {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      org: { type: 'string', default: '全国总工会' },
      name: { type: 'string', default: '系统管理员' },
    },
  });
  const username = values.username?.trim().toLowerCase();
  if (!username || !values.password) {
    console.error(
      "用法 / usage: npm run admin:create -- --username admin --password 'S3cret-pass' [--org 全国总工会]",
    );
    process.exit(2);
  }
  const pw = ZPassword.safeParse(values.password);
  if (!pw.success) {
    console.error(`密码不符合要求：${pw.error.issues.map((i) => i.message).join('；')}`);
    process.exit(2);
  }
  const config = loadConfig(process.env);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.dataDir });
  await database.migrate();
  const db = database.db;
  const [taken] = await db.select({ n: count() }).from(users).where(eq(users.username, username));
  if ((taken?.n ?? 0) > 0) {
    console.error(`账号 ${username} 已存在`);
    process.exit(1);
  }
  const passwordHash = await hashPassword(values.password);
  await db.transaction(async (tx) => {
    let [root] = await tx.select().from(orgs).where(isNull(orgs.parentId)).limit(1);
    if (!root) {
      const [row] = await tx
        .insert(orgs)
        .values({ type: 'national', name: values.org ?? '全国总工会', path: 'pending', depth: 0 })
        .returning();
      if (!row) throw new Error('could not create the root org');
      [root] = await tx
        .update(orgs)
        .set({ path: String(row.id) })
        .where(eq(orgs.id, row.id))
        .returning();
    }
    if (!root) throw new Error('no root org');
    const [u] = await tx
      .insert(users)
      .values({ username, displayName: values.name ?? '系统管理员', orgId: root.id, passwordHash })
      .returning();
    if (!u) throw new Error('could not create the user');
    await tx.insert(memberships).values({ userId: u.id, orgId: root.id, role: 'admin' });
    await tx.insert(auditLog).values({
      action: 'user.create',
      result: 'success',
      actorName: 'cli',
      entityType: 'user',
      entityId: String(u.id),
      orgId: root.id,
      orgPath: root.path,
      detail: { via: 'admin:create', role: 'admin' },
    });
    console.log(`已创建管理员 ${username}（${root.name}）/ admin created`);
  });
  await database.close();
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
