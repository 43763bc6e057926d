import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runZwgk } from './helpers.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCHEME_2021 } from './assessment-helpers.js';
import { openDb, type Db } from '../src/store/db.js';
import { EvidenceStore } from '../src/fetch/evidence-store.js';
import { ObservationsRepo } from '../src/store/observations-repo.js';
import { SettableClock } from '../src/time/clock.js';
import { ProbesRepo } from '../src/store/probes-repo.js';
import { loadConfig } from '../src/config/load.js';
import { ConfigError } from '../src/config/errors.js';

const NOW = { ZWGK_NOW: '2026-11-20T02:00:00Z' };
let dir: string;

function config(retention: string): string {
  return `
district:
  name: 测试区
  period: { start: 2026-01-01, end: 2026-12-31 }
  scheme: ${SCHEME_2021}
  dataDir: ${join(dir, 'data')}
crawl:
  allowPrivateHosts: [127.0.0.1]
  browser: { enabled: false }
${retention}
units:
  - { id: town-a, name: 甲镇, type: town }
`;
}

function writeConfig(name: string, retention: string): string {
  const file = join(dir, name);
  writeFileSync(file, config(retention));
  return file;
}

/** Nights of one column, each with its entry page and a second list page, as a crawl stores them. */
async function storeNights(db: Db, days: string[]): Promise<void> {
  const clock = new SettableClock('2025-01-01T00:00:00Z');
  const evidence = new EvidenceStore(db, () => clock.now());
  const repo = new ObservationsRepo(db);
  for (const day of days) {
    clock.set(`${day}T02:00:00Z`);
    const entry = await evidence.put(Buffer.from(`<html>entry ${day}</html>`), 'text/html');
    const page2 = await evidence.put(Buffer.from(`<html>page 2 ${day}</html>`), 'text/html');
    const url = 'http://a.example/gzdt/';
    const runId = repo.startRun(day, null, clock.now());
    repo.saveUnit(runId, 'town-a', day, clock.now(), [{
      columnId: 'gzdt', columnName: '工作动态', entryUrl: url, status: 'ok', items: [], undatedCount: 0, futureCount: 0, pagesFetched: 2,
      listEnd: 'end', evidence: entry, findings: [], linkChecks: [],
      fetches: [entry, page2].map((hash, i) => ({
        purpose: 'list' as const, url: `${url}${i}`, finalUrl: `${url}${i}`, outcome: 'ok' as const, evidence: hash, elapsedMs: 1, viaBrowser: false,
      })),
    }]);
    repo.finishRun(runId, 'done', clock.now());
  }
}


beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zwgk-prune-'));
  const db = openDb(join(dir, 'data', 'zwgk.sqlite'));
  try {
    // Two nights of last year (no finding of this period cites them), one in the period, two recent.
    await storeNights(db, ['2025-06-01', '2025-06-02', '2026-03-01', '2026-11-18', '2026-11-19']);
    // Availability probes: two older than the 30-day log, one inside it.
    const probes = new ProbesRepo(db);
    for (const at of ['2026-03-01T01:00:00Z', '2026-10-01T01:00:00Z', '2026-11-19T01:00:00Z']) {
      probes.add({ unitId: 'town-a', url: 'http://a.example/', at, ok: true, status: 200, ms: 30, outcome: 'ok', error: null });
    }
  } finally {
    db.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tableCounts(): Record<string, number> {
  const db = openDb(join(dir, 'data', 'zwgk.sqlite'));
  try {
    return Object.fromEntries(['fetches', 'evidence', 'column_observations'].map((t) => [t, db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

describe('zwgk db prune', () => {
  it('--dry-run lists what would go and changes nothing; the real prune removes exactly that and says so', async () => {
    const file = writeConfig('district.yaml', 'retention: { evidenceDays: 30, fetchLogDays: 30, appealWindowDays: 60 }');
    const before = tableCounts();
    expect(before).toEqual({ fetches: 10, evidence: 10, column_observations: 5 });

    const dry = await runZwgk(['-c', file, 'db', 'prune', '--dry-run'], NOW);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('将清理（试运行，未做任何修改）');
    // 3 old nights × 2 requests; the bodies of last year's two nights and the period night's second page.
    expect(dry.stdout).toContain('请求记录 6 条（2026-10-21 之前');
    expect(dry.stdout).toContain('页面存档 5 份');
    expect(dry.stdout).toContain('链接检查 0 条（2026-01-01 之前');
    expect(dry.stdout).toContain('可访问性探测 2 条（2026-10-2');
    expect(dry.stdout).toContain('保留期限：存档 30 天，请求记录 30 天，申诉期 60 天；2026-01-01 起的检查结果所引用的存档全部保留');
    expect(tableCounts()).toEqual(before);

    const real = await runZwgk(['-c', file, 'db', 'prune'], NOW);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain('已清理');
    expect(real.stdout).toContain('请求记录 6 条');
    expect(real.stdout).toContain('页面存档 5 份');
    expect(real.stdout).toContain('可访问性探测 2 条');
    expect(tableCounts()).toEqual({ fetches: 4, evidence: 5, column_observations: 5 });

    const nothing = await runZwgk(['-c', file, 'db', 'prune', '--dry-run'], NOW);
    expect(nothing.stdout).toContain('请求记录 0 条');
    expect(nothing.stdout).toContain('页面存档 0 份，0.0 MiB');
    expect(nothing.stdout).toContain('可访问性探测 0 条');
  });
});

describe('retention config', () => {
  function problems(retention: string): string[] {
    try {
      loadConfig(writeConfig(`bad-${Math.random().toString(36).slice(2)}.yaml`, retention));
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).message.split('\n');
    }
    throw new Error('expected a ConfigError');
  }

  it('has defaults', () => {
    const loaded = loadConfig(writeConfig('defaults.yaml', ''));
    expect(loaded.config.retention).toEqual({ evidenceDays: 90, fetchLogDays: 90, appealWindowDays: 60 });
  });

  it('names the key of every bad value and unknown key', () => {
    const lines = problems('retention: { evidenceDays: 0, fetchLogDays: 7.5, appealWindowDays: -1, keepForever: true }');
    expect(lines.find((l) => l.includes('retention.evidenceDays'))).toMatch(/expected number to be >=1, got 0/);
    expect(lines.find((l) => l.includes('retention.fetchLogDays'))).toMatch(/expected int/);
    expect(lines.find((l) => l.includes('retention.appealWindowDays'))).toMatch(/expected number to be >=0, got -1/);
    expect(lines.find((l) => l.includes('retention: unknown key'))).toContain('keepForever');
    expect(problems('retention: { evidenceDays: "90 days" }').find((l) => l.includes('retention.evidenceDays'))).toMatch(/number|数/);
  });
});
