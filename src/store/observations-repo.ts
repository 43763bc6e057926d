import type { Db } from './db.js';
import type { UnitConfig } from '../config/schema.js';
import type { ColumnObservation } from '../audit/observation.js';
import { hostOf, itemKey } from '../identity/keys.js';
import type { ColumnResolution } from '../identity/resolve-columns.js';
import { ColumnRegistry } from './column-registry.js';
import { itemCountOf, sameAsLatest, UnitHistoryReader, type UnitHistory } from './unit-history.js';

export interface RunRow {
  id: number;
  as_of: string;
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'done' | 'failed';
  unit_filter: string | null;
}

/** One request of a run as stored: what was asked, how it ended and why. */
export interface FetchRow {
  columnName: string;
  purpose: string;
  url: string;
  finalUrl: string | null;
  outcome: string;
  statusCode: number | null;
  error: string | null;
  viaBrowser: number;
}

/**
 * Writes what a crawl saw. A unit's observations, items, fetches and link checks land in one transaction,
 * joined to their column by its stable id; the column name is kept as the display name at the time.
 * Observations are stored as changes: a row stands for the consecutive runs of its unit, from `run_id` to
 * `last_run_id`, that saw the same thing.
 */
export class ObservationsRepo {
  private readonly stmts;
  private readonly registry: ColumnRegistry;
  private readonly histories: UnitHistoryReader;

