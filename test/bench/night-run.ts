import { fork } from 'node:child_process';
import type { LoadedConfig } from '../../src/config/load.js';
import { openDb } from '../../src/store/db.js';
import { runAudit } from '../../src/audit/run-audit.js';
import type { Clock } from '../../src/time/clock.js';
import { fileMb, mainThreadCpuMs, MemoryWatch, startProfiler, type MemoryFigures } from './process-figures.js';

/** What one night's `runAudit` cost the process that ran it. */
export interface NightRun {
  /** List pages the crawler counted. */
  pages: number;
  wallMs: number;
  /** Whole process (all threads: zlib pool, GC helpers). */
  cpuMs: number;
  /** The event-loop thread alone (Linux only). */
  mainThreadCpuMs: number | null;
  memory: MemoryFigures;
  /** The WAL just before the night's connection closed. */
  walMb: number;
}

export interface NightJob {
  loaded: LoadedConfig;
  dbFile: string;
  asOf: string;
  profileFile?: string;
}

/** "Now" during a night: 02:00 Asia/Shanghai on the night's date plus the real time since, so durations stay real. */
class NightClock implements Clock {
  private readonly offsetMs: number;

  constructor(asOf: string) {
    this.offsetMs = Date.parse(`${asOf}T02:00:00+08:00`) - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** Opens the database, runs the night's audit with the night's date and clock, closes it: a nightly `zwgk run`. */
export async function auditNight(job: NightJob): Promise<NightRun> {
  const db = openDb(job.dbFile);
  try {
    const clock = new NightClock(job.asOf);
    const profiler = job.profileFile ? await startProfiler() : undefined;
    const memory = new MemoryWatch();
    const cpuBefore = process.cpuUsage();
    const mainBefore = mainThreadCpuMs();
    const started = performance.now();
    const summary = await runAudit(job.loaded, { db, clock, asOf: job.asOf });
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const mainAfter = mainThreadCpuMs();
    const mem = memory.stop();
    if (profiler && job.profileFile) await profiler.stop(job.profileFile);
    return {
      pages: summary.pages, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, memory: mem, walMb: fileMb(`${job.dbFile}-wal`),
      mainThreadCpuMs: mainBefore === null || mainAfter === null ? null : mainAfter - mainBefore,
    };
  } finally {
    db.close();
  }
}

const CHILD_FLAG = '--night-child';

/** The same night in a fresh process, as a nightly run is: its memory is its own, not what earlier nights left. */
export function auditNightInChild(job: NightJob): Promise<NightRun> {
  const child = fork(import.meta.filename, [CHILD_FLAG], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (run) => resolve(run as NightRun));
    child.once('exit', (code) => reject(new Error(`night process exited (${code}) without figures`)));
    child.send(job);
  });
}

if (process.argv.includes(CHILD_FLAG)) {
  process.once('message', async (job: NightJob) => {
    process.send?.(await auditNight(job), () => process.disconnect());
  });
}
