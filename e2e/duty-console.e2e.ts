import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  TDutyArchive,
  TDutyProfile,
  TDutyRecord,
  TDutySession,
  TDutySessionDetail,
  TLeaderboard,
  TScheme,
} from '../src/shared/duty.ts';
import type { TCongress } from '../src/shared/proposals.ts';
import { apiSession, consoleLogin, openSite, pickOption, type Site } from './harness.ts';

/**
 * 履职评价 on the console (issue #9): 钱干事 (ld_cadre) reads the 林埭 leaderboard and opens the top
 * representative's 履职画像 (the total and rank as the API says), approves one pending entry and
 * rejects another with a reason, awards 提案获评优秀, marks a representative on leave at a new session
 * and closes its attendance (the rest become absent), saves a changed scheme and sees the recompute
 * message, then archives the term: the leaderboard says 已归档, the records lose their buttons and the
 * scheme form is frozen. Screenshots of every page at 1440×900.
 */
let site: Site;

// The demo (203 林埭 members, a finished survey with 656 evaluations) takes a while to seed.
beforeAll(async () => {
  site = await openSite();
}, 400_000);
afterAll(async () => {
  await site?.close();
});

const apiAs = (username: string) => apiSession(site.baseUrl, username);

const numberIn = async (page: Page, testId: string) =>
  Number(((await page.getByTestId(testId).first().textContent()) ?? '').replace(/[^\d.]/g, ''));

/** Types a range into the visible dialog's range picker (Beijing wall-clock text, `YYYY-MM-DD HH:mm`). */
async function fillRange(page: Page, from: string, to: string) {
  const range = page.locator('.ant-modal:visible .ant-picker-range input');
  await range.nth(0).click();
  await range.nth(0).fill(from);
  await range.nth(0).press('Enter');
  await range.nth(1).click();
  await range.nth(1).fill(to);
  await range.nth(1).press('Enter');
  await expect.poll(() => range.nth(1).inputValue()).toBe(to);
}

