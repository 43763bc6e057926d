import type { Db } from '../db.js';

/**
 * Observations stored as changes: a row stands for its unit's consecutive runs from `run_id` to
 * `last_run_id` that saw the same thing, with what the next night needs to carry its reading forward
 * (`read_key`, `last_read_on`, `carry_until`, `link_targets_json`; rows from before have none and are read
 * in full once). Existing rows are collapsed into spans by `run`.
 */
export const sql = `
ALTER TABLE column_observations ADD COLUMN last_run_id INTEGER;
ALTER TABLE column_observations ADD COLUMN last_observed_on TEXT;
ALTER TABLE column_observations ADD COLUMN last_read_on TEXT;
ALTER TABLE column_observations ADD COLUMN read_key TEXT;
ALTER TABLE column_observations ADD COLUMN carry_until TEXT;
ALTER TABLE column_observations ADD COLUMN link_targets_json TEXT;
UPDATE column_observations SET last_run_id = run_id, last_observed_on = observed_on, last_read_on = observed_on;
-- The nightly save looks up each unit's last finished run and its columns' latest link checks.
CREATE INDEX link_checks_unit ON link_checks(unit_id, column_id, url);
CREATE INDEX run_units_unit ON run_units(unit_id);
`;

/** The columns that say what a crawl saw (the loader's equality), and those that must match for rows to share a span. */
const SEEN = 'status, reason, final_url, shape, newest_date, item_count, undated_count, future_count, evidence_hash, findings_json, list_end, list_end_note';
const KEPT = 'column_name, entry_url';

interface SpanRow {
  id: number;
  column_id: string;
  run_id: number;
  observed_on: string;
  seen: string;
}

/**
 * Collapses each column's consecutive rows that saw the same thing (and the same failed links) into the
 * first, when each was written by the run that finished the unit next: a gap (a night the column was
 * not crawled) keeps its rows apart, as the nightly save does. One unit at a time.
 */
export function run(db: Db): void {
  const units = db.prepare('SELECT DISTINCT unit_id FROM column_observations').pluck().all() as string[];
  const finishOrder = db.prepare('SELECT run_id FROM run_units WHERE unit_id = ? ORDER BY rowid').pluck();
  const rows = db.prepare(`SELECT id, column_id, run_id, observed_on, json_array(${SEEN}, ${KEPT}) AS seen
    FROM column_observations WHERE unit_id = ? ORDER BY column_id, observed_on, id`);
  const failed = db.prepare(`SELECT column_id, run_id, json_group_array(json_array(url, title, outcome, status_code, list_evidence)) AS links
    FROM (SELECT * FROM link_checks WHERE unit_id = ? AND outcome != 'ok' ORDER BY id) GROUP BY column_id, run_id`);
  const extend = db.prepare('UPDATE column_observations SET last_run_id = ?, last_observed_on = ?, last_read_on = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM column_observations WHERE id = ?');
  for (const unitId of units) {
    const order = new Map((finishOrder.all(unitId) as number[]).map((runId, i) => [runId, i]));
    const links = new Map((failed.all(unitId) as { column_id: string; run_id: number; links: string }[])
      .map((l) => [`${l.column_id}\u0000${l.run_id}`, l.links]));
    const linksOf = (r: SpanRow) => links.get(`${r.column_id}\u0000${r.run_id}`) ?? '[]';
    let span: { first: SpanRow; lastRun: number; lastOn: string } | undefined;
    const close = () => {
      if (span && span.lastRun !== span.first.run_id) extend.run(span.lastRun, span.lastOn, span.lastOn, span.first.id);
    };
    for (const row of rows.all(unitId) as SpanRow[]) {
      const next = span && span.first.column_id === row.column_id && order.has(span.lastRun)
        && order.get(row.run_id) === order.get(span.lastRun)! + 1 && row.seen === span.first.seen && linksOf(row) === linksOf(span.first);
      if (span && next) {
        remove.run(row.id);
        span.lastRun = row.run_id;
        span.lastOn = row.observed_on;
        continue;
      }
      close();
      span = { first: row, lastRun: row.run_id, lastOn: row.observed_on };
    }
    close();
  }
}
