import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { buildDutyScene, type DutyScene, insertDutyRecord } from './duty.fixture.ts';

describe('duty scene and the scoring core', () => {
  let t: TestApp;
  let s: DutyScene;
  beforeAll(async () => {
    t = await createTestApp();
    s = await buildDutyScene(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('installs the default scheme and caps an indicator per term in order of occurrence', async () => {
    const schemes = await t.database.executeSql('select congress_id, version from duty_schemes order by 1');
    expect(schemes.rows).toEqual([
      { congress_id: s.congressId, version: 1 },
      { congress_id: s.otherCongressId, version: 1 },
    ]);
    // 联名附议: 2 points per record, cap 10 → the sixth co-signature earns nothing.
    for (let i = 0; i < 6; i++) await insertDutyRecord(t, s, s.rep1.repId, 'proposal_cosigned');
    // 无故缺席: −5, no cap.
    await insertDutyRecord(t, s, s.rep1.repId, 'session_absent');
    // 会员评议 (10 points per record, cap 20): ratio 0.55 → 5.5 rounds to 6 (half away from zero); 0.96 → 9.6 rounds to 10 (16 ≤ cap 20).
    await insertDutyRecord(t, s, s.rep1.repId, 'member_evaluation', { ratio: 0.55 });
    await insertDutyRecord(t, s, s.rep1.repId, 'member_evaluation', { ratio: 0.96 });
    // A leave of absence counts under no item.
    await insertDutyRecord(t, s, s.rep1.repId, 'session_leave');
    const rows = await t.database.executeSql(
      'select source, item_code, base_points, points from duty_records where representative_id = $1 order by occurred_at, id',
      [s.rep1.repId],
    );
    expect(rows.rows.map((r) => [r.source, r.item_code, r.points])).toEqual([
      ['proposal_cosigned', 'cosign', 2],
      ['proposal_cosigned', 'cosign', 2],
      ['proposal_cosigned', 'cosign', 2],
      ['proposal_cosigned', 'cosign', 2],
      ['proposal_cosigned', 'cosign', 2],
      ['proposal_cosigned', 'cosign', 0],
      ['session_absent', 'absent', -5],
      ['member_evaluation', 'evaluation', 6],
      ['member_evaluation', 'evaluation', 10],
      ['session_leave', null, 0],
    ]);
  });
});
