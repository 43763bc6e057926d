import { accessSync, constants } from 'node:fs';
import PQueue from 'p-queue';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import type { CrawlConfig } from '../config/schema.js';
import type { PageRenderer } from '../audit/crawl-column.js';
import type { EvidenceStore } from './evidence-store.js';
import type { FetchResult, Outcome } from './types.js';
import { addressPolicy, type AddressPolicy } from './address-policy.js';
import { BrowserGuard, judgeRender, type Rendered } from './browser-guard.js';
import { GuardProxy } from './guard-proxy.js';
import { longNumberMasks } from '../content/personal-data.js';

export type BrowserPoolOptions = CrawlConfig['browser'] & Pick<CrawlConfig, 'allowPrivateHosts'> & {
  /** How long a challenge page (412/521) may take to reload into the real page. */
  challengeWaitMs?: number;
  userAgent?: string;
};

/** The pool's options from the crawl config. */
export function browserPoolOptions(crawl: CrawlConfig): BrowserPoolOptions {
  return { ...crawl.browser, allowPrivateHosts: crawl.allowPrivateHosts };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
  // WebRTC may not send UDP around the guard proxy.
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
];
const ANTI_BOT_STATUS = new Set([412, 521]);
/** A challenge that keeps answering 412 after this many reloads will not clear. */
const MAX_ROUNDS = 5;
const SKIPPED_RESOURCES = new Set(['image', 'media', 'font']);

type Loaded = Rendered;

/**
 * Renders pages in the system's Chromium (Playwright): one browser started on first use, one context
 * (cookies, storage) per unit, a limit on pages open at once, a total deadline per render, and the
 * rendered HTML kept in the evidence store. Anti-bot challenges (412/521 with a script that sets a
 * cookie and reloads) are given time to clear; one that never clears is reported as `anti-bot`.
 * Every request of every page goes through the address policy (browser-guard.ts, guard-proxy.ts).
 */
export class BrowserPool implements PageRenderer {
  /** Why the browser cannot be used (configuration, missing executable, failed launch), in Chinese. */
  unavailable?: string;
  private browser?: Promise<Browser>;
  private proxy?: Promise<GuardProxy>;
  private startedProxy?: GuardProxy;
  private readonly guard: BrowserGuard;
  private readonly sessions = new Map<string, Promise<BrowserContext>>();
  private readonly slots: PQueue;
  private readonly challengeWaitMs: number;
  private closed = false;

  constructor(
    private readonly opts: BrowserPoolOptions,
    private readonly evidence: EvidenceStore,
    private readonly policy: AddressPolicy = addressPolicy(opts.allowPrivateHosts),
  ) {
    this.guard = new BrowserGuard(policy, () => this.startedProxy);
    this.slots = new PQueue({ concurrency: opts.concurrency });
    this.challengeWaitMs = opts.challengeWaitMs ?? Math.min(10_000, opts.timeoutMs);
    if (!opts.enabled) this.unavailable = '浏览器不可用：配置中已关闭浏览器渲染';
    else if (!isExecutable(opts.executablePath)) this.unavailable = `浏览器不可用：找不到可执行的 ${opts.executablePath}`;
  }

  /** Pages rendering or waiting for a slot. */
  get pending(): number {
    return this.slots.size + this.slots.pending;
  }

  /** Units that have an open browser context. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  render(url: string, sessionKey: string): Promise<FetchResult> {
    const started = performance.now();
    if (this.unavailable || this.closed) return Promise.resolve(this.failed(url, started, 'connection-error', this.unavailable ?? '浏览器已关闭'));
    return this.slots.add(() => this.renderInSlot(url, sessionKey, started));
  }

  /** Closes one unit's context (its cookies and pages). */
  async closeSession(sessionKey: string): Promise<void> {
    const context = this.sessions.get(sessionKey);
    this.sessions.delete(sessionKey);
    if (context) await closeQuietly(context);
  }

  /** Closes every context and the browser process; safe to call more than once and after errors. */
  async close(): Promise<void> {
    this.closed = true;
    const contexts = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(contexts.map(closeQuietly));
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await closeQuietly(browser);
    const proxy = this.proxy;
    this.proxy = undefined;
    if (proxy) await closeQuietly(proxy);
  }

