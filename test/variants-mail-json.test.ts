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
import { expectedUnits, jsonRoutes, VARIANT_UNITS, variantLetters, type JsonVariant } from './variants-mail-fixture.js';

/**
 * JSON letter lists (M4) in the envelopes real back ends answer with, 57 letters each. The config asks
 * for 20 a page (the default); some servers answer with their own fixed size instead.
 */

const TODAY = '2026-11-28';
const PERIOD = { start: '2026-01-01', end: '2026-12-31' };
const UNITS = VARIANT_UNITS.map((u) => unitSchema.parse(u));

const variant = (envelope: JsonVariant['envelope'], perPage: number, honoursSize: boolean): JsonVariant => ({
  letters: variantLetters(57, '2026-11-20'), perPage, honoursSize, envelope, log: [],
});
const VARIANTS: Record<string, { site: JsonVariant; pages: number; stated?: number }> = {
  '{"total":57,"pageSize":10}, the size fixed by the server': { site: variant('total-pagesize', 10, false), pages: 6, stated: 57 },
  '{"total":57,"pageSize":20}, the size asked for': { site: variant('total-pagesize', 10, true), pages: 3, stated: 57 },
  '{"data":{"list":[…],"pages":6}} without a total': { site: variant('data-pages', 10, false), pages: 6 },
  'MyBatis-Plus page {"data":{"records":[…],"total":57,"size":10,"pages":6}}': { site: variant('ipage', 10, false), pages: 6, stated: 57 },
  '{"rows":[…],"total":57}, the size asked for': { site: variant('rows-total', 10, true), pages: 3, stated: 57 },
  '{"rows":[…],"total":57}, the size fixed by the server': { site: variant('rows-total', 10, false), pages: 6, stated: 57 },
};
const prefixOf = (name: string) => `/j${Object.keys(VARIANTS).indexOf(name)}`;

let server: SiteServer;
beforeAll(async () => {
  server = await serveSite({ routes: Object.fromEntries(Object.entries(VARIANTS).flatMap(([name, v]) => Object.entries(jsonRoutes(v.site, prefixOf(name))))) });
});
afterAll(async () => { await server.close(); });

describe('JSON mailboxes read to their last page', () => {
  it.each(Object.keys(VARIANTS))('%s', async (name) => {
    const v = VARIANTS[name];
    const t = tempDb();
    const clock = new SettableClock(`${TODAY}T18:00:00Z`);
    const fetcher = makeFetcher(t.db, {}, clock);
    try {
      const base = `${server.origin}${prefixOf(name)}`;
      const config = mailboxSchema.parse({ id: 'letters', name: '网上信访', shape: 'M4', url: `${base}/api/list`, detailUrl: `${base}/detail.html?id={id}` });
      const s = await crawlMailbox(config, { fetcher, db: t.db, clock, today: TODAY, runId: null });
      expect(s).toMatchObject({ status: 'ok', reason: null, listComplete: true, listPages: v.pages, lettersListed: 57, newLetters: 57, detailsFetched: 57 });
      expect(s.statedTotal).toBe(v.stated ?? null);

      const stored = loadLetters(t.db);
      expect(stored.map((l) => [l.title, l.submittedAt, l.repliedAt]).sort()).toEqual(
        v.site.letters.map((l) => [l.title, l.submitted, l.reply ? `${l.reply.at.slice(0, 10)}` : null]).sort());
      const facts = attributeFacts(stored, [], UNITS, PERIOD, TODAY);
      expect(facts.unmatched).toEqual([]);
      for (const unit of UNITS) {
        expect((facts.lettersByUnit.get(unit.id) ?? []).map((l) => l.title).sort())
          .toEqual(v.site.letters.filter((l) => expectedUnits(l).includes(unit.id)).map((l) => l.title).sort());
      }
      // The oldest letter comes only with the last page; unanswered for months, it vetoes its unit.
      const oldest = v.site.letters[56];
      const owner = expectedUnits(oldest)[0];
      const score = scoreMailbox({ letters: facts.lettersByUnit.get(owner)!, part: mailboxPartSchema.parse({ max: 5 }), calendar: new WorkCalendar(), period: PERIOD, asOf: TODAY });
      expect(score.vetoed).toBe(true);
    } finally {
      fetcher.close();
      t.cleanup();
    }
  });
});
