import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { WorkCalendar } from '../src/calendar/work-calendar.js';
import { loadConfig } from '../src/config/load.js';
import { ConfigError } from '../src/config/errors.js';
import { calendarCoverageProblems } from '../src/config/timeliness-check.js';

const ROOT = resolve(import.meta.dirname, '..');
const run = promisify(execFile);

describe('working-day calendar', () => {
  const cal = new WorkCalendar();

  it('follows the 2021 Spring Festival and National Day arrangements with their make-up days', () => {
    expect(cal.isWorkday('2021-02-07')).toBe(true); // Sunday, make-up day
    expect(cal.isWorkday('2021-02-20')).toBe(true); // Saturday, make-up day
    expect(cal.isWorkday('2021-02-21')).toBe(false); // plain Sunday
    for (const d of ['2021-02-11', '2021-02-12', '2021-02-15', '2021-02-17']) expect(cal.isWorkday(d)).toBe(false);
    expect(cal.isWorkday('2021-02-18')).toBe(true);
    expect(cal.isWorkday('2021-09-26')).toBe(true); // Sunday before National Day
    for (let d = 1; d <= 7; d++) expect(cal.isWorkday(`2021-10-0${d}`)).toBe(false);
    expect(cal.isWorkday('2021-10-09')).toBe(true); // Saturday, make-up day
    expect(cal.isWorkday('2021-10-10')).toBe(false);
  });

  it('counts working days after the submission day; a same-day answer is 0', () => {
    expect(cal.workdaysBetween('2021-03-01', '2021-03-01')).toBe(0);
    expect(cal.workdaysBetween('2021-03-01', '2021-03-02')).toBe(1);
    expect(cal.workdaysBetween('2021-03-05', '2021-03-08')).toBe(1); // Friday → Monday
    expect(cal.workdaysBetween('2021-03-08', '2021-03-05')).toBe(0);
    // Feb 7 (Sun, worked), Feb 8–10, then the holiday, Feb 18, 19 and Saturday Feb 20.
    expect(cal.workdaysBetween('2021-02-05', '2021-02-20')).toBe(7);
    // Submitted on a holiday: the first day counted is the next working day, Saturday Oct 9 included.
    expect(cal.workdaysBetween('2021-10-03', '2021-10-08')).toBe(1);
    expect(cal.workdaysBetween('2021-10-03', '2021-10-11')).toBe(3);
    expect(cal.workdaysBetween('2021-09-30', '2021-10-09')).toBe(2);
    expect(cal.addWorkdays('2021-09-30', 5)).toBe('2021-10-13');
    expect(cal.addWorkdays('2021-02-10', 1)).toBe('2021-02-18');
  });

  it('applies office overrides and warns once per year neither source covers', () => {
    const warned: number[] = [];
    const office = new WorkCalendar({
      years: {
        '2021': { holidays: ['2021-03-08'], workdays: [] },
        '2027': { holidays: ['2027-02-06..2027-02-12'], workdays: ['2027-02-14'] },
      },
    }, (y) => warned.push(y));
    expect(office.isWorkday('2021-03-08')).toBe(false);
    expect(office.isWorkday('2027-02-08')).toBe(false);
    expect(office.isWorkday('2027-02-14')).toBe(true);
    expect(office.isCovered(2027)).toBe(true);
    expect(warned).toEqual([]);

    expect(office.isWorkday('2028-01-03')).toBe(true);
    office.workdaysBetween('2028-01-01', '2028-02-01');
    expect(warned).toEqual([2028]);
    expect(office.uncoveredYears()).toEqual([2028]);
    expect(new WorkCalendar().isCovered(2027)).toBe(false);
    expect(new WorkCalendar().packageYears).toEqual({ first: 2004, last: 2026 });
  });

  // chinese-days reads dates with local-time getters; the answers must not depend on the process zone.
  it.each(['UTC', 'Asia/Shanghai', 'America/Los_Angeles'])('gives the same answers under TZ=%s', async (tz) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'test/calendar-probe.ts')], {
      cwd: ROOT, env: { ...process.env, TZ: tz },
    });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out.offsetMinutes).toBe({ UTC: 0, 'Asia/Shanghai': -480, 'America/Los_Angeles': 480 }[tz]);
    expect(out.workdays).toEqual({
      '2021-02-07': true, '2021-02-11': false, '2021-02-17': false, '2021-02-20': true, '2021-09-26': true,
      '2021-10-01': false, '2021-10-07': false, '2021-10-09': true, '2027-02-08': false, '2027-02-14': true,
    });
    expect(out).toMatchObject({ springFestival: 7, nationalDay: 2, fifthAfterSep30: '2021-10-13' });
  });
});

