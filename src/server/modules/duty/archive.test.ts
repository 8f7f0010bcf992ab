import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { defaultSchemeDefinition, type TDutyProfile, type TLeaderboard } from '../../../shared/duty.ts';
import { buildDutyScene, type DutyScene, insertDutyRecord } from './duty.fixture.ts';

/**
 * 归档 (issue #9): archiving freezes the term — one winner when two cadres archive at once, the
 * database refuses every change to the term's records, scheme and snapshot (SQLSTATE 42501), the
 * leaderboard, profile and export read the snapshot, and the API answers 409 TERM_ARCHIVED.
 */

describe('履职评价 archive', () => {
  let t: TestApp;
  let s: DutyScene;
  let base: string;
  let before: TLeaderboard;

  beforeAll(async () => {
    t = await createTestApp();
    s = await buildDutyScene(t);
    base = `/api/v1/duty/congresses/${s.congressId}`;
    // 沈 2 proposals → 40 × 10 / 65 = 6.15; 杨 1 attendance → 40 × 5 / 65 = 3.08; 钟 0; 何 absent −5.
    await insertDutyRecord(t, s, s.rep1.repId, 'proposal_submitted');
    await insertDutyRecord(t, s, s.rep1.repId, 'proposal_submitted');
    await insertDutyRecord(t, s, s.rep2.repId, 'session_attended');
    await insertDutyRecord(t, s, s.rep4.repId, 'session_absent');
  });
  afterAll(async () => {
    await t.close();
  });

  it('is not archived yet; only the union’s cadres may archive', async () => {
    const open = await s.cadre.agent.get(`${base}/archive`);
    expect(open.statusCode).toBe(200);
    expect(open.json()).toBeNull();
    // A congress of another union stays unknown to its cadres.
    expect((await s.otherCadre.agent.get(`${base}/archive`)).statusCode).toBe(404);
    for (const who of [s.rep1, s.reviewer, s.auditor]) {
      expect((await who.agent.post(`${base}/archive`, {})).statusCode).toBe(403);
    }
    for (const who of [s.otherCadre, s.otherRep, s.worker, s.textileCadre]) {
      expect((await who.agent.post(`${base}/archive`, {})).statusCode).toBe(404);
    }
    before = (await s.cadre.agent.get(`${base}/leaderboard`)).json() as TLeaderboard;
    expect(before.rows.map((r) => [r.representative.name, r.total, r.rank])).toEqual([
      ['沈代表', 6.15, 1],
      ['杨代表', 3.08, 2],
      ['钟代表', 0, 3],
      ['何代表', -5, 4],
    ]);
  });

  it('archives once when two cadres archive at once, and closes the congress', async () => {
    const [a, b] = await Promise.all([
      s.cadre.agent.post(`${base}/archive`, { note: '第一届届满归档' }),
      s.cadre2.agent.post(`${base}/archive`, { note: '第一届届满归档' }),
    ]);
    const codes = [a?.statusCode, b?.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const loser = a?.statusCode === 409 ? a : b;
    expect(loser?.json().error).toMatchObject({
      code: 'TERM_ARCHIVED',
      message: '本届履职已归档，不能再修改',
    });
    const winner = a?.statusCode === 200 ? a : b;
    expect(winner?.json()).toMatchObject({
      congressId: s.congressId,
      schemeVersion: 1,
      representatives: 4,
      records: 4,
      note: '第一届届满归档',
    });
    const archive = await s.rep1.agent.get(`${base}/archive`);
    expect(archive.statusCode).toBe(200);
    expect(archive.json()).toEqual(winner?.json());
    expect(['钱干事', '孙干事']).toContain(archive.json().archivedBy.name);

    const state = await t.database.executeSql('select state from congresses where id = $1', [s.congressId]);
    expect(state.rows).toEqual([{ state: 'closed' }]);
    const counts = await t.database.executeSql(
      'select (select count(*)::int from duty_archives) as archives, (select count(*)::int from duty_archive_scores) as scores',
    );
    expect(counts.rows).toEqual([{ archives: 1, scores: 4 }]);
    const audit = await t.database.executeSql(
      `select count(*)::int as n from audit_log where action = 'duty.archive'`,
    );
    expect(audit.rows).toEqual([{ n: 1 }]);
    expect((await s.otherCadre.agent.get(`${base}/archive`)).statusCode).toBe(404);
  });

  it('has the database refuse every change to the archived term (SQLSTATE 42501)', async () => {
    const id = s.congressId;
    const refused = [
      ['update duty_records set points = 99 where congress_id = $1', [id]],
      ['delete from duty_records where congress_id = $1', [id]],
      [
        `insert into duty_records (congress_id, org_id, org_path, representative_id, source, title, occurred_at, state)
          values ($1, $2, $3, $4, 'award', '补录', now(), 'counted')`,
        [id, s.township.id, s.township.path, s.rep3.repId],
      ],
      [
        `insert into duty_schemes (congress_id, org_id, org_path, version, definition, note)
          values ($1, $2, $3, 9, $4::jsonb, '归档后修改')`,
        [id, s.township.id, s.township.path, JSON.stringify(defaultSchemeDefinition)],
      ],
      ['update duty_archive_scores set total = 100 where congress_id = $1', [id]],
      ['delete from duty_archive_scores where congress_id = $1', [id]],
      ['delete from duty_archives where congress_id = $1', [id]],
      ["update duty_archives set note = '改' where congress_id = $1", [id]],
    ] as const;
    for (const [text, values] of refused) {
      await expect(t.database.executeSql(text, [...values])).rejects.toMatchObject({ code: '42501' });
    }
    // Moving the union in the tree (only org_path changes) still works.
    const moved = await t.database.executeSql(
      `update duty_records set org_path = org_path || '.moved' where congress_id = $1 returning id`,
      [id],
    );
    expect(moved.rows).toHaveLength(4);
    await t.database.executeSql(`update duty_records set org_path = $2 where congress_id = $1`, [
      id,
      s.township.path,
    ]);
    const points = await t.database.executeSql(
      'select sum(points)::int as total, count(*)::int as n from duty_records where congress_id = $1',
      [id],
    );
    expect(points.rows).toEqual([{ total: 10, n: 4 }]);
    // The other township's open term is untouched by the freeze.
    await insertDutyRecord(t, s, s.otherRep.repId, 'proposal_submitted', { congressId: s.otherCongressId });
  });

  it('reads the leaderboard, profile, 我的履职 and export from the snapshot', async () => {
    // A seat deactivated after archiving would leave a live board; the snapshot keeps the term as it was.
    await t.database.executeSql('update representatives set active = false where id = $1', [s.rep3.repId]);
    const after = (await s.rep2.agent.get(`${base}/leaderboard`)).json() as TLeaderboard;
    expect(after.archived).toBe(true);
    expect(after.archivedAt).not.toBeNull();
    expect(after.congress.state).toBe('closed');
    expect(after.rows).toEqual(before.rows);
    const filtered = (await s.cadre.agent.get(`${base}/leaderboard?q=${encodeURIComponent('杨')}`)).json();
    expect(filtered.rows.map((r: { total: number; rank: number }) => [r.total, r.rank])).toEqual([[3.08, 2]]);

    const profile = (
      await s.rep1.agent.get(`/api/v1/duty/representatives/${s.rep1.repId}/profile`)
    ).json() as TDutyProfile;
    expect(profile).toMatchObject({ archived: true, schemeVersion: 1, representativeCount: 4 });
    expect(profile.score.total).toBe(6.15);
    expect(profile.records).toHaveLength(2);

    const me = (await s.rep4.agent.get('/api/v1/duty/me')).json();
    expect(me).toEqual([
      {
        congress: { id: s.congressId, name: '林埭镇总工会第一届会员代表大会', state: 'closed' },
        representativeId: s.rep4.repId,
        total: -5,
        rank: 4,
        representativeCount: 4,
        records: 1,
        pending: 0,
      },
    ]);

    const xlsx = await s.cadre.agent.get(`${base}/leaderboard/export`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.length).toBeGreaterThan(1000);
  });

  it('answers 409 TERM_ARCHIVED to archiving again and to a new scheme version; the scheme still reads', async () => {
    const again = await s.cadre.agent.post(`${base}/archive`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('TERM_ARCHIVED');
    const put = await s.cadre.agent.inject({
      method: 'PUT',
      url: `${base}/scheme`,
      payload: { definition: defaultSchemeDefinition, note: '归档后修改' },
    });
    expect(put.statusCode).toBe(409);
    expect(put.json().error).toMatchObject({ code: 'TERM_ARCHIVED', message: '本届履职已归档，不能再修改' });
    const scheme = await s.rep1.agent.get(`${base}/scheme`);
    expect(scheme.statusCode).toBe(200);
    expect(scheme.json().version).toBe(1);
    expect((await s.cadre.agent.get(`${base}/schemes`)).json()).toHaveLength(1);
  });
});
