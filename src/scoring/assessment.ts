import type { UnitType } from '../config/schema.js';
import type { Scheme, SchemeItem } from '../scheme/schema.js';
import type { BonusItem, PerCountDeductionItem } from '../scheme/items.js';
import { UNIT_TYPE_ZH } from '../scheme/queries.js';
import type { ManualEntry } from '../manual/entries-repo.js';
import { entryRule, valueProblems, type ManualValue } from '../manual/values.js';
import {
  rankDescending, roundHalfUp, scoreChecklist, scoreCountSteps, scoreDeductionSteps, scoreJudged,
  scorePerCountDeduction, type RuleResult,
} from './item-rules.js';
import { standings } from './ranking.js';

/**
 * The whole assessment of every unit: items 1–10 (base), the bonus item, deductions, final total and rank.
 * Pure: a function of the scheme, item 9's sub-scores and the manual entries in force. A missing entry or
 * sub-score is never a zero: the item is 待录入 / 待接入 and the unit's total is provisional.
 */

/** Item 9's sub-scores as `UnitScore` carries them; mailbox, applications and the satisfaction rate may not exist yet. */
export interface AutomatedParts {
  platform: { score: number | null; max: number };
  mailbox?: { score: number | null; max: number };
  applications?: { score: number | null; max: number };
  /** (满意 + 基本满意) / rated letters; null: no rated letter; undefined: not computed. */
  satisfactionRate?: number | null;
}

export interface AssessmentUnit {
  id: string;
  name: string;
  type: UnitType;
  automated: AutomatedParts;
  /** Manual entries in force, by item number. */
  entries: Map<number, Pick<ManualEntry, 'value' | 'enteredBy' | 'enteredAt' | 'evidence' | 'source'>>;
}

/** scored: final; pending: 待录入 (or 待接入 for item 9); partial: some parts known; not-applicable; invalid: an entry the scheme no longer accepts. */
export type ItemStatus = 'scored' | 'pending' | 'partial' | 'not-applicable' | 'invalid';
export type ItemSection = 'base' | 'bonus' | 'deduction';

export interface ItemResult {
  no: number;
  name: string;
  section: ItemSection;
  /** Points available; null for a deduction item (no cap). */
  max: number | null;
  /** Points given (negative for deductions); null when unknown or left out of a rescaled base. */
  points: number | null;
  status: ItemStatus;
  detail: string;
  entry?: { by: string; at: string; evidence: string | null; source: string };
}

export interface BonusPartResult {
  id: string;
  text: string;
  points: number;
  status: 'earned' | 'not-earned' | 'pending';
  detail: string;
}

export interface UnitAssessment {
  items: ItemResult[];
  /** Base total (the 100 points), after rescaling where an item does not apply. */
  base: number;
  baseMax: number;
  bonus: number;
  bonusParts: BonusPartResult[];
  deductions: number;
  total: number;
  /** True while any item, bonus part or deduction is unknown. */
  provisional: boolean;
  /** Item numbers still waiting for an inspector's entry. */
  pendingItems: number[];
  /** Rank among final totals, null while provisional; item 9's rank on its own (src/scoring/ranking.ts). */
  rank: number | null;
  rankOf: number;
  automatedRank: number | null;
  automatedRankOf: number;
  satisfactionRank: number | null;
}

const PART_ZH: Record<string, string> = { platform: '信息公开平台更新', mailbox: '市(区)长信箱办理回复', applications: '依申请公开办理回复' };

export function isBaseItem(item: SchemeItem): boolean {
  return item.kind !== 'bonus' && item.kind !== 'per-count-deduction';
}

