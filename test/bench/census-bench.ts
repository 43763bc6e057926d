/**
 * `tsx test/bench/census-bench.ts`: one unit's census of a synthetic site of 200 pages (homepage, 信息公开
 * directory, 20 section pages, 178 column lists in S1/S2/S6 layouts), run twice over the same database: the
 * first census, then an unchanged one (conditional requests, cached extractions). Prints pages fetched,
 * requests the server saw, links checked and wall time per census. Not a test: times depend on the machine.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveSite } from '../../src/demo/site-server.js';
import { configSchema } from '../../src/config/schema.js';
import { openDb } from '../../src/store/db.js';
import { EvidenceStore } from '../../src/fetch/evidence-store.js';
import { HttpCache } from '../../src/fetch/http-cache.js';
import { HttpFetcher } from '../../src/fetch/http-fetcher.js';
import { SettableClock } from '../../src/time/clock.js';
import { runCensus } from '../../src/census/run-census.js';
import { addDays } from '../../src/time/dates.js';

const AS_OF = '2026-11-20';
const NAMES = ['工作动态', '通知公告', '政策文件', '规划计划', '人事信息', '财政预决算', '重点领域', '专题专栏', '政策解读'];

function write(root: string, path: string, body: string): void {
  mkdirSync(join(root, path), { recursive: true });
  writeFileSync(join(root, path, 'index.html'), `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${path}</title></head><body>${body}</body></html>`);
}

function list(dir: string, i: number): string {
  const rows = Array.from({ length: 15 }, (_, k) => {
    const date = addDays(AS_OF, -(i % 30) - k * 5);
    const href = `${dir}t${date.replaceAll('-', '')}_${i * 100 + k}.html`;
    if (i % 3 === 0) return `<li><a href="${href}" title="信息${k}">信息${k}</a><span>${date.replaceAll('-', '/')}</span></li>`;
    if (i % 3 === 1) return `<li><a title="信息${k}" href="${href}">信息${k}</a><span class="time">${date}</span></li>`;
    return `<li><a href="${href}">信息${k}</a> <span class="date">${date}</span></li>`;
  }).join('');
  const ul = i % 3 === 0 ? `<ul class="u-list">${rows}</ul><script>createPageHTML(1, 0, "index", "html");</script>`
    : i % 3 === 1 ? `<ul class="pageList">${rows}</ul>` : `<div class="news_list"><ul>${rows}</ul></div>`;
  return `<div class="position">当前位置：首页 &gt; ${NAMES[i % NAMES.length]}${i}</div>${ul}`;
}

const root = mkdtempSync(join(tmpdir(), 'zwgk-census-bench-'));
const data = mkdtempSync(join(tmpdir(), 'zwgk-census-bench-db-'));
try {
  const sections = Array.from({ length: 20 }, (_, s) => `/xxgk/s${s}/`);
  let column = 0;
  for (const [s, section] of sections.entries()) {
    const cols = Array.from({ length: s < 18 ? 9 : 8 }, () => `/xxgk/c${column++}/`);
    write(root, section, `<ul>${cols.map((c, k) => `<li><a href="${c}">${NAMES[k]}${c.slice(7, -1)}</a></li>`).join('')}</ul>`);
    cols.forEach((c) => {
      const body = list(c, Number(c.slice(7, -1)));
      write(root, c, body);
      // The items' detail pages exist, so the link checks find them open.
      for (const href of body.matchAll(/href="([^"]+\.html)"/g)) writeFileSync(join(root, href[1]), '<html><body><p>正文</p></body></html>');
    });
  }
  write(root, '/xxgk/', `<ul>${sections.map((s, k) => `<li><a href="${s}">分类${k}</a></li>`).join('')}</ul>`);
  write(root, '/', '<a href="/xxgk/">政府信息公开</a>');
  const site = await serveSite({ root });
  const config = configSchema.parse({
    district: { name: '基准区', period: { start: '2026-01-01', end: '2026-12-31' }, scheme: 'x.yaml' },
    crawl: { allowPrivateHosts: ['127.0.0.1'] },
    census: { enabled: true, pageBudget: 250, linkBudget: 300, linksPerHost: 300 },
    units: [{ id: 'bench', name: '基准镇', type: 'town', columns: [{ name: '首页', url: `${site.origin}/`, category: 'homepage' }] }],
  });
  const db = openDb(join(data, 'zwgk.sqlite'));
  const clock = new SettableClock(`${AS_OF}T02:00:00Z`);
  const evidence = new EvidenceStore(db, () => clock.now());
  const fetcher = new HttpFetcher(config.crawl, evidence, new HttpCache(db), clock);
  for (const [k, label] of ['first census', 'unchanged census'].entries()) {
    const before = site.requests;
    const started = performance.now();
    const [s] = await runCensus(config, { db, fetcher, body: (h) => evidence.get(h), today: addDays(AS_OF, 7 * k), now: clock.now(), unitIds: ['bench'] });
    const ms = performance.now() - started;
    console.log(`${label}: ${s.pagesFetched} census pages, ${s.columns} columns found, ${s.linksChecked} links checked (${s.linksRecentlyOk} more opened at the last census), `
      + `${site.requests - before} requests to the site, ${(ms / 1000).toFixed(2)} s per unit`);
  }
  fetcher.close();
  db.close();
  await site.close();
} finally {
  rmSync(root, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
}
