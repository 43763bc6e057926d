import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { serveSite, type RouteHandler, type SiteServer } from '../src/demo/site-server.js';
import { SettableClock } from '../src/time/clock.js';
import { Daemon } from '../src/schedule/daemon.js';
import type { AuditSummary } from '../src/audit/run-audit.js';
import { smtpSender } from '../src/mail/sender.js';
import { simpleParser } from 'mailparser';
import { smtpFixture } from './smtp-fixture.js';
import { ROOT, weeklyDistrict, type WeeklyDistrict } from './weekly-fixture.js';

function quietLog() {
  const lines: string[] = [];
  const add = (t: string) => void lines.push(t);
  return { lines, info: add, warn: add, error: add };
}

describe('catch-up on start', () => {
  let district: WeeklyDistrict;
  beforeAll(async () => {
    district = await weeklyDistrict({ schedule: 'schedule: { weeklyOutDir: out, weeklyCatchUpHours: 48 }' });
    await district.crawl();
  });
  afterAll(async () => { await district?.close(); });

  it('runs a missed night and sends a missed week once, then nothing more until the next slots', async () => {
    // Tuesday 2026-11-24 11:00 in Shanghai: that night's 01:30 audit and Monday's 08:00 reports were missed.
    const clock = new SettableClock('2026-11-24T03:00:00Z');
    const app = district.open(clock);
    const audits: string[] = [];
    const audit = async (): Promise<AuditSummary> => {
      audits.push(clock.now().toISOString());
      return { runId: 99, resumed: false, unitsCrawled: 3, unitsSkipped: 0, pages: 9, aborted: false, mailboxes: [] };
    };
    const log = quietLog();
    const daemon = new Daemon({ app, sender: null, log, audit });
    try {
      expect(daemon.missedNightly(clock.now())?.toISOString()).toBe('2026-11-23T17:30:00.000Z');
      expect(daemon.missedWeekly(clock.now())?.toISOString()).toBe('2026-11-23T00:00:00.000Z');
      await daemon.start().catchUp;
      expect(audits).toHaveLength(1);
      expect(readdirSync(join(district.dir, 'out', '2026-11-23')).sort()).toContain('office-summary.html');
      const jobs = app.db.prepare('SELECT job, trigger, status, occurrence FROM job_runs ORDER BY id').all();
      expect(jobs).toEqual([
        { job: 'nightly', trigger: 'catch-up', status: 'done', occurrence: '2026-11-23T17:30:00.000Z' },
        { job: 'weekly', trigger: 'catch-up', status: 'done', occurrence: '2026-11-23T00:00:00.000Z' },
      ]);
      expect(log.lines.join('\n')).toContain('下次 2026-11-25 01:30');
      expect(daemon.missedNightly(clock.now())).toBeNull();
      expect(daemon.missedWeekly(clock.now())).toBeNull();

      // Wednesday 16:00: the Wednesday 01:30 slot was missed; the weekly one is done.
      clock.set('2026-11-25T08:00:00Z');
      expect(daemon.missedNightly(clock.now())?.toISOString()).toBe('2026-11-24T17:30:00.000Z');
      expect(daemon.missedWeekly(clock.now())).toBeNull();
      // Thursday 01:00, half an hour before the next slot: not caught up, the slot itself will run.
      clock.set('2026-11-25T17:00:00Z');
      expect(daemon.missedNightly(clock.now())).toBeNull();
      // A full audit finished after the slot (say, zwgk run by hand) counts as that night's.
      clock.set('2026-11-23T03:00:00Z');
      expect(daemon.missedNightly(clock.now())).toBeNull();
    } finally {
      await daemon.stop();
      app.close();
    }
  });

  it('does not send a week\'s reports that were missed longer ago than weeklyCatchUpHours', async () => {
    const clock = new SettableClock('2026-12-02T03:00:00Z');
    const app = district.open(clock);
    const daemon = new Daemon({ app, sender: null, log: quietLog(), audit: async () => ({ runId: 1, resumed: false, unitsCrawled: 0, unitsSkipped: 0, pages: 0, aborted: false, mailboxes: [] }) });
    try {
      // Monday 2026-11-30 08:00 was 67 hours ago.
      expect(daemon.missedWeekly(clock.now())).toBeNull();
    } finally {
      await daemon.stop();
      app.close();
    }
  });
});

