import type { Socket } from 'node:net';
import type { RouteHandler } from '../../src/demo/site-server.js';
import { serveSite, type SiteServer } from '../../src/demo/site-server.js';
import { allPagePaths, listPage, type DistrictShape } from './synthetic-district.js';

/**
 * The benchmark's web site, run in its own process (forked by crawl-bench.ts) so its CPU is not
 * counted as the crawler's. Pages are generated on request; the ETag names the page and its version,
 * so a conditional request is answered 304 without building the page.
 */
export type ServerCommand =
  | { cmd: 'start'; shape: DistrictShape }
  | { cmd: 'stats' }
  | { cmd: 'reset' }
  | { cmd: 'stop' };

export interface ServerStats {
  requests: number;
  notModified: number;
  bytes: number;
  /** Most connections open at once since the last reset (the whole district is one host: this server). */
  maxConnections: number;
  /** Most requests in progress at once since the last reset. */
  maxConcurrent: number;
  /** Requests in progress at once over the server's life, as serveSite counts them. */
  lifetimeMaxConcurrent: number;
  cpuMs: number;
}

const VERSION = 1;
let site: SiteServer | undefined;
let stats = { requests: 0, notModified: 0, bytes: 0, active: 0, maxConcurrent: 0, maxConnections: 0 };
const connections = new Set<Socket>();
let cpuAtReset = process.cpuUsage();

function routesFor(shape: DistrictShape): Record<string, RouteHandler> {
  const routes: Record<string, RouteHandler> = {};
  for (const { path, unit, column, page } of allPagePaths(shape)) {
    routes[path] = (req, res) => {
      stats.requests++;
      stats.active++;
      stats.maxConcurrent = Math.max(stats.maxConcurrent, stats.active);
      res.on('close', () => stats.active--);
      if (!connections.has(req.socket)) {
        const socket = req.socket;
        connections.add(socket);
        stats.maxConnections = Math.max(stats.maxConnections, connections.size);
        socket.once('close', () => connections.delete(socket));
      }
      const etag = `"p${unit}-${column}-${page}-v${VERSION}"`;
      if (req.headers['if-none-match'] === etag) {
        stats.notModified++;
        res.writeHead(304, { etag }).end();
        return;
      }
      const body = Buffer.from(listPage(unit, column, page, shape, VERSION));
      stats.bytes += body.length;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, etag }).end(body);
    };
  }
  return routes;
}

// Never outlive the benchmark, even when it is killed.
process.on('disconnect', () => process.exit(0));

process.on('message', async (message: ServerCommand) => {
  const reply = (value: unknown) => process.send?.(value);
  switch (message.cmd) {
    case 'start':
      site = await serveSite({ routes: routesFor(message.shape) });
      reply({ origin: site.origin });
      break;
    case 'reset':
      stats = { requests: 0, notModified: 0, bytes: 0, active: stats.active, maxConcurrent: 0, maxConnections: connections.size };
      cpuAtReset = process.cpuUsage();
      reply({ ok: true });
      break;
    case 'stats': {
      const cpu = process.cpuUsage(cpuAtReset);
      const result: ServerStats = {
        requests: stats.requests, notModified: stats.notModified, bytes: stats.bytes, maxConnections: stats.maxConnections,
        maxConcurrent: stats.maxConcurrent,
        lifetimeMaxConcurrent: site?.maxConcurrent ?? 0, cpuMs: (cpu.user + cpu.system) / 1000,
      };
      reply(result);
      break;
    }
    case 'stop':
      await site?.close();
      reply({ ok: true });
      process.disconnect();
      break;
  }
});
