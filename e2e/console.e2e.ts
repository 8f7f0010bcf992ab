import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveStateLabels, assistanceTypeLabels } from '../src/shared/hardship.ts';
import { consoleLogin, openSite, type Site } from './harness.ts';

let site: Site;
let ctx: BrowserContext;
let page: Page;

beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

async function freshPage(kind: 'desktop' | 'phone' = 'desktop', lang: 'zh-CN' | 'en-US' = 'zh-CN') {
  await ctx?.close();
  ctx = await site.context(kind, lang);
  page = await ctx.newPage();
  return page;
}

describe('console sign-in', () => {
  it('signs the demo admin in to the workbench with the menu of an admin', async () => {
    await freshPage();
    // Loading a page signed out is not an error: no request answers 401 and the console logs none.
    const unauthorized: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && m.text().includes('401')) unauthorized.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() === 401) unauthorized.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${site.baseUrl}/`);
    // Signed out: sent to the login page.
    await page.waitForURL(/\/login/);
    await site.shot(page, 'console-login');
    await consoleLogin(page, site.baseUrl, 'gx_admin');
    await expect.poll(() => page.getByText('您好，韦管理').isVisible()).toBe(true);
    await page.goto(`${site.baseUrl}/m/`);
    await page.waitForLoadState('networkidle');
    expect(unauthorized).toEqual([]);
    await page.goto(`${site.baseUrl}/`);
    await expect.poll(() => page.getByText('您好，韦管理').isVisible()).toBe(true);
    for (const item of ['首页', '组织架构', '用户管理', '审计日志']) {
      expect(await page.getByRole('menuitem', { name: item }).isVisible()).toBe(true);
    }
    await site.shot(page, 'console-workbench');
  });

  it('says plainly when the password is wrong, with the tries left', async () => {
    await freshPage();
    await consoleLogin(page, site.baseUrl, 'bs_cadre', 'Wrong-pass-1');
    const alert = page.getByTestId('login-error');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('账号或密码错误，再错 4 次将锁定 15 分钟');
    await site.shot(page, 'console-login-wrong-password');
  });

  it('says the account is locked after five wrong passwords, even with the right one', async () => {
    await freshPage();
    for (let i = 0; i < 5; i++) {
      await consoleLogin(page, site.baseUrl, 'yj_reviewer', `Wrong-pass-${i}`);
      await page.getByTestId('login-error').waitFor();
    }
    await consoleLogin(page, site.baseUrl, 'yj_reviewer');
    await expect.poll(async () => page.getByTestId('login-error').textContent()).toContain('账号已锁定');
    expect(await page.getByText('账号已临时锁定').isVisible()).toBe(true);
    await site.shot(page, 'console-login-locked');
  });

  it('a cadre sees no audit menu and a plain 403 page when opening it directly', async () => {
    await freshPage();
    await consoleLogin(page, site.baseUrl, 'bs_cadre');
    await page.getByText('您好，黄干事').waitFor();
    expect(await page.getByRole('menuitem', { name: '审计日志' }).count()).toBe(0);
    await page.goto(`${site.baseUrl}/audit`);
    await page.getByText('无权访问', { exact: true }).waitFor();
    await page.goto(`${site.baseUrl}/no-such-page`);
    await page.getByText('页面不存在', { exact: true }).waitFor();
    await site.shot(page, 'console-404');
  });
});

describe('audit log', () => {
  it('an admin finds sign-ins by typing 登录 and reads each record in Chinese', async () => {
    await freshPage();
    await consoleLogin(page, site.baseUrl, 'gx_admin');
    await page.getByText('您好，韦管理').waitFor();
    await page.goto(`${site.baseUrl}/audit`);
    await page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first().waitFor();
    // Every module's group is named in Chinese, none by its code.
    await page.locator('#action').click();
    await page.locator('#action').fill('登录');
    const options = page.locator('.ant-select-item-option');
    await options.first().waitFor();
    const labels = await options.allTextContents();
    // A Chinese word searches the action names; it is not offered as a code of its own.
    expect(labels.some((l) => l.includes('按“登录”筛选'))).toBe(false);
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) expect(l).toContain('登录');
    await site.shot(page, 'audit-action-search');
    await page.keyboard.press('Enter');
    await page.getByTestId('audit-search').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('action')).toMatch(/^auth\./);
    const rows = page.getByTestId('audit-table').locator('tbody tr.ant-table-row');
    // Only sign-in actions are listed once the filter applies.
    await expect
      .poll(async () =>
        (await page.locator('.nj-audit-action').allTextContents()).every((a) => a.includes('登录')),
      )
      .toBe(true);
    expect(await rows.count()).toBeGreaterThan(0);
    // 对象 reads 用户 #12, not user#12.
    const entities = await page.locator('.nj-audit-entity').allTextContents();
    expect(entities.length).toBeGreaterThan(0);
    for (const e of entities) expect(e).toMatch(/^用户 #\d+$/);
    await site.shot(page, 'audit-sign-ins');
  });

  it('shows a record’s detail as labelled fields: money in 元, states and codes by their Chinese names', async () => {
    await freshPage();
    await consoleLogin(page, site.baseUrl, 'gx_admin');
    await page.getByText('您好，韦管理').waitFor();
    const openFirstDetail = async (action: string) => {
      await page.goto(`${site.baseUrl}/audit?action=${action}`);
      const row = page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first();
      await row.waitFor();
      await row.getByRole('button', { name: '查看' }).click();
      const detail = page.getByTestId('audit-detail').first();
      await detail.waitFor();
      return detail;
    };
    // An assistance: 金额 in 元 with two decimals, 类型 by name, the stored JSON folded away.
    const assistance = await openFirstDetail('hardship.assistance.create');
    const label = (d: typeof assistance, name: string) =>
      d.locator('.ant-descriptions-item', {
        has: page.locator('.ant-descriptions-item-label', { hasText: name }),
      });
    expect(await label(assistance, '金额').locator('.ant-descriptions-item-content').textContent()).toMatch(
      /^¥[\d,]+\.\d{2}$/,
    );
    const type = await label(assistance, '类型').locator('.ant-descriptions-item-content').textContent();
    expect(Object.values(assistanceTypeLabels)).toContain(type);
    expect(await assistance.locator('pre').isVisible()).toBe(false);
    await site.shot(page, 'audit-detail-assistance');
    // A workflow step: 原状态 and 新状态 as the archive list names them.
    const accept = await openFirstDetail('hardship.archive.accept');
    expect(await label(accept, '原状态').locator('.ant-descriptions-item-content').textContent()).toBe(
      archiveStateLabels.applied,
    );
    expect(await label(accept, '新状态').locator('.ant-descriptions-item-content').textContent()).toBe(
      archiveStateLabels.accepted,
    );
  });
});

describe('number fields and required fields', () => {
  it('新建代表大会 names each missing field and keeps a negative number as typed, with its range', async () => {
    await freshPage();
    await consoleLogin(page, site.baseUrl, 'ld_cadre');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${site.baseUrl}/proposals/congresses`);
    await page.getByTestId('congress-create').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('congress-name').waitFor();
    await dialog.getByTestId('congress-threshold').fill('-3');
    await dialog.getByTestId('congress-create-ok').click();
    await dialog.getByText('请填写名称').waitFor();
    const errors = await dialog.locator('.ant-form-item-explain-error').allTextContents();
    expect(errors).not.toContain('请填写');
    expect(errors.some((e) => /^立案所需附议人数应在 \d+ 到 \d+ 之间$/.test(e))).toBe(true);
    expect(await dialog.getByTestId('congress-threshold').inputValue()).toBe('-3');
    await site.shot(page, 'console-congress-new-errors');
  });
});

