import type { Command } from 'commander';

export function registerManualCommands(program: Command): void {
  const manual = program.command('manual').description('人工录入考核项（网站检查不到的项目）(manual entries)');

  manual
    .command('set')
    .description('录入一个单位的一个考核项（只追加，不覆盖历史）')
    .requiredOption('--unit <id>', '单位编号')
    .requiredOption('--item <no>', '考核项序号')
    .option('--count <n>', '次数（如开展活动次数、被通报次数）')
    .option('--met <ids>', '达到的评分标准，逗号分隔（如 分管领导,研究部署）')
    .option('--none', '评分标准均未达到')
    .option('--points <p>', '评议得分（评议类考核项）')
    .option('--reason <text>', '评议理由（与 --points 一起使用）')
    .option('--clear', '撤销该项的录入，恢复为待录入')
    .option('--evidence <text>', '印证资料或说明')
    .option('--by <name>', '录入人（默认取环境变量 ZWGK_USER 或配置 district.operator）')
    .action(async (opts, cmd) => (await import('../actions/manual.js')).manualSetAction(opts, cmd));

  manual
    .command('list')
    .description('列出各单位人工录入项的当前值和待录入项')
    .option('--unit <id>', '只列一个单位')
    .action(async (opts, cmd) => (await import('../actions/manual.js')).manualListAction(opts, cmd));

  manual
    .command('history')
    .description('列出一个单位的全部录入记录（谁、何时、改了什么、依据）')
    .requiredOption('--unit <id>', '单位编号')
    .option('--item <no>', '只看一个考核项')
    .action(async (opts, cmd) => (await import('../actions/manual.js')).manualHistoryAction(opts, cmd));
}
