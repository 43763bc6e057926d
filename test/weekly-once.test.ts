import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { SettableClock } from '../src/time/clock.js';
import { addDays } from '../src/time/dates.js';
import { scoreStored } from '../src/score-stored.js';
import { ObservationsRepo } from '../src/store/observations-repo.js';
import { loadDistrictFacts } from '../src/store/district-facts.js';
import { buildWeeklyBatch } from '../reports/weekly-batch.js';
import { REPORT_DAY, UNITS, weeklyDistrict, type WeeklyDistrict } from './weekly-fixture.js';

/** Nightly crawls of the last five weeks (one a week, the report day's included), so the trend spans a changing district. */
const NIGHTS = [35, 28, 21, 14, 9, 7, 1, 0].map((k) => addDays(REPORT_DAY, -k));

let district: WeeklyDistrict;
beforeAll(async () => {
  district = await weeklyDistrict();
  await district.crawl(NIGHTS);
}, 60_000);
afterAll(async () => {
  await district?.close();
});

/** The app every command gets, on a connection that records each statement SQLite runs. */
function recordingApp(statements: string[]): App {
  const loaded = loadConfig(district.configFile);
  const db = new Database(join(loaded.dataDir, 'zwgk.sqlite'), { readonly: true, verbose: (sql) => statements.push(String(sql)) });
  return { loaded, db, clock: new SettableClock(`${REPORT_DAY}T02:00:00Z`), close: () => db.close() };
}

describe('the weekly batch', () => {
  it('reads the district\'s facts once for this week, last week and the eight-week trend', async () => {
    const statements: string[] = [];
    const app = recordingApp(statements);
    try {
      const batch = await buildWeeklyBatch(app, REPORT_DAY);
      expect(batch.units.map((u) => u.report.unit.id)).toEqual(UNITS.map((u) => u.id));
      expect(batch.ctx.previousAsOf).toBe(addDays(REPORT_DAY, -7));
      expect(Math.max(...[...batch.ctx.trend.values()].map((t) => t.length))).toBeGreaterThanOrEqual(5);
      const reads = (table: string, of = statements) => of.filter((s) => new RegExp(`\\b(FROM|JOIN) ${table}\\b`).test(s)).length;
      // Exactly the statements of one load of the facts, however many dates were scored.
      const oneLoad: string[] = [];
      const single = recordingApp(oneLoad);
      try {
        loadDistrictFacts(single.db, single.loaded.config, REPORT_DAY);
      } finally {
        single.close();
      }
      for (const table of ['column_observations', 'items', 'link_checks', 'mailbox_letters', 'applications', 'manual_entries']) {
        expect(reads(table), table).toBe(reads(table, oneLoad));
        expect(reads(table), table).toBeGreaterThan(0);
      }
      // The probes of the week and the open content findings: one query each for the district, not one per unit.
      expect(reads('probes')).toBe(1);
      expect(reads('content_findings')).toBe(1);
    } finally {
      app.close();
    }
  });

  it('gives each trend point what scoring the district as of that date alone gives', async () => {
    const statements: string[] = [];
    const app = recordingApp(statements);
    try {
      const { ctx } = await buildWeeklyBatch(app, REPORT_DAY);
      const automatedNo = ctx.automatedItemNo;
      let compared = 0;
      for (const [unitId, points] of ctx.trend) {
        for (const point of points) {
          const alone = scoreStored(app, point.asOf).units.find((u) => u.id === unitId)!;
          const item = alone.items.find((i) => i.no === automatedNo)!;
          expect(point, `${unitId} as of ${point.asOf}`).toEqual({
            asOf: point.asOf, automated: alone.platform.score === null ? null : item.points, automatedMax: item.max,
            total: alone.total, provisional: alone.provisional,
          });
          compared++;
        }
        // This week's and last week's scores are the trend's last two points.
        expect(points.at(-1)!.total).toBe(ctx.now.get(unitId)!.total);
        expect(points.at(-2)!.total).toBe(ctx.previous.get(unitId)!.total);
      }
      expect(compared).toBeGreaterThanOrEqual(UNITS.length * 5);
      // The trend moves: scores of different weeks differ somewhere, so equal points are not an accident of a flat district.
      expect(new Set([...ctx.trend.values()].flat().map((p) => p.total)).size).toBeGreaterThan(2);
    } finally {
      app.close();
    }
  });
});
