import type { App } from '../app.js';
import type { UnitConfig } from '../config/schema.js';
import { automatedItem } from '../scheme/schema.js';
import { loadPlatformFacts } from './platform-facts.js';
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

/** Scores one unit as of a date from stored facts only: no network. */
export function scoreUnit(app: App, unit: UnitConfig, asOf: string): UnitScore {
  const { config, scheme } = app.loaded;
  const platform = scorePlatform({
    unit,
    part: automatedItem(scheme).parts.platform,
    period: config.district.period,
    asOf,
    facts: loadPlatformFacts(app.db, unit, asOf),
    backdateToleranceDays: config.crawl.backdateToleranceDays,
  });
  return { id: unit.id, name: unit.name, type: unit.type, platform, ...scoreTimeliness(app, unit, asOf) };
}
