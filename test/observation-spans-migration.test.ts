import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrations } from '../src/store/migrations/index.js';
import { openDb, type Db } from '../src/store/db.js';
import { loadDistrictFacts } from '../src/store/district-facts.js';
import { configSchema } from '../src/config/schema.js';
import { seenDates } from '../src/scoring/platform-facts.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

const DAYS = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'];
const config = configSchema.parse({
  district: { name: '测试区', period: { start: '2026-10-01', end: '2026-12-31' }, scheme: 's.yaml' },
  units: [{ id: 'u', name: '单位', type: 'town', columns: [
    { id: 'news', name: '工作动态', url: 'http://a.example/news/', category: 'news' },
    { id: 'notice', name: '通知公告', url: 'http://a.example/notice/', category: 'notice' },
  ] }],
});

/**
 * A database as the code before migration 009 left it, written with its SQL: one observation row per
 * column per run. Runs 1–5 are nights 1–5; run 6 reruns the unit on night 5.
 * - news: nights 1 and 3 the same, night 2 the same list with a link that failed; night 4 a new item,
 *   seen again on night 5 and by the rerun, the failed link again each time.
 * - notice: the same every night it was crawled, but not crawled on night 3 (removed from the config).
 */
function oldDatabase(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-spans-'));
  dirs.push(dir);
  const file = join(dir, 'zwgk.sqlite');
  const db = new Database(file);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of migrations.filter((m) => m.version < 9)) {
    db.exec(m.sql);
    m.run?.(db);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-01-01T00:00:00Z');
  }
  const runs: [number, string][] = [[1, DAYS[0]], [2, DAYS[1]], [3, DAYS[2]], [4, DAYS[3]], [5, DAYS[4]], [6, DAYS[4]]];
  const obs = db.prepare(`INSERT INTO column_observations (run_id, unit_id, column_id, column_name, observed_on, observed_at, entry_url, final_url,
    shape, status, item_count, undated_count, future_count, newest_date, pages_fetched, evidence_hash, findings_json, list_end)
    VALUES (?, 'u', ?, ?, ?, ?, ?, ?, 'S1', 'ok', ?, 0, 0, ?, 1, ?, '[]', 'end')`);
  const link = db.prepare(`INSERT INTO link_checks (run_id, unit_id, column_id, column_name, url, title, outcome, status_code, list_evidence)
    VALUES (?, 'u', 'news', '工作动态', ?, ?, ?, ?, ?)`);
  const item = db.prepare(`INSERT INTO items (unit_id, column_id, column_name, item_key, title, url, published, pinned, first_seen, last_seen,
    first_run, last_run, evidence_hash) VALUES ('u', ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`);
  for (const [runId, day] of runs) {
    db.prepare(`INSERT INTO runs VALUES (?, ?, ?, ?, 'done', ?)`).run(runId, day, `${day}T00:00:00Z`, `${day}T01:00:00Z`, runId === 6 ? 'u' : null);
    db.prepare('INSERT INTO run_units (run_id, unit_id, finished_at) VALUES (?, ?, ?)').run(runId, 'u', `${day}T00:40:00Z`);
    const changed = runId >= 4;
    const evidence = changed ? 'ev-news-2' : 'ev-news-1';
    obs.run(runId, 'news', '工作动态', day, `${day}T00:30:00Z`, 'http://a.example/news/', 'http://a.example/news/', changed ? 3 : 2,
      changed ? '2026-11-04' : '2026-10-20', evidence);
    if (runId !== 3) {
      obs.run(runId, 'notice', '通知公告', day, `${day}T00:30:00Z`, 'http://a.example/notice/', 'http://a.example/notice/', 1, '2026-10-10', 'ev-notice');
    }
    link.run(runId, 'http://a.example/news/t2.html', '新闻二', 'ok', 200, evidence);
    if (runId === 2 || changed) link.run(runId, 'http://a.example/news/t1.html', '新闻一', 'http-4xx', 404, evidence);
  }
  item.run('news', '工作动态', 'a.example/news/t1.html', '新闻一', 'http://a.example/news/t1.html', '2026-10-01', DAYS[0], DAYS[4], 1, 6, 'ev-news-1');
  item.run('news', '工作动态', 'a.example/news/t2.html', '新闻二', 'http://a.example/news/t2.html', '2026-10-20', DAYS[0], DAYS[4], 1, 6, 'ev-news-1');
  item.run('news', '工作动态', 'a.example/news/t3.html', '新闻三', 'http://a.example/news/t3.html', '2026-11-04', DAYS[3], DAYS[4], 4, 6, 'ev-news-2');
  item.run('notice', '通知公告', 'a.example/notice/n1.html', '公告一', 'http://a.example/notice/n1.html', '2026-10-10', DAYS[0], DAYS[4], 1, 6, 'ev-notice');
  db.close();
  return file;
}

/** The same old database given migration 009's new columns only: every row still one night. */
function perNightRows(file: string): Db {
  const db = new Database(file);
  const m = migrations.find((m) => m.version === 9)!;
  db.exec(m.sql);
  db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-01-01T00:00:00Z');
  db.close();
  return openDb(file);
}

const facts = (db: Db, upTo: string) => loadDistrictFacts(db, config, upTo).facts.columns.get('u')!;

describe('migration 009', () => {
  it('collapses consecutive rows that saw the same into spans, keeping the facts, items and failed links as they were', () => {
    const before = perNightRows(oldDatabase());
    const db = openDb(oldDatabase());
    try {
      expect(db.prepare('SELECT column_id, run_id, last_run_id, observed_on, last_observed_on FROM column_observations ORDER BY column_id, id').raw().all())
        .toEqual([
          ['news', 1, 1, DAYS[0], DAYS[0]], ['news', 2, 2, DAYS[1], DAYS[1]], ['news', 3, 3, DAYS[2], DAYS[2]], ['news', 4, 6, DAYS[3], DAYS[4]],
          // Night 3 was not crawled: the rows stay apart (the loader still merges what they saw).
          ['notice', 1, 2, DAYS[0], DAYS[1]], ['notice', 4, 6, DAYS[3], DAYS[4]],
        ]);
      expect(before.prepare('SELECT COUNT(*) FROM column_observations').pluck().get()).toBe(11);
      for (const upTo of DAYS) expect(facts(db, upTo), upTo).toEqual(facts(before, upTo));
      const all = facts(db, DAYS[4]);
      expect(all.get('工作动态')!.observations.map((o) => [seenDates(o), o.failedLinks.map((l) => l.url)])).toEqual([
        [[DAYS[0]], []], [[DAYS[1]], ['http://a.example/news/t1.html']], [[DAYS[2]], []],
        [[DAYS[3], DAYS[4], DAYS[4]], ['http://a.example/news/t1.html']],
      ]);
      expect(all.get('通知公告')!.observations.map(seenDates)).toEqual([[DAYS[0], DAYS[1], DAYS[3], DAYS[4], DAYS[4]]]);
      expect(all.get('工作动态')!.items.map((i) => [i.title, i.firstSeen, i.lastSeen])).toEqual([
        ['新闻一', DAYS[0], DAYS[4]], ['新闻二', DAYS[0], DAYS[4]], ['新闻三', DAYS[3], DAYS[4]],
      ]);
    } finally {
      db.close();
      before.close();
    }
  });
});
