import type { UnitConfig } from '../config/schema.js';
import type { Scheme } from '../scheme/schema.js';
import { automatedItem } from '../scheme/queries.js';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import { uncoveredYearWarnings } from '../calendar/app-calendar.js';
import { scoreMailbox, type MailboxScore } from './mailbox.js';
import { scoreApplications, type ApplicationsScore } from './applications.js';
import type { TimelinessFacts, UnmatchedName } from './timeliness-facts.js';

export interface TimelinessScores {
  mailbox: MailboxScore;
  applications: ApplicationsScore;
  /** Mailbox reply satisfaction, (非常满意 + 满意 + 基本满意) / rated letters; null with none rated. */
  satisfactionRate: number | null;
}

export interface TimelinessInput {
  unit: UnitConfig;
  /** Letters and cases attributed to units (`attributeFacts`). */
  facts: TimelinessFacts;
  scheme: Scheme;
  calendar: WorkCalendar;
  period: { start: string; end: string };
  asOf: string;
}

/** Item 9's mailbox and applications parts for one unit, from stored letters and the imported register. */
export function scoreTimeliness(input: TimelinessInput): TimelinessScores {
  const { unit, facts, calendar, period, asOf } = input;
  const parts = automatedItem(input.scheme).parts;
  const mailbox = scoreMailbox({ letters: facts.lettersByUnit.get(unit.id) ?? [], part: parts.mailbox, calendar, period, asOf });
  const applications = scoreApplications({ cases: facts.casesByUnit.get(unit.id) ?? [], part: parts.applications, calendar, period, asOf });
  return { mailbox, applications, satisfactionRate: mailbox.satisfaction.rate };
}

export interface TimelinessNotes {
  /** Handling-unit names of the period's letters and cases that match no unit, with counts. */
  unmatchedHandlers: UnmatchedName[];
  /** Years the working-day calendar does not cover, met while scoring. */
  calendarWarnings: string[];
}

/** District-wide notes for the score document; call after scoring the units. */
export function timelinessNotes(facts: TimelinessFacts, calendar: WorkCalendar): TimelinessNotes {
  return { unmatchedHandlers: facts.unmatched, calendarWarnings: uncoveredYearWarnings(calendar) };
}
