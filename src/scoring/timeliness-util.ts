import { makeDate, type IsoDate } from '../time/dates.js';

/** Half-up rounding to `decimals` places. */
export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round((x + Number.EPSILON) * f) / f;
}

/** The same day `months` calendar months later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = (m % 12) + 1;
  for (let day = d; day >= 28; day--) {
    const s = makeDate(year, month, day);
    if (s) return s;
  }
  return makeDate(year, month, d)!;
}
