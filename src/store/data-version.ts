import type { Db } from './db.js';

/**
 * A cheap fingerprint of what scores are computed from: it changes whenever a run saves a unit, a mailbox
 * is crawled, a register is imported, a census is saved, a content finding opens or closes, a site goes down
 * or comes back, retention removes failed link checks (scoring shows them), or (unless `manual` is false) a
 * manual entry is made. Pages that show scores, and the score cache, keep their computed data until it changes.
 */
export function scoringDataVersion(db: Db, opts: { manual?: boolean } = {}): string {
  const row = db.prepare(`SELECT
      (SELECT COALESCE(MAX(id), 0) FROM runs) AS runs,
      (SELECT COUNT(*) FROM run_units) AS runUnits,
      (SELECT COALESCE(MAX(rowid), 0) FROM mailbox_crawls) AS mailbox,
      (SELECT COALESCE(MAX(rowid), 0) FROM application_imports) AS imports,
      (SELECT COALESCE(MAX(rowid), 0) FROM unit_satisfaction) AS satisfaction,
      (SELECT COALESCE(MAX(id), 0) FROM census_runs) AS census,
      (SELECT COUNT(*) || '-' || COALESCE(MAX(id), 0) FROM content_findings WHERE status = 'open') AS content,
      (SELECT COALESCE(MAX(since), '') FROM probe_state) AS probeState,
      (SELECT COUNT(*) FROM link_checks WHERE outcome != 'ok') AS failedLinkChecks`).get() as Record<string, number | string>;
  const facts = Object.values(row).join('.');
  if (opts.manual === false) return facts;
  const manual = db.prepare('SELECT COALESCE(MAX(id), 0) FROM manual_entries').pluck().get() as number;
  return `${facts}.${manual}`;
}
