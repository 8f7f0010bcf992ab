import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
  type TestUser,
} from '../../../../test/app.ts';
import type { TNotification } from '../../../shared/notifications.ts';
import { notify } from './notify.service.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let admin: Agent;
let alice: TestUser;
let bob: TestUser;

const items = (res: { json(): unknown }) => (res.json() as { items: TNotification[] }).items;

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  admin = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'admin' }));
  alice = await buildUser(t, { org: scene.unionA, role: 'worker' });
  bob = await buildUser(t, { org: scene.unionA, role: 'worker' });
});
afterAll(async () => {
  await t.close();
});

describe('inbox', () => {
  it('delivers a message when an admin gives a user a new role, and counts it unread', async () => {
    const res = await admin.post(`/api/v1/users/${alice.id}/memberships`, {
      orgId: scene.yj.id,
      role: 'cadre',
    });
    expect(res.statusCode).toBe(200);
    const aliceAgent = await loginAs(t, alice);
    const inbox = await aliceAgent.get('/api/v1/notifications');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json().unreadCount).toBe(1);
    expect(items(inbox)[0]).toMatchObject({
      kind: 'account.roleAdded',
      title: '您已获得「右江区总工会」的「工会干部」角色',
      readAt: null,
    });
    expect((await aliceAgent.get('/api/v1/notifications/unread-count')).json()).toEqual({ unreadCount: 1 });
  });

  it('marks one read, newest first, with an unread-only filter and pages', async () => {
    await notify(t.database.db, { userIds: [bob.id], kind: 'test.one', title: '第一条' });
    await notify(t.database.db, {
      userIds: [bob.id, bob.id],
      kind: 'test.two',
      title: '第二条',
      link: '/x/2',
    });
    await notify(t.database.db, { userIds: [bob.id], kind: 'test.three', title: '第三条' });
    const agent = await loginAs(t, bob);
    const all = await agent.get('/api/v1/notifications');
    expect(items(all).map((n) => n.title)).toEqual(['第三条', '第二条', '第一条']);
    const second = items(all)[1];
    expect(second?.link).toBe('/x/2');
    const read = await agent.post(`/api/v1/notifications/${second?.id}/read`);
    expect(read.json()).toEqual({ marked: 1, unreadCount: 2 });
    // Marking it again changes nothing.
    expect((await agent.post(`/api/v1/notifications/${second?.id}/read`)).json()).toEqual({
      marked: 0,
      unreadCount: 2,
    });
    const unread = await agent.get('/api/v1/notifications?unread=1');
    expect(items(unread).map((n) => n.title)).toEqual(['第三条', '第一条']);
    const page2 = await agent.get('/api/v1/notifications?pageSize=2&page=2');
    expect(items(page2).map((n) => n.title)).toEqual(['第一条']);
    expect(page2.json().total).toBe(3);
    const readAll = await agent.post('/api/v1/notifications/read-all');
    expect(readAll.json()).toEqual({ marked: 2, unreadCount: 0 });
    expect(items(await agent.get('/api/v1/notifications')).every((n) => n.readAt !== null)).toBe(true);
  });

  it('tells the user when an admin resets their password', async () => {
    const carol = await buildUser(t, { org: scene.unionA, role: 'worker' });
    const res = await admin.post(`/api/v1/users/${carol.id}/reset-password`, { password: 'Reset-pass-9' });
    expect(res.statusCode).toBe(200);
    const agent = await loginAs(t, carol, 'Reset-pass-9');
    expect(items(await agent.get('/api/v1/notifications'))[0]?.kind).toBe('account.passwordReset');
  });

  it('never shows or touches another user’s messages', async () => {
    const bobInbox = items(await (await loginAs(t, bob)).get('/api/v1/notifications'));
    const aliceAgent = await loginAs(t, alice);
    const aliceInbox = items(await aliceAgent.get('/api/v1/notifications'));
    expect(aliceInbox.some((n) => bobInbox.some((b) => b.id === n.id))).toBe(false);
    const res = await aliceAgent.post(`/api/v1/notifications/${bobInbox[0]?.id}/read`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('refuses anonymous calls, bad ids and writes without the CSRF token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
    const agent = await loginAs(t, alice);
    expect((await agent.post('/api/v1/notifications/abc/read')).statusCode).toBe(400);
    expect((await agent.get('/api/v1/notifications?pageSize=1000')).statusCode).toBe(400);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/read-all',
      cookies: { nj_session: agent.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('counts a message once when two tabs mark it read at the same time', async () => {
    await notify(t.database.db, { userIds: [alice.id], kind: 'test.race', title: '并发' });
    const agent = await loginAs(t, alice);
    const [first] = items(await agent.get('/api/v1/notifications?unread=1'));
    const results = await Promise.all([
      agent.post(`/api/v1/notifications/${first?.id}/read`),
      agent.post(`/api/v1/notifications/${first?.id}/read`),
    ]);
    expect(results.map((r) => r.json().marked).sort()).toEqual([0, 1]);
  });
});
