import type { Db } from './db.js';
import type { CensusReading, DiscoveredColumn, HomepageReading } from '../census/discover.js';
import type { BrokenLink, LinkCheckSummary } from '../census/link-check.js';

/** A stored census column: what discovery found, keyed by its census key. */
export interface CensusColumnRow extends Omit<DiscoveredColumn, 'nameSource'> {
  urlKey: string;
}

export interface CensusRunRow {
  id: number;
  unitId: string;
  day: string;
  homepage: HomepageReading;
  directoryUrl: string | null;
  needsBrowser: CensusReading['needsBrowser'];
  pagesFetched: number;
  budgetExhausted: boolean;
  linksChecked: number;
  linksUnchecked: number;
  linksBroken: number;
}

export interface CensusExclusion {
  unitId: string;
  url: string;
  urlKey: string;
  reason: string;
  by: string;
  at: string;
}

/** One unit's census as stored, with what changed since the one before. */
export interface CensusSnapshot {
  run: CensusRunRow;
  columns: CensusColumnRow[];
  broken: BrokenLink[];
  appeared: CensusColumnRow[];
  disappeared: CensusColumnRow[];
  /** False on a unit's first census: nothing can have appeared or disappeared. */
  hasPrevious: boolean;
}

const RUN_COLUMNS = `id, unit_id AS unitId, day, homepage_json AS homepageJson, directory_url AS directoryUrl,
  needs_browser_json AS needsBrowserJson, pages_fetched AS pagesFetched, budget_exhausted AS budgetExhausted,
  links_checked AS linksChecked, links_unchecked AS linksUnchecked, links_broken AS linksBroken`;

/** The census tables (migration 015): every census kept, so columns appearing and the broken-link share have a history. */
export class CensusRepo {
  constructor(private readonly db: Db) {}

