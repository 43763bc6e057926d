import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { configSchema, type crawlSchema } from '../../src/config/schema.js';
import { loadScheme, type LoadedConfig } from '../../src/config/load.js';
import { openDb } from '../../src/store/db.js';
import { rowCount, tableSizes, type TableSize } from '../../src/store/db-stats.js';
import { addDays } from '../../src/time/dates.js';
import type { Scheme } from '../../src/scheme/schema.js';
import { AS_OF, ITEMS_PER_PAGE, PERIOD_START, columnsOf, unitId, type DistrictShape } from './synthetic-district.js';
import type { Publication, ServerCommand, ServerStats } from './bench-server.js';
import { fileMb, type MemoryFigures } from './process-figures.js';
import { auditNight, auditNightInChild } from './night-run.js';
import { unreadColumns } from './read-check.js';

/** How the benchmark crawls: the figures are for this configuration. */
export const CONCURRENCY_PER_HOST = 8;

/** What one night's audit of the synthetic district cost. */
export interface Figures {
  label: string;
  asOf: string;
  columns: number;
  /** List pages the crawler says it read. */
  pages: number;
  wallMs: number;
  pagesPerS: number;
  /** Whole crawler process (all threads: zlib pool, GC helpers). */
  cpuMs: number;
  cpuMsPerPage: number;
  /** The event-loop thread alone, which bounds throughput (Linux only). */
  mainThreadCpuMsPerPage: number | null;
  serverCpuMsPerPage: number;
  memory: MemoryFigures;
  /** What the web site itself counted. */
  server: ServerStats;
  /** The database file after the night's process closed it, and its WAL just before. */
  dbMb: number;
  walMb: number;
  evidenceRows: number;
  /** Columns whose facts for the night differ from what was served (see read-check.ts); the first few described. */
  badColumns: number;
  unread: string[];
}

/** The synthetic district's web site in a forked process, spoken to one command at a time. */
export class BenchServer {
  private constructor(private readonly child: ChildProcess, readonly origin: string) {}

