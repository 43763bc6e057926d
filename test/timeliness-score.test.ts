import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../src/calendar/work-calendar.js';
import { mailboxPartSchema, applicationsPartSchema } from '../src/scheme/timeliness-parts.js';
import { scoreMailbox, type LetterFact } from '../src/scoring/mailbox.js';
import { scoreApplications, type ApplicationFact } from '../src/scoring/applications.js';
import { attributeFacts } from '../src/scoring/timeliness-facts.js';
import { unitSchema } from '../src/config/schema.js';

const calendar = new WorkCalendar();
const part = mailboxPartSchema.parse({ max: 5 });
const period = { start: '2021-01-01', end: '2021-12-31' };

let nextId = 1;
function letter(code: string, submittedAt: string, repliedAt: string | null, extra: Partial<LetterFact> = {}): LetterFact {
  return {
    id: nextId++, mailboxId: 'mayor', key: code, code, title: `信件${code}`, url: null, handler: '区住建局', type: 'consultation',
    status: repliedAt ? 'answered' : 'waiting', submittedAt, repliedAt, hasReply: repliedAt !== null, satisfaction: null,
    firstSeen: submittedAt.slice(0, 10), events: [], ...extra,
  };
}

const letters = [
  letter('L1', '2021-02-05 16:20:00', '2021-02-20 10:00:00', { satisfaction: 'satisfied' }), // Feb 7, 8–10, 18–20: 7 → late
  letter('L2', '2021-02-10 09:00:00', '2021-02-18 15:30:00', { satisfaction: 'fairly-satisfied' }), // holiday, then Feb 18: 1
  letter('L3', '2021-02-13 11:00:00', '2021-02-19 09:00:00', { satisfaction: 'dissatisfied' }), // submitted on a holiday: 2
  letter('L4', '2021-09-30 08:30:00', '2021-10-09 17:00:00', { satisfaction: 'unrated' }), // Oct 8 and Saturday Oct 9: 2
  letter('L5', '2021-10-03 20:00:00', '2021-10-15 09:00:00', { type: 'suggestion', satisfaction: 'very-satisfied' }), // 7 → late
  letter('L6', '2021-11-08 09:10:00', '2021-11-08 16:45:00'), // same day: 0
  letter('L7', '2021-12-01 10:00:00', null), // unanswered, 3 working days by Dec 6: open
  letter('L8', '2021-08-02 10:00:00', null, { type: 'complaint' }), // unanswered since August
];

