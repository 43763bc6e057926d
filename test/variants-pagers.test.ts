import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { serveSite, type RouteHandler, type SiteServer } from '../src/demo/site-server.js';
import { crawlPath, html, sitePage, variantItems, type VariantItem } from './variants-fixture.js';

/**
 * Pagers as CMS templates nobody here wrote print them: 帝国CMS `div.page`, JCMS `共N条记录 M条/页 当前第i/N页`
 * with `?page=N&columnId=…`, a TRS `<select>` jumper over `index_N.shtml`, DedeCMS `list_5_N.html`, PHPCMS
 * `index.php?…&catid=12&page=N`, a GBK page, a 尾页 that is `javascript:void(0)` with the count only in text.
 * Each column is read to its last page, once each, every item with its list date.
 */

interface Variant {
  /** Entry path (with query). */
  entry: string;
  pages: number;
  perPage: number;
  /** Request path+query of page n (for the router). */
  at: (n: number) => string;
  /** The whole page n. */
  page: (items: VariantItem[], n: number, pages: number, total: number) => string | Buffer;
  type?: string;
}

const li = (items: VariantItem[], cls = 'news_list', dir = './') => `<ul class="${cls}">${items.map((it, i) =>
  `<li><a href="${dir}${it.date.slice(0, 7).replace('-', '')}/t${it.date.replace(/-/g, '')}_${i}.html" title="${it.title}" target="_blank">${it.title}</a><span class="date">${it.date}</span></li>`).join('\n')}</ul>`;

