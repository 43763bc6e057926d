import type { Command } from 'commander';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('在本机启动演示区网站并完整检查一遍 (serve the bundled demo district on 127.0.0.1 and audit it)')
    .option('--data <dir>', '演示数据目录（默认新建临时目录）')
    .option('--json', '输出 JSON')
    .option('--no-serve', '检查完即退出，不启动网页控制台')
    .action(async (opts) => (await import('../actions/demo.js')).demoAction(opts));
}
