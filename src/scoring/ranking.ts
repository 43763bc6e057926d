import { rankDescending } from './item-rules.js';

/**
 * Where a unit stands in the district. Totals are compared only between units whose totals are final:
 * a provisional total (manual items 待录入, an automated part 待接入) counts missing items as nothing, so
 * whoever is entered first would rank first. The automated item (item 9) is ranked on its own among
 * the units where it is complete, so a ranking exists while the manual entries are still coming in.
 */
export interface Standing {
  /** Rank of the total among final totals; null while the unit's total is provisional. */
  rank: number | null;
  /** How many units have a final total. */
  rankOf: number;
  /** Rank of the automated item's points among units where it is complete; null when it is not. */
  automatedRank: number | null;
  automatedRankOf: number;
}

export interface StandingInput {
  id: string;
  total: number;
  provisional: boolean;
  /** The automated item's points when all its parts are known, else null. */
  automated: number | null;
}

/** Competition ranks ("1, 2, 2, 4"), ties sharing the best rank. */
export function standings(units: StandingInput[]): Map<string, Standing> {
  const finals = rankDescending(new Map(units.map((u) => [u.id, u.provisional ? null : u.total])));
  const automated = rankDescending(new Map(units.map((u) => [u.id, u.automated])));
  const rankOf = units.filter((u) => !u.provisional).length;
  const automatedRankOf = units.filter((u) => u.automated !== null).length;
  return new Map(units.map((u) => [u.id, {
    rank: finals.get(u.id) ?? null, rankOf, automatedRank: automated.get(u.id) ?? null, automatedRankOf,
  }]));
}
