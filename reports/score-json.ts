import type { LoadedConfig } from '../src/config/load.js';
import type { UnitScore } from '../src/scoring/score-unit.js';
import type { TimelinessNotes } from '../src/scoring/timeliness.js';

export interface ScoreDocument {
  district: string;
  scheme: string;
  period: { start: string; end: string };
  asOf: string;
  units: UnitScore[];
  /** Mailbox and register handling-unit names that match no unit, with counts (item 9). */
  unmatchedHandlers?: TimelinessNotes['unmatchedHandlers'];
  /** Years the working-day calendar does not cover. */
  calendarWarnings?: string[];
  /** Per unit id: the national single-veto checks zwgk makes beyond item 9 (probes, letters, content), with evidence. */
  nationalChecks?: Record<string, import('./national-checks-json.js').NationalChecksDoc>;
}

/** The `zwgk score --json` document: one object, per unit its id, name and sub-scores with their findings. */
export function scoreDocument(loaded: LoadedConfig, asOf: string, units: UnitScore[], notes?: TimelinessNotes): ScoreDocument {
  return {
    district: loaded.config.district.name,
    scheme: loaded.scheme.id,
    period: loaded.config.district.period,
    asOf,
    units,
    ...notes,
  };
}
