import { readFileSync } from 'node:fs';

/** The SMTP server and its credentials, read from the environment only. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (usually port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send unless the connection is upgraded with STARTTLS. */
  requireTls: boolean;
  rejectUnauthorized: boolean;
  user?: string;
  pass?: string;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);

/**
 * `ZWGK_SMTP_HOST` (required to send), `ZWGK_SMTP_PORT` (default 465 with `ZWGK_SMTP_SECURE=1`, else 587),
 * `ZWGK_SMTP_REQUIRE_TLS`, `ZWGK_SMTP_TLS_VERIFY` (default 1), `ZWGK_SMTP_USER`, and the password in
 * `ZWGK_SMTP_PASS` or, better, a file named by `ZWGK_SMTP_PASS_FILE` (e.g. a systemd credential).
 * Returns null when no server is configured.
 */
export function smtpFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpSettings | null {
  const host = env.ZWGK_SMTP_HOST?.trim();
  if (!host) return null;
  const secure = TRUE.has((env.ZWGK_SMTP_SECURE ?? '').toLowerCase());
  const port = env.ZWGK_SMTP_PORT ? Number(env.ZWGK_SMTP_PORT) : secure ? 465 : 587;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`ZWGK_SMTP_PORT 应为 1–65535 的端口号，收到 "${env.ZWGK_SMTP_PORT}"`);
  let pass = env.ZWGK_SMTP_PASS;
  if (env.ZWGK_SMTP_PASS_FILE) {
    try {
      pass = readFileSync(env.ZWGK_SMTP_PASS_FILE, 'utf8').replace(/\r?\n$/, '');
    } catch {
      throw new Error(`无法读取 ZWGK_SMTP_PASS_FILE 指定的密码文件 ${env.ZWGK_SMTP_PASS_FILE}`);
    }
  }
  const user = env.ZWGK_SMTP_USER?.trim() || undefined;
  if (pass && !user) throw new Error('设置了 SMTP 密码但没有 ZWGK_SMTP_USER');
  return {
    host, port, secure,
    requireTls: TRUE.has((env.ZWGK_SMTP_REQUIRE_TLS ?? '').toLowerCase()),
    rejectUnauthorized: !['0', 'false', 'no', 'off'].includes((env.ZWGK_SMTP_TLS_VERIFY ?? '').toLowerCase()),
    user, pass: pass || undefined,
  };
}

/** What may be shown about the server: never the user name or the password. */
export function describeSmtp(s: SmtpSettings): string {
  const tls = s.secure ? 'SSL/TLS' : s.requireTls ? 'STARTTLS（必需）' : 'STARTTLS（服务器支持时）';
  return `${s.host}:${s.port}，${tls}，${s.user ? '使用账号认证' : '不认证'}`;
}

/**
 * Removes the credentials (and their base64 forms, as in AUTH PLAIN/LOGIN) from any text before it is
 * logged or stored. A user name that is one of the `publicAddresses` (the configured sender) is left
 * readable in plain text: it is printed in every mail anyway.
 */
export function redactor(s: SmtpSettings | null, publicAddresses: string[] = []): (text: string) => string {
  const secrets: string[] = [];
  if (s?.pass) secrets.push(s.pass, Buffer.from(s.pass).toString('base64'));
  if (s?.user) {
    if (!publicAddresses.some((a) => a.toLowerCase() === s.user!.toLowerCase())) secrets.push(s.user);
    secrets.push(Buffer.from(s.user).toString('base64'));
  }
  if (s?.user && s.pass) secrets.push(Buffer.from(`\u0000${s.user}\u0000${s.pass}`).toString('base64'));
  const list = secrets.filter((x) => x.length >= 3).sort((a, b) => b.length - a.length);
  return (text) => list.reduce((t, secret) => t.split(secret).join('***'), text);
}
