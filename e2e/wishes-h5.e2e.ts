import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TWallWish, TWish } from '../src/shared/wishes.ts';
import { apiSession, DEMO_PASSWORD, openSite, type Site } from './harness.ts';

let site: Site;

beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

const WORKER = '13900000003';
const WORKER_MOBILE = '13900000003';
const DONOR = 'donor';
const CADRE = 'hw_cadre';

/** A small valid PNG (solid colour) for the photo inputs. */
function png(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(w).fill([230, 120, 140]).flat())]);
  const raw = Buffer.concat(Array(h).fill(row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function h5Login(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByTestId('h5-login-submit').click();
}

/** An API session (cookie + CSRF token) for steps the test does not drive through the phone. */
const apiAs = (username: string) => apiSession(site.baseUrl, username);

const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('微心愿 on a phone', () => {
  it('a worker posts a wish, an anonymous phone finds it on the wall, a donor claims and sends it, the worker confirms and thanks', async () => {
    // The worker posts a wish from 服务 → 我的心愿, with a photo.
    const workerCtx = await site.context('phone');
    const worker = await workerCtx.newPage();
    await worker.goto(`${site.baseUrl}/m/login`);
    await h5Login(worker, WORKER);
    await worker.getByTestId('h5-tabbar').getByText('服务').click();
    await worker.getByTestId('h5-services-wishes-mine').click();
    await worker.getByTestId('h5-wish-mine').waitFor();
    await site.shot(worker, 'wishes-h5-mine');
    await worker.getByTestId('h5-wish-post').click();
    await worker.getByTestId('h5-wish-form').waitFor();
    // Checked on the phone first: nothing is sent while the title, story, category and value are wrong.
    await worker.getByTestId('h5-wish-submit').click();
    await worker.getByText('请填写心愿标题（至少 2 个字）').waitFor();
    await worker.getByText('请选择心愿类别').waitFor();
    const title = '给女儿买一双轮滑鞋（测试）';
    await worker.locator('#wish-title').fill(title);
    await worker
      .locator('#wish-story')
      .fill('女儿今年十岁，一直想学轮滑，家里条件不好一直没买，希望能圆她一个小心愿。');
    await worker.locator('#wish-category').selectOption('culture');
    // What is wrong with the value is named: a minus sign stays and is refused, three decimals too.
    await worker.locator('#wish-value').fill('-5');
    expect(await worker.locator('#wish-value').inputValue()).toBe('-5');
    await worker.getByTestId('h5-wish-submit').click();
    await worker.getByText('估计价值不能为负数').waitFor();
    await worker.locator('#wish-value').fill('120.555');
    await worker.getByTestId('h5-wish-submit').click();
    await worker.getByText('请填写金额，最多两位小数，如 300 或 49.90').waitFor();
    await worker.locator('#wish-value').fill('900');
    await worker.getByTestId('h5-wish-submit').click();
    await worker.getByText('不能超过本工会的上限').waitFor();
    // As a Chinese keyboard types it: full-width digits are the same 300 元.
    await worker.locator('#wish-value').fill('３００');
    await worker
      .locator('#wish-photo')
      .setInputFiles({ name: 'skates.png', mimeType: 'image/png', buffer: png(64, 48) });
    await site.shot(worker, 'wishes-h5-post-form');
    await worker.getByTestId('h5-wish-submit').click();
    await worker.getByTestId('h5-wish-flash').waitFor();
    expect(await worker.getByTestId('h5-wish-state').textContent()).toBe('待审核');
    const wishId = Number(new URL(worker.url()).pathname.split('/').pop());
    expect(wishId).toBeGreaterThan(0);
    expect(await worker.locator('.h5-wish-photo').count()).toBe(1);
    const posted = (await (await worker.request.get(`${site.baseUrl}/api/v1/wishes/${wishId}`)).json()) as {
      valueFen: number;
    };
    expect(posted.valueFen).toBe(30_000);

    // The union approves it (the console's part, done through the API here).
    const desk = await site.context('desktop');
    const cadre = await apiAs(CADRE);
    expect((await cadre('POST', `/api/v1/wishes/${wishId}/approve`, {})).status).toBe(200);

    // Anyone can browse the wall and open the wish, without an account; no personal data shows.
    const phone = await site.context('phone');
    const page = await phone.newPage();
    await page.goto(`${site.baseUrl}/m/wishes`);
    await page.getByTestId('h5-wish-list').waitFor();
    expect(await page.getByTestId('h5-tabbar').count()).toBe(0);
    const wall = (await (
      await page.request.get(`${site.baseUrl}/api/v1/wishes/wall?pageSize=100`)
    ).json()) as { items: TWallWish[]; total: number };
    expect(wall.items.some((w) => w.id === wishId)).toBe(true);
    expect(await noSideScroll(page)).toBe(true);
    await site.shot(page, 'wishes-h5-wall');
    // Filtered by category: only 精神文化 cards, as many as the API lists.
    await page.locator('#wish-category').selectOption('culture');
    await page.waitForURL(/category=culture/);
    const culture = (await (
      await page.request.get(`${site.baseUrl}/api/v1/wishes/wall?category=culture&pageSize=10`)
    ).json()) as { items: TWallWish[] };
    await expect.poll(() => page.getByTestId('h5-wish-card').count()).toBe(culture.items.length);
    await page.locator(`[data-wish-id="${wishId}"] a`).click();
    await page.getByTestId('h5-wish-detail').waitFor();
    expect(await page.getByTestId('h5-wish-title').textContent()).toBe(title);
    const html = await page.content();
    expect(html).not.toContain(WORKER_MOBILE);
    expect(html).not.toContain('岑师傅');
    expect(await noSideScroll(page)).toBe(true);
    await site.shot(page, 'wishes-h5-detail-anonymous');
    await page.getByTestId('h5-wish-share').click();
    await page.getByTestId('h5-wish-share-status').waitFor();

    // 我来认领 while signed out → 登录 → back to the wish, now as a donor.
    await page.getByTestId('h5-wish-claim').click();
    await page.waitForURL(/\/m\/login\?next=/);
    await h5Login(page, DONOR);
    await page.waitForURL(new RegExp(`/m/wishes/${wishId}$`));
    await page.getByTestId('h5-tabbar').waitFor();
    await page.getByTestId('h5-wish-claim').click();
    const sheet = page.getByTestId('h5-wish-claim-sheet');
    await sheet.waitFor();
    expect(await page.getByTestId('h5-wish-claim-deadline').textContent()).toContain('前帮助实现这个心愿'); // the exact deadline, from the union's claim period
    await sheet.locator('label[for="claim-method-direct"]').click();
    await site.shot(page, 'wishes-h5-claim-confirm');
    await page.getByTestId('h5-wish-claim-confirm').click();
    await page.getByTestId('h5-wish-claimed').waitFor();
    await site.shot(page, 'wishes-h5-claimed');
    // The worker sees it claimed, by the donor as the wall names them.
    await worker.goto(`${site.baseUrl}/m/wishes/mine/${wishId}`);
    await expect.poll(() => worker.getByTestId('h5-wish-state').textContent()).toBe('已认领');
    await worker.getByText('蓝女士').first().waitFor();
    // A wish that is not theirs (or not there) is 没有找到, not a load failure to retry.
    await worker.goto(`${site.baseUrl}/m/wishes/mine/99999999`);
    await worker.getByTestId('h5-wish-notfound').waitFor();
    expect(await worker.getByText('重新加载').count()).toBe(0);

    // 我的认领: the deadline, then 标记已寄出 with the tracking number.
    await page.getByTestId('h5-wish-claimed').getByRole('link').click();
    await page.getByTestId('h5-wish-claim-detail').waitFor();
    await page.getByTestId('h5-wish-deadline').waitFor();
    await page.getByTestId('h5-wish-send').click();
    await page.getByText('请填写寄送说明').waitFor();
    await page.getByText('直接寄送请填写快递公司和单号').waitFor();
    // Sending directly: the address is not online; the page says whom to ask, with the hotline.
    const whereTo = await page.getByTestId('h5-wish-direct-address').textContent();
    expect(whereTo).toContain('收件地址不在网上公开');
    expect(whereTo).toContain('12351');
    await page.locator('#send-tracking').fill('顺丰 SF1234567890');
    await page.locator('#send-note').fill('已寄出，预计三天到');
    // The parcel's photo goes with it (attached to the claim); nothing is said about a photo problem.
    await page
      .locator('#send-photo')
      .setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: png(40, 30) });
    await page.getByTestId('h5-wish-send').click();
    expect(await page.getByTestId('h5-wish-notice').textContent()).toBe('已标记寄出，等待职工确认收到');
    await expect.poll(() => page.getByTestId('h5-wish-state').textContent()).toBe('已寄出');
    expect(await noSideScroll(page)).toBe(true);
    await site.shot(page, 'wishes-h5-claim-sent');

    // The worker sees it sent, confirms receipt and thanks the donor.
    await worker.goto(`${site.baseUrl}/m/wishes/mine/${wishId}`);
    await expect.poll(() => worker.getByTestId('h5-wish-state').textContent()).toBe('已寄出');
    await worker.getByText('顺丰 SF1234567890', { exact: true }).waitFor();
    await worker.locator('#confirm-note').fill('收到了，谢谢！');
    await worker.getByTestId('h5-wish-confirm').click();
    await expect.poll(() => worker.getByTestId('h5-wish-state').textContent()).toBe('已实现');
    const thanks = '谢谢您，孩子收到轮滑鞋特别开心！';
    await worker.locator('#wish-thanks').fill(thanks);
    await worker.getByTestId('h5-wish-thanks-send').click();
    await worker.getByTestId('h5-wish-thanks-text').filter({ hasText: thanks }).waitFor();
    await site.shot(worker, 'wishes-h5-worker-fulfilled');

    // The donor sees the thanks on the claim.
    await page.reload();
    await page.getByTestId('h5-wish-donor-thanks').filter({ hasText: thanks }).waitFor();
    expect(await page.getByTestId('h5-wish-state').textContent()).toBe('已实现');
    await site.shot(page, 'wishes-h5-donor-thanks');

    // And the public page shows it fulfilled, with the donor masked.
    const pub = (await (
      await page.request.get(`${site.baseUrl}/api/v1/wishes/wall/${wishId}`)
    ).json()) as TWallWish;
    expect(pub.state).toBe('fulfilled');

    // 撤回 asks first in a sheet: 取消 keeps the wish, the sheet's 撤回 withdraws it.
    const mine = await apiAs(WORKER);
    const second = await mine<TWish>('POST', '/api/v1/wishes', {
      title: '一套初中数学辅导书（测试）',
      story: '孩子升初中了，想要一套数学辅导书，自己在家也能多练习。',
      category: 'schooling',
      valueFen: 12000,
    });
    expect(second.status).toBe(201);
    const secondId = second.body.id;
    await worker.goto(`${site.baseUrl}/m/wishes/mine/${secondId}`);
    await worker.getByTestId('h5-wish-withdraw').click();
    const withdrawSheet = worker.getByTestId('h5-wish-withdraw-sheet');
    await withdrawSheet.getByText('确定撤回这个心愿吗').waitFor();
    await site.shot(worker, 'wishes-h5-withdraw-sheet');
    await withdrawSheet.getByRole('button', { name: '取消' }).click();
    await expect.poll(() => withdrawSheet.isVisible()).toBe(false);
    expect(await worker.getByTestId('h5-wish-state').textContent()).toBe('待审核');
    await worker.getByTestId('h5-wish-withdraw').click();
    await worker.getByTestId('h5-wish-withdraw-confirm').click();
    await expect.poll(() => worker.getByTestId('h5-wish-state').textContent()).toBe('已撤回');
    await phone.close();
    await workerCtx.close();
    await desk.close();
  });

  it('a new enterprise donor signs up from a wish, and loses the race for it with a clear message', async () => {
    const desk = await site.context('desktop');
    const rival = await apiAs(DONOR);
    const wall = (await (
      await desk.request.get(`${site.baseUrl}/api/v1/wishes/wall?pageSize=100`)
    ).json()) as { items: TWallWish[] };
    const target = wall.items.find((w) => w.state === 'published');
    expect(target).toBeDefined();
    if (!target) return;

    const phone = await site.context('phone');
    const page = await phone.newPage();
    await page.goto(`${site.baseUrl}/m/wishes/${target.id}`);
    await page.getByRole('link', { name: '注册爱心人士账号' }).click();
    await page.waitForURL(/\/m\/register\?role=donor/);
    const mobile = '13977770088';
    await page.locator('#mobile').fill(mobile);
    await page.getByTestId('h5-send-code').click();
    await expect.poll(() => site.sender.sent.filter((m) => m.to === mobile).length).toBe(1);
    const code = site.sender.sent.find((m) => m.to === mobile)?.params.code ?? '';
    await page.locator('#code').fill(code);
    await page.locator('#displayName').fill('黎经理');
    await page.locator('#password').fill('Donor-pass-1');
    await page.locator('#confirm').fill('Donor-pass-1');
    expect(await page.locator('#role-donor').isChecked()).toBe(true);
    await page.locator('label[for="donor-enterprise"]').click();
    await page.locator('#orgSearch').fill('右江');
    await page.locator('.h5-org-option', { hasText: '右江区总工会' }).first().click();
    // An enterprise needs its name.
    await page.getByTestId('h5-register-submit').click();
    await page.getByText('请填写企业名称').first().waitFor();
    await page.locator('#enterpriseName').fill('百色红豆食品有限公司');
    await site.shot(page, 'wishes-h5-register-enterprise');
    await page.getByTestId('h5-register-submit').click();

    // Back on the wish; someone else claims it while the confirm sheet is open.
    await page.waitForURL(new RegExp(`/m/wishes/${target.id}$`));
    await page.getByTestId('h5-wish-claim').click();
    await page.getByTestId('h5-wish-claim-sheet').waitFor();
    expect((await rival('POST', `/api/v1/wishes/${target.id}/claim`, {})).status).toBe(201);
    await page.getByTestId('h5-wish-claim-confirm').click();
    const taken = page.getByTestId('h5-wish-taken');
    await taken.waitFor();
    expect(await taken.textContent()).toContain('这个心愿刚刚被其他爱心人士认领了');
    await expect.poll(() => page.getByTestId('h5-wish-state').textContent()).toBe('已认领');
    await site.shot(page, 'wishes-h5-claim-taken');

    // The profile says enterprise, with its name.
    await page.goto(`${site.baseUrl}/m/wishes/profile`);
    await page.getByTestId('h5-wish-profile').waitFor();
    expect(await page.locator('#kind-enterprise').isChecked()).toBe(true);
    expect(await page.locator('#enterpriseName').inputValue()).toBe('百色红豆食品有限公司');
    await page.locator('#showOnThanks').check();
    await page.getByTestId('h5-wish-profile-save').click();
    await page.getByTestId('h5-wish-profile-saved').waitFor();
    await site.shot(page, 'wishes-h5-donor-profile');

    // They claim another wish, then give it up with a reason: it is back on the wall.
    const other = wall.items.find((w) => w.state === 'published' && w.id !== target.id);
    expect(other).toBeDefined();
    if (!other) return;
    await page.goto(`${site.baseUrl}/m/wishes/${other.id}`);
    await page.getByTestId('h5-wish-claim').click();
    await page.getByTestId('h5-wish-claim-confirm').click();
    await page.getByTestId('h5-wish-claimed').getByRole('link').click();
    await page.getByTestId('h5-wish-deadline').waitFor();
    await page.getByRole('button', { name: '放弃认领' }).click();
    await page.getByTestId('h5-wish-release').click();
    await page.getByText('请填写放弃认领的原因').waitFor();
    await page.locator('#release-reason').fill('临时出差，无法按时完成');
    await page.getByTestId('h5-wish-release').click();
    await page.getByTestId('h5-wish-released').waitFor();
    const back = (await (
      await page.request.get(`${site.baseUrl}/api/v1/wishes/wall/${other.id}`)
    ).json()) as TWallWish;
    expect(back.state).toBe('published');
    await site.shot(page, 'wishes-h5-released');
    await phone.close();
    await desk.close();
  });
});
