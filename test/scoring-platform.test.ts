import { describe, expect, it } from 'vitest';
import { scorePlatform, type PlatformScoreInput } from '../src/scoring/platform.js';
import type { ColumnFacts, ObservationFact, ItemFact } from '../src/scoring/platform-facts.js';
import { platformPartSchema } from '../src/scheme/schema.js';
import { unitSchema, type ColumnConfig } from '../src/config/schema.js';

const part = platformPartSchema.parse({ max: 20, requiredPostingDeduction: 2 });

function obs(on: string, status: ObservationFact['status'] = 'ok', extra: Partial<ObservationFact> = {}): ObservationFact {
  return { seenOn: [on], status, reason: null, finalUrl: null, shape: 'S1', newestDate: null, itemCount: 1, undatedCount: 0, futureCount: 0, evidence: 'h', findings: [], listEnd: 'not-read', listEndNote: null, failedLinks: [], ...extra };
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
    const unchecked = scorePlatform(input([{ category: 'annual-report', required }], { c0: facts([obs('2026-03-01', 'unreachable')], []) }, '2026-03-01'));
    expect(unchecked.requiredPostings[0]).toMatchObject({ status: 'unchecked', deduction: 0 });
  });

  it('floors the score at zero after deductions', () => {
    const required = [{ label: 'A', title: 'A', due: '2026-01-02' }, { label: 'B', title: 'B', due: '2026-01-03' }];
    const r = scorePlatform({ ...input([{ required }], { c0: facts([obs('2026-01-05', 'blank')], []) }, '2026-01-05'), part: { ...part, requiredPostingDeduction: 15 } });
    expect(r.deductions).toBe(30);
    expect(r.score).toBe(0);
  });
});
