import type { UnitConfig } from '../config/schema.js';

/** Spaces of every width removed, full-width brackets made half-width: what a name "is" for matching. */
export function normalizeUnitName(name: string): string {
  return name
    .replace(/[\s\u3000\u00a0]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')');
}

export interface Attribution {
  unitIds: string[];
  /** Names (as shown) that match no unit. */
  unmatched: string[];
}

/**
 * Attributes a handling-unit name to units by exact name or alias (after normalising spaces and
 * bracket widths). A field naming several units (`区教育局、区卫健局`) belongs to each. Nothing is
 * guessed: a name that matches no unit is returned as unmatched.
 */
export class UnitMatcher {
  private readonly byName = new Map<string, string>();

  constructor(units: UnitConfig[]) {
    for (const unit of units) {
      for (const name of [unit.name, ...unit.aliases]) {
        const key = normalizeUnitName(name);
        if (!this.byName.has(key)) this.byName.set(key, unit.id);
      }
    }
  }

  unitOf(name: string): string | undefined {
    return this.byName.get(normalizeUnitName(name));
  }

  attribute(field: string | null | undefined): Attribution {
    const whole = field?.trim();
    if (!whole) return { unitIds: [], unmatched: [] };
    const direct = this.unitOf(whole);
    if (direct) return { unitIds: [direct], unmatched: [] };
    const unitIds: string[] = [];
    const unmatched: string[] = [];
    for (const part of whole.split(/[、，,；;]/).map((p) => p.trim()).filter(Boolean)) {
      const id = this.unitOf(part);
      if (id) {
        if (!unitIds.includes(id)) unitIds.push(id);
      } else unmatched.push(part);
    }
    return { unitIds, unmatched };
  }
}
