import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IdentityDistrict, serveIdentitySite, type FixtureColumn, type FixtureItem, type IdentitySite } from './identity-fixture.js';
import type { Finding } from '../src/audit/observation.js';

/**
 * Site moves the identity tests do not cover: a whole unit moving to https with absolute item links, a
 * new host whose list still links to the old one, a column renamed on the night its site moves. Each
 * moved unit `a` is scored against unit `b`, the same lists never moved. Nights as in identity.test.ts:
 * D2 is 50 days after the old items' dates, so an old item taken for new on D2 or later would be flagged.
 */

const D1 = '2026-11-02';
const D2 = '2026-11-20';
const D3 = '2026-11-21';
const D4 = '2026-11-22';
const PATHS = ['/site/news/index.html', '/site/tzgg/index.html'];
const DATES = ['2026-10-01', '2026-10-05', '2026-11-01'];

let site: IdentitySite;
let district: IdentityDistrict | undefined;
beforeAll(async () => { site = await serveIdentitySite(); });
afterAll(async () => { await site.close(); });
afterEach(() => {
  district?.cleanup();
  district = undefined;
  site.movedToHttps.clear();
  site.lists.clear();
});

/** The items of a list at `path`, linked under `origin` ('' for root-relative links), plus a WeChat article. */
function items(path: string, origin: string): FixtureItem[] {
  const dir = path.replace(/index\.html$/, '');
  return [
    ...DATES.map((date, i) => ({ href: `${origin}${dir}t${i + 1}.html`, title: `${dir}第${i + 1}条`, date })),
    { href: 'http://wx.invalid/s/abc', title: '公众号文章', date: '2026-10-03' },
  ];
}
/** Unit `b` lists the same items at `/ctl/…`, relatively, and never moves. */
function control(): FixtureColumn[] {
  for (const p of PATHS) site.lists.set(p.replace('/site/', '/ctl/'), items(p, ''));
  return [{ name: '工作动态', url: `${site.http}/ctl/news/index.html` }, { name: '通知公告', url: `${site.http}/ctl/tzgg/index.html` }];
}

const observations = (d: IdentityDistrict) =>
  d.rows<{ column_id: string; column_name: string; observed_on: string; findings_json: string }>(
    `SELECT column_id, column_name, observed_on, findings_json FROM column_observations WHERE unit_id = 'a' ORDER BY id`);
const moves = (d: IdentityDistrict) => observations(d).flatMap((r) =>
  (JSON.parse(r.findings_json) as Finding[]).filter((f) => f.kind === 'site-moved').map((f) => ({ on: r.observed_on, column: r.column_name, ...f })));
const itemKeys = (d: IdentityDistrict, unit: string) =>
  d.rows<{ item_key: string }>('SELECT item_key FROM items WHERE unit_id = ? ORDER BY item_key', unit).map((r) => r.item_key.replace('/ctl/', '/site/'));

/** What the office concludes after the move: the same items as before, none backdated, the control's score. */
function expectUnchanged(d: IdentityDistrict, asOf: string): void {
  expect(itemKeys(d, 'a')).toEqual(itemKeys(d, 'b'));
  const a = d.score('a', asOf);
  const b = d.score('b', asOf);
  for (const c of a.platform.columns) expect(c.backdatedItems).toEqual([]);
  expect(a.platform.columns.map((c) => [c.checkedDays, c.compliantDays])).toEqual(b.platform.columns.map((c) => [c.checkedDays, c.compliantDays]));
  expect(a.platform.score).toBe(b.platform.score);
}

describe('a whole unit moves from http to https', () => {
  it.each([
    ['absolute', (https: boolean) => (https ? site.https : site.http)],
    ['root-relative', () => ''],
  ])('with %s item links: one site-moved finding per column, the same items, no backdating, the same score', async (_, origin) => {
    const b = control();
    const a = PATHS.map((p, i) => ({ name: ['工作动态', '通知公告'][i], url: `${site.http}${p}` }));
    const d = new IdentityDistrict({ a, b });
    district = d;
    for (const p of PATHS) site.lists.set(p, items(p, origin(false)));
    await d.night(D1);
    // The whole site answers 301 to https; its lists now link under https.
    for (const p of PATHS) {
      site.movedToHttps.add(p);
      site.lists.set(p, items(p, origin(true)));
    }
    await d.night(D2);
    await d.night(D3);
    expect(moves(d)).toEqual(['工作动态', '通知公告'].map((column) => ({ on: D2, column, kind: 'site-moved', from: site.http, to: site.https })));
    expect(new Set(observations(d).map((r) => r.column_id)).size).toBe(2);
    expectUnchanged(d, D3);
  });
});

describe('a move to another host whose list still links to the old host', () => {
  it('keeps matching the items under the old host on the night of the move and every night after', async () => {
    const b = control();
    const oldHost = site.http;
    const newHost = site.http.replace('127.0.0.1', 'localhost');
    const d = new IdentityDistrict({ a: [{ name: '工作动态', url: `${oldHost}${PATHS[0]}` }], b: [b[0]] });
    district = d;
    site.lists.set(PATHS[0], items(PATHS[0], oldHost));
    await d.night(D1);
    // The office points the column at the new host; the CMS keeps absolute links to the old one.
    d.configure({ a: [{ name: '工作动态', url: `${newHost}${PATHS[0]}` }], b: [b[0]] });
    for (const night of [D2, D3, D4]) await d.night(night);
    expect(moves(d)).toEqual([{ on: D2, column: '工作动态', kind: 'site-moved', from: oldHost, to: newHost }]);
    expectUnchanged(d, D4);
    // The links are fixed later to the new host: still the same items.
    site.lists.set(PATHS[0], items(PATHS[0], newHost));
    await d.night('2026-11-23');
    expectUnchanged(d, '2026-11-23');
  });
});

describe('a column renamed in the config on the night its site moves', () => {
  it.each([
    ['the office updates the URL to the new host', (url: string) => url.replace('127.0.0.1', 'localhost'), false],
    ['the old URL answers 301 to https', (url: string) => url, true],
  ])('%s: one history under the new name, one finding, the same score', async (_, newUrl, redirect) => {
    const b = control();
    const url = `${site.http}${PATHS[0]}`;
    const d = new IdentityDistrict({ a: [{ name: '工作动态', url }], b: [b[0]] });
    district = d;
    site.lists.set(PATHS[0], items(PATHS[0], ''));
    await d.night(D1);
    if (redirect) site.movedToHttps.add(PATHS[0]);
    d.configure({ a: [{ name: '政务动态', url: newUrl(url) }], b: [b[0]] });
    await d.night(D2);
    await d.night(D3);
    const rows = observations(d);
    expect(rows.map((r) => r.column_name)).toEqual(['工作动态', '政务动态', '政务动态']);
    expect(new Set(rows.map((r) => r.column_id)).size).toBe(1);
    expect(moves(d)).toHaveLength(1);
    expect(moves(d)[0]).toMatchObject({ on: D2, column: '政务动态' });
    expectUnchanged(d, D3);
    expect(d.score('a', D3).platform.columns[0]).toMatchObject({ name: '政务动态', siteMoves: [{ on: D2 }] });
  });
});
