import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import { FIXTURES, columnDeps, makeFetcher, tempDb } from './helpers.js';

let site: SiteServer;
beforeAll(async () => { site = await serveSite({ root: join(FIXTURES, 'pages') }); });
afterAll(async () => { await site.close(); });

describe('S1 TRS classic', () => {
  it('reads items, skips spacers and nested related links, follows 0-based pagination', async () => {
    const t = tempDb();
    const fetcher = makeFetcher(t.db);
    const obs = await crawlColumn(
      { name: '工作动态', url: `${site.origin}/s1/index.html`, category: 'news', shape: 'S1', required: [] },
      columnDeps(t.db, fetcher),
    );
    fetcher.close();
    t.cleanup();
    expect(obs.status).toBe('ok');
    expect(obs.shape).toBe('S1');
    expect(obs.pagesFetched).toBe(3);
    expect(obs.items.map((i) => i.date)).toEqual([
      '2026-11-18', '2026-11-10', '2026-11-05', '2026-10-30', '2026-10-21', '2026-09-15', '2026-08-27', '2024-12-01',
    ]);
    expect(obs.items[0].title).toBe('关于开展2026年冬季安全生产大检查工作的通知（全文）');
    expect(obs.items.some((i) => i.title.includes('图解'))).toBe(false);
    expect(obs.newest).toMatchObject({ date: '2026-11-18' });
  });

  it('stops paginating once a page reaches the horizon', async () => {
    const t = tempDb();
    const fetcher = makeFetcher(t.db);
    const obs = await crawlColumn(
      { name: '工作动态', url: `${site.origin}/s1/index.html`, category: 'news', required: [] },
      columnDeps(t.db, fetcher, { horizon: '2026-10-25' }),
    );
    fetcher.close();
    t.cleanup();
    expect(obs.shape).toBe('S1');
    expect(obs.pagesFetched).toBe(1);
  });
});
