import type { App } from '../app.js';
import { withLock } from '../schedule/run-lock.js';
import { MailDispatcher, type DeliveryLog, type DeliveryPass } from './dispatcher.js';
import type { MailSender } from './sender.js';

export const MAIL_LOCK = 'mail';

/**
 * One delivery pass under the `mail` lock, so only one process ever sends and any row a dead sender
 * left in `sending` is recognised as interrupted.
 */
export async function deliverOutbox(
  app: App, sender: MailSender, log: DeliveryLog,
  opts: { redact?: (text: string) => string; waitMs?: number; signal?: AbortSignal } = {},
): Promise<DeliveryPass> {
  const leaseMs = app.loaded.config.schedule.lockLeaseSeconds * 1000;
  return withLock(app.db, app.clock, { name: MAIL_LOCK, purpose: '发送邮件', leaseMs, waitMs: opts.waitMs ?? 0, signal: opts.signal }, (signal, lock) =>
    new MailDispatcher(app.db, app.clock, app.loaded.config.mail, sender, lock.holderId, log, opts.redact).deliverDue(signal));
}
