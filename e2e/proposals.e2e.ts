import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TAppeal } from '../src/shared/appeals.ts';
import type { TProposal, TProposalSummary } from '../src/shared/proposals.ts';
import {
  apiSession,
  consoleLogin,
  DEMO_PASSWORD,
  openSite,
  pickOption,
  type Site,
  screenshotDir,
} from './harness.ts';

/**
 * 云履职 end to end (issue #8, point 8): on the phone 沈代表 (ph_rep) drafts a proposal, invites two
 * representatives and opens co-signing; 杨代表 (ld_rep2) and 钟代表 (ld_rep3) sign on their phones;
 * 沈代表 submits it — a 提案 with 2 co-signers. On the console 许审议 (ld_reviewer) files it, 钱干事
 * (ld_cadre) assigns it to 林埭镇示范纺织有限公司工会, 陆主席 (ld_textile_cadre) posts progress and
 * replies, 钱干事 accepts the reply; 沈代表 rates it 满意 on the phone and sees 已办结 with every step
 * dated. Also 职工事大家议: 吴师傅 (worker 13900000020) raises an appeal, 钟代表 supports (附议) it and
 * comments, a second 附议 is refused.
 */
let site: Site;

beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

/** A signed-in API session (cookie and CSRF token): for checking what the pages did. */
const apiAs = (username: string) => apiSession(site.baseUrl, username);

async function h5Login(page: Page, username: string, next = '/congress') {
  await page.goto(`${site.baseUrl}/m/login?next=${encodeURIComponent(next)}`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.getByTestId('h5-login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/m/login'));
}

const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Choose a radio option and wait until it is checked (a click while the dialog still opens can be lost). */
async function radio(page: Page, groupTestId: string, value: string) {
  const input = page.getByTestId(groupTestId).locator(`input[value="${value}"]`);
  await expect
    .poll(
      async () => {
        if (!(await input.isChecked())) {
          await page.getByTestId(groupTestId).locator(`label:has(input[value="${value}"])`).click();
        }
        return input.isChecked();
      },
      { timeout: 10_000 },
    )
    .toBe(true);
}

