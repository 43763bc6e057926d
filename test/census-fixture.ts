import type http from 'node:http';
import iconv from 'iconv-lite';
import type { RouteHandler } from '../src/demo/site-server.js';
import { addDays } from '../src/time/dates.js';

/**
 * Fixture sites for the census: whole government sites (homepage, 信息公开 directory, column lists in
 * several CMS layouts, detail pages) whose columns nobody configured. Dates are relative to `AS_OF`.
 */
export const AS_OF = '2026-11-20';
export type Routes = Record<string, RouteHandler>;

export function send(res: http.ServerResponse, body: string | Buffer, status = 200, type = 'text/html; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type }).end(body);
}
const html = (body: string): RouteHandler => (_req, res) => send(res, body);

export interface Item { title: string; ago: number }
/** `n` items, the newest `newest` days before AS_OF, one every `step` days. */
export function items(prefix: string, n: number, newest: number, step = 7): Item[] {
  return Array.from({ length: n }, (_, i) => ({ title: `${prefix}第${i + 1}条信息标题`, ago: newest + i * step }));
}
const date = (ago: number) => addDays(AS_OF, -ago);

function page(title: string, body: string, charset = 'utf-8'): string {
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"><title>${title}-示例镇人民政府</title></head>
<body><div class="header"><a href="/">首页</a></div>${body}<div class="footer">主办单位：示例镇人民政府 <a href="/sitemap.html">网站地图</a></div></body></html>`;
}

/** S1 (TRS classic): `ul.u-list`, slash dates, createPageHTML pager. */
export function s1List(dir: string, name: string, list: Item[], side = ''): string {
  const rows = list.map((it, i) => `<li><a href="${dir}202611/t2026110${i % 9}_${1000 + i}.html" title="${it.title}">${it.title}</a><span>${date(it.ago).replaceAll('-', '/')}</span></li>`).join('');
  const blank = list.length === 0 ? '<p>暂无信息</p>' : '';
  return page(name, `<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; ${name}</div>${side}
<ul class="u-list">${rows}</ul>${blank}<script>createPageHTML(1, 0, "index", "html");</script>`);
}

/** S2 (TRS page_div): `ul.pageList` with `span.time`. */
export function s2List(dir: string, name: string, list: Item[]): string {
  const rows = list.map((it, i) => `<li><a title="${it.title}" href="${dir}202611/t2026111${i % 9}_${2000 + i}.shtml">${it.title}</a><span class="time">${date(it.ago)}</span></li>`).join('');
  return page(name, `<div class="crumb">首页 > 政务公开 > ${name}</div><ul class="pageList">${rows}</ul>
<div id="page_div"></div><script>createPageHTML('page_div', 1, 1, 'dezlist', 'shtml', ${list.length});</script>`);
}

/** S3 (Hanweb jpage): records in a `<datastore>` script, GBK-declared in `<meta>` only. */
export function s3List(name: string, list: Item[], colId: number): string {
  const records = list.map((it, i) => `<record><![CDATA[<li><a href="/art/2026/11/${i + 1}/art_${colId}_${3000 + i}.html" title="${it.title}">${it.title}</a><span>${date(it.ago)}</span></li>]]></record>`).join('\n');
  return page(name, `<div class="position">您的位置：首页 > ${name}</div><div id="${colId}"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid=${colId}&unitid=1&webname=x&permissiontype=0"></a>]]></nextgroup>
<recordset>${records}</recordset></datastore></script><script>$('#${colId}').jpage({totalRecord:${list.length},perPage:15,groupSize:3,proxyUrl:'/module/web/jpage/dataproxy.jsp'});</script></div>`, 'gbk');
}

/** S7 (JSP iList): `ul.list-b-t`, 发布时间 label. */
export function s7List(name: string, list: Item[], catId: number): string {
  const rows = list.map((it, i) => `<li><h4><a href="/gk/iDetail.jsp?id=${catId * 100 + i}">${it.title}</a></h4><p>发布时间：${date(it.ago)}　　来源：示例县政府办</p></li>`).join('');
  return page(name, `<ul class="list-b-t">${rows}</ul><div class="page"><a class="all" href="iList.jsp?cat_id=${catId}&cur_page=1">尾页</a></div>`);
}

/** Any detail page, dated. */
export const detail: RouteHandler = (_req, res) => send(res, page('详情', '<div class="article"><p>发布时间：2026-11-01</p><p>正文内容。</p></div>'));

/**
 * Site 1, TRS: a homepage with a dated 要闻 block, a 政府信息公开 directory with nine columns (one blank,
 * one unclassifiable, one static page), a second-level column under 工作动态, and an S2 policy list.
 * `without` drops columns (by directory), `extra` adds one, for censuses that see the site change.
 */
export function trsSite(opts: { without?: string[]; extra?: { dir: string; name: string } } = {}): { routes: Routes; fallback: RouteHandler } {
  const columns: { dir: string; name: string; list: Item[] }[] = [
    { dir: '/xxgk/gzdt/', name: '工作动态', list: items('工作动态', 6, 2) },
    { dir: '/xxgk/tzgg/', name: '通知公告', list: items('通知公告', 5, 30, 20) },
    { dir: '/xxgk/rsxx/', name: '人事信息', list: items('人事信息', 4, 90, 30) },
    { dir: '/xxgk/czyjs/', name: '财政预决算', list: items('财政预决算', 3, 200, 60) },
    { dir: '/xxgk/ghjh/', name: '规划计划', list: [] },
    { dir: '/xxgk/ztzl/', name: '专题活动', list: items('专题活动', 4, 10) },
    ...(opts.extra ? [{ dir: opts.extra.dir, name: opts.extra.name, list: items(opts.extra.name, 3, 5) }] : []),
  ].filter((c) => !opts.without?.includes(c.dir));
  const menu = `<div class="left-menu"><h3>政府信息公开</h3><ul>${columns.map((c) => `<li><a href="${c.dir}">${c.name}</a></li>`).join('')}
<li><a href="/xxgk/zcwj/dezlist.shtml">政策文件</a></li><li><a href="/xxgk/jgzn/">机构职能</a></li><li><a href="/xxgk/gknb/">政府信息公开年报</a></li></ul></div>`;
  const routes: Routes = {
    '/': html(page('首页', `<div class="nav"><a href="/">首页</a><a href="/xxgk/">政府信息公开</a><a href="/hdjl/">互动交流</a><a href="/xwzx/">新闻中心</a></div>
<div class="yw"><h3>要闻</h3>${s1Block(items('要闻', 5, 3, 2))}</div>
<div class="links"><a href="http://www.gov.cn.example/">中国政府网</a></div>`)),
    '/xxgk/': html(page('政府信息公开', `${menu}<p>政府信息公开目录</p>`)),
    '/xxgk/zcwj/dezlist.shtml': html(s2List('/xxgk/zcwj/', '政策文件', items('政策文件', 5, 40, 30))),
    '/xxgk/jgzn/': html(page('机构职能', `${menu}<div class="content"><p>示例镇人民政府主要职责：贯彻执行党和国家的方针政策……</p></div>`)),
    '/xxgk/gknb/': html(s1List('/xxgk/gknb/', '政府信息公开年报', items('年度报告', 3, 300, 365))),
    '/xxgk/gzdt/xzdt/': html(s1List('/xxgk/gzdt/xzdt/', '村居动态', items('村居动态', 4, 50, 20))),
    '/hdjl/': html(page('互动交流', '<p>书记信箱 镇长信箱</p>')),
    // A script stub: the census follows it to the list it points at.
    '/xwzx/': html('<html><head><script>window.location.href = "/xwzx/tpxw/";</script></head><body></body></html>'),
    '/xwzx/tpxw/': html(s1List('/xwzx/tpxw/', '图片新闻', items('图片新闻', 5, 4, 3))),
  };
  for (const c of columns) {
    const side = c.dir === '/xxgk/gzdt/' ? '<div class="sub"><a href="/xxgk/gzdt/xzdt/">村居动态</a></div>' : '';
    routes[c.dir] = html(s1List(c.dir, c.name, c.list, side + menu));
  }
  return { routes, fallback: detailOr404 };
}

function s1Block(list: Item[]): string {
  return `<ul class="u-list">${list.map((it, i) => `<li><a href="/xwzx/202611/t2026111${i}_${9000 + i}.html">${it.title}</a><span>${date(it.ago).replaceAll('-', '/')}</span></li>`).join('')}</ul>`;
}

/** Detail pages (`t2026…_N.html`, `art_…`, `iDetail.jsp`) exist; everything else is 404. */
export const detailOr404: RouteHandler = (req, res, body) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (/\/t\d{8}_\d+\.s?html$|\/art_\d+_\d+\.html$|iDetail\.jsp$/.test(path)) return detail(req, res, body);
  send(res, 'not found', 404, 'text/plain');
};

/**
 * Site 2, Hanweb in GBK (charset only in `<meta>`): a navigation-only homepage whose 政务公开 link
 * redirects (302) to the directory on the same host; S3 columns.
 */
export function hanwebGbkSite(opts: { stale?: boolean } = {}): { routes: Routes; fallback: RouteHandler } {
  const gbk = (s: string): RouteHandler => (_req, res) => send(res, iconv.encode(s, 'gbk'), 200, 'text/html');
  const newest = opts.stale ? 40 : 1;
  const cols = [
    { id: 11, name: '乡镇要闻', list: items('乡镇要闻', 8, newest, 3) },
    { id: 12, name: '公示公告', list: items('公示公告', 5, newest + 10, 15) },
    { id: 13, name: '政策解读', list: items('政策解读', 4, newest + 20, 30) },
  ];
  const routes: Routes = {
    '/': gbk(page('首页', `<div class="nav"><a href="/col/col1/index.html">政务公开</a><a href="/col/col2/index.html">走进示例</a></div><img src="/banner.jpg">`, 'gbk')),
    '/col/col1/index.html': (_req, res) => { res.writeHead(302, { location: '/zwgk/index.html' }).end(); },
    '/zwgk/index.html': gbk(page('政务公开', `<ul class="menu">${cols.map((c) => `<li><a href="/col/col${c.id}/index.html">${c.name}</a></li>`).join('')}</ul>`, 'gbk')),
    '/col/col2/index.html': gbk(page('走进示例', '<p>示例镇位于示例县东部，面积一百平方公里。</p>', 'gbk')),
  };
  for (const c of cols) routes[`/col/col${c.id}/index.html`] = gbk(s3List(c.name, c.list, c.id));
  return { routes, fallback: detailOr404 };
}

/**
 * Site 3, JSP in frames: the homepage is a frameset; its main frame links 信息公开 to a directory whose
 * left menu lists iList.jsp columns (one of them named only by its breadcrumb-less title).
 */
export function jspFramesSite(): { routes: Routes; fallback: RouteHandler } {
  const cats = [
    { id: 1, name: '部门动态', list: items('部门动态', 6, 5, 4) },
    { id: 2, name: '通知公告', list: items('通知', 4, 20, 20) },
    { id: 3, name: '规范性文件', list: items('规范性文件', 3, 100, 40) },
    { id: 4, name: '人事任免', list: items('任免', 3, 60, 30) },
  ];
  const routes: Routes = {
    '/': html(`<html><head><title>示例县民政局</title></head><frameset rows="120,*"><frame src="/top.html"><frame src="/main.html" name="main"></frameset></html>`),
    '/top.html': html(page('top', '<img src="/logo.png">')),
    '/main.html': html(page('示例县民政局', '<a href="/gk/index.jsp">信息公开</a><a href="/bs/">办事服务</a>')),
    '/gk/index.jsp': html(page('信息公开', `<ul class="left">${cats.map((c) => `<li><a href="/gk/iList.jsp?cat_id=${c.id}">${c.name}</a></li>`).join('')}</ul>`)),
    '/bs/': html(page('办事服务', '<p>办事指南请到政务服务网。</p>')),
    '/gk/iList.jsp': (req, res) => {
      const id = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('cat_id'));
      const cat = cats.find((c) => c.id === id);
      if (!cat) return send(res, 'not found', 404, 'text/plain');
      send(res, s7List(cat.name, cat.list, cat.id));
    },
  };
  return { routes, fallback: detailOr404 };
}

/** Site 4: the menu is written by script (the census records that a browser must read it). */
export function scriptMenuSite(): { routes: Routes; fallback: RouteHandler } {
  return {
    routes: {
      '/': html(page('首页', `<div id="menu"></div><script>var m=[{n:'信息公开',u:'/xxgk/'}];document.getElementById('menu').innerHTML=m.map(function(x){return '<a href="'+x.u+'">'+x.n+'</a>'}).join('');</script>`)),
    },
    fallback: detailOr404,
  };
}
