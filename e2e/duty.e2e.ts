import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TCheckinView, TDutyProfile, TDutySession } from '../src/shared/duty.ts';
import type { TCongress } from '../src/shared/proposals.ts';
import { apiSession, consoleLogin, DEMO_PASSWORD, openSite, type Site } from './harness.ts';

/**
 * 履职评价 end to end (issue #9, point 7): 钱干事 (ld_cadre) creates a session of the 林埭 congress on the
 * console and opens its check-in QR code; 沈代表 (ph_rep), signed out on a 390×844 phone, opens the QR's
 * link, is sent to 登录 and back, confirms 确认签到 and sees 已签到 with the time and the points; 我的履职
 * then lists the 出席会议 record and a total higher by those points; the console's 履职画像 of 沈代表 shows
 * the record too.
 */
let site: Site;

// The demo (203 林埭 members, a finished survey with 656 evaluations) takes a while to seed on a busy machine.
beforeAll(async () => {
  site = await openSite();
}, 400_000);
afterAll(async () => {
  await site?.close();
});

/** A signed-in API session (cookie and CSRF token): for setting up and checking what the pages did. */
const apiAs = (username: string) => apiSession(site.baseUrl, username);

const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** The number in a `h5-duty-total` / `duty-profile-total` element. */
const numberIn = async (page: Page, testId: string) =>
  Number(((await page.getByTestId(testId).first().textContent()) ?? '').replace(/[^\d.-]/g, ''));

