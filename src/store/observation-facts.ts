import type { Db } from './db.js';
import type { Finding } from '../audit/observation.js';
import { firstSeen, seenDates, type LinkCheckFact, type ObservationFact } from '../scoring/platform-facts.js';

/**
 * A column_observations row as `raw()` gives it: it stands for the unit's runs from `runId` to `lastRunId`
 * (in the order they finished the unit); from `status` on, the fields say what those crawls saw.
 */
type ObservationRow = [
  key: string, runId: number, observedOn: string, lastRunId: number, status: ObservationFact['status'], reason: string | null,
  finalUrl: string | null, shape: string | null, newestDate: string | null, itemCount: number, undatedCount: number,
  futureCount: number, evidence: string | null, findingsJson: string, listEnd: ObservationFact['listEnd'], listEndNote: string | null,
  lastReadOn: string | null, lastObservedOn: string | null,
];

/** A reading carried forward over nights: read in full on `readOn`, seen the same through `lastOn`. */
export type CarriedSpan = [readOn: string, lastOn: string];

/** A stored row read: what its crawls saw (and their dates), the first one's place among its unit's finished runs (-1: none). */
interface Span {
  fact: ObservationFact;
  order: number;
  /** The row a single crawl was split from (`crawlByCrawl`): crawls of one row merge back. */
  row?: Span;
}

/** The rows of one stored column id, in the order they were written. */
interface StoredColumn {
  unitId: string;
  columnId: string;
  name: string;
  spans: Span[];
  links: Map<number, LinkCheckFact[]> | undefined;
  runs: UnitRuns | undefined;
}

/** Per unit, the runs that finished it in the order they did, with their as-of dates. */
interface UnitRuns {
  order: Map<number, number>;
  dates: string[];
}

/** No failed links: one array for every observation without any. */
const NO_LINKS: readonly LinkCheckFact[] = Object.freeze([]);

/** A string interner: dates, statuses and link addresses repeat across thousands of rows, one copy each keeps a year's facts small. */
export function interner(): <T extends string | null>(v: T) => T {
  const strings = new Map<string, string>();
  return <T extends string | null>(v: T): T => {
    if (v === null) return v;
    const hit = strings.get(v);
    if (hit !== undefined) return hit as T;
    strings.set(v, v);
    return v;
  };
}

/** Joins a unit id and a stored column id as the queries below do (`unit_id || char(0) || column_id`). */
export const storedKey = (unitId: string, columnId: string) => `${unitId}\u0000${columnId}`;

/**
 * Per unit id and stored column id (`storedKey`) of a config column: its crawls up to `upTo`, consecutive
 * crawls that saw the same thing merged into one observation. Each list is in date order, the stored
 * columns in (unit id, column id) order.
 *
 * Rows are read in the order they were written (a plain scan: an index walk costs twice as much) and
 * each becomes its observation at once; a column's rows are brought into date order afterwards.
 */
export function loadObservationFacts(db: Db, names: Map<string, string>, upTo: string, intern: ReturnType<typeof interner>): {
  columns: { unitId: string; name: string; observations: ObservationFact[] }[];
  /** Per `storedKey` (any stored column, any date), the rows whose last full read was followed by carried nights. */
  carried: Map<string, CarriedSpan[]>;
} {
  const unitRuns = loadUnitRuns(db);
  const failedLinks = loadFailedLinks(db, intern);
  const columns = new Map<string, StoredColumn | null>();
  const findings = new Map<string, Finding[]>();
  let lastJson = '[]';
  let lastFindings: Finding[] = [];
  const rows = db.prepare(`SELECT unit_id || char(0) || column_id, run_id, observed_on, COALESCE(last_run_id, run_id), status, reason,
      final_url, shape, newest_date, item_count, undated_count, future_count, evidence_hash, findings_json, list_end, list_end_note,
      last_read_on, last_observed_on
    FROM column_observations ORDER BY id`).raw();
  const carried = new Map<string, CarriedSpan[]>();
  // One scan for both: the observations up to `upTo`, and every row's carried nights (the items' last dates need them all).
  for (const row of rows.iterate() as IterableIterator<ObservationRow>) {
    const [key, runId, on, lastRunId, status, reason, finalUrl, shape, newestDate, itemCount, undatedCount, futureCount, evidence,
      findingsJson, listEnd, listEndNote, lastReadOn, lastObservedOn] = row;
    if (lastReadOn !== null && lastObservedOn !== null && lastObservedOn > lastReadOn) {
      const span: CarriedSpan = [intern(lastReadOn), intern(lastObservedOn)];
      const list = carried.get(key);
      if (list) list.push(span);
      else carried.set(key, [span]);
    }
    if (on > upTo) continue;
    let column = columns.get(key);
    if (column === undefined) columns.set(key, (column = storedColumn(key, names, unitRuns, failedLinks)));
    if (column === null) continue;
    // Every crawl of a row saw what its first did, failed links included.
    const first = column.runs?.order.get(runId);
    const crawls = rowCrawls(column.runs, first, lastRunId, intern(on), upTo);
    if (findingsJson !== lastJson) {
      let parsed = findings.get(findingsJson);
      if (!parsed) findings.set(findingsJson, (parsed = JSON.parse(findingsJson) as Finding[]));
      lastJson = findingsJson;
      lastFindings = parsed;
    }
    // The column's previous row mostly saw the same: its address and hash serve for this one too.
    const p = column.spans.at(-1)?.fact;
    const fact: ObservationFact = {
      crawlDates: crawls.crawlDates, seenFrom: crawls.seenFrom, seenTo: crawls.seenTo, status: intern(status), reason: intern(reason),
      finalUrl: p?.finalUrl === finalUrl ? p.finalUrl : finalUrl, shape: intern(shape), newestDate: intern(newestDate), itemCount,
      undatedCount, futureCount, evidence: p?.evidence === evidence ? p.evidence : evidence, findings: lastFindings, listEnd: intern(listEnd),
      listEndNote: intern(listEndNote), failedLinks: column.links?.get(runId) ?? NO_LINKS,
    };
    column.spans.push({ fact, order: first ?? -1 });
  }
  const stored = [...columns.entries()].filter((e): e is [string, StoredColumn] => e[1] !== null).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return { columns: stored.map(([, c]) => ({ unitId: c.unitId, name: c.name, observations: merged(c.spans) })), carried };
}

