import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { SettableClock } from '../src/time/clock.js';
import { LockBusyError, RunLock, withLock } from '../src/schedule/run-lock.js';
import { tempDb } from './helpers.js';

const opts = (purpose: string, leaseMs = 60_000) => ({ name: 'audit', purpose, leaseMs });

describe('the SQLite run lock', () => {
  it('keeps a second holder out until the first one\'s lease runs out', () => {
    const t = tempDb();
    const clock = new SettableClock('2026-11-22T17:30:00Z');
    const a = new RunLock(t.db, clock, opts('每夜检查'));
    const b = new RunLock(t.db, clock, opts('复查单位 u1'));
    expect(a.tryAcquire()).toEqual({ acquired: true });
    const busy = b.tryAcquire();
    expect(busy).toMatchObject({ acquired: false, holder: { purpose: '每夜检查', pid: process.pid, host: hostname() } });

    clock.advance(30_000);
    expect(a.renew()).toBe(true);
    clock.advance(59_000);
    expect(b.tryAcquire().acquired).toBe(false);
    clock.advance(2_000);
    // a stopped renewing (a hung or crashed holder): its lease ran out.
    expect(b.tryAcquire()).toMatchObject({ acquired: true, tookOverFrom: { purpose: '每夜检查' } });
    expect(a.renew()).toBe(false);
    a.release();
    expect(b.current()?.purpose).toBe('复查单位 u1');
    b.release();
    expect(b.current()).toBeUndefined();
    t.cleanup();
  });

  it('is taken over at once from a holder process on this host that no longer exists', () => {
    const t = tempDb();
    const clock = new SettableClock('2026-11-22T17:30:00Z');
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    t.db.prepare('INSERT INTO locks (name, holder, pid, host, purpose, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run('audit', `${hostname()}:${gone}:dead`, gone, hostname(), '每夜检查', '2026-11-22T17:30:00.000Z', '2026-11-22T18:30:00.000Z');
    const b = new RunLock(t.db, clock, opts('复查单位 u1'));
    expect(b.tryAcquire()).toMatchObject({ acquired: true, tookOverFrom: { pid: gone } });
    // The same row on another host is trusted until its lease ends.
    b.release();
    t.db.prepare('INSERT INTO locks (name, holder, pid, host, purpose, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run('audit', `other:${gone}:x`, gone, 'other-host', '每夜检查', '2026-11-22T17:30:00.000Z', '2026-11-22T18:30:00.000Z');
    expect(b.tryAcquire().acquired).toBe(false);
    t.cleanup();
  });

  it('waits a bounded time, then names who holds it; gets it as soon as it is released', async () => {
    const t = tempDb();
    const clock = new SettableClock('2026-11-22T17:30:00Z');
    const a = new RunLock(t.db, clock, opts('每夜检查'));
    a.tryAcquire();
    const waited: string[] = [];
    const started = performance.now();
    const err = await withLock(t.db, clock, { ...opts('复查单位 u1'), waitMs: 300, pollMs: 50, onWait: (h) => waited.push(h.purpose) }, async () => 'ran').catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(err).toBeInstanceOf(LockBusyError);
    expect((err as Error).message).toMatch(/^另一进程正在每夜检查（主机 .+，进程 \d+，开始于 2026-11-23 01:30:00），已等待 0.3 秒仍未结束，请稍后再试$/);
    expect(waited).toEqual(['每夜检查']);

    setTimeout(() => a.release(), 100);
    expect(await withLock(t.db, clock, { ...opts('复查单位 u1'), waitMs: 5000, pollMs: 20 }, async () => 'ran')).toBe('ran');
    expect(a.current()).toBeUndefined();
    t.cleanup();
  });

  it('aborts the work\'s signal when the lease is lost to another holder', async () => {
    const t = tempDb();
    const clock = new SettableClock('2026-11-22T17:30:00Z');
    const reason = await withLock(t.db, clock, { ...opts('每夜检查', 3000), waitMs: 0 }, async (signal) => {
      clock.advance(4000);
      expect(new RunLock(t.db, clock, opts('复查单位 u1', 3000)).tryAcquire().acquired).toBe(true);
      await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
      return (signal.reason as Error).message;
    });
    expect(reason).toBe('运行锁已被其他进程接管');
    t.cleanup();
  });
});
