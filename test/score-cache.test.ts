import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '../src/app.js';
import { SettableClock } from '../src/time/clock.js';
import { ManualEntriesRepo } from '../src/manual/entries-repo.js';
import { SCORE_CACHE_FILE } from '../src/score-cache.js';
import { scoreStored } from '../src/score-stored.js';
import { calendarFor } from '../src/calendar/app-calendar.js';
import { loadDistrictFacts } from '../src/store/district-facts.js';
import { scoreDistrict, type DistrictScores } from '../src/scoring/score-district.js';
import { scoringDataVersion } from '../src/store/data-version.js';
import { updateLedgerAfterRun } from '../src/findings/update-ledger.js';
import { CRAWL_DAYS, REPORT_DAY, weeklyDistrict, type WeeklyDistrict } from './weekly-fixture.js';

let district: WeeklyDistrict;
let app: App;
let cacheFile: string;

beforeAll(async () => {
  district = await weeklyDistrict();
  await district.crawl(CRAWL_DAYS.slice(0, 2));
  app = district.open(new SettableClock(`${REPORT_DAY}T02:00:00Z`));
  cacheFile = join(district.dir, SCORE_CACHE_FILE);
}, 60_000);

afterAll(async () => {
  app?.close();
  await district?.close();
});

/** What scoring the stored facts gives, without the cache. */
function computed(asOf: string, a: App = app): DistrictScores {
  const { facts, manual } = loadDistrictFacts(a.db, a.loaded.config, asOf);
  return scoreDistrict(facts, a.loaded.scheme, calendarFor(a.loaded), manual, asOf);
}

type Entry = { asOf: string; data: string; code: string; scores: { units: { id: string; name: string }[] } };
const readEntry = () => JSON.parse(readFileSync(cacheFile, 'utf8')) as Entry;
const writeEntry = (edit: (e: Entry) => void) => {
  const entry = readEntry();
  edit(entry);
  writeFileSync(cacheFile, JSON.stringify(entry));
};
/** Marks the cached scores so that a hit is told apart from a fresh computation. */
const MARK = '（缓存）';
const mark = () => writeEntry((e) => { e.scores.units[0].name = MARK; });
const asOf = CRAWL_DAYS[1];

describe('score cache', () => {
  it('keeps the scores in the data directory and gives back exactly what scoring gives, maps included', () => {
    rmSync(cacheFile, { force: true });
    const first = scoreStored(app, asOf);
    expect(existsSync(cacheFile)).toBe(true);
    expect(readEntry().asOf).toBe(asOf);
    const second = scoreStored(app, asOf);
    expect(second).toEqual(computed(asOf));
    expect(second).toEqual(first);
    expect(second.entries).toBeInstanceOf(Map);
  });

  it('is read while nothing changed, and only then', () => {
    scoreStored(app, asOf);
    mark();
    expect(scoreStored(app, asOf).units[0].name).toBe(MARK);
    expect(scoreStored(app, CRAWL_DAYS[0]).units[0].name).not.toBe(MARK);
    expect(readEntry().asOf).toBe(CRAWL_DAYS[0]);
  });

  it('holds the automated part only: a manual entry applies at once, without computing the facts again', () => {
    const before = scoreStored(app, asOf);
    mark();
    new ManualEntriesRepo(app.db).append([{
      schemeId: app.loaded.scheme.id, unitId: 'qingshan', itemNo: 5, value: { count: 2 }, evidence: '开放日照片',
      enteredBy: '李四', enteredAt: `${asOf}T01:00:00.000Z`, source: 'cli',
    }]);
    const after = scoreStored(app, asOf);
    expect(after.units[0].name).toBe(MARK);
    rmSync(cacheFile);
    expect(scoreStored(app, asOf)).toEqual(computed(asOf));
    expect({ ...after, units: after.units.map((u, i) => (i === 0 ? { ...u, name: app.loaded.config.units[0].name } : u)) }).toEqual(computed(asOf));
    const item5 = (s: DistrictScores) => s.units.find((u) => u.id === 'qingshan')!.items.find((i) => i.no === 5)!.points;
    expect(item5(before)).toBeNull();
    expect(item5(after)).toBe(10);
  });

  it('is stale after a night is crawled', async () => {
    scoreStored(app, asOf);
    mark();
    await district.crawl([CRAWL_DAYS[2]]);
    const after = scoreStored(app, asOf);
    expect(after.units[0].name).not.toBe(MARK);
    expect(after).toEqual(computed(asOf));
  });

  it('is stale when the config or the scoring code changed, or the file is not an entry', () => {
    scoreStored(app, asOf);
    mark();
    const renamed: App = { ...app, loaded: { ...app.loaded, config: { ...app.loaded.config, units: app.loaded.config.units.map((u, i) => (i === 0 ? { ...u, name: `${u.name}（新）` } : u)) } } };
    const other = scoreStored(renamed, asOf);
    expect(other.units[0].name).not.toBe(MARK);
    expect(other.units[0].name).toBe(`${app.loaded.config.units[0].name}（新）`);

    scoreStored(app, asOf);
    writeEntry((e) => { e.scores.units[0].name = MARK; e.code = 'other build'; });
    expect(scoreStored(app, asOf).units[0].name).not.toBe(MARK);

    writeFileSync(cacheFile, '{"format": 1, "scores": ');
    expect(scoreStored(app, asOf)).toEqual(computed(asOf));
    expect(readEntry().asOf).toBe(asOf);
  });

  it('is stale once retention removes failed link checks (scores show them)', () => {
    const run = app.db.prepare('SELECT run_id, unit_id, column_id FROM column_observations LIMIT 1').get() as { run_id: number; unit_id: string; column_id: string };
    app.db.prepare(`INSERT INTO link_checks (run_id, unit_id, column_id, column_name, url, title, outcome, status_code, list_evidence)
      VALUES (?, ?, ?, '工作动态', 'http://127.0.0.1/gone.html', '已删除的信息', 'http-error', 404, NULL)`).run(run.run_id, run.unit_id, run.column_id);
    const withCheck = scoringDataVersion(app.db);
    app.db.prepare("DELETE FROM link_checks WHERE outcome != 'ok'").run();
    expect(scoringDataVersion(app.db)).not.toBe(withCheck);
  });

  it('the ledger update after a night scores the district and so leaves the cache filled for that night', async () => {
    rmSync(cacheFile, { force: true });
    await district.crawl([CRAWL_DAYS[3]]);
    const runId = app.db.prepare('SELECT MAX(id) FROM runs').pluck().get() as number;
    updateLedgerAfterRun(app, runId);
    expect(readEntry().asOf).toBe(CRAWL_DAYS[3]);
    expect(readEntry().data).toBe(scoringDataVersion(app.db, { manual: false }));
    mark();
    expect(scoreStored(app, CRAWL_DAYS[3]).units[0].name).toBe(MARK);
  });

  it('a data directory that cannot be written just means no cache', () => {
    const elsewhere: App = { ...app, loaded: { ...app.loaded, dataDir: join(district.dir, 'missing') } };
    expect(scoreStored(elsewhere, asOf)).toEqual(computed(asOf));
    expect(existsSync(join(district.dir, 'missing'))).toBe(false);
  });
});
