import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, createTestApp, type TestApp } from '../../../../test/app.ts';
import type { TCongress, TContactThread, TRepresentative } from '../../../shared/proposals.ts';
import { sqlRows } from '../../db/client.ts';
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

  const congressInput = {
    name: '林埭镇工会第二届会员代表大会',
    termNo: 2,
    termStart: '2031-01-01',
    termEnd: '2035-12-31',
  };

  it('creates a congress once per union and term; staff of other unions and non-cadres are refused', async () => {
    const bad = await s.cadre.agent.post(`${base}/congresses`, {
      ...congressInput,
      orgId: s.township.id,
      termEnd: '2030-01-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (await s.reviewer.agent.post(`${base}/congresses`, { ...congressInput, orgId: s.township.id }))
        .statusCode,
    ).toBe(403);
    expect(
      (await s.otherCadre.agent.post(`${base}/congresses`, { ...congressInput, orgId: s.township.id }))
        .statusCode,
    ).toBe(404);
    const res = await s.cadre.agent.post(`${base}/congresses`, {
      ...congressInput,
      orgId: s.township.id,
      cosignThreshold: 3,
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as TCongress;
    expect(c).toMatchObject({
      org: { id: s.township.id },
      termNo: 2,
      cosignThreshold: 3,
      reviewDays: 7,
      state: 'active',
    });
    const dup = await s.cadre2.agent.post(`${base}/congresses`, { ...congressInput, orgId: s.township.id });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('CONGRESS_EXISTS');
    const upd = await s.cadre.agent.patch(`${base}/congresses/${c.id}`, {
      handleDays: 20,
      name: '林埭镇工会第二届会代会',
    });
    expect(upd.json()).toMatchObject({ handleDays: 20, name: '林埭镇工会第二届会代会', cosignThreshold: 3 });
    expect(
      (await s.cadre.agent.patch(`${base}/congresses/${c.id}`, { termEnd: '2030-01-01' })).statusCode,
    ).toBe(400);
    expect((await s.worker.agent.patch(`${base}/congresses/${c.id}`, { handleDays: 10 })).statusCode).toBe(
      403,
    );
    expect(
      (await s.otherCadre.agent.patch(`${base}/congresses/${c.id}`, { handleDays: 10 })).statusCode,
    ).toBe(404);
  });

  it('keeps sessions of a congress', async () => {
    const input = {
      title: '第一届第二次会议',
      startsAt: '2026-12-20T09:00:00+08:00',
      endsAt: '2026-12-20T11:30:00+08:00',
      venue: '林埭镇文体中心',
    };
    expect((await s.worker.agent.post(`${base}/congresses/${s.congressId}/sessions`, input)).statusCode).toBe(
      403,
    );
    expect(
      (await s.otherCadre.agent.post(`${base}/congresses/${s.congressId}/sessions`, input)).statusCode,
    ).toBe(404);
    expect(
      (
        await s.cadre.agent.post(`${base}/congresses/${s.congressId}/sessions`, {
          ...input,
          endsAt: input.startsAt,
        })
      ).statusCode,
    ).toBe(400);
    const res = await s.cadre.agent.post(`${base}/congresses/${s.congressId}/sessions`, input);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ title: '第一届第二次会议', startsAt: '2026-12-20T01:00:00.000Z' });
    const list = await s.worker.agent.get(`${base}/congresses/${s.congressId}/sessions`);
    expect((list.json() as { title: string }[]).map((x) => x.title)).toEqual(['第一届第二次会议']);
    expect((await s.otherWorker.agent.get(`${base}/congresses/${s.congressId}/sessions`)).statusCode).toBe(
      404,
    );
  });

  it('directory: members see their union’s active representatives with masked mobiles; cadres in full', async () => {
    const byWorker = (
      await s.worker.agent.get(`${base}/representatives?congressId=${s.congressId}`)
    ).json() as {
      items: TRepresentative[];
      total: number;
    };
    expect(byWorker.total).toBe(4);
    const shen = byWorker.items.find((r) => r.id === s.rep1.repId);
    expect(shen).toMatchObject({
      user: { name: '沈代表' },
      org: { id: s.textile.id },
      mobile: '139****0001',
    });
    const byCadre = (await s.cadre.agent.get(`${base}/representatives?q=沈`)).json() as {
      items: TRepresentative[];
    };
    expect(byCadre.items.map((r) => r.mobile)).toEqual(['13912350001']);
    const byOther = (await s.otherWorker.agent.get(`${base}/representatives`)).json() as {
      items: TRepresentative[];
    };
    expect(byOther.items.map((r) => r.id)).toEqual([s.otherRep.repId]);
    expect((await s.otherCadre.agent.get(`${base}/representatives/${s.rep1.repId}`)).statusCode).toBe(404);
    const me = (await s.rep1.agent.get(`${base}/representatives/me`)).json() as TRepresentative[];
    expect(me.map((r) => [r.id, r.congressId, r.mobile])).toEqual([
      [s.rep1.repId, s.congressId, '13912350001'],
    ]);
    expect((await s.worker.agent.get(`${base}/representatives/me`)).json()).toEqual([]);
  });

  it('seats a user of the subtree as representative (giving the role), once; deactivation hides them', async () => {
    const u = await buildUser(t, { org: s.machine, role: 'worker', displayName: '新代表' });
    const outsider = await buildUser(t, { org: s.otherUnit, role: 'worker', displayName: '外镇职工' });
    const input = {
      userId: u.id,
      orgId: s.machine.id,
      sector: 'frontline',
      delegation: '机械代表小组',
      mobile: '13912350099',
    };
    expect(
      (await s.worker.agent.post(`${base}/congresses/${s.congressId}/representatives`, input)).statusCode,
    ).toBe(403);
    expect(
      (
        await s.cadre.agent.post(`${base}/congresses/${s.congressId}/representatives`, {
          ...input,
          userId: outsider.id,
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await s.cadre.agent.post(`${base}/congresses/${s.congressId}/representatives`, {
          ...input,
          orgId: s.otherUnit.id,
        })
      ).statusCode,
    ).toBe(400);
    const res = await s.cadre.agent.post(`${base}/congresses/${s.congressId}/representatives`, input);
    expect(res.statusCode, res.body).toBe(201);
    const rep = res.json() as TRepresentative;
    expect(rep).toMatchObject({ user: { id: u.id, name: '新代表' }, active: true, mobile: '13912350099' });
    const roles = await sqlRows<{ role: string }>(
      t.database.db,
      sql`select role from memberships where user_id = ${u.id} order by role`,
    );
    expect(roles.map((r) => r.role)).toEqual(['representative', 'worker']);
    const dup = await s.cadre.agent.post(`${base}/congresses/${s.congressId}/representatives`, input);
    expect(dup.json().error.code).toBe('REPRESENTATIVE_EXISTS');
    const off = await s.cadre.agent.patch(`${base}/representatives/${rep.id}`, {
      active: false,
      title: '车间主任',
    });
    expect(off.json()).toMatchObject({ active: false, title: '车间主任' });
    expect(
      (await s.otherCadre.agent.patch(`${base}/representatives/${rep.id}`, { active: true })).statusCode,
    ).toBe(404);
    const seen = (await s.worker.agent.get(`${base}/representatives?pageSize=100`)).json() as {
      items: TRepresentative[];
    };
    expect(seen.items.map((r) => r.id)).not.toContain(rep.id);
    const inactive = (await s.cadre.agent.get(`${base}/representatives?active=false`)).json() as {
      items: TRepresentative[];
    };
    expect(inactive.items.map((r) => r.id)).toEqual([rep.id]);
    const contact = await s.worker.agent.post(`${base}/contact/threads`, {
      representativeId: rep.id,
      subject: '车间通风',
      body: '车间夏天太热，通风不好。',
    });
    expect(contact.json().error.code).toBe('REPRESENTATIVE_INACTIVE');
  });

  it('联系服务: a worker writes to a representative, who answers; others cannot read or write', async () => {
    const start = await s.worker.agent.post(`${base}/contact/threads`, {
      representativeId: s.rep1.repId,
      subject: '加班费计算',
      body: '周末加班费是按两倍算吗？',
    });
    expect(start.statusCode, start.body).toBe(201);
    const thread = start.json() as TContactThread;
    expect(thread).toMatchObject({
      state: 'awaiting_reply',
      worker: { name: '吴师傅' },
      representative: { name: '沈代表' },
    });
    expect(thread.messages).toHaveLength(1);
    const inbox = (await s.rep1.agent.get(`${base}/contact/threads`)).json() as {
      items: { id: number; lastMessage: string }[];
    };
    expect(inbox.items.map((x) => [x.id, x.lastMessage])).toEqual([[thread.id, '周末加班费是按两倍算吗？']]);
    const notes = await sqlRows<{ link: string }>(
      t.database.db,
      sql`select link from notifications where user_id = ${s.rep1.user.id} and kind = 'proposals.contact'`,
    );
    expect(notes.map((x) => x.link)).toEqual([`/m/congress/threads/${thread.id}`]);

    expect((await s.worker2.agent.get(`${base}/contact/threads/${thread.id}`)).statusCode).toBe(404);
    expect(
      (await s.rep2.agent.post(`${base}/contact/threads/${thread.id}/messages`, { body: '插话' })).statusCode,
    ).toBe(404);
    expect((await s.otherCadre.agent.get(`${base}/contact/threads/${thread.id}`)).statusCode).toBe(404);
    expect((await s.cadre.agent.get(`${base}/contact/threads/${thread.id}`)).statusCode).toBe(200);
    expect(
      (await s.cadre.agent.post(`${base}/contact/threads/${thread.id}/messages`, { body: '干部回复' }))
        .statusCode,
    ).toBe(403);
    const org = (await s.cadre.agent.get(`${base}/contact/threads?scope=org`)).json() as {
      items: { id: number }[];
    };
    expect(org.items.map((x) => x.id)).toContain(thread.id);
    const otherOrg = (await s.otherCadre.agent.get(`${base}/contact/threads?scope=org`)).json() as {
      items: unknown[];
    };
    expect(otherOrg.items).toEqual([]);
    expect((await s.worker.agent.get(`${base}/contact/threads?scope=org`)).statusCode).toBe(403);

    expect(
      (
        await s.otherWorker.agent.post(`${base}/contact/threads`, {
          representativeId: s.rep1.repId,
          subject: '外镇',
          body: '外镇职工留言内容',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await s.rep1.agent.post(`${base}/contact/threads`, {
          representativeId: s.rep1.repId,
          subject: '自己',
          body: '给自己留言内容',
        })
      ).json().error.code,
    ).toBe('SELF_CONTACT');

    const answer = await s.rep1.agent.post(`${base}/contact/threads/${thread.id}/messages`, {
      body: '按两倍计算，不能调休的要支付。',
    });
    expect(answer.json()).toMatchObject({ state: 'replied' });
    // 「沈代表」 is already styled as a title: the worker's message does not say 「沈代表代表」.
    const replyNotes = await sqlRows<{ title: string }>(
      t.database.db,
      sql`select title from notifications where user_id = ${s.worker.user.id} and kind = 'proposals.contact'`,
    );
    expect(replyNotes.map((x) => x.title)).toEqual(['沈代表回复了您的留言「加班费计算」']);
    expect((answer.json() as TContactThread).messages.map((m) => m.author)).toEqual([
      'worker',
      'representative',
    ]);
    const follow = await s.worker.agent.post(`${base}/contact/threads/${thread.id}/messages`, {
      body: '谢谢代表',
    });
    expect(follow.json()).toMatchObject({ state: 'awaiting_reply' });
    const closed = await s.worker.agent.post(`${base}/contact/threads/${thread.id}/close`);
    expect(closed.json()).toMatchObject({ state: 'closed' });
    const late = await s.rep1.agent.post(`${base}/contact/threads/${thread.id}/messages`, {
      body: '补充一句',
    });
    expect(late.json().error.code).toBe('THREAD_CLOSED');
    const reps = (
      await s.worker.agent.get(`${base}/representatives/${s.rep1.repId}`)
    ).json() as TRepresentative;
    expect(reps.messageCount).toBe(1);
  });
});
