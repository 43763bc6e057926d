import type { Db } from '../../src/store/db.js';
import type { DistrictConfig, UnitConfig } from '../../src/config/schema.js';
import { ColumnRegistry } from '../../src/store/column-registry.js';
import type { Finding } from '../../src/audit/observation.js';
import { columnKey, type ColumnFacts, type ItemFact, type LinkCheckFact, type ObservationFact } from '../../src/scoring/platform-facts.js';

/**
 * The scoring path's reading of observations and items as it was before it was tuned for speed (commit
 * 32240ce, `loadColumnFacts` in src/store/district-facts.ts), kept as the reference the tuned loader must
 * agree with exactly. Not used by the tool.
 */
export function referenceColumnFacts(db: Db, config: DistrictConfig, upTo: string): Map<string, Map<string, ColumnFacts>> {
  const columns = loadColumnFacts(db, columnKeysById(db, config.units), upTo);
  return new Map([...columns].map(([unitId, unit]) => [unitId, new Map([...unit].map(([name, f]) => [name, {
    observations: f.observations.map(({ seenOn, ...fact }) => ({ crawlDates: seenOn, seenFrom: 0, seenTo: seenOn.length - 1, ...fact })),
    items: f.items,
  }]))]));
}

/** An observation as the reference reads it: with the list of its crawl dates. */
type ReferenceFact = Omit<ObservationFact, 'crawlDates' | 'seenFrom' | 'seenTo'> & { seenOn: string[] };
interface ReferenceColumnFacts { observations: ReferenceFact[]; items: ItemFact[] }

/**
 * A column_observations row as `raw()` gives it: it stands for the unit's runs from `runId` to `lastRunId`
 * (in the order they finished the unit); from `status` on, the fields say what those crawls saw.
 */
type ObservationRow = [
  unitId: string, columnId: string, runId: number, observedOn: string, lastRunId: number, status: ObservationFact['status'], reason: string | null,
  finalUrl: string | null, shape: string | null, newestDate: string | null, itemCount: number, undatedCount: number,
  futureCount: number, evidence: string | null, findingsJson: string, listEnd: ObservationFact['listEnd'], listEndNote: string | null,
];
const SEEN_FROM = 5;

/** One crawl a row stands for: its as-of date and its place in the order the unit's runs finished (-1: unknown). */
/** A stored row: the dates of the crawls it stands for, the first one's place among its unit's finished runs (-1: none). */
interface Span {
  dates: string[];
  order: number;
  row: ObservationRow;
  links: LinkCheckFact[] | undefined;
}

/**
 * Per unit, the stored column ids of each config column (its config id, the id its URL registered, a
 * derived one) to the column's key: rows are joined by stable id, resolved without writing.
 */
function columnKeysById(db: Db, units: UnitConfig[]): Map<string, Map<string, string>> {
  const registry = new ColumnRegistry(db);
  const out = new Map<string, Map<string, string>>();
  for (const unit of units) {
    const ids = new Map<string, string>();
    for (const c of registry.resolve(unit).columns) for (const id of c.storedIds) ids.set(id, columnKey(c.column));
    out.set(unit.id, ids);
  }
  return out;
}

