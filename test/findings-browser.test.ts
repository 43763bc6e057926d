import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { runAudit } from '../src/audit/run-audit.js';
import { updateLedgerAfterRun } from '../src/findings/update-ledger.js';
import { RecheckWorker } from '../src/findings/recheck-worker.js';
import { FindingsRepo } from '../src/store/findings-repo.js';
import { BrowserPool, browserPoolOptions } from '../src/fetch/browser-pool.js';
import { EvidenceStore } from '../src/fetch/evidence-store.js';
import { crawlConfig } from './helpers.js';
import { checkNoHorizontalScroll, launchChromium, loginInBrowser, type ConsoleFixture } from './web-fixture.js';
import { LEDGER_USERS, ledgerConsole, ledgerDistrict, type LedgerDistrict } from './ledger-fixture.js';
import { LONG_URL_PART, plantSiteFacts } from './site-facts-fixture.js';

let browser: Browser;
let d: LedgerDistrict;
let fx: ConsoleFixture;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});
beforeEach(async () => {
  d = await ledgerDistrict();
  const s = await runAudit(d.app.loaded, { db: d.app.db, clock: d.clock });
  updateLedgerAfterRun(d.app, s.runId);
  ({ fx } = await ledgerConsole(d));
});
afterEach(async () => {
  await fx.close();
  await d.cleanup();
});

const fitsPhone = (m: { scrollWidth: number; innerWidth: number }) => expect(m.scrollWidth).toBeLessThanOrEqual(m.innerWidth);

