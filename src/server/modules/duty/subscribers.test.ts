import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, loginAs, type TestApp } from '../../../../test/app.ts';
import type { TProposal } from '../../../shared/proposals.ts';
import { publish } from '../../platform/events/events.ts';
import {
  backdateProposal,
  fixtureCtx,
  proposalDraftInput,
  type SceneUser,
} from '../proposals/proposals.fixture.ts';
import { closeCosignWindows } from '../proposals/proposals.service.ts';
import { representatives } from '../proposals/proposals.table.ts';
import { buildDutyScene, type DutyScene } from './duty.fixture.ts';
import { dutyArchives } from './duty.table.ts';

/**
 * 履职记录 from platform events (issue #9): the real 云履职 loop through the HTTP API makes records for
 * the proposer, the co-signers and a reviewer who holds a seat — once per event, never for a reviewer
 * without a seat, never in an archived term (and the proposal action still succeeds).
 */

let t: TestApp;
let s: DutyScene;
/** A reviewer who is also a seated representative of the township congress. */
let seatedReviewer: SceneUser & { repId: number };
const BASE = '/api/v1/proposals/proposals';

beforeAll(async () => {
  t = await createTestApp();
  s = await buildDutyScene(t);
  const u = await buildUser(t, { org: s.township, role: 'reviewer', displayName: '曹审议' });
  const [seat] = await t.database.db
    .insert(representatives)
    .values({
      congressId: s.congressId,
      userId: u.id,
      orgId: s.textile.id,
      orgPath: s.township.path,
      sector: 'frontline',
      delegation: '纺织代表小组',
    })
    .returning({ id: representatives.id });
  seatedReviewer = { user: u, agent: await loginAs(t, u), displayName: '曹审议', repId: seat?.id ?? 0 };
}, 300_000);
afterAll(async () => {
  await t.close();
});

async function act(who: SceneUser, id: number, path: string, body?: unknown): Promise<TProposal> {
  const res = await who.agent.post(`${BASE}/${id}/${path}`, body);
  expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
  return res.json();
}

type Row = { source: string; item_code: string | null; points: number; title: string; state: string };
async function recordsOf(repId: number): Promise<Row[]> {
  const res = await t.database.executeSql(
    'select source, item_code, points, title, state from duty_records where representative_id = $1 order by id',
    [repId],
  );
  return res.rows as Row[];
}
const brief = (rows: Row[]) => rows.map((r) => [r.source, r.item_code, r.points]);

