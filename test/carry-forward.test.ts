import { describe, expect, it } from 'vitest';
import { carriedReading, carryUntil, readKey, type ReadSettings } from '../src/audit/carry-forward.js';
import type { ColumnObservation, FetchLog, ObservedItem, StoredReading } from '../src/audit/observation.js';
import type { FetchResult } from '../src/fetch/types.js';
import type { ColumnConfig } from '../src/config/schema.js';
import { crawlConfig } from './helpers.js';

const TODAY = '2026-11-20';
const COLUMN: ColumnConfig = { name: '工作动态', url: 'http://a.example/news/', category: 'news', required: [] };
const SETTINGS: ReadSettings = { cadenceDays: 14, periodStart: '2026-01-01', crawl: crawlConfig(), knownColumns: [{ name: COLUMN.name, url: COLUMN.url }] };

const item = (over: Partial<ObservedItem>): ObservedItem => ({ title: '信息', url: 'http://a.example/news/t1.html', date: '2026-11-01', dateSource: 'list', ...over });
const fetchLog = (over: Partial<FetchLog>): FetchLog =>
  ({ purpose: 'list', url: COLUMN.url, finalUrl: COLUMN.url, outcome: 'ok', elapsedMs: 1, viaBrowser: false, ...over });

function observation(over: Partial<ColumnObservation> = {}): ColumnObservation {
  return {
    columnId: 'news', columnName: COLUMN.name, entryUrl: COLUMN.url, finalUrl: COLUMN.url, shape: 'S1', status: 'ok', items: [item({})],
    undatedCount: 0, futureCount: 0, pagesFetched: 1, listEnd: 'end', evidence: 'ev1', findings: [], fetches: [fetchLog({})], linkChecks: [], ...over,
  };
}

describe('carryUntil: how long a full read stands for later nights', () => {
  it('is unbounded for a list of full dates, and null for anything that depends on the night', () => {
    expect(carryUntil(observation(), TODAY)).toBe('9999-12-31');
    expect(carryUntil(observation({ status: 'blank', items: [] }), TODAY)).toBe('9999-12-31');
    expect(carryUntil(observation({ status: 'redirect', items: [] }), TODAY)).toBe('9999-12-31');
    for (const status of ['unreachable', 'blocked', 'unparsed'] as const) expect(carryUntil(observation({ status }), TODAY), status).toBeNull();
    expect(carryUntil(observation({ futureCount: 1 }), TODAY)).toBeNull();
    expect(carryUntil(observation({ listEnd: 'page-failed' }), TODAY)).toBeNull();
    expect(carryUntil(observation({ fetches: [fetchLog({ viaBrowser: true })] }), TODAY)).toBeNull();
    expect(carryUntil(observation({ fetches: [fetchLog({}), fetchLog({ purpose: 'detail', outcome: 'timeout' })] }), TODAY)).toBeNull();
    // A link that failed is checked again every night anyway: it does not stop the list being carried.
    expect(carryUntil(observation({ fetches: [fetchLog({}), fetchLog({ purpose: 'link', outcome: 'http-4xx' })] }), TODAY)).toBe('9999-12-31');
  });

  it('ends the day before a month-day shown without a year comes round again', () => {
    const md = (...days: string[]) => observation({ items: days.map((d) => item({ monthDay: d, dateSource: 'order' })) });
    expect(carryUntil(md('11-25'), TODAY)).toBe('2026-11-24');
    expect(carryUntil(md('11-20', '11-19'), TODAY)).toBe('2027-11-18');
    expect(carryUntil(md('12-31', '01-02'), TODAY)).toBe('2026-12-30');
    expect(carryUntil(md('02-29'), TODAY)).toBe('2028-02-28');
    // A day no year has: never carried past the night it was read.
    expect(carryUntil(md('02-30'), TODAY)).toBe('2026-11-19');
  });
});

