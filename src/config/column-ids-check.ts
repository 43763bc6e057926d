import type { UnitConfig } from './schema.js';
import type { ConfigProblem } from './errors.js';
import { hostPathKey } from '../identity/keys.js';

/**
 * Column ids must tell a unit's columns apart: a config `id` used twice, or the same page (scheme aside)
 * configured twice without ids, would join two columns' histories.
 */
export function columnIdProblems(file: string, unit: UnitConfig, u: number): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const byId = new Map<string, number>();
  const byPage = new Map<string, number>();
  unit.columns.forEach((column, c) => {
    const label = (i: number) => `"${unit.columns[i].name}" (units[${u}].columns[${i}])`;
    if (column.id !== undefined) {
      const other = byId.get(column.id);
      if (other !== undefined) {
        problems.push({ file, path: `units[${u}].columns[${c}].id`, message: `duplicate column id "${column.id}" in unit "${unit.id}": used by ${label(other)} and ${label(c)}` });
      } else byId.set(column.id, c);
      return;
    }
    const page = hostPathKey(column.url);
    const other = byPage.get(page);
    if (other !== undefined) {
      problems.push({ file, path: `units[${u}].columns[${c}].url`, message: `columns ${label(other)} and ${label(c)} of unit "${unit.id}" read the same page ${column.url}: expected a distinct id (units[].columns[].id) on each` });
    } else byPage.set(page, c);
  });
  return problems;
}
