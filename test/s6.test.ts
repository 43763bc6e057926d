import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import { detectShape } from '../crawlers/index.js';
import { s6StaticList } from '../crawlers/s6-static-list.js';
import type { FetchResult } from '../src/fetch/types.js';
import { FIXTURES, columnDeps, makeFetcher, tempDb } from './helpers.js';

let site: SiteServer;
beforeAll(async () => { site = await serveSite({ root: join(FIXTURES, 'pages') }); });
afterAll(async () => { await site.close(); });

function pageOf(html: string, url = 'http://town.example/xxgk/list/index.html'): FetchResult {
  return { request: { url }, outcome: 'ok', finalUrl: url, text: html, unchanged: false, redirects: [], elapsedMs: 0, attempts: 1 };
}

async function crawl(path: string, overrides: Parameters<typeof columnDeps>[2] = {}) {
  const t = tempDb();
  const fetcher = makeFetcher(t.db);
  try {
    return await crawlColumn(
      { name: '栏目', url: `${site.origin}${path}`, category: 'notice', required: [] },
      columnDeps(t.db, fetcher, overrides),
    );
  } finally {
    fetcher.close();
    t.cleanup();
  }
}

describe('S6 static city-portal lists', () => {
  it('is detected last and reads the news list, not menus, breadcrumbs or friend links', async () => {
    const obs = await crawl('/s6/dated/index.html');
    expect(obs.status).toBe('ok');
    expect(obs.shape).toBe('S6');
    expect(obs.items).toHaveLength(8);
    expect(obs.items.every((i) => i.url?.includes('/s6/dated/20'))).toBe(true);
    expect(obs.items.map((i) => i.date)).toEqual([
      '2026-11-18', '2026-11-12', '2026-11-05', '2026-10-26', '2026-08-27', '2026-07-15', '2026-05-20', '2024-12-03',
    ]);
    // 共2页 on page 2: no probe of index_3.html.
    expect(obs.pagesFetched).toBe(2);
    expect(obs.findings.filter((f) => f.kind === 'page-failed')).toEqual([]);
  });

  it('reads table rows with 年月日 dates, keeps off-site items, and ignores a hidden duplicate mobile list', async () => {
    const obs = await crawl('/s6/table/index.html');
    expect(obs.shape).toBe('S6');
    expect(obs.items.map((i) => i.date)).toEqual(['2026-11-10', '2026-10-09', '2026-09-08', '2026-09-01']);
    expect(obs.items[3].url).toBe('https://mp.weixin.qq.example/s/abc');
    // No pager at all: the probe of index_2.html ends with a 404, which is not a failure.
    expect(obs.findings.some((f) => f.kind === 'page-failed')).toBe(false);
  });

  it('probes index_2.html on an undated list and takes the 404 as the end of the list', async () => {
    const obs = await crawl('/s6/undated/index.html', { maxDetailFetches: 0 });
    expect(obs.shape).toBe('S6');
    expect(obs.items).toHaveLength(5);
    expect(obs.undatedCount).toBe(5);
    expect(obs.fetches.filter((f) => f.purpose === 'list').map((f) => f.url.replace(site.origin, ''))).toEqual([
      '/s6/undated/index.html', '/s6/undated/index_2.html',
    ]);
    expect(obs.fetches[1].status).toBe(404);
    expect(obs.findings.some((f) => f.kind === 'page-failed')).toBe(false);
    expect(obs.status).toBe('ok');
  });

  it('does not take a JS shell with only a menu for a list, and asks for a browser', () => {
    const shell = `<html><body><div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/a/">政务公开</a></li>
      <li><a href="/b/">办事服务</a></li></ul></div><div id="list"></div>
      <script>fetch('data.json').then(r => r.json()).then(d => { document.getElementById('list').innerHTML = d.html; });</script></body></html>`;
    expect(s6StaticList.detect(pageOf(shell))).toBe(false);
    const e = s6StaticList.extract(pageOf(shell), { pageIndex: 0 });
    expect(e.items).toEqual([]);
    expect(e.needsBrowser).toBe(true);
  });

  it('reports a blank column that says 暂无信息', () => {
    const html = '<html><body><div class="nav"><a href="/">首页</a></div><ul class="news_list"></ul><p>暂无信息</p></body></html>';
    expect(detectShape(pageOf(html))?.id).toBe('S6');
    const e = s6StaticList.extract(pageOf(html), { pageIndex: 0 });
    expect(e).toMatchObject({ items: [], blank: true, next: [] });
  });

  it('follows a 下一页 link of another naming scheme', () => {
    const html = readFileSync(join(FIXTURES, 'pages/s6/dated/index.html'), 'utf8')
      .replace(/<div class="page">[\s\S]*?<\/div>/, '<div class="pagination"><a href="list.jsp?page=2">下一页</a></div>');
    const e = s6StaticList.extract(pageOf(html, 'http://town.example/col/list.jsp?page=1'), { pageIndex: 0 });
    expect(e.items).toHaveLength(5);
    expect(e.next).toEqual([{ url: 'http://town.example/col/list.jsp?page=2' }]);
  });

  it("prefers the column's own list to a longer dated sidebar, and skips boxes of sub-column links", () => {
    const sidebar = Array.from({ length: 8 }, (_, i) =>
      `<li><a href="/xwzx/rdxw/202611/t2026110${i + 1}_9${i}.html">热点新闻第${i + 1}条标题足够长</a><span>2026-11-0${i + 1}</span></li>`).join('');
    const subColumns = ['规范性文件栏目', '部门文件目录栏目', '政策解读栏目列表'].map((t, i) => `<li><a href="/xxgk/c${i}/index.html">${t}</a></li>`).join('');
    const html = `<html><body><div class="l"><ul class="sub">${subColumns}</ul></div>
      <div class="r"><ul class="list"><li><a href="./202609/t20260901_1.html">示例镇九月份重点工作安排</a><span>2026-09-01</span></li>
      <li><a href="./202608/t20260801_2.html">示例镇八月份重点工作安排</a><span>2026-08-01</span></li>
      <li><a href="./202607/t20260701_3.html">示例镇七月份重点工作安排</a><span>2026-07-01</span></li></ul></div>
      <div class="hotnews"><ul class="rdxw">${sidebar}</ul></div></body></html>`;
    const e = s6StaticList.extract(pageOf(html, 'http://town.example/xxgk/gzdt/index_4.html'), { pageIndex: 4 });
    expect(e.items.map((i) => i.date)).toEqual(['2026-09-01', '2026-08-01', '2026-07-01']);
    const undated = html.replace(/<span>2026-0\d-01<\/span>/g, '').replace('<div class="hotnews">', '<div class="hotnews" hidden>').replace(/<span>2026-11-0\d<\/span>/g, '');
    const u = s6StaticList.extract(pageOf(undated, 'http://town.example/xxgk/gzdt/index.html'), { pageIndex: 0 });
    expect(u.items.map((i) => i.title)).toEqual(['示例镇九月份重点工作安排', '示例镇八月份重点工作安排', '示例镇七月份重点工作安排']);
  });

  it('leaves pages of other shapes to their modules', () => {
    const s1 = readFileSync(join(FIXTURES, 'pages/s1/index.html'), 'utf8');
    expect(detectShape(pageOf(s1))?.id).toBe('S1');
  });
});