/** A small solid-colour PNG (RGB, no filter), built here so the test carries no binary fixture. */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = (crcTable[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const head = Buffer.alloc(13);
  head.writeUInt32BE(width, 0);
  head.writeUInt32BE(height, 4);
  head[8] = 8;
  head[9] = 2;
  const row = Buffer.concat([
    Buffer.from([0]),
    Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat()),
  ]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', head),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const SESSION = '林埭镇总工会一届三次代表会议（测试）';
const RECORD = '调研园区企业夜班职工就餐情况（测试）';
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
    const mineBefore = await repApi<
      { representativeId: number; total: number; pending: number; congress: { id: number } }[]
    >('GET', '/api/v1/duty/me');
    expect(mineBefore.status).toBe(200);
    const seat = mineBefore.body.find((s) => s.congress.id === congressId);
    expect(seat).toBeTruthy();
    const repId = seat?.representativeId as number;

    // The demo has 沈代表 at all four past sessions: 出席会议 is at its cap (4 × 5 = 20), so a fifth
    // check-in would earn nothing. 钱干事 first records her late leave note for the last one (a
    // correction the cadre may make until the term is archived), which frees 5 points of the cap.
    const pastSessions = await cadreApi<TDutySession[]>(
      'GET',
      `/api/v1/duty/congresses/${congressId}/sessions`,
    );
    const briefing = pastSessions.body.find((s) => s.title === '提案办理情况通报会');
    expect(briefing).toBeTruthy();
    const corrected = await cadreApi<{ attendance: { representative: { id: number }; state: string }[] }>(
      'PUT',
      `/api/v1/duty/sessions/${briefing?.id}/attendance/${repId}`,
      { state: 'leave', note: '补交请假条：当天在外地参加培训' },
    );
    expect(corrected.status).toBe(200);
    expect(corrected.body.attendance.find((a) => a.representative.id === repId)?.state).toBe('leave');
    const startProfile = await repApi<TDutyProfile>('GET', `/api/v1/duty/representatives/${repId}/profile`);
    const attendanceBefore = startProfile.body.radar.find((a) => a.code === 'attendance');
    expect(attendanceBefore?.points).toBeLessThanOrEqual(15);
    const totalBeforeApi = startProfile.body.score.total;

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
    // From ten minutes ago until two hours on, in Beijing time (what the picker reads, whatever the
    // browser's zone; this one runs in UTC).
    const [from, to, startMs] = await cadre.evaluate(() => {
      const pad = (n: number) => String(n).padStart(2, '0');
      const beijing = (ms: number) => {
        const d = new Date(ms + 8 * 3_600_000);
        return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
      };
      const start = Math.floor((Date.now() - 10 * 60_000) / 300_000) * 300_000;
      return [beijing(start), beijing(start + 2 * 3_600_000 + 10 * 60_000), start] as const;
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
    expect(Date.parse(detail.body.startsAt)).toBe(startMs);
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
    expect(totalBefore).toBe(totalBeforeApi);
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

    // A worker who scans the code is told why there is nothing to confirm; a made-up code is refused.
    const other = await site.context('phone');
    const workerPage = await other.newPage();
    await workerPage.goto(
      `${site.baseUrl}/m/login?next=${encodeURIComponent(checkinPath.replace(/^\/m/, ''))}`,
    );
    await workerPage.locator('#username').fill('13900000020');
    await workerPage.locator('#password').fill(DEMO_PASSWORD);
    await workerPage.getByTestId('h5-login-submit').click();
    await workerPage.waitForURL((u) => u.pathname === checkinPath);
    await expect
      .poll(() => workerPage.getByTestId('h5-checkin-blocked').textContent())
      .toContain('您不是本届会员代表，无需签到');
    expect(await workerPage.getByTestId('h5-checkin-confirm').count()).toBe(0);
    await site.shot(workerPage, 'duty-h5-checkin-not-a-rep');
    await workerPage.goto(`${site.baseUrl}/m/duty/checkin/${'x'.repeat(22)}`);
    await expect
      .poll(() => workerPage.getByTestId('h5-checkin-blocked').textContent())
      .toContain('签到二维码');
    await other.close();

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
    // Each row's union shows whole (it tells two groups of the same name apart), none cut with an ellipsis.
    const cut = await rep
      .locator('.h5-duty-board-name .h5-small')
      .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).length);
    expect(cut).toBe(0);
    expect(await noSideScroll(rep)).toBe(true);
    await site.shot(rep, 'duty-h5-leaderboard');

    // ---- 4. 填报履职: checked on the phone first, then a 调研走访 with a photo, pending on 我的履职.
    await rep.goto(`${site.baseUrl}/m/duty`);
    await rep.getByTestId('h5-duty-report').click();
    await rep.getByTestId('h5-duty-record-form').waitFor();
    await rep.locator('#duty-item option[value="research"]').waitFor({ state: 'attached' });
    // Only the indicators representatives may report are offered (not 出席会议, 提交提案 …).
    const offered = await rep
      .locator('#duty-item option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(offered).toEqual(['review', 'contact', 'research', 'supervision']);
    await rep.getByTestId('h5-duty-record-submit').click();
    expect(await rep.getByTestId('h5-duty-form-error').textContent()).toContain('请检查标红的项目');
    expect(await rep.locator('#duty-item-error').textContent()).toBe('请选择履职项目');
    expect(await rep.locator('#duty-title-error').textContent()).toBe('请填写履职事项');
    expect(await rep.locator('#duty-detail-error').textContent()).toBe('请说明履职情况（至少 5 个字）');
    await rep.locator('#duty-item').selectOption('research');
    await rep.locator('#duty-title').fill(RECORD);
    await rep
      .locator('#duty-detail')
      .fill('走访 3 家企业食堂，夜班热菜供应不足，已整理成书面建议报镇总工会。');
    const pick = rep.getByTestId('h5-duty-photo-pick');
    await pick.setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('文字') });
    await expect
      .poll(() => rep.getByTestId('h5-duty-photo-problem').textContent())
      .toBe('「说明.txt」不是 JPG、PNG 或 WebP 图片');
    await pick.setInputFiles({
      name: '走访照片.png',
      mimeType: 'image/png',
      buffer: png(96, 64, [46, 125, 50]),
    });
    await rep.getByTestId('h5-duty-photo').waitFor();
    expect(await noSideScroll(rep)).toBe(true);
    await site.shot(rep, 'duty-h5-record-form');
    await rep.getByTestId('h5-duty-record-submit').click();
    await rep.waitForURL((u) => u.pathname === '/m/duty');
    expect(await rep.getByTestId('h5-duty-flash').textContent()).toBe('已提交，等待工会审核');
    const pending = rep
      .getByTestId('h5-duty-records')
      .locator('li[data-state="pending"]')
      .filter({ hasText: RECORD });
    await pending.waitFor();
    expect(await pending.textContent()).toContain('待审核');
    expect(await pending.textContent()).toContain('调研走访');
    expect(await pending.textContent()).toContain('佐证 1 份');
    expect(await rep.getByTestId('h5-duty-pending').textContent()).toBe(
      `待审核 ${(seat?.pending ?? 0) + 1} 条`,
    );
    // Pending records earn nothing yet.
    expect(await numberIn(rep, 'h5-duty-total')).toBe(profile.body.score.total);
    await site.shot(rep, 'duty-h5-record-pending');

    // ---- 5. The console's 履职画像 of 沈代表 lists the record and the same total.
    await cadre.goto(`${site.baseUrl}/duty/representatives/${repId}`);
    const consoleRecords = cadre.getByTestId('duty-profile-records');
    await consoleRecords.getByText(SESSION).first().waitFor();
    await expect.poll(() => numberIn(cadre, 'duty-profile-total')).toBe(profile.body.score.total);
    await site.shot(cadre, 'duty-console-profile');

    await phone.close();
    await desk.close();
  });
});
