import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { Outbox, type OutboxRow } from '../../mail/outbox.js';
import { smtpFromEnv, describeSmtp, redactor } from '../../mail/smtp-env.js';
import { smtpSender } from '../../mail/sender.js';
import { bareAddress } from '../../mail/compose.js';
import { deliverOutbox } from '../../mail/delivery.js';
import { LockBusyError, readLock } from '../../schedule/run-lock.js';
import { shanghaiDateTime } from '../../time/dates.js';
import { configPath } from '../shared.js';

const STATUS_ZH: Record<string, string> = { pending: '待发送', sending: '发送中', sent: '已发送', uncertain: '无法确认', failed: '发送失败' };

export function mailStatusAction(opts: { all?: boolean }, cmd: Command): void {
  const app = openApp(configPath(cmd), undefined, { readonly: true });
  try {
    const outbox = new Outbox(app.db);
    const c = outbox.counts();
    const smtp = smtpFromEnv();
    const out: string[] = [
      `邮件服务器：${smtp ? describeSmtp(smtp) : '未配置（设置 ZWGK_SMTP_HOST 等环境变量）'}`,
      `待发送 ${c.pending + c.sending} 封，已发送 ${c.sent} 封（其中 ${outbox.resentAfterInterruption()} 封曾因中断以同一 Message-ID 重发），无法确认 ${c.uncertain} 封，发送失败 ${c.failed} 封`,
    ];
    const holder = readLock(app.db, 'mail');
    if (holder) out.push(`正在发送：进程 ${holder.pid}（${holder.host}），租约到 ${shanghaiDateTime(new Date(holder.expiresAt))}`);
    const rows = outbox.list(opts.all ? ['pending', 'sending', 'uncertain', 'failed', 'sent'] : ['pending', 'sending', 'uncertain', 'failed']);
    if (rows.length) out.push('', ...rows.map(describeRow));
    if (c.uncertain > 0) out.push('', `无法确认的邮件${app.loaded.config.mail.uncertain === 'resend' ? '将自动以同一 Message-ID 重发' : '按配置不自动重发；确认后用 zwgk mail resend 编号 重发'}。`);
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    app.close();
  }
}

export async function mailSendAction(_opts: unknown, cmd: Command): Promise<void> {
  const app = openApp(configPath(cmd));
  try {
    const smtp = smtpFromEnv();
    if (!smtp) throw new Error('未配置邮件服务器：请设置 ZWGK_SMTP_HOST（以及 ZWGK_SMTP_PORT、ZWGK_SMTP_USER、ZWGK_SMTP_PASS_FILE 等）');
    const from = app.loaded.config.mail.from;
    const redact = redactor(smtp, from ? [bareAddress(from)] : []);
    const sender = smtpSender(smtp);
    const log = { info: (t: string) => process.stderr.write(`${redact(t)}\n`), warn: (t: string) => process.stderr.write(`${redact(t)}\n`) };
    try {
      const pass = await deliverOutbox(app, sender, log, { redact });
      process.stdout.write(`本次发送 ${pass.sent} 封${pass.partlyRefused ? `（其中 ${pass.partlyRefused} 封有收件人拒收）` : ''}，等待重试 ${pass.retrying} 封，失败 ${pass.failed} 封${pass.interrupted ? `，发现 ${pass.interrupted} 封上次发送中断` : ''}。\n`);
      const undelivered = pass.failed + pass.retrying + pass.partlyRefused;
      if (undelivered > 0) {
        const parts = [pass.failed && `发送失败 ${pass.failed} 封`, pass.retrying && `等待重试 ${pass.retrying} 封`, pass.partlyRefused && `部分收件人拒收 ${pass.partlyRefused} 封`];
        throw new Error(`有 ${undelivered} 封邮件未能全部送达（${parts.filter(Boolean).join('，')}），原因见 zwgk mail status`);
      }
    } catch (err) {
      if (err instanceof LockBusyError) throw new Error(`${err.message}（守护进程正在投递邮件，无需手动发送）`);
      throw err;
    } finally {
      sender.close();
    }
  } finally {
    app.close();
  }
}

export function mailResendAction(ids: string[], _opts: unknown, cmd: Command): void {
  const app = openApp(configPath(cmd));
  try {
    const numbers = ids.map((s) => Number(s.replace(/^#/, '')));
    if (numbers.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`邮件编号应为正整数，收到 ${ids.join(' ')}`);
    const n = new Outbox(app.db).release(numbers, app.clock.now());
    process.stdout.write(`已将 ${n} 封邮件放回发送队列${n < numbers.length ? `（其余 ${numbers.length - n} 封不是“无法确认”或“发送失败”状态）` : ''}。\n`);
  } finally {
    app.close();
  }
}

function describeRow(r: OutboxRow): string {
  const parts = [`#${r.id} [${STATUS_ZH[r.status] ?? r.status}] ${r.subject}`, `    收件人 ${r.recipients.join('、')}；Message-ID ${r.messageId}；已尝试 ${r.attempts} 次`];
  if (r.status === 'pending' && r.attempts > 0) parts.push(`    下次尝试 ${shanghaiDateTime(new Date(r.nextAttemptAt))}`);
  if (r.status === 'sent' && r.sentAt) parts.push(`    发送于 ${shanghaiDateTime(new Date(r.sentAt))}${r.interrupted ? '（曾中断，已以同一 Message-ID 重发）' : ''}`);
  if (r.lastError && r.status !== 'sent') parts.push(`    原因：${r.lastError}`);
  return parts.join('\n');
}
