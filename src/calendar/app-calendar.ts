import type { LoadedConfig } from '../config/load.js';
import { WorkCalendar } from './work-calendar.js';

const calendars = new WeakMap<LoadedConfig, WorkCalendar>();

/** The district's working-day calendar (chinese-days plus its `calendar` overrides), one per loaded config. */
export function calendarFor(loaded: LoadedConfig): WorkCalendar {
  let calendar = calendars.get(loaded);
  if (!calendar) {
    calendar = new WorkCalendar(loaded.config.calendar);
    calendars.set(loaded, calendar);
  }
  return calendar;
}

/** What to tell the user about years the calendar had to treat as plain weekdays. */
export function uncoveredYearWarnings(calendar: WorkCalendar): string[] {
  const { first, last } = calendar.packageYears;
  return calendar.uncoveredYears().map((year) =>
    `${year} 年不在工作日日历中（chinese-days 只含 ${first}–${last} 年，配置 calendar.years 中也没有 ${year} 年）：该年的节假日和调休被当作普通周一至周五计算，工作日数可能有误。请在配置中补充 calendar.years.${year}。`);
}
