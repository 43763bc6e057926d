/**
 * Night-by-night benchmark (not a test): `tsx test/bench/nights-bench.ts [--units N] [--skip-politeness]
 * [--politeness-only] [--polite-units N] [--polite-columns N] [--rate R]`, and `--year [--nights N]
 * [--weekly-change PCT]` for a year of nights (year-run.ts).
 *
 * Runs the real audit on the synthetic district (synthetic-district.ts) night after night, `asOf` and
 * the clock one day on each night, into one SQLite file, against a site in its own process that counts
 * what it answers: a first night, the unchanged next night, and a night after 5 % of the columns got a
 * new newest item (which shifts their list pages as a CMS does). Then the same three nights on a small
 * district whose one host allows 2 requests/s: a night should take (requests ÷ rate), no more. Each
 * night runs in a fresh process, as the nightly run does, so its memory is its own.
 * Crawl settings are the installed defaults (link checks on) except those printed in the header.
 * Exit code 1 if a target is missed. Wall times include whatever else the machine is doing: check `uptime`.
 */
import { AS_OF } from './synthetic-district.js';
import { addDays } from '../../src/time/dates.js';
import { BenchSession, CONCURRENCY_PER_HOST, type CrawlOverrides, type Figures } from './measure.js';
import { printNight, verdict } from './night-report.js';
import { runYear } from './year-run.js';

const COLUMNS = 30;
const PAGES = 3;
const CHANGED_SHARE = 0.05;
const TARGET_UNCHANGED_SPEEDUP = 10;
const TARGET_FLOOR_RATIO = 1.1;

