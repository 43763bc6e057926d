import type { Command } from 'commander';

export function registerLedgerCommands(program: Command): void {
  program
    .command('ledger')
    .description('整改台账：每个问题的发现、申请复查、整改、逾期情况 (the findings ledger)')
    .option('--unit <id>', '只看一个单位')
    .option('--status <status>', '只看一种状态：open（待整改）、recheck（已申请复查）、fixed（已整改）、overdue（逾期未整改）')
    .option('--csv <file>', '导出为 CSV 文件')
    .option('--xlsx <file>', '导出为 Excel 文件')
    .action(async (opts, cmd) => (await import('../actions/ledger.js')).ledgerAction(opts, cmd));
  program
    .command('recheck')
    .argument('<unit>', '单位编号')
    .description('单位已整改，复查该单位：重新检查并更新整改台账 (recheck one unit)')
    .option('--by <name>', '申请人（默认环境变量 ZWGK_USER 或 district.operator）')
    .option('--no-wait', '只加入复查队列，由守护进程或 zwgk serve 执行')
    .action(async (unit, opts, cmd) => (await import('../actions/recheck.js')).recheckAction(unit, opts, cmd));
}
