import type { FetchRequest, FetchResult } from '../src/fetch/types.js';
import type { ShapeId } from '../src/config/schema.js';

/**
 * How an item's date was found: shown in full on the `list`; shown as a month-day whose year comes from
 * the list's `order` (newest first); from the detail page's `url` (`t20201120_…`, `/2020/11/`); from the
 * `detail` page itself.
 */
export type DateSource = 'list' | 'order' | 'url' | 'detail';

/** One entry in a column list as it was shown. */
export interface ListItem {
  title: string;
  /** Absolute URL of the detail page; null when the item has no usable link. */
  url: string | null;
  /** Date shown on the list, `YYYY-MM-DD`; null when the list shows none or shows it without a year. */
  date: string | null;
  /** A month-day shown without a year (`[12-24]`, `12月24日`), `MM-DD`; the walker places it in a year. */
  monthDay?: string;
  /** Shown as pinned (置顶) or detected out of date order at the top. */
  pinned?: boolean;
}

/** What a shape module reads from one fetched page. A pure function of the page. */
export interface Extraction {
  items: ListItem[];
  /** Further list pages of this column, in order; each is extracted by the same shape. */
  next: FetchRequest[];
  /** The total the page claims (`totalRecord`, `post_count`, `共N条`), if any. */
  statedTotal?: number;
  /** The page count the pager claims, as stated (never used to allocate: `next` is clamped). */
  statedPages?: number;
  /** The page says it has nothing (`暂无信息`, an empty list). */
  blank?: boolean;
  /** The page is a stub that only sends the browser elsewhere (`location.href = …`). */
  redirectTo?: string;
  /** The page holds no list but scripts that would build one: a browser may see more. */
  needsBrowser?: boolean;
  /** Set by the extraction cache, not the shape: the page is an error, busy or maintenance page (why). */
  errorPage?: string;
}

/** Extraction depends on the page only, never on the crawl date: month-days stay month-days (`ListItem.monthDay`). */
export interface ExtractContext {
  /** 0 for the entry page, 1 for the first of `next`, … */
  pageIndex: number;
}

export interface ShapeModule {
  id: ShapeId;
  /** Bump when extraction changes, so cached extractions are recomputed. */
  version: number;
  /** Whether this module recognises the page (used when the config names no shape). */
  detect(page: FetchResult): boolean;
  extract(page: FetchResult, ctx: ExtractContext): Extraction;
}
