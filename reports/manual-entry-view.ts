import type { UnitConfig } from '../src/config/schema.js';
import type { Scheme } from '../src/scheme/schema.js';
import type { ManualEntry } from '../src/manual/entries-repo.js';
import { describeValue, entryRule, metChoices, type InputKind, type ManualValue } from '../src/manual/values.js';
import { entryPoints } from '../src/scoring/assessment.js';
import { shanghaiDateTime } from '../src/time/dates.js';

export interface EntryChange {
  id: number;
  when: string;
  who: string;
  source: string;
  from: string | null;
  to: string;
  evidence: string | null;
}

export interface ManualItemView {
  no: number;
  name: string;
  max: number | null;
  criteria: string | null;
  method: string | null;
  remark: string | null;
  input: InputKind;
  /** What is counted (count items) and how counts score. */
  counts: string | null;
  steps: string[];
  choices: { id: string; text: string; points: number }[];
  /** Judged items: the smallest step of points. */
  step: number | null;
  current: { value: ManualValue; text: string; points: string | null; who: string; when: string; evidence: string | null } | null;
  history: EntryChange[];
}

function when(iso: string): string {
  return shanghaiDateTime(new Date(iso)).slice(0, 16);
}

export function entrySource(s: string): string {
  return s === 'cli' ? '命令行' : s === 'web' ? '网页' : s.startsWith('form:') ? `表格 ${s.slice(5)}` : s;
}

/** Every item an inspector records for this unit, with the scheme's texts, the entry in force and its history (newest first). */
export function manualEntryView(scheme: Scheme, unit: UnitConfig, history: ManualEntry[]): ManualItemView[] {
  const byItem = new Map<number, ManualEntry[]>();
  for (const e of history) byItem.set(e.itemNo, [...(byItem.get(e.itemNo) ?? []), e]);
  const views: ManualItemView[] = [];
  for (const item of [...scheme.items].sort((a, b) => a.no - b.no)) {
    const r = entryRule(item, unit.type);
    if (r.kind !== 'rule') continue;
    const rule = r.rule;
    const entries = byItem.get(item.no) ?? [];
    const changes: EntryChange[] = [];
    let before: ManualEntry | undefined;
    for (const e of entries) {
      const from = before && !('cleared' in before.value) ? describeValue(before.value) : null;
      changes.push({ id: e.id, when: when(e.enteredAt), who: e.enteredBy, source: entrySource(e.source), from, to: describeValue(e.value), evidence: e.evidence });
      before = e;
    }
    const last = entries.at(-1);
    const current = last && !('cleared' in last.value)
      ? { value: last.value, text: describeValue(last.value), points: entryPoints(item, unit.type, last.value), who: last.enteredBy, when: when(last.enteredAt), evidence: last.evidence }
      : null;
    views.push({
      no: item.no, name: item.name, max: 'max' in item ? item.max : null,
      criteria: item.criteria ?? null, method: item.method ?? null, remark: item.remark ?? null,
      input: r.input,
      counts: 'counts' in rule ? rule.counts : null,
      steps: rule.kind === 'count-steps' ? rule.steps.map((s) => `${s.count} 次及以上得 ${s.points} 分`)
        : rule.kind === 'deduction-steps' ? rule.steps.map((s) => `${s.count} 次及以上扣 ${s.deduct} 分`)
          : rule.kind === 'per-count-deduction' ? [`每次扣 ${rule.perCount} 分`] : [],
      choices: metChoices(rule, unit.type),
      step: rule.kind === 'judged' ? rule.step : null,
      current,
      history: changes.reverse(),
    });
  }
  return views;
}
