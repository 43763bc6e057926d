import type { App } from '../app.js';
import type { UnitConfig } from '../config/schema.js';
import { automatedItem } from '../scheme/schema.js';
import { calendarFor, uncoveredYearWarnings } from '../calendar/app-calendar.js';
import { scoreMailbox, type MailboxScore } from './mailbox.js';
import { scoreApplications, type ApplicationsScore } from './applications.js';
import { timelinessFacts, type UnmatchedName } from './timeliness-facts.js';

export interface TimelinessScores {
  mailbox: MailboxScore;
  applications: ApplicationsScore;
  /** Mailbox reply satisfaction, (非常满意 + 满意 + 基本满意) / rated letters; null with none rated. */
  satisfactionRate: number | null;
}

/** Item 9's mailbox and applications parts for one unit, from stored letters and the imported register. */
export function scoreTimeliness(app: App, unit: UnitConfig, asOf: string): TimelinessScores {
  const { config, scheme } = app.loaded;
  const parts = automatedItem(scheme).parts;
  const period = config.district.period;
  const calendar = calendarFor(app.loaded);
  const facts = timelinessFacts(app.db, config.units, period, asOf);
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
export function timelinessNotes(app: App, asOf: string): TimelinessNotes {
  const { config } = app.loaded;
  return {
    unmatchedHandlers: timelinessFacts(app.db, config.units, config.district.period, asOf).unmatched,
    calendarWarnings: uncoveredYearWarnings(calendarFor(app.loaded)),
  };
}
