import type { Db } from '../store/db.js';
import type { UnitConfig } from '../config/schema.js';
import { ColumnRegistry } from '../store/column-registry.js';
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

/**
 * Loads what was observed of a unit's config columns up to and including `asOf`, keyed by the config
 * column's name (unique within a unit). Rows are joined by stable column id, resolved from the registry
 * without writing, so a renamed column keeps its history.
 */
export function loadPlatformFacts(db: Db, unit: UnitConfig, asOf: string): Map<string, ColumnFacts> {
  const facts = new Map<string, ColumnFacts>();
  const keyOf = new Map<string, string>();
  for (const c of new ColumnRegistry(db).resolve(unit).columns) {
    for (const id of c.storedIds) keyOf.set(id, c.column.name);
  }
  const get = (columnId: string) => {
    const key = keyOf.get(columnId);
    if (key === undefined) return undefined;
    let f = facts.get(key);
    if (!f) facts.set(key, (f = { observations: [], items: [], linkChecks: [] }));
    return f;
  };
  const latest = new Map<ColumnFacts, { runId: number; columnId: string }>();
  const observations = db.prepare(`SELECT column_id, run_id, observed_on, status, reason, final_url, shape, newest_date,
      item_count, undated_count, future_count, evidence_hash, findings_json, list_end, list_end_note
    FROM column_observations WHERE unit_id = ? AND observed_on <= ? ORDER BY observed_on, id`).all(unit.id, asOf) as Record<string, never>[];
  for (const o of observations) {
    const f = get(o.column_id);
    if (!f) continue;
    f.observations.push({
      runId: o.run_id, on: o.observed_on, status: o.status, reason: o.reason, finalUrl: o.final_url, shape: o.shape,
      newestDate: o.newest_date, itemCount: o.item_count, undatedCount: o.undated_count, futureCount: o.future_count,
      evidence: o.evidence_hash, findings: JSON.parse(o.findings_json) as Finding[],
      listEnd: o.list_end, listEndNote: o.list_end_note,
    });
    latest.set(f, { runId: o.run_id, columnId: o.column_id });
  }
  const items = db.prepare(`SELECT column_id, title, url, published, first_seen, last_seen, pinned
    FROM items WHERE unit_id = ? AND first_seen <= ?`).all(unit.id, asOf) as Record<string, never>[];
  for (const i of items) {
    get(i.column_id)?.items.push({
      title: i.title, url: i.url, published: i.published, firstSeen: i.first_seen, lastSeen: i.last_seen, pinned: i.pinned === 1,
    });
  }
  const linkStmt = db.prepare(`SELECT url, title, outcome, status_code AS statusCode, list_evidence AS listEvidence
    FROM link_checks WHERE run_id = ? AND unit_id = ? AND column_id = ?`);
  for (const [f, { runId, columnId }] of latest) f.linkChecks = linkStmt.all(runId, unit.id, columnId) as LinkCheckFact[];
  return facts;
}
