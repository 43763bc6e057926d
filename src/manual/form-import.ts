import type ExcelJS from 'exceljs';
import { basename } from 'node:path';
import type { UnitConfig } from '../config/schema.js';
import type { Scheme, SchemeItem } from '../scheme/schema.js';
import { entryRule, findItem, itemLabel, metChoices, sameValue, valueProblems, type ManualValue } from './values.js';
import { EXPORTED_MARK, KEY_COLUMN, NO, parseFieldKey, parseVersionKey, SCHEME_MARK, UNIT_MARK, VALUE_COLUMN, YES, type FieldKey } from './form-keys.js';
import { FormConflictError, formConflicts } from './form-conflicts.js';
import { readWorkbook } from '../files/read-workbook.js';
import { ZipRefusedError } from '../files/zip-guard.js';
import type { ManualEntriesRepo, ManualEntry, NewEntry } from './entries-repo.js';

/** One wrong cell: the sheet, the cell address and why, in Chinese. */
export interface FormProblem {
  sheet: string;
  cell: string;
  message: string;
}

export class FormImportError extends Error {
  constructor(readonly problems: FormProblem[]) {
    super(problems.map((p) => `工作表「${p.sheet}」${p.cell ? ` ${p.cell}` : ''}：${p.message}`).join('\n'));
    this.name = 'FormImportError';
  }
}

export interface FormEntry {
  unitId: string;
  itemNo: number;
  value: ManualValue;
  evidence: string | null;
  /** Where the value was read: for the list of conflicts. */
  sheet: string;
  cell: string;
  /** The id of the entry the form was filled from (0: none); null when the form carries no stamp (exported by an older version). */
  version: number | null;
  exportedAt: string | null;
}

interface Field {
  key: FieldKey;
  cell: string;
  raw: string | number | null;
}

/** Reads every unit sheet of a filled-in form; a sheet without the unit mark (the ranking sheet) is skipped. */
export async function readAssessmentForm(file: string, scheme: Scheme, units: UnitConfig[]): Promise<{ entries: FormEntry[]; problems: FormProblem[]; sheets: number }> {
  let wb: ExcelJS.Workbook;
  try {
    wb = await readWorkbook(file);
  } catch (err) {
    if (err instanceof ZipRefusedError) throw new FormImportError([{ sheet: basename(file), cell: '', message: err.message }]);
    throw new FormImportError([{ sheet: basename(file), cell: '', message: `无法读取 Excel 文件（${err instanceof Error ? err.message : String(err)}）` }]);
  }
  const entries: FormEntry[] = [];
  const problems: FormProblem[] = [];
  const seenUnits = new Map<string, string>();
  let sheets = 0;
  for (const ws of wb.worksheets) {
    const mark = cellText(ws.getCell(`${KEY_COLUMN}1`).value);
    if (typeof mark !== 'string' || !mark.startsWith(UNIT_MARK)) continue;
    sheets++;
    const sheet = ws.name;
    const unitId = mark.slice(UNIT_MARK.length);
    const unit = units.find((u) => u.id === unitId);
    if (!unit) {
      problems.push({ sheet, cell: `${KEY_COLUMN}1`, message: `配置中没有编号为「${unitId}」的单位` });
      continue;
    }
    const other = seenUnits.get(unitId);
    if (other) problems.push({ sheet, cell: '', message: `单位「${unit.name}」在工作表「${other}」中已出现` });
    seenUnits.set(unitId, sheet);
    const schemeMark = cellText(ws.getCell(`${KEY_COLUMN}2`).value);
    if (schemeMark !== `${SCHEME_MARK}${scheme.id}`) {
      const made = typeof schemeMark === 'string' && schemeMark.startsWith(SCHEME_MARK) ? schemeMark.slice(SCHEME_MARK.length) : '未知';
      problems.push({ sheet, cell: `${KEY_COLUMN}2`, message: `此表按考核方案「${made}」生成，当前考核方案为「${scheme.id}」，请重新导出` });
      continue;
    }
    const exportedMark = cellText(ws.getCell(`${KEY_COLUMN}3`).value);
    const exportedAt = typeof exportedMark === 'string' && exportedMark.startsWith(EXPORTED_MARK) ? exportedMark.slice(EXPORTED_MARK.length) : null;
    const versions = new Map<number, number>();
    const byItem = new Map<number, Field[]>();
    ws.eachRow((row, rowNo) => {
      const keyText = cellText(row.getCell(KEY_COLUMN).value);
      if (typeof keyText !== 'string' || !keyText.startsWith('zwgk:') || rowNo <= 3) return;
      const version = parseVersionKey(keyText);
      if (version) {
        versions.set(version.item, version.entryId);
        return;
      }
      const cell = `${VALUE_COLUMN}${rowNo}`;
      const key = parseFieldKey(keyText);
      if (!key) {
        problems.push({ sheet, cell: `${KEY_COLUMN}${rowNo}`, message: `无法识别的录入行标记「${keyText}」，请勿修改隐藏列` });
        return;
      }
      byItem.set(key.item, [...(byItem.get(key.item) ?? []), { key, cell, raw: cellText(row.getCell(VALUE_COLUMN).value) }]);
    });
    for (const [itemNo, fields] of byItem) {
      const item = findItem(scheme, itemNo);
      if (!item) {
        problems.push({ sheet, cell: fields[0].cell, message: `考核方案中没有第${itemNo}项` });
        continue;
      }
      const parsed = parseItem(item, unit, fields);
      for (const p of parsed.problems) problems.push({ sheet, cell: p.cell, message: p.message });
      if (parsed.value) {
        entries.push({
          unitId, itemNo, value: parsed.value, evidence: parsed.evidence, sheet, cell: parsed.cell,
          version: exportedAt === null ? null : versions.get(itemNo) ?? null, exportedAt,
        });
      }
    }
  }
  if (sheets === 0) problems.push({ sheet: basename(file), cell: '', message: '文件中没有可导入的单位考核表（请使用 zwgk form export 导出的表格）' });
  return { entries, problems, sheets };
}

