import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { SettableClock } from '../src/time/clock.js';
import { buildWeeklyContext } from '../reports/weekly-context.js';
import { renderWeeklyUnit, weeklyUnitReport } from '../reports/weekly-unit.js';
import { officeSummary, renderOfficeSummary } from '../reports/office-summary.js';
import { writeWeeklyReports } from '../reports/weekly-files.js';
import { IMG_TITLE, REPORT_DAY, ROOT, SCRIPT_TITLE, weeklyDistrict, type WeeklyDistrict } from './weekly-fixture.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
let district: WeeklyDistrict;
let browser: Browser;

beforeAll(async () => {
  district = await weeklyDistrict();
  await district.crawl();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
});
afterAll(async () => {
  await browser?.close();
  await district?.close();
});

function context() {
  const app = district.open(new SettableClock(`${REPORT_DAY}T00:00:00Z`));
  return { app, ctx: buildWeeklyContext(app, REPORT_DAY) };
}

describe('weekly unit report', () => {
  it('lists the points lost so far, most first, with the stale columns newest item, date, days over and link', () => {
    const { app, ctx } = context();
    const r = weeklyUnitReport(ctx, 'shuiwu');
    app.close();
    expect(r.lost.length).toBeGreaterThanOrEqual(6);
    const points = r.lost.map((f) => f.points);
    expect(points).toEqual([...points].sort((a, b) => b - a));
    expect(points[0]).toBeGreaterThan(0);
    const news = r.lost.find((f) => f.text.includes('「工作动态」'))!;
    expect(news.text).toContain(SCRIPT_TITLE);
    expect(news.text).toContain('2026-10-14');
    expect(news.text).toContain('已超过 14 天更新周期 26 天');
    expect(news.url).toBe(`${district.site.origin}/shuiwu/c1/index.html`);
    expect(news.newestUrl).toBe(`${district.site.origin}/shuiwu/c1/t0.html`);
    expect(news.evidence).toMatch(/^[0-9a-f]{64}$/);
    expect(r.lost.some((f) => f.text.includes('「政策解读」有栏目无内容'))).toBe(true);
  });

  it('puts the veto risks first in what to fix this week, each tied to its veto and with a deadline', () => {
    const { app, ctx } = context();
    const r = weeklyUnitReport(ctx, 'shuiwu');
    app.close();
    const vetoed = r.fixes.filter((f) => f.veto);
    expect(r.fixes.slice(0, vetoed.length)).toEqual(vetoed);
    expect(new Set(vetoed.map((f) => f.veto!.id))).toEqual(new Set(['homepage', 'stale-columns']));
    expect(vetoed.find((f) => f.column === '首页')!.veto).toMatchObject({ id: 'homepage', triggered: true });
    expect(r.fixes.every((f) => f.deadline > REPORT_DAY)).toBe(true);
    const rest = r.fixes.slice(vetoed.length).map((f) => f.recoverable);
    expect(rest).toEqual([...rest].sort((a, b) => b - a));
    expect(r.fixes.find((f) => f.column === '政策解读')).toMatchObject({ key: { unitId: 'shuiwu', kind: 'blank' }, state: 'failing' });
  });

  it('raises the national veto alerts: five stale news/notice columns and a homepage not updated in two weeks', () => {
    const { app, ctx } = context();
    const bad = weeklyUnitReport(ctx, 'shuiwu');
    const good = weeklyUnitReport(ctx, 'qingshan');
    app.close();
    const status = (r: typeof bad) => Object.fromEntries(r.vetoes.map((v) => [v.id, v.status]));
    expect(status(bad)).toMatchObject({ 'stale-columns': 'veto', homepage: 'veto', 'blank-columns': 'ok' });
    expect(bad.vetoes.find((v) => v.id === 'stale-columns')!.detail).toContain('超期未更新 5 个');
    expect(status(good)).toMatchObject({ 'stale-columns': 'ok', homepage: 'ok', 'blank-columns': 'ok' });
    // Nightly crawl requests are not availability probes: with no probe the rule cannot be judged, said, not guessed.
    expect(bad.vetoes.find((v) => v.id === 'unreachable')).toMatchObject({ status: 'unknown' });
    expect(bad.vetoes.find((v) => v.id === 'unreachable')!.detail).toContain('近 7 天仅有 0 次可用性探测，不足一天的次数，无法判断');
  });

  it('shows every item with the change since last week, recomputed as of that date', () => {
    const { app, ctx } = context();
    const r = weeklyUnitReport(ctx, 'hexi');
    app.close();
    expect(r.previousAsOf).toBe('2026-11-16');
    expect(r.items.map((i) => i.no).filter((n) => n !== null)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(r.items.find((i) => i.no === 1)).toMatchObject({ points: null, status: 'pending' });
    const platform = r.items.find((i) => i.isPart && i.name === '信息公开平台更新')!;
    expect(platform.points).not.toBeNull();
    expect(platform.previous).not.toBeNull();
    // 工作动态 was stale from 10-13 to 11-16 and fresh again from 11-17: this week's column-days all count.
    expect(platform.change).toBeGreaterThan(0);
    expect(r.automated.change).toBe(platform.change);
    expect(r.trend.map((t) => t.asOf)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    expect(r.trend.every((t) => t.automated !== null)).toBe(true);
    expect(r.cannotCheck.map((f) => f.text).join()).toContain('「人事信息」无法访问');
  });

  it('escapes every crawled string: the script and onerror titles show as text in the HTML, in Chromium', async () => {
    const { app, ctx } = context();
    const rendered = renderWeeklyUnit(weeklyUnitReport(ctx, 'shuiwu', { filename: '考核表-区水务局.xlsx' }));
    app.close();
    expect(rendered.html).not.toContain('<script');
    expect(rendered.html).not.toContain('<img');
    expect(rendered.html).toContain('&lt;script&gt;window.__pwned = 1; alert(&quot;xss&quot;)&lt;/script&gt;水务工作动态');
    expect(rendered.text).toContain(SCRIPT_TITLE);
    expect(rendered.subject).toMatch(/^【否决预警】【政务公开周报】区水务局（截至 2026-11-23）第9项 [\d.]+\/30；总分 [\d.]+\/100（暂定，\d+项待录入），本周需整改 \d+ 项$/);

    const page = await browser.newPage({ viewport: { width: 760, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.setContent(rendered.html, { waitUntil: 'load' });
    const seen = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      scripts: document.scripts.length,
      images: document.images.length,
      text: document.body.innerText,
    }));
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'weekly-unit-shuiwu.png'), fullPage: true });
    await page.close();
    expect(dialogs).toEqual([]);
    expect(seen).toMatchObject({ pwned: null, scripts: 0, images: 0 });
    expect(seen.text).toContain(SCRIPT_TITLE);
    expect(seen.text).toContain(IMG_TITLE);
    expect(seen.text).toContain('触发 2 项单项否决');
    expect(seen.text).toContain('得分走势');
  });
});

