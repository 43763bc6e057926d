import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { loadScheme, type LoadedConfig } from '../src/config/load.js';
import { runAudit } from '../src/audit/run-audit.js';
import { SettableClock } from '../src/time/clock.js';
import { tempDb } from './helpers.js';
import { listPath, startPoliteSite, type Arrival, type SiteShape } from './politeness-fixture.js';

/**
 * A night on one host limited to one request per interval: every request, whatever it is for (list
 * page, conditional reread, link check, redirect hop, retry), waits its turn, and each is sent once.
 * The site, in its own thread, takes the arrival times. A loaded machine delays single deliveries by
 * tens of ms, so one gap may look shorter than the interval by that much; a request that skipped its
 * turn instead costs the whole night's first-to-last span a full interval. So: every gap is more than
 * half the interval, and the span is (requests − 1) intervals less at most half of one.
 */
const INTERVAL_MS = 200;

function district(shape: SiteShape, origin: string, crawl: Record<string, unknown>, entry = (u: number, c: number) => listPath(u, c, 0)): LoadedConfig {
  const config = configSchema.parse({
    district: { name: '测试区', period: { start: '2026-01-01', end: '2026-12-31' }, scheme: 's.yaml' },
    crawl: { allowPrivateHosts: ['127.0.0.1'], browser: { enabled: false }, timeoutMs: 5000, ...crawl },
    units: Array.from({ length: shape.units }, (_, u) => ({
      id: `u${u}`, name: `单位${u}`, type: 'town',
      columns: Array.from({ length: shape.columns }, (_, c) => ({ name: `工作动态${c}`, url: `${origin}${entry(u, c)}`, category: 'news' })),
    })),
  });
  const schemeFile = resolve(import.meta.dirname, '../config/schemes/yanjiang-2021.yaml');
  return { file: 'district.yaml', config, schemeFile, scheme: loadScheme(schemeFile), dataDir: '.' };
}

/** The shortest gap between two arrivals, and the first-to-last span. */
function gaps(arrivals: Arrival[]): { min: number; span: number } {
  const at = arrivals.map((a) => a.at).sort((a, b) => a - b);
  let min = Infinity;
  for (let i = 1; i < at.length; i++) min = Math.min(min, at[i] - at[i - 1]);
  return { min, span: at[at.length - 1] - at[0] };
}

function expectPolite(arrivals: Arrival[]): void {
  const { min, span } = gaps(arrivals);
  expect(min).toBeGreaterThan(INTERVAL_MS / 2);
  expect(span).toBeGreaterThanOrEqual((arrivals.length - 1.5) * INTERVAL_MS);
}

const count = (arrivals: Arrival[]) => {
  const out = new Map<string, number>();
  for (const a of arrivals) out.set(a.path, (out.get(a.path) ?? 0) + 1);
  return out;
};

describe('politeness: one host at one request per interval', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('spaces every request of two nights, units one after another, and asks for each page and link once a night', async () => {
    const shape = { units: 3, columns: 2, pages: 2 };
    const site = await startPoliteSite(shape);
    const store = tempDb();
    cleanups.push(() => site.close(), store.cleanup);
    // A host override as an office writes it for its 集约化 platform; units may not overtake each other.
    const loaded = district(shape, site.origin, {
      hosts: { '127.0.0.1': { minIntervalMs: INTERVAL_MS, concurrency: 2 } }, unitConcurrency: 1, linkCheckCount: 1,
    });
    const perNight = shape.units * shape.columns * (shape.pages + 1);

    for (const [night, day] of ['2026-11-20', '2026-11-21'].entries()) {
      const summary = await runAudit(loaded, { db: store.db, clock: new SettableClock(`${day}T02:00:00+08:00`), asOf: day });
      const tonight = await site.takeArrivals();
      expect(summary.pages).toBe(shape.units * shape.columns * shape.pages);
      expect(tonight).toHaveLength(perNight);
      expect([...count(tonight).values()].every((n) => n === 1)).toBe(true);
      for (let u = 0; u < shape.units; u++) {
        for (let c = 0; c < shape.columns; c++) {
          for (let p = 0; p < shape.pages; p++) expect(count(tonight).get(listPath(u, c, p))).toBe(1);
          expect(count(tonight).get(`/u${u}/c${c}/t0.html`)).toBe(1);
        }
      }
      // The next night rereads conditionally: the same requests, answered 304, spaced all the same.
      expect(tonight.every((a) => a.status === (night === 0 ? 200 : 304))).toBe(true);
      expectPolite(tonight);
    }
  });

  it('makes a redirect hop and a retry after a 503 wait their turn too', async () => {
    const shape = { units: 2, columns: 2, pages: 2, failOnce: [listPath(1, 1, 0)], redirects: { '/u0/c0/': listPath(0, 0, 0) } };
    const site = await startPoliteSite(shape);
    const store = tempDb();
    cleanups.push(() => site.close(), store.cleanup);
    // The retry's own backoff (1 ms) is far shorter than the interval: the queue, not the backoff, decides.
    const loaded = district(shape, site.origin, { minIntervalMs: INTERVAL_MS, concurrencyPerHost: 1, retries: 2, retryBaseMs: 1, linkCheckCount: 1 },
      (u, c) => (u === 0 && c === 0 ? '/u0/c0/' : listPath(u, c, 0)));

    const summary = await runAudit(loaded, { db: store.db, clock: new SettableClock('2026-11-20T02:00:00+08:00'), asOf: '2026-11-20' });
    const arrivals = await site.takeArrivals();

    expect(summary.pages).toBe(shape.units * shape.columns * shape.pages);
    const seen = count(arrivals);
    expect(seen.get('/u0/c0/')).toBe(1);
    expect(seen.get(listPath(0, 0, 0))).toBe(1);
    expect(seen.get(listPath(1, 1, 0))).toBe(2);
    expect(arrivals.filter((a) => a.status === 503)).toHaveLength(1);
    // Every list page and link check once, plus the redirect hop and the retried request.
    expect(arrivals).toHaveLength(shape.units * shape.columns * (shape.pages + 1) + 2);
    expectPolite(arrivals);
  });
});
