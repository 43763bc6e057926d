import type { Command } from 'commander';

export function registerImportCommands(program: Command): void {
  const imports = program.command('import').description('导入外部数据 (import data from other systems)');
  imports
    .command('applications <file>')
    .description('导入依申请公开登记表（CSV 或 XLSX）；有任何一行出错则整份文件不导入，按编号更新已导入的件')
    .action(async (file, opts, cmd) => (await import('../actions/import.js')).importApplicationsAction(file, opts, cmd));
}
