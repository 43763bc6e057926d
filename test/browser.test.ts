import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type http from 'node:http';
import { join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import { BrowserPool, type BrowserPoolOptions } from '../src/fetch/browser-pool.js';
import { EvidenceStore } from '../src/fetch/evidence-store.js';
import { crawlSchema, type ColumnConfig } from '../src/config/schema.js';
import { SettableClock } from '../src/time/clock.js';
import { FIXTURES, columnDeps, makeFetcher, tempDb } from './helpers.js';

const PAGES = join(FIXTURES, 'pages');
const clock = new SettableClock('2026-11-20T02:00:00Z');
const db = tempDb();
const evidence = new EvidenceStore(db.db, () => clock.now());
const poolOptions = (o: Partial<BrowserPoolOptions> = {}): BrowserPoolOptions => ({ ...crawlSchema.parse({}).browser, allowPrivateHosts: ['127.0.0.1'], ...o });

let site: SiteServer;
let pool: BrowserPool;
const challenges = new Map<string, number>();
let slowActive = 0;
let slowMax = 0;

function html(res: http.ServerResponse, status: number, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
}

/** A page behind a JS cookie challenge: the real page only when `cookie` is sent, else `status` and the challenge. */
function gated(file: string, cookie: RegExp, status: number, challenge: string) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (cookie.test(req.headers.cookie ?? '')) return html(res, 200, readFileSync(join(PAGES, file)));
    challenges.set(path, (challenges.get(path) ?? 0) + 1);
    html(res, status, readFileSync(join(PAGES, 'browser', challenge)));
  };
}

const RS = /(?:^|;\s*)rs_clearance=passed/;
const JSL = /__jsl_clearance_s=\d+\.?\d*\|0\|/;

beforeAll(async () => {
  site = await serveSite({
    root: PAGES,
    routes: {
      '/rs/index.html': gated('s1/index.html', RS, 412, 'challenge-412.html'),
      '/rs/index_1.html': gated('s1/index_1.html', RS, 412, 'challenge-412.html'),
      '/rs/index_2.html': gated('s1/index_2.html', RS, 412, 'challenge-412.html'),
      '/rs-stuck/index.html': gated('s1/index.html', /rs_clearance=never/, 412, 'challenge-412.html'),
      '/rs-silent/index.html': gated('s1/index.html', RS, 412, 'challenge-silent.html'),
      '/jsl/index.html': gated('s6/dated/index.html', JSL, 521, 'challenge-521.html'),
      '/jsl/index_2.html': gated('s6/dated/index_2.html', JSL, 521, 'challenge-521.html'),
      '/slow': async (_req, res) => {
        slowMax = Math.max(slowMax, ++slowActive);
        // Held until a second render arrives (a loaded machine may start it late), then 400 ms more for any third.
        for (let waited = 0; slowActive < 2 && waited < 3000; waited += 20) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 400));
        slowActive--;
        html(res, 200, '<html><body><p>slow page</p></body></html>');
      },
      '/hang': () => { /* never answers */ },
      '/boom': (_req, res) => { html(res, 500, '<html><body>Internal Server Error</body></html>'); },
    },
  });
  pool = new BrowserPool(poolOptions({ timeoutMs: 15_000, challengeWaitMs: 3000 }), evidence);
});

afterAll(async () => {
  await pool.close();
  await site.close();
  db.cleanup();
});

/** Crawls one column of the fixture site; `renderer: null` crawls without a browser. */
async function crawl(path: string, sessionKey: string, renderer: BrowserPool | null = pool, extra: Partial<ColumnConfig> = {}) {
  const fetcher = makeFetcher(db.db);
  try {
    return await crawlColumn(
      { name: '栏目', url: `${site.origin}${path}`, category: 'news', required: [], ...extra },
      columnDeps(db.db, fetcher, { renderer: renderer ?? undefined, sessionKey }),
    );
  } finally {
    fetcher.close();
    await renderer?.closeSession(sessionKey);
  }
}

