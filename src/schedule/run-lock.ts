import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../store/db.js';
import type { Clock } from '../time/clock.js';
import { shanghaiDateTime } from '../time/dates.js';

export interface LockHolder {
  name: string;
  holder: string;
  pid: number;
  host: string;
  purpose: string;
  acquiredAt: string;
  expiresAt: string;
}

export interface LockOptions {
  /** `audit` (crawling and report generation) or `mail` (delivery). */
  name: string;
  /** What the holder is doing, shown to whoever waits (Chinese). */
  purpose: string;
  leaseMs: number;
}

/** Thrown when a lock stays held by someone else for longer than the caller was willing to wait. */
export class LockBusyError extends Error {
  constructor(readonly holder: LockHolder, waitedMs: number) {
    super(`${describeHolder(holder)}${waitedMs > 0 ? `，已等待 ${Math.round(waitedMs / 100) / 10} 秒仍未结束` : ''}，请稍后再试`);
    this.name = 'LockBusyError';
  }
}

export function describeHolder(h: LockHolder): string {
  return `另一进程正在${h.purpose}（主机 ${h.host}，进程 ${h.pid}，开始于 ${shanghaiDateTime(new Date(h.acquiredAt))}）`;
}

/**
 * A named lock in SQLite with a lease. The holder renews the lease while it works; a lock whose lease ran
 * out, or whose holder process on this host is gone, is taken over, so a crash never blocks for long.
 */
export class RunLock {
  readonly holderId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private held = false;

  constructor(private readonly db: Db, private readonly clock: Clock, readonly opts: LockOptions) {}

  get isHeld(): boolean {
    return this.held;
  }

  /** Takes the lock if it is free, expired or abandoned; otherwise returns who holds it. */
  tryAcquire(): { acquired: true; tookOverFrom?: LockHolder } | { acquired: false; holder: LockHolder } {
    const attempt = this.db.transaction(() => {
      const now = this.clock.now();
      const current = this.current();
      if (current && current.holder !== this.holderId && !abandoned(current, now)) {
        return { acquired: false as const, holder: current };
      }
      this.db.prepare(`INSERT INTO locks (name, holder, pid, host, purpose, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, host = excluded.host,
        purpose = excluded.purpose, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`)
        .run(this.opts.name, this.holderId, process.pid, hostname(), this.opts.purpose, now.toISOString(), this.expiry(now));
      const tookOver = current && current.holder !== this.holderId ? current : undefined;
      return { acquired: true as const, ...(tookOver ? { tookOverFrom: tookOver } : {}) };
    });
    const result = attempt.immediate();
    if (result.acquired) this.held = true;
    return result;
  }

  /** Extends the lease; false when the lock was lost (taken over after an expired lease). */
  renew(): boolean {
    const changes = this.db.prepare('UPDATE locks SET expires_at = ? WHERE name = ? AND holder = ?')
      .run(this.expiry(this.clock.now()), this.opts.name, this.holderId).changes;
    this.held = changes === 1;
    return this.held;
  }

  release(): void {
    this.db.prepare('DELETE FROM locks WHERE name = ? AND holder = ?').run(this.opts.name, this.holderId);
    this.held = false;
  }

  current(): LockHolder | undefined {
    return readLock(this.db, this.opts.name);
  }

  private expiry(now: Date): string {
    return new Date(now.getTime() + this.opts.leaseMs).toISOString();
  }
}

export function readLock(db: Db, name: string): LockHolder | undefined {
  return db.prepare(`SELECT name, holder, pid, host, purpose, acquired_at AS acquiredAt, expires_at AS expiresAt
    FROM locks WHERE name = ?`).get(name) as LockHolder | undefined;
}

function abandoned(h: LockHolder, now: Date): boolean {
  if (h.expiresAt <= now.toISOString()) return true;
  return h.host === hostname() && !processAlive(h.pid);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface WithLockOptions extends LockOptions {
  /** How long to wait for a busy lock; 0 fails at once. */
  waitMs: number;
  pollMs?: number;
  /** Called once when the lock is found busy and the caller starts waiting. */
  onWait?: (holder: LockHolder) => void;
  onTakeOver?: (previous: LockHolder) => void;
  /** Stops waiting (and aborts the work's signal). */
  signal?: AbortSignal;
}

/**
 * Runs `work` holding the lock, renewing its lease meanwhile. If the lease is ever lost, the work's
 * signal is aborted so it stops starting new units.
 */
export async function withLock<T>(db: Db, clock: Clock, opts: WithLockOptions, work: (signal: AbortSignal, lock: RunLock) => Promise<T>): Promise<T> {
  const lock = new RunLock(db, clock, opts);
  const pollMs = opts.pollMs ?? 1000;
  let waited = 0;
  let told = false;
  for (;;) {
    if (opts.signal?.aborted) throw new Error('已停止，未开始工作');
    const r = lock.tryAcquire();
    if (r.acquired) {
      if (r.tookOverFrom) opts.onTakeOver?.(r.tookOverFrom);
      break;
    }
    if (waited >= opts.waitMs) throw new LockBusyError(r.holder, waited);
    if (!told) {
      opts.onWait?.(r.holder);
      told = true;
    }
    const step = Math.min(pollMs, opts.waitMs - waited);
    await sleep(step, opts.signal);
    waited += step;
  }

  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const heartbeat = setInterval(() => {
    if (!lock.renew()) controller.abort(new Error('运行锁已被其他进程接管'));
  }, Math.max(1000, Math.floor(opts.leaseMs / 3)));
  heartbeat.unref();
  try {
    return await work(controller.signal, lock);
  } finally {
    clearInterval(heartbeat);
    opts.signal?.removeEventListener('abort', onOuterAbort);
    lock.release();
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
