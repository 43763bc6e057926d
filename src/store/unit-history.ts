import type { Db } from './db.js';
import type { ColumnObservation, Finding, LinkCheck, LinkHistory, LinkTarget, StoredReading } from '../audit/observation.js';
import type { Outcome } from '../fetch/types.js';

/** A column's latest stored row, as the next night's crawl and save need it. */
export interface LatestRow extends StoredReading {
  rowId: number;
}

/** What the next crawl of a unit needs from its stored history, loaded with a few queries per unit. */
export interface UnitHistory {
  /** The unit's last finished run, in the order runs finished it. */
  previousRun?: { id: number; asOf: string };
  /** The latest as-of date of any run that finished the unit. */
  latestAsOf?: string;
  /** Per column id: its latest row. */
  latest: Map<string, LatestRow>;
  /** Per column id, per link URL: its latest check. */
  links: Map<string, Map<string, LinkHistory>>;
}

interface Row {
  id: number; run_id: number; last_run_id: number; last_observed_on: string; column_id: string; column_name: string; entry_url: string;
  final_url: string | null; shape: string | null; status: ColumnObservation['status']; reason: string | null; item_count: number;
  undated_count: number; future_count: number; newest_date: string | null; newest_title: string | null; newest_url: string | null;
  pages_fetched: number; stated_total: number | null; evidence_hash: string | null; findings_json: string; list_end: ColumnObservation['listEnd'];
  list_end_note: string | null; read_key: string | null; last_read_on: string | null; carry_until: string | null; link_targets_json: string | null;
}

interface FailedLinkRow {
  column_id: string; url: string; title: string; outcome: Outcome; status_code: number | null; list_evidence: string | null;
}

const LATEST_IDS = 'SELECT MAX(id) FROM column_observations WHERE unit_id = ? GROUP BY column_id';

export class UnitHistoryReader {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      previousRun: db.prepare(`SELECT r.id, r.as_of AS asOf FROM run_units u JOIN runs r ON r.id = u.run_id
        WHERE u.unit_id = ? ORDER BY u.rowid DESC LIMIT 1`),
      latestAsOf: db.prepare('SELECT MAX(r.as_of) FROM run_units u JOIN runs r ON r.id = u.run_id WHERE u.unit_id = ?').pluck(),
      latest: db.prepare(`SELECT * FROM column_observations WHERE id IN (${LATEST_IDS})`),
      // The failed checks of the night each latest row was started.
      failed: db.prepare(`SELECT l.column_id, l.url, l.title, l.outcome, l.status_code, l.list_evidence
        FROM column_observations o JOIN link_checks l ON l.run_id = o.run_id AND l.unit_id = o.unit_id AND l.column_id = o.column_id
        WHERE o.id IN (${LATEST_IDS}) AND l.outcome != 'ok' ORDER BY l.id`),
      links: db.prepare(`SELECT l.column_id AS columnId, l.url, l.outcome, r.as_of AS asOf FROM link_checks l JOIN runs r ON r.id = l.run_id
        WHERE l.id IN (SELECT MAX(id) FROM link_checks WHERE unit_id = ? GROUP BY column_id, url)`),
    };
  }

  load(unitId: string): UnitHistory {
    const failed = new Map<string, LinkCheck[]>();
    for (const f of this.stmts.failed.all(unitId) as FailedLinkRow[]) {
      const list = failed.get(f.column_id) ?? [];
      failed.set(f.column_id, list);
      list.push({ url: f.url, title: f.title, outcome: f.outcome, status: f.status_code ?? undefined, listEvidence: f.list_evidence ?? undefined });
    }
    const latest = new Map<string, LatestRow>();
    for (const row of this.stmts.latest.all(unitId) as Row[]) latest.set(row.column_id, latestRow(row, failed.get(row.column_id) ?? []));
    const links = new Map<string, Map<string, LinkHistory>>();
    for (const l of this.stmts.links.all(unitId) as { columnId: string; url: string; outcome: Outcome; asOf: string }[]) {
      const column = links.get(l.columnId) ?? new Map<string, LinkHistory>();
      links.set(l.columnId, column);
      column.set(l.url, { checkedOn: l.asOf, ok: l.outcome === 'ok' });
    }
    return {
      previousRun: this.stmts.previousRun.get(unitId) as UnitHistory['previousRun'],
      latestAsOf: (this.stmts.latestAsOf.get(unitId) as string | null) ?? undefined,
      latest, links,
    };
  }
}

