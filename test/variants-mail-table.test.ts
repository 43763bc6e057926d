import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { mailboxSchema } from '../src/config/mailbox-schema.js';
import { unitSchema } from '../src/config/schema.js';
import { crawlMailbox } from '../src/mailbox/crawl-mailbox.js';
import { WorkCalendar } from '../src/calendar/work-calendar.js';
import { mailboxPartSchema } from '../src/scheme/timeliness-parts.js';
import { scoreMailbox } from '../src/scoring/mailbox.js';
import { attributeFacts } from '../src/scoring/timeliness-facts.js';
import { loadLetters } from '../src/store/district-facts.js';
import { SettableClock } from '../src/time/clock.js';
import { makeFetcher, tempDb } from './helpers.js';
import {
  expectedUnits, tableRoutes, VARIANT_UNITS, variantLetters, type TableVariant, type VariantLetter, type VariantPager,
} from './variants-mail-fixture.js';

/** Table mailboxes (M8 with dates, M1 without) as real district sites page them: 57 letters each. */

const TODAY = '2026-11-28';
const PERIOD = { start: '2026-01-01', end: '2026-12-31' };
const UNITS = VARIANT_UNITS.map((u) => unitSchema.parse(u));

/** `共 57 条记录  第 1/6 页  首页 上一页 下一页 末页`, the links only calling `goPage(n)`, plus `var totalPage`. */
const goPagePager: VariantPager = (n, pages, total) => {
  const go = (k: number, word: string) => `<a href="javascript:goPage(${k})">${word}</a>`;
  return `共 ${total} 条记录&nbsp;&nbsp;第 ${n}/${pages} 页&nbsp;&nbsp;${go(1, '首页')} ${n > 1 ? go(n - 1, '上一页') : '上一页'} `
    + `${n < pages ? go(n + 1, '下一页') : '下一页'} ${go(pages, '末页')}`
    + `<script>var totalPage = ${pages}; function goPage(p) { location.href = 'list.jsp?pageNo=' + p; }</script>`;
};
/** Only script variables and numbered `onclick` links in a window of five; no words with counts. */
const windowPager: VariantPager = (n, pages, _total, href) => {
  const from = Math.max(1, n - 2);
  const nums = Array.from({ length: Math.min(5, pages - from + 1) }, (_, i) => from + i)
    .map((k) => (k === n ? `<span class="current">${k}</span>` : `<a href="#" onclick="window.location.href='${href(k)}';return false;">${k}</a>`));
  return `<script>var pageSize = 10; var currentPage = ${n}; var pageCount = ${pages};</script>${nums.join(' ')}`;
};
/** `共 57 条` and a page-size selector whose options read `10条/页`, `20条/页`, `50条/页` (20 selected). */
const sizeSelectPager: VariantPager = (n, pages, total, href) =>
  `<span>共 ${total} 条</span> <select id="pageSize" onchange="changeSize(this.value)"><option value="10">10条/页</option>`
  + '<option value="20" selected="selected">20条/页</option><option value="50">50条/页</option></select> '
  + `${n > 1 ? `<a href="${href(n - 1)}">上一页</a>` : ''} <span class="cur">${n}</span> ${n < pages ? `<a href="${href(n + 1)}">下一页</a>` : ''} 跳转至<input type="text" size="2">页`;
/** Record offsets (`?start=30`): numbered links, 下一页 and 尾页, `共57条 第1/6页`. */
const offsetPager: VariantPager = (n, pages, total, href) => {
  const nums = Array.from({ length: pages }, (_, i) => i + 1).map((k) => (k === n ? `<b>${k}</b>` : `<a href="${href(k)}">${k}</a>`));
  return `共${total}条 第${n}/${pages}页 ${nums.join(' ')} ${n < pages ? `<a href="${href(n + 1)}">下一页</a>` : ''} <a href="${href(pages)}">尾页</a>`;
};
/** `共57条 共6页` and a 下一页 link. */
const plainPager: VariantPager = (n, pages, total, href) => `共${total}条 共${pages}页 ${n < pages ? `<a href="${href(n + 1)}">下一页</a>` : ''}`;

/** Pager links that carry a parameter the configured address lacks (`list.jsp?page=2&orgId=12`). */
const extraParamPager: VariantPager = (n, pages, total, href) => plainPager(n, pages, total, (k) => `${href(k)}&orgId=12`);

const variant = (pager: VariantPager, extra: Partial<TableVariant> = {}): TableVariant => ({
  letters: variantLetters(57, '2026-11-20'), perPage: 10, address: 'page', pager, columns: 'M8-full', log: [], ...extra,
});
const VARIANTS: Record<string, { site: TableVariant; config?: Record<string, unknown>; pages: number; stated?: number }> = {
  'goPage links with totalPage (M8)': { site: variant(goPagePager, { address: 'pageNo' }), config: { pageParam: 'pageNo' }, pages: 6, stated: 57 },
  'numbered onclick window, pageCount variable (M1)': { site: variant(windowPager, { columns: 'M1' }), pages: 6 },
  'page-size selector, 20 a page (M8)': { site: variant(sizeSelectPager, { perPage: 20, sizeParam: 'pageSize' }), pages: 3, stated: 57 },
  'record offsets ?start=N (M8)': { site: variant(offsetPager, { address: 'start' }), pages: 6, stated: 57 },
  'record offsets in a window of onclick links, no 下一页 (M1)': { site: variant(windowPager, { columns: 'M1', address: 'start' }), pages: 6 },
  'links with an extra parameter the config lacks (M8)': { site: variant(extraParamPager), pages: 6, stated: 57 },
  'GBK, charset only in <meta> (M1)': { site: variant(offsetPager, { columns: 'M1', charset: 'gbk' }), pages: 6, stated: 57 },
};

