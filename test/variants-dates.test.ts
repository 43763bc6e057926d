import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteHandler } from '../src/demo/site-server.js';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { readDayBox } from '../src/time/parse-date.js';
import { crawlPath, html, sitePage } from './variants-fixture.js';

/**
 * Dates as list templates nobody here wrote show them: month-days without a year in `<em>[MM-DD]</em>`,
 * `MM/DD` in `span.date` before the title, a 信息公开目录 table whose 索引号 and 文号 hold the year but the
 * date column does not, `M月D日` in a `<dl>`, `MM-DD HH:mm`, a list crossing New Year on page 2, and the
 * day box (`<span>20</span><em>2026-11</em>`) that splits a full date in two, inside the link or beside it.
 */

type Row = [title: string, shown: string];

const pageOf = (rows: Row[], row: (r: Row, i: number) => string, wrap: (lis: string) => string, pager = '') =>
  sitePage(`${wrap(rows.map(row).join('\n'))}${pager}`);

const T = (s: string) => `关于${s}的通知`;
const ROUTES: Record<string, RouteHandler> = {
  // `[MM-DD]` in <em> after the link, two pages `index.html`/`index_2.html`, the year turning on page 2.
  ...Object.fromEntries([1, 2].map((n) => [`/em/${n === 1 ? 'index' : 'index_2'}.html`, ((_q, res) => html(res, pageOf(
    n === 1 ? [[T('做好春节前后安全生产工作'), '01-12'], [T('开展元旦春节走访慰问'), '01-05']]
      : [[T('召开年终工作总结会'), '12-30'], [T('冬季森林防火'), '12-18'], [T('开展消防安全宣传月活动'), '11-20']],
    ([t, d], i) => `<li><a href="./art/${n}${i}.html" title="${t}">${t}</a><em>[${d}]</em></li>`,
    (lis) => `<ul class="list_news">${lis}</ul>`,
    `<div class="page">共2页 ${n === 1 ? '<a href="index_2.html">下一页</a>' : '<a href="index.html">上一页</a>'}</div>`,
  ))) as RouteHandler])),
  // `MM/DD` in span.date before the title.
  '/slash/index.html': (_q, res) => html(res, pageOf(
    [[T('公布第三批区级非遗名录'), '11/20'], [T('开展农村饮水安全排查'), '11/02'], [T('组织秋季征兵体检'), '10/15']],
    ([t, d], i) => `<li><span class="date">${d}</span><a href="/slash/c/${i}.html" target="_blank">${t}</a></li>`,
    (lis) => `<div class="list-con"><ul>${lis}</ul></div>`,
  )),
  // 信息公开目录 table: 索引号 and 文号 carry years, the date column only a month-day.
  '/table/index.html': (_q, res) => html(res, pageOf(
    [[T('印发示例区2026年冬春火灾防控方案'), '11-20'], [T('调整区级储备粮轮换计划'), '11-02'], [T('公布2025年度部门预算'), '10-15']],
    ([t, d], i) => `<tr><td>000014349/2026-0012${i}</td><td class="title"><a href="/table/d/${i}.html" title="${t}">${t}</a></td><td>示府办发〔2026〕1${i}号</td><td>${d}</td></tr>`,
    (rows) => `<table class="xxgk-table"><tr><th>索引号</th><th>名称</th><th>文号</th><th>发布日期</th></tr>${rows}</table>`,
  )),
  // `M月D日` before the link in a <dl>.
  '/dl/index.html': (_q, res) => html(res, pageOf(
    [[T('召开街道人大工委会议'), '11月20日'], [T('开展社区网格员培训'), '11月2日'], [T('部署秋冬季大气污染防治'), '10月15日']],
    ([t, d], i) => `<dd><span class="time">${d}</span><a href="/dl/x/${i}.html">${t}</a></dd>`,
    (dds) => `<dl class="infolist"><dt>工作动态</dt>${dds}</dl>`,
  )),
  // `MM-DD HH:mm`.
  '/time/index.html': (_q, res) => html(res, pageOf(
    [[T('发布寒潮蓝色预警'), '11-20 09:30'], [T('发布大风黄色预警'), '11-02 17:05'], [T('发布暴雨蓝色预警'), '10-15 06:00']],
    ([t, d], i) => `<li><a href="/time/y/${i}.html">${t}</a><span class="time">${d}</span></li>`,
    (lis) => `<ul class="news_list">${lis}</ul>`,
  )),
  // Day boxes: the day over the year-month, beside the link or inside it.
  '/daybox/index.html': (_q, res) => html(res, pageOf(
    [[T('召开全区经济工作会议'), '2026-11|20'], [T('开展安全生产月活动'), '2026-11|02'], [T('部署冬季清洁取暖工作'), '2026-10|15']],
    ([t, d], i) => `<li><div class="date"><span>${d.split('|')[1]}</span><em>${d.split('|')[0]}</em></div><div class="txt"><a href="/daybox/z/${i}.html">${t}</a><p>摘要……</p></div></li>`,
    (lis) => `<ul class="news-list">${lis}</ul>`,
  )),
  '/daybox-in-link/index.html': (_q, res) => html(res, pageOf(
    [[T('召开全区经济工作会议'), '2026.11|20'], [T('开展安全生产月活动'), '2026.11|02'], [T('部署冬季清洁取暖工作'), '2026.10|15']],
    ([t, d], i) => `<li><a href="/daybox-in-link/z/${i}.html"><div class="time"><p class="day">${d.split('|')[1]}</p><p class="ym">${d.split('|')[0]}</p></div><h3>${t}</h3></a></li>`,
    (lis) => `<ul class="news-list">${lis}</ul>`,
  )),
};

