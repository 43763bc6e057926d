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
import { AS_OF, ITEMS_PER_PAGE, PERIOD_START, columnsOf, unitId, type DistrictShape } from './synthetic-district.js';
import type { ServerCommand, ServerStats } from './bench-server.js';

/** How the benchmark crawls: the figures are for this configuration. */
export const CONCURRENCY_PER_HOST = 8;

/** What one audit run of the synthetic district cost. */
export interface Figures {
  label: string;
  pages: number;
  wallMs: number;
  pagesPerS: number;
  /** Whole crawler process (all threads: zlib pool, GC helpers). */
  cpuMsPerPage: number;
  /** The event-loop thread alone, which bounds throughput (Linux only). */
  mainThreadCpuMsPerPage: number | null;
  serverCpuMsPerPage: number;
  memory: MemoryFigures;
  server: ServerStats;
  dbMb: number;
  evidenceRows: number;
  /** Columns not read to their last page (status, pages or items differ from the district). */
  badColumns: number;
}

export interface MemoryFigures {
  /** RSS when the run started (node, the tsx loader thread, modules, config). */
  startRssMb: number;
  /** Highest RSS sampled every 50 ms. */
  sampledPeakMb: number;
  /** The kernel's high-water mark, reset at the start of the run where Linux allows. */
  vmHwmMb: number | null;
  hwmReset: boolean;
  heapUsedPeakMb: number;
  heapTotalPeakMb: number;
  externalPeakMb: number;
}

/** The synthetic district's web site in a forked process, spoken to one command at a time. */
export class BenchServer {
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
    const exited = new Promise((r) => this.child.once('exit', r));
    await ask(this.child, { cmd: 'stop' });
    await exited;
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

/** The district's config as its YAML file would hold it (the scheme named relative to dataDir's file). */
export function districtInput(shape: DistrictShape, origin: string, scheme = 'yanjiang-2021.yaml') {
  return {
    district: { name: '基准测试区', period: { start: PERIOD_START, end: '2026-12-31' }, scheme },
    crawl: {
      concurrencyPerHost: CONCURRENCY_PER_HOST, minIntervalMs: 0, linkCheckCount: 0, retries: 1, retryBaseMs: 200,
      timeoutMs: 15_000, browser: { enabled: false }, allowPrivateHosts: ['127.0.0.1'],
    },
    units: Array.from({ length: shape.units }, (_, u) => ({
      id: unitId(u), name: `基准单位${u}`, type: u % 4 === 0 ? 'department' : 'town',
      columns: columnsOf(u, shape).map((c) => ({ name: c.name, url: `${origin}${c.path}index.html`, category: c.category })),
    })),
  };
}

function districtConfig(shape: DistrictShape, origin: string, dataDir: string): LoadedConfig {
  const config = configSchema.parse(districtInput(shape, origin));
  return { file: join(dataDir, 'district.yaml'), config, schemeFile: SCHEME_FILE, scheme: benchScheme(), dataDir };
}

/**
 * Serves the district, then runs the real audit once per label into one real SQLite file in a temp
 * directory (so the second run sees the first one's validators and evidence).
 */
export async function benchDistrict(shape: DistrictShape, labels: string[], profileDir?: string): Promise<Figures[]> {
  const server = await BenchServer.start(shape);
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-bench-'));
  const dbFile = join(dir, 'zwgk.sqlite');
  const db = openDb(dbFile);
  try {
    const loaded = districtConfig(shape, server.origin, dir);
    const figures: Figures[] = [];
    for (const label of labels) {
      const profile = profileDir ? join(profileDir, `${label.replace(/\W+/g, '-')}.cpuprofile`) : undefined;
      figures.push(await measure(label, shape, loaded, db, dbFile, server, profile));
    }
    return figures;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

async function measure(label: string, shape: DistrictShape, loaded: LoadedConfig, db: Db, dbFile: string,
  server: BenchServer, profileFile?: string): Promise<Figures> {
  await server.reset();
  const profiler = profileFile ? await startProfiler() : undefined;
  const memory = new MemoryWatch();
  const cpuBefore = process.cpuUsage();
  const mainBefore = mainThreadCpuMs();
  const started = performance.now();
  const summary = await runAudit(loaded, { db, clock: systemClock, asOf: AS_OF });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const mainAfter = mainThreadCpuMs();
  const mem = memory.stop();
  if (profiler && profileFile) await profiler.stop(profileFile);
  const stats = await server.stats();
  const pages = summary.pages;
  const badColumns = db.prepare(`SELECT COUNT(*) FROM column_observations WHERE run_id = ? AND
    (status != 'ok' OR pages_fetched != ? OR item_count != ?)`).pluck()
    .get(summary.runId, shape.pages, shape.pages * ITEMS_PER_PAGE) as number;
  db.pragma('wal_checkpoint(TRUNCATE)');
  return {
    label, pages, wallMs, pagesPerS: pages / (wallMs / 1000), cpuMsPerPage: (cpu.user + cpu.system) / 1000 / pages,
    mainThreadCpuMsPerPage: mainBefore === null || mainAfter === null ? null : (mainAfter - mainBefore) / pages,
    serverCpuMsPerPage: stats.cpuMs / pages, memory: mem, server: stats,
    dbMb: fileMb(dbFile) + fileMb(`${dbFile}-wal`),
    evidenceRows: db.prepare('SELECT COUNT(*) FROM evidence').pluck().get() as number, badColumns,
  };
}

const MB = 2 ** 20;

/** Peak RSS sampled every 50 ms, the kernel's high-water mark, and where the memory was. */
class MemoryWatch {
  private readonly startRss = process.memoryUsage.rss();
  private rss = this.startRss;
  private heapUsed = 0;
  private heapTotal = 0;
  private external = 0;
  private readonly hwmReset = resetHighWaterMark();
  private readonly timer = setInterval(() => this.sample(), 50);

  private sample(): void {
    const m = process.memoryUsage();
    this.rss = Math.max(this.rss, m.rss);
    this.heapUsed = Math.max(this.heapUsed, m.heapUsed);
    this.heapTotal = Math.max(this.heapTotal, m.heapTotal);
    this.external = Math.max(this.external, m.external);
  }

  stop(): MemoryFigures {
    clearInterval(this.timer);
    this.sample();
    const hwm = vmHwmKb();
    return {
      startRssMb: this.startRss / MB, sampledPeakMb: this.rss / MB, vmHwmMb: hwm === null ? null : hwm / 1024,
      hwmReset: this.hwmReset, heapUsedPeakMb: this.heapUsed / MB, heapTotalPeakMb: this.heapTotal / MB,
      externalPeakMb: this.external / MB,
    };
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
  return existsSync(file) ? statSync(file).size / MB : 0;
}

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
      console.log(`  CPU profile: ${file}`);
    },
  };
}
