import type { Db } from '../store/db.js';
import { CensusRepo, type CensusRunRow } from '../store/census-repo.js';

/** A broken link as a unit reads it: where it is (column, page) and what is wrong. Crawled text: renderers escape. */
export interface BrokenLinkLine {
  /** The census column the page belongs to, when known. */
  column: string | null;
  url: string;
  text: string;
  detail: string;
  pageUrl: string;
  pageEvidence: string | null;
}

/** A unit's latest census in short: the mails, the office summary and the console show the same figures. */
export interface CensusDigest {
  day: string;
  linksChecked: number;
  linksBroken: number;
  /** Broken share of the links checked (0..1), null when none was checked. */
  share: number | null;
  /** The census before this one, for 较上次. */
  previous: { day: string; share: number | null } | null;
  /** At most `limit` broken links, grouped by column (the order the census found them in). */
  broken: BrokenLinkLine[];
  /** Broken links stored but not listed. */
  brokenMore: number;
  appeared: { name: string; url: string }[];
  disappeared: { name: string; url: string }[];
}

export function brokenShareOf(run: Pick<CensusRunRow, 'linksChecked' | 'linksBroken'>): number | null {
  return run.linksChecked > 0 ? run.linksBroken / run.linksChecked : null;
}

/** The unit's latest census on or before `asOf`, or null when it has none. */
export function censusDigest(db: Db, unitId: string, asOf: string, limit = 10): CensusDigest | null {
  const repo = new CensusRepo(db);
  const latest = repo.latest(unitId, asOf);
  if (!latest) return null;
  const { run } = latest;
  const before = repo.history(unitId).filter((h) => h.day < run.day || (h.day === run.day && h.id < run.id)).at(-1);
  const columnName = new Map(latest.columns.map((c) => [c.url, c.name]));
  // Grouped by column (pages outside any column by page), in the order the census met them.
  const group = (b: { pageUrl: string; columnUrl: string | null }) => b.columnUrl ?? b.pageUrl;
  const order = new Map<string, number>();
  for (const b of latest.broken) if (!order.has(group(b))) order.set(group(b), order.size);
  const sorted = [...latest.broken].sort((a, b) => order.get(group(a))! - order.get(group(b))!);
  const named = (c: { name: string; url: string }) => ({ name: c.name, url: c.url });
  return {
    day: run.day,
    linksChecked: run.linksChecked,
    linksBroken: run.linksBroken,
    share: brokenShareOf(run),
    previous: before ? { day: before.day, share: brokenShareOf(before) } : null,
    broken: sorted.slice(0, limit).map((b) => ({
      column: b.columnUrl ? columnName.get(b.columnUrl) ?? null : null, url: b.url, text: b.text, detail: b.detail, pageUrl: b.pageUrl, pageEvidence: b.pageEvidence,
    })),
    brokenMore: Math.max(0, latest.broken.length - limit),
    appeared: latest.appeared.map(named),
    disappeared: latest.disappeared.map(named),
  };
}

/** Each unit's census digest as of a date (units without a census are left out). */
export function censusDigestsByUnit(db: Db, unitIds: string[], asOf: string, limit = 10): Map<string, CensusDigest> {
  const out = new Map<string, CensusDigest>();
  for (const id of unitIds) {
    const d = censusDigest(db, id, asOf, limit);
    if (d) out.set(id, d);
  }
  return out;
}
