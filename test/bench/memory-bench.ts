/**
 * Memory benchmark (not a test): `tsx test/bench/memory-bench.ts [--large] [--large-units N]`.
 *
 * Crawls the synthetic district (see synthetic-district.ts) at 4,500 pages (50 units × 30 columns × 3
 * list pages) and 45,000 pages (500 units), each in a fresh process started the way `zwgk run` starts
 * its crawl: relaunched by src/cli/memory-limits.ts under the same V8 flags, so the figures are the
 * installed program's. Prints peak RSS (sampled every 50 ms and the kernel's VmHWM), pages/s and CPU per
 * page, and PASS/FAIL for peak RSS ≤ 200 MB at both sizes and ≤ 10 % apart.
 *
 * `--large` adds a province-sized district: 10,000 units × 10 columns × 1 list page (100,000 requests,
 * the first page being what every night reads; deeper pages only add more of the same per unit), and
 * checks that it stays under the same bound. A NODE_OPTIONS heap flag of your own is respected, as by zwgk.
 *
 * `--installed` instead crawls only the 4,500-page district, by the built bin itself (`npm run build` first):
 * `node dist/src/cli/main.js -c district.yaml run`, without tsx, its config read from a YAML file; it
 * prints the crawling process's VmHWM (the kernel's high-water mark, read every 50 ms until it exits).
 */
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { followLauncher, hasOwnHeapLimit, relaunchWithCrawlLimits } from '../../src/cli/memory-limits.js';
import { BenchServer, benchDistrict, districtInput, type Figures } from './measure.js';
import { AS_OF, type DistrictShape } from './synthetic-district.js';

const TARGET_PEAK_RSS_MB = 200;
const TARGET_SPREAD = 0.1;
const TARGET_PAGES_PER_S = 500;
const SMALL: DistrictShape = { units: 50, columns: 30, pages: 3 };
const MEDIUM: DistrictShape = { units: 500, columns: 30, pages: 3 };
const LARGE_COLUMNS = 10;

interface Measured extends Figures {
  shape: DistrictShape;
  heapLimitMb: number;
}

interface Args {
  large: boolean;
  largeUnits: number;
  installed: boolean;
  /** Internal: crawl this district in this process and write the figures to the file. */
  child?: { shape: DistrictShape; out: string };
}