describe('recheck end to end in Chromium', { timeout: 180_000 }, () => {
  it('a unit fixes its stale column, presses 我已整改，申请复查, the worker reruns, and the page shows it fixed with new evidence', async () => {
    const page = await loginInBrowser(browser, fx, LEDGER_USERS.u1, 375);
    expect(new URL(page.url()).pathname).toBe('/units/u1');
    await expect(page.locator('main').innerText()).resolves.toContain('栏目「动态」未按时更新');
    fitsPhone(await checkNoHorizontalScroll(page, 'findings-unit-page-375'));

    await Promise.all([page.waitForURL(/queued=1/), page.click('#request-recheck')]);
    await expect(page.locator('#recheck-notice').innerText()).resolves.toContain('已收到复查申请');
    await expect(page.locator('#recheck-status').innerText()).resolves.toContain('排队等待复查');

    d.fix('u1', '2026-11-20');
    d.clock.set('2026-11-20T10:00:00+08:00');
    const [result] = await new RecheckWorker({ app: d.app }).drain();
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['fixed']);

    await page.reload();
    const outcomes = await page.locator('#recheck-outcomes').innerText();
    expect(outcomes).toContain('已整改');
    expect(outcomes).toContain('栏目「动态」未按时更新');
    await expect(page.locator('#recheck-status').innerText()).resolves.toContain('复查完成');
    expect(await page.locator('main').innerText()).not.toMatch(/整改期限[^\n]*\n[^\n]*栏目「动态」/);
    fitsPhone(await checkNoHorizontalScroll(page, 'findings-unit-page-fixed-375'));

    const f = new FindingsRepo(d.app.db).forUnit('u1')[0];
    expect(f.status).toBe('fixed');
    await Promise.all([page.waitForURL(/\/evidence\//), page.click('#recheck-outcomes a:has-text("整改前后对比")')]);
    expect(page.url()).toContain(`/evidence/${f.fixedEvidence}?before=${f.openedEvidence}`);
    expect(await page.locator('.evidence-frame').count()).toBe(2);
    const frames = page.frames().filter((fr) => fr.url().endsWith('/body'));
    expect(frames).toHaveLength(2);
    const texts = await Promise.all(frames.map((fr) => fr.locator('body').innerText()));
    expect(texts.some((t) => t.includes('u1整改后信息6'))).toBe(true);
    expect(texts.some((t) => !t.includes('u1整改后信息6') && t.includes('u1动态信息5'))).toBe(true);
    fitsPhone(await checkNoHorizontalScroll(page, 'findings-evidence-before-after-375'));
    await page.context().close();
  });

  it('a unit that did not fix it sees 仍未整改 with the new evidence after the recheck', async () => {
    const page = await loginInBrowser(browser, fx, LEDGER_USERS.u2, 375);
    await Promise.all([page.waitForURL(/queued=1/), page.click('#request-recheck')]);
    d.clock.set('2026-11-20T10:00:00+08:00');
    const [result] = await new RecheckWorker({ app: d.app }).drain();
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['still-failing']);
    await page.reload();
    const outcomes = await page.locator('#recheck-outcomes').innerText();
    expect(outcomes).toContain('仍未整改');
    expect(outcomes).toContain('查看最新证据');
    await expect(page.locator('main').innerText()).resolves.toContain('整改期限 2026-11-23');
    expect(new FindingsRepo(d.app.db).forUnit('u2')[0].status).toBe('open');
    await page.context().close();
  });
});

describe('evidence viewer in Chromium', { timeout: 180_000 }, () => {
  it('a hostile archived page runs no script and loads nothing; the same page served plainly would', async () => {
    const hits: string[] = [];
    const beacon = http.createServer((req, res) => { hits.push(req.url ?? ''); res.end('ok'); });
    await new Promise<void>((r) => beacon.listen(0, '127.0.0.1', r));
    const b = `http://127.0.0.1:${(beacon.address() as AddressInfo).port}`;
    try {
      const hostile = `x</a><script>document.body.setAttribute('data-pwned','1');document.body.insertAdjacentHTML('beforeend','<p id=ran>RAN</p>');`
        + `new Image().src='${b}/script-img';fetch('${b}/script-fetch');try{parent.document.title='pwned'}catch(e){}</script>`
        + `<img src="${b}/plain-img"><link rel="stylesheet" href="${b}/css"><a>`;
      d.site.columns.get('/u3/news/')!.items = [{ file: 'th1.html', title: hostile, date: '2026-10-01' }];
      const s = await runAudit(d.app.loaded, { db: d.app.db, clock: d.clock, unitId: 'u3' });
      expect(s.unitsCrawled).toBe(1);
      const hash = d.app.db.prepare(`SELECT evidence_hash FROM column_observations WHERE unit_id = 'u3' AND column_name = '动态'
        ORDER BY id DESC LIMIT 1`).pluck().get() as string;
      expect(hash).toMatch(/^[0-9a-f]{64}$/);

      const page = await loginInBrowser(browser, fx, LEDGER_USERS.admin, 1280);
      const response = await page.goto(`${fx.url}/evidence/${hash}`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('dl.kv').innerText()).resolves.toContain(`sha256:${hash}`);
      const frame = page.frames().find((fr) => fr.url().endsWith(`/evidence/${hash}/body`))!;
      await frame.waitForLoadState('load');
      expect(await frame.locator('body').getAttribute('data-pwned')).toBeNull();
      expect(await frame.locator('#ran').count()).toBe(0);
      expect(await page.title()).not.toBe('pwned');
      const body = await page.request.get(`${fx.url}/evidence/${hash}/body`);
      expect(body.headers()['content-security-policy']).toBe("sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'");
      await page.waitForTimeout(300);
      expect(hits).toEqual([]);

      // Control: the same page straight from the site runs its script and reaches the beacon.
      const plain = await page.context().newPage();
      await plain.goto(`${d.site.origin}/u3/news/index.html`);
      await plain.waitForSelector('#ran');
      expect(await plain.locator('body').getAttribute('data-pwned')).toBe('1');
      await plain.waitForTimeout(300);
      expect(hits).toEqual(expect.arrayContaining(['/script-img', '/script-fetch', '/plain-img']));
      await page.context().close();
    } finally {
      await new Promise<void>((r) => { beacon.closeAllConnections(); beacon.close(() => r()); });
    }
  });

  it('a page the browser rendered keeps a screenshot, shown under the banner', async () => {
    const pool = new BrowserPool({ ...browserPoolOptions(crawlConfig()), timeoutMs: 15_000 }, new EvidenceStore(d.app.db, () => d.clock.now()));
    let hash: string;
    try {
      const rendered = await pool.render(`${d.site.origin}/u1/news/index.html`, 'u1');
      expect(rendered.outcome).toBe('ok');
      hash = rendered.evidence!;
    } finally {
      await pool.close();
    }
    expect(new EvidenceStore(d.app.db, () => d.clock.now()).screenshotOf(hash)).toMatch(/^[0-9a-f]{64}$/);
    const page = await loginInBrowser(browser, fx, LEDGER_USERS.admin, 375);
    await page.goto(`${fx.url}/evidence/${hash}`);
    const img = page.locator('img.evidence-shot');
    await img.waitFor();
    expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    const shot = await page.request.get(`${fx.url}/evidence/${hash}/screenshot`);
    expect(shot.headers()['content-type']).toBe('image/jpeg');
    expect((await shot.body()).subarray(0, 2).toString('hex')).toBe('ffd8');
    fitsPhone(await checkNoHorizontalScroll(page, 'findings-evidence-screenshot-375'));
    expect((await page.request.get(`${fx.url}/evidence/${d.app.db.prepare('SELECT evidence_hash FROM column_observations LIMIT 1').pluck().get()}/screenshot`)).status()).toBe(404);
    await page.context().close();
  });

  it('the unit page\'s site section and the board\'s site table, with long URLs, fit the phone at 375 px', async () => {
    plantSiteFacts(d.app.db, 'u1', '2026-11-20');
    const page = await loginInBrowser(browser, fx, LEDGER_USERS.u1, 375);
    const section = await page.locator('#site-checks').innerText();
    expect(section).toContain(LONG_URL_PART);
    expect(section).toContain('当前无法访问');
    fitsPhone(await checkNoHorizontalScroll(page, 'findings-unit-site-375'));
    await page.context().close();
    const admin = await loginInBrowser(browser, fx, LEDGER_USERS.admin, 375);
    await expect(admin.locator('#site-health').innerText()).resolves.toContain('30.0% / 无法访问');
    fitsPhone(await checkNoHorizontalScroll(admin, 'board-site-health-375'));
    await admin.context().close();
  });

  it('the ledger at 375 px fits the phone', async () => {
    const page = await loginInBrowser(browser, fx, LEDGER_USERS.admin, 375);
    await page.goto(`${fx.url}/ledger`);
    expect(await page.locator('#ledger > li').count()).toBe(2);
    fitsPhone(await checkNoHorizontalScroll(page, 'findings-ledger-375'));
    await page.goto(`${fx.url}/evidence/${new FindingsRepo(d.app.db).forUnit('u1')[0].lastEvidence}`);
    fitsPhone(await checkNoHorizontalScroll(page, 'findings-evidence-375'));
    await page.context().close();
  });
});
