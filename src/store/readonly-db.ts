import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, copyFileSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { migrations } from './migrations/index.js';
import type { Db } from './db.js';

/** A read-only connection, and what closing it takes (removing a private copy, when one was made). */
export interface ReadonlyDb {
  db: Db;
  close(): void;
}

/**
 * Opens the database for commands that only read, without migrating or writing anything, so they work
 * on a file (and directory) the user may not write.
 *
 * A WAL-mode database needs its `-wal` and `-shm` files to be read. When they exist (a writer is running,
 * or one crashed) SQLite reads them even when they are read-only. When they do not (every writer closed
 * cleanly) SQLite would create them: that is left to it only in a directory we may write, next to a file
 * we own, so that nothing is left behind that the file's owner cannot use; otherwise the database (and
 * any `-wal`) is copied to a private temporary folder and read there.
 */
export function openDbReadonly(file: string): ReadonlyDb {
  if (!existsSync(file)) throw new Error(`数据库文件 ${file} 不存在：还没有任何检查记录，请先运行 zwgk run`);
  try {
    if (isWal(file) && !(existsSync(`${file}-wal`) && existsSync(`${file}-shm`)) && !mayCreateBeside(file)) return openCopy(file);
    const db = open(file);
    return { db, close: () => db.close() };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code !== 'string') throw err;
    throw new Error(`无法以只读方式读取数据库 ${file}：${(err as Error).message}（${code}）`);
  }
}

function open(file: string, shownAs = file): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // A reading command scans its tables once: a page cache larger than SQLite's default (better-sqlite3
    // sets 16 MB) is only fresh memory to fault in, a tenth of `zwgk score`'s time over a year of history.
    db.pragma('cache_size = -2000');
    checkSchema(db, shownAs);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** The schema must be current: a read-only connection cannot migrate it. */
function checkSchema(db: Db, file: string): void {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
  const applied = new Set(hasTable ? (db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]) : []);
  const missing = migrations.filter((m) => !applied.has(m.version)).map((m) => m.version);
  if (missing.length > 0) {
    throw new Error(`数据库 ${file} 的结构需要更新（缺少第 ${missing.join('、')} 号迁移），只读命令不会修改数据库：`
      + '请先由有写权限的用户运行一次会写入数据库的命令（如 zwgk run），再运行此命令');
  }
}

/** Bytes 18–19 of the SQLite header are 2 in WAL mode. */
function isWal(file: string): boolean {
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  return header[18] === 2 || header[19] === 2;
}

function mayCreateBeside(file: string): boolean {
  try {
    accessSync(dirname(file), constants.W_OK);
  } catch {
    return false;
  }
  return statSync(file).uid === process.getuid?.();
}

function openCopy(file: string): ReadonlyDb {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-readonly-'));
  try {
    const copy = join(dir, 'zwgk.sqlite');
    copyConsistently(file, copy);
    const db = open(copy, file);
    return { db, close: () => { db.close(); rmSync(dir, { recursive: true, force: true }); } };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The file and its `-wal`, copied again if a writer checkpointed into the file meanwhile. */
function copyConsistently(file: string, copy: string): void {
  const stamp = () => {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  };
  for (let attempt = 1; ; attempt++) {
    const before = stamp();
    copyFileSync(file, copy);
    rmSync(`${copy}-wal`, { force: true });
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    if (stamp() === before) return;
    if (attempt === 3) throw new Error(`数据库 ${file} 在读取期间一直在被写入，请稍后再试`);
  }
}
