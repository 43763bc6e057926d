/**
 * Crawl benchmark (not a test): `npm run bench [-- --units N] [--skip-large] [--large-units N] [--first-only]`.
 *
 * Serves a synthetic district (S1 pages of ~50 KB) from a forked process on 127.0.0.1 and runs the real
 * audit into a real SQLite file: a first run, a second unchanged run (conditional requests), then a
 * large district in a fresh database. Prints throughput, CPU per page, memory and the server's view of
 * per-host concurrency, and checks them against the targets.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { configSchema } from '../../src/config/schema.js';
import { loadScheme, type LoadedConfig } from '../../src/config/load.js';
import { openDb, type Db } from '../../src/store/db.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { systemClock } from '../../src/time/clock.js';
import type { Scheme } from '../../src/scheme/schema.js';
import { AS_OF, PERIOD_START, ITEMS_PER_PAGE, columnsOf, unitId, type DistrictShape } from './synthetic-district.js';
import type { ServerCommand, ServerStats } from './bench-server.js';

const CONCURRENCY_PER_HOST = 8;
const TARGET_PAGES_PER_S = 500;
const TARGET_LARGE_RSS_MB = 200;
const TARGET_UNCHANGED_SPEEDUP = 3;

interface Args {
  units: number;
  largeUnits: number;
  skipLarge: boolean;
  /** Only the first run of the small district. */
  firstOnly: boolean;
  /** Directory for one V8 CPU profile per run (open in Chrome DevTools). */
  profileDir?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { units: 50, largeUnits: 500, skipLarge: false, firstOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--units') args.units = positive(argv[++i], a);
    else if (a === '--large-units') args.largeUnits = positive(argv[++i], a);
    else if (a === '--skip-large') args.skipLarge = true;
    else if (a === '--first-only') args.firstOnly = true;
    else if (a === '--profile') args.profileDir = resolve(argv[++i] ?? 'bench-profiles');
    else throw new Error(`unknown argument ${a} (expected --units N, --large-units N, --skip-large, --first-only, --profile DIR)`);
  }
  return args;
}

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} expects a positive integer, got ${value}`);
  return n;
}

/** The forked site server, spoken to one command at a time. */
class BenchServer {
  private constructor(private readonly child: ChildProcess, readonly origin: string) {}

  static async start(shape: DistrictShape): Promise<BenchServer> {
    const child = fork(join(import.meta.dirname, 'bench-server.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    const { origin } = await ask<{ origin: string }>(child, { cmd: 'start', shape });
    return new BenchServer(child, origin);
  }

  reset(): Promise<unknown> {
    return ask(this.child, { cmd: 'reset' });
  }

  stats(): Promise<ServerStats> {
    return ask<ServerStats>(this.child, { cmd: 'stats' });
  }

  async stop(): Promise<void> {
    await ask(this.child, { cmd: 'stop' });
    await new Promise((r) => this.child.once('exit', r));
  }
}

function ask<T>(child: ChildProcess, command: ServerCommand): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench server exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolvePromise(m as T);
    });
    child.send(command);
  });
}

function districtConfig(shape: DistrictShape, origin: string, scheme: Scheme, dataDir: string): LoadedConfig {
  const config = configSchema.parse({
    district: { name: '基准测试区', period: { start: PERIOD_START, end: '2026-12-31' }, scheme: 'yanjiang-2021.yaml' },
    crawl: {
      concurrencyPerHost: CONCURRENCY_PER_HOST, minIntervalMs: 0, linkCheckCount: 0, retries: 1, retryBaseMs: 200,
      timeoutMs: 15_000, browser: { enabled: false },
    },
    units: Array.from({ length: shape.units }, (_, u) => ({
      id: unitId(u), name: `基准单位${u}`, type: u % 4 === 0 ? 'department' : 'town',
      columns: columnsOf(u, shape).map((c) => ({ name: c.name, url: `${origin}${c.path}index.html`, category: c.category })),
    })),
  });
  return { file: join(dataDir, 'district.yaml'), config, schemeFile: SCHEME_FILE, scheme, dataDir };
}

const SCHEME_FILE = resolve(import.meta.dirname, '../../config/schemes/yanjiang-2021.yaml');

/** The 2021 scheme file; without it, just the part the crawl reads (the cadences that set each horizon). */
function benchScheme(): Scheme {
  if (existsSync(SCHEME_FILE)) return loadScheme(SCHEME_FILE);
  const platform = {
    max: 20, weights: {}, requiredPostingDeduction: 1,
    cadenceDays: { homepage: 14, news: 14, notice: 180, policy: 180, plan: 365, personnel: 365, finance: 365, 'key-area': 90, 'annual-report': 365 },
  };
  return { id: 'bench', year: 2026, title: '基准测试方案', items: [{ no: 9, name: '政务信息公开', kind: 'automated', max: 30, parts: { platform } }] } as unknown as Scheme;
}

/** Peak RSS: sampled every 50 ms, and the kernel's high-water mark (reset per run where Linux allows). */
class MemoryWatch {
  private peak = process.memoryUsage.rss();
  private readonly startRss = this.peak;
  private heapPeak = 0;
  private externalPeak = 0;
  private abPeak = 0;
  private totalPeak = 0;
  private readonly timer: NodeJS.Timeout;
  readonly hwmReset: boolean;

  constructor() {
    this.hwmReset = resetHighWaterMark();
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage.rss());
      if (process.env.BENCH_DEBUG) {
        const m = process.memoryUsage();
        this.heapPeak = Math.max(this.heapPeak, m.heapUsed);
        this.externalPeak = Math.max(this.externalPeak, m.external);
        this.abPeak = Math.max(this.abPeak, m.arrayBuffers);
        this.totalPeak = Math.max(this.totalPeak, m.heapTotal);
      }
    }, 50);
  }

  stop(): { sampledPeakMb: number; vmHwmMb: number | null } {
    clearInterval(this.timer);
    if (process.env.BENCH_DEBUG) console.log(`  [debug] heapUsed peak ${(this.heapPeak / 2 ** 20).toFixed(0)} MB, external peak ${(this.externalPeak / 2 ** 20).toFixed(0)} MB, arrayBuffers peak ${(this.abPeak / 2 ** 20).toFixed(0)} MB, heapTotal peak ${(this.totalPeak / 2 ** 20).toFixed(0)} MB, rss at start ${(this.startRss / 2 ** 20).toFixed(0)} MB`);
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
    return { sampledPeakMb: this.peak / 2 ** 20, vmHwmMb: vmHwmKb() === null ? null : vmHwmKb()! / 1024 };
  }
}

function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function vmHwmKb(): number | null {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

interface Figures {
  label: string;
  pages: number;
  wallMs: number;
  pagesPerS: number;
  cpuMsPerPage: number;
  /** The event-loop thread alone: what bounds throughput when the crawl is CPU-bound. */
  mainThreadCpuMsPerPage: number | null;
  serverCpuMsPerPage: number;
  sampledPeakMb: number;
  vmHwmMb: number | null;
  hwmReset: boolean;
  server: ServerStats;
  dbMb: number;
  evidenceRows: number;
  badColumns: number;
}

async function measure(label: string, loaded: LoadedConfig, db: Db, dbFile: string, server: BenchServer): Promise<Figures> {
  await server.reset();
  const profiler = PROFILE_DIR ? await startProfiler() : undefined;
  const memory = new MemoryWatch();
  const cpuBefore = process.cpuUsage();
  const mainBefore = mainThreadCpuMs();
  const started = performance.now();
  const summary = await runAudit(loaded, { db, clock: systemClock, asOf: AS_OF });
  const wallMs = performance.now() - started;
  if (profiler && PROFILE_DIR) await profiler.stop(join(PROFILE_DIR, `${label.replace(/[^\w]+/g, '-')}.cpuprofile`));
  const cpu = process.cpuUsage(cpuBefore);
  const mainAfter = mainThreadCpuMs();
  const mem = memory.stop();
  const stats = await server.stats();
  const pages = summary.pages;
  // Every column must be read in full: the horizon stop rule may not cut the 3 pages short.
  const badColumns = db.prepare(`SELECT COUNT(*) FROM column_observations WHERE run_id = ? AND
    (status != 'ok' OR pages_fetched != ? OR item_count != ?)`).pluck()
    .get(summary.runId, PAGES, PAGES * ITEMS_PER_PAGE) as number;
  db.pragma('wal_checkpoint(TRUNCATE)');
  return {
    label, pages, wallMs, pagesPerS: pages / (wallMs / 1000), cpuMsPerPage: (cpu.user + cpu.system) / 1000 / pages,
    mainThreadCpuMsPerPage: mainBefore === null || mainAfter === null ? null : (mainAfter - mainBefore) / pages,
    serverCpuMsPerPage: stats.cpuMs / pages, ...mem, hwmReset: memory.hwmReset, server: stats,
    dbMb: fileMb(dbFile) + fileMb(`${dbFile}-wal`),
    evidenceRows: db.prepare('SELECT COUNT(*) FROM evidence').pluck().get() as number, badColumns,
  };
}

let PROFILE_DIR: string | undefined;

async function startProfiler(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`  profile written to ${file}`);
    },
  };
}

/** CPU time of this process's main thread (Linux), in ms. */
function mainThreadCpuMs(): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function fileMb(file: string): number {
  return existsSync(file) ? statSync(file).size / 2 ** 20 : 0;
}

function print(f: Figures): void {
  const hwm = f.vmHwmMb === null ? 'n/a' : `${f.vmHwmMb.toFixed(1)} MB${f.hwmReset ? '' : ' (process lifetime)'}`;
  console.log(`\n== ${f.label}`);
  console.log(`  pages                 ${f.pages}   (server: ${f.server.requests} requests, ${f.server.notModified} × 304, ${(f.server.bytes / 2 ** 20).toFixed(1)} MB sent)`);
  console.log(`  wall time             ${(f.wallMs / 1000).toFixed(2)} s`);
  console.log(`  pages/s               ${f.pagesPerS.toFixed(0)}`);
  const main = f.mainThreadCpuMsPerPage === null ? '' : ` (${f.mainThreadCpuMsPerPage.toFixed(2)} ms on its main thread)`;
  console.log(`  CPU per page          ${f.cpuMsPerPage.toFixed(2)} ms crawler${main}, ${f.serverCpuMsPerPage.toFixed(2)} ms server (separate process)`);
  console.log(`  peak RSS              ${f.sampledPeakMb.toFixed(1)} MB sampled every 50 ms, VmHWM ${hwm}`);
  console.log(`  max concurrent/host   ${f.server.maxConcurrent} (limit ${CONCURRENCY_PER_HOST}; server lifetime ${f.server.lifetimeMaxConcurrent})`);
  console.log(`  database              ${f.dbMb.toFixed(1)} MB, ${f.evidenceRows} evidence bodies`);
  if (f.badColumns > 0) console.log(`  !! ${f.badColumns} columns not read in full (status, pages or items differ)`);
}

function verdict(ok: boolean, text: string): boolean {
  console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${text}`);
  return ok;
}

