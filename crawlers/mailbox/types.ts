import type { FetchRequest, FetchResult } from '../../src/fetch/types.js';
import type { DateSource } from '../types.js';
import type { MailboxConfig, MailboxShapeId } from '../../src/config/mailbox-schema.js';

/** One letter as a mailbox list shows it. Times are Shanghai wall-clock `YYYY-MM-DD[ HH:mm[:ss]]`. */
export interface LetterRow {
  /** Stable identity within the mailbox: the letter number, else the letter's page. */
  key: string;
  code?: string;
  title: string;
  /** The letter's own page; null when the list links nowhere. */
  detail: FetchRequest | null;
  handler?: string;
  writer?: string;
  statusShown?: string;
  typeShown?: string;
  submittedAt?: string;
  /** How `submittedAt` was found: on the list, or its year from the list's order or the letter's URL. */
  submittedSource?: DateSource;
  /** A submission month-day shown without a year (`MM-DD`, and `HH:mm:ss` if shown); the walker places it. */
  submittedMonthDay?: { monthDay: string; time: string | null };
  satisfactionShown?: string;
}

export interface LetterListPage {
  rows: LetterRow[];
  /** Further list pages, in order. */
  next: FetchRequest[];
  /** The total the page claims, if any. */
  statedTotal?: number;
  /** The page count the pager claims, as stated (`next` is clamped). */
  statedPages?: number;
}

export interface LetterReply {
  /** Null when the page shows a reply without a time. */
  at: string | null;
  by?: string;
  text: string;
}

/** What a letter's own page says. */
export interface LetterDetail {
  /** The page is recognisably a letter (a title, a submission time or a reply); else it is an error page. */
  found: boolean;
  code?: string;
  title?: string;
  handler?: string;
  statusShown?: string;
  typeShown?: string;
  submittedAt?: string;
  satisfactionShown?: string;
  /** Null while unanswered (or when the page shows no reply). */
  reply: LetterReply | null;
}

export interface MailboxContext {
  config: MailboxConfig;
  /** The crawl date, Asia/Shanghai. */
  today: string;
  /** 0 for the first list page. */
  pageIndex: number;
}

/** A mailbox page shape. `list` and `detail` are pure functions of one fetched page. */
export interface MailboxShape {
  id: MailboxShapeId;
  /** Bump when extraction changes. */
  version: number;
  firstRequest(config: MailboxConfig): FetchRequest;
  list(page: FetchResult, ctx: MailboxContext): LetterListPage;
  detail(page: FetchResult, ctx: MailboxContext): LetterDetail;
}
