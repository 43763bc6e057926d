import { afterEach, describe, expect, it } from 'vitest';
import type http from 'node:http';
import { tempDb } from './helpers.js';
import type { Db } from '../src/store/db.js';
import { EvidenceStore } from '../src/fetch/evidence-store.js';
import { HttpCache } from '../src/fetch/http-cache.js';
import { ObservationsRepo } from '../src/store/observations-repo.js';
import { MailboxRepo } from '../src/store/mailbox-repo.js';
import { ManualEntriesRepo } from '../src/manual/entries-repo.js';
import { prune, type PruneCounts, type RetentionPolicy } from '../src/store/retention.js';
import { SettableClock } from '../src/time/clock.js';
import type { ColumnObservation, FetchLog, LinkCheck } from '../src/audit/observation.js';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { makeFetcher } from './helpers.js';
import { mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openApp } from '../src/app.js';
import { runAudit } from '../src/audit/run-audit.js';
import { listPage } from './bench/synthetic-district.js';
import { ProbesRepo } from '../src/store/probes-repo.js';
import { probeStatsByUnit } from '../src/store/probe-stats.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

function setup() {
  const t = tempDb();
  cleanups.push(t.cleanup);
  const clock = new SettableClock('2025-01-01T02:00:00Z');
  return { ...t, clock, evidence: new EvidenceStore(t.db, () => clock.now()), repo: new ObservationsRepo(t.db) };
}

type Setup = ReturnType<typeof setup>;

/** Stores a body as the crawl would on `day` and returns its hash. */
async function body(s: Setup, day: string, text: string): Promise<string> {
  s.clock.set(`${day}T02:00:00Z`);
  return s.evidence.put(Buffer.from(`<html><body>${text}</body></html>`), 'text/html');
}

const ENTRY = 'http://a.example/gzdt/';

function fetchLog(purpose: FetchLog['purpose'], url: string, evidence: string, status = 200): FetchLog {
  return { purpose, url, finalUrl: url, outcome: 'ok', status, evidence, elapsedMs: 5, viaBrowser: false };
}

/** One night of one column: the entry page (its evidence), and the further fetches and link checks given. */
function night(s: Setup, day: string, entry: string, more: { fetches?: FetchLog[]; links?: LinkCheck[] } = {}): void {
  s.clock.set(`${day}T02:00:00Z`);
  const runId = s.repo.startRun(day, null, s.clock.now());
  const o: ColumnObservation = {
    columnId: 'gzdt', columnName: '工作动态', entryUrl: ENTRY, finalUrl: ENTRY, shape: 'S1', status: 'ok',
    items: [], undatedCount: 0, futureCount: 0, pagesFetched: 1, listEnd: 'end', evidence: entry, findings: [],
    fetches: [fetchLog('list', ENTRY, entry), ...(more.fetches ?? [])], linkChecks: more.links ?? [],
  };
  s.repo.saveUnit(runId, 'town-a', day, s.clock.now(), [o]);
  s.repo.finishRun(runId, 'done', s.clock.now());
}

function hashes(db: Db): Set<string> {
  return new Set(db.prepare('SELECT hash FROM evidence').pluck().all() as string[]);
}

function count(db: Db, table: string): number {
  return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}

const POLICY: RetentionPolicy = { evidenceDays: 30, fetchLogDays: 30, appealWindowDays: 60, periodStart: '2026-01-01' };
const TODAY = '2026-11-20';
const NOW = new Date('2026-11-20T02:00:00Z');

