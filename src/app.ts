import { join } from 'node:path';
import { loadConfig, type LoadedConfig } from './config/load.js';
import { openDb, type Db } from './store/db.js';
import type { Clock } from './time/clock.js';
import { clockFromEnv } from './schedule/env-clock.js';

export const DEFAULT_CONFIG = 'config/district.yaml';

/** What every command works with: the validated config, its database and the clock. */
export interface App {
  loaded: LoadedConfig;
  db: Db;
  clock: Clock;
  close(): void;
}

/** The clock is the system's, or starts at `ZWGK_NOW` when that is set (rehearsals, whole-process tests). */
export function openApp(configFile: string, clock: Clock = clockFromEnv()): App {
  const loaded = loadConfig(configFile);
  const db = openDb(join(loaded.dataDir, 'zwgk.sqlite'));
  return { loaded, db, clock, close: () => db.close() };
}
