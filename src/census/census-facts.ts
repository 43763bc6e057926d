import type { DistrictConfig } from '../config/schema.js';
import type { Db } from '../store/db.js';
import { CensusRepo } from '../store/census-repo.js';
import type { UnitCensusFacts } from '../scoring/site-facts.js';
import { unitExclusions } from './exclusions.js';

/** Each unit's latest census on or before `asOf` with its exclusions, as the veto counts read it. */
export function censusFactsByUnit(db: Db, config: DistrictConfig, asOf: string): Map<string, UnitCensusFacts> {
  const repo = new CensusRepo(db);
  const out = new Map<string, UnitCensusFacts>();
  for (const unit of config.units) {
    const latest = repo.latest(unit.id, asOf);
    const exclusions = unitExclusions(config, repo, unit.id);
    if (!latest && exclusions.length === 0) continue;
    out.set(unit.id, {
      day: latest?.run.day ?? '0000-00-00',
      homepage: latest?.run.homepage ?? { url: '', reachable: false, kind: 'unreadable', newestDate: null, itemCount: 0, evidence: null },
      columns: latest?.columns ?? [],
      exclusions,
    });
  }
  return out;
}
