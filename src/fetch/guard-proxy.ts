import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { REFUSED_CODE, type AddressPolicy } from './address-policy.js';
import { describeError } from './http-fetcher.js';

/** On the proxy's own 403: why the address was refused (URI-encoded Chinese). */
export const REFUSED_HEADER = 'x-zwgk-refused';
/** On the proxy's own 502: why the site could not be reached (URI-encoded Chinese). */
export const UNREACHABLE_HEADER = 'x-zwgk-unreachable';

const HOP_BY_HOP = ['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'upgrade'];
/** Tunnel failures remembered for the pages that asked (a CONNECT answer never reaches the page). */
const MAX_REMEMBERED = 512;

export interface TunnelFailure {
  refused: boolean;
  reason: string;
}

/**
 * The browser's only way out: an HTTP proxy on 127.0.0.1 that connects with the address policy's own
 * lookup, so what Chromium asks for is checked on the address actually connected to (no DNS rebinding
 * between a check and the connection, and WebSockets and preconnects are covered too). Refusals of
 * plain requests are answered 403 with `x-zwgk-refused`; refused tunnels are remembered by `host:port`.
 */
export class GuardProxy {
  private readonly failures = new Map<string, TunnelFailure>();
  private readonly agent: http.Agent;

  private constructor(private readonly server: http.Server, private readonly policy: AddressPolicy, readonly url: string) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 64, lookup: policy.lookup });
    server.on('request', (req, res) => this.forward(req, res));
    server.on('connect', (req, socket, head) => this.tunnel(req, socket, head));
  }

  static async start(policy: AddressPolicy): Promise<GuardProxy> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new GuardProxy(server, policy, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  /** Why the last tunnel to `host:port` failed, if it did. */
  tunnelFailure(hostPort: string): TunnelFailure | undefined {
    return this.failures.get(hostPort);
  }

  async close(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (target.protocol !== 'http:') {
      res.writeHead(400).end();
      return;
    }
    const refusal = this.policy.refuseHost(target.hostname);
    if (refusal) return void answer(res, 403, REFUSED_HEADER, refusal);
    const upstream = http.request(target, { method: req.method, headers: endToEnd(req.headers), agent: this.agent }, (up) => {
      const headers = endToEnd(up.headers);
      delete headers[REFUSED_HEADER];
      delete headers[UNREACHABLE_HEADER];
      res.writeHead(up.statusCode ?? 502, up.statusMessage, headers);
      up.pipe(res);
      up.on('error', () => res.destroy());
    });
    upstream.on('error', (err: Error & { code?: string }) => {
      if (res.headersSent) res.destroy();
      else if (err.code === REFUSED_CODE) answer(res, 403, REFUSED_HEADER, err.message);
      else answer(res, 502, UNREACHABLE_HEADER, describeError(err));
    });
    // The page went away (closed, timed out): stop waiting for the site.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  private tunnel(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const hostPort = req.url ?? '';
    let target: URL;
    try {
      target = new URL(`http://${hostPort}/`);
    } catch {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const fail = (failure: TunnelFailure) => {
      this.remember(hostPort, failure);
      socket.end(`HTTP/1.1 ${failure.refused ? '403 Forbidden' : '502 Bad Gateway'}\r\n\r\n`);
    };
    const refusal = this.policy.refuseHost(target.hostname);
    if (refusal) return fail({ refused: true, reason: refusal });
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    const upstream = net.connect({ host, port: Number(target.port || 443), lookup: this.policy.lookup });
    let open = false;
    upstream.once('connect', () => {
      open = true;
      this.failures.delete(hostPort);
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', (err: Error & { code?: string }) => {
      if (open) socket.destroy();
      else fail({ refused: err.code === REFUSED_CODE, reason: err.code === REFUSED_CODE ? err.message : describeError(err) });
    });
    upstream.on('close', () => {
      if (open) socket.destroy();
    });
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => upstream.destroy());
  }

  private remember(hostPort: string, failure: TunnelFailure): void {
    this.failures.delete(hostPort);
    if (this.failures.size >= MAX_REMEMBERED) this.failures.delete(this.failures.keys().next().value as string);
    this.failures.set(hostPort, failure);
  }
}

function answer(res: http.ServerResponse, status: number, header: string, reason: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', [header]: encodeURIComponent(reason) }).end(reason);
}

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = { ...headers };
  for (const name of HOP_BY_HOP) delete out[name];
  return out;
}
