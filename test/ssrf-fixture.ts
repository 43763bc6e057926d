import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Resolve } from '../src/fetch/address-policy.js';

/**
 * A web server on an address the crawler must not reach unless configured (127.0.0.2, ::1): it counts
 * every TCP connection and logs every request, so a test can say "nothing arrived", not just "refused".
 */
export interface Trap {
  origin: string;
  port: number;
  /** TCP connections accepted. */
  readonly connections: number;
  /** `Host` header and path of every request. */
  readonly requests: string[];
  /** Forgets what arrived (after a test that allowed it on purpose). */
  reset(): void;
  close(): Promise<void>;
}

export async function trapServer(address: '127.0.0.2' | '::1'): Promise<Trap> {
  let connections = 0;
  let requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.headers.host} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<!DOCTYPE html><html><body><h1>内网管理页面</h1><p>internal page that must never be archived</p></body></html>');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: address.includes(':') ? `http://[${address}]:${port}` : `http://${address}:${port}`,
    port,
    get connections() { return connections; },
    get requests() { return requests; },
    reset: () => {
      connections = 0;
      requests = [];
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Name resolution from a fixed table (tests cannot touch real DNS); sockets still connect for real to
 * the addresses it gives. `asked` lists every name looked up.
 */
export function hostsTable(table: Record<string, string[]>): { resolve: Resolve; asked: string[] } {
  const asked: string[] = [];
  const resolve: Resolve = async (hostname) => {
    asked.push(hostname);
    const addresses = table[hostname.toLowerCase()];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, asked };
}