function storedColumn(key: string, names: Map<string, string>, unitRuns: Map<string, UnitRuns>, failedLinks: Map<string, Map<number, LinkCheckFact[]>>): StoredColumn | null {
  const name = names.get(key);
  if (name === undefined) return null;
  const [unitId, columnId] = key.split('\u0000');
  return { unitId, columnId, name, spans: [], links: failedLinks.get(key), runs: unitRuns.get(unitId) };
}

type Crawls = Pick<ObservationFact, 'crawlDates' | 'seenFrom' | 'seenTo'>;

/**
 * The dates of the crawls a row stands for, from the unit's run `first` (its place among the unit's runs)
 * through `lastRunId`'s: a view into the unit's run dates, unless the row's first date is not its run's.
 */
function rowCrawls(runs: UnitRuns | undefined, first: number | undefined, lastRunId: number, on: string, upTo: string): Crawls {
  if (!runs || first === undefined) return { crawlDates: [on], seenFrom: 0, seenTo: 0 };
  const last = runs.order.get(lastRunId) ?? first;
  let to = first;
  while (to < last && runs.dates[to + 1] <= upTo) to++;
  if (runs.dates[first] === on) return { crawlDates: runs.dates, seenFrom: first, seenTo: to };
  return { crawlDates: [on, ...runs.dates.slice(first + 1, to + 1)], seenFrom: 0, seenTo: to - first };
}

/** A column's crawls in date order, consecutive ones that saw the same thing merged. */
function merged(written: Span[]): ObservationFact[] {
  const byDay = inWrittenDayOrder(written) ? written : [...written].sort((a, b) => (firstSeen(a.fact) < firstSeen(b.fact) ? -1 : firstSeen(a.fact) > firstSeen(b.fact) ? 1 : 0));
  // Rows come in date order unless a run was dated before an earlier one: then crawl by crawl.
  const spans = inDateOrder(byDay) ? byDay : crawlByCrawl(byDay);
  const out: ObservationFact[] = [];
  let previous: Span | undefined;
  let fact: ObservationFact | undefined;
  // The dates of the fact being extended, once they no longer follow on in one shared array.
  let own: string[] | undefined;
  for (const span of spans) {
    if (previous && fact && ((span.row ?? span) === (previous.row ?? previous) || (sameSeen(previous.fact, span.fact) && sameLinks(previous.fact.failedLinks, span.fact.failedLinks)))) {
      const next = span.fact;
      if (next.crawlDates === fact.crawlDates && next.seenFrom === fact.seenTo + 1) fact.seenTo = next.seenTo;
      else {
        if (fact.crawlDates !== own) own = seenDates(fact);
        own.push(...seenDates(next));
        fact.crawlDates = own;
        fact.seenFrom = 0;
        fact.seenTo = own.length - 1;
      }
    } else {
      fact = span.fact;
      out.push(fact);
    }
    previous = span;
  }
  return out;
}