describe('pruning evidence and the fetch log', () => {
  it('keeps what the cache, the period\'s observations, detail dates and recent logs need; removes the rest', async () => {
    const s = setup();
    // Last period, beyond the appeal window.
    const cached = await body(s, '2025-10-01', 'a page still served unchanged');
    new HttpCache(s.db).put('http://a.example/zcwj/', { etag: '"1"', lastModified: null, evidenceHash: cached, charset: 'utf-8', finalUrl: 'http://a.example/zcwj/' });
    const oldEntry = await body(s, '2025-10-01', 'last year entry');
    const oldPage2 = await body(s, '2025-10-01', 'last year page 2');
    night(s, '2025-10-01', oldEntry, { fetches: [fetchLog('list', `${ENTRY}index_1.html`, oldPage2)] });
    // In the period, older than the log window.
    const marchEntry = await body(s, '2026-03-01', 'march entry');
    const marchPage2 = await body(s, '2026-03-01', 'march page 2');
    const marchDetail = await body(s, '2026-03-01', 'march detail page with the date of an undated item');
    night(s, '2026-03-01', marchEntry, {
      fetches: [fetchLog('list', `${ENTRY}index_1.html`, marchPage2), fetchLog('detail', `${ENTRY}t1.html`, marchDetail)],
    });
    // Bodies first stored in March, fetched again last night: one downloaded (200), one only confirmed by a 304
    // of a cache entry that has since moved on (the cache keeps what it names now).
    const downloaded = await body(s, '2026-03-01', 'page 3, downloaded again');
    const confirmed = await body(s, '2026-03-01', 'page 4, confirmed by a 304');
    // Recent.
    const recentEntry = await body(s, '2026-11-19', 'recent entry');
    const recentPage2 = await body(s, '2026-11-19', 'recent page 2');
    night(s, '2026-11-19', recentEntry, {
      fetches: [fetchLog('list', `${ENTRY}index_1.html`, recentPage2), fetchLog('list', `${ENTRY}index_2.html`, downloaded),
        fetchLog('list', `${ENTRY}index_3.html`, confirmed, 304)],
    });
    // Referenced by nothing: one young, one old.
    const youngOrphan = await body(s, '2026-11-01', 'young orphan');
    const oldOrphan = await body(s, '2026-09-01', 'old orphan');

    const counts = prune(s.db, POLICY, TODAY, NOW, { batchSize: 2 });

    const left = hashes(s.db);
    for (const kept of [cached, marchEntry, marchDetail, recentEntry, recentPage2, downloaded, youngOrphan]) expect(left).toContain(kept);
    for (const gone of [oldEntry, oldPage2, marchPage2, confirmed, oldOrphan]) expect(left).not.toContain(gone);
    expect(counts).toMatchObject({ evidence: 5, linkChecks: 0 });
    expect(counts.evidenceBytes).toBeGreaterThan(0);
    // The log keeps its last 30 days, and the period's detail fetches.
    expect(s.db.prepare('SELECT r.as_of, f.purpose FROM fetches f JOIN runs r ON r.id = f.run_id ORDER BY f.id').all()).toEqual([
      { as_of: '2026-03-01', purpose: 'detail' }, ...Array.from({ length: 4 }, () => ({ as_of: '2026-11-19', purpose: 'list' })),
    ]);
    expect(counts.fetches).toBe(4);
    // Observations are facts: none is removed.
    expect(count(s.db, 'column_observations')).toBe(3);
  });

  it('keeps the evidence of observations that ended within the appeal window, before the period started', async () => {
    const s = setup();
    const inWindow = await body(s, '2025-12-20', 'seen 57 days before today');
    night(s, '2025-12-20', inWindow);
    const beyond = await body(s, '2025-12-01', 'seen 76 days before today');
    night(s, '2025-12-01', beyond);
    const recent = await body(s, '2026-02-14', 'yesterday');
    night(s, '2026-02-14', recent);

    prune(s.db, POLICY, '2026-02-15', new Date('2026-02-15T02:00:00Z'));
    const left = hashes(s.db);
    expect(left).toContain(inWindow);
    expect(left).toContain(recent);
    expect(left).not.toContain(beyond);

    // A longer appeal window keeps it too.
    const again = await body(s, '2025-12-01', 'seen 76 days before today');
    expect(again).toBe(beyond);
    prune(s.db, { ...POLICY, appealWindowDays: 90 }, '2026-02-15', new Date('2026-02-15T02:00:00Z'));
    expect(hashes(s.db)).toContain(beyond);
  });

  it('removes old link checks but never the newest check of a URL, and keeps the list evidence of those kept', async () => {
    const s = setup();
    const check = (url: string, outcome: LinkCheck['outcome'], listEvidence: string): LinkCheck =>
      ({ url, title: url, outcome, status: outcome === 'ok' ? 200 : 404, listEvidence });
    const e1 = await body(s, '2025-10-01', 'list 1');
    night(s, '2025-10-01', e1, { links: [check('x', 'http-4xx', e1), check('y', 'http-4xx', e1), check('z', 'ok', e1)] });
    const e2 = await body(s, '2025-10-02', 'list 2');
    night(s, '2025-10-02', e2, { links: [check('x', 'ok', e2), check('z', 'ok', e2)] });
    const e3 = await body(s, '2026-03-01', 'list 3');
    night(s, '2026-03-01', e3, { links: [check('x', 'http-4xx', e3)] });

    const counts = prune(s.db, POLICY, TODAY, NOW);
    expect(s.db.prepare('SELECT l.url, r.as_of FROM link_checks l JOIN runs r ON r.id = l.run_id ORDER BY l.url, r.as_of').all()).toEqual([
      { url: 'x', as_of: '2026-03-01' }, { url: 'y', as_of: '2025-10-01' }, { url: 'z', as_of: '2025-10-02' },
    ]);
    expect(counts.linkChecks).toBe(3);
    // y's newest check still cites the list it was seen on.
    expect(hashes(s.db)).toEqual(new Set([e1, e2, e3]));
  });

  it('keeps the evidence of letters listed within the window, and any hash a manual entry cites', async () => {
    const s = setup();
    const mailbox = new MailboxRepo(s.db);
    const row = (key: string) => ({ key, title: `来信${key}`, detail: null, submittedAt: '2025-08-01' });
    const stillListed = await body(s, '2025-08-01', 'mailbox list page, letter 1');
    mailbox.saveListRows('box', [row('1')], '2025-08-01', stillListed);
    mailbox.saveListRows('box', [row('1')], '2026-11-19', stillListed);
    const gone = await body(s, '2025-08-01', 'mailbox list page, letter 2');
    mailbox.saveListRows('box', [row('2')], '2025-08-01', gone);
    const cited = await body(s, '2025-08-01', 'a page the office cited');
    new ManualEntriesRepo(s.db).append([{
      schemeId: 's', unitId: 'town-a', itemNo: 3, value: { count: 2 }, evidence: `见存档 ${cited.slice(0, 16).toUpperCase()}，另见会议纪要`,
      enteredBy: '张三', enteredAt: '2026-11-01T00:00:00Z', source: 'cli',
    }]);

    prune(s.db, POLICY, TODAY, NOW);
    const left = hashes(s.db);
    expect(left).toContain(stillListed);
    expect(left).toContain(cited);
    expect(left).not.toContain(gone);
  });

  it('a dry run counts exactly what a real run removes, and removes nothing', async () => {
    const s = setup();
    for (const [i, day] of ['2025-09-01', '2025-09-02', '2025-11-03', '2026-11-18', '2026-11-19'].entries()) {
      const entry = await body(s, day, `entry ${i}`);
      const page = await body(s, day, `page ${i}`);
      night(s, day, entry, {
        fetches: [fetchLog('list', `${ENTRY}index_1.html`, page)],
        links: [{ url: 'x', title: 'x', outcome: 'ok', status: 200, listEvidence: entry }],
      });
    }
    const tables = ['fetches', 'link_checks', 'evidence', 'extractions'];
    const before = tables.map((t) => count(s.db, t));
    const dry = prune(s.db, POLICY, TODAY, NOW, { dryRun: true });
    expect(tables.map((t) => count(s.db, t))).toEqual(before);
    const real: PruneCounts = prune(s.db, POLICY, TODAY, NOW, { batchSize: 3 });
    expect(real).toEqual(dry);
    expect(real.fetches).toBe(6);
    expect(real.linkChecks).toBe(3);
    expect(real.evidence).toBe(6);
    // Nothing is left to remove.
    expect(prune(s.db, POLICY, TODAY, NOW)).toEqual({ fetches: 0, linkChecks: 0, evidence: 0, evidenceBytes: 0, extractions: 0, probes: 0 });
  });
});

