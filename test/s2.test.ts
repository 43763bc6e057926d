import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import { FIXTURES, columnDeps, makeFetcher, tempDb } from './helpers.js';

let site: SiteServer;
beforeAll(async () => { site = await serveSite({ root: join(FIXTURES, 'pages') }); });
afterAll(async () => { await site.close(); });

async function crawl(horizon: string) {
  const t = tempDb();
  const fetcher = makeFetcher(t.db);
  try {
    return await crawlColumn(
      { name: '政务动态', url: `${site.origin}/s2/zwdt/dezlist.shtml`, category: 'news', required: [] },
      columnDeps(t.db, fetcher, { horizon }),
    );
  } finally {
    fetcher.close();
    t.cleanup();
  }
}

describe('S2 TRS page_div', () => {
  it('reads every page of a 1-based dezlist pager, skipping spacers and nested related links', async () => {
    const obs = await crawl('2024-01-01');
    expect(obs.status).toBe('ok');
    expect(obs.shape).toBe('S2');
    expect(obs.pagesFetched).toBe(3);
    expect(obs.fetches.filter((f) => f.purpose === 'list').map((f) => new URL(f.url).pathname)).toEqual([
      '/s2/zwdt/dezlist.shtml', '/s2/zwdt/dezlist_2.shtml', '/s2/zwdt/dezlist_3.shtml',
    ]);
    expect(obs.items.map((i) => i.date)).toEqual([
      '2026-11-16', '2026-11-09', '2026-10-28', '2026-10-15', '2026-09-30',
      '2026-09-12', '2026-08-20', '2026-07-01', '2026-05-18', '2026-03-03',
      '2025-12-10', '2024-11-20',
    ]);
    expect(obs.items[0]).toMatchObject({
      title: '区政府召开冬季森林防火和安全生产专题工作会议',
      url: `${site.origin}/s2/zwdt/202611/t20261116_5501.shtml`,
    });
    expect(obs.items.some((i) => i.title.includes('解读'))).toBe(false);
    expect(obs.statedTotal).toBe(12);
    expect(obs.findings.filter((f) => f.kind === 'total-mismatch')).toEqual([]);
    expect(obs.newest).toMatchObject({ date: '2026-11-16' });
  });

  it('stops at the page that reaches the horizon', async () => {
    const obs = await crawl('2026-09-01');
    expect(obs.pagesFetched).toBe(2);
    expect(obs.items).toHaveLength(10);
    expect(obs.statedTotal).toBe(12);
    expect(obs.findings.filter((f) => f.kind === 'total-mismatch')).toEqual([]);
  });
});
