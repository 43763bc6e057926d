import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configProblems, IdentityDistrict, serveIdentitySite, type FixtureColumn, type FixtureItem, type IdentitySite } from './identity-fixture.js';
import { platformFindings } from '../reports/platform-findings.js';
import type { Finding } from '../src/audit/observation.js';
import type { UnitScore } from '../src/scoring/score-unit.js';
import { itemKey } from '../src/identity/keys.js';
import { resolveColumns, type RegisteredColumn } from '../src/identity/resolve-columns.js';

// Nights: D1 lists a recent item that is gone by D2; D2 is 50 days after the old items' dates, so an old
// item seen as new on D2 would be flagged as backdated (tolerance 30 days).
const D1 = '2026-11-02';
const D2 = '2026-11-20';
const D3 = '2026-11-21';
const OLD: FixtureItem[] = [
  { href: '/site/news/t1.html', title: '旧闻一', date: '2026-10-01' },
  { href: '/site/news/t2.html', title: '旧闻二', date: '2026-10-05' },
  { href: 'http://wx.invalid/s/abc', title: '公众号文章', date: '2026-10-03' },
];
const RECENT: FixtureItem = { href: '/site/news/t3.html', title: '近闻', date: '2026-11-01' };
// Period 10-01..D2 = 51 days, all reconstructed or observed. With the whole history (news, 14 days):
// 10-01..10-19 fresh (19), 10-20..10-31 stale, 11-01..11-15 fresh (15, the recent item), 11-16..11-20 stale → 34.
// Without the D1 crawl the recent item is unknown: only 10-01..10-19 → 19.
const WITH_HISTORY = { checkedDays: 51, compliantDays: 34 };
const FRESH = { checkedDays: 51, compliantDays: 19 };

let site: IdentitySite;
let district: IdentityDistrict | undefined;
beforeAll(async () => { site = await serveIdentitySite(); });
afterAll(async () => { await site.close(); });
afterEach(() => {
  district?.cleanup();
  district = undefined;
  site.movedToHttps.clear();
});

/** Both list paths show the D1 list (with the recent item) or the D2 list (without). */
function listsOf(night: 'd1' | 'd2'): void {
  const items = night === 'd1' ? [RECENT, ...OLD] : OLD;
  for (const path of ['/site/news/index.html', '/site/news2/index.html', '/ctl/news/index.html']) site.lists.set(path, items);
}

/** Unit `a` as configured each night, and unit `b`, the same column left alone, as the control. */
async function nights(a: FixtureColumn[], after: Partial<Record<'d2' | 'd3', FixtureColumn[]>>, beforeD2 = () => {}): Promise<IdentityDistrict> {
  const b: FixtureColumn[] = [{ name: '工作动态', url: `${site.http}/ctl/news/index.html` }];
  const d = new IdentityDistrict({ a, b });
  district = d;
  listsOf('d1');
  await d.night(D1);
  listsOf('d2');
  beforeD2();
  d.configure({ a: after.d2 ?? a, b });
  await d.night(D2);
  if (after.d3) {
    d.configure({ a: after.d3, b });
    await d.night(D3);
  }
  return d;
}

const observations = (d: IdentityDistrict, unit: string) =>
  d.rows<{ column_id: string; column_name: string; observed_on: string; final_url: string; findings_json: string }>(
    'SELECT column_id, column_name, observed_on, final_url, findings_json FROM column_observations WHERE unit_id = ? ORDER BY id', unit);
const siteMoves = (findingsJson: string) => (JSON.parse(findingsJson) as Finding[]).filter((f) => f.kind === 'site-moved');
const itemCount = (d: IdentityDistrict, unit: string) =>
  d.rows<{ n: number }>('SELECT COUNT(*) AS n FROM items WHERE unit_id = ?', unit)[0].n;
const registry = (d: IdentityDistrict, unit = 'a') =>
  d.rows<Record<string, string | null>>('SELECT column_id, url_key, host, name, source, merged_into FROM column_registry WHERE unit_id = ? ORDER BY rowid', unit);
const column = (s: UnitScore) => s.platform.columns[0];

