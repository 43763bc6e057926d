import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type http from 'node:http';
import { serveSite, type RouteHandler, type SiteServer } from '../src/demo/site-server.js';
import type { BrowserPool } from '../src/fetch/browser-pool.js';
import { testBrowserPool } from './helpers.js';
import { crawlPath, html, sitePage, variantItems } from './variants-fixture.js';

/**
 * Pages whose list or whose jump only a browser sees: lists filled by a jQuery-style `$.get` + `.html()`,
 * by a `<script type="text/html">` template and ES6 template strings (two pages, the pager drawn by script
 * too), by a `<script src>` that document.writes the list, by a script that then rewrites the page's address
 * (`history.replaceState`: no jump); and redirect stubs by `top.location.href`,
 * `window.location.replace`, `self.location=`, `document.location.href` in a `setTimeout`, a 3-second meta
 * Refresh with 正在跳转 text, and a full site template whose main block only jumps by script.
 */

const ITEMS = variantItems('脚本', 8);
const json = (res: http.ServerResponse, body: unknown): void => { res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body)); };
const js = (res: http.ServerResponse, body: string): void => { res.writeHead(200, { 'content-type': 'application/javascript' }).end(body); };
const rows = (items = ITEMS) => items.map((it, i) => ({ title: it.title, url: `/art/${it.date.replace(/-/g, '')}_${i}.html`, pubDate: it.date }));

/** The few calls of jQuery the list scripts use, as a site's own `jquery.min.js` would serve them. */
const MINI_JQUERY = `(function () {
  function $(a) { if (typeof a === 'function') { document.addEventListener('DOMContentLoaded', a); return; }
    var el = document.querySelector(a); return { html: function (h) { el.innerHTML = h; return this; } }; }
  $.get = function (url, data, cb) { var x = new XMLHttpRequest(); var q = Object.keys(data).map(function (k) { return k + '=' + data[k]; }).join('&');
    x.open('GET', url + '?' + q); x.onload = function () { cb(JSON.parse(x.responseText)); }; x.send(); };
  window.$ = window.jQuery = $; })();`;

const routes: Record<string, RouteHandler> = {
  '/js/jquery.min.js': (_q, res) => js(res, MINI_JQUERY),
  // jQuery: $.get of a JSON list, rows built by string concatenation, written with .html().
  '/jq/index.html': (_q, res) => html(res, sitePage(`<div class="list-box"><ul id="newsList"></ul></div><div id="pageInfo"></div>
<script>$(function () { $.get('/jq/getList.do', { columnId: 1234, pageNo: 1, pageSize: 10 }, function (d) {
  var h = ''; for (var i = 0; i < d.list.length; i++) { var r = d.list[i];
    h += '<li><a href="' + r.url + '" target="_blank" title="' + r.title + '">' + r.title + '</a><span class="date">' + r.pubDate + '</span></li>'; }
  $('#newsList').html(h); $('#pageInfo').html('共' + d.total + '条'); }); });</script>`, { head: '<script src="/js/jquery.min.js"></script>' })),
  '/jq/getList.do': (_q, res) => json(res, { total: ITEMS.length, list: rows() }),
  // A <script type="text/html"> row template and an ES6 template-string pager; pages by ?pageNo=N.
  '/tpl/index.html': (_q, res) => html(res, sitePage(`<ul class="info-list" id="box"></ul><div class="page" id="pager"></div>
<script type="text/html" id="tpl-row"><li><a href="{{url}}" title="{{title}}">{{title}}</a><span>{{pubDate}}</span></li></script>
<script>
const pageNo = Number(new URLSearchParams(location.search).get('pageNo') || 1);
fetch('/tpl/api?pageNo=' + pageNo).then((r) => r.json()).then((d) => {
  const tpl = document.getElementById('tpl-row').innerHTML;
  document.getElementById('box').innerHTML = d.rows.map((r) => tpl.replace(/{{(\\w+)}}/g, (_, k) => r[k])).join('');
  document.getElementById('pager').innerHTML = \`<span>第\${pageNo}/\${d.pages}页</span>\`
    + (pageNo < d.pages ? \`<a href="index.html?pageNo=\${pageNo + 1}">下一页</a>\` : '');
});</script>`)),
  '/tpl/api': (req, res) => {
    const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('pageNo')) || 1;
    json(res, { pages: 2, rows: rows().slice((n - 1) * 4, n * 4) });
  },
  // An old TRS include: the list is whatever a <script src> writes where it stands.
  '/include/index.html': (_q, res) => html(res, sitePage('<div class="main-list"><script src="/include/list_data.js"></script></div>')),
  '/include/list_data.js': (_q, res) => js(res, `document.write('<ul class="list">');
${rows().slice(0, 3).map((r) => `document.write('<li><a href="${r.url}">${r.title}</a><span>${r.pubDate}</span></li>');`).join('\n')}
document.write('</ul>');`),
  // A scripted list that then rewrites its own address (history.replaceState): no jump, its own list.
  '/push/index.html': (_q, res) => html(res, sitePage(`<ul class="news_list" id="ul"></ul><script>
document.getElementById('ul').innerHTML = ${JSON.stringify(rows().slice(0, 3).map((r) => `<li><a href="${r.url}">${r.title}</a><span>${r.pubDate}</span></li>`).join(''))};
history.replaceState(null, '', '/push/list.html?pageNo=1');</script>`)),
  // Redirect stubs.
  '/stub-top/index.html': (_q, res) => html(res, '<html><head><meta charset="utf-8"></head><body><script language="javascript">top.location.href="/target/index.html";</script></body></html>'),
  '/stub-replace/index.html': (_q, res) => html(res, '<html><body><script>window.location.replace("../target/index.html")</script><noscript>请开启JavaScript</noscript></body></html>'),
  '/stub-self/index.html': (_q, res) => html(res, "<html><head><script>self.location='/target/index.html';</script></head><body></body></html>"),
  '/stub-timeout/index.html': (_q, res) => html(res, '<html><body><p>页面已迁移，2秒后自动跳转</p><script>setTimeout(function () { document.location.href = \'/target/index.html\'; }, 2000);</script></body></html>'),
  '/stub-meta3/index.html': (_q, res) => html(res, '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta http-equiv="Refresh" content="3;URL=/target/index.html"><title>正在跳转</title></head><body><p>正在跳转，请稍候……</p><p>如果浏览器没有自动跳转，请<a href="/target/index.html">点击这里</a></p></body></html>'),
  '/stub-template/index.html': (_q, res) => html(res, sitePage('<div class="main-list"><script type="text/javascript">window.location.href = "/target/index.html";</script></div>', { column: '政策文件' })),
  '/target/index.html': (_q, res) => html(res, sitePage(`<ul class="news_list">${rows().slice(0, 3).map((r) => `<li><a href="${r.url}">${r.title}</a><span>${r.pubDate}</span></li>`).join('')}</ul>`)),
};