function latestRow(r: Row, failedLinks: LinkCheck[]): LatestRow {
  const observation: LatestRow['observation'] = {
    columnId: r.column_id, columnName: r.column_name, entryUrl: r.entry_url, finalUrl: r.final_url ?? undefined, shape: r.shape ?? undefined,
    status: r.status, reason: r.reason ?? undefined, items: [], undatedCount: r.undated_count, futureCount: r.future_count,
    newest: r.newest_date ? { date: r.newest_date, title: r.newest_title ?? '', url: r.newest_url } : undefined,
    pagesFetched: r.pages_fetched, statedTotal: r.stated_total ?? undefined, listEnd: r.list_end,
    ...(r.list_end_note !== null ? { listEndNote: r.list_end_note } : {}),
    evidence: r.evidence_hash ?? undefined, findings: JSON.parse(r.findings_json) as Finding[], fetches: [], linkChecks: [],
    linkTargets: r.link_targets_json ? (JSON.parse(r.link_targets_json) as LinkTarget[]) : [],
    // A row stored before readings were recorded is never carried: its first night is a full read.
    reading: { key: r.read_key ?? '', readOn: r.last_read_on ?? r.last_observed_on, carryUntil: r.read_key === null ? null : r.carry_until },
  };
  return { rowId: r.id, lastRunId: r.last_run_id, lastObservedOn: r.last_observed_on, itemCount: r.item_count, observation, failedLinks };
}

/** Items stored for an observation: its own, or those of the reading it carries forward. */
export function itemCountOf(o: ColumnObservation): number {
  return o.reading?.carriedFrom?.itemCount ?? o.items.length;
}

/**
 * True when tonight's observation says exactly what the latest row says (every stored fact of what was
 * seen, the display name, the entry URL and the links that did not open), so the row can stand for
 * tonight too. How it was read (pages fetched, read key, read date) is not part of it.
 */
export function sameAsLatest(o: ColumnObservation, latest: LatestRow): boolean {
  const s = latest.observation;
  const same = <T>(a: T | undefined, b: T | undefined) => (a ?? null) === (b ?? null);
  return o.status === s.status && same(o.reason, s.reason) && same(o.finalUrl, s.finalUrl) && same(o.shape, s.shape)
    && same(o.newest?.date, s.newest?.date) && same(o.newest?.title, s.newest?.title) && same(o.newest?.url, s.newest?.url)
    && itemCountOf(o) === latest.itemCount && o.undatedCount === s.undatedCount && o.futureCount === s.futureCount
    && same(o.statedTotal, s.statedTotal) && o.listEnd === s.listEnd && same(o.listEndNote, s.listEndNote) && same(o.evidence, s.evidence)
    && o.columnName === s.columnName && o.entryUrl === s.entryUrl && JSON.stringify(o.findings) === JSON.stringify(s.findings)
    && JSON.stringify(failedLinks(o)) === JSON.stringify(latest.failedLinks.map(linkFact));
}

function failedLinks(o: ColumnObservation): ReturnType<typeof linkFact>[] {
  return o.linkChecks.filter((l) => l.outcome !== 'ok').map(linkFact);
}

function linkFact(l: LinkCheck): [string, string, string, number | null, string | null] {
  return [l.url, l.title, l.outcome, l.status ?? null, l.listEvidence ?? null];
}
