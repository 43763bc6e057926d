import { formatPath, type ConfigProblem } from './errors.js';
import type { DistrictConfig } from './schema.js';
import { expandDates } from '../time/dates.js';
import { WorkCalendar } from '../calendar/work-calendar.js';

/** Problems that make the config unusable: calendar entries in the wrong year or contradicting each other, duplicate mailbox ids. */
export function timelinessConfigProblems(file: string, config: DistrictConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [year, entry] of Object.entries(config.calendar.years)) {
    const holidays = new Set<string>();
    for (const kind of ['holidays', 'workdays'] as const) {
      entry[kind].forEach((value, i) => {
        const path = formatPath(['calendar', 'years', year, kind, i]);
        const dates = expandDates(value);
        if (dates.some((d) => !d.startsWith(`${year}-`))) {
          problems.push({ file, path, message: `expected dates in ${year}, got "${value}"` });
        }
        if (kind === 'holidays') dates.forEach((d) => holidays.add(d));
        else {
          const both = dates.filter((d) => holidays.has(d));
          if (both.length > 0) problems.push({ file, path, message: `${both.join(', ')} is also listed under holidays: expected a day to be one or the other` });
        }
      });
    }
  }
  const ids = new Map<string, number>();
  config.mailbox.forEach((m, i) => {
    const seen = ids.get(m.id);
    if (seen !== undefined) problems.push({ file, path: `mailbox[${i}].id`, message: `duplicate mailbox id "${m.id}" (also mailbox[${seen}])` });
    ids.set(m.id, i);
  });
  return problems;
}

/**
 * Years of the assessment period that neither chinese-days nor `calendar.years` covers. Counting
 * working days in such a year would silently treat its holidays as working days, so `zwgk config check`
 * reports it as an error (other commands warn).
 */
export function calendarCoverageProblems(file: string, config: DistrictConfig): ConfigProblem[] {
  const calendar = new WorkCalendar(config.calendar);
  const { first, last } = calendar.packageYears;
  const problems: ConfigProblem[] = [];
  const from = Number(config.district.period.start.slice(0, 4));
  const to = Number(config.district.period.end.slice(0, 4));
  for (let year = from; year <= to; year++) {
    if (calendar.isCovered(year)) continue;
    problems.push({
      file, path: 'district.period',
      message: `${year} is not covered by the working-day calendar (chinese-days has ${first}–${last}): expected ${formatPath(['calendar', 'years', String(year)])} with that year's holidays and make-up working days (调休)`,
    });
  }
  return problems;
}
