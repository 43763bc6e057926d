import { makeDate, type IsoDate, addDays } from './dates.js';

/**
 * Finds a calendar date in text from a government page: `2026/08/27`, `2026-08-27`, `2026.8.27`,
 * `2026年8月27日`, datetimes, epoch seconds, or a month-day without year (`[12-24]`), whose year is
 * inferred from `reference` (the crawl date): the latest such date not more than a few days
 * after the reference, so `12-24` read on 2027-01-05 is 2026-12-24.
 */
const FULL_RE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/;
const MONTH_DAY_RE = /(?<![\d-/.])(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?![\d-/.])/;

export function parseDateText(text: string, reference: IsoDate): IsoDate | null {
  const full = FULL_RE.exec(text);
  if (full) return makeDate(+full[1], +full[2], +full[3]);
  const md = MONTH_DAY_RE.exec(text);
  if (md) return inferYear(+md[1], +md[2], reference);
  return null;
}

function inferYear(month: number, day: number, reference: IsoDate): IsoDate | null {
  const refYear = +reference.slice(0, 4);
  const sameYear = makeDate(refYear, month, day);
  if (sameYear && sameYear <= addDays(reference, 2)) return sameYear;
  return makeDate(refYear - 1, month, day);
}

/** Epoch seconds or milliseconds to a Shanghai date. */
export function epochToDate(value: number): IsoDate | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  const ms = value < 1e11 ? value * 1000 : value;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A date embedded in a TRS-style URL (`t20260828_123.html`, `/202608/`), used only as a hint. */
export function dateFromUrl(url: string): IsoDate | null {
  const m = /t(20\d{2})(\d{2})(\d{2})_/.exec(url);
  return m ? makeDate(+m[1], +m[2], +m[3]) : null;
}