let server: SiteServer;
beforeAll(async () => {
  const routes = Object.values(VARIANTS).flatMap((v, i) => Object.entries(tableRoutes(v.site, `/v${i}`)));
  server = await serveSite({ routes: Object.fromEntries(routes) });
});
afterAll(async () => { await server.close(); });

/** What the office concludes from the stored letters: each attributed to its units, the oldest vetoing its unit. */
function expectOfficeConclusions(db: ReturnType<typeof tempDb>['db'], letters: VariantLetter[], asOf: string): void {
  const stored = loadLetters(db);
  expect(stored.map((l) => [l.code, l.submittedAt, l.repliedAt]).sort()).toEqual(
    letters.map((l) => [l.code, l.submitted, l.reply?.at ?? null]).sort());
  const facts = attributeFacts(stored, [], UNITS, PERIOD, asOf);
  expect(facts.unmatched).toEqual([]);
  for (const unit of UNITS) {
    const mine = facts.lettersByUnit.get(unit.id) ?? [];
    expect(mine.map((l) => l.code).sort()).toEqual(letters.filter((l) => expectedUnits(l).includes(unit.id)).map((l) => l.code).sort());
  }
  // The oldest letter, on the last page only, has waited more than three months: its unit is vetoed.
  const oldest = letters[letters.length - 1];
  const [owner] = expectedUnits(oldest);
  const score = scoreMailbox({ letters: facts.lettersByUnit.get(owner)!, part: mailboxPartSchema.parse({ max: 5 }), calendar: new WorkCalendar(), period: PERIOD, asOf });
  expect(score.vetoed).toBe(true);
  expect(score.letters.filter((l) => l.vetoed).map((l) => l.id)).toContain(oldest.code);
}

describe('table mailboxes read to their last page', () => {
  it.each(Object.keys(VARIANTS))('%s', async (name) => {
    const v = VARIANTS[name];
    const prefix = `/v${Object.keys(VARIANTS).indexOf(name)}`;
    const t = tempDb();
    const clock = new SettableClock(`${TODAY}T18:00:00Z`);
    const fetcher = makeFetcher(t.db, {}, clock);
    try {
      const shape = v.site.columns === 'M1' ? 'M1' : 'M8';
      const config = mailboxSchema.parse({ id: 'mayor', name: '区长信箱', url: `${server.origin}${prefix}/list.jsp`, shape, ...v.config });
      const s = await crawlMailbox(config, { fetcher, db: t.db, clock, today: TODAY, runId: null });
      expect(s).toMatchObject({ status: 'ok', reason: null, listComplete: true, listPages: v.pages, lettersListed: 57, newLetters: 57, detailsFetched: 57 });
      if (v.stated !== undefined) expect(s.statedTotal).toBe(v.stated);
      expectOfficeConclusions(t.db, v.site.letters, TODAY);
    } finally {
      fetcher.close();
      t.cleanup();
    }
  });
});

describe('month-day dates (`11-20 10:31`) across New Year', () => {
  it('gives every letter its year by the list order, and the oldest one on page 6 still vetoes its unit', async () => {
    const today = '2027-01-10';
    const site = variant(plainPager, { columns: 'M8-monthday', letters: variantLetters(57, '2027-01-08') });
    // The letter pages state no submission time: the list's month-day and the order are all there is.
    const routes = tableRoutes(site, '/ny');
    const detail = routes['/ny/show.jsp'];
    routes['/ny/show.jsp'] = (req, res, body) => {
      const end = res.end.bind(res);
      res.end = ((chunk: string) => end(chunk.replace(/<tr><th>写信时间<\/th><td>[^<]*<\/td><\/tr>/, ''))) as typeof res.end;
      return detail(req, res, body);
    };
    const local = await serveSite({ routes });
    const t = tempDb();
    const clock = new SettableClock(`${today}T02:00:00Z`);
    const fetcher = makeFetcher(t.db, {}, clock);
    try {
      const config = mailboxSchema.parse({ id: 'board', name: '留言板', url: `${local.origin}/ny/list.jsp`, shape: 'M8' });
      const s = await crawlMailbox(config, { fetcher, db: t.db, clock, today, runId: null });
      expect(s).toMatchObject({ status: 'ok', listComplete: true, listPages: 6, lettersListed: 57, statedTotal: 57 });
      // Shown to the minute: the seconds the site keeps are not on the list.
      const shown = site.letters.map((l) => ({ ...l, submitted: `${l.submitted.slice(0, 16)}:00` }));
      const sources = t.db.prepare('SELECT DISTINCT submitted_source AS s FROM mailbox_letters').pluck().all();
      expect(sources).toEqual(['order']);
      expectOfficeConclusions(t.db, shown, today);
      expect(shown.some((l) => l.submitted.startsWith('2026-12')) && shown.some((l) => l.submitted.startsWith('2027-01'))).toBe(true);
    } finally {
      fetcher.close();
      t.cleanup();
      await local.close();
    }
  });
});
