import type { UnitConfig } from '../src/config/schema.js';
import type { Scheme } from '../src/scheme/schema.js';
import { UNIT_TYPE_ZH } from '../src/scheme/items.js';
import type { ManualEntry } from '../src/manual/entries-repo.js';
import { describeValue, entryRule, findItem } from '../src/manual/values.js';
import { shanghaiDateTime } from '../src/time/dates.js';
import { terminalSafe } from './escape.js';

function when(iso: string): string {
  return shanghaiDateTime(new Date(iso)).slice(0, 16);
}

function source(s: string): string {
  return s === 'cli' ? '命令行' : s.startsWith('form:') ? `表格 ${s.slice(5)}` : s;
}

/** `zwgk manual list`: per unit, every item an inspector records, with the entry in force or 待录入. */
export function manualList(scheme: Scheme, units: UnitConfig[], latest: Map<string, Map<number, ManualEntry>>): string {
  const out: string[] = [`考核方案：${scheme.title}`, ''];
  let missingUnits = 0;
  for (const unit of units) {
    const items = [...scheme.items].sort((a, b) => a.no - b.no).filter((i) => entryRule(i, unit.type).kind === 'rule');
    const entries = latest.get(unit.id) ?? new Map<number, ManualEntry>();
    const missing = items.filter((i) => !entries.has(i.no));
    if (missing.length) missingUnits++;
    out.push(`■ ${terminalSafe(unit.name)}（${unit.id}，${UNIT_TYPE_ZH[unit.type]}）${missing.length ? `：${missing.length} 项待录入` : '：已全部录入'}`);
    for (const item of items) {
      const e = entries.get(item.no);
      out.push(e
        ? `  第${item.no}项 ${item.name}：${terminalSafe(describeValue(e.value))}（${terminalSafe(e.enteredBy)}，${when(e.enteredAt)}）`
        : `  第${item.no}项 ${item.name}：待录入`);
    }
    out.push('');
  }
  out.push(missingUnits ? `共 ${units.length} 个单位，其中 ${missingUnits} 个尚有待录入项。` : `共 ${units.length} 个单位，均已全部录入。`);
  return `${out.join('\n')}\n`;
}

/** `zwgk manual history`: every entry oldest first, each saying what it changed, who, when, from where and on what evidence. */
export function manualHistory(scheme: Scheme, unit: UnitConfig, entries: ManualEntry[]): string {
  const out: string[] = [`${terminalSafe(unit.name)}（${unit.id}）人工录入记录，考核方案：${scheme.title}`, ''];
  if (entries.length === 0) out.push('（尚无录入记录）');
  const previous = new Map<number, ManualEntry>();
  for (const e of entries) {
    const item = findItem(scheme, e.itemNo);
    const before = previous.get(e.itemNo);
    const change = !before ? `首次录入：${describeValue(e.value)}`
      : 'cleared' in before.value ? `重新录入：${describeValue(e.value)}`
        : `${describeValue(before.value)} → ${describeValue(e.value)}`;
    out.push(`#${e.id} ${when(e.enteredAt)} ${terminalSafe(e.enteredBy)}（${source(e.source)}）`);
    out.push(`  第${e.itemNo}项 ${item?.name ?? '（方案中已无此项）'}：${terminalSafe('cleared' in e.value ? `撤销录入（原为 ${before ? describeValue(before.value) : '无'}）` : change)}`);
    out.push(`  印证资料：${terminalSafe(e.evidence ?? '（未注明）')}`);
    previous.set(e.itemNo, e);
  }
  return `${out.join('\n')}\n`;
}
