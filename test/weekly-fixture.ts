import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveSite, type RouteHandler, type SiteServer } from '../src/demo/site-server.js';
import { openApp, type App } from '../src/app.js';
import { runAudit } from '../src/audit/run-audit.js';
import { SettableClock } from '../src/time/clock.js';
import { addDays } from '../src/time/dates.js';

export const ROOT = resolve(import.meta.dirname, '..');

/** The Monday the weekly reports are made for; nightly crawls ran on it and on the three Mondays before. */
export const REPORT_DAY = '2026-11-23';
export const CRAWL_DAYS = [addDays(REPORT_DAY, -21), addDays(REPORT_DAY, -14), addDays(REPORT_DAY, -7), REPORT_DAY];

export const SCRIPT_TITLE = '<script>window.__pwned = 1; alert("xss")</script>水务工作动态';
export const IMG_TITLE = '<img src=x onerror="window.__pwned = 2">防汛要闻';

interface ColumnSpec {
  name: string;
  category: string;
  /** Item dates (newest last) with titles; an item shows on the page once its date has come. */
  items?: { date: string; title: string }[];
  blank?: boolean;
  status?: number;
}

function every(days: number, from: string, to: string, label: string): { date: string; title: string }[] {
  const out: { date: string; title: string }[] = [];
  for (let d = from, i = 1; d <= to; d = addDays(d, days), i++) out.push({ date: d, title: `${label}第${i}期` });
  return out;
}

const D = REPORT_DAY;
export const UNITS: { id: string; name: string; type: string; emails: string[]; columns: ColumnSpec[] }[] = [
  {
    id: 'qingshan', name: '青山镇人民政府', type: 'town', emails: ['qingshan@example.gov.cn'], columns: [
      { name: '首页', category: 'homepage', items: every(3, '2026-01-02', D, '青山镇首页信息') },
      { name: '工作动态', category: 'news', items: every(4, '2026-01-03', D, '青山镇工作动态') },
      { name: '通知公告', category: 'notice', items: every(20, '2026-01-05', D, '青山镇通知') },
    ],
  },
  {
    id: 'shuiwu', name: '区水务局', type: 'department', emails: ['shuiwu@example.gov.cn', 'shuiwu-bgs@example.gov.cn'], columns: [
      { name: '首页', category: 'homepage', items: [...every(5, '2026-01-02', addDays(D, -35), '水务局首页信息'), { date: addDays(D, -30), title: '水务局首页最后一条' }] },
      { name: '工作动态', category: 'news', items: [...every(6, '2026-01-04', addDays(D, -46), '水务工作动态'), { date: addDays(D, -40), title: SCRIPT_TITLE }] },
      { name: '要闻', category: 'news', items: [...every(7, '2026-01-06', addDays(D, -67), '水务要闻'), { date: addDays(D, -60), title: IMG_TITLE }] },
      { name: '通知公告', category: 'notice', items: [{ date: '2026-01-10', title: '水务局通知一' }, { date: addDays(D, -200), title: '水务局通知二' }] },
      { name: '政策文件', category: 'policy', items: [{ date: '2026-01-08', title: '水务政策文件一' }, { date: addDays(D, -250), title: '水务政策文件二' }] },
      { name: '公示公告', category: 'notice', items: [{ date: '2025-12-01', title: '水务局公示' }] },
      { name: '政策解读', category: 'policy', blank: true },
    ],
  },
  {
    id: 'hexi', name: '河西街道办事处', type: 'subdistrict', emails: [], columns: [
      { name: '工作动态', category: 'news', items: [...every(7, '2026-01-05', addDays(D, -50), '河西街道动态'), { date: addDays(D, -6), title: '河西街道恢复更新的动态' }] },
      { name: '通知公告', category: 'notice', items: every(30, '2026-01-07', D, '河西街道通知') },
      { name: '人事信息', category: 'personnel', status: 500 },
    ],
  },
];

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function listPage(path: string, spec: ColumnSpec, today: string): string {
  if (spec.blank) return '<html><body><ul class="u-list"></ul><p>暂无信息</p></body></html>';
  const items = (spec.items ?? []).filter((i) => i.date <= today).reverse();
  const rows = items.map((it, n) => `<li><a href="${path}t${n}.html" title="${escapeAttr(it.title)}">${escapeAttr(it.title)}</a><span>${it.date.replaceAll('-', '/')}</span></li>`);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>栏目</title></head><body><ul class="u-list">${rows.join('\n')}</ul></body></html>`;
}

export interface WeeklyDistrict {
  dir: string;
  configFile: string;
  site: SiteServer;
  /** The day the fixture sites show their items up to. */
  today: { value: string };
  open(clock: SettableClock): App;
  /** Runs a nightly audit as of each day (01:30 Shanghai). */
  crawl(days?: string[]): Promise<void>;
  close(): Promise<void>;
}

export async function weeklyDistrict(opts: { mail?: string; schedule?: string; extraRoutes?: Record<string, RouteHandler> } = {}): Promise<WeeklyDistrict> {
  const today = { value: REPORT_DAY };
  const routes: Record<string, RouteHandler> = { ...opts.extraRoutes };
  for (const u of UNITS) {
    u.columns.forEach((c, i) => {
      const path = `/${u.id}/c${i}/`;
      routes[`${path}index.html`] = (_req, res) => {
        if (c.status) return void res.writeHead(c.status, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>服务器错误</body></html>');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(listPage(path, c, today.value));
      };
    });
  }
  const site = await serveSite({ routes });
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-weekly-'));
  const configFile = join(dir, 'district.yaml');
  writeFileSync(configFile, `
district:
  name: 测试区
  period: { start: 2026-01-01, end: 2026-12-31 }
  scheme: ${join(ROOT, 'config/schemes/yanjiang-2021.yaml')}
  dataDir: ${dir}
crawl: { allowPrivateHosts: [127.0.0.1], unitConcurrency: 2, linkCheckCount: 0, timeoutMs: 5000, retries: 0, browser: { enabled: false } }
${opts.schedule ?? ''}
${opts.mail ?? ''}
units:
${UNITS.map((u) => `  - id: ${u.id}
    name: ${u.name}
    type: ${u.type}
    emails: [${u.emails.join(', ')}]
    columns:
${u.columns.map((c, i) => `      - { name: ${c.name}, url: "${site.origin}/${u.id}/c${i}/index.html", category: ${c.category}, shape: S1 }`).join('\n')}`).join('\n')}
`);
  return {
    dir, configFile, site, today,
    open: (clock) => openApp(configFile, clock),
    async crawl(days = CRAWL_DAYS) {
      for (const day of days) {
        today.value = day;
        const clock = new SettableClock(`${addDays(day, -1)}T17:30:00Z`);
        const app = openApp(configFile, clock);
        try {
          const summary = await runAudit(app.loaded, { db: app.db, clock, asOf: day });
          if (summary.unitsCrawled !== UNITS.length) throw new Error(`crawl of ${day} stored ${summary.unitsCrawled} units`);
        } finally {
          app.close();
        }
      }
      today.value = REPORT_DAY;
    },
    async close() {
      await site.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
