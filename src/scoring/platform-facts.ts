import type { Db } from '../store/db.js';
import type { ObservationStatus, Finding, ListEnd } from '../audit/observation.js';

/** One night's observation of a column, as stored. */
export interface ObservationFact {
  runId: number;
  on: string;
  status: ObservationStatus;
  reason: string | null;
  finalUrl: string | null;
  shape: string | null;
  newestDate: string | null;
  itemCount: number;
  undatedCount: number;
  futureCount: number;
  evidence: string | null;
  findings: Finding[];
  listEnd: ListEnd;
  listEndNote: string | null;
}

export interface ItemFact {
  title: string;
  url: string | null;
  published: string | null;
  firstSeen: string;
  lastSeen: string;
  pinned: boolean;
}

export interface LinkCheckFact {
  url: string;
  title: string | null;
  outcome: string;
  statusCode: number | null;
  listEvidence: string | null;
}

export interface ColumnFacts {
  observations: ObservationFact[];
  items: ItemFact[];
  /** Link checks of the latest observation. */
  linkChecks: LinkCheckFact[];
}

/** Loads what was observed of a unit's columns up to and including `asOf`. */
export function loadPlatformFacts(db: Db, unitId: string, asOf: string): Map<string, ColumnFacts> {
  const facts = new Map<string, ColumnFacts>();
  const get = (column: string) => {
    let f = facts.get(column);
    if (!f) facts.set(column, (f = { observations: [], items: [], linkChecks: [] }));
    return f;
  };
  const observations = db.prepare(`SELECT column_name, run_id, observed_on, status, reason, final_url, shape, newest_date,
      item_count, undated_count, future_count, evidence_hash, findings_json, list_end, list_end_note
    FROM column_observations WHERE unit_id = ? AND observed_on <= ? ORDER BY observed_on, id`).all(unitId, asOf) as Record<string, never>[];
  for (const o of observations) {
    get(o.column_name).observations.push({
      runId: o.run_id, on: o.observed_on, status: o.status, reason: o.reason, finalUrl: o.final_url, shape: o.shape,
      newestDate: o.newest_date, itemCount: o.item_count, undatedCount: o.undated_count, futureCount: o.future_count,
      evidence: o.evidence_hash, findings: JSON.parse(o.findings_json) as Finding[],
      listEnd: o.list_end, listEndNote: o.list_end_note,
    });
  }
  const items = db.prepare(`SELECT column_name, title, url, published, first_seen, last_seen, pinned
    FROM items WHERE unit_id = ? AND first_seen <= ?`).all(unitId, asOf) as Record<string, never>[];
  for (const i of items) {
    get(i.column_name).items.push({
      title: i.title, url: i.url, published: i.published, firstSeen: i.first_seen, lastSeen: i.last_seen, pinned: i.pinned === 1,
    });
  }
  const linkStmt = db.prepare(`SELECT url, title, outcome, status_code AS statusCode, list_evidence AS listEvidence
    FROM link_checks WHERE run_id = ? AND unit_id = ? AND column_name = ?`);
  for (const [column, f] of facts) {
    const latest = f.observations.at(-1);
    if (latest) f.linkChecks = linkStmt.all(latest.runId, unitId, column) as LinkCheckFact[];
  }
  return facts;
}