let site: SiteServer;
let pool: BrowserPool;
let closePool: () => Promise<void>;
beforeAll(async () => {
  site = await serveSite({ routes });
  ({ pool, close: closePool } = testBrowserPool());
});
afterAll(async () => {
  await closePool();
  await site.close();
});

async function crawl(path: string, withBrowser = true) {
  try {
    return await crawlPath(site, path, { renderer: withBrowser ? pool : undefined });
  } finally {
    await pool.closeSession(path);
  }
}

describe('lists built by scripts', () => {
  it.each([
    ['/jq/index.html', ITEMS],
    ['/tpl/index.html', ITEMS],
    ['/include/index.html', ITEMS.slice(0, 3)],
    ['/push/index.html', ITEMS.slice(0, 3)],
  ])('%s: read in the browser with every list date; without a browser, could not check', async (path, expected) => {
    const obs = await crawl(path);
    expect(obs.status).toBe('ok');
    expect(obs.shape).toMatch(/\+browser$/);
    expect(obs.items.map((i) => [i.title, i.date, i.dateSource])).toEqual(expected.map((i) => [i.title, i.date, 'list']));
    expect(obs.listEnd).toBe('end');
    expect(obs.items.some((i) => i.title.includes('{{'))).toBe(false);

    const without = await crawl(path, false);
    expect(without.status).toBe('unparsed');
    expect(without.items).toEqual([]);
  });
});

describe('redirect stubs', () => {
  it.each(['/stub-top/', '/stub-replace/', '/stub-self/', '/stub-timeout/', '/stub-meta3/'])(
    '%s only jumps: a redirect to the target, never credited with its items', async (dir) => {
      for (const withBrowser of [true, false]) {
        const obs = await crawl(`${dir}index.html`, withBrowser);
        expect(obs.status, `${dir} browser ${withBrowser}`).toBe('redirect');
        expect(obs.items).toEqual([]);
        expect(obs.findings).toContainEqual(expect.objectContaining({ kind: 'redirect-stub', to: `${site.origin}/target/index.html` }));
        expect(obs.reason).toContain(`跳转至 ${site.origin}/target/index.html`);
      }
    });

  it('a site template whose main block only jumps by script: the browser sees the jump; without it, could not check', async () => {
    const obs = await crawl('/stub-template/index.html');
    expect(obs).toMatchObject({ status: 'redirect', items: [] });
    expect(obs.findings).toContainEqual({ kind: 'redirect-stub', to: `${site.origin}/target/index.html`, via: 'script' });
    const without = await crawl('/stub-template/index.html', false);
    expect(without).toMatchObject({ status: 'unparsed', items: [] });
  });
});
