import type { LoadedConfig } from '../config/load.js';
import type { UnitConfig } from '../config/schema.js';
import type { Db } from '../store/db.js';
import type { Clock } from '../time/clock.js';
import { addDays, shanghaiDate } from '../time/dates.js';
import { EvidenceStore } from '../fetch/evidence-store.js';
import { HttpCache } from '../fetch/http-cache.js';
import { HttpFetcher } from '../fetch/http-fetcher.js';
import { ObservationsRepo } from '../store/observations-repo.js';
import { prune, retentionPolicy, type PruneCounts } from '../store/retention.js';
import { ExtractionCache } from './extraction-cache.js';
import { crawlColumn, type PageRenderer } from './crawl-column.js';
import { readKey } from './carry-forward.js';
import type { ColumnObservation } from './observation.js';
import { withSiteMove } from './site-move.js';
import { automatedItem } from '../scheme/schema.js';
import { crawlMailboxes } from '../mailbox/crawl-mailboxes.js';
import type { MailboxCrawlSummary } from '../mailbox/crawl-mailbox.js';
import { runCensus, type CensusUnitSummary } from '../census/run-census.js';
import type { HostQueues } from '../fetch/host-queues.js';
import { contentChecker } from '../content/audit-step.js';

/** A browser pool as the audit sees it: render pages, and drop a unit's context when the unit is done. */
export interface AuditRenderer extends PageRenderer {
  closeSession(sessionKey: string): Promise<void>;
}

export interface AuditOptions {
  db: Db;
  clock: Clock;
  /** Crawl one unit only (the office's manual rerun). */
  unitId?: string;
  /** The date the observations count for; default today in Asia/Shanghai. */
  asOf?: string;
  renderer?: AuditRenderer;
  onUnitDone?: (unit: UnitConfig, observations: ColumnObservation[], done: number, total: number) => void;
  /** Stops starting new units; units in flight finish and are saved. */
  signal?: AbortSignal;
  /** Per-host queues shared with other work of the process (the daemon's availability probes). */
  queues?: HostQueues;
}

export interface AuditSummary {
  runId: number;
  resumed: boolean;
  unitsCrawled: number;
  unitsSkipped: number;
  pages: number;
  aborted: boolean;
  /** One per configured mailbox. */
  mailboxes: MailboxCrawlSummary[];
  /** The units censused tonight (`census.enabled`; never on a one-unit rerun). */
  census?: CensusUnitSummary[];
  /** What the retention policy removed after the run (none when it was aborted). */
  pruned?: PruneCounts;
  /** Content checks: pages and attachments read for the first time, and new findings (absent when switched off). */
  content?: { texts: number; attachments: number; added: number };
}

/**
 * Crawls every column of every unit (or one unit) and stores what was seen, one transaction per unit.
 * An unfinished run for the same date and unit filter is completed rather than started again.
 */
