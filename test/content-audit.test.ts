import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveSite, type RouteHandler, type SiteServer } from '../src/demo/site-server.js';
import { openApp } from '../src/app.js';
import { runAudit } from '../src/audit/run-audit.js';
import { SettableClock } from '../src/time/clock.js';
import { ContentRepo } from '../src/store/content-repo.js';
import { buildWeeklyContext } from '../reports/weekly-context.js';
import { renderWeeklyUnit, weeklyUnitReport } from '../reports/weekly-unit.js';
import { docxFile, pdfFile, xlsxFile } from './attachment-builders.js';
import { cardNumber, residentId } from './personal-numbers.js';
import { runZwgk } from './helpers.js';
import { prune, retentionPolicy } from '../src/store/retention.js';

const ROOT = resolve(import.meta.dirname, '..');
const ID_PAGE = residentId('510102', '19900307', '123');
const ID_XLSX = residentId('512002', '19760815', '456');
const ID_DOCX = residentId('511024', '19881203', '789');
const ID_PDF = residentId('510902', '20010101', '321');
const MOBILE = '13912345678';
const MOBILE_PDF = '13712345678';
const CARD = cardNumber('621700123456789012');
const FULL_NUMBERS = [ID_PAGE, ID_XLSX, ID_DOCX, ID_PDF, MOBILE, MOBILE_PDF, CARD];

interface Item { date: string; title: string; body: string }

const NIGHT1: Item[] = [
  { date: '2026-11-10', title: '关于认真贯切落实安全生产工作的通知', body: '<p>各村（社区）：请按要求做好安全生产工作。</p>' },
  {
    date: '2026-11-12', title: '青山镇召开脱贫攻坚推进会', body: `<p>会议传达学习了习进平总书记重要讲话精神。</p>
<table><tr><td>获奖农户</td><td>王某</td><td>${MOBILE}</td></tr><tr><td>身份证号</td><td>${ID_PAGE}</td></tr></table>
<p>联系电话：13800001111。</p>
<p>附件：<a href="/files/名单.xlsx">名单</a> <a href="/files/申请.docx">申请表</a> <a href="/files/公示.pdf">公示</a> <a href="/files/不存在.pdf">缺失</a></p>`,
  },
  { date: '2026-11-14', title: '2016年国家工商行政管理总局在我镇调研回顾', body: '<p>《国家旅游局关于加强乡村旅游的通知》仍在执行。</p>' },
];

const NIGHT2: Item[] = [
  ...NIGHT1,
  { date: '2026-11-20', title: '青山镇再次公布获奖名单', body: `<p>获奖农户：王某，${MOBILE}。</p>` },
];

async function contentSite(items: { value: Item[] }): Promise<SiteServer> {
  const files: Record<string, Buffer> = {
    '/files/名单.xlsx': await xlsxFile([['姓名', '身份证号', '银行卡号'], ['张三', ID_XLSX, CARD]]),
    '/files/申请.docx': docxFile(['申请人李四，公民身份号码' + ID_DOCX + '。', '以上信息属实。']),
    '/files/公示.pdf': pdfFile([`ID ${ID_PDF}`, `Mobile ${MOBILE_PDF}`]),
  };
  const routes: Record<string, RouteHandler> = {
    '/qingshan/gzdt/index.html': (_req, res) => {
      const rows = [...items.value].reverse().map((it, n) => `<li><a href="/qingshan/gzdt/t${items.value.length - 1 - n}.html" title="${it.title}">${it.title}</a><span>${it.date.replaceAll('-', '/')}</span></li>`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><ul class="u-list">${rows.join('\n')}</ul></body></html>`);
    },
  };
  for (let i = 0; i < NIGHT2.length; i++) {
    routes[`/qingshan/gzdt/t${i}.html`] = (_req, res) => {
      const it = items.value[i];
      if (!it) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>${it.title}</title></head><body><h1>${it.title}</h1><div class="date">发布日期：${it.date}</div>${it.body}</body></html>`);
    };
  }
  for (const [path, body] of Object.entries(files)) {
    routes[encodeURI(path)] = (_req, res) => void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  }
  return serveSite({ routes });
}

