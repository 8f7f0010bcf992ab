import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueReferrals } from '../src/server/modules/proposals/referrals.service.ts';
import type { TAppeal, TAppealComment, TEndpoint, TReferralDetail } from '../src/shared/appeals.ts';
import { apiSession, consoleLogin, openSite, pickOption, type Site } from './harness.ts';

/**
 * 职工事大家议 on the console (issue #8): a worker of 林埭 posts an appeal and a representative comments on
 * it (the API sets the scene); the cadre of 林埭镇总工会 finds it among 待分办, publishes the pending comment
 * right on the appeal page, rejects another one with a reason in 评论审核, and triages the appeal to
 * 林埭镇示范纺织有限公司工会 (办理中); the textile union's cadre replies on the console. Screenshots of the
 * list, appeal, queue, referrals (with 对接配置 for the admin) and the supervision board.
 */
let site: Site;

beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

/** A signed-in API session (cookie and CSRF token): for setting the scene and checking the result. */
async function apiAs(username: string) {
  const api = await apiSession(site.baseUrl, username);
  return <T>(method: string, path: string, body?: unknown) =>
    api<T>(method, `/api/v1/proposals${path}`, body);
}

const WORKER = '13900000020';

describe('职工事大家议 console', () => {
  it('a cadre moderates comments and triages an appeal; the handling unit replies', async () => {
    // ---- The scene: a worker's appeal with two comments waiting for moderation.
    const worker = await apiAs(WORKER);
    const posted = await worker<TAppeal>('POST', '/appeals', {
      kind: 'appeal',
      category: 'welfare',
      title: '厂区食堂晚班没有热饭（测试）',
      text: '夜班工人晚上十点下班后食堂已经关门，希望工会协调延长供餐时间或提供热饭。',
      location: '林埭镇示范纺织有限公司',
      anonymous: true,
      shareContact: false,
    });
    expect(posted.status).toBe(201);
    const appeal = posted.body;
    expect(appeal.state).toBe('open');
    const rep = await apiAs('ph_rep');
    const good = await rep<TAppealComment>('POST', `/appeals/${appeal.id}/comments`, {
      text: '我们车间也一样，赞成延长到晚上十一点。',
    });
    expect(good.status).toBe(201);
    expect(good.body.state).toBe('pending');
    const bad = await rep<TAppealComment>('POST', `/appeals/${appeal.id}/comments`, {
      text: '食堂承包人的电话是 139xxxx，大家直接打给他。',
    });
    expect(bad.status).toBe(201);

    // ---- The cadre of 林埭镇总工会 finds it under 待分办.
    const desk = await site.context('desktop');
    const cadre = await desk.newPage();
    await consoleLogin(cadre, site.baseUrl, 'ld_cadre');
    await cadre.waitForURL((u) => !u.pathname.startsWith('/login'));
    await cadre.goto(`${site.baseUrl}/appeals?state=open`);
    const row = cadre.getByTestId(`appeal-row-${appeal.id}`);
    await row.waitFor();
    expect(await row.textContent()).toBe(appeal.code);
    await site.shot(cadre, 'appeals-console-list');
    await row.click();
    await cadre.waitForURL(new RegExp(`/appeals/${appeal.id}$`));
    await expect.poll(() => cadre.getByTestId('appeal-state').textContent()).toBe('待分办');
    // Anonymous toward other workers, but the union sees the real name.
    expect(await cadre.getByTestId('appeal-author').textContent()).toContain('匿名');
    expect(await cadre.getByTestId('appeal-author').textContent()).not.toContain('匿名职工');

    // ---- Publishes the first comment inline.
    expect(await cadre.getByTestId(`comment-state-${good.body.id}`).textContent()).toBe('待审核');
    await cadre.getByTestId(`comment-approve-${good.body.id}`).click();
    await expect.poll(() => cadre.getByTestId(`comment-state-${good.body.id}`).textContent()).toBe('已公开');
    await site.shot(cadre, 'appeals-console-detail-open');

    // ---- Rejects the other in 评论审核: a reason is required.
    await cadre.goto(`${site.baseUrl}/appeals/comments`);
    await cadre.getByTestId(`pending-comment-${bad.body.id}`).waitFor();
    expect(await cadre.getByTestId(`pending-comment-${good.body.id}`).count()).toBe(0);
    await site.shot(cadre, 'appeals-console-comments-queue');
    await cadre.getByTestId(`comment-reject-${bad.body.id}`).click();
    await cadre.getByTestId('comment-reject-submit').click();
    await cadre.getByText('不予公开须写明理由（至少 2 个字）').waitFor();
    await cadre.getByTestId('comment-reject-reason').fill('含他人联系方式，不宜公开');
    await cadre.getByTestId('comment-reject-submit').click();
    await expect.poll(() => cadre.getByTestId(`pending-comment-${bad.body.id}`).count()).toBe(0);

    // ---- Triages it: handled by the textile company's union.
    await cadre.goto(`${site.baseUrl}/appeals/${appeal.id}`);
    await cadre.getByTestId('appeal-triage-btn').click();
    await cadre.getByTestId('appeal-triage-action').getByText('工会办理').click();
    await cadre.getByTestId('appeal-triage-handler').click();
    await cadre.keyboard.type('示范纺织');
    await pickOption(cadre, '林埭镇示范纺织有限公司工会');
    await cadre.getByTestId('appeal-triage-note').fill('请企业工会与食堂协商夜班供餐');
    await site.shot(cadre, 'appeals-console-triage');
    await cadre.getByTestId('appeal-triage-submit').click();
    await expect.poll(() => cadre.getByTestId('appeal-state').textContent()).toBe('办理中');
    expect(await cadre.getByTestId('appeal-handler').textContent()).toBe('林埭镇示范纺织有限公司工会');
    expect(await cadre.getByTestId(`comment-state-${bad.body.id}`).textContent()).toBe('未通过');
    await cadre.getByTestId('appeal-timeline').waitFor();
    const api = await apiAs('ld_cadre');
    const triaged = await api<TAppeal>('GET', `/appeals/${appeal.id}`);
    expect(triaged.body.state).toBe('handling');
    expect(triaged.body.handlerOrg?.name).toBe('林埭镇示范纺织有限公司工会');
    expect(triaged.body.triageNote).toBe('请企业工会与食堂协商夜班供餐');
    await site.shot(cadre, 'appeals-console-detail-handling');

    // ---- Referrals (with 对接配置 only for admins) and the supervision board render for the cadre.
    await cadre.goto(`${site.baseUrl}/referrals`);
    await cadre.getByTestId('referrals-table').waitFor();
    expect(await cadre.getByTestId('referral-tab-config').count()).toBe(0);
    await site.shot(cadre, 'appeals-console-referrals');
    await cadre.goto(`${site.baseUrl}/proposals/board`);
    await cadre.getByTestId('board-table').waitFor();
    await cadre.getByTestId('board-count-overdue').waitFor();
    await site.shot(cadre, 'appeals-console-board');
    await desk.close();

    // ---- The handling unit's cadre replies on the console.
    const unit = await site.context('desktop');
    const textile = await unit.newPage();
    await consoleLogin(textile, site.baseUrl, 'ld_textile_cadre');
    await textile.waitForURL((u) => !u.pathname.startsWith('/login'));
    await textile.goto(`${site.baseUrl}/appeals/${appeal.id}`);
    await textile.getByTestId('appeal-reply-btn').click();
    await textile
      .getByTestId('appeal-reply-text')
      .fill('已与食堂承包方商定：自下周一起夜班供餐延长到 22:30，并提供热饭热菜。');
    await textile.getByTestId('appeal-reply-submit').click();
    await expect.poll(() => textile.getByTestId('appeal-state').textContent()).toBe('已答复待评价');
    expect(await textile.getByTestId('appeal-reply').textContent()).toContain('22:30');
    await site.shot(textile, 'appeals-console-replied');
    await unit.close();
  });

  it('the admin sets up 人工交办 for the platform, a cadre refers an appeal, the platform answers on the console', async () => {
    // ---- 平湖市总工会's admin: 对接配置 lists 林埭镇基层治理平台; set it to 人工交办.
    const admin = await apiAs('ph_admin');
    const endpoints = await admin<TEndpoint[]>('GET', '/referrals/endpoints');
    expect(endpoints.status).toBe(200);
    const gov = endpoints.body.find((e) => e.partner.name === '林埭镇基层治理平台');
    expect(gov).toBeDefined();
    const govId = gov?.partner.id ?? 0;
    const desk = await site.context('desktop');
    const page = await desk.newPage();
    await consoleLogin(page, site.baseUrl, 'ph_admin');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${site.baseUrl}/referrals?tab=config`);
    await page.getByTestId('referral-endpoints').waitFor();
    expect(await page.getByTestId(`endpoint-callback-${govId}`).textContent()).toContain(
      '/api/v1/proposals/referrals/callback',
    );
    await page.getByTestId(`endpoint-edit-${govId}`).click();
    // 接口推送 needs a URL and a secret before it saves.
    await page.getByTestId('endpoint-mode').getByText('接口推送').click();
    await page.getByTestId('endpoint-url').fill('');
    await page.getByTestId('endpoint-save').click();
    await page.getByText('接口推送须填写接口地址').waitFor();
    await page.getByTestId('endpoint-mode').getByText('人工交办').click();
    if (!(await page.getByTestId('endpoint-active').isChecked()))
      await page.getByTestId('endpoint-active').click();
    await page.getByTestId('endpoint-save').click();
    await page.getByText('已保存对接配置').waitFor();
    await expect
      .poll(async () =>
        (await admin<TEndpoint[]>('GET', '/referrals/endpoints')).body.find((e) => e.partner.id === govId),
      )
      .toMatchObject({ mode: 'manual', active: true, hasSecret: gov?.hasSecret ?? false });
    await site.shot(page, 'appeals-console-endpoints');
    await desk.close();

    // ---- A worker's appeal outside the union's remit, contact shared.
    const worker = await apiAs(WORKER);
    const posted = await worker<TAppeal>('POST', '/appeals', {
      kind: 'appeal',
      category: 'children',
      title: '工业园区门口早晚高峰没有红绿灯（测试）',
      text: '上下班高峰工业园区门口车流很多，职工过马路很危险，希望设置红绿灯或安排交通协管。',
      location: '林埭镇工业园区 3 号路口',
      anonymous: false,
      shareContact: true,
    });
    expect(posted.status).toBe(201);
    const appeal = posted.body;

    // ---- The cadre refers it to the platform and opens the referral: the payload carries the contact.
    const cadreCtx = await site.context('desktop');
    const cadre = await cadreCtx.newPage();
    await consoleLogin(cadre, site.baseUrl, 'ld_cadre');
    await cadre.waitForURL((u) => !u.pathname.startsWith('/login'));
    await cadre.goto(`${site.baseUrl}/appeals/${appeal.id}`);
    await cadre.getByTestId('appeal-triage-btn').click();
    await cadre.getByTestId('appeal-triage-action').getByText('转基层治理平台').click();
    await cadre.getByTestId('appeal-triage-partner').click();
    await pickOption(cadre, '林埭镇基层治理平台');
    await cadre.getByTestId('appeal-triage-submit').click();
    await expect.poll(() => cadre.getByTestId('appeal-state').textContent()).toBe('已转治理平台');
    await cadre.getByTestId('appeal-referral').locator('a').click();
    await cadre.waitForURL(/\/referrals\/\d+$/);
    const referralId = Number(new URL(cadre.url()).pathname.split('/').pop());
    await expect.poll(() => cadre.getByTestId('referral-state').textContent()).toBe('平台已签收');
    const payload = await cadre.getByTestId('referral-payload').textContent();
    expect(payload).toContain('"service_request_id"');
    expect(payload).toContain('林埭镇工业园区 3 号路口');
    expect(payload).toContain('"contact"');
    // Manual mode: nothing to retry.
    expect(await cadre.getByTestId('referral-retry-btn').count()).toBe(0);
    await site.shot(cadre, 'appeals-console-referral');
    await cadreCtx.close();

    // ---- The platform's account records its answer under 工会交办事项.
    const govCtx = await site.context('desktop');
    const govPage = await govCtx.newPage();
    await consoleLogin(govPage, site.baseUrl, 'ld_gov');
    await govPage.waitForURL((u) => !u.pathname.startsWith('/login'));
    await govPage.goto(`${site.baseUrl}/referrals/assigned`);
    await govPage.getByTestId(`referral-row-${referralId}`).click();
    await govPage.waitForURL(new RegExp(`/referrals/assigned/${referralId}$`));
    await govPage.getByTestId('referral-record-btn').click();
    await govPage.getByTestId('referral-record-status').getByText('平台已答复').click();
    await govPage.getByTestId('referral-record-submit').click();
    await govPage.getByText('办结答复须填写答复内容（至少 5 个字）').waitFor();
    await govPage
      .getByTestId('referral-record-note')
      .fill('已协调交警中队，工业园区 3 号路口早晚高峰安排协管员，红绿灯列入下月施工计划。');
    await govPage.getByTestId('referral-record-submit').click();
    await expect.poll(() => govPage.getByTestId('referral-state').textContent()).toBe('平台已答复');
    expect(await govPage.getByTestId('referral-answer').textContent()).toContain('协管员');
    await site.shot(govPage, 'appeals-console-referral-answered');
    await govCtx.close();

    // The appeal is answered with the platform's reply; the worker is asked to rate it.
    const cadreApi = await apiAs('ld_cadre');
    const after = await cadreApi<TAppeal>('GET', `/appeals/${appeal.id}`);
    expect(after.body.state).toBe('replied');
    expect(after.body.reply).toContain('协管员');
  });

  it('接口推送: a failed delivery shows in the attempts log, 立即重试 delivers it to the platform', async () => {
    // A local stand-in for the governance platform: refuses the first delivery, acknowledges the next.
    const received: IncomingHttpHeaders[] = [];
    const platform = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push(req.headers);
        if (received.length === 1) {
          res.writeHead(503).end('busy');
        } else {
          res
            .writeHead(202, { 'content-type': 'application/json' })
            .end('{"service_request_id":"LD-GOV-0001"}');
        }
      });
    });
    await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(platform.address() as AddressInfo).port}/open311/requests`;
    try {
      // ---- The admin switches 林埭镇基层治理平台 to 接口推送 on the console.
      const admin = await apiAs('ph_admin');
      const govId =
        (await admin<TEndpoint[]>('GET', '/referrals/endpoints')).body.find(
          (e) => e.partner.name === '林埭镇基层治理平台',
        )?.partner.id ?? 0;
      const desk = await site.context('desktop');
      const page = await desk.newPage();
      await consoleLogin(page, site.baseUrl, 'ph_admin');
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await page.goto(`${site.baseUrl}/referrals?tab=config`);
      await page.getByTestId(`endpoint-edit-${govId}`).click();
      await page.getByTestId('endpoint-mode').getByText('接口推送').click();
      await page.getByTestId('endpoint-url').fill(url);
      await page.getByTestId('endpoint-secret').fill('ld-gov-shared-secret-2026');
      await page.getByTestId('endpoint-save').click();
      await page.getByText('已保存对接配置').waitFor();
      const saved = await admin<TEndpoint[]>('GET', '/referrals/endpoints');
      expect(saved.body.find((e) => e.partner.id === govId)).toMatchObject({
        mode: 'api',
        url,
        hasSecret: true,
      });
      expect(JSON.stringify(saved.body)).not.toContain('ld-gov-shared-secret-2026');
      await desk.close();

      // ---- A worker's appeal, referred by the cadre; the delivery job's first try is refused.
      const worker = await apiAs(WORKER);
      const appeal = (
        await worker<TAppeal>('POST', '/appeals', {
          kind: 'appeal',
          category: 'safety',
          title: '园区夜间道路照明不足（测试）',
          text: '工业园区 5 号路夜里路灯坏了一半，下夜班骑电动车很不安全，希望尽快修复。',
          location: '林埭镇工业园区 5 号路',
          anonymous: false,
          shareContact: false,
        })
      ).body;
      const cadreApi = await apiAs('ld_cadre');
      const triaged = await cadreApi<TAppeal>('POST', `/appeals/${appeal.id}/triage`, {
        action: 'refer',
        partnerOrgId: govId,
      });
      expect(triaged.status).toBe(200);
      const referralId = triaged.body.referral?.id ?? 0;
      await deliverDueReferrals(site.app.deps);
      expect(received).toHaveLength(1);
      expect(received[0]?.['x-niangjia-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);

      // ---- The cadre sees the failed attempt and retries: delivered, with the platform's id.
      const ctx = await site.context('desktop');
      const cadre = await ctx.newPage();
      await consoleLogin(cadre, site.baseUrl, 'ld_cadre');
      await cadre.waitForURL((u) => !u.pathname.startsWith('/login'));
      await cadre.goto(`${site.baseUrl}/referrals/${referralId}`);
      await expect.poll(() => cadre.getByTestId('referral-state').textContent()).toBe('待推送');
      const log = cadre.getByTestId('referral-attempts');
      await log.waitFor();
      expect(await log.textContent()).toContain('503');
      await site.shot(cadre, 'appeals-console-referral-api-failed');
      await cadre.getByTestId('referral-retry-btn').click();
      await expect.poll(() => cadre.getByTestId('referral-state').textContent()).toBe('平台已签收');
      expect(received).toHaveLength(2);
      await cadre.getByText('LD-GOV-0001').first().waitFor();
      expect(await cadre.getByTestId('referral-retry-btn').count()).toBe(0);
      const detail = await cadreApi<TReferralDetail>('GET', `/referrals/${referralId}`);
      expect(detail.body.attempts.map((a) => [a.httpStatus, a.ok])).toEqual([
        [503, false],
        [202, true],
      ]);
      await site.shot(cadre, 'appeals-console-referral-api-delivered');
      await ctx.close();
    } finally {
      await new Promise((resolve) => platform.close(resolve));
    }
  });
});
