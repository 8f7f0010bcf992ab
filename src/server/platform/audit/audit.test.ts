import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  onPostgres,
  type TestApp,
  type TestUser,
} from '../../../../test/app.ts';
import type { TAuditEntry } from '../../../shared/audit.ts';
import { appRoleGrantStatements } from '../../db/app-role.ts';
import { openDatabase } from '../../db/client.ts';
import { readSheetRows } from '../excel/excel.ts';
import { auditLog } from './audit.table.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let rootAdmin: Agent;
let yjAuditor: Agent;
let yjAdmin: Agent;
let shAdmin: Agent;
let yjWorker: TestUser;
let shWorker: TestUser;

const entries = (res: { json(): unknown }) => (res.json() as { items: TAuditEntry[] }).items;

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  rootAdmin = await loginAs(t, await buildUser(t, { org: scene.root, role: 'admin' }));
  yjAuditor = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'auditor' }));
  yjAdmin = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'admin' }));
  shAdmin = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'admin' }));
  yjWorker = await buildUser(t, { org: scene.unionA, role: 'worker' });
  shWorker = await buildUser(t, { org: scene.unionB, role: 'worker' });
  // One success and one wrong password in each subtree, and one unknown name.
  await loginAs(t, yjWorker);
  await loginAs(t, shWorker);
  for (const username of [yjWorker.username, shWorker.username, 'nobody_here']) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: 'Wrong-pass-1' },
      remoteAddress: '10.1.2.3',
    });
    expect(res.statusCode).toBe(401);
  }
});
afterAll(async () => {
  await t.close();
});

describe('audit log viewer', () => {
  it('shows logins of the caller’s subtree, successes and failures, with IP and Chinese label', async () => {
    const res = await yjAuditor.get('/api/v1/audit?action=auth.login&pageSize=100');
    expect(res.statusCode).toBe(200);
    const mine = entries(res).filter((e) => e.actorName === yjWorker.username);
    expect(mine.map((e) => e.result).sort()).toEqual(['failure', 'success']);
    const failure = mine.find((e) => e.result === 'failure');
    expect(failure?.ip).toBe('10.1.2.3');
    expect(failure?.actionLabel).toBe('登录');
    expect(failure?.orgName).toBe('右江区某基层工会');
    expect(failure?.detail).toEqual({ reason: 'wrong_password' });
    // Nothing from Shanghai, and no org-less rows below the root.
    expect(entries(res).some((e) => e.actorName === shWorker.username)).toBe(false);
    expect(entries(res).some((e) => e.actorName === 'nobody_here')).toBe(false);
  });

  it('shows org-less rows (unknown login names) only at the root of the tree', async () => {
    const res = await rootAdmin.get('/api/v1/audit?actor=nobody_here');
    expect(entries(res)).toHaveLength(1);
    expect(entries(res)[0]?.orgId).toBeNull();
    const sh = await shAdmin.get('/api/v1/audit?actor=nobody_here');
    expect(sh.json().total).toBe(0);
  });

  it('filters by result, actor, prefix action, date range and org', async () => {
    const failures = await rootAdmin.get('/api/v1/audit?result=failure&action=auth.&pageSize=100');
    expect(entries(failures).every((e) => e.result === 'failure' && e.action.startsWith('auth.'))).toBe(true);
    expect(failures.json().total).toBe(3);
    const byActor = await rootAdmin.get(`/api/v1/audit?actor=${shWorker.username.toUpperCase()}`);
    expect(byActor.json().total).toBe(2);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const inRange = await rootAdmin.get(`/api/v1/audit?from=${today}&to=${today}&action=auth.login`);
    // Four staff and two workers signed in; three wrong passwords.
    expect(inRange.json().total).toBe(9);
    const past = await rootAdmin.get('/api/v1/audit?from=2020-01-01&to=2020-12-31');
    expect(past.json().total).toBe(0);
    const byOrg = await rootAdmin.get(`/api/v1/audit?orgId=${scene.unionB.id}&action=auth.login`);
    expect(entries(byOrg).map((e) => e.actorName)).toEqual([shWorker.username, shWorker.username]);
    const paged = await rootAdmin.get('/api/v1/audit?action=auth.login&pageSize=2&page=2');
    expect(entries(paged)).toHaveLength(2);
    expect(paged.json().total).toBeGreaterThanOrEqual(5);
  });

  it('refuses bad filters with 400 and field details', async () => {
    const badDate = await rootAdmin.get('/api/v1/audit?from=2026-13-45');
    expect(badDate.statusCode).toBe(400);
    expect(JSON.stringify(badDate.json().error.details)).toContain('from');
    const reversed = await rootAdmin.get('/api/v1/audit?from=2026-05-02&to=2026-05-01');
    expect(reversed.statusCode).toBe(400);
    expect(JSON.stringify(reversed.json())).toContain('起始日期不能晚于截止日期');
    expect((await rootAdmin.get('/api/v1/audit?result=maybe')).statusCode).toBe(400);
  });

  it('refuses other orgs (404), roles without the right (403) and anonymous calls (401)', async () => {
    expect((await yjAuditor.get(`/api/v1/audit?orgId=${scene.sh.id}`)).statusCode).toBe(404);
    expect((await yjAuditor.get(`/api/v1/audit/export?orgId=${scene.sh.id}`)).statusCode).toBe(404);
    const cadre = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'cadre' }));
    expect((await cadre.get('/api/v1/audit')).statusCode).toBe(403);
    expect((await cadre.get('/api/v1/audit/export')).statusCode).toBe(403);
    const worker = await loginAs(t, yjWorker);
    expect((await worker.get('/api/v1/audit')).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/audit' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('lists the action codes with their Chinese names', async () => {
    const res = await yjAuditor.get('/api/v1/audit/actions');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toContainEqual({ action: 'auth.login', label: '登录' });
  });
});