describe('a page whose script does not load', () => {
  it('says so inside the layout with a reload button, and the menu still works', async () => {
    await freshPage();
    await consoleLogin(page, site.baseUrl, 'gx_admin');
    await page.getByText('您好，韦管理').waitFor();
    // As after a new release replaced the file, or a dropped connection.
    await page.route(/\/assets\/AuditPage-[^/]*\.js$/, (r) => r.abort());
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.getByText('页面没有加载出来').waitFor();
    expect(await page.getByTestId('page-reload').isVisible()).toBe(true);
    await site.shot(page, 'console-page-load-failed');
    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.getByText('您好，韦管理').waitFor();
    expect(await page.getByText('页面没有加载出来').count()).toBe(0);
  });
});

describe('org tree', () => {
  it('says before 停用 is pressed that an org with active sub-organisations cannot be deactivated', async () => {
    await freshPage();
    await consoleLogin(page, site.baseUrl, 'gx_admin');
    await page.getByText('您好，韦管理').waitFor();
    await page.getByRole('menuitem', { name: '组织架构' }).click();
    await page.getByTestId('org-search').fill('百色市总工会');
    await page.getByTestId('org-search').press('Enter');
    await page.getByTestId('org-search-results').getByText('百色市总工会', { exact: true }).click();
    await page.getByRole('heading', { name: '百色市总工会' }).waitFor();
    await expect.poll(() => page.getByTestId('org-deactivate').isDisabled()).toBe(true);
    // A disabled button gets no mouse events; its tooltip hangs on the wrapper around it.
    await page.getByTestId('org-deactivate').locator('xpath=..').dispatchEvent('mouseover');
    await page.getByText(/其下还有 \d+ 个在用的下级组织，请先停用它们/).waitFor();
    await site.shot(page, 'console-org-deactivate-blocked');
  });
});

