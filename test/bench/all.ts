/**
 * `npm run bench [-- --quick] [-- --large]`: every benchmark in turn, each in its own process, then one
 * line per section. Not a test: wall times depend on what else the machine is doing (check `uptime`).
 *
 * - crawl:  first-crawl throughput and the unchanged next night (crawl-bench.ts)
 * - nights: first, unchanged and 5 %-changed nights with requests per column; politeness-bound nights (nights-bench.ts)
 * - year:   365 unchanged nights into one database, its size (nights-bench.ts --year); skipped by --quick
 * - memory: peak RSS as installed at 4,500 and 45,000 pages; with --large also 10,000 units (memory-bench.ts)
 * - start:  whole-process times of --help, score and the weekly batch over a year of history (start-bench.ts)
 * - census: pages and time per unit for a census of a 200-page site, first and next (census-bench.ts)
 * - lexicon: precision and recall of the wording/typo checks on the labelled corpus (lexicon-bench.ts)
 * - probes: a day of availability probes for 60 units: requests, bytes, CPU, storage (probe-bench.ts)
 * - console: console page render times for 100 units with a year of history (console-bench.ts, 6 columns a unit;
 *   building the history takes about half an hour, kept in $TMPDIR/zwgk-console-bench); skipped by --quick
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const args = new Set(process.argv.slice(2));
for (const a of args) if (a !== '--quick' && a !== '--large') throw new Error(`unknown argument ${a} (expected --quick, --large)`);

const sections: { name: string; script: string; args: string[] }[] = [
  { name: 'crawl', script: 'crawl-bench.ts', args: ['--skip-large'] },
  { name: 'nights', script: 'nights-bench.ts', args: [] },
  ...(args.has('--quick') ? [] : [{ name: 'year', script: 'nights-bench.ts', args: ['--year'] }]),
  { name: 'memory', script: 'memory-bench.ts', args: args.has('--large') ? ['--large'] : [] },
  { name: 'start', script: 'start-bench.ts', args: [] },
  { name: 'census', script: 'census-bench.ts', args: [] },
  { name: 'lexicon', script: 'lexicon-bench.ts', args: [] },
  { name: 'probes', script: 'probe-bench.ts', args: [] },
  ...(args.has('--quick') ? [] : [{ name: 'console', script: 'console-bench.ts', args: ['--columns', '6', '--keep', join(tmpdir(), 'zwgk-console-bench')] }]),
];

const results: string[] = [];
for (const s of sections) {
  console.log(`\n######## ${s.name}: tsx test/bench/${s.script} ${s.args.join(' ')}`.trimEnd());
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, s.script), ...s.args], { stdio: 'inherit' });
  const took = ((performance.now() - started) / 1000).toFixed(0);
  results.push(`  ${run.status === 0 ? 'PASS' : 'FAIL'}  ${s.name} (${took} s)${run.status === 0 ? '' : `: exit ${run.status ?? run.signal}`}`);
}
console.log('\n######## summary');
for (const r of results) console.log(r);
process.exitCode = results.every((r) => r.includes('PASS')) ? 0 : 1;
