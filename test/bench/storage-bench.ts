/**
 * Storage figures (a program that prints, not a test; a year of real nights is nights-bench.ts `--year`):
 *   tsx test/bench/storage-bench.ts deflate              deflate levels on the synthetic ~48 KB list pages: bytes saved vs CPU
 *   tsx test/bench/storage-bench.ts prune [units] [days]  what a pruning pass costs on a database holding `days` nights of
 *                                                        fetch log for `units` × 30 columns (default 50 units, 120 nights),
 *                                                        first the pass that removes the backlog, then a few ordinary nights
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';
import { openDb, type Db } from '../../src/store/db.js';
import { tableSizes } from '../../src/store/db-stats.js';
import { prune, type RetentionPolicy } from '../../src/store/retention.js';
import { addDays } from '../../src/time/dates.js';
import { listPage, type DistrictShape } from './synthetic-district.js';

const deflate = promisify(deflateRaw);

interface LevelRun { bytes: number; cpuMs: number; wallMs: number; inflateMs: number }

async function deflateLevels(): Promise<void> {
  const shape: DistrictShape = { units: 10, columns: 30, pages: 3 };
  const pages: Buffer[] = [];
  for (let u = 0; u < shape.units; u++) {
    for (let c = 0; c < shape.columns; c++) for (let p = 0; p < shape.pages; p++) pages.push(Buffer.from(listPage(u, c, p, shape)));
  }
  const raw = pages.reduce((n, p) => n + p.length, 0);
  console.log(`${pages.length} distinct list pages, ${(raw / pages.length / 1024).toFixed(1)} KB each on average; median of 3 rounds`);
  console.log('level  stored/page  ratio   process CPU ms/page  wall ms/page  inflate ms/page');
  // A warm-up pass, then each level three times in turn.
  await deflateAll(pages, 1);
  const runs = new Map<number, LevelRun[]>();
  for (let round = 0; round < 3; round++) {
    for (const level of [1, 3, 6, 9]) runs.set(level, [...(runs.get(level) ?? []), await deflateAll(pages, level)]);
  }
  for (const [level, all] of runs) {
    const median = (f: (r: LevelRun) => number) => all.map(f).sort((a, b) => a - b)[1] / pages.length;
    console.log(`${String(level).padStart(5)}  ${(median((r) => r.bytes) / 1024).toFixed(2).padStart(8)} KB  ${(raw / pages.length / median((r) => r.bytes)).toFixed(2).padStart(5)}×`
      + `  ${median((r) => r.cpuMs).toFixed(3).padStart(19)}  ${median((r) => r.wallMs).toFixed(3).padStart(12)}  ${median((r) => r.inflateMs).toFixed(3).padStart(15)}`);
  }
}

async function deflateAll(pages: Buffer[], level: number): Promise<LevelRun> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const stored: Buffer[] = [];
  // Eight at a time, as the crawl's evidence writes overlap.
  for (let i = 0; i < pages.length; i += 8) stored.push(...await Promise.all(pages.slice(i, i + 8).map((p) => deflate(p, { level }))));
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const inflateStart = performance.now();
  for (const s of stored) inflateRawSync(s);
  const inflateMs = performance.now() - inflateStart;
  return { bytes: stored.reduce((n, s) => n + s.length, 0), cpuMs: (used.user + used.system) / 1000, wallMs, inflateMs };
}

const POLICY: RetentionPolicy = { evidenceDays: 90, fetchLogDays: 90, appealWindowDays: 60, periodStart: '2026-01-01' };
const FIRST = '2026-01-01';

/**
 * A database as incremental nights leave it: every list page's body stored once and named by the
 * cache, one conditional request (a 304) per column per night in the log, a new body for 5 % of the
 * columns each night (downloaded, then named by the cache until it changes again).
 */
function nightsOfLog(db: Db, columns: number, from: number, to: number, current: string[]): void {
  const run = db.prepare(`INSERT INTO runs (id, as_of, started_at, finished_at, status) VALUES (?, ?, ?, ?, 'done')`);
  const fetch = db.prepare(`INSERT INTO fetches (run_id, unit_id, column_id, column_name, purpose, url, final_url, outcome, status_code,
    evidence_hash, elapsed_ms, fetched_at) VALUES (?, ?, ?, '工作动态', 'list', ?, ?, 'ok', ?, ?, 3, ?)`);
  const body = db.prepare(`INSERT INTO evidence (hash, size, content_type, body, created_at) VALUES (?, 48000, 'text/html', ?, ?)`);
  const cache = db.prepare(`INSERT INTO http_cache (request_key, evidence_hash, final_url) VALUES (?, ?, ?)
    ON CONFLICT (request_key) DO UPDATE SET evidence_hash = excluded.evidence_hash`);
  const stored = Buffer.alloc(5400, 7);
  for (let n = from; n < to; n++) {
    const day = addDays(FIRST, n);
    db.transaction(() => {
      run.run(n + 1, day, `${day}T18:00:00Z`, `${day}T18:10:00Z`);
      for (let c = 0; c < columns; c++) {
        const url = `http://zwgk.example.gov.cn/u${Math.floor(c / 30)}/c${c % 30}/index.html`;
        const changed = n === 0 || (c * 7919 + n * 104729) % 20 === 0;
        if (changed) {
          current[c] = `${String(n).padStart(4, '0')}${String(c).padStart(60, '0')}`;
          body.run(current[c], stored, `${day}T18:05:00Z`);
          cache.run(url, current[c], url);
        }
        fetch.run(n + 1, `u${Math.floor(c / 30)}`, `c${c % 30}`, url, url, changed ? 200 : 304, current[c], `${day}T18:05:00Z`);
      }
    })();
  }
}

function pruneCost(units: number, days: number): void {
  const columns = units * 30;
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-storage-bench-'));
  const db = openDb(join(dir, 'zwgk.sqlite'));
  try {
    const current: string[] = [];
    nightsOfLog(db, columns, 0, days, current);
    console.log(`${units} units × 30 columns, ${days} nights of log; retention ${JSON.stringify(POLICY)}`);
    for (let n = days; n < days + 6; n++) {
      if (n > days) nightsOfLog(db, columns, n - 1, n, current);
      const today = addDays(FIRST, n);
      const started = performance.now();
      const removed = prune(db, POLICY, today, new Date(`${today}T18:30:00Z`));
      const ms = performance.now() - started;
      console.log(`  ${today}: ${ms.toFixed(0).padStart(5)} ms  removed ${removed.fetches} log rows, ${removed.evidence} bodies `
        + `(${(removed.evidenceBytes / 1048576).toFixed(1)} MB), ${removed.linkChecks} link checks, ${removed.extractions} extractions`);
    }
    const sizes = tableSizes(db).slice(0, 8).map((t) => `${t.name} ${(t.bytes / 1048576).toFixed(1)}`).join(', ');
    console.log(`  largest tables and indexes (MB): ${sizes}`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const [mode = 'deflate', ...args] = process.argv.slice(2);
if (mode === 'deflate') await deflateLevels();
else if (mode === 'prune') pruneCost(Number(args[0] ?? 50), Number(args[1] ?? 120));
else throw new Error(`unknown mode ${mode}: deflate | prune [units] [days]`);
