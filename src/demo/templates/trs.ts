import { addDays } from '../../time/dates.js';
import { dateAgo, dateParts, place, type DemoItem, type PlacedItem } from './items.js';
import { detailRoutes, esc, page, shown, sitePage, type DemoSite, type Routes } from './page.js';

/** A TRS WCM column (S1 classic `ul.u-list`, or S2 `ul.pageList` with the page_div pager). */
export interface TrsColumn {
  site: DemoSite;
  /** Directory of the column, `/ylz/gzdt/`. */
  dir: string;
  name: string;
  items: DemoItem[];
  perPage?: number;
}

/** TRS detail URLs carry the generation date, which is often a day after the date the list shows. */
function trsPlace(col: TrsColumn, asOf: string, ext: string): PlacedItem[] {
  return place(col.items, (item, i) => {
    const shownDate = dateAgo(asOf, item.ago ?? item.detailAgo ?? 0);
    const generated = i % 3 === 1 ? addDays(shownDate, 1) : shownDate;
    const { ym, ymd } = dateParts(generated);
    return `${col.dir}${ym}/t${ymd}_${5000 + col.items.length - i}.${ext}`;
  });
}

function pagesOf<T>(items: T[], perPage: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += perPage) pages.push(items.slice(i, i + perPage));
  return pages.length > 0 ? pages : [[]];
}

function listDate(asOf: string, ago: number | null, slash: boolean): string {
  if (ago === null) return '';
  const date = dateAgo(asOf, ago);
  return slash ? date.replaceAll('-', '/') : date;
}

function related(item: PlacedItem): string {
  return item.related ? `\n    <ul class="xgjd"><li><a href="${item.href.replace(/\.(s?html)$/, '_jd.$1')}">【解读】${esc(item.related)}</a></li></ul>` : '';
}

export interface S1Column extends TrsColumn {
  /** Dates as `2026/11/18` (default) or `2026-11-18`. */
  slashDates?: boolean;
  /** Quote the pager's numbers, as some templates do. */
  quotedPager?: boolean;
}

/** S1: `index.html`, `index_1.html` … with `createPageHTML(pages, current, "index", "html")`; a spacer every 5 rows. */
export function s1Column(col: S1Column, asOf: string): Routes {
  const items = trsPlace(col, asOf, 'html');
  const pages = pagesOf(items, col.perPage ?? 20);
  const routes: Routes = {};
  pages.forEach((rows, p) => {
    const lis = rows.map((it, i) => {
      const pin = it.pinned ? '<em class="zd">置顶</em>' : '';
      const spacer = (i + 1) % 5 === 0 ? '\n  <li class="empty"></li>' : '';
      return `  <li${it.pinned ? ' class="top"' : ''}><a href="${it.href}" target="_blank" title="${esc(it.title)}">${esc(shown(it.title))}</a>${pin}<span>${listDate(asOf, it.ago, col.slashDates ?? true)}</span>${related(it)}</li>${spacer}`;
    });
    const q = col.quotedPager ? '"' : '';
    const main = `<div class="list-box">
<ul class="u-list">
${lis.join('\n')}
</ul>${rows.length === 0 ? '\n<p class="no-data">暂无信息</p>' : ''}
<div class="page" id="page"></div>
<script type="text/javascript">createPageHTML(${q}${pages.length}${q}, ${q}${p}${q}, "index", "html");</script>
</div>`;
    routes[`${col.dir}${p === 0 ? 'index' : `index_${p}`}.html`] = page(sitePage(col.site, col.name, main));
  });
  return { ...routes, ...detailRoutes(col.site, items, asOf) };
}

export interface S2Column extends TrsColumn {
  /** The record count the pager states, when it disagrees with what is served. */
  statedRecords?: number;
  /** The same list again for phones, as many TRS templates print it. */
  mobileCopy?: boolean;
}

/** S2: `dezlist.shtml`, `dezlist_2.shtml` … with `createPageHTML('page_div', pages, current, 'dezlist', 'shtml', records)`. */
export function s2Column(col: S2Column, asOf: string): Routes {
  const items = trsPlace(col, asOf, 'shtml');
  const pages = pagesOf(items, col.perPage ?? 15);
  const routes: Routes = {};
  pages.forEach((rows, p) => {
    const row = (it: PlacedItem) =>
      `  <li><a href="${it.href}" title="${esc(it.title)}" target="_blank">${esc(shown(it.title))}</a><span class="time">${listDate(asOf, it.ago, false)}</span>${related(it)}</li>`;
    const lis = rows.map((it, i) => `${row(it)}${(i + 1) % 5 === 0 ? '\n  <li class="line"></li>' : ''}`);
    const mobile = col.mobileCopy
      ? `\n<ul class="pageList m-list">\n${rows.map((it) => `  <li><a href="${it.href}">${esc(shown(it.title, 14))}</a><span class="time">${listDate(asOf, it.ago, false)}</span></li>`).join('\n')}\n</ul>`
      : '';
    const pager = rows.length === 0
      ? ''
      : `\n<div id="page_div"></div>\n<script type="text/javascript">createPageHTML('page_div', ${pages.length}, ${p + 1}, 'dezlist', 'shtml', ${col.statedRecords ?? items.length});</script>`;
    const main = `<div class="list-box">
<ul class="pageList pc-list">
${lis.join('\n')}
</ul>${mobile}${pager}
</div>`;
    routes[`${col.dir}${p === 0 ? 'dezlist' : `dezlist_${p + 1}`}.shtml`] = page(sitePage(col.site, col.name, main));
  });
  return { ...routes, ...detailRoutes(col.site, items, asOf) };
}

/** S2 parent column: only links to its child columns, an empty pager, no items of its own. */
export function s2ParentColumn(site: DemoSite, dir: string, name: string, children: string[]): Routes {
  const boxes = children.map((child, i) =>
    `  <div class="child"><div class="child-title"><a href="./sub${i + 1}/">${esc(child)}</a><a class="more" href="./sub${i + 1}/">更多&gt;&gt;</a></div></div>`);
  const main = `<div class="child-columns">
${boxes.join('\n')}
</div>
<div id="page_div"></div>
<script type="text/javascript">createPageHTML('page_div', 0, 1, 'dezlist', 'shtml', 0);</script>`;
  return { [`${dir}dezlist.shtml`]: page(sitePage(site, name, main)) };
}
