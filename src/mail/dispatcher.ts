import type { Db } from '../store/db.js';
import type { Clock } from '../time/clock.js';
import type { MailConfig } from './schema.js';
import type { MailSender } from './sender.js';
import { Outbox, type OutboxRow } from './outbox.js';

export interface DeliveryLog {
  info(text: string): void;
  warn(text: string): void;
}

export interface DeliveryPass {
  sent: number;
  /** Of the sent: messages some recipients refused (the others got them). */
  partlyRefused: number;
  retrying: number;
  failed: number;
  interrupted: number;
}

/**
 * Delivers due outbox rows, one at a time. Must run under the `mail` lock: then any row found in
 * `sending` was left by a sender that is gone, and is marked uncertain before anything else is sent.
 */
export class MailDispatcher {
  private readonly outbox: Outbox;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly config: MailConfig,
    private readonly sender: MailSender,
    private readonly holder: string,
    private readonly log: DeliveryLog,
    private readonly redact: (text: string) => string = (t) => t,
  ) {
    this.outbox = new Outbox(db);
  }

  /** One pass: recover interrupted sends, then send everything due. Stops between messages when aborted. */
  async deliverDue(signal?: AbortSignal): Promise<DeliveryPass> {
    const pass: DeliveryPass = { sent: 0, partlyRefused: 0, retrying: 0, failed: 0, interrupted: 0 };
    const interrupted = this.outbox.markInterrupted(this.clock.now());
    pass.interrupted = interrupted.length;
    for (const r of interrupted) {
      this.log.warn(`邮件 #${r.id}（${r.subject}）上次发送时进程中断，无法确认是否已送达；${this.config.uncertain === 'resend'
        ? `将以同一 Message-ID ${r.messageId} 重发`
        : `按配置暂不重发，可用 zwgk mail resend ${r.id} 重发`}`);
    }
    for (const row of this.outbox.due(this.clock.now(), this.config.uncertain === 'resend')) {
      if (signal?.aborted) break;
      const outcome = await this.deliver(row);
      if (outcome === 'partlyRefused') pass.sent++;
      if (outcome) pass[outcome]++;
    }
    return pass;
  }

  private async deliver(row: OutboxRow): Promise<'sent' | 'partlyRefused' | 'retrying' | 'failed' | null> {
    const attempt = this.outbox.claim(row.id, this.holder, this.clock.now());
    if (attempt === null) return null;
    try {
      const result = await this.sender.send({ from: row.envelopeFrom, to: row.recipients }, this.outbox.raw(row.id));
      const note = result.rejected.length > 0 ? `；以下收件人被拒收：${result.rejected.join('、')}` : '';
      this.outbox.markSent(row.id, attempt, this.redact(`${result.response}${note}`), this.clock.now());
      this.log.info(`已发送 #${row.id} ${row.subject} → ${result.accepted.join('、')}${note}`);
      return result.rejected.length > 0 ? 'partlyRefused' : 'sent';
    } catch (err) {
      const message = this.redact(describeError(err));
      const now = this.clock.now();
      const ageHours = (now.getTime() - Date.parse(row.createdAt)) / 3_600_000;
      if (isPermanent(err) || ageHours >= this.config.retry.giveUpHours) {
        this.outbox.markFailed(row.id, attempt, message, now);
        this.log.warn(`发送失败 #${row.id} ${row.subject}：${message}${isPermanent(err) ? '（服务器拒收，不再重试）' : `（超过 ${this.config.retry.giveUpHours} 小时仍未送达，不再重试）`}`);
        return 'failed';
      }
      const next = new Date(now.getTime() + backoffMs(this.config, attempt));
      this.outbox.markRetry(row.id, attempt, message, next, now);
      this.log.warn(`暂时无法发送 #${row.id}（第 ${attempt} 次）：${message}；${Math.round((next.getTime() - now.getTime()) / 1000)} 秒后重试`);
      return 'retrying';
    }
  }
}

/** Doubling waits from the first delay, capped. */
export function backoffMs(config: MailConfig, attempt: number): number {
  const { firstDelaySeconds, maxDelaySeconds } = config.retry;
  return Math.min(firstDelaySeconds * 2 ** Math.max(0, attempt - 1), maxDelaySeconds) * 1000;
}

/** A 5xx answer to the message or all its recipients; a failed login is a configuration problem and is retried. */
function isPermanent(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string };
  return typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600 && e.code !== 'EAUTH';
}

function describeError(err: unknown): string {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const parts = [e.code, e.responseCode ? String(e.responseCode) : undefined, e.response ?? e.message].filter(Boolean);
  return parts.join(' ').slice(0, 500) || String(err);
}
