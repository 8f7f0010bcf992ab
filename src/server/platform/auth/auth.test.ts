import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentFrom,
  buildOrg,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  TEST_PASSWORD,
  type TestApp,
} from '../../../../test/app.ts';
import { auditLog } from '../audit/audit.table.ts';
import { conflict } from '../errors.ts';
import { onUserRegistered, type RegisteredUser } from './auth.service.ts';
import { memberships, sessions, users } from './auth.table.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
});
afterAll(async () => {
  await t.close();
});

const login = (username: string, password: string, ip = '10.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    remoteAddress: ip,
  });

describe('login, me, logout', () => {
  it('signs in with an httpOnly SameSite cookie and returns the user with memberships', async () => {
    const user = await buildUser(t, {
      org: scene.bs,
      role: 'cadre',
      displayName: '李干部',
      mobile: '13812345678',
    });
    const res = await login(user.username, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'nj_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const body = res.json();
    expect(body.user).toMatchObject({ displayName: '李干部', phone: '138****5678' });
    expect(body.active).toMatchObject({ role: 'cadre', org: { id: scene.bs.id, name: '百色市总工会' } });
    const me = await agentFrom(t, res).get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(user.id);
    // The client builds menus from these: a cadre sees users but may not create them or read the audit log.
    expect(me.json().permissions).toContain('user.view');
    expect(me.json().permissions).not.toContain('user.create');
    expect(me.json().permissions).not.toContain('audit.view');
    const [session] = await t.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(session?.id).not.toBe(cookie?.value); // only the hash is stored
  });

  it('signs in by mobile number through the blind index', async () => {
    const user = await buildUser(t, { org: scene.bs, role: 'worker', mobile: '13900001111' });
    const res = await login('13900001111', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user.id).toBe(user.id);
  });

  it('wrong password → 401 with the tries left; unknown user → same message; both audited', async () => {
    const user = await buildUser(t, { org: scene.bs, role: 'cadre' });
    const wrong = await login(user.username, 'Wrong-pass1');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(wrong.json().error.message).toContain('再错 4 次');
    const unknown = await login('nobody-here', 'Wrong-pass1');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('INVALID_CREDENTIALS');
    const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'auth.login'));
    expect(rows.filter((r) => r.result === 'failure').map((r) => r.actorName)).toEqual(
      expect.arrayContaining([user.username, 'nobody-here']),
    );
  });

  it('locks the account for 15 minutes after 5 wrong passwords, even for the right one', async () => {
    const user = await buildUser(t, { org: scene.bs, role: 'cadre' });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++)
      codes.push((await login(user.username, `Wrong-pass${i}`, '10.0.0.2')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 429]);
    const locked = await login(user.username, TEST_PASSWORD, '10.0.0.2');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    expect(locked.json().error.details.retryAfterSeconds).toBeGreaterThan(14 * 60);
    // When the lock has run out, the right password works again and resets the counter.
    await t.database.db
      .update(users)
      .set({ lockedUntil: sql`now() - interval '1 minute'` })
      .where(eq(users.id, user.id));
    expect((await login(user.username, TEST_PASSWORD, '10.0.0.2')).statusCode).toBe(200);
    const [after] = await t.database.db.select().from(users).where(eq(users.id, user.id));
    expect(after?.failedLogins).toBe(0);
  });

  it('concurrent wrong guesses all count towards the lock', async () => {
    const user = await buildUser(t, { org: scene.bs, role: 'cadre' });
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => login(user.username, `Wrong-pass${i}`, '10.0.0.3')),
    );
    const [row] = await t.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
  });

  it('throttles an IP that fails too often, with 429', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < 30; i++) await login(`spray-${i}`, 'Wrong-pass1', ip);
    const res = await login('spray-final', 'Wrong-pass1', ip);
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    expect((await login('spray-final', 'Wrong-pass1', '10.9.9.10')).statusCode).toBe(401);
  });

  it('logout revokes the session', async () => {
    const agent = await loginAs(t, await buildUser(t, { org: scene.bs, role: 'cadre' }));
    expect((await agent.post('/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('/auth/session answers 200 both ways: me while signed in, null after logout (pages log no 401)', async () => {
    const user = await buildUser(t, { org: scene.bs, role: 'cadre', displayName: '页面加载' });
    const agent = await loginAs(t, user);
    const me = (await agent.get('/api/v1/auth/me')).json();
    const signedIn = await agent.get('/api/v1/auth/session');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().me).toEqual(me);
    expect((await agent.post('/api/v1/auth/logout')).statusCode).toBe(200);
    const signedOut = await agent.get('/api/v1/auth/session');
    expect(signedOut.statusCode).toBe(200);
    expect(signedOut.json()).toEqual({ me: null });
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session' });
    expect(anonymous.json()).toEqual({ me: null });
  });

  it('an idle session expires', async () => {
    const user = await buildUser(t, { org: scene.bs, role: 'cadre' });
    const agent = await loginAs(t, user);
    await t.database.db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.userId, user.id));
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('validates the login body with field details', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: '' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['body.username', 'body.password']),
    );
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the token, accepts it with the token', async () => {
    const agent = await loginAs(t, await buildUser(t, { org: scene.gx, role: 'admin' }));
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      cookies: { nj_session: agent.cookie },
      payload: { parentId: scene.bs.id, type: 'grassroots', name: '伪造请求工会' },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('CSRF_TOKEN_INVALID');
    const ok = await agent.post('/api/v1/orgs', {
      parentId: scene.bs.id,
      type: 'grassroots',
      name: '正常请求工会',
    });
    expect(ok.statusCode).toBe(201);
  });
});

