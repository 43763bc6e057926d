import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveSite, type RouteHandler, type SiteServer } from '../src/demo/site-server.js';
import { configSchema } from '../src/config/schema.js';
import { openDb } from '../src/store/db.js';
import { EvidenceStore } from '../src/fetch/evidence-store.js';
import { CensusRepo } from '../src/store/census-repo.js';
import { runCensus, censusDue } from '../src/census/run-census.js';
import { censusFactsByUnit } from '../src/census/census-facts.js';
import { censusKey } from '../src/census/census-key.js';
import { siteFacts } from '../src/scoring/site-facts.js';
import { siteVetoes } from '../src/scoring/site-vetoes.js';
import { addDays } from '../src/time/dates.js';
import { prune, retentionPolicy } from '../src/store/retention.js';
import { SCHEME_2021 } from './assessment-helpers.js';
import { trsSite } from './census-fixture.js';
import { makeFetcher, runZwgk } from './helpers.js';

let dir: string;
let site: SiteServer;
let current = trsSite();
const dispatch: RouteHandler = (req, res, body) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  return (current.routes[path] ?? current.fallback)(req, res, body);
};

function configYaml(extra = ''): string {
  return `
district:
  name: 测试区
  period: { start: 2026-01-01, end: 2026-12-31 }
  scheme: ${SCHEME_2021}
  dataDir: ${join(dir, 'data')}
  operator: 测试员
crawl:
  allowPrivateHosts: [127.0.0.1]
  retryBaseMs: 10
  browser: { enabled: false }
census:
  enabled: true
  pageBudget: 50
  linkBudget: 20
${extra}
units:
  - id: shili
    name: 示例镇
    type: town
    columns:
      - { name: 首页, url: '${site.origin}/', category: homepage }
      - { name: 工作动态, url: '${site.origin}/xxgk/gzdt/', category: news }
`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zwgk-census-'));
  site = await serveSite({ fallback: dispatch });
});
afterAll(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the nightly census', () => {
  it('stores each census: columns that appeared and disappeared, exclusions that stay, the broken-link share over time', async () => {
    const config = configSchema.parse((await import('yaml')).parse(configYaml()));
    const db = openDb(join(dir, 'data', 'zwgk.sqlite'));
    const fetcher = makeFetcher(db);
    const evidence = new EvidenceStore(db, () => new Date('2026-11-20T02:00:00Z'));
    const census = (today: string) => runCensus(config, { db, fetcher, body: (h) => evidence.get(h), today, now: new Date(`${today}T02:00:00Z`), unitIds: ['shili'] });
    try {
      const [first] = await census('2026-11-06');
      expect(first).toMatchObject({ unitId: 'shili', appeared: 0, disappeared: 0, columns: 10 });
      expect(first.pagesFetched).toBeLessThanOrEqual(50);
      expect(first.linksChecked).toBe(20);

      current = trsSite({ without: ['/xxgk/ztzl/'], extra: { dir: '/xxgk/zdly/', name: '重点领域信息' } });
      const [second] = await census('2026-11-13');
      expect(second).toMatchObject({ appeared: 1, disappeared: 1 });
      // Links that opened a week ago are not asked again (crawl.linkRecheckDays); the budget goes to the next ones.
      expect(second.linksRecentlyOk).toBeGreaterThan(0);
      expect(second.linksRecentlyOk).toBeLessThanOrEqual(first.linksChecked - first.linksBroken);
      expect(second.linksChecked).toBe(20);
      const repo = new CensusRepo(db);
      const latest = repo.latest('shili')!;
      expect(latest.appeared.map((c) => [c.name, c.category])).toEqual([['重点领域信息', 'key-area']]);
      expect(latest.disappeared.map((c) => c.name)).toEqual(['专题活动']);
      expect(repo.history('shili').map((h) => h.day)).toEqual(['2026-11-06', '2026-11-13']);

      // The blank 规划计划 column, excluded by the office, stays out of the counts census after census.
      repo.exclude({ unitId: 'shili', url: `${site.origin}/xxgk/ghjh/`, urlKey: censusKey(`${site.origin}/xxgk/ghjh/index.html`), reason: '栏目已停用', by: '测试员', at: '2026-11-14T00:00:00Z' });
      await census('2026-11-20');
      const facts = censusFactsByUnit(db, config, '2026-11-20').get('shili')!;
      expect(facts.columns.some((c) => c.url.endsWith('/xxgk/ghjh/'))).toBe(true);
      const site2 = siteFacts({ platform: [], census: facts, asOf: '2026-11-20', cadenceDays: { news: 14, notice: 180 }, key: censusKey });
      expect(site2.columns.map((c) => c.name)).not.toContain('规划计划');
      expect(site2.columns.every((c) => c.source === 'discovered')).toBe(true);
      expect(siteVetoes({ ...site2, asOf: '2026-11-20' }).find((v) => v.id === 'blank-columns')!.detail).toContain('空白栏目 0 个');

      // Retention keeps the pages the census cites (inside the findings window) and drops a body nothing names.
      const cited = repo.latest('shili')!.columns.map((c) => c.evidence!);
      const orphan = await evidence.put(Buffer.from('<html>nothing names this</html>'), 'text/html');
      // Without the HTTP cache (which names every page it holds) only the census tables keep the pages.
      db.prepare('DELETE FROM http_cache').run();
      prune(db, { ...retentionPolicy(config), evidenceDays: 1 }, '2026-11-25', new Date('2026-11-25T00:00:00Z'));
      expect(evidence.get(orphan)).toBeUndefined();
      expect(cited.every((h) => evidence.get(h) !== undefined)).toBe(true);
    } finally {
      fetcher.close();
      db.close();
    }
  });

  it('zwgk census exclude records who and why; census show lists columns, changes, exclusions and broken links', async () => {
    const file = join(dir, 'district.yaml');
    writeFileSync(file, configYaml());
    const env = { ZWGK_NOW: '2026-11-20T03:00:00Z' };
    const ex = await runZwgk(['-c', file, 'census', 'exclude', 'shili', `${site.origin}/xxgk/czyjs/`, '--reason', '与上级平台共用栏目'], env);
    expect(ex.stderr).toBe('');
    expect(ex.stdout).toContain('已排除 shili 的栏目');
    expect(ex.stdout).toContain('操作人：测试员');
    const noReason = await runZwgk(['-c', file, 'census', 'exclude', 'shili', `${site.origin}/x/`, '--reason', ' '], env);
    expect(noReason.code).not.toBe(0);
    expect(noReason.stderr).toContain('--reason 不能为空');
    const show = await runZwgk(['-c', file, 'census', 'show', 'shili'], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('[已配置] 工作动态');
    expect(show.stdout).toContain('[普查发现] 重点领域信息');
    expect(show.stdout).toContain('与上级平台共用栏目（测试员');
    expect(show.stdout).toMatch(/失效链接比例：2026-11-06 [\d.]+%/);
  });

  it('zwgk discover prints reviewable config YAML for a unit, within its budget', async () => {
    const file = join(dir, 'district.yaml');
    writeFileSync(file, configYaml());
    const before = site.requests;
    const r = await runZwgk(['-c', file, 'discover', `${site.origin}/`, '--budget', '5', '--unit', 'shili'], { ZWGK_NOW: '2026-11-20T03:00:00Z' });
    expect(r.stderr).toBe('');
    expect(site.requests - before).toBe(5);
    expect(r.stdout).toContain('读取 5 个页面（已达页面上限，可能还有栏目未发现）');
    expect(r.stdout).toContain('- id: shili');
    expect(r.stdout).toContain('name: "示例镇"');
    expect(r.stdout).toMatch(/category: (news|notice|policy|personnel|finance|plan|annual-report)/);
    const bad = await runZwgk(['-c', file, 'discover', 'ftp://x/', '--budget', '0']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--budget 应为正整数');
  });

  it('spreads units over the census days and catches up a missed one', () => {
    const days = Array.from({ length: 7 }, (_, i) => addDays('2026-11-16', i));
    const due = days.filter((d) => censusDue('zhongshan', d, undefined, 7));
    expect(due).toHaveLength(1);
    expect(censusDue('zhongshan', '2026-11-20', '2026-11-18', 7)).toBe(false);
    expect(censusDue('zhongshan', '2026-11-20', '2026-11-01', 7)).toBe(true);
  });
});
