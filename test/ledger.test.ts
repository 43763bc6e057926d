import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { runAudit } from '../src/audit/run-audit.js';
import { updateLedgerAfterRun } from '../src/findings/update-ledger.js';
import { requestRecheck } from '../src/findings/request-recheck.js';
import { RecheckWorker } from '../src/findings/recheck-worker.js';
import { FindingsRepo } from '../src/store/findings-repo.js';
import { RechecksRepo } from '../src/store/rechecks-repo.js';
import { RunLock } from '../src/schedule/run-lock.js';
import { AUDIT_LOCK } from '../src/schedule/audit-lock.js';
import { ledgerDistrict, type LedgerDistrict } from './ledger-fixture.js';
import { runZwgk } from './helpers.js';

let d: LedgerDistrict;
beforeEach(async () => {
  d = await ledgerDistrict();
});
afterEach(async () => {
  await d.cleanup();
});

async function night(day: string, unitId?: string) {
  d.clock.set(`${day}T02:00:00+08:00`);
  const s = await runAudit(d.app.loaded, { db: d.app.db, clock: d.clock, unitId });
  return updateLedgerAfterRun(d.app, s.runId);
}

const findings = () => new FindingsRepo(d.app.db);
const newsOf = (unitId: string) => findings().forUnit(unitId).find((f) => f.subjectName === '动态');

