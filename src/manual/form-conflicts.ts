import type { Scheme } from '../scheme/schema.js';
import { shanghaiDateTime } from '../time/dates.js';
import type { ManualEntry } from './entries-repo.js';
import type { FormEntry } from './form-import.js';
import { describeValue, findItem, itemLabel, sameValue } from './values.js';

/**
 * The form conflict rule: forms travel by WeChat for days, so a form is checked against what changed
 * since it was exported. An item whose entry in force is not the one the form was filled from, and whose
 * form value differs from it, would silently undo a newer entry: it is a conflict.
 */
export interface FormConflict {
  entry: FormEntry;
  /** The entry in force now (null: withdrawn since the export). */
  current: ManualEntry | null;
  exportedAt: string | null;
  message: string;
}

export class FormConflictError extends Error {
  constructor(readonly conflicts: FormConflict[]) {
    super(conflicts.map((c) => c.message).join('\n'));
    this.name = 'FormConflictError';
  }
}

function when(iso: string): string {
  return shanghaiDateTime(new Date(iso)).slice(0, 16);
}

export function formConflicts(entries: FormEntry[], latest: Map<string, Map<number, ManualEntry>>, scheme: Scheme): FormConflict[] {
  const out: FormConflict[] = [];
  for (const e of entries) {
    const current = latest.get(e.unitId)?.get(e.itemNo) ?? null;
    if (e.version !== null && e.version === (current?.id ?? 0)) continue;
    if (current && sameValue(current.value, e.value) && (current.evidence ?? null) === e.evidence) continue;
    if (e.version === null && !current) continue;
    const item = findItem(scheme, e.itemNo);
    const label = item ? itemLabel(item) : `第${e.itemNo}项`;
    const now = current ? `「${describeValue(current.value)}」（${current.enteredBy} ${when(current.enteredAt)} 录入）` : '已撤销录入';
    const since = e.exportedAt ? `表格导出（${when(e.exportedAt)}）后已修改` : '表格没有导出时间标记（旧版表格），无法确认是否为最新';
    out.push({
      entry: e, current, exportedAt: e.exportedAt,
      message: `工作表「${e.sheet}」 ${e.cell}：${label}表格中为「${describeValue(e.value)}」，系统当前为${now}，${since}`,
    });
  }
  return out;
}