export async function runAudit(loaded: LoadedConfig, opts: AuditOptions): Promise<AuditSummary> {
  const { config, scheme } = loaded;
  const units = opts.unitId ? config.units.filter((u) => u.id === opts.unitId) : config.units;
  if (opts.unitId && units.length === 0) throw new Error(`配置中没有编号为 "${opts.unitId}" 的单位`);

  const today = opts.asOf ?? shanghaiDate(opts.clock.now());
  const repo = new ObservationsRepo(opts.db);
  const unitFilter = opts.unitId ?? null;
  const unfinished = repo.unfinishedRun(today, unitFilter);
  const runId = unfinished?.id ?? repo.startRun(today, unitFilter, opts.clock.now());
  const done = unfinished ? repo.finishedUnits(runId) : new Set<string>();
  const todo = units.filter((u) => !done.has(u.id));

  const evidence = new EvidenceStore(opts.db, () => opts.clock.now());
  const fetcher = new HttpFetcher(config.crawl, evidence, new HttpCache(opts.db), opts.clock, undefined, opts.queues);
  const checkContent = contentChecker(loaded, { fetcher, evidence, db: opts.db, today });
  const extractions = new ExtractionCache(opts.db);
  const platform = automatedItem(scheme).parts.platform;
  const periodStart = config.district.period.start;
  let finished = 0;
  let pages = 0;
  let aborted = false;
  let mailboxes: MailboxCrawlSummary[] = [];
  let census: CensusUnitSummary[] = [];
  const content = { texts: 0, attachments: 0, added: 0 };

  const crawlUnit = async (unit: UnitConfig) => {
    if (opts.signal?.aborted) {
      aborted = true;
      return;
    }
    try {
      const ids = repo.resolveColumns(unit);
      const history = repo.unitHistory(unit.id);
      const observations = await Promise.all(ids.columns.map(async ({ column, columnId, storedIds }) => {
        const cadence = column.cadenceDays ?? platform.cadenceDays[column.category];
        const observation = await crawlColumn(column, {
          fetcher, renderer: opts.renderer, extractions, today,
          horizon: cadence === undefined ? today : addDays(periodStart < today ? periodStart : today, -cadence),
          maxPages: config.crawl.maxPagesPerColumn, maxDetailFetches: config.crawl.maxDetailFetches,
          linkCheckCount: config.crawl.linkCheckCount, sessionKey: unit.id, knownColumns: unit.columns, columnId,
          previous: history.latest.get(columnId), fullRereadDays: config.crawl.fullRereadDays,
          readKey: readKey(column, { cadenceDays: cadence, periodStart, crawl: config.crawl, knownColumns: unit.columns }),
          linkHistory: history.links.get(columnId) ?? new Map(), linkRecheckDays: config.crawl.linkRecheckDays,
        });
        // The latest row's address when it has one (no query per column), else the last one any row recorded.
        const latestUrl = storedIds[0] === columnId ? history.latest.get(columnId)?.observation.finalUrl : undefined;
        return withSiteMove(observation, latestUrl ?? repo.previousFinalUrl(unit.id, storedIds));
      }));
      repo.saveUnit(runId, unit.id, today, opts.clock.now(), observations, ids, history);
      const checked = await checkContent?.(unit.id, observations);
      if (checked) {
        content.texts += checked.texts;
        content.attachments += checked.attachments;
        content.added += checked.added;
      }
      pages += observations.reduce((n, o) => n + o.pagesFetched, 0);
      finished++;
      opts.onUnitDone?.(unit, observations, finished + done.size, units.length);
    } finally {
      await opts.renderer?.closeSession(unit.id);
    }
  };

  try {
    // Each worker takes the next unit when it is free: a province's 10,000 units never wait as 10,000 promises.
    let next = 0;
    const worker = async () => {
      while (next < todo.length) await crawlUnit(todo[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(config.crawl.unitConcurrency, todo.length) }, worker));
    // Item 9, mailbox part: the district mailboxes' letters, read incrementally (src/mailbox).
    if (!aborted && !opts.signal?.aborted) {
      mailboxes = await crawlMailboxes(loaded, { fetcher, db: opts.db, clock: opts.clock, today, runId });
    }
    // The site census of the units due tonight, through the same fetcher and host queues.
    if (config.census.enabled && !opts.unitId && !aborted && !opts.signal?.aborted) {
      census = await runCensus(config, { db: opts.db, fetcher, body: (h) => evidence.get(h), today, now: opts.clock.now() });
    }
  } finally {
    fetcher.close();
  }
  if (!aborted) repo.finishRun(runId, 'done', opts.clock.now());
  // Nothing writes any more: what the retention policy no longer keeps goes now (relative to today, not asOf).
  const pruned = aborted || opts.signal?.aborted ? undefined
    : prune(opts.db, retentionPolicy(config), shanghaiDate(opts.clock.now()), opts.clock.now());
  return { runId, resumed: Boolean(unfinished), unitsCrawled: finished, unitsSkipped: done.size, pages, aborted, mailboxes, census, pruned, ...(checkContent ? { content } : {}) };
}
