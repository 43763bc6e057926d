import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type http from 'node:http';
import { ListYears, type DatedItem } from '../crawlers/list-years.js';
import { readShownDate, urlDate } from '../src/time/parse-date.js';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import type { ColumnConfig } from '../src/config/schema.js';
import { columnDeps, makeFetcher, tempDb } from './helpers.js';

/** Items as a list shows them: `[title, shown date text, url?, pinned?]`. */
function shown(rows: [string, string, string?, boolean?][]): DatedItem[] {
  return rows.map(([title, text, url, pinned]) => {
    const d = readShownDate(text);
    return {
      title, url: url ?? null, date: d?.date ?? null, ...(d?.monthDay ? { monthDay: d.monthDay } : {}),
      ...(pinned ? { pinned } : {}), dateSource: d?.date ? 'list' : null,
    };
  });
}

function place(today: string, ...pages: DatedItem[][]): DatedItem[] {
  const years = new ListYears(today);
  for (const page of pages) years.place(page);
  const all = pages.flat();
  for (const item of all) years.lastResort(item);
  return all;
}

const dates = (items: DatedItem[]) => items.map((i) => [i.date, i.dateSource]);

describe('month-day dates without a year', () => {
  it('reads month-days in every layout as month-days, never guessing a year', () => {
    expect(readShownDate('[12-24]')).toEqual({ date: null, monthDay: '12-24' });
    expect(readShownDate('12-24')).toEqual({ date: null, monthDay: '12-24' });
    expect(readShownDate('12月4日')).toEqual({ date: null, monthDay: '12-04' });
    expect(readShownDate('(1/5)')).toEqual({ date: null, monthDay: '01-05' });
    expect(readShownDate('02-29')).toEqual({ date: null, monthDay: '02-29' });
    expect(readShownDate('13-01')).toBeNull();
    expect(readShownDate('2025-12-24')).toEqual({ date: '2025-12-24' });
  });

  it('puts a November item after a January one in the year before (newest first)', () => {
    // Read on 2026-11-28: the old reading gave 2026-11-20 and called a column last updated in January fresh.
    const items = place('2026-11-28', shown([['一月的信息', '[01-05]'], ['去年十一月的信息', '[11-20]'], ['去年十月的信息', '[10-02]']]));
    expect(dates(items)).toEqual([['2026-01-05', 'order'], ['2025-11-20', 'order'], ['2025-10-02', 'order']]);
  });

  it('crosses a year boundary and keeps counting down across pages and several years', () => {
    const page1 = shown([['a', '01-08'], ['b', '01-02']]);
    const page2 = shown([['c', '12-28'], ['d', '03-01'], ['e', '12-30']]);
    expect(dates(place('2026-01-10', page1, page2))).toEqual([
      ['2026-01-08', 'order'], ['2026-01-02', 'order'], ['2025-12-28', 'order'], ['2025-03-01', 'order'], ['2024-12-30', 'order'],
    ]);
  });

  it('never places a date after the crawl day: a first item later in the year than today is last year', () => {
    expect(dates(place('2026-03-01', shown([['a', '12月24日'], ['b', '3月2日']])))).toEqual([['2025-12-24', 'order'], ['2025-03-02', 'order']]);
    // Feb 29 goes back to the last leap year.
    expect(dates(place('2026-03-01', shown([['a', '02-29']])))).toEqual([['2024-02-29', 'order']]);
  });

  it('skips pinned items in the order: they take the URL year, else the latest such day', () => {
    const items = place('2026-01-10', shown([
      ['置顶：旧通知', '12-20', 'http://x/art/2024/12/t20241220_1.html', true],
      ['置顶：无年份的旧通知', '12-21', 'http://x/art/a.html', true],
      ['新信息', '01-06'],
      ['旧信息', '12-30'],
    ]));
    expect(dates(items)).toEqual([['2024-12-20', 'url'], ['2025-12-21', 'order'], ['2026-01-06', 'order'], ['2025-12-30', 'order']]);
  });

  it('takes the URL year when it names the same month-day in another year, and counts on from there', () => {
    const items = place('2026-11-28', shown([
      ['a', '11-20', 'http://x/202311/t20231120_9.html'],
      ['b', '11-02', 'http://x/c/b.html'],
      ['c', '10-30', 'http://x/2023/10/30/c.html'],
      // A URL day that differs from the shown day says nothing about the year.
      ['d', '10-01', 'http://x/t20991001_1.html'],
    ]));
    expect(dates(items)).toEqual([['2023-11-20', 'url'], ['2023-11-02', 'order'], ['2023-10-30', 'order'], ['2023-10-01', 'order']]);
  });

  it('reads day and month dates from URLs', () => {
    expect(urlDate('http://x/col/202011/t20201120_1.html')).toEqual({ year: 2020, month: 11, day: 20 });
    expect(urlDate('http://x/2020/11/20/abc.html')).toEqual({ year: 2020, month: 11, day: 20 });
    expect(urlDate('http://x/art/2020/11/abc.html')).toEqual({ year: 2020, month: 11 });
    expect(urlDate('http://x/art/202011/abc.html')).toEqual({ year: 2020, month: 11 });
    expect(urlDate('http://x/art/123456/abc.html')).toBeNull();
    expect(urlDate(null)).toBeNull();
  });
});