describe('a renamed column', () => {
  it('keeps its id, its history and its score, also when scored before the next crawl', async () => {
    const url = `${site.http}/site/news/index.html`;
    const d = await nights([{ name: '工作动态', url }], { d2: [{ name: '新闻动态', url }] });
    const rows = observations(d, 'a');
    expect(rows.map((r) => r.column_name)).toEqual(['工作动态', '新闻动态']);
    expect(new Set(rows.map((r) => r.column_id)).size).toBe(1);
    const a = d.score('a', D2);
    expect(column(a)).toMatchObject({ name: '新闻动态', ...WITH_HISTORY, backdatedItems: [] });
    expect(a.platform.score).toBe(d.score('b', D2).platform.score);
    expect(a.platform.score).toBe(13.33);
  });

  it('is matched by its URL on the read path without writing to the registry', async () => {
    const url = `${site.http}/site/news/index.html`;
    const d = new IdentityDistrict({ a: [{ name: '工作动态', url }] });
    district = d;
    listsOf('d1');
    await d.night(D1);
    const before = registry(d);
    d.configure({ a: [{ name: '新闻动态', url }] });
    expect(column(d.score('a', D1))).toMatchObject({ name: '新闻动态', status: 'ok', newestDate: '2026-11-01' });
    expect(registry(d)).toEqual(before);
  });
});

describe('a column whose URL path changed without a config id', () => {
  it('is a new column: the old history is not inherited', async () => {
    const d = await nights([{ name: '工作动态', url: `${site.http}/site/news/index.html` }],
      { d2: [{ name: '工作动态', url: `${site.http}/site/news2/index.html` }] });
    const rows = observations(d, 'a');
    expect(new Set(rows.map((r) => r.column_id)).size).toBe(2);
    const a = column(d.score('a', D2));
    expect(a).toMatchObject({ ...FRESH, newestDate: '2026-10-05', backdatedItems: [] });
    expect(column(d.score('b', D2))).toMatchObject(WITH_HISTORY);
  });
});

describe('a config id added to a column registered under a derived id', () => {
  it('carries the history over: before the next crawl (read only) and after it (rows moved, registry maps it)', async () => {
    const url = `${site.http}/site/news/index.html`;
    const d = new IdentityDistrict({ a: [{ name: '工作动态', url }], b: [{ name: '工作动态', url: `${site.http}/ctl/news/index.html` }] });
    district = d;
    listsOf('d1');
    await d.night(D1);
    const [derived] = registry(d);
    expect(derived).toMatchObject({ source: 'derived', url_key: '/site/news/index.html', merged_into: null });
    expect(derived.column_id).toMatch(/^url:[0-9a-f]{12}$/);

    d.configure({ a: [{ id: 'gzdt', name: '工作动态', url }], b: [{ name: '工作动态', url: `${site.http}/ctl/news/index.html` }] });
    expect(column(d.score('a', D1))).toMatchObject({ status: 'ok', newestDate: '2026-11-01' });
    expect(registry(d)).toEqual([derived]);

    listsOf('d2');
    await d.night(D2);
    expect(registry(d)).toEqual([
      { ...derived, merged_into: 'gzdt' },
      expect.objectContaining({ column_id: 'gzdt', source: 'config', url_key: '/site/news/index.html' }),
    ]);
    for (const table of ['column_observations', 'items', 'fetches']) {
      expect(d.rows(`SELECT DISTINCT column_id FROM ${table} WHERE unit_id = 'a'`)).toEqual([{ column_id: 'gzdt' }]);
    }
    expect(itemCount(d, 'a')).toBe(itemCount(d, 'b'));
    const a = d.score('a', D2);
    expect(column(a)).toMatchObject({ ...WITH_HISTORY, backdatedItems: [] });
    expect(a.platform.score).toBe(d.score('b', D2).platform.score);
  });
});

