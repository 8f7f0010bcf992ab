import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import type { TCheckinView, TDutySession, TDutySessionDetail } from '../../../shared/duty.ts';
import type { Ctx } from '../../platform/context.ts';
import type { SceneRep } from '../proposals/proposals.fixture.ts';
import { buildDutyScene, type DutyScene } from './duty.fixture.ts';
import { CHECKIN_REPLACED_MESSAGE, checkIn, getCheckin, NOT_A_REP_MESSAGE } from './sessions.service.ts';

const base = '/api/v1/duty';
const HOUR = 3_600_000;
/** An ISO time `hours` from now (sessions are placed relative to the real clock). */
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

let seq = 0;
const sessionInput = (over: Record<string, unknown> = {}) => {
  seq += 1;
  return {
    title: `第一届第${seq}次代表大会`,
    kind: 'congress',
    startsAt: inHours(-1),
    endsAt: inHours(2),
    venue: '林埭镇文化中心大礼堂',
    ...over,
  };
};

describe('duty sessions, QR check-in and attendance', () => {
  let t: TestApp;
  let s: DutyScene;
  let main: TDutySession;

  beforeAll(async () => {
    t = await createTestApp();
    s = await buildDutyScene(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const records = async (repId: number, sessionId: number) =>
    (
      await t.database.executeSql(
        `select source, state, item_code, title, points from duty_records
          where representative_id = $1 and source_ref = $2 order by source`,
        [repId, `session:${sessionId}`],
      )
    ).rows;
  const attendanceRows = async (sessionId: number, repId: number) =>
    (
      await t.database.executeSql(
        'select state, method from session_attendance where session_id = $1 and representative_id = $2',
        [sessionId, repId],
      )
    ).rows;
  /** A representative's context, to call the service with an injected clock. */
  const repCtx = (rep: SceneRep): Ctx => ({
    db: t.database.db,
    ip: null,
    deps: t.app.deps,
    actor: {
      userId: rep.user.id,
      username: rep.user.username,
      displayName: rep.displayName,
      sessionId: 'test',
      csrfToken: 'test',
      // Check-in looks the seat up by user; the acting membership only has to exist.
      membership: {
        id: rep.user.membershipId,
        role: 'representative',
        orgId: s.textile.id,
        orgPath: s.textile.path,
        orgName: s.textile.name,
        orgType: 'grassroots',
      },
    },
  });
  const create = async (over: Record<string, unknown> = {}) => {
    const res = await s.cadre.agent.post(`${base}/congresses/${s.congressId}/sessions`, sessionInput(over));
    expect(res.statusCode).toBe(201);
    return res.json() as TDutySession;
  };
  const checkin = (agent: DutyScene['rep1']['agent'], token: string) =>
    agent.post(`${base}/checkin`, { token });
  const mark = (sessionId: number, repId: number, body: unknown, agent = s.cadre.agent) =>
    agent.inject({
      method: 'PUT',
      url: `${base}/sessions/${sessionId}/attendance/${repId}`,
      payload: body as object,
    });

  it('creates a session with a check-in token; bad input is refused in Chinese, other unions and non-cadres too', async () => {
    const url = `${base}/congresses/${s.congressId}/sessions`;
    const noTitle = await s.cadre.agent.post(url, sessionInput({ title: '' }));
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().error.message).toBe('输入有误：请填写会议名称');
    const backwards = await s.cadre.agent.post(
      url,
      sessionInput({ startsAt: inHours(2), endsAt: inHours(1) }),
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.message).toBe('输入有误：结束时间应晚于开始时间');
    const noKind = await s.cadre.agent.post(url, sessionInput({ kind: 'party' }));
    expect(noKind.statusCode).toBe(400);
    expect(noKind.json().error.message).toBe('输入有误：请选择会议类型');
    expect((await s.otherCadre.agent.post(url, sessionInput())).statusCode).toBe(404);
    expect((await s.otherCadre.agent.get(url)).statusCode).toBe(404);
    expect((await s.reviewer.agent.post(url, sessionInput())).statusCode).toBe(403);
    expect((await s.rep1.agent.post(url, sessionInput())).statusCode).toBe(404);
    expect((await s.rep1.agent.get(url)).statusCode).toBe(404);

    main = await create({ title: '林埭镇总工会第一届第一次会员代表大会' });
    expect(main).toMatchObject({
      congressId: s.congressId,
      title: '林埭镇总工会第一届第一次会员代表大会',
      kind: 'congress',
      venue: '林埭镇文化中心大礼堂',
      closedAt: null,
      counts: { expected: 4, present: 0, leave: 0, absent: 0, unmarked: 4 },
    });
    // 18 random bytes in base64url: 24 characters, 144 bits.
    expect(main.checkinToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const audit = await t.database.executeSql(
      "select count(*)::int as n from audit_log where action = 'duty.session.create' and entity_id = $1",
      [String(main.id)],
    );
    expect(audit.rows[0]?.n).toBe(1);
  });

  it('lists every session of the congress, also one made in 云履职 (it gets kind 代表大会 and a token on first read)', async () => {
    const made = await s.cadre.agent.post(`/api/v1/proposals/congresses/${s.congressId}/sessions`, {
      title: '代表小组活动',
      startsAt: inHours(-48),
      endsAt: inHours(-46),
      venue: '纺织公司会议室',
    });
    expect(made.statusCode).toBe(201);
    const list = await s.reviewer.agent.get(`${base}/congresses/${s.congressId}/sessions`);
    expect(list.statusCode).toBe(200);
    const sessions = list.json() as TDutySession[];
    expect(sessions.map((x) => x.id)).toEqual([main.id, made.json().id]);
    const lazy = sessions[1];
    expect(lazy?.kind).toBe('congress');
    expect(lazy?.checkinToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
    // Read again: the same token (created once).
    const again = (
      await s.cadre.agent.get(`${base}/congresses/${s.congressId}/sessions`)
    ).json() as TDutySession[];
    expect(again[1]?.checkinToken).toBe(lazy?.checkinToken);
  });

  it('shows every active seat unmarked, and the venue QR pointing at the H5 check-in page', async () => {
    const res = await s.cadre.agent.get(`${base}/sessions/${main.id}`);
    expect(res.statusCode).toBe(200);
    const d = res.json() as TDutySessionDetail;
    expect(d.attendance.map((a) => a.representative.id).sort()).toEqual(
      [s.rep1.repId, s.rep2.repId, s.rep3.repId, s.rep4.repId].sort(),
    );
    expect(
      d.attendance.every((a) => a.state === 'unmarked' && a.method === null && a.checkedInAt === null),
    ).toBe(true);
    expect(d.attendance.find((a) => a.representative.id === s.rep1.repId)?.representative).toEqual({
      id: s.rep1.repId,
      name: '沈代表',
      delegation: '林埭镇示范纺代表小组',
      org: { id: s.textile.id, name: '林埭镇示范纺织有限公司工会' },
    });
    expect((await s.otherCadre.agent.get(`${base}/sessions/${main.id}`)).statusCode).toBe(404);
    expect((await s.rep1.agent.get(`${base}/sessions/${main.id}`)).statusCode).toBe(404);

    const qr = await s.cadre.agent.get(`${base}/sessions/${main.id}/qr`);
    expect(qr.statusCode).toBe(200);
    expect(qr.json().url).toBe(`http://localhost:80/m/duty/checkin/${main.checkinToken}`);
    expect(qr.json().svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect((await s.rep1.agent.get(`${base}/sessions/${main.id}/qr`)).statusCode).toBe(404);
    expect((await s.worker.agent.get(`${base}/sessions/${main.id}/qr`)).statusCode).toBe(404);
  });

  it('a representative checks in once: present, an attendance record worth 5 points; again → the same view', async () => {
    const token = main.checkinToken as string;
    const before = await s.rep1.agent.get(`${base}/checkin/${token}`);
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({
      session: {
        id: main.id,
        title: main.title,
        venue: main.venue,
        startsAt: main.startsAt,
        endsAt: main.endsAt,
      },
      congress: { id: s.congressId, name: '林埭镇总工会第一届会员代表大会' },
      representative: { id: s.rep1.repId, name: '沈代表' },
      state: 'unmarked',
      checkedInAt: null,
      points: null,
      blockedReason: null,
    });
    const first = await checkin(s.rep1.agent, token);
    expect(first.statusCode).toBe(200);
    const view = first.json() as TCheckinView;
    expect(view).toMatchObject({ state: 'present', points: 5, blockedReason: null });
    expect(view.checkedInAt).not.toBeNull();
    expect(await records(s.rep1.repId, main.id)).toEqual([
      {
        source: 'session_attended',
        state: 'counted',
        item_code: 'attendance',
        title: '出席《林埭镇总工会第一届第一次会员代表大会》',
        points: 5,
      },
    ]);
    const second = await checkin(s.rep1.agent, token);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(view);
    expect((await s.rep1.agent.get(`${base}/checkin/${token}`)).json()).toEqual(view);
    expect(await attendanceRows(main.id, s.rep1.repId)).toEqual([{ state: 'present', method: 'qr' }]);
    expect(await records(s.rep1.repId, main.id)).toHaveLength(1);
  });

  it('two check-ins of the same representative at once make one attendance row and one record', async () => {
    const token = main.checkinToken as string;
    const [a, b] = await Promise.all([checkin(s.rep2.agent, token), checkin(s.rep2.agent, token)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json()).toEqual(b.json());
    expect(a.json()).toMatchObject({ state: 'present', points: 5 });
    expect(await attendanceRows(main.id, s.rep2.repId)).toEqual([{ state: 'present', method: 'qr' }]);
    expect(await records(s.rep2.repId, main.id)).toHaveLength(1);
    const audit = await t.database.executeSql(
      "select count(*)::int as n from audit_log where action = 'duty.session.checkin' and entity_id = $1",
      [String(main.id)],
    );
    expect(audit.rows[0]?.n).toBe(2);
  });

  it('refuses people who are not representatives of this congress', async () => {
    const token = main.checkinToken as string;
    for (const who of [s.worker, s.otherRep, s.cadre]) {
      const view = await who.agent.get(`${base}/checkin/${token}`);
      expect(view.statusCode).toBe(200);
      expect(view.json()).toMatchObject({
        representative: null,
        state: 'unmarked',
        blockedReason: NOT_A_REP_MESSAGE,
      });
      const post = await checkin(who.agent, token);
      expect(post.statusCode).toBe(403);
      expect(post.json().error.message).toBe(NOT_A_REP_MESSAGE);
    }
    expect((await t.app.inject({ method: 'GET', url: `${base}/checkin/${token}` })).statusCode).toBe(401);
  });

  it('opens check-in 2 hours before the start and closes it at the end', async () => {
    const early = await create({ startsAt: inHours(3), endsAt: inHours(5) });
    const view = await s.rep3.agent.get(`${base}/checkin/${early.checkinToken}`);
    expect(view.json()).toMatchObject({
      state: 'unmarked',
      blockedReason: '签到尚未开始：会议开始前 2 小时开放签到',
    });
    const tooEarly = await checkin(s.rep3.agent, early.checkinToken as string);
    expect(tooEarly.statusCode).toBe(409);
    expect(tooEarly.json().error.message).toBe('签到尚未开始：会议开始前 2 小时开放签到');

    const over = await create({ startsAt: inHours(-4), endsAt: inHours(-1) });
    const late = await checkin(s.rep3.agent, over.checkinToken as string);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe('会议已结束，签到已截止');

    // Within 2 hours before the start: allowed.
    const soon = await create({ startsAt: inHours(1.5), endsAt: inHours(3) });
    expect((await checkin(s.rep3.agent, soon.checkinToken as string)).json()).toMatchObject({
      state: 'present',
    });
    expect(await attendanceRows(early.id, s.rep3.repId)).toEqual([]);
    expect(await attendanceRows(over.id, s.rep3.repId)).toEqual([]);
  });

  it('rotating the token retires the printed code', async () => {
    const old = main.checkinToken as string;
    expect((await s.reviewer.agent.post(`${base}/sessions/${main.id}/rotate-token`)).statusCode).toBe(403);
    const res = await s.cadre.agent.post(`${base}/sessions/${main.id}/rotate-token`);
    expect(res.statusCode).toBe(200);
    const rotated = res.json() as TDutySession;
    expect(rotated.checkinToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(rotated.checkinToken).not.toBe(old);
    expect(rotated.counts).toEqual({ expected: 4, present: 2, leave: 0, absent: 0, unmarked: 2 });
    const stale = await s.rep4.agent.get(`${base}/checkin/${old}`);
    expect(stale.statusCode).toBe(404);
    expect(stale.json().error.message).toBe(CHECKIN_REPLACED_MESSAGE);
    const stalePost = await checkin(s.rep4.agent, old);
    expect(stalePost.statusCode).toBe(404);
    expect(stalePost.json().error.message).toBe(CHECKIN_REPLACED_MESSAGE);
    expect(
      (await s.rep4.agent.get(`${base}/checkin/${rotated.checkinToken}`)).json().blockedReason,
    ).toBeNull();
    main = rotated;
  });

  it('a cadre marks a leave with a note (recorded, 0 points); closing makes the rest absent with a −5 penalty', async () => {
    const noNote = await mark(main.id, s.rep3.repId, { state: 'leave' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.message).toBe('请填写请假事由');
    expect(
      (await mark(main.id, s.rep3.repId, { state: 'leave', note: '外地出差' }, s.otherCadre.agent))
        .statusCode,
    ).toBe(404);
    expect(
      (await mark(main.id, s.rep3.repId, { state: 'leave', note: '外地出差' }, s.reviewer.agent)).statusCode,
    ).toBe(403);
    expect((await mark(main.id, s.otherRep.repId, { state: 'leave', note: '外地出差' })).statusCode).toBe(
      404,
    );
    const res = await mark(main.id, s.rep3.repId, { state: 'leave', note: '外地出差' });
    expect(res.statusCode).toBe(200);
    const d = res.json() as TDutySessionDetail;
    expect(d.attendance.find((a) => a.representative.id === s.rep3.repId)).toMatchObject({
      state: 'leave',
      method: 'manual',
      note: '外地出差',
      checkedInAt: null,
    });
    expect(await records(s.rep3.repId, main.id)).toEqual([
      {
        source: 'session_leave',
        state: 'counted',
        item_code: null,
        title: `请假《${main.title}》`,
        points: 0,
      },
    ]);

    const closed = await s.cadre.agent.post(`${base}/sessions/${main.id}/close`);
    expect(closed.statusCode).toBe(200);
    const c = closed.json() as TDutySessionDetail;
    expect(c.closedAt).not.toBeNull();
    expect(c.counts).toEqual({ expected: 4, present: 2, leave: 1, absent: 1, unmarked: 0 });
    expect(c.attendance.find((a) => a.representative.id === s.rep4.repId)?.state).toBe('absent');
    expect(await records(s.rep4.repId, main.id)).toEqual([
      {
        source: 'session_absent',
        state: 'counted',
        item_code: 'absent',
        title: `无故缺席《${main.title}》`,
        points: -5,
      },
    ]);
    // Present and on-leave representatives keep their state and get no penalty.
    expect(await records(s.rep3.repId, main.id)).toHaveLength(1);
    expect(await records(s.rep1.repId, main.id)).toHaveLength(1);

    const twice = await s.cadre.agent.post(`${base}/sessions/${main.id}/close`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toBe('本场会议已结束签到');
    // After closing, check-in is refused (the window itself is still open).
    const token = main.checkinToken as string;
    const late = await checkin(s.rep4.agent, token);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe('本场会议已结束签到，如需更正请联系工会干部');
    expect((await s.rep4.agent.get(`${base}/checkin/${token}`)).json()).toMatchObject({
      state: 'absent',
      blockedReason: '本场会议已结束签到，如需更正请联系工会干部',
    });
  });

  it('a cadre corrects after closing: absent → present voids the penalty and the present record counts again', async () => {
    // rep1 checked in; marked absent by mistake: the attendance record is voided, the penalty counts.
    await mark(main.id, s.rep1.repId, { state: 'absent' });
    expect(await records(s.rep1.repId, main.id)).toEqual([
      {
        source: 'session_absent',
        state: 'counted',
        item_code: 'absent',
        title: `无故缺席《${main.title}》`,
        points: -5,
      },
      {
        source: 'session_attended',
        state: 'void',
        item_code: 'attendance',
        title: `出席《${main.title}》`,
        points: 0,
      },
    ]);
    const res = await mark(main.id, s.rep1.repId, { state: 'present', note: '现场补签' });
    expect(res.statusCode).toBe(200);
    expect(
      (res.json() as TDutySessionDetail).attendance.find((a) => a.representative.id === s.rep1.repId),
    ).toMatchObject({ state: 'present', method: 'manual', note: '现场补签' });
    expect(await records(s.rep1.repId, main.id)).toEqual([
      {
        source: 'session_absent',
        state: 'void',
        item_code: 'absent',
        title: `无故缺席《${main.title}》`,
        points: 0,
      },
      {
        source: 'session_attended',
        state: 'counted',
        item_code: 'attendance',
        title: `出席《${main.title}》`,
        points: 5,
      },
    ]);
    // rep4 (absent at closing) was there after all.
    await mark(main.id, s.rep4.repId, { state: 'present' });
    expect((await records(s.rep4.repId, main.id)).map((r) => [r.source, r.state, r.points])).toEqual([
      ['session_absent', 'void', 0],
      ['session_attended', 'counted', 5],
    ]);
    const audit = await t.database.executeSql(
      "select count(*)::int as n from audit_log where action in ('duty.session.mark', 'duty.session.close') and entity_id = $1",
      [String(main.id)],
    );
    expect(audit.rows[0]?.n).toBe(5);
  });

  it('caps attendance at 20 points per term: of five sessions attended, the fifth earns 0', async () => {
    // rep2 attended the main session (1 h ago); four more, later ones.
    const later = [];
    for (const startsIn of [-0.5, -0.25, 0.5, 1])
      later.push(await create({ startsAt: inHours(startsIn), endsAt: inHours(3) }));
    const views = [];
    for (const x of later)
      views.push((await checkin(s.rep2.agent, x.checkinToken as string)).json() as TCheckinView);
    expect(views.map((v) => v.points)).toEqual([5, 5, 5, 0]);
    const total = await t.database.executeSql(
      `select sum(points)::int as points, count(*)::int as n from duty_records
        where representative_id = $1 and source = 'session_attended' and state = 'counted'`,
      [s.rep2.repId],
    );
    expect(total.rows[0]).toEqual({ points: 20, n: 5 });
  });

  it('window edges with an injected clock: from exactly 2 h before the start until exactly the end', async () => {
    const x = await create({ startsAt: inHours(10), endsAt: inHours(12) });
    const start = new Date(x.startsAt).getTime();
    const end = new Date(x.endsAt).getTime();
    const token = x.checkinToken as string;
    const early = new Date(start - 2 * HOUR - 1);
    expect((await getCheckin(repCtx(s.rep4), token, early)).blockedReason).toBe(
      '签到尚未开始：会议开始前 2 小时开放签到',
    );
    await expect(checkIn(repCtx(s.rep4), token, early)).rejects.toMatchObject({ status: 409 });
    expect((await getCheckin(repCtx(s.rep4), token, new Date(start - 2 * HOUR))).blockedReason).toBeNull();
    expect(await checkIn(repCtx(s.rep4), token, new Date(start - 2 * HOUR))).toMatchObject({
      state: 'present',
      checkedInAt: new Date(start - 2 * HOUR).toISOString(),
      points: 5,
    });
    await expect(checkIn(repCtx(s.rep3), token, new Date(end + 1))).rejects.toMatchObject({
      status: 409,
      message: '会议已结束，签到已截止',
    });
    expect(await checkIn(repCtx(s.rep3), token, new Date(end))).toMatchObject({ state: 'present' });
    // Closing before the start is refused (everyone would become absent).
    const closing = await s.cadre.agent.post(`${base}/sessions/${x.id}/close`);
    expect(closing.statusCode).toBe(409);
    expect(closing.json().error.message).toBe('会议尚未开始，不能结束签到');
  });

  it('a representative marked on leave who comes after all checks in: present, the leave record voided', async () => {
    const x = await create();
    await mark(x.id, s.rep1.repId, { state: 'leave', note: '原定外出培训' });
    const view = await checkin(s.rep1.agent, x.checkinToken as string);
    expect(view.json()).toMatchObject({ state: 'present', points: 5 });
    expect((await records(s.rep1.repId, x.id)).map((r) => [r.source, r.state, r.points])).toEqual([
      ['session_attended', 'counted', 5],
      ['session_leave', 'void', 0],
    ]);
    expect(await attendanceRows(x.id, s.rep1.repId)).toEqual([{ state: 'present', method: 'qr' }]);
  });

  it('refuses a session dated outside the term, from 履职评价 and from 云履职', async () => {
    const term = '会议日期须在本届任期内（2026-01-01 至 2030-12-31）';
    const early = await s.cadre.agent.post(
      `${base}/congresses/${s.congressId}/sessions`,
      sessionInput({ startsAt: '1999-05-01T09:00:00+08:00', endsAt: '1999-05-01T11:00:00+08:00' }),
    );
    expect(early.statusCode).toBe(400);
    expect(early.json().error).toMatchObject({ message: term, details: [{ field: 'startsAt' }] });
    const late = await s.cadre.agent.post(`/api/v1/proposals/congresses/${s.congressId}/sessions`, {
      title: '届后总结会',
      startsAt: '2030-12-31T15:00:00+08:00',
      endsAt: '2031-01-01T10:00:00+08:00',
      venue: '林埭镇文化中心',
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().error).toMatchObject({ message: term, details: [{ field: 'endsAt' }] });
    // The last day of the term, in Beijing time, is still in it.
    const lastDay = await s.cadre.agent.post(
      `${base}/congresses/${s.congressId}/sessions`,
      sessionInput({ startsAt: '2030-12-31T09:00:00+08:00', endsAt: '2030-12-31T23:30:00+08:00' }),
    );
    expect(lastDay.statusCode, lastDay.body).toBe(201);
    expect((await s.cadre.agent.delete(`${base}/sessions/${lastDay.json().id}`)).statusCode).toBe(200);
  });

  it('edits a session until it is closed: the marks’ records follow its title and time; others are refused', async () => {
    const x = await create({
      title: '第一届第五次代表大会（草）',
      startsAt: inHours(-0.5),
      endsAt: inHours(2),
    });
    expect((await checkin(s.rep3.agent, x.checkinToken as string)).statusCode).toBe(200);
    const url = `${base}/sessions/${x.id}`;
    const body = sessionInput({
      title: '第一届第五次代表大会',
      kind: 'meeting',
      startsAt: inHours(-0.75),
      endsAt: inHours(3),
      venue: '林埭镇党群服务中心',
    });
    expect((await s.otherCadre.agent.patch(url, body)).statusCode).toBe(404);
    expect((await s.reviewer.agent.patch(url, body)).statusCode).toBe(403);
    const outside = await s.cadre.agent.patch(url, {
      ...body,
      startsAt: '1999-05-01T09:00:00+08:00',
      endsAt: '1999-05-01T11:00:00+08:00',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.details[0].field).toBe('startsAt');

    const edited = await s.cadre.agent.patch(url, body);
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      title: '第一届第五次代表大会',
      kind: 'meeting',
      venue: '林埭镇党群服务中心',
      startsAt: body.startsAt,
      counts: { present: 1 },
    });
    const rec = await t.database.executeSql(
      `select title, state, occurred_at from duty_records where representative_id = $1 and source_ref = $2`,
      [s.rep3.repId, `session:${x.id}`],
    );
    expect(rec.rows).toEqual([
      { title: '出席《第一届第五次代表大会》', state: 'counted', occurred_at: new Date(body.startsAt) },
    ]);
    const audit = await t.database.executeSql(
      "select detail from audit_log where action = 'duty.session.update' and entity_id = $1",
      [String(x.id)],
    );
    expect(audit.rows[0]?.detail).toMatchObject({
      before: { title: '第一届第五次代表大会（草）', kind: 'congress' },
      after: { title: '第一届第五次代表大会', kind: 'meeting' },
      marks: 1,
    });

    expect((await s.cadre.agent.post(`${url}/close`)).statusCode).toBe(200);
    const closed = await s.cadre.agent.patch(url, body);
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error).toMatchObject({
      code: 'SESSION_CLOSED',
      message: '本场会议已结束签到，不能再修改',
    });
  });

  it('deletes a session made by mistake: its attendance goes, its records are voided, scores follow', async () => {
    const counted = async (repId: number) =>
      (
        await t.database.executeSql(
          `select coalesce(sum(points), 0)::int as points from duty_records
            where representative_id = $1 and state = 'counted'`,
          [repId],
        )
      ).rows[0]?.points as number;
    const before = await counted(s.rep4.repId);
    const y = await create({ title: '误建的会议', startsAt: inHours(-0.5), endsAt: inHours(2) });
    expect((await checkin(s.rep4.agent, y.checkinToken as string)).statusCode).toBe(200);
    expect((await mark(y.id, s.rep1.repId, { state: 'leave', note: '外地出差' })).statusCode).toBe(200);
    const during = await counted(s.rep4.repId);
    expect(during).toBeGreaterThanOrEqual(before);
    const url = `${base}/sessions/${y.id}`;
    expect((await s.otherCadre.agent.delete(url)).statusCode).toBe(404);
    expect((await s.reviewer.agent.delete(url)).statusCode).toBe(403);

    const gone = await s.cadre.agent.delete(url);
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json()).toEqual({ voided: 2 });
    expect((await records(s.rep4.repId, y.id)).map((r) => r.state)).toEqual(['void']);
    expect((await records(s.rep1.repId, y.id)).map((r) => r.state)).toEqual(['void']);
    expect(await counted(s.rep4.repId)).toBe(before);
    expect((await s.cadre.agent.get(url)).statusCode).toBe(404);
    const list = (
      await s.cadre.agent.get(`${base}/congresses/${s.congressId}/sessions`)
    ).json() as TDutySession[];
    expect(list.some((x) => x.id === y.id)).toBe(false);
    // Its QR no longer checks anyone in.
    expect((await checkin(s.rep2.agent, y.checkinToken as string)).statusCode).toBe(404);
    const audit = await t.database.executeSql(
      "select detail from audit_log where action = 'duty.session.delete' and entity_id = $1",
      [String(y.id)],
    );
    expect(audit.rows[0]?.detail).toMatchObject({ title: '误建的会议', marks: 2, voidedRecords: 2 });
    expect((await s.cadre.agent.delete(url)).statusCode).toBe(404);
  });

  it('refuses every write once the term is archived (409), and still lists its sessions', async () => {
    const open = await create({ startsAt: inHours(-0.5), endsAt: inHours(2) });
    await t.database.executeSql(
      `insert into duty_archives (congress_id, org_id, org_path, scheme_version, representative_count, record_count)
        values ($1, $2, $3, 1, 4, 0)`,
      [s.congressId, s.township.id, s.township.path],
    );
    const archived = (res: { statusCode: number; json(): { error: { code: string; message: string } } }) => {
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'TERM_ARCHIVED',
        message: '本届履职已归档，不能再修改',
      });
    };
    archived(await s.cadre.agent.post(`${base}/congresses/${s.congressId}/sessions`, sessionInput()));
    archived(await s.cadre.agent.post(`${base}/sessions/${open.id}/rotate-token`));
    archived(await mark(open.id, s.rep1.repId, { state: 'leave', note: '外地出差' }));
    archived(await s.cadre.agent.post(`${base}/sessions/${open.id}/close`));
    archived(await s.cadre.agent.patch(`${base}/sessions/${open.id}`, sessionInput()));
    archived(await s.cadre.agent.delete(`${base}/sessions/${open.id}`));
    archived(await checkin(s.rep1.agent, open.checkinToken as string));
    expect((await s.rep1.agent.get(`${base}/checkin/${open.checkinToken}`)).json()).toMatchObject({
      state: 'unmarked',
      blockedReason: '本届履职已归档，不能再签到',
    });
    // A session added in 云履职 afterwards is listed without a check-in token (the term is frozen).
    const made = await s.cadre.agent.post(`/api/v1/proposals/congresses/${s.congressId}/sessions`, {
      title: '届末总结会',
      startsAt: inHours(24),
      endsAt: inHours(26),
      venue: '林埭镇文化中心',
    });
    expect(made.statusCode).toBe(201);
    const list = (
      await s.cadre.agent.get(`${base}/congresses/${s.congressId}/sessions`)
    ).json() as TDutySession[];
    expect(list.find((x) => x.id === made.json().id)).toMatchObject({ kind: 'congress', checkinToken: null });
    expect((await s.cadre.agent.get(`${base}/sessions/${open.id}`)).statusCode).toBe(200);
  });
});
