import { addDays, daysBetween } from '../../time/dates.js';

/** One entry of a demo column, dated relative to the demo's as-of date so the demo never ages. */
export interface DemoItem {
  title: string;
  /** Days before the as-of date the list shows; negative = in the future; null = the list shows no date. */
  ago: number | null;
  /** What the detail page is: dated (default), dated only in `<meta name="PubDate">`, undated, or missing (404). */
  detail?: 'dated' | 'meta' | 'undated' | 'missing';
  /** The detail page's date when it is not the list's (the only date of an item the list shows undated). */
  detailAgo?: number;
  /** The link as written in the list, when it leaves the column's own detail pages (WeChat, `//host/…`). */
  link?: string;
  /** Shown as 置顶 at the top of the list. */
  pinned?: boolean;
  /** A related-reading link nested under the item (not an item of its own). */
  related?: string;
  /** Linked as `//host/path` (protocol-relative), as some templates write links. */
  protocolRelative?: boolean;
}

/** The placeholder for the host a request came to, filled in when the page is sent. */
export const HOST = '{{host}}';

/** An item with the path of its detail page on the demo site. */
export interface PlacedItem extends DemoItem {
  /** The link as written in the list. */
  href: string;
  /** Absolute path of the detail page served by the demo, when it is served here. */
  path?: string;
}

export function dateAgo(asOf: string, ago: number): string {
  return addDays(asOf, -ago);
}

/** Days before `asOf` of a month-day in the as-of year (or a given year offset): for dues like 01-31. */
export function agoOf(asOf: string, monthDay: string, yearOffset = 0): number {
  const year = Number(asOf.slice(0, 4)) + yearOffset;
  return daysBetween(`${year}-${monthDay}`, asOf);
}

export interface SeriesSpec {
  /** Title patterns; `{y}` is the item's year, `{m}` its month, `{n}` its number within its year. */
  topics: readonly string[];
  /** Days before the as-of date of the newest item. */
  newest: number;
  /** Days between two items. */
  every: number;
  count: number;
  /** Start in the topic list, so two columns drawing on one pool differ. */
  offset?: number;
}

/** A regularly published column, newest first. */
export function series(asOf: string, spec: SeriesSpec): DemoItem[] {
  const dates = Array.from({ length: spec.count }, (_, i) => dateAgo(asOf, spec.newest + i * spec.every));
  const inYear = (i: number) => dates.slice(i).filter((d) => d.slice(0, 4) === dates[i].slice(0, 4)).length;
  return dates.map((date, i) => {
    const topic = spec.topics[(i + (spec.offset ?? 0)) % spec.topics.length];
    const title = topic
      .replaceAll('{y}', date.slice(0, 4))
      .replaceAll('{m}', String(Number(date.slice(5, 7))))
      .replaceAll('{n}', String(inYear(i)));
    return { title, ago: spec.newest + i * spec.every };
  });
}

/** Assigns each item its link and detail path; `pathOf` names the detail page of the i-th item. */
export function place(items: DemoItem[], pathOf: (item: DemoItem, i: number) => string): PlacedItem[] {
  return items.map((item, i) => {
    if (item.link) return { ...item, href: item.link };
    const path = pathOf(item, i);
    return { ...item, href: item.protocolRelative ? `//${HOST}${path}` : path, path };
  });
}

/** `2026-11-18` → `{ ym: '202611', ymd: '20261118', y, m, d }` for URL patterns. */
export function dateParts(date: string): { ym: string; ymd: string; y: string; m: number; d: number } {
  const [y, m, d] = date.split('-');
  return { ym: `${y}${m}`, ymd: `${y}${m}${d}`, y, m: Number(m), d: Number(d) };
}
