/**
 * Crawl benchmark (not a test): `npm run bench -- [--units N] [--skip-large] [--large-units N] [--first-only] [--profile DIR]`.
 *
 * Serves a synthetic district (TRS S1 list pages of ~50 KB, see synthetic-district.ts) from a forked
 * process on 127.0.0.1 and runs the real audit into a real SQLite file: a first run, the unchanged next
 * night (conditional requests; `asOf` and the clock one day on), then a large district in a fresh process and database. Prints throughput,
 * CPU per page, memory and the server's view of per-host concurrency, and checks them against the
 * targets (exit code 1 if one is missed). Other processes on the machine show up in the wall times:
 * check `uptime` first. Memory is V8's default policy (old generation allowed to grow to ~4× the live
 * set); `NODE_OPTIONS=--max-old-space-size=192 npm run bench` shows the crawl under a heap cap.
 */
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { benchDistrict, CONCURRENCY_PER_HOST, type Figures } from './measure.js';

const COLUMNS = 30;
const PAGES = 3;
const TARGET_PAGES_PER_S = 500;
const TARGET_LARGE_RSS_MB = 200;
const TARGET_UNCHANGED_SPEEDUP = 10;
const TARGET_LARGE_RATIO = 0.9;

interface Args {
  units: number;
  largeUnits: number;
  skipLarge: boolean;
  /** Only the first run of the district given by --units. */
  firstOnly: boolean;
  /** Directory for one V8 CPU profile per run (open in Chrome DevTools). */
  profileDir?: string;
  /** Internal: run one district in this (fresh) process and send the figures to the parent. */
  child: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { units: 50, largeUnits: 500, skipLarge: false, firstOnly: false, child: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--units') args.units = positive(argv[++i], a);
    else if (a === '--large-units') args.largeUnits = positive(argv[++i], a);
    else if (a === '--skip-large') args.skipLarge = true;
    else if (a === '--first-only') args.firstOnly = true;
    else if (a === '--profile') args.profileDir = resolve(argv[++i] ?? 'bench-profiles');
    else if (a === '--child') args.child = true;
    else throw new Error(`unknown argument ${a} (expected --units N, --large-units N, --skip-large, --first-only, --profile DIR)`);
  }
  return args;
}

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} expects a positive integer, got ${value}`);
  return n;
}

const shape = (units: number) => ({ units, columns: COLUMNS, pages: PAGES });

function print(f: Figures): void {
  const m = f.memory;
  const hwm = m.vmHwmMb === null ? 'n/a' : `${m.vmHwmMb.toFixed(1)} MB${m.hwmReset ? '' : ' (process lifetime)'}`;
  const main = f.mainThreadCpuMsPerPage === null ? '' : ` (${f.mainThreadCpuMsPerPage.toFixed(2)} ms on its main thread)`;
  console.log(`\n== ${f.label}`);
  console.log(`  pages                 ${f.pages} (server: ${f.server.requests} requests, ${f.server.notModified} answered 304, ${(f.server.bytes / 2 ** 20).toFixed(1)} MB sent)`);
  console.log(`  wall time             ${(f.wallMs / 1000).toFixed(2)} s`);
  console.log(`  pages/s               ${f.pagesPerS.toFixed(0)}`);
  console.log(`  CPU per page          ${f.cpuMsPerPage.toFixed(2)} ms crawler${main}; ${f.serverCpuMsPerPage.toFixed(2)} ms server (separate process)`);
  console.log(`  peak RSS              ${m.sampledPeakMb.toFixed(1)} MB sampled every 50 ms, VmHWM ${hwm}`);
  console.log(`    of which            ${m.startRssMb.toFixed(1)} MB at the start of the run; V8 heap peak ${m.heapUsedPeakMb.toFixed(0)} MB used / ${m.heapTotalPeakMb.toFixed(0)} MB reserved; external peak ${m.externalPeakMb.toFixed(0)} MB`);
  console.log(`  per host (server)     at most ${f.server.maxConnections} connections open, ${f.server.maxConcurrent} requests in progress at once (limit ${CONCURRENCY_PER_HOST})`);
  console.log(`  database              ${f.dbMb.toFixed(1)} MB, ${f.evidenceRows} evidence bodies`);
  if (f.badColumns > 0) console.log(`  !! ${f.badColumns} columns whose facts for the night are not what was served: ${f.unread.join('; ')}`);
}

function verdict(ok: boolean, text: string): boolean {
  console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${text}`);
  return ok;
}

