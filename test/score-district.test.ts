import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { loadScheme } from '../src/config/load.js';
import { WorkCalendar } from '../src/calendar/work-calendar.js';
import type { ColumnObservation, LinkCheck, ListEnd } from '../src/audit/observation.js';
import { ObservationsRepo } from '../src/store/observations-repo.js';
import { ManualEntriesRepo } from '../src/manual/entries-repo.js';
import { loadDistrictFacts } from '../src/store/district-facts.js';
import { scoreDistrict } from '../src/scoring/score-district.js';
import { SCHEME_2021 } from './assessment-helpers.js';
import { tempDb } from './helpers.js';
import { seenDates } from '../src/scoring/platform-facts.js';

const config = configSchema.parse({
  district: { name: '测试区', period: { start: '2026-01-01', end: '2026-12-31' }, scheme: 'scheme.yaml' },
  units: [
    { id: 'jia', name: '甲镇', type: 'town', columns: [
      { name: '工作动态', url: 'http://127.0.0.1:9/jia/news/', category: 'news' },
      { name: '通知公告', url: 'http://127.0.0.1:9/jia/notice/', category: 'notice' },
    ] },
    { id: 'yi', name: '乙局', type: 'department', columns: [{ name: '工作动态', url: 'http://127.0.0.1:9/yi/news/', category: 'news' }] },
  ],
});
const scheme = loadScheme(SCHEME_2021);
const CRAWLS = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-10', '2026-03-17'];

/** Column ids as the nightly run resolves them (stable ids derived from the config URLs). */
const columnIds = (unitId: string, repo: ObservationsRepo) =>
  new Map(repo.resolveColumns(config.units.find((u) => u.id === unitId)!).columns.map((c) => [c.column.name, c.columnId]));
let ids: Map<string, Map<string, string>>;

function column(name: string, dates: string[], listEnd: ListEnd, linkChecks: LinkCheck[] = [], unitId = 'jia'): ColumnObservation {
  const items = dates.map((date) => ({ title: `${name}${date}`, url: `http://127.0.0.1:9/${encodeURIComponent(name)}/${date}.html`, date, dateSource: 'list' as const, pinned: false }));
  const newest = items.at(-1);
  return {
    columnId: ids.get(unitId)!.get(name)!, columnName: name, entryUrl: 'http://127.0.0.1:9/', status: 'ok', items, undatedCount: 0, futureCount: 0,
    newest: newest && { date: newest.date, title: newest.title, url: newest.url }, pagesFetched: 1, listEnd,
    evidence: `hash-${name}-${newest?.date}`, findings: [], fetches: [], linkChecks,
  };
}

let t: ReturnType<typeof tempDb>;
beforeEach(() => {
  t = tempDb();
  const repo = new ObservationsRepo(t.db);
  ids = new Map(['jia', 'yi'].map((u) => [u, columnIds(u, repo)]));
  for (const day of CRAWLS) {
    const run = repo.startRun(day, null, new Date(`${day}T18:00:00Z`));
    // 工作动态 gains an item on 03-08; a link fails on 03-17 only. 通知公告 never changes.
    const news = ['2026-02-10', '2026-02-25', ...(day >= '2026-03-08' ? ['2026-03-08'] : [])];
    const broken = day === '2026-03-17' ? [{ url: 'http://127.0.0.1:9/gone.html', title: '已删除', outcome: 'http-4xx' as const, status: 404 }] : [];
    repo.saveUnit(run, 'jia', day, new Date(`${day}T18:00:00Z`), [column('工作动态', news, 'end', broken), column('通知公告', ['2025-11-01'], 'page-cap')]);
    repo.saveUnit(run, 'yi', day, new Date(`${day}T18:00:00Z`), [column('工作动态', ['2026-01-20'], 'end', [], 'yi')]);
    repo.finishRun(run, 'done', new Date(`${day}T19:00:00Z`));
  }
  // A letter to 甲镇 submitted 03-02, whose reply (dated 03-04) was first seen on 03-10.
  const letter = t.db.prepare(`INSERT INTO mailbox_letters (mailbox_id, letter_key, title, handler, letter_type, status, submitted_at,
      replied_at, reply_hash, list_fingerprint, first_seen, last_listed)
    VALUES ('mayor', 'k1', '关于路灯的咨询', '甲镇', 'consultation', 'answered', '2026-03-02 10:00:00', '2026-03-04 09:00:00', 'r', 'f', '2026-03-02', '2026-03-17')`).run();
  t.db.prepare(`INSERT INTO mailbox_letter_events (letter_id, observed_on, kind, replied_before, replied_after)
    VALUES (?, '2026-03-10', 'reply-appeared', NULL, '2026-03-04 09:00:00')`).run(letter.lastInsertRowid);
  t.db.prepare(`INSERT INTO applications (code, unit_name, received_on, correction, extended, replied_on, first_import, last_import, source_row)
    VALUES ('YS-1', '乙局', '2026-02-02', 0, 0, '2026-02-06', 1, 1, 2)`).run();
  new ManualEntriesRepo(t.db).append([
    { schemeId: scheme.id, unitId: 'jia', itemNo: 5, value: { count: 1 }, evidence: null, enteredBy: '张三', enteredAt: '2026-03-05T02:00:00.000Z', source: 'cli' },
    { schemeId: scheme.id, unitId: 'jia', itemNo: 6, value: { count: 3 }, evidence: null, enteredBy: '张三', enteredAt: '2027-01-05T02:00:00.000Z', source: 'cli' },
  ]);
});
afterEach(() => t.cleanup());

