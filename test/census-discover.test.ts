import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { discoverSite, type CensusReading } from '../src/census/discover.js';
import { censusYaml } from '../src/census/census-yaml.js';
import { classifyColumn } from '../src/census/classify.js';
import { ExtractionCache } from '../src/audit/extraction-cache.js';
import { hanwebGbkSite, jspFramesSite, scriptMenuSite, trsSite } from './census-fixture.js';
import { makeFetcher, tempDb } from './helpers.js';

const sites: SiteServer[] = [];
async function serve(site: ReturnType<typeof trsSite>): Promise<SiteServer> {
  const s = await serveSite(site);
  sites.push(s);
  return s;
}
afterAll(async () => { await Promise.all(sites.map((s) => s.close())); });

async function discover(origin: string, budget = 200): Promise<CensusReading> {
  const t = tempDb();
  const fetcher = makeFetcher(t.db);
  try {
    return await discoverSite(`${origin}/`, { fetcher, budget, extractions: new ExtractionCache(t.db) });
  } finally {
    fetcher.close();
    t.cleanup();
  }
}

const byName = (r: CensusReading) => Object.fromEntries(r.columns.map((c) => [c.name, c]));

describe('zwgk discover: a TRS site with a directory', () => {
  let reading: CensusReading;
  let site: SiteServer;
  beforeAll(async () => {
    site = await serve(trsSite());
    reading = await discover(site.origin);
  });

  it('finds every list column, named by its link and classified from its name', () => {
    const cols = byName(reading);
    expect(Object.keys(cols).sort()).toEqual(['专题活动', '人事信息', '工作动态', '政府信息公开年报', '政策文件', '村居动态', '规划计划', '财政预决算', '通知公告', '新闻中心'].sort());
    expect(Object.fromEntries(Object.entries(cols).map(([n, c]) => [n, c.category]))).toEqual({
      工作动态: 'news', 通知公告: 'notice', 人事信息: 'personnel', 财政预决算: 'finance', 规划计划: 'plan', 专题活动: 'other',
      政策文件: 'policy', 政府信息公开年报: 'annual-report', 村居动态: 'news', 新闻中心: 'news',
    });
    // Reached through a script stub on /xwzx/, named by the link that led there.
    expect(cols['新闻中心']).toMatchObject({ url: `${site.origin}/xwzx/tpxw/`, level: 1, itemCount: 5 });
    expect(cols['政策文件'].shape).toBe('S2');
    expect(cols['工作动态'].shape).toBe('S1');
  });

  it('records what it saw: items, newest date, blank lists, level under the directory', () => {
    const cols = byName(reading);
    expect(cols['工作动态']).toMatchObject({ itemCount: 6, newestDate: '2026-11-18', level: 1, blank: false });
    expect(cols['规划计划']).toMatchObject({ itemCount: 0, blank: true, level: 1 });
    expect(cols['村居动态'].level).toBe(2);
    expect(reading.directoryUrl).toBe(`${site.origin}/xxgk/`);
    expect(reading.homepage).toMatchObject({ kind: 'list', newestDate: '2026-11-17', reachable: true });
    // The static 机构职能 page and the 互动交流 page are not columns with lists.
    expect(reading.columns.some((c) => c.url.includes('/jgzn/') || c.url.includes('/hdjl/'))).toBe(false);
  });

  it('never follows item links or leaves the site, but records every link for the link checks', () => {
    expect(reading.columns.some((c) => /t\d{8}_/.test(c.url))).toBe(false);
    expect(reading.links.some((l) => l.url.startsWith('http://www.gov.cn.example/'))).toBe(true);
    expect(reading.links.filter((l) => /t\d{8}_/.test(l.url)).length).toBeGreaterThan(20);
    expect(reading.budgetExhausted).toBe(false);
    expect(reading.pagesFetched).toBeLessThan(20);
  });

  it('prints config YAML for review, the unclassified column commented out', () => {
    const yaml = censusYaml(reading, { id: 'shili', name: '示例镇' });
    expect(yaml).toContain('- name: "工作动态"');
    expect(yaml).toMatch(/# 工作动态，一级栏目，6 条，最新 2026-11-18/);
    expect(yaml).toContain('category: news');
    expect(yaml).toMatch(/#\s+- name: "专题活动"/);
    expect(yaml).toContain('category: homepage');
    expect(yaml).toContain('空白栏目（暂无信息）');
  });
});

describe('zwgk discover: other layouts', () => {
  it('reads a GBK Hanweb site whose directory link redirects, from a navigation-only homepage', async () => {
    const site = await serve(hanwebGbkSite());
    const r = await discover(site.origin);
    const cols = byName(r);
    expect(Object.keys(cols).sort()).toEqual(['乡镇要闻', '公示公告', '政策解读'].sort());
    expect(cols['乡镇要闻']).toMatchObject({ category: 'news', shape: 'S3', itemCount: 8, level: 1 });
    expect(cols['公示公告'].category).toBe('notice');
    expect(cols['政策解读'].category).toBe('policy');
    expect(r.homepage.kind).toBe('navigation');
    expect(r.directoryUrl).toBe(`${site.origin}/col/col1/index.html`);
  });

  it('reads a JSP site through its frameset', async () => {
    const site = await serve(jspFramesSite());
    const r = await discover(site.origin);
    expect(r.columns.map((c) => [c.name, c.category, c.shape]).sort()).toEqual([
      ['人事任免', 'personnel', 'S7'], ['规范性文件', 'policy', 'S7'], ['通知公告', 'notice', 'S7'], ['部门动态', 'news', 'S7'],
    ].sort());
  });

  it('records a script-built menu as needing a browser instead of guessing', async () => {
    const site = await serve(scriptMenuSite());
    const r = await discover(site.origin);
    expect(r.columns).toEqual([]);
    expect(r.needsBrowser).toEqual([{ url: `${site.origin}/`, reason: '栏目导航由脚本生成，需浏览器读取' }]);
    expect(censusYaml(r, {})).toContain('需浏览器');
  });

  it('stays within its page budget on a site of 10,000 links', async () => {
    const links = Array.from({ length: 10_000 }, (_, i) => `<li><a href="/p/${i}.html">栏目${i}</a></li>`).join('');
    const s = await serveSite({ routes: { '/': (_q, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><body><ul>${links}</ul></body></html>`); } },
      fallback: (_q, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body><p>page</p></body></html>'); } });
    sites.push(s);
    const r = await discover(s.origin, 40);
    expect(r.pagesFetched).toBe(40);
    expect(s.requests).toBe(40);
    expect(r.budgetExhausted).toBe(true);
  });
});

describe('column categories', () => {
  it.each([
    ['工作动态', 'news'], ['今日要闻', 'news'], ['通知公告', 'notice'], ['公示公告', 'notice'], ['规范性文件', 'policy'],
    ['政策文件', 'policy'], ['规划计划', 'plan'], ['人事信息', 'personnel'], ['财政预决算', 'finance'], ['重点领域信息公开', 'key-area'],
    ['政府信息公开年度报告', 'annual-report'], ['政府信息公开指南', 'guide'], ['机构职能', 'static'], ['专题活动', 'other'], ['网站地图', 'other'],
  ])('%s -> %s', (name, category) => {
    expect(classifyColumn(name)).toBe(category);
  });
});