describe('language', () => {
  it('switches to English from the user menu and remembers it after a reload', async () => {
    await freshPage();
    await consoleLogin(page, site.baseUrl, 'gx_admin');
    await page.getByText('您好，韦管理').waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByText('语言').hover();
    await page.getByText('English').click();
    await page.getByText('Hello, 韦管理').waitFor();
    expect(await page.getByRole('menuitem', { name: 'Organisations' }).isVisible()).toBe(true);
    await page.reload();
    await page.getByText('Hello, 韦管理').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');
    await site.shot(page, 'console-workbench-en');
  });
});

describe('a list opened past its last page', () => {
  it('says which page it is and how many there are, and goes back to page 1', async () => {
    await ctx?.close();
    ctx = await site.context('desktop');
    page = await ctx.newPage();
    await consoleLogin(page, site.baseUrl, 'qx_cadre');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${site.baseUrl}/errands?page=99`);
    const past = page.getByTestId('errands-table-past-last');
    await past.waitFor();
    expect(await past.textContent()).toMatch(/第 99 页没有内容：共 \d+ 条，只有 \d+ 页/);
    await past.getByRole('button', { name: '回到第一页' }).click();
    await page.locator('[data-testid=errands-table] tbody tr.ant-table-row').first().waitFor();
    expect(new URL(page.url()).searchParams.get('page') ?? '1').toBe('1');
  });
});

describe('console lists on a 1366-px screen', () => {
  // The commonest office screen: the main lists fit without scrolling sideways, and the column each
  // used to cut or hide (behind the fixed 操作 column) shows in full.
  const lists: { user: string; path: string; dateHeader: string }[] = [
    { user: 'bs_cadre', path: '/hardship', dateHeader: '更新时间' },
    { user: 'bs_cadre', path: '/wishes', dateHeader: '提交时间' },
    { user: 'sh_med_cadre', path: '/supplies/requests', dateHeader: '提报时间' },
    { user: 'sh_med_cadre', path: '/supplies/shipments', dateHeader: '时间' },
    { user: 'sh_med_cadre', path: '/supplies/points', dateHeader: '状态' },
    { user: 'ld_cadre', path: '/proposals', dateHeader: '提交时间' },
    { user: 'ld_cadre', path: '/surveys', dateHeader: '满意度' },
    { user: 'qx_cadre', path: '/errands', dateHeader: '用时' },
    { user: 'admin', path: '/users', dateHeader: '最近登录' },
    { user: 'ld_cadre', path: '/hardship/transfers', dateHeader: '发起' },
    { user: 'sh_med_cadre', path: '/supplies/catalogue', dateHeader: '可申领时间' },
    { user: 'sh_med_cadre', path: '/supplies/special', dateHeader: '提出时间' },
    { user: 'ld_cadre', path: '/appeals', dateHeader: '提出时间' },
    { user: 'ld_cadre', path: '/referrals', dateHeader: '答复时间' },
    { user: 'ld_cadre', path: '/proposals/board', dateHeader: '升级至' },
    { user: 'admin', path: '/audit', dateHeader: '时间' },
  ];
  for (const l of lists) {
    it(`${l.path} fits, its ${l.dateHeader} uncut`, async () => {
      await ctx?.close();
      ctx = await site.context('desktop');
      page = await ctx.newPage();
      await page.setViewportSize({ width: 1366, height: 768 });
      await consoleLogin(page, site.baseUrl, l.user);
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await page.goto(`${site.baseUrl}${l.path}`);
      const table = page.locator('.ant-table').first();
      await table.locator('tbody tr.ant-table-row').first().waitFor();
      const box = table.locator('.ant-table-content, .ant-table-body').first();
      expect(await box.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
      // Every cell of the date column shows its whole text.
      const column = await table
        .locator('thead th')
        .evaluateAll((ths, header) => ths.findIndex((th) => th.textContent?.trim() === header), l.dateHeader);
      expect(column).toBeGreaterThanOrEqual(0);
      const cut = await table.locator('tbody tr.ant-table-row').evaluateAll(
        (rows, i) =>
          rows.filter((r) => {
            const cell = r.children[i] as HTMLElement | undefined;
            return !cell || cell.scrollWidth > cell.clientWidth;
          }).length,
        column,
      );
      expect(cut).toBe(0);
    });
  }
});