  constructor(private readonly db: Db) {
    this.registry = new ColumnRegistry(db);
    this.histories = new UnitHistoryReader(db);
    this.stmts = {
      obs: db.prepare(`INSERT INTO column_observations (run_id, unit_id, column_id, column_name, observed_on, observed_at, entry_url,
        final_url, shape, status, reason, item_count, undated_count, future_count, newest_date, newest_title, newest_url,
        pages_fetched, stated_total, evidence_hash, findings_json, list_end, list_end_note, last_run_id, last_observed_on,
        last_read_on, read_key, carry_until, link_targets_json)
        VALUES (@run, @unit, @columnId, @column, @on, @at, @entry, @final, @shape, @status, @reason, @items, @undated, @future,
        @newestDate, @newestTitle, @newestUrl, @pages, @stated, @evidence, @findings, @listEnd, @listEndNote, @run, @on,
        @readOn, @readKey, @carryUntil, @linkTargets)`),
      extend: db.prepare(`UPDATE column_observations SET last_run_id = @run, last_observed_on = @on, last_read_on = @readOn,
        read_key = @readKey, carry_until = @carryUntil, link_targets_json = @linkTargets WHERE id = @id`),
      // Items and fetches bind by position: tens of thousands per run, and named binding costs ~20% more.
      item: db.prepare(`INSERT INTO items (unit_id, column_id, column_name, item_key, title, url, published, date_source, pinned,
        first_seen, last_seen, first_run, last_run, evidence_hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (unit_id, column_id, item_key) DO UPDATE SET column_name = excluded.column_name, title = excluded.title,
        url = excluded.url, published = COALESCE(excluded.published, items.published),
        date_source = COALESCE(excluded.date_source, items.date_source),
        pinned = excluded.pinned, last_seen = excluded.last_seen, last_run = excluded.last_run`),
      fetch: db.prepare(`INSERT INTO fetches (run_id, unit_id, column_id, column_name, purpose, url, final_url, outcome, status_code,
        error, evidence_hash, elapsed_ms, fetched_at, via_browser)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      link: db.prepare(`INSERT OR REPLACE INTO link_checks (run_id, unit_id, column_id, column_name, url, title, outcome, status_code, list_evidence)
        VALUES (@run, @unit, @columnId, @column, @url, @title, @outcome, @status, @evidence)`),
      unitDone: db.prepare('INSERT INTO run_units (run_id, unit_id, finished_at) VALUES (?, ?, ?)'),
      pastUrls: db.prepare(`SELECT entry_url FROM column_observations WHERE unit_id = ? AND column_id = ?
        UNION SELECT final_url FROM column_observations WHERE unit_id = ? AND column_id = ? AND final_url IS NOT NULL`).pluck(),
      previousFinal: db.prepare(`SELECT final_url FROM column_observations
        WHERE unit_id = ? AND column_id = ? AND final_url IS NOT NULL ORDER BY observed_on DESC, id DESC LIMIT 1`).pluck(),
    };
  }

  /** The ids of a unit's config columns as the registry holds them now (nothing is written). */
  resolveColumns(unit: UnitConfig): ColumnResolution {
    return this.registry.resolve(unit);
  }

  /** What the next crawl of a unit needs from its history: each column's latest row, link checks, the unit's last run. */
  unitHistory(unitId: string): UnitHistory {
    return this.histories.load(unitId);
  }

  /** The URL a column's list was last read from, under any of its stored ids; undefined if it never was. */
  previousFinalUrl(unitId: string, storedIds: string[]): string | undefined {
    for (const id of storedIds) {
      const url = this.stmts.previousFinal.get(unitId, id) as string | undefined;
      if (url) return url;
    }
    return undefined;
  }

  startRun(asOf: string, unitFilter: string | null, at: Date): number {
    return Number(this.db.prepare('INSERT INTO runs (as_of, started_at, status, unit_filter) VALUES (?, ?, ?, ?)')
      .run(asOf, at.toISOString(), 'running', unitFilter).lastInsertRowid);
  }

  /** The latest unfinished run for the same date and unit filter, to be completed instead of starting over. */
  unfinishedRun(asOf: string, unitFilter: string | null): RunRow | undefined {
    return this.db.prepare(`SELECT * FROM runs WHERE status = 'running' AND as_of = ? AND unit_filter IS ? ORDER BY id DESC LIMIT 1`)
      .get(asOf, unitFilter) as RunRow | undefined;
  }

  runById(runId: number): RunRow | undefined {
    return this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  }

  finishedUnits(runId: number): Set<string> {
    return new Set(this.db.prepare('SELECT unit_id FROM run_units WHERE run_id = ?').pluck().all(runId) as string[]);
  }

  /** The requests a run made for a unit, in the order they were stored. */
  fetchesOf(runId: number, unitId: string): FetchRow[] {
    return this.db.prepare(`SELECT column_name AS columnName, purpose, url, final_url AS finalUrl, outcome,
        status_code AS statusCode, error, via_browser AS viaBrowser
      FROM fetches WHERE run_id = ? AND unit_id = ? ORDER BY id`).all(runId, unitId) as FetchRow[];
  }

  finishRun(runId: number, status: 'done' | 'failed', at: Date): void {
    this.db.prepare('UPDATE runs SET status = ?, finished_at = ? WHERE id = ?').run(status, at.toISOString(), runId);
  }

  /**
   * Stores a unit's crawl with the column ids it was resolved to (`resolution`, registered in the same
   * transaction). Given the unit's `history` as loaded before the crawl, a column that saw the same as its
   * latest row extends that row when the row's last run is the unit's previous finished run (otherwise a
   * night the column was not crawled would be hidden) and the date does not go back; anything else is a new row.
   */
  saveUnit(runId: number, unitId: string, observedOn: string, at: Date, observations: ColumnObservation[], resolution?: ColumnResolution,
    history?: UnitHistory): void {
    const observedAt = at.toISOString();
    this.db.transaction(() => {
      if (resolution) this.registry.apply(unitId, resolution, observedOn);
      for (const o of observations) {
        const reading = {
          run: runId, on: observedOn, readOn: o.reading?.readOn ?? observedOn, readKey: o.reading?.key ?? null,
          carryUntil: o.reading?.carryUntil ?? null, linkTargets: o.linkTargets ? JSON.stringify(o.linkTargets) : null,
        };
        const latest = history?.latest.get(o.columnId);
        const extendsLatest = latest !== undefined && history?.previousRun?.id === latest.lastRunId && latest.lastRunId !== runId
          && observedOn >= (history.latestAsOf ?? observedOn) && sameAsLatest(o, latest);
        if (extendsLatest) this.stmts.extend.run({ ...reading, id: latest.rowId });
        else {
          this.stmts.obs.run({
            ...reading, unit: unitId, columnId: o.columnId, column: o.columnName, at: observedAt, entry: o.entryUrl,
            final: o.finalUrl ?? null, shape: o.shape ?? null, status: o.status, reason: o.reason ?? null,
            items: itemCountOf(o), undated: o.undatedCount, future: o.futureCount, newestDate: o.newest?.date ?? null,
            newestTitle: o.newest?.title ?? null, newestUrl: o.newest?.url ?? null, pages: o.pagesFetched,
            stated: o.statedTotal ?? null, evidence: o.evidence ?? null, findings: JSON.stringify(o.findings),
            listEnd: o.listEnd, listEndNote: o.listEndNote ?? null,
          });
        }
        // A carried reading's items are not written again: the span says they were seen (district-facts.ts).
        if (!o.reading?.carriedFrom) this.saveItems(runId, unitId, observedOn, o);
        for (const f of o.fetches) {
          this.stmts.fetch.run(runId, unitId, o.columnId, o.columnName, f.purpose, f.url, f.finalUrl, f.outcome, f.status ?? null,
            f.error ?? null, f.evidence ?? null, f.elapsedMs, observedAt, f.viaBrowser ? 1 : 0);
        }
        for (const l of o.linkChecks) {
          this.stmts.link.run({
            run: runId, unit: unitId, columnId: o.columnId, column: o.columnName, url: l.url, title: l.title, outcome: l.outcome,
            status: l.status ?? null, evidence: l.listEvidence ?? null,
          });
        }
      }
      this.stmts.unitDone.run(runId, unitId, observedAt);
    })();
  }

  /** A column's items as read tonight: new ones added, known ones seen again. */
  private saveItems(runId: number, unitId: string, observedOn: string, o: ColumnObservation): void {
    // The column's own site is every host its list was read from: a CMS that moved often keeps linking to the old one.
    const pastUrls = this.stmts.pastUrls.all(unitId, o.columnId, unitId, o.columnId) as string[];
    const ownHosts = new Set([o.entryUrl, o.finalUrl, ...pastUrls].flatMap((u) => (u ? [hostOf(u)] : [])));
    for (const item of o.items) {
      this.stmts.item.run(unitId, o.columnId, o.columnName, itemKey(item.url, item.title, ownHosts), item.title, item.url, item.date,
        item.dateSource, item.pinned ? 1 : 0, observedOn, observedOn, runId, runId, o.evidence ?? null);
    }
  }
}
