import iconv from 'iconv-lite';
import type { RouteHandler } from '../site-server.js';
import { dateAgo, dateParts, place, type DemoItem, type PlacedItem } from './items.js';
import { HOST, detailRoutes, esc, page, shown, sitePage, type DemoSite, type Routes } from './page.js';

/** S6: a static city-portal list, `.news_list li > a[title] + span`, `index.html`, `index_2.html` … */
export interface StaticListColumn {
  site: DemoSite;
  dir: string;
  name: string;
  items: DemoItem[];
  perPage?: number;
  /** `[12-24]` without a year instead of full dates. */
  monthDay?: boolean;
  /** Print `共N页` and a 下一页 link; without a pager the crawler probes `index_2.html` and gets a 404. */
  pager?: boolean;
  /** A legacy GB2312 page that names its charset only in `<meta>`. */
  gbk?: boolean;
}

function listDate(asOf: string, ago: number | null, monthDay: boolean): string {
  if (ago === null) return '';
  const date = dateAgo(asOf, ago);
  return `<span class="date">${monthDay ? `[${date.slice(5)}]` : date}</span>`;
}

function rows(asOf: string, items: PlacedItem[], monthDay: boolean): string {
  return items.map((it) =>
    `  <li><a href="${it.href}" title="${esc(it.title)}" target="_blank">${esc(shown(it.title, 24))}</a>${listDate(asOf, it.ago, monthDay)}</li>`).join('\n');
}

function gbkPage(html: string): RouteHandler {
  const legacy = html.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">');
  return (req, res) => {
    const body = iconv.encode(legacy.replaceAll(HOST, req.headers.host ?? '127.0.0.1'), 'gbk');
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': body.length }).end(body);
  };
}

export function staticListColumn(col: StaticListColumn, asOf: string): Routes {
  const items = place(col.items, (item, i) => {
    const { ym, d } = dateParts(dateAgo(asOf, item.ago ?? item.detailAgo ?? 0));
    return `${col.dir}${ym}/${String(d).padStart(2, '0')}/content_${col.items.length - i}.html`;
  });
  const perPage = col.perPage ?? 10;
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const routes: Routes = {};
  for (let p = 0; p < pages; p++) {
    const slice = items.slice(p * perPage, (p + 1) * perPage);
    const next = p + 1 < pages ? ` <a href="index_${p + 2}.html">下一页</a>` : '';
    const pager = col.pager
      ? `\n<div class="pagination">共${pages}页 第${p + 1}页${next} <a href="${pages === 1 ? 'index' : `index_${pages}`}.html">尾页</a></div>`
      : '';
    const main = `<div class="list">
<ul class="news_list">
${rows(asOf, slice, col.monthDay ?? false)}
</ul>${slice.length === 0 ? '\n<p>暂无数据</p>' : ''}${pager}
</div>`;
    const html = sitePage(col.site, col.name, main);
    routes[`${col.dir}${p === 0 ? 'index' : `index_${p + 1}`}.html`] = col.gbk ? gbkPage(html) : page(html);
  }
  return { ...routes, ...detailRoutes(col.site, items, asOf) };
}

export interface PortalBlock {
  name: string;
  items: DemoItem[];
}

/** A unit's home page: banner, several dated news blocks, a friendly-links box and a footer (S6 reads the main block). */
export function portalHome(site: DemoSite, path: string, blocks: PortalBlock[], asOf: string): Routes {
  const routes: Routes = {};
  const boxes = blocks.map((block, b) => {
    const items = place(block.items, (item, i) => {
      const { ym, ymd } = dateParts(dateAgo(asOf, item.ago ?? item.detailAgo ?? 0));
      return `${site.home}${['yw', 'tz', 'gs'][b] ?? `b${b}`}/${ym}/t${ymd}_${block.items.length - i}.html`;
    });
    Object.assign(routes, detailRoutes(site, items, asOf));
    return `<div class="box box-${b}"><div class="box-title"><h3>${esc(block.name)}</h3><a class="more" href="${site.home}xxgk/">更多</a></div>
<ul class="news_list">
${rows(asOf, items, false)}
</ul></div>`;
  });
  const main = `<div class="banner"><a href="${site.home}zt/"><img src="/images/banner.jpg" alt="专题"></a></div>
${boxes.join('\n')}
<div class="links">友情链接：<a href="https://www.gov.cn/" target="_blank">中国政府网</a> <a href="https://mp.weixin.qq.example/s/home" target="_blank">政务微信</a></div>`;
  routes[path] = page(sitePage(site, '首页', main));
  return routes;
}

/** A presence-only page (机构职能, 办事指南): text, no list. */
export function staticPage(site: DemoSite, path: string, name: string, paragraphs: string[]): Routes {
  const main = `<div class="article-text">\n${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}\n</div>`;
  return { [path]: page(sitePage(site, name, main)) };
}