const VARIANTS: Record<string, Variant> = {
  // 帝国CMS: index.html, index_2.html …; 首页 上一页 as plain text on page 1, the current number in <b>.
  'empire-div-page': {
    entry: '/empire/news/index.html', pages: 3, perPage: 4,
    at: (n) => `/empire/news/${n === 1 ? 'index' : `index_${n}`}.html`,
    page: (items, n, pages) => {
      const to = (k: number) => `/empire/news/${k === 1 ? 'index' : `index_${k}`}.html`;
      const nums = Array.from({ length: pages }, (_, k) => (k + 1 === n ? `<b>${n}</b>` : `<a href="${to(k + 1)}">${k + 1}</a>`)).join('&nbsp;');
      const head = n === 1 ? '首页&nbsp;上一页' : `<a href="${to(1)}">首页</a>&nbsp;<a href="${to(n - 1)}">上一页</a>`;
      const tail = n === pages ? '下一页&nbsp;尾页' : `<a href="${to(n + 1)}">下一页</a>&nbsp;<a href="${to(pages)}">尾页</a>`;
      return sitePage(`${li(items)}<div class="page">${head}&nbsp;${nums}&nbsp;${tail}</div>`);
    },
  },
  // JCMS: words only, `?page=N&columnId=…` links (page first in the query), no numbered links.
  'jcms-records': {
    entry: '/jcms/list.jsp?columnId=1234', pages: 3, perPage: 10,
    at: (n) => `/jcms/list.jsp?${n === 1 ? '' : `page=${n}&`}columnId=1234`,
    page: (items, n, pages, total) => {
      const to = (k: number) => `list.jsp?page=${k}&amp;columnId=1234`;
      const link = (ok: boolean, k: number, w: string) => (ok ? `<a href="${to(k)}">${w}</a>` : `<span>${w}</span>`);
      return sitePage(`${li(items, 'list', '/jcms/art/')}<div class="fenye">共${total}条记录 10条/页 当前第${n}/${pages}页
${link(n > 1, 1, '首页')} ${link(n > 1, n - 1, '上一页')} ${link(n < pages, n + 1, '下一页')} ${link(n < pages, pages, '尾页')}</div>`);
    },
  },
  // TRS: 0-based index.shtml, index_1.shtml …; only a 共N页 text and a <select> jumper, no page links.
  'trs-select': {
    entry: '/trs/tzgg/index.shtml', pages: 3, perPage: 5,
    at: (n) => `/trs/tzgg/${n === 1 ? 'index' : `index_${n - 1}`}.shtml`,
    page: (items, n, pages) => {
      const opts = Array.from({ length: pages }, (_, k) =>
        `<option value="${k === 0 ? 'index' : `index_${k}`}.shtml"${k + 1 === n ? ' selected' : ''}>${k + 1}</option>`).join('');
      return sitePage(`${li(items)}<div class="page-box">共${pages}页 转到第
<select onchange="window.location.href=this.options[this.selectedIndex].value">${opts}</select>页</div>`);
    },
  },
  // DedeCMS: list_5_1.html is page 1; `ul.pagelist` with `共 N页M条` in a span.
  'dede-pagelist': {
    entry: '/a/gzdt/list_5_1.html', pages: 3, perPage: 4,
    at: (n) => `/a/gzdt/list_5_${n}.html`,
    page: (items, n, pages, total) => {
      const nums = Array.from({ length: pages }, (_, k) => (k + 1 === n ? `<li class="thisclass">${n}</li>` : `<li><a href='list_5_${k + 1}.html'>${k + 1}</a></li>`)).join('');
      const next = n < pages ? `<li><a href='list_5_${n + 1}.html'>下一页</a></li>` : '';
      return sitePage(`${li(items, 'e2')}<div class="dede_pages"><ul class="pagelist"><li><a href='list_5_1.html'>首页</a></li>${nums}${next}
<li><a href='list_5_${pages}.html'>末页</a></li><li><span class="pageinfo">共 <strong>${pages}</strong>页<strong>${total}</strong>条</span></li></ul></div>`);
    },
  },
  // PHPCMS dynamic: index.php?m=content&c=index&a=lists&catid=12&page=N; `<div id="pages">` with a record count link.
  'phpcms-query': {
    entry: '/index.php?m=content&c=index&a=lists&catid=12', pages: 3, perPage: 4,
    at: (n) => `/index.php?m=content&c=index&a=lists&catid=12${n === 1 ? '' : `&page=${n}`}`,
    page: (items, n, pages, total) => {
      const to = (k: number) => `index.php?m=content&amp;c=index&amp;a=lists&amp;catid=12&amp;page=${k}`;
      const nums = Array.from({ length: pages }, (_, k) => (k + 1 === n ? `<span>${n}</span>` : `<a href="${to(k + 1)}">${k + 1}</a>`)).join(' ');
      return sitePage(`${li(items, 'list', '/index.php?m=content&amp;c=index&amp;a=show&amp;catid=12&amp;id=')}<div id="pages"><a class="a1">${total}条</a>
<a href="${to(Math.max(1, n - 1))}" class="a1">上一页</a> ${nums} <a href="${to(Math.min(pages, n + 1))}" class="a1">下一页</a></div>`);
    },
  },
  // A GBK page declaring its charset only in <meta>: `第i页 共N页`, list_2.htm …
  'gbk-legacy': {
    entry: '/gbk/list.htm', pages: 3, perPage: 4, type: 'text/html',
    at: (n) => `/gbk/${n === 1 ? 'list' : `list_${n}`}.htm`,
    page: (items, n, pages) => {
      const to = (k: number) => (k === 1 ? 'list.htm' : `list_${k}.htm`);
      const next = n < pages ? `<a href="${to(n + 1)}">下一页</a>` : '下一页';
      const body = sitePage(`<table class="listtable">${items.map((it, i) => `<tr><td><a href="show_${n}${i}.htm">${it.title}</a></td><td>${it.date}</td></tr>`).join('')}</table>
<div class="pages">第${n}页 共${pages}页 <a href="${to(1)}">首页</a> ${next} <a href="${to(pages)}">尾页</a></div>`, { charset: 'gb2312' });
      return iconv.encode(body, 'gbk');
    },
  },
  // 首页 上一页 尾页 are `javascript:void(0)`; only 下一页 is a link; `第i页/共N页` in a span.
  'void-last': {
    entry: '/void/list.html', pages: 4, perPage: 3,
    at: (n) => `/void/list.html${n === 1 ? '' : `?page=${n}`}`,
    page: (items, n, pages) => {
      const next = n < pages ? `<a href="list.html?page=${n + 1}">下一页</a>` : '<a href="javascript:void(0)">下一页</a>';
      return sitePage(`${li(items)}<div class="pagination"><a href="javascript:void(0)">首页</a> <a href="javascript:void(0);">上一页</a>
${next} <a href="javascript:void(0)">尾页</a> <span>第${n}页/共${pages}页</span></div>`);
    },
  },
  // Hanweb static column: /col/col1234/index.html?uid=5678&pageNum=N, 当前第i页 共N页 with 首页 … 尾页.
  'hanweb-pagenum': {
    entry: '/col/col1234/index.html', pages: 4, perPage: 3,
    at: (n) => `/col/col1234/index.html${n === 1 ? '' : `?uid=5678&pageNum=${n}`}`,
    page: (items, n, pages) => {
      const to = (k: number) => `/col/col1234/index.html?uid=5678&amp;pageNum=${k}`;
      return sitePage(`${li(items, 'list', '/art/')}<div class="pagination">当前第${n}页 共${pages}页 <a href="${to(1)}">首页</a>
${n > 1 ? `<a href="${to(n - 1)}">上一页</a>` : ''} ${n < pages ? `<a href="${to(n + 1)}">下一页</a>` : ''} <a href="${to(pages)}">尾页</a></div>`);
    },
  },
  // A windowed pager: `1 2 3 4 5 … 13` and 下一页; read until the horizon, not to page 13.
  'windowed': {
    entry: '/win/index.html', pages: 13, perPage: 3,
    at: (n) => `/win/${n === 1 ? 'index' : `index_${n}`}.html`,
    page: (items, n, pages) => {
      const to = (k: number) => (k === 1 ? 'index.html' : `index_${k}.html`);
      const from = Math.max(1, n - 2);
      const nums = Array.from({ length: 5 }, (_, k) => from + k).filter((k) => k <= pages)
        .map((k) => (k === n ? `<span class="current">${k}</span>` : `<a href="${to(k)}">${k}</a>`)).join(' ');
      return sitePage(`${li(items)}<div class="page">${nums} … <a href="${to(pages)}">${pages}</a> ${n < pages ? `<a href="${to(n + 1)}">下一页</a>` : ''} 共${pages}页</div>`);
    },
  },
};

