import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeImportWorkbook } from '../src/server/modules/hardship/import.fixture.ts';
import { runImport } from '../src/server/modules/hardship/import.service.ts';
import { readSheetRows } from '../src/server/platform/excel/excel.ts';
import type { TImportRun } from '../src/shared/hardship-import.ts';
import { consoleLogin, openSite, type Site } from './harness.ts';

let site: Site;
let dir: string;

beforeAll(async () => {
  site = await openSite();
  dir = mkdtempSync(path.join(tmpdir(), 'niangjia-import-e2e-'));
});
afterAll(async () => {
  await site?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('困难帮扶 Excel import and export', () => {
  it('a cadre imports a workbook, watches the progress complete, downloads the error report and exports', async () => {
    const file = path.join(dir, '纸质档案.xlsx');
    // 1,200 rows, every 100th bad: three batches, 12 rows refused.
    await writeImportWorkbook(file, 1200, { seed: 42, badEvery: 100 });

    const desk = await site.context('desktop');
    const page = await desk.newPage();
    await consoleLogin(page, site.baseUrl, 'bs_cadre');
    await page.getByText('您好，黄干事').waitFor();
    await page.goto(`${site.baseUrl}/hardship`);
    await page.getByTestId('hardship-table').waitFor();
    expect(await page.getByTestId('hardship-export-unmasked').isVisible()).toBe(true);

    // The template downloads.
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('hardship-import-template').click(),
    ]);
    expect(template.suggestedFilename()).toBe('困难职工档案导入模板.xlsx');

    await page.getByTestId('hardship-import').click();
    await page.getByText('“所属组织”为空的行归入：百色市总工会').waitFor();
    const [posted] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/archives/imports') && r.request().method() === 'POST'),
      page.getByTestId('hardship-import-file').setInputFiles(file),
    ]);
    expect(posted.status()).toBe(202);
    const run = (await posted.json()) as TImportRun;
    const progress = page.getByTestId('hardship-import-run');
    await progress.waitFor();
    expect(await progress.getAttribute('data-state')).toBe('queued');

    // The background worker picks the run up (background jobs are off in browser tests).
    const running = runImport(site.app.deps, { importId: run.id });
    // While it runs the bar moves (the page polls every second); it may also finish first.
    await page
      .locator('[data-testid="hardship-import-run"]:is([data-state="running"], [data-state="done"])')
      .waitFor();
    await site.shot(page, 'hardship-import-running');
    const result = await running;
    expect(result).toMatchObject({ state: 'done', processed: 1200, imported: 1188, failed: 12 });
    await page.locator('[data-testid="hardship-import-run"][data-state="done"]').waitFor();
    await page.getByText('12 行未导入').waitFor();
    await page.getByText('已处理 1200 / 1200 行').waitFor();
    await site.shot(page, 'hardship-import-done');

    const [report] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('hardship-import-errors').click(),
    ]);
    const reportPath = path.join(dir, 'errors.xlsx');
    await report.saveAs(reportPath);
    const bad: Record<string, string>[] = [];
    for await (const r of readSheetRows(readFileSync(reportPath))) bad.push(r.values);
    expect(bad).toHaveLength(12);
    expect(bad.every((r) => (r.错误原因 ?? '').length > 0)).toBe(true);

    // The new archives are in the list, filed.
    await page
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
    await page.goto(`${site.baseUrl}/hardship?state=filed`);
    await page.getByTestId('hardship-table').waitFor();
    const total = (await page.getByText(/共 [\d,]+ 份档案/).textContent()) ?? '';
    expect(Number(/(\d+)/.exec(total.replace(/,/g, ''))?.[1] ?? 0)).toBeGreaterThanOrEqual(1188);

    // Export of the filtered list, masked by default.
    const [exported] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('hardship-export').click(),
    ]);
    const exportPath = path.join(dir, 'export.xlsx');
    await exported.saveAs(exportPath);
    let rows = 0;
    let masked = true;
    for await (const r of readSheetRows(readFileSync(exportPath))) {
      rows += 1;
      if (!(r.values.身份证号 ?? '').includes('*')) masked = false;
    }
    expect(rows).toBeGreaterThanOrEqual(1188);
    expect(masked).toBe(true);
    await site.shot(page, 'hardship-import-list');
    await desk.close();
  });
});