// Crawled through the walker: year boundaries across pages, a pinned item dated by its page, four layouts.
function html(res: http.ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
}
const page = (list: string, pager = '') => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>栏目</title></head><body>
<div class="nav"><a href="/">首页</a></div>${list}${pager}<div class="footer">网站维护：区信息中心</div></body></html>`;

let site: SiteServer;
beforeAll(async () => {
  site = await serveSite({
    routes: {
      // Layout 1: S1 TRS list with `[MM-DD]`, two pages, the year turning on page 2.
      '/trs/index.html': (_q, res) => html(res, page(`<ul class="u-list">
<li><a href="./t1.html" title="一月第二条通知">一月第二条通知</a><span>[01-08]</span></li>
<li><a href="./t2.html" title="一月第一条通知">一月第一条通知</a><span>[01-02]</span></li></ul>`, '<script>createPageHTML(2, 0, "index", "html");</script>')),
      '/trs/index_1.html': (_q, res) => html(res, page(`<ul class="u-list">
<li><a href="./t3.html" title="十二月的通知">十二月的通知</a><span>[12-28]</span></li>
<li><a href="./t4.html" title="十一月的通知">十一月的通知</a><span>[11-15]</span></li></ul>`, '<script>createPageHTML(2, 1, "index", "html");</script>')),
      // Layout 2: S6 table rows, `M月D日` before the link, a pinned row first whose year only its page knows.
      '/table/index.html': (_q, res) => html(res, page(`<table class="list"><tbody>
<tr class="top"><td>12月20日</td><td><a href="/table/a-pinned.html" title="关于公布年度重点工作任务的通知（置顶）">关于公布年度重点工作任务的通知（置顶）</a></td></tr>
<tr><td>1月6日</td><td><a href="/table/a1.html" title="镇政府召开春季森林防火工作会议">镇政府召开春季森林防火工作会议</a></td></tr>
<tr><td>1月3日</td><td><a href="/table/a2.html" title="镇开展元旦节前安全生产大检查">镇开展元旦节前安全生产大检查</a></td></tr>
<tr><td>12月29日</td><td><a href="/table/a3.html" title="镇召开年终工作总结会">镇召开年终工作总结会</a></td></tr>
</tbody></table>`)),
      '/table/a-pinned.html': (_q, res) => html(res, page('<div class="article"><p>发布时间：2024-12-20</p><p>正文</p></div>')),
      // Layout 3: S6 `ul.news_list` with `MM-DD` after the link; newest is from January, then last November: stale.
      '/news/index.html': (_q, res) => html(res, page(`<ul class="news_list">
<li><a href="/news/n1.html" title="街道召开一季度工作部署会">街道召开一季度工作部署会</a><span>01-05</span></li>
<li><a href="/news/n2.html" title="街道开展冬季消防安全宣传">街道开展冬季消防安全宣传</a><span>11-20</span></li>
<li><a href="/news/n3.html" title="街道组织重阳节敬老活动">街道组织重阳节敬老活动</a><span>10-29</span></li>
</ul>`)),
      // Layout 4: dates in parentheses after the title text inside the link row, URLs holding the year-month.
      '/paren/index.html': (_q, res) => html(res, page(`<div class="lb"><ul>
<li><a href="/paren/202411/p1.html">区卫健局开展义诊进社区活动</a>(11-18)</li>
<li><a href="/paren/202411/p2.html">区卫健局召开院感防控工作会议</a>(11-02)</li>
<li><a href="/paren/202410/p3.html">区卫健局部署秋冬季传染病防控</a>(10-21)</li>
</ul></div>`)),
    },
  });
});
afterAll(async () => { await site.close(); });

async function crawl(path: string, today: string) {
  const t = tempDb();
  const fetcher = makeFetcher(t.db);
  const column: ColumnConfig = { name: '通知公告', url: `${site.origin}${path}`, category: 'news', required: [] };
  try {
    return await crawlColumn(column, columnDeps(t.db, fetcher, { today, horizon: '2000-01-01' }));
  } finally {
    fetcher.close();
    t.cleanup();
  }
}
const itemDates = (items: { title: string; date: string | null; dateSource: string | null }[]) => items.map((i) => [i.date, i.dateSource]);

describe('year-less list layouts, crawled', () => {
  it('S1 `[MM-DD]`: the year turns on page 2', async () => {
    const obs = await crawl('/trs/index.html', '2026-01-10');
    expect(itemDates(obs.items)).toEqual([['2026-01-08', 'order'], ['2026-01-02', 'order'], ['2025-12-28', 'order'], ['2025-11-15', 'order']]);
    expect(obs.listEnd).toBe('end');
  });

  it('table rows `M月D日` with a pinned row dated by its own page', async () => {
    const obs = await crawl('/table/index.html', '2026-01-10');
    expect(obs.items[0]).toMatchObject({ pinned: true, date: '2024-12-20', dateSource: 'detail' });
    expect(itemDates(obs.items.slice(1))).toEqual([['2026-01-06', 'order'], ['2026-01-03', 'order'], ['2025-12-29', 'order']]);
    expect(obs.newest).toMatchObject({ date: '2026-01-06' });
  });

  it('`MM-DD` after the link: a January item followed by November makes November last year (stale, not fresh)', async () => {
    const obs = await crawl('/news/index.html', '2026-11-28');
    expect(itemDates(obs.items)).toEqual([['2026-01-05', 'order'], ['2025-11-20', 'order'], ['2025-10-29', 'order']]);
    expect(obs.newest).toMatchObject({ date: '2026-01-05' });
  });

  it('`(MM-DD)` with the year-month in the URL: the URL gives the year', async () => {
    const obs = await crawl('/paren/index.html', '2026-11-28');
    expect(itemDates(obs.items)).toEqual([['2024-11-18', 'url'], ['2024-11-02', 'order'], ['2024-10-21', 'order']]);
  });
});
