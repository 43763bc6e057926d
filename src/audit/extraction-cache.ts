import { createHash } from 'node:crypto';
import type { Db } from '../store/db.js';
import type { Extraction, ExtractContext, ShapeModule } from '../../crawlers/types.js';
import type { FetchResult } from '../fetch/types.js';
import { errorPageReason } from '../../crawlers/verdict-pages.js';

/**
 * Extractions keyed by shape, shape version, URL, page index and body hash: an unchanged page is read
 * from here instead of being parsed again, on any later day (extraction never depends on the date).
 */
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

export class ExtractionCache {
  private readonly getStmt;
  private readonly putStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT json FROM extractions WHERE key = ?').pluck();
    this.putStmt = db.prepare('INSERT OR REPLACE INTO extractions (key, json) VALUES (?, ?)');
  }

  extract(shape: ShapeModule, page: FetchResult, ctx: ExtractContext): Extraction {
    if (!page.evidence) return read(shape, page, ctx);
    const key = createHash('sha1')
      .update(`${EXTRACTION_FORMAT}\0${shape.id}\0${shape.version}\0${page.finalUrl}\0${ctx.pageIndex}\0${page.evidence}`)
      .digest('base64');
    const hit = this.getStmt.get(key) as string | undefined;
    if (hit) return JSON.parse(hit) as Extraction;
    const json = JSON.stringify(read(shape, page, ctx));
    this.putStmt.run(key, json);
    // The stored copy, not the original: the same value a later hit returns, and parser strings sliced
    // from the page would otherwise keep every page's whole text alive as long as its items live.
    return JSON.parse(json) as Extraction;
  }
}
