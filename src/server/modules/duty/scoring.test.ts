import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import { defaultSchemeDefinition, type TDutyProfile, type TLeaderboard } from '../../../shared/duty.ts';
import { buildDutyScene, type DutyScene, insertDutyRecord } from './duty.fixture.ts';
import { assembleLeaderboard } from './scores.service.ts';

/**
 * 履职评价 scoring (issue #9), hand-computed under the default scheme:
 *   大会期间 weight 40: 出席会议 5/cap 20, 提交提案 5/20, 联名附议 2/10, 参与审议 3/15 → max 65
 *   闭会期间 weight 60: 联系职工 2/20, 调研走访 5/20, 督办反馈 3/15, 会员评议 10/20   → max 75
 *   加分: 提案被立案 2 (cap 10), 提案获评优秀 5 (cap 10); 减分: 无故缺席 5, 履职记录不实 3.
 */

const TEXTILE = '林埭镇示范纺代表小组';
const MACHINE = '林埭镇示范机代表小组';

describe('履职评价 scores, leaderboard, profile and export', () => {
  let t: TestApp;
  let s: DutyScene;
  const lb = (board: TLeaderboard) =>
    board.rows.map((r) => [r.representative.name, r.total, r.rank, r.delegationRank]);

  beforeAll(async () => {
    t = await createTestApp();
    s = await buildDutyScene(t);
    const r1 = s.rep1.repId;
    // 沈代表: 5 proposals (25 > cap 20: the fifth earns 0), 2 attendances, 3 contact replies,
    // one 会员评议 at 90 % satisfied (10 × 0.9 = 9), one proposal filed (+2), one absence (−5).
    for (let i = 0; i < 5; i++) await insertDutyRecord(t, s, r1, 'proposal_submitted');
    for (let i = 0; i < 2; i++) await insertDutyRecord(t, s, r1, 'session_attended');
    for (let i = 0; i < 3; i++) await insertDutyRecord(t, s, r1, 'contact_replied');
    await insertDutyRecord(t, s, r1, 'member_evaluation', { ratio: 0.9 });
    await insertDutyRecord(t, s, r1, 'proposal_filed');
    await insertDutyRecord(t, s, r1, 'session_absent');
    // 杨代表: 2 proposals, 1 co-signature, 5 contact replies.
    const r2 = s.rep2.repId;
    for (let i = 0; i < 2; i++) await insertDutyRecord(t, s, r2, 'proposal_submitted');
    await insertDutyRecord(t, s, r2, 'proposal_cosigned');
    for (let i = 0; i < 5; i++) await insertDutyRecord(t, s, r2, 'contact_replied');
    // 钟代表: 2 attendances, 1 co-signature, an approved 调研走访, 1 督办反馈, 1 contact reply;
    // a pending and a rejected 调研走访 and a voided co-signature earn nothing.
    const r3 = s.rep3.repId;
    for (let i = 0; i < 2; i++) await insertDutyRecord(t, s, r3, 'session_attended');
    await insertDutyRecord(t, s, r3, 'proposal_cosigned');
    await insertDutyRecord(t, s, r3, 'manual', { itemCode: 'research', state: 'approved' });
    await insertDutyRecord(t, s, r3, 'proposal_rated');
    await insertDutyRecord(t, s, r3, 'contact_replied');
    await insertDutyRecord(t, s, r3, 'manual', { itemCode: 'research', state: 'pending' });
    await insertDutyRecord(t, s, r3, 'manual', { itemCode: 'research', state: 'rejected' });
    await insertDutyRecord(t, s, r3, 'proposal_cosigned', { state: 'void' });
    // 何代表: 提案获评优秀 (+5), 履职记录不实 (−3), one absence (−5).
    const r4 = s.rep4.repId;
    await insertDutyRecord(t, s, r4, 'award', { itemCode: 'excellent' });
    await insertDutyRecord(t, s, r4, 'award', { itemCode: 'false_record' });
    await insertDutyRecord(t, s, r4, 'session_absent');
    // The other township's term is scored apart.
    await insertDutyRecord(t, s, s.otherRep.repId, 'proposal_submitted', { congressId: s.otherCongressId });
  });
  afterAll(async () => {
    await t.close();
  });

  it('computes every item, first-level score and total by hand, with competition and delegation ranks', async () => {
    const res = await s.cadre.agent.get(`/api/v1/duty/congresses/${s.congressId}/leaderboard`);
    expect(res.statusCode).toBe(200);
    const board = res.json() as TLeaderboard;
    expect(board.archived).toBe(false);
    expect(board.schemeVersion).toBe(1);
    expect(board.delegations).toEqual([MACHINE, TEXTILE].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN')));
    // 沈: 大会期间 proposal 20 (capped) + attendance 10 = 30 → 40 × 30 / 65 = 18.4615 → 18.46
    //     闭会期间 contact 6 + evaluation 9 = 15 → 60 × 15 / 75 = 12.00
    //     total 18.46 + 12.00 + 2 − 5 = 27.46
    // 杨: 大会期间 proposal 10 + cosign 2 = 12 → 40 × 12 / 65 = 7.3846 → 7.38
    //     闭会期间 contact 10 → 60 × 10 / 75 = 8.00; total 15.38
    // 钟: 大会期间 attendance 10 + cosign 2 = 12 → 7.38
    //     闭会期间 research 5 + supervision 3 + contact 2 = 10 → 8.00; total 15.38 (tie with 杨)
    // 何: 0 + 0 + 5 − (3 + 5) = −3
    // Ranks 1, 2, 2, 4; ties ordered by name (杨 before 钟 in pinyin).
    expect(lb(board)).toEqual([
      ['沈代表', 27.46, 1, 1],
      ['杨代表', 15.38, 2, 1],
      ['钟代表', 15.38, 2, 1],
      ['何代表', -3, 4, 2],
    ]);
    const byName = new Map(board.rows.map((r) => [r.representative.name, r]));
    const items = (name: string) =>
      Object.fromEntries(byName.get(name)?.items.map((i) => [i.code, [i.points, i.records]]) ?? []);
    expect(items('沈代表')).toEqual({
      attendance: [10, 2],
      proposal: [20, 5],
      cosign: [0, 0],
      review: [0, 0],
      contact: [6, 3],
      research: [0, 0],
      supervision: [0, 0],
      evaluation: [9, 1],
      filed: [2, 1],
      excellent: [0, 0],
      absent: [-5, 1],
      false_record: [0, 0],
    });
    expect(items('钟代表')).toMatchObject({
      attendance: [10, 2],
      cosign: [2, 1],
      research: [5, 1],
      supervision: [3, 1],
      contact: [2, 1],
    });
    expect(items('何代表')).toMatchObject({ excellent: [5, 1], false_record: [-3, 1], absent: [-5, 1] });
    const shen = byName.get('沈代表');
    expect(shen?.firstLevel).toEqual([
      { code: 'congress', name: '大会期间', weight: 40, points: 30, max: 65, weighted: 18.46 },
      { code: 'recess', name: '闭会期间', weight: 60, points: 15, max: 75, weighted: 12 },
    ]);
    expect([shen?.bonus, shen?.penalty, shen?.records]).toEqual([2, 5, 13]);
    expect(byName.get('何代表')).toMatchObject({ bonus: 5, penalty: 8, total: -3, records: 3 });
    // 钟: the pending, rejected and void records are not effective.
    expect(byName.get('钟代表')?.records).toBe(6);
    expect(byName.get('杨代表')?.firstLevel.map((f) => f.weighted)).toEqual([7.38, 8]);
  });

  it('filters by 代表小组 and name without changing ranks; the other township is scored apart', async () => {
    const url = `/api/v1/duty/congresses/${s.congressId}/leaderboard`;
    const machine = (await s.cadre.agent.get(`${url}?delegation=${encodeURIComponent(MACHINE)}`)).json();
    expect(lb(machine)).toEqual([
      ['杨代表', 15.38, 2, 1],
      ['钟代表', 15.38, 2, 1],
    ]);
    const named = (await s.cadre.agent.get(`${url}?q=${encodeURIComponent('何')}`)).json();
    expect(lb(named)).toEqual([['何代表', -3, 4, 2]]);
    const other = await s.otherCadre.agent.get(`/api/v1/duty/congresses/${s.otherCongressId}/leaderboard`);
    // 新埭: proposal 5 → 40 × 5 / 65 = 3.0769 → 3.08
    expect(lb(other.json())).toEqual([['新埭代表', 3.08, 1, 1]]);
  });

  it('lets staff of the subtree and the congress representatives see the leaderboard, nobody else', async () => {
    const url = `/api/v1/duty/congresses/${s.congressId}/leaderboard`;
    for (const who of [s.cadre, s.reviewer, s.cityAdmin, s.auditor, s.rep4]) {
      expect((await who.agent.get(url)).statusCode).toBe(200);
    }
    for (const who of [s.otherCadre, s.otherRep, s.worker, s.textileCadre, s.govPartner]) {
      expect((await who.agent.get(url)).statusCode).toBe(404);
    }
  });

  it('refuses bad input with Chinese messages', async () => {
    let res = await s.cadre.agent.get('/api/v1/duty/congresses/abc/leaderboard');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^输入有误：/);
    res = await s.cadre.agent.get(`/api/v1/duty/congresses/${s.congressId}/leaderboard?q=${'沈'.repeat(31)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^输入有误：.*30/);
    res = await s.cadre.agent.post(`/api/v1/duty/congresses/${s.congressId}/archive`, {
      note: '长'.repeat(201),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('输入有误：最多 200 个字');
    expect((await s.cadre.agent.get('/api/v1/duty/congresses/999999/leaderboard')).statusCode).toBe(404);
  });

  it('shows the 履职画像 to staff and the representative themself: radar, score and every record newest first', async () => {
    const url = `/api/v1/duty/representatives/${s.rep1.repId}/profile`;
    const res = await s.rep1.agent.get(url);
    expect(res.statusCode).toBe(200);
    const p = res.json() as TDutyProfile;
    expect(p.score).toMatchObject({ total: 27.46, rank: 1, delegationRank: 1 });
    expect(p.representativeCount).toBe(4);
    expect(p.radar).toEqual([
      { code: 'attendance', name: '出席会议', points: 10, cap: 20 },
      { code: 'proposal', name: '提交提案', points: 20, cap: 20 },
      { code: 'cosign', name: '联名附议', points: 0, cap: 10 },
      { code: 'review', name: '参与审议', points: 0, cap: 15 },
      { code: 'contact', name: '联系职工', points: 6, cap: 20 },
      { code: 'research', name: '调研走访', points: 0, cap: 20 },
      { code: 'supervision', name: '督办反馈', points: 0, cap: 15 },
      { code: 'evaluation', name: '会员评议', points: 9, cap: 20 },
    ]);
    expect(p.records.map((r) => [r.source, r.item?.name ?? null, r.points])).toEqual([
      ['session_absent', '无故缺席', -5],
      ['proposal_filed', '提案被立案', 2],
      ['member_evaluation', '会员评议', 9],
      ['contact_replied', '联系职工', 2],
      ['contact_replied', '联系职工', 2],
      ['contact_replied', '联系职工', 2],
      ['session_attended', '出席会议', 5],
      ['session_attended', '出席会议', 5],
      ['proposal_submitted', '提交提案', 0],
      ['proposal_submitted', '提交提案', 5],
      ['proposal_submitted', '提交提案', 5],
      ['proposal_submitted', '提交提案', 5],
      ['proposal_submitted', '提交提案', 5],
    ]);
    // The fifth proposal crossed the cap: 5 before the cap, 0 after.
    expect(p.records[8]).toMatchObject({ basePoints: 5, points: 0, capped: true, state: 'counted' });
    expect(p.records[9]).toMatchObject({ capped: false });
    expect(p.records[0]?.representative).toEqual({ id: s.rep1.repId, name: '沈代表', delegation: TEXTILE });

    for (const who of [s.cadre, s.reviewer, s.cityAdmin])
      expect((await who.agent.get(url)).statusCode).toBe(200);
    // Another representative of the same congress, the other township's cadre, a worker: 404.
    for (const who of [s.rep2, s.otherCadre, s.otherRep, s.worker, s.textileCadre]) {
      expect((await who.agent.get(url)).statusCode).toBe(404);
    }
    expect((await s.cadre.agent.get('/api/v1/duty/representatives/999999/profile')).statusCode).toBe(404);
  });

  it('answers 我的履职 with the caller’s seat, total, rank and pending records', async () => {
    const me = await s.rep3.agent.get('/api/v1/duty/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual([
      {
        congress: { id: s.congressId, name: '林埭镇总工会第一届会员代表大会', state: 'active' },
        representativeId: s.rep3.repId,
        total: 15.38,
        rank: 2,
        representativeCount: 4,
        records: 6,
        pending: 1,
      },
    ]);
    expect((await s.worker.agent.get('/api/v1/duty/me')).json()).toEqual([]);
  });

  it('exports the leaderboard to Excel with Chinese headers for staff only, audited', async () => {
    const url = `/api/v1/duty/congresses/${s.congressId}/leaderboard/export`;
    const res = await s.cadre.agent.get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows: unknown[][] = [];
    ws?.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows[0]).toEqual([
      '排名',
      '组内排名',
      '代表',
      '代表小组',
      '界别',
      '单位',
      '出席会议',
      '提交提案',
      '联名附议',
      '参与审议',
      '联系职工',
      '调研走访',
      '督办反馈',
      '会员评议',
      '加分',
      '减分',
      '总分',
      '记录数',
    ]);
    expect(rows[1]).toEqual([
      1,
      1,
      '沈代表',
      TEXTILE,
      '一线职工',
      '林埭镇示范纺织有限公司工会',
      10,
      20,
      0,
      0,
      6,
      0,
      0,
      9,
      2,
      5,
      27.46,
      13,
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[2], r[16]])).toEqual([
      [1, '沈代表', 27.46],
      [2, '杨代表', 15.38],
      [2, '钟代表', 15.38],
      [4, '何代表', -3],
    ]);
    const audit = await t.database.executeSql(
      `select action, entity_id from audit_log where action = 'duty.export' order by id desc limit 1`,
    );
    expect(audit.rows).toEqual([{ action: 'duty.export', entity_id: String(s.congressId) }]);
    // The name search of the screen applies to the file too.
    const searched = await s.cadre.agent.get(`${url}?q=${encodeURIComponent('沈')}`);
    const one = new ExcelJS.Workbook();
    await one.xlsx.load(searched.rawPayload as unknown as ArrayBuffer);
    expect(one.worksheets[0]?.rowCount).toBe(2);
    expect(one.worksheets[0]?.getRow(2).getCell(3).value).toBe('沈代表');
    expect((await s.rep1.agent.get(url)).statusCode).toBe(403);
    expect((await s.otherCadre.agent.get(url)).statusCode).toBe(404);
  });

  it('assembles rows purely: an empty term ranks everybody first with zero', () => {
    const seat = (id: number, name: string, delegation: string) => ({
      id,
      name,
      delegation,
      sector: 'frontline',
      orgId: 1,
      orgName: '单位',
    });
    const rows = assembleLeaderboard(
      defaultSchemeDefinition,
      [seat(1, '乙', 'A'), seat(2, '甲', 'A'), seat(3, '丙', 'B')],
      [
        // 甲: review 15 (at cap) → 40 × 15 / 65 = 9.2308 → 9.23; supervision 15 → 60 × 15 / 75 = 12 → 21.23
        { representativeId: 2, itemCode: 'review', points: 15, records: 5 },
        { representativeId: 2, itemCode: 'supervision', points: 15, records: 5 },
        // 丙: cosign 10 → 40 × 10 / 65 = 6.1538 → 6.15; excellent 10 → 16.15
        { representativeId: 3, itemCode: 'excellent', points: 10, records: 2 },
        { representativeId: 3, itemCode: 'cosign', points: 10, records: 5 },
      ],
    );
    expect(rows.map((r) => [r.representative.name, r.total, r.rank, r.delegationRank])).toEqual([
      ['甲', 21.23, 1, 1],
      ['丙', 16.15, 2, 1],
      ['乙', 0, 3, 2],
    ]);
    expect(
      assembleLeaderboard(defaultSchemeDefinition, [seat(1, '乙', 'A'), seat(2, '甲', 'A')], []).map(
        (r) => r.rank,
      ),
    ).toEqual([1, 1]);
  });
});
