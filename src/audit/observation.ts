import type { DateSource, ListItem } from '../../crawlers/types.js';
import type { Outcome } from '../fetch/types.js';

/**
 * What was seen of a column in one crawl. `ok`: a list was read; `blank`: the column shows nothing (the
 * browser saw it empty too when the page has scripts); `redirect`: the page only jumps elsewhere (a
 * script or meta-refresh stub) and has nothing of its own; `unreachable` (including error and busy pages
 * answered with 200), `blocked` (anti-bot) and `unparsed` (no shape could read it) mean "could not check".
 */
export type ObservationStatus = 'ok' | 'blank' | 'redirect' | 'unreachable' | 'blocked' | 'unparsed';

export interface ObservedItem extends ListItem {
  dateSource: DateSource | null;
}

/**
 * How far a column's list was read. `end`: to its last page; `horizon`: until older pages could not
 * change the score (as good as the end for scoring). The rest mean the list was cut short, so what lies
 * beyond the oldest item read is unknown: `page-cap` (crawl.maxPagesPerColumn), `page-failed` (a later
 * page could not be read), `latest-only` (a homepage block shows only its latest items), `not-read`
 * (nothing was read: could not check, blank, presence-only page).
 */
export const LIST_ENDS = ['end', 'horizon', 'page-cap', 'page-failed', 'latest-only', 'not-read'] as const;
export type ListEnd = (typeof LIST_ENDS)[number];

/** Lists read this far are evidence for the days before their oldest item. */
export function readToEnd(listEnd: ListEnd): boolean {
  return listEnd === 'end' || listEnd === 'horizon';
}

export type Finding =
  | { kind: 'redirected'; to: string }
  /** The entry page only sends the browser elsewhere (`location.href=…` or `<meta http-equiv=refresh>`). */
  | { kind: 'redirect-stub'; to: string; via: 'script' | 'meta'; targetColumn?: string }
  /** The column's site answered from another scheme or host than at its previous crawl. */
  | { kind: 'site-moved'; from: string; to: string }
  | { kind: 'future-dated'; items: { title: string; date: string; url: string | null }[] }
  | { kind: 'total-mismatch'; stated: number; served: number }
  | { kind: 'page-failed'; url: string; outcome: Outcome; error?: string }
  | { kind: 'page-cap'; pages: number }
  | { kind: 'rendered-in-browser'; reason: string };

export interface FetchLog {
  purpose: 'list' | 'detail' | 'link';
  url: string;
  finalUrl: string;
  outcome: Outcome;
  status?: number;
  error?: string;
  evidence?: string;
  elapsedMs: number;
  viaBrowser: boolean;
}

export interface LinkCheck {
  url: string;
  title: string;
  outcome: Outcome;
  status?: number;
  listEvidence?: string;
}

/** A newest item whose detail link is checked. */
export interface LinkTarget {
  url: string;
  title: string;
}

/** The latest check of one link of a column: its as-of date and whether it opened. */
export interface LinkHistory {
  checkedOn: string;
  ok: boolean;
}

/** How a reading of a column may stand for later nights (set by the nightly crawl, absent from `inspect`). */
export interface Reading {
  /** Fingerprint of how the column is read: entry URL, configured shape/category/cadence, the crawl settings that change the reading. */
  key: string;
  /** The date of the full read this reading comes from. */
  readOn: string;
  /** The last date it may be carried forward to without reading the list again; null: never carried. */
  carryUntil: string | null;
  /** Set when tonight's observation is the stored reading carried forward: the run its items were last seen in, and how many. */
  carriedFrom?: { runId: number; itemCount: number };
}

/** A column's latest stored observation, as the next night's crawl needs it. */
export interface StoredReading {
  /** The last run the stored row stands for, and its as-of date. */
  lastRunId: number;
  lastObservedOn: string;
  itemCount: number;
  /** The stored observation, without items, fetches and link checks. */
  observation: ColumnObservation & { reading: Reading };
  /** Its links that did not open (checked on the night its row was started, and again every night since). */
  failedLinks: LinkCheck[];
}

export interface ColumnObservation {
  /** The column's stable id (config `id`, or the one registered for its URL): what its history is joined by. */
  columnId: string;
  /** The column's display name at the time. */
  columnName: string;
  entryUrl: string;
  finalUrl?: string;
  shape?: string;
  status: ObservationStatus;
  reason?: string;
  items: ObservedItem[];
  undatedCount: number;
  futureCount: number;
  newest?: { date: string; title: string; url: string | null };
  pagesFetched: number;
  statedTotal?: number;
  /** How far the list was read, and why it stopped (a note in Chinese when cut short). */
  listEnd: ListEnd;
  listEndNote?: string;
  /** The entry list page's body hash. */
  evidence?: string;
  findings: Finding[];
  fetches: FetchLog[];
  /** The links checked tonight: the newest items' that are due (see `link-checks.ts`). */
  linkChecks: LinkCheck[];
  /** The newest items whose links are kept checked. */
  linkTargets?: LinkTarget[];
  reading?: Reading;
}