/** The process and every process below it (Chromium's helpers are children of its browser process). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // exited while listing
    }
  }
  const out: number[] = [];
  const todo = [...(children.get(root) ?? [])];
  while (todo.length > 0) {
    const pid = todo.pop() as number;
    out.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}

function isChromium(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) Z /.test(state)) return false;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium');
  } catch {
    return false;
  }
}

async function waitGone(pids: number[], ms = 5000): Promise<number[]> {
  const until = Date.now() + ms;
  let alive = pids.filter(isChromium);
  while (alive.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    alive = alive.filter(isChromium);
  }
  return alive;
}

describe('browser fallbacks in the column walker', () => {
  it('gets through a 412 anti-bot challenge in the browser and reads the S1 list on every page', async () => {
    challenges.clear();
    const obs = await crawl('/rs/index.html', 'unit-rs');
    expect(obs.status).toBe('ok');
    expect(obs.shape).toBe('S1+browser');
    expect(obs.findings).toContainEqual({ kind: 'rendered-in-browser', reason: '静态请求遇到反爬验证（HTTP 412/521）' });
    expect(obs.fetches[0]).toMatchObject({ outcome: 'anti-bot', status: 412, viaBrowser: false });
    expect(obs.fetches[1]).toMatchObject({ outcome: 'ok', status: 200, viaBrowser: true });
    expect(obs.pagesFetched).toBe(3);
    expect(obs.items).toHaveLength(8);
    expect(obs.items[0]).toMatchObject({ title: '关于开展2026年冬季安全生产大检查工作的通知（全文）', date: '2026-11-18' });
    // The cookie set by the challenge is kept in the unit's context: later pages pass without one.
    expect(challenges.get('/rs/index.html')).toBe(2); // static fetch + first browser load
    expect(challenges.get('/rs/index_1.html')).toBeUndefined();
    // The rendered HTML is evidence.
    expect(evidence.get(obs.evidence as string)?.toString('utf8')).toContain('u-list');
  });

  it('reports a challenge that keeps reloading into 412 as blocked, never as a stale or blank column', async () => {
    const obs = await crawl('/rs-stuck/index.html', 'unit-stuck');
    expect(obs.status).toBe('blocked');
    expect(obs.reason).toMatch(/浏览器中的反爬验证未通过/);
    expect(obs.items).toEqual([]);
    expect(obs.fetches.at(-1)).toMatchObject({ outcome: 'anti-bot', viaBrowser: true, status: 412 });
  });

  it('gets through a 521 cookie challenge and reads the S6 list, page 2 too', async () => {
    const obs = await crawl('/jsl/index.html', 'unit-jsl');
    expect(obs.status).toBe('ok');
    expect(obs.shape).toBe('S6+browser');
    expect(obs.fetches[0]).toMatchObject({ outcome: 'anti-bot', status: 521 });
    expect(obs.items).toHaveLength(8);
    expect(obs.items.map((i) => i.date).slice(0, 2)).toEqual(['2026-11-18', '2026-11-12']);
    expect(obs.items[0].title).toBe('示例区关于开展2026年度冬季城乡环境卫生综合整治行动的通知');
  });

  it('renders an empty JS shell whose list comes from a JSON endpoint, and reads it with S6', async () => {
    const obs = await crawl('/browser/shell/index.html', 'unit-shell');
    expect(obs.status).toBe('ok');
    expect(obs.shape).toBe('S6+browser');
    expect(obs.findings).toContainEqual({ kind: 'rendered-in-browser', reason: '静态页面中未识别出列表' });
    expect(obs.items.map((i) => [i.title, i.date])).toEqual([
      ['示例街道2026年第四季度城市管理工作安排', '2026-11-17'],
      ['关于开展辖区老旧燃气管道排查的通知', '2026-11-09'],
      ['示例街道社区服务中心开放时间调整公告', '2026-10-21'],
    ]);
    expect(obs.items[0].url).toBe(`${site.origin}/xxgk/2026/1117/p501.html`);
    // The probe for index_2.html goes through the browser too; its 404 ends the list quietly.
    expect(obs.fetches.at(-1)).toMatchObject({ viaBrowser: true, status: 404, outcome: 'http-4xx' });
    expect(obs.findings.some((f) => f.kind === 'page-failed')).toBe(false);
  });

  it("renders a column whose config says shape: 'browser', even when the static page would do", async () => {
    const obs = await crawl('/s6/dated/index.html', 'unit-configured', pool, { shape: 'browser' });
    expect(obs.status).toBe('ok');
    expect(obs.shape).toBe('S6+browser');
    expect(obs.findings).toContainEqual({ kind: 'rendered-in-browser', reason: '配置要求浏览器渲染' });
    expect(obs.items).toHaveLength(8);
    expect(obs.fetches.filter((f) => f.viaBrowser).map((f) => f.url.replace(site.origin, ''))).toEqual([
      '/s6/dated/index.html', '/s6/dated/index_2.html',
    ]);
  });

  it('says 浏览器不可用 when Chromium is missing: blocked for anti-bot, unparsed for a JS shell', async () => {
    const missing = new BrowserPool(poolOptions({ executablePath: '/nonexistent/chromium' }), evidence);
    expect(missing.unavailable).toBe('浏览器不可用：找不到可执行的 /nonexistent/chromium');
    const r = await missing.render(`${site.origin}/s6/dated/index.html`, 'x');
    expect(r).toMatchObject({ outcome: 'connection-error', viaBrowser: true });
    expect(r.error).toContain('/nonexistent/chromium');
    const blocked = await crawl('/rs/index.html', 'unit-missing', missing);
    expect(blocked.status).toBe('blocked');
    expect(blocked.reason).toContain('浏览器不可用');
    const shell = await crawl('/browser/shell/index.html', 'unit-missing', missing);
    expect(shell.status).toBe('unparsed');
    expect(shell.reason).toContain('浏览器不可用');
    const noRenderer = await crawl('/browser/shell/index.html', 'unit-none', null);
    expect(noRenderer).toMatchObject({ status: 'unparsed', reason: '页面结构无法识别（浏览器不可用）' });
    await missing.close();
  });

  it('says 浏览器不可用 when Chromium is found but does not start, or is switched off', async () => {
    const broken = new BrowserPool(poolOptions({ executablePath: '/bin/false' }), evidence);
    expect(broken.unavailable).toBeUndefined();
    const obs = await crawl('/browser/shell/index.html', 'unit-broken', broken);
    expect(obs.status).toBe('unparsed');
    expect(obs.reason).toContain('浏览器不可用：/bin/false 无法启动');
    expect(broken.unavailable).toContain('/bin/false');
    await broken.close();
    const off = new BrowserPool(poolOptions({ enabled: false }), evidence);
    expect(off.unavailable).toContain('浏览器不可用');
    expect((await crawl('/rs/index.html', 'unit-off', off)).status).toBe('blocked');
  });
});

describe('BrowserPool', () => {
  it('keeps one context per unit: cookies stay within a unit until its session is closed', async () => {
    challenges.clear();
    const url = `${site.origin}/rs/index.html`;
    expect((await pool.render(url, 'unit-a')).outcome).toBe('ok');
    expect((await pool.render(url, 'unit-a')).outcome).toBe('ok');
    expect(challenges.get('/rs/index.html')).toBe(1);
    expect((await pool.render(url, 'unit-b')).outcome).toBe('ok');
    expect(challenges.get('/rs/index.html')).toBe(2);
    expect(pool.sessionCount).toBeGreaterThanOrEqual(2);
    await pool.closeSession('unit-a');
    await pool.closeSession('unit-b');
    expect(pool.sessionCount).toBe(0);
    expect((await pool.render(url, 'unit-a')).outcome).toBe('ok');
    expect(challenges.get('/rs/index.html')).toBe(3);
    await pool.closeSession('unit-a');
  });

  it('renders at most `concurrency` pages at once', async () => {
    slowMax = 0;
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => pool.render(`${site.origin}/slow?n=${n}`, `unit-slow-${n}`)));
    expect(results.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(results[0].text).toContain('slow page');
    expect(slowMax).toBe(2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => pool.closeSession(`unit-slow-${n}`)));
  });

  it('classifies HTTP errors and refused connections from the main response', async () => {
    expect(await pool.render(`${site.origin}/no/such/page.html`, 'unit-err')).toMatchObject({ outcome: 'http-4xx', status: 404 });
    expect(await pool.render(`${site.origin}/boom`, 'unit-err')).toMatchObject({ outcome: 'http-5xx', status: 500 });
    const closed = await serveSite({});
    const origin = closed.origin;
    await closed.close();
    const refused = await pool.render(`${origin}/index.html`, 'unit-err');
    expect(refused.outcome).toBe('connection-error');
    expect(refused.error).toContain('连接被拒绝（ECONNREFUSED）');
    await pool.closeSession('unit-err');
  });

  it('returns a JSON reply as its raw text, not as Chromium\'s viewer markup', async () => {
    const r = await pool.render(`${site.origin}/browser/shell/data.json`, 'unit-json');
    expect(r.outcome).toBe('ok');
    expect(JSON.parse(r.text as string).infolist).toHaveLength(3);
    expect(r.contentType).toContain('json');
    await pool.closeSession('unit-json');
  });

  it('times out a page that never answers, gives up on a silent challenge, and leaves no Chromium process after close', async () => {
    const before = new Set(processTree(process.pid).filter(isChromium)); // the shared pool's browser
    // The challenge wait outlasts the render deadline: a page still on its challenge at the deadline is anti-bot, not a timeout.
    const short = new BrowserPool(poolOptions({ timeoutMs: 2000, challengeWaitMs: 5000, concurrency: 1 }), evidence);
    const hang = await short.render(`${site.origin}/hang`, 'unit-short');
    expect(hang.outcome).toBe('timeout');
    const silent = await short.render(`${site.origin}/rs-silent/index.html`, 'unit-short');
    expect(silent).toMatchObject({ outcome: 'anti-bot', status: 412 });
    const started = processTree(process.pid).filter((pid) => isChromium(pid) && !before.has(pid));
    expect(started.length).toBeGreaterThan(0);
    await short.close();
    expect(await waitGone(started)).toEqual([]);
    // Closed for good: no new browser is started.
    expect((await short.render(`${site.origin}/slow`, 'unit-short')).outcome).toBe('connection-error');
    expect(processTree(process.pid).filter((pid) => isChromium(pid) && !before.has(pid))).toEqual([]);
  });
});
