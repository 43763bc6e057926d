import type { Db } from '../db.js';
import { addDays } from '../../time/dates.js';

/**
 * Storage that grows with change, not with nights. Extractions become one row per page (shape, final URL,
 * page index) holding the body hash it was read from; the old per-body rows are a cache and are dropped.
 * `evidence_created` lets pruning find old bodies without reading them, the `*_evidence` indexes find what still
 * names one where inserts are few (the HTTP cache, items and link checks are read without one: retention.ts).
 */
export const sql = `
DROP TABLE extractions;
CREATE TABLE extractions (
  shape TEXT NOT NULL,
  final_url TEXT NOT NULL,
  page_index INTEGER NOT NULL,
  -- The extraction format and shape version that made json; a different one reads the page again.
  reader TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (shape, final_url, page_index)
);
CREATE INDEX evidence_created ON evidence(created_at, hash);
-- A 304 only confirms the body http_cache names: the log's rows that downloaded one are few.
CREATE INDEX fetches_evidence ON fetches(evidence_hash) WHERE status_code IS NOT 304;
CREATE INDEX column_observations_evidence ON column_observations(evidence_hash);
CREATE INDEX mailbox_letters_list_evidence ON mailbox_letters(list_evidence);
CREATE INDEX mailbox_letters_detail_evidence ON mailbox_letters(detail_evidence);
CREATE INDEX mailbox_letter_events_evidence ON mailbox_letter_events(evidence);
`;

/** retention.fetchLogDays' default when this migration shipped; the configured policy applies from the first prune. */
const FETCH_LOG_DAYS = 90;

/**
 * Removes the fetch log older than the default window before the newest run (the database's own "now":
 * a migration sees no config and no clock). Detail fetches stay: they are the evidence of dates read from
 * detail pages, which pruning keeps for the assessment period and appeal window it alone knows.
 */
export function run(db: Db): void {
  const newest = db.prepare('SELECT MAX(as_of) FROM runs').pluck().get() as string | null;
  if (!newest) return;
  db.prepare(`DELETE FROM fetches WHERE purpose != 'detail' AND run_id IN (SELECT id FROM runs WHERE as_of < ?)`)
    .run(addDays(newest, -FETCH_LOG_DAYS));
}
