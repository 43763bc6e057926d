import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type http from 'node:http';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import { detectShape } from '../crawlers/index.js';
import { parseJsLiteral, assignedLiteral } from '../crawlers/js-literal.js';
import { FIXTURES, columnDeps, makeFetcher, tempDb } from './helpers.js';

const S5 = join(FIXTURES, 'pages/s5');
let site: SiteServer;
const apiCalls: string[] = [];

function sendFile(res: http.ServerResponse, file: string, type: string): void {
  res.writeHead(200, { 'content-type': type }).end(readFileSync(join(S5, file)));
}

/** `/…/gkmlpt/api/all/{id}`: `api-{id}-{page}.json`, page 0 being page 1; category 2302 answers 404 from page 2. */
function api(id: string) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    apiCalls.push(req.url ?? '');
    const page = Math.max(1, Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page')) || 1);
    const file = `api-${id}-${page}.json`;
    if (id === '2302' && page > 1) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404 Not Found</h1>');
    } else if (existsSync(join(S5, file))) {
      sendFile(res, file, 'application/json;charset=UTF-8');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"classify":{},"articles":[]}');
    }
  };
}

beforeAll(async () => {
  site = await serveSite({
    root: join(FIXTURES, 'pages'),
    routes: {
      '/gkmlpt/index': (_req, res) => { sendFile(res, 'index.html', 'text/html; charset=utf-8'); },
      '/fgj/gkmlpt/index': (_req, res) => { sendFile(res, 'dept-index.html', 'text/html; charset=utf-8'); },
      '/gkmlpt/api/all/0': api('0'),
      '/gkmlpt/api/all/2301': api('2301'),
      '/gkmlpt/api/all/2302': api('2302'),
      '/gkmlpt/api/all/2304': api('2304'),
      '/fgj/gkmlpt/api/all/5': api('5'),
    },
  });
});
afterAll(async () => { await site.close(); });

async function crawl(url: string, overrides: Parameters<typeof columnDeps>[2] = {}) {
  apiCalls.length = 0;
  const t = tempDb();
  const fetcher = makeFetcher(t.db);
  try {
    return await crawlColumn({ name: '通知公告', url, category: 'notice', required: [] }, columnDeps(t.db, fetcher, overrides));
  } finally {
    fetcher.close();
    t.cleanup();
  }
}

