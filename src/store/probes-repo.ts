import type { Db } from './db.js';

export interface ProbeRecord {
  unitId: string;
  url: string;
  /** ISO time the probe started. */
  at: string;
  ok: boolean;
  status: number | null;
  ms: number;
  outcome: string;
  error: string | null;
}

/** Probes in a window as the availability rule counts them. */
export interface ProbeCounts {
  /** Probes that could judge the site (refused, invalid or anti-bot ones cannot). */
  probes: number;
  failed: number;
  /** Distinct days (UTC+8) with a counted probe. */
  days: number;
}

export interface ProbeState {
  state: 'up' | 'down';
  since: string;
  failuresInRow: number;
}

/** Outcomes that say nothing about whether the site is up: the request was not sent, or an anti-bot wall answered. */
export const UNJUDGED_OUTCOMES = ['refused', 'invalid-url', 'anti-bot'] as const;
const UNJUDGED_SQL = UNJUDGED_OUTCOMES.map((o) => `'${o}'`).join(', ');

/** The availability probes and each unit's alerting state. */
export class ProbesRepo {
  constructor(private readonly db: Db) {}

  add(p: ProbeRecord): void {
    this.db.prepare('INSERT INTO probes (unit_id, url, at, ok, status, ms, outcome, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(p.unitId, p.url, p.at, p.ok ? 1 : 0, p.status, Math.round(p.ms), p.outcome, p.error);
  }

  /** The time of each unit's latest probe. */
  latestAt(): Map<string, string> {
    const rows = this.db.prepare('SELECT unit_id AS unitId, MAX(at) AS at FROM probes GROUP BY unit_id').all() as { unitId: string; at: string }[];
    return new Map(rows.map((r) => [r.unitId, r.at]));
  }

  /** Per unit, the counted probes with `from <= at < to` (ISO times). */
  counts(unitIds: string[], from: string, to: string): Map<string, ProbeCounts> {
    const rows = this.db.prepare(`SELECT unit_id AS unitId, COUNT(*) AS probes, SUM(1 - ok) AS failed,
        COUNT(DISTINCT substr(datetime(at, '+8 hours'), 1, 10)) AS days
      FROM probes WHERE at >= ? AND at < ? AND outcome NOT IN (${UNJUDGED_SQL}) GROUP BY unit_id`).all(from, to) as (ProbeCounts & { unitId: string })[];
    const byUnit = new Map(rows.map(({ unitId, ...c }) => [unitId, c]));
    return new Map(unitIds.map((id) => [id, byUnit.get(id) ?? { probes: 0, failed: 0, days: 0 }]));
  }

  recent(unitId: string, limit: number): ProbeRecord[] {
    return (this.db.prepare(`SELECT unit_id AS unitId, url, at, ok, status, ms, outcome, error FROM probes WHERE unit_id = ? ORDER BY at DESC, id DESC LIMIT ?`)
      .all(unitId, limit) as (Omit<ProbeRecord, 'ok'> & { ok: number })[]).map((r) => ({ ...r, ok: r.ok === 1 }));
  }

  state(unitId: string): ProbeState {
    const row = this.db.prepare('SELECT state, since, failures_in_row AS failuresInRow FROM probe_state WHERE unit_id = ?').get(unitId) as ProbeState | undefined;
    return row ?? { state: 'up', since: '', failuresInRow: 0 };
  }

  /** Every probed unit's alerting state (units never probed have none). */
  states(): Map<string, ProbeState> {
    const rows = this.db.prepare('SELECT unit_id AS unitId, state, since, failures_in_row AS failuresInRow FROM probe_state').all() as (ProbeState & { unitId: string })[];
    return new Map(rows.map(({ unitId, ...s }) => [unitId, s]));
  }

  setState(unitId: string, s: ProbeState): void {
    this.db.prepare(`INSERT INTO probe_state (unit_id, state, since, failures_in_row) VALUES (?, ?, ?, ?)
      ON CONFLICT (unit_id) DO UPDATE SET state = excluded.state, since = excluded.since, failures_in_row = excluded.failures_in_row`)
      .run(unitId, s.state, s.since, s.failuresInRow);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
