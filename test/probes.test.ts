import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveSite, type RouteHandler, type SiteServer } from '../src/demo/site-server.js';
import { openApp, type App } from '../src/app.js';
import { SettableClock } from '../src/time/clock.js';
import { Daemon } from '../src/schedule/daemon.js';
import { Outbox } from '../src/mail/outbox.js';
import { probeStatsByUnit } from '../src/store/probe-stats.js';
import { availabilityVerdict } from '../src/scoring/national-checks.js';
import { latestSlot, unitOffsetMs } from '../src/probes/plan.js';
import { runZwgk } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '..');
const HOUR = 3_600_000;

function quietLog() {
  const lines: string[] = [];
  const add = (t: string) => void lines.push(t);
  return { lines, info: add, warn: add, error: add };
}

interface Fixture { site: SiteServer; dir: string; configFile: string; mode: { a: 'up' | 'down' | 'hang' }; paths: string[]; close(): Promise<void> }

/** Unit a's homepage flaps as `mode` says; unit b's is always up; column pages answer after `listDelayMs`. */
async function flappingSite(opts: { crawl?: string; listDelayMs?: number } = {}): Promise<Fixture> {
  const mode: Fixture['mode'] = { a: 'up' };
  const paths: string[] = [];
  const page = (res: Parameters<RouteHandler>[1], body: string): void => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  const routes: Record<string, RouteHandler> = {
    '/a/': (_req, res) => {
      paths.push('/a/');
      if (mode.a === 'up') return page(res, '<html><body>甲镇首页</body></html>');
      if (mode.a === 'down') return void res.writeHead(503).end('busy');
      // hang: never answers; the probe's time limit ends it
    },
    '/b/': (_req, res) => {
      paths.push('/b/');
      page(res, '<html><body>乙局首页</body></html>');
    },
  };
  for (let i = 0; i < 4; i++) {
    routes[`/a/c${i}/index.html`] = async (_req, res) => {
      paths.push(`/a/c${i}/`);
      await new Promise((r) => setTimeout(r, opts.listDelayMs ?? 0));
      page(res, `<ul class="u-list"><li><a href="/a/c${i}/t1.html">甲镇动态${i}</a><span>2026/11/10</span></li></ul>`);
    };
  }
  const site = await serveSite({ routes });
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-probes-'));
  const configFile = join(dir, 'district.yaml');
  writeFileSync(configFile, `
district:
  name: 测试区
  period: { start: 2026-01-01, end: 2026-12-31 }
  scheme: ${join(ROOT, 'config/schemes/yanjiang-2021.yaml')}
  dataDir: ${dir}
crawl: { allowPrivateHosts: [127.0.0.1], linkCheckCount: 0, timeoutMs: 5000, retries: 0, browser: { enabled: false } ${opts.crawl ?? ''} }
probes: { perDay: 24, timeoutMs: 300, failuresToAlert: 3 }
mail: { from: "测试区政务公开办 <zwgk@example.gov.cn>", office: [office@example.gov.cn] }
units:
  - id: a
    name: 甲镇人民政府
    type: town
    homepage: ${site.origin}/a/
    columns:
${[0, 1, 2, 3].map((i) => `      - { name: 栏目${i}, url: "${site.origin}/a/c${i}/index.html", category: news, shape: S1 }`).join('\n')}
  - id: b
    name: 乙局
    type: department
    homepage: ${site.origin}/b/
`);
  return { site, dir, configFile, mode, paths, close: async () => { await site.close(); rmSync(dir, { recursive: true, force: true }); } };
}

let fixture: Fixture | undefined;
let app: App | undefined;
afterEach(async () => {
  app?.close();
  app = undefined;
  await fixture?.close();
  fixture = undefined;
});

