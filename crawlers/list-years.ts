import type { DateSource, ListItem } from './types.js';
import { latestOnOrBefore, urlDate } from '../src/time/parse-date.js';
import { makeDate } from '../src/time/dates.js';

export type DatedItem = ListItem & { dateSource: DateSource | null };

/**
 * Places the month-day dates of a newest-first list in years, page after page. An unpinned item is in
 * the latest year that keeps it on or before the item above it (so a January item followed by a
 * November one puts November in the year before), starting from the crawl day: an inferred date is
 * never after it. The item's URL (`t20251120_…`, `/2025/11/`) wins when it states the same month-day in
 * another year, and anchors the items below. Pinned items say nothing about the order: they take the
 * URL's year, else wait for their detail page (`fromDetail`), else `lastResort`.
 */
export class ListYears {
  private cursor: string;

  constructor(private readonly today: string) {
    this.cursor = today;
  }

  place(items: DatedItem[]): void {
    for (const item of items) {
      if (item.date) {
        if (!item.pinned && item.date <= this.today) this.cursor = item.date;
        continue;
      }
      if (!item.monthDay) continue;
      const fromUrl = this.fromUrl(item);
      if (item.pinned) {
        if (fromUrl) set(item, fromUrl, 'url');
        continue;
      }
      const byOrder = latestOnOrBefore(item.monthDay, this.cursor);
      if (fromUrl && fromUrl !== byOrder) set(item, fromUrl, 'url');
      else set(item, byOrder, 'order');
      this.cursor = item.date as string;
    }
  }

  /** The shown month-day in the year the URL names, if the URL names this month (and the date is not after today). */
  private fromUrl(item: DatedItem): string | null {
    const d = urlDate(item.url);
    const [month, day] = (item.monthDay as string).split('-').map(Number);
    if (!d || d.month !== month || (d.day !== undefined && d.day !== day)) return null;
    const date = makeDate(d.year, month, day);
    return date && date <= this.today ? date : null;
  }

  /** A pinned month-day item's year from its detail page's date (the shown month-day wins over the page's). */
  fromDetail(item: DatedItem, detailDate: string): void {
    if (!item.monthDay || item.date) return;
    const date = makeDate(+detailDate.slice(0, 4), ...(item.monthDay.split('-').map(Number) as [number, number]));
    set(item, date && date <= this.today ? date : latestOnOrBefore(item.monthDay, this.today), 'detail');
  }

  /** What no page could place: the latest such day on or before the crawl day. */
  lastResort(item: DatedItem): void {
    if (item.monthDay && !item.date) set(item, latestOnOrBefore(item.monthDay, this.today), 'order');
  }
}

function set(item: DatedItem, date: string, source: DateSource): void {
  item.date = date;
  item.dateSource = source;
}
