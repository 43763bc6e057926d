import ExcelJS from 'exceljs';
import type { UnitType } from '../src/config/schema.js';
import type { Scheme, SchemeItem } from '../src/scheme/schema.js';
import { UNIT_TYPE_ZH } from '../src/scheme/items.js';
import type { ItemResult, UnitAssessment } from '../src/scoring/assessment.js';
import { entryRule, metChoices, type ManualValue } from '../src/manual/values.js';
import { fieldKey, KEY_COLUMN, NO, SCHEME_MARK, UNIT_MARK, VALUE_COLUMN, YES, type FieldKey } from '../src/manual/form-keys.js';

/**
 * The official assessment form (序号 / 考核项目 / 赋分 / 评分标准 / 考核方式 / 评分情况 / 备注), one sheet per
 * unit: every item's row filled with what is known and locked; under each manual item, yellow rows
 * for the inspector (criteria met, counts, points and reason, evidence) that `zwgk form import` reads back.
 */

export interface FormUnit {
  id: string;
  name: string;
  type: UnitType;
  assessment: UnitAssessment;
  /** Entries in force, to pre-fill the input cells. */
  entries: Map<number, { value: ManualValue; evidence: string | null }>;
}

export interface FormInput {
  district: string;
  scheme: Scheme;
  asOf: string;
  units: FormUnit[];
}

const HEADERS = ['序号', '考核项目', '赋分', '评分标准', '考核方式', '评分情况', '备注'];
const WIDTHS = [6, 16, 6, 56, 18, 22, 36, 18];
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};

export async function writeAssessmentForm(file: string, input: FormInput, opts: { ranking: boolean }): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'zwgk';
  const names = new Set<string>();
  if (opts.ranking) addRankingSheet(wb, input, uniqueSheetName('排名', names));
  for (const unit of input.units) await addUnitSheet(wb, input, unit, uniqueSheetName(unit.name, names));
  await wb.xlsx.writeFile(file);
}

