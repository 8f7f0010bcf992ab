import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, consoleLogin, openSite, pickOption, type Site } from './harness.ts';

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

/** A signed-in API session (cookie and CSRF token), for setting the scene quickly. */
const apiAs = (username: string) => apiSession<Record<string, unknown>>(site.baseUrl, username);

/** Post wishes on behalf of filed archives of the cadre's subtree. */
async function postWishes(titles: string[]): Promise<{ ids: number[]; archiveId: number }> {
  const call = await apiAs('bs_cadre');
  // The demo archives have wishes already: the province's admin lets each hold a few more at once.
  const admin = await apiAs('gx_admin');
  const me = await call('GET', '/api/v1/auth/me');
  const orgId = (me.body.active as { org: { id: number } }).org.id;
  const set = await admin('PUT', `/api/v1/wishes/settings?orgId=${orgId}`, {
    valueCapFen: 50_000,
    maxOpenWishes: 5,
    claimDays: 14,
  });
  expect(set.status).toBe(200);
  const archives = await call('GET', '/api/v1/hardship/archives?state=filed&pageSize=100');
  const ids: number[] = [];
  let archiveId = 0;
  for (const a of archives.body.items as { id: number }[]) {
    const title = titles[ids.length];
    if (title === undefined) break;
    const res = await call('POST', '/api/v1/wishes/on-behalf', {
      archiveId: a.id,
      title,
      story: '孩子一直想要，家里实在拿不出这笔钱，希望有爱心人士帮一把。',
      category: 'living',
      valueFen: 20_000,
    });
    // An archive that already has an open wish (demo data) is refused: try the next one.
    if (res.status === 201) {
      ids.push(res.body.id as number);
      archiveId = res.body.archiveId as number;
    }
  }
  expect(ids).toHaveLength(titles.length);
  return { ids, archiveId };
}

/** Pick a published wish on bulk-entry row `row` by typing part of its title. */
async function pickWish(page: Page, row: number, title: string) {
  const select = page.getByTestId(`bulk-wish-${row}`);
  await select.click();
  await select.locator('input').fill(title);
  // Wait for the server's answer to the search (the title is unique) before choosing.
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await expect.poll(() => options.count()).toBe(1);
  await options.filter({ hasText: title }).click();
  await expect.poll(() => select.textContent()).toContain(title);
  // The list closes (animated) before the next row's opens: never two lists on screen.
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
}

async function step(page: Page, action: string, note?: string) {
  await page.getByTestId(`wish-action-${action}`).click();
  if (note !== undefined) await page.getByTestId('wish-action-note').fill(note);
  await page.getByTestId('wish-action-ok').click();
  await page.locator('.ant-modal:visible').waitFor({ state: 'detached' });
}

