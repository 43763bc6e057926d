import http from 'node:http';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void | Promise<void>;

export interface SiteServerOptions {
  /** Directory served as static files (`/a/index.html`); `/a/` serves `/a/index.html`. */
  root?: string;
  /** Exact paths (no query) answered by code; they win over files. */
  routes?: Record<string, RouteHandler>;
  /** Without `root`: answers every path no route answers (default 404). */
  fallback?: RouteHandler;
  port?: number;
}

export interface SiteServer {
  origin: string;
  /** Most requests in progress at once, seen by this server. */
  readonly maxConcurrent: number;
  readonly requests: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.shtml': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8',
  '.jsp': 'text/html; charset=utf-8', '.json': 'application/json; charset=utf-8', '.xml': 'text/xml; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8', '.css': 'text/css',
};

/**
 * A small HTTP server on 127.0.0.1 for the demo district and test fixture sites: static pages with
 * ETag/304, plus coded routes. Files named `*.nocharset.*` are sent without a charset in the header,
 * as legacy GBK sites do.
 */
export async function serveSite(opts: SiteServerOptions): Promise<SiteServer> {
  let active = 0;
  let maxConcurrent = 0;
  let requests = 0;
  const server = http.createServer(async (req, res) => {
    active++;
    requests++;
    maxConcurrent = Math.max(maxConcurrent, active);
    res.on('close', () => active--);
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = opts.routes?.[url.pathname];
      if (route) return await route(req, res, body);
      if (opts.root) return await serveFile(opts.root, url.pathname, req, res);
      if (opts.fallback) return await opts.fallback(req, res, body);
      res.writeHead(404).end('not found');
    } catch (err) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    }
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    get maxConcurrent() {
      return maxConcurrent;
    },
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serveFile(root: string, pathname: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let rel = normalize(decodeURIComponent(pathname));
  if (rel.endsWith('/') || rel.endsWith(sep)) rel += 'index.html';
  const file = join(root, rel);
  if (!file.startsWith(normalize(root))) {
    res.writeHead(403).end();
    return;
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>404 Not Found</body></html>');
    return;
  }
  const data = await readFile(file);
  const etag = `"${createHash('sha1').update(data).digest('base64url')}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag }).end();
    return;
  }
  const type = file.includes('.nocharset.') ? 'text/html' : (TYPES[extname(file)] ?? 'application/octet-stream');
  res.writeHead(200, { 'content-type': type, etag, 'content-length': data.length }).end(data);
}
