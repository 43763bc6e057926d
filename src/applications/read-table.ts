import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import iconv from 'iconv-lite';
import type ExcelJS from 'exceljs';
import { readWorkbook } from '../files/read-workbook.js';

/** A cell as read: text, a number, a calendar date (`YYYY-MM-DD`, from a spreadsheet date cell) or nothing. */
export type RawCell = string | number | { date: string } | null;

export interface RawTable {
  /** Header texts, in column order. */
  headers: string[];
  /** Data rows with their row number in the file (the header is row 1 unless blank rows precede it). */
  rows: { row: number; cells: RawCell[] }[];
  /** How a CSV file was decoded. */
  encoding?: 'utf-8' | 'gb18030';
}

/** Reads a CSV (UTF-8 with or without BOM, or GBK/GB18030) or an XLSX export. */
export async function readTable(file: string, sheet?: string): Promise<RawTable> {
  const ext = extname(file).toLowerCase();
  if (ext === '.xlsx') return readXlsx(file, sheet);
  if (ext === '.xls') throw new Error('不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv 后再导入');
  return readCsv(await readFile(file));
}

function decode(bytes: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
  }
}

/** RFC 4180 fields: commas, double-quoted fields with `""` escapes and line breaks, CRLF or LF rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function readCsv(bytes: Buffer): RawTable {
  const { text, encoding } = decode(bytes);
  const lines = parseCsv(text);
  return { ...toTable(lines.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => (c.trim() === '' ? null : c)) }))), encoding };
}

function toTable(lines: { row: number; cells: RawCell[] }[]): RawTable {
  const nonEmpty = lines.filter((l) => l.cells.some((c) => c !== null));
  const [header, ...rows] = nonEmpty;
  return { headers: (header?.cells ?? []).map((c) => (c === null ? '' : typeof c === 'object' ? c.date : String(c).trim())), rows };
}

function cellOf(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return { date: value.toISOString().slice(0, 10) };
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if ('richText' in value) return value.richText.map((r) => r.text).join('') || null;
  if ('text' in value && typeof value.text === 'string') return value.text || null;
  if ('result' in value) return cellOf(value.result as ExcelJS.CellValue);
  return null;
}

async function readXlsx(file: string, sheet?: string): Promise<RawTable> {
  const workbook = await readWorkbook(file);
  const worksheet = sheet ? workbook.getWorksheet(sheet) : workbook.worksheets[0];
  if (!worksheet) throw new Error(sheet ? `文件中没有名为“${sheet}”的工作表` : '文件中没有工作表');
  const lines: { row: number; cells: RawCell[] }[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: RawCell[] = [];
    for (let c = 1; c <= worksheet.columnCount; c++) cells.push(cellOf(row.getCell(c).value));
    lines.push({ row: rowNumber, cells });
  });
  return toTable(lines);
}
