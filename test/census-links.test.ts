import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { serveSite, type SiteServer } from '../src/demo/site-server.js';
import { HttpFetcher } from '../src/fetch/http-fetcher.js';
import { EvidenceStore } from '../src/fetch/evidence-store.js';
import { HttpCache } from '../src/fetch/http-cache.js';
import { addressPolicy } from '../src/fetch/address-policy.js';
import { SettableClock } from '../src/time/clock.js';
import { checkCensusLinks, type LinkCheckSummary } from '../src/census/link-check.js';
import type { MetLink } from '../src/census/discover.js';
import { crawlConfig, tempDb } from './helpers.js';

/** A whole zip: one stored entry, central directory, end record. */
function zipFile(): Buffer {
  const name = Buffer.from('a.txt');
  const data = Buffer.from('hello');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

let site: SiteServer;
let refusedPort: number;
let hangs = 0;
beforeAll(async () => {
  const file = (body: Buffer, type: string) => (_q: unknown, res: import('node:http').ServerResponse) => { res.writeHead(200, { 'content-type': type }).end(body); };
  site = await serveSite({
    routes: {
      '/ok.html': (_q, res) => { res.writeHead(200, { 'content-type': 'text/html' }).end('<p>ok</p>'); },
      '/no-head.html': (q, res) => { res.writeHead(q.method === 'HEAD' ? 405 : 200, { 'content-type': 'text/html' }).end(q.method === 'HEAD' ? undefined : '<p>ok</p>'); },
      '/gone.html': (_q, res) => { res.writeHead(410).end(); },
      '/error.html': (_q, res) => { res.writeHead(500).end('boom'); },
      '/slow.html': () => { hangs++; },
      '/files/good.pdf': file(PDF, 'application/pdf'),
      '/files/good.docx': file(zipFile(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
      '/files/cut.pdf': file(PDF.subarray(0, 20), 'application/pdf'),
      '/files/cut.zip': file(zipFile().subarray(0, 30), 'application/zip'),
      '/files/error.xlsx': file(Buffer.from('<!DOCTYPE html><html><body>文件不存在</body></html>'), 'text/html; charset=utf-8'),
      '/files/error-octet.doc': file(Buffer.from('<html><body>404</body></html>'), 'application/octet-stream'),
    },
  });
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  refusedPort = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
});
afterAll(async () => { await site.close(); });

async function check(urls: string[], opts: { budget?: number; perHost?: number } = {}): Promise<LinkCheckSummary> {
  const t = tempDb();
  const clock = new SettableClock('2026-11-20T02:00:00Z');
  const config = crawlConfig({ timeoutMs: 400, retries: 1, allowPrivateHosts: ['127.0.0.1'] });
  const evidence = new EvidenceStore(t.db, () => clock.now());
  // The test's own name table: gone.example no longer resolves; site.example is this fixture server.
  const policy = addressPolicy(config.allowPrivateHosts, async (host) => (host === 'site.example' ? [{ address: '127.0.0.1', family: 4 }] : []));
  const fetcher = new HttpFetcher(config, evidence, new HttpCache(t.db), clock, policy);
  const links: MetLink[] = urls.map((url, i) => ({ url, text: `链接${i}`, pageUrl: `${site.origin}/list/`, columnUrl: `${site.origin}/list/`, pageEvidence: null }));
  try {
    return await checkCensusLinks(links, { fetcher, body: (h) => evidence.get(h), budget: opts.budget ?? 100, perHost: opts.perHost ?? 100, ownHosts: new Set([new URL(site.origin).host]) });
  } finally {
    fetcher.close();
    t.cleanup();
  }
}

describe('census link checks', () => {
  it('reports each way a link breaks, with the page it is on, and passes links that open', async () => {
    const o = site.origin;
    const port = new URL(o).port;
    const r = await check([
      `${o}/ok.html`, `${o}/no-head.html`, `${o}/missing.html`, `${o}/gone.html`, `${o}/error.html`, `${o}/slow.html`,
      `http://127.0.0.1:${refusedPort}/x.html`, `http://gone.example:${port}/ok.html`, `http://site.example:${port}/ok.html`,
      `${o}/files/good.pdf`, `${o}/files/good.docx`, `${o}/files/cut.pdf`, `${o}/files/cut.zip`, `${o}/files/error.xlsx`, `${o}/files/error-octet.doc`,
    ]);
    const kinds = Object.fromEntries(r.broken.map((b) => [b.url.replace(o, '').replace(/^http:\/\/[^/]+/, (h) => (h.includes('gone') ? 'gone' : h.includes(String(refusedPort)) ? 'refused' : h)), b.kind]));
    expect(kinds).toEqual({
      '/missing.html': 'not-found', '/gone.html': 'not-found', '/error.html': 'server-error', '/slow.html': 'timeout',
      'refused/x.html': 'refused', 'gone/ok.html': 'dns',
      '/files/cut.pdf': 'attachment', '/files/cut.zip': 'attachment', '/files/error.xlsx': 'attachment', '/files/error-octet.doc': 'attachment',
    });
    expect(r.brokenLinks).toBe(10);
    expect(r.checked).toBe(15);
    const byUrl = Object.fromEntries(r.broken.map((b) => [b.url, b]));
    expect(byUrl[`${o}/files/cut.pdf`].detail).toContain('PDF 文件不完整');
    expect(byUrl[`${o}/files/cut.zip`].detail).toContain('压缩包目录缺失');
    expect(byUrl[`${o}/files/error.xlsx`].detail).toContain('返回的是网页');
    expect(byUrl[`${o}/files/error.xlsx`].evidence).toMatch(/^[0-9a-f]{64}$/);
    expect(byUrl[`${o}/missing.html`]).toMatchObject({ pageUrl: `${o}/list/`, status: 404, text: '链接2' });
    expect(hangs).toBeGreaterThanOrEqual(1);
  });

  it('keeps to its budget and its per-host limit; what is left is counted as unchecked', async () => {
    const before = site.requests;
    const urls = Array.from({ length: 10_000 }, (_, i) => `${site.origin}/missing-${i}.html`);
    const r = await check(urls, { budget: 30, perHost: 12 });
    expect(r.checked).toBe(12);
    expect(r.unchecked).toBe(10_000 - 12);
    // HEAD, then GET for each (404 on HEAD is asked again by GET).
    expect(site.requests - before).toBe(24);
  });

  it('never contacts a private address that is not allowed, and does not count it as broken', async () => {
    const r = await check(['http://10.1.2.3/a.html', 'http://169.254.169.254/latest/meta-data/']);
    expect(r.broken).toEqual([]);
    expect(r.unchecked).toBe(2);
  });
});
