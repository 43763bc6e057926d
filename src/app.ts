import { join } from 'node:path';
import { loadConfig, type LoadedConfig } from './config/load.js';
import { openDb, type Db } from './store/db.js';
import { openDbReadonly } from './store/readonly-db.js';
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

/**
 * The clock is the system's, or starts at `ZWGK_NOW` when that is set (rehearsals, whole-process tests).
 * `readonly` is for commands that only read: the database is neither migrated nor written, and may be
 * a file the user cannot write.
 */
export function openApp(configFile: string, clock: Clock = clockFromEnv(), opts: { readonly?: boolean } = {}): App {
  const loaded = loadConfig(configFile);
  const file = join(loaded.dataDir, 'zwgk.sqlite');
  if (opts.readonly) {
    const { db, close } = openDbReadonly(file);
    return { loaded, db, clock, close };
  }
  const db = openDb(file);
  return { loaded, db, clock, close: () => db.close() };
}
