import { describe, expect, it } from 'vitest';
import { siteVetoes, type HomepageFact, type SiteColumnFact } from '../src/scoring/site-vetoes.js';
import { siteFacts, type UnitCensusFacts } from '../src/scoring/site-facts.js';
import { censusKey } from '../src/census/census-key.js';
import { addDays } from '../src/time/dates.js';
import type { ColumnScore } from '../src/scoring/platform.js';

const AS_OF = '2026-11-20';
let n = 0;
function col(category: string, ago: number | null, over: Partial<SiteColumnFact> = {}): SiteColumnFact {
  n++;
  return {
    name: `栏目${n}`, url: `http://x.example/c${n}/`, category, level: 1, source: 'discovered', state: 'read',
    newestDate: ago === null ? null : addDays(AS_OF, -ago), seenOn: AS_OF,
    cadenceDays: ({ news: 14, notice: 180, policy: 180, plan: 365 } as Record<string, number>)[category] ?? null, evidence: `e${n}`, ...over,
  };
}
const verdict = (columns: SiteColumnFact[], homepage?: HomepageFact) =>
  Object.fromEntries(siteVetoes({ columns, homepage, asOf: AS_OF }).map((v) => [v.id, v]));

describe('栏目不更新: each branch of the national rule', () => {
  it('five first-level news columns older than two weeks: veto; four: not', () => {
    expect(verdict(Array.from({ length: 5 }, () => col('news', 15)))['stale-columns'].status).toBe('veto');
    expect(verdict(Array.from({ length: 4 }, () => col('news', 15)))['stale-columns'].status).toBe('ok');
  });

  it('notices and policies count after six months, not after two weeks', () => {
    const fresh = [col('notice', 100), col('notice', 170), col('policy', 150), col('policy', 60), col('notice', 30)];
    expect(verdict(fresh)['stale-columns'].status).toBe('ok');
    const old = [col('notice', 200), col('notice', 190), col('policy', 250), col('policy', 186), col('notice', 300)];
    const v = verdict(old)['stale-columns'];
    expect(v.status).toBe('veto');
    expect(v.evidence.map((e) => e.evidence)).toEqual(old.map((c) => c.evidence));
  });

  it('second-level columns do not count toward the first-level branch', () => {
    expect(verdict(Array.from({ length: 6 }, () => col('news', 20, { level: 2 })))['stale-columns'].status).toBe('ok');
  });

  it('ten columns that should update and did not (any category with a cadence): veto; nine: not', () => {
    const plans = (k: number) => Array.from({ length: k }, () => col('plan', 400, { level: 2 }));
    expect(verdict(plans(10))['stale-columns'].status).toBe('veto');
    expect(verdict(plans(9))['stale-columns'].status).toBe('ok');
    // `other` columns have no cadence requirement.
    expect(verdict(Array.from({ length: 12 }, () => col('other', 400)))['stale-columns'].status).toBe('ok');
  });

  it('five blank columns: veto; four: not', () => {
    expect(verdict(Array.from({ length: 5 }, () => col('other', null, { state: 'blank' })))['blank-columns'].status).toBe('veto');
    expect(verdict(Array.from({ length: 4 }, () => col('news', null, { state: 'blank' })))['blank-columns'].status).toBe('ok');
  });

  it('columns that could not be read never count; nothing read at all is unknown', () => {
    const unread = Array.from({ length: 12 }, () => col('news', 100, { state: 'unchecked' }));
    expect(verdict(unread)['stale-columns'].status).toBe('unknown');
    expect(verdict([...unread, col('news', 1)])['stale-columns'].status).toBe('ok');
    // Read but undated: not counted unless the reading itself said stale.
    expect(verdict(Array.from({ length: 6 }, () => col('news', null)))['stale-columns'].status).toBe('ok');
  });

  it('judges a census reading as of its census day', () => {
    // Newest item 10 days before a census held 10 days ago: fresh that day; not counted as stale now.
    const cs = Array.from({ length: 5 }, () => col('news', 20, { seenOn: addDays(AS_OF, -10) }));
    expect(verdict(cs)['stale-columns'].status).toBe('ok');
  });
});

