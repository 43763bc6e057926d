import type { Command } from 'commander';
import { parseDateOption } from '../shared.js';

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('生成报告 (reports)');

  report
    .command('weekly')
    .description('生成每周报告：各单位周报（HTML、文本、考核表）和全区汇总，写入目录或放入邮件队列')
    .option('--unit <id>', '只生成一个单位的周报')
    .option('--as-of <date>', '报告截止日期 YYYY-MM-DD（默认今天）', parseDateOption)
    .option('--out <dir>', '写入此目录（按日期建子目录）')
    .option('--mail', '生成邮件放入发送队列（由守护进程或 zwgk mail send 发送；同一周同一单位只生成一次）')
    .action(async (opts, cmd) => (await import('../actions/report.js')).reportWeeklyAction(opts, cmd));

  report
    .command('evidence')
    .description('取出检查时保存的页面存档（报告中的“存档编号”）')
    .argument('<hash>', '存档编号（完整的 sha256，或报告中显示的前 12 位以上）')
    .requiredOption('--out <file>', '写入此文件')
    .action(async (hash, opts, cmd) => (await import('../actions/report.js')).reportEvidenceAction(hash, opts, cmd));
}