  save(unitId: string, day: string, at: Date, reading: CensusReading, columnKey: (url: string) => string, links: LinkCheckSummary): number {
    return this.db.transaction(() => {
      const id = Number(this.db.prepare(`INSERT INTO census_runs (unit_id, day, at, homepage_json, directory_url, needs_browser_json,
        pages_fetched, budget_exhausted, links_checked, links_unchecked, links_broken) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        unitId, day, at.toISOString(), JSON.stringify(reading.homepage), reading.directoryUrl, JSON.stringify(reading.needsBrowser),
        // Links that opened at a recent census count as checked: the share is over every link judged.
        reading.pagesFetched, reading.budgetExhausted ? 1 : 0, links.checked + links.recentlyOk, links.unchecked, links.brokenLinks).lastInsertRowid);
      const col = this.db.prepare(`INSERT OR IGNORE INTO census_columns (census_id, url_key, url, name, category, level, shape, item_count,
        undated_count, newest_date, newest_title, blank, needs_browser, found_on, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const c of reading.columns) {
        col.run(id, columnKey(c.url), c.url, c.name, c.category, c.level, c.shape, c.itemCount, c.undatedCount, c.newestDate,
          c.newestTitle, c.blank ? 1 : 0, c.needsBrowser ? 1 : 0, c.foundOn, c.evidence);
      }
      const link = this.db.prepare(`INSERT INTO census_broken_links (census_id, url, text, page_url, column_url, kind, status, detail,
        page_evidence, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const b of links.broken) link.run(id, b.url, b.text, b.pageUrl, b.columnUrl, b.kind, b.status, b.detail, b.pageEvidence, b.evidence);
      return id;
    })();
  }

  /** The day of the unit's latest census, if any. */
  lastDay(unitId: string): string | undefined {
    return this.db.prepare('SELECT max(day) FROM census_runs WHERE unit_id = ?').pluck().get(unitId) as string | undefined ?? undefined;
  }

  /** The unit's latest census on or before `asOf`, and what changed since the one before it. */
  latest(unitId: string, asOf = '9999-12-31'): CensusSnapshot | undefined {
    const [run, before] = (this.db.prepare(`SELECT ${RUN_COLUMNS} FROM census_runs WHERE unit_id = ? AND day <= ? ORDER BY day DESC, id DESC LIMIT 2`)
      .all(unitId, asOf) as RawRun[]).map(runOf);
    if (!run) return undefined;
    const columns = this.columns(run.id);
    const previous = before ? this.columns(before.id) : [];
    const now = new Set(columns.map((c) => c.urlKey));
    const then = new Set(previous.map((c) => c.urlKey));
    return {
      run, columns, broken: this.broken(run.id), hasPrevious: before !== undefined,
      appeared: before ? columns.filter((c) => !then.has(c.urlKey)) : [],
      disappeared: previous.filter((c) => !now.has(c.urlKey)),
    };
  }

  /** Every census of the unit, oldest first: the broken-link share over time. */
  history(unitId: string): CensusRunRow[] {
    return (this.db.prepare(`SELECT ${RUN_COLUMNS} FROM census_runs WHERE unit_id = ? ORDER BY day, id`).all(unitId) as RawRun[]).map(runOf);
  }

  /** Each link's latest census check for the unit. */
  linkStates(unitId: string): Map<string, { ok: boolean; checkedOn: string }> {
    const rows = this.db.prepare('SELECT url, ok, checked_on AS checkedOn FROM census_links WHERE unit_id = ?').all(unitId) as { url: string; ok: number; checkedOn: string }[];
    return new Map(rows.map((r) => [r.url, { ok: Boolean(r.ok), checkedOn: r.checkedOn }]));
  }

  saveLinkStates(unitId: string, day: string, results: readonly { url: string; ok: boolean }[]): void {
    const put = this.db.prepare(`INSERT INTO census_links (unit_id, url, ok, checked_on) VALUES (?, ?, ?, ?)
      ON CONFLICT (unit_id, url) DO UPDATE SET ok = excluded.ok, checked_on = excluded.checked_on`);
    this.db.transaction(() => { for (const r of results) put.run(unitId, r.url, r.ok ? 1 : 0, day); })();
  }

  exclusions(unitId?: string): CensusExclusion[] {
    const sql = `SELECT unit_id AS unitId, url, url_key AS urlKey, reason, by, at FROM census_exclusions ${unitId ? 'WHERE unit_id = ?' : ''} ORDER BY unit_id, at`;
    return (unitId ? this.db.prepare(sql).all(unitId) : this.db.prepare(sql).all()) as CensusExclusion[];
  }

  /** Records (or replaces) an exclusion; the replaced reason is kept in no other place, so the caller shows it. */
  exclude(e: CensusExclusion): CensusExclusion | undefined {
    const old = this.db.prepare(`SELECT unit_id AS unitId, url, url_key AS urlKey, reason, by, at FROM census_exclusions WHERE unit_id = ? AND url_key = ?`)
      .get(e.unitId, e.urlKey) as CensusExclusion | undefined;
    this.db.prepare(`INSERT INTO census_exclusions (unit_id, url_key, url, reason, by, at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (unit_id, url_key) DO UPDATE SET url = excluded.url, reason = excluded.reason, by = excluded.by, at = excluded.at`)
      .run(e.unitId, e.urlKey, e.url, e.reason, e.by, e.at);
    return old;
  }

  private columns(censusId: number): CensusColumnRow[] {
    return (this.db.prepare(`SELECT url_key AS urlKey, url, name, category, level, shape, item_count AS itemCount, undated_count AS undatedCount,
      newest_date AS newestDate, newest_title AS newestTitle, blank, needs_browser AS needsBrowser, found_on AS foundOn, evidence
      FROM census_columns WHERE census_id = ? ORDER BY rowid`).all(censusId) as (Omit<CensusColumnRow, 'blank' | 'needsBrowser'> & { blank: number; needsBrowser: number })[])
      .map((c) => ({ ...c, blank: Boolean(c.blank), needsBrowser: Boolean(c.needsBrowser) }));
  }

  private broken(censusId: number): BrokenLink[] {
    return this.db.prepare(`SELECT url, text, page_url AS pageUrl, column_url AS columnUrl, kind, status, detail, page_evidence AS pageEvidence,
      evidence FROM census_broken_links WHERE census_id = ? ORDER BY rowid`).all(censusId) as BrokenLink[];
  }
}

interface RawRun extends Omit<CensusRunRow, 'homepage' | 'needsBrowser' | 'budgetExhausted'> {
  homepageJson: string;
  needsBrowserJson: string;
  budgetExhausted: number;
}

function runOf(r: RawRun): CensusRunRow {
  const { homepageJson, needsBrowserJson, ...rest } = r;
  return { ...rest, homepage: JSON.parse(homepageJson) as HomepageReading, needsBrowser: JSON.parse(needsBrowserJson) as CensusRunRow['needsBrowser'], budgetExhausted: Boolean(r.budgetExhausted) };
}