describe('pruning availability probes', () => {
  function probe(repo: ProbesRepo, at: string, ok: boolean, unitId = 'town-a'): void {
    repo.add({ unitId, url: 'http://a.example/', at, ok, status: ok ? 200 : 503, ms: 40, outcome: ok ? 'ok' : 'http-error', error: null });
  }
  const day = (n: number) => `${addDaysIso(TODAY, -n)}T01:00:00.000Z`;
  function addDaysIso(d: string, n: number): string {
    return new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  }

  it('removes probes older than the fetch log window, dry run counting the same rows', () => {
    const s = setup();
    const repo = new ProbesRepo(s.db);
    for (const n of [0, 3, 29, 31, 45, 200]) probe(repo, day(n), n % 2 === 0);
    probe(repo, day(100), false, 'town-b');
    const dry = prune(s.db, POLICY, TODAY, NOW, { dryRun: true });
    expect(dry.probes).toBe(4);
    expect(count(s.db, 'probes')).toBe(7);
    expect(prune(s.db, POLICY, TODAY, NOW, { batchSize: 2 }).probes).toBe(4);
    expect((s.db.prepare('SELECT at FROM probes ORDER BY at').pluck().all() as string[])).toEqual([day(29), day(3), day(0)]);
    expect(prune(s.db, POLICY, TODAY, NOW).probes).toBe(0);
  });

  it('never removes a probe the availability window counts, however short the fetch log is kept', () => {
    const s = setup();
    const repo = new ProbesRepo(s.db);
    for (let n = 0; n <= 10; n++) probe(repo, day(n), n !== 6);
    const before = probeStatsByUnit(s.db, ['town-a'], TODAY, 7).get('town-a');
    expect(before).toEqual({ probes: 7, failed: 1, days: 7 });
    const removed = prune(s.db, { ...POLICY, fetchLogDays: 1 }, TODAY, NOW).probes;
    expect(removed).toBe(3);
    expect(probeStatsByUnit(s.db, ['town-a'], TODAY, 7).get('town-a')).toEqual(before);
    // A longer configured window keeps more.
    for (let n = 11; n <= 14; n++) probe(repo, day(n), true);
    expect(prune(s.db, { ...POLICY, fetchLogDays: 1, probeWindowDays: 14 }, TODAY, NOW).probes).toBe(0);
  });
});

