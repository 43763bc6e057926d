import { createHash } from 'node:crypto';
import type { UnitConfig } from '../config/schema.js';

const DAY_MS = 86_400_000;

/** The page a unit's availability is probed on: its `homepage`, else the origin of its first column. */
export function homepageOf(unit: UnitConfig): string | null {
  if (unit.homepage) return unit.homepage;
  const first = unit.columns[0];
  if (!first) return null;
  try {
    return `${new URL(first.url).origin}/`;
  } catch {
    return null;
  }
}

/** A unit's fixed offset within the probe interval, from its id: units are spread over the interval, not probed at once. */
export function unitOffsetMs(unitId: string, intervalMs: number): number {
  return createHash('sha256').update(unitId).digest().readUInt32BE(0) % intervalMs;
}

/**
 * The unit's latest probe slot at or before `now` (ms since the epoch): slots are `perDay` a day, evenly
 * spaced, shifted by the unit's offset.
 */
export function latestSlot(unitId: string, perDay: number, now: number): number {
  const interval = Math.floor(DAY_MS / perDay);
  const offset = unitOffsetMs(unitId, interval);
  return Math.floor((now - offset) / interval) * interval + offset;
}

/** The unit's next slot after `now`. */
export function nextSlot(unitId: string, perDay: number, now: number): number {
  return latestSlot(unitId, perDay, now) + Math.floor(DAY_MS / perDay);
}

/** Whether a unit is due: its latest slot has no probe yet (a missed slot is made up once, not many times). */
export function isDue(unitId: string, perDay: number, now: number, lastProbeAt: number | null): boolean {
  return lastProbeAt === null || lastProbeAt < latestSlot(unitId, perDay, now);
}
