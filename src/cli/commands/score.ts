import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { shanghaiDate } from '../../time/dates.js';
import { scoreUnit } from '../../scoring/score-unit.js';
import { configPath, parseDateOption } from '../shared.js';
import { scoreDocument } from '../../../reports/score-json.js';
import { scoreText } from '../../../reports/score-text.js';

export function registerScoreCommand(program: Command): void {
  program
    .command('score')
    .description('根据已保存的检查结果计分，不访问网络 (score from stored facts, no network)')
    .option('--unit <id>', '只计一个单位')
    .option('--as-of <date>', '计分截止日期 YYYY-MM-DD（默认今天）', parseDateOption)
    .option('--json', '输出 JSON')
    .action((opts: { unit?: string; asOf?: string; json?: boolean }, cmd: Command) => {
      const app = openApp(configPath(cmd));
      try {
        const asOf = opts.asOf ?? shanghaiDate(app.clock.now());
        const units = opts.unit ? app.loaded.config.units.filter((u) => u.id === opts.unit) : app.loaded.config.units;
        if (units.length === 0) throw new Error(`配置中没有编号为 "${opts.unit}" 的单位`);
        const scores = units.map((u) => scoreUnit(app, u, asOf));
        const doc = scoreDocument(app.loaded, asOf, scores);
        process.stdout.write(opts.json ? `${JSON.stringify(doc, null, 2)}\n` : scoreText(doc));
      } finally {
        app.close();
      }
    });
}