describe('a site move', () => {
  async function expectOneMove(d: IdentityDistrict, from: string, to: string): Promise<void> {
    const rows = observations(d, 'a');
    expect(rows.map((r) => r.observed_on)).toEqual([D1, D2, D3]);
    expect(new Set(rows.map((r) => r.column_id)).size).toBe(1);
    expect(rows.map((r) => siteMoves(r.findings_json))).toEqual([[], [{ kind: 'site-moved', from, to }], []]);
    // The same four items, matched under the new origin; the off-site article keeps its host.
    expect(itemCount(d, 'a')).toBe(4);
    expect(d.rows<{ item_key: string; first_seen: string }>(`SELECT item_key, first_seen FROM items WHERE unit_id = 'a' ORDER BY item_key`)).toEqual([
      { item_key: '//wx.invalid/s/abc', first_seen: D1 },
      { item_key: '/site/news/t1.html', first_seen: D1 },
      { item_key: '/site/news/t2.html', first_seen: D1 },
      { item_key: '/site/news/t3.html', first_seen: D1 },
    ]);
    const a = d.score('a', D3);
    expect(column(a)).toMatchObject({ backdatedItems: [], siteMoves: [{ on: D2, from, to }] });
    expect(a.platform.score).toBe(d.score('b', D3).platform.score);
    const notes = platformFindings(a.platform).filter((l) => l.text.includes('站点迁移'));
    expect(notes).toEqual([{ column: '工作动态', severity: 'note', pointsLost: 0, url: expect.any(String),
      text: `栏目「工作动态」网址由 ${from} 变为 ${to}（站点迁移，${D2} 发现），历史记录已延续，未因此标记补发信息` }]);
    // Columns that moved together are one note, not one per column.
    const twice = { ...a.platform, columns: [column(a), { ...column(a), name: '通知公告' }] };
    expect(platformFindings(twice).filter((l) => l.text.includes('站点迁移')).map((l) => l.text)).toEqual([
      `2 个栏目（「工作动态」「通知公告」）网址由 ${from} 变为 ${to}（站点迁移，${D2} 发现），历史记录已延续，未因此标记补发信息`]);
  }

  it('from http to https (the old address redirects) is one finding, the same items, no backdating, the same score', async () => {
    const columns = [{ name: '工作动态', url: `${site.http}/site/news/index.html` }];
    const d = await nights(columns, { d3: columns }, () => site.movedToHttps.add('/site/news/index.html'));
    expect(observations(d, 'a').map((r) => new URL(r.final_url).protocol)).toEqual(['http:', 'https:', 'https:']);
    await expectOneMove(d, site.http, site.https);
  });

  it('to another host (the office updates the URL) is one finding, the same items, no backdating, the same score', async () => {
    const moved = [{ name: '工作动态', url: `${site.http.replace('127.0.0.1', 'localhost')}/site/news/index.html` }];
    const d = await nights([{ name: '工作动态', url: `${site.http}/site/news/index.html` }], { d2: moved, d3: moved });
    await expectOneMove(d, site.http, site.http.replace('127.0.0.1', 'localhost'));
  });

  it('with new item addresses as well flags none of the old items, yet still flags a backdated item found later', async () => {
    const moved = [{ name: '工作动态', url: `${site.http.replace('127.0.0.1', 'localhost')}/site/news/index.html` }];
    const d = await nights([{ name: '工作动态', url: `${site.http}/site/news/index.html` }], { d2: moved }, () => {
      site.lists.set('/site/news/index.html', OLD.map((i) => ({ ...i, href: i.href.replace('/site/news/', '/cms/art/') })));
    });
    expect(column(d.score('a', D2)).backdatedItems).toEqual([]);
    site.lists.set('/site/news/index.html', [{ href: '/cms/art/late.html', title: '补发', date: '2026-10-02' }, ...OLD]);
    d.configure({ a: moved, b: [{ name: '工作动态', url: `${site.http}/ctl/news/index.html` }] });
    await d.night(D3);
    expect(column(d.score('a', D3)).backdatedItems).toEqual([{ title: '补发', published: '2026-10-02', firstSeen: D3 }]);
    expect(observations(d, 'a').filter((r) => siteMoves(r.findings_json).length > 0).map((r) => r.observed_on)).toEqual([D2]);
  });
});

