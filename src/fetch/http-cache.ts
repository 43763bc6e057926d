import type { Db } from '../store/db.js';

export interface CacheEntry {
  etag: string | null;
  lastModified: string | null;
  evidenceHash: string;
  charset: string | null;
  finalUrl: string;
}

/** The validators and last body hash per request, for conditional requests. */
export class HttpCache {
  private readonly getStmt;
  private readonly putStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT etag, last_modified AS lastModified, evidence_hash AS evidenceHash, charset, final_url AS finalUrl FROM http_cache WHERE request_key = ?');
    this.putStmt = db.prepare(`INSERT INTO http_cache (request_key, etag, last_modified, evidence_hash, charset, final_url) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (request_key) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
      evidence_hash = excluded.evidence_hash, charset = excluded.charset, final_url = excluded.final_url`);
  }

  get(key: string): CacheEntry | undefined {
    return this.getStmt.get(key) as CacheEntry | undefined;
  }

  put(key: string, e: CacheEntry): void {
    this.putStmt.run(key, e.etag, e.lastModified, e.evidenceHash, e.charset, e.finalUrl);
  }
}