describe('office summary', () => {
  it('ranks every unit with the change since last week, names the veto units, movers and what could not be checked', async () => {
    const { app, ctx } = context();
    const reports = ctx.units.map((u) => weeklyUnitReport(ctx, u.id));
    const s = officeSummary(ctx, reports, { unitsWithoutEmail: ['河西街道办事处'] });
    app.close();
    // No manual entry yet: no total is final, so nobody is ranked by total; item 9 is ranked on its own.
    expect(s.ranking.final).toEqual([]);
    expect(s.ranking.provisional.map((r) => r.rank)).toEqual([null, null, null]);
    const auto = s.ranking.automated!;
    expect(auto.map((r) => r.automatedRank)).toEqual([...auto.map((r) => r.automatedRank)].sort((a, b) => a! - b!));
    expect(auto[0].id).toBe('qingshan');
    expect(auto.at(-1)!.id).toBe('shuiwu');
    expect(auto.every((r) => r.change.automatedRank !== null && !r.change.isNew)).toBe(true);
    expect(s.vetoUnits.map((u) => u.id)).toEqual(['shuiwu']);
    expect(s.movers.up.map((r) => r.id)).toContain('hexi');
    expect(s.health.unchecked).toEqual([expect.objectContaining({ unit: '河西街道办事处', column: '人事信息', status: '无法访问' })]);
    expect(s.health.lastRun).toMatchObject({ asOf: REPORT_DAY, status: 'done', unitsDone: 3 });

    const rendered = renderOfficeSummary(s);
    expect(rendered.subject).toBe('【政务公开周报】测试区汇总（截至 2026-11-23）：3 个单位，1 个单位触发否决预警，3 个单位总分暂定（人工项待录入）');
    expect(rendered.text).toContain('以下单位未配置邮箱，本周报告未发送：河西街道办事处');
    const page = await browser.newPage({ viewport: { width: 760, height: 900 } });
    await page.setContent(rendered.html, { waitUntil: 'load' });
    const text = await page.evaluate(() => document.body.innerText);
    await page.screenshot({ path: join(ARTIFACTS, 'office-summary.png'), fullPage: true });
    await page.close();
    expect(text).toContain('区水务局');
    expect(text).toContain('本周未能检查 1 个栏目');
  });

  it('zwgk report weekly --out writes the same reports, with each unit\'s XLSX form', async () => {
    const app = district.open(new SettableClock(`${REPORT_DAY}T00:00:00Z`));
    const out = join(district.dir, 'out');
    const { files } = await writeWeeklyReports(app, REPORT_DAY, out);
    app.close();
    const names = files.map((f) => f.slice(out.length + 1)).sort();
    expect(names).toEqual([
      '2026-11-23/hexi.html', '2026-11-23/hexi.txt', '2026-11-23/hexi.xlsx', '2026-11-23/office-summary.html', '2026-11-23/office-summary.txt',
      '2026-11-23/qingshan.html', '2026-11-23/qingshan.txt', '2026-11-23/qingshan.xlsx', '2026-11-23/shuiwu.html', '2026-11-23/shuiwu.txt', '2026-11-23/shuiwu.xlsx',
    ]);
    expect(readFileSync(join(out, '2026-11-23/shuiwu.xlsx')).subarray(0, 2).toString()).toBe('PK');
    const html = readFileSync(join(out, '2026-11-23/shuiwu.html'), 'utf8');
    expect(html).toContain('附件「考核表-区水务局-截至2026-11-23.xlsx」');
    writeFileSync(join(ARTIFACTS, 'weekly-unit-shuiwu.html'), html);
  });
});

