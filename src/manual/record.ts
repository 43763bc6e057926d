import type { UnitConfig } from '../config/schema.js';
import type { Scheme } from '../scheme/schema.js';
import type { ManualEntriesRepo, ManualEntry } from './entries-repo.js';
import { findItem, valueProblems, type ManualValue } from './values.js';

export class ManualEntryError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ManualEntryError';
  }
}

export interface EntryContext {
  scheme: Scheme;
  units: UnitConfig[];
  repo: ManualEntriesRepo;
  who: string;
  now: Date;
  source: string;
}

/** Validates one entry against the scheme and the unit's type, then appends it; nothing is stored on error. */
export function recordEntry(ctx: EntryContext, req: { unitId: string; itemNo: number; value: ManualValue; evidence: string | null }): ManualEntry {
  const unit = ctx.units.find((u) => u.id === req.unitId);
  if (!unit) throw new ManualEntryError([`配置中没有编号为「${req.unitId}」的单位`]);
  const item = findItem(ctx.scheme, req.itemNo);
  if (!item) {
    throw new ManualEntryError([`考核方案「${ctx.scheme.title}」中没有第${req.itemNo}项（共有：${ctx.scheme.items.map((i) => i.no).sort((a, b) => a - b).join('、')}）`]);
  }
  const problems = valueProblems(item, unit.type, req.value);
  if ('cleared' in req.value && !ctx.repo.latest(ctx.scheme.id).get(unit.id)?.has(item.no)) problems.push(`${unit.name}的第${item.no}项没有可撤销的录入`);
  if (problems.length) throw new ManualEntryError(problems);
  const [entry] = ctx.repo.append([{
    schemeId: ctx.scheme.id, unitId: unit.id, itemNo: item.no, value: req.value, evidence: req.evidence?.trim() || null,
    enteredBy: ctx.who, enteredAt: ctx.now.toISOString(), source: ctx.source,
  }]);
  return entry;
}
