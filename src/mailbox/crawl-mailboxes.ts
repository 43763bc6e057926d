import type { LoadedConfig } from '../config/load.js';
import type { Db } from '../store/db.js';
import { crawlMailbox, type MailboxCrawlDeps, type MailboxCrawlSummary } from './crawl-mailbox.js';
import { attributeFacts, loadLetters } from '../scoring/timeliness-facts.js';
import { lettersInPeriod, satisfactionOf } from '../scoring/mailbox.js';

/** Reads every configured mailbox (item 9, mailbox part), then stores each unit's reply satisfaction as of the crawl date. */
export async function crawlMailboxes(loaded: LoadedConfig, deps: MailboxCrawlDeps): Promise<MailboxCrawlSummary[]> {
  const mailboxes = loaded.config.mailbox;
  if (mailboxes.length === 0) return [];
  const summaries = await Promise.all(mailboxes.map((m) => crawlMailbox(m, deps)));
  storeSatisfaction(deps.db, loaded, deps.today, deps.clock.now());
  return summaries;
}

/** Per unit: rated letters and satisfied ones in the period up to `asOf`, for the bonus item's ranking. */
export function storeSatisfaction(db: Db, loaded: LoadedConfig, asOf: string, at: Date): void {
  const { units, district } = loaded.config;
  const facts = attributeFacts(loadLetters(db), [], units, district.period, asOf);
  const upsert = db.prepare(`INSERT INTO unit_satisfaction (unit_id, as_of, rated, satisfied, rate, computed_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (unit_id, as_of) DO UPDATE SET rated = excluded.rated, satisfied = excluded.satisfied, rate = excluded.rate,
    computed_at = excluded.computed_at`);
  db.transaction(() => {
    for (const unit of units) {
      const s = satisfactionOf(lettersInPeriod(facts.lettersByUnit.get(unit.id) ?? [], district.period, asOf));
      upsert.run(unit.id, asOf, s.rated, s.satisfied, s.rate, at.toISOString());
    }
  })();
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
