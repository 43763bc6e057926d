import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { itemsOf, NightlyDistrict, serveNightlySite, type DistrictColumn, type NightlySite } from './incremental-fixture.js';
import { ObservationsRepo } from '../src/store/observations-repo.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import { loadDistrictFacts } from '../src/store/district-facts.js';
import type { Fetcher } from '../src/fetch/types.js';
import { columnDeps, makeFetcher } from './helpers.js';
import { SettableClock } from '../src/time/clock.js';
import { seenDates } from '../src/scoring/platform-facts.js';

const [D1, D2, D3, D4] = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'];
const NEWS: DistrictColumn = { name: '工作动态', dir: '/u1/news/' };
const NOTICE: DistrictColumn = { name: '通知公告', dir: '/u1/notice/' };

let site: NightlySite;
let district: NightlyDistrict | undefined;
beforeAll(async () => { site = await serveNightlySite(); });
afterAll(async () => { await site.close(); });
beforeEach(() => {
  // 工作动态: 7 items on 3 pages, answering conditional requests with 304; 通知公告: 4 items on 2 pages, no validators.
  site.columns.set(NEWS.dir, { items: itemsOf('news', '新闻', 7), perPage: 3, etag: true });
  site.columns.set(NOTICE.dir, { items: itemsOf('notice', '公告', 4, '2026-11-15'), perPage: 3, etag: false });
});
afterEach(() => {
  district?.cleanup();
  district = undefined;
  site.columns.clear();
  site.down.clear();
  site.broken.clear();
});

function nightly(crawl: Record<string, number> = {}, columns = [NEWS, NOTICE]): NightlyDistrict {
  district = new NightlyDistrict(site.origin, { u1: columns }, crawl);
  return district;
}

/** The list pages and detail pages each column's directory was asked for during `night`. */
async function requestsOf(night: () => Promise<unknown>): Promise<Record<string, { list: number; detail: number }>> {
  site.log.length = 0;
  await night();
  return Object.fromEntries([NEWS, NOTICE].map((c) => [c.name, { list: site.requests(c.dir, 'list').length, detail: site.requests(c.dir, 'detail').length }]));
}

interface SpanRow { column_name: string; run_id: number; last_run_id: number; observed_on: string; last_observed_on: string; last_read_on: string; status: string }
const spans = (d: NightlyDistrict) => d.rows<SpanRow>(`SELECT column_name, run_id, last_run_id, observed_on, last_observed_on, last_read_on, status
  FROM column_observations ORDER BY column_name, id`);
const columnFacts = (d: NightlyDistrict, upTo: string, name: string) => loadDistrictFacts(d.db, d.loaded().config, upTo).facts.columns.get('u1')!.get(name)!;
const seenOn = (d: NightlyDistrict, upTo: string, name: string) => columnFacts(d, upTo, name).observations.map(seenDates);
/** The distinct [first seen, last seen] pairs of a column's items, as scoring reads them. */
const itemDates = (d: NightlyDistrict, upTo: string, name: string) =>
  [...new Set(columnFacts(d, upTo, name).items.map((i) => `${i.firstSeen} ${i.lastSeen}`))];

