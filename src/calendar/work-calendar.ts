import type { CalendarConfig } from '../config/calendar-schema.js';
import { addDays, daysBetween, eachDay, expandDates, isIsoDate, type IsoDate } from '../time/dates.js';
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
  private readonly cumulative = new Map<number, Int32Array>();

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
    if (to <= from) return 0;
    let n = this.workdaysThrough(to) - this.workdaysThrough(from);
    for (let year = Number(from.slice(0, 4)); year < Number(to.slice(0, 4)); year++) n += this.yearCounts(year).at(-1)!;
    return n;
  }

  /** Working days from January 1 through the date, in its year. */
  private workdaysThrough(date: IsoDate): number {
    const jan1 = `${date.slice(0, 4)}-01-01`;
    return this.yearCounts(Number(date.slice(0, 4)))[daysBetween(jan1, date)];
  }

  /** Per day of the year, the working days from January 1 through that day. */
  private yearCounts(year: number): Int32Array {
    let counts = this.cumulative.get(year);
    if (!counts) {
      const days = [...eachDay(`${year}-01-01`, `${year}-12-31`)];
      counts = new Int32Array(days.length);
      days.forEach((d, i) => { counts![i] = (i > 0 ? counts![i - 1] : 0) + (this.isWorkday(d) ? 1 : 0); });
      this.cumulative.set(year, counts);
    }
    return counts;
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