let site: SiteServer;
beforeAll(async () => { site = await serveSite({ routes: ROUTES }); });
afterAll(async () => { await site.close(); });

const dates = (obs: { items: { date: string | null; dateSource: string | null }[] }) => obs.items.map((i) => [i.date, i.dateSource]);

describe('month-days without a year, placed by list order', () => {
  it('`[MM-DD]` in <em>: a list crossing New Year on page 2 counts down into last year', async () => {
    const obs = await crawlPath(site, '/em/index.html', { today: '2026-01-15' });
    expect(obs.items.map((i) => i.title)).toHaveLength(5);
    expect(dates(obs)).toEqual([['2026-01-12', 'order'], ['2026-01-05', 'order'], ['2025-12-30', 'order'], ['2025-12-18', 'order'], ['2025-11-20', 'order']]);
    expect(obs.newest).toMatchObject({ date: '2026-01-12' });
    expect(obs.listEnd).toBe('end');
    expect(obs.pagesFetched).toBe(2);
  });

  it.each(['/slash/index.html', '/table/index.html', '/dl/index.html', '/time/index.html'])(
    '%s: every row keeps its shown month-day, in the crawl year', async (path) => {
      const obs = await crawlPath(site, path, { today: '2026-11-25' });
      expect(obs.status).toBe('ok');
      expect(obs.items).toHaveLength(3);
      expect(obs.items.every((i) => i.title.startsWith('关于'))).toBe(true);
      expect(dates(obs)).toEqual([['2026-11-20', 'order'], ['2026-11-02', 'order'], ['2026-10-15', 'order']]);
      expect(obs.undatedCount).toBe(0);
    });

  it('the same lists read in January put the November items in last year', async () => {
    const obs = await crawlPath(site, '/table/index.html', { today: '2027-01-03' });
    expect(dates(obs)).toEqual([['2026-11-20', 'order'], ['2026-11-02', 'order'], ['2026-10-15', 'order']]);
  });
});

describe('a full date split into a day box', () => {
  it.each(['/daybox/index.html', '/daybox-in-link/index.html'])('%s: the day and the year-month make the list date', async (path) => {
    const obs = await crawlPath(site, path, { today: '2026-11-25' });
    expect(obs.items.map((i) => i.title)).toEqual([T('召开全区经济工作会议'), T('开展安全生产月活动'), T('部署冬季清洁取暖工作')]);
    expect(dates(obs)).toEqual([['2026-11-20', 'list'], ['2026-11-02', 'list'], ['2026-10-15', 'list']]);
  });

  it('reads a day box only when the element holds just a day and a year-month', () => {
    expect(['20 2026-11', '2026.11 20', '5日 2026年11月', '2026年11月 05'].map(readDayBox)).toEqual(['2026-11-20', '2026-11-20', '2026-11-05', '2026-11-05']);
    expect(['20 2026-13', '31 2026-11', '20', '2026-11', '阅读 20 2026-11', '20 2026-11 浏览 35'].map(readDayBox)).toEqual([null, null, null, null, null, null]);
  });
});
