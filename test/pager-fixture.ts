import type http from 'node:http';
import type { RouteHandler } from '../src/demo/site-server.js';
import { addDays } from '../src/time/dates.js';

/** Pager layouts of fixture columns, each as real templates print it (page-shapes.md S1, S2, S6, S7). */
export const LAYOUTS = [
  'trs-variables', 'page-div', 'next-last', 'numbered-query', 'script-onclick', 'next-only-repeat', 'ilist-words', 'table-cell',
] as const;
export type Layout = (typeof LAYOUTS)[number];

export interface PagedItem {
  title: string;
  date: string;
}

export interface PagedColumn {
  layout: Layout;
  /** The entry page, path and query. */
  entry: string;
  /** Every item of the column, newest first. */
  items: PagedItem[];
  routes: Record<string, RouteHandler>;
  /** Request paths (with query) in order. */
  log: string[];
}

const TOPICS = ['安全生产检查工作', '秋冬季森林防火工作', '农村人居环境整治', '便民服务事项办理', '乡村振兴重点任务'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * A column of `pages` pages of `perPage` items, served under `/pg/<layout>/`. Item links sit below the
 * column's directory; dates go back three days an item from 2026-11-18.
 */
export function pagedColumn(layout: Layout, pages: number, perPage = 3): PagedColumn {
  const dir = `/pg/${layout}/`;
  const items = Array.from({ length: pages * perPage }, (_, i) => ({
    title: `关于做好${TOPICS[i % TOPICS.length]}的通知（${layout}-${i + 1}）`,
    date: addDays('2026-11-18', -3 * i),
  }));
  const log: string[] = [];
  const pageItems = (n: number) => items.slice((n - 1) * perPage, n * perPage);
  const t = TEMPLATES[layout];
  const routes: Record<string, RouteHandler> = {};
  const serve = (n: number) => (res: http.ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(t.page(pageItems(Math.min(n, pages)), Math.min(n, pages), pages, items.length, perPage));
  };
  const notFound = (res: http.ServerResponse): void => {
    res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>404</body></html>');
  };
  if (t.param) {
    routes[`${dir}${t.file}`] = (req, res) => {
      log.push(req.url ?? '');
      const v = new URL(req.url ?? '/', 'http://x').searchParams.get(t.param!);
      const n = v === null ? 1 : Number(v);
      return Number.isInteger(n) && n >= 1 && n <= pages ? serve(n)(res) : notFound(res);
    };
  } else {
    // One path per page, and one past the end (a server that repeats the last page, or 404).
    for (let n = 1; n <= pages + 1; n++) {
      routes[`${dir}${t.path(n)}`] = (req, res) => {
        log.push(req.url ?? '');
        return n <= pages || layout === 'next-only-repeat' ? serve(n)(res) : notFound(res);
      };
    }
  }
  return { layout, entry: `${dir}${t.param ? t.file : t.path(1)}${t.entryQuery ?? ''}`, items, routes, log };
}

interface Template {
  /** Page n's file name (path-paged layouts). */
  path: (n: number) => string;
  /** Query-paged layouts: the file and its page parameter. */
  file?: string;
  param?: string;
  entryQuery?: string;
  page(items: PagedItem[], n: number, pages: number, total: number, perPage: number): string;
}

const shell = (list: string, pager: string, head = '') => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>工作动态</title>${head}</head><body>
<div class="header"><div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/xxgk/">信息公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="./">工作动态</a></div>
<div class="main">${list}
${pager}</div>
<div class="footer"><p>主办单位：某某镇人民政府 ICP备案号：蜀ICP备00000000号</p></div></body></html>`;

const href = (item: PagedItem, i: number) => `./${item.date.slice(0, 7).replace('-', '')}/t${item.date.replace(/-/g, '')}_${i}.html`;
const newsList = (items: PagedItem[], cls = 'news_list') =>
  `<ul class="${cls}">${items.map((it, i) => `<li><a href="${href(it, i)}" title="${esc(it.title)}">${esc(it.title)}</a><span>${it.date}</span></li>`).join('\n')}</ul>`;

const TEMPLATES: Record<Layout, Template> = {
  // S1: TRS classic, `createPageHTML(countPage, currentPage, "index", "html")` with variables, 0-based.
  'trs-variables': {
    path: (n) => (n === 1 ? 'index.html' : `index_${n - 1}.html`),
    page: (items, n, pages) => shell(
      `<ul class="u-list">${items.map((it, i) => `<li><a href="${href(it, i)}" title="${esc(it.title)}">${esc(it.title)}</a><span>${it.date.replace(/-/g, '/')}</span></li>`).join('\n')}</ul>`,
      `<div class="page"><script>var currentPage = ${n - 1};//所在页从0开始\nvar countPage = ${pages}//共多少页\ncreatePageHTML(countPage, currentPage, "index", "html");</script></div>`,
    ),
  },
  // S2: `createPageHTML('page_div', "pages", "current", 'dezlist', 'shtml', "records")`, 1-based, quoted numbers.
  'page-div': {
    path: (n) => (n === 1 ? 'dezlist.shtml' : `dezlist_${n}.shtml`),
    page: (items, n, pages, total) => shell(
      `<ul class="pageList">${items.map((it, i) => `<li><a title="${esc(it.title)}" href="${href(it, i)}">${esc(it.title)}</a><span class="time">${it.date}</span></li>`).join('\n')}</ul>`,
      `<div id="page_div"></div><script>createPageHTML('page_div', "${pages}", "${n}", 'dezlist', 'shtml', "${total}");</script>`,
    ),
  },
  // S6: `共N页` with 首页/上一页/下一页/尾页 links, `index_N.html`, no current-page word.
  'next-last': {
    path: (n) => (n === 1 ? 'index.html' : `index_${n}.html`),
    page: (items, n, pages) => {
      const at = (k: number) => (k === 1 ? 'index.html' : `index_${k}.html`);
      const prev = n > 1 ? ` <a href="${at(n - 1)}">上一页</a>` : '';
      const next = n < pages ? ` <a href="${at(n + 1)}">下一页</a>` : '';
      return shell(newsList(items), `<div class="page">共${pages}页 <a href="index.html">首页</a>${prev}${next} <a href="${at(pages)}">尾页</a></div>`);
    },
  },
  // S6: `共N条 第i/N页` and numbered `list.html?page=N` links only, the current page a span.
  'numbered-query': {
    path: () => '', file: 'list.html', param: 'page',
    page: (items, n, pages, total) => {
      const nums = Array.from({ length: pages }, (_, k) => (k + 1 === n ? `<span class="current">${n}</span>` : `<a href="list.html?page=${k + 1}">${k + 1}</a>`));
      return shell(newsList(items, 'list'), `<div class="pagination"><span>共${total}条 第${n}/${pages}页</span> ${nums.join(' ')}</div>`);
    },
  },
  // S6: `var totalPage = N` and a 下一页 whose address is only in its onclick; `list.htm`, `list_1.htm` … (0-based).
  'script-onclick': {
    path: (n) => (n === 1 ? 'list.htm' : `list_${n - 1}.htm`),
    page: (items, n, pages) => shell(
      newsList(items),
      `<div class="fy">${n < pages ? `<a href="javascript:;" onclick="location.href='list_${n}.htm'">下一页</a>` : '<span>下一页</span>'}</div>`,
      `<script>var totalPage = ${pages};</script>`,
    ),
  },
  // S6: only a 下一页 link, on every page; past the end the server answers the last page again.
  'next-only-repeat': {
    path: (n) => (n === 1 ? 'news.html' : `news_${n}.html`),
    page: (items, n) => shell(newsList(items), `<div class="pager"><a href="news_${n + 1}.html">下一页 &gt;</a></div>`),
  },
  // S7: `共N条记录 第i/N页` and no page links at all; pages are `cur_page=N`.
  'ilist-words': {
    path: () => '', file: 'iList.jsp', param: 'cur_page', entryQuery: '?cat_id=30',
    page: (items, n, pages, total) => shell(
      `<ul class="list-b-t">${items.map((it, i) => `<li><h4><a href="iContent.jsp?cat_id=30&amp;id=${n}${i}">${esc(it.title)}</a></h4><p>发布时间：${it.date}　　来源：党政办</p></li>`).join('\n')}</ul>`,
      `<div class="page"><span>共${total}条记录 第${n}/${pages}页</span></div>`,
    ),
  },
  // S6: `页次：i/N 每页M条 共K条` in an unmarked table cell with `list.jsp?pageNo=N` links.
  'table-cell': {
    path: () => '', file: 'list.jsp', param: 'pageNo',
    page: (items, n, pages, total, perPage) => {
      const at = (k: number) => `list.jsp?pageNo=${k}`;
      return shell(newsList(items, 'xxgk_list'), `<table width="100%"><tr><td align="right">页次：${n}/${pages} 每页${perPage}条 共${total}条
        <a href="${at(1)}">首页</a> ${n > 1 ? `<a href="${at(n - 1)}">上一页</a>` : ''} ${n < pages ? `<a href="${at(n + 1)}">下一页</a>` : ''} <a href="${at(pages)}">尾页</a></td></tr></table>`);
    },
  },
};
