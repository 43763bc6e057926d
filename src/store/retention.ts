import type { Db } from './db.js';
import type { DistrictConfig } from '../config/schema.js';
import { addDays, type IsoDate } from '../time/dates.js';

/**
 * What pruning removes, and what it must keep. Every column that names a stored body or a hash:
 *
 * | column                                   | keeps its body                                                     |
 * |------------------------------------------|--------------------------------------------------------------------|
 * | http_cache.evidence_hash                 | always: a 304 is answered from it                                  |
 * | fetches.evidence_hash                    | while the row that downloaded it is kept (`fetchLogDays`; detail   |
 * |                                          | fetches, the evidence of dates read from detail pages, for the     |
 * |                                          | findings window); a 304 row only confirms the cached body          |
 * | column_observations.evidence_hash        | span ends inside the findings window                               |
 * | items.evidence_hash                      | the same body its column's observation names (saved together)     |
 * | link_checks.list_evidence                | while the check is kept (scoring reads failed checks: kept for the |
 * |                                          | findings window; the newest check of a URL is never removed)      |
 * | mailbox_letters.list_evidence,           | letter listed or read inside the findings window                   |
 * |   .detail_evidence                       |                                                                    |
 * | mailbox_letter_events.evidence           | event, or its letter, inside the findings window                   |
 * | probes (no body)                         | rows newer than `fetchLogDays`, and always the availability window |
 * | census_columns.evidence, census_broken_   | census day inside the findings window                              |
 * |   links.page_evidence/.evidence, homepage |                                                                    |
 * | manual_entries.evidence                  | free text the office typed: any hash (12+ hex digits) it names     |
 * | content_findings.evidence                | always: a wording or personal-data finding (few) keeps its page    |
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
  /** Days the availability rule counts probes over (config `probes.windowDays`, 7 by default): never pruned. */
  probeWindowDays?: number;
}

export function retentionPolicy(config: DistrictConfig): RetentionPolicy {
  return { ...config.retention, periodStart: config.district.period.start, probeWindowDays: config.probes.windowDays };
}

export interface PruneCounts {
  fetches: number;
  linkChecks: number;
  evidence: number;
  /** Stored (compressed) bytes of the removed bodies. */
  evidenceBytes: number;
  extractions: number;
  /** Availability probe rows. */
  probes: number;
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
  /** Probe rows (ISO instants) before this go: `fetchLogDays` back, and never inside the availability window. */
  probesBefore: string;
}

export function cutoffs(policy: RetentionPolicy, today: IsoDate, now: Date): Cutoffs {
  const appealFrom = addDays(today, -policy.appealWindowDays);
  return {
    logBefore: addDays(today, -policy.fetchLogDays),
    keepFrom: policy.periodStart < appealFrom ? policy.periodStart : appealFrom,
    evidenceBefore: new Date(now.getTime() - policy.evidenceDays * 86_400_000).toISOString(),
    // The window's first Shanghai midnight, a day earlier still: a probe the rule may count is never removed.
    probesBefore: new Date(`${addDays(today, -Math.max(policy.fetchLogDays, policy.probeWindowDays ?? 7, 7))}T00:00:00+08:00`).toISOString(),
  };
}

const FETCH_GOES = `f.run_id IN (SELECT id FROM runs WHERE as_of < @logBefore)
  AND (f.purpose != 'detail' OR f.run_id IN (SELECT id FROM runs WHERE as_of < @keepFrom))`;
const LINK_CHECK_GOES = `l.run_id IN (SELECT id FROM runs WHERE as_of < @keepFrom)
  AND EXISTS (SELECT 1 FROM link_checks n WHERE n.unit_id = l.unit_id AND n.column_id = l.column_id AND n.url = l.url AND n.id > l.id)`;
const LETTER_KEPT = '(m.last_listed >= @keepFrom OR m.detail_checked_on >= @keepFrom)';
const EXTRACTION_GOES = `x.body_hash IN (SELECT hash FROM temp.retention_doomed)
  OR NOT EXISTS (SELECT 1 FROM evidence e WHERE e.hash = x.body_hash)`;

/**
 * Removes the fetch log, link checks, availability probes, bodies and cached extractions the policy no longer keeps, in
 * batches of `batchSize` rows per transaction. Call it when no audit is writing (the end of a finished
 * run, or under the audit lock). A dry run counts the same rows with the same conditions.
 */
