import { createHash } from 'node:crypto';
import type { WebConfig } from '../config/web-schema.js';

export const SESSION_COOKIE = 'zwgk_session';

/** The database keeps only this hash, so a copy of the database opens no session. */
export function sessionIdHash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export function isHttps(web: WebConfig): boolean {
  return /^https:/i.test(web.baseUrl ?? '');
}