describe('the weekly job with a mail server', () => {
  it('renders the missed week\'s reports into the outbox and delivers them', async () => {
    const district = await weeklyDistrict({ mail: 'mail: { from: 测试区政务公开办 <zwgk@test.gov.cn>, office: [office@test.gov.cn] }' });
    const smtp = await smtpFixture({ user: 'u', pass: 'p' });
    try {
      await district.crawl();
      // Monday 09:00 in Shanghai: the night's audit ran (the fixture crawl), the 08:00 reports did not.
      const clock = new SettableClock('2026-11-23T01:00:00Z');
      const app = district.open(clock);
      const sender = smtpSender({ host: '127.0.0.1', port: smtp.port, secure: false, requireTls: false, rejectUnauthorized: false, user: 'u', pass: 'p' });
      const daemon = new Daemon({ app, sender, log: quietLog(), audit: async () => { throw new Error('no audit expected'); } });
      try {
        await daemon.start().catchUp;
        await until('three mails', () => smtp.accepted.length === 3);
      } finally {
        await daemon.stop();
        sender.close();
        app.close();
      }
      const subjects = (await Promise.all(smtp.accepted.map((m) => simpleParser(m.raw)))).map((m) => m.subject);
      expect(subjects).toHaveLength(3);
      expect(subjects).toEqual(expect.arrayContaining([
        expect.stringMatching(/^【否决预警】【政务公开周报】区水务局（截至 2026-11-23）/),
        expect.stringMatching(/^【政务公开周报】青山镇人民政府（截至 2026-11-23）/),
        '【政务公开周报】测试区汇总（截至 2026-11-23）：3 个单位，1 个单位触发否决预警，3 个单位总分暂定（人工项待录入）',
      ]));
    } finally {
      await smtp.close();
      await district.close();
    }
  });
});

const UNITS = ['u1', 'u2', 'u3', 'u4'];
let site: SiteServer;
const stall = new Set<string>();
const held: { unit: string; send: () => void }[] = [];
const requested = new Set<string>();

function listPage(unit: string): string {
  const rows = [0, 1, 2].map((i) => `<li><a href="/${unit}/t${i}.html" title="${unit}信息${i}">${unit}信息${i}</a><span>2026/11/1${i}</span></li>`);
  return `<html><body><ul class="u-list">${rows.join('')}</ul></body></html>`;
}

function release(unit: string): void {
  stall.delete(unit);
  for (const h of held.filter((x) => x.unit === unit)) {
    held.splice(held.indexOf(h), 1);
    h.send();
  }
}

beforeAll(async () => {
  const routes: Record<string, RouteHandler> = {};
  for (const u of UNITS) {
    routes[`/${u}/index.html`] = (_req, res: ServerResponse) => {
      requested.add(u);
      const send = () => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(listPage(u));
      if (stall.has(u)) held.push({ unit: u, send });
      else send();
    };
  }
  site = await serveSite({ routes });
});
afterAll(async () => {
  for (const u of UNITS) release(u);
  await site.close();
});

interface Proc { child: ChildProcess; out: () => string; done: Promise<number | null> }

function zwgk(configFile: string, args: string[]): Proc {
  // A real process under TZ=UTC whose clock starts on Monday 2026-11-23 11:00 in Shanghai.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '-c', configFile, ...args], {
    cwd: ROOT, env: { ...process.env, TZ: 'UTC', ZWGK_NOW: '2026-11-23T03:00:00Z', ZWGK_SMTP_HOST: '' },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, out: () => out, done: new Promise((r) => child.on('exit', (code) => r(code))) };
}

