import type { Db } from './db.js';
import { addDays } from '../time/dates.js';
import { ProbesRepo, type ProbeCounts, type ProbeState } from './probes-repo.js';

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

/** A unit's availability as people read it: the probe failure share over the window and the alerting state now. */
export interface Availability extends ProbeStats {
  /** Failed share of the counted probes (0..1), null without any. */
  share: number | null;
  /** The alerting state now (not as of the report's date); null when the unit was never probed. */
  state: 'up' | 'down' | null;
  /** ISO time the current state started. */
  since: string | null;
}

export function availabilityByUnit(db: Db, unitIds: string[], asOf: string, windowDays = 7): Map<string, Availability> {
  return availabilityOf(probeStatsByUnit(db, unitIds, asOf, windowDays), new ProbesRepo(db).states());
}

/** Availability from window counts already read and the units' alerting states (a unit without a state was never probed). */
export function availabilityOf(stats: Map<string, ProbeStats>, states: Map<string, ProbeState>): Map<string, Availability> {
  return new Map([...stats].map(([id, s]) => {
    const state = states.get(id);
    return [id, { ...s, share: s.probes > 0 ? s.failed / s.probes : null, state: state?.state ?? null, since: state?.since || null }];
  }));
}