/** The value of one item from its input cells; all cells empty means "not entered" (no entry). */
function parseItem(item: SchemeItem, unit: UnitConfig, fields: Field[]): { value: ManualValue | null; evidence: string | null; cell: string; problems: { cell: string; message: string }[] } {
  const label = itemLabel(item);
  const problems: { cell: string; message: string }[] = [];
  const rule = entryRule(item, unit.type);
  const evidenceField = fields.find((f) => f.key.field === 'evidence');
  const evidence = evidenceField?.raw === null || evidenceField === undefined ? null : String(evidenceField.raw).trim() || null;
  const values = fields.filter((f) => f.key.field !== 'evidence');
  if (rule.kind !== 'rule') {
    const filled = values.find((f) => f.raw !== null);
    if (filled) problems.push({ cell: filled.cell, message: `${label}${rule.kind === 'automated' ? '由系统自动计分' : '不适用于该单位'}，不能录入` });
    return { value: null, evidence, cell: fields[0].cell, problems };
  }
  const filled = values.filter((f) => f.raw !== null);
  if (filled.length === 0) {
    if (evidence) problems.push({ cell: evidenceField!.cell, message: `${label}填写了印证资料，但没有填写评分` });
    return { value: null, evidence, cell: fields[0].cell, problems };
  }
  const wrongKind = values.find((f) => f.key.field !== rule.input && !(rule.input === 'points' && f.key.field === 'reason'));
  if (wrongKind) {
    problems.push({ cell: wrongKind.cell, message: `${label}的录入行与考核方案不符，请重新导出` });
    return { value: null, evidence, cell: wrongKind.cell, problems };
  }

  let value: ManualValue | null = null;
  let valueCell = filled[0].cell;
  if (rule.input === 'met') {
    const choices = metChoices(rule.rule, unit.type).map((c) => c.id);
    const met: string[] = [];
    for (const f of values) {
      const id = (f.key as { id: string }).id;
      if (!choices.includes(id)) problems.push({ cell: f.cell, message: `${label}没有评分标准「${id}」，请重新导出` });
      else if (f.raw === null) problems.push({ cell: f.cell, message: `${label}的评分标准「${id}」未填写，请填“${YES}”或“${NO}”` });
      else if (yesNo(f.raw) === null) problems.push({ cell: f.cell, message: `${label}的评分标准「${id}」应填“${YES}”或“${NO}”，收到「${f.raw}」` });
      else if (yesNo(f.raw)) met.push(id);
    }
    const missing = choices.filter((id) => !values.some((f) => (f.key as { id: string }).id === id));
    if (missing.length) problems.push({ cell: values[0].cell, message: `${label}缺少评分标准「${missing.join('、')}」的录入行，请重新导出` });
    value = { met };
  } else if (rule.input === 'count') {
    const f = values.find((x) => x.key.field === 'count')!;
    valueCell = f.cell;
    const n = toNumber(f.raw);
    if (n === null || !Number.isInteger(n) || n < 0) problems.push({ cell: f.cell, message: `${label}的次数应为不小于 0 的整数，收到「${f.raw}」` });
    else value = { count: n };
  } else {
    const p = values.find((x) => x.key.field === 'points');
    const r = values.find((x) => x.key.field === 'reason');
    if (!p || !r) problems.push({ cell: values[0].cell, message: `${label}缺少得分或理由的录入行，请重新导出` });
    else {
      valueCell = p.cell;
      const n = toNumber(p.raw);
      const reason = r.raw === null ? '' : String(r.raw).trim();
      if (p.raw === null) problems.push({ cell: p.cell, message: `${label}填写了理由，但没有填写得分` });
      else if (n === null) problems.push({ cell: p.cell, message: `${label}的得分应为数字，收到「${p.raw}」` });
      else if (!reason) problems.push({ cell: r.cell, message: `${label}为评议打分，必须填写评分理由` });
      else value = { points: n, reason };
    }
  }
  if (value && problems.length === 0) {
    for (const message of valueProblems(item, unit.type, value)) problems.push({ cell: valueCell, message });
  }
  return { value: problems.length ? null : value, evidence, cell: valueCell, problems };
}

