/** Runs, fetch outcomes, evidence, HTTP cache, column observations and items. */
export const sql = `
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  as_of TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  unit_filter TEXT
);

CREATE TABLE run_units (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  unit_id TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  PRIMARY KEY (run_id, unit_id)
);

-- Raw response bodies, content-addressed (sha256 of the raw bytes), deflate-compressed.
CREATE TABLE evidence (
  hash TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  content_type TEXT,
  body BLOB NOT NULL,
  created_at TEXT NOT NULL
);

-- Validators for conditional requests and the last body seen per request.
CREATE TABLE http_cache (
  request_key TEXT PRIMARY KEY,
  etag TEXT,
  last_modified TEXT,
  evidence_hash TEXT NOT NULL,
  charset TEXT,
  final_url TEXT NOT NULL
);

-- What a shape module extracted from one body at one URL, so an unchanged page is not parsed again.
CREATE TABLE extractions (
  key TEXT PRIMARY KEY,
  json TEXT NOT NULL
);

CREATE TABLE fetches (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  unit_id TEXT NOT NULL,
  column_name TEXT,
  purpose TEXT NOT NULL,
  url TEXT NOT NULL,
  final_url TEXT,
  outcome TEXT NOT NULL,
  status_code INTEGER,
  error TEXT,
  evidence_hash TEXT,
  elapsed_ms INTEGER NOT NULL,
  fetched_at TEXT NOT NULL,
  via_browser INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX fetches_run_unit ON fetches(run_id, unit_id);

CREATE TABLE column_observations (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  unit_id TEXT NOT NULL,
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
  UNIQUE (run_id, unit_id, column_name)
);
CREATE INDEX column_observations_unit ON column_observations(unit_id, column_name, observed_on);

CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  unit_id TEXT NOT NULL,
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
  UNIQUE (unit_id, column_name, item_key)
);

CREATE TABLE link_checks (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  unit_id TEXT NOT NULL,
  column_name TEXT NOT NULL,
  url TEXT NOT NULL,
  title TEXT,
  outcome TEXT NOT NULL,
  status_code INTEGER,
  list_evidence TEXT,
  UNIQUE (run_id, unit_id, column_name, url)
);
`;
