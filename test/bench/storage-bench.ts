/**
 * Storage figures (a program that prints, not a test):
 *   tsx test/bench/storage-bench.ts deflate            deflate levels on the synthetic ~50 KB list pages: bytes saved vs CPU
 *   tsx test/bench/storage-bench.ts nights [N] [units]  N nights (default 120) of a units×30×3 district (default 5) where 5 % of
 *                                                      columns change each night: database size and what pruning removes per night
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';
import { configSchema } from '../../src/config/schema.js';
import { loadScheme, type LoadedConfig } from '../../src/config/load.js';
import { openDb, type Db } from '../../src/store/db.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { prune, retentionPolicy } from '../../src/store/retention.js';
import { SettableClock } from '../../src/time/clock.js';
import { addDays } from '../../src/time/dates.js';
import { serveSite, type RouteHandler } from '../../src/demo/site-server.js';
import { AS_OF, PERIOD_START, allPagePaths, columnsOf, listPage, unitId, type DistrictShape } from './synthetic-district.js';

const deflate = promisify(deflateRaw);

async function deflateLevels(): Promise<void> {
  const shape: DistrictShape = { units: 10, columns: 30, pages: 3 };
  const pages = [...allPagePaths(shape)].map((p) => Buffer.from(listPage(p.unit, p.column, p.page, shape)));
  const raw = pages.reduce((n, p) => n + p.length, 0);
  console.log(`${pages.length} distinct list pages, ${(raw / pages.length / 1024).toFixed(1)} KB each on average`);
  console.log('level  stored/page  ratio   process CPU ms/page  wall ms/page  inflate ms/page');
  // A warm-up pass, then each level three times in turn; the median of each is printed.
  await deflateAll(pages, 1);
  const runs = new Map<number, { bytes: number; cpuMs: number; wallMs: number; inflateMs: number }[]>();
  for (let round = 0; round < 3; round++) {
    for (const level of [1, 3, 6, 9]) runs.set(level, [...(runs.get(level) ?? []), await deflateAll(pages, level)]);
  }
  for (const [level, all] of runs) {
    const median = (f: (r: (typeof all)[number]) => number) => all.map(f).sort((a, b) => a - b)[1] / pages.length;
    console.log(`${String(level).padStart(5)}  ${(median((r) => r.bytes) / 1024).toFixed(2).padStart(8)} KB  ${(raw / pages.length / median((r) => r.bytes)).toFixed(2).padStart(5)}×`
      + `  ${median((r) => r.cpuMs).toFixed(3).padStart(19)}  ${median((r) => r.wallMs).toFixed(3).padStart(12)}  ${median((r) => r.inflateMs).toFixed(3).padStart(15)}`);
  }
}

async function deflateAll(pages: Buffer[], level: number): Promise<{ bytes: number; cpuMs: number; wallMs: number; inflateMs: number }> {
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

function districtConfig(shape: DistrictShape, origin: string, dataDir: string): LoadedConfig {
  const scheme = loadScheme(join(import.meta.dirname, '../../config/schemes/yanjiang-2021.yaml'));
  const config = configSchema.parse({
    district: { name: '存储测试区', period: { start: PERIOD_START, end: '2027-12-31' }, scheme: 's.yaml', dataDir },
    crawl: { allowPrivateHosts: ['127.0.0.1'], concurrencyPerHost: 8, linkCheckCount: 0, browser: { enabled: false } },
    units: Array.from({ length: shape.units }, (_, u) => ({
      id: unitId(u), name: `单位${u}`, type: 'town',
      columns: columnsOf(u, shape).map((c) => ({ name: c.name, url: `${origin}${c.path}index.html`, category: c.category })),
    })),
  });
  return { config, scheme, file: join(dataDir, 'district.yaml'), schemeFile: 's.yaml', dataDir };
}

function sizes(db: Db, file: string): string {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const free = (db.pragma('freelist_count', { simple: true }) as number) * pageSize;
  const rows = (t: string) => db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number;
  return `file ${(statSync(file).size / 1048576).toFixed(1)} MB (free ${(free / 1048576).toFixed(1)} MB)`
    + `  evidence ${rows('evidence')}  extractions ${rows('extractions')}  fetches ${rows('fetches')}  observations ${rows('column_observations')}`;
}

/** Bytes per table and index, largest first (SQLite's dbstat). */
function tableSizes(db: Db): string {
  const rows = db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 8').all() as { name: string; bytes: number }[];
  return rows.map((r) => `${r.name} ${(r.bytes / 1048576).toFixed(1)}`).join(', ');
}

async function nights(count: number, units: number): Promise<void> {
  const shape: DistrictShape = { units, columns: 30, pages: 3 };
  const versions = new Map<string, number>();
  const routes: Record<string, RouteHandler> = {};
  for (const p of allPagePaths(shape)) {
    routes[p.path] = (req, res) => {
      const version = versions.get(`${p.unit}/${p.column}`) ?? 1;
      const etag = `"${p.unit}-${p.column}-${p.page}-v${version}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag }).end(listPage(p.unit, p.column, p.page, shape, version));
    };
  }
  const site = await serveSite({ routes });
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-storage-bench-'));
  try {
    mkdirSync(join(dir, 'data'));
    const loaded = districtConfig(shape, site.origin, join(dir, 'data'));
    const file = join(dir, 'data', 'zwgk.sqlite');
    const db = openDb(file);
    // The synthetic lists are dated up to AS_OF: earlier nights would see them as future-dated.
    const first = AS_OF;
    const clock = new SettableClock(`${first}T18:00:00Z`);
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let night = 0; night < count; night++) {
      const asOf = addDays(first, night);
      clock.set(`${asOf}T18:00:00Z`);
      // A changed column: every list page shifts (a new item on top moves all the others down).
      if (night > 0) for (let k = 0; k < Math.round(units * 30 * 0.05); k++) {
        const key = `${Math.floor(random() * units)}/${Math.floor(random() * 30)}`;
        versions.set(key, (versions.get(key) ?? 1) + 1);
      }
      const summary = await runAudit(loaded, { db, clock, asOf });
      const p = summary.pruned;
      const removed = p ? `pruned: fetches ${p.fetches}, link checks ${p.linkChecks}, bodies ${p.evidence} (${(p.evidenceBytes / 1048576).toFixed(2)} MB), extractions ${p.extractions}` : '';
      if (night < 3 || night % 10 === 9 || (p && p.fetches + p.evidence > 0 && night % 10 === 0)) {
        // What one pruning pass costs when nothing is left to remove (building the set of bodies to keep dominates).
        const started = performance.now();
        prune(db, retentionPolicy(loaded.config), asOf, clock.now(), { dryRun: true });
        const pruneMs = (performance.now() - started).toFixed(0);
        console.log(`night ${String(night + 1).padStart(3)} ${asOf}  ${sizes(db, file)}  ${removed}  (a pass: ${pruneMs} ms)`);
      }
    }
    console.log(`per table after ${count} nights (MB): ${tableSizes(db)}`);
    db.close();
  } finally {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const [mode = 'deflate', ...args] = process.argv.slice(2);
if (mode === 'deflate') await deflateLevels();
else if (mode === 'nights') await nights(Number(args[0] ?? 120), Number(args[1] ?? 5));
else throw new Error(`unknown mode ${mode}: deflate | nights [N] [units]`);
