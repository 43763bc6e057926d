import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname } from 'node:path';

// What a benchmark run cost the crawler's process: memory, CPU, files.

export const MB = 2 ** 20;

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

/** Peak RSS sampled every 50 ms, the kernel's high-water mark, and where the memory was. */
export class MemoryWatch {
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
export function mainThreadCpuMs(): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export function fileMb(file: string): number {
  return existsSync(file) ? statSync(file).size / MB : 0;
}

export async function startProfiler(): Promise<{ stop(file: string): Promise<void> }> {
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