async function district(shape: DistrictShape, runs: { label: string }[]): Promise<Figures[]> {
  const server = await BenchServer.start(shape);
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-bench-'));
  const dbFile = join(dir, 'zwgk.sqlite');
  const db = openDb(dbFile);
  if (process.env.BENCH_PRAGMA) for (const p of process.env.BENCH_PRAGMA.split(';')) db.pragma(p);
  try {
    const loaded = districtConfig(shape, server.origin, benchScheme(), dir);
    const figures: Figures[] = [];
    for (const run of runs) {
      const f = await measure(run.label, loaded, db, dbFile, server);
      print(f);
      figures.push(f);
    }
    return figures;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

const COLUMNS = 30;
const PAGES = 3;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  PROFILE_DIR = args.profileDir;
  console.log(`zwgk crawl benchmark: ${args.units} units × ${COLUMNS} columns × ${PAGES} pages of ~50 KB, per-host concurrency ${CONCURRENCY_PER_HOST}, node ${process.version}`);
  const [first, second] = await district({ units: args.units, columns: COLUMNS, pages: PAGES }, [
    { label: `first run, ${args.units} units` },
    ...(args.firstOnly ? [] : [{ label: `second run, unchanged (conditional requests)` }]),
  ]);
  if (!second) return;
  const speedup = first.wallMs / second.wallMs;
  console.log(`\n  unchanged run speed-up: ${speedup.toFixed(2)}×; evidence bodies ${first.evidenceRows} → ${second.evidenceRows}`);

  let large: Figures | undefined;
  if (!args.skipLarge) {
    [large] = await district({ units: args.largeUnits, columns: COLUMNS, pages: PAGES }, [{ label: `first run, ${args.largeUnits} units (fresh database)` }]);
  }

  console.log('\n== targets');
  const all = [first, second, ...(large ? [large] : [])];
  const results = [
    verdict(first.pagesPerS >= TARGET_PAGES_PER_S, `≥ ${TARGET_PAGES_PER_S} pages/s on the first run (${first.pagesPerS.toFixed(0)})`),
    verdict(speedup >= TARGET_UNCHANGED_SPEEDUP, `unchanged run ≥ ${TARGET_UNCHANGED_SPEEDUP}× faster (${speedup.toFixed(2)}×)`),
    verdict(second.evidenceRows === first.evidenceRows, `unchanged bodies not stored again (${second.evidenceRows} bodies)`),
    verdict(all.every((f) => f.server.maxConcurrent <= CONCURRENCY_PER_HOST), `per-host concurrency never above ${CONCURRENCY_PER_HOST} (${all.map((f) => f.server.maxConcurrent).join(', ')})`),
    verdict(all.every((f) => f.badColumns === 0), 'every column read to its last page'),
  ];
  if (large) {
    const peak = Math.max(large.sampledPeakMb, large.vmHwmMb ?? 0);
    results.push(verdict(peak <= TARGET_LARGE_RSS_MB, `${args.largeUnits}-unit peak RSS ≤ ${TARGET_LARGE_RSS_MB} MB (${peak.toFixed(1)} MB)`));
    const ratio = large.pagesPerS / first.pagesPerS;
    results.push(verdict(ratio >= 0.9, `${args.largeUnits}-unit pages/s within 10% of ${args.units}-unit (${(ratio * 100).toFixed(0)}%)`));
  }
  process.exitCode = results.every(Boolean) ? 0 : 1;
}

await main();
