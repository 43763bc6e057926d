import { describe, expect, it } from 'vitest';
import { scorePlatform, type PlatformScoreInput } from '../src/scoring/platform.js';
import { columnFactsAsOf, firstSeen, lastSeen, seenDates, type ColumnFacts, type ObservationFact, type ItemFact } from '../src/scoring/platform-facts.js';
import { platformPartSchema } from '../src/scheme/schema.js';
import { unitSchema, type ColumnConfig } from '../src/config/schema.js';
import type { ListEnd } from '../src/audit/observation.js';
import { platformFindings } from '../reports/platform-findings.js';

const part = platformPartSchema.parse({ max: 20, requiredPostingDeduction: 2 });

function obs(on: string, status: ObservationFact['status'] = 'ok', extra: Partial<ObservationFact> = {}): ObservationFact {
  return { crawlDates: [on], seenFrom: 0, seenTo: 0, status, reason: null, finalUrl: null, shape: 'S1', newestDate: null, itemCount: 1, undatedCount: 0, futureCount: 0, evidence: 'h', findings: [], listEnd: 'not-read', listEndNote: null, failedLinks: [], ...extra };
}
function item(published: string | null, firstSeen: string, title = `信息${published}`): ItemFact {
  return { title, url: `http://x/${title}`, published, firstSeen, lastSeen: firstSeen, pinned: false };
}
function input(columns: Partial<ColumnConfig>[], facts: Record<string, ColumnFacts>, asOf: string, period = { start: '2026-01-01', end: '2026-12-31' }): PlatformScoreInput {
  const unit = unitSchema.parse({
    id: 'u', name: '单位', type: 'town',
    columns: columns.map((c, i) => ({ name: `c${i}`, url: `http://x/${i}/`, category: 'news', ...c })),
  });
  return { unit, part, period, asOf, facts: new Map(Object.entries(facts)), backdateToleranceDays: 30 };
}
const facts = (observations: ObservationFact[], items: ItemFact[]): ColumnFacts => ({ observations, items });