/** A small solid-colour PNG (RGB, no filter), built here so the test carries no binary fixture. */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = (crcTable[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const head = Buffer.alloc(13);
  head.writeUInt32BE(width, 0);
  head.writeUInt32BE(height, 4);
  head[8] = 8; // bit depth
  head[9] = 2; // RGB
  const row = Buffer.concat([
    Buffer.from([0]),
    Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat()),
  ]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', head),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Whether the page's first thumbnail (of the appeal, or `testId`) has really loaded (the server sent it). */
const photoLoaded = (page: Page, testId = 'h5-appeal-photo') =>
  page
    .getByTestId(testId)
    .first()
    .evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0);

const TITLE = '关于在林埭镇工业园区增设职工子女暑期托管点的提案（测试）';
const LEAD = '林埭镇示范纺织有限公司工会';

describe('云履职', () => {
  it('a proposal goes round the five-step loop across the phone and the console', async () => {
    // ---- 1. 沈代表 on the phone: the hub, then a draft inviting 杨代表 and 钟代表.
    const phone = await site.context('phone');
    const rep = await phone.newPage();
    await h5Login(rep, 'ph_rep');
    await rep.getByTestId('h5-congress-hub').waitFor();
    await expect.poll(() => rep.getByTestId('h5-congress-name').textContent()).toContain('林埭镇');
    await rep.getByTestId('h5-congress-reps').waitFor();
    expect(await noSideScroll(rep)).toBe(true);
    await site.shot(rep, 'proposals-h5-hub');

    await rep.getByTestId('h5-congress-my-proposals').click();
    await rep.getByTestId('h5-proposal-new').click();
    await rep.getByTestId('h5-proposal-form').waitFor();
    // Checked on the phone first.
    await rep.getByTestId('h5-proposal-save').click();
    await rep.getByText('请填写标题（至少 4 个字）').waitFor();
    await rep.locator('#proposal-title').fill(TITLE);
    await rep.locator('#proposal-category').selectOption('children');
    await rep
      .locator('#proposal-reasons')
      .fill('园区一线职工暑假期间子女无人看管，不少孩子独自在家或跟随父母进厂，存在安全隐患。');
    await rep
      .locator('#proposal-request')
      .fill('建议镇总工会联合园区企业在工业园区增设暑期托管点，由企业工会提供场地，镇里统筹师资。');
    await rep.getByTestId('h5-invite-杨代表').check();
    await rep.getByTestId('h5-invite-钟代表').check();
    // An attachment: a text file is refused in Chinese on the phone, a PNG made here is taken.
    const attach = rep.getByTestId('h5-proposal-file-pick');
    await attach.setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('文字') });
    await expect
      .poll(() => rep.getByTestId('h5-proposal-file-problem').textContent())
      .toContain('「说明.txt」不能作为附件');
    await attach.setInputFiles({
      name: '托管点选址.png',
      mimeType: 'image/png',
      buffer: png(96, 64, [46, 125, 50]),
    });
    await expect
      .poll(() => rep.getByTestId('h5-proposal-files-field').textContent())
      .toContain('托管点选址.png');
    expect(await noSideScroll(rep)).toBe(true);
    await site.shot(rep, 'proposals-h5-draft-form');
    await rep.getByTestId('h5-proposal-save').click();
    await rep.waitForURL(/\/m\/congress\/proposals\/\d+$/);
    const id = Number(new URL(rep.url()).pathname.split('/').pop());
    await expect.poll(() => rep.getByTestId('h5-proposal-state').textContent()).toBe('草稿');
    expect(await rep.getByTestId('h5-proposal-cosigners').textContent()).toContain('杨代表');
    // Uploaded once the draft was saved: the proposal lists it as a thumbnail, and nothing was refused.
    await expect.poll(() => photoLoaded(rep, 'h5-proposal-image')).toBe(true);
    expect(await rep.getByTestId('h5-proposal-file-error').count()).toBe(0);
    await rep.getByTestId('h5-proposal-files').scrollIntoViewIfNeeded();
    expect(await noSideScroll(rep)).toBe(true);
    await rep.screenshot({ path: path.join(screenshotDir, 'proposals-h5-attachment-390x844.png') });

    // 发起联名附议.
    await rep.getByTestId('h5-proposal-open-cosign').click();
    await expect.poll(() => rep.getByTestId('h5-proposal-state').textContent()).toBe('征集附议');
    expect(await rep.getByTestId('h5-proposal-cosign-count').textContent()).toContain(
      '已附议 0 人 / 需 2 人',
    );
    await site.shot(rep, 'proposals-h5-cosigning');

    // ---- 2. 杨代表 and 钟代表 sign on their phones, from 联名附议.
    for (const [username, name] of [
      ['ld_rep2', '杨代表'],
      ['ld_rep3', '钟代表'],
    ] as const) {
      const ctx = await site.context('phone');
      const co = await ctx.newPage();
      await h5Login(co, username);
      await co.getByTestId('h5-congress-cosign').click();
      await co.getByTestId(`h5-proposal-item-${id}`).click();
      await co.getByTestId('h5-proposal-decline').waitFor();
      if (name === '杨代表') await site.shot(co, 'proposals-h5-cosign-invitation');
      await co.getByTestId('h5-proposal-sign').click();
      await co.getByTestId('h5-proposal-withdraw-cosign').waitFor();
      expect(
        await co.locator('.h5-congress-cosigners li', { hasText: name }).getAttribute('data-state'),
      ).toBe('signed');
      await ctx.close();
    }

    // ---- 3. 沈代表 submits: enough co-signers, so it stays a 提案.
    await rep.reload();
    await expect
      .poll(() => rep.getByTestId('h5-proposal-cosign-count').textContent())
      .toContain('已附议 2 人');
    await rep.getByTestId('h5-proposal-submit').click();
    // Asked first: with enough co-signers the warning is only that it cannot be edited afterwards.
    expect(await rep.getByTestId('h5-proposal-submit-warning').textContent()).toBe(
      '提交后进入审查，不能再修改。确定提交吗？',
    );
    await site.shot(rep, 'proposals-h5-submit-confirm');
    await rep.getByTestId('h5-proposal-submit-confirm').click();
    await expect.poll(() => rep.getByTestId('h5-proposal-state').textContent()).toBe('待审议');
    expect(await rep.getByTestId('h5-proposal-kind').textContent()).toBe('提案');

    // ---- 4. The console: 许审议 files it.
    const desk = await site.context('desktop');
    const reviewer = await desk.newPage();
    await consoleLogin(reviewer, site.baseUrl, 'ld_reviewer');
    await reviewer.waitForURL((u) => !u.pathname.startsWith('/login'));
    // 首页 · 待我处理 counts the proposals to review as the list does.
    const toReview = await (await apiAs('ld_reviewer'))<{ total: number }>(
      'GET',
      '/api/v1/proposals/proposals?state=submitted&pageSize=1',
    );
    expect(toReview.body.total).toBeGreaterThan(0);
    const reviewTodo = reviewer
      .getByTestId('workbench-todos')
      .locator('.ant-list-item', { hasText: '云履职：待审议的提案建议' });
    await reviewTodo.waitFor();
    expect(await reviewTodo.textContent()).toContain(String(toReview.body.total));
    await reviewer.goto(`${site.baseUrl}/proposals/${id}`);
    await expect.poll(() => reviewer.getByTestId('proposal-state').textContent()).toBe('待审议');
    // The representative's attachment on the console: a thumbnail that really loads.
    await expect
      .poll(() => reviewer.getByTestId('proposal-attachments').textContent())
      .toContain('附件（1）');
    await expect
      .poll(() =>
        reviewer
          .getByTestId('proposal-attachments')
          .locator('img')
          .first()
          .evaluate(
            (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
          ),
      )
      .toBe(true);
    expect(
      await reviewer.getByTestId('proposal-attachments').locator('img').first().getAttribute('alt'),
    ).toBe('托管点选址.png');
    await reviewer.getByTestId('proposal-review-btn').click();
    // Submitted empty, the form names what is missing.
    await reviewer.getByTestId('proposal-review-submit').click();
    await reviewer.getByText('请填写审议意见').waitFor();
    await radio(reviewer, 'proposal-review-decision', 'file');
    await reviewer.getByTestId('proposal-review-submit').click();
    await expect.poll(() => reviewer.getByTestId('proposal-state').textContent()).toBe('已立案待交办');
    await site.shot(reviewer, 'proposals-console-filed');
    await desk.close();

    // ---- 5. 钱干事 assigns it to the textile company's union.
    const desk2 = await site.context('desktop');
    const cadre = await desk2.newPage();
    await consoleLogin(cadre, site.baseUrl, 'ld_cadre');
    await cadre.waitForURL((u) => !u.pathname.startsWith('/login'));
    await cadre.goto(`${site.baseUrl}/proposals/${id}`);
    await expect.poll(() => cadre.getByTestId('proposal-state').textContent()).toBe('已立案待交办');
    await cadre.getByTestId('proposal-assign-btn').click();
    await cadre.getByTestId('proposal-assign-lead').click();
    await cadre.keyboard.type('示范纺织');
    await pickOption(cadre, LEAD);
    await cadre.getByTestId('proposal-assign-submit').click();
    await expect.poll(() => cadre.getByTestId('proposal-state').textContent()).toBe('办理中');
    expect(await cadre.getByTestId('proposal-lead-org').textContent()).toContain(LEAD);

    // ---- 6. 陆主席 of the textile union posts progress and replies (承办提案).
    const desk3 = await site.context('desktop');
    const unit = await desk3.newPage();
    await consoleLogin(unit, site.baseUrl, 'ld_textile_cadre');
    await unit.waitForURL((u) => !u.pathname.startsWith('/login'));
    // 首页 · 待我处理: the demo's overdue proposal this unit handles, counted as 承办提案 counts it.
    const overdue = await (await apiAs('ld_textile_cadre'))<{ total: number; items: { id: number }[] }>(
      'GET',
      '/api/v1/proposals/proposals?scope=handling&overdue=true&pageSize=1',
    );
    expect(overdue.body.total).toBeGreaterThan(0);
    const overdueTodo = unit
      .getByTestId('workbench-todos')
      .locator('.ant-list-item', { hasText: '云履职：本单位承办已逾期的提案建议' });
    await overdueTodo.waitFor();
    expect(await overdueTodo.textContent()).toContain(String(overdue.body.total));
    await overdueTodo.getByRole('link').click();
    await unit.waitForURL(/\/proposals\/handling\?overdue=true/);
    // Its current step is marked late with a red clock and 已超期, not the ✕ of a failed step.
    await unit.goto(`${site.baseUrl}/proposals/handling/${overdue.body.items[0]?.id}`);
    await unit.getByTestId('proposal-step-late').waitFor();
    expect(await unit.locator('.ant-steps-item-error').count()).toBe(0);
    expect(await unit.locator('.ant-steps-item-process').textContent()).toContain('已超期');
    await site.shot(unit, 'proposals-console-overdue-step');
    await unit.goto(`${site.baseUrl}/proposals/handling/${id}`);
    await expect.poll(() => unit.getByTestId('proposal-state').textContent()).toBe('办理中');
    await unit.getByTestId('proposal-progress-btn').click();
    await unit
      .getByTestId('proposal-progress-text')
      .fill('已腾出公司职工之家两间活动室作为托管场地，正在添置桌椅。');
    const percent = unit.getByTestId('proposal-progress-percent');
    const isInput = await percent.evaluate((el) => el.tagName === 'INPUT');
    await (isInput ? percent : percent.locator('input')).fill('50');
    await unit.getByTestId('proposal-progress-submit').click();
    await expect.poll(() => unit.getByTestId('proposal-updates').textContent()).toContain('职工之家');
    await unit.getByTestId('proposal-reply-btn').click();
    await unit
      .getByTestId('proposal-reply-text')
      .fill(
        '托管点已于 7 月 8 日开班，首期接收园区职工子女 42 名，由镇文化站和志愿者授课，费用由工会经费承担。',
      );
    await unit.getByTestId('proposal-reply-submit').click();
    await expect.poll(() => unit.getByTestId('proposal-state').textContent()).toBe('已答复待督查');
    await site.shot(unit, 'proposals-console-replied');
    await desk3.close();

    // ---- 7. 钱干事 accepts the reply (执行督查).
    await cadre.reload();
    await expect.poll(() => cadre.getByTestId('proposal-state').textContent()).toBe('已答复待督查');
    await cadre.getByTestId('proposal-supervise-btn').click();
    await radio(cadre, 'proposal-supervise-decision', 'accept');
    await cadre.getByTestId('proposal-supervise-submit').click();
    await expect.poll(() => cadre.getByTestId('proposal-state').textContent()).toBe('待评价');
    await site.shot(cadre, 'proposals-console-accepted');

    // ---- 8. 沈代表 sees the reply on the phone and rates it 满意 → 已办结.
    await rep.reload();
    await expect.poll(() => rep.getByTestId('h5-proposal-state').textContent()).toBe('待评价');
    expect(await rep.getByTestId('h5-proposal-updates').textContent()).toContain('托管点已于 7 月 8 日开班');
    await rep.getByTestId('h5-proposal-rate').click();
    await rep.getByTestId('h5-rate-sheet').waitFor();
    await rep.getByTestId('h5-rate-submit').click();
    await rep.getByText('请选择满意度').waitFor();
    await rep.locator('label[for="rate-satisfied"]').click();
    await site.shot(rep, 'proposals-h5-rate');
    await rep.getByTestId('h5-rate-submit').click();
    await expect.poll(() => rep.getByTestId('h5-proposal-state').textContent()).toBe('已办结');
    expect(await rep.getByTestId('h5-proposal-satisfaction').textContent()).toContain('满意');
    // Every step of the loop is done, with a date.
    const steps = rep.getByTestId('h5-proposal-steps').locator('li');
    expect(await steps.count()).toBe(5);
    for (let i = 0; i < 5; i++) expect(await steps.nth(i).getAttribute('data-status')).toBe('done');
    expect(await noSideScroll(rep)).toBe(true);
    await site.shot(rep, 'proposals-h5-closed');

    const api = await apiAs('ph_rep');
    const done = await api<TProposal>('GET', `/api/v1/proposals/proposals/${id}`);
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('closed');
    expect(done.body.kind).toBe('proposal');
    expect(done.body.satisfaction).toBe('satisfied');
    expect(done.body.leadOrg?.name).toBe(LEAD);
    expect(
      done.body.cosigners
        .filter((c) => c.state === 'signed')
        .map((c) => c.name)
        .sort(),
    ).toEqual(['杨代表', '钟代表'].sort());

    // A requested 提案 handled as a 建议 (too few co-signers) says so in the list.
    const suggestions = cadre.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/v1/proposals/proposals' && r.status() === 200,
    );
    await cadre.goto(`${site.baseUrl}/proposals?kind=suggestion`);
    const listed = ((await (await suggestions).json()) as { items: TProposalSummary[] }).items;
    const downgraded = listed.find((x) => x.requestedKind !== x.kind);
    expect(downgraded, 'the demo has a 提案 handled as a 建议').toBeTruthy();
    await expect
      .poll(() => cadre.getByTestId(`proposal-requested-${downgraded?.id}`).textContent())
      .toBe('原申报提案');

    // The console shows it closed too, in the union's list and on its page.
    await cadre.goto(`${site.baseUrl}/proposals`);
    await cadre.getByTestId('proposals-table').waitFor();
    await site.shot(cadre, 'proposals-console-list');
    await cadre.getByTestId(`proposal-row-${id}`).waitFor();
    await cadre.goto(`${site.baseUrl}/proposals/${id}`);
    await expect.poll(() => cadre.getByTestId('proposal-state').textContent()).toBe('已办结');
    await site.shot(cadre, 'proposals-console-closed');
    await desk2.close();
    await phone.close();
  });

  it('a worker raises a matter in 职工事大家议 and a representative supports it and comments', async () => {
    const phone = await site.context('phone');
    const worker = await phone.newPage();
    await h5Login(worker, '13900000020', '/services');
    await worker.getByTestId('h5-service-discuss').waitFor();
    await site.shot(worker, 'appeals-h5-services');
    // A requested 提案 handled as a 建议 (too few co-signers) says so beside its TA number, as on the console.
    await worker.goto(`${site.baseUrl}/m/congress/proposals`);
    await worker
      .locator('.h5-errand-code', { hasText: /^建议（原申报提案） · TA/ })
      .first()
      .waitFor();
    await worker.goto(`${site.baseUrl}/m/services`);
    await worker.getByTestId('h5-service-discuss').click();
    await worker.getByTestId('h5-appeals').waitFor();
    await worker.getByTestId('h5-appeal-new').click();
    await worker.getByTestId('h5-appeal-submit').click();
    await worker.locator('.h5-field-error', { hasText: '请选择类别' }).waitFor();
    await worker.locator('#appeal-category').selectOption('training');
    await worker.locator('#appeal-title').fill('希望开设数控机床夜校（测试）');
    await worker
      .locator('#appeal-text')
      .fill('厂里新上了数控设备，很多老师傅不会操作，希望工会在下班后开设夜校培训。');
    await worker.locator('#appeal-location').fill('林埭镇工业园区 3 号路');
    await worker.locator('label[for="appeal-anonymous"]').click();
    // A photo: a file that is not a picture is refused in Chinese, a small PNG is taken.
    const photoInput = worker.getByTestId('h5-appeal-photo-pick');
    expect(await photoInput.getAttribute('capture')).toBe('environment');
    await photoInput.setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('文字') });
    await expect
      .poll(() => worker.getByTestId('h5-appeal-photo-problem').textContent())
      .toContain('不是 JPG、PNG 或 WebP 照片');
    await photoInput.setInputFiles({
      name: '数控车间.png',
      mimeType: 'image/png',
      buffer: png(120, 90, [200, 60, 50]),
    });
    await expect.poll(() => worker.getByTestId('h5-appeal-photo-problem').count()).toBe(0);
    await expect.poll(() => worker.locator('[data-testid="h5-appeal-photos-field"] img').count()).toBe(1);
    // A file that claims to be a PNG but is not one passes the phone and is refused by the server.
    await photoInput.setInputFiles({
      name: '假照片.png',
      mimeType: 'image/png',
      buffer: Buffer.from('不是图片'),
    });
    await expect.poll(() => worker.locator('[data-testid="h5-appeal-photos-field"] li').count()).toBe(2);
    expect(await noSideScroll(worker)).toBe(true);
    await site.shot(worker, 'appeals-h5-form');
    await worker.getByTestId('h5-appeal-submit').click();
    await worker.waitForURL(/\/m\/congress\/appeals\/\d+$/);
    const id = Number(new URL(worker.url()).pathname.split('/').pop());
    await expect.poll(() => worker.getByTestId('h5-appeal-state').textContent()).toBe('待分办');
    // The author sees their own name, marked as hidden from the other workers.
    expect(await worker.getByTestId('h5-appeal-anonymous-mark').textContent()).toContain(
      '其他职工看不到您的姓名',
    );
    // The photo went up after the appeal was created and shows as a thumbnail; the author may add more.
    await expect.poll(() => worker.getByTestId('h5-appeal-photo').count()).toBe(1);
    await expect.poll(() => photoLoaded(worker)).toBe(true);
    expect(await worker.getByTestId('h5-appeal-photo-add').count()).toBe(1);
    // The refused one is named in Chinese on the appeal, which stands.
    const refused = await worker.getByTestId('h5-appeal-photo-error').textContent();
    expect(refused).toContain('诉求已提交，但有照片没有上传成功');
    expect(refused).toContain('「假照片.png」不是 JPG、PNG 或 WebP 照片');
    expect(await noSideScroll(worker)).toBe(true);
    await site.shot(worker, 'appeals-h5-photo');
    await worker.getByTestId('h5-appeal-photos').scrollIntoViewIfNeeded();
    await worker.screenshot({ path: path.join(screenshotDir, 'appeals-h5-photo-390x844.png') });
    // The author sees their own name and cannot support their own appeal.
    expect(await worker.getByTestId('h5-appeal-author').textContent()).toBe('吴师傅');
    expect(await worker.getByTestId('h5-appeal-support').count()).toBe(0);
    await site.shot(worker, 'appeals-h5-mine');

    // 钟代表 finds it in the list, sees 匿名职工, supports it and comments.
    const ctx = await site.context('phone');
    const rep = await ctx.newPage();
    await h5Login(rep, 'ld_rep3', '/congress/appeals');
    await rep.getByTestId(`h5-appeal-item-${id}`).click();
    expect(await rep.getByTestId('h5-appeal-author').textContent()).toBe('匿名职工');
    expect(await rep.getByTestId('h5-appeal-anonymous-mark').count()).toBe(0);
    // Another member of the union sees the photo, but cannot add one.
    await expect.poll(() => photoLoaded(rep)).toBe(true);
    expect(await rep.getByTestId('h5-appeal-photo-add').count()).toBe(0);
    await rep.getByTestId('h5-appeal-support').click();
    await expect.poll(() => rep.getByTestId('h5-appeal-support').textContent()).toBe('已附议');
    expect(await rep.getByTestId('h5-appeal-support-count').textContent()).toContain('附议 1');
    expect(await rep.getByTestId('h5-appeal-support').isDisabled()).toBe(true);
    await rep.locator('#appeal-comment').fill('我们车间也有同样需求，建议分初级和中级两个班。');
    await rep.getByTestId('h5-appeal-comment-send').click();
    await expect.poll(() => rep.getByTestId('h5-appeal-comments').textContent()).toContain('分初级和中级');
    expect(await rep.getByTestId('h5-appeal-comments').textContent()).toContain('待审核');
    expect(await noSideScroll(rep)).toBe(true);
    await site.shot(rep, 'appeals-h5-supported');

    // Once per member: the API refuses a second 附议; the author's own 附议 is refused too.
    const asRep = await apiAs('ld_rep3');
    const again = await asRep<{ error: { code: string } }>(
      'POST',
      `/api/v1/proposals/appeals/${id}/support`,
      {},
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_SUPPORTED');
    const asWorker = await apiAs('13900000020');
    const own = await asWorker<{ error: { code: string } }>(
      'POST',
      `/api/v1/proposals/appeals/${id}/support`,
      {},
    );
    expect(own.status).toBeGreaterThanOrEqual(400);
    const seen = await asWorker<TAppeal>('GET', `/api/v1/proposals/appeals/${id}`);
    expect(seen.body.supportCount).toBe(1);
    expect(seen.body.anonymous).toBe(true);

    // The worker's list shows the support.
    await worker.goto(`${site.baseUrl}/m/congress/appeals?tab=mine`);
    await expect.poll(() => worker.getByTestId(`h5-appeal-item-${id}`).textContent()).toContain('附议 1');

    // On the console 钱干事 sees the photo under the appeal's text; a click opens it full size.
    const desk = await site.context('desktop');
    const console_ = await desk.newPage();
    await consoleLogin(console_, site.baseUrl, 'ld_cadre');
    await console_.waitForURL((u) => !u.pathname.startsWith('/login'));
    await console_.goto(`${site.baseUrl}/appeals/${id}`);
    const thumb = console_.getByTestId('appeal-photos').locator('img').first();
    await expect
      .poll(() =>
        thumb.evaluate(
          (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
        ),
      )
      .toBe(true);
    await thumb.click();
    await console_.locator('.ant-image-preview img').first().waitFor();
    await site.shot(console_, 'appeals-console-photo');
    await desk.close();

    // 钱干事 has 林埭镇总工会 handle it and answers (the console side is covered by its own tests); the
    // worker reads the answer on the phone and rates it 满意 → 已办结.
    const cadre = await apiAs('ld_cadre');
    const triaged = await cadre<TAppeal>('POST', `/api/v1/proposals/appeals/${id}/triage`, {
      action: 'handle',
      handlerOrgId: cadre.orgId,
    });
    expect(triaged.status).toBe(200);
    const replied = await cadre<TAppeal>('POST', `/api/v1/proposals/appeals/${id}/reply`, {
      text: '镇总工会已联系园区职业技能培训中心，数控夜校 12 月 1 日开班，每周二、四晚上上课。',
    });
    expect(replied.status).toBe(200);
    await worker.getByTestId(`h5-appeal-item-${id}`).click();
    await expect.poll(() => worker.getByTestId('h5-appeal-state').textContent()).toBe('已答复待评价');
    expect(await worker.getByTestId('h5-appeal-reply').textContent()).toContain('数控夜校 12 月 1 日开班');
    // 不满意 the first time sends it back; the page says so and keeps the rating in view.
    await worker.getByTestId('h5-appeal-rate').click();
    await worker.locator('label[for="rate-unsatisfied"]').click();
    await worker.locator('#rate-comment').fill('希望周末也能开班');
    await worker.getByTestId('h5-rate-submit').click();
    await expect.poll(() => worker.getByTestId('h5-appeal-state').textContent()).toBe('办理中');
    expect(await worker.getByTestId('h5-appeal-note').textContent()).toContain(
      '已评价：不满意。诉求已退回工会重新办理',
    );
    expect(await worker.getByTestId('h5-appeal-first-rating').textContent()).toContain(
      '不满意，已退回重新办理 · 希望周末也能开班',
    );
    const repliedAgain = await cadre<TAppeal>('POST', `/api/v1/proposals/appeals/${id}/reply`, {
      text: '已增开周六上午班，12 月 5 日起上课。',
    });
    expect(repliedAgain.status).toBe(200);
    await worker.reload();
    await expect.poll(() => worker.getByTestId('h5-appeal-state').textContent()).toBe('已答复待评价');
    await worker.getByTestId('h5-appeal-rate').click();
    await worker.locator('label[for="rate-satisfied"]').click();
    await worker.getByTestId('h5-rate-submit').click();
    await expect.poll(() => worker.getByTestId('h5-appeal-state').textContent()).toBe('已办结');
    expect(await worker.getByTestId('h5-appeal-note').textContent()).toBe('已评价：满意。感谢您的评价！');
    expect(await worker.getByTestId('h5-appeal-rate').count()).toBe(0);
    await site.shot(worker, 'appeals-h5-closed');
    await ctx.close();
    await phone.close();
  });
  it("a worker follows the union's proposals and writes to a representative, who answers from the inbox", async () => {
    const phone = await site.context('phone');
    const worker = await phone.newPage();
    await h5Login(worker, '13900000020');
    await worker.getByTestId('h5-congress-hub').waitFor();
    // A worker has no drafting entries, only the union's proposals, 职工事大家议 and 我的留言.
    expect(await worker.getByTestId('h5-congress-my-proposals').count()).toBe(0);
    await worker.getByTestId('h5-congress-union-proposals').click();
    const closed = worker
      .locator('[data-proposal-id]')
      .filter({ has: worker.locator('[data-state="closed"]') })
      .first();
    await closed.locator('a').click();
    // The members' progress page: state, the five steps and the reply, and no buttons.
    await expect.poll(() => worker.getByTestId('h5-proposal-state').textContent()).toBe('已办结');
    expect(await worker.getByTestId('h5-proposal-steps').locator('li').count()).toBe(5);
    expect(
      await worker.getByTestId('h5-proposal-updates').locator('li[data-kind="reply"]').count(),
    ).toBeGreaterThan(0);
    expect(await worker.getByTestId('h5-proposal-actions').count()).toBe(0);
    expect(await noSideScroll(worker)).toBe(true);
    await site.shot(worker, 'proposals-h5-worker-progress');

    // 联系代表: 吴师傅 writes to 沈代表 from the directory.
    await worker.goto(`${site.baseUrl}/m/congress`);
    await worker
      .getByTestId('h5-congress-reps')
      .getByRole('link', { name: /沈代表/ })
      .click();
    await worker.getByTestId('h5-contact-form').waitFor();
    await worker.getByTestId('h5-contact-send').click();
    await worker.getByText('请填写主题').waitFor();
    await worker.locator('#contact-subject').fill('夜班班车（测试）');
    await worker
      .locator('#contact-body')
      .fill('厂里夜班下班后没有班车，回镇上要走四十分钟，希望代表帮忙反映。');
    await site.shot(worker, 'proposals-h5-contact-rep');
    await worker.getByTestId('h5-contact-send').click();
    await worker.waitForURL(/\/m\/congress\/threads\/\d+$/);
    const threadId = Number(new URL(worker.url()).pathname.split('/').pop());
    await expect.poll(() => worker.getByTestId('h5-thread-messages').textContent()).toContain('夜班下班后');

    // 沈代表 finds it in 职工来信 and answers.
    const ctx = await site.context('phone');
    const rep = await ctx.newPage();
    await h5Login(rep, 'ph_rep');
    await rep.getByTestId('h5-congress-threads').click();
    const row = rep.locator(`[data-thread-id="${threadId}"]`);
    expect(await row.textContent()).toContain('吴师傅');
    expect(await row.textContent()).toContain('待回复');
    await row.locator('a').click();
    await rep
      .locator('#thread-reply')
      .fill('收到，我先和公司工会陆主席了解夜班人数，下次代表小组活动时提出来。');
    await rep.getByTestId('h5-thread-send').click();
    await expect.poll(() => rep.getByTestId('h5-thread-messages').locator('li').count()).toBe(2);
    await site.shot(rep, 'proposals-h5-thread');

    await worker.reload();
    await expect.poll(() => worker.getByTestId('h5-thread-messages').textContent()).toContain('陆主席');

    // 职工事大家议 → 提案: the union asks 沈代表 to take up a worker's appeal; he drafts from it on the phone.
    const asWorker = await apiAs('13900000020');
    const posted = await asWorker<TAppeal>('POST', '/api/v1/proposals/appeals', {
      kind: 'appeal',
      category: 'children',
      title: '暑期孩子没人带（测试）',
      text: '双职工家庭暑假孩子没人看，只能锁在家里，希望工会想想办法。',
    });
    expect(posted.status).toBe(201);
    const asRep = await apiAs('ph_rep');
    const seats = await asRep<{ id: number }[]>('GET', '/api/v1/proposals/representatives/me');
    const cadre = await apiAs('ld_cadre');
    const turned = await cadre<TAppeal>('POST', `/api/v1/proposals/appeals/${posted.body.id}/triage`, {
      action: 'to_proposal',
      representativeId: seats.body[0]?.id,
    });
    expect(turned.status).toBe(200);
    await rep.goto(`${site.baseUrl}/m/congress/appeals/${posted.body.id}`);
    await rep.getByTestId('h5-appeal-take-up').click();
    await rep.getByTestId('h5-proposal-from-appeal').waitFor();
    expect(await rep.locator('#proposal-title').inputValue()).toBe('暑期孩子没人带（测试）');
    await rep.locator('#proposal-request').fill('建议镇总工会在园区开设暑期托管班，由企业工会提供场地。');
    await rep.getByTestId('h5-proposal-save').click();
    await rep.waitForURL(/\/m\/congress\/proposals\/\d+$/);
    const drafted = Number(new URL(rep.url()).pathname.split('/').pop());
    const linked = await asWorker<TAppeal>('GET', `/api/v1/proposals/appeals/${posted.body.id}`);
    expect(linked.body.proposal?.id).toBe(drafted);

    await site.shot(rep, 'proposals-h5-from-appeal');
    await ctx.close();

    // In English the hub fits the phone as well.
    const en = await site.context('phone', 'en-US');
    const enPage = await en.newPage();
    await h5Login(enPage, 'ph_rep');
    await expect
      .poll(() => enPage.getByTestId('h5-congress-my-proposals').textContent())
      .toContain('My proposals');
    expect(await noSideScroll(enPage)).toBe(true);
    await site.shot(enPage, 'proposals-h5-hub-en');
    await en.close();
    await phone.close();
  });
});
