import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLogin, DEMO_PASSWORD, openSite, type Site } from './harness.ts';

let site: Site;

beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe('worker H5 on a phone', () => {
  it('a worker registers with mobile, SMS code and password, lands on 首页, signs out and back in', async () => {
    const ctx = await site.context('phone');
    const page = await ctx.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await page.goto(`${site.baseUrl}/m/`);
    await page.waitForURL(/\/m\/login/);
    await site.shot(page, 'h5-login');
    // The phone never loads the console's bundle (Ant Design).
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.some((u) => /\/assets\/console-/.test(u))).toBe(false);

    await page.getByTestId('h5-register-link').click();
    await page.locator('#mobile').fill('13977770001');
    await page.getByTestId('h5-send-code').click();
    await expect.poll(() => site.sender.sent.filter((m) => m.to === '13977770001').length).toBe(1);
    const code = site.sender.sent.find((m) => m.to === '13977770001')?.params.code ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await page.locator('#code').fill(code);
    await page.locator('#displayName').fill('韦小工');
    // A weak password is refused next to the field before anything is sent.
    await page.locator('#password').fill('abcdefgh');
    await page.locator('#confirm').fill('abcdefgh');
    await page.locator('label[for="role-worker"]').click();
    await page.locator('#orgSearch').fill('右江');
    await page.locator('.h5-org-option', { hasText: '右江区总工会' }).first().click();
    await page.getByTestId('h5-register-submit').click();
    await page.getByText('密码还需包含字母、数字、符号中的另一类').waitFor();
    await site.shot(page, 'h5-register-error');
    await page.locator('#password').fill('Worker-pass-1');
    await page.locator('#confirm').fill('Worker-pass-1');
    await page.getByTestId('h5-register-submit').click();

    await page.getByTestId('h5-tabbar').waitFor();
    expect(await page.getByText('韦小工').first().isVisible()).toBe(true);
    const noSideScroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(noSideScroll).toBe(true);
    await site.shot(page, 'h5-home');

    await page.getByTestId('h5-tabbar').getByText('我的').click();
    await page.getByText('右江区总工会').first().waitFor();
    await site.shot(page, 'h5-me');

    // She starts a 困难帮扶 application and goes back by mistake: what she typed is a draft, but not
    // the ID number (it stays off the phone); 清空重填 starts over.
    await page.goto(`${site.baseUrl}/m/hardship/apply`);
    await page.getByTestId('h5-hardship-form').waitFor();
    expect(await page.getByTestId('h5-draft-restored').count()).toBe(0);
    await page.locator('#hs-basic-name').fill('韦小工');
    await page.locator('#hs-basic-idCard').fill('45100219800101002X');
    await page.locator('#hs-basic-address').fill('百色市右江区示范路 1 号');
    await page.goBack();
    await page.getByTestId('h5-tabbar').waitFor();
    await page.goForward();
    await page.getByTestId('h5-draft-restored').waitFor();
    expect(await page.locator('#hs-basic-name').inputValue()).toBe('韦小工');
    expect(await page.locator('#hs-basic-address').inputValue()).toBe('百色市右江区示范路 1 号');
    expect(await page.locator('#hs-basic-idCard').inputValue()).toBe('');
    expect(await page.getByTestId('h5-draft-restored').textContent()).toContain('身份证号');
    const stored = await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
    expect(stored).toContain('示范路');
    expect(stored).not.toContain('45100219800101002X');
    await site.shot(page, 'h5-hardship-apply-draft');
    await page.getByRole('button', { name: '清空重填' }).click();
    expect(await page.locator('#hs-basic-name').inputValue()).toBe('');
    expect(await page.locator('#hs-basic-address').inputValue()).toBe('');
    expect(await page.getByTestId('h5-draft-restored').count()).toBe(0);
    // A new draft, then 退出登录: the next person on this phone finds none of it.
    await page.locator('#hs-basic-address').fill('百色市右江区示范路 2 号');
    await page.goto(`${site.baseUrl}/m/me`);
    await page.getByTestId('h5-logout').click();
    await page.waitForURL(/\/m\/login/);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.locator('#username').fill('13977770001');
    await page.locator('#password').fill('Worker-pass-1');
    await page.getByTestId('h5-login-submit').click();
    await page.getByTestId('h5-tabbar').waitFor();
    await page.goto(`${site.baseUrl}/m/hardship/apply`);
    await page.getByTestId('h5-hardship-form').waitFor();
    expect(await page.locator('#hs-basic-address').inputValue()).toBe('');
    expect(await page.getByTestId('h5-draft-restored').count()).toBe(0);
    await ctx.close();
  });

  it('shows the wrong-password message and switches language, remembered', async () => {
    const ctx = await site.context('phone');
    const page = await ctx.newPage();
    await page.goto(`${site.baseUrl}/m/login`);
    await page.locator('#username').fill('13900000003');
    await page.locator('#password').fill('Wrong-pass-1');
    await page.getByTestId('h5-login-submit').click();
    const error = page.getByTestId('h5-login-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('账号或密码错误');
    await page.getByTestId('h5-lang-login').getByText('English').click();
    await page.getByTestId('h5-login-submit').filter({ hasText: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByTestId('h5-login-submit').filter({ hasText: 'Sign in' }).waitFor();
    await site.shot(page, 'h5-login-en');
    await ctx.close();
  });

  it('a demo worker follows their hardship application from 服务 → 困难帮扶', async () => {
    const ctx = await site.context('phone');
    const page = await ctx.newPage();
    // Asking which union serves her (none runs 及时送 for 百色) is an answer, not a failed request.
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(`${site.baseUrl}/m/login`);
    await page.locator('#username').fill('13900000003');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByTestId('h5-login-submit').click();
    // 常用服务 on the home page: a worker's services, one tap away; not 及时送, which her union does not run.
    await page.getByTestId('h5-home-quick').waitFor();
    await expect
      .poll(() => page.getByTestId('h5-home-quick').locator('a.h5-quick-link').allTextContents())
      .toEqual(['困难帮扶', '职工事大家议', '会员评家']);
    await site.shot(page, 'h5-home-worker');
    await page.getByTestId('h5-tabbar').getByText('服务').click();
    await expect.poll(() => page.getByTestId('h5-service-delivery').textContent()).toContain('本会未开通');
    await site.shot(page, 'h5-services-worker');
    await page.getByTestId('h5-service-hardship').click();
    await page.getByTestId('h5-hardship-list').waitFor();
    await page.getByText('我的帮扶申请').waitFor();
    await page.getByTestId('h5-hardship-item').first().click();
    await page.getByTestId('h5-hardship-timeline').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await site.shot(page, 'h5-hardship-progress');
    // She has an archive on file: the application form, reached by its address, points to it instead.
    await page.goto(`${site.baseUrl}/m/hardship/apply`);
    await page.getByTestId('h5-hardship-have-one').waitFor();
    expect(await page.getByTestId('h5-hardship-have-one').textContent()).toContain('在档');
    expect(await page.getByTestId('h5-hardship-form').count()).toBe(0);

    // Her union (百色) does not run 及时送: the page says so up front and offers no form to fill in.
    await page.goto(`${site.baseUrl}/m/errands`);
    await page.getByTestId('h5-errand-not-offered').waitFor();
    expect(await page.getByTestId('h5-errand-not-offered').textContent()).toContain('暂未开通及时送服务');
    expect(await page.getByTestId('h5-errand-apply').count()).toBe(0);
    await page.goto(`${site.baseUrl}/m/errands/new`);
    await page.getByTestId('h5-errand-not-offered').waitFor();
    expect(await page.locator('#errand-recipientName').count()).toBe(0);
    await site.shot(page, 'h5-errands-not-offered');
    // No complaint form either: there is no errand of hers to complain about.
    expect(await page.getByTestId('h5-errand-complaint').count()).toBe(0);
    expect(consoleErrors).toEqual([]);
    await ctx.close();
  });

  it('a worker who signs in at the console’s login is taken to the phone app; the console says where to go', async () => {
    const ctx = await site.context('desktop');
    const page = await ctx.newPage();
    await consoleLogin(page, site.baseUrl, '13900000003');
    // The same session serves the H5: 首页 with her services, no second sign-in.
    await page.waitForURL((u) => u.pathname.startsWith('/m'));
    await page.getByTestId('h5-home-quick').waitFor();
    // Opening the console anyway: a plain notice with the way to the phone app, not an empty workbench.
    await page.goto(`${site.baseUrl}/`);
    await page.getByText('您的账号请使用娘家手机端').waitFor();
    expect(await page.getByRole('menuitem').count()).toBeLessThanOrEqual(1);
    await site.shot(page, 'console-worker-notice');
    await page.getByTestId('console-to-h5').click();
    await page.waitForURL((u) => u.pathname.startsWith('/m'));
    await page.getByTestId('h5-home-quick').waitFor();
    await ctx.close();
  });

  it('a representative finds 云履职 from home and from 服务', async () => {
    const ctx = await site.context('phone');
    const page = await ctx.newPage();
    await page.goto(`${site.baseUrl}/m/login`);
    await page.locator('#username').fill('ph_rep');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByTestId('h5-login-submit').click();
    await page.getByTestId('h5-quick-congress').click();
    await page.getByTestId('h5-congress-cosign').waitFor();
    await page.getByTestId('h5-tabbar').getByText('服务').click();
    await page.getByTestId('h5-service-congress').click();
    await page.getByTestId('h5-congress-my-proposals').waitFor();
    await ctx.close();
  });
});
