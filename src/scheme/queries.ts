import type { UnitType } from '../config/schema.js';
import type { Criterion } from './items.js';
import type { AutomatedItem, Scheme } from './schema.js';

/**
 * Plain lookups on a validated scheme. They import no schema at run time, so scoring a stored district
 * loads neither zod nor the YAML parser when the config comes from the cache (`config-cache.ts`).
 */

export function automatedItem(scheme: Scheme): AutomatedItem {
  const item = scheme.items.find((i) => i.kind === 'automated');
  if (!item) throw new Error(`scheme ${scheme.id} has no automated item`);
  return item;
}

/** Points of a criterion for a unit type; null where it does not apply. */
export function criterionPointsFor(c: Criterion, type: UnitType): number | null {
  if (typeof c.points === 'number') return c.points;
  return c.points[type] ?? null;
}

export const UNIT_TYPE_ZH: Record<UnitType, string> = {
  town: '镇', subdistrict: '街道', department: '区级部门', 'approval-bureau': '区行政审批局',
};
