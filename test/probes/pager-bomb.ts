/**
 * Run as a child process under a small heap (`node --max-old-space-size=192 --import tsx`): crawls each
 * pager-bomb case against the fixture server at `origin` with a page cap of 5, and prints per case how
 * the list ended and how many next requests the entry page's extraction allocated, as JSON on stdout.
 */
import { crawlColumn } from '../../src/audit/crawl-column.js';
import { detectShape } from '../../crawlers/index.js';
import { mailboxShape } from '../../crawlers/mailbox/index.js';
import { mailboxSchema } from '../../src/config/mailbox-schema.js';
import { crawlMailbox } from '../../src/mailbox/crawl-mailbox.js';
import { SettableClock } from '../../src/time/clock.js';
import { columnDeps, makeFetcher, tempDb } from '../helpers.js';
import type { BombCase } from '../pager-bomb-fixture.js';

const TODAY = '2026-11-20';
const MAX_PAGES = 5;
const [origin, casesJson] = process.argv.slice(2);
const cases = JSON.parse(casesJson) as BombCase[];

async function run(c: BombCase): Promise<Record<string, unknown>> {
  const t = tempDb();
  const clock = new SettableClock(`${TODAY}T02:00:00Z`);
  const fetcher = makeFetcher(t.db, {}, clock);
  try {
    const url = `${origin}${c.path}`;
    if (c.kind === 'column') {
      const entry = await fetcher.fetch({ url });
      const shape = detectShape(entry);
      const first = shape?.extract(entry, { pageIndex: 0 });
      const obs = await crawlColumn({ name: '栏目', url, category: 'news', required: [] }, columnDeps(t.db, fetcher, { today: TODAY, maxPages: MAX_PAGES }));
      return { name: c.name, shape: obs.shape, listEnd: obs.listEnd, pagesFetched: obs.pagesFetched, items: obs.items.length, firstNext: first?.next.length, statedPages: first?.statedPages };
    }
    const config = mailboxSchema.parse({ id: 'bomb', name: '信箱', url, maxPages: MAX_PAGES, maxDetailFetches: 0, ...c.mailbox });
    const shape = mailboxShape(config.shape);
    const first = shape.list(await fetcher.fetch(shape.firstRequest(config)), { config, today: TODAY, pageIndex: 0 });
    const s = await crawlMailbox(config, { fetcher, db: t.db, clock, today: TODAY, runId: null });
    return { name: c.name, listComplete: s.listComplete, reason: s.reason, listPages: s.listPages, letters: s.lettersListed, firstNext: first.next.length, statedPages: first.statedPages };
  } finally {
    fetcher.close();
    t.cleanup();
  }
}

const results = [];
for (const c of cases) results.push(await run(c));
process.stdout.write(JSON.stringify({ results, heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20) }));
