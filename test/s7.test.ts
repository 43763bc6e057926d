import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import { FIXTURES, columnDeps, makeFetcher, tempDb } from './helpers.js';
import { ilistRoute } from './ilist-fixture.js';

let site: SiteServer;
beforeAll(async () => {
  site = await serveSite({ root: join(FIXTURES, 'pages'), routes: { '/s7/iList.jsp': ilistRoute(join(FIXTURES, 'pages', 's7')) } });
});
afterAll(async () => { await site.close(); });

async function crawl(path: string, horizon = '2024-01-01') {
  const t = tempDb();
  const fetcher = makeFetcher(t.db);
  try {
    return await crawlColumn(
      { name: '工作动态', url: `${site.origin}${path}`, category: 'news', required: [] },
      columnDeps(t.db, fetcher, { horizon }),
    );
  } finally {
    fetcher.close();
    t.cleanup();
  }
}

const ALL_DATES = [
  '2026-11-17', '2026-11-11', '2026-11-03', '2026-10-26', '2026-10-19',
  '2026-10-08', '2026-09-21', '2026-09-02', '2026-08-15', '2026-07-30',
  '2026-05-06', '2025-12-25',
];

describe('S7 JSP iList', () => {
  it('reads labelled dates and follows cur_page up to the a.all page', async () => {
    const obs = await crawl('/s7/iList.jsp?cat_id=12&cur_page=1');
    expect(obs.status).toBe('ok');
    expect(obs.shape).toBe('S7');
    expect(obs.pagesFetched).toBe(3);
    expect(obs.fetches.filter((f) => f.purpose === 'list').map((f) => new URL(f.url).search)).toEqual([
      '?cat_id=12&cur_page=1', '?cat_id=12&cur_page=2', '?cat_id=12&cur_page=3',
    ]);
    expect(obs.items.map((i) => i.date)).toEqual(ALL_DATES);
    // The source field (来源：第3网格) must not be read as a date.
    expect(obs.items[2]).toMatchObject({
      title: '第3网格开展独居老人走访', date: '2026-11-03', url: `${site.origin}/s7/iContent.jsp?cat_id=12&id=9010`,
    });
    expect(obs.statedTotal).toBe(12);
    expect(obs.findings.filter((f) => f.kind === 'total-mismatch')).toEqual([]);
  });

  it('reads rows that put the date before the link', async () => {
    const obs = await crawl('/s7/iList.jsp?cat_id=15');
    expect(obs.shape).toBe('S7');
    expect(obs.pagesFetched).toBe(1);
    expect(obs.items.map((i) => [i.title, i.date])).toEqual([
      ['关于2026年度城乡居民医疗保险集中缴费的通知', '2026-11-06'],
      ['关于国庆节放假期间办事大厅安排的公告', '2026-10-02'],
      ['第2季度政务服务满意度测评结果公示', '2026-08-19'],
    ]);
  });

  it('walks page by page when the pager has only previous/next links and no a.all', async () => {
    const obs = await crawl('/s7/iList.jsp?cat_id=16');
    expect(obs.pagesFetched).toBe(3);
    expect(obs.fetches.filter((f) => f.purpose === 'list').map((f) => new URL(f.url).search)).toEqual([
      '?cat_id=16', '?cat_id=16&cur_page=2', '?cat_id=16&cur_page=3',
    ]);
    expect(obs.items.map((i) => i.date)).toEqual(['2026-11-13', '2026-10-09', '2026-06-30', '2026-02-20', '2025-09-01']);
    expect(obs.items[4].title).toBe('某某镇国土空间总体规划（2021—2035年）');
  });

  it('follows the rightFrame iframe of an iIndex.jsp page to its iList.jsp', async () => {
    const obs = await crawl('/s7/iIndex.jsp?cat_id=12', '2026-10-01');
    expect(obs.status).toBe('ok');
    expect(obs.shape).toBe('S7');
    expect(obs.finalUrl).toBe(`${site.origin}/s7/iList.jsp?cat_id=12`);
    expect(obs.fetches.filter((f) => f.purpose === 'list').map((f) => new URL(f.url).pathname + new URL(f.url).search)).toEqual([
      '/s7/iIndex.jsp?cat_id=12', '/s7/iList.jsp?cat_id=12', '/s7/iList.jsp?cat_id=12&cur_page=2',
    ]);
    expect(obs.items.map((i) => i.date)).toEqual(ALL_DATES.slice(0, 10));
    expect(obs.items.some((i) => i.title.includes('工作动态'))).toBe(false);
  });
});
