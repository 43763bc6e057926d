import type { UnitType } from '../config/schema.js';
import type { ManualRule, PerCountDeductionItem } from '../scheme/items.js';
import { criterionPointsFor } from '../scheme/queries.js';

/** Points and an explanation in Chinese for one manually recorded item. */
export interface RuleResult {
  points: number;
  detail: string;
}

/** Each criterion met earns its points for the unit type. */
export function scoreChecklist(rule: Extract<ManualRule, { kind: 'checklist' }>, type: UnitType, met: string[]): RuleResult {
  const done: string[] = [];
  const missed: string[] = [];
  let points = 0;
  for (const c of rule.checks) {
    const p = criterionPointsFor(c, type);
    if (p === null) continue;
    if (met.includes(c.id)) {
      points += p;
      done.push(`${c.text}（${p}分）`);
    } else missed.push(`${c.text}（${p}分）`);
  }
  const parts = [done.length ? `达到：${done.join('、')}` : '', missed.length ? `未达到：${missed.join('、')}` : ''];
  return { points, detail: parts.filter(Boolean).join('；') };
}

/** A count earns the points of the highest step it reaches; below the lowest step, 0. */
export function scoreCountSteps(rule: Extract<ManualRule, { kind: 'count-steps' }>, count: number): RuleResult {
  const step = [...rule.steps].reverse().find((s) => count >= s.count);
  const points = step?.points ?? 0;
  return { points, detail: `${rule.counts} ${count} 次，得 ${points} 分` };
}

/** Starts at the item's max; a count loses the deduction of the highest step it reaches (never below 0). */
export function scoreDeductionSteps(rule: Extract<ManualRule, { kind: 'deduction-steps' }>, max: number, count: number): RuleResult {
  const step = [...rule.steps].reverse().find((s) => count >= s.count);
  const deduct = Math.min(max, step?.deduct ?? 0);
  return { points: max - deduct, detail: `${rule.counts} ${count} 次${deduct ? `，扣 ${deduct} 分` : '，不扣分'}` };
}

export function scoreJudged(points: number, reason: string): RuleResult {
  return { points, detail: `评议 ${points} 分：${reason}` };
}

/** Deduction outside the 100 points: `perCount` per event, no cap. Returns the points deducted (≥ 0). */
export function scorePerCountDeduction(item: PerCountDeductionItem, count: number): RuleResult {
  const points = count * item.perCount;
  return { points, detail: `${item.counts} ${count} 次${points ? `，扣 ${points} 分` : '，不扣分'}` };
}

/** Competition ranking ("1, 2, 2, 4"): equal values share the best rank. Higher is better; nulls get no rank. */
export function rankDescending<K>(values: Map<K, number | null>): Map<K, number | null> {
  const key = (v: number) => Math.round(v * 1e9);
  const known = [...values.values()].filter((v): v is number => v !== null).map(key);
  const out = new Map<K, number | null>();
  for (const [k, v] of values) out.set(k, v === null ? null : 1 + known.filter((o) => o > key(v)).length);
  return out;
}

/** Half-up rounding to `decimals` places that ignores binary noise (1.005 → 1.01). */
export function roundHalfUp(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const scaled = Number((Math.abs(x) * f).toPrecision(12));
  const r = Math.round(scaled) / f;
  return x < 0 && r !== 0 ? -r : r;
}
