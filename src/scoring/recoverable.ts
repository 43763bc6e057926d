import { addDays, daysBetween } from '../time/dates.js';
import type { PlatformScore } from './platform.js';
import { roundTo } from './timeliness-util.js';

/**
 * Points still winnable this period, as opposed to points already lost: what fixing a problem by a
 * date changes in the score at the period's end. Pure, like the rest of the scoring core.
 *
 * Platform (item 9, 20 points): the score at the period's end is max × weighted compliant days /
 * weighted judged days. Every column is assumed checkable on every remaining day, and columns that are
 * compliant are assumed to stay so; a column made compliant on day D gains the days D … period end.
 */
export interface PlatformProjection {
  /** Weighted column-days judged by the period's end. */
  projectedWeight: number;
  /** Days after `asOf` up to the period's end. */
  remainingDays: number;
  periodEnd: string;
  max: number;
  weights: Partial<Record<string, number>>;
}

export function platformProjection(platform: PlatformScore, part: { weights: Partial<Record<string, number>> }, period: { end: string }, asOf: string): PlatformProjection {
  const remainingDays = Math.max(0, daysBetween(asOf, period.end));
  let projectedWeight = 0;
  for (const c of platform.columns) projectedWeight += (part.weights[c.category] ?? 1) * (c.checkedDays + remainingDays);
  return { projectedWeight, remainingDays, periodEnd: period.end, max: platform.max, weights: part.weights };
}

/**
 * Points a column wins back (or keeps) at the period's end by being compliant from `from` on.
 * Zero once `from` is after the period.
 */
export function columnPointsFrom(projection: PlatformProjection, category: string, from: string): number {
  if (projection.projectedWeight <= 0 || from > projection.periodEnd) return 0;
  const days = daysBetween(from, projection.periodEnd) + 1;
  const w = projection.weights[category] ?? 1;
  return roundTo((projection.max * w * days) / projection.projectedWeight, 2);
}

/** The first day a column's newest item no longer keeps it fresh (newest + cadence + 1). */
export function staleFrom(newestDate: string, cadenceDays: number): string {
  return addDays(newestDate, cadenceDays + 1);
}

/**
 * Mailbox and applications (5 points each): score = max × on-time / judged. One more case answered on
 * time instead of late is worth max / (judged + 1) at the period's end, whatever else happens.
 */
export function onTimeStake(part: { max: number; counted: number }): number {
  return roundTo(part.max / (part.counted + 1), 2);
}
