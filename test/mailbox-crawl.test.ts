import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { mailboxSchema, type MailboxConfig } from '../src/config/mailbox-schema.js';
import { crawlMailbox } from '../src/mailbox/crawl-mailbox.js';
import { loadLetters } from '../src/store/district-facts.js';
import { SettableClock } from '../src/time/clock.js';
import type { Db } from '../src/store/db.js';
import { makeFetcher, tempDb } from './helpers.js';
import { m1Routes, m3Routes, m4Routes, m8Routes, mailboxSite, sampleLetters, type MailboxSite } from './mailbox-fixture.js';

const sites = {
  m1: mailboxSite(sampleLetters()), m3: mailboxSite(sampleLetters()), m4: mailboxSite(sampleLetters()),
  m4js: mailboxSite(sampleLetters()), m8: mailboxSite(sampleLetters()),
};
let server: SiteServer;
beforeAll(async () => {
  server = await serveSite({
    routes: { ...m1Routes(sites.m1), ...m3Routes(sites.m3), ...m8Routes(sites.m8), ...m4Routes(sites.m4),
      ...Object.fromEntries(Object.entries(m4Routes(sites.m4js)).map(([path, h]) => [path.replace('/m4/', '/m4js/'), h])) },
  });
});
afterAll(async () => { await server.close(); });

function config(shape: string, path: string, extra: Record<string, unknown> = {}): MailboxConfig {
  return mailboxSchema.parse({ id: `mb-${shape.toLowerCase()}`, name: '区长信箱', url: `${server.origin}${path}`, shape, ...extra });
}

async function crawl(db: Db, cfg: MailboxConfig, today: string) {
  const clock = new SettableClock(`${today}T18:00:00Z`);
  const fetcher = makeFetcher(db, {}, clock);
  try {
    return await crawlMailbox(cfg, { fetcher, db, clock, today, runId: null });
  } finally {
    fetcher.close();
  }
}

function byCode(db: Db) {
  return new Map(loadLetters(db).map((l) => [l.code ?? l.title, l]));
}

const EXPECTED_TIMES = {
  YJ20210205001: ['2021-02-05 16:20:00', '2021-02-20 10:00:00'],
  YJ20211108006: ['2021-11-08 09:10:00', '2021-11-08 16:45:00'],
  YJ20211201007: ['2021-12-01 10:00:00', null],
} as const;

