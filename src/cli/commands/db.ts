import type { Command } from 'commander';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('数据库维护 (database maintenance)');
  db
    .command('prune')
    .description('按 retention 设置清理过期的请求记录、链接检查、页面存档和解析缓存（每次检查完成后也会自动执行）')
    .option('--dry-run', '只列出将被清理的内容，不做任何修改')
    .option('--wait <seconds>', '检查正在进行时最多等待的秒数（默认 schedule.rerunWaitSeconds）', parseSeconds)
    .action(async (opts, cmd) => (await import('../actions/db.js')).dbPruneAction(opts, cmd));
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--wait 应为非负的秒数，收到 "${value}"`);
  return n;
}
