import type { Db } from './db.js';
import type { DistrictConfig } from '../config/schema.js';
import { addDays, type IsoDate } from '../time/dates.js';

/**
 * What pruning removes, and what it must keep. Every column that names a stored body or a hash:
 *
 * | column                                   | keeps its body                                                     |
 * |------------------------------------------|--------------------------------------------------------------------|
 * | http_cache.evidence_hash                 | always: a 304 is answered from it                                  |
 * | fetches.evidence_hash                    | while the fetch row is kept (`fetchLogDays`; detail fetches, the   |
 * |                                          | evidence of dates read from detail pages, for the findings window) |
 * | column_observations.evidence_hash        | span ends inside the findings window                               |
 * | items.evidence_hash                      | item last seen inside the findings window                          |
 * | link_checks.list_evidence                | while the check is kept (scoring reads failed checks: kept for the |
 * |                                          | findings window; the newest check of a URL is never removed)      |
 * | mailbox_letters.list_evidence,           | letter listed or read inside the findings window                   |
 * |   .detail_evidence                       |                                                                    |
 * | mailbox_letter_events.evidence           | event, or its letter, inside the findings window                   |
 * | manual_entries.evidence                  | free text the office typed: any hash (12+ hex digits) it names     |
 * | extractions.body_hash                    | no: a cache; a row whose body is gone is removed with it           |
 * | column_observations.findings_json        | names URLs, no hashes                                              |
 * | mailbox_letters.reply_hash               | not a body: a hash of the reply text                               |
 * | application_imports.sha256               | not a body: the imported file's hash                               |
 *
 * The findings window starts at the earlier of the assessment period's start and `appealWindowDays`
 * before today: what a score of the period may cite, until appeals against it are over.
 * A body nothing keeps is removed once it was first stored more than `evidenceDays` ago.
 */
export interface RetentionPolicy {
  evidenceDays: number;
  fetchLogDays: number;
  appealWindowDays: number;
  periodStart: IsoDate;
}

export function retentionPolicy(config: DistrictConfig): RetentionPolicy {
  return { ...config.retention, periodStart: config.district.period.start };
}

export interface PruneCounts {
  fetches: number;
  linkChecks: number;
  evidence: number;
  /** Stored (compressed) bytes of the removed bodies. */
  evidenceBytes: number;
  extractions: number;
}

export interface PruneOptions {
  /** Count what would be removed, remove nothing (works on a read-only connection). */
  dryRun?: boolean;
  /** Rows removed per transaction, so a writer waiting on the database never waits long. */
  batchSize?: number;
}

interface Cutoffs {
  /** Fetch rows of runs before this date go. */
  logBefore: IsoDate;
  /** The findings window's first day. */
  keepFrom: IsoDate;
  /** Unreferenced bodies first stored before this instant go. */
  evidenceBefore: string;
}

export function cutoffs(policy: RetentionPolicy, today: IsoDate, now: Date): Cutoffs {
  const appealFrom = addDays(today, -policy.appealWindowDays);
  return {
    logBefore: addDays(today, -policy.fetchLogDays),
    keepFrom: policy.periodStart < appealFrom ? policy.periodStart : appealFrom,
    evidenceBefore: new Date(now.getTime() - policy.evidenceDays * 86_400_000).toISOString(),
  };
}

const FETCH_GOES = `f.run_id IN (SELECT id FROM runs WHERE as_of < @logBefore)
  AND (f.purpose != 'detail' OR f.run_id IN (SELECT id FROM runs WHERE as_of < @keepFrom))`;
const LINK_CHECK_GOES = `l.run_id IN (SELECT id FROM runs WHERE as_of < @keepFrom)
  AND EXISTS (SELECT 1 FROM link_checks n WHERE n.unit_id = l.unit_id AND n.column_id = l.column_id AND n.url = l.url AND n.id > l.id)`;
const EVIDENCE_GOES = 'e.created_at < @evidenceBefore AND e.hash NOT IN (SELECT hash FROM temp.retention_keep)';
const EXTRACTION_GOES = `NOT EXISTS (SELECT 1 FROM evidence e WHERE e.hash = x.body_hash AND NOT (${EVIDENCE_GOES}))`;

/**
 * Removes the fetch log, link checks, bodies and cached extractions the policy no longer keeps, in
 * batches of `batchSize` rows per transaction. Call it when no audit is writing (the end of a finished
 * run, or under the audit lock). A dry run counts the same rows with the same conditions.
 */