  private async renderInSlot(url: string, sessionKey: string, started: number): Promise<FetchResult> {
    if (this.closed) return this.failed(url, started, 'connection-error', '浏览器已关闭');
    let page: Page;
    try {
      page = await (await this.context(sessionKey)).newPage();
    } catch (err) {
      return this.failed(url, started, 'connection-error', this.unavailable ?? `浏览器出错：${firstLine(err)}`);
    }
    const guarded = this.guard.watch(page);
    const deadline = performance.now() + this.opts.timeoutMs;
    const seen: { status?: number } = {};
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<Loaded>((resolve) => {
      timer = setTimeout(() => {
        const finalUrl = safeUrl(page) ?? url;
        // Still on a challenge page when time ran out: the challenge did not clear.
        if (seen.status !== undefined && ANTI_BOT_STATUS.has(seen.status)) resolve(antiBot(finalUrl, seen.status));
        else resolve({ outcome: 'timeout', finalUrl, error: `浏览器渲染 ${this.opts.timeoutMs} 毫秒内未完成` });
      }, this.opts.timeoutMs);
    });
    const work = this.load(page, url, deadline, seen).catch((err): Loaded => classifyError(err, safeUrl(page) ?? url));
    try {
      const loaded = judgeRender(await Promise.race([work, expired]), guarded);
      const result: FetchResult = {
        request: { url }, outcome: loaded.outcome, finalUrl: loaded.finalUrl, status: loaded.status, error: loaded.error,
        unchanged: false, redirects: [], elapsedMs: Math.round(performance.now() - started), attempts: 1, viaBrowser: true,
      };
      if (loaded.outcome === 'ok' && loaded.text !== undefined) {
        result.text = loaded.text;
        result.contentType = loaded.contentType;
        result.charset = 'utf-8';
        result.evidence = await this.evidence.put(Buffer.from(loaded.text, 'utf8'), loaded.contentType);
        // What the page looked like, for the evidence viewer (the viewport only: cheap and enough to recognise it),
        // long numbers masked as the viewer masks the page's text; the stored page keeps them.
        await maskTextInPage(page, longNumberMasks(loaded.text));
        const shot = await page.screenshot({ type: 'jpeg', quality: 60, timeout: 5000 }).catch(() => undefined);
        if (shot) this.evidence.linkScreenshot(result.evidence, await this.evidence.put(shot, 'image/jpeg'));
      }
      return result;
    } finally {
      clearTimeout(timer);
      await Promise.race([page.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
    }
  }

  /** Navigates, waits out anti-bot challenges and the page's scripts, and reads the result. */
  private async load(page: Page, url: string, deadline: number, seen: { status?: number }): Promise<Loaded> {
    const left = () => Math.max(1, deadline - performance.now());
    const navigations: Response[] = [];
    page.on('response', (r) => {
      try {
        if (r.frame() === page.mainFrame() && r.request().isNavigationRequest() && !isRedirect(r.status())) {
          navigations.push(r);
          seen.status = r.status();
        }
      } catch {
        // a response without a frame (worker): not a navigation
      }
    });
    try {
      const first = await page.goto(url, { waitUntil: 'commit', timeout: left() });
      if (first && navigations.length === 0) {
        navigations.push(first);
        seen.status = first.status();
      }
    } catch (err) {
      const last = navigations.at(-1);
      if (!last || last.status() < 400) throw err;
    }
    for (let round = 0; ; round++) {
      const main = navigations.at(-1);
      if (!main) return { outcome: 'connection-error', finalUrl: url, error: '浏览器未收到页面响应' };
      const status = main.status();
      const count = navigations.length;
      if (ANTI_BOT_STATUS.has(status)) {
        const cleared = round < MAX_ROUNDS && (await waitFor(() => navigations.length > count, Math.min(left(), this.challengeWaitMs)));
        if (cleared) continue;
        return antiBot(main.url(), status);
      }
      if (status >= 400) return { outcome: status >= 500 ? 'http-5xx' : 'http-4xx', finalUrl: main.url(), status, error: `HTTP ${status}` };
      const contentType = main.headers()['content-type'];
      if (contentType && !/html/i.test(contentType)) {
        return { outcome: 'ok', finalUrl: main.url(), status, text: await main.text(), contentType };
      }
      await settle(page, () => left() - Math.min(1000, this.opts.timeoutMs / 10));
      // A script sent the page elsewhere (a redirect stub, a challenge that answers 200): read where it went.
      if (navigations.length > count && round < MAX_ROUNDS) continue;
      const text = await page.content();
      return { outcome: 'ok', finalUrl: page.url(), status, text, contentType: 'text/html; charset=utf-8' };
    }
  }

  private context(sessionKey: string): Promise<BrowserContext> {
    let context = this.sessions.get(sessionKey);
    if (!context) {
      context = this.launch().then(async (browser) => {
        const ctx = await browser.newContext({
          ignoreHTTPSErrors: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block',
          ...(this.opts.userAgent ? { userAgent: this.opts.userAgent } : {}),
        });
        await ctx.route('**/*', (route) => this.guard.route(route, () =>
          SKIPPED_RESOURCES.has(route.request().resourceType()) ? route.abort() : route.fallback()));
        return ctx;
      });
      const created = context;
      this.sessions.set(sessionKey, created);
      created.catch(() => {
        if (this.sessions.get(sessionKey) === created) this.sessions.delete(sessionKey);
      });
    }
    return context;
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      this.proxy ??= GuardProxy.start(this.policy).then((proxy) => (this.startedProxy = proxy));
      const launching = this.proxy
        .then((proxy) => chromium.launch({
          executablePath: this.opts.executablePath, args: CHROMIUM_ARGS, headless: true, timeout: 60_000,
          // Loopback too goes through the proxy: Playwright adds <-loopback> to the bypass list.
          proxy: { server: proxy.url },
        }))
        .then((browser) => {
          browser.on('disconnected', () => {
            if (this.browser === launching) {
              this.browser = undefined;
              this.sessions.clear();
            }
          });
          if (this.closed) void browser.close().catch(() => undefined);
          return browser;
        })
        .catch((err: unknown) => {
          if (this.browser === launching) this.browser = undefined;
          this.unavailable = `浏览器不可用：${this.opts.executablePath} 无法启动（${firstLine(err)}）`;
          throw err;
        });
      this.browser = launching;
    }
    return this.browser;
  }

  private failed(url: string, started: number, outcome: Outcome, error: string): FetchResult {
    return {
      request: { url }, outcome, finalUrl: url, error, unchanged: false, redirects: [],
      elapsedMs: Math.round(performance.now() - started), attempts: 1, viaBrowser: true,
    };
  }
}

/** Lets the page's scripts run: the DOM, then `load` and a quiet network if they come in time. */
async function settle(page: Page, left: () => number): Promise<void> {
  await page.waitForLoadState('domcontentloaded', { timeout: Math.max(1, left()) });
  await page.waitForLoadState('load', { timeout: Math.max(1, left()) }).catch(() => undefined);
  await page.waitForLoadState('networkidle', { timeout: Math.max(1, Math.min(left(), 5000)) }).catch(() => undefined);
}

function antiBot(finalUrl: string, status: number): Loaded {
  return { outcome: 'anti-bot', finalUrl, status, error: `浏览器中的反爬验证未通过（HTTP ${status}）` };
}

function classifyError(err: unknown, finalUrl: string): Loaded {
  const message = firstLine(err);
  if (err instanceof Error && err.name === 'TimeoutError') return { outcome: 'timeout', finalUrl, error: `浏览器渲染超时：${message}` };
  if (/ERR_TOO_MANY_REDIRECTS/.test(message)) return { outcome: 'redirect-loop', finalUrl, error: '重定向循环' };
  const net = /net::(ERR_[A-Z_]+)/.exec(message)?.[1];
  return { outcome: 'connection-error', finalUrl, error: net ? `浏览器连接失败（${net}）` : `浏览器出错：${message}` };
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function safeUrl(page: Page): string | undefined {
  try {
    const url = page.url();
    return url && url !== 'about:blank' ? url : undefined;
  } catch {
    return undefined;
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].slice(0, 200);
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const until = performance.now() + ms;
  while (!condition()) {
    if (performance.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

async function closeQuietly(target: Promise<{ close(): Promise<void> }>): Promise<void> {
  try {
    await (await target).close();
  } catch {
    // already closed, crashed, or never started
  }
}

/** Replaces each `[from, to]` in the text the page shows (best effort: a page that breaks it keeps its text). */
async function maskTextInPage(page: Page, pairs: [string, string][]): Promise<void> {
  if (pairs.length === 0) return;
  await page.evaluate((replacements) => {
    const walker = document.createTreeWalker(document.body ?? document.documentElement, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let text = node.nodeValue ?? '';
      for (const [from, to] of replacements) if (text.includes(from)) text = text.split(from).join(to);
      if (text !== node.nodeValue) node.nodeValue = text;
    }
  }, pairs).catch(() => undefined);
}
