import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type http from 'node:http';
import { serveSite, type RouteHandler, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import type { ColumnConfig } from '../src/config/schema.js';
import { columnDeps, makeFetcher, tempDb } from './helpers.js';

/** Quirk 8: columns that redirect, by HTTP or by a script-only stub page. */

function html(res: http.ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
}

function s1List(rows: [string, string][]): string {
  const items = rows.map(([title, date], i) => `<li><a href="./202611/t2026111${i}_${i}.html" title="${title}">${title}</a><span>${date}</span></li>`);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告</title></head><body>
<ul class="u-list">${items.join('\n')}</ul>
<script>createPageHTML(1, 0, "index", "html");</script></body></html>`;
}

const stub = (target: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<script type="text/javascript">window.location.href = "${target}";</script>
</body></html>`;

let platform: SiteServer;
let town: SiteServer;

beforeAll(async () => {
  platform = await serveSite({
    routes: {
      '/xxgk/tzgg/index.html': (_req, res) => html(res, s1List([['关于开展第四季度安全检查的通知', '2026/11/12'], ['年度政务公开工作要点', '2026/10/30']])),
      '/xxgk/gzdt/index.html': (_req, res) => html(res, s1List([['镇政府召开脱贫攻坚推进会', '2026-11-15']])),
    },
  });
  const moved = (status: number): RouteHandler => (_req, res) => {
    res.writeHead(status, { location: `${platform.origin}/xxgk/tzgg/index.html` }).end();
  };
  town = await serveSite({
    routes: {
      '/tzgg/': moved(301),
      '/tzgg2/': moved(302),
      '/gzdt/': (_req, res) => html(res, stub(`${platform.origin}/xxgk/gzdt/index.html`)),
      '/gzdt-relative/': (_req, res) => html(res, stub('/gzdt-target/index.html')),
      '/gzdt-target/index.html': (_req, res) => html(res, s1List([['街道办开展消防演练', '2026/11/16']])),
      '/loop/': (_req, res) => html(res, stub('/loop/')),
    },
  });
});
afterAll(async () => {
  await platform.close();
  await town.close();
});

async function crawl(path: string, shape?: ColumnConfig['shape']) {
  const t = tempDb();
  const fetcher = makeFetcher(t.db);
  try {
    return await crawlColumn({ name: '通知公告', url: `${town.origin}${path}`, category: 'notice', required: [], ...(shape ? { shape } : {}) },
      columnDeps(t.db, fetcher));
  } finally {
    fetcher.close();
    t.cleanup();
  }
}

describe('quirk 8: columns that redirect', () => {
  it.each(['/tzgg/', '/tzgg2/'])('follows an HTTP redirect from %s to another host and reports it', async (path) => {
    const obs = await crawl(path);
    expect(obs.status).toBe('ok');
    expect(obs.finalUrl).toBe(`${platform.origin}/xxgk/tzgg/index.html`);
    expect(obs.items.map((i) => i.title)).toEqual(['关于开展第四季度安全检查的通知', '年度政务公开工作要点']);
    expect(obs.findings).toContainEqual({ kind: 'redirected', to: `${platform.origin}/xxgk/tzgg/index.html` });
    expect(obs.fetches[0]).toMatchObject({ url: `${town.origin}${path}`, finalUrl: `${platform.origin}/xxgk/tzgg/index.html`, outcome: 'ok' });
  });

  it.each([undefined, 'S1'] as const)('reports a script-only location.href stub to another host as a redirect, never credited (shape %s)', async (shape) => {
    const obs = await crawl('/gzdt/', shape);
    expect(obs.status).toBe('redirect');
    expect(obs.items).toEqual([]);
    expect(obs.newest).toBeUndefined();
    expect(obs.findings).toContainEqual({ kind: 'redirect-stub', to: `${platform.origin}/xxgk/gzdt/index.html`, via: 'script' });
    expect(obs.reason).toContain(`站外地址 ${platform.origin}/xxgk/gzdt/index.html`);
    // The target is never fetched: nothing of it could be credited.
    expect(obs.fetches.map((f) => f.url)).toEqual([`${town.origin}/gzdt/`]);
  });

  it('reports a relative stub on the same host as a redirect to that address', async () => {
    const obs = await crawl('/gzdt-relative/');
    expect(obs.status).toBe('redirect');
    expect(obs.items).toEqual([]);
    expect(obs.findings).toContainEqual({ kind: 'redirect-stub', to: `${town.origin}/gzdt-target/index.html`, via: 'script' });
    expect(obs.findings.some((f) => f.kind === 'redirected')).toBe(false);
  });

  it('gives up on a stub that points at itself', async () => {
    const obs = await crawl('/loop/');
    expect(obs.status).not.toBe('ok');
    expect(obs.items).toEqual([]);
    expect(obs.fetches.length).toBeLessThanOrEqual(4);
  });
});