export function prune(db: Db, policy: RetentionPolicy, today: IsoDate, now: Date, opts: PruneOptions = {}): PruneCounts {
  const c = cutoffs(policy, today, now);
  const batch = opts.batchSize ?? 2000;
  /**
   * Removes (or counts) the rows of `table` that `where` names, `batch` per transaction. Rows that stay
   * are found again by every batch; where many stay among the candidates, `key` (columns of an index)
   * walks forward instead.
   */
  const remove = (table: string, alias: string, where: string, key?: string[]): number => {
    if (opts.dryRun) return db.prepare(`SELECT COUNT(*) FROM ${table} ${alias} WHERE ${where}`).pluck().get(c) as number;
    let total = 0;
    if (!key) {
      const step = db.prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT ${alias}.rowid FROM ${table} ${alias} WHERE ${where} LIMIT ${batch})`);
      for (let n = step.run(c).changes; n > 0; n = step.run(c).changes) total += n;
      return total;
    }
    const cols = key.map((k) => `${alias}.${k}`).join(', ');
    const params = key.map((_, i) => `@k${i}`).join(', ');
    const next = db.prepare(`SELECT ${cols} FROM ${table} ${alias} WHERE (${cols}) > (${params}) AND (${where})
      ORDER BY ${cols} LIMIT ${batch}`).raw();
    const drop = db.prepare(`DELETE FROM ${table} WHERE (${key.join(', ')}) = (${params})`);
    const bind = (row: unknown[]) => Object.fromEntries(row.map((v, i) => [`k${i}`, v]));
    for (let after = bind(key.map(() => '')); ;) {
      const rows = next.all({ ...c, ...after }) as unknown[][];
      if (rows.length === 0) return total;
      db.transaction(() => { for (const row of rows) drop.run(bind(row)); })();
      total += rows.length;
      after = bind(rows[rows.length - 1]);
    }
  };

  db.exec('CREATE TEMP TABLE retention_keep (hash TEXT PRIMARY KEY) WITHOUT ROWID');
  try {
    // The bodies to keep are decided before anything is removed, from the rows that will remain.
    keptBodies(db, c);
    const fetches = remove('fetches', 'f', FETCH_GOES);
    const linkChecks = remove('link_checks', 'l', LINK_CHECK_GOES);
    const bytes = db.prepare(`SELECT COALESCE(SUM(length(e.body)), 0) FROM evidence e WHERE ${EVIDENCE_GOES}`).pluck().get(c) as number;
    // Old bodies the cache still names stay: walk `evidence_created` (reading the table would read every body).
    const evidence = remove('evidence', 'e', EVIDENCE_GOES, ['created_at', 'hash']);
    const extractions = remove('extractions', 'x', EXTRACTION_GOES);
    return { fetches, linkChecks, evidence, evidenceBytes: bytes, extractions };
  } finally {
    db.exec('DROP TABLE temp.retention_keep');
  }
}

/** Fills `temp.retention_keep` with every body something that remains still needs. */
function keptBodies(db: Db, c: Cutoffs): void {
  const spanEnd = observationSpanEnd(db);
  db.prepare(`INSERT OR IGNORE INTO temp.retention_keep (hash)
    SELECT evidence_hash FROM http_cache
    UNION ALL SELECT f.evidence_hash FROM fetches f WHERE f.evidence_hash IS NOT NULL AND NOT (${FETCH_GOES})
    UNION ALL SELECT evidence_hash FROM column_observations WHERE evidence_hash IS NOT NULL AND ${spanEnd} >= @keepFrom
    UNION ALL SELECT evidence_hash FROM items WHERE evidence_hash IS NOT NULL AND last_seen >= @keepFrom
    UNION ALL SELECT l.list_evidence FROM link_checks l WHERE l.list_evidence IS NOT NULL AND NOT (${LINK_CHECK_GOES})
    UNION ALL SELECT hash FROM (SELECT list_evidence AS hash, last_listed, detail_checked_on FROM mailbox_letters
      UNION ALL SELECT detail_evidence, last_listed, detail_checked_on FROM mailbox_letters)
      WHERE hash IS NOT NULL AND (last_listed >= @keepFrom OR detail_checked_on >= @keepFrom)
    UNION ALL SELECT v.evidence FROM mailbox_letter_events v JOIN mailbox_letters m ON m.id = v.letter_id
      WHERE v.evidence IS NOT NULL AND (v.observed_on >= @keepFrom OR m.last_listed >= @keepFrom)`)
    .run({ logBefore: c.logBefore, keepFrom: c.keepFrom });

  // Hashes (or the 12+ digit prefixes reports show) the office cited in a manual entry's evidence note.
  const byPrefix = db.prepare(`INSERT OR IGNORE INTO temp.retention_keep (hash)
    SELECT hash FROM evidence WHERE hash >= ? AND hash < ? || 'g'`);
  const notes = db.prepare('SELECT evidence FROM manual_entries WHERE evidence IS NOT NULL').pluck().all() as string[];
  for (const note of notes) {
    for (const [prefix] of note.toLowerCase().matchAll(/[0-9a-f]{12,64}/g)) byPrefix.run(prefix, prefix);
  }
}

/**
 * The last day a column_observations row stands for: its span's end where observations are stored as
 * spans of unchanged nights, else the night it was observed.
 */
function observationSpanEnd(db: Db): string {
  const columns = db.prepare("SELECT name FROM pragma_table_info('column_observations')").pluck().all() as string[];
  return columns.includes('last_observed_on') ? 'last_observed_on' : 'observed_on';
}
