import http from 'node:http';
import https from 'node:https';
import type { CrawlConfig } from '../config/schema.js';
import type { Clock } from '../time/clock.js';
import { sniffCharset } from './charset.js';
import { bodyBuffer, keepLatest, pageText } from './page-bodies.js';
import { EvidenceStore, sha256 } from './evidence-store.js';
import { HttpCache } from './http-cache.js';
import { HostQueues } from './host-queues.js';
import { REFUSED_CODE, addressPolicy, type AddressPolicy } from './address-policy.js';
import { requestKey, type FetchRequest, type FetchResult, type Fetcher, type Outcome } from './types.js';

export type FetcherOptions = Pick<CrawlConfig,
  'userAgent' | 'concurrencyPerHost' | 'minIntervalMs' | 'timeoutMs' | 'retries' | 'retryBaseMs' |
  'maxBodyBytes' | 'maxRedirects' | 'hosts' | 'allowPrivateHosts'>;

interface Hop {
  outcome: Outcome;
  status?: number;
  headers?: http.IncomingHttpHeaders;
  raw?: Buffer;
  error?: string;
}

/** What an availability probe saw: how it ended, in how long, and how many body bytes it read. */
export interface ProbeResult {
  outcome: Outcome;
  status?: number;
  error?: string;
  ms: number;
  bytes: number;
}

const TRANSIENT: ReadonlySet<Outcome> = new Set(['timeout', 'connection-error', 'http-5xx']);

/**
 * The one network layer: per-host queues, a total deadline per attempt, retries with doubling backoff
 * for transient failures only, a body size cap, capped http(s)-only redirects, charset decoding,
 * conditional requests and the evidence store. No request reaches a loopback, private, link-local or
 * metadata address that is not configured: every hop's host is checked before it is sent, and names
 * are checked again on the addresses the socket connects to (so DNS cannot change its answer in between).
 */
export class HttpFetcher implements Fetcher {
  private readonly queues: HostQueues;
  private readonly agents: { 'http:': http.Agent; 'https:': https.Agent };

