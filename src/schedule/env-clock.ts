import { systemClock, type Clock } from '../time/clock.js';

/**
 * The clock every command uses. `ZWGK_NOW=2026-11-23T00:00:00Z` starts it at that instant and lets it
 * run on from there, to rehearse what the daemon does on a given day (and for tests of whole processes).
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const start = env.ZWGK_NOW;
  if (!start) return systemClock;
  const at = Date.parse(start);
  if (Number.isNaN(at)) throw new Error(`ZWGK_NOW 应为 ISO 时间（如 2026-11-23T00:00:00Z），收到 "${start}"`);
  const offset = at - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}
