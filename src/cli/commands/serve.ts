import type { Command } from 'commander';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('启动网页控制台（总览、单位页、人工录入、账号管理）(web console)')
    .option('--listen <host:port>', '监听地址（默认取配置 web.listen，否则 127.0.0.1:8080）')
    .action(async (opts, cmd) => (await import('../actions/serve.js')).serveAction(opts, cmd));
}
