import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentFrom, createTestApp, type TestApp } from '../../../../test/app.ts';
import type { TArchiveListItem } from '../../../shared/hardship.ts';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function login(username: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  return agentFrom(t, res);
}

describe('hardship demo data', () => {
  it('seeds archives in every state for the Baise unions, with timelines; Shanghai sees none', async () => {
    expect(await seedDemo(t.app.deps)).toBe(true);
    const cadre = await login('bs_cadre');
    const list = await cadre.get('/api/v1/hardship/archives?pageSize=100');
    expect(list.statusCode).toBe(200);
    const items = list.json().items as TArchiveListItem[];
    expect(items.length).toBeGreaterThanOrEqual(10);
    expect(new Set(items.map((i) => i.state))).toEqual(
      new Set(['applied', 'accepted', 'reviewing', 'reviewed', 'publicizing', 'filed', 'rejected', 'exited']),
    );
    const filed = items.find((i) => i.state === 'filed');
    const tl = await cadre.get(`/api/v1/timeline/hardship.archive/${filed?.id}`);
    expect(tl.json().items.map((e: { event: string }) => e.event)).toContain('approve');
    const aid = await cadre.get(`/api/v1/hardship/archives/${filed?.id}/assistance`);
    expect(aid.json().total.count).toBe(2);
    const qr = await cadre.get(`/api/v1/hardship/archives/${filed?.id}/qr`);
    expect(qr.statusCode).toBe(200);
    const worker = await login('13900000003');
    expect((await worker.get('/api/v1/hardship/my/archives')).json().items).toHaveLength(1);
    const sh = await login('sh_med_cadre');
    expect((await sh.get('/api/v1/hardship/archives')).json().total).toBe(0);
  });
});
