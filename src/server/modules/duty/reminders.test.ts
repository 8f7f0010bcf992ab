import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createTestApp, type TestApp } from '../../../../test/app.ts';
import type { ZIdleRepresentative } from '../../../shared/duty.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import type { SceneUser } from '../proposals/proposals.fixture.ts';
import { buildDutyScene, type DutyScene, insertDutyRecord } from './duty.fixture.ts';
import { remindIdleRepresentatives } from './records.service.ts';

/**
 * 履职提醒 (issue #9): the daily job reminds each representative idle longer than the scheme's 30 days
 * once per idle period (a clock is injected), skips active ones; staff list the idle representatives.
 */

let t: TestApp;
let s: DutyScene;

beforeAll(async () => {
  t = await createTestApp();
  s = await buildDutyScene(t);
}, 300_000);
afterAll(async () => {
  await t.close();
});

/** 09:00 in Beijing on that day. */
const nineAm = (day: string) => new Date(`${day}T09:00:00+08:00`);

async function reminders(who: SceneUser) {
  return t.database.db
    .select({ title: notifications.title, link: notifications.link })
    .from(notifications)
    .where(and(eq(notifications.userId, who.user.id), eq(notifications.kind, 'duty.idleReminder')));
}

describe('idle reminders', { timeout: 180_000 }, () => {
  it('reminds once per idle period and skips representatives with recent (even pending) records', async () => {
    await insertDutyRecord(t, s, s.rep1.repId, 'contact_replied', {
      occurredAt: new Date('2026-05-20T02:00:00Z'),
    });
    await insertDutyRecord(t, s, s.rep2.repId, 'contact_replied', {
      occurredAt: new Date('2026-06-25T02:00:00Z'),
    });
    await insertDutyRecord(t, s, s.rep4.repId, 'manual', {
      occurredAt: new Date('2026-06-20T02:00:00Z'),
      itemCode: 'research',
    });
    // rep3 and the other township's representative have no record since their terms began (2026-01-01).
    expect(await remindIdleRepresentatives(t.app.deps, nineAm('2026-07-01'))).toEqual({
      congresses: 2,
      reminded: 3,
    });
    expect(await reminders(s.rep1)).toEqual([
      { title: '履职提醒：您已有 41 天没有新的履职记录', link: '/m/duty' },
    ]);
    expect(await reminders(s.rep3)).toEqual([{ title: '履职提醒：您在本届还没有履职记录', link: '/m/duty' }]);
    expect(await reminders(s.otherRep)).toHaveLength(1);
    expect(await reminders(s.rep2)).toEqual([]);
    expect(await reminders(s.rep4)).toEqual([]);

    // The same day again, and the next day: same idle period, nothing more.
    expect((await remindIdleRepresentatives(t.app.deps, nineAm('2026-07-01'))).reminded).toBe(0);
    expect((await remindIdleRepresentatives(t.app.deps, nineAm('2026-07-02'))).reminded).toBe(0);

    // rep1 acts again, then falls idle again: a new period, a new reminder. rep3 stays reminded once;
    // rep2 and rep4 now pass 30 days for the first time.
    await insertDutyRecord(t, s, s.rep1.repId, 'contact_replied', {
      occurredAt: new Date('2026-07-05T02:00:00Z'),
    });
    expect((await remindIdleRepresentatives(t.app.deps, nineAm('2026-08-10'))).reminded).toBe(3);
    expect((await reminders(s.rep1)).map((r) => r.title)).toEqual([
      '履职提醒：您已有 41 天没有新的履职记录',
      '履职提醒：您已有 35 天没有新的履职记录',
    ]);
    expect(await reminders(s.rep3)).toHaveLength(1);
    expect(await reminders(s.rep2)).toHaveLength(1);
    expect(await reminders(s.rep4)).toHaveLength(1);
    const rows = await t.database.executeSql(
      'select representative_id, idle_days from duty_reminders where congress_id = $1 order by id',
      [s.congressId],
    );
    expect(rows.rows.map((r) => [r.representative_id, r.idle_days])).toEqual([
      [s.rep3.repId, 181],
      [s.rep1.repId, 41],
      [s.rep4.repId, 50],
      [s.rep2.repId, 45],
      [s.rep1.repId, 35],
    ]);
  });

  it('staff list idle representatives of their congress; others may not', async () => {
    // rep2 acted yesterday (real clock): not idle.
    await insertDutyRecord(t, s, s.rep2.repId, 'contact_replied', {
      occurredAt: new Date(Date.now() - 86_400_000),
    });
    const res = await s.cadre.agent.get(`/api/v1/duty/congresses/${s.congressId}/idle?days=30`);
    expect(res.statusCode, res.body).toBe(200);
    const idle = res.json() as z.infer<typeof ZIdleRepresentative>[];
    expect(idle.map((r) => [r.representative.name, r.lastRecordAt, r.remindedAt])).toEqual([
      ['钟代表', null, '2026-07-01T01:00:00.000Z'],
      ['何代表', '2026-06-20T02:00:00.000Z', '2026-08-10T01:00:00.000Z'],
      ['沈代表', '2026-07-05T02:00:00.000Z', '2026-08-10T01:00:00.000Z'],
    ]);
    expect(idle[0]?.idleDays).toBeNull();
    expect(idle[0]?.representative.org.name).toBe('林埭镇示范机械有限公司工会');
    // The scheme's 30 days apply when no days are given.
    const byScheme = (
      await s.reviewer.agent.get(`/api/v1/duty/congresses/${s.congressId}/idle`)
    ).json() as unknown[];
    expect(byScheme).toHaveLength(3);
    expect((await s.cadre.agent.get(`/api/v1/duty/congresses/${s.congressId}/idle?days=0`)).statusCode).toBe(
      400,
    );
    expect((await s.otherCadre.agent.get(`/api/v1/duty/congresses/${s.congressId}/idle`)).statusCode).toBe(
      404,
    );
    expect((await s.rep1.agent.get(`/api/v1/duty/congresses/${s.congressId}/idle`)).statusCode).toBe(404);
  });
});
