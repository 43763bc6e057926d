import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openApp, type App } from '../src/app.js';
import { SettableClock } from '../src/time/clock.js';
import { SCHEME_2021 } from './assessment-helpers.js';

/** A district of three units (town, department, subdistrict) with no columns, in a temp directory. */
export function tempDistrict(clock = new SettableClock('2022-01-05T02:00:00Z')): { app: App; dir: string; configFile: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-form-'));
  const configFile = join(dir, 'district.yaml');
  writeFileSync(configFile, `
district:
  name: 测试区
  period: { start: 2021-01-01, end: 2021-12-31 }
  scheme: ${SCHEME_2021}
  dataDir: ${dir}
  operator: 配置录入员
units:
  - { id: town-a, name: 甲镇, type: town }
  - { id: dept-b, name: 乙局, type: department }
  - { id: sub-c, name: 丙街道, type: subdistrict }
`);
  const app = openApp(configFile, clock);
  return { app, dir, configFile, cleanup: () => { app.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/**
 * Converts a workbook with LibreOffice (an independent reader): `csv` gives one file per sheet
 * (UTF-8, comma separated), `xlsx` re-saves the file the way an inspector using LibreOffice would.
 */
export function libreOfficeConvert(file: string, to: 'csv' | 'xlsx'): Map<string, string> | string {
  const out = mkdtempSync(join(tmpdir(), 'zwgk-lo-out-'));
  const profile = mkdtempSync(join(tmpdir(), 'zwgk-lo-profile-'));
  const filter = to === 'csv' ? 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' : 'xlsx:Calc MS Excel 2007 XML';
  try {
    execFileSync('libreoffice', [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--convert-to', filter, '--outdir', out, file], { stdio: 'pipe', timeout: 120_000 });
    const stem = basename(file).replace(/\.xlsx$/, '');
    if (to === 'xlsx') {
      const copy = join(mkdtempSync(join(tmpdir(), 'zwgk-lo-saved-')), `${stem}.xlsx`);
      writeFileSync(copy, readFileSync(join(out, `${stem}.xlsx`)));
      return copy;
    }
    const sheets = new Map<string, string>();
    for (const f of readdirSync(out)) sheets.set(f.slice(stem.length + 1).replace(/\.csv$/, ''), readFileSync(join(out, f), 'utf8'));
    return sheets;
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}

export { parseCsv } from '../src/applications/read-table.js';