describe('content checks in the nightly crawl', () => {
  const items = { value: NIGHT1 };
  let site: SiteServer;
  let dir: string;
  let configFile: string;

  beforeAll(async () => {
    site = await contentSite(items);
    dir = mkdtempSync(join(tmpdir(), 'zwgk-content-'));
    configFile = join(dir, 'district.yaml');
    writeFileSync(configFile, `
district:
  name: 测试区
  period: { start: 2026-01-01, end: 2026-12-31 }
  scheme: ${join(ROOT, 'config/schemes/yanjiang-2021.yaml')}
  dataDir: ${dir}
crawl: { allowPrivateHosts: [127.0.0.1], linkCheckCount: 5, timeoutMs: 5000, retries: 0, browser: { enabled: false } }
mail: { from: "测试区政务公开办 <zwgk@example.gov.cn>", office: [office@example.gov.cn] }
units:
  - id: qingshan
    name: 青山镇人民政府
    type: town
    emails: [qingshan@example.gov.cn]
    columns:
      - { name: 工作动态, url: "${site.origin}/qingshan/gzdt/index.html", category: news, shape: S1 }
`);
    const clock = new SettableClock('2026-11-20T17:30:00Z');
    const app = openApp(configFile, clock);
    try {
      await runAudit(app.loaded, { db: app.db, clock, asOf: '2026-11-21' });
    } finally {
      app.close();
    }
  });

  afterAll(async () => {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds planted wording errors and personal data in titles, pages and xlsx/docx/pdf attachments, and nothing on clean or historical text', () => {
    const app = openApp(configFile, new SettableClock('2026-11-21T02:00:00Z'));
    try {
      const findings = new ContentRepo(app.db).list();
      const summary = findings.map((f) => `${f.category}|${f.matched}|${new URL(f.pageUrl).pathname}`).sort();
      expect(summary).toEqual([
        `bank-card|${CARD.slice(0, 4)}***********${CARD.slice(-4)}|${encodeURI('/files/名单.xlsx')}`,
        `id-number|${ID_DOCX.slice(0, 4)}**********${ID_DOCX.slice(-4)}|${encodeURI('/files/申请.docx')}`,
        `id-number|${ID_PAGE.slice(0, 4)}**********${ID_PAGE.slice(-4)}|/qingshan/gzdt/t1.html`,
        `id-number|${ID_PDF.slice(0, 4)}**********${ID_PDF.slice(-4)}|${encodeURI('/files/公示.pdf')}`,
        `id-number|${ID_XLSX.slice(0, 4)}**********${ID_XLSX.slice(-4)}|${encodeURI('/files/名单.xlsx')}`,
        'leader-name|习进平|/qingshan/gzdt/t1.html',
        `mobile|139****5678|/qingshan/gzdt/t1.html`,
        `mobile|137****5678|${encodeURI('/files/公示.pdf')}`,
        'phrase|贯切落实|/qingshan/gzdt/t0.html',
      ].sort());
      const serious = findings.find((f) => f.category === 'leader-name')!;
      expect(serious).toMatchObject({ severity: 'serious', expected: '习近平', sentence: '会议传达学习了习进平总书记重要讲话精神。', foundOn: '2026-11-21' });
      expect(serious.evidence).toMatch(/^[0-9a-f]{64}$/);
      const stored = JSON.stringify(app.db.prepare('SELECT * FROM content_findings').all());
      for (const n of FULL_NUMBERS) expect(stored).not.toContain(n);
    } finally {
      app.close();
    }
  });

  it('shows findings masked in the weekly mail and score --json, the serious one as a veto warning', async () => {
    const app = openApp(configFile, new SettableClock('2026-11-23T02:00:00Z'));
    let mail: { subject: string; text: string; html: string };
    try {
      mail = renderWeeklyUnit(weeklyUnitReport(buildWeeklyContext(app, '2026-11-23'), 'qingshan'));
    } finally {
      app.close();
    }
    expect(mail.subject).toContain('【否决预警】');
    expect(mail.text).toContain('严重表述错误');
    expect(mail.text).toContain(`139****5678`);
    expect(mail.html).toContain(`${ID_PAGE.slice(0, 4)}**********${ID_PAGE.slice(-4)}`);
    const json = await runZwgk(['-c', configFile, 'score', '--json', '--as-of', '2026-11-23']);
    expect(json.stderr).toBe('');
    const doc = JSON.parse(json.stdout) as { nationalChecks: Record<string, { seriousWording: { status: string }; contentFindings: { matched: string }[] }> };
    expect(doc.nationalChecks.qingshan.seriousWording.status).toBe('veto');
    expect(doc.nationalChecks.qingshan.contentFindings.map((f) => f.matched)).toContain('139****5678');
    for (const n of FULL_NUMBERS) {
      expect(mail.text).not.toContain(n);
      expect(mail.html).not.toContain(n);
      expect(json.stdout).not.toContain(n);
    }
  });

  it('keeps a finding the office marked wrong quiet on later nights, and lists it only with --all', async () => {
    const list = await runZwgk(['-c', configFile, 'finding', 'list']);
    const line = list.stdout.split('\n').find((l) => l.includes('139****5678'))!;
    const id = /^#(\d+)/.exec(line)![1];
    const allow = await runZwgk(['-c', configFile, 'finding', 'allow', id, '--reason', '获奖公示经本人同意公开联系方式', '--by', '张科长']);
    expect(allow.code).toBe(0);
    expect(allow.stdout).toContain('已认定为误报并加入白名单');

    items.value = NIGHT2;
    const clock = new SettableClock('2026-11-21T17:30:00Z');
    const app = openApp(configFile, clock);
    try {
      await runAudit(app.loaded, { db: app.db, clock, asOf: '2026-11-22' });
      const repo = new ContentRepo(app.db);
      expect(repo.list().map((f) => f.matched)).not.toContain('139****5678');
      expect(repo.list({ statuses: ['allowed'] }).map((f) => f.matched)).toEqual(['139****5678']);
      // The new page was checked (its title is clean; its number is the allowed one).
      expect(app.db.prepare("SELECT COUNT(*) FROM content_checked WHERE page_key LIKE 'page:%t3.html'").pluck().get()).toBe(1);
    } finally {
      app.close();
    }
    const all = await runZwgk(['-c', configFile, 'finding', 'list', '--all']);
    expect(all.stdout).toMatch(/误报（白名单）.*139\*\*\*\*5678/);
    const fixed = await runZwgk(['-c', configFile, 'finding', 'fixed', 'x']);
    expect(fixed.stderr).toContain('问题编号应为数字');
  });

  it('keeps a finding\'s page as evidence when the retention policy removes other bodies', () => {
    const app = openApp(configFile, new SettableClock('2027-06-01T02:00:00Z'));
    try {
      const hashes = new ContentRepo(app.db).list({ statuses: ['open', 'allowed'] }).map((f) => f.evidence!);
      // As if every page had changed since: the conditional-request cache no longer names these bodies.
      app.db.prepare('DELETE FROM http_cache').run();
      const before = app.db.prepare('SELECT COUNT(*) FROM evidence').pluck().get() as number;
      const counts = prune(app.db, { ...retentionPolicy(app.loaded.config), evidenceDays: 1, fetchLogDays: 1, appealWindowDays: 1, periodStart: '2027-01-01' }, '2027-06-01', new Date('2027-06-01T02:00:00Z'));
      expect(counts.evidence).toBeGreaterThan(0);
      expect(app.db.prepare('SELECT COUNT(*) FROM evidence').pluck().get()).toBe(before - counts.evidence);
      for (const h of hashes) expect(app.db.prepare('SELECT 1 FROM evidence WHERE hash = ?').get(h), h).toBeDefined();
    } finally {
      app.close();
    }
  });
});
