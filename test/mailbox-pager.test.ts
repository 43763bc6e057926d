import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { mailboxSchema } from '../src/config/mailbox-schema.js';
import { unitSchema } from '../src/config/schema.js';
import { crawlMailbox } from '../src/mailbox/crawl-mailbox.js';
import { WorkCalendar } from '../src/calendar/work-calendar.js';
import { mailboxPartSchema } from '../src/scheme/timeliness-parts.js';
import { lettersInPeriod, satisfactionOf, scoreMailbox } from '../src/scoring/mailbox.js';
import { attributeFacts } from '../src/scoring/timeliness-facts.js';
import { loadLetters } from '../src/store/district-facts.js';
import { SettableClock } from '../src/time/clock.js';
import type { Db } from '../src/store/db.js';
import { makeFetcher, tempDb } from './helpers.js';
import { m8Routes, mailboxSite, sampleLetters, type FixtureLetter, type M8Pager, type MailboxSite } from './mailbox-fixture.js';

const TODAY = '2021-12-20';
const PERIOD = { start: '2021-01-01', end: '2021-12-31' };

/** The sample letters without the August one, plus two January letters: the oldest, on the last page, never answered. */
function letters(): FixtureLetter[] {
  return [
    ...sampleLetters().filter((l) => l.id !== '108'),
    { id: '120', code: 'YJ20210115020', title: '老旧小区占道堆放杂物的投诉', writer: '卫**', handler: '区城管局', type: '投诉', submitted: '2021-01-15 09:30:00' },
    { id: '121', code: 'YJ20210111021', title: '年初的住房公积金咨询', writer: '蒋**', handler: '区住建局', type: '咨询', submitted: '2021-01-11 10:00:00', reply: { by: '区住建局', at: '2021-01-12 10:00:00', text: '请携带证件办理。' }, satisfaction: '满意' },
  ];
}

/** `共N条 第i/N页` with 首页/上一页/下一页/尾页 links: the pager the issue names. */
const countedPager: M8Pager = (n, pages, total) => {
  const at = (k: number) => `list.html?page=${k}`;
  return `<span>共 ${total} 条 第 ${n}/${pages} 页</span> <a href="${at(1)}">首页</a>${n > 1 ? ` <a href="${at(n - 1)}">上一页</a>` : ''}`
    + `${n < pages ? ` <a href="${at(n + 1)}">下一页</a>` : ''} <a href="${at(pages)}">尾页</a>`;
};
/** No count at all, and the 下一页 address only in its onclick. */
const scriptPager: M8Pager = (n, pages) =>
  (n < pages ? `<a href="javascript:void(0)" onclick="location.href='list.html?page=${n + 1}'">下一页</a>` : '<span>下一页</span>');

const sites: Record<string, MailboxSite> = { counted: mailboxSite(letters()), script: mailboxSite(letters()) };
let server: SiteServer;
beforeAll(async () => {
  server = await serveSite({ routes: { ...m8Routes(sites.counted, countedPager, '/counted'), ...m8Routes(sites.script, scriptPager, '/script') } });
});
afterAll(async () => { await server.close(); });

async function crawl(db: Db, prefix: string, today = TODAY, extra: Record<string, unknown> = {}) {
  const clock = new SettableClock(`${today}T18:00:00Z`);
  const fetcher = makeFetcher(db, {}, clock);
  const config = mailboxSchema.parse({ id: `mb${prefix.replace('/', '-')}`, name: '区长信箱', url: `${server.origin}${prefix}/list.html`, shape: 'M8', ...extra });
  try {
    return await crawlMailbox(config, { fetcher, db, clock, today, runId: null });
  } finally {
    fetcher.close();
  }
}

const UNITS = [
  unitSchema.parse({ id: 'city', name: '区城管局', type: 'department' }),
  unitSchema.parse({ id: 'housing', name: '区住建局', type: 'department' }),
];