describe('首页不更新: both homepage kinds', () => {
  const home = (over: Partial<HomepageFact>): HomepageFact => ({ url: 'http://x.example/', kind: 'list', newestDate: null, itemCount: 5, seenOn: AS_OF, evidence: 'h', children: [], ...over });
  it('a homepage with items: veto when its newest is older than two weeks or undated', () => {
    expect(verdict([], home({ newestDate: addDays(AS_OF, -15) })).homepage.status).toBe('veto');
    expect(verdict([], home({ newestDate: addDays(AS_OF, -14) })).homepage.status).toBe('ok');
    const undated = verdict([], home({ newestDate: null })).homepage;
    expect(undated.status).toBe('veto');
    expect(undated.detail).toContain('没有带日期的信息');
  });

  it('a navigation-only homepage is judged by its second-level pages', () => {
    const stale = [col('news', 20), col('notice', 40)];
    const v = verdict([], home({ kind: 'navigation', children: stale })).homepage;
    expect(v.status).toBe('veto');
    expect(v.evidence[0].url).toBe(stale[0].url);
    expect(verdict([], home({ kind: 'navigation', children: [...stale, col('notice', 3)] })).homepage.status).toBe('ok');
    expect(verdict([], home({ kind: 'navigation', children: [col('news', null, { state: 'unchecked' })] })).homepage.status).toBe('unknown');
    expect(verdict([], home({ kind: 'unreadable' })).homepage.status).toBe('unknown');
  });
});

describe('site facts: configured and census columns together, minus exclusions', () => {
  const platformCol = (name: string, url: string, status: ColumnScore['status'], newestDate: string | null, category = 'news'): ColumnScore => ({
    name, url, category, status, reason: null, cadenceDays: 14, newestDate, newestTitle: null, newestUrl: null, itemCount: 3, undatedCount: 0,
    futureDatedCount: 0, daysOverdue: null, checkedDays: 0, compliantDays: 0, reconstructedDays: 0, uncheckedDays: 0, pointsLost: 0,
    evidence: null, redirectedTo: null, shape: null, listEnd: null, earlyDays: null, futureItems: [], backdatedItems: [], brokenLinks: [], siteMoves: [],
  });
  const census = (day: string): UnitCensusFacts => ({
    day,
    homepage: { url: 'http://x.example/', reachable: true, kind: 'navigation', newestDate: null, itemCount: 0, evidence: 'h' },
    columns: [1, 2, 3, 4].map((i) => ({
      urlKey: censusKey(`http://x.example/d${i}/`), url: `http://x.example/d${i}/`, name: `动态${i}`, category: 'news', level: 1 as const,
      newestDate: '2026-10-01', itemCount: 5, blank: false, needsBrowser: false, foundOn: 'http://x.example/', evidence: `d${i}`,
    })).concat([{ urlKey: censusKey('http://x.example/gzdt/index.html'), url: 'http://x.example/gzdt/index.html', name: '工作动态', category: 'news', level: 1,
      newestDate: '2026-10-01', itemCount: 5, blank: false, needsBrowser: false, foundOn: 'http://x.example/', evidence: 'g' }]),
    exclusions: [{ urlKey: censusKey('http://x.example/d4/'), url: 'http://x.example/d4/', reason: '已停用' }],
  });
  const platform = [platformCol('工作动态', 'http://x.example/gzdt/', 'stale', '2026-10-01'), platformCol('要闻', 'http://x.example/yw/', 'stale', '2026-10-02')];

  it('counts discovered columns with configured ones, once each, and leaves excluded ones out', () => {
    const facts = siteFacts({ platform, census: census('2026-11-18'), asOf: AS_OF, cadenceDays: { news: 14 }, key: censusKey });
    expect(facts.columns.map((c) => `${c.source}:${c.name}`)).toEqual(['configured:工作动态', 'configured:要闻', 'discovered:动态1', 'discovered:动态2', 'discovered:动态3']);
    expect(siteVetoes({ ...facts, asOf: AS_OF }).find((v) => v.id === 'stale-columns')!.status).toBe('veto');
    // Without the census only the two configured columns count.
    const alone = siteFacts({ platform, asOf: AS_OF, cadenceDays: { news: 14 }, key: censusKey });
    expect(siteVetoes({ ...alone, asOf: AS_OF }).find((v) => v.id === 'stale-columns')!.status).toBe('ok');
  });

  it('does not use a census older than 30 days', () => {
    const facts = siteFacts({ platform, census: census('2026-10-10'), asOf: AS_OF, cadenceDays: { news: 14 }, key: censusKey });
    expect(facts.columns.filter((c) => c.source === 'discovered')).toEqual([]);
  });
});
