import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type http from 'node:http';
import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { serveSite, type RouteHandler, type SiteServer } from '../src/demo/site-server.js';
import { crawlColumn } from '../src/audit/crawl-column.js';
import type { ColumnConfig } from '../src/config/schema.js';
import { columnDeps, makeFetcher, tempDb } from './helpers.js';

const MB = 1024 * 1024;
const hits = new Map<string, number[]>();
/** Counts a request to a route and records when it arrived (monotonic ms). */
function hit(path: string): number {
  const list = hits.get(path) ?? [];
  list.push(performance.now());
  hits.set(path, list);
  return list.length;
}

function html(res: http.ServerResponse, body: string | Buffer, type = 'text/html; charset=utf-8', status = 200): void {
  res.writeHead(status, { 'content-type': type }).end(body);
}

const redirect = (to: string, status = 302): RouteHandler => (_req, res) => {
  res.writeHead(status, { location: to }).end();
};

function s1Page(title: string, date: string, charsetMeta = ''): string {
  return `<!DOCTYPE html><html><head>${charsetMeta}<title>栏目</title></head><body>
<ul class="u-list"><li><a href="./t1.html" title="${title}">${title}</a><span>${date}</span></li></ul>
<script>createPageHTML(1, 0, "index", "html");</script></body></html>`;
}

/** Streams `total` bytes in 64 KB chunks, honouring backpressure; records how many were accepted. */
function streamHuge(total: number, withLength: boolean, sent: { bytes: number }): RouteHandler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(withLength ? { 'content-length': total } : {}) });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      while (sent.bytes < total && !res.destroyed) {
        sent.bytes += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    res.on('error', () => {});
    pump();
  };
}

