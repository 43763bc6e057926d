import type { DistrictConfig, UnitConfig } from '../config/schema.js';
import type { Db } from '../store/db.js';
import type { Fetcher } from '../fetch/types.js';
import { CensusRepo } from '../store/census-repo.js';
import { ExtractionCache } from '../audit/extraction-cache.js';
import { daysBetween } from '../time/dates.js';
import { hostOf, originOf } from '../identity/keys.js';
import { discoverSite } from './discover.js';
import { censusKey } from './census-key.js';
import { checkCensusLinks } from './link-check.js';
import { linkDue } from '../audit/link-checks.js';

export interface CensusRunOptions {
  db: Db;
  fetcher: Fetcher;
  /** Reads a stored body by hash (attachments are judged on their bytes). */
  body: (hash: string) => Buffer | undefined;
  today: string;
  now: Date;
  /** Census these units now, whatever the schedule says (the office's `zwgk census run`). */
  unitIds?: readonly string[];
}

export interface CensusUnitSummary {
  unitId: string;
  pagesFetched: number;
  columns: number;
  appeared: number;
  disappeared: number;
  linksChecked: number;
  /** Links not checked again: they opened at a census less than `crawl.linkRecheckDays` ago. */
  linksRecentlyOk: number;
  linksBroken: number;
}

/** Where a unit's site starts: its configured homepage column, else the root of its first column's site. */
export function unitHomepage(unit: UnitConfig): string | undefined {
  const home = unit.columns.find((c) => c.category === 'homepage');
  if (home) return home.url;
  return unit.columns[0] ? `${originOf(unit.columns[0].url)}/` : undefined;
}

/** Whether tonight is the unit's census night: every `everyDays`, units spread by a hash of their id; a missed one is caught up. */
export function censusDue(unitId: string, today: string, lastDay: string | undefined, everyDays: number): boolean {
  if (lastDay && daysBetween(lastDay, today) >= 2 * everyDays) return true;
  if (lastDay && daysBetween(lastDay, today) < everyDays) return false;
  const slot = [...unitId].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % everyDays;
  return daysBetween('2000-01-01', today) % everyDays === slot;
}

/**
 * The census of every unit due tonight (or of the units asked for): discovery within the page budget,
 * then the links met, within the link budget; one stored census per unit.
 */
export async function runCensus(config: DistrictConfig, opts: CensusRunOptions): Promise<CensusUnitSummary[]> {
  const settings = config.census;
  const repo = new CensusRepo(opts.db);
  const extractions = new ExtractionCache(opts.db);
  const units = config.units.filter((u) => opts.unitIds
    ? opts.unitIds.includes(u.id)
    : censusDue(u.id, opts.today, repo.lastDay(u.id), settings.everyDays));
  const summaries: CensusUnitSummary[] = [];
  for (const unit of units) {
    const homepage = unitHomepage(unit);
    if (!homepage) continue;
    const reading = await discoverSite(homepage, { fetcher: opts.fetcher, extractions, budget: settings.pageBudget });
    const ownHosts = new Set([hostOf(homepage), ...unit.columns.map((c) => hostOf(c.url))]);
    const states = repo.linkStates(unit.id);
    const links = await checkCensusLinks(reading.links, {
      fetcher: opts.fetcher, body: opts.body, budget: settings.linkBudget, perHost: settings.linksPerHost, ownHosts,
      due: (url) => linkDue(states.get(url), opts.today, config.crawl.linkRecheckDays),
    });
    repo.save(unit.id, opts.today, opts.now, reading, censusKey, links);
    repo.saveLinkStates(unit.id, opts.today, links.results);
    const stored = repo.latest(unit.id, opts.today);
    summaries.push({
      unitId: unit.id, pagesFetched: reading.pagesFetched, columns: reading.columns.length,
      appeared: stored?.appeared.length ?? 0, disappeared: stored?.disappeared.length ?? 0,
      linksChecked: links.checked, linksRecentlyOk: links.recentlyOk, linksBroken: links.brokenLinks,
    });
  }
  return summaries;
}
