import type { Command } from 'commander';
import { openAppCached } from '../../app-core.js';
import { shanghaiDate } from '../../time/dates.js';
import { scoreStored } from '../../score-stored.js';
import { configPath } from '../shared.js';
import { scoreDocument } from '../../../reports/score-json.js';

export async function scoreAction(opts: { unit?: string; asOf?: string; json?: boolean; all?: boolean }, cmd: Command): Promise<void> {
  if (opts.all && opts.unit) throw new Error('--all 与 --unit 不能同时使用');
  const app = await openAppCached(configPath(cmd), undefined, { readonly: true });
  try {
    const asOf = opts.asOf ?? shanghaiDate(app.clock.now());
    const units = opts.unit ? app.loaded.config.units.filter((u) => u.id === opts.unit) : app.loaded.config.units;
    if (units.length === 0) throw new Error(`配置中没有编号为 "${opts.unit}" 的单位`);
    const district = scoreStored(app, asOf);
    const scores = district.units.filter((s) => units.some((u) => u.id === s.id));
    const doc = scoreDocument(app.loaded, asOf, scores, district.notes);
    if (opts.json) doc.nationalChecks = (await import('../../../reports/national-checks-json.js')).nationalChecks(app, asOf, scores);
    for (const warning of doc.calendarWarnings ?? []) process.stderr.write(`警告：${warning}\n`);
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      return;
    }
    if (opts.all) {
      const { assessmentTable } = await import('../../../reports/assessment-text.js');
      process.stdout.write(assessmentTable({ district: doc.district, scheme: app.loaded.scheme, asOf, units: scores }));
      return;
    }
    const [{ scoreText }, { assessmentDetail }] = await Promise.all([import('../../../reports/score-text.js'), import('../../../reports/assessment-text.js')]);
    process.stdout.write(scoreText(doc) + assessmentDetail(scores, app.loaded.scheme));
  } finally {
    app.close();
  }
}
