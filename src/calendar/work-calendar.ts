import type { CalendarConfig } from '../config/calendar-schema.js';
import { expandDates } from '../config/calendar-schema.js';
import { addDays, isIsoDate, type IsoDate } from '../time/dates.js';
import { officialCalendar, type OfficialCalendar } from './chinese-days-source.js';

/**
 * The one place that knows which days are working days: China's official calendar (chinese-days)
 * plus the office's overrides. A date in a year neither covers is treated as a plain weekday, and
 * the year is recorded and reported through `onUncovered` once.
 */
export class WorkCalendar {
  private readonly official: OfficialCalendar;
  private readonly holidays = new Set<string>();
  private readonly workdays = new Set<string>();
  private readonly officeYears = new Set<number>();
  private readonly cache = new Map<string, boolean>();
  private readonly uncovered = new Set<number>();

  constructor(config: CalendarConfig = { years: {} }, private readonly onUncovered?: (year: number) => void) {
    this.official = officialCalendar();
    for (const [year, entry] of Object.entries(config.years)) {
      this.officeYears.add(Number(year));
      for (const d of entry.holidays.flatMap(expandDates)) this.holidays.add(d);
      for (const d of entry.workdays.flatMap(expandDates)) this.workdays.add(d);
    }
  }

  /** Years chinese-days ships. */
  get packageYears(): { first: number; last: number } {
    return { first: this.official.firstYear, last: this.official.lastYear };
  }

  isCovered(year: number): boolean {
    return this.officeYears.has(year) || (year >= this.official.firstYear && year <= this.official.lastYear);
  }

  /** Years asked about so far that neither chinese-days nor the config covers. */
  uncoveredYears(): number[] {
    return [...this.uncovered].sort((a, b) => a - b);
  }

  isWorkday(date: IsoDate): boolean {
    let work = this.cache.get(date);
    if (work !== undefined) return work;
    if (!isIsoDate(date)) throw new Error(`not a YYYY-MM-DD date: ${date}`);
    const year = Number(date.slice(0, 4));
    if (!this.isCovered(year) && !this.uncovered.has(year)) {
      this.uncovered.add(year);
      this.onUncovered?.(year);
    }
    if (this.workdays.has(date)) work = true;
    else if (this.holidays.has(date)) work = false;
    else work = this.official.day(date).work;
    this.cache.set(date, work);
    return work;
  }

  /**
   * Working days d with from < d <= to: the day of receipt does not count, a same-day answer is 0.
   * Zero when `to` is not after `from`.
   */
  workdaysBetween(from: IsoDate, to: IsoDate): number {
    let n = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkday(d)) n++;
    return n;
  }

  /** The n-th working day after `from` (n ≥ 1): the last day an answer within n working days can come. */
  addWorkdays(from: IsoDate, n: number): IsoDate {
    let d = from;
    for (let left = n; left > 0; ) {
      d = addDays(d, 1);
      if (this.isWorkday(d)) left--;
    }
    return d;
  }
}