/** Assesses every unit together: the satisfaction bonus and the rank depend on all of them. */
export function assessDistrict(scheme: Scheme, units: AssessmentUnit[]): Map<string, UnitAssessment> {
  const round = (x: number) => roundHalfUp(x, scheme.rounding.decimals);
  const items = [...scheme.items].sort((a, b) => a.no - b.no);
  const satisfaction = satisfactionRanks(units);

  const partial = units.map((unit) => {
    const results: ItemResult[] = [];
    let basePoints = 0;
    let baseMax = 0;
    let applicableMax = 0;
    for (const item of items.filter(isBaseItem)) {
      const max = (item as { max: number }).max;
      baseMax += max;
      const r = scoreBaseItem(scheme, item, unit, round);
      results.push(r);
      if (r.status === 'not-applicable' && r.points === null) continue;
      applicableMax += max;
      basePoints += r.points ?? 0;
    }
    const base = applicableMax > 0 ? round((basePoints * baseMax) / applicableMax) : 0;
    return { unit, results, base, baseMax };
  });

  const out = new Map<string, UnitAssessment>();
  for (const { unit, results, base, baseMax } of partial) {
    const baseProvisional = results.some((r) => r.status !== 'scored' && r.status !== 'not-applicable');
    const bonusItem = items.find((i): i is BonusItem => i.kind === 'bonus');
    const bonus = bonusItem ? scoreBonus(bonusItem, unit, base, baseProvisional, satisfaction, round) : null;
    if (bonus) results.push(bonus.result);
    let deductions = 0;
    for (const item of items.filter((i): i is PerCountDeductionItem => i.kind === 'per-count-deduction')) {
      const r = scoreDeductionItem(item, unit, round);
      results.push(r);
      deductions += r.points === null ? 0 : -r.points;
    }
    results.sort((a, b) => a.no - b.no);
    const bonusPoints = bonus?.points ?? 0;
    out.set(unit.id, {
      items: results,
      base,
      baseMax,
      bonus: bonusPoints,
      bonusParts: bonus?.parts ?? [],
      deductions: round(deductions),
      total: round(base + bonusPoints - deductions),
      provisional: results.some((r) => r.status === 'pending' || r.status === 'partial' || r.status === 'invalid'),
      pendingItems: awaitingEntry(items, unit, results),
      rank: null,
      rankOf: 0,
      automatedRank: null,
      automatedRankOf: 0,
      satisfactionRank: satisfaction.ranks.get(unit.id) ?? null,
    });
  }
  const ranked = standings([...out].map(([id, a]) => {
    const automated = a.items.find((r) => r.section === 'base' && items.find((i) => i.no === r.no)?.kind === 'automated');
    return { id, total: a.total, provisional: a.provisional, automated: automated?.status === 'scored' ? automated.points : null };
  }));
  for (const [id, a] of out) Object.assign(a, ranked.get(id)!);
  return out;
}

/** Items an inspector still has to record for the unit: no entry in force, or one the scheme rejects. */
function awaitingEntry(items: SchemeItem[], unit: AssessmentUnit, results: ItemResult[]): number[] {
  return items
    .filter((item) => entryRule(item, unit.type).kind === 'rule')
    .filter((item) => item.kind !== 'bonus' || item.parts.some((p) => p.source === 'manual'))
    .filter((item) => !unit.entries.has(item.no) || results.find((r) => r.no === item.no)?.status === 'invalid'
      || (item.kind === 'bonus' && valueProblems(item, unit.type, unit.entries.get(item.no)!.value).length > 0))
    .map((item) => item.no);
}

function scoreBaseItem(scheme: Scheme, item: SchemeItem, unit: AssessmentUnit, round: (x: number) => number): ItemResult {
  const max = (item as { max: number }).max;
  const head = { no: item.no, name: item.name, section: 'base' as const, max };
  const rule = entryRule(item, unit.type);
  if (rule.kind === 'not-applicable') {
    const rescale = (item.notApplicable ?? scheme.notApplicable) === 'rescale';
    return rescale
      ? { ...head, points: null, status: 'not-applicable', detail: `不适用于${UNIT_TYPE_ZH[unit.type]}，不计入基础分，基础分按比例折算` }
      : { ...head, points: max, status: 'not-applicable', detail: `不适用于${UNIT_TYPE_ZH[unit.type]}，按满分计` };
  }
  if (item.kind === 'automated') return scoreAutomated(item, unit.automated, round);
  return scoreEntry(item, unit, head, round);
}

