import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
  type TestUser,
} from '../../../../test/app.ts';
import type { TWish, TWishActivity } from '../../../shared/wishes.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { buildArchive, wishBody } from './wishes.fixture.ts';
import { wishClaims, wishes } from './wishes.table.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let cadre: Agent;
let bsCadre: Agent;
let shCadre: Agent;
let donorUser: TestUser;

const BASE = '/api/v1/wishes';
const event = { title: '北海解忧超市·微心愿认领', heldOn: '2026-11-20', place: '海城区职工服务中心' };

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  cadre = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'cadre' }));
  bsCadre = await loginAs(t, await buildUser(t, { org: scene.bs, role: 'cadre' }));
  shCadre = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'cadre' }));
  donorUser = await buildUser(t, { org: scene.sh, role: 'donor', displayName: '王芳' });
});
afterAll(async () => {
  await t.close();
});

let mobileSeq = 0;
async function publishedWish(org = scene.unionA, poster = cadre): Promise<{ id: number; workerId: number }> {
  mobileSeq += 1;
  const mobile = `1360776${String(mobileSeq).padStart(4, '0')}`;
  const worker = await buildUser(t, { org, role: 'worker', mobile, username: mobile });
  const archive = await buildArchive(t, { org, mobile });
  const posted = await poster.post(`${BASE}/on-behalf`, { ...wishBody(), archiveId: archive.id });
  expect(posted.statusCode, posted.body).toBe(201);
  const id = (posted.json() as TWish).id;
  expect((await poster.post(`${BASE}/${id}/approve`, {})).statusCode).toBe(200);
  return { id, workerId: worker.id };
}

async function createEvent(agent: Agent = cadre): Promise<TWishActivity> {
  const res = await agent.post(`${BASE}/activities`, event);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as TWishActivity;
}

const stateOf = async (ids: number[]) =>
  (
    await t.database.db
      .select({ id: wishes.id, state: wishes.state })
      .from(wishes)
      .where(inArray(wishes.id, ids))
  )
    .sort((a, b) => a.id - b.id)
    .map((w) => w.state);