/** Beijing wall-clock text of an instant, as the pickers read it. */
const beijingText = (ms: number) => {
  const d = new Date(ms + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};

describe('履职评价 console', () => {
  // Before the test that archives the term (which freezes its sessions).
  it('a cadre corrects a meeting (never outside the term), sees it wait for 结束签到, then deletes it', async () => {
    const api = await apiAs('ld_cadre');
    const congresses = await api<TCongress[]>('GET', '/api/v1/proposals/congresses');
    const congress = congresses.body.find((c) => c.name.includes('林埭') && c.state === 'active');
    const cid = congress?.id as number;
    const hour = 3_600_000;
    const start = Math.floor((Date.now() - 3 * hour) / 300_000) * 300_000;
    const made = await api<TDutySession>('POST', `/api/v1/duty/congresses/${cid}/sessions`, {
      title: '代表小组座谈会（草）',
      kind: 'meeting',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * hour).toISOString(),
      venue: '林埭镇总工会会议室',
    });
    expect(made.status).toBe(201);
    const rep = (await api<TDutySessionDetail>('GET', `/api/v1/duty/sessions/${made.body.id}`)).body
      .attendance[0]?.representative.id as number;
    const marked = await api('PUT', `/api/v1/duty/sessions/${made.body.id}/attendance/${rep}`, {
      state: 'present',
    });
    expect(marked.status).toBe(200);

    const ctx = await site.context('desktop');
    const page = await ctx.newPage();
    await consoleLogin(page, site.baseUrl, 'ld_cadre');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${site.baseUrl}/duty/sessions/${made.body.id}`);
    // Over an hour ago and not closed: 待结束签到, as the list says (it used to say 签到中).
    expect(await page.getByTestId('duty-session-timing').textContent()).toBe('待结束签到');

    await page.getByTestId('duty-session-edit').click();
    const dialog = page.locator('.ant-modal:visible');
    expect(await dialog.getByTestId('duty-session-title').inputValue()).toBe('代表小组座谈会（草）');
    await dialog.getByTestId('duty-session-title').fill('代表小组座谈会');
    await fillRange(page, '1999-05-01 09:00', '1999-05-01 11:00');
    await dialog.getByTestId('duty-session-ok').click();
    await dialog.locator('.ant-form-item-explain-error', { hasText: '会议日期须在本届任期内' }).waitFor();
    await site.shot(page, 'duty-console-session-edit-term');
    const newStart = start - hour;
    await fillRange(page, beijingText(newStart), beijingText(newStart + 2 * hour));
    await dialog.getByTestId('duty-session-ok').click();
    await page.getByText('已保存会议：代表小组座谈会').waitFor();
    const after = await api<TDutySessionDetail>('GET', `/api/v1/duty/sessions/${made.body.id}`);
    expect([after.body.title, Date.parse(after.body.startsAt), after.body.counts.present]).toEqual([
      '代表小组座谈会',
      newStart,
      1,
    ]);
    const records = await api<{ items: TDutyRecord[] }>(
      'GET',
      `/api/v1/duty/records?representativeId=${rep}&pageSize=100`,
    );
    expect(records.body.items.map((r) => r.title)).toContain('出席《代表小组座谈会》');

    // 删除会议 says what it takes with it, then the list no longer has it.
    await page.getByTestId('duty-session-delete').click();
    await page.getByText('已有 1 位代表的出席情况登记在这场会议上').waitFor();
    await site.shot(page, 'duty-console-session-delete');
    await page.getByTestId('duty-session-delete-ok').click();
    await page.waitForURL((u) => u.pathname === '/duty/sessions');
    await page.getByTestId('duty-sessions-table').waitFor();
    expect(
      await page.locator(`[data-testid=duty-sessions-table] tr[data-row-key="${made.body.id}"]`).count(),
    ).toBe(0);
    expect((await api('GET', `/api/v1/duty/sessions/${made.body.id}`)).status).toBe(404);
    await ctx.close();
  });

  it('a cadre ranks, reviews, awards, takes attendance, changes the scheme and archives the term', async () => {
    const api = await apiAs('ld_cadre');
    const congresses = await api<TCongress[]>('GET', '/api/v1/proposals/congresses');
    const congress = congresses.body.find((c) => c.name.includes('林埭') && c.state === 'active');
    expect(congress).toBeTruthy();
    const cid = congress?.id as number;
    const board = await api<TLeaderboard>('GET', `/api/v1/duty/congresses/${cid}/leaderboard`);
    expect(board.status).toBe(200);
    const top = board.body.rows[0];
    expect(top).toBeTruthy();

    const ctx = await site.context('desktop');
    const page = await ctx.newPage();
    await consoleLogin(page, site.baseUrl, 'ld_cadre');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));

    // ---- 首页 · 待我处理 counts the other modules' tasks too, as their lists count them.
    const pendingRecords = await api<{ total: number }>(
      'GET',
      '/api/v1/duty/records?state=pending&pageSize=1',
    );
    const openAppeals = await api<{ total: number }>(
      'GET',
      '/api/v1/proposals/appeals?state=open&pageSize=1',
    );
    expect(pendingRecords.body.total).toBeGreaterThan(0);
    expect(openAppeals.body.total).toBeGreaterThan(0);
    const task = (text: string) =>
      page.getByTestId('workbench-todos').locator('.ant-list-item', { hasText: text });
    await task('待审核的履职记录').waitFor();
    expect(await task('待审核的履职记录').textContent()).toContain(String(pendingRecords.body.total));
    expect(await task('待分办的诉求建议').textContent()).toContain(String(openAppeals.body.total));
    await site.shot(page, 'console-workbench-module-todos');

    // ---- 积分排行: every representative, the top one first; the link opens the profile.
    await page.goto(`${site.baseUrl}/duty/leaderboard`);
    const table = page.getByTestId('duty-leaderboard-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(board.body.rows.length);
    expect(await page.getByTestId('duty-congress-select').textContent()).toContain(congress?.name);
    await page.getByTestId('duty-leaderboard-chart').waitFor();
    await site.shot(page, 'duty-console-leaderboard');
    // The top representative's group and rank in it sit under the name.
    const topRow = table.locator('tbody tr.ant-table-row').first();
    expect(await topRow.textContent()).toContain(
      `${top?.representative.name}${top?.representative.delegation} · 组内第 ${top?.delegationRank}`,
    );
    // On a 1366-px screen every column, 加分/减分 included, fits without scrolling sideways.
    await page.setViewportSize({ width: 1366, height: 900 });
    await expect
      .poll(() =>
        table
          .locator('.ant-table-content, .ant-table-body')
          .first()
          .evaluate((e) => e.scrollWidth - e.clientWidth),
      )
      .toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1440, height: 900 });
    // 代表小组 filter: only that group's rows.
    const group = board.body.delegations[0] as string;
    await page.getByTestId('duty-delegation-filter').click();
    await pickOption(page, group);
    const inGroup = board.body.rows.filter((r) => r.representative.delegation === group).length;
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(inGroup);
    await page.getByTestId(`duty-rep-${top?.representative.id}`).click();
    await page.waitForURL(/\/duty\/representatives\/\d+$/);
    await page.getByTestId('duty-profile-total').waitFor();
    expect(await numberIn(page, 'duty-profile-total')).toBe(top?.total);
    expect(await page.getByTestId('duty-profile-rank').textContent()).toMatch(
      new RegExp(`${top?.rank}\\s*/ ${board.body.rows.length}$`),
    );
    await page.getByTestId('duty-profile-radar').locator('canvas').waitFor();
    // The menu keeps 积分排行 selected (the profile is one of its pages), not 首页.
    expect(await page.locator('.ant-menu-item-selected').textContent()).toContain('积分排行');
    const profile = await api<TDutyProfile>(
      'GET',
      `/api/v1/duty/representatives/${top?.representative.id}/profile`,
    );
    const shown = Math.min(profile.body.records.length, 20);
    expect(await page.getByTestId('duty-profile-records').locator('tbody tr.ant-table-row').count()).toBe(
      shown,
    );
    await site.shot(page, 'duty-console-profile');

    // ---- 履职记录: approve one pending entry, reject another with a reason.
    const pending = await api<{ items: TDutyRecord[] }>(
      'GET',
      `/api/v1/duty/records?congressId=${cid}&state=pending&pageSize=50`,
    );
    expect(pending.body.items.length).toBeGreaterThanOrEqual(2);
    const [first, second] = pending.body.items as [TDutyRecord, TDutyRecord];
    await page.goto(`${site.baseUrl}/duty/records?congress=${cid}&state=pending`);
    await page.getByTestId(`duty-record-approve-${first.id}`).click();
    await page.getByTestId('duty-approve-ok').click();
    await expect
      .poll(async () => (await api<TDutyRecord>('GET', `/api/v1/duty/records/${first.id}`)).body.state)
      .toBe('approved');
    await page.getByTestId(`duty-record-reject-${second.id}`).click();
    await page.getByTestId('duty-reason-ok').click();
    // No reason: the form says so in Chinese and nothing is sent.
    await page.getByText('请填写理由（至少 2 个字）').waitFor();
    await page.getByTestId('duty-reason').fill('佐证材料不足，请补充照片后重新填报');
    await page.getByTestId('duty-reason-ok').click();
    await expect
      .poll(async () => (await api<TDutyRecord>('GET', `/api/v1/duty/records/${second.id}`)).body)
      .toMatchObject({ state: 'rejected', rejectReason: '佐证材料不足，请补充照片后重新填报' });
    await page.getByTestId(`duty-record-approve-${first.id}`).waitFor({ state: 'detached' });
    await page.goto(`${site.baseUrl}/duty/records?congress=${cid}`);
    await page.getByTestId('duty-records-table').locator('tbody tr.ant-table-row').first().waitFor();
    await site.shot(page, 'duty-console-records');

    // 认定加减分: 提案获评优秀 for the last-ranked representative.
    const last = board.body.rows[board.body.rows.length - 1];
    await page.getByTestId('duty-award').click();
    const dialog = page.locator('.ant-modal:visible').first();
    await dialog.getByTestId('duty-award-rep').click();
    // The option list is virtual: search for the name first.
    await page.keyboard.type(last?.representative.name as string);
    await pickOption(page, last?.representative.name as string);
    await dialog.getByTestId('duty-award-item').click();
    await pickOption(page, '提案获评优秀');
    await dialog.getByTestId('duty-award-title').fill('《关于新就业形态劳动者权益保障的建议》获评优秀提案');
    await site.shot(page, 'duty-console-award');
    await dialog.getByTestId('duty-award-ok').click();
    await expect
      .poll(async () => {
        const r = await api<{ items: TDutyRecord[] }>(
          'GET',
          `/api/v1/duty/records?congressId=${cid}&representativeId=${last?.representative.id}&source=award`,
        );
        return r.body.items.map((i) => [i.title, i.state, i.item?.code, i.item?.kind]);
      })
      .toContainEqual([
        '《关于新就业形态劳动者权益保障的建议》获评优秀提案',
        'counted',
        'excellent',
        'bonus',
      ]);

    // ---- 会议签到: a session now; one representative on leave, then close: the others absent.
    const now = Date.now();
    const made = await api<TDutySession>('POST', `/api/v1/duty/congresses/${cid}/sessions`, {
      title: '代表小组学习会（测试）',
      kind: 'meeting',
      startsAt: new Date(now - 30 * 60_000).toISOString(),
      endsAt: new Date(now + 90 * 60_000).toISOString(),
      venue: '林埭镇总工会三楼会议室',
    });
    expect(made.status).toBe(201);
    await page.goto(`${site.baseUrl}/duty/sessions/${made.body.id}`);
    await page.getByTestId('duty-session-qr').waitFor();
    const onLeave = top?.representative.id as number;
    await page.getByTestId(`duty-mark-${onLeave}`).click();
    await page.locator('.ant-modal:visible').getByText('请假', { exact: true }).click();
    await page.getByTestId('duty-mark-note').fill('外出培训，已提前请假');
    await page.getByTestId('duty-mark-ok').click();
    await expect
      .poll(async () => {
        const d = await api<TDutySessionDetail>('GET', `/api/v1/duty/sessions/${made.body.id}`);
        const row = d.body.attendance.find((a) => a.representative.id === onLeave);
        return [row?.state, row?.note];
      })
      .toEqual(['leave', '外出培训，已提前请假']);
    // Each mark dialog starts from its own row: another representative's is blank, the marked one's
    // shows its note (a dialog's form once carried the first row's values to the next).
    const marked = await api<TDutySessionDetail>('GET', `/api/v1/duty/sessions/${made.body.id}`);
    const other = marked.body.attendance.find((a) => a.representative.id !== onLeave)?.representative.id;
    const markDialog = page.locator('.ant-modal:visible');
    for (const [rep, note] of [
      [other, ''],
      [onLeave, '外出培训，已提前请假'],
    ] as const) {
      await page.getByTestId(`duty-mark-${rep}`).click();
      await expect.poll(() => page.getByTestId('duty-mark-note').inputValue()).toBe(note);
      await markDialog.getByRole('button', { name: /^取\s*消$/ }).click();
      await markDialog.waitFor({ state: 'detached' });
    }
    await site.shot(page, 'duty-console-session');
    await page.getByTestId('duty-session-close').click();
    await page.getByTestId('duty-session-close-ok').click();
    await page.getByTestId('duty-session-close').waitFor({ state: 'detached' });
    const closed = await api<TDutySessionDetail>('GET', `/api/v1/duty/sessions/${made.body.id}`);
    expect(closed.body.closedAt).not.toBeNull();
    expect(closed.body.counts).toMatchObject({
      leave: 1,
      present: 0,
      unmarked: 0,
      absent: closed.body.counts.expected - 1,
    });
    // The list: the closed meeting has its 出席率 (0 present), a meeting next month has none yet.
    const later = await api<TDutySession>('POST', `/api/v1/duty/congresses/${cid}/sessions`, {
      title: '代表小组学习会（下月，测试）',
      kind: 'meeting',
      startsAt: new Date(now + 30 * 86_400_000).toISOString(),
      endsAt: new Date(now + 30 * 86_400_000 + 2 * 3_600_000).toISOString(),
      venue: '林埭镇总工会三楼会议室',
    });
    expect(later.status).toBe(201);
    await page.goto(`${site.baseUrl}/duty/sessions?congress=${cid}`);
    const rateOf = (id: number) =>
      page.locator(`[data-testid=duty-sessions-table] tr[data-row-key="${id}"] td`).nth(-1).textContent();
    await expect.poll(() => rateOf(made.body.id)).toBe('0.0%');
    expect(await rateOf(later.body.id)).toBe('—');

    // ---- 评价方案: a changed scheme is saved as a new version with the recompute message.
    const before = await api<TScheme>('GET', `/api/v1/duty/congresses/${cid}/scheme`);
    await page.goto(`${site.baseUrl}/duty/scheme?congress=${cid}`);
    const days = page.getByLabel('长期未履职提醒天数');
    await days.waitFor();
    await days.fill('400');
    await page.getByTestId('duty-scheme-save').click();
    await page.getByText('长期未履职提醒天数应在 7 到 365 之间').waitFor();
    expect(await days.inputValue()).toBe('400');
    await days.fill('45');
    await page.getByTestId('duty-scheme-save').click();
    await page.getByText('请填写修改说明').waitFor();
    // The weights must add up to 100: said at each weight field, cleared once mended.
    const weight = (i: number) => page.getByTestId(`duty-scheme-first-${i}`).getByLabel('权重');
    const weightBefore = await weight(0).inputValue();
    await weight(0).fill(String(Number(weightBefore) + 10));
    await page.getByTestId('duty-scheme-save').click();
    await expect.poll(() => page.getByText('各项权重合计应为 100（现为 110）').count()).toBe(2);
    await weight(0).fill(weightBefore);
    await expect.poll(() => page.getByText(/各项权重合计应为 100/).count()).toBe(0);
    // A new bonus item needs only its name and points: the code records refer to is made, never asked.
    expect(await page.getByText('编码').count()).toBe(0);
    await page.getByRole('button', { name: '添加加分项' }).click();
    const bonuses = before.body.definition.bonuses.length;
    // Named like an indicator, the new column would be told apart by nobody: said at the field.
    const indicatorName = before.body.definition.indicators[0]?.name as string;
    await page.getByTestId(`duty-scheme-bonuses-${bonuses}`).getByLabel('名称').fill(indicatorName);
    await page.getByTestId('duty-scheme-save').click();
    await page
      .getByTestId(`duty-scheme-bonuses-${bonuses}`)
      .getByText(`名称重复：「${indicatorName}」`)
      .waitFor();
    await page.getByTestId(`duty-scheme-bonuses-${bonuses}`).getByLabel('名称').fill('典型发言');
    await page.getByTestId('duty-scheme-note').fill('闭会期间提醒周期放宽到 45 天');
    await page.getByTestId('duty-scheme-save').click();
    const message = page.getByTestId('duty-recompute-message');
    await message.waitFor();
    const after = await api<TScheme>('GET', `/api/v1/duty/congresses/${cid}/scheme`);
    expect(after.body.version).toBe(before.body.version + 1);
    expect(after.body.definition.idleReminderDays).toBe(45);
    expect(after.body.note).toBe('闭会期间提醒周期放宽到 45 天');
    const added = after.body.definition.bonuses.find((b) => b.name === '典型发言');
    expect(added?.code).toMatch(/^bonuses_[a-z0-9]{12}$/);
    expect(added?.points).toBe(1);
    expect(await message.textContent()).toContain(`第 ${after.body.version} 版`);
    await site.shot(page, 'duty-console-scheme');

    // ---- 归档: the confirm dialog explains it; afterwards everything is frozen.
    await page.getByTestId('duty-archive').click();
    await page.getByText('归档后无法撤销').waitFor();
    await page.getByTestId('duty-archive-ok').click();
    await page.getByTestId('duty-archive-facts').waitFor();
    const archive = await api<TDutyArchive>('GET', `/api/v1/duty/congresses/${cid}/archive`);
    expect(archive.status).toBe(200);
    expect(archive.body.schemeVersion).toBe(after.body.version);
    expect(await page.getByTestId('duty-scheme-save').count()).toBe(0);
    await site.shot(page, 'duty-console-archived');

    await page.goto(`${site.baseUrl}/duty/leaderboard?congress=${cid}`);
    await page.getByTestId('duty-archived').waitFor();
    expect(await page.getByTestId('duty-archived').textContent()).toContain('已归档');
    await page.goto(`${site.baseUrl}/duty/records?congress=${cid}`);
    await page.getByTestId('duty-records-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('duty-award').count()).toBe(0);
    expect(await page.locator('[data-testid^="duty-record-void-"]').count()).toBe(0);
    await ctx.close();
  });
});
