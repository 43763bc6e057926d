import type { DistrictConfig, UnitConfig } from '../../src/config/schema.js';
import type { Db } from '../../src/store/db.js';
import { loadDistrictFacts } from '../../src/store/district-facts.js';
import { columnKey, seenDates, type ColumnFacts } from '../../src/scoring/platform-facts.js';

/**
 * The columns whose facts for `night` are not what the district served: no observation that night,
 * not `ok`, not read to the end, another item count, or fewer items known than the list holds. Read
 * through the scoring's own door, so a night that carries a column forward instead of rereading it is
 * checked the same way: the column must still have its items. One line per column. Units are read
 * `UNITS_PER_LOAD` at a time, so checking a 500-unit night fits the crawl process's own heap limit.
 */
export function unreadColumns(db: Db, config: DistrictConfig, night: string, expectedItems: (unit: number, column: number) => number): string[] {
  const problems: string[] = [];
  for (let from = 0; from < config.units.length; from += UNITS_PER_LOAD) {
    const units = config.units.slice(from, from + UNITS_PER_LOAD);
    const facts = loadDistrictFacts(db, { ...config, units }, night).facts.columns;
    units.forEach((unit, k) => problems.push(...unitProblems(unit, from + k, facts, night, expectedItems)));
  }
  return problems;
}

const UNITS_PER_LOAD = 50;

function unitProblems(unit: UnitConfig, u: number, facts: Map<string, Map<string, ColumnFacts>>, night: string,
  expectedItems: (unit: number, column: number) => number): string[] {
  const problems: string[] = [];
  unit.columns.forEach((column, c) => {
    const expected = expectedItems(u, c);
    const known = facts.get(unit.id)?.get(columnKey(column));
    const seen = known?.observations.find((o) => seenDates(o).includes(night));
    const items = known?.items.filter((i) => i.firstSeen <= night).length ?? 0;
    const where = `${unit.id}/${column.name}`;
    if (!seen) problems.push(`${where}: no observation on ${night}`);
    else if (seen.status !== 'ok' || seen.listEnd !== 'end' || seen.itemCount !== expected || items < expected) {
      problems.push(`${where}: ${seen.status}, list end ${seen.listEnd}, ${seen.itemCount} items (${items} known), expected ${expected}`);
    }
  });
  return problems;
}