describe('a mailbox list is read to its last page', () => {
  it.each([['counted', '/counted'], ['script', '/script']])('%s pager: every letter is stored, the last page decides the veto', async (name, prefix) => {
    const t = tempDb();
    try {
      const s = await crawl(t.db, prefix);
      expect(s).toMatchObject({ status: 'ok', reason: null, listComplete: true, listPages: 3, lettersListed: 11, newLetters: 11 });
      if (name === 'counted') expect(s.statedTotal).toBe(11);
      const stored = loadLetters(t.db);
      expect(stored.map((l) => l.code).sort()).toEqual(letters().map((l) => l.code).sort());

      // The oldest letter sits on page 3 only; it is attributed and, unanswered for 11 months, vetoes the unit.
      const facts = attributeFacts(stored, [], UNITS, PERIOD, TODAY);
      const city = facts.lettersByUnit.get('city') ?? [];
      expect(city.map((l) => [l.code, l.submittedAt, l.repliedAt])).toEqual([['YJ20210115020', '2021-01-15 09:30:00', null]]);
      const score = scoreMailbox({ letters: city, part: mailboxPartSchema.parse({ max: 5 }), calendar: new WorkCalendar(), period: PERIOD, asOf: TODAY });
      expect(score).toMatchObject({ score: 0, vetoed: true, letters: [{ id: 'YJ20210115020', status: 'overdue', vetoed: true }] });

      // The satisfaction rate counts the rated letter of page 3 as well.
      const housing = lettersInPeriod(facts.lettersByUnit.get('housing') ?? [], PERIOD, TODAY);
      expect(housing.map((l) => l.code).sort()).toEqual(['YJ20210111021', 'YJ20210210002', 'YJ20210930004']);
      expect(satisfactionOf(housing)).toEqual({ rated: 2, satisfied: 2, rate: 1 });
    } finally {
      t.cleanup();
    }
  });

  it('a list cut short by the page cap is not complete, and says why', async () => {
    const t = tempDb();
    try {
      const s = await crawl(t.db, '/counted', TODAY, { maxPages: 2 });
      expect(s).toMatchObject({ status: 'partial', listComplete: false, listPages: 2, lettersListed: 8 });
      expect(s.reason).toContain('信件列表超过 2 页上限，其余未读');
    } finally {
      t.cleanup();
    }
  });

  it('an earlier complete walk does not stop the next one while the list claims letters not stored yet', async () => {
    const site = mailboxSite(letters().filter((l) => l.submitted >= '2021-11-08'));
    const local = await serveSite({ routes: m8Routes(site, countedPager, '/grow') });
    const t = tempDb();
    const config = mailboxSchema.parse({ id: 'grow', name: '区长信箱', url: `${local.origin}/grow/list.html`, shape: 'M8' });
    const night = async (today: string) => {
      const clock = new SettableClock(`${today}T18:00:00Z`);
      const fetcher = makeFetcher(t.db, {}, clock);
      try {
        return await crawlMailbox(config, { fetcher, db: t.db, clock, today, runId: null });
      } finally {
        fetcher.close();
      }
    };
    try {
      expect(await night('2021-12-18')).toMatchObject({ listComplete: true, listPages: 1, lettersListed: 4 });
      // Older letters appear behind an unchanged first page (a mailbox restoring its archive).
      site.letters.push(...letters().filter((l) => l.submitted < '2021-11-08'));
      expect(await night('2021-12-19')).toMatchObject({ listComplete: true, listPages: 3, newLetters: 7 });
      // Now everything claimed is stored: an unchanged first page ends the walk.
      expect(await night('2021-12-20')).toMatchObject({ listComplete: true, listPages: 1, newLetters: 0 });
    } finally {
      t.cleanup();
      await local.close();
    }
  });

  it('an empty page inside the stated range cuts the list short instead of ending it', async () => {
    const site = mailboxSite(letters());
    const routes = m8Routes(site, countedPager, '/gap');
    const list = routes['/gap/list.html'];
    // Page 2 answers 200 with a verification notice and no letters.
    routes['/gap/list.html'] = (req, res, body) => {
      if (new URL(req.url ?? '/', 'http://x').searchParams.get('page') !== '2') return list(req, res, body);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body><p>请输入验证码后继续访问</p></body></html>');
    };
    const local = await serveSite({ routes });
    const t = tempDb();
    const config = mailboxSchema.parse({ id: 'gap', name: '区长信箱', url: `${local.origin}/gap/list.html`, shape: 'M8' });
    const clock = new SettableClock(`${TODAY}T18:00:00Z`);
    const fetcher = makeFetcher(t.db, {}, clock);
    try {
      const s = await crawlMailbox(config, { fetcher, db: t.db, clock, today: TODAY, runId: null });
      expect(s).toMatchObject({ status: 'partial', listComplete: false, listPages: 2, lettersListed: 4 });
      expect(s.reason).toContain('信件列表第 2 页未识别出信件（列表称共 3 页）');
    } finally {
      fetcher.close();
      t.cleanup();
      await local.close();
    }
  });
});
