import { addDays } from '../../src/time/dates.js';
import type { TableSize } from '../../src/store/db-stats.js';
import { BenchSession } from './measure.js';
import { mb, verdict } from './night-report.js';
import { AS_OF, type DistrictShape } from './synthetic-district.js';

/**
 * A year of nights (nights-bench.ts `--year`): the real audit every night into one SQLite file, `asOf`
 * and the clock one day on each night, the database opened and closed around each night as the nightly
 * process does. The site is unchanged unless `weeklyChange` > 0: then once a week (nights 8, 15, …)
 * that share of the columns gets a new newest item. Prints the database after nights 1, 30, 90 and 365
 * (and the last), rows and bytes per table, and the growth per night; checks the year's growth target.
 */
const TARGET_YEAR_MB = 200;
const TARGET_UNITS = 50;
const YEAR = 365;

interface Size {
  night: number;
  dbMb: number;
  walMb: number;
}

export async function runYear(shape: DistrictShape, nights: number, weeklyChange: number): Promise<boolean[]> {
  const changes = weeklyChange > 0 ? `${(weeklyChange * 100).toFixed(1)} % of the columns get a new newest item once a week` : 'nothing on the site changes';
  console.log(`zwgk year benchmark: ${nights} nights of ${shape.units} units × ${shape.columns} columns × ${shape.pages} list pages from ${AS_OF}; `
    + `${changes}; link checks as installed; node ${process.version}`);
  const checkpoints = new Set([1, 30, 90, YEAR, nights].filter((n) => n <= nights));
  const session = await BenchSession.open(shape, { linkCheckCount: undefined });
  const started = performance.now();
  const sizes: Size[] = [];
  let wallMs = 0;
  let requests = 0;
  let unread = 0;
  try {
    for (let n = 1; n <= nights; n++) {
      const asOf = addDays(AS_OF, n - 1);
      if (weeklyChange > 0 && n > 1 && (n - 1) % 7 === 0) await session.publish(weeklyChange, asOf, n);
      const f = await session.night(`night ${n}`, asOf, { verify: checkpoints.has(n) });
      wallMs += f.wallMs;
      requests += f.server.requests;
      unread += f.badColumns;
      if (checkpoints.has(n)) {
        sizes.push({ night: n, dbMb: f.dbMb, walMb: f.walMb });
        console.log(`\n== after night ${n} (${asOf})`);
        console.log(`  database              ${f.dbMb.toFixed(1)} MB (WAL ${f.walMb.toFixed(1)} MB before closing)`);
        console.log(`  this night            ${(f.wallMs / 1000).toFixed(2)} s, ${f.server.requests} requests (${f.server.notModified} answered 304), `
          + `${(f.server.requests / f.columns).toFixed(2)} per column, CPU ${f.cpuMs.toFixed(0)} ms`);
        console.log(`  so far                ${(wallMs / 1000).toFixed(1)} s in audits, ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
        if (f.badColumns > 0) console.log(`  !! ${f.badColumns} columns whose facts for the night are not what was served: ${f.unread.join('; ')}`);
        printTables(session.tableSizes());
      } else if (n % 30 === 0) {
        console.log(`  night ${n}: ${(f.wallMs / 1000).toFixed(2)} s, ${f.server.requests} requests, database ${f.dbMb.toFixed(1)} MB`);
      }
    }
  } finally {
    await session.close();
  }
  return yearVerdicts(shape, nights, sizes, { wallMs, requests, unread, totalMs: performance.now() - started });
}

function printTables(tables: TableSize[]): void {
  console.log('  table / index                      rows        MB');
  for (const t of tables.filter((x) => x.bytes >= 64 * 1024 || (x.rows ?? 0) > 0)) {
    console.log(`    ${t.name.padEnd(32)} ${(t.rows === null ? '' : String(t.rows)).padStart(9)} ${mb(t.bytes).padStart(9)}`);
  }
}

function yearVerdicts(shape: DistrictShape, nights: number, sizes: Size[],
  totals: { wallMs: number; requests: number; unread: number; totalMs: number }): boolean[] {
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  const perNight = nights > 1 ? (last.dbMb - first.dbMb) / (nights - 1) : 0;
  console.log('\n== the year');
  console.log(`  database by night     ${sizes.map((s) => `${s.night}: ${s.dbMb.toFixed(1)} MB${s.walMb > 0 ? ` (+${s.walMb.toFixed(1)} WAL)` : ''}`).join(', ')}`);
  console.log(`  growth per night      ${perNight.toFixed(3)} MB after the first night (${(perNight * 1024 / shape.units).toFixed(1)} KB per unit)`);
  console.log(`  nights                ${(totals.wallMs / nights / 1000).toFixed(2)} s and ${(totals.requests / nights).toFixed(0)} requests per night on average; `
    + `${(totals.totalMs / 1000 / 60).toFixed(1)} min for the whole run`);
  console.log('\n== targets (year)');
  const added = last.dbMb - first.dbMb;
  const results = [verdict(totals.unread === 0, "every checked night's facts hold every column's items")];
  if (nights === YEAR && shape.units === TARGET_UNITS) {
    results.push(verdict(added <= TARGET_YEAR_MB, `≤ ${TARGET_YEAR_MB} MB added over ${YEAR} nights for ${TARGET_UNITS} units (${added.toFixed(1)} MB)`));
  } else {
    // Not the target's run: the linear projection is printed and judged as such, never as the measured figure.
    const projected = perNight * (YEAR - 1) * (TARGET_UNITS / shape.units);
    results.push(verdict(projected <= TARGET_YEAR_MB, `projected from ${nights} nights of ${shape.units} units, not measured: `
      + `${projected.toFixed(1)} MB added over ${YEAR} nights for ${TARGET_UNITS} units (target ≤ ${TARGET_YEAR_MB} MB)`));
  }
  return results;
}
