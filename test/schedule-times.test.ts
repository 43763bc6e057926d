import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { CronTimes, wallClock, zonedDate } from '../src/schedule/cron-times.js';
import { scheduleSchema } from '../src/schedule/schema.js';

const ROOT = resolve(import.meta.dirname, '..');

function probe(tz: string, zone: string, instants: string[]) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/probes/schedule-probe.ts'), zone, ...instants], {
    cwd: ROOT, env: { ...process.env, TZ: tz }, encoding: 'utf8',
  });
  return JSON.parse(out) as {
    processZone: string; offsetMinutes: number;
    slots: { at: string; nightlyPrevious: string; nightlyNext: string; nightlyNextWall: string; weeklyPrevious: string; weeklyNext: string; cronAgrees: boolean }[];
  };
}

describe('schedule slots', () => {
  it('are computed in Asia/Shanghai by a process running under TZ=UTC', () => {
    // Friday 2026-11-20 10:00 Shanghai; Monday 2026-11-23 01:00 Shanghai (before the night's slot); the slot itself.
    const r = probe('UTC', 'Asia/Shanghai', ['2026-11-20T02:00:00Z', '2026-11-22T17:00:00Z', '2026-11-22T17:30:00Z']);
    expect(r.processZone).toBe('UTC');
    expect(r.offsetMinutes).toBe(0);
    expect(r.slots).toEqual([
      {
        at: '2026-11-20T02:00:00Z', nightlyPrevious: '2026-11-19T17:30:00.000Z', nightlyNext: '2026-11-20T17:30:00.000Z',
        nightlyNextWall: '2026-11-21 01:30', weeklyPrevious: '2026-11-16T00:00:00.000Z', weeklyNext: '2026-11-23T00:00:00.000Z', cronAgrees: true,
      },
      {
        at: '2026-11-22T17:00:00Z', nightlyPrevious: '2026-11-21T17:30:00.000Z', nightlyNext: '2026-11-22T17:30:00.000Z',
        nightlyNextWall: '2026-11-23 01:30', weeklyPrevious: '2026-11-16T00:00:00.000Z', weeklyNext: '2026-11-23T00:00:00.000Z', cronAgrees: true,
      },
      {
        at: '2026-11-22T17:30:00Z', nightlyPrevious: '2026-11-22T17:30:00.000Z', nightlyNext: '2026-11-23T17:30:00.000Z',
        nightlyNextWall: '2026-11-24 01:30', weeklyPrevious: '2026-11-16T00:00:00.000Z', weeklyNext: '2026-11-23T00:00:00.000Z', cronAgrees: true,
      },
    ]);
  });

  it('do not depend on the process zone: TZ=America/Los_Angeles gives the same instants', () => {
    const at = ['2026-11-20T02:00:00Z', '2026-11-22T17:00:00Z'];
    const la = probe('America/Los_Angeles', 'Asia/Shanghai', at);
    expect(la.processZone).toBe('America/Los_Angeles');
    expect(la.slots).toEqual(probe('UTC', 'Asia/Shanghai', at).slots);
  });

  it('follow the configured zone, daylight saving included', () => {
    const times = new CronTimes('30 1 * * *', 'America/New_York');
    try {
      // 2026-11-01 is the end of daylight saving in New York: 01:30 happens twice; the slot is the first one.
      expect(times.next(new Date('2026-10-31T12:00:00Z'))?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
      expect(times.next(new Date('2026-11-01T12:00:00Z'))?.toISOString()).toBe('2026-11-02T06:30:00.000Z');
      expect(wallClock(new Date('2026-11-02T06:30:00Z'), 'America/New_York')).toBe('2026-11-02 01:30');
      expect(zonedDate(new Date('2026-11-22T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-23');
    } finally {
      times.dispose();
    }
  });

  it('defaults to nightly 01:30 and Monday 08:00, and rejects malformed expressions', () => {
    expect(scheduleSchema.parse({})).toMatchObject({ nightly: '30 1 * * *', weekly: '0 8 * * 1', catchUp: true, lockLeaseSeconds: 300 });
    expect(scheduleSchema.safeParse({ nightly: '99 1 * * *' }).success).toBe(false);
    expect(scheduleSchema.safeParse({ nightly: '0 30 1 * * *' }).success).toBe(false);
    expect(scheduleSchema.safeParse({ timezone: 'Mars/Olympus' }).success).toBe(false);
  });
});
