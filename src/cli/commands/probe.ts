import type { Command } from 'commander';

export function registerProbeCommand(program: Command): void {
  program
    .command('probe')
    .description('立即探测各单位网站首页能否打开一次（站点无法访问检查）(probe homepages once)')
    .option('--unit <id>', '只探测一个单位')
    .action(async (opts, cmd) => (await import('../actions/probe.js')).probeAction(opts, cmd));
}