const hugeWithLength = { bytes: 0 };
const hugeChunked = { bytes: 0 };
const big = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${'<p>政务公开工作动态 evidence body</p>\n'.repeat(2000)}</body></html>`;
const flakyState = { calls: 0 };

const routes: Record<string, RouteHandler> = {
  '/reset': (_req, res) => {
    hit('/reset');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': 100_000 });
    res.write('<html><body>'.padEnd(10_000, ' '));
    setTimeout(() => res.socket?.destroy(), 5);
  },
  '/500': (_req, res) => {
    hit('/500');
    html(res, 'server error', 'text/plain', 500);
  },
  '/flaky': (_req, res) => {
    flakyState.calls++;
    if (flakyState.calls === 1) html(res, 'busy', 'text/plain', 500);
    else html(res, s1Page('恢复后的页面', '2026/11/01'));
  },
  '/stall': () => {
    hit('/stall');
    // Never answers; the server is closed at the end of the file.
  },
  '/stall-body': (_req, res) => {
    hit('/stall-body');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': 50_000 });
    res.write('<html><body>');
  },
  '/loop-a': redirect('/loop-b'),
  '/loop-b': redirect('/loop-a'),
  '/self': redirect('/self', 301),
  ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`/hop${i}`, redirect(`/hop${i + 1}`)])),
  '/to-ftp': redirect('ftp://files.example.gov.cn/list.html'),
  '/to-js': redirect('javascript:alert(1)'),
  '/to-garbage': redirect('http://[zz/'),
  '/404': (_req, res) => {
    hit('/404');
    html(res, '<html><body>404</body></html>', 'text/html; charset=utf-8', 404);
  },
  '/412': (_req, res) => {
    hit('/412');
    res.writeHead(412, { 'content-type': 'text/html', 'set-cookie': 'FSSBBIl1UgzbN7N80S=abc; path=/' })
      .end('<html><head><script>var _$x="challenge";</script></head><body></body></html>');
  },
  '/521': (_req, res) => {
    hit('/521');
    html(res, '<script>document.cookie="__jsl_clearance=1";location.href=location.pathname</script>', 'text/html', 521);
  },
  '/huge-length': streamHuge(20 * MB, true, hugeWithLength),
  '/huge-chunked': streamHuge(20 * MB, false, hugeChunked),
  '/gbk-meta': (_req, res) =>
    html(res, iconv.encode(s1Page('关于印发《政务公开工作要点》的通知', '2026/11/02',
      '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'), 'gbk'), 'text/html'),
  '/gbk-bare': (_req, res) => html(res, iconv.encode(s1Page('镇人民政府关于秋季征兵工作的公告', '2026/11/03'), 'gbk'), 'text/html'),
  '/bom': (_req, res) =>
    html(res, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s1Page('街道办事处财政预算公开', '2026/11/04'))]), 'text/html'),
  '/bom-vs-header': (_req, res) =>
    html(res, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s1Page('人事任免信息', '2026/11/05'))]), 'text/html; charset=gbk'),
  '/binary': (_req, res) => {
    let x = 12345;
    const bytes = Buffer.alloc(40_000);
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = x >> 16;
    }
    html(res, bytes, 'text/html');
  },
  '/garbage': (_req, res) =>
    html(res, '<<html<<body <ul class="u-list"><li <a href=">"</a><span>\u0000\u0001</li><ul</ul></'.repeat(50)),
  '/same-1': (_req, res) => html(res, big),
  '/same-2': (_req, res) => html(res, big),
  '/etag': (req, res) => {
    hit('/etag');
    if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"v1"' }).end(s1Page('条件请求测试', '2026/11/06'));
  },
  '/no-etag': (_req, res) => html(res, s1Page('无校验头', '2026/11/07')),
  ...Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`/body${i}`, (_req: http.IncomingMessage, res: http.ServerResponse) => {
    setTimeout(() => html(res, bodyOf(i)), (i * 7) % 20);
  }])),
};

/** Distinct bodies from 1 KB to ~150 KB, so some fit a reused body buffer and some do not. */
function bodyOf(i: number): string {
  return `<html><body><h1>正文${i}</h1>${`<p>第${i}段政务公开内容</p>`.repeat(40 + i * i * 3)}</body></html>`;
}

let site: SiteServer;
beforeAll(async () => { site = await serveSite({ routes }); });
afterAll(async () => { await site.close(); });

function withFetcher<T>(overrides: Parameters<typeof makeFetcher>[1], run: (f: ReturnType<typeof makeFetcher>, db: ReturnType<typeof tempDb>['db']) => Promise<T>): Promise<T> {
  const t = tempDb();
  const fetcher = makeFetcher(t.db, overrides);
  return run(fetcher, t.db).finally(() => {
    fetcher.close();
    t.cleanup();
  });
}

describe('transient failures are retried with doubling backoff', () => {
  it('classifies a connection reset mid-body and retries it', async () => {
    const r = await withFetcher({ retries: 2 }, (f) => f.fetch({ url: `${site.origin}/reset` }));
    expect(r.outcome).toBe('connection-error');
    expect(r.error).toMatch(/连接/);
    expect(r.attempts).toBe(3);
    expect(hits.get('/reset')).toHaveLength(3);
    expect(r.text).toBeUndefined();
  });

  it('gives http-5xx after retries, waiting base, then twice base', async () => {
    const r = await withFetcher({ retries: 2, retryBaseMs: 80 }, (f) => f.fetch({ url: `${site.origin}/500` }));
    expect(r).toMatchObject({ outcome: 'http-5xx', status: 500, error: 'HTTP 500', attempts: 3 });
    const [a, b, c] = hits.get('/500')!;
    expect(b - a).toBeGreaterThanOrEqual(78);
    expect(c - b).toBeGreaterThanOrEqual(158);
  });

  it('succeeds when a 500 is followed by a 200', async () => {
    const r = await withFetcher({ retries: 2 }, (f) => f.fetch({ url: `${site.origin}/flaky` }));
    expect(r).toMatchObject({ outcome: 'ok', status: 200, attempts: 2 });
    expect(r.text).toContain('恢复后的页面');
  });

  it('times out a server that never answers, within a bounded total time', async () => {
    const started = performance.now();
    const r = await withFetcher({ retries: 1, retryBaseMs: 10, timeoutMs: 200 }, (f) => f.fetch({ url: `${site.origin}/stall` }));
    const took = performance.now() - started;
    expect(r).toMatchObject({ outcome: 'timeout', attempts: 2 });
    expect(r.error).toContain('200 毫秒内未完成');
    expect(took).toBeGreaterThanOrEqual(400);
    expect(took).toBeLessThan(2000);
  });

  it('counts the deadline to the last byte, not to the headers', async () => {
    const started = performance.now();
    const r = await withFetcher({ retries: 0, timeoutMs: 250 }, (f) => f.fetch({ url: `${site.origin}/stall-body` }));
    expect(r).toMatchObject({ outcome: 'timeout', attempts: 1 });
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('applies a per-host timeout override from crawl.hosts', async () => {
    const host = new URL(site.origin).host;
    const started = performance.now();
    const r = await withFetcher({ retries: 0, timeoutMs: 20_000, hosts: { [host]: { timeoutMs: 150 } } },
      (f) => f.fetch({ url: `${site.origin}/stall` }));
    expect(r).toMatchObject({ outcome: 'timeout', attempts: 1, error: '150 毫秒内未完成' });
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe('permanent failures are not retried', () => {
  it('gives http-4xx for a 404 after one attempt', async () => {
    const r = await withFetcher({ retries: 3 }, (f) => f.fetch({ url: `${site.origin}/404` }));
    expect(r).toMatchObject({ outcome: 'http-4xx', status: 404, error: 'HTTP 404', attempts: 1 });
    expect(hits.get('/404')).toHaveLength(1);
  });

  it.each(['/412', '/521'])('reports the %s challenge as anti-bot after one attempt', async (path) => {
    const r = await withFetcher({ retries: 3 }, (f) => f.fetch({ url: `${site.origin}${path}` }));
    expect(r).toMatchObject({ outcome: 'anti-bot', status: Number(path.slice(1)), attempts: 1 });
    expect(hits.get(path)).toHaveLength(1);
  });

  it('detects a redirect loop', async () => {
    const r = await withFetcher({}, (f) => f.fetch({ url: `${site.origin}/loop-a` }));
    expect(r).toMatchObject({ outcome: 'redirect-loop', attempts: 1 });
    expect(r.error).toContain('重定向循环');
    const self = await withFetcher({}, (f) => f.fetch({ url: `${site.origin}/self` }));
    expect(self.outcome).toBe('redirect-loop');
  });

  it('stops after maxRedirects hops', async () => {
    const r = await withFetcher({ maxRedirects: 5 }, (f) => f.fetch({ url: `${site.origin}/hop0` }));
    expect(r).toMatchObject({ outcome: 'redirect-loop', error: '重定向超过 5 次', attempts: 1 });
    expect(r.redirects).toHaveLength(5);
    const ok = await withFetcher({ maxRedirects: 10 }, (f) => f.fetch({ url: `${site.origin}/hop5` }));
    expect(ok).toMatchObject({ outcome: 'http-4xx', status: 404, finalUrl: `${site.origin}/hop10` });
  });

  it.each([
    ['/to-ftp', 'ftp:'],
    ['/to-js', 'javascript:'],
  ])('refuses a redirect from %s to a non-http scheme', async (path, scheme) => {
    const r = await withFetcher({}, (f) => f.fetch({ url: `${site.origin}${path}` }));
    expect(r).toMatchObject({ outcome: 'bad-redirect', attempts: 1, error: `不支持的协议：${scheme}` });
  });

  it('refuses a malformed Location instead of throwing', async () => {
    const r = await withFetcher({}, (f) => f.fetch({ url: `${site.origin}/to-garbage` }));
    expect(r.outcome).toBe('bad-redirect');
    expect(r.error).toContain('http://[zz/');
  });

  it.each([
    ['/huge-length', hugeWithLength],
    ['/huge-chunked', hugeChunked],
  ])('caps a 20 MB body at maxBodyBytes (%s) without reading it all', async (path, sent) => {
    const before = process.memoryUsage().arrayBuffers;
    const r = await withFetcher({ maxBodyBytes: 2 * MB, retries: 2 }, (f) => f.fetch({ url: `${site.origin}${path}` }));
    expect(r).toMatchObject({ outcome: 'too-large', attempts: 1 });
    expect(r.error).toContain(`响应超过 ${2 * MB} 字节`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The server stops once the client hangs up; what it got rid of is what kernel buffers took.
    expect(sent.bytes).toBeLessThan(12 * MB);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(10 * MB);
  });
});

describe('charset detection', () => {
  it.each([
    ['/gbk-meta', 'gb18030', '关于印发《政务公开工作要点》的通知'],
    ['/gbk-bare', 'gb18030', '镇人民政府关于秋季征兵工作的公告'],
    ['/bom', 'utf-8', '街道办事处财政预算公开'],
    ['/bom-vs-header', 'utf-8', '人事任免信息'],
  ])('decodes %s as %s', async (path, charset, title) => {
    const t = tempDb();
    const fetcher = makeFetcher(t.db);
    const r = await fetcher.fetch({ url: `${site.origin}${path}` });
    const obs = await crawlColumn(column(path), columnDeps(t.db, fetcher));
    fetcher.close();
    t.cleanup();
    expect(r.charset).toBe(charset);
    expect(r.text).toContain(title);
    expect(r.text?.charCodeAt(0)).not.toBe(0xfeff);
    expect(obs.status).toBe('ok');
    expect(obs.items.map((i) => i.title)).toEqual([title]);
  });
});

function column(path: string): ColumnConfig {
  return { name: `栏目${path}`, url: `${site.origin}${path}`, category: 'news', required: [] };
}

describe('unreadable pages', () => {
  it.each(['/binary', '/garbage'])('does not crash on %s and reports it as unparsed or blank', async (path) => {
    const t = tempDb();
    const fetcher = makeFetcher(t.db);
    const obs = await crawlColumn(column(path), columnDeps(t.db, fetcher));
    fetcher.close();
    t.cleanup();
    expect(['unparsed', 'blank']).toContain(obs.status);
    expect(obs.items).toEqual([]);
    expect(obs.newest).toBeUndefined();
  });
});

describe('conditional requests and evidence', () => {
  it('sends the ETag back, gets 304 and still serves the text from evidence', async () => {
    await withFetcher({}, async (f, db) => {
      const first = await f.fetch({ url: `${site.origin}/etag` });
      const second = await f.fetch({ url: `${site.origin}/etag` });
      expect(first).toMatchObject({ outcome: 'ok', status: 200, unchanged: false });
      expect(second).toMatchObject({ outcome: 'ok', status: 304, unchanged: true, evidence: first.evidence });
      expect(second.text).toBe(first.text);
      expect(second.text).toContain('条件请求测试');
      expect(db.prepare('SELECT COUNT(*) FROM evidence').pluck().get()).toBe(1);
    });
  });

  it('marks a repeated body without validators as unchanged', async () => {
    await withFetcher({}, async (f) => {
      const first = await f.fetch({ url: `${site.origin}/no-etag` });
      const second = await f.fetch({ url: `${site.origin}/no-etag` });
      expect(first.unchanged).toBe(false);
      expect(second).toMatchObject({ status: 200, unchanged: true, evidence: first.evidence });
    });
  });

  it('keeps every result\'s text readable after later pages arrive, in its own charset', async () => {
    await withFetcher({}, async (f) => {
      const gbk = await f.fetch({ url: `${site.origin}/gbk-meta` });
      const utf8 = await f.fetch({ url: `${site.origin}/no-etag` });
      const again = await f.fetch({ url: `${site.origin}/etag` });
      const notModified = await f.fetch({ url: `${site.origin}/etag` });
      await f.fetch({ url: `${site.origin}/bom` });
      expect(gbk.text).toContain('关于印发《政务公开工作要点》的通知');
      expect(utf8.text).toContain('无校验头');
      expect(notModified.text).toContain('条件请求测试');
      expect(again.text).toBe(notModified.text);
      expect(gbk.text).toContain('关于印发《政务公开工作要点》的通知');
      expect(JSON.parse(JSON.stringify(utf8)).text).toBe(utf8.text);
    });
  });

  it('keeps bodies and texts intact when many pages arrive at once', async () => {
    await withFetcher({ concurrencyPerHost: 8 }, async (f, db) => {
      const early = new Map<number, string | undefined>();
      const results = await Promise.all(Array.from({ length: 60 }, async (_, i) => {
        const r = await f.fetch({ url: `${site.origin}/body${i}` });
        if (i % 3 === 0) early.set(i, r.text);
        return r;
      }));
      const stored = db.prepare('SELECT body FROM evidence WHERE hash = ?').pluck();
      results.forEach((r, i) => {
        expect(r.outcome).toBe('ok');
        expect(r.text).toBe(bodyOf(i));
        if (early.has(i)) expect(early.get(i)).toBe(bodyOf(i));
        expect(r.evidence).toBe(createHash('sha256').update(bodyOf(i)).digest('hex'));
        expect(inflateRawSync(stored.get(r.evidence) as Buffer).toString('utf8')).toBe(bodyOf(i));
      });
      expect(Math.max(...results.map((r) => Buffer.byteLength(r.text ?? '')))).toBeGreaterThan(100_000);
    });
  });

  it('stores each distinct body once, compressed', async () => {
    await withFetcher({}, async (f, db) => {
      const results = await Promise.all([
        f.fetch({ url: `${site.origin}/same-1` }), f.fetch({ url: `${site.origin}/same-2` }), f.fetch({ url: `${site.origin}/same-1` }),
      ]);
      expect(new Set(results.map((r) => r.evidence)).size).toBe(1);
      const rows = db.prepare('SELECT size, length(body) AS stored FROM evidence').all() as { size: number; stored: number }[];
      expect(rows).toHaveLength(1);
      expect(rows[0].size).toBe(Buffer.byteLength(big));
      expect(rows[0].stored).toBeLessThan(rows[0].size / 10);
    });
  });
});

describe('politeness', () => {
  async function slowSite(delayMs: number): Promise<{ site: SiteServer; starts: number[] }> {
    const starts: number[] = [];
    const s = await serveSite({
      routes: {
        ...Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`/p${i}`, (_req: http.IncomingMessage, res: http.ServerResponse) => {
          starts.push(performance.now());
          setTimeout(() => html(res, `<p>${i}</p>`), delayMs);
        }])),
        '/long': (_req, res) => {
          starts.push(performance.now());
          setTimeout(() => html(res, '<p>long</p>'), 300);
        },
      },
    });
    return { site: s, starts };
  }

  it('never exceeds the per-host concurrency', async () => {
    const { site: s } = await slowSite(30);
    try {
      const results = await withFetcher({ concurrencyPerHost: 3 }, (f) =>
        Promise.all(Array.from({ length: 40 }, (_, i) => f.fetch({ url: `${s.origin}/p${i}` }))));
      expect(results.every((r) => r.outcome === 'ok')).toBe(true);
      expect(s.maxConcurrent).toBe(3);
    } finally {
      await s.close();
    }
  });

  it('keeps the minimum interval between request starts', async () => {
    const { site: s, starts } = await slowSite(0);
    try {
      await withFetcher({ concurrencyPerHost: 4, minIntervalMs: 60 }, (f) =>
        Promise.all(Array.from({ length: 6 }, (_, i) => f.fetch({ url: `${s.origin}/p${i}` }))));
      expect(starts).toHaveLength(6);
      const gaps = starts.slice(1).map((t, i) => t - starts[i]);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(55);
    } finally {
      await s.close();
    }
  });

  it('keeps the minimum interval for requests that arrive late in a window', async () => {
    const { site: s, starts } = await slowSite(0);
    try {
      await withFetcher({ concurrencyPerHost: 4, minIntervalMs: 60 }, async (f) => {
        // A long request keeps the queue busy, so its windows keep rolling while the next two arrive.
        const long = f.fetch({ url: `${s.origin}/long` });
        await new Promise((resolve) => setTimeout(resolve, 110));
        await Promise.all([long, f.fetch({ url: `${s.origin}/p1` }), f.fetch({ url: `${s.origin}/p2` })]);
      });
      expect(starts).toHaveLength(3);
      expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(55);
    } finally {
      await s.close();
    }
  });

  it.each([
    ['host:port', (origin: string) => new URL(origin).host],
    ['host name only', () => '127.0.0.1'],
  ])('takes per-host overrides from crawl.hosts (%s)', async (_label, key) => {
    const { site: s } = await slowSite(30);
    try {
      await withFetcher({ concurrencyPerHost: 8, hosts: { [key(s.origin)]: { concurrency: 2 } } }, (f) =>
        Promise.all(Array.from({ length: 20 }, (_, i) => f.fetch({ url: `${s.origin}/p${i}` }))));
      expect(s.maxConcurrent).toBe(2);
    } finally {
      await s.close();
    }
  });
});