async function until(what: string, test: () => boolean, ms = 30_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (test()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function query<T>(dbFile: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe('zwgk daemon as a process (TZ=UTC)', () => {
  it('on SIGTERM lets the unit in flight finish, starts no other, exits cleanly; a rerun beside it waits, then runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zwgk-daemon-'));
    const configFile = join(dir, 'district.yaml');
    const dbFile = join(dir, 'zwgk.sqlite');
    writeFileSync(configFile, `
district:
  name: 测试区
  period: { start: 2026-01-01, end: 2026-12-31 }
  scheme: ${join(ROOT, 'config/schemes/yanjiang-2021.yaml')}
  dataDir: ${dir}
crawl: { allowPrivateHosts: [127.0.0.1], unitConcurrency: 1, linkCheckCount: 0, timeoutMs: 120000, retries: 0, browser: { enabled: false } }
schedule: { weeklyOutDir: reports }
units:
${UNITS.map((u) => `  - id: ${u}
    name: 单位${u}
    type: town
    columns:
      - { name: 动态, url: "${site.origin}/${u}/index.html", category: news, shape: S1 }`).join('\n')}
`);
    try {
      stall.add('u2');
      const first = zwgk(configFile, ['daemon']);
      await until('u1 stored and u2 in flight', () => requested.has('u2') && existsSync(dbFile) && query(dbFile, 'SELECT 1 FROM run_units').length === 1);
      first.child.kill('SIGTERM');
      await until('the stop message', () => first.out().includes('收到 SIGTERM'));
      release('u2');
      expect(await first.done).toBe(0);
      const out1 = first.out();
      expect(out1).toContain('每夜检查：30 1 * * *（Asia/Shanghai），下次 2026-11-24 01:30');
      expect(out1).toContain('每周报告：0 8 * * 1（Asia/Shanghai），下次 2026-11-30 08:00');
      expect(out1).toContain('补做错过的每夜检查（应于 2026-11-23 01:30 进行）');
      expect(out1).toContain('每夜检查已中断');
      expect(out1).toContain('守护进程已停止');
      expect(requested.has('u3')).toBe(false);
      expect(query<{ unit_id: string }>(dbFile, 'SELECT unit_id FROM run_units ORDER BY unit_id').map((r) => r.unit_id)).toEqual(['u1', 'u2']);
      expect(query(dbFile, 'SELECT as_of, status FROM runs')).toEqual([{ as_of: '2026-11-23', status: 'running' }]);
      expect(query(dbFile, 'SELECT job, status FROM job_runs')).toEqual([{ job: 'nightly', status: 'aborted' }]);
      expect(query(dbFile, 'SELECT * FROM locks')).toEqual([]);

      // Started again, it resumes the night; while it holds the lock a one-unit rerun waits, bounded.
      stall.add('u3');
      const second = zwgk(configFile, ['daemon']);
      await until('u3 in flight', () => requested.has('u3'));
      const rerun = zwgk(configFile, ['run', '--unit', 'u1', '--wait', '2']);
      expect(await rerun.done).toBe(1);
      expect(rerun.out()).toMatch(/另一进程正在每夜检查（主机 .+，进程 \d+，开始于 2026-11-23 11:00:\d\d），已等待 2 秒仍未结束，请稍后再试/);
      expect(query(dbFile, "SELECT COUNT(*) AS n FROM runs WHERE unit_filter = 'u1'")).toEqual([{ n: 0 }]);

      release('u3');
      await until('the weekly reports', () => query(dbFile, "SELECT 1 FROM job_runs WHERE job = 'weekly' AND status = 'done'").length === 1);
      expect(query(dbFile, 'SELECT status, (SELECT COUNT(*) FROM run_units) AS units FROM runs')).toEqual([{ status: 'done', units: 4 }]);
      expect(query(dbFile, "SELECT trigger, occurrence FROM job_runs WHERE job = 'weekly'")).toEqual([{ trigger: 'catch-up', occurrence: '2026-11-23T00:00:00.000Z' }]);
      expect(readdirSync(join(dir, 'reports', '2026-11-23')).sort()).toEqual([
        'office-summary.html', 'office-summary.txt', 'u1.html', 'u1.txt', 'u1.xlsx', 'u2.html', 'u2.txt', 'u2.xlsx',
        'u3.html', 'u3.txt', 'u3.xlsx', 'u4.html', 'u4.txt', 'u4.xlsx',
      ]);

      // The daemon is idle now: the rerun gets the lock and runs.
      const rerun2 = zwgk(configFile, ['run', '--unit', 'u1', '--wait', '30']);
      expect(await rerun2.done).toBe(0);
      expect(rerun2.out()).toContain('检查完成');
      expect(query(dbFile, "SELECT status FROM runs WHERE unit_filter = 'u1'")).toEqual([{ status: 'done' }]);

      second.child.kill('SIGTERM');
      expect(await second.done).toBe(0);
      expect(query(dbFile, 'SELECT * FROM locks')).toEqual([]);
      expect(query(dbFile, 'SELECT COUNT(*) AS n FROM (SELECT 1 FROM column_observations WHERE run_id = 1 GROUP BY unit_id HAVING COUNT(*) > 1)')).toEqual([{ n: 0 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
