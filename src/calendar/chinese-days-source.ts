import { createRequire } from 'node:module';
import cd from 'chinese-days';
import type { IsoDate } from '../time/dates.js';

/** What the official calendar says about one date. */
export interface OfficialDay {
  work: boolean;
  /** Holiday or make-up day name (`国庆节`), else null. */
  name: string | null;
}

interface DataFile {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/**
 * chinese-days builds its tables with local-time getters, so in a time zone west of UTC every date
 * is shifted by a day. Dates are handed to it as local noon (never as strings, which it reads as UTC
 * midnight), and a few published facts are checked once; should they fail, the package's own data
 * file is read instead, which does not depend on the time zone.
 */
const ANCHORS: [IsoDate, boolean][] = [
  ['2004-01-01', false], ['2021-02-07', true], ['2021-02-12', false], ['2021-02-20', true],
  ['2021-10-01', false], ['2021-10-07', false], ['2021-10-09', true], ['2026-10-07', false],
];

function localNoon(date: IsoDate): Date {
  return new Date(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), 12);
}

function nameOf(label: string): string {
  // Labels look like "National Day,国庆节,3".
  return label.split(',')[1] ?? label;
}

function fromApi(date: IsoDate): OfficialDay & { date: string } {
  const d = cd.getDayDetail(localNoon(date));
  const weekday = /^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$/.test(d.name);
  return { date: d.date, work: d.work, name: weekday ? null : nameOf(d.name) };
}

function apiIsSound(): boolean {
  return ANCHORS.every(([date, work]) => {
    const d = fromApi(date);
    return d.date === date && d.work === work;
  });
}

function loadDataFile(): DataFile {
  return createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as DataFile;
}

export interface OfficialCalendar {
  /** Where the answers come from: the package's functions or, in west-of-UTC zones, its data file. */
  readonly source: 'api' | 'data-file';
  /** Years for which the State Council's arrangement is in the package. */
  readonly firstYear: number;
  readonly lastYear: number;
  /** Only meaningful for covered years; other years read as plain weekdays. */
  day(date: IsoDate): OfficialDay;
}

function weekend(date: IsoDate): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6;
}

function build(): OfficialCalendar {
  const sound = apiIsSound();
  const data = sound ? undefined : loadDataFile();
  const day = sound
    ? (date: IsoDate): OfficialDay => {
        const d = fromApi(date);
        if (d.date !== date) throw new Error(`chinese-days answered for ${d.date} when asked about ${date}`);
        return { work: d.work, name: d.name };
      }
    : (date: IsoDate): OfficialDay => {
        if (data!.workdays[date]) return { work: true, name: nameOf(data!.workdays[date]) };
        if (data!.holidays[date]) return { work: false, name: nameOf(data!.holidays[date]) };
        return { work: !weekend(date), name: null };
      };
  // A year is covered when the package lists its New Year's Day holiday.
  const covered: number[] = [];
  for (let y = 1990; y <= 2100; y++) {
    if (day(`${y}-01-01`).name !== null) covered.push(y);
  }
  if (covered.length === 0) throw new Error('chinese-days holds no holiday data');
  return { source: sound ? 'api' : 'data-file', firstYear: covered[0], lastYear: covered.at(-1)!, day };
}

let instance: OfficialCalendar | undefined;

export function officialCalendar(): OfficialCalendar {
  instance ??= build();
  return instance;
}
