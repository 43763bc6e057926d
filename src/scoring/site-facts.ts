import type { ColumnScore } from './platform.js';
import type { HomepageFact, SiteColumnFact } from './site-vetoes.js';
import { addDays } from '../time/dates.js';

/** What the census stored for a unit, as the veto counts need it (a subset of the store's snapshot). */
export interface UnitCensusFacts {
  day: string;
  homepage: { url: string; reachable: boolean; kind: 'list' | 'navigation' | 'unreadable'; newestDate: string | null; itemCount: number; evidence: string | null };
  columns: { urlKey: string; url: string; name: string; category: string; level: 1 | 2; newestDate: string | null; itemCount: number;
    blank: boolean; needsBrowser: boolean; foundOn: string; evidence: string | null }[];
  /** The office's exclusions (config and `zwgk census exclude`), by census key. */
  exclusions: { urlKey: string; url: string; reason: string }[];
}

/** A census older than this many days before the score date is not used: its columns may have changed since. */
export const CENSUS_FRESH_DAYS = 30;

/**
 * The columns the vetoes count: the configured ones as scored today, and the census's columns nobody
 * configured (judged as of the census day), minus exclusions. `key` is the census's URL key.
 */
export function siteFacts(input: {
  platform: ColumnScore[]; census?: UnitCensusFacts; asOf: string; cadenceDays: Readonly<Record<string, number | undefined>>;
  key: (url: string) => string;
}): { columns: SiteColumnFact[]; homepage?: HomepageFact } {
  const { platform, asOf, key } = input;
  const census = input.census && input.census.day >= addDays(asOf, -CENSUS_FRESH_DAYS) && input.census.day <= asOf ? input.census : undefined;
  const excluded = new Set(input.census?.exclusions.map((e) => e.urlKey));
  const levels = new Map(census?.columns.map((c) => [c.urlKey, c.level]));
  const configuredKeys = new Set(platform.map((c) => key(c.url)));

  const configured: SiteColumnFact[] = platform.filter((c) => !excluded.has(key(c.url))).map((c) => ({
    name: c.name, url: c.url, category: c.category, level: levels.get(key(c.url)) ?? 1, source: 'configured',
    state: c.status === 'blank' ? 'blank' : c.status === 'ok' || c.status === 'stale' || c.status === 'redirect' ? 'read' : 'unchecked',
    newestDate: c.newestDate, staleUndated: c.status === 'stale' && !c.newestDate, seenOn: asOf, cadenceDays: c.cadenceDays, evidence: c.evidence,
  }));
  const discovered: SiteColumnFact[] = (census?.columns ?? []).filter((c) => !configuredKeys.has(c.urlKey) && !excluded.has(c.urlKey)).map((c) => ({
    name: c.name, url: c.url, category: c.category, level: c.level, source: 'discovered',
    state: c.needsBrowser ? 'unchecked' : c.blank ? 'blank' : 'read',
    newestDate: c.newestDate && c.newestDate <= (census as UnitCensusFacts).day ? c.newestDate : null,
    seenOn: (census as UnitCensusFacts).day, cadenceDays: input.cadenceDays[c.category] ?? null, evidence: c.evidence,
  }));
  const columns = [...configured, ...discovered];
  return { columns, homepage: homepageFact(configured, census, columns, asOf) };
}

function homepageFact(configured: SiteColumnFact[], census: UnitCensusFacts | undefined, columns: SiteColumnFact[], asOf: string): HomepageFact | undefined {
  const home = configured.find((c) => c.category === 'homepage' && c.state !== 'unchecked');
  if (home) {
    return { url: home.url, kind: 'list', newestDate: home.newestDate, itemCount: home.state === 'blank' ? 0 : 1, seenOn: asOf, evidence: home.evidence, children: [] };
  }
  if (!census) return configured.some((c) => c.category === 'homepage') ? { url: '', kind: 'unreadable', newestDate: null, itemCount: 0, seenOn: asOf, evidence: null, children: [] } : undefined;
  const h = census.homepage;
  const children = columns.filter((c) => c.level === 1 && c.category !== 'homepage');
  return { url: h.url, kind: h.reachable ? h.kind : 'unreadable', newestDate: h.newestDate, itemCount: h.itemCount, seenOn: census.day, evidence: h.evidence, children };
}