describe('pruning and conditional requests', () => {
  it('still answers a 304 with the cached body after pruning, long after it was stored', async () => {
    const s = setup();
    let version = 1;
    const page = () => `<html><body><ul><li>第 ${version} 版</li></ul></body></html>`;
    const site: SiteServer = await serveSite({
      routes: {
        '/stable.html': (req: http.IncomingMessage, res: http.ServerResponse) => {
          if (req.headers['if-none-match'] === '"stable"') return void res.writeHead(304).end();
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"stable"' }).end('<html><body>不变的页面</body></html>');
        },
        '/changing.html': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page()),
      },
    });
    cleanups.push(() => site.close());
    s.clock.set('2025-01-01T02:00:00Z');
    const fetcher = makeFetcher(s.db, {}, s.clock);
    cleanups.push(() => fetcher.close());
    const first = await fetcher.fetch({ url: `${site.origin}/stable.html` });
    const v1 = await fetcher.fetch({ url: `${site.origin}/changing.html` });
    version = 2;
    const v2 = await fetcher.fetch({ url: `${site.origin}/changing.html` });
    expect(v1.evidence).not.toBe(v2.evidence);

    s.clock.set('2026-11-20T02:00:00Z');
    const counts = prune(s.db, { evidenceDays: 1, fetchLogDays: 1, appealWindowDays: 0, periodStart: '2026-11-20' }, TODAY, s.clock.now());
    // The replaced body of the changing page goes; the bodies the cache names stay.
    expect(counts.evidence).toBe(1);
    expect(hashes(s.db)).toEqual(new Set([first.evidence, v2.evidence]));

    const again = await fetcher.fetch({ url: `${site.origin}/stable.html` });
    expect(again.status).toBe(304);
    expect(again.unchanged).toBe(true);
    expect(again.text).toBe('<html><body>不变的页面</body></html>');
  });
});

describe('pruning after an audit run', () => {
  it('prunes when a run finishes, never after an aborted one', async () => {
    const s = setup();
    const site = await serveSite({
      routes: { '/gzdt/index.html': (_q, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(listPage(0, 0, 0, { units: 1, columns: 1, pages: 1 })) },
    });
    cleanups.push(() => site.close());
    mkdirSync(join(s.dir, 'schemes'));
    copyFileSync(resolve(import.meta.dirname, '../config/schemes/yanjiang-2021.yaml'), join(s.dir, 'schemes/s.yaml'));
    writeFileSync(join(s.dir, 'district.yaml'), `district:
  name: 测试区
  period: { start: 2026-01-01, end: 2026-12-31 }
  scheme: schemes/s.yaml
  dataDir: data
crawl: { allowPrivateHosts: [127.0.0.1], retries: 0, linkCheckCount: 0, browser: { enabled: false } }
retention: { evidenceDays: 30, fetchLogDays: 30, appealWindowDays: 60 }
units:
  - id: town-a
    name: 甲镇
    type: town
    columns:
      - { name: 工作动态, url: "${site.origin}/gzdt/index.html", category: news }
`);
    const clock = new SettableClock('2025-03-01T02:00:00Z');
    const app = openApp(join(s.dir, 'district.yaml'), clock);
    cleanups.push(() => app.close());
    const orphan = await new EvidenceStore(app.db, () => clock.now()).put(Buffer.from('a page nothing cites'), 'text/html');
    clock.set('2026-11-20T02:00:00Z');

    const aborted = await runAudit(app.loaded, { db: app.db, clock, signal: AbortSignal.abort() });
    expect(aborted.aborted).toBe(true);
    expect(aborted.pruned).toBeUndefined();
    expect(hashes(app.db)).toContain(orphan);

    const finished = await runAudit(app.loaded, { db: app.db, clock });
    expect(finished.unitsCrawled).toBe(1);
    expect(finished.pruned).toMatchObject({ evidence: 1 });
    expect(hashes(app.db)).not.toContain(orphan);
    // What tonight's crawl stored is kept.
    expect(hashes(app.db).size).toBe(1);
  });
});
