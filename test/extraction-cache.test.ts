import { afterEach, describe, expect, it } from 'vitest';
import { makeFetcher, tempDb } from './helpers.js';
import { ExtractionCache } from '../src/audit/extraction-cache.js';
import { shapeById } from '../crawlers/index.js';
import type { ShapeModule } from '../crawlers/types.js';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { SettableClock } from '../src/time/clock.js';
import { listPage, pageFile, type DistrictShape } from './bench/synthetic-district.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

const SHAPE: DistrictShape = { units: 1, columns: 2, pages: 3 };

/** A column site whose pages change when the test bumps their version; answers 304 to a matching ETag. */
async function site(): Promise<{ server: SiteServer; versions: number[][]; url: (c: number, p: number) => string }> {
  const versions = Array.from({ length: SHAPE.columns }, () => Array.from({ length: SHAPE.pages }, () => 1));
  const routes: Parameters<typeof serveSite>[0]['routes'] = {};
  for (let c = 0; c < SHAPE.columns; c++) {
    for (let p = 0; p < SHAPE.pages; p++) {
      routes[`/c${c}/${pageFile(p)}`] = (req, res) => {
        const etag = `"c${c}p${p}v${versions[c][p]}"`;
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag }).end(listPage(0, c, p, SHAPE, versions[c][p]));
      };
    }
  }
  const server = await serveSite({ routes });
  cleanups.push(() => server.close());
  return { server, versions, url: (c, p) => `${server.origin}/c${c}/${pageFile(p)}` };
}

/** The real S1 module, counting how often it actually parses. */
function counted(shape: ShapeModule): ShapeModule & { parses: number } {
  const module = { ...shape, parses: 0 };
  module.extract = (page, ctx) => {
    module.parses++;
    return shape.extract(page, ctx);
  };
  return module;
}

function setup() {
  const t = tempDb();
  cleanups.push(t.cleanup);
  const clock = new SettableClock('2026-01-01T02:00:00Z');
  const fetcher = makeFetcher(t.db, {}, clock);
  cleanups.push(() => fetcher.close());
  return { ...t, clock, fetcher, cache: new ExtractionCache(t.db) };
}

const rows = (db: ReturnType<typeof setup>['db']) => db.prepare('SELECT COUNT(*) FROM extractions').pluck().get() as number;

describe('extraction cache', () => {
  it('parses a page once while it is unchanged across days, again when it changes, and keeps one row per page over many nights', async () => {
    const s = setup();
    const { versions, url } = await site();
    const s1 = counted(shapeById('S1'));
    let expectedParses = 0;
    for (let night = 0; night < 40; night++) {
      s.clock.set(new Date(Date.UTC(2026, 0, 1 + night, 2)));
      // Some pages change on some nights: entry pages every 5th night, page 2 of column 1 every 7th.
      const changed: [number, number][] = [];
      if (night > 0 && night % 5 === 0) changed.push([0, 0], [1, 0]);
      if (night > 0 && night % 7 === 0) changed.push([1, 2]);
      for (const [c, p] of changed) versions[c][p]++;
      expectedParses += night === 0 ? SHAPE.columns * SHAPE.pages : changed.length;
      for (let c = 0; c < SHAPE.columns; c++) {
        for (let p = 0; p < SHAPE.pages; p++) {
          const page = await s.fetcher.fetch({ url: url(c, p) });
          expect(page.outcome).toBe('ok');
          const extraction = s.cache.extract(s1, page, { pageIndex: p });
          expect(extraction.items).toHaveLength(25);
          // What comes back is the reading of the body served tonight, never an older one.
          expect(extraction.items[0].title).toBe(s1.extract(page, { pageIndex: p }).items[0].title);
          s1.parses--;
        }
      }
      expect(s1.parses).toBe(expectedParses);
      expect(rows(s.db)).toBe(SHAPE.columns * SHAPE.pages);
    }
    // Every row holds the body the page serves now.
    const current = s.db.prepare('SELECT body_hash FROM extractions ORDER BY final_url').pluck().all();
    const cached = s.db.prepare('SELECT evidence_hash FROM http_cache ORDER BY final_url').pluck().all();
    expect(current).toEqual(cached);
  });

  it('replaces the row when the shape version or the page index changes its reading, instead of adding one', async () => {
    const s = setup();
    const { url } = await site();
    const page = await s.fetcher.fetch({ url: url(0, 1) });
    const v1 = counted(shapeById('S1'));
    s.cache.extract(v1, page, { pageIndex: 1 });
    s.cache.extract(v1, page, { pageIndex: 1 });
    expect(v1.parses).toBe(1);

    const v2 = counted({ ...shapeById('S1'), version: shapeById('S1').version + 1 });
    s.cache.extract(v2, page, { pageIndex: 1 });
    s.cache.extract(v2, page, { pageIndex: 1 });
    expect(v2.parses).toBe(1);
    expect(rows(s.db)).toBe(1);
    expect(s.db.prepare('SELECT reader FROM extractions').pluck().get()).toMatch(new RegExp(`:${shapeById('S1').version + 1}$`));

    // The same URL read as another page of a list is another reading.
    s.cache.extract(v2, page, { pageIndex: 0 });
    expect(v2.parses).toBe(2);
    expect(rows(s.db)).toBe(2);
  });

  it('does not cache a page without a stored body', async () => {
    const s = setup();
    const { url } = await site();
    const fetched = await s.fetcher.fetch({ url: url(1, 0) });
    const unsaved = Object.assign({}, fetched, { evidence: undefined, text: fetched.text });
    const s1 = counted(shapeById('S1'));
    s.cache.extract(s1, unsaved, { pageIndex: 0 });
    s.cache.extract(s1, unsaved, { pageIndex: 0 });
    expect(s1.parses).toBe(2);
    expect(rows(s.db)).toBe(0);
  });
});
