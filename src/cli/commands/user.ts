import type { Command } from 'commander';

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('网页控制台账号管理 (console accounts)');
  user
    .command('add <login>')
    .description('添加账号（密码在提示时输入，或用 --password-stdin 从标准输入读取）')
    .requiredOption('--role <role>', '角色：admin（管理员）、inspector（考核员）或 unit（单位）')
    .option('--unit <id>', '单位账号所属的单位编号')
    .option('--password-stdin', '从标准输入读取密码（一行）')
    .action(async (login, opts, cmd) => (await import('../actions/user.js')).userAddAction(login, opts, cmd));
  user
    .command('passwd <login>')
    .description('重设密码（同时解除锁定、结束该账号的所有登录）')
    .option('--password-stdin', '从标准输入读取密码（一行）')
    .action(async (login, opts, cmd) => (await import('../actions/user.js')).userPasswdAction(login, opts, cmd));
  user
    .command('disable <login>')
    .description('停用账号（立即结束其登录）')
    .option('--enable', '重新启用')
    .action(async (login, opts, cmd) => (await import('../actions/user.js')).userDisableAction(login, opts, cmd));
  user
    .command('list')
    .description('列出全部账号')
    .action(async (opts, cmd) => (await import('../actions/user.js')).userListAction(opts, cmd));
}