function writeConfig(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-cal-'));
  mkdirSync(join(dir, 'schemes'));
  copyFileSync(join(ROOT, 'config/schemes/yanjiang-2021.yaml'), join(dir, 'schemes/s.yaml'));
  const file = join(dir, 'district.yaml');
  writeFileSync(file, `district:
  name: 测试区
  period: { start: 2026-07-01, end: 2027-06-30 }
  scheme: schemes/s.yaml
units:
  - { id: town-a, name: 甲镇, type: town }
${body}`);
  return file;
}

describe('calendar config', () => {
  it('reports a period year that no calendar covers, with file, key path and expectation', () => {
    const file = writeConfig('');
    const loaded = loadConfig(file);
    const problems = calendarCoverageProblems(loaded.file, loaded.config);
    expect(problems).toEqual([{
      file, path: 'district.period',
      message: expect.stringContaining('2027 is not covered by the working-day calendar (chinese-days has 2004–2026): expected calendar.years["2027"]'),
    }]);
    const covered = loadConfig(writeConfig(`calendar:
  years:
    2027:
      holidays: [2027-01-01, 2027-02-06..2027-02-12]
      workdays: [2027-02-14]
`));
    expect(calendarCoverageProblems(covered.file, covered.config)).toEqual([]);
  });

  it('rejects calendar entries in the wrong year, days both off and on, and duplicate mailbox ids', () => {
    const file = writeConfig(`calendar:
  years:
    2027:
      holidays: [2026-12-31, 2027-02-06..2027-02-12]
      workdays: [2027-02-08]
    2028:
      holidays: [2028-13-01]
mailbox:
  - { id: mayor, name: 区长信箱, url: "http://127.0.0.1/m1/list", shape: M1 }
  - { id: mayor, name: '12345', url: "http://127.0.0.1/m8/list", shape: M8 }
  - { id: other, name: 信箱, url: "http://127.0.0.1/m4/list", shape: M4 }
`);
    let message = '';
    try {
      loadConfig(file);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as ConfigError).message;
    }
    expect(message).toContain(`${file}: calendar.years["2028"].holidays[0]: expected YYYY-MM-DD or a range`);
    expect(message).toContain(`${file}: mailbox[2].detailUrl: required`);
    const fixed = file;
    writeFileSync(fixed, `district:
  name: 测试区
  period: { start: 2026-07-01, end: 2027-06-30 }
  scheme: schemes/s.yaml
units:
  - { id: town-a, name: 甲镇, type: town }
calendar:
  years:
    2027:
      holidays: [2026-12-31, 2027-02-06..2027-02-12]
      workdays: [2027-02-08]
mailbox:
  - { id: mayor, name: 区长信箱, url: "http://127.0.0.1/m1/list", shape: M1 }
  - { id: mayor, name: '12345', url: "http://127.0.0.1/m8/list", shape: M8 }
`);
    try {
      loadConfig(fixed);
      expect.unreachable();
    } catch (err) {
      message = (err as ConfigError).message;
    }
    expect(message).toContain(`${file}: calendar.years["2027"].holidays[0]: expected dates in 2027, got "2026-12-31"`);
    expect(message).toContain(`${file}: calendar.years["2027"].workdays[0]: 2027-02-08 is also listed under holidays`);
    expect(message).toContain(`${file}: mailbox[1].id: duplicate mailbox id "mayor" (also mailbox[0])`);
  });
});
