import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoAccounts, seedDemo } from '../src/server/demo/seed.ts';
import { roles } from '../src/shared/auth.ts';
import { agentFrom, createTestApp, type TestApp } from './app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('demo data', () => {
  it('seeds once, with one account for every role, each of which can sign in', async () => {
    expect(await seedDemo(t.app.deps)).toBe(true);
    expect(await seedDemo(t.app.deps)).toBe(false);
    expect(new Set(demoAccounts.map((a) => a.role))).toEqual(new Set(roles));
    for (const a of demoAccounts) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: a.username, password: DEMO_PASSWORD },
      });
      expect(res.statusCode, a.username).toBe(200);
      expect(res.json().active.role).toBe(a.role);
    }
    // The whole demo (archives, wishes, supplies built through their services) takes a while.
  }, 300_000);

  it('the Baise admin sees the seeded Guangxi subtree and not Shanghai', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'gx_admin', password: DEMO_PASSWORD },
    });
    const list = await agentFrom(t, res).get('/api/v1/orgs');
    const names = list.json().items.map((o: { name: string }) => o.name);
    expect(names).toEqual(
      expect.arrayContaining([
        '广西壮族自治区总工会',
        '百色市总工会',
        '右江区总工会',
        '右江区红星建筑工程公司工会',
      ]),
    );
    expect(names).not.toContain('上海市医务工会');
  });

  it('the national admin sees every required place of the seeds', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: DEMO_PASSWORD },
    });
    const list = await agentFrom(t, res).get('/api/v1/orgs?pageSize=500');
    const byName = new Map(list.json().items.map((o: { name: string; type: string }) => [o.name, o.type]));
    expect(byName.get('上海市医务工会')).toBe('industry');
    expect(byName.get('平湖市总工会')).toBe('county');
    expect(byName.get('林埭镇总工会')).toBe('township');
    expect(byName.get('石家庄市桥西区总工会')).toBe('county');
    const types = new Set(byName.values());
    for (const partner of ['donor', 'logistics', 'courier', 'governance']) expect(types).toContain(partner);
  });
});
