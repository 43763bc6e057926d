import type { Db } from '../db.js';
import { backfillColumnIds } from './006-backfill.js';

/**
 * Stable column ids: a registry of each unit's column ids, and `column_id` on everything stored per column
 * (the name stays as the display name at the time). Items are unique per column id and a scheme- and
 * host-insensitive key. Tables whose unique keys change are rebuilt; the old rows are copied by `run`.
 */
export const sql = `
CREATE TABLE column_registry (
  unit_id TEXT NOT NULL,
  column_id TEXT NOT NULL,
  -- The entry URL without scheme and host, and its host: how a column without a config id is found again.
  url_key TEXT NOT NULL,
  host TEXT NOT NULL,
  name TEXT NOT NULL,
  entry_url TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('config', 'derived')),
  -- A derived id whose history was taken over by a config id added later.
  merged_into TEXT,
  registered_on TEXT NOT NULL,
  PRIMARY KEY (unit_id, column_id)
);

DROP INDEX column_observations_unit;
ALTER TABLE column_observations RENAME TO column_observations_005;
ALTER TABLE items RENAME TO items_005;
ALTER TABLE link_checks RENAME TO link_checks_005;

CREATE TABLE column_observations (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  unit_id TEXT NOT NULL,
  column_id TEXT NOT NULL,
  column_name TEXT NOT NULL,
  observed_on TEXT NOT NULL,
  observed_at TEXT NOT NULL,
  entry_url TEXT NOT NULL,
  final_url TEXT,
  shape TEXT,
  status TEXT NOT NULL,
  reason TEXT,
  item_count INTEGER NOT NULL,
  undated_count INTEGER NOT NULL,
  future_count INTEGER NOT NULL,
  newest_date TEXT,
  newest_title TEXT,
  newest_url TEXT,
  pages_fetched INTEGER NOT NULL,
  stated_total INTEGER,
  evidence_hash TEXT,
  findings_json TEXT NOT NULL DEFAULT '[]',
  list_end TEXT NOT NULL DEFAULT 'not-read',
  list_end_note TEXT,
  UNIQUE (run_id, unit_id, column_id)
);
CREATE INDEX column_observations_unit ON column_observations(unit_id, column_id, observed_on);

CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  unit_id TEXT NOT NULL,
  column_id TEXT NOT NULL,
  column_name TEXT NOT NULL,
  item_key TEXT NOT NULL,
  title TEXT NOT NULL,
  url TEXT,
  published TEXT,
  date_source TEXT,
  pinned INTEGER NOT NULL DEFAULT 0,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  first_run INTEGER NOT NULL,
  last_run INTEGER NOT NULL,
  evidence_hash TEXT,
  UNIQUE (unit_id, column_id, item_key)
);

CREATE TABLE link_checks (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  unit_id TEXT NOT NULL,
  column_id TEXT NOT NULL,
  column_name TEXT NOT NULL,
  url TEXT NOT NULL,
  title TEXT,
  outcome TEXT NOT NULL,
  status_code INTEGER,
  list_evidence TEXT,
  UNIQUE (run_id, unit_id, column_id, url)
);

ALTER TABLE fetches ADD COLUMN column_id TEXT;
`;

/** Copies the rows of the rebuilt tables with their column ids, then drops the old tables. */
export function run(db: Db): void {
  backfillColumnIds(db);
  db.exec('DROP TABLE column_observations_005; DROP TABLE items_005; DROP TABLE link_checks_005;');
}
