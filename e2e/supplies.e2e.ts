import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, consoleLogin, openSite, pickOption, type Site } from './harness.ts';

/**
 * 服务热线平台 end to end (issue #6): the city union puts an item online, a hospital adds a delivery
 * point and requests items, the union approves (one line reduced for a shortage) and dispatches to
 * its logistics partner, whose driver departs, carries and delivers on a phone, and the hospital
 * sees its request completed with the quantities received.
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

interface Json {
  [key: string]: unknown;
}

/** A signed-in API session (cookie and CSRF token): for setting the scene and checking the result. */
const apiAs = (username: string) => apiSession<Json>(site.baseUrl, username);

/** Sign in on a fresh browser context and wait for the workbench. */
async function signIn(username: string, kind: 'desktop' | 'phone' = 'desktop') {
  const ctx = await site.context(kind);
  const page = await ctx.newPage();
  await consoleLogin(page, site.baseUrl, username);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.getByText('您好').first().waitFor();
  return { ctx, page };
}

describe('服务热线平台 in the console', () => {
  it('a hospital requests, the city union approves and dispatches, logistics delivers on a phone, the hospital sees it completed', async () => {
    const tag = String(Date.now() % 100_000);
    const rice = `E2E自热米饭${tag}`;
    const kettle = `E2E电热水壶${tag}`;
    const pointName = `E2E临时点位${tag}`;
    const admin = await apiAs('sh_med_admin');

    // ---- 1. The city union puts an item online in the catalogue (photo, supplier, first stock).
    const union = await signIn('sh_med_admin');
    let page = union.page;
    await page.getByRole('menuitem', { name: '物资保障' }).click();
    await page.getByRole('menuitem', { name: '物资目录' }).click();
    await page.getByTestId('item-new').click();
    let modal = page.locator('.ant-modal:visible');
    await modal.getByLabel('物资名称', { exact: true }).fill(rice);
    await modal.getByLabel('单位', { exact: true }).fill('箱');
    // A negative price or a zero limit is said to be wrong, not quietly changed to 0 or 1.
    await modal.getByLabel('单价（元）', { exact: true }).fill('-5');
    await modal.getByLabel('单次限领', { exact: true }).fill('0');
    await modal.getByLabel('规格', { exact: true }).click();
    await modal.getByText('单价（元）应在 0 到 20,000,000 之间').waitFor();
    await modal.getByText('单次限领应在 1 到 1,000,000 之间').waitFor();
    expect(await modal.getByLabel('单价（元）', { exact: true }).inputValue()).toBe('-5.00');
    await modal.getByLabel('单价（元）', { exact: true }).fill('96');
    await modal.getByLabel('规格', { exact: true }).fill('12盒/箱');
    await modal.getByLabel('单次限领', { exact: true }).fill('50');
    await modal.getByLabel('供应单位', { exact: true }).click();
    await pickOption(page, '申城示范供应链有限公司');
    await modal.getByLabel('首次入库数量', { exact: true }).fill('120');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      modal.getByRole('button', { name: /选择图片/ }).click(),
    ]);
    await chooser.setFiles({ name: '米饭.png', mimeType: 'image/png', buffer: PNG });
    await site.shot(page, 'supplies-catalogue-new');
    await page.getByTestId('item-form-submit').click();
    await modal.waitFor({ state: 'detached' });
    await page.getByTestId('item-search').fill(`E2E`);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const items = page.getByTestId('item-table');
    const riceRow = items.locator('tr').filter({ hasText: rice });
    await riceRow.getByText('申城示范供应链有限公司', { exact: true }).waitFor();
    await riceRow.getByText('¥96.00/箱').waitFor();
    await riceRow.locator('img[src$="/photo"]').waitFor();
    const found = await admin('GET', `/api/v1/supplies/items?q=${encodeURIComponent(rice)}`);
    const riceItem = (found.body.items as { id: number; onHand: number; available: number }[])[0];
    expect(riceItem).toMatchObject({ onHand: 120, available: 120 });
    const riceId = riceItem?.id ?? 0;

    // A second item, bought by the union, with only 5 in stock: shown as low stock.
    const made = await admin('POST', '/api/v1/supplies/items', {
      name: kettle,
      category: 'appliance',
      unit: '台',
      spec: '1.7L',
      unitValueFen: 12_900,
      perRequestLimit: 20,
    });
    expect(made.status).toBe(201);
    const kettleId = made.body.id as number;
    expect((await admin('POST', `/api/v1/supplies/items/${kettleId}/receive`, { quantity: 5 })).status).toBe(
      200,
    );
    await page.reload();
    await items.locator('tr').filter({ hasText: kettle }).getByText('工会采购', { exact: true }).waitFor();
    await page.getByTestId(`item-low-${kettleId}`).getByText('5', { exact: true }).waitFor();
    expect(await page.getByTestId(`item-low-${riceId}`).count()).toBe(0);
    // The ledger: the first stock came in as one 入库 entry.
    await page.getByTestId(`item-ledger-${riceId}`).click();
    const ledger = page.getByTestId('ledger-table');
    await ledger.getByText('入库', { exact: true }).waitFor();
    await ledger.getByText('上架时首次入库').waitFor();
    await ledger.getByText('+120').waitFor();
    await site.shot(page, 'supplies-catalogue-ledger');
    await page.keyboard.press('Escape');
    await site.shot(page, 'supplies-catalogue');

    // The supplier's account sees only the items it provides, and receives more stock of its own.
    const supplier = await signIn('sh_supplier');
    page = supplier.page;
    await page.goto(`${site.baseUrl}/supplies/catalogue?q=E2E`);
    const own = page.getByTestId('item-table');
    await own.getByText(rice, { exact: true }).waitFor();
    expect(await own.getByText(kettle, { exact: true }).count()).toBe(0);
    await page.getByTestId(`item-receive-${riceId}`).click();
    modal = page.locator('.ant-modal:visible');
    // A quantity out of range stays as typed and is named at the field (was quietly turned into 1).
    await page.getByTestId('stock-quantity').fill('0');
    await page.getByTestId('stock-ok').click();
    await modal.getByText('入库数量应在 1 到 1,000,000 之间').waitFor();
    expect(await page.getByTestId('stock-quantity').inputValue()).toBe('0');
    await page.getByTestId('stock-quantity').fill('30');
    await modal.getByLabel('备注', { exact: true }).fill('第二批捐赠到货');
    await page.getByTestId('stock-ok').click();
    await modal.waitFor({ state: 'detached' });
    await own.locator('tr').filter({ hasText: rice }).getByText('150', { exact: true }).first().waitFor();
    // Stock-taking adjustments are the union's: the supplier is not offered one.
    expect(await page.getByTestId(`item-adjust-${riceId}`).count()).toBe(0);
    await site.shot(page, 'supplies-catalogue-supplier');
    await supplier.ctx.close();

    // ---- 2. The hospital adds a delivery point, then requests both items for it.
    const hosp = await signIn('sh_hosp_cadre');
    page = hosp.page;
    await page.goto(`${site.baseUrl}/supplies/points`);
    await page.getByTestId('point-new').click();
    modal = page.locator('.ant-modal:visible');
    await modal.getByLabel('点位类型', { exact: true }).click();
    await pickOption(page, '方舱医院');
    await modal.getByLabel('点位名称', { exact: true }).fill(pointName);
    await modal.getByLabel('详细地址', { exact: true }).fill('上海市浦东新区示范大道 88 号 3 号馆');
    await modal.getByLabel('联系人', { exact: true }).fill('王护士长');
    await modal.getByLabel('联系电话', { exact: true }).fill('13800138000');
    await page.getByTestId('point-form-submit').click();
    await modal.waitFor({ state: 'detached' });
    const pointRow = page.getByTestId('point-table').locator('tr').filter({ hasText: pointName });
    await pointRow.getByText('方舱医院', { exact: true }).waitFor();
    await pointRow.getByText('上海市第一示范医院工会', { exact: true }).waitFor();
    await site.shot(page, 'supplies-points');

    await page.goto(`${site.baseUrl}/supplies/requests/new`);
    // Sent empty, the choice fields ask to be chosen (请选择), and the empty cart says where items come from.
    await page.getByTestId('supply-form-submit').click();
    await page.getByText('请选择配送点位').waitFor();
    await page.getByText('从物资目录中加入物资').waitFor();
    await page.getByTestId('supply-form-point').click();
    await pickOption(page, pointName);
    await page.getByTestId('supply-form-urgency-critical').click();
    await page.getByTestId('supply-form-staff').fill('45');
    await page.getByTestId('supply-item-search').fill(`E2E`);
    await page.getByTestId(`supply-item-add-${riceId}`).click();
    await page.getByTestId(`supply-item-add-${kettleId}`).click();
    await page.getByTestId(`supply-cart-qty-${riceId}`).fill('40');
    await page.getByTestId(`supply-cart-qty-${kettleId}`).fill('10');
    // Enter in a quantity ends the number; it does not send the request (the button does).
    await page.getByTestId(`supply-cart-qty-${kettleId}`).press('Enter');
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe('/supplies/requests/new');
    await page.getByTestId('supply-form-note').fill('方舱医院开舱，医护人员 45 人');
    // A slip of the keyboard (3 people for 45) makes 40 箱 look too many: asked before anything is sent.
    await page.getByTestId('supply-form-staff').fill('3');
    await page.getByTestId('supply-form-submit').click();
    const large = page.getByTestId('supply-form-large');
    await large.getByText('服务人数（3 人）的 10 倍').waitFor();
    await large.getByText(/ 40 箱（人均 13\.3 箱）$/).waitFor();
    expect(await large.locator('li').count()).toBe(1);
    await site.shot(page, 'supplies-request-large');
    await page.getByTestId('supply-form-large-back').click();
    await large.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe('/supplies/requests/new');
    await page.getByTestId('supply-form-staff').fill('45');
    await site.shot(page, 'supplies-request-form');
    await page.getByTestId('supply-form-submit').click();
    await page.waitForURL(/\/supplies\/requests\/\d+$/);
    await page.getByTestId('supply-request-state').getByText('待审核', { exact: true }).waitFor();
    const requestId = Number(new URL(page.url()).pathname.split('/').pop());
    const submitted = await admin('GET', `/api/v1/supplies/requests/${requestId}`);
    const lines = submitted.body.lines as { id: number; item: { id: number } }[];
    const riceLine = lines.find((l) => l.item.id === riceId)?.id ?? 0;
    const kettleLine = lines.find((l) => l.item.id === kettleId)?.id ?? 0;
    expect(riceLine * kettleLine).toBeGreaterThan(0);
    // Its lines wait with it: 待审核, not 进行中.
    expect(await page.getByTestId(`supply-line-state-${riceLine}`).textContent()).toBe('待审核');

    // ---- 3. The city union's cadre reviews: the kettles are short, 5 approved with a reason.
    const cadre = await signIn('sh_med_cadre');
    page = cadre.page;
    await page.goto(`${site.baseUrl}/supplies/requests/${requestId}`);
    await page.getByTestId('supply-action-review').click();
    const drawer = page.getByTestId('supply-review-drawer');
    await page.getByTestId('supply-review-warning').getByText(kettle).waitFor();
    await expect.poll(() => page.getByTestId(`supply-review-qty-${kettleLine}`).inputValue()).toBe('5');
    await expect.poll(() => page.getByTestId(`supply-review-qty-${riceLine}`).inputValue()).toBe('40');
    await page.getByTestId(`supply-review-reason-${kettleLine}`).fill('库存仅 5 台，先发 5 台');
    await site.shot(page, 'supplies-review');
    await page.getByTestId('supply-review-approve').click();
    await drawer.waitFor({ state: 'detached' });
    await page.getByTestId('supply-request-state').getByText('待配送', { exact: true }).waitFor();

    // Dispatch to the logistics partner.
    await page.getByTestId('supply-action-dispatch').click();
    await page.getByTestId('supply-dispatch-partner').click();
    await pickOption(page, '申城示范物流有限公司');
    await page.getByTestId('supply-dispatch-ok').click();
    const result = page.getByTestId('supply-dispatch-result');
    await result.waitFor();
    const shipmentLink = result.locator('a[href^="/supplies/shipments/"]');
    const shipmentCode = (await shipmentLink.first().textContent())?.trim() ?? '';
    expect(shipmentCode).toMatch(/^PS\d{8}-\d+$/);
    await site.shot(page, 'supplies-dispatched');
    await page.getByTestId('supply-dispatch-close').click();
    await page.getByTestId('supply-request-state').getByText('配送中', { exact: true }).waitFor();
    await expect.poll(() => page.getByTestId(`supply-line-state-${riceLine}`).textContent()).toBe('进行中');

    // ---- 4. The driver, on a phone: the work queue, then the shipment.
    const driver = await signIn('sh_logistics', 'phone');
    page = driver.page;
    await page.goto(`${site.baseUrl}/supplies/shipments`);
    await page.getByText('我的配送任务', { exact: true }).waitFor();
    const card = page.getByTestId('shipment-cards').locator('.ant-card').filter({ hasText: shipmentCode });
    await card.getByText(pointName).waitFor();
    await card.getByText('待出库', { exact: true }).waitFor();
    await card.getByText('特急', { exact: true }).waitFor();
    await site.shot(page, 'supplies-phone-queue');
    await card.getByText(pointName).click();
    await page.getByTestId('shipment-code').getByText(shipmentCode).waitFor();
    await page.getByTestId('shipment-point').getByText('上海市浦东新区示范大道 88 号 3 号馆').waitFor();
    expect(await page.getByTestId('shipment-call').getAttribute('href')).toBe('tel:13800138000');
    const shipLines = page.getByTestId('shipment-lines');
    await shipLines.getByText(rice).waitFor();
    await shipLines.getByText('40 箱', { exact: true }).waitFor();
    await shipLines.getByText('5 台', { exact: true }).waitFor();
    await site.shot(page, 'supplies-phone-shipment');
    // The page fits the phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // 出库: the checklist must be complete.
    await page.getByTestId('shipment-action-depart').click();
    modal = page.locator('.ant-modal:visible');
    await page.getByTestId('depart-plate').fill('沪A12345');
    await page.getByTestId('depart-driver').fill('李师傅');
    await page.getByTestId('depart-driver-phone').fill('13900139000');
    // The picker takes Beijing wall-clock time whatever the PC's zone (this browser runs in UTC).
    const hoursAgo = (h: number) =>
      page.evaluate((h) => {
        const d = new Date(Date.now() - h * 3_600_000 + 8 * 3_600_000);
        const p = (n: number) => String(n).padStart(2, '0');
        return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
      }, h);
    // A test older than 48 hours stays as typed and is named at the field.
    await page.getByTestId('depart-tested-at').fill(await hoursAgo(60));
    await page.getByTestId('shipment-action-ok').click();
    await modal.getByText('核酸检测已超过 48 小时，请换有效期内的司机').waitFor();
    await page.getByTestId('depart-tested-at').fill(await hoursAgo(5));
    await modal.getByLabel('车厢消杀').check();
    await modal.getByLabel('货品外包装消杀').check();
    await page.getByTestId('shipment-action-ok').click();
    await modal.getByText('出库前四项消杀检查须全部完成').waitFor();
    await modal.getByLabel('司机防护（口罩、手套）').check();
    await modal.getByLabel('装卸人员核酸在有效期内').check();
    await site.shot(page, 'supplies-phone-depart');
    await page.getByTestId('shipment-action-ok').click();
    await modal.waitFor({ state: 'detached' });
    await page.getByTestId('shipment-state').getByText('已出库', { exact: true }).waitFor();
    const vehicle = page.getByTestId('shipment-vehicle');
    await vehicle.getByText('沪A12345', { exact: true }).waitFor();
    await vehicle.getByText('李师傅', { exact: true }).waitFor();

    // 运输中, then 送达签收 with the quantities counted and a photo.
    await page.getByTestId('shipment-action-transit').click();
    await page.getByTestId('shipment-action-ok').click();
    await page.getByTestId('shipment-state').getByText('运输中', { exact: true }).waitFor();
    await page.getByTestId('shipment-action-deliver').click();
    modal = page.locator('.ant-modal:visible');
    const shipment = await admin('GET', `/api/v1/supplies/shipments?q=${shipmentCode}`);
    const shipmentId = (shipment.body.items as { id: number }[])[0]?.id ?? 0;
    const detail = await admin('GET', `/api/v1/supplies/shipments/${shipmentId}`);
    // Typed as Beijing time five hours ago, kept as that instant (not the browser's UTC reading).
    const testedAgo = Date.now() - Date.parse(detail.body.driverTestedAt as string);
    expect(Math.abs(testedAgo - 5 * 3_600_000)).toBeLessThan(5 * 60_000);
    const sLines = detail.body.lines as { id: number; requestLineId: number; quantity: number }[];
    for (const l of sLines) {
      expect(await page.getByTestId(`deliver-received-${l.id}`).inputValue()).toBe(String(l.quantity));
    }
    // Signing for more than was shipped is named, not quietly cut back to the shipped quantity.
    const first = sLines[0] as { id: number; quantity: number };
    await page.getByTestId(`deliver-received-${first.id}`).fill(String(first.quantity + 5));
    await page.getByTestId('shipment-action-ok').click();
    await modal.getByText(`签收数量应在 0 到 ${first.quantity} 之间`).waitFor();
    await page.getByTestId(`deliver-received-${first.id}`).fill(String(first.quantity));
    await page.getByTestId('deliver-recipient').fill('王护士长');
    const [photo] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByTestId('deliver-photo').click(),
    ]);
    await photo.setFiles({ name: '签收.png', mimeType: 'image/png', buffer: PNG });
    await site.shot(page, 'supplies-phone-deliver');
    await page.getByTestId('shipment-action-ok').click();
    await modal.waitFor({ state: 'detached' });
    await page.getByTestId('shipment-state').getByText('已送达', { exact: true }).waitFor();
    await page.getByTestId('shipment-receipt').getByText('王护士长', { exact: true }).waitFor();
    await page.getByTestId('shipment-photo').waitFor();
    const timeline = page.getByTestId('shipment-timeline');
    for (const step of [/^出库/, /^运输中/, /^送达签收/]) await timeline.getByText(step).first().waitFor();
    await site.shot(page, 'supplies-phone-delivered');
    await driver.ctx.close();

    // ---- 5. The hospital sees its request completed, per line requested / approved / received.
    page = hosp.page;
    await page.goto(`${site.baseUrl}/supplies/requests/${requestId}`);
    await page.getByTestId('supply-request-state').getByText('已完成', { exact: true }).waitFor();
    expect(await page.getByTestId(`supply-line-received-${riceLine}`).textContent()).toContain('40');
    expect(await page.getByTestId(`supply-line-received-${kettleLine}`).textContent()).toContain('5');
    await page.getByTestId(`supply-line-${kettleLine}`).getByText('库存仅 5 台，先发 5 台').waitFor();
    const shipments = page.getByTestId('supply-shipments');
    await shipments.getByTestId(`supply-shipment-link-${shipmentId}`).waitFor();
    await shipments.getByText('已送达', { exact: true }).first().waitFor();
    await site.shot(page, 'supplies-request-completed');
    const done = await admin('GET', `/api/v1/supplies/requests/${requestId}`);
    expect(done.body.state).toBe('completed');
    expect(
      (done.body.lines as { item: { id: number }; requested: number; approved: number; received: number }[])
        .map((l) => [l.item.id, l.requested, l.approved, l.received])
        .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)),
    ).toEqual(
      [
        [riceId, 40, 40, 40],
        [kettleId, 10, 5, 5],
      ].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)),
    );
    // The stock left the warehouse: 120 + 30 − 40 on hand, nothing reserved.
    const after = await admin('GET', `/api/v1/supplies/items/${riceId}`);
    expect(after.body).toMatchObject({ onHand: 110, reserved: 0, available: 110 });

    await hosp.ctx.close();
    await cadre.ctx.close();
    await union.ctx.close();
  });

  it('the union edits an item, adjusts its stock with a reason, takes it offline and back and exports; a unit edits and deactivates a point; a driver reports an exception', async () => {
    const tag = String(Date.now() % 100_000);
    const masks = `E2E医用口罩${tag}`;
    const admin = await apiAs('sh_med_admin');
    const made = await admin('POST', '/api/v1/supplies/items', {
      name: masks,
      category: 'medical',
      unit: '箱',
      spec: '50只/盒×20盒',
      unitValueFen: 30_000,
    });
    expect(made.status).toBe(201);
    const id = made.body.id as number;
    expect((await admin('POST', `/api/v1/supplies/items/${id}/receive`, { quantity: 100 })).status).toBe(200);

    const union = await signIn('sh_med_admin');
    const page = union.page;
    await page.goto(`${site.baseUrl}/supplies/catalogue?q=${encodeURIComponent(masks)}`);
    const row = page.getByTestId('item-table').locator('tr').filter({ hasText: masks });
    await row.getByText('不限', { exact: true }).waitFor();

    // 编辑: a per-request limit.
    await page.getByTestId(`item-edit-${id}`).click();
    let modal = page.locator('.ant-modal:visible');
    await modal.getByLabel('单次限领', { exact: true }).fill('30');
    await page.getByTestId('item-form-submit').click();
    await modal.waitFor({ state: 'detached' });
    await row.getByText('30', { exact: true }).waitFor();
    // Opened again, the form shows what was saved (it once showed the values from before the save,
    // and saving put them back). A window already over (a slip of the year) is named at the field.
    await page.getByTestId(`item-edit-${id}`).click();
    modal = page.locator('.ant-modal:visible');
    expect(await modal.getByLabel('单次限领', { exact: true }).inputValue()).toBe('30');
    const window = modal.locator('.ant-picker-range input');
    await window.nth(0).click();
    await window.nth(0).fill('2019-12-01');
    await window.nth(0).press('Enter');
    await window.nth(1).fill('2020-01-01');
    await window.nth(1).press('Enter');
    await expect.poll(() => window.nth(1).inputValue()).toBe('2020-01-01');
    await page.getByTestId('item-form-submit').click();
    await modal.getByText('下架时间已过，物资将无法申请；请选择以后的时间（停止申请请用“下架”）').waitFor();
    await modal.getByRole('button', { name: /^取\s*消$/ }).click();
    await modal.waitFor({ state: 'detached' });
    expect((await admin('GET', `/api/v1/supplies/items/${id}`)).body).toMatchObject({
      activeUntil: null,
      perRequestLimit: 30,
    });

    // 盘点调整: 3 boxes lost, with the reason in the ledger.
    await page.getByTestId(`item-more-${id}`).click();
    await page.getByTestId(`item-adjust-${id}`).click();
    modal = page.locator('.ant-modal:visible');
    await page.getByTestId('stock-delta').fill('-3');
    await modal.getByText('调整后库存 97 箱').waitFor();
    await page.getByTestId('stock-ok').click();
    await modal.getByText('请填写调整原因').waitFor();
    await page.getByTestId('stock-reason').fill('盘点发现 3 箱外包装破损，已报废');
    await page.getByTestId('stock-ok').click();
    await modal.waitFor({ state: 'detached' });
    await row.getByText('97', { exact: true }).first().waitFor();
    await page.getByTestId(`item-ledger-${id}`).click();
    const ledger = page.getByTestId('ledger-table');
    await ledger.getByText('盘点调整', { exact: true }).waitFor();
    await ledger.getByText('盘点发现 3 箱外包装破损，已报废').waitFor();
    await ledger.getByText('-3', { exact: true }).waitFor();
    await page.keyboard.press('Escape');

    // 下架, then 上架 again.
    await page.getByTestId(`item-more-${id}`).click();
    await page.getByTestId(`item-toggle-${id}`).click();
    await page.getByRole('button', { name: '下架', exact: true }).click();
    await row.getByText('下架', { exact: true }).first().waitFor();
    expect((await admin('GET', `/api/v1/supplies/items/${id}`)).body).toMatchObject({
      state: 'inactive',
      requestable: false,
    });
    await page.getByTestId(`item-more-${id}`).click();
    await page.getByTestId(`item-toggle-${id}`).click();
    await page.getByRole('button', { name: '上架', exact: true }).click();
    await row.getByText('上架', { exact: true }).first().waitFor();

    // 导出 Excel of the filtered catalogue.
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('item-export').click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    await union.ctx.close();

    // A hospital's cadre edits one of its points and deactivates it.
    const hospApi = await apiAs('sh_hosp_cadre');
    const me = await hospApi('GET', '/api/v1/auth/me');
    const orgId = (me.body.active as { org: { id: number } }).org.id;
    const point = await hospApi('POST', '/api/v1/supplies/points', {
      orgId,
      name: `E2E驻地${tag}`,
      kind: 'lodging',
      address: '上海市黄浦区示范路 8 号 示范宾馆',
      contactName: '赵队长',
      contactPhone: '021-12345678',
    });
    expect(point.status).toBe(201);
    const hosp = await signIn('sh_hosp_cadre');
    const p2 = hosp.page;
    await p2.goto(`${site.baseUrl}/supplies/points?q=${encodeURIComponent(`E2E驻地${tag}`)}`);
    const pointRow = p2
      .getByTestId('point-table')
      .locator('tr')
      .filter({ hasText: `E2E驻地${tag}` });
    await pointRow.getByText('驻地', { exact: true }).waitFor();
    expect(await pointRow.getByRole('link', { name: /021-12345678/ }).getAttribute('href')).toBe(
      'tel:021-12345678',
    );
    await p2.getByTestId(`point-edit-${point.body.id}`).click();
    const form = p2.locator('.ant-modal:visible');
    await form.getByLabel('联系人', { exact: true }).fill('钱队长');
    await p2.getByTestId('point-form-submit').click();
    await form.waitFor({ state: 'detached' });
    await pointRow.getByText('钱队长', { exact: true }).waitFor();
    await p2.getByTestId(`point-toggle-${point.body.id}`).click();
    await p2.getByRole('button', { name: '停用', exact: true }).click();
    await pointRow.getByText('停用', { exact: true }).first().waitFor();
    expect((await hospApi('GET', `/api/v1/supplies/points/${point.body.id}`)).body.active).toBe(false);
    await site.shot(p2, 'supplies-points-deactivated');

    // The driver reports an exception on a shipment still waiting to depart (a demo one), on a phone.
    const logistics = await apiAs('sh_logistics');
    const queue = await logistics('GET', '/api/v1/supplies/shipments?state=pending');
    const waiting = (queue.body.items as { id: number; code: string }[])[0];
    expect(waiting).toBeDefined();
    const driver = await signIn('sh_logistics', 'phone');
    const p3 = driver.page;
    await p3.goto(`${site.baseUrl}/supplies/shipments?state=pending`);
    await p3.getByTestId(`shipment-card-${waiting?.id}`).click();
    await p3
      .getByTestId('shipment-code')
      .getByText(waiting?.code ?? '')
      .waitFor();
    await p3.getByTestId('shipment-action-fail').click();
    await p3.getByTestId('shipment-action-ok').click();
    await p3.getByText('请填写异常原因').waitFor();
    await p3.getByTestId('fail-reason').fill('车辆故障，今天无法出车');
    await p3.getByTestId('shipment-action-ok').click();
    await p3.locator('.ant-modal:visible').waitFor({ state: 'detached' });
    await p3.getByTestId('shipment-state').getByText('异常', { exact: true }).waitFor();
    await p3.getByTestId('shipment-exception').getByText('异常原因：车辆故障，今天无法出车').waitFor();
    expect(await p3.getByTestId('shipment-action-depart').count()).toBe(0);
    await site.shot(p3, 'supplies-phone-exception');
    await driver.ctx.close();
    await hosp.ctx.close();
  });

  it('a shipment stopped on the road comes back: the union takes the goods back into stock and dispatches the request again', async () => {
    const tag = String(Date.now() % 100_000);
    const admin = await apiAs('sh_med_admin');
    const hospApi = await apiAs('sh_hosp_cadre');
    const logistics = await apiAs('sh_logistics');
    const made = await admin('POST', '/api/v1/supplies/items', {
      name: `E2E防护服${tag}`,
      category: 'medical',
      unit: '套',
      unitValueFen: 5_000,
    });
    expect(made.status).toBe(201);
    const itemId = made.body.id as number;
    expect((await admin('POST', `/api/v1/supplies/items/${itemId}/receive`, { quantity: 50 })).status).toBe(
      200,
    );
    const points = await hospApi('GET', '/api/v1/supplies/points?active=true');
    const pointId = (points.body.items as { id: number }[])[0]?.id;
    const filed = await hospApi('POST', '/api/v1/supplies/requests', {
      pointId,
      urgency: 'urgent',
      staffServed: 40,
      lines: [{ itemId, quantity: 12 }],
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const request = filed.body as { id: number; code: string; lines: { id: number }[] };
    const approvedRes = await admin('POST', `/api/v1/supplies/requests/${request.id}/approve`, {
      lines: [{ lineId: request.lines[0]?.id, approved: 12 }],
    });
    expect(approvedRes.status).toBe(200);
    const partnerOrgId = ((await logistics('GET', '/api/v1/supplies/shipments')).body.items as Json[])
      .map((x) => (x.partner as { id: number }).id)
      .at(0);
    const sent = await admin('POST', '/api/v1/supplies/shipments', {
      requestIds: [request.id],
      partnerOrgId,
    });
    expect(sent.status).toBe(201);
    const shipment = (sent.body.shipments as { id: number; code: string }[])[0];
    expect(
      (
        await logistics('POST', `/api/v1/supplies/shipments/${shipment?.id}/depart`, {
          vehiclePlate: '沪A54321',
          driverName: '周师傅',
          driverPhone: '13800138001',
          driverTestedAt: new Date(Date.now() - 3_600_000).toISOString(),
          disinfection: ['cargo_area', 'packaging', 'driver_protection', 'loaders_tested'],
        })
      ).status,
    ).toBe(200);
    const failed = await logistics('POST', `/api/v1/supplies/shipments/${shipment?.id}/fail`, {
      reason: '通行证过期，车辆在道口被拦',
    });
    expect(failed.status).toBe(200);

    const cadre = await signIn('sh_med_cadre');
    const page = cadre.page;
    await page.goto(`${site.baseUrl}/supplies/shipments/${shipment?.id}`);
    const alert = page.getByTestId('shipment-exception');
    await alert.getByText('异常原因：通行证过期，车辆在道口被拦').waitFor();
    await alert.getByText(/运回仓库后请点「退回入库」/).waitFor();
    await alert.getByRole('link', { name: request.code }).waitFor();
    await site.shot(page, 'supplies-exception-hub');
    await page.getByTestId('shipment-action-restock').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.getByTestId('restock-lines').getByText(`E2E防护服${tag} 12 套（${request.code}）`).waitFor();
    await modal.getByLabel('备注').fill('已运回仓库，清点无损');
    await page.getByTestId('shipment-action-ok').click();
    await modal.waitFor({ state: 'detached' });
    await page.getByTestId('shipment-state').getByText('已退回入库', { exact: true }).waitFor();
    const returned = page.getByTestId('shipment-returned');
    await returned.getByText('物资已退回入库（异常原因：通行证过期，车辆在道口被拦）').waitFor();
    expect(await page.getByTestId('shipment-action-restock').count()).toBe(0);
    await page.getByText('已运回仓库，清点无损').waitFor();
    await site.shot(page, 'supplies-shipment-returned');

    // The request is the hub's to dispatch again; the stock holds the goods for it.
    await returned.getByRole('link', { name: request.code }).click();
    await page.getByTestId('supply-action-dispatch').waitFor();
    const item = await admin('GET', `/api/v1/supplies/items/${itemId}`);
    expect(item.body).toMatchObject({ onHand: 50, reserved: 12, available: 38 });
    await cadre.ctx.close();
  });
});
