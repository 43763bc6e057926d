import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type http from 'node:http';
import { m8 } from '../crawlers/mailbox/m8.js';
import { ListYears } from '../crawlers/list-years.js';
import { placeLetterYears } from '../crawlers/mailbox/letter-years.js';
import { parseMonthDayTime } from '../crawlers/mailbox/words.js';
import { mailboxSchema, type MailboxConfig } from '../src/config/mailbox-schema.js';
import type { FetchResult } from '../src/fetch/types.js';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { crawlMailbox } from '../src/mailbox/crawl-mailbox.js';
import { SettableClock } from '../src/time/clock.js';
import { makeFetcher, tempDb } from './helpers.js';

/** Letter lists that show submission dates without a year, newest first: the year comes from the order. */

const table = (rows: [string, string, string][], pager: string) => `<html><head><meta charset="utf-8"></head><body><table>
<tr><th>编号</th><th>标题</th><th>类型</th><th>时间</th><th>单位</th><th>回复状态</th></tr>
${rows.map(([code, title, time]) => `<tr><td>${code}</td><td><a href="/ly/detail.html?id=${code}">${title}</a></td><td>咨询</td><td>${time}</td><td>区教育局</td><td>已回复</td></tr>`).join('\n')}
</table>${pager}</body></html>`;

const PAGE_1 = table([['LY003', '关于学区划分的咨询', '01-04 09:12'], ['LY002', '关于校车安全的建议', '12-30 16:40']], '<div>共4条 共2页 <a href="?page=2">下一页</a></div>');
const PAGE_2 = table([['LY001', '关于食堂价格的投诉', '12月2日'], ['LY000', '关于放假安排的咨询', '2025-11-20 08:00']], '<div>共4条 共2页</div>');

describe('year-less letter dates', () => {
  it('reads a month-day with or without a time, never a full date', () => {
    expect(parseMonthDayTime('01-04 09:12')).toEqual({ monthDay: '01-04', time: '09:12:00' });
    expect(parseMonthDayTime('12月2日')).toEqual({ monthDay: '12-02', time: null });
    expect(parseMonthDayTime('2025-11-20 08:00')).toBeNull();
  });

  it('places them by the list order across pages, keeping the time of day', () => {
    const config = mailboxSchema.parse({ id: 'board', name: '留言板', shape: 'M8', url: 'http://x/ly/list.html' }) as MailboxConfig;
    const years = new ListYears('2026-01-06');
    const read = (html: string, pageIndex: number) => {
      const page = { text: html, finalUrl: 'http://x/ly/list.html', outcome: 'ok' } as FetchResult;
      const rows = m8.list(page, { config, today: '2026-01-06', pageIndex }).rows;
      placeLetterYears(years, rows);
      return rows;
    };
    const rows = [...read(PAGE_1, 0), ...read(PAGE_2, 1)];
    expect(rows.map((r) => [r.code, r.submittedAt, r.submittedSource])).toEqual([
      ['LY003', '2026-01-04 09:12:00', 'order'],
      ['LY002', '2025-12-30 16:40:00', 'order'],
      ['LY001', '2025-12-02', 'order'],
      ['LY000', '2025-11-20 08:00:00', 'list'],
    ]);
  });
});

let site: SiteServer;
beforeAll(async () => {
  const html = (res: http.ServerResponse, body: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  site = await serveSite({
    routes: {
      '/ly/list.html': (req, res) => { html(res, new URL(req.url ?? '/', 'http://x').searchParams.get('page') === '2' ? PAGE_2 : PAGE_1); },
      '/ly/detail.html': (req, res) => {
        const id = new URL(req.url ?? '/', 'http://x').searchParams.get('id');
        // The letter page states the full submission time for one letter only.
        html(res, id === 'LY001'
          ? '<html><body><table><tr><th>标题</th><td>关于食堂价格的投诉</td></tr><tr><th>提交时间</th><td>2025-12-02 10:05:00</td></tr></table></body></html>'
          : '<html><body><table><tr><th>标题</th><td>信件</td></tr></table></body></html>');
      },
    },
  });
});
afterAll(async () => { await site.close(); });

describe('year-less letter dates, crawled and stored with their source', () => {
  it('stores the placed dates, and the letter page\'s date when it states one', async () => {
    const t = tempDb();
    const fetcher = makeFetcher(t.db);
    try {
      const config = mailboxSchema.parse({ id: 'board', name: '留言板', shape: 'M8', url: `${site.origin}/ly/list.html` }) as MailboxConfig;
      await crawlMailbox(config, { fetcher, db: t.db, clock: new SettableClock('2026-01-06T02:00:00Z'), today: '2026-01-06', runId: null });
      const stored = t.db.prepare('SELECT code, submitted_at AS at, submitted_source AS source FROM mailbox_letters ORDER BY code').all();
      expect(stored).toEqual([
        { code: 'LY000', at: '2025-11-20 08:00:00', source: 'list' },
        { code: 'LY001', at: '2025-12-02 10:05:00', source: 'detail' },
        { code: 'LY002', at: '2025-12-30 16:40:00', source: 'order' },
        { code: 'LY003', at: '2026-01-04 09:12:00', source: 'order' },
      ]);
    } finally {
      fetcher.close();
      t.cleanup();
    }
  });
});
