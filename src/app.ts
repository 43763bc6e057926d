import { join } from 'node:path';
import { loadConfig, type LoadedConfig } from './config/load.js';
import { openDb, type Db } from './store/db.js';
import { systemClock, type Clock } from './time/clock.js';

export const DEFAULT_CONFIG = 'config/district.yaml';

/** What every command works with: the validated config, its database and the clock. */
export interface App {
  loaded: LoadedConfig;
  db: Db;
  clock: Clock;
  close(): void;
}

export function openApp(configFile: string, clock: Clock = systemClock): App {
  const loaded = loadConfig(configFile);
  const db = openDb(join(loaded.dataDir, 'zwgk.sqlite'));
  return { loaded, db, clock, close: () => db.close() };
}
