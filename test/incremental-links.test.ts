import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { itemsOf, NightlyDistrict, serveNightlySite, type DistrictColumn, type NightlySite } from './incremental-fixture.js';

const [D1, D2, D3, D4] = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'];
const NEWS: DistrictColumn = { name: '工作动态', dir: '/u1/news/' };

let site: NightlySite;
let district: NightlyDistrict | undefined;
beforeAll(async () => { site = await serveNightlySite(); });
afterAll(async () => { await site.close(); });
beforeEach(() => { site.columns.set(NEWS.dir, { items: itemsOf('news', '新闻', 7), perPage: 3, etag: true }); });
afterEach(() => {
  district?.cleanup();
  district = undefined;
  site.columns.clear();
  site.broken.clear();
});

function nightly(crawl: Record<string, number>): NightlyDistrict {
  district = new NightlyDistrict(site.origin, { u1: [NEWS] }, { linkCheckCount: 3, ...crawl });
  return district;
}

/** The detail pages asked for during the night, in order. */
async function linksChecked(night: () => Promise<unknown>): Promise<string[]> {
  site.log.length = 0;
  await night();
  return site.requests(NEWS.dir, 'detail').map((p) => p.slice(NEWS.dir.length));
}

const brokenLinks = (d: NightlyDistrict, asOf: string) =>
  d.score(asOf).units[0].platform.columns[0].brokenLinks.map((l) => `${l.url.slice(site.origin.length + NEWS.dir.length)} ${l.status}`);
const observationRows = (d: NightlyDistrict) =>
  d.rows<{ observed_on: string; last_observed_on: string }>('SELECT observed_on, last_observed_on FROM column_observations ORDER BY id')
    .map((r) => [r.observed_on, r.last_observed_on]);

describe('link checks of the newest items', () => {
  it('check each link once, then not again on an unchanged night while it opened recently', async () => {
    const d = nightly({});
    expect(await linksChecked(() => d.night(D1))).toEqual(['tnews7.html', 'tnews6.html', 'tnews5.html']);
    expect(await linksChecked(() => d.night(D2))).toEqual([]);
    expect(await linksChecked(() => d.night(D3))).toEqual([]);
    expect(brokenLinks(d, D3)).toEqual([]);
  });

  it('check a link that failed every night, carried column or not, until it opens; scoring sees it until then', async () => {
    const d = nightly({});
    site.broken.add(`${NEWS.dir}tnews6.html`);
    expect(await linksChecked(() => d.night(D1))).toEqual(['tnews7.html', 'tnews6.html', 'tnews5.html']);
    expect(await linksChecked(() => d.night(D2))).toEqual(['tnews6.html']);
    expect(brokenLinks(d, D1)).toEqual(['tnews6.html 404']);
    expect(brokenLinks(d, D2)).toEqual(['tnews6.html 404']);
    site.broken.clear();
    expect(await linksChecked(() => d.night(D3))).toEqual(['tnews6.html']);
    expect(brokenLinks(d, D3)).toEqual([]);
    expect(await linksChecked(() => d.night(D4))).toEqual([]);
    // The failed link is a fact of D1 and D2 only; the fixed column is a new row carried on D4.
    expect(observationRows(d)).toEqual([[D1, D2], [D3, D4]]);
  });

  it('check a link that opened again after linkRecheckDays, with the list itself carried', async () => {
    const d = nightly({ linkRecheckDays: 3, fullRereadDays: 30 });
    await d.night(D1);
    expect(await linksChecked(() => d.night(D2))).toEqual([]);
    expect(await linksChecked(() => d.night(D3))).toEqual([]);
    site.broken.add(`${NEWS.dir}tnews5.html`);
    expect(await linksChecked(() => d.night(D4))).toEqual(['tnews7.html', 'tnews6.html', 'tnews5.html']);
    expect(brokenLinks(d, D4)).toEqual(['tnews5.html 404']);
    expect(site.requests(NEWS.dir, 'list')).toEqual([`${NEWS.dir}index.html`]);
  });

  it('check every link every night with linkRecheckDays 0', async () => {
    const d = nightly({ linkRecheckDays: 0 });
    await d.night(D1);
    expect(await linksChecked(() => d.night(D2))).toEqual(['tnews7.html', 'tnews6.html', 'tnews5.html']);
    expect(observationRows(d)).toEqual([[D1, D2]]);
  });

  it('check only the new items\' links when new items push older ones out of the newest; a failed link that left is no longer a fact', async () => {
    const d = nightly({});
    site.broken.add(`${NEWS.dir}tnews5.html`);
    await d.night(D1);
    expect(brokenLinks(d, D1)).toEqual(['tnews5.html 404']);
    site.columns.get(NEWS.dir)!.items.unshift(
      { file: 'tnews10.html', title: '新闻信息10', date: '2026-11-20' },
      { file: 'tnews9.html', title: '新闻信息9', date: '2026-11-19' },
    );
    expect(await linksChecked(() => d.night(D2))).toEqual(['tnews10.html', 'tnews9.html']);
    expect(brokenLinks(d, D2)).toEqual([]);
    // An item that comes back into the newest is checked again only if its last check failed or is old.
    site.columns.get(NEWS.dir)!.items.splice(0, 2);
    expect(await linksChecked(() => d.night(D3))).toEqual(['tnews5.html']);
    expect(brokenLinks(d, D3)).toEqual(['tnews5.html 404']);
  });
});
