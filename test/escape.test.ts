import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../src/time/clock.js';
import { escapeHtml, terminalSafe, visibleText } from '../reports/escape.js';
import { html } from '../reports/templates/html.js';
import { buildWeeklyContext } from '../reports/weekly-context.js';
import { renderWeeklyUnit, weeklyUnitReport } from '../reports/weekly-unit.js';
import { officeSummary, renderOfficeSummary } from '../reports/office-summary.js';
import { REPORT_DAY, UNITS, weeklyDistrict, type WeeklyDistrict } from './weekly-fixture.js';

/** Every character a report must never pass on: C0/C1 controls but tab and line breaks, bidi controls. */
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const VARIANTS: { name: string; input: string; shown: string }[] = [
  { name: 'right-to-left override hiding a file extension', input: '通知\u202Egpj.exe\u202C公告', shown: '通知 gpj.exe 公告' },
  { name: 'left-to-right and right-to-left embeddings', input: '\u202A甲\u202B乙\u202C', shown: ' 甲 乙 ' },
  { name: 'isolates U+2066–U+2069', input: '\u2066第一\u2067第二\u2068第三\u2069', shown: ' 第一 第二 第三 ' },
  { name: 'directional marks LRM, RLM and the Arabic letter mark', input: '标题\u200E\u200F\u061C结尾', shown: '标题   结尾' },
  { name: 'a terminal colour escape and NUL', input: '\u001b[31m红字\u001b[0m\u0000', shown: ' [31m红字 [0m ' },
  { name: 'C1 controls NEL and CSI, and DEL', input: '甲\u0085乙\u009b2J丙\u007f', shown: '甲 乙 2J丙 ' },
  { name: 'vertical tab and form feed', input: '甲\u000b乙\u000c丙', shown: '甲 乙 丙' },
];

describe('hidden controls in crawled text', () => {
  for (const v of VARIANTS) {
    it(`HTML and plain text both drop ${v.name}`, () => {
      expect(visibleText(v.input)).toBe(v.shown);
      expect(escapeHtml(v.input)).toBe(v.shown);
      expect(html`<td>${v.input}</td>`.value).toBe(`<td>${v.shown}</td>`);
      expect(terminalSafe(v.input)).toBe(v.shown);
    });
  }

  it('keeps tabs and line breaks in HTML; a terminal line gets spaces instead', () => {
    expect(escapeHtml('第一行\n第二行\r\n\t缩进')).toBe('第一行\n第二行\r\n\t缩进');
    expect(terminalSafe('第一行\n第二行\r\n\t缩进')).toBe('第一行 第二行   缩进');
  });

  it('still escapes markup after dropping controls, and leaves ordinary Chinese, Arabic and emoji text alone', () => {
    expect(escapeHtml('<b\u202E>"雁江"&\'区\'')).toBe('&lt;b &gt;&quot;雁江&quot;&amp;&#39;区&#39;');
    const plain = '雁江区政务公开 — مرحبا 📢 2026年';
    expect(escapeHtml(plain)).toBe(plain);
    expect(terminalSafe(plain)).toBe(plain);
  });
});

describe('the weekly reports built from a crawl with hidden controls in titles', () => {
  const TITLE = '关于\u202Egpj.exe\u202C的\u2066通知\u2069\u200F\u061C\u001b[2J\u0085公告';
  let district: WeeklyDistrict;

  beforeAll(async () => {
    // This file has its own copy of the fixture module: the change stays here.
    const news = UNITS.find((u) => u.id === 'shuiwu')!.columns.find((c) => c.name === '工作动态')!;
    news.items = [...news.items!.slice(0, -1), { date: news.items!.at(-1)!.date, title: TITLE }];
    const notice = UNITS.find((u) => u.id === 'shuiwu')!.columns.find((c) => c.name === '通知公告')!;
    notice.items = [...notice.items!.slice(0, -1), { date: notice.items!.at(-1)!.date, title: '\u202B通知二\u202C\u0000' }];
    district = await weeklyDistrict();
    await district.crawl([REPORT_DAY]);
  });
  afterAll(async () => { await district?.close(); });

  it('shows the titles without the controls in the unit report and the office summary, HTML and text', () => {
    const app = district.open(new SettableClock(`${REPORT_DAY}T00:00:00Z`));
    try {
      const ctx = buildWeeklyContext(app, REPORT_DAY);
      const report = weeklyUnitReport(ctx, 'shuiwu');
      // The crawl stored the title as the site shows it: only what is displayed is cleaned.
      expect(report.fixes.map((f) => f.problem).join('\n')).toContain(TITLE);
      expect(report.lost.map((f) => f.text).join('\n')).toContain(TITLE);
      const unit = renderWeeklyUnit(report);
      const summary = renderOfficeSummary(officeSummary(ctx, ctx.units.map((u) => weeklyUnitReport(ctx, u.id))));
      for (const out of [unit.html, unit.text, summary.html, summary.text]) expect(out).not.toMatch(HIDDEN);
      expect(unit.html).toContain('关于 gpj.exe 的 通知    [2J 公告');
      expect(unit.text).toContain('关于 gpj.exe 的 通知    [2J 公告');
      expect(unit.html).toContain(' 通知二  ');
    } finally {
      app.close();
    }
  });
});
