import type { Command } from 'commander';

export function registerDaemonCommand(program: Command): void {
  program
    .command('daemon')
    .description('常驻运行：每夜检查全部单位、每周发送报告、投递邮件 (nightly audit, weekly reports, mail delivery)')
    .action(async (opts, cmd) => (await import('../actions/daemon.js')).daemonAction(opts, cmd));
}