describe('config column ids', () => {
  it('rejects an id used twice in a unit, naming both columns, and an id that is not a slug', () => {
    expect(configProblems([
      { id: 'gzdt', name: '工作动态', url: 'http://x.example/a/' },
      { name: '通知公告', url: 'http://x.example/b/' },
      { id: 'gzdt', name: '新闻', url: 'http://x.example/c/' },
    ])).toEqual(['units[0].columns[2].id: duplicate column id "gzdt" in unit "a": used by "工作动态" (units[0].columns[0]) and "新闻" (units[0].columns[2])']);
    expect(configProblems([{ id: 'GZ_DT', name: '工作动态', url: 'http://x.example/a/' }]))
      .toEqual(['units[0].columns[0].id: expected a lower-case slug: letters, digits and dashes, got "GZ_DT"']);
  });

  it('asks for ids when one page (scheme aside) is configured twice, and allows one path on two hosts', () => {
    expect(configProblems([
      { name: '首页', url: 'http://x.example/a/', category: 'homepage' },
      { name: '工作动态', url: 'https://x.example/a/' },
    ])).toEqual(['units[0].columns[1].url: columns "首页" (units[0].columns[0]) and "工作动态" (units[0].columns[1]) of unit "a" read the same page https://x.example/a/: expected a distinct id (units[].columns[].id) on each']);
    expect(configProblems([
      { id: 'home', name: '首页', url: 'http://x.example/a/', category: 'homepage' },
      { id: 'news', name: '工作动态', url: 'https://x.example/a/' },
    ])).toEqual([]);
    expect(configProblems([
      { name: '首页', url: 'http://www.x.example/', category: 'homepage' },
      { name: '公开平台', url: 'http://gk.x.example/' },
    ])).toEqual([]);
  });
});

describe('identity keys and resolution', () => {
  const own = new Set(['www.x.example', 'x.example:8080']);
  it('keys items on the own site by path and query, elsewhere by host, without a link by title', () => {
    expect(itemKey('https://www.x.example/a/t1.html?id=2', 't', own)).toBe('/a/t1.html?id=2');
    expect(itemKey('http://www.x.example/gkmlpt/content/1/1.html#102', 't', own)).toBe('/gkmlpt/content/1/1.html#102');
    expect(itemKey('http://x.example:8080/a/t1.html', 't', own)).toBe('/a/t1.html');
    expect(itemKey('https://mp.weixin.qq.com/s/abc', 't', own)).toBe('//mp.weixin.qq.com/s/abc');
    expect(itemKey('http://mp.weixin.qq.com/s/abc', 't', own)).toBe('//mp.weixin.qq.com/s/abc');
    expect(itemKey(null, '标题', own)).toBe('title:标题');
  });

  const col = (name: string, url: string, id?: string) => ({ name, url, ...(id ? { id } : {}) });
  const registered = (columns: ReturnType<typeof col>[], registry: RegisteredColumn[] = []): RegisteredColumn[] =>
    resolveColumns(columns, registry).columns.map((c) => ({ ...c.register, mergedInto: null }));

  it('tells apart columns by fragment (gkmlpt index#102) and two columns with one path on two hosts', () => {
    const gkmlpt = registered([col('通知公告', 'http://x.example/gkmlpt/index#102'), col('工作动态', 'http://x.example/gkmlpt/index#103')]);
    expect(gkmlpt.map((r) => r.urlKey)).toEqual(['/gkmlpt/index#102', '/gkmlpt/index#103']);
    expect(new Set(gkmlpt.map((r) => r.columnId)).size).toBe(2);
  });

  it('keeps each id of two columns with one path on two hosts when the other goes', () => {
    const both = [col('首页', 'http://www.x.example/'), col('公开平台', 'http://gk.x.example/')];
    const registry = registered(both);
    expect(new Set(registry.map((r) => r.columnId)).size).toBe(2);
    expect(resolveColumns([both[1]], registry).columns[0].columnId).toBe(registry[1].columnId);
    expect(resolveColumns([both[0]], registry).columns[0].columnId).toBe(registry[0].columnId);
  });

  it('keeps a config id by URL when the id is removed, and starts afresh when an id is replaced by another', () => {
    const registry = registered([col('工作动态', 'http://x.example/gzdt/', 'gzdt')]);
    expect(resolveColumns([col('工作动态', 'https://y.example/gzdt/')], registry).columns[0].columnId).toBe('gzdt');
    const renamedId = resolveColumns([col('工作动态', 'http://x.example/gzdt/', 'news')], registry);
    expect(renamedId.columns[0]).toMatchObject({ columnId: 'news', storedIds: ['news'] });
    expect(renamedId.merges).toEqual([]);
  });
});