describe('duty records from 云履职 events', { timeout: 180_000 }, () => {
  it('the five-step loop: proposer, co-signers, reviewer (seated or not), rating', async () => {
    const draft = await s.rep1.agent.post(
      BASE,
      proposalDraftInput(s, {
        title: '关于增设职工子女暑期托管班的提案',
        cosignerIds: [s.rep2.repId, s.rep3.repId],
      }),
    );
    expect(draft.statusCode, draft.body).toBe(201);
    const id = (draft.json() as TProposal).id;
    await act(s.rep1, id, 'open-cosign');
    await act(s.rep2, id, 'cosign', { decision: 'sign' });
    await act(s.rep3, id, 'cosign', { decision: 'sign' });
    expect(brief(await recordsOf(s.rep1.repId))).toEqual([]);
    await act(s.rep1, id, 'submit');
    // 许审议 holds no seat: 立案 earns the reviewer nothing, the proposer the 提案被立案 bonus.
    await act(s.reviewer, id, 'review', { decision: 'file' });
    await act(s.cadre, id, 'assign', { leadOrgId: s.textile.id, coOrgIds: [] });
    await act(s.textileCadre, id, 'reply', { text: '已联合两家企业开办暑期托管班，共接收职工子女 126 名。' });
    await act(s.cadre, id, 'supervise', { decision: 'accept' });
    const closed = await act(s.rep1, id, 'rate', { satisfaction: 'satisfied' });
    expect(closed.state).toBe('closed');

    const rep1 = await recordsOf(s.rep1.repId);
    expect(brief(rep1)).toEqual([
      ['proposal_submitted', 'proposal', 5],
      ['proposal_filed', 'filed', 2],
      ['proposal_rated', 'supervision', 3],
    ]);
    expect(rep1.map((r) => r.title)).toEqual([
      '提交提案《关于增设职工子女暑期托管班的提案》',
      '提案《关于增设职工子女暑期托管班的提案》被立案',
      '督办反馈：评价《关于增设职工子女暑期托管班的提案》（满意）',
    ]);
    expect(rep1.every((r) => r.state === 'counted')).toBe(true);
    for (const rep of [s.rep2, s.rep3]) {
      const rows = await recordsOf(rep.repId);
      expect(brief(rows)).toEqual([['proposal_cosigned', 'cosign', 2]]);
      expect(rows[0]?.title).toBe('联名附议《关于增设职工子女暑期托管班的提案》');
    }
    const reviewerSeats = await t.database.executeSql(
      'select count(*)::int as n from duty_records r join representatives p on p.id = r.representative_id where p.user_id = $1',
      [s.reviewer.user.id],
    );
    expect(reviewerSeats.rows[0]?.n).toBe(0);

    // A reviewer who holds a seat earns 参与审议; 转为建议 files no 提案被立案 bonus.
    const second = await s.rep4.agent.post(BASE, proposalDraftInput(s, { title: '关于食堂延时供餐的建议' }));
    const id2 = (second.json() as TProposal).id;
    await act(s.rep4, id2, 'submit');
    await act(seatedReviewer, id2, 'review', { decision: 'to_suggestion', reason: '联名不足，转为建议' });
    const reviewerRows = await recordsOf(seatedReviewer.repId);
    expect(brief(reviewerRows)).toEqual([['proposal_reviewed', 'review', 3]]);
    expect(reviewerRows[0]?.title).toBe('参与审议《关于食堂延时供餐的建议》（不立案，转为建议办理）');
    expect(brief(await recordsOf(s.rep4.repId))).toEqual([['proposal_submitted', 'proposal', 5]]);
  });

  it('a proposal returned and submitted again, or submitted by the job, makes one 提交提案 record', async () => {
    const draft = await s.rep2.agent.post(BASE, proposalDraftInput(s, { title: '关于更换车间风扇的提案' }));
    const id = (draft.json() as TProposal).id;
    await act(s.rep2, id, 'submit');
    await act(seatedReviewer, id, 'review', { decision: 'return', reason: '请补充车间人数' });
    await act(s.rep2, id, 'submit');
    const rep2 = await recordsOf(s.rep2.repId);
    expect(brief(rep2).filter((r) => r[0] === 'proposal_submitted')).toEqual([
      ['proposal_submitted', 'proposal', 5],
    ]);
    // 参与审议 counts once per proposal for the same reviewer.
    await act(seatedReviewer, id, 'review', { decision: 'file' });
    expect(brief(await recordsOf(seatedReviewer.repId))).toEqual([
      ['proposal_reviewed', 'review', 3],
      ['proposal_reviewed', 'review', 3],
    ]);

    // 征集附议期满: the job submits on the proposer's behalf and the proposer gets the record.
    const auto = await s.rep3.agent.post(BASE, proposalDraftInput(s, { title: '关于夜班补贴的提案' }));
    const autoId = (auto.json() as TProposal).id;
    await act(s.rep3, autoId, 'open-cosign');
    await backdateProposal(t, autoId, { cosignDeadline: new Date(Date.now() - 60_000) });
    expect(await closeCosignWindows(t.app.deps)).toEqual({ submitted: 1, skipped: 0 });
    const rep3 = await recordsOf(s.rep3.repId);
    expect(rep3.filter((r) => r.source === 'proposal_submitted').map((r) => [r.title, r.points])).toEqual([
      ['提交提案《关于夜班补贴的提案》', 5],
    ]);
  });

  it('a withdrawn co-signature or proposal voids its record; co-signing again counts again', async () => {
    const draft = await s.rep4.agent.post(BASE, proposalDraftInput(s, { title: '关于增设母婴室的提案' }));
    const id = (draft.json() as TProposal).id;
    await act(s.rep4, id, 'open-cosign');
    await act(s.rep1, id, 'cosign', { decision: 'sign' });
    const signed = (await recordsOf(s.rep1.repId)).filter(
      (r) => r.title === '联名附议《关于增设母婴室的提案》',
    );
    expect(signed.map((r) => [r.state, r.points])).toEqual([['counted', 2]]);

    await act(s.rep1, id, 'cosign/withdraw');
    const withdrawn = (await recordsOf(s.rep1.repId)).filter(
      (r) => r.title === '联名附议《关于增设母婴室的提案》',
    );
    expect(withdrawn.map((r) => [r.state, r.points])).toEqual([['void', 0]]);

    await act(s.rep1, id, 'cosign', { decision: 'sign' });
    const again = (await recordsOf(s.rep1.repId)).filter(
      (r) => r.title === '联名附议《关于增设母婴室的提案》',
    );
    expect(again.map((r) => [r.state, r.points])).toEqual([['counted', 2]]);

    // The proposer submits, then withdraws before review: 提交提案 no longer counts.
    await act(s.rep4, id, 'submit');
    const submitted = () =>
      recordsOf(s.rep4.repId).then((rows) =>
        rows.filter((r) => r.source === 'proposal_submitted' && r.title.includes('母婴室')),
      );
    expect((await submitted()).map((r) => [r.state, r.points])).toEqual([['counted', 5]]);
    await act(s.rep4, id, 'withdraw', {});
    expect((await submitted()).map((r) => [r.state, r.points])).toEqual([['void', 0]]);
  });

  it('联系职工: one record per thread even after two answers', async () => {
    const start = async (subject: string) => {
      const res = await s.worker.agent.post('/api/v1/proposals/contact/threads', {
        representativeId: s.rep4.repId,
        subject,
        body: '周末加班费是按两倍算吗？',
      });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: number }).id;
    };
    const answer = async (id: number, body: string) => {
      const res = await s.rep4.agent.post(`/api/v1/proposals/contact/threads/${id}/messages`, { body });
      expect(res.statusCode, res.body).toBe(200);
    };
    const first = await start('加班费计算');
    // The worker's own messages make no record.
    expect(brief(await recordsOf(s.rep4.repId)).filter((r) => r[0] === 'contact_replied')).toEqual([]);
    await answer(first, '按照规定，休息日加班支付不低于 200% 的工资。');
    const follow = await s.worker.agent.post(`/api/v1/proposals/contact/threads/${first}/messages`, {
      body: '那调休呢？',
    });
    expect(follow.statusCode).toBe(200);
    await answer(first, '安排补休的可以不付加班费。');
    const second = await start('宿舍热水');
    await answer(second, '已向后勤反映。');
    const rows = (await recordsOf(s.rep4.repId)).filter((r) => r.source === 'contact_replied');
    expect(rows.map((r) => [r.title, r.item_code, r.points])).toEqual([
      ['答复职工留言：加班费计算', 'contact', 2],
      ['答复职工留言：宿舍热水', 'contact', 2],
    ]);
  });

  it('the same event twice makes one record; 会员评议 earns 10 × satisfied share', async () => {
    const ctx = fixtureCtx(t);
    const event = {
      congressId: s.congressId,
      proposalId: 999_001,
      userId: s.rep4.user.id,
      title: '关于职工书屋的提案',
      at: new Date('2026-03-02T02:00:00Z'),
    };
    await publish(ctx, 'proposals.proposal_cosigned', event);
    await publish(ctx, 'proposals.proposal_cosigned', event);
    const cosigned = (await recordsOf(s.rep4.repId)).filter(
      (r) => r.title === '联名附议《关于职工书屋的提案》',
    );
    expect(cosigned.map((r) => [r.source, r.points])).toEqual([['proposal_cosigned', 2]]);

    const evaluated = {
      congressId: s.congressId,
      representativeId: s.rep4.repId,
      surveyId: 77,
      surveyTitle: '2026 年度会员评议代表',
      responses: 16,
      satisfiedAnswers: 30,
      countedAnswers: 32,
      at: new Date('2026-06-30T08:00:00Z'),
    };
    await publish(ctx, 'surveys.representative_evaluated', evaluated);
    await publish(ctx, 'surveys.representative_evaluated', evaluated);
    // A survey with no counted answers earns nothing (ratio 0).
    await publish(ctx, 'surveys.representative_evaluated', {
      ...evaluated,
      surveyId: 78,
      surveyTitle: '空白评议',
      responses: 0,
      satisfiedAnswers: 0,
      countedAnswers: 0,
    });
    const res = await t.database.executeSql(
      `select source_ref, title, ratio::text as ratio, points from duty_records
        where representative_id = $1 and source = 'member_evaluation' order by id`,
      [s.rep4.repId],
    );
    expect(res.rows).toEqual([
      {
        source_ref: 'survey:77',
        title: '会员评议《2026 年度会员评议代表》：16 份评价，满意答案 30/32',
        ratio: '0.9375',
        points: 9,
      },
      {
        source_ref: 'survey:78',
        title: '会员评议《空白评议》：0 份评价，满意答案 0/0',
        ratio: '0.0000',
        points: 0,
      },
    ]);
    // A user without a seat in the congress (a worker) earns nothing.
    await publish(ctx, 'proposals.proposal_submitted', {
      ...event,
      proposalId: 999_002,
      userId: s.worker.user.id,
    });
    const byWorker = await t.database.executeSql(
      "select count(*)::int as n from duty_records where source_ref = 'proposal:999002'",
    );
    expect(byWorker.rows[0]?.n).toBe(0);
  });

  it('an archived term gets no records and the proposal action still succeeds', async () => {
    await t.database.db.insert(dutyArchives).values({
      congressId: s.otherCongressId,
      orgId: s.otherTownship.id,
      orgPath: s.otherTownship.path,
      schemeVersion: 1,
      representativeCount: 1,
      recordCount: 0,
    });
    const draft = await s.otherRep.agent.post(
      BASE,
      proposalDraftInput(s, { congressId: s.otherCongressId, title: '关于新埭镇职工通勤的提案' }),
    );
    expect(draft.statusCode, draft.body).toBe(201);
    const submitted = await act(s.otherRep, (draft.json() as TProposal).id, 'submit');
    expect(submitted.state).toBe('submitted');
    const res = await t.database.executeSql(
      'select count(*)::int as n from duty_records where congress_id = $1',
      [s.otherCongressId],
    );
    expect(res.rows[0]?.n).toBe(0);
  });
});