/** True when the rows, as written, are ordered by their first date (rows of one date in the order written). */
function inWrittenDayOrder(spans: Span[]): boolean {
  for (let i = 1; i < spans.length; i++) if (firstSeen(spans[i - 1].fact) > firstSeen(spans[i].fact)) return false;
  return true;
}

/** Date order; crawls on one date in the order they finished, as their rows were once inserted. */
function byDate(aOn: string, aOrder: number, bOn: string, bOrder: number): number {
  if (aOn !== bOn) return aOn < bOn ? -1 : 1;
  return aOrder >= 0 && bOrder >= 0 ? aOrder - bOrder : 0;
}

/** True when every crawl of the rows, one after another, comes in date order already (the usual case). */
function inDateOrder(spans: Span[]): boolean {
  let on: string | undefined;
  let order = -1;
  for (const { fact, order: first } of spans) {
    for (let i = fact.seenFrom; i <= fact.seenTo; i++) {
      const o = first >= 0 ? first + i - fact.seenFrom : -1;
      if (on !== undefined && byDate(on, order, fact.crawlDates[i], o) > 0) return false;
      on = fact.crawlDates[i];
      order = o;
    }
  }
  return true;
}

/** Each crawl of the rows on its own (with its own fact to extend), sorted by date. */
function crawlByCrawl(spans: Span[]): Span[] {
  const crawls: Span[] = [];
  for (const row of spans) {
    for (let i = row.fact.seenFrom; i <= row.fact.seenTo; i++) {
      const k = i - row.fact.seenFrom;
      crawls.push({ fact: { ...row.fact, seenFrom: i, seenTo: i }, order: row.order >= 0 ? row.order + k : -1, row });
    }
  }
  return crawls.sort((a, b) => byDate(firstSeen(a.fact), a.order, firstSeen(b.fact), b.order));
}

function sameSeen(a: ObservationFact, b: ObservationFact): boolean {
  return a.status === b.status && a.reason === b.reason && a.finalUrl === b.finalUrl && a.shape === b.shape && a.newestDate === b.newestDate
    && a.itemCount === b.itemCount && a.undatedCount === b.undatedCount && a.futureCount === b.futureCount && a.evidence === b.evidence
    && a.findings === b.findings && a.listEnd === b.listEnd && a.listEndNote === b.listEndNote;
}

function sameLinks(a: readonly LinkCheckFact[], b: readonly LinkCheckFact[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((l, i) => l.url === b[i].url && l.title === b[i].title && l.outcome === b[i].outcome && l.statusCode === b[i].statusCode
    && l.listEvidence === b[i].listEvidence);
}

function loadUnitRuns(db: Db): Map<string, UnitRuns> {
  const asOf = new Map(db.prepare('SELECT id, as_of FROM runs').raw().all() as [number, string][]);
  const out = new Map<string, UnitRuns>();
  // In the order rows were added: per unit, the order its runs finished it.
  for (const [unitId, runId] of db.prepare('SELECT unit_id, run_id FROM run_units ORDER BY rowid').raw().iterate() as IterableIterator<[string, number]>) {
    const on = asOf.get(runId);
    if (on === undefined) continue;
    let unit = out.get(unitId);
    if (!unit) out.set(unitId, (unit = { order: new Map(), dates: [] }));
    unit.order.set(runId, unit.dates.length);
    unit.dates.push(on);
  }
  return out;
}

/** Link checks that did not open, per `storedKey`, per crawl (links that opened are the rule and are not kept). */
function loadFailedLinks(db: Db, intern: ReturnType<typeof interner>): Map<string, Map<number, LinkCheckFact[]>> {
  const out = new Map<string, Map<number, LinkCheckFact[]>>();
  // Only the crawls that start a row, the rest of a row saw the same: rows first (CROSS JOIN keeps that order),
  // each looked up in migration 011's index of failed checks rather than a scan of every check.
  const rows = db.prepare(`SELECT l.unit_id || char(0) || l.column_id, l.run_id, l.url, l.title, l.outcome, l.status_code, l.list_evidence
    FROM column_observations o CROSS JOIN link_checks l ON l.run_id = o.run_id AND l.unit_id = o.unit_id AND l.column_id = o.column_id
    WHERE l.outcome != 'ok' ORDER BY l.id`).raw().all() as [string, number, string, string | null, string, number | null, string | null][];
  for (const [key, runId, url, title, outcome, statusCode, listEvidence] of rows) {
    const runs = out.get(key) ?? new Map<number, LinkCheckFact[]>();
    out.set(key, runs);
    const list = runs.get(runId) ?? [];
    runs.set(runId, list);
    list.push({ url: intern(url), title: intern(title), outcome: intern(outcome), statusCode, listEvidence });
  }
  return out;
}
