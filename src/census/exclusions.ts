import type { DistrictConfig } from '../config/schema.js';
import type { CensusExclusion, CensusRepo } from '../store/census-repo.js';
import { censusKey } from './census-key.js';

/** A unit's exclusions: the config's (`census.exclusions`) and the office's stored ones (`zwgk census exclude`). */
export function unitExclusions(config: DistrictConfig, repo: CensusRepo, unitId: string): CensusExclusion[] {
  const fromConfig = config.census.exclusions.filter((e) => e.unit === unitId)
    .map((e) => ({ unitId, url: e.url, urlKey: censusKey(e.url), reason: e.reason, by: '配置文件', at: '' }));
  return [...fromConfig, ...repo.exclusions(unitId)];
}