describe('events (认领活动)', () => {
  it('a cadre creates an event in their org; others see it only within their subtree', async () => {
    const a = await createEvent();
    expect(a).toMatchObject({
      ...event,
      org: { id: scene.yj.id, name: '右江区总工会' },
      claimCount: 0,
      note: null,
    });
    const list = (await bsCadre.get(`${BASE}/activities`)).json();
    expect(list.items.map((x: TWishActivity) => x.id)).toContain(a.id);
    const sh = (await shCadre.get(`${BASE}/activities`)).json();
    expect(sh.items.map((x: TWishActivity) => x.id)).not.toContain(a.id);
    expect((await shCadre.get(`${BASE}/activities/${a.id}`)).statusCode).toBe(404);
    const bad = await cadre.post(`${BASE}/activities`, { title: '活', heldOn: '2026-13-01', place: '' });
    expect(bad.statusCode).toBe(400);
    const messages = bad.json().error.details.map((d: { message: string }) => d.message);
    expect(messages).toEqual(
      expect.arrayContaining(['请填写活动名称', '日期格式应为 YYYY-MM-DD', '请填写活动地点']),
    );
    // Donors and workers do not hold events.
    const donor = await loginAs(t, donorUser);
    expect((await donor.post(`${BASE}/activities`, event)).statusCode).toBe(403);
  });

  it('records paper claims in bulk: each wish claimed with the event, the claimer and an encrypted mobile', async () => {
    const a = await createEvent();
    const one = await publishedWish();
    const two = await publishedWish();
    const res = await cadre.post(`${BASE}/activities/${a.id}/claims`, {
      claims: [
        { wishId: one.id, donorName: '陈志强', donorKind: 'person', mobile: '13912345678' },
        {
          wishId: two.id,
          donorName: '北海某某物流有限公司',
          donorKind: 'enterprise',
          donorUserId: donorUser.id,
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 2 });
    expect(await stateOf([one.id, two.id])).toEqual(['claimed', 'claimed']);
    const rows = await t.database.db.select().from(wishClaims).where(eq(wishClaims.activityId, a.id));
    expect(rows).toHaveLength(2);
    const volunteer = rows.find((r) => r.wishId === one.id);
    expect(volunteer).toMatchObject({
      donorName: '陈志强',
      donorKind: 'person',
      state: 'active',
      donorUserId: null,
    });
    expect(volunteer?.donorMobileEnc).not.toContain('13912345678');
    expect(t.app.deps.vault.decrypt(volunteer?.donorMobileEnc ?? '')).toBe('13912345678');
    expect(rows.find((r) => r.wishId === two.id)?.donorUserId).toBe(donorUser.id);

    const detail = (await cadre.get(`${BASE}/activities/${a.id}`)).json();
    expect(detail.claimCount).toBe(2);
    expect(detail.claims).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          wishId: one.id,
          donorName: '陈志强',
          eventId: a.id,
          wishTitle: wishBody().title,
        }),
      ]),
    );
    // The worker hears of it; the wall shows the volunteer masked; the linked donor can follow it.
    const inbox = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, one.workerId));
    expect(inbox.some((n) => n.kind === 'wishes.claimed' && n.title.includes(event.title))).toBe(true);
    const wall = (await t.app.inject({ method: 'GET', url: `${BASE}/wall/${one.id}` })).json();
    expect(wall.claimedBy).toBe('爱心人士 陈**');
    const donor = await loginAs(t, donorUser);
    const mine = (await donor.get(`${BASE}/donor/claims`)).json();
    expect(mine.items.map((w: TWish) => w.id)).toContain(two.id);
    // The wish timeline names the event.
    const seen = (await cadre.get(`${BASE}/${one.id}`)).json() as TWish;
    expect(seen.timeline.at(-1)).toMatchObject({ event: 'claim', note: `在「${event.title}」现场认领` });
  });

  it('all or nothing: a row whose wish is not published rejects the batch, naming the row', async () => {
    const a = await createEvent();
    const free = await publishedWish();
    const taken = await publishedWish();
    await cadre.post(`${BASE}/activities/${a.id}/claims`, {
      claims: [{ wishId: taken.id, donorName: '先来的人', donorKind: 'person' }],
    });
    const res = await cadre.post(`${BASE}/activities/${a.id}/claims`, {
      claims: [
        { wishId: free.id, donorName: '李明', donorKind: 'person' },
        { wishId: taken.id, donorName: '张华', donorKind: 'person' },
      ],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('EVENT_CLAIMS_REJECTED');
    expect(res.json().error.message).toContain('第 2 行');
    expect(res.json().error.message).toContain('已认领');
    expect(res.json().error.details[0]).toMatchObject({ row: 2, field: 'claims.1.wishId' });
    // Row 1 was not saved.
    expect(await stateOf([free.id])).toEqual(['published']);
    expect(await t.database.db.select().from(wishClaims).where(eq(wishClaims.wishId, free.id))).toHaveLength(
      0,
    );
  });

  it("refuses wishes outside the cadre's subtree, bad mobiles and bad input, with row numbers", async () => {
    const a = await createEvent();
    const mine = await publishedWish();
    const shAdmin = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'admin' }));
    const shanghai = await publishedWish(scene.unionB, shAdmin);
    const res = await cadre.post(`${BASE}/activities/${a.id}/claims`, {
      claims: [
        { wishId: mine.id, donorName: '李明', donorKind: 'person', mobile: '12345' },
        { wishId: shanghai.id, donorName: '张华', donorKind: 'person' },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('第 1 行');
    const details = res.json().error.details as { row: number; field: string }[];
    expect(details.map((d) => d.field)).toEqual(['claims.0.mobile', 'claims.1.wishId']);
    expect(await stateOf([mine.id, shanghai.id])).toEqual(['published', 'published']);

    const empty = await cadre.post(`${BASE}/activities/${a.id}/claims`, { claims: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('请至少录入一条认领');
    const dup = await cadre.post(`${BASE}/activities/${a.id}/claims`, {
      claims: [
        { wishId: mine.id, donorName: '李明', donorKind: 'person' },
        { wishId: mine.id, donorName: '张华', donorKind: 'person' },
      ],
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.message).toContain('同一心愿不能重复录入');
    const noName = await cadre.post(`${BASE}/activities/${a.id}/claims`, {
      claims: [{ wishId: mine.id, donorName: '', donorKind: 'person' }],
    });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.message).toContain('请填写认领人');
  });

  it("other orgs' cadres cannot record claims on an event", async () => {
    const a = await createEvent();
    const w = await publishedWish();
    const res = await shCadre.post(`${BASE}/activities/${a.id}/claims`, {
      claims: [{ wishId: w.id, donorName: '张华', donorKind: 'person' }],
    });
    expect(res.statusCode).toBe(404);
    expect(await stateOf([w.id])).toEqual(['published']);
    // A cadre above the event's org may (the wish is in their subtree too).
    const ok = await bsCadre.post(`${BASE}/activities/${a.id}/claims`, {
      claims: [{ wishId: w.id, donorName: '张华', donorKind: 'person' }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
