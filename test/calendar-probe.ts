// Run by calendar.test.ts in a child process with a given TZ: prints what the calendar answers.
import { WorkCalendar } from '../src/calendar/work-calendar.js';
import { officialCalendar } from '../src/calendar/chinese-days-source.js';

const cal = new WorkCalendar({ years: { '2027': { holidays: ['2027-02-06..2027-02-12'], workdays: ['2027-02-14'] } } });
const days = ['2021-02-07', '2021-02-11', '2021-02-17', '2021-02-20', '2021-09-26', '2021-10-01', '2021-10-07', '2021-10-09', '2027-02-08', '2027-02-14'];
process.stdout.write(JSON.stringify({
  tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
  offsetMinutes: new Date(2021, 0, 1).getTimezoneOffset(),
  source: officialCalendar().source,
  workdays: Object.fromEntries(days.map((d) => [d, cal.isWorkday(d)])),
  springFestival: cal.workdaysBetween('2021-02-05', '2021-02-20'),
  nationalDay: cal.workdaysBetween('2021-09-30', '2021-10-09'),
  fifthAfterSep30: cal.addWorkdays('2021-09-30', 5),
}));