/** Excel sheet names: at most 31 characters, none of []:*?/\ and unique. */
function uniqueSheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, '_').slice(0, 28) || '单位';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}(${n})`;
  taken.add(name);
  return name;
}

async function addUnitSheet(wb: ExcelJS.Workbook, input: FormInput, unit: FormUnit, sheetName: string): Promise<void> {
  const ws = wb.addWorksheet(sheetName, { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  WIDTHS.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.getColumn(KEY_COLUMN).hidden = true;
  const a = unit.assessment;

  banner(ws, 1, input.scheme.title, { bold: true, size: 14 });
  ws.getCell(`${KEY_COLUMN}1`).value = `${UNIT_MARK}${unit.id}`;
  banner(ws, 2, `被考核单位：${unit.name}（${UNIT_TYPE_ZH[unit.type]}）　${input.district}　计分截至 ${input.asOf}`, {});
  ws.getCell(`${KEY_COLUMN}2`).value = `${SCHEME_MARK}${input.scheme.id}`;
  banner(ws, 3, '说明：白色单元格由系统填写并锁定；黄色单元格由考核人员填写（是/否、次数、得分及理由、印证资料），填好后用 zwgk form import 导入。', { italic: true });
  const head = ws.getRow(4);
  head.values = HEADERS;
  head.eachCell((c) => {
    c.font = { bold: true };
    c.fill = HEAD_FILL;
    c.alignment = { horizontal: 'center', vertical: 'middle' };
    c.border = THIN;
  });

  for (const item of [...input.scheme.items].sort((x, y) => x.no - y.no)) {
    const result = a.items.find((r) => r.no === item.no)!;
    const row = ws.addRow([
      item.no, item.name, 'max' in item ? item.max : '', item.criteria ?? '', item.method ?? '', resultCell(result, item), item.remark ?? '',
    ]);
    styleRow(row);
    row.getCell(6).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    addInputRows(ws, item, unit, result);
  }

  ws.addRow([]);
  const pending = a.pendingItems.length ? `待录入：第${a.pendingItems.join('、')}项` : '';
  const summary: [string, string | number][] = [
    [`基础分（第1–10项，满分 ${a.baseMax}）`, a.base],
    ['加分', a.bonus],
    ['减分', a.deductions ? -a.deductions : 0],
    ['总分', a.total],
    ['排名', a.rank],
    ['状态', a.provisional ? `暂定（${pending || '部分自动计分待接入'}）` : '确定'],
  ];
  for (const [label, value] of summary) {
    const row = ws.addRow(['', '', '', label, '', value, '']);
    styleRow(row);
    row.getCell(4).font = { bold: true };
    row.getCell(4).alignment = { horizontal: 'right', vertical: 'middle' };
    row.getCell(6).alignment = { horizontal: 'center', vertical: 'middle' };
  }
  if (input.scheme.note) {
    const row = ws.addRow(['备注', input.scheme.note]);
    ws.mergeCells(row.number, 2, row.number, 7);
    styleRow(row);
  }
  ws.views = [{ state: 'frozen', ySplit: 4 }];
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
}

function banner(ws: ExcelJS.Worksheet, rowNo: number, text: string, font: Partial<ExcelJS.Font>): void {
  ws.mergeCells(rowNo, 1, rowNo, 7);
  const cell = ws.getCell(rowNo, 1);
  cell.value = text;
  cell.font = font;
  cell.alignment = { horizontal: rowNo === 1 ? 'center' : 'left', vertical: 'middle', wrapText: true };
}

function styleRow(row: ExcelJS.Row): void {
  for (let c = 1; c <= 7; c++) {
    const cell = row.getCell(c);
    cell.border = THIN;
    cell.alignment ??= { vertical: 'middle', wrapText: true };
  }
}

/** 评分情况 of an item row: the points when final, otherwise what is missing. */
function resultCell(r: ItemResult, item: SchemeItem): string | number {
  if (r.status === 'scored') return r.points ?? '';
  if (r.status === 'not-applicable') return r.points === null ? '不适用（按比例折算）' : r.points;
  if (r.status === 'invalid') return '需重新录入';
  if (r.status === 'partial') return `${r.points}（暂定）`;
  return item.kind === 'automated' ? '待接入' : '待录入';
}

/** The inspector's rows under a manual item; automated and not-applicable items get none. */
function addInputRows(ws: ExcelJS.Worksheet, item: SchemeItem, unit: FormUnit, result: ItemResult): void {
  const rule = entryRule(item, unit.type);
  if (rule.kind === 'automated') {
    note(ws, `自动计分：${result.detail}`);
    return;
  }
  if (rule.kind !== 'rule') return;
  const entry = unit.entries.get(item.no);
  const value = entry?.value;
  if (item.kind === 'bonus') {
    const parts = unit.assessment.bonusParts;
    for (const part of item.parts.filter((p) => p.source !== 'manual')) {
      const p = parts.find((x) => x.id === part.id)!;
      note(ws, `${part.text}（+${part.points}）：${p.status === 'earned' ? `+${part.points}` : p.status === 'pending' ? '待定' : '0'}，${p.detail}`);
    }
  }
  if (rule.input === 'met') {
    for (const choice of metChoices(rule.rule, unit.type)) {
      const met = value && 'met' in value ? (value.met.includes(choice.id) ? YES : NO) : null;
      input(ws, { field: 'met', item: item.no, id: choice.id }, `${choice.text}（${item.kind === 'bonus' ? '加' : ''}${choice.points}分）`, met, '填“是”或“否”', 'yesno');
    }
  } else if (rule.input === 'count') {
    const counts = 'counts' in rule.rule ? rule.rule.counts : '次数';
    input(ws, { field: 'count', item: item.no }, counts, value && 'count' in value ? value.count : null, '填写次数（整数）', 'count');
  } else {
    const max = (item as { max: number }).max;
    input(ws, { field: 'points', item: item.no }, `评议得分（0–${max}分）`, value && 'points' in value ? value.points : null, `0 至 ${max} 分`, 'points', max);
    input(ws, { field: 'reason', item: item.no }, '评分理由', value && 'reason' in value ? value.reason : null, '必填', 'text');
  }
  input(ws, { field: 'evidence', item: item.no }, '印证资料／说明', entry?.evidence ?? null, '选填', 'text');
}

function note(ws: ExcelJS.Worksheet, text: string): void {
  const row = ws.addRow(['', '', '', text]);
  ws.mergeCells(row.number, 4, row.number, 7);
  row.getCell(4).font = { color: { argb: 'FF595959' }, size: 9 };
  row.getCell(4).alignment = { wrapText: true, vertical: 'middle' };
}

function input(
  ws: ExcelJS.Worksheet, key: FieldKey, label: string, value: string | number | null, hint: string,
  type: 'yesno' | 'count' | 'points' | 'text', max?: number,
): void {
  const row = ws.addRow(['', '', '', `　${label}`, '', value ?? null, hint]);
  row.getCell(KEY_COLUMN).value = fieldKey(key);
  row.getCell(4).font = { size: 10 };
  row.getCell(7).font = { color: { argb: 'FF808080' }, size: 9 };
  const cell = row.getCell(VALUE_COLUMN);
  cell.fill = INPUT_FILL;
  cell.border = THIN;
  cell.protection = { locked: false };
  cell.alignment = { horizontal: type === 'text' ? 'left' : 'center', vertical: 'middle', wrapText: true };
  if (type === 'yesno') cell.dataValidation = { type: 'list', allowBlank: true, formulae: [`"${YES},${NO}"`], showErrorMessage: true, error: `请填写“${YES}”或“${NO}”` };
  if (type === 'count') cell.dataValidation = { type: 'whole', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [0], showErrorMessage: true, error: '次数应为不小于 0 的整数' };
  if (type === 'points') cell.dataValidation = { type: 'decimal', operator: 'between', allowBlank: true, formulae: [0, max!], showErrorMessage: true, error: `得分应在 0 至 ${max} 分之间` };
}

function addRankingSheet(wb: ExcelJS.Workbook, input: FormInput, sheetName: string): void {
  const ws = wb.addWorksheet(sheetName);
  [8, 24, 12, 10, 8, 8, 10, 10, 30].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.mergeCells(1, 1, 1, 9);
  ws.getCell(1, 1).value = `${input.district} ${input.scheme.title} 得分排名（计分截至 ${input.asOf}）`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  const head = ws.addRow(['排名', '单位', '类型', '基础分', '加分', '减分', '总分', '状态', '待录入项']);
  head.eachCell((c) => {
    c.font = { bold: true };
    c.fill = HEAD_FILL;
    c.border = THIN;
  });
  const sorted = [...input.units].sort((x, y) => x.assessment.rank - y.assessment.rank || x.id.localeCompare(y.id));
  for (const u of sorted) {
    const a = u.assessment;
    const row = ws.addRow([
      a.rank, u.name, UNIT_TYPE_ZH[u.type], a.base, a.bonus, a.deductions ? -a.deductions : 0, a.total,
      a.provisional ? '暂定' : '确定', a.pendingItems.length ? `第${a.pendingItems.join('、')}项` : '',
    ]);
    row.eachCell({ includeEmpty: true }, (c) => (c.border = THIN));
  }
  ws.views = [{ state: 'frozen', ySplit: 2 }];
}