function parseArgs(argv: string[]): Args {
  const args: Args = { large: false, largeUnits: 10_000, installed: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--large') args.large = true;
    else if (a === '--large-units') args.largeUnits = positive(argv[++i], a);
    else if (a === '--installed') args.installed = true;
    else if (a === '--child') args.child = { shape: JSON.parse(argv[++i]) as DistrictShape, out: argv[++i] };
    else throw new Error(`unknown argument ${a} (expected --large, --large-units N, --installed)`);
  }
  return args;
}

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} expects a positive integer, got ${value}`);
  return n;
}

const pagesOf = (s: DistrictShape) => s.units * s.columns * s.pages;
const describe = (s: DistrictShape) => `${s.units} units × ${s.columns} columns × ${s.pages} pages = ${pagesOf(s).toLocaleString('en')} pages`;

/** The crawl in a fresh process, which relaunches itself under the crawl limits exactly as `zwgk run` does. */
async function inCrawlProcess(shape: DistrictShape): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-memory-bench-'));
  const out = join(dir, 'figures.json');
  try {
    const child = fork(import.meta.filename, ['--child', JSON.stringify(shape), out], { stdio: 'inherit' });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`crawl of ${describe(shape)} exited with ${code}`);
    return JSON.parse(readFileSync(out, 'utf8')) as Measured;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function crawlHere(shape: DistrictShape, out: string): Promise<void> {
  if (!hasOwnHeapLimit(process.execArgv, process.env.NODE_OPTIONS)) await relaunchWithCrawlLimits();
  followLauncher();
  const [figures] = await benchDistrict(shape, [describe(shape)]);
  const measured: Measured = { ...figures, shape, heapLimitMb: getHeapStatistics().heap_size_limit / 2 ** 20 };
  writeFileSync(out, JSON.stringify(measured));
}

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'dist/src/cli/main.js');

/** `zwgk run` from the built bin on the district; the crawling process's VmHWM in MB and the wall time. */
async function crawlWithBin(shape: DistrictShape): Promise<{ vmHwmMb: number; wallMs: number }> {
  const server = await BenchServer.start(shape);
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-memory-bench-bin-'));
  try {
    const input = districtInput(shape, server.origin, {}, join(ROOT, 'config/schemes/yanjiang-2021.yaml'));
    const configFile = join(dir, 'district.yaml');
    // JSON is YAML: the file zwgk reads is the district as a user would write it.
    writeFileSync(configFile, JSON.stringify({ ...input, district: { ...input.district, dataDir: dir } }, null, 1));
    const started = performance.now();
    const launcher = spawn(process.execPath, [BIN, '-c', configFile, 'run', '--as-of', AS_OF], { stdio: ['ignore', 'inherit', 'ignore'] });
    let hwmKb = 0;
    const timer = setInterval(() => (hwmKb = Math.max(hwmKb, crawlerHwmKb(launcher.pid!))), 50);
    const code = await new Promise<number | null>((r) => launcher.once('exit', r));
    clearInterval(timer);
    if (code !== 0) throw new Error(`zwgk run exited with ${code}`);
    return { vmHwmMb: hwmKb / 1024, wallMs: performance.now() - started };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

/** VmHWM of the launcher's child (the relaunched crawl), 0 while there is none. */
function crawlerHwmKb(launcher: number): number {
  try {
    const child = readFileSync(`/proc/${launcher}/task/${launcher}/children`, 'utf8').trim().split(' ')[0];
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function installedRun(): Promise<void> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  const { vmHwmMb, wallMs } = await crawlWithBin(SMALL);
  console.log(`== ${describe(SMALL)}, crawled by the built bin (zwgk run, config read from YAML)`);
  console.log(`  wall time             ${(wallMs / 1000).toFixed(1)} s (${(pagesOf(SMALL) / (wallMs / 1000)).toFixed(0)} pages/s, process start and config included)`);
  console.log(`  peak RSS              VmHWM ${vmHwmMb.toFixed(1)} MB of the crawling process`);
  process.exitCode = verdict(vmHwmMb <= TARGET_PEAK_RSS_MB, `peak RSS ≤ ${TARGET_PEAK_RSS_MB} MB (${vmHwmMb.toFixed(1)} MB)`) ? 0 : 1;
}

const peakOf = (f: Figures) => Math.max(f.memory.sampledPeakMb, f.memory.vmHwmMb ?? 0);

function print(f: Measured): void {
  const m = f.memory;
  const hwm = m.vmHwmMb === null ? 'n/a' : `${m.vmHwmMb.toFixed(1)} MB${m.hwmReset ? '' : ' (process lifetime)'}`;
  console.log(`\n== ${f.label}`);
  console.log(`  V8 heap limit         ${f.heapLimitMb.toFixed(0)} MB`);
  console.log(`  wall time             ${(f.wallMs / 1000).toFixed(1)} s, ${f.pages} pages (${f.server.requests} requests)`);
  console.log(`  pages/s               ${f.pagesPerS.toFixed(0)}`);
  console.log(`  CPU per page          ${f.cpuMsPerPage.toFixed(2)} ms crawler; ${f.serverCpuMsPerPage.toFixed(2)} ms server (separate process)`);
  console.log(`  peak RSS              ${m.sampledPeakMb.toFixed(1)} MB sampled every 50 ms, VmHWM ${hwm}`);
  console.log(`    of which            ${m.startRssMb.toFixed(1)} MB at the start of the run; V8 heap peak ${m.heapUsedPeakMb.toFixed(0)} MB used / ${m.heapTotalPeakMb.toFixed(0)} MB reserved; external peak ${m.externalPeakMb.toFixed(0)} MB`);
  console.log(`  database              ${f.dbMb.toFixed(1)} MB`);
  if (f.badColumns > 0) console.log(`  !! ${f.badColumns} columns not read to their last page`);
}

function verdict(ok: boolean, text: string): boolean {
  console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${text}`);
  return ok;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return crawlHere(args.child.shape, args.child.out);

  if (args.installed) return installedRun();
  const large: DistrictShape = { units: args.largeUnits, columns: LARGE_COLUMNS, pages: 1 };
  console.log(`zwgk memory benchmark: each district crawled in a fresh process under zwgk's own heap limits, node ${process.version}`);
  const small = await inCrawlProcess(SMALL);
  print(small);
  const medium = await inCrawlProcess(MEDIUM);
  print(medium);
  const province = args.large ? await inCrawlProcess(large) : undefined;
  if (province) print(province);

  console.log('\n== targets');
  const runs = [small, medium, ...(province ? [province] : [])];
  const spread = Math.abs(peakOf(medium) - peakOf(small)) / Math.min(peakOf(small), peakOf(medium));
  const results = [
    ...runs.map((f) => verdict(peakOf(f) <= TARGET_PEAK_RSS_MB, `peak RSS ≤ ${TARGET_PEAK_RSS_MB} MB at ${pagesOf(f.shape).toLocaleString('en')} pages (${peakOf(f).toFixed(1)} MB)`)),
    verdict(spread <= TARGET_SPREAD, `4,500 and 45,000 pages within ${TARGET_SPREAD * 100} % of each other (${(spread * 100).toFixed(1)} %)`),
    verdict(small.pagesPerS >= TARGET_PAGES_PER_S, `≥ ${TARGET_PAGES_PER_S} pages/s on the 4,500-page first crawl (${small.pagesPerS.toFixed(0)})`),
    verdict(runs.every((f) => f.badColumns === 0), 'every column read to its last page'),
  ];
  process.exitCode = results.every(Boolean) ? 0 : 1;
}

await main();
