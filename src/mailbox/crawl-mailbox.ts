import type { MailboxConfig } from '../config/mailbox-schema.js';
import type { Fetcher, FetchRequest, FetchResult } from '../fetch/types.js';
import { describeOutcome, requestKey } from '../fetch/types.js';
import type { Db } from '../store/db.js';
import type { Clock } from '../time/clock.js';
import { addDays } from '../time/dates.js';
import { MailboxRepo, type MailboxCrawlStats, type StoredLetter } from '../store/mailbox-repo.js';
import { mailboxShape } from '../../crawlers/mailbox/index.js';
import type { LetterListPage, MailboxContext } from '../../crawlers/mailbox/types.js';
import { pagesForRecords } from '../../crawlers/pager.js';
import { ListYears } from '../../crawlers/list-years.js';
import { placeLetterYears } from '../../crawlers/mailbox/letter-years.js';

export interface MailboxCrawlDeps {
  fetcher: Fetcher;
  db: Db;
  clock: Clock;
  /** The crawl date, Asia/Shanghai. */
  today: string;
  runId: number | null;
}

export interface MailboxCrawlSummary extends MailboxCrawlStats {
  mailboxId: string;
  name: string;
  replyEvents: number;
}

function describe(page: FetchResult): string {
  return describeOutcome(page);
}

/**
 * Which letter pages to read tonight, most urgent first: never read; the list row changed since the
 * last reading; still unanswered; answered but not read for `recheckAnsweredDays`. Letters already
 * read today are left alone (a resumed run does not read them twice).
 */
