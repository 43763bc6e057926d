import { z } from 'zod';
import { isIsoDate } from '../time/dates.js';

/** `2027-02-14`, or an inclusive range `2027-02-06..2027-02-12`. */
const dateOrRange = z.string().refine((s) => {
  const [from, to, extra] = s.split('..');
  if (extra !== undefined) return false;
  return isIsoDate(from) && (to === undefined || (isIsoDate(to) && from <= to));
}, { message: 'expected YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD' });

export const calendarYearSchema = z.strictObject({
  /** Days off on top of the official calendar (or, for a year the package lacks, the whole arrangement). */
  holidays: z.array(dateOrRange).default([]),
  /** Saturdays/Sundays that are working days (调休上班). */
  workdays: z.array(dateOrRange).default([]),
});

/**
 * Working-day calendar overrides. Listing a year under `years` declares that the office has entered
 * that year's holidays and make-up days: a year chinese-days does not ship (2027+) counts as covered
 * only when it is listed here.
 */
export const calendarSchema = z.strictObject({
  years: z.record(z.string().regex(/^\d{4}$/, 'expected a year such as 2027'), calendarYearSchema).default({}),
});
export type CalendarConfig = z.infer<typeof calendarSchema>;
