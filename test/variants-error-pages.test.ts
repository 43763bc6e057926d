import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite, type RouteHandler, type SiteServer } from '../src/demo/site-server.js';
import { crawlPath, html, sitePage, variantItems } from './variants-fixture.js';

/**
 * Error, busy and refusal pages answered with HTTP 200 as real servers and CMS templates print them:
 * bare server pages (nginx, Tomcat, IIS, ASP.NET, a WAF) and the site's own template around a one-line
 * message, some with a dated 热点信息 sidebar that must not be taken for the column's list. All are
 * "could not check", on the entry page and on a later page.
 */

const HOT = variantItems('热点', 6, '2026-11-19', 2);
/** A dated sidebar box the site template prints on every page, the error page too. */
const hotBox = `<div class="hot-news"><h3>热点信息</h3><ul>${HOT.map((it, i) =>
  `<li><a href="/xwzx/rdxx/202611/t2026111${i}_${i}.html" title="${it.title}">${it.title}</a><span>${it.date}</span></li>`).join('')}</ul></div>`;

const ERROR_PAGES: [path: string, body: string, words: string][] = [
  ['/nginx503/', '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>', '503 Service Temporarily Unavailable'],
  ['/tomcat404/', '<html lang="en"><head><title>HTTP Status 404 – Not Found</title></head><body><h1>HTTP Status 404 – Not Found</h1><hr class="line"><p><b>Type</b> Status Report</p><p><b>Description</b> The origin server did not find a current representation for the target resource or is not willing to disclose that one exists.</p><hr class="line"><h3>Apache Tomcat/8.5.50</h3></body></html>', 'HTTP Status 404 – Not Found'],
  ['/iis404/', '<html><head><title>404 - 找不到文件或目录。</title></head><body><div id="header"><h1>服务器错误</h1></div><div id="content"><fieldset><h2>404 - 找不到文件或目录。</h2><h3>您要查找的资源可能已被删除，已更改名称或者暂时不可用。</h3></fieldset></div></body></html>', '找不到文件或目录'],
  ['/aspnet/', '<html><head><title>Runtime Error</title></head><body><h1>Server Error in \'/\' Application.<hr></h1><h2><i>Runtime Error</i></h2><b>Description:</b> An application error occurred on the server.</body></html>', 'Server Error'],
  ['/waf/', sitePage('<div class="waf-box"><h2>网站防火墙</h2><p>您的请求带有不合法参数，已被网站管理员设置拦截！</p><p>可能原因：您提交的内容包含危险的攻击请求</p></div>'), '拦截'],
  ['/busy-template/', sitePage(`<div class="tips"><img src="/images/busy.png"><p>当前访问人数过多，请稍后再试。</p></div>${hotBox}`), '访问人数过多'],
  ['/gone-template/', sitePage(`<div class="error-page"><p class="msg">抱歉，您要访问的页面不存在或已被删除！</p><a href="/">返回首页</a></div>${hotBox}`), '页面不存在'],
  ['/server-error-template/', sitePage('<div class="con"><p>服务器内部错误，请联系网站管理员。</p></div>'), '服务器内部错误'],
];

const LIST = variantItems('列表', 3);
const listPage = (pager: string) => sitePage(`<ul class="news_list">${LIST.map((it, i) =>
  `<li><a href="./202611/t${it.date.replace(/-/g, '')}_${i}.html">${it.title}</a><span>${it.date}</span></li>`).join('')}</ul>${pager}`);

const routes: Record<string, RouteHandler> = Object.fromEntries(ERROR_PAGES.map(([path, body]) => [`${path}index.html`, ((_q, res) => html(res, body)) as RouteHandler]));
// A list whose page 2 is the site's error template with the dated sidebar: cut short, the sidebar never read as items.
routes['/paged/index.html'] = (_q, res) => html(res, listPage('<div class="page">共3页 <a href="index_2.html">下一页</a> <a href="index_3.html">尾页</a></div>'));
routes['/paged/index_2.html'] = (_q, res) => html(res, ERROR_PAGES[6][1]);
// Blank columns as templates say it, with no scripts on the page.
const BLANK: [path: string, main: string][] = [
  ['/building/', '<div class="con"><img src="/images/jsz.png"><p>本栏目正在建设中，敬请期待！</p></div>'],
  ['/no-articles/', '<ul class="news_list"></ul><div class="no-data">该栏目下暂无文章</div>'],
  ['/table-none/', '<table class="xxgk-table"><tr><th>索引号</th><th>名称</th><th>发布日期</th></tr><tr><td colspan="3">暂无相关内容</td></tr></table>'],
  ['/updating/', '<div class="list-box"><p class="tip">信息正在更新中……</p></div>'],
];
for (const [path, main] of BLANK) routes[`${path}index.html`] = (_q, res) => html(res, sitePage(main));
// A real list whose titles, summaries and links mention busy words: ok.
routes['/real/index.html'] = (_q, res) => html(res, sitePage(`<ul class="news_list">${LIST.map((it, i) =>
  `<li><a href="./202611/t${i}.html">${i === 0 ? '关于网站系统维护期间暂停服务的公告' : it.title}</a><span>${it.date}</span>
<p class="summary">${i === 0 ? '因网站正在升级维护，网上办事系统暂停服务，请稍后再试。' : '摘要'}</p></li>`).join('')}</ul>
<div class="links"><a href="/help/">页面不存在怎么办</a></div>${hotBox}`));

let site: SiteServer;
beforeAll(async () => { site = await serveSite({ routes }); });
afterAll(async () => { await site.close(); });

describe('error pages answered with 200', () => {
  it.each(ERROR_PAGES.map(([path, , words]) => [path, words]))('%s is could-not-check, never a list', async (path, words) => {
    const obs = await crawlPath(site, `${path}index.html`);
    expect(obs.status).toBe('unreachable');
    expect(obs.reason).toContain(words);
    expect(obs.items).toEqual([]);
    expect(obs.newest).toBeUndefined();
  });

  it('a later page that is the error template cuts the list short; its sidebar is no item', async () => {
    const obs = await crawlPath(site, '/paged/index.html');
    expect(obs.status).toBe('ok');
    expect(obs.items.map((i) => i.title)).toEqual(LIST.map((i) => i.title));
    expect(obs.listEnd).toBe('page-failed');
    expect(obs.findings).toContainEqual(expect.objectContaining({ kind: 'page-failed', error: expect.stringContaining('页面不存在') }));
  });

  it('a real list mentioning such words in titles and links is read', async () => {
    const obs = await crawlPath(site, '/real/index.html');
    expect(obs.status).toBe('ok');
    expect(obs.items).toHaveLength(3);
    expect(obs.items[0].title).toBe('关于网站系统维护期间暂停服务的公告');
  });
});

describe('blank columns', () => {
  it.each(BLANK.map(([path]) => path))('%s says it has nothing: blank, read as served', async (path) => {
    const obs = await crawlPath(site, `${path}index.html`);
    expect(obs.status).toBe('blank');
    expect(obs.items).toEqual([]);
    expect(obs.fetches).toHaveLength(1);
  });
});
