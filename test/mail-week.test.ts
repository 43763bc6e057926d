import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { openApp, type App } from '../src/app.js';
import { SettableClock } from '../src/time/clock.js';
import { addDays } from '../src/time/dates.js';
import { CHROMIUM_ARGS } from '../src/fetch/browser-pool.js';
import { ManualEntriesRepo } from '../src/manual/entries-repo.js';
import { recordEntry } from '../src/manual/record.js';
import type { UnitType } from '../src/config/schema.js';
import { buildWeeklyContext } from '../reports/weekly-context.js';
import { renderWeeklyUnit, weeklyUnitReport } from '../reports/weekly-unit.js';
import { officeSummary, renderOfficeSummary } from '../reports/office-summary.js';
import { writeAssessmentForm } from '../reports/assessment-form.js';
import { formInput } from '../src/cli/actions/form.js';
import { automatedLabel } from '../reports/ranking.js';
import { fullEntries, ROOT, SCHEME_2021 } from './assessment-helpers.js';
import { recordNights, type ColumnNight } from './district-fixture.js';
import { HOSTILE_LINK_TEXT, LONG_URL_PART, plantSiteFacts } from './site-facts-fixture.js';

const AS_OF = '2026-11-23';
const ARTIFACTS = join(ROOT, 'test-artifacts');
/** Units: who has which website and which manual entries, entered when. */
const UNITS: { id: string; name: string; type: UnitType; site: 'bad' | 'good'; entries: 'six' | 'all' | 'none'; enteredOn: string; crawledFrom: string }[] = [
  { id: 'worst', name: '差镇人民政府', type: 'town', site: 'bad', entries: 'six', enteredOn: '2026-11-02', crawledFrom: '2026-11-01' },
  { id: 'best', name: '好镇人民政府', type: 'town', site: 'good', entries: 'all', enteredOn: '2026-11-03', crawledFrom: '2026-11-01' },
  { id: 'late', name: '区迟到局', type: 'department', site: 'good', entries: 'all', enteredOn: '2026-11-20', crawledFrom: '2026-11-01' },
  { id: 'mid', name: '中间街道办事处', type: 'subdistrict', site: 'good', entries: 'none', enteredOn: '', crawledFrom: '2026-11-01' },
  { id: 'fresh', name: '区新设局', type: 'department', site: 'bad', entries: 'none', enteredOn: '', crawledFrom: '2026-11-20' },
];

const EVERY_TEN_DAYS = Array.from({ length: 36 }, (_, i) => addDays('2026-01-02', 10 * i));

let dir: string;
let app: App;
let browser: Browser;

