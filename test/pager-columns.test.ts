import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn, type ColumnCrawlDeps } from '../src/audit/crawl-column.js';
import { columnDeps, makeFetcher, tempDb } from './helpers.js';
import { LAYOUTS, pagedColumn, type Layout, type PagedColumn } from './pager-fixture.js';

const PAGES = 4;
const columns = new Map<Layout, PagedColumn>(LAYOUTS.map((l) => [l, pagedColumn(l, PAGES)]));
const SHAPES: Record<Layout, string> = {
  'trs-variables': 'S1', 'page-div': 'S2', 'next-last': 'S6', 'numbered-query': 'S6', 'script-onclick': 'S6',
  'next-only-repeat': 'S6', 'ilist-words': 'S7', 'table-cell': 'S6',
};

let site: SiteServer;
beforeAll(async () => {
  site = await serveSite({ routes: Object.assign({}, ...[...columns.values()].map((c) => c.routes)) });
});
afterAll(async () => { await site.close(); });

async function crawl(column: PagedColumn, overrides: Partial<ColumnCrawlDeps> = {}) {
  column.log.length = 0;
  const t = tempDb();
  const fetcher = makeFetcher(t.db);
  try {
    return await crawlColumn(
      { name: '工作动态', url: `${site.origin}${column.entry}`, category: 'news', required: [] },
      columnDeps(t.db, fetcher, { horizon: '2025-01-01', ...overrides }),
    );
  } finally {
    fetcher.close();
    t.cleanup();
  }
}

describe('pager layouts are read to their last page', () => {
  it.each(LAYOUTS)('%s', async (layout) => {
    const column = columns.get(layout)!;
    const obs = await crawl(column);
    expect(obs.shape).toBe(SHAPES[layout]);
    expect(obs.items.map((i) => [i.title, i.date])).toEqual(column.items.map((i) => [i.title, i.date]));
    expect(obs.listEnd).toBe('end');
    expect(obs.findings.filter((f) => f.kind === 'page-failed' || f.kind === 'page-cap' || f.kind === 'total-mismatch')).toEqual([]);
    // Every page once; only the repeating server costs one request past the end.
    expect(obs.pagesFetched).toBe(layout === 'next-only-repeat' ? PAGES + 1 : PAGES);
    expect(new Set(column.log).size).toBe(column.log.length);
  });

  it('a list longer than the page cap is marked cut short at the cap', async () => {
    for (const layout of ['next-last', 'trs-variables', 'numbered-query'] as const) {
      const obs = await crawl(columns.get(layout)!, { maxPages: 2 });
      expect(obs.pagesFetched, layout).toBe(2);
      expect(obs.items, layout).toHaveLength(6);
      expect(obs.listEnd, layout).toBe('page-cap');
      expect(obs.listEndNote, layout).toContain('2 页上限');
    }
  });
});
