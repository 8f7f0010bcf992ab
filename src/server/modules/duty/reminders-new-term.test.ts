import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, createTestApp, type TestApp } from '../../../../test/app.ts';
import { notifications } from '../../platform/notify/notify.table.ts';
import { buildCongress, buildRepresentative } from '../proposals/proposals.fixture.ts';
import { remindIdleRepresentatives } from './records.service.ts';

/**
 * 履职提醒 (issue #9) also covers a running term nobody has opened in 履职评价 yet (no scheme installed):
 * its representatives are reminded after the default 30 days; a closed term is left alone.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 300_000);
afterAll(async () => {
  await t.close();
});

describe('idle reminders for a term without a scheme', { timeout: 180_000 }, () => {
  it('reminds the representatives of a running term with no scheme, not those of a closed one', async () => {
    const union = await buildOrg(t, { name: '新仓镇总工会', type: 'township' });
    const unit = await buildOrg(t, { name: '新仓镇示范五金有限公司工会', type: 'grassroots', parent: union });
    const running = await buildCongress(t, union);
    const closed = await buildCongress(t, union, { termNo: 2, state: 'closed' });
    const rep = await buildRepresentative(t, { id: running, union }, unit, '邹代表');
    const retired = await buildRepresentative(t, { id: closed, union }, unit, '严代表');
    const schemes = await t.database.executeSql('select count(*)::int as n from duty_schemes');
    expect(schemes.rows).toEqual([{ n: 0 }]);

    expect(await remindIdleRepresentatives(t.app.deps, new Date('2026-03-01T09:00:00+08:00'))).toEqual({
      congresses: 1,
      reminded: 1,
    });
    const sent = async (userId: number) =>
      t.database.db
        .select({ title: notifications.title })
        .from(notifications)
        .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'duty.idleReminder')));
    expect(await sent(rep.user.id)).toEqual([{ title: '履职提醒：您在本届还没有履职记录' }]);
    expect(await sent(retired.user.id)).toEqual([]);
  });

  it('counts a representative added during the term (补选) from their seat, not from the term start', async () => {
    const union = await buildOrg(t, { name: '广陈镇总工会', type: 'township' });
    const unit = await buildOrg(t, { name: '广陈镇示范纺织有限公司工会', type: 'grassroots', parent: union });
    const congress = await buildCongress(t, union);
    const since = new Date('2026-02-20T10:00:00+08:00');
    const elected = await buildRepresentative(t, { id: congress, union }, unit, '陆代表');
    const added = await buildRepresentative(t, { id: congress, union }, unit, '蒋代表', { seatedAt: since });
    const sent = async (userId: number) =>
      t.database.db
        .select({ title: notifications.title, body: notifications.body })
        .from(notifications)
        .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'duty.idleReminder')));

    // 1 March: the one elected with the term (1 January) is idle, the one seated on 20 February is not.
    await remindIdleRepresentatives(t.app.deps, new Date('2026-03-01T09:00:00+08:00'));
    expect(await sent(elected.user.id)).toHaveLength(1);
    expect(await sent(added.user.id)).toEqual([]);
    // 30 days after their seat they are, and the reminder counts the days from it.
    await remindIdleRepresentatives(t.app.deps, new Date('2026-03-23T09:00:00+08:00'));
    expect(await sent(added.user.id)).toHaveLength(1);
    const rows = await t.database.executeSql(
      'select idle_days from duty_reminders where representative_id = $1',
      [added.repId],
    );
    expect(rows.rows).toEqual([{ idle_days: 30 }]);
  });
});
