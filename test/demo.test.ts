import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runZwgk } from './helpers.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ScoreDocument } from '../reports/score-json.js';
import type { ColumnScore } from '../src/scoring/platform.js';


let dataDir: string;
let doc: ScoreDocument;
let db: Database.Database;

/** `zwgk demo --json`, the real CLI in a child process, keeping its database in `dataDir`. */

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'zwgk-demo-test-'));
  const run = await runZwgk(['demo', '--json', '--no-serve', '--data', dataDir]);
  expect(run.code, run.stderr).toBe(0);
  doc = JSON.parse(run.stdout) as ScoreDocument;
  db = new Database(join(dataDir, 'zwgk.sqlite'), { readonly: true });
}, 120_000);

afterAll(() => {
  db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const columns = (): (ColumnScore & { unit: string })[] =>
  doc.units.flatMap((u) => u.platform.columns.map((c) => ({ ...c, unit: u.id })));
const column = (unit: string, name: string) => {
  const c = columns().find((x) => x.unit === unit && x.name === name);
  if (!c) throw new Error(`no column ${unit}/${name}`);
  return c;
};
const observation = (unit: string, name: string) =>
  db.prepare('SELECT * FROM column_observations WHERE unit_id = ? AND column_name = ?').get(unit, name) as Record<string, string | number | null>;
const items = (unit: string, name: string) =>
  db.prepare('SELECT title, url, published, date_source, pinned FROM items WHERE unit_id = ? AND column_name = ? ORDER BY published DESC')
    .all(unit, name) as { title: string; url: string | null; published: string | null; date_source: string | null; pinned: number }[];

describe('zwgk demo', () => {
  it('audits a district of 6–10 units of every type, each with a platform score between 0 and 20', () => {
    expect(doc.asOf).toBe('2026-11-20');
    expect(doc.units.length).toBeGreaterThanOrEqual(6);
    expect(doc.units.length).toBeLessThanOrEqual(10);
    expect(new Set(doc.units.map((u) => u.type))).toEqual(new Set(['town', 'subdistrict', 'department', 'approval-bureau']));
    for (const u of doc.units) {
      expect(u.platform.columns.length, u.id).toBeGreaterThanOrEqual(4);
      expect(u.platform.columns.length, u.id).toBeLessThanOrEqual(8);
      expect(typeof u.platform.score, u.id).toBe('number');
      expect(u.platform.score).toBeGreaterThanOrEqual(0);
      expect(u.platform.score).toBeLessThanOrEqual(20);
    }
    // Not every unit is perfect, nor every unit failing.
    const scores = doc.units.map((u) => u.platform.score as number);
    expect(Math.min(...scores)).toBeLessThan(15);
    expect(Math.max(...scores)).toBe(20);
  });

  it('reads every page shape, including a script-built list and a 412 challenge in the browser', () => {
    const shapes = new Set(columns().map((c) => c.shape));
    for (const shape of ['S1', 'S2', 'S3', 'S5', 'S6', 'S7']) expect(shapes, shape).toContain(shape);
    expect(column('spj', '审批动态')).toMatchObject({ shape: 'S6+browser', status: 'ok' });
    expect(column('spj', '审批动态').itemCount).toBe(85);
    expect(column('spj', '通知公告')).toMatchObject({ shape: 'S1+browser', status: 'ok' });
    // The iframe page leads to iList.jsp; the gkmlpt jump_url to a TRS page. A script stub is a finding,
    // never credited with what its target lists.
    expect(observation('wjj', '卫健动态').final_url).toMatch(/\/wjj\/iList\.jsp\?cat_id=31$/);
    expect(observation('wjj', '政策文件')).toMatchObject({ status: 'redirect', item_count: 0 });
    expect(JSON.parse(observation('wjj', '政策文件').findings_json as string)).toContainEqual(
      expect.objectContaining({ kind: 'redirect-stub', via: 'script', to: expect.stringMatching(/\/wjj\/iList\.jsp\?cat_id=34$/) }));
    expect(column('fgj', '财政预决算')).toMatchObject({ shape: 'S1', status: 'ok', itemCount: 4 });
  });

  it('has a realistic mix of compliant, stale, blank and could-not-check columns', () => {
    const count = (status: string) => columns().filter((c) => c.status === status).length;
    expect(count('ok')).toBeGreaterThanOrEqual(25);
    expect(count('stale')).toBeGreaterThanOrEqual(4);
    expect(count('blank')).toBeGreaterThanOrEqual(3);
    expect(column('jyj', '人事信息')).toMatchObject({ status: 'unreachable', reason: expect.stringContaining('HTTP 500') });
    expect(column('wjj', '财政预决算')).toMatchObject({ status: 'unreachable', reason: expect.stringContaining('ECONNRESET') });
    expect(column('spj', '办件公示')).toMatchObject({ status: 'blocked', reason: expect.stringContaining('412') });
    expect(column('shiqiao', '政务动态')).toMatchObject({ status: 'stale', daysOverdue: 17 });
    expect(column('yunling', '人事信息')).toMatchObject({ status: 'blank', reason: expect.stringContaining('暂无信息') });
    expect(column('shiqiao', '重点领域信息公开').status).toBe('blank');
  });

  it('finds a missing and a late annual report among reports posted on time', () => {
    const postings = doc.units.flatMap((u) => u.platform.requiredPostings.map((r) => ({ ...r, unit: u.id })));
    expect(postings.find((r) => r.unit === 'shiqiao')).toMatchObject({ status: 'missing', due: '2026-01-31', deduction: 1 });
    expect(postings.find((r) => r.unit === 'wjj')).toMatchObject({ status: 'late', postedOn: '2026-02-10', deduction: 1 });
    expect(postings.filter((r) => r.status === 'on-time').length).toBeGreaterThanOrEqual(5);
    expect(doc.units.find((u) => u.id === 'shiqiao')?.platform.deductions).toBe(1);
  });

  it('reports future-dated and undated items, a broken link and a column that moved to another site', () => {
    expect(column('shiqiao', '政策文件')).toMatchObject({
      futureDatedCount: 1, futureItems: [{ title: '石桥镇关于做好2027年元旦春节期间安全生产工作的通知', date: '2027-01-15' }],
    });
    expect(column('cuihu', '首页').undatedCount).toBe(1);
    expect(column('jyj', '政策解读').undatedCount).toBe(1);
    expect(column('cuihu', '通知公告').brokenLinks).toEqual([expect.objectContaining({ outcome: 'http-4xx', status: 404 })]);
    expect(columns().flatMap((c) => c.brokenLinks)).toHaveLength(1);
    expect(column('wjj', '规划计划').redirectedTo).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wjj\/ghjh\/index\.html$/);
    expect(new URL(column('wjj', '规划计划').redirectedTo as string).host).not.toBe(new URL(column('wjj', '规划计划').url).host);
  });

  it('shows all 100 points: letters from the district mailbox, the application register and the inspectors\' entries', () => {
    const unit = (id: string) => doc.units.find((u) => u.id === id) as unknown as {
      mailbox: object; applications: object; rank: number | null; pendingItems: number[]; automatedRank: number | null;
    };
    const letters = doc.units.flatMap((u) => (u as unknown as { mailbox: { letters: { status: string; vetoed: boolean }[] } }).mailbox.letters);
    expect(letters.length).toBe(13);
    expect(new Set(letters.map((l) => l.status))).toEqual(new Set(['on-time', 'late', 'overdue', 'open']));
    expect(unit('shiqiao').mailbox).toMatchObject({ vetoed: true, score: 0 });
    expect(unit('jyj').applications).toMatchObject({ counted: 2, onTimeCount: 2 });
    expect(unit('wjj').applications).toMatchObject({ score: 0 });
    // Four units entered in full: final totals, ranked; the rest provisional and not ranked by total.
    const final = doc.units.filter((u) => !(u as unknown as { provisional: boolean }).provisional).map((u) => u.id).sort();
    expect(final).toEqual(['fgj', 'spj', 'wangjiang', 'yunling']);
    for (const id of final) expect(unit(id).rank, id).toBeGreaterThanOrEqual(1);
    expect(unit('shiqiao').rank).toBeNull();
    expect(unit('shiqiao').pendingItems).toEqual([3, 4, 6, 8, 10, 11, 12]);
    expect(unit('cuihu').automatedRank).toBeGreaterThanOrEqual(1);
  });

  it('keeps an HTML-injection title as the text it is', () => {
    expect(column('shiqiao', '政务动态').newestTitle).toBe('<img src=x onerror=alert(1)>');
  });

  it('survives the quirks of page-shapes.md', () => {
    // 11: 15 pages of news, and reading stops once older pages cannot change the score.
    expect(observation('yunling', '工作动态').pages_fetched).toBeGreaterThan(1);
    expect(observation('yunling', '工作动态').pages_fetched).toBeLessThan(15);
    // 2, 12: spacers, nested 解读 links and the phone copy of a list are not items; titles cut with … are read in full.
    const news = items('yunling', '工作动态');
    expect(news.some((i) => i.title.startsWith('【解读】') || i.title.startsWith('图解'))).toBe(false);
    expect(columns().flatMap((c) => items(c.unit, c.name)).filter((i) => /…$/.test(i.title))).toEqual([]);
    expect(items('shiqiao', '政务动态')).toHaveLength(column('shiqiao', '政务动态').itemCount);
    expect(new Set(items('wangjiang', '工作动态').map((i) => i.url)).size).toBe(90);
    // 3: a pinned item from 2024 on top of the notices.
    expect(items('yunling', '通知公告').filter((i) => i.pinned === 1).map((i) => i.published)).toEqual(['2024-03-01']);
    // 4: [MM-DD] dates reaching back into last December.
    expect(items('jyj', '通知公告').at(-1)?.published).toBe('2025-12-15');
    // 1, 6: dates only on detail pages, a label outranking a page-generation meta date.
    const explained = items('jyj', '政策解读');
    expect(explained.filter((i) => i.date_source === 'detail')).toHaveLength(7);
    expect(explained.some((i) => i.published === '2026-11-20')).toBe(false);
    // 6: TRS detail URLs carry a date a day off the shown one; the list date wins.
    expect(news.filter((i) => /t(\d{8})_/.exec(i.url ?? '')?.[1] !== i.published?.replaceAll('-', '')).length).toBeGreaterThan(0);
    // 7: a WeChat article stays an item; a protocol-relative link is resolved against the page.
    const enrolment = items('jyj', '招生入学');
    expect(enrolment.some((i) => i.url?.startsWith('https://mp.weixin.qq.example/'))).toBe(true);
    expect(enrolment.every((i) => i.url?.startsWith('http'))).toBe(true);
    // 10: a total that disagrees with what is served.
    expect(JSON.parse(observation('shiqiao', '通知公告').findings_json as string)).toContainEqual({ kind: 'total-mismatch', stated: 25, served: 23 });
    // A legacy GB2312 page, its charset only in <meta>.
    expect(items('jyj', '教育动态')[0].title).toMatch(/^区教育局|^全区/);
  });
});