  static async start(shape: DistrictShape): Promise<BenchServer> {
    const child = fork(join(import.meta.dirname, 'bench-server.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    const { origin } = await ask<{ origin: string }>(child, { cmd: 'start', shape });
    return new BenchServer(child, origin);
  }

  /** New newest items, served from now on. */
  publish(items: Publication[]): Promise<unknown> {
    return ask(this.child, { cmd: 'publish', items });
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

export type CrawlOverrides = Partial<z.input<typeof crawlSchema>>;

function districtConfig(shape: DistrictShape, origin: string, dataDir: string, crawl: CrawlOverrides): LoadedConfig {
  const config = configSchema.parse({
    district: { name: '基准测试区', period: { start: PERIOD_START, end: '2026-12-31' }, scheme: 'yanjiang-2021.yaml' },
    crawl: {
      concurrencyPerHost: CONCURRENCY_PER_HOST, minIntervalMs: 0, linkCheckCount: 0, retries: 1, retryBaseMs: 200,
      timeoutMs: 15_000, browser: { enabled: false }, allowPrivateHosts: ['127.0.0.1'], ...crawl,
    },
    units: Array.from({ length: shape.units }, (_, u) => ({
      id: unitId(u), name: `基准单位${u}`, type: u % 4 === 0 ? 'department' : 'town',
      columns: columnsOf(u, shape).map((c) => ({ name: c.name, url: `${origin}${c.path}index.html`, category: c.category })),
    })),
  });
  return { file: join(dataDir, 'district.yaml'), config, schemeFile: SCHEME_FILE, scheme: benchScheme(), dataDir };
}

/** A small deterministic generator, so every run of the bench changes the same columns. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * The synthetic district served from its own process and audited night after night into one real
 * SQLite file in a temp directory, each night by the real `runAudit` with the night's date and clock,
 * the database opened and closed around it as a nightly process does (night-run.ts).
 */
export class BenchSession {
  /** Items published after the first night, per column (unit × columns + column). */
  private readonly published = new Map<number, number>();

  private constructor(readonly shape: DistrictShape, private readonly server: BenchServer, private readonly dir: string,
    readonly loaded: LoadedConfig, private readonly freshProcess: boolean) {}

  /** `freshProcess`: each night in its own process, as the nightly run is (slower to start, memory per night). */
  static async open(shape: DistrictShape, crawl: CrawlOverrides = {}, freshProcess = false): Promise<BenchSession> {
    const server = await BenchServer.start(shape);
    const dir = mkdtempSync(join(tmpdir(), 'zwgk-bench-'));
    return new BenchSession(shape, server, dir, districtConfig(shape, server.origin, dir, crawl), freshProcess);
  }

  get dbFile(): string {
    return join(this.dir, 'zwgk.sqlite');
  }

  get columns(): number {
    return this.shape.units * this.shape.columns;
  }

  /** Gives `share` of the columns (at least one) a new newest item dated the day before `asOf`; returns how many. */
  async publish(share: number, asOf: string, seed: number): Promise<number> {
    const count = Math.max(1, Math.round(share * this.columns));
    const random = seeded(seed);
    const picked = new Set<number>();
    while (picked.size < Math.min(count, this.columns)) picked.add(Math.floor(random() * this.columns));
    const items: Publication[] = [...picked].map((i) => ({ unit: Math.floor(i / this.shape.columns), column: i % this.shape.columns, date: addDays(asOf, -1) }));
    for (const i of picked) this.published.set(i, (this.published.get(i) ?? 0) + 1);
    await this.server.publish(items);
    return picked.size;
  }

  expectedItems(unit: number, column: number): number {
    return this.shape.pages * ITEMS_PER_PAGE + (this.published.get(unit * this.shape.columns + column) ?? 0);
  }

  /**
   * One night's audit, measured (in a fresh process when the session was opened so); `verify` (default
   * on) then reads the night's facts back, untimed.
   */
  async night(label: string, asOf: string, opts: { verify?: boolean; profileFile?: string } = {}): Promise<Figures> {
    await this.server.reset();
    const job = { loaded: this.loaded, dbFile: this.dbFile, asOf, profileFile: opts.profileFile };
    const run = this.freshProcess ? await auditNightInChild(job) : await auditNight(job);
    const stats = await this.server.stats();
    const db = openDb(this.dbFile);
    let unread: string[];
    let evidenceRows: number;
    try {
      unread = opts.verify === false ? [] : unreadColumns(db, this.loaded.config, asOf, (u, c) => this.expectedItems(u, c));
      evidenceRows = rowCount(db, 'evidence');
    } finally {
      db.close();
    }
    const { pages, wallMs, cpuMs } = run;
    return {
      label, asOf, columns: this.columns, pages, wallMs, pagesPerS: pages / (wallMs / 1000), cpuMs, cpuMsPerPage: cpuMs / pages,
      mainThreadCpuMsPerPage: run.mainThreadCpuMs === null ? null : run.mainThreadCpuMs / pages,
      serverCpuMsPerPage: stats.cpuMs / pages, memory: run.memory, server: stats, walMb: run.walMb, dbMb: fileMb(this.dbFile),
      evidenceRows, badColumns: unread.length, unread: unread.slice(0, 5),
    };
  }

  /** Rows and bytes per table and index (reads every page of the file: not for every night of a year). */
  tableSizes(): TableSize[] {
    const db = openDb(this.dbFile);
    try {
      return tableSizes(db);
    } finally {
      db.close();
    }
  }

  async close(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    await this.server.stop();
  }
}

/**
 * Serves the district, then runs the real audit once per label, night after night from AS_OF, into
 * one database (so each night sees the previous one's validators and evidence). Nothing changes on the site.
 */
export async function benchDistrict(shape: DistrictShape, labels: string[], profileDir?: string): Promise<Figures[]> {
  const session = await BenchSession.open(shape);
  try {
    const figures: Figures[] = [];
    for (const [i, label] of labels.entries()) {
      const profileFile = profileDir ? join(profileDir, `${label.replace(/\W+/g, '-')}.cpuprofile`) : undefined;
      figures.push(await session.night(label, addDays(AS_OF, i), { profileFile }));
    }
    return figures;
  } finally {
    await session.close();
  }
}
