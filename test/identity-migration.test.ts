import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrations } from '../src/store/migrations/index.js';
import { openDb, type Db } from '../src/store/db.js';
import { ColumnRegistry } from '../src/store/column-registry.js';
import { loadDistrictFacts } from '../src/store/district-facts.js';
import { seenDates, type ColumnFacts } from '../src/scoring/platform-facts.js';
import { deriveColumnId } from '../src/identity/keys.js';
import { configSchema, unitSchema, type UnitConfig } from '../src/config/schema.js';

const dirs: string[] = [];

/** The scoring snapshot's facts of one unit's columns, as `zwgk score` loads them. */
function columnFacts(db: Db, unit: UnitConfig, upTo: string): Map<string, ColumnFacts> {
  const config = configSchema.parse({ district: { name: '测试区', period: { start: '2026-01-01', end: '2026-12-31' }, scheme: 's.yaml' }, units: [unit] });
  return loadDistrictFacts(db, config, upTo).facts.columns.get(unit.id) ?? new Map();
}
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/**
 * A database as the code before migration 006 left it: every other migration up to 008 applied (007 shipped
 * first; 009 and later build on 006's schema) and rows keyed by column name and full URL.
 */
function oldDatabase(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-migrate-'));
  dirs.push(dir);
  const file = join(dir, 'zwgk.sqlite');
  const db = new Database(file);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of migrations.filter((m) => m.version !== 6 && m.version <= 8)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-01-01T00:00:00Z');
  }
  const days = ['2026-11-01', '2026-11-02', '2026-11-03'];
  days.forEach((day, i) => db.prepare(`INSERT INTO runs VALUES (?, ?, ?, ?, 'done', NULL)`).run(i + 1, day, `${day}T00:00:00Z`, `${day}T01:00:00Z`));
  const obs = db.prepare(`INSERT INTO column_observations (run_id, unit_id, column_name, observed_on, observed_at, entry_url, final_url,
    status, item_count, undated_count, future_count, pages_fetched, list_end) VALUES (?, 'u', ?, ?, ?, ?, ?, 'ok', 2, 0, 0, 1, 'end')`);
  // 工作动态 is renamed 新闻动态 on night 2 and its site moves to https://b.example on night 3;
  // 通知公告's path changes on night 2 (a new column).
  const nights: [number, string, string][] = [
    [1, '工作动态', 'http://a.example/gzdt/'], [1, '通知公告', 'http://a.example/tzgg/'],
    [2, '新闻动态', 'http://a.example/gzdt/'], [2, '通知公告', 'http://a.example/tzgg2/'],
    [3, '新闻动态', 'https://b.example/gzdt/'], [3, '通知公告', 'http://a.example/tzgg2/'],
  ];
  for (const [run, name, url] of nights) obs.run(run, name, days[run - 1], `${days[run - 1]}T00:30:00Z`, url, url);
  const item = db.prepare(`INSERT INTO items (unit_id, column_name, item_key, title, url, published, pinned, first_seen, last_seen,
    first_run, last_run, evidence_hash) VALUES ('u', ?, ?, ?, ?, '2026-10-01', 0, ?, ?, ?, ?, ?)`);
  const items: [string, string, string, number, number][] = [
    ['工作动态', 'http://a.example/gzdt/t1.html', '旧标题', 1, 1],
    ['新闻动态', 'http://a.example/gzdt/t1.html', '旧标题', 2, 2],
    ['新闻动态', 'https://b.example/gzdt/t1.html', '新标题', 3, 3],
    ['工作动态', 'http://wx.invalid/s/1', '公众号', 1, 1],
    ['新闻动态', 'http://wx.invalid/s/1', '公众号', 2, 3],
    ['通知公告', 'http://a.example/tzgg/n1.html', '公告', 1, 1],
    ['通知公告', 'http://a.example/tzgg2/n1.html', '公告', 2, 3],
  ];
  for (const [name, url, title, first, last] of items) item.run(name, url, title, url, days[first - 1], days[last - 1], first, last, `ev${first}`);
  db.prepare(`INSERT INTO items (unit_id, column_name, item_key, title, url, pinned, first_seen, last_seen, first_run, last_run)
    VALUES ('u', '新闻动态', 'title:无链接', '无链接', NULL, 0, ?, ?, 2, 3)`).run(days[1], days[2]);
  const fetch = db.prepare(`INSERT INTO fetches (run_id, unit_id, column_name, purpose, url, outcome, elapsed_ms, fetched_at)
    VALUES (?, 'u', ?, 'list', ?, 'ok', 5, ?)`);
  for (const [run, name, url] of nights) fetch.run(run, name, url, days[run - 1]);
  db.prepare(`INSERT INTO link_checks (run_id, unit_id, column_name, url, outcome) VALUES (3, 'u', '新闻动态', 'https://b.example/gzdt/t1.html', 'http-4xx')`).run();
  db.close();
  return file;
}

const GZDT = deriveColumnId('/gzdt/');
const TZGG = deriveColumnId('/tzgg/');
const TZGG2 = deriveColumnId('/tzgg2/');

