import cron, { type ScheduledTask } from 'node-cron';

const MINUTE = 60_000;
/** Schedules here fire at least weekly; a slot is looked for this far at most. */
const SEARCH_MINUTES = 8 * 24 * 60;

/**
 * Slot arithmetic for one cron expression in one time zone, using node-cron's own matcher so it agrees
 * with what the scheduler fires. Never reads the process time zone or the wall clock.
 */
export class CronTimes {
  private readonly task: ScheduledTask;

  constructor(readonly expression: string, readonly timezone: string) {
    this.task = cron.createTask(expression, () => undefined, { timezone, name: `zwgk-times-${expression}-${timezone}` });
  }

  /** The latest slot at or before `at`, or null if none within 8 days. */
  previous(at: Date): Date | null {
    const start = Math.floor(at.getTime() / MINUTE) * MINUTE;
    for (let i = 0; i <= SEARCH_MINUTES; i++) {
      const t = new Date(start - i * MINUTE);
      if (this.task.match(t)) return t;
    }
    return null;
  }

  /** The first slot strictly after `at`, or null if none within 8 days. */
  next(at: Date): Date | null {
    const start = Math.floor(at.getTime() / MINUTE) * MINUTE + MINUTE;
    for (let i = 0; i <= SEARCH_MINUTES; i++) {
      const t = new Date(start + i * MINUTE);
      if (this.task.match(t)) return t;
    }
    return null;
  }

  matches(at: Date): boolean {
    return this.task.match(at);
  }

  dispose(): void {
    void this.task.destroy();
  }
}

/** `2026-11-23 08:00` in the given zone, for logs and messages. */
export function wallClock(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The calendar date of an instant in the given zone. */
export function zonedDate(at: Date, timezone: string): string {
  return wallClock(at, timezone).slice(0, 10);
}
