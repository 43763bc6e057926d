import type { Fetcher, FetchResult } from '../fetch/types.js';
import { daysBetween } from '../time/dates.js';
import type { LinkCheck, LinkHistory, LinkTarget, ObservedItem } from './observation.js';

export interface LinkCheckDeps {
  fetcher: Fetcher;
  today: string;
  /** The column's links' latest checks; absent (`inspect`): every link is checked. */
  linkHistory?: ReadonlyMap<string, LinkHistory>;
  /** A link that opened is checked again after this many days. */
  linkRecheckDays?: number;
}

/** The links of the `count` newest dated items (`dated` is newest first); items without a link are not replaced. */
export function newestLinks(dated: ObservedItem[], count: number): LinkTarget[] {
  return dated.slice(0, count).flatMap((i) => (i.url ? [{ url: i.url, title: i.title }] : []));
}

/**
 * Whether a link is checked tonight: it never was, its last check failed (a fix shows the next night), or
 * it last opened `recheckDays` or more days ago. A link that keeps failing is therefore checked every
 * night, so tonight's failed checks are all the column's failed links.
 */
export function linkDue(history: LinkHistory | undefined, today: string, recheckDays: number): boolean {
  return !history || !history.ok || daysBetween(history.checkedOn, today) >= recheckDays;
}

/** Opens the due links, in order; `listEvidence` is the list page they were found on. */
export async function checkLinks(targets: LinkTarget[], deps: LinkCheckDeps, listEvidence: string | undefined,
  log: (r: FetchResult) => FetchResult): Promise<LinkCheck[]> {
  const checks: LinkCheck[] = [];
  for (const target of targets) {
    if (deps.linkHistory && !linkDue(deps.linkHistory.get(target.url), deps.today, deps.linkRecheckDays ?? 0)) continue;
    const r = log(await deps.fetcher.fetch({ url: target.url }));
    checks.push({ url: target.url, title: target.title, outcome: r.outcome, status: r.status, listEvidence });
  }
  return checks;
}
