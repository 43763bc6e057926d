import http from 'node:http';
import { Worker } from 'node:worker_threads';

/**
 * A one-host district of S1 (TRS) columns for politeness tests, served from its own thread so that the
 * arrival time of each request is taken when it arrives, not when the crawler's event loop (parsing,
 * saving a unit) lets a server sharing it look. Paths: `/u{unit}/c{column}/index.html`, `index_{n}.html`
 * (three dated items a page, ETags), item pages `t{n}.html`.
 */
export interface SiteShape {
  units: number;
  columns: number;
  pages: number;
  /** Paths answered 503 the first time they are asked for. */
  failOnce?: string[];
  /** Paths answered 302 to another path. */
  redirects?: Record<string, string>;
}

export interface Arrival {
  path: string;
  /** ms, from the site thread's own monotonic clock. */
  at: number;
  status: number;
}

export interface PoliteSite {
  origin: string;
  /** Every request that arrived since the last call, in order of arrival. */
  takeArrivals(): Promise<Arrival[]>;
  close(): Promise<void>;
}

export const listPath = (u: number, c: number, page: number): string => `/u${u}/c${c}/${page === 0 ? 'index.html' : `index_${page}.html`}`;

// Plain JavaScript: the worker runs as a script, outside the TypeScript loader.
const SITE = `
const http = require('node:http');
const { parentPort, workerData: shape } = require('node:worker_threads');
const arrivals = [];
const failed = new Set();
const day = (n) => new Date(Date.UTC(2026, 10, 18) - n * 86400000).toISOString().slice(0, 10).replaceAll('-', '/');
function listPage(page) {
  const rows = [0, 1, 2].map((i) => {
    const n = page * 3 + i;
    return '<li><a href="./t' + n + '.html" title="关于第' + n + '项工作的通知">关于第' + n + '项工作的通知</a><span>' + day(3 * n) + '</span></li>';
  });
  return '<html><head><meta charset="utf-8"></head><body><ul class="u-list">' + rows.join('') + '</ul>'
    + '<script>createPageHTML(' + shape.pages + ', ' + page + ', "index", "html");</script></body></html>';
}
const server = http.createServer((req, res) => {
  const at = performance.now();
  const path = new URL(req.url || '/', 'http://x').pathname;
  const etag = '"' + path + '"';
  const send = (status, body, headers) => {
    if (status === 200 && req.headers['if-none-match'] === etag) status = 304;
    arrivals.push({ path, at, status });
    res.writeHead(status, Object.assign({ 'content-type': 'text/html; charset=utf-8', etag }, headers)).end(status === 200 ? body : '');
  };
  const to = shape.redirects && shape.redirects[path];
  if (to) return send(302, '', { location: to });
  if (shape.failOnce && shape.failOnce.includes(path) && !failed.has(path)) {
    failed.add(path);
    return send(503, '');
  }
  const m = /^\\/u(\\d+)\\/c(\\d+)\\/(?:index(?:_(\\d+))?\\.html|t(\\d+)\\.html)$/.exec(path);
  if (!m || +m[1] >= shape.units || +m[2] >= shape.columns || +(m[3] || 0) >= shape.pages) return send(404, '');
  if (m[4] !== undefined) return send(200, '<html><body><h1>信息' + m[4] + '</h1><p>正文</p></body></html>');
  return send(200, listPage(+(m[3] || 0)));
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (m) => {
  if (m === 'arrivals') parentPort.postMessage(arrivals.splice(0));
  if (m === 'close') {
    server.closeAllConnections();
    server.close(() => parentPort.postMessage('closed'));
  }
});
`;

export async function startPoliteSite(shape: SiteShape): Promise<PoliteSite> {
  const worker = new Worker(SITE, { eval: true, workerData: shape });
  const next = <T>() => new Promise<T>((resolve, reject) => {
    const onError = (err: Error) => {
      worker.off('message', onMessage);
      reject(err);
    };
    const onMessage = (m: T) => {
      worker.off('error', onError);
      resolve(m);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
  });
  const { port } = await next<{ port: number }>();
  const takeArrivals = () => {
    const reply = next<Arrival[]>();
    worker.postMessage('arrivals');
    return reply;
  };
  // A cold thread answers its first request tens of ms late, which would show as the crawler's first gap.
  await new Promise((resolve, reject) => http.get(`http://127.0.0.1:${port}/warm-up`, { agent: false }, (res) => res.resume().on('end', resolve)).on('error', reject));
  await takeArrivals();
  return {
    origin: `http://127.0.0.1:${port}`,
    takeArrivals,
    close: async () => {
      const closed = next<string>();
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}
