import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { THardshipStats } from '../src/shared/hardship-stats.ts';
import { consoleLogin, openSite, type Site } from './harness.ts';

let site: Site;

beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

async function apiStats(page: Page, orgId?: number): Promise<THardshipStats> {
  const res = await page.request.get(
    `${site.baseUrl}/api/v1/hardship/stats${orgId ? `?orgId=${orgId}` : ''}`,
  );
  expect(res.status()).toBe(200);
  return (await res.json()) as THardshipStats;
}

/** The number a KPI card shows (digits of its Statistic value). */
async function kpi(page: Page, key: string): Promise<string> {
  return (
    (await page.getByTestId(`kpi-${key}`).locator('.ant-statistic-content').textContent()) ?? ''
  ).trim();
}

describe('帮扶统计 dashboard', () => {
  it('shows the API’s figures with the demo data, drills into a child org and back, exports', async () => {
    const desk = await site.context('desktop');
    const page = await desk.newPage();
    await consoleLogin(page, site.baseUrl, 'bs_cadre');
    await page.getByText('您好，黄干事').waitFor();
    await page.getByRole('menuitem', { name: '帮扶统计' }).click();
    await page.getByTestId('kpi-filed').waitFor();
    await page.getByTestId('chart-state').locator('canvas').waitFor();

    const all = await apiStats(page);
    expect(all.totals.total).toBeGreaterThan(0);
    expect(await kpi(page, 'filed')).toBe(String(all.totals.byState.filed));
    expect(await kpi(page, 'newFiled')).toBe(String(all.flows.totals.filed));
    expect(await kpi(page, 'overdue')).toBe(String(all.reviews.overdue));
    // The figures are as of the last rollup refresh; a cadre may not recompute them.
    await expect.poll(async () => page.getByTestId('stats-as-of').textContent()).toMatch(/数据更新于 /);
    expect(await page.getByTestId('stats-refresh').count()).toBe(0);
    const total = (await page.getByTestId('assistance-total').textContent()) ?? '';
    expect(total.replace(/[¥,]/g, '')).toBe((all.assistance.total.amountFen / 100).toFixed(2));
    await page.waitForTimeout(800); // chart animations
    await site.shot(page, 'hardship-stats');

    // Drill into the child org with the most archives.
    const child = all.children.find((c) => !c.self && c.total > 0);
    expect(child).toBeTruthy();
    if (!child) return;
    await page.getByTestId(`drill-${child.org.id}`).click();
    await page.waitForURL((u) => u.searchParams.get('orgId') === String(child.org.id));
    await page.getByTestId('stats-breadcrumb').getByText(child.org.name).waitFor();
    const sub = await apiStats(page, child.org.id);
    expect(sub.totals.total).toBe(child.total);
    await expect.poll(() => kpi(page, 'filed')).toBe(String(sub.totals.byState.filed));
    await page.waitForTimeout(800);
    await site.shot(page, 'hardship-stats-drilled');

    // Export of what is on screen.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('stats-export').click(),
    ]);
    expect(download.suggestedFilename()).toContain('帮扶统计');
    expect(download.suggestedFilename()).toContain(child.org.name);

    // Back up through the breadcrumb: the URL loses orgId.
    await page.getByTestId('stats-breadcrumb').getByText(all.org.name).click();
    await page.waitForURL((u) => !u.searchParams.has('orgId'));
    await expect.poll(() => kpi(page, 'filed')).toBe(String(all.totals.byState.filed));
  });

  it('lets an admin recompute the figures now (刷新): the time of the figures moves on', async () => {
    const desk = await site.context('desktop');
    const page = await desk.newPage();
    await consoleLogin(page, site.baseUrl, 'gx_admin');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${site.baseUrl}/stats/hardship`);
    await page.getByTestId('kpi-filed').waitFor();
    const before = await apiStats(page);
    await page.getByTestId('stats-refresh').click();
    await page.getByText(/统计数据已更新/).waitFor();
    const after = await apiStats(page);
    expect(Date.parse(after.asOf)).toBeGreaterThan(Date.parse(before.asOf));
    expect(after.totals).toEqual(before.totals);
    const hhmm = new Date(Date.parse(after.asOf) + 8 * 3_600_000).toISOString().slice(11, 16);
    await expect.poll(async () => page.getByTestId('stats-as-of').textContent()).toBe(`数据更新于 ${hhmm}`);
    await site.shot(page, 'hardship-stats-refreshed');
  });

  it('is usable on a phone: no sideways scrolling', async () => {
    const phone = await site.context('phone');
    const page = await phone.newPage();
    await consoleLogin(page, site.baseUrl, 'gx_admin');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${site.baseUrl}/stats/hardship`);
    await page.getByTestId('kpi-filed').waitFor();
    await page.getByTestId('chart-flows').locator('canvas').waitFor();
    await page.waitForTimeout(800);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await site.shot(page, 'hardship-stats-phone');
  });
});
