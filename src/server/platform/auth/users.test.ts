import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildOrg,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../../../../test/app.ts';
import { userImportHeaders } from '../../../shared/users.ts';
import { auditLog } from '../audit/audit.table.ts';
import { readSheetRows, writeSheet } from '../excel/excel.ts';
import { memberships, users } from './auth.table.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let gxAdminUser: TestUser;
let gxAdmin: Agent;
let shAdmin: Agent;
let cadre: Agent;

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  gxAdminUser = await buildUser(t, { org: scene.gx, role: 'admin' });
  gxAdmin = await loginAs(t, gxAdminUser);
  shAdmin = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'admin' }));
  cadre = await loginAs(t, await buildUser(t, { org: scene.bs, role: 'cadre' }));
});
afterAll(async () => {
  await t.close();
});

const NEW_PASSWORD = 'Welcome2024';
let seq = 0;
/** A unique, valid mainland mobile number per call. */
const nextMobile = () =>
  `139${String(10_000_000 + Math.floor(Math.random() * 80_000_000) + seq++).slice(0, 8)}`;

const newUserBody = (over: Record<string, unknown> = {}) => ({
  username: `u_${randomBytes(4).toString('hex')}`,
  displayName: '新用户',
  orgId: scene.unionA.id,
  password: NEW_PASSWORD,
  roles: [{ orgId: scene.unionA.id, role: 'cadre' }],
  ...over,
});

async function auditRows(action: string, entityId?: number) {
  return t.database.db
    .select()
    .from(auditLog)
    .where(
      entityId === undefined
        ? eq(auditLog.action, action)
        : and(eq(auditLog.action, action), eq(auditLog.entityId, String(entityId))),
    );
}

async function login(username: string, password: string) {
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
}

