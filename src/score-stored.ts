import type { App } from './app.js';
import { calendarFor } from './calendar/app-calendar.js';
import { cachedAutomatedScores } from './score-cache.js';
import { loadDistrictFacts, loadManualEntries } from './store/district-facts.js';
import { assessAutomated, scoreAutomated, type DistrictScores } from './scoring/score-district.js';

/**
 * Every unit scored as of one date from what is stored: the automated part through the score cache
 * (`score-cache.ts`), the manual entries as they are now. To score several dates, load the facts once
 * and call `scoreDistrict`.
 */
export function scoreStored(app: App, asOf: string): DistrictScores {
  const { config, scheme } = app.loaded;
  const automated = cachedAutomatedScores(app, asOf, () => scoreAutomated(loadDistrictFacts(app.db, config, asOf).facts, scheme, calendarFor(app.loaded), asOf));
  return assessAutomated(automated, scheme, loadManualEntries(app.db), config.district.period);
}
