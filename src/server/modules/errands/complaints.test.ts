import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import type { TComplaint } from '../../../shared/errands.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { complaintsOf } from './complaints.service.ts';
import { buildErrand, buildErrandsScene, type ErrandsScene, type FixtureErrand } from './errands.fixture.ts';

let t: TestApp;
let s: ErrandsScene;
let delivered: FixtureErrand;
let other: FixtureErrand;

const BASE = '/api/v1/errands';
const anon = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload });
const complaintNotes = (userId: number) =>
  t.database.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'errands.complaint')));

beforeAll(async () => {
  t = await createTestApp();
  s = await buildErrandsScene(t);
  delivered = await buildErrand(t, s, {
    state: 'delivered',
    callerMobile: '13800138000',
    recipientPhone: '13700137000',
  });
  other = await buildErrand(t, s, { state: 'pending', org: s.otherCounty, callerMobile: '13511112222' });
});
afterAll(async () => {
  await t.close();
});

describe('lodging', () => {
  it("takes a public complaint by code, name and the caller's mobile; the union's cadres hear of it", async () => {
    const res = await anon(`${BASE}/complaints`, {
      errandCode: delivered.code,
      name: '张来电',
      mobile: '13800138000',
      content: '快递员送达时态度不好，还迟到了半小时',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(Number),
      errandId: delivered.id,
      errandCode: delivered.code,
      state: 'open',
      name: '张来电',
      mobile: '138****8000',
      content: '快递员送达时态度不好，还迟到了半小时',
      answer: null,
      outcome: null,
      answeredBy: null,
      createdAt: expect.any(String),
      answeredAt: null,
    });
    // Nobody on shift: the union's cadres are told.
    for (const u of [s.cadre, s.cadre2]) {
      const notes = await complaintNotes(u.user.id);
      expect(notes.map((n) => n.title)).toEqual([
        `及时送工单 ${delivered.code} 收到投诉（张来电），请及时处理答复`,
      ]);
      expect(notes[0]?.link).toBe('/errands/complaints');
    }
    expect(await complaintNotes(s.otherCadre.user.id)).toEqual([]);
  });

  it("also by the recipient's phone, with a lower-case code", async () => {
    const res = await anon(`${BASE}/complaints`, {
      errandCode: delivered.code.toLowerCase(),
      name: '张医生',
      mobile: '13700137000',
      content: '充电器型号送错了',
    });
    expect(res.statusCode).toBe(201);
  });

  it('answers 404 alike for a wrong mobile and an unknown code, so codes cannot be probed', async () => {
    const wrong = await anon(`${BASE}/complaints`, {
      errandCode: delivered.code,
      name: '陌生人',
      mobile: '13999999999',
      content: '随便投诉一下试试',
    });
    const unknown = await anon(`${BASE}/complaints`, {
      errandCode: 'JS20200101-99999',
      name: '陌生人',
      mobile: '13800138000',
      content: '随便投诉一下试试',
    });
    expect([wrong.statusCode, unknown.statusCode]).toEqual([404, 404]);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('validates input in Chinese; without a code or a session it is refused', async () => {
    const bad = await anon(`${BASE}/complaints`, {
      errandCode: delivered.code,
      name: '',
      mobile: '123',
      content: '差',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([
      { field: 'body.name', message: '请填写您的姓名' },
      { field: 'body.mobile', message: '请输入正确的手机号或座机号（如 0311-12345678）' },
      { field: 'body.content', message: '请写明投诉内容（至少 5 个字）' },
    ]);
    const none = await anon(`${BASE}/complaints`, {
      name: '张三',
      mobile: '13800138000',
      content: '没有工单编号的投诉',
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details).toEqual([{ field: 'errandCode', message: '请填写工单编号' }]);
    const byId = await anon(`${BASE}/complaints`, {
      errandId: delivered.id,
      name: '张三',
      mobile: '13800138000',
      content: '匿名按编号投诉',
    });
    expect(byId.statusCode).toBe(401);
  });

  it('a cadre records a complaint from the complaint line by errand id and sees the mobile in full', async () => {
    const res = await s.cadre.agent.post(`${BASE}/complaints`, {
      errandId: delivered.id,
      name: '王大姐',
      mobile: '13612345678',
      content: '电话投诉：等待时间太长',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      errandId: delivered.id,
      name: '王大姐',
      mobile: '13612345678',
      state: 'open',
    });
  });

  it("refuses other orgs' errands (404) and roles without the grant (403)", async () => {
    const body = {
      errandId: delivered.id,
      name: '王大姐',
      mobile: '13612345678',
      content: '电话投诉：等待时间太长',
    };
    expect((await s.otherCadre.agent.post(`${BASE}/complaints`, body)).statusCode).toBe(404);
    expect((await s.reviewer.agent.post(`${BASE}/complaints`, body)).statusCode).toBe(403);
    expect((await s.courier.agent.post(`${BASE}/complaints`, body)).statusCode).toBe(404);
    expect((await s.cadre.agent.post(`${BASE}/complaints`, { ...body, errandId: other.id })).statusCode).toBe(
      404,
    );
  });

  it('the worker who asked for an errand may complain about it by id', async () => {
    const mine = await buildErrand(t, s, { state: 'accepted', requesterUserId: s.worker.user.id });
    const body = {
      errandId: mine.id,
      name: '刘职工',
      mobile: '13912340001',
      content: '接单后一直没人来取件',
    };
    const res = await s.worker.agent.post(`${BASE}/complaints`, body);
    expect(res.statusCode).toBe(201);
    expect(res.json().mobile).toBe('139****0001');
    expect(
      (await s.worker.agent.post(`${BASE}/complaints`, { ...body, errandId: delivered.id })).statusCode,
    ).toBe(404);
  });
});

describe('answering and listing', () => {
  let first: TComplaint;
  let firstOutcome: string;

  it('lists the subtree newest first, filtered by state; mobiles in full for cadres, masked for reviewers', async () => {
    const res = await s.cadre.agent.get(`${BASE}/complaints?state=open`);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.total).toBe(4);
    expect(page.items.map((c: TComplaint) => c.name)).toEqual(['刘职工', '王大姐', '张医生', '张来电']);
    first = page.items[3];
    expect(first.mobile).toBe('13800138000');
    const masked = await s.reviewer.agent.get(`${BASE}/complaints?pageSize=1&page=2`);
    expect(masked.json()).toMatchObject({
      total: 4,
      page: 2,
      pageSize: 1,
      items: [{ name: '王大姐', mobile: '136****5678' }],
    });
    expect((await s.otherCadre.agent.get(`${BASE}/complaints`)).json()).toMatchObject({
      total: 0,
      items: [],
    });
    expect((await s.otherCadre.agent.get(`${BASE}/complaints?orgId=${s.service.id}`)).statusCode).toBe(404);
    expect((await s.courier.agent.get(`${BASE}/complaints`)).statusCode).toBe(403);
    expect((await s.worker.agent.get(`${BASE}/complaints`)).statusCode).toBe(403);
  });

  it('a cadre answers once with an outcome; two answers at once: one wins, the other 409', async () => {
    const body = { answer: '已与快递公司核实并批评教育当事快递员', outcome: 'upheld' };
    expect((await s.reviewer.agent.post(`${BASE}/complaints/${first.id}/answer`, body)).statusCode).toBe(403);
    expect((await s.otherCadre.agent.post(`${BASE}/complaints/${first.id}/answer`, body)).statusCode).toBe(
      404,
    );
    const bad = await s.cadre.agent.post(`${BASE}/complaints/${first.id}/answer`, {
      answer: '',
      outcome: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([
      { field: 'body.answer', message: '请填写答复内容' },
      { field: 'body.outcome', message: '请选择处理结果' },
    ]);
    const both = await Promise.all([
      s.cadre.agent.post(`${BASE}/complaints/${first.id}/answer`, body),
      s.cadre2.agent.post(`${BASE}/complaints/${first.id}/answer`, { ...body, outcome: 'explained' }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const won = both.find((r) => r.statusCode === 200)?.json() as TComplaint;
    expect(won).toMatchObject({ state: 'answered', answer: body.answer, answeredAt: expect.any(String) });
    expect(['李值班', '王值班']).toContain(won.answeredBy);
    firstOutcome = won.outcome ?? '';
    expect(['upheld', 'explained']).toContain(firstOutcome);
    const lost = both.find((r) => r.statusCode === 409);
    expect(lost?.json().error.message).toBe('该投诉已答复，不能重复答复');
    const again = await s.cadre.agent.post(`${BASE}/complaints/${first.id}/answer`, body);
    expect(again.statusCode).toBe(409);
    expect((await s.cadre.agent.post(`${BASE}/complaints/999999/answer`, body)).statusCode).toBe(404);
  });

  it('records every outcome and lists answered ones apart', async () => {
    const open = (await s.cadre.agent.get(`${BASE}/complaints?state=open`)).json().items as TComplaint[];
    const outcomes = ['explained', 'unfounded'] as const;
    for (const [i, outcome] of outcomes.entries()) {
      const c = open[i] as TComplaint;
      const res = await s.cadre.agent.post(`${BASE}/complaints/${c.id}/answer`, {
        answer: '已回访说明情况',
        outcome,
      });
      expect(res.json()).toMatchObject({ state: 'answered', outcome, answeredBy: '李值班' });
    }
    const answered = (await s.cadre.agent.get(`${BASE}/complaints?state=answered`)).json();
    expect(answered.total).toBe(3);
    expect((answered.items as TComplaint[]).map((c) => c.outcome).sort()).toEqual(
      [...outcomes, firstOutcome].sort(),
    );
    const cityView = await s.cadre.agent.get(`${BASE}/complaints?orgId=${s.city.id}`);
    expect(cityView.statusCode).toBe(404);
  });

  it('complaintsOf lists one errand oldest first, masked unless full', async () => {
    const list = await complaintsOf(t.database.db, delivered.id, { vault: t.app.deps.vault, full: false });
    expect(list.map((c) => [c.name, c.mobile])).toEqual([
      ['张来电', '138****8000'],
      ['张医生', '137****7000'],
      ['王大姐', '136****5678'],
    ]);
  });
});

describe('the answer reaches the complainant', () => {
  it('a worker hears the answer to their complaint and sees it on their errand; others’ complaints stay with the union', async () => {
    const mine = await buildErrand(t, s, {
      state: 'delivered',
      requesterUserId: s.worker.user.id,
      callerMobile: '13912340002',
      recipientPhone: '13712340002',
    });
    // The recipient complains by phone-number on the public page; the worker complains signed in.
    const byRecipient = await anon(`${BASE}/complaints`, {
      errandCode: mine.code,
      name: '收件人',
      mobile: '13712340002',
      content: '东西送到了门卫，没有通知我',
    });
    expect(byRecipient.statusCode).toBe(201);
    const byWorker = await s.worker.agent.post(`${BASE}/complaints`, {
      errandId: mine.id,
      name: '刘职工',
      mobile: '13912340002',
      content: '送达比约定晚了两个小时',
    });
    expect(byWorker.statusCode).toBe(201);
    const complaint = byWorker.json() as TComplaint;
    const aboutMine = async () =>
      (await complaintNotes(s.worker.user.id)).filter((n) => n.link === `/m/errands/mine/${mine.id}`);
    expect(await aboutMine()).toEqual([]);

    const answer = { answer: '已核实快递员途中绕路，已提醒改进', outcome: 'upheld' };
    expect((await s.cadre.agent.post(`${BASE}/complaints/${complaint.id}/answer`, answer)).statusCode).toBe(
      200,
    );
    expect((await aboutMine()).map((n) => [n.title, n.body, n.link])).toEqual([
      [
        `您对及时送 ${mine.code} 的投诉已答复：属实，已整改`,
        '已核实快递员途中绕路，已提醒改进',
        `/m/errands/mine/${mine.id}`,
      ],
    ]);
    // The worker's errand shows their complaint with its answer, not the recipient's complaint.
    const view = (await s.worker.agent.get(`${BASE}/mine/${mine.id}`)).json();
    expect(view.complaints.map((c: TComplaint) => [c.content, c.state, c.outcome, c.answer])).toEqual([
      ['送达比约定晚了两个小时', 'answered', 'upheld', '已核实快递员途中绕路，已提醒改进'],
    ]);
    // The union sees both.
    const union = (await s.cadre.agent.get(`${BASE}/${mine.id}`)).json();
    expect(union.complaints).toHaveLength(2);
    // A complaint from the public page has no account to tell: answering it notifies nobody new.
    const before = (await t.database.db.select().from(notifications)).length;
    const publicId = (byRecipient.json() as TComplaint).id;
    await s.cadre.agent.post(`${BASE}/complaints/${publicId}/answer`, { ...answer, outcome: 'explained' });
    expect((await t.database.db.select().from(notifications)).length).toBe(before);
  });

  it('takes a complaint from a caller who called from a landline, by that number', async () => {
    const landline = await buildErrand(t, s, { state: 'delivered', callerMobile: '0311-86681234' });
    const res = await anon(`${BASE}/complaints`, {
      errandCode: landline.code,
      name: '王师傅',
      mobile: '0311-86681234',
      content: '送到了却没有打电话通知',
    });
    expect(res.statusCode).toBe(201);
    expect((res.json() as TComplaint).mobile).toBe('031****1234');
    // A cadre takes one down from the complaint line the same way.
    const byCadre = await s.cadre.agent.post(`${BASE}/complaints`, {
      errandId: landline.id,
      name: '王师傅',
      mobile: '031186681234',
      content: '再次来电催问处理结果',
    });
    expect(byCadre.statusCode).toBe(201);
  });
});