describe('carriedReading', () => {
  const key = readKey(COLUMN, SETTINGS);
  const stored = (over: Partial<StoredReading['observation']['reading']> = {}, obs: Partial<ColumnObservation> = {}): StoredReading => ({
    lastRunId: 7, lastObservedOn: '2026-11-19', itemCount: 12, failedLinks: [],
    observation: { ...observation({ items: [], fetches: [], ...obs }), reading: { key, readOn: '2026-11-17', carryUntil: '9999-12-31', ...over } },
  });
  const page = (over: Partial<FetchResult> = {}): FetchResult =>
    ({ request: { url: COLUMN.url }, outcome: 'ok', finalUrl: COLUMN.url, evidence: 'ev1', unchanged: true, redirects: [], elapsedMs: 1, attempts: 1, ...over });
  const deps = (previous: StoredReading | undefined, over: object = {}) =>
    ({ today: TODAY, columnId: 'news', previous, readKey: key, fullRereadDays: 7, ...over });

  it('carries the stored reading when the entry page is the same body and nothing else changed', () => {
    const fetches = [fetchLog({ evidence: 'ev1' })];
    const carried = carriedReading(page(), COLUMN, deps(stored({}, { findings: [{ kind: 'site-moved', from: 'http://b', to: 'http://a' }, { kind: 'redirected', to: COLUMN.url }] })), fetches);
    expect(carried).toMatchObject({ status: 'ok', evidence: 'ev1', pagesFetched: 1, items: [], linkChecks: [], fetches,
      findings: [{ kind: 'redirected', to: COLUMN.url }], reading: { key, readOn: '2026-11-17', carriedFrom: { runId: 7, itemCount: 12 } } });
    // A 200 with the same bytes is as good as a 304.
    expect(carriedReading(page({ unchanged: false, status: 200 }), COLUMN, deps(stored()), [])).toBeDefined();
  });

  it('reads the column when anything says the reading may not hold', () => {
    const refused: [string, FetchResult, ReturnType<typeof deps>][] = [
      ['no stored reading', page(), deps(undefined)],
      ['another body', page({ evidence: 'ev2' }), deps(stored())],
      ['another final address', page({ finalUrl: 'https://a.example/news/' }), deps(stored())],
      ['the page failed', page({ outcome: 'http-5xx', evidence: undefined }), deps(stored())],
      ['read another way', page(), deps(stored({ key: 'old' }))],
      ['a reading that depends on the night', page(), deps(stored({ carryUntil: null }))],
      ['a month-day came round', page(), deps(stored({ carryUntil: '2026-11-19' }))],
      ['a full read is due', page(), deps(stored({ readOn: '2026-11-13' }))],
      ['always read in full', page(), deps(stored(), { fullRereadDays: 0 })],
      ['an earlier date than the last crawl', page(), deps(stored(), { today: '2026-11-18' })],
      ['no read key (inspect)', page(), deps(stored(), { readKey: undefined })],
    ];
    for (const [why, p, d] of refused) expect(carriedReading(p, COLUMN, d, []), why).toBeUndefined();
    expect(carriedReading(page(), COLUMN, deps(stored({ readOn: '2026-11-14' })), [])).toBeDefined();
  });

  it('keys a column by how it is read, not by its name', () => {
    expect(readKey({ ...COLUMN, name: '新闻动态' }, SETTINGS)).toBe(key);
    for (const changed of [
      readKey({ ...COLUMN, url: 'http://a.example/news2/' }, SETTINGS), readKey({ ...COLUMN, shape: 'S1' }, SETTINGS),
      readKey({ ...COLUMN, category: 'notice' }, SETTINGS), readKey(COLUMN, { ...SETTINGS, cadenceDays: 7 }),
      readKey(COLUMN, { ...SETTINGS, crawl: crawlConfig({ maxPagesPerColumn: 3 }) }), readKey(COLUMN, { ...SETTINGS, knownColumns: [] }),
    ]) expect(changed).not.toBe(key);
  });
});
