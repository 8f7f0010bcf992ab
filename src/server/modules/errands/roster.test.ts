import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildUser, createTestApp, loginAs, type TestApp } from '../../../../test/app.ts';
import { addDays, beijingDay } from '../../../shared/dates.ts';
import type { TDutyNow, THotline, TShift } from '../../../shared/errands.ts';
import { buildErrandsScene, buildHotline, type ErrandsScene } from './errands.fixture.ts';

let t: TestApp;
let s: ErrandsScene;
let admin: Agent;
let cityAdmin: Agent;
let worker: Agent;

const BASE = '/api/v1/errands';
const HOUR = 3_600_000;
const iso = (offsetHours: number) => new Date(Date.now() + offsetHours * HOUR).toISOString();
const put = (a: Agent, url: string, payload: object) => a.inject({ method: 'PUT', url, payload });
const del = (a: Agent, url: string) => a.inject({ method: 'DELETE', url });

beforeAll(async () => {
  t = await createTestApp();
  s = await buildErrandsScene(t);
  admin = await loginAs(t, await buildUser(t, { org: s.service, role: 'admin', displayName: '钱管理' }));
  cityAdmin = await loginAs(t, await buildUser(t, { org: s.city, role: 'admin', displayName: '市管理' }));
  worker = s.worker.agent;
});
afterAll(async () => {
  await t.close();
});

