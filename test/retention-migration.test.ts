import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrations } from '../src/store/migrations/index.js';
import { openDb } from '../src/store/db.js';
import { ExtractionsRepo } from '../src/store/extractions-repo.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/**
 * A database as the code before migration 010 left it after `nights` nights from `firstNight`: one
 * extraction per list body per night (the old layout), and a fetch log row per request per night.
 */
function databaseBefore010(firstNight: string, nights: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-migrate-010-'));
  dirs.push(dir);
  const file = join(dir, 'zwgk.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const m of migrations.filter((m) => m.version < 10)) {
    db.exec(m.sql);
    m.run?.(db);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-01-01T00:00:00Z');
  }
  const run = db.prepare(`INSERT INTO runs (id, as_of, started_at, finished_at, status) VALUES (?, ?, ?, ?, 'done')`);
  const fetch = db.prepare(`INSERT INTO fetches (run_id, unit_id, column_id, column_name, purpose, url, final_url, outcome, status_code,
    evidence_hash, elapsed_ms, fetched_at) VALUES (?, 'town-a', 'gzdt', '工作动态', ?, ?, ?, 'ok', 200, ?, 3, ?)`);
  const extraction = db.prepare('INSERT INTO extractions (key, json) VALUES (?, ?)');
  // An extraction is a few kilobytes of items: the old table held one per page per night.
  const json = JSON.stringify({ items: Array.from({ length: 25 }, (_, i) => ({ title: `第${i}条信息的标题`.repeat(4), date: '2026-01-01' })) });
  const start = Date.parse(`${firstNight}T00:00:00Z`);
  db.transaction(() => {
    for (let n = 0; n < nights; n++) {
      const day = new Date(start + n * 86_400_000).toISOString().slice(0, 10);
      run.run(n + 1, day, `${day}T02:00:00Z`, `${day}T03:00:00Z`);
      for (let p = 0; p < 30; p++) {
        const url = `http://a.example/gzdt/index_${p}.html`;
        fetch.run(n + 1, p === 29 ? 'detail' : 'list', url, url, `hash-${p}`, `${day}T02:10:00Z`);
        extraction.run(`${n}-${p}`, json);
      }
    }
  })();
  db.close();
  return file;
}

describe('migration 010', () => {
  it('drops the old extractions, removes the fetch log beyond 90 days before the newest run (not detail fetches) and compacts the file', () => {
    const file = databaseBefore010('2026-01-01', 200);
    const before = statSync(file).size;

    const db = openDb(file);
    try {
      expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBeGreaterThanOrEqual(10);
      expect(db.prepare('SELECT COUNT(*) FROM extractions').pluck().get()).toBe(0);
      // Newest run 2026-07-19: the log keeps 2026-04-20 on, and every detail fetch.
      const kept = db.prepare(`SELECT MIN(r.as_of) AS first, COUNT(*) AS n FROM fetches f JOIN runs r ON r.id = f.run_id
        WHERE f.purpose = 'list'`).get();
      expect(kept).toEqual({ first: '2026-04-20', n: 91 * 29 });
      expect(db.prepare(`SELECT COUNT(*) FROM fetches WHERE purpose = 'detail'`).pluck().get()).toBe(200);
      // The new layout works: one row per page.
      const repo = new ExtractionsRepo(db);
      const key = { shape: 'S1', finalUrl: 'http://a.example/gzdt/index.html', pageIndex: 0 };
      repo.put(key, { reader: '3:1', bodyHash: 'a', json: '{}' });
      repo.put(key, { reader: '3:1', bodyHash: 'b', json: '{"items":[]}' });
      expect(repo.get(key)).toEqual({ reader: '3:1', bodyHash: 'b', json: '{"items":[]}' });
      expect(db.prepare('SELECT COUNT(*) FROM extractions').pluck().get()).toBe(1);
    } finally {
      db.close();
    }
    // VACUUM gave the space back: the old extractions were nearly all of the file.
    const after = statSync(file).size;
    expect(after).toBeLessThan(before / 5);
  });

  it('leaves the fetch log of a database without runs alone, adds the indexes, and applies once', () => {
    const file = databaseBefore010('2026-01-01', 0);
    const db = openDb(file);
    try {
      expect(db.prepare('SELECT COUNT(*) FROM fetches').pluck().get()).toBe(0);
      expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('evidence_created', 'link_checks_unit')").pluck().get()).toBe(2);
    } finally {
      db.close();
    }
    // Opening again applies nothing.
    const again = openDb(file);
    expect(again.prepare('SELECT COUNT(*) FROM schema_migrations WHERE version = 10').pluck().get()).toBe(1);
    again.close();
  });
});