interface Args {
  units: number;
  politeness: boolean;
  nights: boolean;
  politeUnits: number;
  politeColumns: number;
  rate: number;
  year: boolean;
  yearNights: number;
  weeklyChange: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { units: 50, politeness: true, nights: true, politeUnits: 4, politeColumns: 8, rate: 2, year: false, yearNights: 365, weeklyChange: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--units') args.units = positive(argv[++i], a);
    else if (a === '--skip-politeness') args.politeness = false;
    else if (a === '--politeness-only') args.nights = false;
    else if (a === '--polite-units') args.politeUnits = positive(argv[++i], a);
    else if (a === '--polite-columns') args.politeColumns = positive(argv[++i], a);
    else if (a === '--rate') args.rate = positive(argv[++i], a);
    else if (a === '--year') args.year = true;
    else if (a === '--nights') args.yearNights = positive(argv[++i], a);
    else if (a === '--weekly-change') args.weeklyChange = percent(argv[++i], a);
    else {
      throw new Error(`unknown argument ${a} (expected --units N, --skip-politeness, --politeness-only, --polite-units N, `
        + '--polite-columns N, --rate R, --year, --nights N, --weekly-change PCT)');
    }
  }
  return args;
}

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} expects a positive integer, got ${value}`);
  return n;
}

function percent(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new Error(`${flag} expects a percentage from 0 to 100, got ${value}`);
  return n / 100;
}

/** A first night, the unchanged next night, and a night after `CHANGED_SHARE` of the columns got a new item. */
async function threeNights(units: number, columns: number, crawl: CrawlOverrides): Promise<Figures[]> {
  const session = await BenchSession.open({ units, columns, pages: PAGES }, crawl, true);
  try {
    const nights: Figures[] = [];
    const night = async (label: string, asOf: string) => {
      const f = await session.night(label, asOf);
      printNight(f);
      nights.push(f);
    };
    await night(`night 1: first crawl, ${units} units × ${columns} columns`, AS_OF);
    await night('night 2: unchanged', addDays(AS_OF, 1));
    const changed = await session.publish(CHANGED_SHARE, addDays(AS_OF, 2), 2);
    await night(`night 3: ${changed} of ${session.columns} columns (${(CHANGED_SHARE * 100).toFixed(0)} %) have a new newest item`, addDays(AS_OF, 2));
    return nights;
  } finally {
    await session.close();
  }
}

async function nightsBench(args: Args): Promise<boolean[]> {
  console.log(`zwgk nights benchmark: ${args.units} units × ${COLUMNS} columns × ${PAGES} list pages of ~50 KB on one host, `
    + `per-host concurrency ${CONCURRENCY_PER_HOST}, browser off, link checks as installed; node ${process.version}`);
  const [first, unchanged, changed] = await threeNights(args.units, COLUMNS, { linkCheckCount: undefined });
  const speedup = first.wallMs / unchanged.wallMs;
  console.log(`\n  unchanged next night ${speedup.toFixed(2)}× faster than the first; 5 %-changed night ${(first.wallMs / changed.wallMs).toFixed(2)}× faster`);
  console.log('\n== targets (nights)');
  return [
    verdict(speedup >= TARGET_UNCHANGED_SPEEDUP, `unchanged next night ≥ ${TARGET_UNCHANGED_SPEEDUP}× faster than the first crawl (${speedup.toFixed(2)}×)`),
    verdict([first, unchanged, changed].every((f) => f.badColumns === 0), "every column's facts for each night hold all its items, its list read to the end"),
  ];
}

async function politenessBench(args: Args): Promise<boolean[]> {
  const intervalMs = Math.round(1000 / args.rate);
  console.log(`\nzwgk politeness benchmark: ${args.politeUnits} units × ${args.politeColumns} columns × ${PAGES} list pages, every unit on one host `
    + `limited to ${args.rate} requests/s (hosts override: minIntervalMs ${intervalMs}, concurrency 2), unitConcurrency and link checks as installed`);
  const nights = await threeNights(args.politeUnits, args.politeColumns, {
    concurrencyPerHost: undefined, hosts: { '127.0.0.1': { minIntervalMs: intervalMs, concurrency: 2 } }, linkCheckCount: undefined,
  });
  console.log('\n== politeness floor: a night should take (requests ÷ rate)');
  console.log('  night                         requests  per column  floor s   wall s   wall/floor  closest arrivals');
  const results: boolean[] = [];
  for (const f of nights) {
    const floor = f.server.requests / args.rate;
    const ratio = f.wallMs / 1000 / floor;
    const gap = f.server.minGapMs;
    console.log(`  ${f.label.slice(0, 28).padEnd(28)}  ${String(f.server.requests).padStart(8)}  ${(f.server.requests / f.columns).toFixed(2).padStart(10)}  `
      + `${floor.toFixed(1).padStart(7)}  ${(f.wallMs / 1000).toFixed(1).padStart(7)}  ${ratio.toFixed(3).padStart(10)}  ${gap === null ? '-' : `${gap.toFixed(1)} ms`}`);
    results.push(verdict(ratio <= TARGET_FLOOR_RATIO, `${f.label.split(':')[0]}: wall within 10 % of the floor (${ratio.toFixed(3)})`));
    // As in test/politeness.test.ts: a busy machine delivers single requests late (a shorter gap after a
    // longer one); a request that skipped its turn shortens the whole span by an interval.
    const spanOk = f.server.spanMs >= (f.server.requests - 1.5) * intervalMs && (gap === null || gap > intervalMs / 2);
    results.push(verdict(spanOk, `${f.label.split(':')[0]}: no request skipped its turn (first to last arrival ${(f.server.spanMs / 1000).toFixed(2)} s `
      + `for ${f.server.requests} requests; closest two ${gap === null ? '-' : `${gap.toFixed(0)} ms`} apart)`));
    results.push(verdict(f.badColumns === 0, `${f.label.split(':')[0]}: every column's facts hold all its items`));
  }
  return results;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const results: boolean[] = [];
  if (args.year) results.push(...await runYear({ units: args.units, columns: COLUMNS, pages: PAGES }, args.yearNights, args.weeklyChange));
  else {
    if (args.nights) results.push(...await nightsBench(args));
    if (args.politeness) results.push(...await politenessBench(args));
  }
  process.exitCode = results.every(Boolean) ? 0 : 1;
}

await main();