/** Per unit and column: consecutive crawls that saw the same thing merged into one observation, and the items. */
function loadColumnFacts(db: Db, keys: Map<string, Map<string, string>>, upTo: string): Map<string, Map<string, ReferenceColumnFacts>> {
  // Dates, statuses and hashes repeat across thousands of rows: one string each keeps a year's snapshot small.
  const strings = new Map<string, string>();
  const s = <T extends string | null>(v: T): T => {
    if (v === null) return v;
    const hit = strings.get(v);
    if (hit !== undefined) return hit as T;
    strings.set(v, v);
    return v;
  };
  const findings = new Map<string, Finding[]>();
  const failedLinks = loadFailedLinks(db);
  const out = new Map<string, Map<string, ReferenceColumnFacts>>();
  const column = (unitId: string, name: string): ReferenceColumnFacts => {
    let unit = out.get(unitId);
    if (!unit) out.set(unitId, (unit = new Map()));
    let f = unit.get(name);
    if (!f) unit.set(name, (f = { observations: [], items: [] }));
    return f;
  };

  const unitRuns = loadUnitRuns(db);
  let current: { unitId: string; columnId: string; name: string; spans: Span[] } | undefined;
  let columnLinks: Map<number, LinkCheckFact[]> | undefined;
  /** A column's crawls in date order (as one row per crawl was read), consecutive ones that saw the same thing merged. */
  const flush = () => {
    if (!current) return;
    const facts = column(current.unitId, current.name).observations;
    // Rows come in date order unless a run was dated before an earlier one: then crawl by crawl.
    const spans = inDateOrder(current.spans) ? current.spans : crawlByCrawl(current.spans);
    let previous: Span | undefined;
    let fact: ReferenceFact | undefined;
    for (const span of spans) {
      if (previous && fact && (span.row === previous.row || (sameLinks(previous.links, span.links) && sameSeen(previous.row, span.row)))) {
        for (const on of span.dates) fact.seenOn.push(on);
      } else {
        fact = observationFact(span);
        facts.push(fact);
      }
      previous = span;
    }
  };
  const observationFact = ({ dates, row, links }: Span): ReferenceFact => {
    const [, , , , , status, reason, finalUrl, shape, newestDate, itemCount, undatedCount, futureCount, evidence, findingsJson, listEnd,
      listEndNote] = row;
    let parsed = findings.get(findingsJson);
    if (!parsed) findings.set(findingsJson, (parsed = JSON.parse(findingsJson) as Finding[]));
    return {
      seenOn: dates, status: s(status), reason: s(reason), finalUrl: s(finalUrl), shape: s(shape), newestDate: s(newestDate),
      itemCount, undatedCount, futureCount, evidence: s(evidence), findings: parsed, listEnd: s(listEnd), listEndNote: s(listEndNote),
      failedLinks: links ?? [],
    };
  };

  const observations = db.prepare(`SELECT unit_id, column_id, run_id, observed_on, COALESCE(last_run_id, run_id), status, reason, final_url,
      shape, newest_date, item_count, undated_count, future_count, evidence_hash, findings_json, list_end, list_end_note
    FROM column_observations WHERE observed_on <= ? ORDER BY unit_id, column_id, observed_on, id`).raw();
  for (const row of observations.iterate(upTo) as IterableIterator<ObservationRow>) {
    const [unitId, columnId, runId, on, lastRunId] = row;
    const name = keys.get(unitId)?.get(columnId);
    if (name === undefined) continue;
    if (current?.unitId !== unitId || current.columnId !== columnId) {
      flush();
      current = { unitId, columnId, name, spans: [] };
      columnLinks = failedLinks.get(`${unitId}\u0000${columnId}`);
    }
    // Every crawl of a row saw what its first did, failed links included.
    const runs = unitRuns.get(unitId);
    const first = runs?.order.get(runId);
    const last = lastRunId === runId ? first : runs?.order.get(lastRunId);
    const dates = [s(on)];
    if (runs && first !== undefined && last !== undefined) {
      for (let i = first + 1; i <= last && runs.dates[i] <= upTo; i++) dates.push(runs.dates[i]);
    }
    current.spans.push({ dates, order: first ?? -1, row, links: columnLinks?.get(runId) });
  }
  flush();

  const carried = loadCarriedReadings(db);
  const items = db.prepare(`SELECT unit_id, column_id, title, url, published, first_seen, last_seen, pinned
    FROM items WHERE first_seen <= ? ORDER BY id`);
  for (const i of items.iterate(upTo) as IterableIterator<Record<string, never>>) {
    const name = keys.get(i.unit_id)?.get(i.column_id);
    if (name === undefined) continue;
    const lastSeen = seenThrough(i.last_seen, carried.get(`${i.unit_id}\u0000${i.column_id}`));
    column(i.unit_id, name).items.push({
      title: i.title, url: i.url, published: s(i.published), firstSeen: s(i.first_seen), lastSeen: s(lastSeen), pinned: i.pinned === 1,
    });
  }
  // A column whose history sits under two stored ids (a config id added later, before the next crawl
  // moved the rows) has each id's crawls in turn: back in date order.
  for (const unit of out.values()) for (const f of unit.values()) f.observations.sort((a, b) => a.seenOn[0].localeCompare(b.seenOn[0]));
  return out;
}

/** A reading carried forward over nights: read in full on `readOn`, seen the same through `lastOn`. */
type CarriedSpan = [readOn: string, lastOn: string];

