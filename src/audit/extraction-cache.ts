import type { Db } from '../store/db.js';
import { ExtractionsRepo } from '../store/extractions-repo.js';
import type { Extraction, ExtractContext, ShapeModule } from '../../crawlers/types.js';
import type { FetchResult } from '../fetch/types.js';
import { errorPageReason } from '../../crawlers/verdict-pages.js';

/**
 * Bumped when `Extraction` itself changes shape (2: month-days kept as such, no crawl date in the key;
 * 3: the error-page verdict kept with it).
 */
const EXTRACTION_FORMAT = 3;

/** The shape's reading of a page, and whether the page is an error page (a page fact, so cached with it). */
function read(shape: ShapeModule, page: FetchResult, ctx: ExtractContext): Extraction {
  const extraction = shape.extract(page, ctx);
  const errorPage = errorPageReason(page);
  return errorPage ? { ...extraction, errorPage } : extraction;
}

/**
 * One extraction per shape, final URL and page index, with the body hash it was made from: an unchanged
 * page is read from here instead of being parsed again, on any later day (extraction never depends on
 * the date); a changed body, shape version or format replaces the row.
 */
export class ExtractionCache {
  private readonly repo: ExtractionsRepo;

  constructor(db: Db) {
    this.repo = new ExtractionsRepo(db);
  }

  extract(shape: ShapeModule, page: FetchResult, ctx: ExtractContext): Extraction {
    if (!page.evidence) return read(shape, page, ctx);
    const key = { shape: shape.id, finalUrl: page.finalUrl, pageIndex: ctx.pageIndex };
    const reader = `${EXTRACTION_FORMAT}:${shape.version}`;
    const hit = this.repo.get(key);
    if (hit && hit.bodyHash === page.evidence && hit.reader === reader) return JSON.parse(hit.json) as Extraction;
    const json = JSON.stringify(read(shape, page, ctx));
    this.repo.put(key, { reader, bodyHash: page.evidence, json });
    // The stored copy, not the original: the same value a later hit returns, and parser strings sliced
    // from the page would otherwise keep every page's whole text alive as long as its items live.
    return JSON.parse(json) as Extraction;
  }
}
