import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractText, getDocumentProxy } from 'unpdf';
import { ManualEntriesRepo } from '../src/manual/entries-repo.js';
import { recordEntry } from '../src/manual/record.js';
import { formInput } from '../src/cli/actions/form.js';
import { buildAssessmentWorkbook, writeAssessmentForm } from '../reports/assessment-form.js';
import { linesFor, PRINT_WIDTHS } from '../reports/form-print.js';
import { tempDistrict } from './form-helpers.js';

const UNITS = ['甲镇', '乙局', '丙街道'];
let d: ReturnType<typeof tempDistrict>;
let file: string;
let pdfDir: string;

beforeAll(async () => {
  d = tempDistrict();
  const { scheme, config } = d.app.loaded;
  const ctx = { scheme, units: config.units, repo: new ManualEntriesRepo(d.app.db), who: '张三', now: d.app.clock.now(), source: 'cli' as const };
  recordEntry(ctx, { unitId: 'dept-b', itemNo: 10, value: { points: 12, reason: '完成上级交办的政务公开任务，年度报告按时发布，但政策解读数量不足，扣 2 分' }, evidence: '任务台账、年度报告、政策解读目录' });
  recordEntry(ctx, { unitId: 'town-a', itemNo: 5, value: { count: 2 }, evidence: '活动方案及照片' });
  file = join(d.dir, 'form.xlsx');
  await writeAssessmentForm(file, formInput(d.app, '2021-12-31'), { ranking: true });
  pdfDir = mkdtempSync(join(tmpdir(), 'zwgk-pdf-'));
}, 60_000);
afterAll(() => {
  d?.cleanup();
  if (pdfDir) rmSync(pdfDir, { recursive: true, force: true });
});

describe('the assessment form prints', () => {
  it('is set up for A4 portrait, fitted to the width, with margins and the header row on every page', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    for (const name of [...UNITS, '排名']) {
      const setup = wb.getWorksheet(name)!.pageSetup;
      expect(setup, name).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true });
      expect(setup.margins).toMatchObject({ left: 0.5, right: 0.5, top: 0.6, bottom: 0.6 });
      expect(setup.printTitlesRow).toBe(name === '排名' ? '3:3' : '4:4');
    }
  });

  it('gives every row the height its wrapped text needs, so criteria never run into the input rows', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    for (const name of UNITS) {
      const ws = wb.getWorksheet(name)!;
      let tall = 0;
      ws.eachRow((row, n) => {
        if (n <= 4) return;
        for (const [col, width] of [[4, PRINT_WIDTHS[3]], [7, PRINT_WIDTHS[6]]] as const) {
          const text = row.getCell(col).value;
          if (typeof text !== 'string' || row.getCell(col).isMerged) continue;
          const needed = linesFor(text, width) * 13.5;
          expect(row.height ?? 15, `${name} row ${n}`).toBeGreaterThanOrEqual(needed);
          if (linesFor(text, width) >= 4) tall++;
        }
        expect(row.getCell(4).alignment?.wrapText ?? true, `${name} row ${n}`).toBe(true);
      });
      expect(tall, name).toBeGreaterThan(3);
    }
  });

  it('breaks pages only before an item row, and keeps the last item with the totals', async () => {
    const wb = await buildAssessmentWorkbook(formInput(d.app, '2021-12-31'), { ranking: true });
    for (const name of UNITS) {
      const ws = wb.getWorksheet(name)!;
      const breaks = (ws as unknown as { rowBreaks: { id: number }[] }).rowBreaks.map((b) => b.id);
      expect(breaks.length, name).toBeGreaterThan(0);
      for (const id of breaks) expect(typeof ws.getRow(id + 1).getCell(1).value, `${name} break after row ${id}`).toBe('number');
      let totalRow = 0;
      let lastItem = 0;
      ws.eachRow((row, n) => {
        if (row.getCell(4).value === '总分') totalRow = n;
        if (row.getCell(1).value === 12) lastItem = n;
      });
      expect(Math.max(...breaks), name).toBeLessThan(lastItem);
      expect(totalRow).toBeGreaterThan(lastItem);
    }
  });

  it('prints on A4 portrait pages in LibreOffice: no page starts inside an item, and the totals stay with the table', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'zwgk-lo-profile-'));
    try {
      execFileSync('libreoffice', [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, file], { stdio: 'pipe', timeout: 120_000 });
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
    const pdf = await getDocumentProxy(new Uint8Array(readFileSync(join(pdfDir, 'form.pdf'))));
    const { totalPages, text } = await extractText(pdf, { mergePages: false });
    const pages = text as string[];
    for (let i = 1; i <= totalPages; i++) {
      const { width, height } = (await pdf.getPage(i)).getViewport({ scale: 1 });
      expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    }
    const unitPages = pages.filter((p) => p.startsWith('序号 考核项目') || p.includes('被考核单位'));
    expect(unitPages.length).toBeGreaterThan(3);
    for (const p of unitPages) {
      // A page's first row under the repeated header is an item row (序号 first), never an input row of the item before.
      const first = p.split('\n').find((l) => !l.startsWith('序号') && !l.includes('评分标准') && l.trim() !== '')!;
      if (!p.includes('被考核单位')) expect(first, first).toMatch(/^\d+ /);
    }
    const withTotals = pages.filter((p) => p.includes('总分') && p.includes('基础分（第1–10项'));
    expect(withTotals).toHaveLength(3);
    for (const p of withTotals) expect(p).toMatch(/(^|\n)12 减分项/);
  }, 180_000);
});
