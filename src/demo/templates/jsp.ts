import type { RouteHandler } from '../site-server.js';
import { dateAgo, place, type DemoItem, type PlacedItem } from './items.js';
import { detailRoutes, esc, send, shown, sitePage, type DemoSite, type Routes } from './page.js';

/** S7: a JSP CMS column, `iList.jsp?cat_id=N&cur_page=M` with `ul.list-b-t`. */
export interface JspColumn {
  catId: number;
  name: string;
  items: DemoItem[];
  perPage?: number;
  /** The pager names the last page in `a.all` (default), or only links to the previous and next pages. */
  pager?: 'all' | 'prev-next';
  /** The date in front of the link instead of a `发布时间：` line under it. */
  dateFirst?: boolean;
  source?: string;
}

export interface JspSite {
  site: DemoSite;
  /** Where `iIndex.jsp`, `iList.jsp` and `iContent.jsp` live: `/wjj/`. */
  dir: string;
  columns: JspColumn[];
}

function row(asOf: string, col: JspColumn, it: PlacedItem, source: string): string {
  const date = it.ago === null ? '' : dateAgo(asOf, it.ago);
  const link = `<h4><a href="${esc(it.href)}" title="${esc(it.title)}" target="_blank">${esc(shown(it.title, 26))}</a></h4>`;
  return col.dateFirst
    ? `  <li><span class="date">[${date}]</span>${link}</li>`
    : `  <li>${link}<p>发布时间：${date}\u3000\u3000来源：${esc(source)}</p></li>`;
}

function pagerLinks(col: JspColumn, current: number, pages: number, total: number): string {
  const href = (n: number) => `iList.jsp?cat_id=${col.catId}&amp;cur_page=${n}`;
  const prev = current > 1 ? `<a href="${href(current - 1)}">上一页</a>` : '';
  const next = current < pages ? `<a href="${href(current + 1)}">下一页</a>` : '';
  if (col.pager === 'prev-next') return `<div class="page">${prev}${next}</div>`;
  return `<div class="page"><span>共${total}条记录 第${current}/${pages}页</span><a href="${href(1)}">首页</a>${prev}${next}<a class="all" href="${href(pages)}">尾页</a></div>`;
}

/** The unit's JSP pages: `iList.jsp` per category and page, `iIndex.jsp` frames, `iContent.jsp` details. */
export function jspSite(s: JspSite, asOf: string): Routes {
  const routes: Routes = {};
  const lists = new Map<string, { col: JspColumn; items: PlacedItem[] }>();
  for (const col of s.columns) {
    const items = place(col.items, (_, i) => `${s.dir}iContent.jsp?cat_id=${col.catId}&id=${col.catId * 100 + col.items.length - i}`);
    lists.set(String(col.catId), { col, items });
    Object.assign(routes, detailRoutes(s.site, items, asOf));
  }
  const notFound: RouteHandler = (req, res) => send(req, res, '<html><body>栏目不存在</body></html>', 404);

  routes[`${s.dir}iList.jsp`] = (req, res, body) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const list = lists.get(q.get('cat_id') ?? '');
    if (!list) return notFound(req, res, body);
    const { col, items } = list;
    const perPage = col.perPage ?? 5;
    const pages = Math.max(1, Math.ceil(items.length / perPage));
    const current = Math.min(pages, Math.max(1, Number(q.get('cur_page')) || 1));
    const slice = items.slice((current - 1) * perPage, current * perPage);
    const html = `<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>${esc(col.name)}</title></head>
<body>
<div class="list-title"><h3>${esc(col.name)}</h3></div>
<ul class="list-b-t">
${slice.map((it) => row(asOf, col, it, col.source ?? s.site.name)).join('\n')}
</ul>${items.length === 0 ? '\n<p>暂无信息</p>' : ''}
${pagerLinks(col, current, pages, items.length)}
</body></html>`;
    send(req, res, html);
  };

  routes[`${s.dir}iIndex.jsp`] = (req, res, body) => {
    const catId = new URL(req.url ?? '/', 'http://x').searchParams.get('cat_id') ?? '';
    if (!lists.has(catId)) return notFound(req, res, body);
    const menu = s.columns.map((c) => `    <li><a href="iIndex.jsp?cat_id=${c.catId}" target="_self">${esc(c.name)}</a></li>`).join('\n');
    const main = `<div class="left">
  <ul class="left-nav">
${menu}
  </ul>
</div>
<div class="right">
  <iframe id="rightFrame" name="rightFrame" src="iList.jsp?cat_id=${catId}" width="100%" height="800" frameborder="0" scrolling="no"></iframe>
</div>`;
    send(req, res, sitePage(s.site, lists.get(catId)?.col.name ?? '', main));
  };
  return routes;
}
