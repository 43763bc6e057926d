import type { MailboxPart, LetterType } from '../scheme/timeliness-parts.js';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import type { LetterStatus, Satisfaction } from '../../crawlers/mailbox/words.js';
import type { ReplyEventKind } from '../store/mailbox-repo.js';
import { addMonths, roundTo } from './timeliness-util.js';

/** A stored letter as scoring sees it. Times are Shanghai wall clock, `YYYY-MM-DD[ HH:mm:ss]`. */
export interface LetterFact {
  id: number;
  mailboxId: string;
  key: string;
  code: string | null;
  title: string;
  url: string | null;
  handler: string | null;
  type: LetterType | null;
  status: LetterStatus | null;
  submittedAt: string | null;
  repliedAt: string | null;
  /** A reply text was seen (possibly without a time). */
  hasReply: boolean;
  satisfaction: Satisfaction | null;
  firstSeen: string;
  events: { on: string; kind: ReplyEventKind; before: string | null; after: string | null }[];
}

/**
 * `on-time`/`late`: answered within / beyond the limit; `open`: unanswered and still within it;
 * `overdue`: unanswered past it. `no-reply-date` (answered, time not shown) and `no-submitted-date`
 * cannot be judged and do not count.
 */
export type LetterOutcome = 'on-time' | 'late' | 'open' | 'overdue' | 'no-reply-date' | 'no-submitted-date';

export interface LetterScore {
  id: string;
  title: string;
  url: string | null;
  mailbox: string;
  handler: string | null;
  type: LetterType | null;
  submitted: string | null;
  replied: string | null;
  workdays: number | null;
  limit: number;
  onTime: boolean | null;
  status: LetterOutcome;
  /** Unanswered longer than the veto period (sets the part to 0). */
  vetoed: boolean;
  satisfaction: Satisfaction | null;
  /** Reply changes seen up to the as-of date. */
  events: LetterFact['events'];
}

export interface SatisfactionCount {
  rated: number;
  satisfied: number;
  /** (非常满意 + 满意 + 基本满意) / rated letters; null with no rated letter. */
  rate: number | null;
}

export interface MailboxScore {
  score: number;
  max: number;
  /** Letters judged (on time or not), and of those on time. */
  counted: number;
  onTimeCount: number;
  vetoed: boolean;
  limitWorkdays: number;
  satisfaction: SatisfactionCount;
  letters: LetterScore[];
}

export interface MailboxScoreInput {
  letters: LetterFact[];
  part: MailboxPart;
  calendar: WorkCalendar;
  period: { start: string; end: string };
  asOf: string;
}

const RATED: ReadonlySet<Satisfaction> = new Set(['very-satisfied', 'satisfied', 'fairly-satisfied', 'dissatisfied', 'very-dissatisfied']);
const SATISFIED: ReadonlySet<Satisfaction> = new Set(['very-satisfied', 'satisfied', 'fairly-satisfied']);

/** The reply as it stood on the as-of date: later changes are undone from the recorded events. */
function replyAsOf(letter: LetterFact, asOf: string): { at: string | null; seen: boolean } {
  let at = letter.repliedAt;
  let seen = letter.hasReply || at !== null;
  for (const e of [...letter.events].reverse()) {
    if (e.on <= asOf) break;
    at = e.before;
    seen = e.kind !== 'reply-appeared';
  }
  if (at !== null && at.slice(0, 10) > asOf) return { at: null, seen: false };
  return { at, seen };
}

/** The letters of the period that count: submitted from the period start up to the as-of date. */
export function lettersInPeriod(letters: LetterFact[], period: { start: string; end: string }, asOf: string): LetterFact[] {
  const end = period.end < asOf ? period.end : asOf;
  return letters.filter((l) => {
    const day = l.submittedAt?.slice(0, 10) ?? l.firstSeen;
    return day >= period.start && day <= end && l.firstSeen <= asOf;
  });
}

export function satisfactionOf(letters: { satisfaction: Satisfaction | null }[]): SatisfactionCount {
  const rated = letters.filter((l) => l.satisfaction !== null && RATED.has(l.satisfaction)).length;
  const satisfied = letters.filter((l) => l.satisfaction !== null && SATISFIED.has(l.satisfaction)).length;
  return { rated, satisfied, rate: rated > 0 ? roundTo(satisfied / rated, 4) : null };
}

export function letterLimit(part: MailboxPart, type: LetterType | null): number {
  return (type ? part.limitsByType[type] : undefined) ?? part.limitWorkdays;
}

/** Item 9, mailbox part: a pure function of stored letters, the scheme part, the calendar and the as-of date. */
export function scoreMailbox(input: MailboxScoreInput): MailboxScore {
  const { part, calendar, asOf } = input;
  const ordered = lettersInPeriod(input.letters, input.period, asOf)
    .sort((a, b) => (a.submittedAt ?? a.firstSeen).localeCompare(b.submittedAt ?? b.firstSeen) || a.id - b.id);
  const letters = ordered.map((letter): LetterScore => {
    const limit = letterLimit(part, letter.type);
    const submitted = letter.submittedAt?.slice(0, 10) ?? null;
    const reply = replyAsOf(letter, asOf);
    const replied = reply.at?.slice(0, 10) ?? null;
    const base = {
      id: letter.code ?? letter.key, title: letter.title, url: letter.url, mailbox: letter.mailboxId, handler: letter.handler,
      type: letter.type, submitted, replied, limit, satisfaction: letter.satisfaction,
      events: letter.events.filter((e) => e.on <= asOf),
    };
    if (!submitted) return { ...base, workdays: null, onTime: null, status: 'no-submitted-date', vetoed: false };
    const vetoApplies = part.vetoTypes.length === 0 || (letter.type !== null && part.vetoTypes.includes(letter.type));
    const vetoDeadline = addMonths(submitted, part.vetoMonths);
    if (replied) {
      const workdays = calendar.workdaysBetween(submitted, replied);
      const onTime = workdays <= limit;
      return { ...base, workdays, onTime, status: onTime ? 'on-time' : 'late', vetoed: vetoApplies && replied > vetoDeadline };
    }
    // The status word is today's; it says nothing about the as-of date if the reply changed since.
    const answeredStatus = reply.seen || (letter.status === 'answered' && letter.events.every((e) => e.on <= asOf));
    const workdays = calendar.workdaysBetween(submitted, asOf);
    if (answeredStatus) return { ...base, workdays: null, onTime: null, status: 'no-reply-date', vetoed: false };
    const overdue = workdays > limit;
    return { ...base, workdays, onTime: overdue ? false : null, status: overdue ? 'overdue' : 'open', vetoed: vetoApplies && asOf > vetoDeadline };
  });
  const judged = letters.filter((l) => l.onTime !== null);
  const onTimeCount = judged.filter((l) => l.onTime).length;
  const vetoed = letters.some((l) => l.vetoed);
  const share = judged.length > 0 ? onTimeCount / judged.length : 1;
  return {
    score: vetoed ? 0 : roundTo(part.max * share, 2),
    max: part.max,
    counted: judged.length,
    onTimeCount,
    vetoed,
    limitWorkdays: part.limitWorkdays,
    satisfaction: satisfactionOf(lettersInPeriod(input.letters, input.period, asOf)),
    letters,
  };
}
