/**
 * Fast start over a year of history (issue 11, requirement 3): builds a 50-unit district with 365
 * nights of stored history, then times whole `zwgk` processes as installed (`node dist/src/cli/main.js`)
 * and prints median, max and peak RSS against the targets. A program that prints figures, not a test.
 *
 *   npx tsx test/bench/start-bench.ts [--units 50] [--columns 30] [--nights 365] [--runs 5] [--keep DIR] [--no-build]
 *
 * `--keep DIR` builds the history into DIR once and reuses it on later runs (delete DIR to rebuild): writing
 * a year takes 15–26 min on the shared 2-core machine with one row per column and night.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildHistory, type HistoryShape } from './history-district.js';
import { openApp } from '../../src/app.js';
import { calendarFor } from '../../src/calendar/app-calendar.js';
import { loadDistrictFacts } from '../../src/store/district-facts.js';
import { scoreDistrict } from '../../src/scoring/score-district.js';
import { addDays } from '../../src/time/dates.js';
import { SCORE_CACHE_FILE } from '../../src/score-cache.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'dist/src/cli/main.js');
const TIME = '/usr/bin/time';

const { values: args } = parseArgs({
  options: {
    units: { type: 'string', default: '50' }, columns: { type: 'string', default: '30' }, nights: { type: 'string', default: '365' },
    runs: { type: 'string', default: '5' }, keep: { type: 'string' }, 'no-build': { type: 'boolean', default: false },
  },
});
const shape: HistoryShape = { units: Number(args.units), columns: Number(args.columns), nights: Number(args.nights), lastNight: '2026-12-31' };
const runs = Number(args.runs);
const asOf = shape.lastNight;

interface Timed {
  label: string;
  args: string[];
  /** Run before each timed run (not timed). */
  before?: () => void;
  targetS: number | null;
  wallS: number[];
  rssMb: (number | null)[];
  /** User + system CPU seconds (GNU time): on a shared machine a steadier figure than wall time. */
  cpuS: (number | null)[];
}

function build(): void {
  console.log('building dist/ (tsc -p tsconfig.json) …');
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('tsc failed');
}

async function history(): Promise<{ dir: string; configFile: string; owned: boolean }> {
  const dir = args.keep ? resolve(args.keep) : mkdtempSync(join(tmpdir(), 'zwgk-start-bench-'));
  const marker = join(dir, 'shape.json');
  const configFile = join(dir, 'district.yaml');
  if (args.keep && existsSync(marker) && readFileSync(marker, 'utf8') === JSON.stringify(shape)) {
    console.log(`reusing the history in ${dir}`);
    return { dir, configFile, owned: false };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`writing ${shape.units} units × ${shape.columns} columns × ${shape.nights} nights through the store API …`);
  const started = performance.now();
  await buildHistory(dir, shape, (line) => console.log(line));
  writeFileSync(marker, JSON.stringify(shape));
  console.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { dir, configFile, owned: !args.keep };
}

