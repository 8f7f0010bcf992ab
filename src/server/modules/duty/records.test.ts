import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import type { TDutyRecord } from '../../../shared/duty.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import type { SceneRep, SceneUser } from '../proposals/proposals.fixture.ts';
import { uploadTo } from '../proposals/upload.fixture.ts';
import { buildDutyScene, type DutyScene } from './duty.fixture.ts';
import { dutyArchives } from './duty.table.ts';

/**
 * 履职记录 API (issue #9): a representative's own entries with evidence, a cadre's review, awards and
 * voids, who sees what, two cadres at once, and the cap per term.
 */

let t: TestApp;
let s: DutyScene;
const BASE = '/api/v1/duty/records';

beforeAll(async () => {
  t = await createTestApp();
  s = await buildDutyScene(t);
}, 300_000);
afterAll(async () => {
  await t.close();
});

let seq = 0;
const entry = (over: Record<string, unknown> = {}) => {
  seq += 1;
  return {
    congressId: s.congressId,
    itemCode: 'research',
    title: `走访纺织车间 ${seq}`,
    detail: '走访了三个车间，收集职工意见 12 条。',
    occurredOn: '2026-03-05',
    ...over,
  };
};

async function enter(rep: SceneRep, over: Record<string, unknown> = {}): Promise<TDutyRecord> {
  const res = await rep.agent.post(BASE, entry(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function act(who: SceneUser, id: number, path: string, body?: unknown, status = 200) {
  const res = await who.agent.post(`${BASE}/${id}/${path}`, body);
  expect(res.statusCode, `${path}: ${res.body}`).toBe(status);
  return res.json();
}

const errorOf = (res: { json(): unknown }) =>
  (res.json() as { error: { code: string; message: string } }).error;

describe('duty records API', { timeout: 180_000 }, () => {
  it('a representative enters a pending record for a manual-entry indicator; bad input is refused in Chinese', async () => {
    const r = await enter(s.rep1, { title: '走访纺织车间', occurredOn: '2026-03-05' });
    expect(r).toMatchObject({
      congressId: s.congressId,
      representative: { id: s.rep1.repId, name: '沈代表' },
      source: 'manual',
      item: { code: 'research', name: '调研走访', kind: 'indicator' },
      title: '走访纺织车间',
      detail: '走访了三个车间，收集职工意见 12 条。',
      occurredAt: '2026-03-04T16:00:00.000Z',
      state: 'pending',
      points: 0,
      basePoints: 0,
      capped: false,
      createdBy: { id: s.rep1.user.id, name: '沈代表' },
      reviewedBy: null,
      fileCount: 0,
    });

    const bad = async (over: Record<string, unknown>, field: string, message: string) => {
      const res = await s.rep1.agent.post(BASE, entry(over));
      expect(res.statusCode, res.body).toBe(400);
      expect(errorOf(res).message).toBe(message);
      expect((res.json() as { error: { details: { field: string }[] } }).error.details[0]?.field).toBe(field);
    };
    // 出席会议 is recorded by check-in only; 提案被立案 is a bonus.
    await bad({ itemCode: 'attendance' }, 'itemCode', '该指标不能由代表自行填报，请选择方案中允许填报的指标');
    await bad({ itemCode: 'filed' }, 'itemCode', '该指标不能由代表自行填报，请选择方案中允许填报的指标');
    await bad({ itemCode: 'nosuch' }, 'itemCode', '该指标不能由代表自行填报，请选择方案中允许填报的指标');
    await bad({ occurredOn: '2099-01-01' }, 'occurredOn', '履职日期不能晚于今天');
    await bad(
      { occurredOn: '2025-12-31' },
      'occurredOn',
      '履职日期须在本届任期内（2026-01-01 至 2030-12-31）',
    );
    const noTitle = await s.rep1.agent.post(BASE, entry({ title: '' }));
    expect(noTitle.statusCode).toBe(400);
    expect(errorOf(noTitle).message).toContain('请填写履职事项');

    // Not a representative of that congress, or not acting as one.
    expect((await s.otherRep.agent.post(BASE, entry())).statusCode).toBe(403);
    expect((await s.cadre.agent.post(BASE, entry())).statusCode).toBe(403);
  });

  it('evidence goes to duty.record/<id> while pending; cadres of the union review, others may not', async () => {
    const r = await enter(s.rep1);
    expect((await uploadTo(s.rep1, 'duty.record', r.id, '走访照片.png')).statusCode).toBe(201);
    // Another representative cannot attach to (or read) someone else's record.
    expect((await uploadTo(s.rep2, 'duty.record', r.id)).statusCode).toBe(404);
    expect((await s.rep2.agent.get(`${BASE}/${r.id}`)).statusCode).toBe(404);
    expect(((await s.rep1.agent.get(`${BASE}/${r.id}`)).json() as TDutyRecord).fileCount).toBe(1);

    // Another township's cadre and a unit's cadre lie outside the congress's union; a reviewer only reads.
    await act(s.otherCadre, r.id, 'approve', undefined, 404);
    await act(s.textileCadre, r.id, 'approve', undefined, 404);
    await act(s.reviewer, r.id, 'approve', undefined, 403);
    await act(s.rep1, r.id, 'approve', undefined, 403);

    const approved = (await act(s.cadre, r.id, 'approve')) as TDutyRecord;
    expect(approved).toMatchObject({
      state: 'approved',
      points: 5,
      basePoints: 5,
      reviewedBy: { id: s.cadre.user.id, name: '钱干事' },
      fileCount: 1,
    });
    const notes = await t.database.db
      .select({ title: notifications.title })
      .from(notifications)
      .where(and(eq(notifications.userId, s.rep1.user.id), eq(notifications.kind, 'duty.recordApprove')));
    expect(notes.map((n) => n.title)).toEqual([`您的履职记录「${r.title}」已审核通过`]);
    // Evidence is closed once decided.
    expect((await uploadTo(s.rep1, 'duty.record', r.id)).statusCode).toBe(404);
    // A second decision is refused.
    const again = await s.cadre2.agent.post(`${BASE}/${r.id}/reject`, { reason: '材料不全' });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).message).toBe('当前状态「审核通过」不能执行「驳回」');

    const timeline = await s.cadre.agent.get(`/api/v1/timeline/duty.record/${r.id}`);
    expect(timeline.statusCode, timeline.body).toBe(200);
  });

  it('two cadres approving at once: one wins, the other gets 409', async () => {
    const r = await enter(s.rep2);
    const [a, b] = await Promise.all([
      s.cadre.agent.post(`${BASE}/${r.id}/approve`),
      s.cadre2.agent.post(`${BASE}/${r.id}/approve`),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const res = await t.database.executeSql(
      "select count(*)::int as n from timeline_events where entity_type = 'duty.record' and entity_id = $1 and event = 'approve'",
      [String(r.id)],
    );
    expect(res.rows[0]?.n).toBe(1);
  });

  it('reject needs a reason and tells the representative; the representative withdraws their own pending entry', async () => {
    const r = await enter(s.rep2, { itemCode: 'contact', title: '线下走访职工宿舍' });
    const noReason = await s.cadre.agent.post(`${BASE}/${r.id}/reject`, {});
    expect(noReason.statusCode).toBe(400);
    const rejected = (await act(s.cadre, r.id, 'reject', { reason: '缺少走访照片' })) as TDutyRecord;
    expect(rejected).toMatchObject({ state: 'rejected', rejectReason: '缺少走访照片', points: 0 });
    const notes = await t.database.db
      .select({ title: notifications.title, body: notifications.body })
      .from(notifications)
      .where(and(eq(notifications.userId, s.rep2.user.id), eq(notifications.kind, 'duty.recordReject')));
    expect(notes).toEqual([{ title: '您的履职记录「线下走访职工宿舍」被驳回', body: '缺少走访照片' }]);

    const w = await enter(s.rep2);
    await act(s.rep1, w.id, 'withdraw', undefined, 404);
    await act(s.cadre, w.id, 'withdraw', undefined, 403);
    expect(((await act(s.rep2, w.id, 'withdraw')) as TDutyRecord).state).toBe('void');
    await act(s.rep2, w.id, 'withdraw', undefined, 409);
  });

  it('a representative lists only their own records; staff list their subtree with filters and paging', async () => {
    const mine = (await s.rep1.agent.get(`${BASE}?representativeId=${s.rep2.repId}&pageSize=100`)).json() as {
      items: TDutyRecord[];
      total: number;
    };
    expect(mine.total).toBe(2);
    expect(new Set(mine.items.map((r) => r.representative.id))).toEqual(new Set([s.rep1.repId]));

    const rep2 = (
      await s.cadre.agent.get(`${BASE}?representativeId=${s.rep2.repId}&pageSize=100`)
    ).json() as {
      items: TDutyRecord[];
      total: number;
    };
    expect(rep2.items.map((r) => r.state)).toEqual(['void', 'rejected', 'approved']);
    const pending = (await s.cadre.agent.get(`${BASE}?congressId=${s.congressId}&state=approved`)).json() as {
      total: number;
    };
    expect(pending.total).toBe(2);
    const paged = (
      await s.cadre.agent.get(`${BASE}?congressId=${s.congressId}&pageSize=2&page=2`)
    ).json() as {
      items: TDutyRecord[];
      total: number;
      page: number;
    };
    expect([paged.total, paged.page, paged.items.length]).toEqual([5, 2, 2]);
    const byDelegation = (
      await s.cadre.agent.get(`${BASE}?delegation=${encodeURIComponent('林埭镇示范纺代表小组')}`)
    ).json() as { total: number };
    expect(byDelegation.total).toBe(2);
    const other = (await s.otherCadre.agent.get(`${BASE}?congressId=${s.congressId}`)).json() as {
      total: number;
    };
    expect(other.total).toBe(0);
    expect((await s.worker.agent.get(BASE)).statusCode).toBe(403);
  });

  it('awards change points (bonus +, penalty −), void takes them back, the cap per term cuts the fifth research', async () => {
    const award = async (who: SceneUser, body: Record<string, unknown>, status = 201) => {
      const res = await who.agent.post(`${BASE}/award`, {
        representativeId: s.rep3.repId,
        title: '提案获评年度优秀提案',
        occurredOn: '2026-04-01',
        ...body,
      });
      expect(res.statusCode, res.body).toBe(status);
      return res;
    };
    const bonus = (await award(s.cadre, { itemCode: 'excellent' })).json() as TDutyRecord;
    expect(bonus).toMatchObject({
      source: 'award',
      state: 'counted',
      item: { code: 'excellent', name: '提案获评优秀', kind: 'bonus' },
      points: 5,
      reviewedBy: { name: '钱干事' },
    });
    const penalty = (
      await award(s.cadre, { itemCode: 'false_record', title: '填报不实' })
    ).json() as TDutyRecord;
    expect(penalty).toMatchObject({ item: { code: 'false_record', kind: 'penalty' }, points: -3 });
    const wrong = await award(s.cadre, { itemCode: 'research' }, 400);
    expect(errorOf(wrong).message).toBe('请选择方案中的加分或减分项目');
    await award(s.otherCadre, { itemCode: 'excellent' }, 404);
    await award(s.reviewer, { itemCode: 'excellent' }, 403);
    await award(s.rep1, { itemCode: 'excellent' }, 403);
    const sum = async () =>
      (
        await t.database.executeSql(
          'select coalesce(sum(points), 0)::int as n from duty_records where representative_id = $1',
          [s.rep3.repId],
        )
      ).rows[0]?.n;
    expect(await sum()).toBe(2);

    // Void needs a reason; a pending record cannot be voided (the representative withdraws it instead).
    expect((await s.cadre.agent.post(`${BASE}/${penalty.id}/void`, {})).statusCode).toBe(400);
    const voided = (await act(s.cadre, penalty.id, 'void', { reason: '核实后填报属实' })) as TDutyRecord;
    expect(voided).toMatchObject({ state: 'void', points: 0, rejectReason: '核实后填报属实' });
    expect(await sum()).toBe(5);

    // 调研走访: 5 points each, cap 20 per term → the fifth (latest) approved entry earns 0.
    const ids: number[] = [];
    for (const day of ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05']) {
      ids.push((await enter(s.rep3, { occurredOn: day })).id);
    }
    await act(s.cadre, ids[4] ?? 0, 'void', { reason: '测试' }, 409);
    for (const id of ids) await act(s.cadre, id, 'approve');
    const list = (await s.rep3.agent.get(`${BASE}?itemCode=research`)).json() as { items: TDutyRecord[] };
    expect(list.items.map((r) => [r.occurredAt.slice(0, 10), r.points, r.basePoints, r.capped])).toEqual([
      ['2026-05-04', 0, 5, true],
      ['2026-05-03', 5, 5, false],
      ['2026-05-02', 5, 5, false],
      ['2026-05-01', 5, 5, false],
      ['2026-04-30', 5, 5, false],
    ]);
  });

  it('an archived term refuses every write with 409', async () => {
    const r = await enter(s.rep4);
    const award = await s.cadre.agent.post(`${BASE}/award`, {
      representativeId: s.rep4.repId,
      itemCode: 'excellent',
      title: '优秀提案',
      occurredOn: '2026-04-01',
    });
    expect(award.statusCode).toBe(201);
    await t.database.db.insert(dutyArchives).values({
      congressId: s.congressId,
      orgId: s.township.id,
      orgPath: s.township.path,
      schemeVersion: 1,
      representativeCount: 4,
      recordCount: 20,
    });
    const refused = async (res: { statusCode: number; json(): unknown }) => {
      expect(res.statusCode).toBe(409);
      expect(errorOf(res)).toMatchObject({ code: 'TERM_ARCHIVED', message: '本届履职已归档，不能再修改' });
    };
    await refused(await s.rep4.agent.post(BASE, entry()));
    await refused(await s.cadre.agent.post(`${BASE}/${r.id}/approve`));
    await refused(await s.rep4.agent.post(`${BASE}/${r.id}/withdraw`));
    await refused(
      await s.cadre.agent.post(`${BASE}/${(award.json() as TDutyRecord).id}/void`, { reason: '归档后' }),
    );
    await refused(
      await s.cadre.agent.post(`${BASE}/award`, {
        representativeId: s.rep4.repId,
        itemCode: 'excellent',
        title: '优秀提案',
        occurredOn: '2026-04-01',
      }),
    );
    // Reading still works.
    expect((await s.rep4.agent.get(`${BASE}/${r.id}`)).statusCode).toBe(200);
  });
});
