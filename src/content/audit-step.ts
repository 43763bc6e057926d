import type { LoadedConfig } from '../config/load.js';
import type { ColumnObservation } from '../audit/observation.js';
import type { EvidenceStore } from '../fetch/evidence-store.js';
import type { Fetcher } from '../fetch/types.js';
import type { Db } from '../store/db.js';
import { ContentRepo } from '../store/content-repo.js';
import { checkUnitContent } from './check-unit.js';
import { districtLexicon } from './lexicon.js';
import { compileLexicon } from './wording-check.js';

/**
 * The nightly crawl's content step, or null when `content.enabled` is off. The lexicon is read once per
 * run (a broken lexicon stops the run with its file and key named). A failure checking one unit's
 * content is reported and never loses the unit's crawl, which is already stored.
 */
export function contentChecker(loaded: LoadedConfig, deps: { fetcher: Fetcher; evidence: EvidenceStore; db: Db; today: string; onProblem?: (text: string) => void }) {
  const config = loaded.config.content;
  if (!config.enabled) return null;
  const lexicon = compileLexicon(districtLexicon(config.lexicon, loaded.file));
  const repo = new ContentRepo(deps.db);
  const warn = deps.onProblem ?? ((text: string) => process.stderr.write(`警告：${text}\n`));
  return async (unitId: string, observations: ColumnObservation[]) => {
    try {
      const summary = await checkUnitContent(unitId, observations, { fetcher: deps.fetcher, evidence: deps.evidence, repo, lexicon, config, today: deps.today });
      for (const p of summary.problems) warn(`${unitId}：${p}`);
      return summary;
    } catch (err) {
      warn(`${unitId}：内容检查出错（本单位的栏目检查结果已保存）：${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  };
}
