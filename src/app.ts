import { loadConfig } from './config/load.js';
import type { Clock } from './time/clock.js';
import { clockFromEnv } from './schedule/env-clock.js';
import { appFor, type App, type AppOptions } from './app-core.js';

export type { App } from './app-core.js';

export const DEFAULT_CONFIG = 'config/district.yaml';

/**
 * Loads and validates the config and opens its database. The clock is the system's, or starts at
 * `ZWGK_NOW` when that is set (rehearsals, whole-process tests).
 */
export function openApp(configFile: string, clock: Clock = clockFromEnv(), opts: AppOptions = {}): App {
  return appFor(loadConfig(configFile), clock, opts);
}
