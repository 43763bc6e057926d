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
import { auditWithProgress, describeRun } from './run.js';
import { describeLedgerUpdate, updateLedgerAfterRun } from '../../findings/update-ledger.js';

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
      process.stderr.write(`${describeRun(summary)}\n${describeLedgerUpdate(updateLedgerAfterRun(app, summary.runId))}\n\n`);
      const scores = scoreStored(app, DEMO_AS_OF);
      const doc = scoreDocument(app.loaded, DEMO_AS_OF, scores.units, scores.notes);
      process.stdout.write(opts.json ? `${JSON.stringify(doc, null, 2)}\n` : scoreText(doc));
      if (opts.serve !== false) await (await import('./demo-console.js')).serveDemoConsole(app);
    } finally {
      app.close();
    }
  } finally {
    await site.close();
  }
}
