import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type http from 'node:http';
import { serveSite, type RouteHandler, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import { BrowserPool } from '../src/fetch/browser-pool.js';
import { EvidenceStore } from '../src/fetch/evidence-store.js';
import { addressPolicy } from '../src/fetch/address-policy.js';
import { crawlSchema } from '../src/config/schema.js';
import { SettableClock } from '../src/time/clock.js';
import { columnDeps, makeFetcher, tempDb } from './helpers.js';
import { hostsTable, trapServer, type Trap } from './ssrf-fixture.js';

/** Issue part 6, the browser: pages, frames, scripts and redirects in Chromium reach no refused address. */

const clock = new SettableClock('2026-11-20T02:00:00Z');
const db = tempDb();
const evidence = new EvidenceStore(db.db, () => clock.now());
// Chromium asks the pool's proxy for names; the proxy resolves them with this table.
const hosts = hostsTable({ 'rebind.example': ['127.0.0.2'], 'intranet.example': ['127.0.0.1'] });
let trap: Trap;
let trap6: Trap;
let site: SiteServer;
let pool: BrowserPool;
let sitePort: string;

function html(res: http.ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
}
const page = (body: string): RouteHandler => (_req, res) => html(res, `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`);
const LIST = '<ul class="u-list"><li><a href="./t1.html" title="镇政府召开安全生产会议">镇政府召开安全生产会议</a><span>2026-11-15</span></li></ul>';

beforeAll(async () => {
  trap = await trapServer('127.0.0.2');
  trap6 = await trapServer('::1');
  const inside = `${trap.origin}/admin/index.html`;
  site = await serveSite({
    routes: {
      '/ok/index.html': page(`${LIST}<script>createPageHTML(1, 0, "index", "html");</script>`),
      // A compromised page reaching for the inside in every way a page can.
      '/greedy/index.html': page(`${LIST}
        <img src="${trap.origin}/pixel.gif">
        <iframe src="${trap.origin}/frame.html"></iframe>
        <iframe src="http://rebind.example:${trap.port}/named-frame.html"></iframe>
        <link rel="stylesheet" href="http://[::1]:${trap6.port}/style.css">
        <script>
          fetch('${trap.origin}/api/secrets').catch(() => {});
          fetch('http://169.254.169.254/latest/meta-data/').catch(() => {});
          fetch('https://rebind.example:${trap.port}/tls').catch(() => {});
          try { new WebSocket('ws://127.0.0.2:${trap.port}/ws'); new WebSocket('ws://rebind.example:${trap.port}/ws'); } catch (e) {}
          const x = new XMLHttpRequest(); x.open('GET', 'http://localhost:' + location.port + '/ok/index.html'); x.send();
          document.body.insertAdjacentHTML('beforeend', '<p id="done">脚本已运行</p>');
        </script>`),
      '/moved/': (_req, res) => {
        res.writeHead(302, { location: inside }).end();
      },
      '/stub/': page(`<script>window.location.href = "${inside}";</script>`),
      '/late-stub/': page(`<p>页面正在跳转</p><script>setTimeout(() => { location.replace("${inside}"); }, 50);</script>`),
      '/refresh/': (_req, res) => html(res, `<!DOCTYPE html><html><head><meta http-equiv="refresh" content="0;url=${inside}"></head><body></body></html>`),
      // Not a bare stub (it has text of its own), so the crawler asks the browser, which follows the refresh.
      '/refresh-with-text/': (_req, res) => html(res, `<!DOCTYPE html><html><head><meta http-equiv="refresh" content="0;url=${inside}"></head>
<body><p>本栏目已调整至新的信息公开平台，页面将自动跳转，如未跳转请联系区政府办公室信息科，电话 0000-00000000。</p></body></html>`),
    },
  });
  sitePort = new URL(site.origin).port;
  const options = { ...crawlSchema.parse({}).browser, allowPrivateHosts: ['127.0.0.1'], timeoutMs: 20_000 };
  pool = new BrowserPool(options, evidence, addressPolicy(options.allowPrivateHosts, hosts.resolve));
});

afterAll(async () => {
  await pool.close();
  await Promise.all([trap.close(), trap6.close(), site.close()]);
  db.cleanup();
});

function expectTrapsUntouched(): void {
  expect(trap.requests).toEqual([]);
  expect(trap.connections).toBe(0);
  expect(trap6.connections).toBe(0);
}

describe('browser rendering with only 127.0.0.1 allowed', () => {
  beforeEach(() => {
    trap.reset();
    trap6.reset();
  });

  it('renders a page whose images, frames, styles, fetch, XHR and WebSocket reach for refused addresses, and names each', async () => {
    const before = site.requests;
    const r = await pool.render(`${site.origin}/greedy/index.html`, 'unit-greedy');
    expect(r.outcome).toBe('ok');
    expect(r.text).toContain('脚本已运行');
    for (const refused of [
      `${trap.origin}/pixel.gif（127.0.0.2 是本机回环地址）`,
      `${trap.origin}/frame.html（127.0.0.2 是本机回环地址）`,
      `http://rebind.example:${trap.port}/named-frame.html（rebind.example 解析到 127.0.0.2（本机回环地址））`,
      `http://[::1]:${trap6.port}/style.css（::1 是本机回环地址）`,
      `${trap.origin}/api/secrets（127.0.0.2 是本机回环地址）`,
      'http://169.254.169.254/latest/meta-data/（169.254.169.254 是云服务器元数据地址）',
      `https://rebind.example:${trap.port}/tls（rebind.example 解析到 127.0.0.2（本机回环地址））`,
      `ws://127.0.0.2:${trap.port}/ws（127.0.0.2 是本机回环地址）`,
      `http://localhost:${sitePort}/ok/index.html（localhost 是本机地址）`,
    ]) expect(r.error).toContain(refused);
    // The named WebSocket is refused by the proxy; it is logged once Chromium reports it closed.
    expect(r.error).toMatch(/^页面中 (9|10) 个请求指向内网或本机地址，已拒绝：/);
    // The page itself and nothing else reached the allowed site: the localhost XHR did not.
    expect(site.requests).toBe(before + 1);
    await pool.closeSession('unit-greedy');
    expectTrapsUntouched();
  });

  it('refuses the page itself: by address, by redirect, by script stub, by meta refresh, by name', async () => {
    const cases: [url: string, finalUrl: string, reason: string][] = [
      [`${trap.origin}/admin/index.html`, `${trap.origin}/admin/index.html`, '127.0.0.2 是本机回环地址'],
      [`http://[::1]:${trap6.port}/`, `http://[::1]:${trap6.port}/`, '::1 是本机回环地址'],
      [`${site.origin}/moved/`, `${trap.origin}/admin/index.html`, '127.0.0.2 是本机回环地址'],
      [`${site.origin}/stub/`, `${trap.origin}/admin/index.html`, '127.0.0.2 是本机回环地址'],
      [`${site.origin}/late-stub/`, `${trap.origin}/admin/index.html`, '127.0.0.2 是本机回环地址'],
      [`${site.origin}/refresh/`, `${trap.origin}/admin/index.html`, '127.0.0.2 是本机回环地址'],
      [`http://localhost:${sitePort}/ok/index.html`, `http://localhost:${sitePort}/ok/index.html`, 'localhost 是本机地址'],
      ['http://169.254.169.254/latest/meta-data/', 'http://169.254.169.254/latest/meta-data/', '169.254.169.254 是云服务器元数据地址'],
      [`http://rebind.example:${trap.port}/`, `http://rebind.example:${trap.port}/`, 'rebind.example 解析到 127.0.0.2（本机回环地址）'],
      [`https://rebind.example:${trap.port}/`, `https://rebind.example:${trap.port}/`, 'rebind.example 解析到 127.0.0.2（本机回环地址）'],
    ];
    for (const [url, finalUrl, reason] of cases) {
      const r = await pool.render(url, 'unit-main');
      expect(r, url).toMatchObject({ outcome: 'refused', finalUrl, error: reason, viaBrowser: true });
      expect(r.text, url).toBeUndefined();
      expect(r.evidence, url).toBeUndefined();
    }
    await pool.closeSession('unit-main');
    expectTrapsUntouched();
  });

  it('lets a name through the proxy when it resolves to an allowed address', async () => {
    const r = await pool.render(`http://intranet.example:${sitePort}/ok/index.html`, 'unit-named');
    expect(r).toMatchObject({ outcome: 'ok', finalUrl: `http://intranet.example:${sitePort}/ok/index.html` });
    expect(r.text).toContain('镇政府召开安全生产会议');
    expect(r.error).toBeUndefined();
    await pool.closeSession('unit-named');
    expectTrapsUntouched();
  });

  it('a column whose page refreshes into 127.0.0.2 in the browser is unreachable, with the refused render stored', async () => {
    const fetcher = makeFetcher(db.db);
    try {
      const obs = await crawlColumn({ name: '通知公告', url: `${site.origin}/refresh-with-text/`, category: 'notice', required: [] },
        columnDeps(db.db, fetcher, { renderer: pool, sessionKey: 'unit-column' }));
      expect(obs.status).toBe('unreachable');
      expect(obs.reason).toBe('地址为内网或本机，已拒绝访问：127.0.0.2 是本机回环地址');
      expect(obs.fetches.map((f) => [f.outcome, f.viaBrowser])).toEqual([['ok', false], ['refused', true]]);
    } finally {
      fetcher.close();
      await pool.closeSession('unit-column');
    }
    expectTrapsUntouched();
  });
});
