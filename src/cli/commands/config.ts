import type { Command } from 'commander';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('配置文件 (config file)');
  config
    .command('check')
    .description('校验配置文件与考核方案，列出全部错误 (validate config and scheme, list every error)')
    .action(async (opts, cmd) => (await import('../actions/config.js')).configCheckAction(opts, cmd));
}
