import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { configPath } from '../shared.js';
import { ConfigError } from '../../config/errors.js';
import { calendarCoverageProblems } from '../../config/timeliness-check.js';
import { districtLexicon } from '../../content/lexicon.js';

export function configCheckAction(_opts: unknown, cmd: Command): void {
  const loaded = loadConfig(configPath(cmd));
  const coverage = calendarCoverageProblems(loaded.file, loaded.config);
  if (coverage.length > 0) throw new ConfigError(coverage);
  // The lexicon is read by the nightly crawl; a broken one is reported here too, with its file and key.
  if (loaded.config.content.enabled) districtLexicon(loaded.config.content.lexicon, loaded.file);
  const columns = loaded.config.units.reduce((n, u) => n + u.columns.length, 0);
  process.stdout.write(`配置有效：${loaded.file}\n  ${loaded.config.district.name}，${loaded.config.units.length} 个单位，${columns} 个栏目，考核方案 ${loaded.scheme.title}\n`);
}
