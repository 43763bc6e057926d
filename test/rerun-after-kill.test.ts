import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { serveSite, type SiteServer, type RouteHandler } from '../src/demo/site-server.js';

const ROOT = resolve(import.meta.dirname, '..');
const UNITS = ['u1', 'u2', 'u3', 'u4'];

function listPage(unit: string, column: string): string {
  const rows = [0, 1, 2].map((i) => `<li><a href="/${unit}/${column}/t${i}.html" title="${unit}${column}信息${i}">${unit}${column}信息${i}</a><span>2026/11/1${i}</span></li>`);
  return `<html><body><ul class="u-list">${rows.join('')}</ul></body></html>`;
}

let site: SiteServer;
let stall = true;
const routes: Record<string, RouteHandler> = {};
for (const u of UNITS) {
  for (const c of ['a', 'b']) {
    routes[`/${u}/${c}/index.html`] = (_req, res) => {
      const send = () => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(listPage(u, c));
      if (u === 'u4' && stall) setTimeout(send, 60_000);
      else send();
    };
  }
}

beforeAll(async () => { site = await serveSite({ routes }); });
afterAll(async () => { await site.close(); });

function runCli(configFile: string): { child: ChildProcess; done: Promise<{ code: number | null; out: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '-c', configFile, 'run', '--as-of', '2026-11-20'], { cwd: ROOT });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return { child, done: new Promise((r) => child.on('exit', (code) => r({ code, out }))) };
}

describe('a run killed mid-way', () => {
  it('keeps every finished unit, and the next run completes the rest with no duplicate rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zwgk-kill-'));
    const configFile = join(dir, 'district.yaml');
    writeFileSync(configFile, `
district:
  name: 测试区
  period: { start: 2026-01-01, end: 2026-12-31 }
  scheme: ${join(ROOT, 'config/schemes/yanjiang-2021.yaml')}
  dataDir: ${dir}
crawl: { allowPrivateHosts: [127.0.0.1], unitConcurrency: 1, linkCheckCount: 0, timeoutMs: 120000, retries: 0, browser: { enabled: false } }
units:
${UNITS.map((u) => `  - id: ${u}
    name: 单位${u}
    type: town
    columns:
      - { name: 动态, url: "${site.origin}/${u}/a/index.html", category: news }
      - { name: 公告, url: "${site.origin}/${u}/b/index.html", category: notice }`).join('\n')}
`);
    const first = runCli(configFile);
    const dbFile = join(dir, 'zwgk.sqlite');
    // Wait until three units are stored and the fourth is stuck on its stalled page, then kill -9.
    for (let i = 0; i < 300; i++) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        const db = new Database(dbFile, { readonly: true });
        const n = db.prepare('SELECT COUNT(*) FROM run_units').pluck().get() as number;
        db.close();
        if (n === 3) break;
      } catch { /* not created yet */ }
    }
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.code).toBeNull();

    let db = new Database(dbFile, { readonly: true });
    expect(db.prepare('SELECT status FROM runs').pluck().all()).toEqual(['running']);
    expect(db.prepare('SELECT unit_id FROM run_units ORDER BY unit_id').pluck().all()).toEqual(['u1', 'u2', 'u3']);
    expect(db.prepare("SELECT COUNT(*) FROM column_observations WHERE unit_id = 'u4'").pluck().get()).toBe(0);
    db.close();

    stall = false;
    const second = await runCli(configFile).done;
    expect(second.code).toBe(0);
    expect(second.out).toContain('续跑未完成的第 1 次检查，跳过已完成的 3 个单位');

    db = new Database(dbFile, { readonly: true });
    expect(db.prepare('SELECT status FROM runs').pluck().all()).toEqual(['done']);
    expect(db.prepare('SELECT COUNT(*) FROM run_units').pluck().get()).toBe(4);
    expect(db.prepare('SELECT COUNT(*) FROM column_observations').pluck().get()).toBe(8);
    expect(db.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(24);
    expect(db.prepare('SELECT COUNT(*) FROM (SELECT 1 FROM column_observations GROUP BY unit_id, column_name HAVING COUNT(*) > 1)').pluck().get()).toBe(0);
    db.close();
  });
});
