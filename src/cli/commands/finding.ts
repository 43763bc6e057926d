import type { Command } from 'commander';

export function registerFindingCommands(program: Command): void {
  const finding = program.command('finding').description('内容检查发现的问题：表述错误、错别字、未脱敏的个人信息 (content findings)');
  finding
    .command('list')
    .description('列出内容问题（默认只列待整改的）')
    .option('--unit <id>', '只列一个单位')
    .option('--all', '也列出已整改和已认定为误报的')
    .action(async (opts, cmd) => (await import('../actions/finding.js')).findingListAction(opts, cmd));
  finding
    .command('allow <id>')
    .description('认定为误报：加入白名单（以后各夜不再报），须写明理由')
    .requiredOption('--reason <text>', '理由')
    .option('--by <name>', '操作人（默认取环境变量 ZWGK_USER 或配置 district.operator）')
    .action(async (id, opts, cmd) => (await import('../actions/finding.js')).findingAllowAction(id, opts, cmd));
  finding
    .command('fixed <id>')
    .description('标记为已整改')
    .action(async (id, opts, cmd) => (await import('../actions/finding.js')).findingFixedAction(id, opts, cmd));
}
