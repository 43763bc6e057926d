import { nationalChecks } from '../reports/national-checks-json.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDb } from '../src/store/db.js';
import { openDbReadonly } from '../src/store/readonly-db.js';
import { ManualEntriesRepo } from '../src/manual/entries-repo.js';
import { scoreStored } from '../src/score-stored.js';
import { SettableClock } from '../src/time/clock.js';
import { scoreDocument } from '../reports/score-json.js';
import { REPORT_DAY, ROOT, weeklyDistrict, type WeeklyDistrict } from './weekly-fixture.js';

const RUNUSER = '/usr/sbin/runuser';
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
/**
 * Root ignores file modes, so as root the commands run as `nobody` (through runuser) to meet the
 * read-only folder for real; as any other user the modes already apply.
 */
const asReader = (args: string[]): string[] => (isRoot && existsSync(RUNUSER) ? [RUNUSER, '-u', 'nobody', '--', ...args] : args);

function zwgk(configFile: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const [cmd, ...rest] = asReader([process.execPath, '--import', 'tsx', join(ROOT, 'src/cli/main.ts'), '-c', configFile, ...args]);
  return spawnSync(cmd, rest, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ZWGK_NOW: `${REPORT_DAY}T02:00:00Z` } });
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Makes a folder and its files read-only for everyone (as the reports' readers would find them). */
function freeze(dir: string): void {
  for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o444);
  chmodSync(dir, 0o555);
}
const thaw = (dir: string) => chmodSync(dir, 0o755);

let district: WeeklyDistrict;
const scratch = mkdtempSync(join(tmpdir(), 'zwgk-readonly-test-'));
chmodSync(scratch, 0o755); // the reader (nobody) must reach the folders inside
beforeAll(async () => {
  district = await weeklyDistrict();
  await district.crawl();
});
afterAll(async () => {
  if (district) thaw(district.dir);
  await district?.close();
  rmSync(scratch, { recursive: true, force: true });
});

function expectedScores(): unknown {
  const app = district.open(new SettableClock(`${REPORT_DAY}T02:00:00Z`));
  try {
    const district = scoreStored(app, REPORT_DAY);
    const doc = scoreDocument(app.loaded, REPORT_DAY, district.units, district.notes);
    doc.nationalChecks = nationalChecks(app, REPORT_DAY, district.units);
    return JSON.parse(JSON.stringify(doc));
  } finally {
    app.close();
  }
}

describe('commands that only read, on a database nobody may write', () => {
  it('score, mail status and report weekly --out work when the file and its folder are read-only, and leave them as they were', () => {
    const expected = expectedScores();
    const db = join(district.dir, 'zwgk.sqlite');
    const before = sha(db);
    const out = mkdtempSync(join(scratch, 'out-'));
    chmodSync(out, 0o777);
    freeze(district.dir);
    const files = readdirSync(district.dir).sort();
    expect(files).not.toContain('zwgk.sqlite-wal'); // every writer closed: WAL mode at rest, no -wal/-shm
    try {
      const score = zwgk(district.configFile, 'score', '--json', '--as-of', REPORT_DAY);
      expect(score.stderr).toBe('');
      expect(score.status).toBe(0);
      expect(JSON.parse(score.stdout)).toEqual(expected);

      const status = zwgk(district.configFile, 'mail', 'status');
      expect(status.status).toBe(0);
      expect(status.stdout).toContain('待发送 0 封，已发送 0 封');

      const weekly = zwgk(district.configFile, 'report', 'weekly', '--out', out);
      expect(weekly.stderr).toBe('');
      expect(weekly.status).toBe(0);
      expect(weekly.stdout).toContain(`已写入 11 个文件（截至 ${REPORT_DAY}）`);
      expect(readFileSync(join(out, REPORT_DAY, 'shuiwu.html'), 'utf8')).toContain('区水务局');

      const writing = zwgk(district.configFile, 'report', 'weekly', '--mail');
      if (isRoot && !existsSync(RUNUSER)) expect(writing.status).toBe(0);
      else expect(writing.status).toBe(1);
      expect(readdirSync(district.dir).sort()).toEqual(files);
      expect(sha(db)).toBe(before);
    } finally {
      thaw(district.dir);
    }
  });

  it('reads what a crashed writer left in the -wal file, without its -shm, from a read-only folder', () => {
    const copy = join(scratch, 'crashed');
    mkdirSync(copy);
    const app = district.open(new SettableClock(`${REPORT_DAY}T02:00:00Z`));
    try {
      new ManualEntriesRepo(app.db).append([{
        schemeId: app.loaded.scheme.id, unitId: 'qingshan', itemNo: 5, value: { count: 2 }, evidence: '开放日照片',
        enteredBy: '李四', enteredAt: `${REPORT_DAY}T01:00:00.000Z`, source: 'cli',
      }]);
      // What the folder holds when the process dies now: the entry is only in the -wal.
      copyFileSync(join(district.dir, 'zwgk.sqlite'), join(copy, 'zwgk.sqlite'));
      copyFileSync(join(district.dir, 'zwgk.sqlite-wal'), join(copy, 'zwgk.sqlite-wal'));
    } finally {
      app.close();
    }
    const config = join(copy, 'district.yaml');
    writeFileSync(config, readFileSync(district.configFile, 'utf8').replace(`dataDir: ${district.dir}`, `dataDir: ${copy}`));
    freeze(copy);
    try {
      const score = zwgk(config, 'score', '--json', '--as-of', REPORT_DAY);
      expect(score.stderr).toBe('');
      expect(score.status).toBe(0);
      const doc = JSON.parse(score.stdout) as { units: { id: string; items: { no: number; points: number | null }[] }[] };
      expect(doc.units.find((u) => u.id === 'qingshan')!.items.find((i) => i.no === 5)!.points).toBe(10);
      expect(readdirSync(copy).sort()).toEqual(['district.yaml', 'zwgk.sqlite', 'zwgk.sqlite-wal']);
    } finally {
      thaw(copy);
    }
  });
});

