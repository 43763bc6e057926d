import type { Scheme } from '../scheme/schema.js';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import type { ManualEntry } from '../manual/entries-repo.js';
import { assessDistrict, type UnitAssessment } from './assessment.js';
import { entriesInForce, type DistrictFacts, type EntriesInForce } from './district-facts.js';
import { attributeFacts } from './timeliness-facts.js';
import { timelinessNotes, type TimelinessNotes } from './timeliness.js';
import { scoreUnit, type UnitScore } from './score-unit.js';

/** A unit's score with its whole assessment: items 1–12, bonus, deductions, total, provisional flag and rank. */
export type AssessedUnitScore = UnitScore & UnitAssessment;

export interface DistrictScores {
  asOf: string;
  /** Every unit of the facts' district, in config order. */
  units: AssessedUnitScore[];
  /** The manual entries the scores used. */
  entries: EntriesInForce;
  notes: TimelinessNotes;
}

/** What the stored facts alone decide as of a date: every unit's automated part, before manual entries. */
export interface AutomatedScores {
  asOf: string;
  units: UnitScore[];
  notes: TimelinessNotes;
}

/**
 * Scores every unit as of a date (the bonus and the rank compare units with each other). Pure: a
 * function of its five inputs only; the facts may reach past `asOf` (left out here), so one snapshot
 * serves every date of a weekly trend.
 */
export function scoreDistrict(facts: DistrictFacts, scheme: Scheme, calendar: WorkCalendar, manual: ManualEntry[], asOf: string): DistrictScores {
  return assessAutomated(scoreAutomated(facts, scheme, calendar, asOf), scheme, manual, facts.period);
}

/** The part of `scoreDistrict` no manual entry changes, and the costly one: every column-day of the period. */
export function scoreAutomated(facts: DistrictFacts, scheme: Scheme, calendar: WorkCalendar, asOf: string): AutomatedScores {
  if (asOf > facts.upTo) throw new Error(`facts were loaded up to ${facts.upTo}; cannot score as of ${asOf}`);
  const { units, period, backdateToleranceDays } = facts;
  const timeliness = attributeFacts(facts.letters, facts.cases, units, period, asOf);
  const scores = units.map((unit) => scoreUnit({
    unit, columns: facts.columns.get(unit.id) ?? new Map(), timeliness, scheme, calendar, period, backdateToleranceDays, asOf,
  }));
  return { asOf, units: scores, notes: timelinessNotes(timeliness, calendar) };
}

/** The automated scores with the manual entries in force on their date: the whole assessment. */
export function assessAutomated(automated: AutomatedScores, scheme: Scheme, manual: ManualEntry[], period: { end: string }): DistrictScores {
  const { asOf, units: scores, notes } = automated;
  const entries = entriesInForce(manual, scheme.id, period, asOf);
  const assessed = assessDistrict(scheme, scores.map((s) => ({
    id: s.id, name: s.name, type: s.type, automated: s, entries: entries.get(s.id) ?? new Map(),
  })));
  return { asOf, units: scores.map((s) => ({ ...s, ...assessed.get(s.id)! })), entries, notes };
}