const columns = Object.entries(VARIANTS).map(([name, v]) => ({ name, v, items: variantItems(name, v.pages * v.perPage - 1), log: [] as string[] }));

let site: SiteServer;
beforeAll(async () => {
  const byPath = new Map<string, { column: (typeof columns)[number]; pages: Map<string, () => string | Buffer> }>();
  const queryKey = (u: URL) => [...u.searchParams].sort().join('&');
  for (const column of columns) {
    for (let n = 1; n <= column.v.pages; n++) {
      const u = new URL(column.v.at(n), 'http://x');
      const slice = column.items.slice((n - 1) * column.v.perPage, n * column.v.perPage);
      const route = byPath.get(u.pathname) ?? { column, pages: new Map() };
      route.pages.set(queryKey(u), () => column.v.page(slice, n, column.v.pages, column.items.length));
      byPath.set(u.pathname, route);
    }
  }
  const routes: Record<string, RouteHandler> = {};
  for (const [path, { column, pages }] of byPath) {
    routes[path] = (req, res) => {
      column.log.push(req.url ?? '');
      const page = pages.get(queryKey(new URL(req.url ?? '/', 'http://x')));
      return page ? html(res, page(), 200, column.v.type) : html(res, '<html><body>404 Not Found</body></html>', 404);
    };
  }
  site = await serveSite({ routes });
});
afterAll(async () => { await site.close(); });

describe('pagers of other CMSs are read to their last page', () => {
  it.each(columns.filter((c) => c.name !== 'windowed').map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    c.log.length = 0;
    const obs = await crawlPath(site, c.v.entry);
    expect(obs.status).toBe('ok');
    expect(obs.items.map((i) => [i.title, i.date, i.dateSource])).toEqual(c.items.map((i) => [i.title, i.date, 'list']));
    expect(obs.listEnd).toBe('end');
    expect(obs.pagesFetched).toBe(c.v.pages);
    expect(obs.findings.filter((f) => ['page-failed', 'page-cap', 'total-mismatch'].includes(f.kind))).toEqual([]);
    expect(new Set(c.log).size).toBe(c.log.length);
  });
});

describe('where a list ends', () => {
  it('a windowed pager of 13 pages is read until the horizon, page by page', async () => {
    const c = columns.find((x) => x.name === 'windowed')!;
    c.log.length = 0;
    const obs = await crawlPath(site, c.v.entry, { horizon: '2026-10-01' });
    // The first page holding an item older than the horizon is the last one read.
    const last = Math.floor(c.items.findIndex((i) => i.date < '2026-10-01') / 3) + 1;
    expect(last).toBeLessThan(13);
    expect(obs.listEnd).toBe('horizon');
    expect(obs.pagesFetched).toBe(last);
    expect(obs.items.map((i) => i.date)).toEqual(c.items.slice(0, last * 3).map((i) => i.date));
    expect(c.log).toEqual(['/win/index.html', ...Array.from({ length: last - 1 }, (_, k) => `/win/index_${k + 2}.html`)]);
  });

  /** 共5页 with 下一页/尾页 links, `list_N.html`; the pages in `missing` answer 404. */
  const promised = (dir: string, missing: number[]): Record<string, RouteHandler> => {
    const items = variantItems(dir, 15);
    const routes: Record<string, RouteHandler> = {};
    for (let n = 1; n <= 5; n++) {
      const to = (k: number) => (k === 1 ? 'list.html' : `list_${k}.html`);
      routes[`/${dir}/${to(n)}`] = (_q, res) => (missing.includes(n)
        ? html(res, '<html><body>404 Not Found</body></html>', 404)
        : html(res, sitePage(`${li(items.slice((n - 1) * 3, n * 3))}<div class="page">共5页 第${n}页
${n < 5 ? `<a href="${to(n + 1)}">下一页</a>` : ''} <a href="${to(5)}">尾页</a></div>`)));
    }
    return routes;
  };
  let ends: SiteServer;
  beforeAll(async () => { ends = await serveSite({ routes: { ...promised('hole', [3]), ...promised('whole', []) } }); });
  afterAll(async () => { await ends.close(); });

  it('a page the pager promised that answers 404 cuts the list short; it is no end of the list', async () => {
    const obs = await crawlPath(ends, '/hole/list.html');
    expect(obs.items).toHaveLength(6);
    expect(obs.listEnd).toBe('page-failed');
    expect(obs.listEndNote).toContain('/hole/list_3.html');
  });

  it('the stated last page read is the end', async () => {
    const obs = await crawlPath(ends, '/whole/list.html');
    expect(obs.items).toHaveLength(15);
    expect(obs.listEnd).toBe('end');
    expect(obs.pagesFetched).toBe(5);
  });
});