export function prune(db: Db, policy: RetentionPolicy, today: IsoDate, now: Date, opts: PruneOptions = {}): PruneCounts {
  const c = cutoffs(policy, today, now);
  const batch = opts.batchSize ?? 2000;
  /** Removes (or counts) the rows of `table` that `where` names, `batch` per transaction. */
  const remove = (table: string, alias: string, where: string): number => {
    if (opts.dryRun) return db.prepare(`SELECT COUNT(*) FROM ${table} ${alias} WHERE ${where}`).pluck().get(c) as number;
    const step = db.prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT ${alias}.rowid FROM ${table} ${alias} WHERE ${where} LIMIT ${batch})`);
    let total = 0;
    for (let n = step.run(c).changes; n > 0; n = step.run(c).changes) total += n;
    return total;
  };

  db.exec('CREATE TEMP TABLE retention_doomed (hash TEXT PRIMARY KEY) WITHOUT ROWID');
  try {
    // The bodies to remove are decided before anything is removed, against the rows that will remain.
    doomedBodies(db, c);
    const fetches = remove('fetches', 'f', FETCH_GOES);
    const linkChecks = remove('link_checks', 'l', LINK_CHECK_GOES);
    const probes = remove('probes', 'p', 'p.at < @probesBefore');
    const { count: evidence, bytes: evidenceBytes } = db.prepare(`SELECT COUNT(*) AS count, COALESCE(SUM(length(e.body)), 0) AS bytes
      FROM temp.retention_doomed d CROSS JOIN evidence e ON e.hash = d.hash`).get() as { count: number; bytes: number };
    if (!opts.dryRun) {
      const next = db.prepare(`SELECT hash FROM temp.retention_doomed WHERE hash > ? ORDER BY hash LIMIT ${batch}`).pluck();
      const drop = db.prepare('DELETE FROM evidence WHERE hash = ?');
      for (let hashes = next.all('') as string[]; hashes.length > 0; hashes = next.all(hashes.at(-1)) as string[]) {
        db.transaction(() => { for (const h of hashes) drop.run(h); })();
      }
    }
    // Extractions only ever lose their body here: with no body removed there is nothing to look for.
    const extractions = evidence > 0 ? remove('extractions', 'x', EXTRACTION_GOES) : 0;
    return { fetches, linkChecks, evidence, evidenceBytes, extractions, probes };
  } finally {
    db.exec('DROP TABLE temp.retention_doomed');
  }
}

/**
 * Fills `temp.retention_doomed` with the bodies first stored before the cutoff that nothing which
 * remains still names. Only old bodies are looked at (`evidence_created`). The big, write-heavy tables
 * are checked through indexes (migration 010: observations, the fetch log's downloads, letters); the
 * HTTP cache and link checks, whose inserts are many on a first crawl and which are small, are read once
 * into a temporary set instead, so their indexes do not tax every insert. Items need no check: an item's
 * body is the entry page its column's observation names (the same value, saved together), kept above.
 */
function doomedBodies(db: Db, c: Cutoffs): void {
  db.exec('CREATE TEMP TABLE retention_named (hash TEXT PRIMARY KEY) WITHOUT ROWID');
  try {
    db.prepare('INSERT OR IGNORE INTO temp.retention_named SELECT evidence_hash FROM http_cache').run();
    db.prepare(`INSERT OR IGNORE INTO temp.retention_named SELECT l.list_evidence FROM link_checks l
      WHERE l.list_evidence IS NOT NULL AND NOT (${LINK_CHECK_GOES})`).run(c);
    // The census (migration 015): pages its columns, homepages and broken links were read from, while the census is in the window.
    db.prepare(`INSERT OR IGNORE INTO temp.retention_named SELECT hash FROM (
        SELECT k.evidence AS hash FROM census_columns k JOIN census_runs r ON r.id = k.census_id WHERE r.day >= @keepFrom
        UNION SELECT b.page_evidence FROM census_broken_links b JOIN census_runs r ON r.id = b.census_id WHERE r.day >= @keepFrom
        UNION SELECT b.evidence FROM census_broken_links b JOIN census_runs r ON r.id = b.census_id WHERE r.day >= @keepFrom
        UNION SELECT json_extract(r.homepage_json, '$.evidence') FROM census_runs r WHERE r.day >= @keepFrom
      ) WHERE hash IS NOT NULL`).run(c);
    db.prepare(`INSERT INTO temp.retention_doomed (hash) SELECT e.hash FROM evidence e WHERE e.created_at < @evidenceBefore
      AND NOT EXISTS (SELECT 1 FROM temp.retention_named WHERE hash = e.hash)
      AND NOT EXISTS (SELECT 1 FROM column_observations WHERE evidence_hash = e.hash AND last_observed_on >= @keepFrom)
      AND NOT EXISTS (SELECT 1 FROM fetches f WHERE f.evidence_hash = e.hash AND f.status_code IS NOT 304 AND NOT (${FETCH_GOES}))
      AND NOT EXISTS (SELECT 1 FROM mailbox_letters m WHERE m.list_evidence = e.hash AND ${LETTER_KEPT})
      AND NOT EXISTS (SELECT 1 FROM mailbox_letters m WHERE m.detail_evidence = e.hash AND ${LETTER_KEPT})
      AND NOT EXISTS (SELECT 1 FROM mailbox_letter_events v JOIN mailbox_letters m ON m.id = v.letter_id
        WHERE v.evidence = e.hash AND (v.observed_on >= @keepFrom OR ${LETTER_KEPT}))
      AND NOT EXISTS (SELECT 1 FROM content_findings cf WHERE cf.evidence = e.hash)`).run(c);
  } finally {
    db.exec('DROP TABLE temp.retention_named');
  }

  // Hashes (or the 12+ digit prefixes reports show) the office cited in a manual entry's evidence note.
  const cited = db.prepare(`DELETE FROM temp.retention_doomed WHERE hash >= ? AND hash < ? || 'g'`);
  const notes = db.prepare('SELECT evidence FROM manual_entries WHERE evidence IS NOT NULL').pluck().all() as string[];
  for (const note of notes) {
    for (const [prefix] of note.toLowerCase().matchAll(/[0-9a-f]{12,64}/g)) cited.run(prefix, prefix);
  }
}
