import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { crawlSchema } from '../../config/schema.js';
import { loadConfig } from '../../config/load.js';
import { openApp } from '../../app.js';
import { clockFromEnv } from '../../schedule/env-clock.js';
import { EvidenceStore } from '../../fetch/evidence-store.js';
import { HttpCache } from '../../fetch/http-cache.js';
import { HttpFetcher } from '../../fetch/http-fetcher.js';
import { openDb } from '../../store/db.js';
import { CensusRepo } from '../../store/census-repo.js';
import { discoverSite } from '../../census/discover.js';
import { censusKey } from '../../census/census-key.js';
import { censusYaml } from '../../census/census-yaml.js';
import { censusText } from '../../../reports/census-text.js';
import { resolveWho } from '../../manual/who.js';
import { unitExclusions } from '../../census/exclusions.js';
import { runCensus } from '../../census/run-census.js';
import { shanghaiDate } from '../../time/dates.js';
import { configPath } from '../shared.js';

/** `zwgk discover URL`: reads the site within the budget and prints config YAML (or JSON); nothing is stored. */
export async function discoverAction(url: string, opts: { budget: number; unit?: string; json?: boolean }, cmd: Command): Promise<void> {
  if (!/^https?:\/\//i.test(url)) throw new Error(`网址应以 http:// 或 https:// 开头，收到 "${url}"`);
  const file = configPath(cmd);
  const loaded = existsSync(file) ? loadConfig(file) : undefined;
  const crawl = loaded?.config.crawl ?? crawlSchema.parse({});
  const unit = opts.unit ? loaded?.config.units.find((u) => u.id === opts.unit) : undefined;
  const clock = clockFromEnv();
  const scratch = openDb(':memory:');
  const fetcher = new HttpFetcher(crawl, new EvidenceStore(scratch, () => clock.now()), new HttpCache(scratch), clock);
  try {
    const reading = await discoverSite(url, { fetcher, budget: opts.budget });
    process.stdout.write(opts.json ? `${JSON.stringify(reading, null, 2)}\n` : censusYaml(reading, { id: opts.unit, name: unit?.name, type: unit?.type }));
  } finally {
    fetcher.close();
    scratch.close();
  }
}

/** `zwgk census exclude UNIT URL --reason …`: stored with who and when; shown wherever the census is. */
export async function excludeAction(unitId: string, url: string, opts: { reason: string; by?: string }, cmd: Command): Promise<void> {
  if (!/^https?:\/\//i.test(url)) throw new Error(`网址应以 http:// 或 https:// 开头，收到 "${url}"`);
  const reason = opts.reason.trim();
  if (!reason) throw new Error('--reason 不能为空：请写明排除原因');
  const app = openApp(configPath(cmd));
  try {
    if (!app.loaded.config.units.some((u) => u.id === unitId)) throw new Error(`配置中没有编号为 "${unitId}" 的单位`);
    const by = resolveWho(opts.by, process.env, app.loaded.config.district.operator);
    const old = new CensusRepo(app.db).exclude({ unitId, url, urlKey: censusKey(url), reason, by, at: app.clock.now().toISOString() });
    process.stdout.write(`已排除 ${unitId} 的栏目 ${url}（原因：${reason}，操作人：${by}）${old ? `；原记录：${old.reason}（${old.by}，${old.at}）` : ''}\n`);
  } finally {
    app.close();
  }
}

/** `zwgk census show UNIT`: the latest census, its changes, exclusions and broken links. */
export async function showAction(unitId: string, cmd: Command): Promise<void> {
  const app = openApp(configPath(cmd), undefined, { readonly: true });
  try {
    const unit = app.loaded.config.units.find((u) => u.id === unitId);
    if (!unit) throw new Error(`配置中没有编号为 "${unitId}" 的单位`);
    const repo = new CensusRepo(app.db);
    process.stdout.write(`${censusText(unit, repo.latest(unitId), repo.history(unitId), unitExclusions(app.loaded.config, repo, unitId))}\n`);
  } finally {
    app.close();
  }
}

/** `zwgk census run [--unit ID]`: the census of the units asked for (all by default) now, stored. */
export async function censusRunAction(opts: { unit?: string }, cmd: Command): Promise<void> {
  const app = openApp(configPath(cmd));
  const { config } = app.loaded;
  const evidence = new EvidenceStore(app.db, () => app.clock.now());
  const fetcher = new HttpFetcher(config.crawl, evidence, new HttpCache(app.db), app.clock);
  try {
    if (opts.unit && !config.units.some((u) => u.id === opts.unit)) throw new Error(`配置中没有编号为 "${opts.unit}" 的单位`);
    const summaries = await runCensus(config, {
      db: app.db, fetcher, body: (h) => evidence.get(h), today: shanghaiDate(app.clock.now()), now: app.clock.now(),
      unitIds: opts.unit ? [opts.unit] : config.units.map((u) => u.id),
    });
    for (const s of summaries) {
      process.stdout.write(`${s.unitId}：读取 ${s.pagesFetched} 页，栏目 ${s.columns} 个（新增 ${s.appeared}，消失 ${s.disappeared}），检查链接 ${s.linksChecked} 个（另有 ${s.linksRecentlyOk} 个近期检查正常），失效 ${s.linksBroken} 个\n`);
    }
  } finally {
    fetcher.close();
    app.close();
  }
}