const score = (snapshot: ReturnType<typeof loadDistrictFacts>, asOf: string, calendar = new WorkCalendar()) =>
  scoreDistrict(snapshot.facts, scheme, calendar, snapshot.manual, asOf);

describe('scoreDistrict: one pure function of a loaded snapshot', () => {
  it('gives equal results for the same snapshot scored twice, and for a structuredClone of it', () => {
    const snapshot = loadDistrictFacts(t.db, config, '2026-03-17');
    const untouched = structuredClone(snapshot);
    const first = score(snapshot, '2026-03-17');
    expect(score(snapshot, '2026-03-17')).toEqual(first);
    expect(snapshot).toEqual(untouched);
    expect(score(untouched, '2026-03-17')).toEqual(first);
    expect(first.units.map((u) => u.id)).toEqual(['jia', 'yi']);
    expect(first.units[0].platform.columns[0].brokenLinks).toEqual([expect.objectContaining({ url: 'http://127.0.0.1:9/gone.html', status: 404 })]);
  });

  it('scores every earlier date from one load exactly as a load up to that date does', () => {
    const snapshot = loadDistrictFacts(t.db, config, '2026-03-17');
    for (const asOf of ['2026-02-28', ...CRAWLS, '2026-03-12']) {
      expect(score(snapshot, asOf), asOf).toEqual(score(loadDistrictFacts(t.db, config, asOf), asOf));
    }
    // The history is really there: the 03-08 item is unknown on 03-03, the broken link only on 03-17.
    const news = (asOf: string) => score(snapshot, asOf).units[0].platform.columns[0];
    expect(news('2026-03-03')).toMatchObject({ newestDate: '2026-02-25', brokenLinks: [] });
    expect(news('2026-03-10')).toMatchObject({ newestDate: '2026-03-08', brokenLinks: [] });
    // The letter's reply was first seen on 03-10: as of 03-03 it is open (1 working day), later on time.
    const letter = (asOf: string) => score(snapshot, asOf).units[0].mailbox.letters[0];
    expect(letter('2026-03-03')).toMatchObject({ status: 'open', replied: null });
    expect(letter('2026-03-10')).toMatchObject({ status: 'on-time', replied: '2026-03-04' });
  });

  it('refuses a date later than the facts were loaded for', () => {
    const snapshot = loadDistrictFacts(t.db, config, '2026-03-10');
    expect(() => score(snapshot, '2026-03-11')).toThrow('facts were loaded up to 2026-03-10; cannot score as of 2026-03-11');
  });

  it('stores consecutive crawls that saw the same thing as one observation', () => {
    const { facts } = loadDistrictFacts(t.db, config, '2026-03-17');
    const seen = (unit: string, name: string) => facts.columns.get(unit)!.get(name)!.observations.map(seenDates);
    // 工作动态 changed on 03-10 (a new item) and on 03-17 (a link failed).
    expect(seen('jia', '工作动态')).toEqual([['2026-03-01', '2026-03-02', '2026-03-03'], ['2026-03-10'], ['2026-03-17']]);
    expect(seen('jia', '通知公告')).toEqual([CRAWLS]);
    expect(facts.columns.get('jia')!.get('工作动态')!.items.map((i) => i.published)).toEqual(['2026-02-10', '2026-02-25', '2026-03-08']);
  });

  it('uses a manual entry from the day it was entered, and every entry once the period is over', () => {
    const snapshot = loadDistrictFacts(t.db, config, '2026-12-31');
    const item = (asOf: string, no: number) => score(snapshot, asOf).units[0].items.find((i) => i.no === no)!;
    // Item 5 was entered on 03-05 (10:00 in Shanghai): pending before, 7 points (one 开放日) from that day.
    expect(item('2026-03-04', 5)).toMatchObject({ status: 'pending', points: null });
    expect(item('2026-03-05', 5)).toMatchObject({ status: 'scored', points: 7 });
    // Item 6 was entered in January 2027, after the period: it counts at the period's end only.
    expect(item('2026-12-30', 6)).toMatchObject({ status: 'pending' });
    expect(item('2026-12-31', 6)).toMatchObject({ status: 'scored', points: 5 });
  });
});
