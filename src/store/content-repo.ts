import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from './db.js';

export type ContentSeverity = 'serious' | 'deduction';
export type ContentStatus = 'open' | 'fixed' | 'allowed';

/** A finding as stored: personal numbers only masked (`matched`, `sentence`), identified by a keyed hash. */
export interface ContentFindingInput {
  category: string;
  severity: ContentSeverity;
  rule: string;
  matched: string;
  expected: string | null;
  sentence: string;
  pageUrl: string;
  pageTitle: string | null;
  evidence: string | null;
  valueHash: string;
}

export interface ContentFinding extends ContentFindingInput {
  id: number;
  unitId: string;
  foundOn: string;
  status: ContentStatus;
  statusOn: string | null;
}

const COLUMNS = `id, unit_id AS unitId, category, severity, rule, matched, expected, sentence, page_url AS pageUrl,
  page_title AS pageTitle, evidence, value_hash AS valueHash, found_on AS foundOn, status, status_on AS statusOn`;

/** Content checks' memory: pages already checked, findings with evidence, and the office's allowlist. */
export class ContentRepo {
  constructor(private readonly db: Db) {}

  /** A hash of a value that cannot be reversed without this database's key (a bare hash of a phone number can). */
  valueHash(value: string): string {
    let key = this.db.prepare('SELECT key FROM content_key WHERE id = 1').pluck().get() as Buffer | undefined;
    if (!key) {
      this.db.prepare('INSERT OR IGNORE INTO content_key (id, key) VALUES (1, ?)').run(randomBytes(32));
      key = this.db.prepare('SELECT key FROM content_key WHERE id = 1').pluck().get() as Buffer;
    }
    return createHmac('sha256', key).update(value).digest('hex').slice(0, 32);
  }

  checkedKeys(unitId: string, keys: string[]): Set<string> {
    const stmt = this.db.prepare('SELECT 1 FROM content_checked WHERE unit_id = ? AND page_key = ?').pluck();
    return new Set(keys.filter((k) => stmt.get(unitId, k) !== undefined));
  }

  /** Stores a unit's findings and marks its pages checked, in one transaction. New findings the allowlist covers are stored as allowed. */
  save(unitId: string, on: string, checkedKeys: string[], findings: ContentFindingInput[]): { added: number; allowed: number } {
    const mark = this.db.prepare('INSERT OR IGNORE INTO content_checked (unit_id, page_key, checked_on) VALUES (?, ?, ?)');
    const insert = this.db.prepare(`INSERT OR IGNORE INTO content_findings (unit_id, category, severity, rule, matched, expected, sentence,
      page_url, page_title, evidence, value_hash, found_on, status, status_on) VALUES
      (@unitId, @category, @severity, @rule, @matched, @expected, @sentence, @pageUrl, @pageTitle, @evidence, @valueHash, @on, @status, @statusOn)`);
    const allowed = this.db.prepare(`SELECT 1 FROM content_allowlist WHERE rule = ? AND value_hash = ? AND (unit_id IS NULL OR unit_id = ?)`).pluck();
    return this.db.transaction(() => {
      let added = 0;
      let quiet = 0;
      for (const key of checkedKeys) mark.run(unitId, key, on);
      for (const f of findings) {
        const isAllowed = allowed.get(f.rule, f.valueHash, unitId) !== undefined;
        const r = insert.run({ ...f, unitId, on, status: isAllowed ? 'allowed' : 'open', statusOn: isAllowed ? on : null });
        if (r.changes > 0) (isAllowed ? quiet++ : added++);
      }
      return { added, allowed: quiet };
    })();
  }

  get(id: number): ContentFinding | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM content_findings WHERE id = ?`).get(id) as ContentFinding | undefined;
  }

  list(opts: { unitId?: string; statuses?: ContentStatus[]; upTo?: string } = {}): ContentFinding[] {
    const statuses = opts.statuses ?? ['open'];
    const where = [`status IN (${statuses.map(() => '?').join(', ')})`];
    const args: unknown[] = [...statuses];
    if (opts.unitId) { where.push('unit_id = ?'); args.push(opts.unitId); }
    if (opts.upTo) { where.push('found_on <= ?'); args.push(opts.upTo); }
    return this.db.prepare(`SELECT ${COLUMNS} FROM content_findings WHERE ${where.join(' AND ')} ORDER BY unit_id, severity DESC, id`).all(...args) as ContentFinding[];
  }

  /** The office says the finding is not an error: kept as an allowlist entry that later nights apply. */
  allow(id: number, reason: string, by: string | null, now: Date, on: string): ContentFinding {
    const f = this.get(id);
    if (!f) throw new Error(`没有编号为 ${id} 的内容问题`);
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO content_allowlist (unit_id, rule, value_hash, page_url, reason, by, at, finding_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(f.unitId, f.rule, f.valueHash, f.pageUrl, reason, by, now.toISOString(), id);
      this.db.prepare(`UPDATE content_findings SET status = 'allowed', status_on = ? WHERE unit_id = ? AND rule = ? AND value_hash = ?`).run(on, f.unitId, f.rule, f.valueHash);
    })();
    return this.get(id)!;
  }

  /** The unit corrected the page. */
  markFixed(id: number, on: string): ContentFinding {
    const changed = this.db.prepare(`UPDATE content_findings SET status = 'fixed', status_on = ? WHERE id = ? AND status = 'open'`).run(on, id).changes;
    const f = this.get(id);
    if (!f) throw new Error(`没有编号为 ${id} 的内容问题`);
    if (changed === 0) throw new Error(`内容问题 ${id} 的状态是「${f.status}」，不是待整改`);
    return f;
  }
}
