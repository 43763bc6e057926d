import { join } from 'node:path';
import type { LoadedConfig } from './config/load.js';
import { loadConfigCached } from './config/config-cache.js';
import { openDb, type Db } from './store/db.js';
import { openDbReadonly } from './store/readonly-db.js';
import type { Clock } from './time/clock.js';
import { clockFromEnv } from './schedule/env-clock.js';

/** What every command works with: the validated config, its database and the clock. */
export interface App {
  loaded: LoadedConfig;
  db: Db;
  clock: Clock;
  close(): void;
}

export interface AppOptions {
  /** For commands that only read: the database is neither migrated nor written, and may be a file the user cannot write. */
  readonly?: boolean;
}

/** The app over an already validated config. */
export function appFor(loaded: LoadedConfig, clock: Clock, opts: AppOptions = {}): App {
  const file = join(loaded.dataDir, 'zwgk.sqlite');
  if (opts.readonly) {
    const { db, close } = openDbReadonly(file);
    return { loaded, db, clock, close };
  }
  const db = openDb(file);
  return { loaded, db, clock, close: () => db.close() };
}

/**
 * `openApp` with the config from its cache (`config/config-cache.ts`): loads neither the YAML parser nor
 * the schemas when the config is unchanged since it last validated. For commands whose start time counts.
 */
export async function openAppCached(configFile: string, clock: Clock = clockFromEnv(), opts: AppOptions = {}): Promise<App> {
  return appFor(await loadConfigCached(configFile), clock, opts);
}
