import type { ColumnConfig, CrawlConfig, ShapeId, Category } from '../config/schema.js';
import { openDb } from '../store/db.js';
import type { Clock } from '../time/clock.js';
import { shanghaiDate } from '../time/dates.js';
import { EvidenceStore } from '../fetch/evidence-store.js';
import { HttpCache } from '../fetch/http-cache.js';
import { HttpFetcher } from '../fetch/http-fetcher.js';
import { ExtractionCache } from './extraction-cache.js';
import { crawlColumn, type PageRenderer } from './crawl-column.js';
import type { ColumnObservation } from './observation.js';
import { deriveColumnId, urlPathKey } from '../identity/keys.js';

export interface InspectOptions {
  crawl: CrawlConfig;
  clock: Clock;
  shape?: ShapeId;
  category: Category;
  /** Items older than this cannot change a score; default: read the list to its end (up to the page cap). */
  horizon?: string;
  /** Renders pages that need a browser; its sessions are the caller's to close. */
  renderer?: PageRenderer;
}

export const INSPECT_SESSION = 'inspect';

/**
 * What the nightly crawl would read from one column page, without storing anything: the same walker,
 * fetch layer and browser, over an in-memory database that is dropped afterwards.
 */
export async function inspectColumn(url: string, opts: InspectOptions): Promise<{ today: string; observation: ColumnObservation }> {
  const db = openDb(':memory:');
  const fetcher = new HttpFetcher(opts.crawl, new EvidenceStore(db, () => opts.clock.now()), new HttpCache(db), opts.clock);
  const today = shanghaiDate(opts.clock.now());
  const column: ColumnConfig = { name: '待检查栏目', url, category: opts.category, required: [], ...(opts.shape ? { shape: opts.shape } : {}) };
  try {
    const observation = await crawlColumn(column, {
      fetcher, renderer: opts.renderer, extractions: new ExtractionCache(db), today,
      horizon: opts.horizon ?? '1900-01-01',
      maxPages: opts.crawl.maxPagesPerColumn, maxDetailFetches: opts.crawl.maxDetailFetches,
      linkCheckCount: opts.crawl.linkCheckCount, sessionKey: INSPECT_SESSION,
      // The id a new column at this URL would get; nothing is registered.
      columnId: deriveColumnId(urlPathKey(url)),
    });
    return { today, observation };
  } finally {
    fetcher.close();
    db.close();
  }
}
