import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../src/time/clock.js';
import { buildWeeklyContext } from '../reports/weekly-context.js';
import { weeklyUnitReport } from '../reports/weekly-unit.js';
import { CensusRepo } from '../src/store/census-repo.js';
import type { CensusReading } from '../src/census/discover.js';
import { censusKey } from '../src/census/census-key.js';
import { addDays } from '../src/time/dates.js';
import { REPORT_DAY, weeklyDistrict, type WeeklyDistrict } from './weekly-fixture.js';

let district: WeeklyDistrict;
beforeAll(async () => {
  district = await weeklyDistrict();
  await district.crawl([REPORT_DAY]);
});
afterAll(async () => { await district?.close(); });

/** A census of 青山镇 that found five first-level news columns nobody configured, none updated for a month. */
function reading(origin: string): CensusReading {
  return {
    homepage: { url: `${origin}/`, reachable: true, kind: 'navigation', newestDate: null, itemCount: 0, undatedCount: 0, evidence: null },
    directoryUrl: `${origin}/xxgk/`, needsBrowser: [], pagesFetched: 8, budgetExhausted: false, links: [], failedPages: [],
    columns: [1, 2, 3, 4, 5].map((i) => ({
      url: `${origin}/qingshan/found${i}/`, name: `村务动态${i}`, nameSource: 'anchor' as const, category: 'news' as const, level: 1 as const,
      shape: 'S1', itemCount: 6, undatedCount: 0, newestDate: addDays(REPORT_DAY, -30), newestTitle: '旧闻', blank: false, needsBrowser: false,
      foundOn: `${origin}/xxgk/`, evidence: `${'a'.repeat(63)}${i}`,
    })),
  };
}

describe('the weekly veto box counts the census columns', () => {
  it('a unit whose configured columns are fresh is vetoed for stale columns the census found, until one is excluded', () => {
    const clock = new SettableClock(`${REPORT_DAY}T00:00:00Z`);
    const app = district.open(clock);
    try {
      const stale = () => weeklyUnitReport(buildWeeklyContext(app, REPORT_DAY), 'qingshan').vetoes.find((v) => v.id === 'stale-columns')!;
      expect(stale().status).toBe('ok');
      const repo = new CensusRepo(app.db);
      repo.save('qingshan', addDays(REPORT_DAY, -1), clock.now(), reading(district.site.origin), censusKey, { checked: 0, unchecked: 0, broken: [], brokenLinks: 0, recentlyOk: 0, results: [] });
      const vetoed = stale();
      expect(vetoed.status).toBe('veto');
      expect(vetoed.detail).toContain('其中普查发现 5 个');
      expect(vetoed.evidence?.map((e) => e.name)).toEqual(['村务动态1', '村务动态2', '村务动态3', '村务动态4', '村务动态5']);
      expect(vetoed.evidence?.[0].why).toContain('普查发现');
      const url = `${district.site.origin}/qingshan/found3/`;
      repo.exclude({ unitId: 'qingshan', url, urlKey: censusKey(url), reason: '已并入工作动态', by: '测试员', at: clock.now().toISOString() });
      expect(stale().status).toBe('ok');
    } finally {
      app.close();
    }
  });
});