describe('an unchanged column on the next night', () => {
  it('costs one request (304 or the same bytes), adds no observation row and moves its items forward', async () => {
    const d = nightly({ linkCheckCount: 3 });
    expect(await requestsOf(() => d.night(D1))).toEqual({ 工作动态: { list: 3, detail: 3 }, 通知公告: { list: 2, detail: 3 } });
    expect(await requestsOf(() => d.night(D2))).toEqual({ 工作动态: { list: 1, detail: 0 }, 通知公告: { list: 1, detail: 0 } });
    expect(spans(d)).toEqual([
      { column_name: '工作动态', run_id: 1, last_run_id: 2, observed_on: D1, last_observed_on: D2, last_read_on: D1, status: 'ok' },
      { column_name: '通知公告', run_id: 1, last_run_id: 2, observed_on: D1, last_observed_on: D2, last_read_on: D1, status: 'ok' },
    ]);
    // Carried items are not written again (one UPDATE per item was half the night's cost): the span says they were seen.
    expect(d.rows('SELECT DISTINCT last_seen FROM items')).toEqual([{ last_seen: D1 }]);
    expect(itemDates(d, D2, NEWS.name)).toEqual([`${D1} ${D2}`]);
    expect(itemDates(d, D2, NOTICE.name)).toEqual([`${D1} ${D2}`]);
    expect(d.rows<{ n: number }>('SELECT COUNT(*) AS n FROM items')[0].n).toBe(11);
    // The 304 is the evidence that the stored list page is still what the server serves.
    expect(d.rows('SELECT purpose, outcome, status_code FROM fetches WHERE run_id = 2 ORDER BY id')).toEqual([
      { purpose: 'list', outcome: 'ok', status_code: 304 }, { purpose: 'list', outcome: 'ok', status_code: 200 },
    ]);
    expect(seenOn(d, D2, '工作动态')).toEqual([[D1, D2]]);
    expect(seenOn(d, D1, '工作动态')).toEqual([[D1]]);
  });

  it('is neither decoded nor parsed: the carried reading never touches the page text', async () => {
    const d = nightly();
    await d.night(D1);
    const history = new ObservationsRepo(d.db).unitHistory('u1');
    const unit = d.loaded().config.units[0];
    const column = unit.columns[0];
    const real = makeFetcher(d.db, { retries: 0 }, new SettableClock(`${D2}T02:00:00+08:00`));
    let textReads = 0;
    const counting = {
    close: () => real.close(),
      async fetch(request) {
        const r = await real.fetch(request);
        // The real result behind it; reading its text is counted.
        return Object.create(r, { text: { get: () => { textReads++; return r.text; } } }) as typeof r;
      },
    } as Fetcher as typeof real;
    const columnId = new ObservationsRepo(d.db).resolveColumns(unit).columns[0].columnId;
    const deps = columnDeps(d.db, counting, { today: D2, columnId, previous: history.latest.get(columnId), fullRereadDays: 7, readKey: 'read otherwise' });
    // Read another way, the same page is decoded and parsed.
    const full = await crawlColumn(column, deps);
    expect(full.reading?.carriedFrom).toBeUndefined();
    expect(textReads).toBeGreaterThan(0);
    textReads = 0;
    const carried = await crawlColumn(column, { ...deps, readKey: history.latest.get(columnId)!.observation.reading.key });
    expect(carried.reading?.carriedFrom).toEqual({ runId: 1, itemCount: 7 });
    expect(carried).toMatchObject({ status: 'ok', pagesFetched: 1, items: [], newest: { date: '2026-11-18' }, listEnd: 'end' });
    expect(textReads).toBe(0);
    real.close();
  });
});

