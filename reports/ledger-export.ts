import ExcelJS from 'exceljs';
import type { LedgerFinding } from '../src/store/findings-repo.js';
import type { FindingStatus } from '../src/findings/transitions.js';

export const STATUS_ZH: Record<FindingStatus, string> = { open: '待整改', recheck: '已申请复查', fixed: '已整改', overdue: '逾期未整改' };

export const LEDGER_STATUSES = Object.keys(STATUS_ZH) as FindingStatus[];

/** One ledger row as people read it: the same columns in the console, the CSV and the XLSX. */
export const LEDGER_COLUMNS: { header: string; width: number; value: (f: LedgerFinding, unitName: string) => string }[] = [
  { header: '单位', width: 18, value: (_f, name) => name },
  { header: '单位编号', width: 12, value: (f) => f.unitId },
  { header: '对象', width: 18, value: (f) => f.subjectName },
  { header: '问题', width: 50, value: (f) => f.text },
  { header: '状态', width: 12, value: (f) => STATUS_ZH[f.status] },
  { header: '发现日期', width: 12, value: (f) => f.openedOn },
  { header: '整改期限', width: 12, value: (f) => f.deadline ?? '' },
  { header: '申请复查', width: 22, value: (f) => (f.recheckRequestedBy ? `${f.recheckRequestedBy} ${f.recheckRequestedAt?.slice(0, 16).replace('T', ' ') ?? ''}` : '') },
  { header: '整改日期', width: 12, value: (f) => f.fixedOn ?? '' },
  { header: '再次出现次数', width: 8, value: (f) => (f.reopened ? String(f.reopened) : '') },
  { header: '发现时证据', width: 20, value: (f) => f.openedEvidence ?? '' },
  { header: '最新证据', width: 20, value: (f) => f.lastEvidence ?? '' },
  { header: '网址', width: 30, value: (f) => f.url ?? '' },
];

/** A CSV cell: quoted when needed; a leading = + - @ is neutralised so a spreadsheet never runs a crawled title as a formula. */
function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** UTF-8 with BOM, CRLF: what Excel on the office's Windows machines opens without garbling Chinese. */
export function ledgerCsv(rows: LedgerFinding[], unitName: (id: string) => string): string {
  const lines = [LEDGER_COLUMNS.map((c) => csvCell(c.header)).join(',')];
  for (const f of rows) lines.push(LEDGER_COLUMNS.map((c) => csvCell(c.value(f, unitName(f.unitId)))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function ledgerXlsx(rows: LedgerFinding[], unitName: (id: string) => string, title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('整改台账', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  ws.columns = LEDGER_COLUMNS.map((c) => ({ width: c.width }));
  ws.mergeCells(1, 1, 1, LEDGER_COLUMNS.length);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  const head = ws.getRow(2);
  LEDGER_COLUMNS.forEach((c, i) => { head.getCell(i + 1).value = c.header; });
  head.font = { bold: true };
  for (const f of rows) {
    const row = ws.addRow(LEDGER_COLUMNS.map((c) => c.value(f, unitName(f.unitId))));
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  ws.pageSetup.printTitlesRow = '2:2';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
