import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TCheckinView, TDutyProfile, TDutySession } from '../src/shared/duty.ts';
import type { TCongress } from '../src/shared/proposals.ts';
import { consoleLogin, DEMO_PASSWORD, openSite, type Site } from './harness.ts';

/**
 * 履职评价 end to end (issue #9, point 7): 钱干事 (ld_cadre) creates a session of the 林埭 congress on the
 * console and opens its check-in QR code; 沈代表 (ph_rep), signed out on a 390×844 phone, opens the QR's
 * link, is sent to 登录 and back, confirms 确认签到 and sees 已签到 with the time and the points; 我的履职
 * then lists the 出席会议 record and a total higher by those points; the console's 履职画像 of 沈代表 shows
 * the record too.
 */
let site: Site;

beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

/** A signed-in API session (cookie and CSRF token): for setting up and checking what the pages did. */
async function apiAs(username: string) {
  const login = await fetch(`${site.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const me = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${site.baseUrl}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': me.csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
}

const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** The number in a `h5-duty-total` / `duty-profile-total` element. */
const numberIn = async (page: Page, testId: string) =>
  Number(((await page.getByTestId(testId).first().textContent()) ?? '').replace(/[^\d.-]/g, ''));

const SESSION = '林埭镇总工会一届三次代表会议（测试）';
const VENUE = '林埭镇总工会三楼会议室';

describe('履职评价', () => {
  it('a representative checks in at a session by its QR code and sees the points on the profile', async () => {
    const cadreApi = await apiAs('ld_cadre');
    const repApi = await apiAs('ph_rep');
    const congresses = await cadreApi<{ items: TCongress[] } | TCongress[]>(
      'GET',
      '/api/v1/proposals/congresses',
    );
    const list = Array.isArray(congresses.body) ? congresses.body : congresses.body.items;
    const congress = list.find((c) => c.name.includes('林埭') && c.state === 'active');
    expect(congress).toBeTruthy();
    const congressId = congress?.id as number;
    const mineBefore = await repApi<{ representativeId: number; total: number; congress: { id: number } }[]>(
      'GET',
      '/api/v1/duty/me',
    );
    expect(mineBefore.status).toBe(200);
    const seat = mineBefore.body.find((s) => s.congress.id === congressId);
    expect(seat).toBeTruthy();
    const repId = seat?.representativeId as number;

    // ---- 1. 钱干事 on the console: a new session starting ten minutes ago, then its QR code.
    const desk = await site.context('desktop');
    const cadre = await desk.newPage();
    await consoleLogin(cadre, site.baseUrl, 'ld_cadre');
    await cadre.waitForURL((u) => !u.pathname.startsWith('/login'));
    let sessionId = 0;
    await cadre.goto(`${site.baseUrl}/duty/sessions`);
    await cadre.getByTestId('duty-sessions-table').waitFor();
    await cadre.getByTestId('duty-session-new').click();
    const dialog = cadre.locator('.ant-modal:visible').first();
    await dialog.getByTestId('duty-session-title').fill(SESSION);
    await dialog.getByTestId('duty-session-venue').fill(VENUE);
    // From ten minutes ago until two hours on, in the browser's own time zone (what the picker reads).
    const [from, to] = await cadre.evaluate(() => {
      const pad = (n: number) => String(n).padStart(2, '0');
      const fmt = (d: Date) =>
        `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
      const start = new Date(Date.now() - 10 * 60_000);
      start.setMinutes(start.getMinutes() - (start.getMinutes() % 5));
      return [fmt(start), fmt(new Date(start.getTime() + 2 * 3_600_000 + 10 * 60_000))];
    });
    const range = dialog.locator('.ant-picker-range input');
    await range.nth(0).click();
    await range.nth(0).fill(from as string);
    await range.nth(0).press('Enter');
    await range.nth(1).click();
    await range.nth(1).fill(to as string);
    await range.nth(1).press('Enter');
    await expect.poll(() => range.nth(1).inputValue()).toBe(to);
    await site.shot(cadre, 'duty-console-session-new');
    await dialog.getByTestId('duty-session-ok').click();
    await cadre.waitForURL(/\/duty\/sessions\/\d+$/);
    sessionId = Number(new URL(cadre.url()).pathname.split('/').pop());
    expect(sessionId).toBeGreaterThan(0);
    const detail = await cadreApi<TDutySession>('GET', `/api/v1/duty/sessions/${sessionId}`);
    expect([detail.body.title, detail.body.venue]).toEqual([SESSION, VENUE]);
    await cadre.getByTestId('duty-session-qr').waitFor();
    await site.shot(cadre, 'duty-console-session-qr');
    const qr = await cadreApi<{ url: string; svg: string }>('GET', `/api/v1/duty/sessions/${sessionId}/qr`);
    expect(qr.status).toBe(200);
    const checkinPath = new URL(qr.body.url).pathname;
    expect(checkinPath).toMatch(/^\/m\/duty\/checkin\/[A-Za-z0-9_-]{16,}$/);

    // ---- 2. 沈代表 scans it on a phone while signed out: 登录, then back on the check-in page.
    const phone = await site.context('phone');
    const rep = await phone.newPage();
    await rep.goto(`${site.baseUrl}${checkinPath}`);
    await rep.waitForURL((u) => u.pathname === '/m/login');
    expect(new URL(rep.url()).searchParams.get('next')).toBe(checkinPath.replace(/^\/m/, ''));
    await rep.locator('#username').fill('ph_rep');
    await rep.locator('#password').fill(DEMO_PASSWORD);
    await rep.getByTestId('h5-login-submit').click();
    await rep.waitForURL((u) => u.pathname === checkinPath);
    await expect.poll(() => rep.getByTestId('h5-checkin-session').textContent()).toBe(SESSION);
    expect(await rep.getByTestId('h5-checkin-venue').textContent()).toBe(VENUE);

    // The total before checking in, as 我的履职 shows it (another tab of the same phone).
    const before = await phone.newPage();
    await before.goto(`${site.baseUrl}/m/duty`);
    await before.getByTestId('h5-duty-records').waitFor();
    const totalBefore = await numberIn(before, 'h5-duty-total');
    expect(totalBefore).toBe(seat?.total);
    await site.shot(before, 'duty-h5-my-duty-before');
    await before.close();

    expect(await noSideScroll(rep)).toBe(true);
    await site.shot(rep, 'duty-h5-checkin');
    await rep.getByTestId('h5-checkin-confirm').click();
    const result = rep.getByTestId('h5-checkin-result');
    await result.waitFor();
    const view = await repApi<TCheckinView>('GET', `/api/v1/duty/checkin/${checkinPath.split('/').pop()}`);
    expect(view.body.state).toBe('present');
    const points = view.body.points ?? 0;
    expect(points).toBe(5);
    expect(await result.textContent()).toContain('已签到');
    expect(await rep.getByTestId('h5-checkin-points').textContent()).toBe(`+${points} 分`);
    expect(await rep.getByTestId('h5-checkin-at').textContent()).toMatch(
      /签到时间 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d/,
    );
    await site.shot(rep, 'duty-h5-checkin-done');
    // Checking in again changes nothing: the same answer, one attendance.
    const again = await repApi<TCheckinView>('POST', '/api/v1/duty/checkin', {
      token: checkinPath.split('/').pop(),
    });
    expect(again.body.state).toBe('present');
    expect(again.body.checkedInAt).toBe(view.body.checkedInAt);

    // ---- 3. 我的履职: the 出席会议 record, and the total higher than before.
    await rep.getByTestId('h5-checkin-my-duty').click();
    await rep.waitForURL((u) => u.pathname === '/m/duty');
    const records = rep.getByTestId('h5-duty-records');
    await records.waitFor();
    const attended = records.locator('li[data-source="session_attended"]').filter({ hasText: SESSION });
    await attended.waitFor();
    expect(await attended.textContent()).toContain('出席会议');
    expect(await attended.textContent()).toContain(`+${points} 分`);
    await expect.poll(() => numberIn(rep, 'h5-duty-total')).toBeGreaterThan(totalBefore);
    const profile = await repApi<TDutyProfile>('GET', `/api/v1/duty/representatives/${repId}/profile`);
    expect(await numberIn(rep, 'h5-duty-total')).toBe(profile.body.score.total);
    await rep.getByTestId('h5-duty-radar').waitFor();
    expect(await noSideScroll(rep)).toBe(true);
    await site.shot(rep, 'duty-h5-my-duty-after');

    // The leaderboard of the term with my own row marked.
    await rep.getByTestId('h5-duty-leaderboard-link').click();
    await rep.getByTestId('h5-duty-board').waitFor();
    expect(await rep.getByTestId('h5-duty-board-me').textContent()).toContain('沈代表');
    expect(await noSideScroll(rep)).toBe(true);
    await site.shot(rep, 'duty-h5-leaderboard');

    // ---- 4. The console's 履职画像 of 沈代表 lists the record and the same total.
    await cadre.goto(`${site.baseUrl}/duty/representatives/${repId}`);
    const consoleRecords = cadre.getByTestId('duty-profile-records');
    await consoleRecords.getByText(SESSION).first().waitFor();
    await expect.poll(() => numberIn(cadre, 'duty-profile-total')).toBe(profile.body.score.total);
    await site.shot(cadre, 'duty-console-profile');

    await phone.close();
    await desk.close();
  });
});