describe('platform score (20 points)', () => {
  it('counts a column compliant while the newest item is within the cadence, exactly at the limit included', () => {
    // news cadence 14 days; item on 01-01; period 01-01..01-15 checked on 01-15: days 01-01..01-15 are 15 days,
    // age 0..14 compliant (15 days) — exactly at the limit counts.
    const atLimit = scorePlatform(input([{}], { c0: facts([obs('2026-01-15')], [item('2026-01-01', '2026-01-15')]) }, '2026-01-15'));
    expect(atLimit.columns[0]).toMatchObject({ status: 'ok', checkedDays: 15, compliantDays: 15, daysOverdue: null });
    expect(atLimit.score).toBe(20);
    // One day later: age 15 > 14: stale by one day.
    const over = scorePlatform(input([{}], { c0: facts([obs('2026-01-16')], [item('2026-01-01', '2026-01-16')]) }, '2026-01-16'));
    expect(over.columns[0]).toMatchObject({ status: 'stale', daysOverdue: 1, checkedDays: 16, compliantDays: 15 });
    expect(over.score).toBe(18.75);
  });

  it('reconstructs days before the first crawl from publish dates and marks them', () => {
    const r = scorePlatform(input([{}], {
      c0: facts([obs('2026-03-01')], [item('2026-01-10', '2026-03-01'), item('2026-02-20', '2026-03-01')]),
    }, '2026-03-01'));
    const c = r.columns[0];
    // 01-01..01-09: before the oldest item read, unknown (9 days); 01-10..01-24 fresh (15);
    // 01-25..02-19 stale (26); 02-20..02-28 fresh (9) reconstructed, 03-01 observed fresh.
    expect(c.uncheckedDays).toBe(9);
    expect(c.reconstructedDays).toBe(50);
    expect(c.checkedDays).toBe(51);
    expect(c.compliantDays).toBe(25);
    expect(r.score).toBe(Math.round((20 * 25) / 51 * 100) / 100);
  });

  it('respects the period boundaries: nothing before start, nothing after end or as-of', () => {
    const f = { c0: facts([obs('2025-12-20'), obs('2027-01-05')], [item('2025-12-20', '2025-12-20')]) };
    const r = scorePlatform(input([{}], f, '2026-01-10'));
    // Period starts 01-01; the item of 12-20 keeps it fresh until 01-03 (age 14); as-of 01-10 → 10 days.
    expect(r.columns[0]).toMatchObject({ checkedDays: 10, compliantDays: 3, reconstructedDays: 0 });
    const end = scorePlatform(input([{}], f, '2027-02-01', { start: '2026-12-25', end: '2026-12-31' }));
    expect(end.columns[0].checkedDays).toBe(7);
    // The observation of 2027-01-05 is after the period but the score date is later: the column status uses it.
    expect(end.columns[0].status).toBe('stale');
  });

  it('never counts a site that could not be checked as stale', () => {
    const r = scorePlatform(input([{}, {}], {
      c0: facts([obs('2026-01-01', 'unreachable', { reason: '连接失败' }), obs('2026-01-05', 'blocked')], []),
      c1: facts([obs('2026-01-01'), obs('2026-01-03', 'unreachable')], [item('2025-12-30', '2026-01-01')]),
    }, '2026-01-20'));
    expect(r.columns[0]).toMatchObject({ status: 'blocked', checkedDays: 0, uncheckedDays: 20, pointsLost: 0 });
    // c1: fresh until 01-13 (checked, compliant) even while unreachable; 01-14.. unknown → not judged.
    expect(r.columns[1]).toMatchObject({ status: 'unreachable', checkedDays: 13, compliantDays: 13 });
    expect(r.score).toBe(20);
    const none = scorePlatform(input([{}], { c0: facts([obs('2026-01-01', 'unreachable')], []) }, '2026-01-05'));
    expect(none.score).toBeNull();
  });

  it('scores blank columns as not compliant and presence-only columns on presence', () => {
    const r = scorePlatform(input([{ category: 'notice' }, { category: 'static' }], {
      c0: facts([obs('2026-01-01', 'blank', { itemCount: 0 })], []),
      c1: facts([obs('2026-01-01', 'ok', { itemCount: 0 })], []),
    }, '2026-01-10'));
    expect(r.columns[0]).toMatchObject({ status: 'blank', compliantDays: 0, checkedDays: 10 });
    expect(r.columns[1]).toMatchObject({ status: 'ok', compliantDays: 10, cadenceDays: null });
    expect(r.score).toBe(10);
    expect(r.columns[0].pointsLost).toBe(10);
  });

  it('uses per-column cadence overrides and category weights', () => {
    const weighted = { ...part, weights: { news: 3 } };
    const i = input([{ cadenceDays: 5 }, { category: 'notice' }], {
      c0: facts([obs('2026-01-10')], [item('2026-01-01', '2026-01-10')]),
      c1: facts([obs('2026-01-10')], [item('2026-01-01', '2026-01-10')]),
    }, '2026-01-10');
    const r = scorePlatform({ ...i, part: weighted });
    expect(r.columns[0]).toMatchObject({ cadenceDays: 5, compliantDays: 6, daysOverdue: 4 });
    expect(r.score).toBe(Math.round(20 * (3 * 6 + 10) / (3 * 10 + 10) * 100) / 100);
  });

  it('ignores future-dated items for freshness and flags late-appearing items as possibly backdated', () => {
    const r = scorePlatform(input([{}], {
      c0: facts([obs('2026-02-01', 'ok', { futureCount: 1 }), obs('2026-05-01')], [
        { ...item('2026-09-09', '2026-02-01', '未来'), lastSeen: '2026-05-01' },
        item('2026-01-25', '2026-02-01'),
        item('2026-04-25', '2026-05-01', '补发'), // first seen 6 days after its date: fine
        item('2026-03-01', '2026-05-01', '倒填'), // first seen 61 days later: backdated
      ]),
    }, '2026-05-01'));
    const c = r.columns[0];
    expect(c.newestDate).toBe('2026-04-25');
    expect(c.futureItems).toEqual([{ title: '未来', date: '2026-09-09' }]);
    expect(c.backdatedItems).toEqual([{ title: '倒填', published: '2026-03-01', firstSeen: '2026-05-01' }]);
    // Fresh 01-25..02-08 (15 days) and 04-25..05-01 (7); the backdated item does not make 03-01..03-15
    // compliant after the fact.
    expect(c.compliantDays).toBe(15 + 7);
    expect(c.checkedDays).toBe(121 - 24); // 01-01..01-24 precede the oldest item read: unknown
  });

  it('checks required postings: on time, late, missing and unchecked', () => {
    const required = [{ label: '上年度年报', title: '{prevYear}年.*年度报告', due: '01-31' }];
    const onTime = scorePlatform(input([{ category: 'annual-report', required }], {
      c0: facts([obs('2026-03-01')], [item('2026-01-20', '2026-03-01', '2025年政府信息公开工作年度报告')]),
    }, '2026-03-01'));
    expect(onTime.requiredPostings).toEqual([expect.objectContaining({ status: 'on-time', due: '2026-01-31', deduction: 0 })]);
    const late = scorePlatform(input([{ category: 'annual-report', required }], {
      c0: facts([obs('2026-03-01')], [item('2026-02-10', '2026-03-01', '2025年政府信息公开工作年度报告'), item('2025-01-20', '2026-03-01', '2024年政府信息公开工作年度报告')]),
    }, '2026-03-01'));
    expect(late.requiredPostings[0]).toMatchObject({ status: 'late', postedOn: '2026-02-10', deduction: 2 });
    expect(late.deductions).toBe(2);
    const missing = scorePlatform(input([{ category: 'annual-report', required }], {
      c0: facts([obs('2026-03-01')], [item('2025-01-20', '2026-03-01', '2024年政府信息公开工作年度报告')]),
    }, '2026-03-01'));
    expect(missing.requiredPostings[0].status).toBe('missing');
    const notDue = scorePlatform(input([{ category: 'annual-report', required }], { c0: facts([obs('2026-01-10')], []) }, '2026-01-10'));
    expect(notDue.requiredPostings).toEqual([]);
    expect(notDue.upcomingPostings).toEqual([expect.objectContaining({ label: '上年度年报', due: '2026-01-31', postedOn: null, title: null, deduction: 2 })]);
    const early = scorePlatform(input([{ category: 'annual-report', required }], {
      c0: facts([obs('2026-01-10')], [item('2026-01-08', '2026-01-10', '2025年政府信息公开工作年度报告')]),
    }, '2026-01-10'));
    expect(early.upcomingPostings).toEqual([expect.objectContaining({ due: '2026-01-31', postedOn: '2026-01-08', title: '2025年政府信息公开工作年度报告' })]);
    expect(onTime.upcomingPostings).toEqual([]);
    const unchecked = scorePlatform(input([{ category: 'annual-report', required }], { c0: facts([obs('2026-03-01', 'unreachable')], []) }, '2026-03-01'));
    expect(unchecked.requiredPostings[0]).toMatchObject({ status: 'unchecked', deduction: 0 });
  });

  it('floors the score at zero after deductions', () => {
    const required = [{ label: 'A', title: 'A', due: '2026-01-02' }, { label: 'B', title: 'B', due: '2026-01-03' }];
    const r = scorePlatform({ ...input([{ required }], { c0: facts([obs('2026-01-05', 'blank')], []) }, '2026-01-05'), part: { ...part, requiredPostingDeduction: 15 } });
    expect(r.deductions).toBe(30);
    expect(r.score).toBe(0);
  });

  describe('days before the oldest dated item (the worked example in the README)', () => {
    // One news column (cadence 14 days), period 2026-01-01..12-31, scored as of 09-30.
    // Crawled on 09-01 (A of 08-03 and B of 08-20 listed) and 09-15 (C of 09-10 appears).
    // 01-01..08-02 (214 days): before the oldest item A.
    // 08-03..08-31 (29 days, before the first crawl, reconstructed): A fresh 08-03..08-17 (15), stale 08-18..08-19 (2),
    //   B fresh 08-20..08-31 (12): 27 compliant.
    // 09-01..09-30 (30 days, crawled): B fresh to 09-03 (3), stale 09-04..09-09 (6), C fresh 09-10..09-24 (15),
    //   stale 09-25..09-30 (6): 18 compliant.
    const items = [item('2026-08-03', '2026-09-01', 'A'), item('2026-08-20', '2026-09-01', 'B'), item('2026-09-10', '2026-09-15', 'C')];
    const crawled = (first: ListEnd, second: ListEnd, extra: Partial<ObservationFact> = {}) =>
      facts([obs('2026-09-01', 'ok', { listEnd: first, ...extra }), obs('2026-09-15', 'ok', { listEnd: second, ...extra })], items);
    const score = (f: ColumnFacts, asOf = '2026-09-30', category: ColumnConfig['category'] = 'news') =>
      scorePlatform(input([{ category }], { c0: f }, asOf));

    it.each<ListEnd>(['end', 'horizon'])('a list read to its end (%s): the 214 days before the oldest item count, not compliant', (end) => {
      const r = score(crawled(end, end));
      // checked 214 + 29 + 30 = 273, compliant 27 + 18 = 45, reconstructed 214 + 29 = 243.
      expect(r.columns[0]).toMatchObject({ checkedDays: 273, compliantDays: 45, reconstructedDays: 243, uncheckedDays: 0, listEnd: end, pointsLost: 16.7 });
      expect(r.score).toBe(3.3); // 20 × 45 / 273 = 3.297
      expect(r.columns[0].earlyDays).toMatchObject({ before: '2026-08-03', from: '2026-01-01', to: '2026-08-02', days: 214, judged: 'not-compliant', listEnd: end });
    });

    it.each<[ListEnd, ColumnConfig['category'], string | null, string]>([
      ['page-cap', 'news', '已读 20 页，达到上限', '栏目列表未读完（已读 20 页，达到上限）'],
      ['page-failed', 'news', null, '栏目列表未读完（后续页面无法读取）'],
      ['latest-only', 'homepage', null, '栏目列表未读完（首页板块只显示最新的若干条）'],
      ['not-read', 'news', null, '栏目列表未读完（未读取列表）'],
    ])('a list cut short (%s): the 214 days are unknown and cost nothing', (end, category, note, says) => {
      const r = score(crawled(end, end, { listEndNote: note }), '2026-09-30', category);
      // checked 29 + 30 = 59, compliant 45, reconstructed 29, unknown 214.
      expect(r.columns[0]).toMatchObject({ checkedDays: 59, compliantDays: 45, reconstructedDays: 29, uncheckedDays: 214, listEnd: end });
      expect(r.score).toBe(15.25); // 20 × 45 / 59 = 15.254
      expect(r.columns[0].earlyDays).toMatchObject({ days: 214, judged: 'unknown', listEnd: end });
      expect(r.columns[0].earlyDays!.note).toBe(`${says}，最早读到的信息发布于 2026-08-03，此前 2026-01-01 至 2026-08-02 共 214 天无法判断，不扣分`);
    });

    it('counts the early days once a crawl up to the as-of date read to the end, not before', () => {
      const f = crawled('page-cap', 'end');
      // As of 09-14 only the capped crawl of 09-01 is known (C, first seen 09-15, is not): 214 unknown;
      // 29 reconstructed (27 compliant); 09-01..09-14 crawled, fresh to 09-03 (3 of 14).
      expect(score(f, '2026-09-14').columns[0]).toMatchObject({ checkedDays: 43, compliantDays: 30, uncheckedDays: 214, listEnd: 'page-cap' });
      // As of 09-15 the list was read to its end: all 258 days checked; compliant 27 + 3 + 09-10..09-15 (6).
      const later = score(f, '2026-09-15').columns[0];
      expect(later).toMatchObject({ checkedDays: 258, compliantDays: 36, reconstructedDays: 243, uncheckedDays: 0, listEnd: 'end' });
      expect(later.earlyDays!.note).toBe('栏目列表已读到最后一页（2026-09-15 检查），最早一条带日期的信息发布于 2026-08-03，此前 2026-01-01 至 2026-08-02 共 214 天栏目中没有信息，计为未更新');
    });

    it('takes "read to the end" only from a crawl that could check the column', () => {
      const f = facts([obs('2026-09-01', 'ok', { listEnd: 'page-cap' }), obs('2026-09-15', 'blocked', { listEnd: 'end' })], items.slice(0, 2));
      // Unknown: the 214 early days, and 09-15..09-30 (16) while blocked with nothing fresh known.
      expect(score(f).columns[0]).toMatchObject({ uncheckedDays: 214 + 16, earlyDays: { judged: 'unknown', listEnd: 'page-cap' } });
    });

    it('says per unit, in one note, which columns were read to the end and which were cut short', () => {
      const r = scorePlatform(input([{ name: '工作动态' }, { name: '首页', category: 'homepage' }, { name: '通知公告', category: 'notice' }], {
        工作动态: crawled('end', 'end'),
        首页: crawled('latest-only', 'latest-only'),
        通知公告: facts([obs('2026-01-01', 'ok', { listEnd: 'end' })], [item('2025-12-20', '2026-01-01')]),
      }, '2026-09-30'));
      const notes = platformFindings(r).filter((l) => l.severity === 'note' && l.column === '');
      expect(notes).toHaveLength(1);
      expect(notes[0].text).toBe('2 个栏目首次检查前的日子（最多 243 天）按信息发布日期推算；'
        + '列表已读到最后一页，最早一条信息之前的日子计为未更新：「工作动态」（2026-08-03 之前 214 天）；'
        + '列表未读完，最早读到的信息之前的日子无法判断、不扣分：「首页」（首页板块只显示最新的若干条；2026-08-03 之前 214 天）');
      const lost = platformFindings(r).find((l) => l.column === '工作动态' && l.severity === 'lost')!;
      expect(lost.text).toContain('其中 2026-08-03 之前 214 天栏目中没有信息（列表已读到最后一页）');
    });
  });
});

