import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { itemsOf, NightlyDistrict, scoreFrom, serveNightlySite, type NightlySite } from './incremental-fixture.js';
import { columnDeps, makeFetcher, tempDb } from './helpers.js';
import type { Db } from '../src/store/db.js';
import type { LoadedConfig } from '../src/config/load.js';
import { ObservationsRepo } from '../src/store/observations-repo.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import type { ColumnObservation } from '../src/audit/observation.js';
import { loadDistrictFacts } from '../src/store/district-facts.js';
import { run as compactObservations } from '../src/store/migrations/009-observation-spans.js';
import { SettableClock } from '../src/time/clock.js';
import { seenDates } from '../src/scoring/platform-facts.js';

const NIGHTS = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28'];
const UNITS = {
  u1: [{ name: '工作动态', dir: '/u1/news/' }, { name: '通知公告', dir: '/u1/notice/' }],
  u2: [{ name: '工作动态', dir: '/u2/news/' }],
};

let site: NightlySite;
let incremental: NightlyDistrict;
let perNight: ReturnType<typeof tempDb>;
beforeAll(async () => { site = await serveNightlySite(); });
afterAll(async () => { await site.close(); });
afterEach(() => {
  incremental.cleanup();
  perNight.cleanup();
});

/**
 * A night as the code before incremental crawls stored it: every column read in full, every newest link
 * checked, one observation row per column per night.
 */
async function nightPerRow(db: Db, loaded: LoadedConfig, day: string, unitId?: string): Promise<void> {
  const repo = new ObservationsRepo(db);
  const clock = new SettableClock(`${day}T02:00:00+08:00`);
  const fetcher = makeFetcher(db, { retries: 0 }, clock);
  const runId = repo.startRun(day, unitId ?? null, clock.now());
  for (const unit of loaded.config.units.filter((u) => !unitId || u.id === unitId)) {
    const ids = repo.resolveColumns(unit);
    const observations: ColumnObservation[] = [];
    for (const { column, columnId } of ids.columns) {
      observations.push(await crawlColumn(column, columnDeps(db, fetcher, {
        today: day, horizon: '2000-01-01', linkCheckCount: loaded.config.crawl.linkCheckCount, columnId, sessionKey: unit.id, knownColumns: unit.columns,
      })));
    }
    repo.saveUnit(runId, unit.id, day, clock.now(), observations, ids);
  }
  repo.finishRun(runId, 'done', clock.now());
  fetcher.close();
}

const rowCount = (db: Db) => db.prepare('SELECT COUNT(*) FROM column_observations').pluck().get() as number;

describe('observations stored as changes', () => {
  it('give the same facts and the same scores as one row per column per night, and so does the migration of such rows', async () => {
    site.columns.set('/u1/news/', { items: itemsOf('news', '新闻', 7), perPage: 3, etag: true });
    site.columns.set('/u1/notice/', { items: itemsOf('notice', '公告', 4, '2026-11-15'), perPage: 3, etag: false });
    site.columns.set('/u2/news/', { items: itemsOf('u2news', '动态', 5, '2026-11-10'), perPage: 3, etag: true });
    incremental = new NightlyDistrict(site.origin, UNITS, { linkCheckCount: 3, fullRereadDays: 3 });
    perNight = tempDb();
    const loaded = incremental.loaded();
    const night = async (day: string, unitId?: string) => {
      await incremental.night(day, unitId);
      await nightPerRow(perNight.db, loaded, day, unitId);
    };
    const [d1, d2, d3, d4, d5, d6, d7, d8, d9] = NIGHTS;
    await night(d1);
    await night(d2);
    // A new item whose page is missing: checked the night it appears, and every night until it opens.
    site.columns.get('/u1/news/')!.items.unshift({ file: 'tnews8.html', title: '新闻信息8', date: d3 });
    site.broken.add('/u1/news/tnews8.html');
    await night(d3);
    await night(d4);
    site.broken.clear();
    site.down.add('/u2/news/');
    await night(d5);
    site.down.clear();
    await night(d6);
    // The office reruns one unit the same day.
    await night(d6, 'u1');
    site.columns.get('/u1/notice/')!.items.unshift({ file: 'tnotice5.html', title: '公告信息5', date: d7 });
    await night(d7);
    await night(d8);
    await night(d9);

    const facts = (db: Db) => loadDistrictFacts(db, loaded.config, d9).facts.columns;
    expect(facts(incremental.db)).toEqual(facts(perNight.db));
    for (const asOf of ['2026-11-19', ...NIGHTS]) expect(scoreFrom(incremental.db, loaded, asOf), asOf).toEqual(scoreFrom(perNight.db, loaded, asOf));
    // The history really holds changes: a broken link on d3–d4, an unreachable night, a rerun.
    const u1News = facts(incremental.db).get('u1')!.get('工作动态')!.observations;
    expect(u1News.map((o) => [seenDates(o), o.failedLinks.map((l) => l.statusCode)])).toEqual([
      [[d1, d2], []], [[d3, d4], [404]], [[d5, d6, d6, d7, d8, d9], []],
    ]);
    expect(facts(incremental.db).get('u2')!.get('工作动态')!.observations.map((o) => [o.status, seenDates(o).length])).toEqual([
      ['ok', 4], ['unreachable', 1], ['ok', 4],
    ]);
    expect(rowCount(perNight.db)).toBe(NIGHTS.length * 3 + 2);
    expect(rowCount(incremental.db)).toBe(8);

    // The same per-night rows collapsed by migration 009's compaction.
    const copy = join(perNight.dir, 'compacted.sqlite');
    perNight.db.exec(`VACUUM INTO '${copy}'`);
    const compacted = new Database(copy);
    try {
      compacted.transaction(() => compactObservations(compacted))();
      expect(rowCount(compacted)).toBe(8);
      expect(facts(compacted)).toEqual(facts(perNight.db));
      expect(scoreFrom(compacted, loaded, d9)).toEqual(scoreFrom(perNight.db, loaded, d9));
    } finally {
      compacted.close();
    }
  });
});
