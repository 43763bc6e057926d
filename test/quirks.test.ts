import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn, type ColumnCrawlDeps } from '../src/audit/crawl-column.js';
import type { ShapeId } from '../src/config/schema.js';
import type { BrowserPool } from '../src/fetch/browser-pool.js';
import { FIXTURES, columnDeps, makeFetcher, tempDb, testBrowserPool } from './helpers.js';
import { ilistRoute } from './ilist-fixture.js';

let site: SiteServer;
let pool: BrowserPool;
let closePool: () => Promise<void>;
beforeAll(async () => {
  site = await serveSite({ root: join(FIXTURES, 'pages'), routes: { '/s7/iList.jsp': ilistRoute(join(FIXTURES, 'pages', 's7')) } });
  ({ pool, close: closePool } = testBrowserPool());
});
afterAll(async () => {
  await closePool();
  await site.close();
});

async function crawl(path: string, overrides: Partial<ColumnCrawlDeps> = {}, shape?: ShapeId) {
  const t = tempDb();
  const fetcher = makeFetcher(t.db);
  try {
    return await crawlColumn(
      { name: '测试栏目', url: `${site.origin}${path}`, category: 'news', required: [], ...(shape ? { shape } : {}) },
      columnDeps(t.db, fetcher, { horizon: '2024-01-01', ...overrides }),
    );
  } finally {
    fetcher.close();
    t.cleanup();
  }
}

const listUrls = (obs: Awaited<ReturnType<typeof crawl>>) =>
  obs.fetches.filter((f) => f.purpose === 'list').map((f) => new URL(f.url).pathname + new URL(f.url).search);

describe('quirks every crawler must survive (page-shapes.md)', () => {
  it('quirk 2: spacers, nested related links, logo items and the PC+mobile duplicate list are not items', async () => {
    const obs = await crawl('/quirks/noise/dezlist.shtml');
    expect(obs.shape).toBe('S2');
    expect(obs.items.map((i) => [i.title, i.date])).toEqual([
      ['关于做好今冬明春农村安全用电工作的通知', '2026-11-19'],
      ['镇卫生院开展家庭医生签约服务进村活动', '2026-11-12'],
      ['重阳节敬老慰问活动', '2026-10-30'],
      ['秋季征兵政治考核工作', '2026-10-11'],
    ]);
    expect(obs.undatedCount).toBe(0);
    expect(obs.fetches.filter((f) => f.purpose === 'detail')).toEqual([]);
    expect(obs.findings.filter((f) => f.kind === 'total-mismatch')).toEqual([]);
  });

  it('quirk 3: pinned items out of date order do not make the newest or stop pagination early', async () => {
    const obs = await crawl('/quirks/pinned/dezlist.shtml', { horizon: '2025-01-01' });
    expect(obs.items[0]).toMatchObject({ date: '2019-03-01', pinned: true });
    expect(obs.items[1]).toMatchObject({ date: '2023-05-10', pinned: true });
    expect(obs.items[2].pinned).toBeFalsy();
    expect(obs.newest).toMatchObject({ date: '2026-11-15', title: '镇政府召开安全生产月度例会' });
    // Page 1's old pinned items are not the horizon; page 2's 2024-10-01 is.
    expect(listUrls(obs)).toEqual(['/quirks/pinned/dezlist.shtml', '/quirks/pinned/dezlist_2.shtml']);
  });

  it('quirk 5: a future-dated item is reported and ignored for the newest date', async () => {
    const obs = await crawl('/quirks/future/index.html');
    expect(obs.shape).toBe('S1');
    expect(obs.status).toBe('ok');
    expect(obs.futureCount).toBe(1);
    expect(obs.findings).toContainEqual({
      kind: 'future-dated',
      items: [{ title: '关于2026年冬季征兵报名的通告', date: '2027-02-10', url: `${site.origin}/quirks/future/202611/t20261116_6001.html` }],
    });
    expect(obs.newest).toMatchObject({ date: '2026-11-12' });
    expect(obs.items).toHaveLength(4);
  });

  it('quirk 7: off-site and protocol-relative links are kept and resolved', async () => {
    const obs = await crawl('/s7/iList.jsp?cat_id=20');
    expect(obs.shape).toBe('S7');
    expect(obs.items.map((i) => i.url)).toEqual([
      'https://mp.weixin.qq.com/s/fixture-wx-1001',
      'http://wsjkw.example.cn/art/2026/11/5/art_1_1002.html',
      `${site.origin}/s7/iContent.jsp?cat_id=20&id=1003`,
    ]);
    expect(obs.items.map((i) => i.date)).toEqual(['2026-11-14', '2026-11-05', '2026-10-22']);
    expect(obs.newest).toMatchObject({ url: 'https://mp.weixin.qq.com/s/fixture-wx-1001' });
    expect(obs.findings.some((f) => f.kind === 'redirected')).toBe(false);
  });

  // Pages with scripts are judged blank only once the browser has seen the same empty list; without a
  // browser they are "could not check". A page without scripts is blank as served.
  it.each([
    ['暂无信息 under an empty S1 list', '/quirks/blank-notice/index.html', 'S1', true],
    ['暂无数据 as the only S7 row', '/s7/iList.jsp?cat_id=99', 'S7', false],
    ['an empty S2 <ul>', '/quirks/blank-empty/dezlist.shtml', 'S2', true],
    ['an S2 parent column that only links to its children', '/quirks/blank-parent/index.shtml', 'S2', true],
    ['an S3 jpage column with an empty datastore', '/quirks/blank-jpage/index.html', 'S3', true],
  ] as const)('quirk 9: blank column — %s', async (_, path, shape, scripts) => {
    const obs = await crawl(path, { renderer: pool, sessionKey: path });
    expect(obs.shape).toBe(scripts ? `${shape}+browser` : shape);
    expect(obs.status).toBe('blank');
    expect(obs.items).toEqual([]);
    expect(obs.reason).toBeTruthy();
    expect(obs.findings.filter((f) => f.kind === 'total-mismatch' || f.kind === 'page-failed')).toEqual([]);
    expect(obs.findings.some((f) => f.kind === 'rendered-in-browser')).toBe(scripts);
    expect(obs.fetches.filter((f) => f.viaBrowser).length).toBe(scripts ? 1 : 0);

    const withoutBrowser = await crawl(path);
    expect(withoutBrowser.status).toBe(scripts ? 'unparsed' : 'blank');
    if (scripts) expect(withoutBrowser.reason).toContain('需浏览器确认');
  });

  it('quirk 10: a stated total that disagrees with what is served is reported', async () => {
    const obs = await crawl('/quirks/mismatch/dezlist.shtml');
    expect(obs.pagesFetched).toBe(2);
    expect(obs.items).toHaveLength(7);
    expect(obs.statedTotal).toBe(9);
    expect(obs.findings).toContainEqual({ kind: 'total-mismatch', stated: 9, served: 7 });
  });

  it('quirk 11: a 400-page pager is read only until the horizon is reached', async () => {
    const obs = await crawl('/quirks/long/dezlist.shtml', { horizon: '2025-01-01', maxPages: 50 });
    expect(obs.pagesFetched).toBe(2);
    expect(listUrls(obs)).toEqual(['/quirks/long/dezlist.shtml', '/quirks/long/dezlist_2.shtml']);
    expect(obs.items).toHaveLength(8);
    expect(obs.statedTotal).toBe(8000);
    // Not everything was read, so the stated total is not compared; nor is the page cap involved.
    expect(obs.findings.filter((f) => f.kind === 'total-mismatch' || f.kind === 'page-cap')).toEqual([]);
  });
});
