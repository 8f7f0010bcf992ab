import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCardCheckChar } from '../src/server/platform/pii/pii.ts';
import { consoleLogin, openSite, type Site } from './harness.ts';

let site: Site;

beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

/** An invented ID number (右江区 region code, valid check digit) nobody in the demo data has. */
function inventedIdCard(): string {
  const body = `45100219880${String(Date.now() % 1_000_000).padStart(6, '0')}`.slice(0, 17);
  const fixed = `${body.slice(0, 6)}19880612${body.slice(14, 17)}`;
  return fixed + idCardCheckChar(fixed);
}

/** A 1×1 PNG, as a phone camera would upload a JPEG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Choose an option of a select in the open dialog, and check that the choice took: a click on a
 * dropdown that is still opening (or on one still closing from the field before) can be lost.
 */
async function chooseInDialog(page: Page, label: string, option: string) {
  const field = page.locator('.ant-modal:visible .ant-form-item', { hasText: label }).first();
  for (let attempt = 1; ; attempt++) {
    await page.locator('.ant-modal:visible').getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText (what is shown), not the DOM property
      if ((await field.innerText()).includes(option)) return;
      await page.waitForTimeout(100);
    }
    if (attempt === 3) throw new Error(`${label}: could not choose ${option}`);
  }
}

async function act(page: Page, event: string, fill?: (page: Page) => Promise<void>) {
  await page.getByTestId(`hardship-action-${event}`).click();
  if (fill) await fill(page);
  await page.getByTestId('hardship-action-ok').click();
  await page.locator('.ant-modal:visible').waitFor({ state: 'detached' });
}