function scoreAutomated(item: Extract<SchemeItem, { kind: 'automated' }>, parts: AutomatedParts, round: (x: number) => number): ItemResult {
  const head = { no: item.no, name: item.name, section: 'base' as const, max: item.max };
  const schemeParts = item.parts as Record<string, { max: number }>;
  let points = 0;
  let covered = 0;
  let known = 0;
  let missing = 0;
  const lines: string[] = [];
  for (const [key, part] of Object.entries(schemeParts)) {
    covered += part.max;
    const score = (parts as unknown as Record<string, { score: number | null } | undefined>)[key]?.score;
    const label = PART_ZH[key] ?? key;
    if (score === undefined || score === null) {
      missing++;
      lines.push(`${label} ${score === null ? '无法检查' : '待接入'}（${part.max}分）`);
    } else {
      known++;
      points += score;
      lines.push(`${label} ${round(score)}/${part.max}`);
    }
  }
  if (covered < item.max) {
    missing++;
    lines.push(`其余 ${round(item.max - covered)} 分待接入`);
  }
  const detail = lines.join('；');
  if (missing === 0) return { ...head, points: round(points), status: 'scored', detail };
  return known ? { ...head, points: round(points), status: 'partial', detail } : { ...head, points: null, status: 'pending', detail };
}

function withEntry(result: ItemResult, entry: AssessmentUnit['entries'] extends Map<number, infer E> ? E : never): ItemResult {
  return { ...result, entry: { by: entry.enteredBy, at: entry.enteredAt, evidence: entry.evidence, source: entry.source } };
}

/** A manual base item from its entry in force; no entry → 待录入, an entry the scheme rejects → invalid. */
function scoreEntry(item: SchemeItem, unit: AssessmentUnit, head: Omit<ItemResult, 'points' | 'status' | 'detail'>, round: (x: number) => number): ItemResult {
  const entry = unit.entries.get(item.no);
  if (!entry) return { ...head, points: null, status: 'pending', detail: '待录入' };
  const problems = valueProblems(item, unit.type, entry.value);
  if (problems.length) return withEntry({ ...head, points: null, status: 'invalid', detail: `录入值不符合考核方案，需重新录入：${problems.join('；')}` }, entry);
  const r = applyRule(item, unit.type, entry.value);
  return withEntry({ ...head, points: round(r.points), status: 'scored', detail: r.detail }, entry);
}

/** What an entry scores on its own (e.g. "得 10 分"), for confirming it; null for the bonus item, scored with the others. */
export function entryPoints(item: SchemeItem, type: UnitType, value: ManualValue): string | null {
  if (item.kind === 'bonus' || 'cleared' in value) return null;
  const r = applyRule(item, type, value);
  return item.kind === 'per-count-deduction' ? (r.points ? `扣 ${r.points} 分` : '不扣分') : `得 ${r.points} 分`;
}

function applyRule(item: SchemeItem, type: UnitType, value: ManualValue): RuleResult {
  const rule = entryRule(item, type);
  if (rule.kind !== 'rule') throw new Error(`item ${item.no} takes no entry`);
  const r = rule.rule;
  const max = (item as { max: number }).max;
  if (r.kind === 'checklist' && 'met' in value) return scoreChecklist(r, type, value.met);
  if (r.kind === 'count-steps' && 'count' in value) return scoreCountSteps(r, value.count);
  if (r.kind === 'deduction-steps' && 'count' in value) return scoreDeductionSteps(r, max, value.count);
  if (r.kind === 'judged' && 'points' in value) return scoreJudged(value.points, value.reason);
  if (r.kind === 'per-count-deduction' && 'count' in value) return scorePerCountDeduction(r, value.count);
  throw new Error(`item ${item.no}: value does not fit rule ${r.kind}`);
}

