import ExcelJS from 'exceljs';
import type { UnitType } from '../src/config/schema.js';
import type { Scheme, SchemeItem } from '../src/scheme/schema.js';
import { UNIT_TYPE_ZH } from '../src/scheme/items.js';
import type { ItemResult, UnitAssessment } from '../src/scoring/assessment.js';
import { entryRule, metChoices, type ManualValue } from '../src/manual/values.js';
import { breakBetweenBlocks, fitRowHeight, PRINT_WIDTHS, printSetup } from './form-print.js';
import { automatedItemOf, districtRanking, rankLabel, rankMove, totalLabel, automatedLabel, type DistrictRanking, type RankRow } from './ranking.js';
import { fmtChange } from './format.js';
import { EXPORTED_MARK, versionKey, fieldKey, KEY_COLUMN, NO, SCHEME_MARK, UNIT_MARK, VALUE_COLUMN, YES, type FieldKey } from '../src/manual/form-keys.js';

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
  /** Entries in force, to pre-fill the input cells; their ids stamp the form's version of each item. */
  entries: Map<number, { value: ManualValue; evidence: string | null; id?: number }>;
}

export interface FormInput {
  district: string;
  scheme: Scheme;
  asOf: string;
  units: FormUnit[];
  /** The ranking with the week's changes, as the weekly mails show it; without it the 排名 sheet has no changes. */
  ranking?: DistrictRanking;
  previousAsOf?: string | null;
  /** When the form is made: stamped in it, so an import can tell entries changed since. */
  exportedAt: Date;
}

const HEADERS = ['序号', '考核项目', '赋分', '评分标准', '考核方式', '评分情况', '备注'];
const WIDTHS = [...PRINT_WIDTHS, 18];
/** Cells that wrap on an item row: 考核项目, 评分标准, 考核方式, 评分情况, 备注. */
const ITEM_SPANS: [number, number][] = [[2, 2], [4, 4], [5, 5], [6, 6], [7, 7]];
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};

export async function writeAssessmentForm(file: string, input: FormInput, opts: { ranking: boolean }): Promise<void> {
  await (await buildAssessmentWorkbook(input, opts)).xlsx.writeFile(file);
}

export async function buildAssessmentWorkbook(input: FormInput, opts: { ranking: boolean }): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'zwgk';
  const names = new Set<string>();
  if (opts.ranking) addRankingSheet(wb, input, uniqueSheetName('排名', names));
  for (const unit of input.units) await addUnitSheet(wb, input, unit, uniqueSheetName(unit.name, names));
  return wb;
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
  const ws = wb.addWorksheet(sheetName, { pageSetup: printSetup('4:4') });
  WIDTHS.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.getColumn(KEY_COLUMN).hidden = true;
  const a = unit.assessment;

  banner(ws, 1, input.scheme.title, { bold: true, size: 14 });
  ws.getCell(`${KEY_COLUMN}1`).value = `${UNIT_MARK}${unit.id}`;
  banner(ws, 2, `被考核单位：${unit.name}（${UNIT_TYPE_ZH[unit.type]}）　${input.district}　计分截至 ${input.asOf}`, {});
  ws.getCell(`${KEY_COLUMN}2`).value = `${SCHEME_MARK}${input.scheme.id}`;
  ws.getCell(`${KEY_COLUMN}3`).value = `${EXPORTED_MARK}${input.exportedAt.toISOString()}`;
  banner(ws, 3, '说明：白色单元格由系统填写并锁定；黄色单元格由考核人员填写（是/否、次数、得分及理由、印证资料），填好后用 zwgk form import 导入。', { italic: true });
  const head = ws.getRow(4);
  head.values = HEADERS;
  head.eachCell((c) => {
    c.font = { bold: true };
    c.fill = HEAD_FILL;
    c.alignment = { horizontal: 'center', vertical: 'middle' };
    c.border = THIN;
  });

  [1, 2, 3].forEach((n) => fitRowHeight(ws.getRow(n), WIDTHS, [[1, 7]], n === 1 ? 14 : 11));
  fitRowHeight(head, WIDTHS, []);
  const blocks: [number, number][] = [];
  for (const item of [...input.scheme.items].sort((x, y) => x.no - y.no)) {
    const result = a.items.find((r) => r.no === item.no)!;
    const row = ws.addRow([
      item.no, item.name, 'max' in item ? item.max : '', item.criteria ?? '', item.method ?? '', resultCell(result, item), item.remark ?? '',
    ]);
    styleRow(row);
    row.getCell(6).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    row.getCell(KEY_COLUMN).value = versionKey(item.no, unit.entries.get(item.no)?.id ?? 0);
    fitRowHeight(row, WIDTHS, ITEM_SPANS);
    addInputRows(ws, item, unit, result);
    blocks.push([row.number, ws.rowCount]);
  }

  ws.addRow([]);
  const pending = a.pendingItems.length ? `待录入：第${a.pendingItems.join('、')}项` : '';
  const summary: [string, string | number][] = [
    [`基础分（第1–10项，满分 ${a.baseMax}）`, a.base],
    ['加分', a.bonus],
    ['减分', a.deductions ? -a.deductions : 0],
    ['总分', a.total],
    ['排名', rankLabel({ ...a, automatedNo: automatedItemOf(input.scheme).no }) ?? '暂无排名（总分暂定）'],
    ['状态', a.provisional ? `暂定（${pending || '部分自动计分待接入'}）` : '确定'],
  ];
  for (const [label, value] of summary) {
    const row = ws.addRow(['', '', '', label, '', value, '']);
    styleRow(row);
    row.getCell(4).font = { bold: true };
    row.getCell(4).alignment = { horizontal: 'right', vertical: 'middle' };
    row.getCell(6).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    fitRowHeight(row, WIDTHS, [[4, 4], [6, 6]]);
  }
  if (input.scheme.note) {
    const row = ws.addRow(['备注', input.scheme.note]);
    ws.mergeCells(row.number, 2, row.number, 7);
    styleRow(row);
    fitRowHeight(row, WIDTHS, [[2, 7]]);
  }
  // The totals print with the table's last item, never alone on a page.
  if (blocks.length) blocks[blocks.length - 1][1] = ws.rowCount;
  breakBetweenBlocks(ws, blocks, WIDTHS, ws.getRow(4).height ?? 15);
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
  fitRowHeight(row, WIDTHS, [[4, 7]], 9);
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
  row.getCell(4).alignment = { wrapText: true, vertical: 'middle' };
  row.getCell(7).alignment = { wrapText: true, vertical: 'middle' };
  fitRowHeight(row, WIDTHS, [[4, 4], [6, 6], [7, 7]], 10);
  if (type === 'points') cell.dataValidation = { type: 'decimal', operator: 'between', allowBlank: true, formulae: [0, max!], showErrorMessage: true, error: `得分应在 0 至 ${max} 分之间` };
}

