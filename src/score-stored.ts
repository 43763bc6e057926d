import type { App } from './app.js';
import { calendarFor } from './calendar/app-calendar.js';
import { cachedDistrictScores } from './score-cache.js';
import { loadDistrictFacts } from './store/district-facts.js';
import { scoreDistrict, type DistrictScores } from './scoring/score-district.js';

/**
 * Every unit scored as of one date from what is stored, through the score cache (`score-cache.ts`). To
 * score several dates, load the facts once and call `scoreDistrict`.
 */
export function scoreStored(app: App, asOf: string): DistrictScores {
  return cachedDistrictScores(app, asOf, () => {
    const { facts, manual } = loadDistrictFacts(app.db, app.loaded.config, asOf);
    return scoreDistrict(facts, app.loaded.scheme, calendarFor(app.loaded), manual, asOf);
  });
}
