import { describe, expect, it } from 'vitest';
import { availabilityVerdict, contentVerdict, unansweredLetters, type LetterForVeto } from '../src/scoring/national-checks.js';

const RULE = { perDay: 24, windowDays: 7, thresholdPercent: 5 };
const letter = (id: string, submitted: string | null, replied: string | null, status: string | null = null): LetterForVeto =>
  ({ id, title: `来信${id}`, url: `http://mailbox.example/${id}`, submitted, replied, status });

describe('站点无法访问', () => {
  it('is a veto at 5 % exactly, not below, and cannot be judged under one day of probes', () => {
    expect(availabilityVerdict({ probes: 160, failed: 8, days: 7 }, RULE).status).toBe('veto');
    expect(availabilityVerdict({ probes: 161, failed: 8, days: 7 }, RULE).status).toBe('ok');
    expect(availabilityVerdict({ probes: 23, failed: 23, days: 1 }, RULE)).toMatchObject({ status: 'unknown', failedPercent: 100 });
    expect(availabilityVerdict({ probes: 0, failed: 0, days: 0 }, RULE)).toMatchObject({ status: 'unknown', failedPercent: null });
    expect(availabilityVerdict({ probes: 100, failed: 10, days: 5 }, { ...RULE, thresholdPercent: 12 }).status).toBe('ok');
  });
});

describe('互动回应差', () => {
  const asOf = '2026-11-23';
  it('flags letters of the past year unanswered for more than three months, with each letter as evidence', () => {
    const v = unansweredLetters([
      letter('open-late', '2026-08-22', null),
      letter('open-in-time', '2026-08-23', null),
      letter('answered-late', '2026-03-01', '2026-06-02'),
      letter('answered-in-time', '2026-03-01', '2026-06-01'),
      letter('too-old', '2025-11-22', null),
      letter('no-date', null, null),
      letter('reply-date-unknown', '2026-01-05', null, 'no-reply-date'),
    ], asOf);
    expect(v.status).toBe('veto');
    expect(v.letters.map((l) => [l.id, l.deadline, l.url])).toEqual([
      ['open-late', '2026-11-22', 'http://mailbox.example/open-late'],
      ['answered-late', '2026-06-01', 'http://mailbox.example/answered-late'],
    ]);
    expect(v.detail).toContain('「来信open-late」（2026-08-22 提交）至今未回复');
    expect(v.detail).toContain('「来信answered-late」（2026-03-01 提交）2026-06-02 才回复');
    expect(unansweredLetters([letter('a', '2026-08-23', null)], asOf)).toMatchObject({ status: 'ok', letters: [] });
  });

  it('counts month ends as calendar months (30 November + 3 months = 28 February)', () => {
    expect(unansweredLetters([letter('a', '2025-11-30', null)], '2026-02-28').status).toBe('ok');
    expect(unansweredLetters([letter('a', '2025-11-30', null)], '2026-03-01').status).toBe('veto');
  });
});

describe('严重表述错误', () => {
  it('makes any open serious finding a veto candidate and counts the rest as deductions per category', () => {
    const f = (id: number, category: string, severity: 'serious' | 'deduction') => ({ id, category, severity, matched: `m${id}`, expected: `e${id}`, sentence: 's', pageUrl: 'http://x/' });
    const v = contentVerdict([f(1, 'leader-name', 'serious'), f(2, 'phrase', 'deduction'), f(3, 'phrase', 'deduction'), f(4, 'mobile', 'deduction')]);
    expect(v.serious).toBe('veto');
    expect(v.deductions).toEqual([{ category: 'phrase', count: 2 }, { category: 'mobile', count: 1 }]);
    expect(v.detail).toContain('「m1」应为「e1」');
    expect(contentVerdict([f(2, 'phrase', 'deduction')]).serious).toBe('ok');
  });
});
