/** Mailbox letters and their reply history, mailbox crawls, the disclosure-application register, satisfaction rates. */
export const sql = `
-- One row per letter per mailbox. Times are Shanghai wall clock as shown: 'YYYY-MM-DD' or 'YYYY-MM-DD HH:mm:ss'.
CREATE TABLE mailbox_letters (
  id INTEGER PRIMARY KEY,
  mailbox_id TEXT NOT NULL,
  letter_key TEXT NOT NULL,
  code TEXT,
  title TEXT NOT NULL,
  url TEXT,
  handler TEXT,
  writer TEXT,
  status_shown TEXT,
  status TEXT,
  type_shown TEXT,
  letter_type TEXT,
  submitted_at TEXT,
  replied_at TEXT,
  reply_by TEXT,
  reply_text TEXT,
  reply_hash TEXT,
  satisfaction_shown TEXT,
  satisfaction TEXT,
  -- What the list row showed last, and what it showed when the letter page was last read.
  list_fingerprint TEXT NOT NULL,
  detail_fingerprint TEXT,
  first_seen TEXT NOT NULL,
  last_listed TEXT NOT NULL,
  detail_checked_on TEXT,
  detail_evidence TEXT,
  list_evidence TEXT,
  detail_failures INTEGER NOT NULL DEFAULT 0,
  UNIQUE (mailbox_id, letter_key)
);

-- A reply that appeared, changed or disappeared between two readings of a letter page.
CREATE TABLE mailbox_letter_events (
  id INTEGER PRIMARY KEY,
  letter_id INTEGER NOT NULL REFERENCES mailbox_letters(id),
  observed_on TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('reply-appeared', 'reply-changed', 'reply-removed')),
  replied_before TEXT,
  replied_after TEXT,
  evidence TEXT
);
CREATE INDEX mailbox_letter_events_letter ON mailbox_letter_events(letter_id);

CREATE TABLE mailbox_crawls (
  id INTEGER PRIMARY KEY,
  run_id INTEGER,
  mailbox_id TEXT NOT NULL,
  crawled_on TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'unreachable')),
  reason TEXT,
  -- 1 when the list was read to its end, or up to letters a complete earlier walk had already read.
  list_complete INTEGER NOT NULL DEFAULT 0,
  list_pages INTEGER NOT NULL DEFAULT 0,
  letters_listed INTEGER NOT NULL DEFAULT 0,
  new_letters INTEGER NOT NULL DEFAULT 0,
  details_fetched INTEGER NOT NULL DEFAULT 0,
  details_failed INTEGER NOT NULL DEFAULT 0,
  details_deferred INTEGER NOT NULL DEFAULT 0,
  stated_total INTEGER
);
CREATE INDEX mailbox_crawls_mailbox ON mailbox_crawls(mailbox_id, id);

-- The disclosure-application register, one row per case (编号), as last imported.
CREATE TABLE applications (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  unit_name TEXT NOT NULL,
  received_on TEXT NOT NULL,
  correction INTEGER NOT NULL,
  correction_notice_on TEXT,
  correction_received_on TEXT,
  extended INTEGER NOT NULL,
  replied_on TEXT,
  first_import INTEGER NOT NULL,
  last_import INTEGER NOT NULL,
  source_row INTEGER NOT NULL
);

CREATE TABLE application_imports (
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  rows INTEGER NOT NULL,
  inserted INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  unchanged INTEGER NOT NULL
);

-- Mailbox reply satisfaction per unit as of a date, for the bonus item's ranking.
CREATE TABLE unit_satisfaction (
  unit_id TEXT NOT NULL,
  as_of TEXT NOT NULL,
  rated INTEGER NOT NULL,
  satisfied INTEGER NOT NULL,
  rate REAL,
  computed_at TEXT NOT NULL,
  PRIMARY KEY (unit_id, as_of)
);
`;
