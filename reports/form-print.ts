import type ExcelJS from 'exceljs';
import { displayWidth } from './assessment-text.js';

/**
 * How the assessment form prints: A4 portrait, fitted to the page width (any number of pages tall),
 * margins for binding, the header row repeated on every page, every row tall enough for its wrapped
 * text (spreadsheet programs do not grow rows for merged or pre-sized cells, so text would run into the
 * input rows below), and page breaks placed so that an item never splits from its input rows and the
 * totals stay on the page with the end of the table.
 */

/** Column widths (characters) chosen so the seven columns fit A4 portrait at about 90 %. */
export const PRINT_WIDTHS = [5, 12, 5, 38, 12, 14, 18];

const A4_PORTRAIT = 9;
export const MARGINS = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };
const PAGE_PT = { width: 595, height: 842 };

export function printSetup(titleRows: string): Partial<ExcelJS.PageSetup> {
  return {
    paperSize: A4_PORTRAIT, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0,
    margins: MARGINS, printTitlesRow: titleRows, horizontalCentered: true,
  };
}

/** Width of a column in points as spreadsheet programs draw it (7 px per character plus padding, 0.75 pt per px). */
function columnPoints(width: number): number {
  return (Math.trunc(width * 7 + 5)) * 0.75;
}

/** The scale fit-to-width prints at, and the height of a page in sheet points at that scale. */
export function printScale(widths: number[]): { scale: number; pageHeight: number } {
  const printable = PAGE_PT.width - (MARGINS.left + MARGINS.right) * 72;
  const total = widths.reduce((n, w) => n + columnPoints(w), 0);
  const scale = Math.min(1, printable / total);
  const tall = PAGE_PT.height - (MARGINS.top + MARGINS.bottom) * 72;
  return { scale, pageHeight: tall / scale };
}

/** Lines a text takes in a column this wide (CJK characters count two, with a margin for wider glyphs). */
export function linesFor(text: string, width: number): number {
  const perLine = Math.max(1, (width - 1) / 1.1);
  return text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / perLine)), 0);
}

/**
 * Sets the row's height from its wrapped cells: `spans` gives, per cell that wraps, the column range it
 * covers (a merged cell spans several columns).
 */
export function fitRowHeight(row: ExcelJS.Row, widths: number[], spans: [number, number][], fontSize = 11): void {
  const lineHeight = fontSize <= 9 ? 12 : fontSize <= 10 ? 13.5 : 15;
  let lines = 1;
  for (const [from, to] of spans) {
    const value = row.getCell(from).value;
    if (value === null || value === undefined || value === '') continue;
    const width = widths.slice(from - 1, to).reduce((n, w) => n + w, 0);
    lines = Math.max(lines, linesFor(String(value), width));
  }
  row.height = lines * lineHeight + 4;
}

/**
 * Page breaks between blocks of rows (each `[first, last]` row number), so no block is split; the last
 * block should hold the totals with the table's last item. `startRow` is the first row under the title
 * rows, `repeatHeight` the height of the rows repeated on every page.
 */
export function breakBetweenBlocks(ws: ExcelJS.Worksheet, blocks: [number, number][], widths: number[], repeatHeight: number): number {
  const { pageHeight } = printScale(widths);
  const height = (from: number, to: number) => {
    let h = 0;
    for (let r = from; r <= to; r++) h += ws.getRow(r).height ?? 15;
    return h;
  };
  let used = blocks.length ? height(1, blocks[0][0] - 1) : 0;
  let pages = 1;
  for (const [from, to] of blocks) {
    const h = height(from, to);
    if (used + h > pageHeight && used > repeatHeight) {
      ws.getRow(from - 1).addPageBreak();
      pages++;
      used = repeatHeight;
    }
    used += h;
  }
  return pages;
}
