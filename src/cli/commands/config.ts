import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { configPath } from '../shared.js';
import { ConfigError } from '../../config/errors.js';
import { calendarCoverageProblems } from '../../config/timeliness-check.js';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('配置文件 (config file)');
  config
    .command('check')
    .description('校验配置文件与考核方案，列出全部错误 (validate config and scheme, list every error)')
    .action((_opts, cmd: Command) => {
      const loaded = loadConfig(configPath(cmd));
      const coverage = calendarCoverageProblems(loaded.file, loaded.config);
      if (coverage.length > 0) throw new ConfigError(coverage);
      const columns = loaded.config.units.reduce((n, u) => n + u.columns.length, 0);
      process.stdout.write(`配置有效：${loaded.file}\n  ${loaded.config.district.name}，${loaded.config.units.length} 个单位，${columns} 个栏目，考核方案 ${loaded.scheme.title}\n`);
    });
}
