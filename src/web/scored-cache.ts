import type { App } from '../app.js';
import { scoringDataVersion } from '../store/data-version.js';

/**
 * Computed score data for pages, kept until the stored facts change (a run, a mailbox crawl, an import,
 * a manual entry): scoring a year of history takes seconds, rendering a page from it milliseconds.
 */
export class ScoredCache {
  private version = '';
  private readonly values = new Map<string, unknown>();

  constructor(private readonly app: App) {}

  /** The value for `key` (include the as-of date in it), computed once per version of the stored facts. */
  get<T>(key: string, compute: () => T): T {
    const version = scoringDataVersion(this.app.db);
    if (version !== this.version) {
      this.values.clear();
      this.version = version;
    }
    if (!this.values.has(key)) this.values.set(key, compute());
    return this.values.get(key) as T;
  }
}
