import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { App } from './app.js';
import { codeStamp, moduleFile, moduleGraph, writeCacheFile } from './disk-cache.js';
import { scoringDataVersion } from './store/data-version.js';
import type { AutomatedScores } from './scoring/score-district.js';

/**
 * The district's automated scores as of one date, kept in the data directory between commands: scoring
 * a year of stored history takes a second or more, reading the result back a few milliseconds. The
 * nightly run scores the district for its ledger, so `zwgk score` the next morning reads what that run
 * computed. Manual entries are not part of it: they are applied to the cached part on every use, so an
 * inspector's entry never makes the next score slow.
 *
 * An entry holds while everything it is computed from is unchanged: the stored facts
 * (`scoringDataVersion` without manual entries), the loaded config with its scheme and calendar, and the
 * scoring code (`moduleGraph` of `score-stored.js`, by size and time). Anything else is a miss, and the
 * scores are computed again from the facts; an entry JSON would not give back unchanged is never written.
 */
export const SCORE_CACHE_FILE = 'score-cache.json';

/** The module that loads the facts and scores them: it and its imports are the code cached scores depend on. */
const SCORER = new URL('./score-stored.js', import.meta.url);

interface CacheEntry {
  format: 1;
  asOf: string;
  /** `scoringDataVersion` (facts only) read before the scores were computed. */
  data: string;
  /** SHA-256 of the loaded config (district, scheme, calendar overrides) as JSON. */
  config: string;
  modules: string[];
  code: string;
  scores: AutomatedScores;
}

/** The automated scores of `asOf` from the cache when it still holds, else `compute()`d and cached when possible. */
export function cachedAutomatedScores(app: App, asOf: string, compute: () => AutomatedScores): AutomatedScores {
  // Read before computing: a run that commits meanwhile leaves an entry that is already stale, never a wrong one.
  const data = scoringDataVersion(app.db, { manual: false });
  const config = createHash('sha256').update(JSON.stringify(app.loaded)).digest('hex');
  const hit = readEntry(join(app.loaded.dataDir, SCORE_CACHE_FILE));
  if (hit && hit.asOf === asOf && hit.data === data && hit.config === config && hit.modules[0] === moduleFile(SCORER) && hit.code === codeStamp(hit.modules)) {
    return hit.scores;
  }
  const scores = compute();
  const modules = moduleGraph(SCORER);
  const json = JSON.stringify({ format: 1, asOf, data, config, modules, code: codeStamp(modules), scores } satisfies CacheEntry);
  if (isDeepStrictEqual((JSON.parse(json) as CacheEntry).scores, scores)) writeCacheFile(app.loaded.dataDir, SCORE_CACHE_FILE, json);
  return scores;
}

function readEntry(file: string): CacheEntry | undefined {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as CacheEntry;
    return entry?.format === 1 && Array.isArray(entry.modules) && typeof entry.code === 'string' ? entry : undefined;
  } catch {
    return undefined;
  }
}
