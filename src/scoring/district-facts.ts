import type { UnitConfig } from '../config/schema.js';
import type { ManualEntry } from '../manual/entries-repo.js';
import { shanghaiDate } from '../time/dates.js';
import type { ColumnFacts } from './platform-facts.js';
import type { LetterFact } from './mailbox.js';
import type { ApplicationFact } from './applications.js';

/**
 * Everything stored about a district up to a date, as plain data (it survives `structuredClone`): what
 * scoring reads, loaded once (`loadDistrictFacts` in `src/store/`) and scored as of any date up to `upTo`.
 */
export interface DistrictFacts {
  /** The district the facts were loaded for. */
  units: UnitConfig[];
  period: { start: string; end: string };
  /** Items first seen this many days after their stated date count only from that day (crawl.backdateToleranceDays). */
  backdateToleranceDays: number;
  /** Crawls on or before this date are included. */
  upTo: string;
  /** Per unit id, per `columnKey`: what the crawls saw. */
  columns: Map<string, Map<string, ColumnFacts>>;
  letters: LetterFact[];
  cases: ApplicationFact[];
}

/** The facts and the manual entries (every entry ever made, oldest first), as the store loads them. */
export interface DistrictSnapshot {
  facts: DistrictFacts;
  manual: ManualEntry[];
}

export type EntriesInForce = Map<string, Map<number, ManualEntry>>;

/**
 * The entry in force per unit and item as of a date: the latest one entered by then (Asia/Shanghai);
 * a withdrawn entry (`cleared`) leaves nothing. Once the period is over every entry counts, since the
 * year's assessment is entered after the year.
 */
export function entriesInForce(manual: ManualEntry[], schemeId: string, period: { end: string }, asOf: string): EntriesInForce {
  const out: EntriesInForce = new Map();
  const all = asOf >= period.end;
  for (const entry of manual) {
    if (entry.schemeId !== schemeId || (!all && shanghaiDate(new Date(entry.enteredAt)) > asOf)) continue;
    let unit = out.get(entry.unitId);
    if (!unit) out.set(entry.unitId, (unit = new Map()));
    if ('cleared' in entry.value) unit.delete(entry.itemNo);
    else unit.set(entry.itemNo, entry);
  }
  return out;
}
