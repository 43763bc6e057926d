import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { shanghaiDate } from '../../time/dates.js';
import { scoreStored } from '../../score-stored.js';
import { configPath } from '../shared.js';
import { scoreDocument } from '../../../reports/score-json.js';
import { scoreText } from '../../../reports/score-text.js';
import { assessmentDetail, assessmentTable } from '../../../reports/assessment-text.js';

export async function scoreAction(opts: { unit?: string; asOf?: string; json?: boolean; all?: boolean }, cmd: Command): Promise<void> {
  if (opts.all && opts.unit) throw new Error('--all 与 --unit 不能同时使用');
  const app = openApp(configPath(cmd), undefined, { readonly: true });
  try {
    const asOf = opts.asOf ?? shanghaiDate(app.clock.now());
    const units = opts.unit ? app.loaded.config.units.filter((u) => u.id === opts.unit) : app.loaded.config.units;
    if (units.length === 0) throw new Error(`配置中没有编号为 "${opts.unit}" 的单位`);
    const district = scoreStored(app, asOf);
    const scores = district.units.filter((s) => units.some((u) => u.id === s.id));
    const doc = scoreDocument(app.loaded, asOf, scores, district.notes);
    if (opts.json) doc.nationalChecks = (await import('../../../reports/national-checks-json.js')).nationalChecks(app, asOf, scores);
    for (const warning of doc.calendarWarnings ?? []) process.stderr.write(`警告：${warning}\n`);
    const text = opts.all
      ? assessmentTable({ district: doc.district, scheme: app.loaded.scheme, asOf, units: scores })
      : scoreText(doc) + assessmentDetail(scores);
    process.stdout.write(opts.json ? `${JSON.stringify(doc, null, 2)}\n` : text);
  } finally {
    app.close();
  }
}
