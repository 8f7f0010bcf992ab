import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TArchiveListItem, TArchivePii, TAssistanceList } from '../src/shared/hardship.ts';
import { idCardCheckChar } from '../src/shared/idcard.ts';
import { consoleLogin, openSite, pickOption, type Site } from './harness.ts';

let site: Site;

beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe('困难帮扶 personal QR', () => {
  it('a cadre opens a filed archive, prints its QR card, and a phone opens the QR page and verifies', async () => {
    const desk = await site.context('desktop');
    const page = await desk.newPage();
    await consoleLogin(page, site.baseUrl, 'bs_cadre');
    await page.getByText('您好，黄干事').waitFor();
    // 首页 · 待我处理: the applications waiting for acceptance, counted as the list counts them.
    const applied = (await (
      await page.request.get(`${site.baseUrl}/api/v1/hardship/archives?state=applied&pageSize=1`)
    ).json()) as { total: number };
    expect(applied.total).toBeGreaterThan(0);
    const todo = page
      .getByTestId('workbench-todos')
      .locator('.ant-list-item', { hasText: '待受理的建档申请' });
    await todo.waitFor();
    expect((await todo.textContent()) ?? '').toContain(String(applied.total));
    await site.shot(page, 'console-workbench-todos');
    await page.getByRole('menuitem', { name: '困难帮扶' }).click();
    await page.getByTestId('hardship-table').waitFor();
    // 年度复核 filter from the URL (the dashboard's 查看逾期档案 link): the rows the API lists, no more.
    await page.goto(`${site.baseUrl}/hardship?reviewDue=overdue`);
    await page.getByTestId('hardship-review-due').getByText('已逾期').waitFor();
    const overdue = (await (
      await page.request.get(`${site.baseUrl}/api/v1/hardship/archives?reviewDue=overdue`)
    ).json()) as { total: number };
    expect(overdue.total).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('hardship-table').locator('tbody tr.ant-table-row').count())
      .toBe(overdue.total);
    await site.shot(page, 'hardship-list-overdue');
    await page.goto(`${site.baseUrl}/hardship?state=filed`);
    await page.getByTestId('hardship-table').locator('a[href^="/hardship/"]').first().click();
    await page.getByTestId('hardship-qr').click();
    const urlText = (await page.getByTestId('hardship-qr-url').textContent()) ?? '';
    expect(urlText).toMatch(/\/q\/[A-Za-z0-9_-]{22,}$/);
    await site.shot(page, 'hardship-qr-dialog');

    // The card sheet opens in a new tab and prints to an A4 PDF.
    const [sheet] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByTestId('hardship-qr-print').click(),
    ]);
    await sheet.waitForLoadState();
    expect(await sheet.locator('svg').count()).toBeGreaterThanOrEqual(1);
    expect(await sheet.content()).toContain('右江区');
    const pdf = await sheet.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await site.shot(sheet, 'hardship-qr-cards');

    // The holder's ID suffix, read as the cadre (an audited view).
    const archiveId = Number(new URL(page.url()).pathname.split('/').pop());
    const pii = (await (
      await page.request.get(`${site.baseUrl}/api/v1/hardship/archives/${archiveId}/pii`)
    ).json()) as TArchivePii;
    const suffix = pii.idCard.slice(-6);

    const phone = await site.context('phone');
    const mobile = await phone.newPage();
    await mobile.goto(urlText);
    await mobile.getByText('档案状态').first().waitFor();
    const html = await mobile.content();
    expect(html).not.toContain(pii.idCard);
    expect(html).not.toContain('<script');
    await site.shot(mobile, 'hardship-qr-page');
    await mobile.locator('#digits').fill(suffix);
    await mobile.getByRole('button', { name: '查看' }).click();
    await mobile.getByText('已验证本人身份').waitFor();
    expect(await mobile.getByRole('heading', { name: '办理记录' }).isVisible()).toBe(true);
    // The answer opens scrolled to itself, not to the top of a page taller than the phone.
    expect(mobile.url()).toMatch(/\/verify#verify$/);
    const placed = await mobile.evaluate(() => ({
      scrolled: window.scrollY,
      top: document.getElementById('verify')?.getBoundingClientRect().top ?? -1,
      half: window.innerHeight / 2,
    }));
    expect(placed.scrolled).toBeGreaterThan(0);
    expect(placed.top).toBeGreaterThanOrEqual(0);
    expect(placed.top).toBeLessThan(placed.half);
    expect(await mobile.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await site.shot(mobile, 'hardship-qr-verified');
    await phone.close();
    await desk.close();
  });
});

