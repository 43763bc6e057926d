import type { App } from '../app.js';
import { withLock, type LockHolder } from './run-lock.js';

/** Crawling (and generating a week's reports from the crawl) takes this lock: never two audits at once. */
export const AUDIT_LOCK = 'audit';

export interface AuditLockOptions {
  purpose: string;
  /** How long to wait for another process's audit; default `schedule.rerunWaitSeconds`. */
  waitSeconds?: number;
  onWait?: (holder: LockHolder) => void;
  onTakeOver?: (previous: LockHolder) => void;
  signal?: AbortSignal;
  /** How often a busy lock is looked at again; default 1 s. */
  pollMs?: number;
}

export function withAuditLock<T>(app: App, opts: AuditLockOptions, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const { schedule } = app.loaded.config;
  return withLock(app.db, app.clock, {
    name: AUDIT_LOCK, purpose: opts.purpose, leaseMs: schedule.lockLeaseSeconds * 1000,
    waitMs: (opts.waitSeconds ?? schedule.rerunWaitSeconds) * 1000, pollMs: opts.pollMs ?? 1000,
    onWait: opts.onWait, onTakeOver: opts.onTakeOver, signal: opts.signal,
  }, work);
}
