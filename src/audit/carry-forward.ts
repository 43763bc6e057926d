import { createHash } from 'node:crypto';
import type { ColumnConfig, CrawlConfig } from '../config/schema.js';
import type { FetchResult } from '../fetch/types.js';
import { SHAPES_BY_ID } from '../../crawlers/index.js';
import { addDays, daysBetween, makeDate } from '../time/dates.js';
import type { ColumnObservation, FetchLog, ObservationStatus, Reading, StoredReading } from './observation.js';

/**
 * Carrying a column's reading forward: when its entry page is the same body as the stored reading's
 * evidence, the reading is recent, read the same way and does not depend on the date, the stored
 * observation stands for tonight too — one conditional request, nothing parsed.
 */

/** Bumped when the walker would read the same pages differently (shape modules carry their own versions). */
const WALKER_VERSION = 1;
const SHAPE_VERSIONS = Object.values(SHAPES_BY_ID).map((s) => `${s.id}@${s.version}`).join(',');
/** Readings that say what the column holds; the others mean "could not check" and are always read again. */
const CARRIED_STATUSES = new Set<ObservationStatus>(['ok', 'blank', 'redirect']);
const NO_LIMIT = '9999-12-31';

/** What, besides the column itself, decides how it is read. */
export interface ReadSettings {
  /** The column's effective cadence (config or scheme): the horizon pagination stops at follows from it. */
  cadenceDays: number | undefined;
  periodStart: string;
  crawl: Pick<CrawlConfig, 'maxPagesPerColumn' | 'maxDetailFetches' | 'linkCheckCount' | 'userAgent'>;
  /** The unit's columns: a redirect stub's reason names the one it points to. */
  knownColumns: { name: string; url: string }[];
}

export interface CarryDeps {
  today: string;
  columnId: string;
  /** The column's latest stored observation. */
  previous?: StoredReading;
  /** This column's read key (`readKey`); without one nothing is carried and no reading is recorded. */
  readKey?: string;
  /** A reading is carried for fewer days than this after its full read. */
  fullRereadDays?: number;
}

/** A short fingerprint of how a column is read: a change to any of it means a full read. */
export function readKey(column: ColumnConfig, settings: ReadSettings): string {
  const { crawl } = settings;
  const parts = [
    WALKER_VERSION, SHAPE_VERSIONS, column.url, column.shape ?? null, column.category, settings.cadenceDays ?? null, settings.periodStart,
    crawl.maxPagesPerColumn, crawl.maxDetailFetches, crawl.linkCheckCount, crawl.userAgent,
    settings.knownColumns.map((c) => [c.name, c.url]),
  ];
  return createHash('sha1').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

/** Tonight's observation as the stored reading carried forward, or undefined when the column must be read. */
export function carriedReading(page: FetchResult, column: ColumnConfig, deps: CarryDeps, fetches: FetchLog[]): ColumnObservation | undefined {
  const previous = deps.previous;
  if (!previous || deps.readKey === undefined || deps.fullRereadDays === undefined) return undefined;
  const { observation: o } = previous;
  const r = o.reading;
  if (page.outcome !== 'ok' || page.viaBrowser || !page.evidence || page.evidence !== o.evidence || page.finalUrl !== o.finalUrl) return undefined;
  if (r.key !== deps.readKey || r.carryUntil === null || deps.today > r.carryUntil) return undefined;
  if (deps.today < previous.lastObservedOn || daysBetween(r.readOn, deps.today) >= deps.fullRereadDays) return undefined;
  return {
    ...o,
    columnId: deps.columnId, columnName: column.name, entryUrl: column.url,
    // A site move is recorded once, on the night it was seen (withSiteMove compares with the last read).
    findings: o.findings.filter((f) => f.kind !== 'site-moved'),
    pagesFetched: 1, fetches, linkChecks: [],
    reading: { ...r, carriedFrom: { runId: previous.lastRunId, itemCount: previous.itemCount } },
  };
}

/** A full read with its reading (read today, carried while nothing it depends on can have changed); a carried one as it is. */
export function withReading(o: ColumnObservation, deps: CarryDeps): ColumnObservation {
  if (deps.readKey === undefined || o.reading) return o;
  const reading: Reading = { key: deps.readKey, readOn: deps.today, carryUntil: carryUntil(o, deps.today) };
  return { ...o, reading };
}

/**
 * The last date a full read on `today` stands for unchanged, or null when it depends on the night: could
 * not check, future-dated items, rendered in a browser, a later page or a detail page that failed. A list
 * showing month-days without a year places them relative to the crawl day: it holds until one of those
 * month-days comes round again.
 */
export function carryUntil(o: ColumnObservation, today: string): string | null {
  if (!CARRIED_STATUSES.has(o.status) || o.futureCount > 0 || o.listEnd === 'page-failed') return null;
  if (o.fetches.some((f) => f.viaBrowser || (f.purpose === 'detail' && f.outcome !== 'ok'))) return null;
  let until = NO_LIMIT;
  for (const item of o.items) {
    if (!item.monthDay) continue;
    const before = addDays(nextOccurrence(item.monthDay, today), -1);
    if (before < until) until = before;
  }
  return until;
}

/** The first date after `after` with this month-day (Feb 29 waits for a leap year); `after` itself for no such day. */
function nextOccurrence(monthDay: string, after: string): string {
  const [month, day] = monthDay.split('-').map(Number);
  for (let year = +after.slice(0, 4); year <= +after.slice(0, 4) + 8; year++) {
    const date = makeDate(year, month, day);
    if (date && date > after) return date;
  }
  return after;
}
