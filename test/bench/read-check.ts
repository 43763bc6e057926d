import type { DistrictConfig } from '../../src/config/schema.js';
import type { Db } from '../../src/store/db.js';
import { loadDistrictFacts } from '../../src/store/district-facts.js';
import { columnKey } from '../../src/scoring/platform-facts.js';

/**
 * The columns whose facts for `night` are not what the district served: no observation that night,
 * not `ok`, not read to the end, another item count, or fewer items known than the list holds. Read
 * through the scoring's own door, so a night that carries a column forward instead of rereading it is
 * checked the same way: the column must still have its items. One line per column.
 */
export function unreadColumns(db: Db, config: DistrictConfig, night: string, expectedItems: (unit: number, column: number) => number): string[] {
  const facts = loadDistrictFacts(db, config, night).facts.columns;
  const problems: string[] = [];
  config.units.forEach((unit, u) => unit.columns.forEach((column, c) => {
    const expected = expectedItems(u, c);
    const known = facts.get(unit.id)?.get(columnKey(column));
    const seen = known?.observations.find((o) => o.seenOn.includes(night));
    const items = known?.items.filter((i) => i.firstSeen <= night).length ?? 0;
    const where = `${unit.id}/${column.name}`;
    if (!seen) problems.push(`${where}: no observation on ${night}`);
    else if (seen.status !== 'ok' || seen.listEnd !== 'end' || seen.itemCount !== expected || items < expected) {
      problems.push(`${where}: ${seen.status}, list end ${seen.listEnd}, ${seen.itemCount} items (${items} known), expected ${expected}`);
    }
  }));
  return problems;
}