describe('困难帮扶 帮扶救助', () => {
  it('a cadre records an assistance on an archive and a 送温暖 for two ticked archives', async () => {
    const desk = await site.context('desktop');
    const page = await desk.newPage();
    await consoleLogin(page, site.baseUrl, 'bs_cadre');
    await page.getByText('您好，黄干事').waitFor();
    const get = async <T>(path: string) =>
      (await (await page.request.get(`${site.baseUrl}${path}`)).json()) as T;
    const filed = await get<{ items: TArchiveListItem[] }>(
      '/api/v1/hardship/archives?state=filed&pageSize=20',
    );
    const [first, second] = filed.items;
    if (!first || !second) throw new Error('the demo should have two filed archives for 黄干事');
    const before = await get<TAssistanceList>(`/api/v1/hardship/archives/${first.id}/assistance`);

    // Part of a number finds nothing, and the list says why (numbers match whole, by blind index).
    await page.goto(`${site.baseUrl}/hardship?q=4510`);
    await page.getByText('身份证号须输入完整的 18 位、手机号 11 位才能查找').waitFor();
    expect(await page.getByTestId('hardship-search').inputValue()).toBe('4510');

    // One assistance from the archive's 帮扶救助 tab; an empty form is refused in Chinese first.
    await page.goto(`${site.baseUrl}/hardship/${first.id}?tab=assistance`);
    await page.getByTestId('hardship-assist-total').waitFor();
    await page.getByTestId('hardship-assist-add').click();
    await page.getByTestId('hardship-assist-ok').click();
    await page.getByText('请填写发放金额或物品').waitFor();
    // A picker left empty says 请选择, not 请填写.
    await page.locator('.ant-form-item-explain-error', { hasText: '请选择帮扶类型' }).waitFor();
    await page.getByTestId('hardship-assist-type').click();
    await page.getByTitle('医疗救助').click();
    // A negative amount stays as typed and is refused by name (it used to become 0.00 on leaving the field).
    await page.getByTestId('hardship-assist-amount').fill('-300');
    await page.getByTestId('hardship-assist-ok').click();
    // One message, saying what is allowed (it used to add 「应在 0 到 …」 beside 「须大于 0」).
    const amountErrors = page.locator(
      '.ant-modal:visible .ant-form-item-has-error .ant-form-item-explain-error',
    );
    await expect
      .poll(() => amountErrors.allTextContents())
      .toEqual(['发放金额（元）应在 0.01 到 10,000,000 之间']);

    expect(await page.getByTestId('hardship-assist-amount').inputValue()).toContain('-300');
    // A typed date in the future is kept and named, not silently put back to today.
    const dateGiven = page.locator('.ant-modal:visible').getByLabel('发放日期', { exact: true });
    const today = await dateGiven.inputValue();
    // The day after the form's own today (a Beijing day): the browser's clock may be in another time zone,
    // where after 16:00 UTC "tomorrow" is already today in Beijing.
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await dateGiven.click();
    await dateGiven.fill(tomorrow);
    await dateGiven.press('Enter');
    await page.getByText('发放日期不能晚于今天').waitFor();
    await dateGiven.click();
    await dateGiven.fill(today);
    await dateGiven.press('Enter');
    await expect.poll(() => page.getByText('发放日期不能晚于今天').count()).toBe(0);
    await page.getByTestId('hardship-assist-amount').fill('1234.5');
    const note = `住院自付部分按大病医疗救助办法核定，${'附发票、出院小结和费用清单复印件，经入户核查属实。'.repeat(6)}`;
    await page.getByTestId('hardship-assist-note-input').fill(note);
    await page.getByTestId('hardship-assist-ok').click();
    await page.getByText('已登记帮扶救助').waitFor();
    const after = await get<TAssistanceList>(`/api/v1/hardship/archives/${first.id}/assistance`);
    expect(after.total).toEqual({
      count: before.total.count + 1,
      amountFen: before.total.amountFen + 123_450,
    });
    expect(after.items[0]).toMatchObject({
      type: 'medical',
      amountFen: 123_450,
      givingOrg: { name: '百色市总工会' },
      note,
    });
    // A long note takes two lines in its own column and opens with 展开; the row stays short.
    const row = page.getByTestId('hardship-assist-table').locator(`tr[data-row-key="${after.items[0]?.id}"]`);
    const noteCell = row.getByTestId('hardship-assist-note');
    await noteCell.getByText('展开').waitFor();
    expect((await row.boundingBox())?.height ?? 0).toBeLessThan(90);
    await noteCell.getByText('展开').click();
    await noteCell.getByText('收起').waitFor();
    expect(await noteCell.textContent()).toContain('经入户核查属实。经入户核查属实'.slice(-6));
    expect((await row.boundingBox())?.height ?? 0).toBeGreaterThan(90);
    await noteCell.getByText('收起').click();
    const shown = (await page.getByTestId('hardship-assist-total').textContent()) ?? '';
    expect(shown).toContain(`${after.total.count}次`);
    expect(shown).toContain(
      `¥${(after.total.amountFen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 })}`,
    );
    await site.shot(page, 'hardship-assistance-tab');

    // 送温暖: tick the two archives in the list, give both the same items.
    const counts = await Promise.all(
      [first, second].map((a) => get<TAssistanceList>(`/api/v1/hardship/archives/${a.id}/assistance`)),
    );
    await page.goto(`${site.baseUrl}/hardship?state=filed`);
    for (const a of [first, second]) {
      await page
        .locator(`tr[data-row-key="${a.id}"] .ant-table-selection-column .ant-checkbox-wrapper`)
        .click();
    }
    await expect.poll(() => page.getByTestId('hardship-assist-bulk').textContent()).toContain('已选 2 份');
    await page.getByTestId('hardship-assist-bulk').click();
    await page.getByTestId('hardship-assist-items').fill('大米 1 袋、食用油 1 桶');
    await site.shot(page, 'hardship-assistance-bulk');
    await page.getByTestId('hardship-assist-ok').click();
    await page.getByText('已为 2 份档案登记帮扶救助').waitFor();
    for (const [i, a] of [first, second].entries()) {
      const now = await get<TAssistanceList>(`/api/v1/hardship/archives/${a.id}/assistance`);
      expect(now.total.count).toBe((counts[i]?.total.count ?? 0) + 1);
      expect(now.items[0]).toMatchObject({
        type: 'warmth',
        amountFen: null,
        items: '大米 1 袋、食用油 1 桶',
      });
    }
    expect(await page.getByTestId('hardship-assist-bulk').textContent()).not.toContain('已选');
    await desk.close();
  });

  it('a cadre edits the household members: adds one with an ID, a wrong ID is refused, kept IDs stay', async () => {
    const desk = await site.context('desktop');
    const page = await desk.newPage();
    await consoleLogin(page, site.baseUrl, 'bs_cadre');
    await page.getByText('您好，黄干事').waitFor();
    const get = async <T>(path: string) =>
      (await (await page.request.get(`${site.baseUrl}${path}`)).json()) as T;
    const filed = await get<{ items: TArchiveListItem[] }>(
      '/api/v1/hardship/archives?state=filed&pageSize=50',
    );
    // An archive whose household has an ID number on record, to see it kept without retyping.
    let target: { id: number; before: TArchivePii } | null = null;
    for (const a of filed.items) {
      const pii = await get<TArchivePii>(`/api/v1/hardship/archives/${a.id}/pii`);
      if (pii.members.some((m) => m.idCard)) {
        target = { id: a.id, before: pii };
        break;
      }
    }
    if (!target) throw new Error('the demo should have a filed archive with a member’s ID number');
    const count = target.before.members.length;

    await page.goto(`${site.baseUrl}/hardship/${target.id}`);
    await page.getByTestId('hardship-edit-members').click();
    await page.getByTestId(`hardship-member-${count - 1}`).waitFor();
    await page.getByTestId('hardship-member-add').click();
    await page.getByTestId(`hardship-member-name-${count}`).fill('黄小妹');
    await page.getByTestId(`hardship-member-relation-${count}`).fill('女儿');
    // Check digit wrong: said at the field, nothing saved.
    const newId = '45100219991231002';
    const check = idCardCheckChar(newId);
    await page.getByTestId(`hardship-member-idcard-${count}`).fill(`${newId}${check === '0' ? '1' : '0'}`);
    await page.getByTestId(`hardship-member-income-${count}`).fill('3600');
    await page
      .locator('.ant-modal:visible')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await page.locator('.ant-modal:visible .ant-form-item-explain-error', { hasText: '校验' }).waitFor();
    await page.getByTestId(`hardship-member-idcard-${count}`).fill(`${newId}${check}`);
    await site.shot(page, 'hardship-members-edit');
    await page
      .locator('.ant-modal:visible')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await page.getByText('家庭成员已保存').waitFor();
    // The table shows the new member masked, with the income in 元.
    const row = page.locator('.ant-table-row', { hasText: '黄小妹' });
    await row.waitFor();
    expect(await row.textContent()).toContain(`4510**********${newId.slice(14)}${check}`);
    expect(await row.textContent()).toContain('3,600.00');
    const after = await get<TArchivePii>(`/api/v1/hardship/archives/${target.id}/pii`);
    expect(after.members.map((m) => m.idCard)).toEqual([
      ...target.before.members.map((m) => m.idCard),
      `${newId}${check}`,
    ]);
  });

  it('档案移交 待接收: a 不接收 reason typed and cancelled does not come back in 接收’s 说明', async () => {
    const desk = await site.context('desktop');
    const page = await desk.newPage();
    await consoleLogin(page, site.baseUrl, 'ld_cadre');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    const inbox = (await (
      await page.request.get(`${site.baseUrl}/api/v1/hardship/transfers?state=pending&pageSize=50`)
    ).json()) as { items: { id: number; actions: string[] }[] };
    const waiting = inbox.items.find((tr) => tr.actions.includes('accept'));
    if (!waiting) throw new Error('the demo should have a transfer waiting for 林埭镇');
    await page.goto(`${site.baseUrl}/hardship/transfers`);
    await page.getByTestId(`transfer-decline-${waiting.id}`).click();
    await page.getByTestId('transfer-note').fill('暂不接收：请先核实现住址');
    await page
      .locator('.ant-modal:visible')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await page.locator('.ant-modal:visible').waitFor({ state: 'detached' });
    await page.getByTestId(`transfer-accept-${waiting.id}`).click();
    const note = page.locator('.ant-modal:visible').getByTestId('transfer-note');
    await note.waitFor();
    expect(await note.inputValue()).toBe('');
    await page
      .locator('.ant-modal:visible')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    // Nothing was decided.
    const still = (await (
      await page.request.get(`${site.baseUrl}/api/v1/hardship/transfers?state=pending&pageSize=50`)
    ).json()) as { items: { id: number }[] };
    expect(still.items.map((tr) => tr.id)).toContain(waiting.id);
  });

  it('an admin sets a union’s 低保标准 in the console; the org below inherits it', async () => {
    const desk = await site.context('desktop');
    const page = await desk.newPage();
    await consoleLogin(page, site.baseUrl, 'gx_admin');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    const orgs = (await (await page.request.get(`${site.baseUrl}/api/v1/orgs?q=右江区百货商场`)).json()) as {
      items: { id: number; name: string }[];
    };
    const store = orgs.items[0];
    if (!store) throw new Error('the demo should have 右江区百货商场工会');
    const dibao = async () =>
      (await (
        await page.request.get(`${site.baseUrl}/api/v1/hardship/settings/dibao?orgId=${store.id}`)
      ).json()) as { fromOrgId: number | null; dibaoMonthlyFen: number };
    expect((await dibao()).dibaoMonthlyFen).toBe(83_000);

    await page.goto(`${site.baseUrl}/hardship`);
    await page.getByTestId('hardship-dibao').click();
    // It opens on the admin's own union: 广西 has set none, so the platform default applies.
    await page.getByTestId('dibao-source').getByText('（平台默认标准）').waitFor();
    await page.getByTestId('dibao-org').click();
    await page.keyboard.type('百货商场');
    await pickOption(page, '右江区百货商场工会');
    // Inherited from 百色市总工会 (the demo's ¥830), shown in the field to edit.
    await page
      .getByTestId('dibao-source')
      .getByText('现行标准 ¥830.00/人·月（沿用上级 百色市总工会 的标准）')
      .waitFor();
    expect(await page.getByTestId('dibao-amount').inputValue()).toBe('830.00');
    // Saving the inherited figure unchanged would pin it: 保存 waits for another amount.
    expect(await page.getByTestId('dibao-save').isDisabled()).toBe(true);
    expect(await page.getByTestId('dibao-clear').count()).toBe(0);
    // Zero is refused at the field, by name, and nothing is saved.
    await page.getByTestId('dibao-amount').fill('0');
    await page.getByTestId('dibao-save').click();
    await page.getByText('低保标准（元/人·月）应在 0.01 到').waitFor();
    expect((await dibao()).fromOrgId).not.toBe(store.id);
    await page.getByTestId('dibao-amount').fill('905.5');
    await site.shot(page, 'hardship-dibao');
    await page.getByTestId('dibao-save').click();
    await page.getByText('低保标准已保存：¥905.50/人·月').waitFor();
    expect(await dibao()).toMatchObject({ fromOrgId: store.id, dibaoMonthlyFen: 90_550 });
    // Opened again for that org, it says the org set it itself.
    await page.getByTestId('hardship-dibao').click();
    await page.getByTestId('dibao-org').click();
    await page.keyboard.type('百货商场');
    await pickOption(page, '右江区百货商场工会');
    await page.getByTestId('dibao-source').getByText('现行标准 ¥905.50/人·月（本组织设定）').waitFor();
    await site.shot(page, 'hardship-dibao-own');
    // A slipped digit is named at the field.
    await page.getByTestId('dibao-amount').fill('90550');
    await page.getByTestId('dibao-save').click();
    await page.getByText('低保标准（元/人·月）应在 0.01 到 10,000 之间').waitFor();
    // 恢复沿用上级标准: the org follows 百色市总工会 again.
    await page.getByTestId('dibao-clear').click();
    await page.getByText('已恢复沿用上级标准：¥830.00/人·月').waitFor();
    expect(await dibao()).toMatchObject({ dibaoMonthlyFen: 83_000 });
    expect((await dibao()).fromOrgId).not.toBe(store.id);
    await desk.close();
  });
});