const RANKING_HEAD = ['排名', '单位', '类型', '基础分', '加分', '减分', '总分', '总分较上周', '名次变化', '第9项', '第9项较上周', '状态', '待录入项'];

/**
 * The district ranking (reports/ranking.ts), as the weekly mails show it: final totals ranked, then the
 * provisional ones without a rank, then item 9 ranked on its own while some total is provisional.
 */
function addRankingSheet(wb: ExcelJS.Workbook, input: FormInput, sheetName: string): void {
  const ranking = input.ranking ?? districtRanking(input.scheme, input.units.map((u) => ({ ...u.assessment, id: u.id, name: u.name, type: u.type })));
  const byId = new Map(input.units.map((u) => [u.id, u]));
  const head = RANKING_HEAD.map((h) => h.replace('第9项', `第${ranking.automatedNo}项`));
  const widths = [6, 20, 10, 7, 6, 6, 7, 8, 8, 8, 8, 7, 16];
  const ws = wb.addWorksheet(sheetName, { pageSetup: printSetup('3:3') });
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const title = (text: string, bold = false) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, head.length);
    row.getCell(1).font = bold ? { bold: true, size: 14 } : { size: 10 };
    row.getCell(1).alignment = { wrapText: true, vertical: 'middle' };
    fitRowHeight(row, widths, [[1, head.length]], bold ? 14 : 10);
  };
  title(`${input.district} ${input.scheme.title} 得分排名（计分截至 ${input.asOf}）`, true);
  title(`总分排名只比较人工评分项已全部录入的单位；总分暂定的单位不参与总分排名。${input.previousAsOf ? `较上周指与 ${input.previousAsOf} 比较。` : ''}`);
  const headRow = ws.addRow(head);
  headRow.eachCell((c) => {
    c.font = { bold: true };
    c.fill = HEAD_FILL;
    c.border = THIN;
    c.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  });
  fitRowHeight(headRow, widths, head.map((_, i) => [i + 1, i + 1] as [number, number]));
  const change = (r: RankRow, n: number | null) => (r.change.isNew ? '新增' : fmtChange(n));
  const unitRow = (r: RankRow) => {
    const a = byId.get(r.id)?.assessment;
    const row = ws.addRow([
      r.rank ?? '—', r.name, UNIT_TYPE_ZH[r.type], a?.base ?? '', a?.bonus ?? '', a?.deductions ? -a.deductions : 0, r.total,
      r.provisional ? '—' : change(r, r.change.total), r.rank === null ? '—' : rankMove(r.change, 'rank'),
      r.automated ?? '—', change(r, r.change.automated), r.provisional ? '暂定' : '确定', r.pendingItems.length ? `第${r.pendingItems.join('、')}项` : '',
    ]);
    row.eachCell({ includeEmpty: true }, (c) => { c.border = THIN; c.alignment = { wrapText: true, vertical: 'middle' }; });
    fitRowHeight(row, widths, [[2, 2], [13, 13]]);
  };
  ranking.final.forEach(unitRow);
  if (ranking.provisional.length) {
    title(`总分暂定（待录入项不是 0 分，不参与总分排名）：${ranking.provisional.length} 个单位`);
    ranking.provisional.forEach(unitRow);
  }
  if (ranking.automated) {
    ws.addRow([]);
    title(`第${ranking.automatedNo}项「${ranking.automatedName}」单独排名（自动计分，满分 ${ranking.automatedMax}）`, false);
    for (const r of ranking.automated) {
      const row = ws.addRow([r.automatedRank ?? '—', r.name, UNIT_TYPE_ZH[r.type], automatedLabel(r), '', '', '', change(r, r.change.automated), rankMove(r.change, 'automatedRank'), '', '', '', totalLabel(r)]);
      ws.mergeCells(row.number, 4, row.number, 7);
      ws.mergeCells(row.number, 10, row.number, 13);
      row.eachCell({ includeEmpty: true }, (c) => { c.border = THIN; c.alignment = { wrapText: true, vertical: 'middle' }; });
      fitRowHeight(row, widths, [[2, 2], [10, 13]]);
    }
  }
  ws.views = [{ state: 'frozen', ySplit: 3 }];
}