/** A multipart/form-data body with one file field, built by hand. */
function multipart(filename: string, content: Buffer, contentType: string) {
  const boundary = `----niangjia${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function upload(agent: Agent, filename: string, content: Buffer, contentType = XLSX_TYPE) {
  return agent.inject({
    method: 'POST',
    url: '/api/v1/users/import',
    ...multipart(filename, content, contentType),
  });
}

type ImportRow = Partial<Record<(typeof userImportHeaders)[number], string>>;
function workbook(rows: ImportRow[]) {
  return writeSheet(
    '用户导入',
    userImportHeaders.map((header) => ({ header, value: (r: ImportRow) => r[header] ?? null })),
    rows,
  );
}

describe('create users', () => {
  it('creates a user with roles in the subtree: username lower-cased, phone masked and encrypted, audited', async () => {
    const mobile = nextMobile();
    const res = await gxAdmin.post(
      '/api/v1/users',
      newUserBody({
        username: 'Li_Ming',
        displayName: '李明',
        mobile,
        roles: [
          { orgId: scene.unionA.id, role: 'cadre' },
          { orgId: scene.yj.id, role: 'reviewer' },
        ],
      }),
    );
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({
      username: 'li_ming',
      displayName: '李明',
      phone: `${mobile.slice(0, 3)}****${mobile.slice(-4)}`,
      org: { id: scene.unionA.id, name: scene.unionA.name },
      state: 'active',
      mustChangePassword: true,
    });
    expect(user.memberships.map((m: { role: string; orgName: string }) => [m.role, m.orgName])).toEqual([
      ['cadre', scene.unionA.name],
      ['reviewer', '右江区总工会'],
    ]);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.phoneEnc).toBeTruthy();
    expect(row?.phoneEnc).not.toContain(mobile);
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    const audit = await auditRows('user.create', user.id);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]?.detail)).not.toContain(mobile);
    const timeline = await gxAdmin.get(`/api/v1/timeline/user/${user.id}`);
    expect(timeline.json().items.map((e: { event: string }) => e.event)).toEqual(['create']);
    // The new account signs in (by name or by mobile) and is told to change its password.
    const signIn = await login('LI_MING', NEW_PASSWORD);
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().user.mustChangePassword).toBe(true);
    expect((await login(mobile, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('rejects bad input with 400 and field details', async () => {
    const res = await gxAdmin.post('/api/v1/users', {
      username: 'a b',
      displayName: '',
      mobile: '12345',
      orgId: scene.unionA.id,
      password: 'short',
      roles: [],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    const fields = res.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body.username',
        'body.displayName',
        'body.mobile',
        'body.password',
        'body.roles',
      ]),
    );
    const username = (body: { error: { details: { field: string; message: string }[] } }) =>
      body.error.details.find((d) => d.field === 'body.username')?.message;
    // The message names what is wrong with this login name, not the rule again.
    expect(username(res.json())).toBe('登录名不能含空格：只能用字母、数字和下划线，或 11 位手机号');
    const chinese = await gxAdmin.post('/api/v1/users', newUserBody({ username: '张三-li' }));
    expect(username(chinese.json())).toBe(
      '登录名不能含「张」「三」「-」：只能用字母、数字和下划线，或 11 位手机号',
    );
    const short = await gxAdmin.post('/api/v1/users', newUserBody({ username: 'li' }));
    expect(username(short.json())).toBe('登录名应为 3–32 位（现为 2 位）');
    const weak = await gxAdmin.post('/api/v1/users', newUserBody({ password: 'abcdefgh' }));
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details[0].message).toContain('至少两类');
    const badRole = await gxAdmin.post(
      '/api/v1/users',
      newUserBody({ roles: [{ orgId: scene.unionA.id, role: 'king' }] }),
    );
    expect(badRole.statusCode).toBe(400);
  });

  it('refuses a duplicate username (any case) or mobile with 409 and a Chinese message', async () => {
    const mobile = nextMobile();
    const first = await gxAdmin.post('/api/v1/users', newUserBody({ username: 'dup_name', mobile }));
    expect(first.statusCode).toBe(201);
    const again = await gxAdmin.post('/api/v1/users', newUserBody({ username: 'DUP_NAME' }));
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'USERNAME_TAKEN',
      message: '登录名「dup_name」已被使用',
    });
    const sameMobile = await gxAdmin.post('/api/v1/users', newUserBody({ mobile }));
    expect(sameMobile.statusCode).toBe(409);
    expect(sameMobile.json().error.code).toBe('MOBILE_TAKEN');
    // Someone else's mobile cannot become a login name either: login would be ambiguous.
    const nameIsMobile = await gxAdmin.post('/api/v1/users', newUserBody({ username: mobile }));
    expect(nameIsMobile.statusCode).toBe(409);
    const count = await t.database.db.select().from(users).where(eq(users.username, 'dup_name'));
    expect(count).toHaveLength(1);
  });

  it('refuses a cadre (403), and orgs outside the subtree (404)', async () => {
    const byCadre = await cadre.post('/api/v1/users', newUserBody());
    expect(byCadre.statusCode).toBe(403);
    expect(byCadre.json().error.code).toBe('FORBIDDEN');
    const inB = await gxAdmin.post(
      '/api/v1/users',
      newUserBody({ orgId: scene.unionB.id, roles: [{ orgId: scene.unionB.id, role: 'worker' }] }),
    );
    expect(inB.statusCode).toBe(404);
    const roleInB = await gxAdmin.post(
      '/api/v1/users',
      newUserBody({ roles: [{ orgId: scene.unionB.id, role: 'admin' }] }),
    );
    expect(roleInB.statusCode).toBe(404);
    expect(
      await t.database.db.select().from(memberships).where(eq(memberships.orgId, scene.unionB.id)),
    ).toEqual([]);
  });
});

describe('subtree scoping', () => {
  let userB: TestUser;
  beforeAll(async () => {
    userB = await buildUser(t, { org: scene.unionB, role: 'worker', displayName: '上海职工' });
  });

  it('admin of another branch gets 404 on every route for a user outside their subtree', async () => {
    const base = `/api/v1/users/${userB.id}`;
    expect((await gxAdmin.get(base)).statusCode).toBe(404);
    expect((await gxAdmin.patch(base, { displayName: '越权改名' })).statusCode).toBe(404);
    expect((await gxAdmin.post(`${base}/disable`, {})).statusCode).toBe(404);
    expect((await gxAdmin.post(`${base}/reset-password`, { password: NEW_PASSWORD })).statusCode).toBe(404);
    expect((await gxAdmin.get(`${base}/pii`)).statusCode).toBe(404);
    expect(
      (await gxAdmin.post(`${base}/memberships`, { orgId: scene.unionA.id, role: 'worker' })).statusCode,
    ).toBe(404);
    expect((await gxAdmin.get(`/api/v1/timeline/user/${userB.id}`)).statusCode).toBe(404);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, userB.id));
    expect(row).toMatchObject({ displayName: '上海职工', state: 'active', mustChangePassword: false });
    // The owner of that branch can see it.
    expect((await shAdmin.get(base)).statusCode).toBe(200);
  });

  it('lists only users whose home org is in the subtree, with filters', async () => {
    const all = await gxAdmin.get('/api/v1/users?pageSize=100');
    expect(all.statusCode).toBe(200);
    const ids = all.json().items.map((u: { id: number }) => u.id);
    expect(ids).toContain(gxAdminUser.id);
    expect(ids).not.toContain(userB.id);
    expect(all.json().total).toBe(ids.length);
    const ofB = await shAdmin.get('/api/v1/users?pageSize=100');
    expect(ofB.json().items.map((u: { id: number }) => u.id)).toContain(userB.id);
    expect(ofB.json().items.map((u: { id: number }) => u.id)).not.toContain(gxAdminUser.id);
    expect((await gxAdmin.get(`/api/v1/users?orgId=${scene.sh.id}`)).statusCode).toBe(404);
    const admins = await gxAdmin.get('/api/v1/users?role=admin');
    expect(admins.json().items.map((u: { id: number }) => u.id)).toEqual([gxAdminUser.id]);
    const byName = await gxAdmin.get(`/api/v1/users?q=${encodeURIComponent('李明')}`);
    expect(byName.json().items.map((u: { username: string }) => u.username)).toEqual(['li_ming']);
    // Cadres and auditors may read the list; they may not change anything.
    expect((await cadre.get('/api/v1/users')).statusCode).toBe(200);
  });

  it('refuses to change an account that also holds a role above the admin’s subtree (403)', async () => {
    const bsAdmin = await loginAs(t, await buildUser(t, { org: scene.bs, role: 'admin' }));
    const boss = await buildUser(t, { org: scene.unionA, role: 'worker' });
    await t.database.db.insert(memberships).values({ userId: boss.id, orgId: scene.gx.id, role: 'admin' });
    const res = await bsAdmin.post(`/api/v1/users/${boss.id}/reset-password`, { password: NEW_PASSWORD });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('USER_OUTSIDE_SCOPE');
    expect((await bsAdmin.post(`/api/v1/users/${boss.id}/disable`, {})).statusCode).toBe(403);
    expect((await login(boss.username, TEST_PASSWORD)).statusCode).toBe(200);
    // The memberships outside the viewer's subtree are not shown to them.
    const seen = await bsAdmin.get(`/api/v1/users/${boss.id}`);
    expect(seen.json().memberships.map((m: { role: string }) => m.role)).toEqual(['worker']);
  });
});

describe('disable, enable, reset password', () => {
  it('a disabled user cannot log in and their open session stops working; enabling restores login', async () => {
    const u = await buildUser(t, { org: scene.unionA, role: 'worker' });
    const session = await loginAs(t, u);
    expect((await session.get('/api/v1/auth/me')).statusCode).toBe(200);
    const res = await gxAdmin.post(`/api/v1/users/${u.id}/disable`, { note: '离职' });
    expect(res.statusCode).toBe(200);
    expect(res.json().state).toBe('disabled');
    expect((await session.get('/api/v1/auth/me')).statusCode).toBe(401);
    const again = await login(u.username, TEST_PASSWORD);
    expect(again.statusCode).toBe(403);
    expect(again.json().error.code).toBe('ACCOUNT_DISABLED');
    const twice = await gxAdmin.post(`/api/v1/users/${u.id}/disable`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('ILLEGAL_TRANSITION');
    expect((await gxAdmin.post(`/api/v1/users/${u.id}/enable`, {})).json().state).toBe('active');
    // The old session was revoked, not merely suspended: it stays dead after re-enabling.
    expect((await session.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await login(u.username, TEST_PASSWORD)).statusCode).toBe(200);
    const timeline = await gxAdmin.get(`/api/v1/timeline/user/${u.id}`);
    expect(timeline.json().items).toMatchObject([
      { event: 'disable', fromState: 'active', toState: 'disabled', note: '离职' },
      { event: 'enable', fromState: 'disabled', toState: 'active' },
    ]);
    expect(await auditRows('user.disable', u.id)).toHaveLength(1);
  });

  it('an admin cannot disable themselves (409), a cadre cannot disable anyone (403)', async () => {
    const self = await gxAdmin.post(`/api/v1/users/${gxAdminUser.id}/disable`, {});
    expect(self.statusCode).toBe(409);
    expect(self.json().error.code).toBe('CANNOT_DISABLE_SELF');
    const u = await buildUser(t, { org: scene.unionA, role: 'worker' });
    expect((await cadre.post(`/api/v1/users/${u.id}/disable`, {})).statusCode).toBe(403);
  });

  it('reset password revokes every session and forces a change at next login', async () => {
    const u = await buildUser(t, { org: scene.unionA, role: 'worker' });
    const [s1, s2] = [await loginAs(t, u), await loginAs(t, u)];
    const res = await gxAdmin.post(`/api/v1/users/${u.id}/reset-password`, { password: NEW_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json().mustChangePassword).toBe(true);
    expect((await s1.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await s2.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await login(u.username, TEST_PASSWORD)).statusCode).toBe(401);
    const fresh = await login(u.username, NEW_PASSWORD);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().user.mustChangePassword).toBe(true);
    expect(await auditRows('user.resetPassword', u.id)).toHaveLength(1);
    const weak = await gxAdmin.post(`/api/v1/users/${u.id}/reset-password`, { password: '12345678' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details[0].field).toBe('body.password');
  });

  it('two admins disabling the same user at once: exactly one 200 and one 409', async () => {
    const other = await loginAs(t, await buildUser(t, { org: scene.bs, role: 'admin' }));
    for (let round = 0; round < 3; round++) {
      const u = await buildUser(t, { org: scene.unionA, role: 'worker' });
      const results = await Promise.all([
        gxAdmin.post(`/api/v1/users/${u.id}/disable`, {}),
        other.post(`/api/v1/users/${u.id}/disable`, {}),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const timeline = await gxAdmin.get(`/api/v1/timeline/user/${u.id}`);
      expect(timeline.json().items).toHaveLength(1);
    }
  });
});

describe('update and memberships', () => {
  it('updates name, mobile and home org within the subtree', async () => {
    const u = await buildUser(t, { org: scene.unionA, role: 'worker' });
    const mobile = nextMobile();
    const res = await gxAdmin.patch(`/api/v1/users/${u.id}`, {
      displayName: '改名后',
      mobile,
      orgId: scene.yj.id,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      displayName: '改名后',
      phone: `${mobile.slice(0, 3)}****${mobile.slice(-4)}`,
      org: { id: scene.yj.id },
    });
    const found = await gxAdmin.get(`/api/v1/users?q=${mobile}`);
    expect(found.json().items.map((x: { id: number }) => x.id)).toEqual([u.id]);
    const outside = await gxAdmin.patch(`/api/v1/users/${u.id}`, { orgId: scene.unionB.id });
    expect(outside.statusCode).toBe(404);
    const empty = await gxAdmin.patch(`/api/v1/users/${u.id}`, {});
    expect(empty.statusCode).toBe(400);
    const cleared = await gxAdmin.patch(`/api/v1/users/${u.id}`, { mobile: null });
    expect(cleared.json().phone).toBeNull();
  });

  it('adds and removes roles; the last one cannot be removed', async () => {
    const u = await buildUser(t, { org: scene.unionA, role: 'worker' });
    const added = await gxAdmin.post(`/api/v1/users/${u.id}/memberships`, {
      orgId: scene.bs.id,
      role: 'cadre',
    });
    expect(added.statusCode).toBe(200);
    expect(added.json().memberships.map((m: { role: string }) => m.role)).toEqual(['worker', 'cadre']);
    const dup = await gxAdmin.post(`/api/v1/users/${u.id}/memberships`, {
      orgId: scene.bs.id,
      role: 'cadre',
    });
    expect(dup.statusCode).toBe(409);
    const outside = await gxAdmin.post(`/api/v1/users/${u.id}/memberships`, {
      orgId: scene.unionB.id,
      role: 'cadre',
    });
    expect(outside.statusCode).toBe(404);
    // A session acting in the removed membership ends.
    const session = await loginAs(t, u);
    const removed = await gxAdmin.inject({
      method: 'DELETE',
      url: `/api/v1/users/${u.id}/memberships/${u.membershipId}`,
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().memberships.map((m: { role: string }) => m.role)).toEqual(['cadre']);
    expect((await session.get('/api/v1/auth/me')).statusCode).toBe(401);
    const last = added.json().memberships[1].id;
    const refused = await gxAdmin.inject({
      method: 'DELETE',
      url: `/api/v1/users/${u.id}/memberships/${last}`,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('LAST_MEMBERSHIP');
    expect(await auditRows('user.removeMembership', u.id)).toHaveLength(1);
  });
});

describe('personal data', () => {
  it('masks the phone in list and detail; /pii shows it in full and writes an audit row', async () => {
    const mobile = nextMobile();
    const created = await gxAdmin.post('/api/v1/users', newUserBody({ mobile }));
    const id = created.json().id as number;
    const masked = `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
    const list = await gxAdmin.get(`/api/v1/users?q=${mobile}`);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0].phone).toBe(masked);
    expect(list.body).not.toContain(mobile);
    expect((await gxAdmin.get(`/api/v1/users/${id}`)).json().phone).toBe(masked);
    expect(await auditRows('user.viewPii', id)).toHaveLength(0);
    const pii = await gxAdmin.get(`/api/v1/users/${id}/pii`);
    expect(pii.statusCode).toBe(200);
    expect(pii.json()).toEqual({ id, mobile });
    const audit = await auditRows('user.viewPii', id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityType: 'user', actorUserId: gxAdminUser.id, result: 'success' });
    expect((await cadre.get(`/api/v1/users/${id}/pii`)).statusCode).toBe(403);
  });
});