  constructor(
    private readonly opts: FetcherOptions,
    private readonly evidence: EvidenceStore,
    private readonly cache: HttpCache,
    private readonly clock: Clock,
    private readonly policy: AddressPolicy = addressPolicy(opts.allowPrivateHosts),
    /** Shared with other fetchers of the process, so that together they keep each host's limits. */
    queues?: HostQueues,
  ) {
    this.queues = queues ?? new HostQueues(opts);
    const lookup = policy.lookup;
    this.agents = {
      'http:': new http.Agent({ keepAlive: true, maxSockets: 256, lookup }),
      'https:': new https.Agent({ keepAlive: true, maxSockets: 256, rejectUnauthorized: false, lookup }),
    };
  }

  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }

  async fetch(request: FetchRequest): Promise<FetchResult> {
    const started = this.clock.now().getTime();
    let attempts = 0;
    for (;;) {
      attempts++;
      const result = await this.attempt(request);
      const retryable = TRANSIENT.has(result.outcome) || result.status === 429;
      if (!retryable || attempts > this.opts.retries) {
        // Assigned, not spread: the text is a lazy getter that a spread would run.
        return Object.assign(result, { attempts, elapsedMs: this.clock.now().getTime() - started });
      }
      await sleep(this.opts.retryBaseMs * 2 ** (attempts - 1));
    }
  }

  /**
   * One availability probe: a single GET (no retry) through the same host queue and address policy as
   * the crawl, redirects followed, the body read to its end within `timeoutMs` and then dropped (no
   * evidence, no cache: the crawl's conditional requests stay its own).
   */
  async probe(url: string, timeoutMs: number): Promise<ProbeResult> {
    const started = this.clock.now().getTime();
    const done = (r: Omit<ProbeResult, 'ms'>): ProbeResult => ({ ...r, ms: this.clock.now().getTime() - started });
    const seen: string[] = [];
    for (let current = url; ;) {
      let parsed: URL;
      try {
        parsed = new URL(current);
      } catch {
        return done({ outcome: 'invalid-url', error: `不是有效的网址：${current}`, bytes: 0 });
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return done({ outcome: 'invalid-url', error: `不支持的协议：${parsed.protocol}`, bytes: 0 });
      const refusal = this.policy.refuseHost(parsed.hostname);
      if (refusal) return done({ outcome: 'refused', error: refusal, bytes: 0 });
      const hop = await this.queues.run(parsed.host, () => this.hop(parsed, 'GET', { url: current }, undefined, timeoutMs));
      const location = hop.headers?.location;
      if (hop.status && hop.status >= 300 && hop.status < 400 && hop.status !== 304 && location) {
        const next = new URL(location, current).toString();
        if (seen.includes(next) || seen.length >= this.opts.maxRedirects) return done({ outcome: 'redirect-loop', status: hop.status, error: `重定向循环：${next}`, bytes: 0 });
        seen.push(next);
        current = next;
        continue;
      }
      return done({ outcome: hop.outcome, status: hop.status, error: hop.error, bytes: hop.raw?.length ?? 0 });
    }
  }

  private async attempt(request: FetchRequest): Promise<Omit<FetchResult, 'attempts' | 'elapsedMs'>> {
    const key = requestKey(request);
    const method = request.method ?? (request.form || request.body !== undefined ? 'POST' : 'GET');
    const cached = method === 'GET' ? this.cache.get(key) : undefined;
    const redirects: string[] = [];
    const fail = (outcome: Outcome, error: string, finalUrl: string, status?: number) =>
      ({ request, outcome, error, finalUrl, status, redirects, unchanged: false });

    let url = request.url;
    let currentMethod = method;
    for (;;) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return fail('invalid-url', `不是有效的网址：${url}`, url);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        return fail(redirects.length ? 'bad-redirect' : 'invalid-url', `不支持的协议：${parsed.protocol}`, url);
      }
      const refusal = this.policy.refuseHost(parsed.hostname);
      if (refusal) return fail('refused', refusal, url);
      const conditional = cached && url === request.url && currentMethod === 'GET';
      const hop = await this.queues.run(parsed.host, () =>
        this.hop(parsed, currentMethod, request, conditional ? cached : undefined));

      if (hop.status && hop.status >= 300 && hop.status < 400 && hop.status !== 304) {
        const location = hop.headers?.location;
        if (!location) return fail('http-4xx', `HTTP ${hop.status} 重定向缺少 Location`, url, hop.status);
        let next: string;
        try {
          next = new URL(location, url).toString();
        } catch {
          return fail('bad-redirect', `重定向地址无效：${location}`, url, hop.status);
        }
        if (next === url || redirects.includes(next) || next === request.url) {
          return fail('redirect-loop', `重定向循环：${next}`, url, hop.status);
        }
        if (redirects.length >= this.opts.maxRedirects) {
          return fail('redirect-loop', `重定向超过 ${this.opts.maxRedirects} 次`, url, hop.status);
        }
        redirects.push(next);
        url = next;
        if (hop.status !== 307 && hop.status !== 308 && currentMethod !== 'HEAD') currentMethod = 'GET';
        continue;
      }
      if (hop.outcome === 'not-modified' && cached) {
        const hash = cached.evidenceHash;
        return this.withLazyText({
          request, outcome: 'ok', status: 304, finalUrl: cached.finalUrl, evidence: hash, unchanged: true, redirects,
          charset: cached.charset ?? undefined,
        }, hash, cached.charset ?? undefined);
      }
      if (currentMethod === 'HEAD' && hop.outcome === 'ok') {
        return { request, outcome: 'ok', status: hop.status, finalUrl: url, contentType: headerValue(hop.headers?.['content-type']), redirects, unchanged: false };
      }
      if (hop.outcome !== 'ok' || !hop.raw) return fail(hop.outcome, hop.error ?? hop.outcome, url, hop.status);

      const raw = hop.raw;
      const contentType = headerValue(hop.headers?.['content-type']);
      const hash = sha256(raw);
      await this.evidence.put(raw, contentType, hash);
      const charset = sniffCharset(raw, contentType);
      if (method === 'GET') {
        this.cache.put(key, {
          etag: headerValue(hop.headers?.etag) ?? null,
          lastModified: headerValue(hop.headers?.['last-modified']) ?? null,
          evidenceHash: hash, charset, finalUrl: url,
        });
      }
      keepLatest(hash, charset, raw);
      return this.withLazyText({
        request, outcome: 'ok', status: hop.status, finalUrl: url, contentType, charset,
        evidence: hash, unchanged: cached?.evidenceHash === hash, redirects,
      }, hash, charset);
    }
  }

  /** Gives a result its text, decoded when read (see page-bodies.ts for why it is not kept). */
  private withLazyText<T extends object>(result: T, hash: string, charset: string | undefined): T & { text: string } {
    const evidence = this.evidence;
    return Object.defineProperty(result, 'text', {
      enumerable: true,
      get: () => pageText(hash, charset, () => evidence.get(hash) ?? Buffer.alloc(0)),
    }) as T & { text: string };
  }

  private hop(url: URL, method: string, request: FetchRequest, cached: { etag: string | null; lastModified: string | null } | undefined, timeoutOverride?: number): Promise<Hop> {
    const timeoutMs = timeoutOverride ?? this.queues.limitsFor(url.host).timeoutMs ?? this.opts.timeoutMs;
    const headers: Record<string, string> = {
      'user-agent': this.opts.userAgent,
      accept: 'text/html,application/xhtml+xml,application/json,application/xml;q=0.9,*/*;q=0.8',
      'accept-language': 'zh-CN,zh;q=0.9',
      ...request.headers,
    };
    let body: string | undefined;
    if (method === 'POST') {
      if (request.form) {
        body = new URLSearchParams(request.form).toString();
        headers['content-type'] = 'application/x-www-form-urlencoded; charset=UTF-8';
      } else {
        body = request.body ?? '';
        headers['content-type'] = request.contentType ?? 'application/x-www-form-urlencoded; charset=UTF-8';
      }
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
    const maxBytes = this.opts.maxBodyBytes;

    return new Promise<Hop>((resolve) => {
      let settled = false;
      const finish = (hop: Hop) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(hop);
      };
      const lib = url.protocol === 'https:' ? https : http;
      const req = lib.request(url, { method, headers, agent: this.agents[url.protocol as 'http:' | 'https:'] }, (res) => {
        const status = res.statusCode ?? 0;
        const outcome = classifyStatus(status);
        if (outcome !== 'ok' && outcome !== 'not-modified') {
          res.resume();
          finish({ outcome, status, headers: res.headers, error: `HTTP ${status}` });
          return;
        }
        if (status === 304 || (status >= 300 && status < 400) || method === 'HEAD') {
          res.resume();
          finish({ outcome, status, headers: res.headers });
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (declared > maxBytes) {
          req.destroy();
          finish({ outcome: 'too-large', status, error: `响应超过 ${maxBytes} 字节（声明 ${declared}）` });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy();
            finish({ outcome: 'too-large', status, error: `响应超过 ${maxBytes} 字节` });
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => finish({ outcome: 'ok', status, headers: res.headers, raw: concatInto(bodyBuffer(size), chunks) }));
        res.on('error', (err) => finish({ outcome: 'connection-error', status, error: describeError(err) }));
        res.on('aborted', () => finish({ outcome: 'connection-error', status, error: '连接中断' }));
        res.on('close', () => finish({ outcome: 'connection-error', status, error: '连接中断' }));
      });
      const timer = setTimeout(() => {
        finish({ outcome: 'timeout', error: `${timeoutMs} 毫秒内未完成` });
        req.destroy();
      }, timeoutMs);
      req.on('error', (err: Error & { code?: string }) => finish(err.code === REFUSED_CODE
        ? { outcome: 'refused', error: err.message }
        : { outcome: 'connection-error', error: describeError(err) }));
      req.end(body);
    });
  }
}

function concatInto(target: Buffer, chunks: Buffer[]): Buffer {
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(target, at);
  return target;
}

function classifyStatus(status: number): Outcome {
  if (status === 304) return 'not-modified';
  if (status === 412 || status === 521) return 'anti-bot';
  if (status >= 200 && status < 400) return 'ok';
  if (status >= 500) return 'http-5xx';
  return 'http-4xx';
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** A socket error in Chinese, with its code. */
export function describeError(err: Error & { code?: string }): string {
  const names: Record<string, string> = {
    ECONNRESET: '连接被重置', ECONNREFUSED: '连接被拒绝', ENOTFOUND: '域名无法解析', EAI_AGAIN: '域名解析失败',
    ETIMEDOUT: '连接超时', EHOSTUNREACH: '主机不可达', HPE_INVALID_CONSTANT: '无效的 HTTP 响应',
  };
  return err.code ? `${names[err.code] ?? err.code}（${err.code}）` : err.message;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
