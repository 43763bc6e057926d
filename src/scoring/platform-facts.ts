import type { ColumnConfig } from '../config/schema.js';
import type { ObservationStatus, Finding, ListEnd } from '../audit/observation.js';

/**
 * What the crawls saw of a column, unchanged over one or more consecutive crawls: most nights nothing
 * changes, so a year of nightly crawls is a few dozen of these rather than 365.
 */
export interface ObservationFact {
  /**
   * The dates of the crawls that saw exactly this are `crawlDates[seenFrom..seenTo]`, oldest first (a rerun
   * can repeat a date): the array is mostly its unit's run dates, shared by all its observations.
   */
  crawlDates: readonly string[];
  seenFrom: number;
  seenTo: number;
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
  /** Links of the crawl's newest items that did not open (links that opened are not kept). */
  failedLinks: readonly LinkCheckFact[];
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
}

/** The key a column's facts are stored and looked up under. */
export function columnKey(column: Pick<ColumnConfig, 'name'>): string {
  return column.name;
}

export const NO_COLUMN_FACTS: ColumnFacts = Object.freeze({ observations: [], items: [] });

/** The column as it was known on `asOf`: crawls on or before that date, items first seen by then. */
export function columnFactsAsOf(facts: ColumnFacts, asOf: string): ColumnFacts {
  // Scoring as of the day the facts were loaded up to (every `zwgk score`) needs no copy.
  const last = facts.observations.at(-1);
  if ((!last || lastSeen(last) <= asOf) && facts.items.every((i) => i.firstSeen <= asOf)) return facts;
  const observations = facts.observations.filter((o) => firstSeen(o) <= asOf);
  const latest = observations.at(-1);
  if (latest && lastSeen(latest) > asOf) observations[observations.length - 1] = { ...latest, seenTo: lastSeenIndex(latest, asOf) };
  return { observations, items: facts.items.filter((i) => i.firstSeen <= asOf) };
}

/** The index of an observation's last crawl on or before `asOf` (its first crawl is; its dates ascend). */
function lastSeenIndex(o: ObservationFact, asOf: string): number {
  let i = o.seenTo;
  while (o.crawlDates[i] > asOf) i--;
  return i;
}

/** The date of the first crawl an observation stands for. */
export function firstSeen(o: ObservationFact): string {
  return o.crawlDates[o.seenFrom];
}

/** The date of the latest crawl an observation stands for. */
export function lastSeen(o: ObservationFact): string {
  return o.crawlDates[o.seenTo];
}

/** The dates of every crawl an observation stands for, as a new array. */
export function seenDates(o: ObservationFact): string[] {
  return o.crawlDates.slice(o.seenFrom, o.seenTo + 1);
}
