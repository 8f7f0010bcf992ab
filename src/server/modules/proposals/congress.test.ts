import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import type { TCongress, TContactThread, TRepresentative } from '../../../shared/proposals.ts';
import { buildProposalsScene, type ProposalsScene } from './proposals.fixture.ts';

const base = '/api/v1/proposals';

describe('云履职 congress, representatives and 联系服务', () => {
  let t: TestApp;
  let s: ProposalsScene;
  beforeAll(async () => {
    t = await createTestApp();
    s = await buildProposalsScene(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists congresses by who asks: staff their subtree, members their unions, other towns refused', async () => {
    const city = await s.cityAdmin.agent.get(`${base}/congresses`);
    expect(city.statusCode).toBe(200);
    expect((city.json() as TCongress[]).map((c) => c.id).sort()).toEqual(
      [s.congressId, s.otherCongressId].sort(),
    );
    const township = (await s.cadre.agent.get(`${base}/congresses`)).json() as TCongress[];
    expect(township.map((c) => c.id)).toEqual([s.congressId]);
    expect(township[0]?.representativeCount).toBe(4);
    expect(township[0]?.cosignThreshold).toBe(2);
    const worker = (await s.worker.agent.get(`${base}/congresses`)).json() as TCongress[];
    expect(worker.map((c) => c.id)).toEqual([s.congressId]);
    expect((await s.otherCadre.agent.get(`${base}/congresses/${s.congressId}`)).statusCode).toBe(404);
    expect((await s.otherWorker.agent.get(`${base}/congresses/${s.congressId}`)).statusCode).toBe(404);
    expect((await s.govPartner.agent.get(`${base}/congresses`)).json()).toEqual([]);
  });
});
