import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLogin, openSite, type Site } from './harness.ts';

/**
 * The statistics pages of 微心愿, 物资保障, 及时送 and 云履职 with the demo data: each shows the figures its
 * API answered for the period on screen, draws its charts, exports a workbook of the same union, and fits
 * a phone. (帮扶统计 has its own file.)
 */

let site: Site;

beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

type Json = Record<string, unknown> & { org: { id: number; name: string }; totals: Record<string, number> };

interface Dashboard {
  name: string;
  user: string;
  path: string;
  api: string;
  prefix: string;
  /** KPI card key → the text it must show, from the API's answer. */
  kpis: (s: Json) => Record<string, string>;
  charts: string[];
  exportId: string;
}

const dashboards: Dashboard[] = [
  {
    name: '心愿统计',
    user: 'bs_cadre',
    path: '/stats/wishes',
    api: '/api/v1/wishes/stats',
    prefix: 'wish-kpi-',
    kpis: (s) => ({
      posted: String(s.totals.posted),
      published: String(s.totals.published),
      claimed: String(s.totals.claimed),
      fulfilled: String(s.totals.fulfilled),
    }),
    charts: ['wish-chart-state', 'wish-chart-monthly', 'wish-chart-value'],
    exportId: 'wish-stats-export',
  },
  {
    name: '物资统计',
    user: 'sh_med_cadre',
    path: '/stats/supplies',
    api: '/api/v1/supplies/stats',
    prefix: 'supply-kpi-',
    kpis: (s) => ({
      requests: String(s.totals.requests),
      completed: String(s.totals.completed),
      points: String(s.totals.pointsServed),
    }),
    charts: ['supply-chart-state', 'supply-chart-daily', 'supply-chart-items'],
    exportId: 'supply-stats-export',
  },
  {
    name: '及时送统计',
    user: 'qx_cadre',
    path: '/stats/errands',
    api: '/api/v1/errands/stats',
    prefix: 'errand-kpi-',
    kpis: (s) => ({
      errands: String(s.totals.errands),
      delivered: String(s.totals.delivered),
      overdue: String(s.totals.overdue),
    }),
    charts: ['errand-chart-daily', 'errand-chart-requester', 'errand-chart-courier'],
    exportId: 'errand-stats-export',
  },
  {
    name: '云履职统计',
    user: 'ld_cadre',
    path: '/stats/proposals',
    api: '/api/v1/proposals/stats',
    prefix: 'proposal-kpi-',
    kpis: (s) => ({ submitted: `${s.totals.proposals} / ${s.totals.suggestions}` }),
    charts: ['proposal-chart-monthly', 'proposal-chart-states', 'proposal-chart-orgs'],
    exportId: 'proposal-stats-export',
  },
];

/** The figure a KPI card shows (its Statistic value, without thousands separators). */
async function kpi(page: Page, testId: string): Promise<string> {
  const text = await page.getByTestId(testId).locator('.ant-statistic-content').textContent();
  return (text ?? '').trim().replace(/,/g, '');
}

/** Opens a dashboard and returns what its API answered for the page's own request. */
async function open(page: Page, d: Dashboard, query = ''): Promise<Json> {
  const answer = page.waitForResponse(
    (r) => new URL(r.url()).pathname === d.api && r.request().method() === 'GET' && r.status() === 200,
  );
  await page.goto(`${site.baseUrl}${d.path}${query}`);
  return (await (await answer).json()) as Json;
}

describe('statistics pages with the demo data', () => {
  for (const d of dashboards) {
    it(`${d.name}: the figures are the API's, the charts are drawn, the export is of the same union`, async () => {
      const desk = await site.context('desktop');
      const page = await desk.newPage();
      await consoleLogin(page, site.baseUrl, d.user);
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      const s = await open(page, d);
      const expected = d.kpis(s);
      // The demo gives every one of these pages something to show.
      expect(Object.values(expected).some((v) => /[1-9]/.test(v))).toBe(true);
      for (const [key, value] of Object.entries(expected)) {
        await expect.poll(() => kpi(page, `${d.prefix}${key}`)).toBe(value);
      }
      for (const chart of d.charts) await page.getByTestId(chart).locator('canvas').waitFor();
      await page.waitForTimeout(600);
      await site.shot(page, `stats-${d.path.split('/').pop()}`);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId(d.exportId).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(await download.path());
      const first = wb.worksheets[0];
      expect(first?.name).toMatch(/[\u4e00-\u9fa5]/);
      const cells: string[] = [];
      first?.eachRow((row) => {
        row.eachCell((c) => {
          cells.push(String(c.value));
        });
      });
      expect(cells).toContain(s.org.name);
      await desk.close();
    });
  }

  it('及时送统计 for a period without errands says so instead of drawing empty charts', async () => {
    const d = dashboards.find((x) => x.path === '/stats/errands') as Dashboard;
    const desk = await site.context('desktop');
    const page = await desk.newPage();
    await consoleLogin(page, site.baseUrl, d.user);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    const s = await open(page, d, '?from=2024-01-01&to=2024-01-31');
    expect(s.totals.errands).toBe(0);
    await expect.poll(() => kpi(page, 'errand-kpi-errands')).toBe('0');
    // No chart is drawn over nothing: every chart card says the period is empty.
    expect(await page.locator('.nj-stats canvas').count()).toBe(0);
    expect(await page.getByText('统计期内暂无数据').count()).toBeGreaterThanOrEqual(4);
    await site.shot(page, 'stats-errands-empty');
    await desk.close();
  });

  it('each page fits a phone: no sideways scrolling', async () => {
    for (const d of dashboards) {
      // A context of its own per user: the console keeps one session per browser.
      const phone = await site.context('phone');
      const page = await phone.newPage();
      await consoleLogin(page, site.baseUrl, d.user);
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await open(page, d);
      await page
        .getByTestId(d.charts[0] as string)
        .locator('canvas')
        .waitFor();
      await page.waitForTimeout(500);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
        d.name,
      ).toBe(true);
      // The header is one row on a phone (it wrapped to three: breadcrumb, union, name).
      expect((await page.locator('.nj-header').boundingBox())?.height ?? 999, d.name).toBeLessThanOrEqual(64);
      await site.shot(page, `stats-${d.path.split('/').pop()}-phone`);
      await page.getByTestId('user-menu').click();
      await page.getByText('退出登录').waitFor();
      await phone.close();
    }
  });
});
