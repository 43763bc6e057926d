import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '../src/app.js';
import { buildWeeklyBatch } from './weekly-batch.js';
import { renderWeeklyUnit } from './weekly-unit.js';
import { renderOfficeSummary } from './office-summary.js';

/**
 * Writes the week's reports to `dir/<asOf>/`: per unit `<id>.html`, `<id>.txt` and its form `<id>.xlsx`,
 * and (for the whole district) `office-summary.html` / `.txt`. The same renderers as the e-mails.
 */
export async function writeWeeklyReports(app: App, asOf: string, dir: string, unitId?: string): Promise<{ files: string[]; notes: string[] }> {
  if (unitId && !app.loaded.config.units.some((u) => u.id === unitId)) throw new Error(`配置中没有编号为 "${unitId}" 的单位`);
  const batch = await buildWeeklyBatch(app, asOf, { unitIds: unitId ? [unitId] : undefined });
  const out = join(dir, asOf);
  mkdirSync(out, { recursive: true });
  const files: string[] = [];
  const notes = new Set<string>();
  const write = (name: string, content: string | Buffer) => {
    const file = join(out, name);
    writeFileSync(file, content);
    files.push(file);
  };
  for (const { report, form } of batch.units) {
    const rendered = renderWeeklyUnit(report);
    write(`${report.unit.id}.html`, rendered.html);
    write(`${report.unit.id}.txt`, rendered.text);
    if (form) write(`${report.unit.id}.xlsx`, form.content);
    if ('missing' in report.attachment) notes.add(report.attachment.missing);
  }
  if (!unitId) {
    const summary = renderOfficeSummary(batch.summary);
    write('office-summary.html', summary.html);
    write('office-summary.txt', summary.text);
  }
  return { files, notes: [...notes] };
}