async function setDate(page: Page, label: string, day: string) {
  const input = page.locator('.ant-modal:visible').getByLabel(label, { exact: true });
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

describe('困难帮扶 filing in the console', () => {
  it('a cadre files an archive step by step (a reviewer checks it), prints its QR card, and a phone verifies', async () => {
    const idCard = inventedIdCard();
    const desk = await site.context('desktop');
    const page = await desk.newPage();
    await consoleLogin(page, site.baseUrl, 'bs_cadre');
    await page.getByText('您好，黄干事').waitFor();
    await page.goto(`${site.baseUrl}/hardship`);
    await page.getByTestId('hardship-create').click();
    // A number whose check digit is right but whose birth date is in the future is named as such.
    const unborn = `45010220${String(new Date().getFullYear() + 4).slice(2)}0101123`;
    await page.getByTestId('hardship-create-idcard').fill(unborn + idCardCheckChar(unborn));
    await page.getByTestId('hardship-create-idcard').blur();
    await page.getByText('身份证号中的出生日期无效：第 7–14 位应是真实存在、不晚于今天的日期').waitFor();
    await page.getByTestId('hardship-create-idcard').fill(idCard);
    await page.locator('.ant-modal:visible').getByLabel('姓名', { exact: true }).fill('韦春燕');
    await page.locator('.ant-modal:visible').getByLabel('手机号', { exact: true }).fill('13977120345');
    await chooseInDialog(page, '主要致困原因', '患重特大疾病');
    await page
      .locator('.ant-modal:visible')
      .getByLabel('家庭年可支配收入（元）', { exact: true })
      .fill('18000');
    await page.locator('.ant-modal:visible').getByLabel('家庭人口', { exact: true }).fill('3');
    await site.shot(page, 'hardship-filing-create');
    await page.getByTestId('hardship-create-submit').click();
    await page.getByTestId('hardship-name').waitFor();
    expect(await page.getByTestId('hardship-name').textContent()).toBe('韦春燕');
    const archiveUrl = page.url();
    // Masked, only the year of birth shows (the full date is 8 of the ID number's hidden digits);
    // 查看完整信息 shows the date with the full number, and 隐藏 masks both again.
    const birthDate = `${idCard.slice(6, 10)}-${idCard.slice(10, 12)}-${idCard.slice(12, 14)}`;
    expect(await page.getByTestId('hardship-birth').textContent()).toBe(idCard.slice(6, 10));
    expect(await page.locator('body').textContent()).not.toContain(birthDate);
    await page.getByTestId('hardship-reveal').click();
    await page.getByTestId('hardship-reveal-ok').click();
    await expect.poll(() => page.getByTestId('hardship-birth').textContent()).toBe(birthDate);
    expect(await page.locator('body').textContent()).toContain(idCard);
    await page.getByTestId('hardship-hide').click();
    await expect.poll(() => page.getByTestId('hardship-birth').textContent()).toBe(idCard.slice(6, 10));

    // 受理 → 入户核查 (a visit with a photo tied to it) → 提交审核
    await act(page, 'accept');
    await page.getByRole('tab', { name: /入户核查/ }).click();
    await page.getByTestId('hardship-visit-add').click();
    await page.locator('.ant-modal:visible').getByLabel('核查人员', { exact: true }).fill('黄干事、李帮扶');
    await page
      .locator('.ant-modal:visible')
      .getByLabel('核查情况', { exact: true })
      .fill('家中两位老人，丈夫住院，情况属实。');
    await page
      .locator('.ant-modal:visible')
      .getByRole('button', { name: /保\s?存/ })
      .click();
    const visits = page.getByTestId('hardship-visits');
    await visits.waitFor();
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      visits.getByRole('button', { name: /添加照片/ }).click(),
    ]);
    await chooser.setFiles({ name: '入户照片.png', mimeType: 'image/png', buffer: PNG });
    await visits.getByRole('button', { name: /查看照片（1 张）/ }).waitFor();
    await site.shot(page, 'hardship-filing-visit');
    await act(page, 'submit');
    await page.getByTestId('hardship-state').getByText('审核中').waitFor();

    // 审核 by an administrator of the province (cadres cannot pass their own cases).
    const deskB = await site.context('desktop');
    const admin = await deskB.newPage();
    await consoleLogin(admin, site.baseUrl, 'gx_admin');
    await admin.getByText(/您好/).waitFor();
    await admin.goto(archiveUrl);
    await act(admin, 'pass');
    await admin.getByTestId('hardship-state').getByText('审核通过（待公示）').waitFor();

    // 确认困难类别 (the suggestion), then a publicity period that is already over, then 审批建档.
    await page.reload();
    await page.getByRole('tab', { name: /收入情况/ }).click();
    await page.getByTestId('hardship-edit-income').click();
    await page
      .locator('.ant-modal:visible')
      .getByRole('button', { name: /保\s?存/ })
      .click();
    await page.locator('.ant-modal:visible').waitFor({ state: 'detached' });
    await act(page, 'publicize', async (p) => {
      await setDate(p, '公示开始日期', '2026-01-05');
      await setDate(p, '公示结束日期', '2026-01-11');
    });
    await admin.reload();
    await act(admin, 'approve');
    await admin.getByTestId('hardship-state').getByText('在档').waitFor();

    // The cadre prints the QR card and reads the URL; a phone opens it and verifies with the ID suffix.
    await page.reload();
    await page.getByTestId('hardship-qr').click();
    const urlText = (await page.getByTestId('hardship-qr-url').textContent()) ?? '';
    expect(urlText).toMatch(/\/q\/[A-Za-z0-9_-]{22,}$/);
    const [sheet] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByTestId('hardship-qr-print').click(),
    ]);
    await sheet.waitForLoadState();
    expect(await sheet.content()).toContain('<div class="n">韦**</div>');
    expect(await sheet.content()).not.toContain('韦春燕');
    const pdf = await sheet.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await site.shot(sheet, 'hardship-filing-card');

    const phone = await site.context('phone');
    const mobile = await phone.newPage();
    await mobile.goto(urlText);
    await mobile.getByText('档案状态').first().waitFor();
    expect(await mobile.content()).not.toContain(idCard);
    await mobile.locator('#digits').fill(idCard.slice(-6));
    await mobile.getByRole('button', { name: '查看' }).click();
    await mobile.getByText('已验证本人身份').waitFor();
    await site.shot(mobile, 'hardship-filing-qr-verified');
    await phone.close();
    await deskB.close();
    await desk.close();
  });
});
