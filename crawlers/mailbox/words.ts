import type { LetterType } from '../../src/scheme/timeliness-parts.js';
import { makeDate, shanghaiDateTime } from '../../src/time/dates.js';

/** Where a letter stands, from the status words mailboxes show. */
export const LETTER_STATUSES = ['waiting', 'accepted', 'in-progress', 'answered'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

export const SATISFACTIONS = ['very-satisfied', 'satisfied', 'fairly-satisfied', 'dissatisfied', 'very-dissatisfied', 'unrated'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

const STATUS_WORDS: [RegExp, LetterStatus][] = [
  [/待回复|待答复|待受理|待处理|待办理|未回复|未答复|未受理|未办理|未办结|未处理/, 'waiting'],
  [/办理中|处理中|正在办理|正在处理|转办中|交办中/, 'in-progress'],
  [/已办理|已办结|已回复|已答复|已处理|办结|已反馈/, 'answered'],
  [/已受理|已转办|已交办/, 'accepted'],
];

export function normalizeStatus(shown: string | undefined): LetterStatus | null {
  if (!shown) return null;
  return STATUS_WORDS.find(([re]) => re.test(shown))?.[1] ?? null;
}

// Longest words first: 非常不满意 contains 不满意 contains 满意.
const SATISFACTION_WORDS: [RegExp, Satisfaction][] = [
  [/非常不满意/, 'very-dissatisfied'],
  [/不满意/, 'dissatisfied'],
  [/非常满意/, 'very-satisfied'],
  [/基本满意|比较满意/, 'fairly-satisfied'],
  [/满意/, 'satisfied'],
  [/未评价|暂未评价|未评|待评价|暂无评价/, 'unrated'],
];

export function normalizeSatisfaction(shown: string | undefined): Satisfaction | null {
  if (!shown) return null;
  return SATISFACTION_WORDS.find(([re]) => re.test(shown))?.[1] ?? null;
}

const TYPE_WORDS: [RegExp, LetterType][] = [
  [/咨询|询问/, 'consultation'],
  [/投诉|举报/, 'complaint'],
  [/求助/, 'help'],
  [/建议|意见/, 'suggestion'],
];

export function normalizeLetterType(shown: string | undefined): LetterType | null {
  if (!shown) return null;
  return TYPE_WORDS.find(([re]) => re.test(shown))?.[1] ?? null;
}

const DATETIME_RE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*T?\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?/;

/** The first date or date-time in the text, as `YYYY-MM-DD` or `YYYY-MM-DD HH:mm:ss` (Shanghai wall clock). */
export function parseDateTime(text: string | undefined): string | null {
  if (!text) return null;
  const m = DATETIME_RE.exec(text);
  if (!m) return null;
  const date = makeDate(+m[1], +m[2], +m[3]);
  if (!date) return null;
  if (m[4] === undefined) return date;
  const [h, min, s] = [+m[4], +m[5], m[6] === undefined ? 0 : +m[6]];
  if (h > 23 || min > 59 || s > 59) return date;
  return `${date} ${pad(h)}:${pad(min)}:${pad(s)}`;
}

const MONTH_DAY_TIME_RE = /(?<![\d-/.])(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?(?![\d-/.])/;

/** A month-day shown without a year (`11-20`, `11-20 10:31`, `11月20日`): `MM-DD` and the time `HH:mm:ss` if shown. */
export function parseMonthDayTime(text: string | undefined): { monthDay: string; time: string | null } | null {
  if (!text || DATETIME_RE.test(text)) return null;
  const m = MONTH_DAY_TIME_RE.exec(text);
  if (!m || !makeDate(2000, +m[1], +m[2])) return null;
  const monthDay = `${pad(+m[1])}-${pad(+m[2])}`;
  if (m[3] === undefined) return { monthDay, time: null };
  const [h, min, s] = [+m[3], +m[4], m[5] === undefined ? 0 : +m[5]];
  return { monthDay, time: h > 23 || min > 59 || s > 59 ? null : `${pad(h)}:${pad(min)}:${pad(s)}` };
}

/** Epoch seconds or milliseconds as a Shanghai date-time. */
export function epochDateTime(value: number): string | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  return shanghaiDateTime(new Date(value < 1e11 ? value * 1000 : value));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
