import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { ManualEntriesRepo } from '../../manual/entries-repo.js';
import { recordEntry } from '../../manual/record.js';
import { describeValue, findItem, type ManualValue } from '../../manual/values.js';
import { resolveWho } from '../../manual/who.js';
import { entryPoints } from '../../scoring/assessment.js';
import { configPath } from '../shared.js';
import { manualHistory, manualList } from '../../../reports/manual-text.js';
import { terminalSafe } from '../../../reports/escape.js';

interface SetOptions {
  unit: string;
  item: string;
  count?: string;
  met?: string;
  none?: boolean;
  points?: string;
  reason?: string;
  clear?: boolean;
  evidence?: string;
  by?: string;
}

export function manualSetAction(opts: SetOptions, cmd: Command): void {
  const value = parseValue(opts);
  const app = openApp(configPath(cmd));
  try {
    const { scheme, config } = app.loaded;
    const who = resolveWho(opts.by, process.env, config.district.operator);
    const itemNo = parseItemNo(opts.item);
    const entry = recordEntry(
      { scheme, units: config.units, repo: new ManualEntriesRepo(app.db), who, now: app.clock.now(), source: 'cli' },
      { unitId: opts.unit, itemNo, value, evidence: opts.evidence ?? null },
    );
    const unit = config.units.find((u) => u.id === entry.unitId)!;
    const item = findItem(scheme, itemNo)!;
    const points = entryPoints(item, unit.type, value);
    process.stdout.write(`已录入：${terminalSafe(unit.name)} 第${item.no}项「${item.name}」${terminalSafe(describeValue(value))}${points === null ? '' : `，${points}`}（录入人 ${terminalSafe(who)}，记录 #${entry.id}）\n`);
  } finally {
    app.close();
  }
}

export function manualListAction(opts: { unit?: string }, cmd: Command): void {
  const app = openApp(configPath(cmd), undefined, { readonly: true });
  try {
    const { scheme, config } = app.loaded;
    const units = opts.unit ? config.units.filter((u) => u.id === opts.unit) : config.units;
    if (units.length === 0) throw new Error(`配置中没有编号为「${opts.unit}」的单位`);
    process.stdout.write(manualList(scheme, units, new ManualEntriesRepo(app.db).latest(scheme.id)));
  } finally {
    app.close();
  }
}

export function manualHistoryAction(opts: { unit: string; item?: string }, cmd: Command): void {
  const app = openApp(configPath(cmd), undefined, { readonly: true });
  try {
    const { scheme, config } = app.loaded;
    const unit = config.units.find((u) => u.id === opts.unit);
    if (!unit) throw new Error(`配置中没有编号为「${opts.unit}」的单位`);
    const itemNo = opts.item === undefined ? undefined : parseItemNo(opts.item);
    process.stdout.write(manualHistory(scheme, unit, new ManualEntriesRepo(app.db).history(scheme.id, unit.id, itemNo)));
  } finally {
    app.close();
  }
}

function parseItemNo(s: string): number {
  if (!/^\d+$/.test(s.trim())) throw new Error(`--item 应为考核项序号（整数），收到「${s}」`);
  return Number(s);
}

/** Exactly one of --count, --met, --none, --points (with --reason) or --clear. */
export function parseValue(opts: Omit<SetOptions, 'unit' | 'item'>): ManualValue {
  const given = [opts.count !== undefined, opts.met !== undefined, opts.none === true, opts.points !== undefined, opts.clear === true].filter(Boolean).length;
  if (given !== 1) throw new Error('请给出且只给出一种录入值：--count、--met、--none、--points（配合 --reason）或 --clear');
  if (opts.reason !== undefined && opts.points === undefined) throw new Error('--reason 只能与 --points 一起使用');
  if (opts.clear) return { cleared: true };
  if (opts.none) return { met: [] };
  if (opts.met !== undefined) return { met: opts.met.split(/[,，、]/).map((s) => s.trim()).filter(Boolean) };
  if (opts.count !== undefined) {
    if (!/^-?\d+$/.test(opts.count.trim())) throw new Error(`--count 应为不小于 0 的整数，收到「${opts.count}」`);
    return { count: Number(opts.count) };
  }
  if (!/^-?\d+(\.\d+)?$/.test(opts.points!.trim())) throw new Error(`--points 应为数字，收到「${opts.points}」`);
  return { points: Number(opts.points), reason: opts.reason ?? '' };
}