/** The large district in a fresh process, so its memory is its own and not what earlier runs left. */
function inFreshProcess(args: Args): Promise<Figures> {
  const extra = ['--child', '--units', String(args.largeUnits), ...(args.profileDir ? ['--profile', args.profileDir] : [])];
  const child = fork(import.meta.filename, extra, { stdio: 'inherit' });
  return new Promise((resolvePromise, reject) => {
    child.once('message', (f) => resolvePromise(f as Figures));
    child.once('exit', (code) => reject(new Error(`large run exited (${code}) without figures`)));
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) {
    const [large] = await benchDistrict(shape(args.units), [`first run, ${args.units} units (fresh process and database)`], args.profileDir);
    print(large);
    process.send?.(large);
    return;
  }
  console.log(`zwgk crawl benchmark: ${args.units} units × ${COLUMNS} columns × ${PAGES} list pages of ~50 KB, one host, `
    + `per-host concurrency ${CONCURRENCY_PER_HOST}, browser off, no link checks, node ${process.version}`);
  const labels = [`first run, ${args.units} units`, ...(args.firstOnly ? [] : ['next night, unchanged (conditional requests)'])];
  const [first, second] = await benchDistrict(shape(args.units), labels, args.profileDir);
  print(first);
  if (!second) return;
  print(second);
  const speedup = first.wallMs / second.wallMs;
  console.log(`\n  unchanged next night: ${speedup.toFixed(2)}× faster; evidence bodies ${first.evidenceRows} → ${second.evidenceRows}`);
  const large = args.skipLarge ? undefined : await inFreshProcess(args);

  console.log('\n== targets');
  const all = [first, second, ...(large ? [large] : [])];
  const perHost = all.map((f) => Math.max(f.server.maxConnections, f.server.maxConcurrent));
  const results = [
    verdict(first.pagesPerS >= TARGET_PAGES_PER_S, `≥ ${TARGET_PAGES_PER_S} pages/s on the first run (${first.pagesPerS.toFixed(0)})`),
    verdict(speedup >= TARGET_UNCHANGED_SPEEDUP, `unchanged next night ≥ ${TARGET_UNCHANGED_SPEEDUP}× faster (${speedup.toFixed(2)}×)`),
    verdict(second.evidenceRows === first.evidenceRows, `unchanged bodies not stored again (${second.evidenceRows} bodies)`),
    verdict(perHost.every((n) => n <= CONCURRENCY_PER_HOST), `per-host connections and requests never above ${CONCURRENCY_PER_HOST} (${perHost.join(', ')})`),
    verdict(all.every((f) => f.badColumns === 0), "every column's facts for each night hold all its items, its list read to the end"),
  ];
  if (large) {
    const peak = Math.max(large.memory.sampledPeakMb, large.memory.vmHwmMb ?? 0);
    results.push(verdict(peak <= TARGET_LARGE_RSS_MB, `${args.largeUnits}-unit peak RSS ≤ ${TARGET_LARGE_RSS_MB} MB (${peak.toFixed(1)} MB, `
      + `${(peak - large.memory.startRssMb).toFixed(1)} MB above its start)`));
    const ratio = large.pagesPerS / first.pagesPerS;
    results.push(verdict(ratio >= TARGET_LARGE_RATIO, `${args.largeUnits}-unit pages/s within 10% of ${args.units}-unit (${(ratio * 100).toFixed(0)}%)`));
  }
  process.exitCode = results.every(Boolean) ? 0 : 1;
}

await main();
