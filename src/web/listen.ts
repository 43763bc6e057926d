import type { App } from '../app.js';
import { buildConsole, type ConsoleOptions } from './server.js';

/** `HOST:PORT` (IPv6 in brackets) as Fastify's listen options. */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:]+\]|[^\s:]+):(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new Error(`监听地址应为 HOST:PORT（如 127.0.0.1:8080），收到「${value}」`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

/** Starts the console on `listen`; resolves with the address it serves and a way to stop it. */
export async function serveConsole(app: App, listen: string, opts: ConsoleOptions = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const server = buildConsole(app, opts);
  const { host, port } = parseListen(listen);
  await server.listen({ host, port });
  const addr = server.server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : port;
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`, close: () => server.close() };
}
