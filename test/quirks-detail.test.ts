import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import { detailDate } from '../crawlers/detail-date.js';
import { FIXTURES, columnDeps, makeFetcher, tempDb } from './helpers.js';

let site: SiteServer;
beforeAll(async () => { site = await serveSite({ root: join(FIXTURES, 'pages') }); });
afterAll(async () => { await site.close(); });

async function crawl(path: string, overrides: Parameters<typeof columnDeps>[2] = {}) {
  const t = tempDb();
  const fetcher = makeFetcher(t.db);
  try {
    return await crawlColumn(
      { name: '栏目', url: `${site.origin}${path}`, category: 'policy', required: [] },
      columnDeps(t.db, fetcher, overrides),
    );
  } finally {
    fetcher.close();
    t.cleanup();
  }
}

const detail = (name: string) => readFileSync(join(FIXTURES, 'pages/s6/undated/content', name), 'utf8');

describe('quirks around dates and titles (page-shapes.md)', () => {
  it('quirk 1: items without a date on the list are dated from their detail pages, at most maxDetailFetches', async () => {
    const obs = await crawl('/s6/undated/index.html', { maxDetailFetches: 4 });
    expect(obs.status).toBe('ok');
    expect(obs.items.map((i) => [i.date, i.dateSource])).toEqual([
      ['2026-11-12', 'detail'], // 信息提供日期：
      ['2026-11-03', 'detail'], // only <meta name="PubDate">
      ['2026-10-28', 'detail'], // 发布日期 wins over a generation-time meta
      ['2026-10-15', 'detail'], // 发布时间 in a table cell; 生成日期 ignored
      [null, null], // the cap was reached
    ]);
    expect(obs.fetches.filter((f) => f.purpose === 'detail')).toHaveLength(4);
    expect(obs.undatedCount).toBe(1);
    expect(obs.newest).toMatchObject({ date: '2026-11-12', title: '图解：示例区2027年民生实事项目征集方案' });
  });

  it('quirk 1: with maxDetailFetches 0 no detail page is fetched and the items stay undated', async () => {
    const obs = await crawl('/s6/undated/index.html', { maxDetailFetches: 0 });
    expect(obs.fetches.filter((f) => f.purpose === 'detail')).toHaveLength(0);
    expect(obs.undatedCount).toBe(5);
    expect(obs.newest).toBeUndefined();
  });

  it('quirk 4: month-day dates without a year are placed across the year boundary', async () => {
    const obs = await crawl('/s6/monthday/index.html', { today: '2027-01-05', horizon: '2026-01-01' });
    expect(obs.shape).toBe('S6');
    expect(obs.items.map((i) => i.date)).toEqual(['2027-01-03', '2026-12-30', '2026-12-24', '2026-11-02']);
    expect(obs.futureCount).toBe(0);
  });

  it('quirk 6: the shown list date wins over the date in the URL (t20260828)', async () => {
    const obs = await crawl('/s6/dated/index.html');
    const item = obs.items.find((i) => i.url?.includes('t20260828_2005'));
    expect(item).toMatchObject({ date: '2026-08-27', dateSource: 'list' });
    expect(obs.fetches.some((f) => f.purpose === 'detail')).toBe(false);
  });

  it('quirk 6: a detail meta date that is a page-generation time does not override a labelled date', () => {
    expect(detailDate(detail('post_103.html'), '2026-11-20')).toBe('2026-10-28');
    expect(detailDate(detail('post_104.html'), '2026-11-20')).toBe('2026-10-15');
    expect(detailDate(detail('post_102.html'), '2026-11-20')).toBe('2026-11-03');
    expect(detailDate('<html><body><p>打印日期：2026-11-20</p><p>正文</p></body></html>', '2026-11-20')).toBeNull();
  });

  it('quirk 12: truncated titles are replaced by the full title in title=', async () => {
    const obs = await crawl('/s6/dated/index.html');
    const titles = obs.items.map((i) => i.title);
    expect(titles).toContain('示例区关于开展2026年度冬季城乡环境卫生综合整治行动的通知');
    expect(titles).toContain('关于公布第三批区级非物质文化遗产代表性项目名录的公告');
    expect(titles.some((t) => /…|\.\.\.$/.test(t))).toBe(false);
    const undated = await crawl('/s6/undated/index.html', { maxDetailFetches: 0 });
    expect(undated.items[1].title).toBe('一图读懂《示例区促进夜间经济发展的若干措施》');
  });
});
