import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import type { TAppeal, TAppealComment } from '../../../shared/appeals.ts';
import { sqlRows } from '../../db/client.ts';
import type { Ctx } from '../../platform/context.ts';
import { answerReferredAppeal } from './appeals.service.ts';
import { buildProposalsScene, fixtureCtx, type ProposalsScene, type SceneUser } from './proposals.fixture.ts';
import { referralEndpoints } from './proposals.table.ts';

const base = '/api/v1/proposals';

describe('职工事大家议 appeals', () => {
  let t: TestApp;
  let s: ProposalsScene;
  beforeAll(async () => {
    t = await createTestApp();
    s = await buildProposalsScene(t);
  });
  afterAll(async () => {
    await t.close();
  });

  let n = 0;
  async function post(who: SceneUser, over: Record<string, unknown> = {}): Promise<TAppeal> {
    n += 1;
    const res = await who.agent.post(`${base}/appeals`, {
      category: 'children',
      title: `货车司机孩子转学难 ${n}`,
      text: '跑长途的货车司机孩子在镇上转学手续多，希望工会帮忙协调。',
      location: '林埭镇工业园区',
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as TAppeal;
  }
  const get = async (who: SceneUser, id: number) => who.agent.get(`${base}/appeals/${id}`);
  const notices = async (userId: number) =>
    sqlRows<{ title: string; link: string | null }>(
      t.database.db,
      sql`select title, link from notifications where user_id = ${userId} order by id`,
    );

  it('sends an appeal to the township union holding the congress and tells its cadres', async () => {
    const a = await post(s.worker);
    expect(a.org.id).toBe(s.township.id);
    expect(a.state).toBe('open');
    expect(a.code).toMatch(/^YS\d{8}-\d{5}$/);
    expect(a.dueAt).not.toBeNull();
    expect(a.can).toMatchObject({ withdraw: true, support: false, triage: false, rate: false });
    expect((await notices(s.cadre.user.id)).some((x) => x.title.includes(a.code))).toBe(true);
    // Staff and partners do not post appeals.
    expect(
      (
        await s.cadre.agent.post(`${base}/appeals`, {
          category: 'other',
          title: '干部发布',
          text: '干部不能以职工身份发布诉求。',
        })
      ).statusCode,
    ).toBe(403);
    // Bad input: 400 with the field.
    const bad = await s.worker.agent.post(`${base}/appeals`, {
      category: 'children',
      title: '短',
      text: '太短',
    });
    expect(bad.statusCode).toBe(400);
  });

  it('hides an anonymous author from other workers, never from the union; other towns get 404', async () => {
    const a = await post(s.worker, { anonymous: true });
    const other = (await get(s.worker2, a.id)).json() as TAppeal;
    expect(other.author).toBe('匿名职工');
    expect(other.authorDetail).toBeNull();
    expect(other.mine).toBe(false);
    const own = (await get(s.worker, a.id)).json() as TAppeal;
    expect(own.author).toBe('吴师傅');
    const staff = (await get(s.cadre, a.id)).json() as TAppeal;
    expect(staff.author).toBe('吴师傅');
    expect(staff.authorDetail).toEqual({ org: s.textile.name, mobile: '139****0011' });
    expect(staff.can.triage).toBe(true);
    const list = (await s.worker2.agent.get(`${base}/appeals`)).json() as { items: TAppeal[] };
    const row = list.items.find((x) => x.id === a.id);
    expect(row?.author).toBe('匿名职工');
    expect(JSON.stringify(list.items.filter((x) => x.anonymous))).not.toContain('吴师傅');
    expect((await get(s.otherWorker, a.id)).statusCode).toBe(404);
    expect((await get(s.otherCadre, a.id)).statusCode).toBe(404);
    expect((await get(s.govPartner, a.id)).statusCode).toBe(404);
    const otherList = (await s.otherCadre.agent.get(`${base}/appeals`)).json() as { items: TAppeal[] };
    expect(otherList.items.map((x) => x.id)).not.toContain(a.id);
    const workerOther = (await s.otherWorker.agent.get(`${base}/appeals`)).json() as { items: TAppeal[] };
    expect(workerOther.items.map((x) => x.id)).not.toContain(a.id);
  });

  it('附议 once per member, not on one’s own appeal; concurrent submits count once', async () => {
    const a = await post(s.worker);
    const first = await s.worker2.agent.post(`${base}/appeals/${a.id}/support`);
    expect(first.statusCode).toBe(200);
    expect((first.json() as TAppeal).supportCount).toBe(1);
    expect((first.json() as TAppeal).supportedByMe).toBe(true);
    const again = await s.worker2.agent.post(`${base}/appeals/${a.id}/support`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ALREADY_SUPPORTED');
    const own = await s.worker.agent.post(`${base}/appeals/${a.id}/support`);
    expect(own.statusCode).toBe(409);
    expect(own.json().error.code).toBe('OWN_APPEAL');
    expect((await s.otherWorker.agent.post(`${base}/appeals/${a.id}/support`)).statusCode).toBe(404);
    expect((await s.cadre.agent.post(`${base}/appeals/${a.id}/support`)).statusCode).toBe(403);
    const burst = await Promise.all(
      Array.from({ length: 6 }, () => s.rep1.agent.post(`${base}/appeals/${a.id}/support`)),
    );
    expect(burst.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(burst.filter((r) => r.statusCode === 409)).toHaveLength(5);
    const after = (await get(s.cadre, a.id)).json() as TAppeal;
    expect(after.supportCount).toBe(2);
    const [rows] = await sqlRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from appeal_supports where appeal_id = ${a.id}`,
    );
    expect(rows?.n).toBe(2);
  });

  it('keeps comments pending until a cadre approves; members see approved ones and their own', async () => {
    const a = await post(s.worker, { anonymous: true });
    const c = await s.worker2.agent.post(`${base}/appeals/${a.id}/comments`, { text: '我家也是这样，支持' });
    expect(c.statusCode).toBe(201);
    const comment = c.json() as TAppealComment;
    expect(comment).toMatchObject({ state: 'pending', mine: true });
    const authorComment = await s.worker.agent.post(`${base}/appeals/${a.id}/comments`, {
      text: '补充：需要学籍证明',
    });
    expect(authorComment.statusCode).toBe(201);
    expect(
      (await s.otherWorker.agent.post(`${base}/appeals/${a.id}/comments`, { text: '外镇评论' })).statusCode,
    ).toBe(404);
    expect((await s.worker2.agent.post(`${base}/appeals/${a.id}/comments`, { text: '' })).statusCode).toBe(
      400,
    );

    const byAuthor = (await get(s.worker, a.id)).json() as TAppeal;
    expect(byAuthor.comments.map((x) => x.id)).not.toContain(comment.id);
    const byOther = (await get(s.worker2, a.id)).json() as TAppeal;
    expect(byOther.comments.map((x) => x.id)).toEqual([comment.id]);

    const pending = (await s.cadre.agent.get(`${base}/appeals/comments/pending`)).json() as {
      items: { id: number; author: string; appeal: { id: number } }[];
    };
    expect(pending.items.filter((x) => x.appeal.id === a.id)).toHaveLength(2);
    const otherPending = (await s.otherCadre.agent.get(`${base}/appeals/comments/pending`)).json() as {
      items: { appeal: { id: number } }[];
    };
    expect(otherPending.items.some((x) => x.appeal.id === a.id)).toBe(false);
    expect((await s.worker2.agent.get(`${base}/appeals/comments/pending`)).statusCode).toBe(403);

    expect(
      (await s.worker.agent.post(`${base}/appeals/comments/${comment.id}/moderate`, { decision: 'approve' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await s.otherCadre.agent.post(`${base}/appeals/comments/${comment.id}/moderate`, {
          decision: 'approve',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await s.cadre.agent.post(`${base}/appeals/comments/${comment.id}/moderate`, { decision: 'reject' }))
        .statusCode,
    ).toBe(400);
    const ok = await s.cadre.agent.post(`${base}/appeals/comments/${comment.id}/moderate`, {
      decision: 'approve',
    });
    expect(ok.statusCode).toBe(200);
    expect((ok.json() as TAppealComment).state).toBe('approved');
    const twice = await s.cadre2.agent.post(`${base}/appeals/comments/${comment.id}/moderate`, {
      decision: 'approve',
    });
    expect(twice.json().error.code).toBe('ALREADY_MODERATED');

    const authorCommentId = (authorComment.json() as TAppealComment).id;
    const rej = await s.cadre.agent.post(`${base}/appeals/comments/${authorCommentId}/moderate`, {
      decision: 'reject',
      reason: '含个人隐私',
    });
    expect((rej.json() as TAppealComment).state).toBe('rejected');

    const seenByAuthor = (await get(s.worker, a.id)).json() as TAppeal;
    expect(seenByAuthor.comments.map((x) => x.id)).toEqual([comment.id, authorCommentId]);
    expect(seenByAuthor.comments[1]).toMatchObject({
      state: 'rejected',
      rejectReason: '含个人隐私',
      mine: true,
    });
    expect(seenByAuthor.commentCount).toBe(1);
    const seenByOther = (await get(s.worker2, a.id)).json() as TAppeal;
    expect(seenByOther.comments.map((x) => x.id)).toEqual([comment.id]);
    // The anonymous author's own approved comment shows 匿名职工 to others, the name to the union.
    const c2 = (
      (
        await s.worker.agent.post(`${base}/appeals/${a.id}/comments`, { text: '谢谢大家支持' })
      ).json() as TAppealComment
    ).id;
    await s.cadre.agent.post(`${base}/appeals/comments/${c2}/moderate`, { decision: 'approve' });
    const toOther = ((await get(s.worker2, a.id)).json() as TAppeal).comments.find((x) => x.id === c2);
    expect(toOther?.author).toBe('匿名职工');
    const toUnion = ((await get(s.cadre, a.id)).json() as TAppeal).comments.find((x) => x.id === c2);
    expect(toUnion?.author).toBe('吴师傅');
  });

  it('the author withdraws before triage only; a withdrawn appeal disappears for others', async () => {
    const a = await post(s.worker);
    expect((await s.worker2.agent.post(`${base}/appeals/${a.id}/withdraw`)).statusCode).toBe(403);
    const w = await s.worker.agent.post(`${base}/appeals/${a.id}/withdraw`, { note: '已自行解决' });
    expect(w.statusCode).toBe(200);
    expect((w.json() as TAppeal).state).toBe('withdrawn');
    expect((await get(s.worker2, a.id)).statusCode).toBe(404);
    expect((await get(s.cadre, a.id)).statusCode).toBe(200);
    const again = await s.worker.agent.post(`${base}/appeals/${a.id}/withdraw`);
    expect(again.statusCode).toBe(409);
  });

  it('triage: role limits, other orgs refused, handler outside the subtree refused', async () => {
    const a = await post(s.worker);
    const handle = { action: 'handle', handlerOrgId: s.textile.id };
    expect((await s.reviewer.agent.post(`${base}/appeals/${a.id}/triage`, handle)).statusCode).toBe(403);
    expect((await s.worker2.agent.post(`${base}/appeals/${a.id}/triage`, handle)).statusCode).toBe(403);
    expect((await s.textileCadre.agent.post(`${base}/appeals/${a.id}/triage`, handle)).statusCode).toBe(404);
    expect((await s.otherCadre.agent.post(`${base}/appeals/${a.id}/triage`, handle)).statusCode).toBe(404);
    const outside = await s.cadre.agent.post(`${base}/appeals/${a.id}/triage`, {
      action: 'handle',
      handlerOrgId: s.otherUnit.id,
    });
    expect(outside.statusCode).toBe(400);
    const past = await s.cadre.agent.post(`${base}/appeals/${a.id}/triage`, {
      ...handle,
      dueDate: '2020-01-01',
    });
    expect(past.statusCode).toBe(400);
    expect((await s.cadre.agent.post(`${base}/appeals/${a.id}/triage`, { action: 'nope' })).statusCode).toBe(
      400,
    );
    // Two cadres triaging at once: one wins.
    const race = await Promise.all([
      s.cadre.agent.post(`${base}/appeals/${a.id}/triage`, handle),
      s.cadre2.agent.post(`${base}/appeals/${a.id}/triage`, { action: 'handle', handlerOrgId: s.machine.id }),
    ]);
    expect(race.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('handle → reply → 不满意 reopens once with the union → reply → any rating closes', async () => {
    const a = await post(s.worker);
    const tri = await s.cadre.agent.post(`${base}/appeals/${a.id}/triage`, {
      action: 'handle',
      handlerOrgId: s.textile.id,
      note: '请公司工会协调',
    });
    expect(tri.statusCode).toBe(200);
    const handling = tri.json() as TAppeal;
    expect(handling).toMatchObject({
      state: 'handling',
      handlerOrg: { id: s.textile.id },
      triageNote: '请公司工会协调',
    });
    expect((await notices(s.textileCadre.user.id)).some((x) => x.title.includes(a.code))).toBe(true);
    expect(
      (await notices(s.worker.user.id)).some((x) => x.title.includes('林埭镇示范纺织有限公司工会')),
    ).toBe(true);

    const mine = (await s.textileCadre.agent.get(`${base}/appeals?scope=handling`)).json() as {
      items: TAppeal[];
    };
    expect(mine.items.map((x) => x.id)).toContain(a.id);
    const detail = (await get(s.textileCadre, a.id)).json() as TAppeal;
    expect(detail.can.reply).toBe(true);
    expect(
      (await s.machineCadre.agent.post(`${base}/appeals/${a.id}/reply`, { text: '机械公司答复' })).statusCode,
    ).toBe(404);
    expect(
      (await s.cadre.agent.post(`${base}/appeals/${a.id}/reply`, { text: '镇总工会答复' })).statusCode,
    ).toBe(403);
    expect(
      (await s.worker.agent.post(`${base}/appeals/${a.id}/rate`, { satisfaction: 'satisfied' })).statusCode,
    ).toBe(409);
    const r1 = await s.textileCadre.agent.post(`${base}/appeals/${a.id}/reply`, {
      text: '已与学校联系，下周办理',
    });
    expect(r1.statusCode).toBe(200);
    expect((r1.json() as TAppeal).state).toBe('replied');
    expect(
      (await s.worker2.agent.post(`${base}/appeals/${a.id}/rate`, { satisfaction: 'satisfied' })).statusCode,
    ).toBe(403);
    const reopened = await s.worker.agent.post(`${base}/appeals/${a.id}/rate`, {
      satisfaction: 'unsatisfied',
      comment: '还没办好',
    });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({
      state: 'handling',
      reopenCount: 1,
      handlerOrg: { id: s.township.id },
    });
    // The union handles it itself now; the unit can no longer reply.
    expect(
      (await s.textileCadre.agent.post(`${base}/appeals/${a.id}/reply`, { text: '纺织公司再答复' }))
        .statusCode,
    ).toBe(404);
    const r2 = await s.cadre.agent.post(`${base}/appeals/${a.id}/reply`, {
      text: '镇总工会已协调学校，本周入学',
    });
    expect(r2.statusCode).toBe(200);
    const closed = await s.worker.agent.post(`${base}/appeals/${a.id}/rate`, { satisfaction: 'unsatisfied' });
    expect(closed.json()).toMatchObject({ state: 'closed', satisfaction: 'unsatisfied', reopenCount: 1 });
    expect((closed.json() as TAppeal).closedAt).not.toBeNull();
    const tl = await sqlRows<{ event: string }>(
      t.database.db,
      sql`select event from timeline_events where entity_type = 'proposals.appeal' and entity_id = ${String(a.id)} order by id`,
    );
    expect(tl.map((x) => x.event)).toEqual(['create', 'handle', 'reply', 'reopen', 'reply', 'close']);
  });

  it('merge moves the supporters the target lacks, into an open appeal of the same union only', async () => {
    const target = await post(s.worker);
    const dup = await post(s.worker2);
    await s.rep1.agent.post(`${base}/appeals/${target.id}/support`);
    await s.rep1.agent.post(`${base}/appeals/${dup.id}/support`);
    await s.rep2.agent.post(`${base}/appeals/${dup.id}/support`);
    await s.worker.agent.post(`${base}/appeals/${dup.id}/support`);
    const self = await s.cadre.agent.post(`${base}/appeals/${dup.id}/triage`, {
      action: 'merge',
      intoAppealId: dup.id,
    });
    expect(self.statusCode).toBe(400);
    const m = await s.cadre.agent.post(`${base}/appeals/${dup.id}/triage`, {
      action: 'merge',
      intoAppealId: target.id,
    });
    expect(m.statusCode).toBe(200);
    expect(m.json()).toMatchObject({ state: 'merged', mergedInto: { id: target.id } });
    // rep1 already there; rep2 and worker2 (dup's author) join; worker is target's author and is not added.
    const t2 = (await get(s.cadre, target.id)).json() as TAppeal;
    expect(t2.supportCount).toBe(3);
    const closedTarget = await post(s.worker);
    await s.worker.agent.post(`${base}/appeals/${closedTarget.id}/withdraw`);
    const dup2 = await post(s.worker2);
    const bad = await s.cadre.agent.post(`${base}/appeals/${dup2.id}/triage`, {
      action: 'merge',
      intoAppealId: closedTarget.id,
    });
    expect(bad.statusCode).toBe(409);
  });

  it('to_proposal names a representative of the union’s congress, who is notified', async () => {
    const a = await post(s.worker, { title: '暑期托管班名额不够' });
    const wrong = await s.cadre.agent.post(`${base}/appeals/${a.id}/triage`, {
      action: 'to_proposal',
      representativeId: s.otherRep.repId,
    });
    expect(wrong.statusCode).toBe(400);
    const ok = await s.cadre.agent.post(`${base}/appeals/${a.id}/triage`, {
      action: 'to_proposal',
      representativeId: s.rep2.repId,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      state: 'to_proposal',
      representative: { id: s.rep2.repId, name: '杨代表' },
    });
    const n2 = await notices(s.rep2.user.id);
    expect(
      n2.some(
        (x) =>
          x.title.includes('暑期托管班名额不够') && x.link === `/m/congress/proposals/new?appeal=${a.id}`,
      ),
    ).toBe(true);
  });

  it('refer hands it to the governance platform; its answer (system) replies; the author rates', async () => {
    await t.database.db
      .insert(referralEndpoints)
      .values({ partnerOrgId: s.governance.id, mode: 'manual' })
      .onConflictDoNothing();
    const a = await post(s.worker, { shareContact: true });
    const res = await s.cadre.agent.post(`${base}/appeals/${a.id}/triage`, {
      action: 'refer',
      partnerOrgId: s.governance.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    const referred = res.json() as TAppeal;
    expect(referred.state).toBe('referred');
    expect(referred.referral?.partner.id).toBe(s.governance.id);
    expect((await get(s.govPartner, a.id)).statusCode).toBe(200);
    const viaReply = await s.cadre.agent.post(`${base}/appeals/${a.id}/reply`, { text: '工会直接答复' });
    expect(viaReply.json().error.code).toBe('APPEAL_REFERRED');
    const ctx: Ctx = fixtureCtx(t);
    await t.database.db.transaction(async (tx) => {
      await answerReferredAppeal({ ...ctx, db: tx }, a.id, '已协调教育办，孩子已入学', 'system');
    });
    const replied = (await get(s.worker, a.id)).json() as TAppeal;
    expect(replied).toMatchObject({ state: 'replied', reply: '已协调教育办，孩子已入学' });
    expect(replied.can.rate).toBe(true);
    const closed = await s.worker.agent.post(`${base}/appeals/${a.id}/rate`, { satisfaction: 'satisfied' });
    expect(closed.json()).toMatchObject({ state: 'closed', satisfaction: 'satisfied' });
    // The partner lists what was referred to it, and nothing else of the union.
    const partnerList = (await s.govPartner.agent.get(`${base}/appeals?pageSize=100`)).json() as {
      items: TAppeal[];
    };
    expect(partnerList.items.map((x) => x.id)).toEqual([a.id]);
  });

  it('auditors and reviewers read with real names but neither triage nor moderate', async () => {
    const a = await post(s.worker, { anonymous: true });
    const seen = (await get(s.auditor, a.id)).json() as TAppeal;
    expect(seen.author).toBe('吴师傅');
    expect(seen.can).toMatchObject({ triage: false, moderate: false, reply: false });
    const handle = { action: 'handle', handlerOrgId: s.township.id };
    expect((await s.auditor.agent.post(`${base}/appeals/${a.id}/triage`, handle)).statusCode).toBe(403);
    const c = (
      await s.worker2.agent.post(`${base}/appeals/${a.id}/comments`, { text: '支持支持' })
    ).json() as TAppealComment;
    for (const who of [s.auditor, s.reviewer]) {
      const res = await who.agent.post(`${base}/appeals/comments/${c.id}/moderate`, { decision: 'approve' });
      expect(res.statusCode).toBe(403);
    }
  });

  it('close-unrated: the union closes a replied appeal; workers may not', async () => {
    const a = await post(s.worker);
    await s.cadre.agent.post(`${base}/appeals/${a.id}/triage`, {
      action: 'handle',
      handlerOrgId: s.township.id,
    });
    await s.cadre.agent.post(`${base}/appeals/${a.id}/reply`, { text: '已安排技能培训班' });
    expect((await s.worker.agent.post(`${base}/appeals/${a.id}/close-unrated`)).statusCode).toBe(403);
    expect((await s.otherCadre.agent.post(`${base}/appeals/${a.id}/close-unrated`)).statusCode).toBe(404);
    const res = await s.cadre.agent.post(`${base}/appeals/${a.id}/close-unrated`, { note: '逾期未评价' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'closed', satisfaction: null });
  });

  it('lists by scope, state and support count', async () => {
    const mine = (await s.worker2.agent.get(`${base}/appeals?scope=mine`)).json() as { items: TAppeal[] };
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((x) => x.mine)).toBe(true);
    const bySupport = (await s.cadre.agent.get(`${base}/appeals?sort=support&pageSize=100`)).json() as {
      items: TAppeal[];
    };
    const counts = bySupport.items.map((x) => x.supportCount);
    expect(counts).toEqual([...counts].sort((x, y) => y - x));
    const closed = (await s.cadre.agent.get(`${base}/appeals?state=closed`)).json() as { items: TAppeal[] };
    expect(closed.items.length).toBeGreaterThan(0);
    expect(closed.items.every((x) => x.state === 'closed')).toBe(true);
    // 最新 goes by the date raised, not the record number: one typed in later with an earlier date sits lower.
    const [recent, older] = [await post(s.worker), await post(s.worker)];
    await sqlRows(
      t.database.db,
      sql`update appeals set created_at = now() - interval '3 days' where id = ${older.id}`,
    );
    const latest = (await s.cadre.agent.get(`${base}/appeals?pageSize=100`)).json() as { items: TAppeal[] };
    const dates = latest.items.map((x) => x.createdAt);
    expect(dates).toEqual([...dates].sort((x, y) => y.localeCompare(x)));
    const at = (id: number) => latest.items.findIndex((x) => x.id === id);
    expect(at(recent.id)).toBeLessThan(at(older.id));
    // A worker never lists another worker's withdrawn appeal.
    const w2 = (await s.worker2.agent.get(`${base}/appeals?pageSize=100`)).json() as { items: TAppeal[] };
    expect(w2.items.some((x) => x.state === 'withdrawn' && !x.mine)).toBe(false);
  });
});
