import { z } from 'zod';

/** `HOST:PORT`, e.g. `127.0.0.1:8080` or `0.0.0.0:80`. */
export const listenAddress = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[^\s:]+):\d{1,5}$/, 'expected HOST:PORT such as 127.0.0.1:8080');

/** The web console (src/web). Absent: `zwgk daemon` serves no console; `zwgk serve` uses the defaults. */
export const webSchema = z.strictObject({
  listen: listenAddress.default('127.0.0.1:8080'),
  /** The console's address as units and the office reach it (mails link to `<baseUrl>/units/<id>` and `/evidence/<sha256>`); `https://…` also marks cookies Secure. */
  baseUrl: z.string().regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/i, 'expected an http:// or https:// URL').optional(),
  /** A login lasts this long. */
  sessionHours: z.number().min(0.25).max(24 * 30).default(12),
  /** Failed passwords in a row that lock an account, and for how long. */
  lockoutFailures: z.number().int().min(1).max(100).default(5),
  lockoutMinutes: z.number().int().min(1).default(15),
  /** Login attempts allowed per client address per minute (all accounts together). */
  loginRatePerMinute: z.number().int().min(1).max(1000).default(10),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: z.boolean().default(false),
});
export type WebConfig = z.infer<typeof webSchema>;
