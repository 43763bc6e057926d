import type { ListYears, DatedItem } from '../list-years.js';
import type { LetterRow } from './types.js';

/**
 * Gives year-less submission dates of a newest-first letter list their year, as for column lists: from
 * the order of the rows (dated rows anchor it), or the letter page's URL. Rows keep their time of day.
 */
export function placeLetterYears(years: ListYears, rows: LetterRow[]): void {
  const views: DatedItem[] = rows.map((row) => ({
    title: row.title, url: row.detail?.url ?? null, dateSource: row.submittedAt ? 'list' : null,
    date: row.submittedAt ? row.submittedAt.slice(0, 10) : null,
    ...(row.submittedMonthDay ? { monthDay: row.submittedMonthDay.monthDay } : {}),
  }));
  years.place(views);
  rows.forEach((row, i) => {
    const view = views[i];
    if (!row.submittedMonthDay || !view.date) return;
    row.submittedAt = row.submittedMonthDay.time ? `${view.date} ${row.submittedMonthDay.time}` : view.date;
    row.submittedSource = view.dateSource ?? 'order';
    delete row.submittedMonthDay;
  });
}
