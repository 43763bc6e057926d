import type { Db } from './db.js';
import { addDays } from '../time/dates.js';
import { ProbesRepo, type ProbeCounts } from './probes-repo.js';

/** A unit's availability probes in the window ending `asOf` (the national checks' 站点无法访问 veto). */
export type ProbeStats = ProbeCounts;

/** The ISO instant a Shanghai day starts. */
function shanghaiMidnight(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}

/** Per unit id, the counted probes of the `windowDays` days (Asia/Shanghai) ending with `asOf`; zeros without any. */
export function probeStatsByUnit(db: Db, unitIds: string[], asOf: string, windowDays = 7): Map<string, ProbeStats> {
  return new ProbesRepo(db).counts(unitIds, shanghaiMidnight(addDays(asOf, -(windowDays - 1))), shanghaiMidnight(addDays(asOf, 1)));
}