describe('migration 006 on a database of the old schema', () => {
  it('gives every row its column id: a rename and a site move keep one id, a changed path starts another', () => {
    const db: Db = openDb(oldDatabase());
    try {
      expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(migrations.map((m) => m.version).sort((a, b) => a - b));
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE name LIKE '%_005'`).all()).toEqual([]);
      expect(db.prepare('SELECT run_id, column_name, column_id FROM column_observations ORDER BY id').all()).toEqual([
        { run_id: 1, column_name: '工作动态', column_id: GZDT }, { run_id: 1, column_name: '通知公告', column_id: TZGG },
        { run_id: 2, column_name: '新闻动态', column_id: GZDT }, { run_id: 2, column_name: '通知公告', column_id: TZGG2 },
        { run_id: 3, column_name: '新闻动态', column_id: GZDT }, { run_id: 3, column_name: '通知公告', column_id: TZGG2 },
      ]);
      expect(db.prepare('SELECT run_id, column_id FROM fetches ORDER BY id').all()).toEqual([
        { run_id: 1, column_id: GZDT }, { run_id: 1, column_id: TZGG }, { run_id: 2, column_id: GZDT },
        { run_id: 2, column_id: TZGG2 }, { run_id: 3, column_id: GZDT }, { run_id: 3, column_id: TZGG2 },
      ]);
      expect(db.prepare('SELECT column_id, url FROM link_checks').all()).toEqual([{ column_id: GZDT, url: 'https://b.example/gzdt/t1.html' }]);
      // The item seen under two names and two origins is one row, first seen on night 1, as last shown.
      expect(db.prepare(`SELECT column_id, column_name, item_key, title, url, first_seen, last_seen, first_run, last_run, evidence_hash
        FROM items ORDER BY item_key`).all()).toEqual([
        { column_id: GZDT, column_name: '新闻动态', item_key: '//wx.invalid/s/1', title: '公众号', url: 'http://wx.invalid/s/1',
          first_seen: '2026-11-01', last_seen: '2026-11-03', first_run: 1, last_run: 3, evidence_hash: 'ev1' },
        { column_id: GZDT, column_name: '新闻动态', item_key: '/gzdt/t1.html', title: '新标题', url: 'https://b.example/gzdt/t1.html',
          first_seen: '2026-11-01', last_seen: '2026-11-03', first_run: 1, last_run: 3, evidence_hash: 'ev1' },
        expect.objectContaining({ column_id: TZGG, item_key: '/tzgg/n1.html', first_seen: '2026-11-01' }),
        expect.objectContaining({ column_id: TZGG2, item_key: '/tzgg2/n1.html', first_seen: '2026-11-02' }),
        expect.objectContaining({ column_id: GZDT, item_key: 'title:无链接', first_seen: '2026-11-02' }),
      ]);
      expect(db.prepare('SELECT column_id, url_key, host, name, source, merged_into, registered_on FROM column_registry ORDER BY registered_on, url_key').all()).toEqual([
        { column_id: GZDT, url_key: '/gzdt/', host: 'b.example', name: '新闻动态', source: 'derived', merged_into: null, registered_on: '2026-11-01' },
        { column_id: TZGG, url_key: '/tzgg/', host: 'a.example', name: '通知公告', source: 'derived', merged_into: null, registered_on: '2026-11-01' },
        { column_id: TZGG2, url_key: '/tzgg2/', host: 'a.example', name: '通知公告', source: 'derived', merged_into: null, registered_on: '2026-11-02' },
      ]);
    } finally {
      db.close();
    }
  });

  it('leaves history that the next crawl and the read path find: by URL, and under a config id added afterwards', () => {
    const file = oldDatabase();
    openDb(file).close();
    const db = openDb(file);
    try {
      expect(db.prepare('SELECT COUNT(*) FROM schema_migrations WHERE version = 6').pluck().get()).toBe(1);
      const unit = (id?: string) => unitSchema.parse({ id: 'u', name: '单位', type: 'town', columns: [
        { ...(id ? { id } : {}), name: '政务动态', url: 'https://b.example/gzdt/', category: 'news' },
        { name: '通知公告', url: 'http://a.example/tzgg2/', category: 'notice' },
      ] });
      const registry = new ColumnRegistry(db);
      expect(registry.resolve(unit()).columns.map((c) => c.columnId)).toEqual([GZDT, TZGG2]);
      expect(registry.resolve(unit('gzdt')).columns[0]).toMatchObject({ columnId: 'gzdt', storedIds: ['gzdt', GZDT] });
      const facts = columnFacts(db, unit('gzdt'), '2026-11-03');
      expect(facts.get('政务动态')?.observations.flatMap(seenDates)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
      expect(facts.get('政务动态')?.items).toHaveLength(3);
      expect(facts.get('政务动态')?.observations.at(-1)?.failedLinks).toEqual([expect.objectContaining({ url: 'https://b.example/gzdt/t1.html' })]);
      expect(facts.get('通知公告')?.observations.flatMap(seenDates)).toEqual(['2026-11-02', '2026-11-03']);
    } finally {
      db.close();
    }
  });
});
