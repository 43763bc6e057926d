/** The daemon's lock with a lease, its job log, and the mail outbox with its delivery log. */
export const sql = `
-- One row per held lock. A holder renews expires_at while it works; a crashed holder's lease runs out.
CREATE TABLE locks (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  purpose TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- Scheduled jobs as they ran: which schedule slot, what started them, how they ended.
CREATE TABLE job_runs (
  id INTEGER PRIMARY KEY,
  job TEXT NOT NULL CHECK (job IN ('nightly', 'weekly')),
  occurrence TEXT,
  trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'catch-up', 'manual')),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'aborted')),
  detail TEXT
);
CREATE INDEX job_runs_job ON job_runs(job, occurrence);

-- Every report rendered once, as the exact bytes that are sent; every copy carries the same Message-ID.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  report_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  unit_id TEXT,
  as_of TEXT NOT NULL,
  message_id TEXT NOT NULL UNIQUE,
  envelope_from TEXT NOT NULL,
  recipients TEXT NOT NULL,
  subject TEXT NOT NULL,
  raw BLOB NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'uncertain', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  send_started_at TEXT,
  sent_at TEXT,
  claimed_by TEXT,
  interrupted INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  smtp_response TEXT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

CREATE TABLE outbox_attempts (
  id INTEGER PRIMARY KEY,
  outbox_id INTEGER NOT NULL REFERENCES outbox(id),
  attempt INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  outcome TEXT CHECK (outcome IN ('sent', 'retry', 'failed', 'interrupted')),
  detail TEXT
);
CREATE INDEX outbox_attempts_outbox ON outbox_attempts(outbox_id);
`;
