import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, type App } from '../src/app.js';
import { calendarFor } from '../src/calendar/app-calendar.js';
import { loadDistrictFacts } from '../src/store/district-facts.js';
import { ObservationsRepo } from '../src/store/observations-repo.js';
import { scoreDistrict } from '../src/scoring/score-district.js';
import type { ColumnObservation } from '../src/audit/observation.js';
import { addDays } from '../src/time/dates.js';
import { buildHistory } from './bench/history-district.js';
import { referenceColumnFacts } from './reference/district-facts-v1.js';
import { seenDates, type ColumnFacts } from '../src/scoring/platform-facts.js';

/**
 * The scoring path's loader, tuned for speed, against the loader as it was (test/reference/): the same
 * database through both gives the same facts and byte-identical scores, for every load date tried.
 */
const SHAPE = { units: 4, columns: 16, nights: 45, lastNight: '2026-03-20' };
const dir = mkdtempSync(join(tmpdir(), 'zwgk-facts-equivalence-'));
let app: App;

/** The facts with each observation's crawl dates as a list: how they are viewed may differ, not what they are. */
function listed(columns: Map<string, Map<string, ColumnFacts>>) {
  return new Map([...columns].map(([unitId, unit]) => [unitId, new Map([...unit].map(([name, f]) => [name, {
    observations: f.observations.map((o) => {
      const { crawlDates, seenFrom, seenTo, ...fact } = o;
      return { ...fact, seenOn: seenDates(o) };
    }),
    items: f.items,
  }]))]));
}

/** Scores as `zwgk score --json` prints them, from the facts either loader read. */
function scoresJson(columns: ReturnType<typeof referenceColumnFacts>, upTo: string, asOf: string): string {
  const { facts, manual } = loadDistrictFacts(app.db, app.loaded.config, upTo);
  const scores = scoreDistrict({ ...facts, columns }, app.loaded.scheme, calendarFor(app.loaded), manual, asOf);
  return JSON.stringify(scores.units, null, 2);
}

/** One crawl of a unit's first columns, saved as the nightly run saves it: a new item each time it is given one. */
function crawl(day: string, unitId: string, newest: string, status: ColumnObservation['status'] = 'ok'): void {
  const repo = new ObservationsRepo(app.db);
  const unit = app.loaded.config.units.find((u) => u.id === unitId)!;
  const resolution = repo.resolveColumns(unit);
  const run = repo.startRun(day, null, new Date(`${addDays(day, -1)}T18:00:00Z`));
  const observations = resolution.columns.slice(0, 2).map((r): ColumnObservation => ({
    columnId: r.columnId, columnName: r.column.name, entryUrl: r.column.url, status, items: status === 'ok'
      ? [{ title: `补测${newest}`, url: `${r.column.url}x${newest}.html`, date: newest, dateSource: 'list', pinned: false }] : [],
    undatedCount: 0, futureCount: 0, newest: status === 'ok' ? { date: newest, title: `补测${newest}`, url: `${r.column.url}x${newest}.html` } : undefined,
    pagesFetched: 1, listEnd: status === 'ok' ? 'end' : 'not-read', evidence: `e-${newest}-${status}`, findings: [], fetches: [], linkChecks: [],
  }));
  repo.saveUnit(run, unitId, day, new Date(`${addDays(day, -1)}T18:30:00Z`), observations, resolution);
  repo.finishRun(run, 'done', new Date(`${addDays(day, -1)}T19:00:00Z`));
}

beforeAll(async () => {
  const configFile = await buildHistory(dir, SHAPE);
  app = openApp(configFile);
  // After the year's nights: a rerun of one unit dated before its latest crawls (an office re-running a
  // missed night), an unreachable crawl, and a same-day rerun, so that rows are not in date order.
  crawl('2026-03-10', 'u001', '2026-03-09');
  crawl('2026-03-20', 'u001', '2026-03-19', 'unreachable');
  crawl('2026-03-20', 'u002', '2026-03-20');
}, 120_000);

afterAll(() => {
  app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the tuned facts loader', () => {
  const dates = ['2026-02-04', '2026-02-05', '2026-02-20', '2026-03-09', '2026-03-10', '2026-03-19', SHAPE.lastNight];

  it('reads the same facts as the reference loader, loaded up to any date', () => {
    for (const upTo of dates) {
      const reference = referenceColumnFacts(app.db, app.loaded.config, upTo);
      const tuned = loadDistrictFacts(app.db, app.loaded.config, upTo).facts.columns;
      expect(listed(tuned), upTo).toEqual(listed(reference));
      // Map order too (reports list columns in it).
      expect([...tuned.keys()], upTo).toEqual([...reference.keys()]);
      for (const [unit, columns] of reference) expect([...tuned.get(unit)!.keys()], `${upTo} ${unit}`).toEqual([...columns.keys()]);
    }
  });

  it('gives byte-identical scores, from one load as of earlier dates and from loads up to each date', () => {
    const upTo = SHAPE.lastNight;
    const reference = referenceColumnFacts(app.db, app.loaded.config, upTo);
    const tuned = loadDistrictFacts(app.db, app.loaded.config, upTo).facts.columns;
    for (const asOf of dates) expect(scoresJson(tuned, upTo, asOf), asOf).toBe(scoresJson(reference, upTo, asOf));
    for (const day of dates) {
      expect(scoresJson(loadDistrictFacts(app.db, app.loaded.config, day).facts.columns, day, day), day)
        .toBe(scoresJson(referenceColumnFacts(app.db, app.loaded.config, day), day, day));
    }
  });

  it('the history holds what the comparison needs: merged crawls, failed links, crawls out of date order', () => {
    const facts = loadDistrictFacts(app.db, app.loaded.config, SHAPE.lastNight).facts.columns;
    const all = [...facts.values()].flatMap((u) => [...u.values()]).flatMap((c) => c.observations);
    expect(all.some((o) => seenDates(o).length > 5)).toBe(true);
    expect(all.some((o) => o.failedLinks.length > 0)).toBe(true);
    expect(all.some((o) => o.status === 'unreachable')).toBe(true);
    const u001 = [...facts.get('u001')!.values()][0].observations.flatMap(seenDates);
    expect(u001.filter((d) => d === '2026-03-10').length).toBe(2);
    expect(u001.filter((d) => d === '2026-03-20').length).toBe(2);
    expect(u001).toEqual([...u001].sort());
  });
});
