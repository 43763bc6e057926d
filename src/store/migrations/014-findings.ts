/**
 * The 整改 ledger: every finding's life (opened, recheck requested, fixed, overdue, reopened) with an event
 * per change, and the recheck queue with each request's outcome per finding.
 */
export const sql = `
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  unit_id TEXT NOT NULL,
  -- The fix list's finding key (reports/fix-list.ts): subject is its columnId (a column id, 'letter:<mailbox>:<id>',
  -- 'application:<no>', 'site'), kind its kind (stale, blank, redirect, required-posting, letter, application, site-unreachable).
  subject TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject_name TEXT NOT NULL,
  text TEXT NOT NULL,
  url TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'recheck', 'fixed', 'overdue')),
  opened_on TEXT NOT NULL,
  opened_run INTEGER,
  opened_evidence TEXT,
  deadline TEXT,
  last_seen_on TEXT,
  last_run INTEGER,
  last_evidence TEXT,
  fixed_on TEXT,
  fixed_run INTEGER,
  fixed_evidence TEXT,
  reopened INTEGER NOT NULL DEFAULT 0,
  recheck_requested_by TEXT,
  recheck_requested_at TEXT,
  UNIQUE (unit_id, subject, kind)
);
CREATE INDEX findings_status ON findings(status, unit_id);

CREATE TABLE finding_events (
  id INTEGER PRIMARY KEY,
  finding_id INTEGER NOT NULL REFERENCES findings(id),
  event TEXT NOT NULL CHECK (event IN ('opened', 'recheck-requested', 'still-failing', 'fixed', 'overdue', 'reopened')),
  on_date TEXT NOT NULL,
  at TEXT NOT NULL,
  run_id INTEGER,
  evidence TEXT,
  actor TEXT,
  recheck_id INTEGER
);
CREATE INDEX finding_events_finding ON finding_events(finding_id);

CREATE TABLE rechecks (
  id INTEGER PRIMARY KEY,
  unit_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  -- Requests merged into this one while it was queued (the first included).
  requests INTEGER NOT NULL DEFAULT 1,
  started_at TEXT,
  finished_at TEXT,
  run_id INTEGER,
  error TEXT
);
CREATE UNIQUE INDEX rechecks_one_queued ON rechecks(unit_id) WHERE status = 'queued';
CREATE INDEX rechecks_unit ON rechecks(unit_id, id);

CREATE TABLE recheck_findings (
  recheck_id INTEGER NOT NULL REFERENCES rechecks(id),
  finding_id INTEGER NOT NULL REFERENCES findings(id),
  before_evidence TEXT,
  outcome TEXT CHECK (outcome IN ('fixed', 'still-failing', 'not-checked')),
  after_evidence TEXT,
  PRIMARY KEY (recheck_id, finding_id)
);

-- A screenshot of a page the browser rendered (both bodies in the evidence store).
CREATE TABLE evidence_screenshots (
  page_hash TEXT PRIMARY KEY,
  screenshot_hash TEXT NOT NULL
);
`;
