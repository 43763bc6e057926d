import type { Command } from 'commander';
import { parseDateOption } from '../shared.js';

export function registerScoreCommand(program: Command): void {
  program
    .command('score')
    .description('根据已保存的检查结果计分，不访问网络 (score from stored facts, no network)')
    .option('--unit <id>', '只计一个单位')
    .option('--as-of <date>', '计分截止日期 YYYY-MM-DD（默认今天）', parseDateOption)
    .option('--json', '输出 JSON')
    .option('--all', '全区考核总表：各项得分、加分、减分、总分、排名和待录入项')
    .action(async (opts, cmd) => (await import('../actions/score.js')).scoreAction(opts, cmd));
}
