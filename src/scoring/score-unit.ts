import type { UnitConfig } from '../config/schema.js';
import type { Scheme } from '../scheme/schema.js';
import { automatedItem } from '../scheme/queries.js';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import type { ColumnFacts } from './platform-facts.js';
import type { TimelinessFacts } from './timeliness-facts.js';
import { scorePlatform, type PlatformScore } from './platform.js';
import { scoreTimeliness, type TimelinessScores } from './timeliness.js';

export interface UnitScore {
  id: string;
  name: string;
  type: UnitConfig['type'];
  platform: PlatformScore;
  mailbox: TimelinessScores['mailbox'];
  applications: TimelinessScores['applications'];
  satisfactionRate: TimelinessScores['satisfactionRate'];
}

export interface UnitScoreInput {
  unit: UnitConfig;
  /** The unit's columns by `columnKey`. */
  columns: Map<string, ColumnFacts>;
  timeliness: TimelinessFacts;
  scheme: Scheme;
  calendar: WorkCalendar;
  period: { start: string; end: string };
  backdateToleranceDays: number;
  asOf: string;
}

/** Item 9's three parts for one unit as of a date, from stored facts only. */
export function scoreUnit(input: UnitScoreInput): UnitScore {
  const { unit, scheme, period, asOf } = input;
  const platform = scorePlatform({
    unit, part: automatedItem(scheme).parts.platform, period, asOf, facts: input.columns,
    backdateToleranceDays: input.backdateToleranceDays,
  });
  const timeliness = scoreTimeliness({ unit, facts: input.timeliness, scheme, calendar: input.calendar, period, asOf });
  return { id: unit.id, name: unit.name, type: unit.type, platform, ...timeliness };
}
