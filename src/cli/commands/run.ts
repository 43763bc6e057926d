import type { Command } from 'commander';
import { parseDateOption } from '../shared.js';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('立即检查各单位栏目并保存结果 (crawl now and store observations)')
    .option('--unit <id>', '只检查一个单位（整改后复查）')
    .option('--as-of <date>', '观察结果记入的日期 YYYY-MM-DD（默认今天）', parseDateOption)
    .option('--wait <seconds>', '另一检查（如守护进程的每夜检查）正在进行时最多等待的秒数（默认 schedule.rerunWaitSeconds）', parseSeconds)
    .action(async (opts, cmd) => (await import('../actions/run.js')).runAction(opts, cmd));
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--wait 应为非负的秒数，收到 "${value}"`);
  return n;
}
