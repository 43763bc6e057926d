import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../src/app.js';
import type { ManualEntry } from '../src/manual/entries-repo.js';
import type { AssessedUnitScore } from '../src/scoring/score-district.js';
import { writeAssessmentForm } from './assessment-form.js';

export interface FormFile {
  filename: string;
  content: Buffer;
  contentType: string;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The unit's assessment form (the same workbook as `zwgk form export --unit`) for its weekly report,
 * from the scores already computed for the week. Says why when it cannot be made.
 */
export async function unitForm(app: App, score: AssessedUnitScore, entries: Map<number, ManualEntry>, asOf: string): Promise<FormFile | { missing: string }> {
  const { config, scheme } = app.loaded;
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-form-'));
  try {
    const file = join(dir, 'form.xlsx');
    await writeAssessmentForm(file, {
      district: config.district.name, scheme, asOf, exportedAt: app.clock.now(),
      units: [{ id: score.id, name: score.name, type: score.type, assessment: score, entries }],
    }, { ranking: false });
    const name = score.name.replace(/[\\/:*?"<>|]/g, '_');
    return { filename: `考核表-${name}-截至${asOf}.xlsx`, content: readFileSync(file), contentType: XLSX_TYPE };
  } catch (err) {
    return { missing: `考核评分表生成失败，本周未附（${err instanceof Error ? err.message : String(err)}）` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
