import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { crawlSchema, type Category, type CrawlConfig, type ShapeId } from '../../config/schema.js';
import { loadConfig } from '../../config/load.js';
import { automatedItem } from '../../scheme/schema.js';
import { addDays } from '../../time/dates.js';
import { clockFromEnv } from '../../schedule/env-clock.js';
import { BrowserPool, browserPoolOptions } from '../../fetch/browser-pool.js';
import { EvidenceStore } from '../../fetch/evidence-store.js';
import { openDb } from '../../store/db.js';
import { inspectColumn } from '../../audit/inspect-column.js';
import { inspectText } from '../../../reports/inspect-text.js';
import { configPath } from '../shared.js';

export async function inspectAction(url: string, opts: { shape?: ShapeId; category: Category; json?: boolean }, cmd: Command): Promise<void> {
  if (!/^https?:\/\//i.test(url)) throw new Error(`网址应以 http:// 或 https:// 开头，收到 "${url}"`);
  const { crawl, horizon } = settings(configPath(cmd), opts.category);
  const clock = clockFromEnv();
  // Evidence the browser keeps lives in memory, like the rest of an inspection.
  const scratch = openDb(':memory:');
  const browser = new BrowserPool(browserPoolOptions(crawl), new EvidenceStore(scratch, () => clock.now()));
  try {
    const { today, observation } = await inspectColumn(url, { crawl, clock, shape: opts.shape, category: opts.category, horizon, renderer: browser });
    process.stdout.write(opts.json ? `${JSON.stringify({ url, today, ...observation }, null, 2)}\n` : `${inspectText(url, today, observation)}\n`);
  } finally {
    await browser.close();
    scratch.close();
  }
}

/**
 * The district's crawl settings (its allowed private hosts, limits, browser) and the nightly horizon for
 * the category when the config file exists; the defaults, reading lists to their end, when it does not.
 */
function settings(file: string, category: Category): { crawl: CrawlConfig; horizon?: string } {
  if (!existsSync(file)) return { crawl: crawlSchema.parse({}) };
  const { config, scheme } = loadConfig(file);
  const cadence = automatedItem(scheme).parts.platform.cadenceDays[category];
  return { crawl: config.crawl, horizon: cadence === undefined ? undefined : addDays(config.district.period.start, -cadence) };
}