describe('微心愿 in the console', () => {
  it('a cadre returns one wish, publishes another, records two paper claims of an event in bulk, and posts one for a worker', async () => {
    const tag = String(Date.now() % 100_000);
    const [toReturn, toPublish, third, fourth] = [
      `E2E退回${tag}`,
      `E2E轮滑鞋${tag}`,
      `E2E书包${tag}`,
      `E2E台灯${tag}`,
    ];
    const {
      ids: [returnId, publishId, thirdId, fourthId],
      archiveId,
    } = await postWishes([toReturn, toPublish, third, fourth]);
    // The third and fourth are published by the union beforehand.
    const admin = await apiAs('gx_admin');
    expect((await admin('POST', `/api/v1/wishes/${thirdId}/approve`, {})).status).toBe(200);
    expect((await admin('POST', `/api/v1/wishes/${fourthId}/approve`, {})).status).toBe(200);

    const desk = await site.context('desktop');
    const page = await desk.newPage();
    await consoleLogin(page, site.baseUrl, 'bs_cadre');
    await page.getByText('您好，黄干事').waitFor();
    // 首页 待我处理 lists the wishes waiting for review.
    await page.getByTestId('workbench-todos').getByText('微心愿：待审核的心愿').waitFor();

    // 微心愿 → 心愿审核: the 待审核 count filters the list.
    await page.getByRole('menuitem', { name: '微心愿' }).click();
    await page.getByRole('menuitem', { name: '心愿审核' }).click();
    await page.getByTestId('wish-pending-count').click();
    await page.waitForURL(/state=pending/);
    const table = page.getByTestId('wish-table');
    await table.getByRole('link', { name: toReturn, exact: true }).waitFor();
    await table.getByRole('link', { name: toPublish, exact: true }).waitFor();
    // The published one leaves the list once the filtered page has loaded.
    await table.getByRole('link', { name: third, exact: true }).waitFor({ state: 'detached' });
    await site.shot(page, 'wishes-console-list');

    // 退回修改 needs a note; the worker sees it on the wish.
    await table.getByRole('link', { name: toReturn, exact: true }).click();
    await page.getByTestId('wish-title').getByText(toReturn).waitFor();
    await page.getByTestId('wish-action-return').click();
    await page.getByTestId('wish-action-ok').click();
    await page.getByText('请填写需要修改的地方').waitFor();
    await page.getByTestId('wish-action-note').fill('请写清楚孩子的鞋码和想要的颜色。');
    await page.getByTestId('wish-action-ok').click();
    await page.locator('.ant-modal:visible').waitFor({ state: 'detached' });
    await page.getByTestId('wish-state').getByText('退回修改').waitFor();
    await page.getByText('审核意见：请写清楚孩子的鞋码和想要的颜色。').waitFor();
    const returned = await admin('GET', `/api/v1/wishes/${returnId}`);
    expect(returned.body.state).toBe('returned');
    expect(returned.body.reviewNote).toBe('请写清楚孩子的鞋码和想要的颜色。');

    // 发布 the other from the list.
    await page.getByRole('link', { name: '返回心愿列表' }).click();
    await page.getByTestId('wish-table').getByRole('link', { name: toPublish, exact: true }).click();
    await step(page, 'approve');
    await page.getByTestId('wish-state').getByText('待认领').waitFor();
    await page.getByTestId('wish-timeline').getByText('审核通过，发布到心愿墙').waitFor();
    await site.shot(page, 'wishes-console-published');

    // 认领活动: a new event, then the two paper claims entered at once.
    await page.getByRole('menuitem', { name: '认领活动' }).click();
    await page.getByTestId('activity-create').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.getByLabel('活动名称', { exact: true }).fill(`解忧超市 · 认领活动 ${tag}`);
    await modal.getByLabel('活动地点', { exact: true }).fill('右江区职工服务中心');
    await page.getByTestId('activity-create-ok').click();
    await page.getByTestId('activity-title').getByText(`解忧超市 · 认领活动 ${tag}`).waitFor();

    await page.getByTestId('activity-bulk').click();
    await pickWish(page, 0, toPublish);
    await page.getByTestId('bulk-name-0').fill('志愿者李明');
    await pickWish(page, 1, third);
    await page.getByTestId('bulk-name-1').fill('百色爱心科技有限公司');
    await page.getByTestId('bulk-kind-1').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('爱心企业', { exact: true }).click();
    // A mistyped mobile is named under the mobile, in its row, before anything is sent.
    await page.getByTestId('bulk-mobile-1').fill('1397700123');
    await page.getByTestId('bulk-submit').click();
    const mobileCell = page.getByTestId('bulk-mobile-1').locator('xpath=ancestor::td[1]');
    await mobileCell.getByTestId('bulk-error-1').waitFor();
    expect(
      await page.getByTestId('bulk-wish-1').locator('xpath=ancestor::td[1]').getByRole('alert').count(),
    ).toBe(0);
    await page.getByTestId('bulk-mobile-1').fill('13977001234');
    await site.shot(page, 'wishes-console-bulk');
    await page.getByTestId('bulk-submit').click();
    const claims = page.getByTestId('activity-claims');
    await claims.getByText('志愿者李明').waitFor();
    await claims.getByText('百色爱心科技有限公司').waitFor();
    expect(await claims.getByRole('link', { name: toPublish, exact: true }).count()).toBe(1);
    await site.shot(page, 'wishes-console-event');

    // A wish claimed online while the paper is being typed in: nothing is saved, the row says why.
    await page.getByTestId('activity-bulk').click();
    await pickWish(page, 0, fourth);
    await page.getByTestId('bulk-name-0').fill('志愿者王芳');
    const donor = await apiAs('donor');
    expect((await donor('POST', `/api/v1/wishes/${fourthId}/claim`, {})).status).toBe(201);
    await page.getByTestId('bulk-submit').click();
    await page.getByTestId('bulk-error-0').waitFor();
    expect(await page.getByTestId('bulk-general-error').textContent()).toContain('本次录入均未保存');
    await site.shot(page, 'wishes-console-bulk-error');
    expect(await claims.getByText('志愿者王芳').count()).toBe(0);

    // Both wishes are claimed now, with the claimer and a deadline.
    await claims.getByRole('link', { name: toPublish, exact: true }).click();
    await page.getByTestId('wish-state').getByText('已认领').waitFor();
    await page.getByTestId('wish-claim').getByText('志愿者李明').waitFor();
    const claimed = await admin('GET', `/api/v1/wishes/${thirdId}`);
    expect(claimed.body.state).toBe('claimed');
    expect((claimed.body.claim as { donorName: string; donorKind: string }).donorKind).toBe('enterprise');
    await page.goto(`${site.baseUrl}/wishes?state=claimed`);
    const list = page.getByTestId('wish-table');
    await list.getByRole('link', { name: third, exact: true }).waitFor();
    await list.getByText('百色爱心科技有限公司').waitFor();
    expect(publishId).toBeGreaterThan(0);

    // The union confirms receipt for the enterprise's wish (with a photo) and releases the online claim.
    await page.goto(`${site.baseUrl}/wishes/${thirdId}`);
    await page.getByTestId('wish-action-confirm').click();
    const [receipt] = await Promise.all([
      page.waitForEvent('filechooser'),
      page
        .locator('.ant-modal:visible')
        .getByRole('button', { name: /选择照片/ })
        .click(),
    ]);
    await receipt.setFiles({ name: '收到.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('wish-action-note').fill('已送到职工家中，孩子很喜欢。');
    await page.getByTestId('wish-action-ok').click();
    await page.getByTestId('wish-state').getByText('已实现').waitFor();
    // The receipt's note and photo stay on the wish page.
    await page.getByText('已送到职工家中，孩子很喜欢。').first().waitFor();
    const receiptPhoto = page.getByAltText('收货照片');
    await receiptPhoto.waitFor();
    await expect
      .poll(() => receiptPhoto.evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    await page.goto(`${site.baseUrl}/wishes/${fourthId}`);
    await page.getByTestId('wish-action-release').click();
    await page.locator('.ant-modal:visible').getByLabel('释放原因', { exact: true }).fill('认领人联系不上');
    await page.getByTestId('wish-action-ok').click();
    await page.getByTestId('wish-state').getByText('待认领').waitFor();
    expect((await admin('GET', `/api/v1/wishes/${fourthId}`)).body.state).toBe('published');

    // 代为发布 from an archive's page: the archive is preset, the value cap is checked.
    await page.goto(`${site.baseUrl}/hardship/${archiveId}`);
    await page.getByTestId('hardship-post-wish').click();
    const form = page.locator('.ant-modal:visible');
    await form.getByLabel('心愿标题', { exact: true }).fill(`E2E代发${tag}`);
    await form.getByLabel('类别', { exact: true }).click();
    await pickOption(page, '助学帮扶');
    await form.locator('[title="助学帮扶"]').waitFor();
    await form.getByLabel('估计价值（元）', { exact: true }).fill('600');
    await form.getByLabel('心愿故事', { exact: true }).fill('女儿考上了高中，想要一个新书包和一盏护眼台灯。');
    await page.getByTestId('wish-post-submit').click();
    await form.getByText('不能超过上限 ¥500.00').waitFor();
    await form.getByLabel('估计价值（元）', { exact: true }).fill('260');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      form.getByRole('button', { name: /选择照片/ }).click(),
    ]);
    await chooser.setFiles({ name: '书包.png', mimeType: 'image/png', buffer: PNG });
    await site.shot(page, 'wishes-console-post');
    await page.getByTestId('wish-post-submit').click();
    await page.getByTestId('wish-title').getByText(`E2E代发${tag}`).waitFor();
    await page.getByTestId('wish-state').getByText('待审核').waitFor();
    await page.getByText('工会代为发布').waitFor();
    // The photo went up once the wish existed and is shown from the wish's photo address.
    await page.locator('img[src$="/photo"]').waitFor();
    await desk.close();
  });
});