describe('hotlines', () => {
  let created: THotline;

  it('a cadre adds a hotline to their union; the list shows it with the fixture line', async () => {
    const res = await s.cadre.agent.post(`${BASE}/hotlines`, {
      label: '及时送热线 2',
      number: '0311-86012346',
      kind: 'duty',
    });
    expect(res.statusCode).toBe(201);
    created = res.json();
    expect(created).toEqual({
      id: expect.any(Number),
      org: { id: s.service.id, name: s.service.name },
      label: '及时送热线 2',
      number: '0311-86012346',
      kind: 'duty',
      allDay: true,
      active: true,
    });
    const list = await s.reviewer.agent.get(`${BASE}/hotlines`);
    expect(list.statusCode).toBe(200);
    expect((list.json().items as THotline[]).map((h) => h.label)).toEqual(['及时送热线 1', '及时送热线 2']);
  });

  it('refuses bad numbers and empty labels with Chinese field messages', async () => {
    const res = await s.cadre.agent.post(`${BASE}/hotlines`, { label: '', number: '12345', kind: 'x' });
    expect(res.statusCode).toBe(400);
    const fields = (res.json().error.details as { field: string; message: string }[]).map((d) => d.field);
    expect(fields.sort()).toEqual(['body.kind', 'body.label', 'body.number']);
    expect(JSON.stringify(res.json())).toContain('请输入正确的手机号或座机号');
  });

  it('a cadre edits and deactivates a hotline; reviewers, couriers and workers cannot', async () => {
    const res = await s.cadre.agent.patch(`${BASE}/hotlines/${created.id}`, {
      number: '13311112222',
      active: false,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ number: '13311112222', active: false, label: '及时送热线 2' });
    expect(
      (await s.reviewer.agent.patch(`${BASE}/hotlines/${created.id}`, { active: true })).statusCode,
    ).toBe(403);
    expect(
      (await s.courier.agent.post(`${BASE}/hotlines`, { label: 'x', number: '13311112222', kind: 'duty' }))
        .statusCode,
    ).toBe(403);
    expect((await worker.get(`${BASE}/hotlines`)).statusCode).toBe(403);
    expect((await s.courier.agent.get(`${BASE}/hotlines`)).statusCode).toBe(403);
  });

  it('refuses a number the union already has, however it is written; another union may use it', async () => {
    const again = await s.cadre.agent.post(`${BASE}/hotlines`, {
      label: '测试热线',
      number: '031186012345',
      kind: 'duty',
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details).toEqual([
      { field: 'number', message: '本单位已有这个号码：及时送热线 1（0311-86012345）' },
    ]);
    // Changing a line to another line's number is refused too; keeping its own number is not.
    const clash = await s.cadre.agent.patch(`${BASE}/hotlines/${created.id}`, { number: '0311-86012345' });
    expect(clash.statusCode).toBe(400);
    const same = await s.cadre.agent.patch(`${BASE}/hotlines/${created.id}`, { number: '13311112222' });
    expect(same.statusCode).toBe(200);
    const elsewhere = await s.otherCadre.agent.post(`${BASE}/hotlines`, {
      label: '长安区热线',
      number: '0311-86012345',
      kind: 'duty',
    });
    expect(elsewhere.statusCode).toBe(201);
    await t.database.executeSql('delete from errand_hotlines where id = $1', [elsewhere.json().id]);
  });

  it("another county's cadre gets 404 for this union's hotlines", async () => {
    expect(
      (await s.otherCadre.agent.patch(`${BASE}/hotlines/${created.id}`, { active: true })).statusCode,
    ).toBe(404);
    expect((await s.otherCadre.agent.get(`${BASE}/hotlines?orgId=${s.service.id}`)).statusCode).toBe(404);
    const own = await s.otherCadre.agent.get(`${BASE}/hotlines`);
    expect(own.json().items).toEqual([]);
  });
});

describe('shifts', () => {
  let shift: TShift;

  it('schedules a cadre of the union on a hotline, across midnight', async () => {
    const res = await s.cadre.agent.post(`${BASE}/shifts`, {
      userId: s.cadre.user.id,
      hotlineId: s.hotlineId,
      startsAt: iso(-1),
      endsAt: iso(7),
      note: '夜班',
    });
    expect(res.statusCode).toBe(201);
    shift = res.json();
    expect(shift).toMatchObject({
      org: { id: s.service.id, name: s.service.name },
      user: { id: s.cadre.user.id, name: '李值班' },
      hotline: { id: s.hotlineId, label: '及时送热线 1', number: '0311-86012345' },
      note: '夜班',
    });
  });

  it('refuses an overlapping shift of the same person (409), also when two are sent at once', async () => {
    const res = await s.cadre.agent.post(`${BASE}/shifts`, {
      userId: s.cadre.user.id,
      startsAt: iso(6),
      endsAt: iso(10),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe('该人员在这段时间已有班次，班次不能重叠');
    const body = { userId: s.cadre2.user.id, startsAt: iso(30), endsAt: iso(38) };
    const both = await Promise.all([
      s.cadre.agent.post(`${BASE}/shifts`, body),
      s.cadre2.agent.post(`${BASE}/shifts`, body),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    // Back to back is fine.
    const next = await s.cadre.agent.post(`${BASE}/shifts`, {
      userId: s.cadre.user.id,
      startsAt: iso(7),
      endsAt: iso(9),
    });
    expect(next.statusCode).toBe(201);
  });

  it('refuses someone who is not a cadre or admin of the union (400), a reversed span and a foreign hotline', async () => {
    for (const userId of [s.reviewer.user.id, s.courier.user.id, s.otherCadre.user.id]) {
      const res = await s.cadre.agent.post(`${BASE}/shifts`, { userId, startsAt: iso(50), endsAt: iso(52) });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details).toEqual([
        { field: 'userId', message: '值班人员须是本单位的工会干部或管理员' },
      ]);
    }
    const reversed = await s.cadre.agent.post(`${BASE}/shifts`, {
      userId: s.cadre2.user.id,
      startsAt: iso(52),
      endsAt: iso(50),
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.details).toEqual([
      { field: 'body.endsAt', message: '结束时间应晚于开始时间' },
    ]);
    const otherLine = await buildHotline(t, s.otherCounty);
    const foreign = await s.cadre.agent.post(`${BASE}/shifts`, {
      userId: s.cadre2.user.id,
      hotlineId: otherLine,
      startsAt: iso(50),
      endsAt: iso(52),
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].field).toBe('hotlineId');
  });

  it('takes a shift entered late (within 31 days) or planned within a year; refuses a date years off', async () => {
    const shift = (startsAt: string, endsAt: string) =>
      s.cadre.agent.post(`${BASE}/shifts`, { userId: s.cadre2.user.id, startsAt, endsAt });
    const late = await shift(iso(-30 * 24), iso(-30 * 24 + 12));
    expect(late.statusCode).toBe(201);
    const planned = await shift(iso(365 * 24), iso(365 * 24 + 12));
    expect(planned.statusCode).toBe(201);
    const yearsBack = await shift('2023-11-27T08:00:00+08:00', '2023-11-27T20:00:00+08:00');
    expect(yearsBack.statusCode).toBe(400);
    expect(yearsBack.json().error.details).toEqual([
      { field: 'startsAt', message: '只能补录 31 天内的班次，请检查日期' },
    ]);
    const yearsAhead = await shift(iso(400 * 24), iso(400 * 24 + 12));
    expect(yearsAhead.statusCode).toBe(400);
    expect(yearsAhead.json().error.details).toEqual([
      { field: 'startsAt', message: '只能安排 366 天内的班次，请检查日期' },
    ]);
    for (const r of [late, planned]) await del(s.cadre.agent, `${BASE}/shifts/${r.json().id}`);
  });

  it('lists shifts by Beijing day; other orgs and couriers are refused', async () => {
    const today = beijingDay(new Date());
    const res = await s.reviewer.agent.get(
      `${BASE}/shifts?from=${addDays(today, -1)}&to=${addDays(today, 2)}`,
    );
    expect(res.statusCode).toBe(200);
    const items = res.json().items as TShift[];
    expect(items.map((i) => i.id)).toContain(shift.id);
    expect(items.every((i, n) => n === 0 || (items[n - 1] as TShift).startsAt <= i.startsAt)).toBe(true);
    const far = await s.reviewer.agent.get(
      `${BASE}/shifts?from=${addDays(today, 20)}&to=${addDays(today, 21)}`,
    );
    expect(far.json().items).toEqual([]);
    expect((await s.otherCadre.agent.get(`${BASE}/shifts?orgId=${s.service.id}`)).statusCode).toBe(404);
    expect((await s.courier.agent.get(`${BASE}/shifts`)).statusCode).toBe(403);
    expect(
      (await s.otherCadre.agent.inject({ method: 'DELETE', url: `${BASE}/shifts/${shift.id}` })).statusCode,
    ).toBe(404);
    expect((await del(s.reviewer.agent, `${BASE}/shifts/${shift.id}`)).statusCode).toBe(403);
  });

  it('deletes a shift', async () => {
    const extra = await s.cadre.agent.post(`${BASE}/shifts`, {
      userId: s.cadre2.user.id,
      startsAt: iso(100),
      endsAt: iso(104),
    });
    expect(extra.statusCode).toBe(201);
    expect((await del(s.cadre.agent, `${BASE}/shifts/${extra.json().id}`)).statusCode).toBe(204);
    expect((await del(s.cadre.agent, `${BASE}/shifts/${extra.json().id}`)).statusCode).toBe(404);
  });
});

describe('duty now (public)', () => {
  it('shows the active numbers and the masked name of who is on duty to anyone', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${BASE}/duty?orgId=${s.service.id}` });
    expect(res.statusCode).toBe(200);
    const duty: TDutyNow = res.json();
    expect(duty.org).toEqual({ id: s.service.id, name: s.service.name });
    // The deactivated second line is not shown.
    expect(duty.hotlines).toEqual([
      { label: '及时送热线 1', number: '0311-86012345', kind: 'both', allDay: true },
    ]);
    expect(duty.onDuty).toEqual([{ name: '李**', hotline: '及时送热线 1', until: expect.any(String) }]);
  });

  it('shows full names to staff of the org subtree, masked to other orgs and workers', async () => {
    for (const a of [s.cadre.agent, s.reviewer.agent, cityAdmin]) {
      const res = await a.get(`${BASE}/duty?orgId=${s.service.id}`);
      expect((res.json() as TDutyNow).onDuty.map((d) => d.name)).toEqual(['李值班']);
    }
    for (const a of [s.otherCadre.agent, worker, s.courier.agent]) {
      const res = await a.get(`${BASE}/duty?orgId=${s.service.id}`);
      expect((res.json() as TDutyNow).onDuty.map((d) => d.name)).toEqual(['李**']);
    }
  });

  it('is 404 for an org without active hotlines or that does not exist', async () => {
    expect(
      (await t.app.inject({ method: 'GET', url: `${BASE}/duty?orgId=${s.township.id}` })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `${BASE}/duty?orgId=999999` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `${BASE}/duty` })).statusCode).toBe(400);
  });
});

describe('the serving union (public)', () => {
  it('is the org itself or its nearest ancestor with an active hotline; null where none runs 及时送', async () => {
    const nearest = async (orgId: number) =>
      t.app.inject({ method: 'GET', url: `${BASE}/duty/nearest?orgId=${orgId}` });
    // A worker's grassroots union and the township below the service union are served by it.
    for (const org of [s.grassroots.id, s.township.id, s.service.id]) {
      const res = await nearest(org);
      expect(res.statusCode).toBe(200);
      expect((res.json().duty as TDutyNow).org).toEqual({ id: s.service.id, name: s.service.name });
    }
    // Above the service union nobody runs it: 200 with null, so a page logs no error.
    const above = await nearest(s.city.id);
    expect(above.statusCode).toBe(200);
    expect(above.json()).toEqual({ duty: null });
    expect((await nearest(999999)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `${BASE}/duty/nearest` })).statusCode).toBe(400);
  });
});

describe('settings', () => {
  it('defaults to 15 and 180 minutes', async () => {
    const res = await s.cadre.agent.get(`${BASE}/settings`);
    expect(res.json()).toEqual({
      orgId: s.service.id,
      acceptMinutes: 15,
      deliverMinutes: 180,
      fromOrgId: null,
    });
  });

  it('only admins set them; a city setting is inherited below until a lower org sets its own', async () => {
    const body = { acceptMinutes: 20, deliverMinutes: 120 };
    expect((await put(s.cadre.agent, `${BASE}/settings`, body)).statusCode).toBe(403);
    expect((await put(s.courier.agent, `${BASE}/settings`, body)).statusCode).toBe(403);
    const city = await put(cityAdmin, `${BASE}/settings?orgId=${s.city.id}`, body);
    expect(city.statusCode).toBe(200);
    expect(city.json()).toEqual({
      orgId: s.city.id,
      acceptMinutes: 20,
      deliverMinutes: 120,
      fromOrgId: s.city.id,
    });
    const inherited = await s.cadre.agent.get(`${BASE}/settings?orgId=${s.grassroots.id}`);
    expect(inherited.json()).toEqual({
      orgId: s.grassroots.id,
      acceptMinutes: 20,
      deliverMinutes: 120,
      fromOrgId: s.city.id,
    });
    const own = await put(admin, `${BASE}/settings`, { acceptMinutes: 30, deliverMinutes: 240 });
    expect(own.json()).toEqual({
      orgId: s.service.id,
      acceptMinutes: 30,
      deliverMinutes: 240,
      fromOrgId: s.service.id,
    });
    const below = await s.cadre.agent.get(`${BASE}/settings?orgId=${s.grassroots.id}`);
    expect(below.json()).toMatchObject({ acceptMinutes: 30, deliverMinutes: 240, fromOrgId: s.service.id });
    const other = await s.otherCadre.agent.get(`${BASE}/settings`);
    expect(other.json()).toMatchObject({ acceptMinutes: 20, deliverMinutes: 120, fromOrgId: s.city.id });
  });

  it('validates the minutes and refuses other orgs', async () => {
    const bad = await put(admin, `${BASE}/settings`, { acceptMinutes: 0, deliverMinutes: 5 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([
      { field: 'body.acceptMinutes', message: '至少 1 分钟' },
      { field: 'body.deliverMinutes', message: '至少 10 分钟' },
    ]);
    expect(
      (
        await put(admin, `${BASE}/settings?orgId=${s.otherCounty.id}`, {
          acceptMinutes: 5,
          deliverMinutes: 60,
        })
      ).statusCode,
    ).toBe(404);
    expect((await s.otherCadre.agent.get(`${BASE}/settings?orgId=${s.service.id}`)).statusCode).toBe(404);
  });
});