describe('availability probes', () => {
  it('mail the office on a change of state only: down after 3 failures in a row, up again, never per probe', async () => {
    fixture = await flappingSite();
    const clock = new SettableClock('2026-11-16T16:00:00Z');
    app = openApp(fixture.configFile, clock);
    const daemon = new Daemon({ app, sender: null, log: quietLog(), probeCheckMs: 0 });
    const plan: ('up' | 'down' | 'hang')[] = ['up', 'up', 'down', 'down', 'hang', 'down', 'down', 'up', 'up', 'down', 'down', 'up', 'up'];
    for (const m of plan) {
      fixture.mode.a = m;
      const r = await daemon.probeTick();
      expect(r?.probed.map((p) => p.unitId).sort()).toEqual(['a', 'b']);
      // Ticking again in the same slot probes nothing: each unit once per slot.
      expect((await daemon.probeTick())?.probed).toEqual([]);
      clock.advance(HOUR);
    }
    await daemon.stop();
    const mails = new Outbox(app.db).list(['pending']).reverse();
    expect(mails.map((m) => [m.unitId, m.kind, m.subject.replace(/（.*）$/, '')])).toEqual([
      ['a', 'availability-alert', '【网站无法访问】甲镇人民政府首页连续 3 次无法打开'],
      ['a', 'availability-alert', '【网站恢复访问】甲镇人民政府首页已恢复'],
    ]);
    expect(mails[0].recipients).toEqual(['office@example.gov.cn']);
    const raw = new Outbox(app.db).raw(mails[0].id).toString();
    expect(raw).toContain('X-Zwgk-Report: probe:a:down:');
    const probes = app.db.prepare("SELECT outcome, ok FROM probes WHERE unit_id = 'a' ORDER BY at").all() as { outcome: string; ok: number }[];
    expect(probes.map((p) => p.outcome)).toEqual(plan.map((m) => (m === 'up' ? 'ok' : m === 'down' ? 'http-5xx' : 'timeout')));
  });

  it('judge the 5 % rule over the week both ways, and cannot judge with fewer than a day of probes', async () => {
    fixture = await flappingSite();
    const clock = new SettableClock('2026-11-16T16:00:00Z'); // 2026-11-17 00:00 in Shanghai
    app = openApp(fixture.configFile, clock);
    const daemon = new Daemon({ app, sender: null, log: quietLog(), probeCheckMs: 0 });
    const failAt = new Set([3, 10, 30, 55, 80, 100, 120, 150]); // 8 failures in 168 probes: 4.8 %
    const verdict = (asOf: string) => availabilityVerdict(probeStatsByUnit(app!.db, ['a'], asOf).get('a')!, app!.loaded.config.probes);
    for (let hour = 0; hour < 168; hour++) {
      fixture.mode.a = failAt.has(hour) || hour === 20 ? 'down' : 'up';
      if (hour === 20) failAt.add(20);
      await daemon.probeTick();
      clock.advance(HOUR);
      if (hour === 22) expect(verdict('2026-11-17')).toMatchObject({ status: 'unknown', probes: 23 });
      if (hour === 23) expect(verdict('2026-11-17')).toMatchObject({ status: 'veto', probes: 24, failed: 3, failedPercent: 12.5 });
    }
    await daemon.stop();
    expect(verdict('2026-11-23')).toMatchObject({ status: 'veto', probes: 168, failed: 9, failedPercent: 5.4 });
    expect(availabilityVerdict({ probes: 168, failed: 8, days: 7 }, app.loaded.config.probes).status).toBe('ok');
    expect(verdict('2026-11-23').detail).toContain('探测首页 168 次，未能打开 9 次，占 5.4%');
    // A week later nothing was probed: could not check, which costs nothing.
    expect(verdict('2026-12-10')).toMatchObject({ status: 'unknown', probes: 0 });
    expect(probeStatsByUnit(app.db, ['b'], '2026-11-23').get('b')).toEqual({ probes: 168, failed: 0, days: 7 });
  });

  it('keep the host\'s politeness limit while the nightly crawl runs on the same host', async () => {
    fixture = await flappingSite({ crawl: ', concurrencyPerHost: 1', listDelayMs: 120 });
    const clock = new SettableClock('2026-11-20T17:30:00Z');
    app = openApp(fixture.configFile, clock);
    const daemon = new Daemon({ app, sender: null, log: quietLog(), probeCheckMs: 0 });
    let nightDone = false;
    const night = daemon.nightly('manual', clock.now()).then(() => { nightDone = true; });
    // Probes go out once the crawl is reading the unit's four slow list pages (one at a time on this host).
    while (!fixture.paths.some((p) => p.includes('/c'))) await new Promise((r) => setTimeout(r, 5));
    expect(nightDone).toBe(false);
    const probing = daemon.probeTick();
    await Promise.all([night, probing]);
    await daemon.stop();
    const probes = (await probing)!.probed;
    expect(probes.map((p) => [p.unitId, p.ok]).sort()).toEqual([['a', true], ['b', true]]);
    expect(fixture.paths.filter((p) => p.includes('/c')).length).toBe(4);
    // Separate queues would have put a probe beside a slow list page: two requests at once.
    expect(fixture.site.maxConcurrent).toBe(1);
  });

  it('spread units over the interval with a fixed offset per unit', () => {
    const interval = HOUR;
    const offsets = ['a', 'b', 'zhongshan', 'shuiwu', 'hexi'].map((id) => unitOffsetMs(id, interval));
    expect(new Set(offsets).size).toBe(5);
    for (const o of offsets) expect(o).toBeGreaterThanOrEqual(0);
    for (const o of offsets) expect(o).toBeLessThan(interval);
    const now = Date.parse('2026-11-20T05:17:00Z');
    const slot = latestSlot('a', 24, now);
    expect(now - slot).toBeLessThan(interval);
    expect(slot % interval).toBe(unitOffsetMs('a', interval) % interval);
  });

  it('`zwgk probe` probes every unit (or one) once by hand', async () => {
    fixture = await flappingSite();
    fixture.mode.a = 'down';
    const all = await runZwgk(['-c', fixture.configFile, 'probe']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/甲镇人民政府（a）.*服务器错误/);
    expect(all.stdout).toMatch(/乙局（b）.*正常（HTTP 200/);
    const one = await runZwgk(['-c', fixture.configFile, 'probe', '--unit', 'b']);
    expect(one.stdout).not.toContain('甲镇');
    const bad = await runZwgk(['-c', fixture.configFile, 'probe', '--unit', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('配置中没有编号为 "nope" 的单位');
  });
});