/** One whole process: wall time from spawn to exit, and the kernel's peak RSS and CPU time for it (GNU time, when installed). */
function runOnce(configFile: string, cmdArgs: string[], scratch: string): { wallS: number; rssMb: number | null; cpuS: number | null } {
  const rssFile = join(scratch, 'rss.txt');
  const node = [process.execPath, BIN, '-c', configFile, ...cmdArgs];
  const withTime = existsSync(TIME);
  const argv = withTime ? [TIME, '-f', '%M %U %S', '-o', rssFile, ...node] : node;
  const started = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd: scratch, encoding: 'utf8', maxBuffer: 256 * 2 ** 20, env: { ...process.env, ZWGK_NOW: `${asOf}T04:00:00Z`, ZWGK_DEBUG: '1' },
  });
  const wallS = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`zwgk ${cmdArgs.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [rssKb, user, sys] = withTime ? readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) : [];
  return { wallS, rssMb: withTime ? rssKb / 1024 : null, cpuS: withTime ? user + sys : null };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
const fmt = (n: number | null, digits = 2) => (n === null ? '—' : n.toFixed(digits));

/** Where a score's time goes, inside one process: config, facts, one as-of date, the weekly batch's eight. */
function phases(configFile: string): string {
  const t0 = performance.now();
  const app = openApp(configFile, undefined, { readonly: true });
  try {
    const t1 = performance.now();
    const { facts, manual } = loadDistrictFacts(app.db, app.loaded.config, asOf);
    const t2 = performance.now();
    const calendar = calendarFor(app.loaded);
    scoreDistrict(facts, app.loaded.scheme, calendar, manual, asOf);
    const t3 = performance.now();
    for (let k = 0; k < 8; k++) scoreDistrict(facts, app.loaded.scheme, calendar, manual, addDays(asOf, -7 * k));
    const t4 = performance.now();
    const ms = (a: number, b: number) => `${(b - a).toFixed(0)} ms`;
    return `config ${ms(t0, t1)}, facts ${ms(t1, t2)}, score one date ${ms(t2, t3)}, eight weekly dates ${ms(t3, t4)}`;
  } finally {
    app.close();
  }
}

async function main(): Promise<void> {
  if (!args['no-build']) build();
  const { dir, configFile, owned } = await history();
  const scratch = mkdtempSync(join(tmpdir(), 'zwgk-start-scratch-'));
  try {
    const db = join(dir, 'zwgk.sqlite');
    const dropScoreCache = () => rmSync(join(dir, SCORE_CACHE_FILE), { force: true });
    console.log(`database ${(statSync(db).size / 2 ** 20).toFixed(1)} MB; ${runs} runs per command, as of ${asOf}\n`);
    const out = join(scratch, 'weekly');
    const commands: Timed[] = [
      { label: 'zwgk --help', args: ['--help'], targetS: 0.3, wallS: [], rssMb: [], cpuS: [] },
      // The first score after the facts changed computes from the whole year; the nightly run's ledger update
      // does that once and leaves the scores in the score cache, which every later score of the day reads.
      { label: 'zwgk score --json (new facts)', args: ['score', '--json', '--as-of', asOf], targetS: 1, before: dropScoreCache, wallS: [], rssMb: [], cpuS: [] },
      { label: 'zwgk score --json', args: ['score', '--json', '--as-of', asOf], targetS: 1, wallS: [], rssMb: [], cpuS: [] },
      { label: 'zwgk score', args: ['score', '--as-of', asOf], targetS: null, wallS: [], rssMb: [], cpuS: [] },
      { label: 'zwgk score --all', args: ['score', '--all', '--as-of', asOf], targetS: null, wallS: [], rssMb: [], cpuS: [] },
      { label: 'zwgk report weekly --out', args: ['report', 'weekly', '--as-of', asOf, '--out', out], targetS: 10, wallS: [], rssMb: [], cpuS: [] },
    ];
    for (const c of commands) {
      for (let i = 0; i < runs; i++) {
        rmSync(out, { recursive: true, force: true });
        c.before?.();
        const r = runOnce(configFile, c.args, scratch);
        c.wallS.push(r.wallS);
        c.rssMb.push(r.rssMb);
        c.cpuS.push(r.cpuS);
      }
    }
    const files = existsSync(join(out, asOf)) ? spawnSync('ls', [join(out, asOf)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).length : 0;
    console.log(`${'command'.padEnd(34)}${'median s'.padStart(10)}${'max s'.padStart(10)}${'CPU s'.padStart(8)}${'peak RSS MB'.padStart(13)}  target`);
    for (const c of commands) {
      const rss = c.rssMb.filter((x): x is number => x !== null);
      const med = median(c.wallS);
      const verdict = c.targetS === null ? '' : `${med <= c.targetS ? 'PASS' : 'FAIL'} ≤ ${c.targetS} s (median)`;
      const cpu = c.cpuS.filter((x): x is number => x !== null);
      console.log(`${c.label.padEnd(34)}${fmt(med).padStart(10)}${fmt(Math.max(...c.wallS)).padStart(10)}${fmt(cpu.length ? median(cpu) : null).padStart(8)}`
        + `${fmt(rss.length ? Math.max(...rss) : null, 0).padStart(13)}  ${verdict}`);
    }
    console.log(`\nthe weekly batch wrote ${files} files (per unit HTML, text and form; the office summary)`);
    for (let i = 1; i <= 2; i++) console.log(`in one process, run ${i}: ${phases(configFile)}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (owned) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
