import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp } from '../../app.js';
import { SettableClock } from '../../time/clock.js';
import { DEMO_AS_OF, DEMO_ORIGIN_PLACEHOLDER, serveDemoDistrict } from '../../demo/demo-site.js';
import { scoreStored } from '../../score-stored.js';
import { scoreDocument } from '../../../reports/score-json.js';
import { scoreText } from '../../../reports/score-text.js';
import { assessmentTable } from '../../../reports/assessment-text.js';
import { auditWithProgress, describeRun } from './run.js';
import { describeLedgerUpdate, updateLedgerAfterRun } from '../../findings/update-ledger.js';
import { importRegister } from '../../applications/import-register.js';
import { ManualEntriesRepo } from '../../manual/entries-repo.js';
import { recordEntry } from '../../manual/record.js';
import { demoManualEntries } from '../../demo/manual-entries.js';
import type { App } from '../../app.js';

/** The repository root, whether running from src/ (tsx) or dist/src/ (built). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!readable(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

function readable(file: string): boolean {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
}

export async function demoAction(opts: { data?: string; json?: boolean; serve?: boolean }): Promise<void> {
  const root = projectRoot();
  const site = await serveDemoDistrict(DEMO_AS_OF);
  try {
    const dataDir = resolve(opts.data ?? mkdtempSync(join(tmpdir(), 'zwgk-demo-')));
    mkdirSync(dataDir, { recursive: true });
    const template = readFileSync(join(root, 'config/demo/district.yaml'), 'utf8');
    const configFile = join(dataDir, 'district.yaml');
    writeFileSync(configFile, template
      .replaceAll(DEMO_ORIGIN_PLACEHOLDER, site.origin)
      .replace(/scheme: .*/, `scheme: ${join(root, 'config/schemes/yanjiang-2021.yaml')}`)
      .replace(/^district:\n/m, `district:\n  dataDir: ${dataDir}\n`));
    const app = openApp(configFile, new SettableClock(`${DEMO_AS_OF}T18:00:00Z`));
    try {
      process.stderr.write(`演示区网站：${site.origin}\n数据目录：${dataDir}\n`);
      const summary = await auditWithProgress(app, { asOf: DEMO_AS_OF });
      process.stderr.write(`${describeRun(summary)}\n${describeLedgerUpdate(updateLedgerAfterRun(app, summary.runId))}\n`);
      process.stderr.write(`${await addDemoRecords(app, join(root, 'config/demo/依申请公开登记.csv'))}\n\n`);
      const scores = scoreStored(app, DEMO_AS_OF);
      const doc = scoreDocument(app.loaded, DEMO_AS_OF, scores.units, scores.notes);
      process.stdout.write(opts.json ? `${JSON.stringify(doc, null, 2)}\n`
        : `${scoreText(doc)}\n${assessmentTable({ district: doc.district, scheme: app.loaded.scheme, asOf: DEMO_AS_OF, units: scores.units })}`);
      if (opts.serve !== false) await (await import('./demo-console.js')).serveDemoConsole(app);
    } finally {
      app.close();
    }
  } finally {
    await site.close();
  }
}

/**
 * What an office adds by hand: the application register and the inspectors' entries, entered on the
 * morning of the demo's date (entries count from the day they are made). Entries already there (a
 * second run on the same data directory) are left as they are.
 */
async function addDemoRecords(app: App, register: string): Promise<string> {
  const at = new Date(`${DEMO_AS_OF}T02:00:00Z`);
  const imported = await importRegister(app.db, register, app.loaded.config, at);
  const { scheme, config } = app.loaded;
  const repo = new ManualEntriesRepo(app.db);
  const latest = repo.latest(scheme.id);
  const todo = demoManualEntries(new Map(config.units.map((u) => [u.id, u.type]))).filter((e) => !latest.get(e.unitId)?.has(e.itemNo));
  for (const e of todo) recordEntry({ scheme, units: config.units, repo, who: '演示考核组', now: at, source: 'cli' }, e);
  return `依申请公开登记 ${imported.rows} 件（新增 ${imported.inserted} 件）；人工评分录入 ${todo.length} 项`;
}
