import type { Db } from '../src/store/db.js';
import { CensusRepo } from '../src/store/census-repo.js';
import { ProbesRepo } from '../src/store/probes-repo.js';
import { type CensusReading, type DiscoveredColumn } from '../src/census/discover.js';
import { censusKey } from '../src/census/census-key.js';
import type { BrokenLink } from '../src/census/link-check.js';
import { addDays } from '../src/time/dates.js';

/** A hostile link text: must show as text wherever it is rendered. */
export const HOSTILE_LINK_TEXT = '<img src=x onerror="window.__pwned = 3">办事指南下载';
/** A long, unbreakable URL: must not widen a page at 375 px. */
export const LONG_URL_PART = `attachment_${'0123456789abcdef'.repeat(8)}.pdf`;

function column(origin: string, path: string, name: string, asOf: string): DiscoveredColumn {
  return {
    url: `${origin}/${path}/`, name, nameSource: 'anchor', category: 'other', level: 2, shape: 'S1', itemCount: 8, undatedCount: 0,
    newestDate: addDays(asOf, -2), newestTitle: '最近一条', blank: false, needsBrowser: false, foundOn: `${origin}/xxgk/`, evidence: null,
  };
}

function reading(origin: string, columns: DiscoveredColumn[]): CensusReading {
  return {
    homepage: { url: `${origin}/`, reachable: true, kind: 'navigation', newestDate: null, itemCount: 0, undatedCount: 0, evidence: null },
    directoryUrl: `${origin}/xxgk/`, needsBrowser: [], pagesFetched: 12, budgetExhausted: false, links: [], failedPages: [], columns,
  };
}

/**
 * Two censuses of a unit (a week apart) and a week of availability probes: the latest census has `broken`
 * broken links over two columns (one with hostile text, one with a very long URL), one column appeared and
 * one disappeared; the probes failed 3 of 10 times and the site is down now.
 */
export function plantSiteFacts(db: Db, unitId: string, asOf: string, opts: { origin?: string; broken?: number } = {}): void {
  const origin = opts.origin ?? `http://${unitId}.example.gov.cn`;
  const census = new CensusRepo(db);
  const kept = column(origin, 'bszn', '办事指南', asOf);
  const gone = column(origin, 'jggk', '机构概况', asOf);
  const added = column(origin, 'zdxm', '重大项目', asOf);
  const none = { checked: 0, unchecked: 0, broken: [], brokenLinks: 0, recentlyOk: 0, results: [] };
  census.save(unitId, addDays(asOf, -7), new Date(`${addDays(asOf, -7)}T03:00:00Z`), reading(origin, [kept, gone]), censusKey, { ...none, checked: 50, brokenLinks: 5 });
  const broken: BrokenLink[] = Array.from({ length: opts.broken ?? 13 }, (_, i) => {
    const inGuide = i % 2 === 0;
    return {
      url: i === 1 ? `${origin}/files/${LONG_URL_PART}` : `${origin}/missing/${i}.html`, text: i === 0 ? HOSTILE_LINK_TEXT : `失效链接${i}`,
      pageUrl: `${(inGuide ? kept : added).url}content_${i}.html`, columnUrl: (inGuide ? kept : added).url, pageEvidence: null,
      kind: 'not-found', status: 404, detail: '打开后显示“页面不存在”（404）', evidence: null,
    };
  });
  census.save(unitId, addDays(asOf, -1), new Date(`${addDays(asOf, -1)}T03:00:00Z`), reading(origin, [kept, added]), censusKey,
    { ...none, checked: 200, brokenLinks: broken.length, broken });

  const probes = new ProbesRepo(db);
  for (let i = 0; i < 10; i++) {
    const ok = i < 7;
    probes.add({ unitId, url: `${origin}/`, at: `${addDays(asOf, -(9 - i) % 6)}T0${i % 10}:00:00.000Z`, ok, status: ok ? 200 : 503, ms: 120, outcome: ok ? 'ok' : 'http-error', error: ok ? null : '503' });
  }
  probes.setState(unitId, { state: 'down', since: `${addDays(asOf, -1)}T02:00:00.000Z`, failuresInRow: 3 });
}