describe('the 整改 ledger', { timeout: 180_000 }, () => {
  it('opens a finding per stale column after a run, with evidence and a deadline the next working day as the fix list sets it; nothing for fresh columns', async () => {
    const u = await night('2026-11-20');
    expect(u).toMatchObject({ asOf: '2026-11-20', opened: 2, fixed: 0 });
    const all = findings().list();
    expect(all.map((f) => [f.unitId, f.subjectName, f.status])).toEqual([['u1', '动态', 'open'], ['u2', '动态', 'open']]);
    const f = newsOf('u1')!;
    expect(f.text).toMatch(/栏目「动态」未按时更新：最新信息「u1动态信息5」发布于 2026-10-01/);
    expect(f.openedEvidence).toMatch(/^[0-9a-f]{64}$/);
    expect(f.deadline).toBe('2026-11-23');
    expect(findings().events(f.id).map((e) => e.event)).toEqual(['opened']);
    // The same facts again move nothing.
    expect(updateLedgerAfterRun(d.app, 1)).toMatchObject({ opened: 0, fixed: 0, overdue: 0 });
    expect(findings().events(f.id)).toHaveLength(1);
  });

  it('a recheck of a fixed site closes the finding with the new evidence; still broken stays open and turns overdue after the deadline', async () => {
    await night('2026-11-20');
    d.clock.set('2026-11-21T09:00:00+08:00');
    const first = requestRecheck(d.app, 'u1', { login: 'u1-staff' });
    const again = requestRecheck(d.app, 'u1', { login: 'u1-boss' });
    expect(first.merged).toBe(false);
    expect(again).toMatchObject({ merged: true, recheck: { id: first.recheck.id, requests: 2, requestedBy: 'u1-staff' } });
    requestRecheck(d.app, 'u2', { login: 'u2-staff' });
    expect(newsOf('u1')).toMatchObject({ status: 'recheck', recheckRequestedBy: 'u1-staff' });

    d.fix('u1', '2026-11-21');
    const worker = new RecheckWorker({ app: d.app });
    const results = await worker.drain();
    expect(results.map((r) => [r.recheck.unitId, r.recheck.status, r.outcomes.map((o) => o.outcome)])).toEqual([
      ['u1', 'done', ['fixed']], ['u2', 'done', ['still-failing']],
    ]);
    // Each recheck crawled its own unit only.
    expect(d.site.requests('/u3/')).toHaveLength(2);
    const fixed = newsOf('u1')!;
    expect(fixed).toMatchObject({ status: 'fixed', fixedOn: '2026-11-21', fixedRun: results[0].recheck.runId });
    expect(fixed.fixedEvidence).not.toBe(fixed.openedEvidence);
    expect(results[0].outcomes[0].afterEvidence).toBe(fixed.fixedEvidence);
    expect(findings().events(fixed.id).map((e) => [e.event, e.actor])).toEqual([['opened', null], ['recheck-requested', 'u1-staff'], ['fixed', null]]);

    const still = newsOf('u2')!;
    expect(still.status).toBe('open');
    expect(new RechecksRepo(d.app.db).findings(results[1].recheck.id)).toEqual([
      { recheckId: results[1].recheck.id, findingId: still.id, beforeEvidence: still.openedEvidence, outcome: 'still-failing', afterEvidence: still.lastEvidence },
    ]);
    await night('2026-11-30');
    expect(newsOf('u2')?.status).toBe('overdue');
    expect(findings().events(still.id).map((e) => e.event)).toEqual(['opened', 'recheck-requested', 'still-failing', 'overdue']);
    expect(newsOf('u1')?.status).toBe('fixed');
  });

  it('a column that cannot be read neither closes nor confirms a finding ("could not check" decides nothing)', async () => {
    await night('2026-11-20');
    d.site.down.add('/u1/news/');
    await night('2026-11-21');
    expect(newsOf('u1')).toMatchObject({ status: 'open', lastSeenOn: '2026-11-20' });
    d.site.down.delete('/u1/news/');
    d.fix('u1', '2026-11-22');
    await night('2026-11-22');
    expect(newsOf('u1')).toMatchObject({ status: 'fixed', fixedOn: '2026-11-22' });
  });

  it('reopens a fixed finding when the column goes stale again', async () => {
    await night('2026-11-20');
    d.fix('u1', '2026-11-21');
    await night('2026-11-21');
    expect(newsOf('u1')?.status).toBe('fixed');
    const u = await night('2026-12-10');
    expect(u.reopened).toBeGreaterThanOrEqual(1);
    const f = newsOf('u1')!;
    expect(f).toMatchObject({ status: 'open', openedOn: '2026-12-10', reopened: 1, fixedOn: null });
    expect(findings().events(f.id).map((e) => e.event)).toEqual(['opened', 'fixed', 'reopened']);
  });

  it('a recheck waits while another audit holds the lock, then runs', async () => {
    await night('2026-11-20');
    const other = new RunLock(d.app.db, d.clock, { name: AUDIT_LOCK, purpose: '每夜检查', leaseMs: 3_600_000 });
    expect(other.tryAcquire().acquired).toBe(true);
    requestRecheck(d.app, 'u1', { login: 'u1-staff' });
    d.fix('u1', '2026-11-20');
    const waits: string[] = [];
    const worker = new RecheckWorker({ app: d.app, lockPollMs: 20, log: { info: (t) => waits.push(t), warn() {}, error() {} } });
    const pass = worker.drain();
    await until(() => waits.some((w) => w.includes('等待')));
    const rechecks = new RechecksRepo(d.app.db);
    expect(rechecks.latestFor('u1')?.status).toBe('running');
    const before = d.site.requests('/u1/').length;
    await new Promise((r) => setTimeout(r, 200));
    expect(d.site.requests('/u1/').length).toBe(before);
    other.release();
    const [result] = await pass;
    expect(result.recheck.status).toBe('done');
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['fixed']);
  });

  it('a recheck whose lock wait runs out goes back to the queue, merged with a newer request', async () => {
    await night('2026-11-20');
    const other = new RunLock(d.app.db, d.clock, { name: AUDIT_LOCK, purpose: '每夜检查', leaseMs: 3_600_000 });
    other.tryAcquire();
    const first = requestRecheck(d.app, 'u1', { login: 'a' });
    const worker = new RecheckWorker({ app: d.app, lockWaitSeconds: 0.1, lockPollMs: 20 });
    const pass = worker.runOnce();
    const second = requestRecheck(d.app, 'u1', { login: 'b' });
    expect(second.merged).toBe(false);
    expect(await pass).toBe('busy');
    const rechecks = new RechecksRepo(d.app.db);
    expect(rechecks.get(first.recheck.id)).toBeUndefined();
    expect(rechecks.queuedFor('u1')).toMatchObject({ id: second.recheck.id, requests: 2, requestedBy: 'a' });
    expect(rechecks.findings(second.recheck.id)).toHaveLength(1);
    other.release();
  });

  it('zwgk recheck queues and runs a recheck from the command line and prints the outcome per finding', async () => {
    await night('2026-11-20');
    d.fix('u1', '2026-11-21');
    const r = await runZwgk(['-c', d.configFile, 'recheck', 'u1', '--by', '张三'], { ZWGK_NOW: '2026-11-21T02:00:00Z' });
    expect(r.stderr).toContain('复查 u1 完成');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('已加入复查队列（第 1 号，待复查问题 1 个）');
    expect(r.stdout).toMatch(/\[已整改\] 栏目「动态」未按时更新.*（新证据 [0-9a-f]{12}）/);
    expect(newsOf('u1')).toMatchObject({ status: 'fixed', recheckRequestedBy: '张三', fixedOn: '2026-11-21' });
    const queued = await runZwgk(['-c', d.configFile, 'recheck', 'u2', '--no-wait']);
    expect(queued.stdout).toContain('已加入复查队列');
    expect(new RechecksRepo(d.app.db).queuedFor('u2')).toMatchObject({ requestedBy: expect.any(String) });
    const unknown = await runZwgk(['-c', d.configFile, 'recheck', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('配置中没有编号为 "nope" 的单位');
  });

  it('zwgk ledger filters and exports CSV and XLSX', async () => {
    await night('2026-11-20');
    d.fix('u1', '2026-11-21');
    await night('2026-11-21');
    const out = mkdtempSync(join(tmpdir(), 'zwgk-ledger-'));
    try {
      const csv = join(out, 'l.csv');
      const xlsx = join(out, 'l.xlsx');
      const listed = await runZwgk(['-c', d.configFile, 'ledger', '--status', 'open']);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain('[待整改] 单位u2：栏目「动态」未按时更新');
      expect(listed.stdout).not.toContain('单位u1');
      const exported = await runZwgk(['-c', d.configFile, 'ledger', '--unit', 'u1', '--csv', csv, '--xlsx', xlsx]);
      expect(exported.code).toBe(0);
      const lines = readFileSync(csv, 'utf8').split('\r\n');
      expect(lines[0]).toBe('\uFEFF单位,单位编号,对象,问题,状态,发现日期,整改期限,申请复查,整改日期,再次出现次数,发现时证据,最新证据,网址');
      expect(lines[1]).toMatch(/^单位u1,u1,动态,栏目「动态」未按时更新.*,已整改,2026-11-20,2026-11-23,,2026-11-21,,[0-9a-f]{64},[0-9a-f]{64},http/);
      expect(lines).toHaveLength(3);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(xlsx);
      const ws = wb.getWorksheet('整改台账')!;
      expect(ws.getRow(2).getCell(5).value).toBe('状态');
      expect(ws.getRow(3).getCell(5).value).toBe('已整改');
      expect(ws.pageSetup.paperSize).toBe(9);
      const bad = await runZwgk(['-c', d.configFile, 'ledger', '--status', 'closed']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--status 应为 open、recheck、fixed、overdue 之一，收到 "closed"');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

async function until(test: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (test()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
}
