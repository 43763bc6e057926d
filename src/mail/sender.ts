import nodemailer from 'nodemailer';
import type { SmtpSettings } from './smtp-env.js';

export interface SendResult {
  accepted: string[];
  rejected: string[];
  response: string;
}

/** Hands one rendered message to a mail server. */
export interface MailSender {
  send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<SendResult>;
  close(): void;
}

/** nodemailer over SMTP; one connection per message, no logging (nothing of the credentials can leak there). */
export function smtpSender(s: SmtpSettings, timeoutMs = 60_000): MailSender {
  const transport = nodemailer.createTransport({
    host: s.host, port: s.port, secure: s.secure, requireTLS: s.requireTls,
    auth: s.user ? { user: s.user, pass: s.pass ?? '' } : undefined,
    tls: { rejectUnauthorized: s.rejectUnauthorized },
    connectionTimeout: Math.min(timeoutMs, 30_000), greetingTimeout: Math.min(timeoutMs, 30_000), socketTimeout: timeoutMs,
    logger: false, debug: false,
  });
  return {
    async send(envelope, raw) {
      const info = await transport.sendMail({ envelope, raw });
      return {
        accepted: (info.accepted ?? []).map(String),
        rejected: (info.rejected ?? []).map(String),
        response: String(info.response ?? ''),
      };
    },
    close: () => transport.close(),
  };
}
