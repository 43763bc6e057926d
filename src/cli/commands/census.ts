import type { Command } from 'commander';

export function registerCensusCommands(program: Command): void {
  program
    .command('discover <url>')
    .description('从首页（及信息公开目录）读取网站，找出全部栏目并输出配置草稿 (find every column of a site, print config YAML)')
    .option('--budget <n>', '最多读取的页面数（默认 200）', positiveInt, 200)
    .option('--unit <id>', '输出为该单位的配置条目')
    .option('--json', '输出 JSON')
    .action(async (url, opts, cmd) => (await import('../actions/census.js')).discoverAction(url, opts, cmd));

  const census = program.command('census').description('网站栏目普查 (site census)');
  census
    .command('exclude <unit> <url>')
    .description('将一个栏目排除出普查与否决项统计，须写明原因 (exclude a column, with a reason)')
    .requiredOption('--reason <text>', '排除原因')
    .option('--by <name>', '操作人（默认 ZWGK_USER 或 district.operator）')
    .action(async (unit, url, opts, cmd) => (await import('../actions/census.js')).excludeAction(unit, url, opts, cmd));
  census
    .command('run')
    .description('立即普查各单位网站（或一个单位）并保存结果 (census now)')
    .option('--unit <id>', '只普查一个单位')
    .action(async (opts, cmd) => (await import('../actions/census.js')).censusRunAction(opts, cmd));
  census
    .command('show <unit>')
    .description('显示单位最近一次普查：新增、消失、排除的栏目和失效链接 (the unit\'s latest census)')
    .action(async (unit, _opts, cmd) => (await import('../actions/census.js')).showAction(unit, cmd));
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--budget 应为正整数，收到 "${value}"`);
  return n;
}
