import type { Command } from 'commander';

export function registerMailCommands(program: Command): void {
  const mail = program.command('mail').description('周报邮件：发送队列状态、立即发送、重发 (the mail outbox)');

  mail
    .command('status')
    .description('显示待发送、已发送、无法确认和发送失败的邮件')
    .option('--all', '同时列出已发送的邮件')
    .action(async (opts, cmd) => (await import('../actions/mail.js')).mailStatusAction(opts, cmd));

  mail
    .command('send')
    .description('立即投递到期的邮件（守护进程也会定期投递）')
    .action(async (opts, cmd) => (await import('../actions/mail.js')).mailSendAction(opts, cmd));

  mail
    .command('resend')
    .description('重发无法确认或发送失败的邮件（使用原来的 Message-ID，收件方会识别为同一封）')
    .argument('<id...>', '邮件编号（zwgk mail status 中的 #编号）')
    .action(async (ids, opts, cmd) => (await import('../actions/mail.js')).mailResendAction(ids, opts, cmd));
}
