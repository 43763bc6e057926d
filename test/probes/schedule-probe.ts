/**
 * Run as a child process under a chosen TZ: prints the process's time zone and the schedule slots the
 * daemon computes for given instants, as JSON on stdout.
 */
import cron from 'node-cron';
import { CronTimes, wallClock } from '../../src/schedule/cron-times.js';

const [timezone, ...instants] = process.argv.slice(2);
const nightly = new CronTimes('30 1 * * *', timezone);
const weekly = new CronTimes('0 8 * * 1', timezone);
const task = cron.createTask('30 1 * * *', () => undefined, { timezone });
const out = {
  processZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  offsetMinutes: new Date('2026-11-20T00:00:00Z').getTimezoneOffset(),
  slots: instants.map((at) => {
    const d = new Date(at);
    const next = nightly.next(d)!;
    return {
      at,
      nightlyPrevious: nightly.previous(d)?.toISOString(),
      nightlyNext: next.toISOString(),
      nightlyNextWall: wallClock(next, timezone),
      weeklyPrevious: weekly.previous(d)?.toISOString(),
      weeklyNext: weekly.next(d)?.toISOString(),
      cronAgrees: task.match(next),
    };
  }),
};
nightly.dispose();
weekly.dispose();
void task.destroy();
process.stdout.write(JSON.stringify(out));
