import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLogin, openSite, pickOption, type Site } from './harness.ts';

let site: Site;

beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe('an admin creates an org and a user, who then signs in', () => {
  it('works end to end in the console', async () => {
    const stamp = Date.now().toString().slice(-6);
    const orgName = `右江区测试基层工会${stamp}`;
    const username = `e2e_user_${stamp}`;
    const ctx = await site.context('desktop');
    const page = await ctx.newPage();

    // 1. The admin of 右江区总工会 creates a grassroots union under it.
    await consoleLogin(page, site.baseUrl, 'admin');
    await page.getByText('您好，系统管理员').waitFor();
    await page.getByRole('menuitem', { name: '组织架构' }).click();
    await page.getByTestId('org-search').fill('右江区总工会');
    await page.getByTestId('org-search').press('Enter');
    await page.getByTestId('org-search-results').getByText('右江区总工会', { exact: true }).click();
    await page.getByRole('heading', { name: '右江区总工会' }).waitFor();
    await page.getByTestId('org-create-child').click();
    const orgDialog = page.getByRole('dialog');
    // The type is preset for a 区总工会's child (基层工会), so the cursor starts in 组织名称.
    const nameField = orgDialog.getByLabel('组织名称');
    await expect.poll(() => nameField.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(orgName);
    expect(await nameField.inputValue()).toBe(orgName);
    await orgDialog.getByLabel('组织类型').click();
    await pickOption(page, '基层工会');
    await site.shot(page, 'console-org-create');
    await orgDialog.getByRole('button', { name: '保存' }).click();
    await page.getByText(`已新建“${orgName}”`).waitFor();
    await page.getByTestId('org-tree').getByText(orgName).waitFor();
    await site.shot(page, 'console-org-created');

    // 2. …and a cadre account in it.
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await page.getByTestId('user-create').click();
    const userDialog = page.getByRole('dialog');
    // The dialog opens with the cursor in its first field (not on the dialog box or its ×).
    const loginField = userDialog.getByLabel('登录名', { exact: true });
    await expect.poll(() => loginField.evaluate((el) => el === document.activeElement)).toBe(true);
    // A login name with a Chinese character and a space: the form names both, not the rule again.
    await page.keyboard.type('王 wang');
    await userDialog.getByText('登录名不能含「王」空格：只能用字母、数字和下划线').waitFor();
    await loginField.fill(username);
    expect(await loginField.inputValue()).toBe(username);
    await expect.poll(() => userDialog.getByText(/登录名不能含/).count()).toBe(0);
    await userDialog.getByLabel('姓名', { exact: true }).fill('测试干部');
    await userDialog.getByLabel('所属组织', { exact: true }).click();
    await userDialog.getByLabel('所属组织', { exact: true }).fill(orgName.slice(0, 8));
    await pickOption(page, orgName);
    // On a busy machine a click can land while the list is still opening: check the tag, else pick again.
    const roleTag = userDialog.locator('.ant-select-selection-item', { hasText: '工会干部' });
    for (let attempt = 0; attempt < 3 && (await roleTag.count()) === 0; attempt++) {
      await userDialog.getByLabel('角色', { exact: true }).click();
      // A multiple select stays open after a choice, so not pickOption (which waits for it to close).
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '工会干部' })
        .first()
        .click();
      await roleTag.waitFor({ timeout: 5_000 }).catch(() => {});
    }
    expect(await roleTag.count()).toBe(1);
    // Close the multi-select's list by clicking elsewhere in the dialog (Escape could close the dialog).
    await userDialog.getByText('新建用户', { exact: true }).first().click();
    await userDialog.getByLabel('初始密码', { exact: true }).fill('Start-pass-1');
    await site.shot(page, 'console-user-create');
    await userDialog.getByRole('button', { name: '创建' }).click();
    await page.getByTestId('users-table').getByText(username).waitFor();
    await site.shot(page, 'console-user-created');

    // 3. Sign out; the new user signs in and must set a password first.
    await page.getByTestId('user-menu').click();
    await page.getByText('退出登录').click();
    await page.waitForURL(/\/login/);
    await consoleLogin(page, site.baseUrl, username, 'Start-pass-1');
    const pwDialog = page.getByRole('dialog');
    await pwDialog.getByText(/请先设置您自己的新密码/).waitFor();
    await pwDialog.getByLabel('原密码').fill('Start-pass-1');
    await pwDialog.getByLabel('新密码', { exact: true }).fill('My-own-pass-2');
    await pwDialog.getByLabel('确认新密码').fill('My-own-pass-2');
    await pwDialog.getByRole('button', { name: '保存' }).click();
    await page.getByText('您好，测试干部').waitFor();
    expect(await page.getByText(`${orgName} · 工会干部`, { exact: true }).isVisible()).toBe(true);
    // A cadre sees the org tree and users, not the audit log.
    expect(await page.getByRole('menuitem', { name: '审计日志' }).count()).toBe(0);
    await site.shot(page, 'console-new-user-workbench');
    await ctx.close();
  });
});
