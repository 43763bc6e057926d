import type { App } from '../app.js';
import { calendarFor } from '../calendar/app-calendar.js';
import { scoreStored } from '../score-stored.js';
import { ColumnRegistry } from '../store/column-registry.js';
import { probeStatsByUnit } from '../store/probe-stats.js';
import { censusFactsByUnit } from '../census/census-facts.js';
import { automatedItem } from '../scheme/schema.js';
import type { AssessedUnitScore } from '../scoring/score-district.js';
import { fixList, type FixItem } from '../../reports/fix-list.js';
import { mailboxView } from '../../reports/timeliness-view.js';
import { vetoChecks, type VetoCheck } from '../../reports/veto-alerts.js';
import { openContentFindings } from '../../reports/weekly-context.js';

export interface UnitFixes {
  score: AssessedUnitScore;
  vetoes: VetoCheck[];
  fixes: FixItem[];
  /** Stable column ids by column name, as the registry resolves them now. */
  columnIds: Map<string, string>;
}

/**
 * Units' scores, veto checks and fix lists as of a date, from stored facts only: what the unit page shows
 * and what the ledger follows. One scoring of the district serves every unit asked for.
 */
export function unitFixes(app: App, asOf: string, unitIds: string[]): Map<string, UnitFixes> {
  const { config, scheme } = app.loaded;
  const district = scoreStored(app, asOf);
  const calendar = calendarFor(app.loaded);
  const registry = new ColumnRegistry(app.db);
  const probes = probeStatsByUnit(app.db, unitIds, asOf, config.probes.windowDays);
  const content = config.content.enabled ? openContentFindings(app, asOf) : null;
  const census = censusFactsByUnit(app.db, config, asOf);
  const cadenceDays = automatedItem(scheme).parts.platform.cadenceDays;
  const out = new Map<string, UnitFixes>();
  for (const unitId of unitIds) {
    const unit = config.units.find((u) => u.id === unitId);
    const score = district.units.find((s) => s.id === unitId);
    if (!unit || !score) continue;
    const resolved = registry.resolve(unit).columns;
    const columnIds = new Map(resolved.map((c) => [c.column.name, c.columnId]));
    const vetoes = vetoChecks({
      platform: score.platform, probes: probes.get(unitId)!, mailbox: mailboxView(score), asOf, census: census.get(unitId), cadenceDays,
      probeRule: config.probes, content: content?.get(unitId),
    });
    const fixes = fixList({ unit, score, vetoes, scheme, calendar, period: config.district.period, asOf, links: config, columnIds });
    out.set(unitId, { score, vetoes, fixes, columnIds });
  }
  return out;
}