describe('Excel import and export', () => {
  it('offers a template with the header row and an example row, with a Chinese filename', async () => {
    const res = await gxAdmin.get('/api/v1/users/import-template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('用户导入模板.xlsx')}`,
    );
    const rows = [];
    for await (const r of readSheetRows(res.rawPayload)) rows.push(r);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]?.values ?? {})).toEqual([
      '登录名',
      '姓名',
      '手机号',
      '所属组织ID',
      '角色',
      '初始密码',
    ]);
    expect(rows[0]?.values.所属组织ID).toBe(String(scene.gx.id));
    expect((await cadre.get('/api/v1/users/import-template')).statusCode).toBe(403);
  });

  it('creates the good rows and reports the bad ones with their row numbers', async () => {
    const taken = await buildUser(t, { org: scene.unionA, role: 'worker', username: 'imp_taken' });
    const m1 = nextMobile();
    const m2 = nextMobile();
    const org = String(scene.unionA.id);
    const file = await workbook([
      /* row 2 */ {
        '登录名*': 'imp_good1',
        '姓名*': '导入一',
        手机号: m1,
        '所属组织ID*': org,
        '角色*': '职工',
        '初始密码*': 'Passw0rd',
      },
      /* row 3 */ {
        '登录名*': 'Imp_Good2',
        '姓名*': '导入二',
        '所属组织ID*': String(scene.yj.id),
        '角色*': 'cadre、会员代表',
        '初始密码*': 'Passw0rd',
      },
      /* row 4 */ {
        '登录名*': 'imp_badmobile',
        '姓名*': '坏手机',
        手机号: '1234',
        '所属组织ID*': org,
        '角色*': '职工',
        '初始密码*': 'Passw0rd',
      },
      /* row 5 */ {
        '登录名*': 'imp_weak',
        '姓名*': '弱密码',
        '所属组织ID*': org,
        '角色*': '职工',
        '初始密码*': 'abcdefgh',
      },
      /* row 6 */ {
        '登录名*': 'imp_outside',
        '姓名*': '外部',
        '所属组织ID*': String(scene.unionB.id),
        '角色*': '职工',
        '初始密码*': 'Passw0rd',
      },
      /* row 7 */ {
        '登录名*': 'imp_good1',
        '姓名*': '重复',
        '所属组织ID*': org,
        '角色*': '职工',
        '初始密码*': 'Passw0rd',
      },
      /* row 8 */ {
        '登录名*': taken.username,
        '姓名*': '已存在',
        '所属组织ID*': org,
        '角色*': '职工',
        '初始密码*': 'Passw0rd',
      },
      /* row 9 */ {
        '登录名*': 'imp_role',
        '姓名*': '坏角色',
        '所属组织ID*': org,
        '角色*': '国王',
        '初始密码*': 'Passw0rd',
      },
      /* row 10 */ {
        '登录名*': 'imp_noname',
        '所属组织ID*': org,
        '角色*': '职工',
        '初始密码*': 'Passw0rd',
        手机号: m1,
      },
      /* row 11 */ {
        '登录名*': 'imp_good3',
        '姓名*': '导入三',
        手机号: m2,
        '所属组织ID*': org,
        '角色*': '工会干部',
        '初始密码*': 'Passw0rd!',
      },
      /* row 12 */ {
        '登录名*': 'imp 张',
        '姓名*': '坏登录名',
        '所属组织ID*': org,
        '角色*': '职工',
        '初始密码*': 'Passw0rd',
      },
    ]);
    const res = await upload(gxAdmin, '用户.xlsx', file);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 11, created: 3, failed: 8 });
    const byRow = (row: number) =>
      body.errors.filter((e: { row: number }) => e.row === row).map((e: { field: string }) => e.field);
    expect(byRow(4)).toEqual(['手机号']);
    expect(byRow(5)).toEqual(['初始密码']);
    expect(byRow(6)).toEqual(['所属组织ID']);
    expect(byRow(7)).toEqual(['登录名']);
    expect(byRow(8)).toEqual(['登录名']);
    expect(byRow(9)).toEqual(['角色']);
    expect(byRow(10)).toEqual(['姓名', '手机号']);
    expect(body.errors.find((e: { row: number }) => e.row === 7).message).toBe('与第 2 行重复');
    expect(body.errors.find((e: { row: number }) => e.row === 8).message).toContain('已被使用');
    // The report names what is wrong with the login name, as the form and the API do.
    expect(body.errors.find((e: { row: number }) => e.row === 12).message).toBe(
      '登录名不能含空格「张」：只能用字母、数字和下划线，或 11 位手机号',
    );
    expect(byRow(2)).toEqual([]);
    const created = await t.database.db.select().from(users).where(eq(users.username, 'imp_good2'));
    expect(created[0]?.mustChangePassword).toBe(true);
    const good2 = await gxAdmin.get(`/api/v1/users/${created[0]?.id}`);
    expect(
      good2
        .json()
        .memberships.map((m: { role: string }) => m.role)
        .sort(),
    ).toEqual(['cadre', 'representative']);
    for (const bad of ['imp_badmobile', 'imp_weak', 'imp_outside', 'imp_role', 'imp_noname']) {
      expect(await t.database.db.select().from(users).where(eq(users.username, bad))).toEqual([]);
    }
    const signIn = await login(m1, 'Passw0rd');
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().user).toMatchObject({ username: 'imp_good1', mustChangePassword: true });
    expect(await auditRows('user.import')).toHaveLength(1);
  });

  it('refuses a file that is not .xlsx, and a request without a file, with 400', async () => {
    const csv = await upload(gxAdmin, 'users.csv', Buffer.from('登录名,姓名\nzhang,张三\n'), 'text/csv');
    expect(csv.statusCode).toBe(400);
    expect(csv.json().error.code).toBe('INVALID_FILE');
    expect(csv.json().error.message).toContain('.xlsx');
    const fakeZip = await upload(
      gxAdmin,
      'users.xlsx',
      Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(200)]),
    );
    expect(fakeZip.statusCode).toBe(400);
    expect(fakeZip.json().error.code).toBe('INVALID_FILE');
    const json = await gxAdmin.post('/api/v1/users/import', { file: 'x' });
    expect(json.statusCode).toBe(400);
    const wrongHeaders = await upload(
      gxAdmin,
      'other.xlsx',
      await writeSheet('x', [{ header: '名字', value: (r: string) => r }], ['张三']),
    );
    expect(wrongHeaders.statusCode).toBe(400);
    expect(wrongHeaders.json().error.code).toBe('TEMPLATE_MISMATCH');
    const byCadre = await upload(cadre, 'users.xlsx', await workbook([]));
    expect(byCadre.statusCode).toBe(403);
  });

  it('exports the user list as .xlsx with masked phones, and audits the export', async () => {
    const mobile = nextMobile();
    await gxAdmin.post('/api/v1/users', newUserBody({ username: 'exp_user', mobile }));
    const before = (await auditRows('user.export')).length;
    const res = await gxAdmin.get(`/api/v1/users/export?q=exp_user`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toMatch(/filename\*=UTF-8''%E7%94%A8%E6%88%B7/);
    const rows = [];
    for await (const r of readSheetRows(res.rawPayload)) rows.push(r.values);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      登录名: 'exp_user',
      手机号: `${mobile.slice(0, 3)}****${mobile.slice(-4)}`,
    });
    const audit = await auditRows('user.export');
    expect(audit).toHaveLength(before + 1);
    expect(audit.at(-1)?.detail).toMatchObject({ count: 1 });
    expect((await cadre.get('/api/v1/users/export')).statusCode).toBe(403);
  });

  it('an org created for an inactive union refuses new accounts', async () => {
    const closed = await buildOrg(t, {
      name: '已撤销工会',
      type: 'grassroots',
      parent: scene.yj,
      state: 'inactive',
    });
    const res = await gxAdmin.post(
      '/api/v1/users',
      newUserBody({ orgId: closed.id, roles: [{ orgId: closed.id, role: 'worker' }] }),
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ORG_INACTIVE');
  });
});