describe('mailbox score', () => {
  it('counts working days on the 2021 calendar: holidays, make-up days, holiday submissions, same-day replies', () => {
    const s = scoreMailbox({ letters, part, calendar, period, asOf: '2021-12-06' });
    const by = new Map(s.letters.map((l) => [l.id, l]));
    expect(by.get('L1')).toMatchObject({ submitted: '2021-02-05', replied: '2021-02-20', workdays: 7, limit: 5, onTime: false, status: 'late' });
    expect(by.get('L2')).toMatchObject({ workdays: 1, onTime: true, status: 'on-time' });
    expect(by.get('L3')).toMatchObject({ workdays: 2, onTime: true });
    expect(by.get('L4')).toMatchObject({ workdays: 2, onTime: true });
    expect(by.get('L5')).toMatchObject({ workdays: 7, onTime: false, type: 'suggestion' });
    expect(by.get('L6')).toMatchObject({ workdays: 0, onTime: true });
    expect(by.get('L7')).toMatchObject({ replied: null, workdays: 3, onTime: null, status: 'open', vetoed: false });
    expect(by.get('L8')).toMatchObject({ replied: null, onTime: false, status: 'overdue', vetoed: true });
    // L8 has been unanswered for more than 3 months: the mailbox part is 0.
    expect(s).toMatchObject({ score: 0, max: 5, vetoed: true, counted: 7, onTimeCount: 4 });
  });

  it('applies the 3-month veto only once the 3 months have passed, and to late replies too', () => {
    const before = scoreMailbox({ letters, part, calendar, period, asOf: '2021-11-02' });
    expect(before.letters.find((l) => l.id === 'L8')).toMatchObject({ status: 'overdue', vetoed: false });
    // L1–L5 and L8 judged (L6 and L7 not yet submitted); L2, L3, L4 on time.
    expect(before).toMatchObject({ vetoed: false, counted: 6, onTimeCount: 3, score: 2.5 });
    expect(scoreMailbox({ letters, part, calendar, period, asOf: '2021-11-03' }).score).toBe(0);

    const lateReply = [letter('R1', '2021-03-01 09:00:00', '2021-06-02 09:00:00')];
    expect(scoreMailbox({ letters: lateReply, part, calendar, period, asOf: '2021-12-31' })).toMatchObject({ score: 0, vetoed: true });
    const inTime = [letter('R2', '2021-03-01 09:00:00', '2021-06-01 09:00:00')];
    expect(scoreMailbox({ letters: inTime, part, calendar, period, asOf: '2021-12-31' })).toMatchObject({ score: 0, vetoed: false });

    const onlyConsultations = mailboxPartSchema.parse({ max: 5, vetoTypes: ['consultation'] });
    expect(scoreMailbox({ letters, part: onlyConsultations, calendar, period, asOf: '2021-12-06' })).toMatchObject({ vetoed: false, score: 2.86 });
  });

  it('uses per-type limits, gives full marks without letters, and computes the satisfaction rate', () => {
    const byType = mailboxPartSchema.parse({ max: 5, limitsByType: { suggestion: 7 } });
    const s = scoreMailbox({ letters: letters.slice(0, 6), part: byType, calendar, period, asOf: '2021-12-06' });
    expect(s.letters.find((l) => l.id === 'L5')).toMatchObject({ limit: 7, onTime: true });
    expect(s.letters.find((l) => l.id === 'L1')).toMatchObject({ limit: 5, onTime: false });
    expect(s).toMatchObject({ counted: 6, onTimeCount: 5, score: 4.17 });
    // Rated: satisfied, fairly satisfied, dissatisfied, very satisfied (unrated left out).
    expect(s.satisfaction).toEqual({ rated: 4, satisfied: 3, rate: 0.75 });
    expect(scoreMailbox({ letters: [], part, calendar, period, asOf: '2021-12-06' })).toMatchObject({ score: 5, counted: 0, satisfaction: { rate: null } });
    // Letters outside the period are not scored.
    expect(scoreMailbox({ letters: [letter('OLD', '2020-12-30 09:00:00', null)], part, calendar, period, asOf: '2021-12-06' }).letters).toEqual([]);
  });

  it('scores a past as-of date from the reply history', () => {
    const appeared = letter('H1', '2021-12-01 09:00:00', '2021-12-17 09:00:00', {
      events: [{ on: '2021-12-18', kind: 'reply-appeared', before: null, after: '2021-12-17 09:00:00' }],
    });
    const removed = letter('H2', '2021-09-30 09:00:00', null, {
      hasReply: false, status: 'waiting', events: [{ on: '2021-12-18', kind: 'reply-removed', before: '2021-10-09 17:00:00', after: null }],
    });
    const past = scoreMailbox({ letters: [appeared, removed], part, calendar, period, asOf: '2021-12-10' });
    expect(past.letters.map((l) => [l.id, l.status, l.replied])).toEqual([['H2', 'on-time', '2021-10-09'], ['H1', 'overdue', null]]);
    const now = scoreMailbox({ letters: [appeared, removed], part, calendar, period, asOf: '2021-12-20' });
    expect(now.letters.map((l) => [l.id, l.status, l.events.length])).toEqual([['H2', 'overdue', 1], ['H1', 'late', 1]]);
  });
});

describe('attribution', () => {
  it('matches names and aliases, splits multi-unit fields, and reports unmatched names with counts', () => {
    const units = [
      unitSchema.parse({ id: 'edu', name: '区教育局', type: 'department', aliases: ['雁江区教育局'] }),
      unitSchema.parse({ id: 'housing', name: '区住建局', type: 'department' }),
      unitSchema.parse({ id: 'transport', name: '区交通运输局', type: 'department' }),
    ];
    const facts = attributeFacts([
      letter('A1', '2021-03-01 09:00:00', null, { handler: '区教育局' }),
      letter('A2', '2021-03-01 09:00:00', null, { handler: '雁江区 教育局' }),
      letter('A3', '2021-03-01 09:00:00', null, { handler: '区住建局、区交通运输局' }),
      letter('A4', '2021-03-01 09:00:00', null, { handler: '某某片区管委会' }),
      letter('A5', '2021-03-02 09:00:00', null, { handler: '某某片区管委会' }),
      letter('A6', '2021-03-02 09:00:00', null, { handler: null }),
      letter('A7', '2020-03-02 09:00:00', null, { handler: '上年度的单位' }),
    ], [
      { code: 'YS1', unitName: '区教育局', received: '2021-03-01', correction: false, correctionNotice: null, correctionReceived: null, extended: false, replied: null },
      { code: 'YS2', unitName: '某某片区管委会', received: '2021-03-01', correction: false, correctionNotice: null, correctionReceived: null, extended: false, replied: null },
    ], units, period, '2021-12-31');
    expect(facts.lettersByUnit.get('edu')!.map((l) => l.code)).toEqual(['A1', 'A2']);
    expect(facts.lettersByUnit.get('housing')!.map((l) => l.code)).toEqual(['A3']);
    expect(facts.lettersByUnit.get('transport')!.map((l) => l.code)).toEqual(['A3']);
    expect(facts.casesByUnit.get('edu')!.map((c) => c.code)).toEqual(['YS1']);
    expect(facts.unmatched).toEqual([{ name: '某某片区管委会', letters: 2, cases: 1 }, { name: '', letters: 1, cases: 0 }]);
  });
});