describe('veto rules', () => {
  it('judges the site unreachable only on 20+ probes, at 5% failures', async () => {
    const { vetoChecks } = await import('../reports/veto-alerts.js');
    const { app, ctx } = context();
    const platform = ctx.now.get('qingshan')!.platform;
    app.close();
    const judge = (probes: number, failed: number) => vetoChecks({ platform, probes: { days: 7, probes, failed }, asOf: REPORT_DAY }).find((v) => v.id === 'unreachable')!.status;
    expect(judge(19, 19)).toBe('unknown');
    expect(judge(140, 6)).toBe('ok');
    expect(judge(140, 7)).toBe('veto');
  });

  it('flags a letter unanswered for more than three months', async () => {
    const { vetoChecks } = await import('../reports/veto-alerts.js');
    const { app, ctx } = context();
    const platform = ctx.now.get('qingshan')!.platform;
    app.close();
    const letter = (submitted: string, replied: string | null) => ({ id: submitted, title: `来信${submitted}`, url: null, submitted, replied, workdays: null, limit: 5, onTime: null, status: null, vetoed: null });
    const judge = (letters: ReturnType<typeof letter>[]) => vetoChecks({ platform, probes: { days: 0, probes: 0, failed: 0 }, asOf: REPORT_DAY, mailbox: { score: 5, max: 5, counted: letters.length, entries: letters } }).find((v) => v.id === 'unanswered-letters')!;
    expect(judge([letter('2026-08-24', null)]).status).toBe('ok');
    expect(judge([letter('2026-08-22', null)])).toMatchObject({ status: 'veto', detail: expect.stringContaining('「来信2026-08-22」') });
    // Answered four months later: it was unanswered for more than three months (the national rule, and the scheme's vetoMonths).
    expect(judge([letter('2026-05-01', '2026-09-01')]).status).toBe('veto');
    expect(judge([letter('2026-05-01', '2026-07-31')]).status).toBe('ok');
  });
});