/** Per unit and column id, the spans whose last full read was followed by carried nights. */
function loadCarriedReadings(db: Db): Map<string, CarriedSpan[]> {
  const out = new Map<string, CarriedSpan[]>();
  const rows = db.prepare(`SELECT unit_id, column_id, last_read_on, last_observed_on FROM column_observations
    WHERE last_observed_on > last_read_on`).raw().all() as [string, string, string, string][];
  for (const [unitId, columnId, readOn, lastOn] of rows) {
    const key = `${unitId}\u0000${columnId}`;
    const list = out.get(key) ?? [];
    out.set(key, list);
    list.push([readOn, lastOn]);
  }
  return out;
}

/**
 * An item the span's last full read saw was seen on every carried night after it (the list was the same):
 * items are not written again on those nights. Items that read no longer saw keep their own last date.
 */
function seenThrough(lastSeen: string, spans: CarriedSpan[] | undefined): string {
  if (spans) for (const [readOn, lastOn] of spans) if (lastSeen >= readOn && lastSeen < lastOn) return lastOn;
  return lastSeen;
}

/** Date order; crawls on one date in the order they finished, as their rows were once inserted. */
function byDate(a: { on: string; order: number }, b: { on: string; order: number }): number {
  if (a.on !== b.on) return a.on < b.on ? -1 : 1;
  return a.order >= 0 && b.order >= 0 ? a.order - b.order : 0;
}

/** True when every crawl of the rows, one after another, comes in date order already (the usual case). */
function inDateOrder(spans: Span[]): boolean {
  let previous: { on: string; order: number } | undefined;
  for (const span of spans) {
    for (let k = 0; k < span.dates.length; k++) {
      const crawl = { on: span.dates[k], order: span.order >= 0 ? span.order + k : -1 };
      if (previous && byDate(previous, crawl) > 0) return false;
      previous = crawl;
    }
  }
  return true;
}

/** Each crawl of the rows on its own, sorted by date. */
function crawlByCrawl(spans: Span[]): Span[] {
  const crawls = spans.flatMap((span) => span.dates.map((on, k) => ({ ...span, dates: [on], order: span.order >= 0 ? span.order + k : -1 })));
  return crawls.sort((a, b) => byDate({ on: a.dates[0], order: a.order }, { on: b.dates[0], order: b.order }));
}

/** Per unit, the runs that finished it in the order they did, with their as-of dates. */
function loadUnitRuns(db: Db): Map<string, { order: Map<number, number>; dates: string[] }> {
  const out = new Map<string, { order: Map<number, number>; dates: string[] }>();
  const rows = db.prepare('SELECT u.unit_id, u.run_id, r.as_of FROM run_units u JOIN runs r ON r.id = u.run_id ORDER BY u.unit_id, u.rowid').raw();
  for (const [unitId, runId, asOf] of rows.iterate() as IterableIterator<[string, number, string]>) {
    let unit = out.get(unitId);
    if (!unit) out.set(unitId, (unit = { order: new Map(), dates: [] }));
    unit.order.set(runId, unit.dates.length);
    unit.dates.push(asOf);
  }
  return out;
}

function sameSeen(a: ObservationRow, b: ObservationRow): boolean {
  for (let i = SEEN_FROM; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameLinks(a: LinkCheckFact[] | undefined, b: LinkCheckFact[] | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

/** Link checks that did not open, per unit and column, per crawl (links that opened are the rule and are not kept). */
function loadFailedLinks(db: Db): Map<string, Map<number, LinkCheckFact[]>> {
  const out = new Map<string, Map<number, LinkCheckFact[]>>();
  // Only the crawls that start a row, the rest of a row saw the same: rows first (CROSS JOIN keeps that order),
  // each looked up in migration 011's index of failed checks rather than a scan of every check.
  const rows = db.prepare(`SELECT l.run_id, l.unit_id, l.column_id, l.url, l.title, l.outcome, l.status_code, l.list_evidence
    FROM column_observations o CROSS JOIN link_checks l ON l.run_id = o.run_id AND l.unit_id = o.unit_id AND l.column_id = o.column_id
    WHERE l.outcome != 'ok' ORDER BY l.id`).all() as Record<string, never>[];
  for (const r of rows) {
    const key = `${r.unit_id}\u0000${r.column_id}`;
    const runs = out.get(key) ?? new Map<number, LinkCheckFact[]>();
    out.set(key, runs);
    const list = runs.get(r.run_id) ?? [];
    runs.set(r.run_id, list);
    list.push({ url: r.url, title: r.title, outcome: r.outcome, statusCode: r.status_code, listEvidence: r.list_evidence });
  }
  return out;
}
