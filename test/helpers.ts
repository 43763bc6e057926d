import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crawlSchema, type CrawlConfig } from '../src/config/schema.js';
import { openDb, type Db } from '../src/store/db.js';
import { EvidenceStore } from '../src/fetch/evidence-store.js';
import { HttpCache } from '../src/fetch/http-cache.js';
import { HttpFetcher } from '../src/fetch/http-fetcher.js';
import { SettableClock } from '../src/time/clock.js';
import { ExtractionCache } from '../src/audit/extraction-cache.js';
import type { ColumnCrawlDeps } from '../src/audit/crawl-column.js';
import { BrowserPool, browserPoolOptions } from '../src/fetch/browser-pool.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** A fresh SQLite file in a temp directory; `cleanup` removes it. */
export function tempDb(): { db: Db; dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-test-'));
  const file = join(dir, 'zwgk.sqlite');
  const db = openDb(file);
  return { db, dir, file, cleanup: () => { db.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** Test sites listen on 127.0.0.1, which is allowed explicitly like any private address. */
export function crawlConfig(overrides: Partial<CrawlConfig> = {}): CrawlConfig {
  return { ...crawlSchema.parse({}), retryBaseMs: 10, timeoutMs: 3000, allowPrivateHosts: ['127.0.0.1'], ...overrides };
}

export function makeFetcher(db: Db, overrides: Partial<CrawlConfig> = {}, clock = new SettableClock('2026-11-20T02:00:00Z')): HttpFetcher {
  return new HttpFetcher(crawlConfig(overrides), new EvidenceStore(db, () => clock.now()), new HttpCache(db), clock);
}

export function columnDeps(db: Db, fetcher: HttpFetcher, overrides: Partial<ColumnCrawlDeps> = {}): ColumnCrawlDeps {
  return {
    fetcher, extractions: new ExtractionCache(db), today: '2026-11-20', horizon: '2025-01-01',
    maxPages: 20, maxDetailFetches: 10, linkCheckCount: 0, sessionKey: 'test', columnId: 'test-column', ...overrides,
  };
}

/** A real Chromium pool as the nightly crawl builds it (127.0.0.1 allowed), its evidence in its own temp database. */
export function testBrowserPool(): { pool: BrowserPool; close: () => Promise<void> } {
  const evidenceDb = tempDb();
  const pool = new BrowserPool({ ...browserPoolOptions(crawlConfig()), timeoutMs: 15_000 }, new EvidenceStore(evidenceDb.db, () => new Date('2026-11-20T02:00:00Z')));
  return { pool, close: async () => { await pool.close(); evidenceDb.cleanup(); } };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `zwgk args…` from the sources in a child process, as a user would, and collects its output. */
export function runZwgk(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: resolve(import.meta.dirname, '..'), env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((r) => child.on('exit', (code) => r({ code, stdout, stderr })));
}