function detailQueue(letters: StoredLetter[], config: MailboxConfig, today: string): StoredLetter[] {
  const recheckBefore = addDays(today, -config.recheckAnsweredDays);
  const ranked: { letter: StoredLetter; rank: number }[] = [];
  for (const letter of letters) {
    if (!letter.url) continue;
    const checked = letter.detail_checked_on;
    const answered = letter.replied_at !== null || letter.reply_hash !== null;
    let rank: number | null = null;
    if (checked === null) rank = 0;
    else if (letter.list_fingerprint !== letter.detail_fingerprint) rank = 1;
    else if (checked >= today) rank = null;
    else if (!answered) rank = 2;
    else if (checked <= recheckBefore) rank = 3;
    if (rank !== null) ranked.push({ letter, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || (a.letter.detail_checked_on ?? '').localeCompare(b.letter.detail_checked_on ?? '') || b.letter.id - a.letter.id);
  return ranked.map((r) => r.letter);
}

/** The fewest letters the first list page says the list holds: its total, else all but the last of its pages full. */
function lettersClaimed(page: LetterListPage): number | undefined {
  if (page.statedTotal !== undefined) return page.statedTotal;
  return page.statedPages !== undefined && page.statedPages > 1 ? (page.statedPages - 1) * page.rows.length + 1 : undefined;
}

/**
 * Reads one mailbox: its list, then the letter pages that need reading. Rows and letters are stored as
 * they are read. The list is read to its end (`listComplete`), or cut short with the reason stored (page
 * cap, a page that failed); once a walk has read it whole, a later walk stops at the first page with
 * nothing new or changed, provided every letter the list claims is already stored.
 */
export async function crawlMailbox(config: MailboxConfig, deps: MailboxCrawlDeps): Promise<MailboxCrawlSummary> {
  const repo = new MailboxRepo(deps.db);
  const shape = mailboxShape(config.shape);
  const crawlId = repo.startCrawl(deps.runId, config.id, deps.today, deps.clock.now());
  const knownComplete = repo.listKnownComplete(config.id);
  const stats: MailboxCrawlStats = {
    status: 'ok', reason: null, listComplete: false, listPages: 0, lettersListed: 0, newLetters: 0,
    detailsFetched: 0, detailsFailed: 0, detailsDeferred: 0, statedTotal: null,
  };
  const reasons: string[] = [];
  let replyEvents = 0;
  const ctx = (pageIndex: number): MailboxContext => ({ config, today: deps.today, pageIndex });

  try {
    // 1. The list: every page's `next` is followed (de-duplicated), so a 下一页-only pager is read to its end.
    const queue: FetchRequest[] = [shape.firstRequest(config)];
    const years = new ListYears(deps.today);
    const queued = new Set(queue.map(requestKey));
    const listed = new Set<string>();
    let firstClaim: number | undefined;
    let firstPages: number | undefined;
    while (queue.length > 0) {
      if (stats.listPages >= config.maxPages) {
        reasons.push(`信件列表超过 ${config.maxPages} 页上限，其余未读`);
        break;
      }
      const page = await deps.fetcher.fetch(queue.shift()!);
      const pageIndex = stats.listPages++;
      if (page.outcome !== 'ok') {
        if (pageIndex === 0) stats.status = 'unreachable';
        reasons.push(`信件列表第 ${pageIndex + 1} 页无法读取：${describe(page)}`);
        break;
      }
      const extraction = shape.list(page, ctx(pageIndex));
      placeLetterYears(years, extraction.rows);
      if (pageIndex === 0) {
        stats.statedTotal = extraction.statedTotal ?? null;
        firstClaim = lettersClaimed(extraction);
        firstPages = extraction.statedPages ?? pagesForRecords(extraction.statedTotal, extraction.rows.length);
      }
      if (pageIndex === 0 && extraction.rows.length === 0 && (extraction.statedTotal ?? 1) > 0) {
        reasons.push('信件列表页未识别出信件');
        break;
      }
      // An empty page inside the stated range is not the end (a captcha, an error page answered 200).
      if (pageIndex > 0 && extraction.rows.length === 0 && firstPages !== undefined && pageIndex < firstPages) {
        reasons.push(`信件列表第 ${pageIndex + 1} 页未识别出信件（列表称共 ${firstPages} 页）`);
        break;
      }
      // Otherwise a page that shows nothing new (past the end many servers repeat the last page or answer empty) ends the list.
      const unseen = extraction.rows.filter((r) => !listed.has(r.key));
      if (pageIndex > 0 && unseen.length === 0) break;
      for (const r of unseen) listed.add(r.key);
      // The queue never holds more than the pages still allowed, plus one to notice the cap.
      for (const next of extraction.next) {
        const key = requestKey(next);
        if (queued.has(key) || stats.listPages + queue.length > config.maxPages) continue;
        queued.add(key);
        queue.push(next);
      }
      const { fresh, changed } = repo.saveListRows(config.id, unseen, deps.today, page.evidence);
      stats.lettersListed += unseen.length;
      stats.newLetters += fresh;
      // Nothing new or changed since a walk that read the whole list, and every letter the list claims is stored.
      if (knownComplete && fresh === 0 && changed === 0 && unseen.length > 0 && repo.letterCount(config.id) >= (firstClaim ?? 0)) {
        break;
      }
    }
    stats.listComplete = stats.status === 'ok' && reasons.length === 0;

    // 2. Letter pages, each stored as soon as it is read.
    if (stats.status !== 'unreachable') {
      const wanted = detailQueue(repo.letters(config.id), config, deps.today);
      const now = wanted.slice(0, config.maxDetailFetches);
      stats.detailsDeferred = wanted.length - now.length;
      await Promise.all(now.map(async (letter) => {
        const page = await deps.fetcher.fetch({ url: letter.url! });
        const detail = page.outcome === 'ok' ? shape.detail(page, ctx(0)) : undefined;
        if (!detail?.found) {
          stats.detailsFailed++;
          repo.detailFailed(letter.id);
          return;
        }
        stats.detailsFetched++;
        if (repo.saveDetail(letter.id, detail, deps.today, page.evidence)) replyEvents++;
      }));
      if (stats.detailsFailed > 0) reasons.push(`${stats.detailsFailed} 封信件页面无法读取`);
      if (stats.detailsDeferred > 0) reasons.push(`${stats.detailsDeferred} 封信件超过每晚上限 ${config.maxDetailFetches}，留待下次读取`);
    }
  } catch (err) {
    reasons.push(`读取信箱出错：${err instanceof Error ? err.message : String(err)}`);
    stats.listComplete = false;
  }
  if (stats.status === 'ok' && reasons.length > 0) stats.status = 'partial';
  stats.reason = reasons.length > 0 ? reasons.join('；') : null;
  repo.finishCrawl(crawlId, stats, deps.clock.now());
  return { ...stats, mailboxId: config.id, name: config.name, replyEvents };
}
