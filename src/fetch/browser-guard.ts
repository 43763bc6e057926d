import type { Page, Request, Route } from 'playwright-core';
import type { AddressPolicy } from './address-policy.js';
import { REFUSED_HEADER, UNREACHABLE_HEADER, type GuardProxy } from './guard-proxy.js';
import type { Outcome } from './types.js';

export interface Refusal {
  url: string;
  reason: string;
  /** The page itself (its first address, a redirect or a script sending it elsewhere), not a part of it. */
  mainFrame: boolean;
}

/** What the guard saw while one page rendered. */
export interface PageGuardLog {
  refusals: Refusal[];
  /** Why the page's own address could not be reached, as the proxy saw it. */
  unreachable?: string;
}

/** A render's result before the guard has had its say (the fields it may change). */
export interface Rendered {
  outcome: Outcome;
  finalUrl: string;
  status?: number;
  text?: string;
  contentType?: string;
  error?: string;
}

/** How many refused sub-requests the result names one by one. */
const NAMED = 10;

/**
 * Applies the address policy to everything a browser page asks for. The context's route refuses what
 * the URL alone shows (IP literals, localhost, metadata names) before Chromium sends anything; the guard
 * proxy refuses names whose addresses are private when it connects. Both kinds are logged per page.
 */
export class BrowserGuard {
  private readonly logs = new WeakMap<Page, PageGuardLog>();

  constructor(private readonly policy: AddressPolicy, private readonly proxy: () => GuardProxy | undefined) {}

  /** The context's route handler: refuses, or hands the request to `pass`. */
  route(route: Route, pass: () => Promise<void>): Promise<void> {
    const request = route.request();
    const reason = this.refusalOf(request.url());
    if (!reason) return pass();
    this.record(request, reason);
    return route.abort('blockedbyclient');
  }

  /** Starts logging what is refused for `page`. */
  watch(page: Page): PageGuardLog {
    const log: PageGuardLog = { refusals: [] };
    this.logs.set(page, log);
    page.on('response', (response) => {
      // Only plain http goes through the proxy's forwarding, where it answers for itself (https is tunnelled).
      if (!response.url().startsWith('http:')) return;
      const headers = response.headers();
      if (headers[REFUSED_HEADER]) this.record(response.request(), decode(headers[REFUSED_HEADER]));
      else if (headers[UNREACHABLE_HEADER] && isMainFrame(page, response.request())) log.unreachable = decode(headers[UNREACHABLE_HEADER]);
    });
    page.on('requestfailed', (request) => {
      if (!/ERR_TUNNEL_CONNECTION_FAILED/.test(request.failure()?.errorText ?? '')) return;
      const failure = this.proxy()?.tunnelFailure(hostPort(request.url()));
      if (failure?.refused) this.record(request, failure.reason);
      else if (failure && isMainFrame(page, request)) log.unreachable = failure.reason;
    });
    // WebSockets bypass the route: literals are logged here (Chromium's proxy tunnel refuses them), names when they close.
    page.on('websocket', (socket) => {
      const url = socket.url();
      const refusal = this.refusalOf(url);
      if (refusal) return void log.refusals.push({ url, reason: refusal, mainFrame: false });
      socket.on('close', () => {
        const failure = this.proxy()?.tunnelFailure(hostPort(url));
        if (failure?.refused) log.refusals.push({ url, reason: failure.reason, mainFrame: false });
      });
    });
    return log;
  }

  private refusalOf(url: string): string | undefined {
    try {
      const parsed = new URL(url);
      return /^(https?|wss?):$/.test(parsed.protocol) ? this.policy.refuseHost(parsed.hostname) : undefined;
    } catch {
      return undefined;
    }
  }

  private record(request: Request, reason: string): void {
    try {
      const page = request.frame().page();
      this.logs.get(page)?.refusals.push({ url: request.url(), reason, mainFrame: isMainFrame(page, request) });
    } catch {
      // a request without a frame (a worker's): refused all the same, but no page to tell
    }
  }
}

/**
 * The render's result in the light of the guard's log: a refused page is `refused`; a page whose site
 * the proxy could not reach is a connection error; refused parts of a page are named in `error`.
 */
export function judgeRender(loaded: Rendered, log: PageGuardLog): Rendered {
  const page = log.refusals.find((r) => r.mainFrame);
  if (page) return { outcome: 'refused', finalUrl: page.url, error: page.reason };
  if (log.unreachable && loaded.outcome !== 'ok') return { outcome: 'connection-error', finalUrl: loaded.finalUrl, error: `浏览器连接失败：${log.unreachable}` };
  if (log.refusals.length === 0) return loaded;
  const named = log.refusals.slice(0, NAMED).map((r) => `${r.url}（${r.reason}）`).join('；');
  const more = log.refusals.length > NAMED ? ` 等` : '';
  const note = `页面中 ${log.refusals.length} 个请求指向内网或本机地址，已拒绝：${named}${more}`;
  return { ...loaded, error: loaded.error ? `${loaded.error}；${note}` : note };
}

function isMainFrame(page: Page, request: Request): boolean {
  try {
    return request.isNavigationRequest() && request.frame() === page.mainFrame();
  } catch {
    return false;
  }
}

/** `host:port` as a CONNECT request names it. */
function hostPort(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'https:' || u.protocol === 'wss:' ? 443 : 80)}`;
  } catch {
    return url;
  }
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