describe('memberships and the org switcher', () => {
  it('acts in one membership at a time and can switch', async () => {
    const user = await buildUser(t, { org: scene.gx, role: 'auditor' });
    const [second] = await t.database.db
      .insert(memberships)
      .values({ userId: user.id, orgId: scene.unionA.id, role: 'admin' })
      .returning();
    const agent = await loginAs(t, user);
    expect((await agent.get('/api/v1/auth/me')).json().memberships).toHaveLength(2);
    // As auditor: may not create orgs.
    expect(
      (
        await agent.post('/api/v1/orgs', {
          parentId: scene.unionA.id,
          type: 'grassroots',
          name: '审计员新建',
        })
      ).statusCode,
    ).toBe(403);
    const switched = await agent.post('/api/v1/auth/switch', { membershipId: second?.id });
    expect(switched.statusCode).toBe(200);
    expect(switched.json().active).toMatchObject({ role: 'admin', org: { id: scene.unionA.id } });
    // As the grassroots admin: sees only that subtree.
    const list = await agent.get('/api/v1/orgs');
    expect(list.json().items.map((o: { id: number }) => o.id)).toEqual([scene.unionA.id]);
    const other = await buildUser(t, { org: scene.sh, role: 'admin' });
    expect((await agent.post('/api/v1/auth/switch', { membershipId: other.membershipId })).statusCode).toBe(
      404,
    );
  });
});

