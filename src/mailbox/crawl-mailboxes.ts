import type { LoadedConfig } from '../config/load.js';
import { crawlMailbox, type MailboxCrawlDeps, type MailboxCrawlSummary } from './crawl-mailbox.js';

/** Reads every configured mailbox (item 9, mailbox part); the letters are facts, judged only by scoring. */
export async function crawlMailboxes(loaded: LoadedConfig, deps: MailboxCrawlDeps): Promise<MailboxCrawlSummary[]> {
  const mailboxes = loaded.config.mailbox;
  if (mailboxes.length === 0) return [];
  return Promise.all(mailboxes.map((m) => crawlMailbox(m, deps)));
}

/** One line per mailbox for `zwgk run`: what was read and what could not be. */
export function describeMailboxCrawls(summaries: MailboxCrawlSummary[]): string {
  return summaries.map((s) => {
    const head = `\n信箱“${s.name}”：`;
    if (s.status === 'unreachable') return `${head}无法读取（${s.reason ?? ''}）`;
    const events = s.replyEvents ? `，${s.replyEvents} 封信件的回复有变化` : '';
    const issues = s.reason ? `；${s.reason}` : '';
    return `${head}读取 ${s.listPages} 个列表页、${s.lettersListed} 封信件（新信 ${s.newLetters} 封），读取信件页面 ${s.detailsFetched} 个${events}${issues}`;
  }).join('');
}
