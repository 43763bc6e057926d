import http from 'node:http';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig, type LoadedConfig } from '../src/config/load.js';
import { openDb, type Db } from '../src/store/db.js';
import { runAudit, type AuditSummary } from '../src/audit/run-audit.js';
import { loadDistrictFacts } from '../src/store/district-facts.js';
import { scoreDistrict, type DistrictScores } from '../src/scoring/score-district.js';
import { WorkCalendar } from '../src/calendar/work-calendar.js';
import { SettableClock } from '../src/time/clock.js';
import { addDays } from '../src/time/dates.js';

const ROOT = resolve(import.meta.dirname, '..');

export interface ListedItem {
  /** The detail page's file name under the column's directory, e.g. `t1.html`. */
  file: string;
  title: string;
  date: string;
}

/** One column of the fixture site: its items newest first, served `perPage` a page, with or without ETags. */
export interface SiteColumn {
  items: ListedItem[];
  perPage: number;
  /** Answer conditional requests with 304 (otherwise the same bytes again, with no validators). */
  etag: boolean;
}

/**
 * TRS-style (S1) column lists on 127.0.0.1: `<dir>index.html`, `<dir>index_1.html` …, detail pages beside
 * them. Everything is mutable between nights; every request path is logged.
 */
export interface NightlySite {
  origin: string;
  columns: Map<string, SiteColumn>;
  /** Column directories whose every page answers 500. */
  down: Set<string>;
  /** Detail paths that answer 404. */
  broken: Set<string>;
  log: string[];
  /** Requests logged for paths under `dir`. */
  requests(dir: string, kind?: 'list' | 'detail'): string[];
  close(): Promise<void>;
}

const LIST_PAGE = /^(.*\/)index(?:_(\d+))?\.html$/;

function listPage(items: ListedItem[], page: number, pages: number): string {
  const rows = items.map((i) => `<li><a href="./${i.file}" title="${i.title}">${i.title}</a><span>${i.date.replace(/-/g, '/')}</span></li>`);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>栏目</title></head><body>
<div class="main"><ul class="u-list">${rows.join('\n')}</ul>
<div class="page"><script>var currentPage = ${page};var countPage = ${pages};createPageHTML(countPage, currentPage, "index", "html");</script></div></div>
</body></html>`;
}

export async function serveNightlySite(): Promise<NightlySite> {
  const columns = new Map<string, SiteColumn>();
  const down = new Set<string>();
  const broken = new Set<string>();
  const log: string[] = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    log.push(path);
    const dir = [...columns.keys()].find((d) => path.startsWith(d));
    if (!dir) return res.writeHead(404).end('not found');
    if (down.has(dir)) return res.writeHead(500).end('busy');
    const column = columns.get(dir)!;
    const list = LIST_PAGE.exec(path);
    if (!list) {
      const item = column.items.find((i) => `${dir}${i.file}` === path);
      if (!item || broken.has(path)) return res.writeHead(404).end('not found');
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<html><body><h1>${item.title}</h1><p>发布时间：${item.date}</p></body></html>`);
    }
    const page = Number(list[2] ?? 0);
    const pages = Math.max(1, Math.ceil(column.items.length / column.perPage));
    if (page >= pages) return res.writeHead(404).end('not found');
    const body = listPage(column.items.slice(page * column.perPage, (page + 1) * column.perPage), page, pages);
    if (!column.etag) return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, columns, down, broken, log,
    requests: (dir, kind) => log.filter((p) => p.startsWith(dir) && (kind === undefined || (kind === 'list') === LIST_PAGE.test(p))),
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** `count` items in one column, newest first, one every two days back from `newest`: `t<slug><n>.html`, titled `<title>信息<n>`. */
export function itemsOf(slug: string, title: string, count: number, newest = '2026-11-18'): ListedItem[] {
  return Array.from({ length: count }, (_, i) => ({ file: `t${slug}${count - i}.html`, title: `${title}信息${count - i}`, date: addDays(newest, -2 * i) }));
}

export interface DistrictColumn {
  name: string;
  /** The column's directory on the site, e.g. `/u1/news/`. */
  dir: string;
  category?: string;
  cadenceDays?: number;
}

/** A district folder (config, scheme, database) crawled night after night on a settable clock. */
export class NightlyDistrict {
  readonly dir = mkdtempSync(join(tmpdir(), 'zwgk-nightly-'));
  readonly db: Db;
  private readonly file = join(this.dir, 'district.yaml');

  constructor(private readonly origin: string, units: Record<string, DistrictColumn[]>, crawl: Record<string, number> = {}) {
    mkdirSync(join(this.dir, 'schemes'));
    copyFileSync(join(ROOT, 'config/schemes/yanjiang-2021.yaml'), join(this.dir, 'schemes/s.yaml'));
    this.configure(units, crawl);
    this.db = openDb(join(this.dir, 'data/zwgk.sqlite'));
  }

  configure(units: Record<string, DistrictColumn[]>, crawl: Record<string, number> = {}): void {
    const settings = Object.entries({ linkCheckCount: 0, ...crawl }).map(([k, v]) => `${k}: ${v}, `).join('');
    const column = (c: DistrictColumn) => `      - { name: ${c.name}, url: "${this.origin}${c.dir}index.html", category: ${c.category ?? 'news'}`
      + `${c.cadenceDays ? `, cadenceDays: ${c.cadenceDays}` : ''} }`;
    writeFileSync(this.file, `district:
  name: 测试区
  period: { start: 2026-10-01, end: 2026-12-31 }
  scheme: schemes/s.yaml
  dataDir: data
crawl: { ${settings}retries: 0, allowPrivateHosts: [127.0.0.1], browser: { enabled: false } }
units:
${Object.entries(units).map(([id, cols]) => `  - id: ${id}
    name: 单位${id}
    type: town
    columns:
${cols.map(column).join('\n')}`).join('\n')}
`);
  }

  loaded(): LoadedConfig {
    return loadConfig(this.file);
  }

  /** Crawls every unit (or one) as of `day`, the clock at 02:00 Shanghai time. */
  async night(day: string, unitId?: string): Promise<AuditSummary> {
    return await runAudit(this.loaded(), { db: this.db, clock: new SettableClock(`${day}T02:00:00+08:00`), asOf: day, unitId });
  }

  score(asOf: string): DistrictScores {
    return scoreFrom(this.db, this.loaded(), asOf);
  }

  rows<T>(sql: string, ...params: unknown[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  cleanup(): void {
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The district's scores as of a date, from the stored facts only. */
export function scoreFrom(db: Db, loaded: LoadedConfig, asOf: string): DistrictScores {
  const snapshot = loadDistrictFacts(db, loaded.config, asOf);
  return scoreDistrict(snapshot.facts, loaded.scheme, new WorkCalendar(loaded.config.calendar), snapshot.manual, asOf);
}