describe('S5 Guangdong gkmlpt', () => {
  it('reads the category named by the #fragment through the list API, every page, with its SID', async () => {
    const obs = await crawl(`${site.origin}/gkmlpt/index#2301`);
    expect(obs.status).toBe('ok');
    expect(obs.shape).toBe('S5');
    expect(apiCalls).toEqual([
      '/gkmlpt/api/all/2301?page=1&sid=755999', '/gkmlpt/api/all/2301?page=2&sid=755999', '/gkmlpt/api/all/2301?page=3&sid=755999',
    ]);
    expect(obs.pagesFetched).toBe(4);
    expect(obs.items).toHaveLength(25);
    expect(obs.items[0]).toMatchObject({
      title: '关于开展冬季消防安全检查的通知（第1号）', date: '2026-11-19', dateSource: 'list',
      url: 'http://www.city.example/gkmlpt/content/3/3500/post_3500000.html',
    });
    expect(obs.items[24].date).toBe('2026-04-17');
    // post_count says 26, 25 are served (quirk 10).
    expect(obs.statedTotal).toBe(26);
    expect(obs.findings).toContainEqual({ kind: 'total-mismatch', stated: 26, served: 25 });
  });

  it('stops asking the API once a page reaches the horizon', async () => {
    const obs = await crawl(`${site.origin}/gkmlpt/index#2301`, { horizon: '2026-09-01' });
    expect(apiCalls).toHaveLength(1);
    expect(obs.items).toHaveLength(10);
    expect(obs.findings.some((f) => f.kind === 'total-mismatch')).toBe(false);
  });

  it('reads epoch-second dates in Shanghai time, prefers display_publish_time, and is cut short by a 404 on a page post_count promised', async () => {
    const obs = await crawl(`${site.origin}/gkmlpt/index#2302`);
    expect(obs.status).toBe('ok');
    expect(obs.items.map((i) => i.date)).toEqual(['2026-11-19', '2026-11-18', '2026-10-08']);
    expect(obs.items[0].url).toBe(`${site.origin}/gkmlpt/content/3/3600/post_3600003.html`);
    expect(apiCalls).toEqual(['/gkmlpt/api/all/2302?page=1&sid=755999', '/gkmlpt/api/all/2302?page=2&sid=755999']);
    expect(obs.findings.filter((f) => f.kind === 'total-mismatch')).toEqual([]);
    expect(obs.listEnd).toBe('page-failed');
  });

  it('follows a jump_url category to the page it points to, read by its own shape', async () => {
    const obs = await crawl(`${site.origin}/gkmlpt/index#2303`);
    expect(apiCalls).toEqual([]);
    expect(obs.finalUrl).toBe(`${site.origin}/s1/index.html`);
    expect(obs.shape).toBe('S1');
    expect(obs.items.length).toBeGreaterThan(5);
  });

  it('reads the whole platform (category 0) when the URL names no category', async () => {
    const obs = await crawl(`${site.origin}/gkmlpt/index`);
    expect(apiCalls).toEqual(['/gkmlpt/api/all/0?page=1&sid=755999']);
    expect(obs.items.map((i) => i.title)).toEqual(['关于开展冬季消防安全检查的通知（第1号）', '市政府召开常务会议研究部署冬季工作']);
  });

  it('reports an empty category as blank', async () => {
    const obs = await crawl(`${site.origin}/gkmlpt/index#2304`);
    expect(obs.status).toBe('blank');
    expect(obs.items).toEqual([]);
  });

  it('finds the API below a department directory, with a numeric SID and quoted keys', async () => {
    const obs = await crawl(`${site.origin}/fgj/gkmlpt/index#5`);
    expect(apiCalls).toEqual(['/fgj/gkmlpt/api/all/5?page=1&sid=755031']);
    expect(obs.items.map((i) => i.date)).toEqual(['2026-09-03', '2025-09-03']);
  });

  it('accepts an API URL as the column URL, recognising the JSON reply by its content', async () => {
    const obs = await crawl(`${site.origin}/gkmlpt/api/all/2301?page=0&sid=755999`);
    expect(obs.shape).toBe('S5');
    expect(apiCalls[0]).toBe('/gkmlpt/api/all/2301?page=0&sid=755999');
    expect(apiCalls.slice(1)).toEqual(['/gkmlpt/api/all/2301?page=2&sid=755999', '/gkmlpt/api/all/2301?page=3&sid=755999']);
    expect(obs.items).toHaveLength(25);
    const reply = { request: { url: 'x' }, outcome: 'ok' as const, finalUrl: 'http://h/a.json', unchanged: false, redirects: [], elapsedMs: 0, attempts: 1 };
    expect(detectShape({ ...reply, text: readFileSync(join(S5, 'api-2302-1.json'), 'utf8') })?.id).toBe('S5');
    expect(detectShape({ ...reply, text: '{"data": []}' })?.id).not.toBe('S5');
  });

  it('reads _CONFIG object literals without evaluating them', () => {
    expect(parseJsLiteral(`{a: 'x\\'y', b: [1, 2,], c: undefined, /* note */ d: {e: "f"},}`)).toEqual({ a: "x'y", b: [1, 2], c: null, d: { e: 'f' } });
    const script = `var x = 1; window._CONFIG = {SID: '2', TREE: [{id: 7, name: '通知 {公告}'}]}; alert(1);`;
    expect(assignedLiteral(script, '_CONFIG')).toEqual({ SID: '2', TREE: [{ id: 7, name: '通知 {公告}' }] });
    expect(assignedLiteral('window._CONFIG = {SID: getSid()}', '_CONFIG')).toBeUndefined();
  });
});
