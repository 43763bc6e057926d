import type { Db } from './db.js';

/** Where a cached extraction came from: one row per shape, final URL and page index. */
export interface ExtractionKey {
  shape: string;
  finalUrl: string;
  pageIndex: number;
}

export interface StoredExtraction {
  /** The extraction format and shape version the json was made with. */
  reader: string;
  bodyHash: string;
  json: string;
}

/**
 * The extraction cache's table: one row per page a shape reads, replaced when the page's body (or the
 * reader) changes, so the table is bounded by the number of pages, not by nights.
 */
export class ExtractionsRepo {
  private readonly getStmt;
  private readonly putStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare(`SELECT reader, body_hash AS bodyHash, json FROM extractions
      WHERE shape = ? AND final_url = ? AND page_index = ?`);
    this.putStmt = db.prepare(`INSERT INTO extractions (shape, final_url, page_index, reader, body_hash, json) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (shape, final_url, page_index) DO UPDATE SET reader = excluded.reader, body_hash = excluded.body_hash, json = excluded.json`);
  }

  get(key: ExtractionKey): StoredExtraction | undefined {
    return this.getStmt.get(key.shape, key.finalUrl, key.pageIndex) as StoredExtraction | undefined;
  }

  put(key: ExtractionKey, row: StoredExtraction): void {
    this.putStmt.run(key.shape, key.finalUrl, key.pageIndex, row.reader, row.bodyHash, row.json);
  }
}
