import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurvey, TSurveyInput, TSurveyResults } from '../src/shared/surveys.ts';
import { formatDateTime } from '../src/web/shared/format.ts';
import { apiSession, consoleLogin, DEMO_PASSWORD, openSite, type Site } from './harness.ts';

/**
 * 会员评家 end to end (issue #9, point 7): 钱干事 (ld_cadre) drafts a 会员评家 survey of 林埭镇总工会 (a
 * rating, a single choice that counts for satisfaction and an optional text question) and publishes it
 * on the console's results page; 吴师傅 (worker 13900000020), signed out on a 390×844 phone, opens the
 * answer link, signs in and comes back, tries to submit nothing and is told in Chinese which question to
 * answer, answers and submits, sees 感谢; opening the link again says it is already completed. The
 * results page then counts the response: 测评率 1 ÷ the roster, 满意度 1 ÷ 2 = 50%. Last, a new survey
 * started from the 工会评价代表 template takes that purpose, named answers and the template's questions.
 *
 * Then (the review's findings): a published survey whose window opens in three days is 未开始 on the
 * console list and on the worker's H5 list (with when it opens, no 去填写); on 新建问卷 two options both
 * 满意 and a 满分 of 11 are said at their fields and nothing is sent until fixed; a draft is deleted from
 * the list and from its page (confirmed), a published one offers no 删除.
 */
let site: Site;

// The demo (203 林埭 members, a finished survey with 656 evaluations) takes a while to seed on a busy machine.
beforeAll(async () => {
  site = await openSite();
}, 400_000);
afterAll(async () => {
  await site?.close();
});

/** A signed-in API session (cookie and CSRF token): for setting up and checking what the pages did. */
const apiAs = (username: string) => apiSession(site.baseUrl, username);

const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** The console's way of writing a rate: 0.0049 → "0.49%", 0.5 → "50%". */
const pct = (v: number) => `${(Math.round(v * 10000) / 100).toFixed(2).replace(/\.?0+$/, '')}%`;

const TITLE = '2026 年度林埭镇总工会服务满意度测评（测试）';