const appPart = applicationsPartSchema.parse({ max: 5 });
function app(code: string, received: string, replied: string | null, extra: Partial<ApplicationFact> = {}): ApplicationFact {
  return { code, unitName: '区教育局', received, correction: false, correctionNotice: null, correctionReceived: null, extended: false, replied, ...extra };
}

describe('applications score', () => {
  it('judges 20 working days after receipt, 40 when extended, and restarts the clock after a correction', () => {
    const cases = [
      app('A-ontime', '2021-03-01', '2021-03-29'), // exactly 20 working days
      app('A-late', '2021-03-01', '2021-03-30'), // 21
      // Over the Mid-Autumn and National Day holidays with their make-up days: 38 working days.
      app('A-extended', '2021-09-01', '2021-10-29', { extended: true }),
      app('A-not-extended', '2021-09-01', '2021-10-29'),
      // The clock restarts when the corrected application arrives (May 10): 19 working days.
      app('A-correction', '2021-04-01', '2021-06-04', { correction: true, correctionNotice: '2021-04-06', correctionReceived: '2021-05-10' }),
      app('A-awaiting', '2021-11-01', null, { correction: true, correctionNotice: '2021-11-03' }),
      app('A-late-notice', '2021-04-01', '2021-05-20', { correction: true, correctionNotice: '2021-04-20', correctionReceived: '2021-05-06' }),
      app('A-open', '2021-12-01', null),
      app('A-overdue', '2021-10-08', null),
    ];
    const s = scoreApplications({ cases, part: appPart, calendar, period, asOf: '2021-12-10' });
    const by = new Map(s.cases.map((c) => [c.id, c]));
    expect(by.get('A-ontime')).toMatchObject({ workdays: 20, limit: 20, onTime: true, status: 'on-time' });
    expect(by.get('A-late')).toMatchObject({ workdays: 21, onTime: false, status: 'late' });
    expect(by.get('A-extended')).toMatchObject({ workdays: 38, limit: 40, onTime: true });
    expect(by.get('A-not-extended')).toMatchObject({ workdays: 38, limit: 20, onTime: false });
    expect(by.get('A-correction')).toMatchObject({ clockStart: '2021-05-10', workdays: 19, onTime: true, lateCorrectionNotice: false });
    expect(by.get('A-awaiting')).toMatchObject({ status: 'awaiting-correction', onTime: null });
    expect(by.get('A-late-notice')).toMatchObject({ lateCorrectionNotice: true, clockStart: '2021-05-06', onTime: true });
    expect(by.get('A-open')).toMatchObject({ status: 'open', workdays: 7, onTime: null });
    expect(by.get('A-overdue')).toMatchObject({ status: 'overdue', onTime: false });
    // Judged: ontime, late, extended, not-extended, correction, late-notice, overdue → 4 of 7 on time.
    expect(s).toMatchObject({ counted: 7, onTimeCount: 4, score: 2.86, max: 5 });
    expect(scoreApplications({ cases: [], part: appPart, calendar, period, asOf: '2021-12-10' })).toMatchObject({ score: 5, counted: 0 });
  });

  it('never counts a case late for an extension the register does not state', () => {
    const unknown = { extended: null };
    const cases = [
      app('U-within-20', '2021-03-01', '2021-03-29', unknown), // 20 working days: on time either way
      app('U-between', '2021-09-01', '2021-10-29', unknown), // 38: on time only if extended, which nobody knows
      app('U-past-40', '2021-03-01', '2021-05-06', unknown), // past 40: late either way
      app('U-open', '2021-11-01', null, unknown), // 27 so far: not overdue unless it was not extended
    ];
    const s = scoreApplications({ cases, part: appPart, calendar, period, asOf: '2021-12-10' });
    const by = new Map(s.cases.map((c) => [c.id, c]));
    expect(by.get('U-within-20')).toMatchObject({ workdays: 20, onTime: true, status: 'on-time' });
    expect(by.get('U-between')).toMatchObject({ workdays: 38, limit: 40, onTime: null, status: 'extension-unknown' });
    expect(by.get('U-past-40')).toMatchObject({ onTime: false, status: 'late' });
    expect(by.get('U-past-40')!.workdays).toBeGreaterThan(40);
    expect(by.get('U-open')).toMatchObject({ status: 'open', onTime: null });
    expect(s).toMatchObject({ counted: 2, onTimeCount: 1, score: 2.5 });
  });
});