describe('a column that changed', () => {
  it('is read in full when its first page changed: a new row, and only the new item\'s link is checked', async () => {
    const d = nightly({ linkCheckCount: 3 });
    await d.night(D1);
    site.columns.get(NEWS.dir)!.items.unshift({ file: 'tnews8.html', title: '新闻信息8', date: '2026-11-20' });
    expect(await requestsOf(() => d.night(D2))).toEqual({ 工作动态: { list: 3, detail: 1 }, 通知公告: { list: 1, detail: 0 } });
    expect(site.log).toContain('/u1/news/tnews8.html');
    expect(spans(d).map((r) => [r.column_name, r.observed_on, r.last_observed_on])).toEqual([
      ['工作动态', D1, D1], ['工作动态', D2, D2], ['通知公告', D1, D2],
    ]);
    expect(d.rows('SELECT title, first_seen, last_seen FROM items WHERE last_run = 2 AND first_seen = ?', D2)).toEqual([
      { title: '新闻信息8', first_seen: D2, last_seen: D2 },
    ]);
  });

  it('is read in full again once fullRereadDays have passed; an identical result extends its row', async () => {
    const d = nightly({ fullRereadDays: 2 });
    await d.night(D1);
    expect(await requestsOf(() => d.night(D2))).toMatchObject({ 工作动态: { list: 1 }, 通知公告: { list: 1 } });
    expect(await requestsOf(() => d.night(D3))).toMatchObject({ 工作动态: { list: 3 }, 通知公告: { list: 2 } });
    expect(await requestsOf(() => d.night(D4))).toMatchObject({ 工作动态: { list: 1 }, 通知公告: { list: 1 } });
    expect(spans(d).map((r) => [r.column_name, r.run_id, r.last_run_id, r.last_read_on])).toEqual([['工作动态', 1, 4, D3], ['通知公告', 1, 4, D3]]);
    expect(seenOn(d, D4, '通知公告')).toEqual([[D1, D2, D3, D4]]);
  });

  it('is read in full every night with fullRereadDays 0', async () => {
    const d = nightly({ fullRereadDays: 0 });
    await d.night(D1);
    expect(await requestsOf(() => d.night(D2))).toMatchObject({ 工作动态: { list: 3 }, 通知公告: { list: 2 } });
    expect(spans(d)).toHaveLength(2);
  });

  it('is read in full when its configuration changed (cadence, category) or a crawl setting that changes the reading did', async () => {
    const d = nightly();
    await d.night(D1);
    d.configure({ u1: [{ ...NEWS, cadenceDays: 10 }, NOTICE] });
    expect(await requestsOf(() => d.night(D2))).toMatchObject({ 工作动态: { list: 3 }, 通知公告: { list: 1 } });
    d.configure({ u1: [{ ...NEWS, cadenceDays: 10 }, { ...NOTICE, category: 'policy' }] });
    expect(await requestsOf(() => d.night(D3))).toMatchObject({ 工作动态: { list: 1 }, 通知公告: { list: 2 } });
    d.configure({ u1: [{ ...NEWS, cadenceDays: 10 }, { ...NOTICE, category: 'policy' }] }, { maxPagesPerColumn: 5 });
    expect(await requestsOf(() => d.night(D4))).toMatchObject({ 工作动态: { list: 3 }, 通知公告: { list: 2 } });
  });

  it('that could not be read is never carried: a new unreachable row, then a full read and a new row when it is back', async () => {
    const d = nightly();
    await d.night(D1);
    site.down.add(NEWS.dir);
    expect(await requestsOf(() => d.night(D2))).toMatchObject({ 工作动态: { list: 1 }, 通知公告: { list: 1 } });
    site.down.clear();
    expect(await requestsOf(() => d.night(D3))).toMatchObject({ 工作动态: { list: 3 }, 通知公告: { list: 1 } });
    expect(spans(d).filter((r) => r.column_name === '工作动态').map((r) => [r.status, r.observed_on, r.last_observed_on])).toEqual([
      ['ok', D1, D1], ['unreachable', D2, D2], ['ok', D3, D3],
    ]);
    expect(seenOn(d, D3, '工作动态')).toEqual([[D1], [D2], [D3]]);
    expect(seenOn(d, D3, '通知公告')).toEqual([[D1, D2, D3]]);
  });

  it('starts a new row after a night the column was not crawled, even when it saw the same', async () => {
    const d = nightly();
    await d.night(D1);
    d.configure({ u1: [NOTICE] });
    await d.night(D2);
    d.configure({ u1: [NEWS, NOTICE] });
    expect(await requestsOf(() => d.night(D3))).toMatchObject({ 工作动态: { list: 1 } });
    expect(spans(d).filter((r) => r.column_name === '工作动态').map((r) => [r.run_id, r.last_run_id])).toEqual([[1, 1], [3, 3]]);
    expect(seenOn(d, D3, '工作动态')).toEqual([[D1, D3]]);
    expect(itemDates(d, D3, NEWS.name)).toEqual([`${D1} ${D3}`]);
  });
});
