import type { Db } from './db.js';
import { addDays } from '../time/dates.js';

/** Requests a unit's sites were sent in the nightly runs of a week (the national checks' "unreachable" veto). */
export interface ProbeStats {
  /** Nights with at least one request. */
  days: number;
  probes: number;
  /** Timeouts, connection failures and server errors. */
  failed: number;
}

const UNREACHABLE_OUTCOMES = ['timeout', 'connection-error', 'http-5xx'] as const;
const NONE: ProbeStats = Object.freeze({ days: 0, probes: 0, failed: 0 });

/**
 * Per unit id, the requests of the runs dated in the seven days ending `asOf`; a unit without any gets
 * zeros. One query for the district: the week's runs lead, each reaching its fetches by run id.
 */
export function probeStatsByUnit(db: Db, unitIds: string[], asOf: string): Map<string, ProbeStats> {
  const marks = UNREACHABLE_OUTCOMES.map(() => '?').join(', ');
  const rows = db.prepare(`SELECT f.unit_id AS unitId, COUNT(DISTINCT r.as_of) AS days, COUNT(*) AS probes,
      SUM(CASE WHEN f.outcome IN (${marks}) THEN 1 ELSE 0 END) AS failed
    FROM runs r CROSS JOIN fetches f ON f.run_id = r.id
    WHERE r.as_of BETWEEN ? AND ? GROUP BY f.unit_id`).all(...UNREACHABLE_OUTCOMES, addDays(asOf, -6), asOf) as (ProbeStats & { unitId: string })[];
  const byUnit = new Map(rows.map(({ unitId, ...stats }) => [unitId, stats]));
  return new Map(unitIds.map((id) => [id, byUnit.get(id) ?? { ...NONE }]));
}