describe('password change', () => {
  it('enforces the policy, checks the old password, and revokes every other session', async () => {
    const user = await buildUser(t, { org: scene.bs, role: 'cadre' });
    const phone = await loginAs(t, user);
    const desk = await loginAs(t, user);
    const weak = await desk.post('/api/v1/auth/password', {
      oldPassword: TEST_PASSWORD,
      newPassword: 'abcdefgh',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details[0].field).toBe('body.newPassword');
    const short = await desk.post('/api/v1/auth/password', { oldPassword: TEST_PASSWORD, newPassword: 'a1' });
    expect(short.statusCode).toBe(400);
    const badOld = await desk.post('/api/v1/auth/password', {
      oldPassword: 'Nope-1234',
      newPassword: 'NewPass-2026',
    });
    expect(badOld.json().error.code).toBe('WRONG_PASSWORD');
    const ok = await desk.post('/api/v1/auth/password', {
      oldPassword: TEST_PASSWORD,
      newPassword: 'NewPass-2026',
    });
    expect(ok.statusCode).toBe(200);
    expect((await phone.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await desk.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await agentFrom(t, ok).get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await login(user.username, 'NewPass-2026')).statusCode).toBe(200);
  });
});

describe('self-registration', () => {
  it('registers a worker with an SMS code sent through the notify sender', async () => {
    const union = await buildOrg(t, { name: '注册测试基层工会', type: 'grassroots', parent: scene.yj });
    const mobile = '13722223333';
    const send = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/codes',
      payload: { mobile, purpose: 'register' },
    });
    expect(send.statusCode).toBe(200);
    const sms = t.sender.sent.findLast((m) => m.to === mobile);
    expect(sms?.params.code).toMatch(/^\d{6}$/);
    const wrongCode = sms?.params.code === '000000' ? '111111' : '000000';
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: {
        mobile,
        code: wrongCode,
        password: 'Worker-2026',
        displayName: '黄师傅',
        role: 'worker',
        orgId: union.id,
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_CODE');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: {
        mobile,
        code: sms?.params.code,
        password: 'Worker-2026',
        displayName: '黄师傅',
        role: 'worker',
        orgId: union.id,
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().active).toMatchObject({ role: 'worker', org: { id: union.id } });
    expect(res.json().user.phone).toBe('137****3333');
    const [stored] = await t.database.db.select().from(users).where(eq(users.username, mobile));
    expect(stored?.phoneEnc).not.toContain(mobile);
    // The code is single-use and the mobile is now taken.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/codes',
      payload: { mobile, purpose: 'register' },
    });
    expect(again.statusCode).toBe(409);
    expect((await login(mobile, 'Worker-2026')).statusCode).toBe(200);
  });

  it('refuses admin roles, partner orgs and bad mobiles', async () => {
    const asAdmin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: {
        mobile: '13722224444',
        code: '123456',
        password: 'Worker-2026',
        displayName: '某',
        role: 'admin',
        orgId: scene.unionA.id,
      },
    });
    expect(asAdmin.statusCode).toBe(400);
    const badMobile = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/codes',
      payload: { mobile: '12345', purpose: 'register' },
    });
    expect(badMobile.statusCode).toBe(400);
    expect(badMobile.json().error.details[0].message).toContain('手机号');
  });

  it('runs registration hooks inside the registration transaction: a failing hook registers nothing', async () => {
    const seen: RegisteredUser[] = [];
    onUserRegistered(async (ctx, user) => {
      seen.push(user);
      // The new user is visible to the hook: it runs in the same transaction.
      const [row] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.id, user.userId));
      expect(row?.id).toBe(user.userId);
      if (user.input.displayName === '钩子失败') throw conflict('HOOK_REFUSED', '模块拒绝了注册');
    });
    const register = async (mobile: string, extra: Record<string, unknown>) => {
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/codes',
        payload: { mobile, purpose: 'register' },
      });
      const code = t.sender.sent.findLast((m) => m.to === mobile)?.params.code;
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { mobile, code, password: 'Donor-2026', orgId: scene.bs.id, ...extra },
      });
    };
    const ok = await register('13722225555', {
      displayName: '张经理',
      role: 'donor',
      donor: { kind: 'enterprise', enterpriseName: '百色某某公司' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(seen.at(-1)).toMatchObject({
      userId: ok.json().user.id,
      role: 'donor',
      org: { id: scene.bs.id, path: scene.bs.path },
      input: { donor: { kind: 'enterprise', enterpriseName: '百色某某公司' } },
    });
    const refused = await register('13722226666', { displayName: '钩子失败', role: 'donor' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('HOOK_REFUSED');
    expect(await t.database.db.select().from(users).where(eq(users.username, '13722226666'))).toHaveLength(0);
    // An enterprise donor must give its name; this is checked before the code is used.
    const noName = await register('13722227777', {
      displayName: '李经理',
      role: 'donor',
      donor: { kind: 'enterprise', enterpriseName: ' ' },
    });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.details[0]).toMatchObject({ message: '请填写企业名称' });
  });
});