describe('observation crawl dates', () => {
  it('views a shared array of dates, cut at an earlier as-of date without touching the facts', () => {
    const dates = ['2026-03-01', '2026-03-02', '2026-03-02', '2026-03-04', '2026-03-06'];
    const first = obs('2026-03-01', 'ok', { crawlDates: dates, seenFrom: 0, seenTo: 1 });
    const second = obs('2026-03-02', 'blank', { crawlDates: dates, seenFrom: 2, seenTo: 4 });
    const all = facts([first, second], []);
    expect([firstSeen(second), lastSeen(second), seenDates(second)]).toEqual(['2026-03-02', '2026-03-06', ['2026-03-02', '2026-03-04', '2026-03-06']]);
    expect(columnFactsAsOf(all, '2026-03-06')).toBe(all);
    expect(columnFactsAsOf(all, '2026-03-05').observations.map(seenDates)).toEqual([['2026-03-01', '2026-03-02'], ['2026-03-02', '2026-03-04']]);
    expect(columnFactsAsOf(all, '2026-03-01').observations.map(seenDates)).toEqual([['2026-03-01']]);
    expect(all.observations.map(seenDates)).toEqual([['2026-03-01', '2026-03-02'], ['2026-03-02', '2026-03-04', '2026-03-06']]);
  });
});