describe('会员评家', () => {
  it('a member answers a survey on a phone-sized page and the results count it', async () => {
    const cadreApi = await apiAs('ld_cadre');
    expect(cadreApi.org.name).toContain('林埭镇');
    const input: TSurveyInput = {
      orgId: cadreApi.org.id,
      title: TITLE,
      intro: '请为镇总工会这一年的工作打分，匿名填写，约 1 分钟。',
      purpose: 'union',
      congressId: null,
      anonymous: true,
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      questions: [
        {
          id: 'overall',
          type: 'rating',
          title: '您对镇总工会服务职工工作的总体评价',
          required: true,
          scale: 5,
          lowLabel: '很不满意',
          highLabel: '非常满意',
          satisfiedFrom: 4,
          countsForSatisfaction: true,
        },
        {
          id: 'home',
          type: 'single',
          title: '您对职工之家活动是否满意',
          required: true,
          countsForSatisfaction: true,
          options: [
            { id: 'yes', label: '满意', satisfied: true },
            { id: 'so', label: '一般', satisfied: false },
            { id: 'no', label: '不满意', satisfied: false },
          ],
        },
        { id: 'advice', type: 'text', title: '您对工会工作的意见和建议', required: false, maxLength: 300 },
      ],
    };
    const draft = await cadreApi<TSurvey>('POST', '/api/v1/surveys', input);
    expect(draft.status).toBe(200);
    expect(draft.body.state).toBe('draft');
    const id = draft.body.id;

    // ---- 1. 钱干事 publishes it on the console's results page (confirmed).
    const desk = await site.context('desktop');
    const cadre = await desk.newPage();
    await consoleLogin(cadre, site.baseUrl, 'ld_cadre');
    await cadre.waitForURL((u) => !u.pathname.startsWith('/login'));
    await cadre.goto(`${site.baseUrl}/surveys/${id}`);
    await cadre.getByTestId('survey-publish').click();
    await cadre.getByTestId('survey-publish-ok').click();
    await expect
      .poll(async () => (await cadreApi<TSurvey>('GET', `/api/v1/surveys/${id}`)).body.state)
      .toBe('open');
    const published = (await cadreApi<TSurvey>('GET', `/api/v1/surveys/${id}`)).body;
    // The roster: every worker and representative of 林埭镇's unions, fixed at publishing.
    expect(published.eligible).toBeGreaterThan(20);
    expect(published.responses).toBe(0);
    await expect
      .poll(() => cadre.getByTestId('survey-eligible').textContent())
      .toContain(String(published.eligible));
    const qr = await cadreApi<{ url: string }>('GET', `/api/v1/surveys/${id}/qr`);
    const answerPath = new URL(qr.body.url).pathname;
    expect(answerPath).toBe(`/m/surveys/${id}`);
    // 打印: a sheet with the title, the code, the hint and the link each on its own line.
    const [sheet] = await Promise.all([
      cadre.waitForEvent('popup'),
      cadre.getByTestId('survey-qr-print').click(),
    ]);
    await sheet.getByTestId('survey-qr-print-url').waitFor();
    expect(await sheet.getByTestId('survey-qr-print-url').textContent()).toBe(qr.body.url);
    expect(await sheet.locator('p').first().textContent()).toBe('职工用手机扫码或打开链接作答（需登录）');
    expect(await sheet.locator('h1').textContent()).toBe(published.title);
    await site.shot(sheet, 'survey-qr-print');
    await sheet.close();

    // ---- 2. 吴师傅 opens the link on a phone while signed out: 登录, then back on the survey.
    const phone = await site.context('phone');
    const worker = await phone.newPage();
    await worker.goto(`${site.baseUrl}${answerPath}`);
    await worker.waitForURL((u) => u.pathname === '/m/login');
    await worker.locator('#username').fill('13900000020');
    await worker.locator('#password').fill(DEMO_PASSWORD);
    await worker.getByTestId('h5-login-submit').click();
    await worker.waitForURL((u) => u.pathname === answerPath);
    await expect.poll(() => worker.getByTestId('h5-survey-title').textContent()).toBe(TITLE);
    await worker.getByTestId('h5-survey-form').waitFor();
    expect(await noSideScroll(worker)).toBe(true);
    await site.shot(worker, 'surveys-h5-form');

    // Nothing answered: every required question is marked at once, in Chinese, and nothing is sent.
    await worker.getByTestId('h5-survey-submit').click();
    await expect
      .poll(() => worker.getByTestId('h5-survey-q-error-overall').textContent())
      .toBe('请回答第 1 题：您对镇总工会服务职工工作的总体评价');
    expect(await worker.getByTestId('h5-survey-q-error-home').textContent()).toBe(
      '请回答第 2 题：您对职工之家活动是否满意',
    );
    expect(await worker.getByTestId('h5-survey-problem').textContent()).toBe(
      '还有 2 题需要填写或修改：第 1、2 题',
    );
    await site.shot(worker, 'surveys-h5-required');
    expect((await cadreApi<TSurvey>('GET', `/api/v1/surveys/${id}`)).body.responses).toBe(0);

    // Answering one clears its mark; the other stays until it is answered.
    await worker.getByTestId('h5-survey-rating-overall-5').click();
    expect(await worker.getByTestId('h5-survey-q-error-overall').count()).toBe(0);
    expect(await worker.getByTestId('h5-survey-problem').textContent()).toBe(
      '请回答第 2 题：您对职工之家活动是否满意',
    );
    await worker.getByTestId('h5-survey-submit').click();
    await expect
      .poll(() => worker.getByTestId('h5-survey-q-error-home').textContent())
      .toBe('请回答第 2 题：您对职工之家活动是否满意');

    await worker.getByTestId('h5-survey-option-home-so').click();
    await worker.getByTestId('h5-survey-text-advice').fill('希望职工之家晚上多开放两个小时，方便夜班职工。');
    await site.shot(worker, 'surveys-h5-answered');
    // The page dropped (a cheap phone, a call): the answers so far come back, said so at the top.
    await worker.reload();
    await worker.getByTestId('h5-draft-restored').waitFor();
    expect(await worker.getByTestId('h5-survey-text-advice').inputValue()).toBe(
      '希望职工之家晚上多开放两个小时，方便夜班职工。',
    );
    await worker.getByTestId('h5-survey-submit').click();
    await worker.getByTestId('h5-survey-done').waitFor();
    expect(await noSideScroll(worker)).toBe(true);
    await site.shot(worker, 'surveys-h5-done');

    // Opening the link again: already completed, no form.
    await worker.goto(`${site.baseUrl}${answerPath}`);
    await worker.getByTestId('h5-survey-completed').waitFor();
    expect(await worker.getByTestId('h5-survey-form').count()).toBe(0);
    expect(
      await worker.evaluate(() => Object.keys(sessionStorage).filter((k) => k.includes('surveys.'))),
    ).toEqual([]);
    await site.shot(worker, 'surveys-h5-completed');

    // ---- 3. The results count the response: 测评率 1 ÷ roster, 满意度 = 1 satisfied of 2 counted answers.
    const results = await cadreApi<TSurveyResults>('GET', `/api/v1/surveys/${id}/results`);
    expect(results.body.survey.responses).toBe(1);
    expect(results.body.survey.eligible).toBe(published.eligible);
    expect(results.body.survey.measurementRate).toBe(Math.round((1 / published.eligible) * 10000) / 10000);
    expect([results.body.satisfiedAnswers, results.body.countedAnswers]).toEqual([1, 2]);
    expect(results.body.survey.satisfaction).toBe(0.5);
    expect(results.body.questions.find((q) => q.id === 'advice')?.texts).toEqual([
      '希望职工之家晚上多开放两个小时，方便夜班职工。',
    ]);
    await cadre.reload();
    await expect.poll(() => cadre.getByTestId('survey-responses').textContent()).toContain('1');
    expect(await cadre.getByTestId('survey-measurement-rate').textContent()).toContain(
      pct(results.body.survey.measurementRate as number),
    );
    expect(await cadre.getByTestId('survey-satisfaction').textContent()).toContain('50%');
    await site.shot(cadre, 'surveys-console-results');

    // ---- 4. A new survey from the 工会评价代表 template: its purpose, signed answers and first question.
    await cadre.goto(`${site.baseUrl}/surveys/new`);
    // The window opens now in Beijing time, whatever the PC's zone (this browser runs in UTC).
    // (polled: the form fills the window just after the page shows).
    await expect
      .poll(async () => {
        const opens = await cadre.getByTestId('survey-window').first().inputValue();
        return Math.abs(Date.parse(`${opens.replace(' ', 'T')}:00+08:00`) - Date.now()) < 3 * 60_000;
      })
      .toBe(true);
    await cadre.getByTestId('survey-template-org-reps').click();
    await expect.poll(() => cadre.getByTestId('survey-purpose').textContent()).toContain('工会评价代表');
    expect(await cadre.getByTestId('survey-anonymous').getAttribute('aria-checked')).toBe('false');
    expect(await cadre.locator('input[value="对这位代表履职情况的总体评价"]').count()).toBe(1);
    // A 满分 out of range is kept as typed and named at the field (InputNumber would make 100 a 10).
    const scale = cadre.getByTestId('survey-question-scale-1');
    await scale.fill('100');
    await scale.blur();
    await cadre.getByText('满分应在 3 到 10 之间').waitFor();
    expect(await scale.inputValue()).toBe('100');
    await scale.fill('5');
    await scale.blur();
    await cadre.getByText('满分应在 3 到 10 之间').waitFor({ state: 'detached' });
    await site.shot(cadre, 'surveys-console-org-reps-template');

    await phone.close();
    await desk.close();
  });
  it('未开始 before the window opens; duplicate options and 满分 refused at the field; drafts deleted', async () => {
    const cadreApi = await apiAs('ld_cadre');
    const stamp = Date.now().toString(36);
    const opensAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const sheet = (title: string): TSurveyInput => ({
      orgId: cadreApi.org.id,
      title,
      intro: null,
      purpose: 'union',
      congressId: null,
      anonymous: true,
      opensAt,
      closesAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      questions: [
        {
          id: 'overall',
          type: 'rating',
          title: '总体评价',
          required: true,
          scale: 5,
          lowLabel: '很不满意',
          highLabel: '非常满意',
          satisfiedFrom: 4,
          countsForSatisfaction: true,
        },
      ],
    });
    const later = (await cadreApi<TSurvey>('POST', '/api/v1/surveys', sheet(`下周才开始的问卷 ${stamp}`)))
      .body;
    const published = await cadreApi<TSurvey>('POST', `/api/v1/surveys/${later.id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ state: 'open', status: 'upcoming' });
    const draft = (await cadreApi<TSurvey>('POST', '/api/v1/surveys', sheet(`要删除的草稿 ${stamp}`))).body;

    // ---- 1. The console list: 未开始, not 进行中; the draft has 删除, the published survey not.
    const desk = await site.context('desktop');
    const cadre = await desk.newPage();
    await consoleLogin(cadre, site.baseUrl, 'ld_cadre');
    await cadre.waitForURL((u) => !u.pathname.startsWith('/login'));
    await cadre.goto(`${site.baseUrl}/surveys?q=${encodeURIComponent(stamp)}`);
    await expect.poll(() => cadre.getByTestId(`survey-state-${later.id}`).textContent()).toBe('未开始');
    expect(await cadre.getByTestId(`survey-state-${draft.id}`).textContent()).toBe('草稿');
    expect(await cadre.getByTestId(`survey-delete-${later.id}`).count()).toBe(0);
    await site.shot(cadre, 'surveys-console-upcoming');
    // The 未开始 filter finds it.
    await cadre.goto(`${site.baseUrl}/surveys?status=upcoming&q=${encodeURIComponent(stamp)}`);
    await expect.poll(() => cadre.getByTestId(`survey-state-${later.id}`).textContent()).toBe('未开始');
    expect(await cadre.getByTestId(`survey-state-${draft.id}`).count()).toBe(0);

    // 删除 on the draft's row, confirmed: gone from the list and from the server.
    await cadre.goto(`${site.baseUrl}/surveys?q=${encodeURIComponent(stamp)}`);
    await cadre.getByTestId(`survey-delete-${draft.id}`).click();
    await cadre.getByTestId('survey-delete-ok').click();
    await expect.poll(async () => (await cadreApi('GET', `/api/v1/surveys/${draft.id}`)).status).toBe(404);
    await cadre.getByTestId(`survey-state-${draft.id}`).waitFor({ state: 'detached' });
    expect(await cadre.getByTestId(`survey-state-${later.id}`).count()).toBe(1);

    // ---- 2. The worker's H5 list: 未开始 with when it opens, nothing to fill in.
    const phone = await site.context('phone');
    const worker = await phone.newPage();
    await worker.goto(`${site.baseUrl}/m/login`);
    await worker.locator('#username').fill('13900000020');
    await worker.locator('#password').fill(DEMO_PASSWORD);
    await worker.getByTestId('h5-login-submit').click();
    await worker.waitForURL((u) => u.pathname !== '/m/login');
    await worker.goto(`${site.baseUrl}/m/surveys`);
    await expect.poll(() => worker.getByTestId(`h5-survey-status-${later.id}`).textContent()).toBe('未开始');
    expect(await worker.getByTestId(`h5-survey-opens-${later.id}`).textContent()).toBe(
      `${formatDateTime(opensAt, 'zh-CN')} 开始作答`,
    );
    const item = worker.getByTestId(`h5-survey-item-${later.id}`);
    expect(await item.locator('.h5-survey-go').count()).toBe(0);
    expect(await item.textContent()).not.toContain('去填写');
    await site.shot(worker, 'surveys-h5-upcoming');

    // ---- 3. 新建问卷: two options both 满意 and a 满分 of 11 are said at the field; nothing is sent.
    const title = `重复选项的问卷 ${stamp}`;
    await cadre.goto(`${site.baseUrl}/surveys/new`);
    await cadre.getByTestId('survey-title').fill(title);
    await cadre.getByTestId('survey-add-question').click();
    await cadre.getByTestId('survey-add-question-rating').click();
    await cadre.getByTestId('survey-question-title-0').fill('总体评价');
    await cadre.getByTestId('survey-add-question').click();
    await cadre.getByTestId('survey-add-question-single').click();
    await cadre.getByTestId('survey-question-title-1').fill('服务态度');
    // Options of a new single choice: 非常满意, 满意, 基本满意, 不满意 — the third made a second 满意.
    await cadre.getByTestId('survey-option-label-1-2').fill('满意');
    await expect
      .poll(() => cadre.getByTestId('survey-option-error-1-2').textContent())
      .toBe('选项重复：满意');
    const scale = cadre.getByTestId('survey-question-scale-0');
    await scale.fill('11');
    await scale.blur();
    await cadre.getByText('满分应在 3 到 10 之间').waitFor();
    await site.shot(cadre, 'surveys-console-duplicate-option');
    await cadre.getByTestId('survey-save').click();
    await expect
      .poll(() => cadre.getByTestId('survey-form-error').textContent())
      .toContain('请按提示修改后再保存');
    expect(new URL(cadre.url()).pathname).toBe('/surveys/new');
    const sent = await cadreApi<{ total: number }>('GET', `/api/v1/surveys?q=${encodeURIComponent(title)}`);
    expect(sent.body.total).toBe(0);

    // Fixed: the marks go and it is saved; then 删除 on its page (confirmed) takes it away.
    await cadre.getByTestId('survey-option-label-1-2').fill('基本满意');
    await scale.fill('5');
    await scale.blur();
    await cadre.getByTestId('survey-option-error-1-2').waitFor({ state: 'detached' });
    await cadre.getByText('满分应在 3 到 10 之间').waitFor({ state: 'detached' });
    await cadre.getByTestId('survey-save').click();
    await cadre.waitForURL((u) => /^\/surveys\/\d+$/.test(u.pathname));
    const savedId = Number(new URL(cadre.url()).pathname.split('/').pop());
    expect((await cadreApi<TSurvey>('GET', `/api/v1/surveys/${savedId}`)).body.title).toBe(title);
    await cadre.getByTestId('survey-delete').click();
    await cadre.getByTestId('survey-delete-ok').click();
    await cadre.waitForURL((u) => u.pathname === '/surveys');
    expect((await cadreApi('GET', `/api/v1/surveys/${savedId}`)).status).toBe(404);
    // A published survey's page has no 删除.
    await cadre.goto(`${site.baseUrl}/surveys/${later.id}`);
    await expect.poll(() => cadre.getByTestId('survey-state').textContent()).toBe('未开始');
    expect(await cadre.getByTestId('survey-delete').count()).toBe(0);

    await phone.close();
    await desk.close();
  });
});
