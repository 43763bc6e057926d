import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { USERS, launchChromium, loginInBrowser, startConsole, type ConsoleFixture } from './web-fixture.js';

describe('console login in Chromium', () => {
  let fx: ConsoleFixture;
  let browser: Browser;
  beforeAll(async () => {
    fx = await startConsole();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  it('logs each role in: the office roles land on the board, a unit account on its own unit page', async () => {
    for (const role of ['admin', 'inspector'] as const) {
      const page = await loginInBrowser(browser, fx, USERS[role]);
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await page.textContent('h1')).toContain('测试区');
      expect(await page.textContent('.who')).toContain(USERS[role].login);
      await page.context().close();
    }
    const page = await loginInBrowser(browser, fx, USERS.unit);
    expect(new URL(page.url()).pathname).toBe('/units/town-a');
    await page.context().close();
  });

  it('refuses a wrong password with the same message as an unknown account, and logs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${fx.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    for (const [login, password] of [[USERS.admin.login, 'wrong-password'], ['nobody-here', 'whatever-123']]) {
      await page.fill('#login', login);
      await page.fill('#password', password);
      await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
      expect(await page.textContent('[role=alert]')).toBe('账号或密码错误');
    }
    await page.fill('#login', USERS.admin.login);
    await page.fill('#password', USERS.admin.password);
    await Promise.all([page.waitForURL(`${fx.url}/`), page.click('button[type=submit]')]);
    await Promise.all([page.waitForURL(/\/login$/), page.click('.who button')]);
    await page.goto(`${fx.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });
});
