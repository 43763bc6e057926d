/**
 * Availability probes of each unit's homepage (the national 站点无法访问 check) and the content checks'
 * findings (严重表述错误, 错别字, personal data published unmasked) with the office's decisions on them.
 */
export const sql = `
-- One row per probe: a cheap GET of the homepage. ok = a page arrived within the limit.
CREATE TABLE probes (
  id INTEGER PRIMARY KEY,
  unit_id TEXT NOT NULL,
  url TEXT NOT NULL,
  at TEXT NOT NULL,
  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
  status INTEGER,
  ms INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  error TEXT
);
CREATE INDEX probes_unit_at ON probes(unit_id, at);

-- The alerting state per unit: changes of it are mailed once (down after N failures in a row, up again).
CREATE TABLE probe_state (
  unit_id TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('up', 'down')),
  since TEXT NOT NULL,
  failures_in_row INTEGER NOT NULL
);

-- A page or attachment whose text was checked, so a new item is checked once.
CREATE TABLE content_checked (
  unit_id TEXT NOT NULL,
  page_key TEXT NOT NULL,
  checked_on TEXT NOT NULL,
  PRIMARY KEY (unit_id, page_key)
) WITHOUT ROWID;

-- One row per finding. Personal data is stored masked only (matched), with a hash of the full value.
CREATE TABLE content_findings (
  id INTEGER PRIMARY KEY,
  unit_id TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('serious', 'deduction')),
  rule TEXT NOT NULL,
  matched TEXT NOT NULL,
  expected TEXT,
  sentence TEXT NOT NULL,
  page_url TEXT NOT NULL,
  page_title TEXT,
  evidence TEXT,
  value_hash TEXT NOT NULL,
  found_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'fixed', 'allowed')),
  status_on TEXT,
  UNIQUE (unit_id, rule, value_hash)
);
CREATE INDEX content_findings_unit ON content_findings(unit_id, status);

-- The office's "this is not an error" decisions: kept and applied on later nights (per unit or everywhere).
CREATE TABLE content_allowlist (
  id INTEGER PRIMARY KEY,
  unit_id TEXT,
  rule TEXT NOT NULL,
  value_hash TEXT NOT NULL,
  page_url TEXT,
  reason TEXT NOT NULL,
  by TEXT,
  at TEXT NOT NULL,
  finding_id INTEGER
);
-- The key of the keyed hash that identifies a personal-data value without storing it (made on first use).
CREATE TABLE content_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  key BLOB NOT NULL
);
CREATE INDEX content_allowlist_rule ON content_allowlist(rule, value_hash);
`;