describe('mailbox shapes', () => {
  it('M1: no dates on the list; submission and reply times from the letter page, reply time inside the reply', async () => {
    const t = tempDb();
    const s = await crawl(t.db, config('M1', '/m1/list.jsp'), '2021-12-20');
    expect(s).toMatchObject({ status: 'ok', listPages: 3, lettersListed: 10, newLetters: 10, detailsFetched: 10, statedTotal: 10, listComplete: true });
    const letters = loadLetters(t.db);
    expect(letters).toHaveLength(10);
    const first = letters.find((l) => l.title === '关于春节期间公交线路调整的咨询')!;
    expect(first).toMatchObject({
      submittedAt: '2021-02-05 16:20:00', repliedAt: '2021-02-20 10:00:00', handler: '区交通运输局', type: 'consultation',
      status: 'answered', satisfaction: 'satisfied', hasReply: true,
    });
    const open = letters.find((l) => l.title === '尚未回复的学位咨询')!;
    expect(open).toMatchObject({ submittedAt: '2021-12-01 10:00:00', repliedAt: null, status: 'in-progress', hasReply: false });
    expect(letters.find((l) => l.title === '春节假期中提交的求助')).toMatchObject({ type: 'help', satisfaction: 'dissatisfied', handler: '雁江区教育局' });
    t.cleanup();
  });

  it('M3: POSTs to the JACT data proxy by record range; the reply block comes from the letter page', async () => {
    const t = tempDb();
    const s = await crawl(t.db, config('M3', '/m3/dataproxy_mailnewlist.action', { perPage: 4, form: { webid: '7', columnid: '25' } }), '2021-12-20');
    expect(s).toMatchObject({ status: 'ok', listPages: 3, lettersListed: 10, detailsFetched: 10, statedTotal: 10 });
    expect(sites.m3.log.filter((l) => l.startsWith('POST')).map((l) => new URL(l.split(' ')[1], 'http://x').searchParams.get('startrecord')))
      .toEqual(['1', '5', '9']);
    const letters = byCode(t.db);
    for (const [code, [submitted, replied]] of Object.entries(EXPECTED_TIMES)) {
      expect(letters.get(code)).toMatchObject({ submittedAt: submitted, repliedAt: replied });
    }
    expect(letters.get('YJ20211003005')).toMatchObject({ type: 'suggestion', status: 'answered', handler: '区文旅局' });
    expect(letters.get('YJ20211201007')).toMatchObject({ status: 'waiting', hasReply: false });
    t.cleanup();
  });

  it('M4: JSON list and a JS object literal with unquoted keys; reply date from the letter page', async () => {
    for (const [path, site] of [['/m4/api/letters', sites.m4], ['/m4js/letters.js', sites.m4js]] as const) {
      const t = tempDb();
      const detailUrl = `${server.origin}${path.startsWith('/m4js') ? '/m4js' : '/m4'}/detail.html?id={id}`;
      const s = await crawl(t.db, config('M4', path, { detailUrl, pageSize: 4 }), '2021-12-20');
      expect(s).toMatchObject({ status: 'ok', listPages: 3, lettersListed: 10, detailsFetched: 10, statedTotal: 10 });
      expect(site.log.some((l) => l.includes('pageNo=3&pageSize=4'))).toBe(true);
      const letters = loadLetters(t.db);
      expect(letters.find((l) => l.key === 'id:101')).toMatchObject({
        submittedAt: '2021-02-05 16:20:00', repliedAt: '2021-02-20', type: 'consultation', handler: '区交通运输局',
      });
      expect(letters.find((l) => l.key === 'id:102')).toMatchObject({ type: 'complaint', repliedAt: '2021-02-18' });
      expect(letters.find((l) => l.key === 'id:107')).toMatchObject({ repliedAt: null, hasReply: false });
      t.cleanup();
    }
  });

  it('M8: table list with a header; reply rows missing until answered', async () => {
    const t = tempDb();
    const s = await crawl(t.db, config('M8', '/m8/list.html'), '2021-12-20');
    expect(s).toMatchObject({ status: 'ok', listPages: 3, lettersListed: 10, detailsFetched: 10, statedTotal: 10 });
    const letters = byCode(t.db);
    for (const [code, [submitted, replied]] of Object.entries(EXPECTED_TIMES)) {
      expect(letters.get(code)).toMatchObject({ submittedAt: submitted, repliedAt: replied });
    }
    expect(letters.get('YJ20210210002')).toMatchObject({ type: 'complaint', satisfaction: 'fairly-satisfied', status: 'answered' });
    expect(letters.get('YJ20211215010')).toMatchObject({ status: 'waiting', hasReply: false });
    t.cleanup();
  });
});

