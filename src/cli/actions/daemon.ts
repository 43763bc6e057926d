import type { Command } from 'commander';
import { openApp } from '../../app.js';
import { Daemon } from '../../schedule/daemon.js';
import { smtpFromEnv, describeSmtp, redactor } from '../../mail/smtp-env.js';
import { smtpSender } from '../../mail/sender.js';
import { bareAddress } from '../../mail/compose.js';
import { shanghaiDateTime } from '../../time/dates.js';
import { configPath } from '../shared.js';

/** Signals closer together than this are one request to stop. */
const SAME_SIGNAL_MS = 1000;

export async function daemonAction(_opts: unknown, cmd: Command): Promise<void> {
  const app = openApp(configPath(cmd));
  const smtp = smtpFromEnv();
  const { mail } = app.loaded.config;
  const redact = redactor(smtp, mail.from ? [bareAddress(mail.from)] : []);
  const line = (level: string) => (text: string) => process.stdout.write(`${shanghaiDateTime(app.clock.now())} ${level} ${redact(text)}\n`);
  const log = { info: line('信息'), warn: line('警告'), error: line('错误') };
  const sender = smtp ? smtpSender(smtp) : null;
  if (smtp) {
    if (!mail.from) throw new Error('已配置 SMTP 服务器但配置中没有 mail.from（发件人地址）');
    log.info(`邮件服务器：${describeSmtp(smtp)}；发件人 ${mail.from}；全区汇总收件人 ${mail.office.length} 个；中断的发送按「${mail.uncertain === 'resend' ? '以同一 Message-ID 重发' : '暂不重发'}」处理`);
  }
  const daemon = new Daemon({ app, sender, log, redact });
  // With a `web:` block the daemon also serves the console, on the same database and clock.
  let webConsole: { url: string; close: () => Promise<void> } | null = null;
  if (app.loaded.config.web) {
    const { serveConsole } = await import('../../web/listen.js');
    webConsole = await serveConsole(app, app.loaded.config.web.listen);
    log.info(`网页控制台：${app.loaded.config.web.baseUrl ?? webConsole.url}（监听 ${webConsole.url}）`);
  }

  let stoppingSince: number | null = null;
  const shutdown = (signal: string) => {
    if (stoppingSince !== null) {
      // A terminal's Ctrl-C or systemd's stop reaches zwgk's launcher and this process, and the launcher
      // passes it on (cli/memory-limits.ts): a repeat within moments is the same request.
      if (performance.now() - stoppingSince < SAME_SIGNAL_MS) return;
      log.warn(`再次收到 ${signal}，立即退出：正在检查的单位未保存，下次启动时重新检查`);
      process.exit(130);
    }
    stoppingSince = performance.now();
    log.info(`收到 ${signal}，不再开始新的单位，等待正在检查的单位完成后退出（再次发送信号可立即退出）`);
    Promise.all([daemon.stop(), webConsole?.close()])
      .then(() => {
        sender?.close();
        app.close();
        log.info('守护进程已停止');
        process.exit(0);
      })
      .catch((err: unknown) => {
        log.error(`停止时出错：${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  log.info(`zwgk 守护进程已启动（进程 ${process.pid}，配置 ${app.loaded.file}）`);
  const { catchUp } = daemon.start();
  await catchUp;
  // The cron tasks and the mail timer keep the process alive until a signal arrives.
  await new Promise<void>((resolve) => daemon.signal.addEventListener('abort', () => resolve(), { once: true }));
  await new Promise(() => undefined);
}
