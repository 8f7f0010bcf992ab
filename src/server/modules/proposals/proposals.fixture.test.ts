import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { buildProposalsScene, type ProposalsScene } from './proposals.fixture.ts';

describe('proposals scene', () => {
  let t: TestApp;
  let s: ProposalsScene;
  beforeAll(async () => {
    t = await createTestApp();
    s = await buildProposalsScene(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('seats four representatives in the township congress and one in the other', async () => {
    const reps = await t.database.executeSql(
      'select congress_id, count(*)::int as n from representatives group by 1 order by 1',
    );
    expect(reps.rows).toEqual([
      { congress_id: s.congressId, n: 4 },
      { congress_id: s.otherCongressId, n: 1 },
    ]);
    const me = await s.rep1.agent.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
  });
});