function scoreDeductionItem(item: PerCountDeductionItem, unit: AssessmentUnit, round: (x: number) => number): ItemResult {
  const head = { no: item.no, name: item.name, section: 'deduction' as const, max: null };
  if (entryRule(item, unit.type).kind === 'not-applicable') return { ...head, points: 0, status: 'not-applicable', detail: `不适用于${UNIT_TYPE_ZH[unit.type]}` };
  const entry = unit.entries.get(item.no);
  if (!entry) return { ...head, points: null, status: 'pending', detail: '待录入' };
  const problems = valueProblems(item, unit.type, entry.value);
  if (problems.length) return withEntry({ ...head, points: null, status: 'invalid', detail: `录入值不符合考核方案，需重新录入：${problems.join('；')}` }, entry);
  const r = applyRule(item, unit.type, entry.value);
  return withEntry({ ...head, points: r.points ? -round(r.points) : 0, status: 'scored', detail: r.detail }, entry);
}

interface SatisfactionRanks {
  /** False when some unit's rate has not been computed (the mailbox part is missing). */
  complete: boolean;
  ranks: Map<string, number | null>;
  rates: Map<string, number | null | undefined>;
}

function satisfactionRanks(units: AssessmentUnit[]): SatisfactionRanks {
  const rates = new Map(units.map((u) => [u.id, u.automated.satisfactionRate]));
  const complete = [...rates.values()].every((r) => r !== undefined);
  const ranks = rankDescending(new Map(units.map((u) => [u.id, u.automated.satisfactionRate ?? null])));
  return { complete, ranks, rates };
}

function scoreBonus(
  item: BonusItem, unit: AssessmentUnit, base: number, baseProvisional: boolean, satisfaction: SatisfactionRanks, round: (x: number) => number,
): { points: number; parts: BonusPartResult[]; result: ItemResult } {
  const entry = unit.entries.get(item.no);
  const problems = entry ? valueProblems(item, unit.type, entry.value) : [];
  const met = entry && problems.length === 0 && 'met' in entry.value ? entry.value.met : null;
  const parts: BonusPartResult[] = item.parts.map((part) => {
    const head = { id: part.id, text: part.text, points: part.points };
    if (part.source === 'base-at-least') {
      // Base points only grow as entries arrive, so a provisional base already at the threshold is final.
      if (base >= part.threshold) return { ...head, status: 'earned', detail: `基础分 ${base} ≥ ${part.threshold}` };
      if (baseProvisional) return { ...head, status: 'pending', detail: `基础分暂为 ${base}，尚有待录入项` };
      return { ...head, status: 'not-earned', detail: `基础分 ${base} < ${part.threshold}` };
    }
    if (part.source === 'satisfaction-rank') {
      if (!satisfaction.complete) return { ...head, status: 'pending', detail: '信箱满意率待接入' };
      const rank = satisfaction.ranks.get(unit.id) ?? null;
      const rate = satisfaction.rates.get(unit.id);
      if (rank === null) return { ...head, status: 'not-earned', detail: '无已评价的信件，不参与满意率排名' };
      const text = `满意率 ${round((rate ?? 0) * 100)}%，第 ${rank} 名`;
      return { ...head, status: rank <= part.top ? 'earned' : 'not-earned', detail: text };
    }
    if (met === null) return { ...head, status: 'pending', detail: problems.length ? `录入值不符合考核方案：${problems.join('；')}` : '待录入' };
    return met.includes(part.id) ? { ...head, status: 'earned', detail: '已录入：达到' } : { ...head, status: 'not-earned', detail: '已录入：未达到' };
  });
  const earned = parts.filter((p) => p.status === 'earned').reduce((n, p) => n + p.points, 0);
  const points = round(Math.min(item.max, earned));
  const pending = parts.filter((p) => p.status === 'pending');
  const status: ItemStatus = pending.length === 0 ? 'scored' : pending.length === parts.length ? 'pending' : 'partial';
  const detail = parts.map((p) => `${p.text}：${p.status === 'earned' ? `+${p.points}` : p.status === 'pending' ? '待定' : '0'}（${p.detail}）`).join('；')
    + (earned > item.max ? `；加分合计 ${earned} 超过上限，按 ${item.max} 计` : '');
  const result: ItemResult = { no: item.no, name: item.name, section: 'bonus', max: item.max, points, status, detail };
  return { points, parts, result: entry ? withEntry(result, entry) : result };
}
