import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type http from 'node:http';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import type { ColumnConfig } from '../src/config/schema.js';
import type { BrowserPool } from '../src/fetch/browser-pool.js';
import { columnDeps, makeFetcher, tempDb, testBrowserPool } from './helpers.js';

/** Honest verdicts: blank only when the browser saw the list empty too, error pages are could-not-check, stubs are findings. */

function html(res: http.ServerResponse, body: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
}
const shell = (head: string, body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body>
<div class="header"><a href="/">首页</a><a href="/xxgk/">信息公开</a></div>
${body}
<div class="footer">主办单位：示例区人民政府 网站维护：示例区大数据中心 地址：示例区政府路1号</div></body></html>`;

const ROWS = [['区政府召开第十二次常务会议', '2026-11-18'], ['区政府办开展政务公开培训', '2026-11-09'], ['关于做好冬季安全生产的通知', '2026-10-30']];
const rowsJson = JSON.stringify(ROWS.map(([title, date], i) => ({ title, date, url: `/art/${i}.html` })));

let site: SiteServer;
let other: SiteServer;
let pool: BrowserPool;
let closePool: () => Promise<void>;

beforeAll(async () => {
  other = await serveSite({ routes: { '/list/index.html': (_q, res) => html(res, shell('', '<ul class="u-list"><li><a href="/a.html">站外信息</a><span>2026-11-20</span></li></ul>')) } });
  site = await serveSite({
    routes: {
      // Lists filled in by scripts: from inline data, from a JSON endpoint, by document.write, from an external script.
      '/js-inline/index.html': (_q, res) => html(res, shell('', `<ul class="news_list" id="list"></ul>
<script>var data = ${rowsJson};
document.getElementById('list').innerHTML = data.map(function (d) { return '<li><a href="' + d.url + '" title="' + d.title + '">' + d.title + '</a><span>' + d.date + '</span></li>'; }).join('');</script>`)),
      '/js-fetch/index.html': (_q, res) => html(res, shell('', `<div class="list-box"><ul class="news_list" id="box"></ul></div>
<script>fetch('/js-fetch/data.json').then(function (r) { return r.json(); }).then(function (rows) {
  var ul = document.getElementById('box');
  rows.forEach(function (d) { var li = document.createElement('li'); li.innerHTML = '<a href="' + d.url + '">' + d.title + '</a><span>' + d.date + '</span>'; ul.appendChild(li); });
});</script>`)),
      '/js-fetch/data.json': (_q, res) => { res.writeHead(200, { 'content-type': 'application/json' }).end(rowsJson); },
      '/js-write/index.html': (_q, res) => html(res, shell('', `<div class="lb"><script>
var rows = ${rowsJson};
document.write('<ul class="news_list">');
for (var i = 0; i < rows.length; i++) document.write('<li><a href="' + rows[i].url + '">' + rows[i].title + '</a><span>' + rows[i].date + '</span></li>');
document.write('</ul>');</script></div>`)),
      '/js-external/index.html': (_q, res) => html(res, shell('<script src="/js-external/list.js"></script>', '<ul class="u-list" id="ul"></ul><script>fill();</script>')),
      '/js-external/list.js': (_q, res) => {
        res.writeHead(200, { 'content-type': 'application/javascript' }).end(`function fill() {
  document.getElementById('ul').innerHTML = ${JSON.stringify(ROWS.map(([t, d], i) => `<li><a href="/art/${i}.html">${t}</a><span>${d}</span></li>`).join(''))};
}`);
      },
      // Really empty, with scripts that build nothing: the browser confirms it.
      '/empty-scripted/index.html': (_q, res) => html(res, shell('<script src="/stats.js"></script>', `<ul class="u-list"></ul><p>暂无信息</p>
<script>var _hmt = _hmt || []; (function () { var x = 1; })();</script>`)),
      '/stats.js': (_q, res) => { res.writeHead(200, { 'content-type': 'application/javascript' }).end('window.__stats = true;'); },
      // Empty and no scripts: blank as served.
      '/empty-static/index.html': (_q, res) => html(res, shell('', '<ul class="u-list"></ul><div class="nodata">暂无数据</div>')),
      // Error, busy and maintenance pages answered with 200.
      '/busy/index.html': (_q, res) => html(res, shell('<title>提示</title>', '<div class="msg">系统繁忙，请稍后再试！</div>')),
      '/gone/index.html': (_q, res) => html(res, '<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1><hr>nginx</body></html>'),
      '/notfound-zh/index.html': (_q, res) => html(res, shell('<title>页面提示</title>', '<div class="err"><img src="/e.png">抱歉，您访问的页面不存在或已删除！</div>')),
      '/maintenance/index.html': (_q, res) => html(res, '<html><head><meta charset="utf-8"><title>网站维护</title></head><body><p>网站正在升级维护，给您带来不便敬请谅解。</p></body></html>'),
      // A list whose second page is a busy page: cut short, not read to its end.
      '/paged/index.html': (_q, res) => html(res, shell('', `<ul class="u-list">${ROWS.map(([t, d], i) => `<li><a href="/art/${i}.html">${t}</a><span>${d}</span></li>`).join('')}</ul>
<script>createPageHTML(2, 0, "index", "html");</script>`)),
      '/paged/index_1.html': (_q, res) => html(res, shell('', '<div class="msg">访问过于频繁，请稍后访问</div>')),
      // A captcha form on page 2 of 3 (no error words): the pager says the list goes on, so it was cut short.
      '/captcha/index.html': (_q, res) => html(res, shell('', `<ul class="u-list">${ROWS.map(([t, d], i) => `<li><a href="/art/${i}.html">${t}</a><span>${d}</span></li>`).join('')}</ul>
<script>createPageHTML(3, 0, "index", "html");</script>`)),
      '/captcha/index_1.html': (_q, res) => html(res, shell('', '<form action="/verify"><img src="/code.jpg"><input name="code"><button>确定</button></form>')),
      // An empty second page after every stated record was read is just the end.
      '/last-empty/dezlist.shtml': (_q, res) => html(res, shell('', `<ul class="pageList">${ROWS.map(([t, d], i) => `<li><a href="/art/${i}.html" title="${t}">${t}</a><span class="time">${d}</span></li>`).join('')}</ul>
<script>createPageHTML('page_div', 2, 1, 'dezlist', 'shtml', 3);</script>`)),
      '/last-empty/dezlist_2.shtml': (_q, res) => html(res, shell('', '<ul class="pageList"></ul><script>createPageHTML(\'page_div\', 2, 2, \'dezlist\', \'shtml\', 3);</script>')),
      // Redirect stubs, by script and by meta refresh, to a configured column, within the site, and off site.
      '/stub-configured/index.html': (_q, res) => html(res, '<html><head><meta charset="utf-8"></head><body><script>window.location.href="/tzgg/index.html";</script></body></html>'),
      '/stub-replace/index.html': (_q, res) => html(res, '<html><body><script type="text/javascript">location.replace(\'../other/list.html\');</script></body></html>'),
      '/stub-meta/index.html': (_q, res) => html(res, '<html><head><meta http-equiv="refresh" content="0;url=/tzgg/index.html"></head><body></body></html>'),
      '/stub-meta-offsite/index.html': (_q, res) => html(res, `<html><head><meta content="1; URL='${other.origin}/list/index.html'" http-equiv="Refresh"><title>跳转中</title></head><body>页面跳转中……</body></html>`),
      '/tzgg/index.html': (_q, res) => html(res, shell('', `<ul class="u-list">${ROWS.map(([t, d], i) => `<li><a href="/art/${i}.html">${t}</a><span>${d}</span></li>`).join('')}</ul>`)),
      // A real list page that mentions maintenance in its footer and a busy word in a title is ok.
      '/ok-with-words/index.html': (_q, res) => html(res, shell('<title>通知公告</title>', `<ul class="u-list">
<li><a href="/art/9.html">关于系统维护期间暂停网上办事的通知</a><span>2026-11-19</span></li></ul>`)),
    },
  });
  ({ pool, close: closePool } = testBrowserPool());
});
afterAll(async () => {
  await closePool();
  await site.close();
  await other.close();
});

const TZGG = (): ColumnConfig => ({ name: '通知公告', url: `${site.origin}/tzgg/index.html`, category: 'notice', required: [] });

async function crawl(path: string, withBrowser: boolean) {
  const t = tempDb();
  const fetcher = makeFetcher(t.db);
  try {
    return await crawlColumn(
      { name: '工作动态', url: `${site.origin}${path}`, category: 'news', required: [] },
      columnDeps(t.db, fetcher, { renderer: withBrowser ? pool : undefined, sessionKey: path, knownColumns: [TZGG()] }),
    );
  } finally {
    fetcher.close();
    await pool.closeSession(path);
    t.cleanup();
  }
}

describe('lists filled in by scripts', () => {
  it.each(['/js-inline/index.html', '/js-fetch/index.html', '/js-write/index.html', '/js-external/index.html'])(
    '%s: read in the browser, never blank; without a browser, could not check', async (path) => {
      const obs = await crawl(path, true);
      expect(obs.status).toBe('ok');
      expect(obs.items.map((i) => i.title)).toEqual(ROWS.map(([t]) => t));
      expect(obs.newest).toMatchObject({ date: '2026-11-18' });
      expect(obs.shape).toMatch(/\+browser$/);

      const without = await crawl(path, false);
      expect(without.status).toBe('unparsed');
      expect(without.items).toEqual([]);
    });

  it('calls a scripted page blank only after the browser saw the same empty list', async () => {
    const obs = await crawl('/empty-scripted/index.html', true);
    expect(obs.status).toBe('blank');
    expect(obs.fetches.map((f) => f.viaBrowser)).toEqual([false, true]);
    expect(obs.findings).toContainEqual({ kind: 'rendered-in-browser', reason: '列表为空，页面含脚本，需浏览器确认' });
    const without = await crawl('/empty-scripted/index.html', false);
    expect(without).toMatchObject({ status: 'unparsed', reason: expect.stringContaining('需浏览器确认') });
  });

  it('calls a page without scripts blank as served', async () => {
    const obs = await crawl('/empty-static/index.html', false);
    expect(obs).toMatchObject({ status: 'blank', reason: '页面显示暂无信息' });
  });
});

describe('error and busy pages answered with 200', () => {
  it.each([
    ['/busy/index.html', '系统繁忙'],
    ['/gone/index.html', '404 Not Found'],
    ['/notfound-zh/index.html', '您访问的页面不存在'],
    ['/maintenance/index.html', '正在升级维护'],
  ])('%s is could-not-check, never blank', async (path, words) => {
    for (const withBrowser of [false, true]) {
      const obs = await crawl(path, withBrowser);
      expect(obs.status).toBe('unreachable');
      expect(obs.reason).toContain(words);
      expect(obs.items).toEqual([]);
    }
  });

  it('ends a list at a busy later page as cut short, not as read to its end', async () => {
    const obs = await crawl('/paged/index.html', false);
    expect(obs.status).toBe('ok');
    expect(obs.items).toHaveLength(3);
    expect(obs.listEnd).toBe('page-failed');
    expect(obs.findings).toContainEqual(expect.objectContaining({ kind: 'page-failed', error: expect.stringContaining('访问过于频繁') }));
  });

  it('ends a list at an empty page inside the stated page count as cut short; an empty page past it is the end', async () => {
    const captcha = await crawl('/captcha/index.html', false);
    expect(captcha).toMatchObject({ status: 'ok', listEnd: 'page-failed' });
    expect(captcha.findings).toContainEqual(expect.objectContaining({ kind: 'page-failed', error: '第 2 页没有读出信息（列表称共 3 页）' }));
    // The third page is never asked for: the list stops where it could not be read.
    expect(captcha.fetches.map((f) => new URL(f.url).pathname)).toEqual(['/captcha/index.html', '/captcha/index_1.html']);
    const last = await crawl('/last-empty/dezlist.shtml', false);
    expect(last).toMatchObject({ status: 'ok', listEnd: 'end' });
    expect(last.fetches.map((f) => new URL(f.url).pathname)).toEqual(['/last-empty/dezlist.shtml', '/last-empty/dezlist_2.shtml']);
  });

  it('keeps a real list that mentions maintenance in a title and in the footer', async () => {
    const obs = await crawl('/ok-with-words/index.html', false);
    expect(obs.status).toBe('ok');
    expect(obs.items.map((i) => i.title)).toEqual(['关于系统维护期间暂停网上办事的通知']);
  });
});

describe('redirect stubs', () => {
  it.each([
    ['/stub-configured/index.html', 'script'],
    ['/stub-meta/index.html', 'meta'],
  ] as const)('%s jumps to another configured column: named, never credited with its items', async (path, via) => {
    const obs = await crawl(path, true);
    expect(obs.status).toBe('redirect');
    expect(obs.items).toEqual([]);
    expect(obs.newest).toBeUndefined();
    expect(obs.findings).toContainEqual({ kind: 'redirect-stub', to: `${site.origin}/tzgg/index.html`, via, targetColumn: '通知公告' });
    expect(obs.reason).toContain('跳转至「通知公告」栏目');
    expect(obs.fetches).toHaveLength(1);
  });

  it('names a same-site target that is no configured column by its address', async () => {
    const obs = await crawl('/stub-replace/index.html', false);
    expect(obs.status).toBe('redirect');
    expect(obs.findings).toContainEqual({ kind: 'redirect-stub', to: `${site.origin}/other/list.html`, via: 'script' });
    expect(obs.reason).toContain(`跳转至 ${site.origin}/other/list.html`);
  });

  it('says when a meta refresh leaves the site', async () => {
    const obs = await crawl('/stub-meta-offsite/index.html', false);
    expect(obs.status).toBe('redirect');
    expect(obs.findings).toContainEqual({ kind: 'redirect-stub', to: `${other.origin}/list/index.html`, via: 'meta' });
    expect(obs.reason).toContain('站外地址');
    expect(obs.items).toEqual([]);
  });
});
