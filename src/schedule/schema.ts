import { z } from 'zod';
import cron from 'node-cron';

const cronExpression = z.string().refine((s) => s.trim().split(/\s+/).length === 5 && cron.validate(s), {
  message: 'expected a five-field cron expression such as "30 1 * * *" (minute hour day month weekday)',
});

const timeZone = z.string().refine((s) => s === 'UTC' || Intl.supportedValuesOf('timeZone').includes(s), {
  message: 'expected an IANA time zone such as Asia/Shanghai',
});

/** When the daemon audits and reports. Times are wall-clock times in `timezone`, whatever the process TZ. */
export const scheduleSchema = z.strictObject({
  /** Time zone of the cron expressions; default: `district.timezone` (Asia/Shanghai). */
  timezone: timeZone.optional(),
  /** Nightly audit of every unit (default 01:30). */
  nightly: cronExpression.default('30 1 * * *'),
  /** Weekly reports to units and the office (default Monday 08:00). */
  weekly: cronExpression.default('0 8 * * 1'),
  /** On start, run the latest nightly audit if it was missed (machine down, daemon stopped). */
  catchUp: z.boolean().default(true),
  /** On start, send the latest weekly reports if they were missed less than this many hours ago (0: never). */
  weeklyCatchUpHours: z.number().min(0).max(168).default(24),
  /** How long a lock holder's lease lasts without renewal; a crashed holder blocks others at most this long. */
  lockLeaseSeconds: z.number().int().min(10).max(3600).default(300),
  /** How long `zwgk run` waits for an audit already running (the daemon's) before giving up. */
  rerunWaitSeconds: z.number().int().min(0).default(600),
  /** The daemon also writes each week's reports (HTML, text, XLSX) here; relative to the config file. */
  weeklyOutDir: z.string().min(1).optional(),
});
export type ScheduleConfig = z.infer<typeof scheduleSchema>;