function yesNo(raw: string | number): boolean | null {
  const s = String(raw).trim();
  if (s === YES || s === '√' || s === '✓') return true;
  if (s === NO || s === '×' || s === '✗') return false;
  return null;
}

function toNumber(raw: string | number | null): number | null {
  if (raw === null) return null;
  if (typeof raw === 'number') return raw;
  const s = raw.trim();
  return /^[+-]?\d+(\.\d+)?$/.test(s) ? Number(s) : null;
}

/** A cell's value as a trimmed string, a number or null (empty); formulas give their cached result. */
export function cellText(v: ExcelJS.CellValue): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'boolean') return v ? YES : NO;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return cellText(v.richText.map((r) => r.text).join(''));
    if ('result' in v) return cellText((v.result ?? null) as ExcelJS.CellValue);
    if ('text' in v) return cellText(v.text as string);
    if ('error' in v) return String(v.error);
  }
  return null;
}

/**
 * Reads the form and stores every changed entry in one transaction, or nothing at all when any cell is
 * wrong. Items whose value and evidence equal the entry in force are not stored again. An item whose
 * entry changed after the form was exported is refused, with every such cell listed (FormConflictError),
 * unless `force`: then the form wins and each overriding entry says so in its source.
 */
export async function importAssessmentForm(
  file: string, ctx: { scheme: Scheme; units: UnitConfig[]; repo: ManualEntriesRepo; who: string; now: Date; force?: boolean },
): Promise<{ stored: ManualEntry[]; unchanged: number; sheets: number; overridden: number }> {
  const { entries, problems, sheets } = await readAssessmentForm(file, ctx.scheme, ctx.units);
  if (problems.length) throw new FormImportError(problems);
  const latest = ctx.repo.latest(ctx.scheme.id);
  const conflicts = formConflicts(entries, latest, ctx.scheme);
  if (conflicts.length && !ctx.force) throw new FormConflictError(conflicts);
  const overriding = new Map(conflicts.map((c) => [`${c.entry.unitId}:${c.entry.itemNo}`, c]));
  const changed: NewEntry[] = [];
  for (const e of entries) {
    const current = latest.get(e.unitId)?.get(e.itemNo);
    if (current && sameValue(current.value, e.value) && (current.evidence ?? null) === e.evidence) continue;
    const conflict = overriding.get(`${e.unitId}:${e.itemNo}`);
    const note = conflict ? `（--force 覆盖导出后的修改${conflict.current ? ` #${conflict.current.id}` : ''}，表格导出于 ${conflict.exportedAt ?? '未知时间'}）` : '';
    changed.push({
      schemeId: ctx.scheme.id, unitId: e.unitId, itemNo: e.itemNo, value: e.value, evidence: e.evidence,
      enteredBy: ctx.who, enteredAt: ctx.now.toISOString(), source: `form:${basename(file)}${note}`,
    });
  }
  return { stored: ctx.repo.append(changed), unchanged: entries.length - changed.length, sheets, overridden: conflicts.length };
}