describe('openDbReadonly', () => {
  function database(): { dir: string; file: string } {
    const dir = mkdtempSync(join(scratch, 'db-'));
    const file = join(dir, 'zwgk.sqlite');
    const db = openDb(file);
    db.prepare("INSERT INTO locks (name, holder, pid, host, purpose, acquired_at, expires_at) VALUES ('x', 'h', 1, 'host', 'p', 'a', 'b')").run();
    db.close();
    return { dir, file };
  }

  it('opens a connection that cannot write', () => {
    const { file } = database();
    const { db, close } = openDbReadonly(file);
    try {
      expect(db.readonly).toBe(true);
      expect(db.prepare('SELECT COUNT(*) FROM locks').pluck().get()).toBe(1);
      expect(() => db.prepare("DELETE FROM locks WHERE name = 'x'").run()).toThrow(/readonly/);
    } finally {
      close();
    }
  });

  it('reads a private copy of a database at rest in WAL mode that it may not add files beside, and removes the copy on close', () => {
    const { dir, file } = database();
    if (isRoot) chownSync(file, NOBODY, NOBODY);
    else chmodSync(dir, 0o555);
    try {
      const { db, close } = openDbReadonly(file);
      const copyDir = dirname(db.name);
      expect(copyDir).not.toBe(dir);
      expect(db.prepare('SELECT COUNT(*) FROM locks').pluck().get()).toBe(1);
      close();
      expect(existsSync(copyDir)).toBe(false);
      expect(readdirSync(dir)).toEqual(['zwgk.sqlite']);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it('reads in place, beside a running writer, what that writer has committed', () => {
    const { file } = database();
    const writer = openDb(file);
    try {
      writer.prepare("INSERT INTO locks (name, holder, pid, host, purpose, acquired_at, expires_at) VALUES ('y', 'h', 2, 'host', 'p', 'a', 'b')").run();
      const { db, close } = openDbReadonly(file);
      expect(db.name).toBe(file);
      expect(db.prepare('SELECT COUNT(*) FROM locks').pluck().get()).toBe(2);
      close();
    } finally {
      writer.close();
    }
  });

  it('refuses a database whose schema is behind, or one that does not exist, saying what to run, and changes nothing', () => {
    const { dir, file } = database();
    const db = openDb(file);
    const latest = db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number;
    db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(latest);
    db.close();
    expect(() => openDbReadonly(file)).toThrow(`数据库 ${file} 的结构需要更新（缺少第 ${latest} 号迁移），只读命令不会修改数据库：请先由有写权限的用户运行一次会写入数据库的命令（如 zwgk run），再运行此命令`);
    // The refused database was not migrated behind the user's back.
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) FROM schema_migrations WHERE version = ?').pluck().get(latest)).toBe(0);
    raw.close();
    expect(() => openDbReadonly(join(dir, 'missing.sqlite'))).toThrow(`数据库文件 ${join(dir, 'missing.sqlite')} 不存在：还没有任何检查记录，请先运行 zwgk run`);
  });
});
