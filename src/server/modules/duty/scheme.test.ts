import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/app.ts';
import {
  defaultSchemeDefinition,
  newSchemeCode,
  type TLeaderboard,
  type TScheme,
  type TSchemeDefinition,
} from '../../../shared/duty.ts';
import { buildDutyScene, type DutyScene, insertDutyRecord } from './duty.fixture.ts';

/** 履职评价指标方案 (issue #9): validation, versions, re-scoring on change, access. */

const clone = (): TSchemeDefinition => structuredClone(defaultSchemeDefinition);
const withIndicator = (
  def: TSchemeDefinition,
  code: string,
  over: Partial<TSchemeDefinition['indicators'][number]>,
): TSchemeDefinition => ({
  ...def,
  indicators: def.indicators.map((i) => (i.code === code ? { ...i, ...over } : i)),
});

describe('履职评价 schemes', () => {
  let t: TestApp;
  let s: DutyScene;
  let url: string;
  const put = (agent: Agent, body: unknown, to = url) =>
    agent.inject({ method: 'PUT', url: to, payload: body as object });
  const totals = async () => {
    const board = (
      await s.cadre.agent.get(`/api/v1/duty/congresses/${s.congressId}/leaderboard`)
    ).json() as TLeaderboard;
    return Object.fromEntries(board.rows.map((r) => [r.representative.name, r.total]));
  };
  const storedPoints = async (repId: number) =>
    (
      await t.database.executeSql(
        'select points from duty_records where representative_id = $1 order by occurred_at, id',
        [repId],
      )
    ).rows.map((r) => r.points);

  beforeAll(async () => {
    t = await createTestApp();
    s = await buildDutyScene(t);
    url = `/api/v1/duty/congresses/${s.congressId}/scheme`;
    // 沈代表: 4 contact replies (2 each = 8); 杨代表: 1 proposal (5).
    for (let i = 0; i < 4; i++) await insertDutyRecord(t, s, s.rep1.repId, 'contact_replied');
    await insertDutyRecord(t, s, s.rep2.repId, 'proposal_submitted');
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the default scheme as version 1 to staff and the congress’s representatives', async () => {
    const res = await s.cadre.agent.get(url);
    expect(res.statusCode).toBe(200);
    const scheme = res.json() as TScheme;
    expect(scheme).toMatchObject({ congressId: s.congressId, version: 1, note: '默认方案', createdBy: null });
    expect(scheme.definition.firstLevel.map((f) => [f.name, f.weight])).toEqual([
      ['大会期间', 40],
      ['闭会期间', 60],
    ]);
    expect(scheme.definition.indicators).toHaveLength(8);
    for (const who of [s.rep1, s.reviewer, s.cityAdmin])
      expect((await who.agent.get(url)).statusCode).toBe(200);
    for (const who of [s.otherCadre, s.otherRep, s.worker, s.textileCadre]) {
      expect((await who.agent.get(url)).statusCode).toBe(404);
      expect((await who.agent.get(`${url}s`)).statusCode).toBe(404);
    }
  });

  it('refuses invalid schemes with Chinese messages', async () => {
    const weights = clone();
    weights.firstLevel = [
      { code: 'congress', name: '大会期间', weight: 40 },
      { code: 'recess', name: '闭会期间', weight: 50 },
    ];
    let res = await put(s.cadre.agent, { definition: weights, note: '调整权重' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('输入有误：一级指标权重之和应为 100（现为 90）');

    res = await put(s.cadre.agent, {
      definition: withIndicator(clone(), 'research', { code: 'contact' }),
      note: '编码重复',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { message: string }) => d.message)).toContain(
      '编码重复：contact',
    );

    res = await put(s.cadre.agent, {
      definition: withIndicator(clone(), 'research', { sources: ['contact_replied'] }),
      note: '来源重复',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('输入有误：「答复职工留言」同时计入「联系职工」和「调研走访」');

    // Two columns of the same name in the ranking: the second is named (an indicator and a penalty here).
    const twice = clone();
    const second = twice.indicators.findIndex((i) => i.code === 'research');
    const name = twice.indicators[0]?.name as string;
    res = await put(s.cadre.agent, {
      definition: withIndicator(twice, 'research', { name: ` ${name} ` }),
      note: '名称重复',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toContainEqual({
      field: `body.definition.indicators.${second}.name`,
      message: `名称重复：「${name}」`,
    });
    const penalty = clone();
    penalty.penalties[0] = { ...(penalty.penalties[0] as (typeof penalty.penalties)[number]), name };
    res = await put(s.cadre.agent, { definition: penalty, note: '名称重复' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toEqual({
      field: 'body.definition.penalties.0.name',
      message: `名称重复：「${name}」`,
    });
    const first = clone();
    first.firstLevel = first.firstLevel.map((f) => ({ ...f, name: '履职' }));
    res = await put(s.cadre.agent, { definition: first, note: '名称重复' });
    expect(res.json().error.details).toContainEqual({
      field: 'body.definition.firstLevel.1.name',
      message: '名称重复：「履职」',
    });

    res = await put(s.cadre.agent, { definition: clone() });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('请填写修改说明');
    res = await put(s.cadre.agent, { definition: clone(), note: '   ' });
    expect(res.statusCode).toBe(400);

    const versions = (await s.cadre.agent.get(`${url}s`)).json() as TScheme[];
    expect(versions.map((v) => v.version)).toEqual([1]);
  });

  it('saves versions 2 and 3, re-scores the stored points and says how many records and representatives changed', async () => {
    // Before: 沈 contact 8 → 60 × 8 / 75 = 6.40; 杨 proposal 5 → 40 × 5 / 65 = 3.08.
    expect(await totals()).toEqual({ 沈代表: 6.4, 杨代表: 3.08, 钟代表: 0, 何代表: 0 });

    // v2: 联系职工 3 points per record → 沈's 4 records 2 → 3 each: 12 → 60 × 12 / 75 = 9.60.
    let res = await put(s.cadre.agent, {
      definition: withIndicator(clone(), 'contact', { pointsPerRecord: 3 }),
      note: '联系职工每次计 3 分',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().scheme).toMatchObject({
      version: 2,
      note: '联系职工每次计 3 分',
      createdBy: { name: '钱干事' },
    });
    expect(res.json().recompute).toEqual({
      version: 2,
      records: 5,
      representatives: 4,
      changedRepresentatives: 1,
      message: '已按第 2 版方案重新计分：共 5 条记录（其中 4 条分值变化），1 名代表总分发生变化',
    });
    expect(await storedPoints(s.rep1.repId)).toEqual([3, 3, 3, 3]);
    expect(await totals()).toEqual({ 沈代表: 9.6, 杨代表: 3.08, 钟代表: 0, 何代表: 0 });

    // v3 (by the other cadre): 联系职工 cap 10 → 3 + 3 + 3 + 1 = 10, and 闭会期间's caps now add up to
    // 10 + 20 + 15 + 20 = 65 → 60 × 10 / 65 = 9.2308 → 9.23;
    // 提交提案 10 per record → 杨 10 → 40 × 10 / 65 = 6.15.
    const v3 = withIndicator(
      withIndicator(clone(), 'contact', { pointsPerRecord: 3, capPerTerm: 10 }),
      'proposal',
      {
        pointsPerRecord: 10,
      },
    );
    res = await put(s.cadre2.agent, { definition: v3, note: '联系职工封顶 10 分，提案每件 10 分' });
    expect(res.statusCode).toBe(200);
    expect(res.json().recompute.message).toBe(
      '已按第 3 版方案重新计分：共 5 条记录（其中 2 条分值变化），2 名代表总分发生变化',
    );
    expect(await storedPoints(s.rep1.repId)).toEqual([3, 3, 3, 1]);
    expect(await storedPoints(s.rep2.repId)).toEqual([10]);
    expect(await totals()).toEqual({ 沈代表: 9.23, 杨代表: 6.15, 钟代表: 0, 何代表: 0 });
    const board = (await s.rep3.agent.get(`/api/v1/duty/congresses/${s.congressId}/leaderboard`)).json();
    expect(board.schemeVersion).toBe(3);

    // History newest first; the scheme in force is v3.
    const versions = (await s.rep1.agent.get(`${url}s`)).json() as TScheme[];
    expect(versions.map((v) => [v.version, v.note, v.createdBy?.name ?? null])).toEqual([
      [3, '联系职工封顶 10 分，提案每件 10 分', '孙干事'],
      [2, '联系职工每次计 3 分', '钱干事'],
      [1, '默认方案', null],
    ]);
    expect(((await s.rep1.agent.get(url)).json() as TScheme).version).toBe(3);

    const audit = await t.database.executeSql(
      `select detail->>'version' as version, detail->>'note' as note from audit_log
        where action = 'duty.scheme.save' order by id`,
    );
    expect(audit.rows).toEqual([
      { version: '2', note: '联系职工每次计 3 分' },
      { version: '3', note: '联系职工封顶 10 分，提案每件 10 分' },
    ]);
  });

  it('lets representatives read but not change the scheme; other orgs get 404', async () => {
    const body = { definition: clone(), note: '越权修改' };
    for (const who of [s.rep1, s.reviewer, s.auditor])
      expect((await put(who.agent, body)).statusCode).toBe(403);
    for (const who of [s.otherCadre, s.otherRep, s.worker, s.textileCadre]) {
      expect((await put(who.agent, body)).statusCode).toBe(404);
    }
    expect((await put(s.cadre.agent, body, '/api/v1/duty/congresses/999999/scheme')).statusCode).toBe(404);
    const versions = (await s.cadre.agent.get(`${url}s`)).json() as TScheme[];
    expect(versions[0]?.version).toBe(3);
  });

  it('serialises two cadres saving at once into two consecutive versions', async () => {
    const [a, b] = await Promise.all([
      put(s.cadre.agent, { definition: clone(), note: '恢复默认（甲）' }),
      put(s.cadre2.agent, { definition: clone(), note: '恢复默认（乙）' }),
    ]);
    expect([a?.statusCode, b?.statusCode]).toEqual([200, 200]);
    expect([a?.json().scheme.version, b?.json().scheme.version].sort()).toEqual([4, 5]);
    // Back to the default: 沈 8 → 6.40, 杨 5 → 3.08.
    expect(await totals()).toEqual({ 沈代表: 6.4, 杨代表: 3.08, 钟代表: 0, 何代表: 0 });
    const messages = [a?.json().recompute.message, b?.json().recompute.message].sort();
    expect(messages).toEqual([
      '已按第 4 版方案重新计分：共 5 条记录（其中 5 条分值变化），2 名代表总分发生变化',
      '已按第 5 版方案重新计分：共 5 条记录（其中 0 条分值变化），0 名代表总分发生变化',
    ]);
  });

  it('takes the items the scheme page adds with codes it makes (a cadre never types a code)', async () => {
    const codes = new Set(Array.from({ length: 500 }, () => newSchemeCode('item')));
    expect(codes.size).toBe(500);
    const def = clone();
    const level = newSchemeCode('level');
    const item = newSchemeCode('item');
    const bonus = newSchemeCode('bonuses');
    def.firstLevel = [
      { ...(def.firstLevel[0] as TSchemeDefinition['firstLevel'][number]), weight: 30 },
      { ...(def.firstLevel[1] as TSchemeDefinition['firstLevel'][number]), weight: 50 },
      { code: level, name: '基层联系', weight: 20 },
    ];
    def.indicators.push({
      code: item,
      name: '走访基层',
      firstLevel: level,
      pointsPerRecord: 2,
      capPerTerm: 10,
      sources: [],
      manualEntry: true,
    });
    def.bonuses.push({ code: bonus, name: '典型发言', points: 3, capPerTerm: null, sources: [] });
    const res = await put(s.cadre.agent, { definition: def, note: '新增基层联系' });
    expect(res.statusCode).toBe(200);
    const saved = (res.json() as { scheme: TScheme }).scheme.definition;
    expect(saved.firstLevel.map((f) => [f.code, f.weight])).toContainEqual([level, 20]);
    expect(saved.indicators.find((i) => i.code === item)).toMatchObject({
      name: '走访基层',
      firstLevel: level,
    });
    expect(saved.bonuses.map((b) => b.code)).toContain(bonus);
  });
});
