import type { App } from '../app.js';
import { ManualEntriesRepo } from '../manual/entries-repo.js';
import { assessDistrict, type UnitAssessment } from './assessment.js';
import { scoreUnit, type UnitScore } from './score-unit.js';

/** A unit's score with its whole assessment: items 1–12, bonus, deductions, total, provisional flag and rank. */
export type AssessedUnitScore = UnitScore & UnitAssessment;

/**
 * Scores every unit of the config as of a date (the bonus and the rank compare units with each other),
 * then returns the requested ones (all by default) in config order.
 */
export function scoreDistrict(app: App, asOf: string, unitIds?: string[]): AssessedUnitScore[] {
  const { config, scheme } = app.loaded;
  const scores = config.units.map((u) => scoreUnit(app, u, asOf));
  const entries = new ManualEntriesRepo(app.db).latest(scheme.id);
  const assessed = assessDistrict(
    scheme,
    scores.map((s) => ({
      id: s.id, name: s.name, type: s.type,
      automated: s,
      entries: entries.get(s.id) ?? new Map(),
    })),
  );
  return scores
    .filter((s) => !unitIds || unitIds.includes(s.id))
    .map((s) => ({ ...s, ...assessed.get(s.id)! }));
}
