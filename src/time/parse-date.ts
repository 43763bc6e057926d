import { makeDate, type IsoDate, addDays } from './dates.js';

const FULL_RE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/;
const MONTH_DAY_RE = /(?<![\d-/.])(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?![\d-/.])/;

/** A date as a list shows it: in full, or as a month-day (`MM-DD`) whose year is still to be found. */
export type ShownDate = { date: IsoDate; monthDay?: undefined } | { date: null; monthDay: string };

/**
 * Finds a calendar date in text from a government page: `2026/08/27`, `2026-08-27`, `2026.8.27`,
 * `2026年8月27日`, datetimes; or a month-day without year (`[12-24]`, `12-24`, `12月24日`), returned
 * as such: its year depends on where it stands (a list's order, the item's URL, its page).
 */
export function readShownDate(text: string): ShownDate | null {
  const full = FULL_RE.exec(text);
  if (full) {
    const date = makeDate(+full[1], +full[2], +full[3]);
    return date ? { date } : null;
  }
  const md = MONTH_DAY_RE.exec(text);
  if (!md) return null;
  const month = +md[1];
  const day = +md[2];
  // 2000 is a leap year: Feb 29 is a valid month-day.
  if (!makeDate(2000, month, day)) return null;
  return { date: null, monthDay: `${pad(month)}-${pad(day)}` };
}

const DAY_BOX_RES = [
  /^(?<day>\d{1,2})\s*日?\s+(?<year>\d{4})\s*[-/.年]\s*(?<month>\d{1,2})\s*月?$/,
  /^(?<year>\d{4})\s*[-/.年]\s*(?<month>\d{1,2})\s*月?\s+(?<day>\d{1,2})\s*日?$/,
];

/**
 * A full date that a list template splits into a day and a year-month (`<span>20</span><em>2026-11</em>`,
 * the day printed large over the month): the whole text of the date element, its parts joined by spaces.
 */
export function readDayBox(text: string): IsoDate | null {
  for (const re of DAY_BOX_RES) {
    const g = re.exec(text.trim())?.groups;
    if (g) return makeDate(+g.year, +g.month, +g.day);
  }
  return null;
}

/**
 * A full date from text, a month-day placed in the latest year that puts it no more than a few days
 * after `reference` (for a detail page read on `reference`; lists place month-days by their order).
 */
export function parseDateText(text: string, reference: IsoDate): IsoDate | null {
  const shown = readShownDate(text);
  if (!shown) return null;
  return shown.date ?? latestOnOrBefore(shown.monthDay, addDays(reference, 2));
}

/** The latest date with this month-day on or before `limit` (Feb 29 goes back to a leap year). */
export function latestOnOrBefore(monthDay: string, limit: IsoDate): IsoDate {
  const [month, day] = monthDay.split('-').map(Number);
  for (let year = +limit.slice(0, 4); ; year--) {
    const date = makeDate(year, month, day);
    if (date && date <= limit) return date;
  }
}

/** Epoch seconds or milliseconds to a Shanghai date. */
export function epochToDate(value: number): IsoDate | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  const ms = value < 1e11 ? value * 1000 : value;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** What a detail page's URL says of its date: a day (`t20260828_1.html`, `/2026/08/28/`, `/20260828/`) or a month (`/202608/`, `/2026/08/`). */
export interface UrlDate {
  year: number;
  month: number;
  day?: number;
}

const URL_DAY_RES = [/[/_]t?(20\d{2})(\d{2})(\d{2})[_/.]/, /\/(20\d{2})[-/](\d{2})[-/](\d{2})\//];
const URL_MONTH_RES = [/\/(20\d{2})(\d{2})\//, /\/(20\d{2})[-/](\d{2})\//];

export function urlDate(url: string | null): UrlDate | null {
  if (!url) return null;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  for (const re of URL_DAY_RES) {
    const m = re.exec(path);
    if (m && makeDate(+m[1], +m[2], +m[3])) return { year: +m[1], month: +m[2], day: +m[3] };
  }
  for (const re of URL_MONTH_RES) {
    const m = re.exec(path);
    if (m && +m[2] >= 1 && +m[2] <= 12) return { year: +m[1], month: +m[2] };
  }
  return null;
}

/** The full date a URL states, only when it names a day (used as a hint for undated items). */
export function dateFromUrl(url: string | null): IsoDate | null {
  const d = urlDate(url);
  return d?.day ? makeDate(d.year, d.month, d.day) : null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
