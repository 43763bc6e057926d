import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';
import type { Db } from '../store/db.js';

const deflate = promisify(deflateRaw);

export function sha256(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}

/** Raw response bodies, content-addressed and compressed; a body already stored is not stored again. */
export class EvidenceStore {
  private readonly hasStmt;
  private readonly putStmt;
  private readonly getStmt;

  constructor(private readonly db: Db, private readonly clock: () => Date) {
    this.hasStmt = db.prepare('SELECT 1 FROM evidence WHERE hash = ?').pluck();
    this.putStmt = db.prepare('INSERT OR IGNORE INTO evidence (hash, size, content_type, body, created_at) VALUES (?, ?, ?, ?, ?)');
    this.getStmt = db.prepare('SELECT body FROM evidence WHERE hash = ?').pluck();
  }

  has(hash: string): boolean {
    return this.hasStmt.get(hash) !== undefined;
  }

  /**
   * Stores a body and returns its hash. Compression runs in the zlib threadpool (a quarter of the
   * main thread's cost of compressing in line); callers should not hold large strings across the await.
   * Level 1: higher levels save under 10 % of the bytes for 20–75 % more CPU (README, design: storage).
   */
  async put(raw: Buffer, contentType: string | undefined, hash = sha256(raw)): Promise<string> {
    if (this.has(hash)) return hash;
    const body = await deflate(raw, { level: 1 });
    this.putStmt.run(hash, raw.length, contentType ?? null, body, this.clock().toISOString());
    return hash;
  }

  /** Records that `screenshotHash` (stored) shows the rendered page stored as `pageHash`. */
  linkScreenshot(pageHash: string, screenshotHash: string): void {
    this.db.prepare('INSERT OR REPLACE INTO evidence_screenshots (page_hash, screenshot_hash) VALUES (?, ?)').run(pageHash, screenshotHash);
  }

  /** The stored screenshot of a rendered page, if one was taken and is still kept. */
  screenshotOf(pageHash: string): string | undefined {
    return this.db.prepare(`SELECT s.screenshot_hash FROM evidence_screenshots s JOIN evidence e ON e.hash = s.screenshot_hash
      WHERE s.page_hash = ?`).pluck().get(pageHash) as string | undefined;
  }

  get(hash: string): Buffer | undefined {
    const body = this.getStmt.get(hash) as Buffer | undefined;
    return body ? inflateRawSync(body) : undefined;
  }
}
