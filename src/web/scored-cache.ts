import type { App } from '../app.js';
import { scoringDataVersion } from '../store/data-version.js';

/**
 * Computed score data for pages, kept until what it is computed from changes (a run, a mailbox crawl,
 * an import, and unless told otherwise a manual entry): scoring a year of history takes seconds,
 * rendering a page from it milliseconds.
 */
const MAX_KEYS = 8;

export class ScoredCache {
  private readonly values = new Map<string, { version: string; value: unknown }>();

  constructor(private readonly app: App) {}

  /**
   * The value for `key` (include the as-of date in it), computed once per version of the stored facts.
   * `manual: false` for data no manual entry can change (item 9, the automated item).
   */
  get<T>(key: string, compute: () => T, opts: { manual?: boolean } = {}): T {
    const version = scoringDataVersion(this.app.db, opts);
    const hit = this.values.get(key);
    if (hit?.version === version) return hit.value as T;
    const value = compute();
    this.values.delete(key);
    this.values.set(key, { version, value });
    // A few keys at most (today's board and trend); older dates' go first.
    while (this.values.size > MAX_KEYS) this.values.delete(this.values.keys().next().value!);
    return value;
  }
}