function night(unitId: string, column: string, day: string): ColumnNight | null {
  const u = UNITS.find((x) => x.id === unitId)!;
  if (day < u.crawledFrom) return null;
  if (u.site === 'bad') return column === '工作动态' ? { status: 'blank', dates: [] } : { dates: [column === '首页' ? '2026-05-01' : '2025-03-01'] };
  return { dates: EVERY_TEN_DAYS.filter((d) => d <= day) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zwgk-mailweek-'));
  const configFile = join(dir, 'district.yaml');
  writeFileSync(configFile, `
district: { name: 测试区, period: { start: 2026-01-01, end: 2026-12-31 }, scheme: ${SCHEME_2021}, dataDir: ${dir} }
web: { baseUrl: "https://zwgk.example.gov.cn" }
units:
${UNITS.map((u) => `  - id: ${u.id}
    name: ${u.name}
    type: ${u.type}
    columns:
      - { name: 首页, url: "http://127.0.0.1:9/${u.id}/", category: homepage }
      - { name: 工作动态, url: "http://127.0.0.1:9/${u.id}/gzdt/", category: news }
      - { name: 通知公告, url: "http://127.0.0.1:9/${u.id}/tzgg/", category: notice }`).join('\n')}
`);
  const clock = new SettableClock(`${AS_OF}T00:00:00Z`);
  app = openApp(configFile, clock);
  recordNights(app.db, app.loaded.config, '2026-11-01', AS_OF, (u, c, day) => night(u, c.name, day));
  plantSiteFacts(app.db, 'worst', AS_OF);
  const { scheme, config } = app.loaded;
  for (const u of UNITS.filter((x) => x.entries !== 'none')) {
    const all = Object.entries(fullEntries(u.type)).map(([no, value]) => ({ no: Number(no), value }));
    const chosen = u.entries === 'six' ? all.filter((e) => [1, 2, 3, 4, 5, 7].includes(e.no)) : all;
    for (const e of chosen) {
      recordEntry({ scheme, units: config.units, repo: new ManualEntriesRepo(app.db), who: '张三', now: new Date(`${u.enteredOn}T02:00:00Z`), source: 'cli' },
        { unitId: u.id, itemNo: e.no, value: e.value!, evidence: null });
    }
  }
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function week() {
  const ctx = buildWeeklyContext(app, AS_OF);
  const reports = ctx.units.map((u) => weeklyUnitReport(ctx, u.id));
  return { ctx, reports, summary: officeSummary(ctx, reports) };
}

describe('ranking while manual entries are coming in', () => {
  it('never ranks the worst website first because it was entered first: provisional totals are apart, item 9 ranked alone', () => {
    const { summary } = week();
    expect(summary.ranking.final.map((r) => [r.id, r.rank])).toEqual([['best', 1], ['late', 1]]); // both full marks: ties share a rank
    expect(summary.ranking.provisional.map((r) => r.id).sort()).toEqual(['fresh', 'mid', 'worst']);
    expect(summary.ranking.provisional.every((r) => r.rank === null)).toBe(true);
    const auto = summary.ranking.automated!;
    expect(auto.at(-1)!.automated).toBeLessThan(auto[0].automated!);
    expect(auto.findIndex((r) => r.id === 'worst')).toBeGreaterThan(auto.findIndex((r) => r.id === 'mid'));
  });

  it('says in subjects and headlines what each number is out of', () => {
    const { reports, summary } = week();
    const worst = renderWeeklyUnit(reports.find((r) => r.unit.id === 'worst')!);
    expect(worst.subject).toMatch(/^【否决预警】【政务公开周报】差镇人民政府（截至 2026-11-23）第9项 [\d.]+\/30；总分 [\d.]+\/100（暂定，5项待录入），本周需整改 \d+ 项$/);
    const best = renderWeeklyUnit(reports.find((r) => r.unit.id === 'best')!);
    expect(best.subject).toMatch(/第9项 [\d.]+\/30；总分 [\d.]+\/100（含加分 3），本周需整改 \d+ 项$/);
    expect(best.text).toContain('排名：总分第 1 名（共 2 个已定分单位）');
    expect(worst.text).toMatch(/排名：第9项第 \d 名（共 5 个单位）/);
    expect(renderOfficeSummary(summary).subject).toBe('【政务公开周报】测试区汇总（截至 2026-11-23）：5 个单位，2 个单位触发否决预警，3 个单位总分暂定（人工项待录入）');
  });
});

describe('较上周: one pair of scored dates everywhere', () => {
  it('counts this week\'s entries in this week only, shows 新增 for a unit new this week, and the mail, summary and XLSX agree', async () => {
    const { reports, summary } = week();
    const late = reports.find((r) => r.unit.id === 'late')!;
    expect(late.items.find((i) => i.no === 1)).toMatchObject({ status: 'scored', previous: null, change: null });
    expect(late.standing.change).toMatchObject({ isNew: false, total: null, rank: null });
    const fresh = reports.find((r) => r.unit.id === 'fresh')!;
    expect(fresh.standing.change).toEqual({ isNew: true, total: null, rank: null, automated: null, automatedRank: null });
    expect(renderWeeklyUnit(fresh).text).toContain('较上周 新增');

    const file = join(dir, 'all.xlsx');
    await writeAssessmentForm(file, formInput(app, AS_OF), { ranking: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const rows = new Map<string, string[]>();
    wb.getWorksheet('排名')!.eachRow((row) => {
      const name = row.getCell(2).value;
      if (typeof name === 'string' && !rows.has(name)) rows.set(name, (row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    const summaryText = renderOfficeSummary(summary).text;
    for (const r of reports) {
      const mail = renderWeeklyUnit(r).text;
      const change = /第9项 [\d.—]+\/30（政务信息公开），较上周 (\S+)/.exec(mail)![1];
      const xlsx = rows.get(r.unit.name)!;
      expect(xlsx[10], r.unit.id).toBe(change);
      expect(xlsx[0], r.unit.id).toBe(r.standing.rank === null ? '—' : String(r.standing.rank));
      expect(summaryText, r.unit.id).toContain(`${r.unit.name}  ${automatedLabel(r.standing)}（${change}`);
      const row = [...summary.ranking.final, ...summary.ranking.provisional].find((x) => x.id === r.unit.id)!;
      expect(row.change).toEqual(r.standing.change);
    }
  });
});

describe('the site in the mails: census broken links and availability', () => {
  it('lists at most ten broken links with their page and column, a count of the rest, the share and its previous value, columns that came and went, and availability', async () => {
    const { reports, summary } = week();
    const worst = reports.find((r) => r.unit.id === 'worst')!;
    expect(worst.site.census).toMatchObject({ day: '2026-11-22', linksChecked: 200, linksBroken: 13, brokenMore: 3, previous: { day: '2026-11-16', share: 0.1 } });
    expect(worst.site.census!.broken).toHaveLength(10);
    // Grouped by column: the guide's links first, then the new column's.
    expect(worst.site.census!.broken.map((b) => b.column)).toEqual([...Array(7).fill('办事指南'), ...Array(3).fill('重大项目')]);
    expect(worst.site.availability).toMatchObject({ probes: 10, failed: 3, state: 'down' });
    const mail = renderWeeklyUnit(worst);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('2026-11-22 普查：检查链接 200 个，失效 13 个，失效比例 6.5%；上次普查（2026-11-16）10.0%');
      expect(part).toContain('另有 3 个失效链接未列出');
      expect(part).toContain('近 7 天探测首页 10 次，失败 3 次（30.0%）；当前无法访问（自 2026-11-22 10:00 起）');
    }
    expect(mail.text).toContain('新出现的栏目：重大项目 http://worst.example.gov.cn/zdxm/');
    expect(mail.text).toContain('消失的栏目（本次普查未再发现）：机构概况 http://worst.example.gov.cn/jggk/');
    expect(mail.text).toContain(`「办事指南」链接「${HOSTILE_LINK_TEXT}」http://worst.example.gov.cn/missing/0.html 打开后显示“页面不存在”（404）（所在页面 http://worst.example.gov.cn/bszn/content_0.html）`);
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=');
    // Units without a census or probes get no section.
    const best = renderWeeklyUnit(reports.find((r) => r.unit.id === 'best')!);
    expect(best.text).not.toContain('网站普查与可访问性');
    expect(best.html).not.toContain('id="site-census"');

    const office = renderOfficeSummary(summary);
    expect(office.text).toContain('差镇人民政府：失效链接 6.5%（上次 10.0%）；可访问性 30.0% / 无法访问');
    expect(office.text).toContain('好镇人民政府：失效链接 未普查；可访问性 未探测');
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await page.setContent(office.html, { waitUntil: 'load' });
    const sites = await page.evaluate(() => document.getElementById('sites')!.innerText);
    await page.close();
    expect(sites).toContain('差镇人民政府');
    expect(sites).toContain('失效链接 6.5%（上次 10.0%）');
    expect(sites).toContain('可访问性 30.0% / 无法访问');
  });
});

describe('mails at 375 px', () => {
  it('the unit mails and the office summary have no horizontal scroll at 375 px, keep to 680 px on a desktop, and name no CLI command to a unit', async () => {
    const { reports, summary } = week();
    mkdirSync(ARTIFACTS, { recursive: true });
    const pages = [...reports.map((r) => ({ name: `unit-${r.unit.id}`, ...renderWeeklyUnit(r) })), { name: 'office-summary', ...renderOfficeSummary(summary) }];
    for (const p of pages) {
      if (p.name.startsWith('unit-')) {
        expect(p.html, p.name).not.toMatch(/zwgk (run|report|manual)/);
        expect(p.text, p.name).not.toMatch(/zwgk (run|report|manual)/);
        expect(p.html).toContain('https://zwgk.example.gov.cn/units/');
      }
      for (const width of [375, 1024]) {
        const page = await browser.newPage({ viewport: { width, height: 800 } });
        await page.setContent(p.html, { waitUntil: 'load' });
        const m = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
          widest: Math.max(...[...document.querySelectorAll('body *')].map((e) => e.getBoundingClientRect().right)),
          content: (document.body.firstElementChild!.firstElementChild as HTMLElement).getBoundingClientRect().width,
        }));
        if (width === 375) {
          await page.screenshot({ path: join(ARTIFACTS, `mail-375-${p.name}.png`), fullPage: true });
          writeFileSync(join(ARTIFACTS, `mail-${p.name}.html`), p.html);
        }
        await page.close();
        expect(m.scroll, `${p.name} at ${width}`).toBeLessThanOrEqual(m.inner);
        expect(m.widest, `${p.name} at ${width}`).toBeLessThanOrEqual(m.inner);
        if (width === 1024) expect(m.content).toBeLessThanOrEqual(682); // 680 px and its border
      }
    }
    const worst = pages.find((p) => p.name === 'unit-worst')!;
    expect(worst.html).toContain('https://zwgk.example.gov.cn/evidence/');
    // The site section, with its longest URL, is inside the pages measured above.
    expect(worst.html).toContain('id="site-census"');
    expect(worst.html).toContain(LONG_URL_PART);
    expect(pages.find((p) => p.name === 'office-summary')!.html).toContain('id="sites"');
  }, 120_000);
});
