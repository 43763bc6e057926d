import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import { FIXTURES, columnDeps, makeFetcher, tempDb } from './helpers.js';
import { JPAGE_COLUMNS, jpageProxyRoute, jpageRecordDate, jpageRecordTitle, type ProxyCall } from './jpage-fixture.js';

const calls: ProxyCall[] = [];
let site: SiteServer;
beforeAll(async () => {
  site = await serveSite({ root: join(FIXTURES, 'pages'), routes: { '/module/web/jpage/dataproxy.jsp': jpageProxyRoute(calls) } });
});
afterAll(async () => { await site.close(); });
beforeEach(() => { calls.length = 0; });

async function crawl(columnid: string, horizon: string) {
  const t = tempDb();
  const fetcher = makeFetcher(t.db);
  try {
    return await crawlColumn(
      { name: '工作动态', url: `${site.origin}/s3/col/col${columnid}/index.html`, category: 'news', required: [] },
      columnDeps(t.db, fetcher, { horizon }),
    );
  } finally {
    fetcher.close();
    t.cleanup();
  }
}

describe('S3 Hanweb jpage', () => {
  const [main, nextGroupStyle] = JPAGE_COLUMNS;

  it('reads the inline datastore, then later groups by POST to dataproxy.jsp, deduping the mobile copy and overlaps', async () => {
    const obs = await crawl('4821', '2024-01-01');
    expect(obs.status).toBe('ok');
    expect(obs.shape).toBe('S3');
    expect(obs.pagesFetched).toBe(3);
    expect(calls.map((c) => c.query)).toEqual([
      '?startrecord=16&endrecord=30&perpage=5', '?startrecord=31&endrecord=45&perpage=5',
    ]);
    expect(calls[0].form).toMatchObject({ columnid: '4821', unitid: '9930', webid: '12', path: '/', webname: '某某镇人民政府' });
    // 15 inline (twice: PC and mobile), 16 from the second group (one overlapping), 9 from the third.
    expect(obs.items).toHaveLength(38);
    expect(obs.items.map((i) => i.date)).toEqual(Array.from({ length: 38 }, (_, n) => jpageRecordDate(main, n + 1)));
    expect(obs.items[0]).toMatchObject({
      title: jpageRecordTitle(main, 1),
      url: `${site.origin}/s3/art/2026/11/18/art_4821_1.html`,
    });
    expect(obs.items[20].url).toBe(`${site.origin}/s3/art/${jpageRecordDate(main, 21).replace(/-0?/g, '/')}/art_4821_21.html`);
    // The mobile call's totalRecord:1000 is a placeholder; the proxy's <totalrecord> is believed.
    expect(obs.statedTotal).toBe(38);
    expect(obs.findings.filter((f) => f.kind === 'total-mismatch')).toEqual([]);
    expect(obs.newest).toMatchObject({ date: '2026-11-18' });
  });

  it('takes the proxy parameters from the nextgroup link when the jpage call has none', async () => {
    const obs = await crawl('4822', '2024-01-01');
    expect(obs.shape).toBe('S3');
    expect(calls).toHaveLength(1);
    expect(calls[0].form).toMatchObject({ columnid: '4822', unitid: '9930', webid: '12', webname: '某某镇' });
    expect(calls[0].form.page).toBeUndefined();
    expect(obs.items).toHaveLength(20);
    expect(obs.items.at(-1)?.date).toBe(jpageRecordDate(nextGroupStyle, 20));
    expect(obs.statedTotal).toBe(20);
    expect(obs.pagesFetched).toBe(2);
  });

  it('asks the proxy for no more groups once the horizon is reached', async () => {
    const obs = await crawl('4821', '2026-07-01');
    expect(obs.pagesFetched).toBe(2);
    expect(calls).toHaveLength(1);
    expect(obs.items).toHaveLength(30);
  });
});
