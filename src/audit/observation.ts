import type { ListItem } from '../../crawlers/types.js';
import type { Outcome } from '../fetch/types.js';

/**
 * What was seen of a column in one crawl. `ok`: a list was read; `blank`: the column shows nothing;
 * `unreachable`, `blocked` (anti-bot) and `unparsed` (no shape could read it) mean "could not check".
 */
export type ObservationStatus = 'ok' | 'blank' | 'unreachable' | 'blocked' | 'unparsed';

export interface ObservedItem extends ListItem {
  dateSource: 'list' | 'detail' | null;
}

export type Finding =
  | { kind: 'redirected'; to: string }
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

export interface ColumnObservation {
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
  /** The entry list page's body hash. */
  evidence?: string;
  findings: Finding[];
  fetches: FetchLog[];
  linkChecks: LinkCheck[];
}
