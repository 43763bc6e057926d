import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { runZwgk } from './helpers.js';
import { USERS, checkNoHorizontalScroll, launchChromium, loginInBrowser, startConsole, type ConsoleFixture } from './web-fixture.js';

/** Long names and many units, as a real district has them, to catch overflow at 375 px. */
const UNITS = `
  - { id: town-a, name: 甲镇, type: town }
  - { id: dept-b, name: 区市场监督管理局（区知识产权局）, type: department }
  - { id: sub-c, name: 丙街道, type: subdistrict }
  - { id: long-name, name: 某某区发展和改革局某某区粮食和物资储备局合署办公室特别长的名称, type: department }
  - { id: bureau, name: 区行政审批局, type: approval-bureau }
`;

describe('console in Chromium', () => {
  let fx: ConsoleFixture;
  let browser: Browser;
  beforeAll(async () => {
    fx = await startConsole({ units: UNITS });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  it('fits the board, the entry page and the admin page into 375 px, and draws the trend charts from local scripts', async () => {
    const page = await loginInBrowser(browser, fx, USERS.admin, 375);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    for (const [path, name] of [['/', 'board'], ['/manual/long-name', 'manual-entry'], ['/admin/users', 'admin-users']]) {
      await page.goto(`${fx.url}${path}`);
      const { scrollWidth, innerWidth } = await checkNoHorizontalScroll(page, `console-${name}-375`);
      expect(innerWidth).toBe(375);
      expect(scrollWidth, `${path} at 375 px`).toBeLessThanOrEqual(innerWidth);
    }
    await page.goto(`${fx.url}/`);
    await page.locator('[data-trend-unit="town-a"]').scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-trend-unit="town-a"][data-drawn="1"] svg');
    expect(errors).toEqual([]);
    const desktop = await loginInBrowser(browser, fx, USERS.inspector, 1280);
    await desktop.goto(`${fx.url}/`);
    const wide = await checkNoHorizontalScroll(desktop, 'console-board-1280');
    expect(wide.scrollWidth).toBeLessThanOrEqual(wide.innerWidth);
    await page.context().close();
    await desktop.context().close();
  });

  it('gives a unit account 403 on another unit and on the office data, in the browser', async () => {
    const page = await loginInBrowser(browser, fx, USERS.unit, 375);
    for (const path of ['/units/dept-b/trend.json', '/board.json', '/manual/town-a', '/admin/users']) {
      const res = await page.goto(`${fx.url}${path}`);
      expect(res?.status(), path).toBe(403);
    }
    expect((await page.goto(`${fx.url}/units/town-a/trend.json`))?.status()).toBe(200);
    await page.context().close();
  });

  it('saves an inspector entry through the browser, shows it with its history, and zwgk score counts it', async () => {
    const page = await loginInBrowser(browser, fx, USERS.inspector, 375);
    await page.goto(`${fx.url}/manual/town-a`);
    const card = page.locator('#item-6');
    await card.locator('input[name=count]').fill('-1');
    // Past the browser's own check (min=0), the server's check says why next to the field.
    await card.locator('input[name=count]').evaluate((el: HTMLInputElement) => el.removeAttribute('min'));
    await Promise.all([page.waitForURL(/\/manual\/town-a/), card.locator('button[value=save]').click()]);
    expect(await page.locator('#item-6 .field-error').textContent()).toContain('次数应为不小于 0 的整数');

    await page.locator('#item-6 input[name=count]').fill('3');
    await page.locator('#item-6 textarea[name=evidence]').fill('开放日活动照片及通知 <b>3</b> 次');
    await Promise.all([page.waitForURL(/saved=6/), page.locator('#item-6 button[value=save]').click()]);
    expect(await page.locator('#item-6 [role=status]').textContent()).toBe('已保存');
    expect(await page.locator('#item-6').textContent()).toContain('3 次');
    await page.locator('#item-6 details summary').click();
    const history = await page.locator('#item-6 details table').textContent();
    expect(history).toContain(USERS.inspector.login);
    expect(history).toContain('（无） → 3 次');
    expect(history).toContain('开放日活动照片及通知 <b>3</b> 次');
    await page.context().close();

    const score = await runZwgk(['-c', fx.configFile, 'score', '--all', '--as-of', '2021-11-20']);
    expect(score.code, score.stderr).toBe(0);
    const line = score.stdout.split('\n').find((l) => l.includes('甲镇')) ?? '';
    const cells = line.trim().split(/\s+/);
    // 排名 单位 类型 then item 1, 2, … : item 6 is the sixth item column.
    expect(cells[3 + 5], line).not.toBe('待录');
    expect(Number(cells[3 + 5])).toBeGreaterThan(0);
  });
});