describe('audit export', () => {
  it('exports the filtered subtree to Excel and audits the export', async () => {
    const res = await yjAdmin.get('/api/v1/audit/export?action=auth.login');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('审计日志'));
    const rows = [];
    for await (const row of readSheetRows(res.rawPayload)) rows.push(row.values);
    const list = await yjAdmin.get('/api/v1/audit?action=auth.login&pageSize=100');
    expect(rows.map((r) => Number(r.编号))).toEqual(entries(list).map((e) => e.id));
    expect(rows.some((r) => r.操作人 === shWorker.username)).toBe(false);
    expect(rows.find((r) => r.操作人 === yjWorker.username && r.结果 === '失败')?.操作).toBe('登录');
    const audited = await yjAdmin.get('/api/v1/audit?action=audit.export');
    expect(entries(audited)).toHaveLength(1);
    expect(entries(audited)[0]?.detail).toMatchObject({
      rows: rows.length,
      filter: { action: 'auth.login' },
    });
  });

  it('names the record and spells out the detail in Chinese, with the stored record beside it', async () => {
    const detail = { from: 'accepted', to: 'reviewing', amountFen: 123450, note: '入户核查完毕' };
    await t.database.db.insert(auditLog).values({
      actorName: 'yj_cadre',
      action: 'hardship.archive.verify',
      entityType: 'hardship.archive',
      entityId: '15',
      orgId: scene.unionA.id,
      orgPath: scene.unionA.path,
      result: 'success',
      detail,
    });
    const res = await yjAdmin.get('/api/v1/audit/export?entityType=hardship.archive');
    expect(res.statusCode).toBe(200);
    const rows = [];
    for await (const row of readSheetRows(res.rawPayload)) rows.push(row.values);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      对象: '困难职工档案 #15',
      对象代码: 'hardship.archive',
      对象编号: '15',
      // 原状态 before 新状态 (jsonb stores `to` first); the rest as stored.
      详情: '原状态：已受理（待入户核查）；新状态：审核中；说明：入户核查完毕；金额：¥1,234.50',
    });
    expect(JSON.parse(String(rows[0]?.['原始记录（JSON）']))).toEqual(detail);
  });
});

describe('append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of audit rows in the database itself', async () => {
    const before = await t.database.executeSql('select count(*)::int as n from audit_log');
    await expect(t.database.executeSql("update audit_log set action = 'tampered'")).rejects.toThrow(
      /append-only/,
    );
    await expect(t.database.executeSql('delete from audit_log')).rejects.toThrow(/append-only/);
    await expect(t.database.executeSql('truncate audit_log')).rejects.toThrow(/append-only/);
    const after = await t.database.executeSql('select count(*)::int as n from audit_log');
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    const tampered = await t.database.executeSql(
      "select count(*)::int as n from audit_log where action = 'tampered'",
    );
    expect(tampered.rows[0]?.n).toBe(0);
  });

  describe.runIf(onPostgres)('on PostgreSQL, the app role', () => {
    it('may read and append audit rows but not update or delete them, even with the trigger off', async () => {
      const role = `nj_app_${randomBytes(4).toString('hex')}`;
      await t.database.executeSql(`create role ${role} login`);
      try {
        for (const s of appRoleGrantStatements(role)) await t.database.executeSql(s);
        const dbName = String((await t.database.executeSql('select current_database() as d')).rows[0]?.d);
        const url = new URL(process.env.TEST_DATABASE_URL ?? '');
        url.username = role;
        url.pathname = `/${dbName}`;
        // The app starts as this role: its check of the migration journal must still work.
        const appDatabase = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
        await appDatabase.migrate();
        await appDatabase.close();
        const app = new pg.Client({ connectionString: url.toString() });
        await app.connect();
        try {
          await app.query("insert into audit_log (action, result) values ('test.append', 'success')");
          const seen = await app.query(
            "select count(*)::int as n from audit_log where action = 'test.append'",
          );
          expect(seen.rows[0]?.n).toBe(1);
          await app.query('select id, name from orgs limit 1');
          // The role is refused by its grants before any trigger runs.
          await expect(app.query("update audit_log set action = 'x'")).rejects.toMatchObject({
            code: '42501',
          });
          await expect(app.query('delete from audit_log')).rejects.toMatchObject({ code: '42501' });
          await expect(app.query('truncate audit_log')).rejects.toMatchObject({ code: '42501' });
          await expect(app.query('alter table audit_log disable trigger all')).rejects.toMatchObject({
            code: '42501',
          });
        } finally {
          await app.end();
        }
      } finally {
        await t.database.executeSql(`drop owned by ${role}`);
        await t.database.executeSql(`drop role ${role}`);
      }
    });
  });
});
