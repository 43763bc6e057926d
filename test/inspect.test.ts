import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runZwgk } from './helpers.js';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type http from 'node:http';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { SCHEME_2021 } from './assessment-helpers.js';

const NOW = { ZWGK_NOW: '2026-01-10T02:00:00Z' };

function html(res: http.ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
}
const list = (page: number, rows: [string, string][], pager: string) => `<html><head><meta charset="utf-8"></head><body><ul class="u-list">
${rows.map(([t, d], i) => `<li><a href="./p${page}_${i}.html" title="${t}">${t}</a><span>${d}</span></li>`).join('\n')}</ul>${pager}</body></html>`;

let site: SiteServer;
let dir: string;
let configFile: string;

beforeAll(async () => {
  site = await serveSite({
    routes: {
      '/gzdt/index.html': (_q, res) => html(res, list(1, [['一月的工作动态', '[01-05]'], ['<b>去年的</b>\u202e动态', '[12-20]']], '<script>createPageHTML(2, 0, "index", "html");</script>')),
      '/gzdt/index_1.html': (_q, res) => html(res, list(2, [['去年十一月的动态', '[11-02]']], '<script>createPageHTML(2, 1, "index", "html");</script>')),
      '/stub/index.html': (_q, res) => html(res, '<html><head><meta http-equiv="refresh" content="0;url=/gzdt/index.html"></head><body></body></html>'),
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'zwgk-inspect-'));
  configFile = join(dir, 'district.yaml');
  writeFileSync(configFile, `
district:
  name: 测试区
  period: { start: 2026-01-01, end: 2026-12-31 }
  scheme: ${SCHEME_2021}
  dataDir: ${join(dir, 'data')}
crawl:
  retryBaseMs: 10
  allowPrivateHosts: [127.0.0.1]
  browser: { enabled: false }
units:
  - { id: town-a, name: 甲镇, type: town }
`);
});
afterAll(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});


describe('zwgk inspect', () => {
  it('says what it would read from one column: shape, pages and why it stopped, items with how each date was found', async () => {
    const run = await runZwgk(['-c', configFile, 'inspect', `${site.origin}/gzdt/index.html`], NOW);
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toContain('页面结构：S1');
    expect(out).toContain('结论：正常：读到了列表');
    expect(out).toContain('列表：读取 2 页，读到了列表末页');
    expect(out).toContain("2026-01-05  一月的工作动态（列表只显示月日，年份按列表顺序推断，页面显示 01-05）");
    expect(out).toMatch(/2025-12-20 {2}<b>去年的<\/b> 动态/);
    expect(out).toMatch(/2025-11-02 {2}去年十一月的动态/);
    // The bidi override in the crawled title never reaches the terminal.
    expect(out).not.toContain('\u202e');
    // Nothing is stored: no database appears in the district's data directory.
    expect(existsSync(join(dir, 'data')) ? readdirSync(join(dir, 'data')) : []).toEqual([]);
  });

  it('prints the observation as JSON, with the verdict of a redirect stub', async () => {
    const run = await runZwgk(['-c', configFile, 'inspect', '--json', `${site.origin}/stub/index.html`], NOW);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as { status: string; today: string; findings: unknown[]; items: unknown[]; listEnd: string };
    expect(doc).toMatchObject({ status: 'redirect', today: '2026-01-10', items: [], listEnd: 'not-read' });
    expect(doc.findings).toContainEqual({ kind: 'redirect-stub', to: `${site.origin}/gzdt/index.html`, via: 'meta' });
  });

  it('rejects an unknown shape and a URL that is not http(s)', async () => {
    const bad = await runZwgk(['-c', configFile, 'inspect', '--shape', 'S9', `${site.origin}/gzdt/index.html`], NOW);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--shape 应为');
    const file = await runZwgk(['-c', configFile, 'inspect', 'file:///etc/passwd'], NOW);
    expect(file.code).not.toBe(0);
    expect(file.stderr).toContain('网址应以 http:// 或 https:// 开头');
  });
});
