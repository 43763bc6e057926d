import http from 'node:http';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config/load.js';
import { ConfigError } from '../src/config/errors.js';
import { openDb, type Db } from '../src/store/db.js';
import { runAudit } from '../src/audit/run-audit.js';
import type { UnitScore } from '../src/scoring/score-unit.js';
import { scoreStored } from '../src/score-stored.js';
import { SettableClock } from '../src/time/clock.js';

const ROOT = resolve(import.meta.dirname, '..');

/** One list item as the fixture site shows it; `href` root-relative (on the site) or absolute (elsewhere). */
export interface FixtureItem {
  href: string;
  title: string;
  date: string;
}

/**
 * A TRS-style (S1) disclosure site served over http and https on 127.0.0.1. `lists` maps a list path to
 * its items; a path listed in `movedToHttps` answers 301 to the same path on the https server.
 */
export interface IdentitySite {
  http: string;
  https: string;
  lists: Map<string, FixtureItem[]>;
  movedToHttps: Set<string>;
  close(): Promise<void>;
}

function listPage(items: FixtureItem[]): string {
  const rows = items.map((i) => `<li><a href="${i.href}" title="${i.title}">${i.title}</a><span>${i.date}</span></li>`);
  return `<html><body><ul class="u-list">${rows.join('')}</ul></body></html>`;
}

export async function serveIdentitySite(): Promise<IdentitySite> {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const tls = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
    const lists = new Map<string, FixtureItem[]>();
    const movedToHttps = new Set<string>();
    let httpsOrigin = '';
    const answer = (secure: boolean) => (req: http.IncomingMessage, res: http.ServerResponse) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (!secure && movedToHttps.has(path)) return res.writeHead(301, { location: `${httpsOrigin}${path}` }).end();
      const items = lists.get(path);
      if (!items) return res.writeHead(404).end('not found');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(listPage(items));
    };
    const plain = http.createServer(answer(false));
    const secure = https.createServer(tls, answer(true));
    const listen = (s: http.Server) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
    const httpPort = await listen(plain);
    httpsOrigin = `https://127.0.0.1:${await listen(secure)}`;
    const close = (s: http.Server) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); });
    return {
      http: `http://127.0.0.1:${httpPort}`, https: httpsOrigin, lists, movedToHttps,
      close: async () => { await Promise.all([close(plain), close(secure)]); },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface FixtureColumn {
  name: string;
  url: string;
  id?: string;
  category?: string;
}

/** A district config in a folder, with the 2021 scheme beside it. */
class IdentityDistrictConfig {
  readonly file: string;

  constructor(readonly dir: string) {
    this.file = join(dir, 'district.yaml');
    mkdirSync(join(dir, 'schemes'));
    copyFileSync(join(ROOT, 'config/schemes/yanjiang-2021.yaml'), join(dir, 'schemes/s.yaml'));
  }

  write(units: Record<string, FixtureColumn[]>): void {
    const column = (c: FixtureColumn) =>
      `      - { ${c.id ? `id: ${c.id}, ` : ''}name: ${c.name}, url: "${c.url}", category: ${c.category ?? 'news'} }`;
    writeFileSync(this.file, `district:
  name: 测试区
  period: { start: 2026-10-01, end: 2026-12-31 }
  scheme: schemes/s.yaml
  dataDir: data
crawl: { linkCheckCount: 0, retries: 0, allowPrivateHosts: [127.0.0.1, localhost], browser: { enabled: false } }
units:
${Object.entries(units).map(([id, columns]) => `  - id: ${id}
    name: 单位${id}
    type: town
    columns:
${columns.map(column).join('\n')}`).join('\n')}
`);
  }
}

/** A district folder whose config can be rewritten between nights, its database, and nights crawled on a settable clock. */
export class IdentityDistrict {
  readonly dir = mkdtempSync(join(tmpdir(), 'zwgk-identity-'));
  readonly db: Db;
  private readonly config = new IdentityDistrictConfig(this.dir);
  private readonly file = this.config.file;

  constructor(units: Record<string, FixtureColumn[]>) {
    this.configure(units);
    this.db = openDb(join(this.dir, 'data/zwgk.sqlite'));
  }

  /** Rewrites the config: the office renames a column, changes its URL, adds an id. */
  configure(units: Record<string, FixtureColumn[]>): void {
    this.config.write(units);
  }

  /** Crawls every unit as of `day` (the clock at 02:00 Shanghai time). */
  async night(day: string): Promise<void> {
    const clock = new SettableClock(`${day}T02:00:00+08:00`);
    await runAudit(loadConfig(this.file), { db: this.db, clock, asOf: day });
  }

  /** A unit's score as of a date, from stored facts only. */
  score(unitId: string, asOf: string): UnitScore {
    const loaded = loadConfig(this.file);
    const unit = loaded.config.units.find((u) => u.id === unitId);
    if (!unit) throw new Error(`no unit ${unitId}`);
    const district = scoreStored({ loaded, db: this.db, clock: new SettableClock(`${asOf}T12:00:00+08:00`), close: () => {} }, asOf);
    return district.units.find((u) => u.id === unit.id)!;
  }

  rows<T>(sql: string, ...params: unknown[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  cleanup(): void {
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The problems `zwgk config check` reports for one unit with these columns (empty when valid). */
export function configProblems(columns: FixtureColumn[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-identity-config-'));
  try {
    const d = new IdentityDistrictConfig(dir);
    d.write({ a: columns });
    try {
      loadConfig(d.file);
      return [];
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return err.problems.map((p) => `${p.path}: ${p.message}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