describe('incremental mailbox crawl', () => {
  it('reads answered letters once, rechecks open ones, and notices replies that appear, change or disappear', async () => {
    const site = mailboxSite(sampleLetters());
    const local = await serveSite({ routes: m8Routes(site) });
    const t = tempDb();
    const cfg = mailboxSchema.parse({ id: 'm8', name: '12345', url: `${local.origin}/m8/list.html`, shape: 'M8', recheckAnsweredDays: 30 });
    try {
      await crawl(t.db, cfg, '2021-12-16');
      const details = () => site.log.filter((l) => l.includes('show.html')).map((l) => new URL(l.split(' ')[1], 'http://x').searchParams.get('id'));

      // Night 2, nothing changed: one list page, only the three open letters are read again.
      site.log.length = 0;
      let s = await crawl(t.db, cfg, '2021-12-17');
      expect(s).toMatchObject({ listPages: 1, newLetters: 0, detailsFetched: 3, listComplete: true, replyEvents: 0 });
      expect(details().sort()).toEqual(['107', '108', '110']);

      // Night 3: 107 is answered (its list row changes), 101's reply is edited, 104's reply is withdrawn,
      // and a new letter arrives.
      const letters = site.letters;
      letters.find((l) => l.id === '107')!.reply = { by: '区教育局', at: '2021-12-17 09:00:00', text: '按片区入学。' };
      letters.find((l) => l.id === '101')!.reply = { by: '区交通运输局', at: '2021-02-22 10:00:00', text: '更正：线路调整见附件。' };
      delete letters.find((l) => l.id === '104')!.reply;
      letters.push({ id: '111', code: 'YJ20211217011', title: '新来信', writer: '褚**', handler: '区人社局', type: '咨询', submitted: '2021-12-17 20:00:00' });
      site.log.length = 0;
      s = await crawl(t.db, cfg, '2021-12-18');
      // 107 moved from open to answered on page 1; 104's row changed (已回复 → 未回复) on page 1 too.
      expect(s.newLetters).toBe(1);
      expect(details()).toContain('107');
      expect(details()).toContain('111');
      expect(details()).not.toContain('101'); // answered and unchanged on the list: not read again yet
      let stored = byCode(t.db);
      expect(stored.get('YJ20211201007')).toMatchObject({ repliedAt: '2021-12-17 09:00:00', events: [{ on: '2021-12-18', kind: 'reply-appeared', before: null, after: '2021-12-17 09:00:00' }] });
      expect(stored.get('YJ20210930004')).toMatchObject({ repliedAt: null, hasReply: false, events: [{ on: '2021-12-18', kind: 'reply-removed', before: '2021-10-09 17:00:00' }] });
      expect(stored.get('YJ20210205001')!.repliedAt).toBe('2021-02-20 10:00:00');

      // A month later the answered letters are read again and the edited reply is noticed.
      site.log.length = 0;
      s = await crawl(t.db, cfg, '2022-01-20');
      expect(details()).toContain('101');
      stored = byCode(t.db);
      expect(stored.get('YJ20210205001')).toMatchObject({
        repliedAt: '2021-02-22 10:00:00', events: [{ on: '2022-01-20', kind: 'reply-changed', before: '2021-02-20 10:00:00', after: '2021-02-22 10:00:00' }],
      });
      // Each letter is stored once.
      expect(t.db.prepare('SELECT COUNT(*) FROM mailbox_letters').pluck().get()).toBe(11);
    } finally {
      t.cleanup();
      await local.close();
    }
  });

  it('loses nothing when a crawl stops half-way: the next night reads the whole list again', async () => {
    const site = mailboxSite(sampleLetters());
    const local = await serveSite({ routes: m1Routes(site) });
    const t = tempDb();
    const cfg = mailboxSchema.parse({ id: 'm1', name: '区长信箱', url: `${local.origin}/m1/list.jsp`, shape: 'M1', maxDetailFetches: 3 });
    try {
      site.failingPages.add(2);
      let s = await crawl(t.db, cfg, '2021-12-16');
      expect(s).toMatchObject({ status: 'partial', listPages: 2, lettersListed: 4, listComplete: false, detailsFetched: 3, detailsDeferred: 1 });
      expect(s.reason).toContain('信件列表第 2 页无法读取');

      site.failingPages.clear();
      s = await crawl(t.db, cfg, '2021-12-17');
      // Page 1 is unchanged, but the list was never read to its end, so every page is read.
      expect(s).toMatchObject({ listPages: 3, newLetters: 6, listComplete: true, detailsFetched: 3 });
      for (const night of ['2021-12-18', '2021-12-19', '2021-12-20']) await crawl(t.db, cfg, night);
      const letters = loadLetters(t.db);
      expect(letters).toHaveLength(10);
      expect(letters.every((l) => l.submittedAt !== null)).toBe(true);
    } finally {
      t.cleanup();
      await local.close();
    }
  });

  it('reports an unreachable mailbox without touching stored letters', async () => {
    const t = tempDb();
    const s = await crawl(t.db, mailboxSchema.parse({ id: 'gone', name: '信箱', url: `${server.origin}/nowhere/list.html`, shape: 'M8' }), '2021-12-20');
    expect(s.status).toBe('unreachable');
    expect(s.reason).toContain('信件列表第 1 页无法读取');
    expect(loadLetters(t.db)).toEqual([]);
    t.cleanup();
  });
});
