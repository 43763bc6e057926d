import type { UnitType } from '../config/schema.js';
import type { Scheme, SchemeItem } from '../scheme/schema.js';
import type { BonusItem, ManualRule, PerCountDeductionItem } from '../scheme/items.js';
import { criterionPointsFor, UNIT_TYPE_ZH } from '../scheme/queries.js';

/** What an inspector records for one item: a count, the criteria met, or points with a reason; `cleared` withdraws the entry. */
export type ManualValue =
  | { count: number }
  | { met: string[] }
  | { points: number; reason: string }
  | { cleared: true };

export type InputKind = 'count' | 'met' | 'points';

/** The rule an entry for this item and unit type is scored by, or why there is none. */
export type EntryRule =
  | { kind: 'rule'; input: InputKind; rule: ManualRule | BonusItem | PerCountDeductionItem }
  | { kind: 'automated' }
  | { kind: 'not-applicable' };

export function itemLabel(item: SchemeItem): string {
  return `第${item.no}项「${item.name}」`;
}

export function findItem(scheme: Scheme, no: number): SchemeItem | undefined {
  return scheme.items.find((i) => i.no === no);
}

/** Whether the item is assessed for a unit type at all. */
export function itemApplies(item: SchemeItem, type: UnitType): boolean {
  if (item.appliesTo && !item.appliesTo.includes(type)) return false;
  if (item.kind === 'by-unit-type') return item.variants.some((v) => v.appliesTo.includes(type));
  return true;
}

export function entryRule(item: SchemeItem, type: UnitType): EntryRule {
  if (item.kind === 'automated') return { kind: 'automated' };
  if (!itemApplies(item, type)) return { kind: 'not-applicable' };
  const rule = item.kind === 'by-unit-type' ? item.variants.find((v) => v.appliesTo.includes(type))! : item;
  return { kind: 'rule', input: inputOf(rule), rule };
}

function inputOf(rule: ManualRule | BonusItem | PerCountDeductionItem): InputKind {
  switch (rule.kind) {
    case 'checklist':
    case 'bonus':
      return 'met';
    case 'judged':
      return 'points';
    default:
      return 'count';
  }
}

/** The ids an inspector may mark as met: applicable criteria, or the bonus parts an inspector records. */
export function metChoices(rule: ManualRule | BonusItem | PerCountDeductionItem, type: UnitType): { id: string; text: string; points: number }[] {
  if (rule.kind === 'checklist') {
    return rule.checks.flatMap((c) => {
      const points = criterionPointsFor(c, type);
      return points === null ? [] : [{ id: c.id, text: c.text, points }];
    });
  }
  if (rule.kind === 'bonus') return rule.parts.filter((p) => p.source === 'manual').map((p) => ({ id: p.id, text: p.text, points: p.points }));
  return [];
}

const INPUT_ZH: Record<InputKind, string> = { count: '次数（--count）', met: '达到的评分标准（--met）', points: '得分和理由（--points、--reason）' };

/** Every reason the value cannot be recorded for this item and unit type, in Chinese; empty when it can. */
export function valueProblems(item: SchemeItem, type: UnitType, value: ManualValue): string[] {
  const label = itemLabel(item);
  if ('cleared' in value) return [];
  const r = entryRule(item, type);
  if (r.kind === 'automated') return [`${label}由系统根据网站检查自动计分，不能手工录入`];
  if (r.kind === 'not-applicable') return [`${label}不适用于${UNIT_TYPE_ZH[type]}，无需录入`];
  const given: InputKind = 'count' in value ? 'count' : 'met' in value ? 'met' : 'points';
  if (given !== r.input) return [`${label}对${UNIT_TYPE_ZH[type]}应录入${INPUT_ZH[r.input]}，不是${INPUT_ZH[given]}`];
  const problems: string[] = [];
  if ('count' in value) {
    if (!Number.isInteger(value.count) || value.count < 0) problems.push(`${label}的次数应为不小于 0 的整数，收到 ${value.count}`);
  } else if ('met' in value) {
    const choices = metChoices(r.rule, type);
    const seen = new Set<string>();
    for (const id of value.met) {
      if (seen.has(id)) problems.push(`${label}的评分标准「${id}」重复`);
      seen.add(id);
      if (!choices.some((c) => c.id === id)) {
        problems.push(`${label}没有适用于${UNIT_TYPE_ZH[type]}的评分标准「${id}」，可选：${choices.map((c) => c.id).join('、') || '无'}`);
      }
    }
  } else {
    const max = (item as { max: number }).max;
    const step = r.rule.kind === 'judged' ? r.rule.step : 0.5;
    if (!Number.isFinite(value.points) || value.points < 0) problems.push(`${label}的得分不能为负数，收到 ${value.points}`);
    else if (value.points > max) problems.push(`${label}的得分 ${value.points} 超过赋分 ${max}`);
    else if (!isMultiple(value.points, step)) problems.push(`${label}的得分应为 ${step} 分的整数倍，收到 ${value.points}`);
    if (!value.reason.trim()) problems.push(`${label}为评议打分，必须说明理由（--reason）`);
  }
  return problems;
}

function isMultiple(x: number, step: number): boolean {
  const q = x / step;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

/** One line for lists and history: 2 次 / 达到：分管领导、研究部署 / 8 分（理由） / 撤销录入. */
export function describeValue(value: ManualValue): string {
  if ('cleared' in value) return '撤销录入';
  if ('count' in value) return `${value.count} 次`;
  if ('met' in value) return value.met.length ? `达到：${value.met.join('、')}` : '均未达到';
  return `${value.points} 分（${value.reason}）`;
}

export function sameValue(a: ManualValue, b: ManualValue): boolean {
  const norm = (v: ManualValue) => JSON.stringify('met' in v ? { met: [...v.met].sort() } : v);
  return norm(a) === norm(b);
}
