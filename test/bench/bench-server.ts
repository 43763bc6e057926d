import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { serveSite, type SiteServer } from '../../src/demo/site-server.js';
import { columnsOf, listPage, pagesOf, type DistrictShape } from './synthetic-district.js';

/**
 * The benchmark's web site, run in its own process (forked by measure.ts) so its CPU is not counted as
 * the crawler's. Pages are generated on request; the ETag names the page and its version, so a
 * conditional request is answered 304 without building the page. Between nights the bench publishes
 * new items (`publish`): they head their column's list and push every older item down a place. The
 * server counts what it answered itself, so the crawler's own figures are never the only witness.
 */
export type ServerCommand =
  | { cmd: 'start'; shape: DistrictShape }
  | { cmd: 'publish'; items: Publication[] }
  | { cmd: 'stats' }
  | { cmd: 'reset' }
  | { cmd: 'stop' };

/** A new newest item in one column, dated `date`. */
export interface Publication {
  unit: number;
  column: number;
  date: string;
}

export interface ServerStats {
  requests: number;
  /** Answered 200 with a body. */
  ok: number;
  notModified: number;
  /** Any other answer (404 for a page that does not exist). */
  other: number;
  /** Requests for list pages, and for anything else (item detail pages: link checks, undated items). */
  listRequests: number;
  detailRequests: number;
  bytes: number;
  /** Most connections open at once since the last reset (the whole district is one host: this server). */
  maxConnections: number;
  /** Most requests in progress at once since the last reset. */
  maxConcurrent: number;
  /** Requests in progress at once over the server's life, as serveSite counts them. */
  lifetimeMaxConcurrent: number;
  /** Shortest time between two request arrivals since the last reset; null with fewer than two requests. */
  minGapMs: number | null;
  /** From the first arrival since the last reset to the last one. */
  spanMs: number;
  cpuMs: number;
}

const VERSION = 1;
const COLUMN_PATH = /^\/unit-(\d+)\/[a-z]+(\d+)\/(.*)$/;
const LIST_FILE = /^index(?:_(\d+))?\.html$/;
const DETAIL_FILE = /^\d{6}\/t(\d{4})(\d{2})(\d{2})_\w+\.html$/;

let shape: DistrictShape = { units: 0, columns: 0, pages: 0 };
let site: SiteServer | undefined;
/** Per column (unit × columns + column): dates of the items published after the first night, newest first. */
const published = new Map<number, string[]>();
const emptyStats = () => ({ requests: 0, ok: 0, notModified: 0, other: 0, listRequests: 0, detailRequests: 0, bytes: 0, maxConcurrent: 0,
  minGapMs: null as number | null, firstArrival: null as number | null, lastArrival: null as number | null });
let stats = { ...emptyStats(), active: 0, maxConnections: 0 };
const connections = new Set<Socket>();
let cpuAtReset = process.cpuUsage();

function count(req: IncomingMessage, res: ServerResponse): void {
  const now = performance.now();
  if (stats.lastArrival !== null) stats.minGapMs = Math.min(stats.minGapMs ?? Infinity, now - stats.lastArrival);
  stats.lastArrival = now;
  stats.firstArrival ??= now;
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
}

function answer(req: IncomingMessage, res: ServerResponse, etag: string, page: () => string): void {
  if (req.headers['if-none-match'] === etag) {
    stats.notModified++;
    res.writeHead(304, { etag }).end();
    return;
  }
  const body = Buffer.from(page());
  stats.ok++;
  stats.bytes += body.length;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, etag }).end(body);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  count(req, res);
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const [, u, c, file] = COLUMN_PATH.exec(path) ?? [];
  const unit = Number(u);
  const column = Number(c);
  const known = file !== undefined && unit < shape.units && column < shape.columns && path.startsWith(columnsOf(unit, shape)[column].path);
  const list = known ? LIST_FILE.exec(file) : null;
  const news = published.get(unit * shape.columns + column) ?? [];
  if (list) stats.listRequests++;
  else stats.detailRequests++;
  const page = list ? Number(list[1] ?? 0) : -1;
  if (list && page < pagesOf(shape, news.length)) {
    answer(req, res, `"p${unit}-${column}-${page}-v${VERSION}-n${news.length}"`, () => listPage(unit, column, page, shape, VERSION, news));
    return;
  }
  const detail = known && !list ? DETAIL_FILE.exec(file) : null;
  if (detail) {
    answer(req, res, `"d${VERSION}-${unit}-${column}-${file}"`, () => detailPage(`${detail[1]}-${detail[2]}-${detail[3]}`));
    return;
  }
  stats.other++;
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>404 Not Found</body></html>');
}

/** An item's page, as a link check or an undated item's date reading sees it. */
function detailPage(date: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="PubDate" content="${date}">
<title>信息详情_某区人民政府信息公开</title></head><body><div class="article"><h1>信息详情</h1>
<p class="info">信息提供日期：${date}　来源：某区人民政府办公室</p>
<div class="content">${'<p>为进一步做好政务公开工作，现将有关事项通知如下。</p>'.repeat(20)}</div></div></body></html>`;
}

// Never outlive the benchmark, even when it is killed.
process.on('disconnect', () => process.exit(0));

process.on('message', async (message: ServerCommand) => {
  const reply = (value: unknown) => process.send?.(value);
  switch (message.cmd) {
    case 'start':
      shape = message.shape;
      site = await serveSite({ fallback: handle });
      reply({ origin: site.origin });
      break;
    case 'publish':
      for (const { unit, column, date } of message.items) {
        const key = unit * shape.columns + column;
        published.set(key, [date, ...(published.get(key) ?? [])]);
      }
      reply({ ok: true });
      break;
    case 'reset':
      stats = { ...emptyStats(), active: stats.active, maxConnections: connections.size };
      cpuAtReset = process.cpuUsage();
      reply({ ok: true });
      break;
    case 'stats': {
      const cpu = process.cpuUsage(cpuAtReset);
      const { active: _active, firstArrival, lastArrival, ...counted } = stats;
      const spanMs = firstArrival === null || lastArrival === null ? 0 : lastArrival - firstArrival;
      const result: ServerStats = { ...counted, spanMs, lifetimeMaxConcurrent: site?.maxConcurrent ?? 0, cpuMs: (cpu.user + cpu.system) / 1000 };
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
