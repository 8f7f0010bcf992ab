import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
} from '../../../../test/app.ts';
import type { TArchive } from '../../../shared/hardship.ts';
import { registeredJobs } from '../../platform/jobs/jobs.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { idCardCheckChar } from '../../platform/pii/pii.ts';
import { hardshipArchives } from './hardship.table.ts';
import { remindDueReviews } from './review.jobs.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let cadre: Agent;
let reviewer: Agent;

const BASE = '/api/v1/hardship/archives';
/** 2027-03-01 08:00 in Shanghai: "today" for the reminders below. */
const NOW = new Date('2027-03-01T00:00:00Z');

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  cadre = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'cadre', displayName: '王干部' }));
  reviewer = await loginAs(t, await buildUser(t, { org: scene.yj, role: 'reviewer' }));
});
afterAll(async () => {
  await t.close();
});

let seq = 0;
function nextId(): string {
  seq += 1;
  const first17 = `45100219880808${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

async function step(agent: Agent, id: number, event: string, body: unknown = {}) {
  const res = await agent.post(`${BASE}/${id}/${event}`, body);
  expect(res.statusCode, res.body).toBe(200);
}

/** A filed archive whose review is due on `reviewDue`, paired with a fresh helper (or none). */
async function filedDue(reviewDue: string, withHelper = true) {
  const res = await cadre.post(BASE, {
    orgId: scene.unionA.id,
    basic: { name: '黄春梅', idCard: nextId(), health: 'healthy', workStatus: 'laidOff', members: [] },
    causes: { main: 'laidOff', secondary: [] },
    income: { annualIncomeFen: 1_200_000, householdSize: 2, category: 'deep' },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = (res.json() as TArchive).id;
  await step(cadre, id, 'accept');
  const v = await cadre.post(`${BASE}/${id}/visits`, {
    visitDate: '2026-01-05',
    visitors: '王干部',
    findings: '属实',
  });
  expect(v.statusCode, v.body).toBe(201);
  await step(cadre, id, 'submit');
  await step(reviewer, id, 'pass');
  await step(cadre, id, 'publicize', { start: '2026-01-10', end: '2026-01-16' });
  await step(reviewer, id, 'approve');
  const helper = withHelper ? await buildUser(t, { org: scene.unionA, role: 'cadre' }) : null;
  await t.database.db
    .update(hardshipArchives)
    .set({ reviewDue, helperUserId: helper?.id ?? null })
    .where(eq(hardshipArchives.id, id));
  return { id, helperId: helper?.id ?? 0 };
}

const inboxOf = (userId: number) =>
  t.database.db.select().from(notifications).where(eq(notifications.userId, userId));

const run = () => remindDueReviews(t.app.deps, NOW);

describe('yearly review reminders (年度复核提醒)', () => {
  it('reminds the helper once of a review due within 30 days', async () => {
    const a = await filedDue('2027-03-21');
    const first = await run();
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    const inbox = await inboxOf(a.helperId);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      kind: 'hardship.reviewDue',
      title: '黄春梅 的困难档案将于 2027-03-21 到期复核',
      link: `/hardship/${a.id}`,
    });
    const [row] = await t.database.db.select().from(hardshipArchives).where(eq(hardshipArchives.id, a.id));
    expect(row?.reviewRemindedFor).toBe('2027-03-21');

    // Running again (or twice at once) sends nothing more.
    await run();
    await Promise.all([run(), run()]);
    expect(await inboxOf(a.helperId)).toHaveLength(1);
  });

  it('does nothing for a review due in 60 days', async () => {
    const a = await filedDue('2027-04-30');
    await run();
    expect(await inboxOf(a.helperId)).toHaveLength(0);
  });

  it('reminds of an overdue review with the overdue wording', async () => {
    const a = await filedDue('2027-02-10');
    await run();
    const inbox = await inboxOf(a.helperId);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      kind: 'hardship.reviewOverdue',
      title: '黄春梅 的困难档案已逾期复核（应于 2027-02-10 复核）',
      link: `/hardship/${a.id}`,
    });
    await run();
    expect(await inboxOf(a.helperId)).toHaveLength(1);
  });

  it('reminds again for a new due date, not after exit', async () => {
    const a = await filedDue('2027-03-10');
    await run();
    expect(await inboxOf(a.helperId)).toHaveLength(1);

    // The review date moves (e.g. a new cycle): a reminder for the new date.
    await t.database.db
      .update(hardshipArchives)
      .set({ reviewDue: '2027-03-25' })
      .where(eq(hardshipArchives.id, a.id));
    await run();
    const inbox = await inboxOf(a.helperId);
    expect(inbox.map((n) => n.title).sort()).toEqual([
      '黄春梅 的困难档案将于 2027-03-10 到期复核',
      '黄春梅 的困难档案将于 2027-03-25 到期复核',
    ]);

    // Exited (the service clears review_due): never reminded.
    const b = await filedDue('2027-03-05');
    await step(cadre, b.id, 'exit', { reason: 'incomeMet' });
    await run();
    expect(await inboxOf(b.helperId)).toHaveLength(0);
  });

  it('skips and counts archives without a helper, and reminds once one is paired', async () => {
    const a = await filedDue('2027-03-15', false);
    const counts = await run();
    expect(counts.withoutHelper).toBeGreaterThanOrEqual(1);
    const [row] = await t.database.db.select().from(hardshipArchives).where(eq(hardshipArchives.id, a.id));
    expect(row?.reviewRemindedFor).toBeNull();

    const helper = await buildUser(t, { org: scene.unionA, role: 'cadre' });
    await t.database.db
      .update(hardshipArchives)
      .set({ helperUserId: helper.id })
      .where(eq(hardshipArchives.id, a.id));
    await run();
    expect(await inboxOf(helper.id)).toHaveLength(1);
  });

  it('is registered as a daily job in Shanghai time', () => {
    const job = registeredJobs().find((j) => j.name === 'remind-hardship-reviews');
    expect(job).toMatchObject({ schedule: '0 8 * * *', timezone: 'Asia/Shanghai' });
  });
});