describe('letters in the weekly report', () => {
  it('lists late and overdue letters with the points they cost, and a letter past three months as a veto', () => {
    const { app, ctx } = context();
    app.close();
    const score = ctx.now.get('qingshan')!;
    const letter = (id: string, over: Record<string, unknown>) => ({
      id, title: `关于${id}的来信`, url: `http://mailbox.example/${id}`, mailbox: '区长信箱', handler: '青山镇', type: 'consultation',
      submitted: '2026-11-02', replied: null, workdays: 3, limit: 5, onTime: true, status: 'on-time', vetoed: false, satisfaction: null, events: [], ...over,
    });
    Object.assign(score, {
      mailbox: {
        score: 0, max: 5, counted: 4, onTimeCount: 2, vetoed: true, limitWorkdays: 5, satisfaction: { rated: 0, satisfied: 0, rate: null },
        letters: [
          letter('A1', {}),
          letter('A2', { replied: '2026-11-20', workdays: 14, onTime: false, status: 'late' }),
          letter('A3', { submitted: '2026-08-03', workdays: 77, onTime: false, status: 'overdue', vetoed: true }),
          letter('A4', { submitted: '2026-11-20', workdays: 1, onTime: null, status: 'pending' }),
          letter('A5', { replied: '2026-11-04', workdays: 2 }),
        ],
      },
    });
    const r = weeklyUnitReport(ctx, 'qingshan');
    const letters = r.lost.filter((f) => f.linkLabel === '信件');
    expect(letters.map((f) => [f.points, f.url])).toEqual([[5, 'http://mailbox.example/A3'], [1.25, 'http://mailbox.example/A2']]);
    expect(letters[0].text).toBe('信件「关于A3的来信」2026-08-03 提交，至今未回复，已过 77 个工作日，时限 5 个工作日，超过 3 个月未回复（单项否决，本项计 0 分）');
    expect(r.lost[0]).toBe(letters[0]);
    expect(r.fixes[0]).toMatchObject({ key: { columnId: 'letter:区长信箱:A3', kind: 'letter' }, veto: { id: 'unanswered-letters', triggered: true } });
    expect(r.vetoes.find((v) => v.id === 'unanswered-letters')).toMatchObject({ status: 'veto', detail: expect.stringContaining('「关于A3的来信」（2026-08-03 提交）') });
    expect(renderWeeklyUnit(r).html).toContain('打开信件');
  });
});

describe('zwgk report (CLI)', () => {
  it('writes one unit\'s report to a directory, and hands out the archived page an evidence number names', async () => {
    const { spawnSync } = await import('node:child_process');
    const out = join(district.dir, 'cli-out');
    const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '-c', district.configFile, ...args], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, ZWGK_NOW: `${REPORT_DAY}T02:00:00Z` },
    });
    const weekly = run(['report', 'weekly', '--unit', 'shuiwu', '--out', out]);
    expect(weekly.status).toBe(0);
    expect(weekly.stdout).toContain('已写入 3 个文件（截至 2026-11-23）');
    const html = readFileSync(join(out, REPORT_DAY, 'shuiwu.html'), 'utf8');
    const hash = /存档编号 (?:<span[^>]*>)?([0-9a-f]{12})/.exec(html)![1];

    const file = join(district.dir, 'evidence.html');
    const evidence = run(['report', 'evidence', hash, '--out', file]);
    expect(evidence.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/<ul class="u-list">/);
    const bad = run(['report', 'weekly', '--out', out, '--unit', 'nope']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('配置中没有编号为 "nope" 的单位');
  });
});
