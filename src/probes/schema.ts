import { z } from 'zod';

/** Availability probes of every unit's homepage (the national 站点无法访问 check). */
export const probesSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Probes per unit per day, spread evenly; the national rule asks for at least 20. */
  perDay: z.number().int().min(20).max(1440).default(24),
  /** A probe that gets no page within this long failed (the national rule: 15 s). */
  timeoutMs: z.number().int().min(100).max(60_000).default(15_000),
  /** Failed probes in a row before the office is mailed that a site is down. */
  failuresToAlert: z.number().int().min(1).max(100).default(3),
  /** Days the failure share is computed over. */
  windowDays: z.number().int().min(1).max(31).default(7),
  /** Failure share (percent) from which the site counts as unreachable (veto). */
  thresholdPercent: z.number().min(0.1).max(100).default(5),
});
export type ProbesConfig = z.infer<typeof probesSchema>;
