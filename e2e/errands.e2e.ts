import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDutyNow, TErrand } from '../src/shared/errands.ts';
import { apiSession, consoleLogin, DEMO_PASSWORD, openSite, pickOption, type Site } from './harness.ts';

/**
 * 及时送 end to end (issue #7): a duty cadre of 桥西区总工会 takes a call on 接听登记 and dispatches it
 * to 桥西区示范快递有限公司; a courier on a phone accepts it, picks it up and delivers it (签收人, photo);
 * the cadre opens the errand and sees 已送达 with the delivery time. The public 及时送 page shows the
 * hotline numbers to anyone.
 */
let site: Site;

beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

/** A 1×1 PNG, as a phone camera would upload a JPEG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A signed-in API session (cookie and CSRF token): for setting the scene and checking the result. */
const apiAs = (username: string) => apiSession(site.baseUrl, username);

/** The demo's community worker under 桥西区 (asks for errands on the H5). */
const WORKER = '13900000016';

async function h5Login(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByTestId('h5-login-submit').click();
}

const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('及时送', () => {
  it('the public page shows the hotline numbers and who is on duty to a signed-out visitor', async () => {
    const { orgId } = await apiAs('qx_cadre');
    const duty = (await (
      await fetch(`${site.baseUrl}/api/v1/errands/duty?orgId=${orgId}`)
    ).json()) as TDutyNow;
    expect(duty.hotlines.length).toBeGreaterThan(0);

    const ctx = await site.context('phone');
    const page = await ctx.newPage();
    await page.goto(`${site.baseUrl}/m/errands?org=${orgId}`);
    await page.getByTestId('h5-errand-hotlines').waitFor();
    for (const h of duty.hotlines) {
      const link = page.locator(`a[href="tel:${h.number.replace(/[^\d+]/g, '')}"]`);
      expect(await link.count()).toBe(1);
      expect(await link.textContent()).toContain(h.number);
    }
    expect(await page.getByTestId('h5-errand-on-duty').textContent()).toContain('正在值班');
    // Signed out: no tab bar, 登录后申请 leads to 登录 and back to the form.
    expect(await page.getByTestId('h5-tabbar').count()).toBe(0);
    expect(await page.getByTestId('h5-errand-apply').textContent()).toBe('登录后申请');
    expect(await noSideScroll(page)).toBe(true);
    await site.shot(page, 'errands-h5-duty-public');

    // A complaint with a code nobody called about is refused without saying whether the code exists.
    await page.locator('#complaint-errandCode').fill('JS20200101-99999');
    await page.locator('#complaint-name').fill('王先生');
    await page.locator('#complaint-mobile').fill('13911112222');
    await page.locator('#complaint-content').fill('快递员迟迟没有送到。');
    await page.getByTestId('h5-errand-complaint-submit').click();
    await page.getByTestId('h5-errand-complaint-error').waitFor();
    await ctx.close();

    // In English too, without side scrolling.
    const en = await site.context('phone', 'en-US');
    const enPage = await en.newPage();
    await enPage.goto(`${site.baseUrl}/m/errands?org=${orgId}`);
    await enPage.getByTestId('h5-errand-hotlines').waitFor();
    expect(await enPage.getByTestId('h5-errand-apply').textContent()).toBe('Sign in to request');
    expect(await noSideScroll(enPage)).toBe(true);
    await site.shot(enPage, 'errands-h5-duty-public-en');
    await en.close();
  });

  it('a cadre takes a call and dispatches it, a courier on a phone delivers it, the cadre sees the delivery time', async () => {
    // ---- 1. The duty cadre takes the call on 接听登记 and dispatches it to the courier partner.
    const desk = await site.context('desktop');
    const cadre = await desk.newPage();
    await consoleLogin(cadre, site.baseUrl, 'qx_cadre');
    await cadre.waitForURL((u) => !u.pathname.startsWith('/login'));
    await cadre.goto(`${site.baseUrl}/errands/new`);
    // A call time later than now is named as wrong; Enter in the picker does not submit the half-filled form.
    // 来电时间 is Beijing time whatever the PC's zone (this browser runs in the machine's, UTC here).
    const beijingTime = (hoursAhead: number) => {
      const d = new Date(Date.now() + (hoursAhead + 8) * 3_600_000);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
    };
    const calledAt = cadre.getByTestId('errand-form-called-at');
    const shown = Date.parse(`${(await calledAt.inputValue()).replace(' ', 'T')}:00+08:00`);
    expect(Math.abs(shown - Date.now())).toBeLessThan(3 * 60_000);
    const localTime = async (hoursAhead: number) => beijingTime(hoursAhead);
    await calledAt.click();
    await calledAt.fill(await localTime(2));
    await cadre.keyboard.press('Enter');
    await cadre.getByText('来电时间不能晚于现在').waitFor();
    expect(await cadre.getByText('请填写来电人').count()).toBe(0);
    await calledAt.click();
    await calledAt.fill(await localTime(-0.25));
    await cadre.keyboard.press('Enter');
    await expect.poll(() => cadre.getByText('来电时间不能晚于现在').count()).toBe(0);
    await cadre.getByTestId('errand-form-caller-name').fill('李护士');
    await cadre.getByTestId('errand-form-caller-mobile').fill('13812345678');
    await cadre.getByTestId('errand-form-requester-frontline').click();
    await cadre.getByTestId('errand-form-recipient-name').fill('李护士');
    await cadre.getByTestId('errand-form-recipient-phone').fill('13812345678');
    await cadre.getByTestId('errand-form-recipient-address').fill('桥西区方舱医院东门（测试）');
    await cadre.getByTestId('errand-form-kind-charger').click();
    await cadre.getByTestId('errand-form-items').fill('手机充电器一个（Type-C）');
    await cadre.getByTestId('errand-form-pickup-address').fill('桥西区友谊大街 12 号 3 单元 501');
    await cadre.getByTestId('errand-form-pickup-contact').fill('李先生');
    await cadre.getByTestId('errand-form-pickup-mobile').fill('13987654321');
    await cadre.getByTestId('errand-form-urgency-urgent').click();
    await cadre.getByTestId('errand-form-courier').click();
    await pickOption(cadre, '桥西区示范快递有限公司');
    await site.shot(cadre, 'errands-console-intake');
    await cadre.getByTestId('errand-form-save-dispatch').click();
    await cadre.waitForURL(/\/errands\/\d+$/);
    const errandId = Number(new URL(cadre.url()).pathname.split('/').pop());
    const api = await apiAs('qx_cadre');
    const dispatched = await api<TErrand>('GET', `/api/v1/errands/${errandId}`);
    expect(dispatched.status).toBe(200);
    expect(dispatched.body.state).toBe('dispatched');
    expect(dispatched.body.courierOrg?.name).toBe('桥西区示范快递有限公司');
    const code = dispatched.body.code;

    // ---- 2. The courier, on a phone: signs in from the order's link and finds it under 待接单.
    const phone = await site.context('phone');
    const courier = await phone.newPage();
    await courier.goto(`${site.baseUrl}/m/errands/courier`);
    await courier.waitForURL(/\/m\/login/);
    await h5Login(courier, 'qx_courier');
    await courier.getByTestId('h5-errand-queue').waitFor();
    const row = courier.locator(`[data-errand-id="${errandId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(code);
    expect(await row.textContent()).toContain('加急');
    expect(await noSideScroll(courier)).toBe(true);
    await site.shot(courier, 'errands-h5-courier-queue');
    // The same order from 首页's messages: the notice links to it, and opening it marks it read.
    await courier.goto(`${site.baseUrl}/m/`);
    const notice = courier.getByTestId('h5-message-link').filter({ hasText: code });
    await notice.waitFor();
    const unreadBefore = (await courier.getByTestId('h5-unread').textContent()) ?? '';
    // Older messages are one tap away (the demo courier has dozens), on a finger-sized target.
    const more = await courier.getByTestId('h5-messages-more').boundingBox();
    expect(more?.height ?? 0).toBeGreaterThanOrEqual(44);
    await courier.getByTestId('h5-messages-more').click();
    await expect.poll(() => courier.locator('.h5-message').count()).toBeGreaterThan(5);
    await notice.click();
    await courier.waitForURL(new RegExp(`/m/errands/courier/${errandId}$`));
    await courier.getByTestId('h5-errand-courier-detail').waitFor();
    await courier.goto(`${site.baseUrl}/m/`);
    await expect.poll(() => courier.getByTestId('h5-unread').textContent()).not.toBe(unreadBefore);
    await courier.goto(`${site.baseUrl}/m/errands/courier/${errandId}`);
    await courier.getByTestId('h5-errand-courier-detail').waitFor();
    // Both numbers in full, as tap-to-call links.
    expect(await courier.getByTestId('h5-errand-call-recipient').getAttribute('href')).toBe(
      'tel:13812345678',
    );
    expect(await courier.getByTestId('h5-errand-call-pickup').getAttribute('href')).toBe('tel:13987654321');
    await site.shot(courier, 'errands-h5-courier-dispatched');

    // 接单 → 已取件 → 送达 (签收人 required, a photo).
    await courier.getByTestId('h5-errand-accept').click();
    await expect.poll(() => courier.getByTestId('h5-errand-state').textContent()).toBe('已接单');
    await courier.getByTestId('h5-errand-pickup').click();
    await expect.poll(() => courier.getByTestId('h5-errand-state').textContent()).toBe('已取件');
    await courier.getByTestId('h5-errand-deliver').click();
    await courier.getByTestId('h5-errand-deliver-sheet').waitFor();
    await courier.getByTestId('h5-errand-deliver-submit').click();
    await courier.getByText('请填写签收人').waitFor();
    await courier.locator('#errand-received-by').fill('李护士');
    // A photo over 10 MB is refused when chosen (once 送达 is recorded it could not be added again).
    await courier.locator('#errand-photo').setInputFiles({
      name: 'huge.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.alloc(10 * 1024 * 1024 + 1),
    });
    expect(await courier.getByTestId('h5-errand-photo-error').textContent()).toBe(
      '「huge.jpg」超过 10 MB，请压缩后再选，或换一张',
    );
    expect(await courier.getByText('已选择：huge.jpg').count()).toBe(0);
    await courier
      .locator('#errand-photo')
      .setInputFiles({ name: 'delivered.png', mimeType: 'image/png', buffer: PNG });
    expect(await courier.getByTestId('h5-errand-photo-error').count()).toBe(0);
    await site.shot(courier, 'errands-h5-courier-deliver-sheet');
    await courier.getByTestId('h5-errand-deliver-submit').click();
    await expect.poll(() => courier.getByTestId('h5-errand-state').textContent()).toBe('已送达');
    expect(await courier.getByTestId('h5-errand-flash').textContent()).toBe('已送达，辛苦了！');
    expect(await courier.getByTestId('h5-errand-received-by').textContent()).toBe('李护士');
    expect(await courier.getByTestId('h5-errand-actions').count()).toBe(0);
    // The photo shows (the courier may fetch it).
    await expect
      .poll(() =>
        courier.getByTestId('h5-errand-photo').evaluate((img) => (img as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0);
    await courier.getByTestId('h5-errand-to-delivery').waitFor();
    expect(await noSideScroll(courier)).toBe(true);
    await site.shot(courier, 'errands-h5-courier-delivered');
    // Back in the queue it is under 已完成.
    await courier.goto(`${site.baseUrl}/m/errands/courier?tab=done`);
    await courier.locator(`[data-errand-id="${errandId}"]`).waitFor();

    // ---- 3. The cadre opens the errand: 已送达, the delivery time and how long it took.
    const delivered = await api<TErrand>('GET', `/api/v1/errands/${errandId}`);
    expect(delivered.body.state).toBe('delivered');
    expect(delivered.body.receivedBy).toBe('李护士');
    expect(delivered.body.photoUrl).not.toBeNull();
    expect(delivered.body.durations.toDelivery).not.toBeNull();
    await cadre.goto(`${site.baseUrl}/errands/${errandId}`);
    await cadre.getByTestId('errand-code').waitFor();
    expect(await cadre.getByTestId('errand-state').textContent()).toBe('已送达');
    expect(await cadre.getByTestId('errand-delivered-at').textContent()).toContain(
      new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }).format(new Date(delivered.body.deliveredAt ?? '')),
    );
    expect(await cadre.getByTestId('errand-durations').textContent()).toContain('送达');
    expect(await cadre.getByTestId('errand-delivery').textContent()).toContain('李护士');
    // No complaint on it: the complaints card offers nothing to answer.
    expect(await cadre.getByTestId('errand-complaints').textContent()).toContain('投诉（0）');
    expect(await cadre.getByTestId('errand-complaints').getByText('去答复').count()).toBe(0);
    await site.shot(cadre, 'errands-console-delivered');
    await phone.close();
    await desk.close();
  });
  it('a worker asks on the H5 and follows it; a courier who cannot take it returns it with a reason', async () => {
    // The community worker (demo 苏建华, under 桥西区) opens 服务 → 及时送: the hotlines of their own union chain.
    const phone = await site.context('phone');
    const worker = await phone.newPage();
    await worker.goto(`${site.baseUrl}/m/login`);
    await h5Login(worker, WORKER);
    // Their union runs 及时送: 常用服务 on the home page offers it.
    await worker.getByTestId('h5-quick-errands').waitFor();
    await worker.getByTestId('h5-tabbar').getByText('服务').click();
    await worker.getByTestId('h5-service-delivery').click();
    await worker.getByTestId('h5-errand-hotlines').waitFor();
    expect(await worker.getByTestId('h5-errand-duty').textContent()).toContain('桥西区总工会');
    await worker.getByTestId('h5-errand-apply').click();
    await worker.getByTestId('h5-errand-new').waitFor();
    // Checked on the phone first.
    await worker.getByTestId('h5-errand-submit').click();
    await worker.getByText('请选择物品类别').waitFor();
    // Each field names itself: a choice says 请选择, a blank text 请填写 (not one 请填写此项 for all).
    await worker.getByText('请选择您的身份').waitFor();
    await worker.locator('#errand-requesterKind').selectOption('volunteer');
    // The worker's own name and mobile are filled in (most errands are for themselves).
    expect(await worker.locator('#errand-recipientPhone').inputValue()).toBe(WORKER);
    await worker.locator('#errand-recipientPhone').fill('13900000016');
    await worker.locator('#errand-recipientAddress').fill('桥西区示范社区核酸检测点（测试）');
    await worker.locator('label[for="errand-kind-keys"]').click();
    await worker.locator('#errand-items').fill('家门钥匙一串');
    await worker.locator('#errand-pickupAddress').fill('桥西区新华路 8 号物业前台');
    await worker.locator('#errand-pickupContact').fill('物业小王');
    await worker.locator('#errand-pickupMobile').fill('0311-87654321');
    expect(await noSideScroll(worker)).toBe(true);
    await site.shot(worker, 'errands-h5-worker-form');
    // 返回 by mistake and in again: what was typed is a draft, restored and said so at the top.
    expect(await worker.getByTestId('h5-draft-restored').count()).toBe(0);
    await worker.goBack();
    await worker.getByTestId('h5-errand-hotlines').waitFor();
    await worker.getByTestId('h5-errand-apply').click();
    await worker.getByTestId('h5-draft-restored').waitFor();
    expect(await worker.locator('#errand-requesterKind').inputValue()).toBe('volunteer');
    expect(await worker.locator('#errand-pickupContact').inputValue()).toBe('物业小王');
    expect(await worker.locator('#errand-recipientPhone').inputValue()).toBe('13900000016');
    expect(await worker.locator('#errand-kind-keys').isChecked()).toBe(true);
    await site.shot(worker, 'errands-h5-worker-form-draft');
    await worker.getByTestId('h5-errand-submit').click();
    await worker.getByTestId('h5-errand-flash').waitFor();
    expect(await worker.getByTestId('h5-errand-state').textContent()).toBe('待派单');
    const errandId = Number(new URL(worker.url()).pathname.split('/').pop());
    const code = (await worker.getByTestId('h5-errand-code').textContent()) ?? '';
    expect(code).toMatch(/^JS\d{8}-\d{5}$/);
    await site.shot(worker, 'errands-h5-worker-errand');
    // Submitted: the draft is gone, the next form starts blank.
    await worker.goto(`${site.baseUrl}/m/errands/new`);
    await worker.getByTestId('h5-errand-new').waitFor();
    expect(await worker.locator('#errand-pickupContact').inputValue()).toBe('');
    expect(await worker.getByTestId('h5-draft-restored').count()).toBe(0);

    // The union dispatches it (the console's part, through the API here).
    const cadre = await apiAs('qx_cadre');
    const couriers = await cadre<{ items: { id: number; name: string }[] }>(
      'GET',
      '/api/v1/errands/couriers',
    );
    const courierOrg = couriers.body.items.find((c) => c.name === '桥西区示范快递有限公司');
    expect(courierOrg).toBeDefined();
    expect(
      (await cadre('POST', `/api/v1/errands/${errandId}/dispatch`, { courierOrgId: courierOrg?.id })).status,
    ).toBe(200);

    // A courier cannot take it: 无法接单 needs a reason; it goes back to 待派单.
    const courierCtx = await site.context('phone');
    const courier = await courierCtx.newPage();
    await courier.goto(`${site.baseUrl}/m/login`);
    await h5Login(courier, 'qx_courier2');
    await courier.getByTestId('h5-tabbar').getByText('服务').click();
    await courier.getByTestId('h5-service-delivery').click();
    await courier.getByTestId('h5-errand-queue').waitFor();
    await courier.locator(`[data-errand-id="${errandId}"] a`).click();
    await courier.getByTestId('h5-errand-decline').click();
    await courier.getByTestId('h5-errand-decline-submit').click();
    await courier.getByText('请填写无法接单的原因（至少 2 个字）').waitFor();
    await courier.locator('#errand-decline-reason').fill('附近快递员都在送件，一小时内赶不过去');
    await courier.getByTestId('h5-errand-decline-submit').click();
    await courier.getByTestId('h5-errand-queue').waitFor();
    expect(await courier.getByTestId('h5-errand-flash').textContent()).toBe('已退回，值班员会重新派单');
    expect(await courier.locator(`[data-errand-id="${errandId}"]`).count()).toBe(0);
    const back = await cadre<TErrand>('GET', `/api/v1/errands/${errandId}`);
    expect(back.body.state).toBe('pending');
    expect(back.body.courierOrg).toBeNull();
    expect(back.body.timeline.at(-1)?.note).toContain('附近快递员都在送件');

    // The worker's list shows it, 待派单 again.
    await worker.goto(`${site.baseUrl}/m/errands/mine`);
    const mine = worker.locator(`[data-errand-id="${errandId}"]`);
    await mine.waitFor();
    expect(await mine.textContent()).toContain(code);
    expect(await mine.textContent()).toContain('待派单');
    await site.shot(worker, 'errands-h5-worker-mine');

    // Dispatched again and taken; the worker's errand shows what they asked for (pickup, kinds) and
    // lets them complain about it with only the complaint to type; the union's answer comes back there.
    expect(
      (await cadre('POST', `/api/v1/errands/${errandId}/dispatch`, { courierOrgId: courierOrg?.id })).status,
    ).toBe(200);
    const taker = await apiAs('qx_courier');
    expect((await taker('POST', `/api/v1/errands/${errandId}/accept`)).status).toBe(200);
    await mine.locator('a').click();
    await worker.getByTestId('h5-errand-pickup').waitFor();
    expect(await worker.getByTestId('h5-errand-pickup').textContent()).toContain('桥西区新华路 8 号物业前台');
    expect(await worker.getByTestId('h5-errand-mine-detail').textContent()).toContain('钥匙');
    await worker.getByTestId('h5-errand-complain-open').click();
    expect(await worker.locator('#complaint-errandCode').count()).toBe(0);
    expect(await worker.locator('#complaint-mobile').inputValue()).toBe(WORKER);
    await worker.locator('#complaint-content').fill('接单一个多小时了还没来取件');
    await worker.getByTestId('h5-errand-complaint-submit').click();
    await worker.getByTestId('h5-errand-complaint-done').waitFor();
    const complaints = worker.getByTestId('h5-errand-complaints');
    await complaints.waitFor();
    expect(await complaints.textContent()).toContain('待答复');
    const lodged = await cadre<TErrand>('GET', `/api/v1/errands/${errandId}`);
    const complaintId = lodged.body.complaints.at(-1)?.id;
    expect(
      (
        await cadre('POST', `/api/v1/errands/complaints/${complaintId}/answer`, {
          answer: '已督促快递员十分钟内到达',
          outcome: 'upheld',
        })
      ).status,
    ).toBe(200);
    await worker.reload();
    await complaints.getByText('已督促快递员十分钟内到达').waitFor();
    expect(await complaints.textContent()).toContain('工会答复（属实，已整改）');
    expect(await noSideScroll(worker)).toBe(true);
    await site.shot(worker, 'errands-h5-worker-complaint-answered');
    await courierCtx.close();
    await phone.close();
  });

  it('首页 待我处理 tells the duty cadre of errands to dispatch and overdue ones, as the list counts them', async () => {
    const api = await apiAs('qx_cadre');
    const pending = await api<{ total: number }>('GET', '/api/v1/errands?state=pending&pageSize=1');
    const overdue = await api<{ total: number }>('GET', '/api/v1/errands?overdue=open&pageSize=1');
    expect(pending.body.total).toBeGreaterThan(0);
    expect(overdue.body.total).toBeGreaterThan(0);
    const desk = await site.context('desktop');
    const page = await desk.newPage();
    await consoleLogin(page, site.baseUrl, 'qx_cadre');
    const task = (text: string) =>
      page.getByTestId('workbench-todos').locator('.ant-list-item', { hasText: text });
    await task('待派单的工单').waitFor();
    expect(await task('待派单的工单').textContent()).toContain(String(pending.body.total));
    expect(await task('已超时的工单').textContent()).toContain(String(overdue.body.total));
    await site.shot(page, 'errands-console-workbench-todos');
    // The overdue to-do counts errands still under way and opens the 超时看板, which lists them.
    await task('已超时的工单').getByRole('link').click();
    await page.waitForURL(/\/errands\/overdue$/);
    await page.locator('[data-testid^="errand-overdue-link-"]').first().waitFor();
    const onBoard = await page
      .locator('[data-testid^="errand-overdue-link-"]')
      .evaluateAll((links) => new Set(links.map((l) => l.getAttribute('data-testid'))).size);
    expect(onBoard).toBe(overdue.body.total);
    // 超时看板: a cadre sees the thresholds but is not sent to settings only an admin may change.
    await page.getByTestId('errand-overdue-settings').waitFor();
    expect(await page.getByTestId('errand-overdue-settings').getByRole('link').count()).toBe(0);
    // 值班与电话: each day's 安排 opens the form on that day, also after another day's was cancelled.
    await page.goto(`${site.baseUrl}/errands/roster`);
    // No union above 桥西区 (qx_cadre) set its own thresholds: the card says the defaults apply.
    await page
      .getByTestId('errand-settings-source')
      .getByText('使用默认值（15 分钟接单，3 小时送达）')
      .waitFor();
    const addButtons = page.locator('[data-testid^="errand-shift-add-"]');
    await addButtons.first().waitFor();
    const dayOf = async (i: number) =>
      ((await addButtons.nth(i).getAttribute('data-testid')) ?? '').replace('errand-shift-add-', '');
    const [first, second] = [await dayOf(0), await dayOf(1)];
    expect(first).not.toBe(second);
    for (const [i, day] of [
      [0, first],
      [1, second],
    ] as const) {
      await addButtons.nth(i).click();
      await expect.poll(() => page.getByTestId('errand-shift-date').inputValue()).toBe(day);
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /^取\s*消$/ })
        .click();
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    }
    // A shift four weeks on: saved, the view moves to that week. A date years back is named at the date.
    const later = new Date(Date.parse(`${first}T00:00:00Z`) + 28 * 86_400_000).toISOString().slice(0, 10);
    await addButtons.nth(0).click();
    const shiftForm = page.getByRole('dialog');
    await page.getByTestId('errand-shift-user').click();
    await pickOption(page, '');
    const date = page.getByTestId('errand-shift-date');
    await date.click();
    await date.fill('2023-11-27');
    await date.press('Enter');
    await page.getByTestId('errand-shift-submit').click();
    await shiftForm.getByText('只能补录 31 天内的班次，请检查日期').waitFor();
    await date.click();
    await date.fill(later);
    await date.press('Enter');
    await page.getByTestId('errand-shift-submit').click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.getByTestId(`errand-shift-add-${later}`).waitFor();
    await site.shot(page, 'errands-roster-later-week');
    await desk.close();
  });
});
