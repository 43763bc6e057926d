import type { z } from 'zod';
import { UNIT_TYPES, type UnitType } from '../config/schema.js';
import { criterionPointsFor, type Criterion } from './items.js';

/** What the cross-field checks need of an item; the full union lives in schema.ts. */
interface CheckedItem {
  no: number;
  kind: string;
  max?: number;
  appliesTo?: UnitType[];
  checks?: unknown;
  steps?: { count: number; points?: number; deduct?: number }[];
  variants?: { kind: string; appliesTo: UnitType[]; checks?: unknown; steps?: { count: number; points?: number; deduct?: number }[] }[];
  parts?: unknown;
}

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

/** Checks zod cannot express per field: unique numbers, point sums, ordered steps, disjoint variants. */
export function checkSchemeItems(items: CheckedItem[], ctx: Ctx): void {
  const seen = new Map<number, number>();
  items.forEach((item, i) => {
    const other = seen.get(item.no);
    if (other !== undefined) issue(ctx, ['items', i, 'no'], `duplicate item number ${item.no} (also items[${other}])`);
    seen.set(item.no, i);
    const applies = item.appliesTo ?? [...UNIT_TYPES];
    if (item.kind === 'checklist') checkCriteria(ctx, ['items', i], item.checks as Criterion[], item.max!, applies);
    if (item.kind === 'count-steps' || item.kind === 'deduction-steps') checkSteps(ctx, ['items', i], item.steps!, item.max!);
    if (item.kind === 'by-unit-type') {
      const owner = new Map<UnitType, number>();
      item.variants!.forEach((v, k) => {
        const path: Path = ['items', i, 'variants', k];
        for (const type of v.appliesTo) {
          const prev = owner.get(type);
          if (prev !== undefined) issue(ctx, [...path, 'appliesTo'], `unit type "${type}" is already covered by variants[${prev}]`);
          else owner.set(type, k);
          if (!applies.includes(type)) issue(ctx, [...path, 'appliesTo'], `unit type "${type}" is not in the item's appliesTo`);
        }
        if (v.kind === 'checklist') checkCriteria(ctx, path, v.checks as Criterion[], item.max!, v.appliesTo);
        if (v.kind === 'count-steps' || v.kind === 'deduction-steps') checkSteps(ctx, path, v.steps!, item.max!);
      });
    }
    if (item.kind === 'bonus') checkBonusParts(ctx, ['items', i], item.parts as { id: string }[]);
  });
  if (items.filter((i) => i.kind === 'automated').length !== 1) issue(ctx, ['items'], 'expected exactly one item of kind "automated" (item 9)');
  if (items.filter((i) => i.kind === 'bonus').length > 1) issue(ctx, ['items'], 'expected at most one item of kind "bonus"');
}

/** Criterion ids are unique and, for every unit type the rule applies to, the applicable points add up to the item's max. */
function checkCriteria(ctx: Ctx, path: Path, checks: Criterion[], max: number, types: UnitType[]): void {
  const ids = new Set<string>();
  checks.forEach((c, k) => {
    if (ids.has(c.id)) issue(ctx, [...path, 'checks', k, 'id'], `duplicate criterion id "${c.id}"`);
    ids.add(c.id);
  });
  const wrong = new Map<number, UnitType[]>();
  for (const type of types) {
    const sum = checks.reduce((n, c) => n + (criterionPointsFor(c, type) ?? 0), 0);
    if (Math.abs(sum - max) > 1e-9) wrong.set(sum, [...(wrong.get(sum) ?? []), type]);
  }
  for (const [sum, wrongTypes] of wrong) {
    issue(ctx, [...path, 'checks'], `points for unit type ${wrongTypes.map((t) => `"${t}"`).join(', ')} add up to ${sum}, expected the item's max ${max}`);
  }
}

function checkSteps(ctx: Ctx, path: Path, steps: { count: number; points?: number; deduct?: number }[], max: number): void {
  steps.forEach((s, k) => {
    const value = s.points ?? s.deduct ?? 0;
    const key = s.points !== undefined ? 'points' : 'deduct';
    if (value > max) issue(ctx, [...path, 'steps', k, key], `${value} is more than the item's max ${max}`);
    if (k > 0) {
      const prev = steps[k - 1];
      if (s.count <= prev.count) issue(ctx, [...path, 'steps', k, 'count'], `counts must increase (previous step counts ${prev.count})`);
      if (value < (prev.points ?? prev.deduct ?? 0)) issue(ctx, [...path, 'steps', k, key], `must not be less than the previous step's ${prev.points ?? prev.deduct}`);
    }
  });
}

function checkBonusParts(ctx: Ctx, path: Path, parts: { id: string }[]): void {
  const ids = new Set<string>();
  parts.forEach((p, k) => {
    if (ids.has(p.id)) issue(ctx, [...path, 'parts', k, 'id'], `duplicate bonus part id "${p.id}"`);
    ids.add(p.id);
  });
}

function issue(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}
