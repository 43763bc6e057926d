import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openApp, type App } from '../src/app.js';
import { Accounts } from '../src/accounts/accounts.js';
import type { WebConfig } from '../src/config/web-schema.js';
import { CHROMIUM_ARGS } from '../src/fetch/browser-pool.js';
import type { Role } from '../src/store/web-accounts-repo.js';
import { SettableClock } from '../src/time/clock.js';
import { buildConsole } from '../src/web/server.js';
import { SCHEME_2021 } from './assessment-helpers.js';

export interface FixtureUser {
  login: string;
  password: string;
  role: Role;
  unitId: string | null;
}

/** One account per role; the unit account belongs to `town-a`. */
export const USERS: Record<Role, FixtureUser> = {
  admin: { login: 'office-admin', password: 'admin-pass-2026', role: 'admin', unitId: null },
  inspector: { login: 'inspector-li', password: 'inspector-pass-2026', role: 'inspector', unitId: null },
  unit: { login: 'town-a-staff', password: 'unit-pass-2026!', role: 'unit', unitId: 'town-a' },
};

export const DEFAULT_UNITS = `
  - { id: town-a, name: 甲镇, type: town }
  - { id: dept-b, name: 乙局, type: department }
  - { id: sub-c, name: 丙街道, type: subdistrict }
`;

export interface ConsoleFixture {
  app: App;
  server: FastifyInstance;
  /** `http://127.0.0.1:PORT` */
  url: string;
  clock: SettableClock;
  configFile: string;
  dir: string;
  close(): Promise<void>;
}

/**
 * A console listening on 127.0.0.1:0 over a temp district (the 2021 scheme, three units unless `units`
 * is given as YAML list lines) and a fresh database holding one account per role.
 */
export async function startConsole(opts: { units?: string; web?: Partial<WebConfig>; clock?: SettableClock; listen?: boolean } = {}): Promise<ConsoleFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'zwgk-web-'));
  const configFile = join(dir, 'district.yaml');
  writeFileSync(configFile, `
district:
  name: 测试区
  period: { start: 2021-01-01, end: 2021-12-31 }
  scheme: ${SCHEME_2021}
  dataDir: ${join(dir, 'data')}
  operator: 配置录入员
units:${opts.units ?? DEFAULT_UNITS}`);
  mkdirSync(join(dir, 'data'));
  const clock = opts.clock ?? new SettableClock('2021-11-20T02:00:00Z');
  const app = openApp(configFile, clock);
  const accounts = new Accounts(app.db, new Set(app.loaded.config.units.map((u) => u.id)));
  const setup = { login: 'fixture', ip: null, now: clock.now() };
  for (const u of Object.values(USERS)) await accounts.add(setup, u.login, u.role, u.unitId, u.password);
  const server = buildConsole(app, { web: opts.web });
  let url = '';
  if (opts.listen ?? true) {
    await server.listen({ host: '127.0.0.1', port: 0 });
    const addr = server.server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  } else {
    await server.ready();
  }
  return {
    app, server, url, clock, configFile, dir,
    close: async () => {
      await server.close();
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium with the crawl's launch arguments. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

/** A fresh browser context (phone-sized when `width` is 375) logged in through the real login form. */
export async function loginInBrowser(browser: Browser, fx: ConsoleFixture, user: FixtureUser, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: width < 500 ? 740 : 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${fx.url}/login`);
  await page.fill('#login', user.login);
  await page.fill('#password', user.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
  return page;
}

export const ARTIFACTS = resolve(import.meta.dirname, '..', 'test-artifacts');

/** `document.scrollWidth <= innerWidth` (no horizontal scroll) plus a full-page screenshot kept as an artifact. */
export async function checkNoHorizontalScroll(page: Page, name: string): Promise<{ scrollWidth: number; innerWidth: number }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

/** Cookies as a `cookie` header, from `set-cookie` headers of inject responses (the jar is merged). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(setCookie: string | string[] | undefined): void {
    for (const c of [setCookie ?? []].flat()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** The `_csrf` value of the first form on a page. */
export function formToken(body: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(body);
  if (!m) throw new Error('no form token on the page');
  return m[1];
}

/** Logs in through `inject` (GET the form, POST it with its token); the jar then holds session and form cookies. */
export async function injectLogin(server: FastifyInstance, user: Pick<FixtureUser, 'login' | 'password'>, jar = new CookieJar()): Promise<{ jar: CookieJar; status: number; body: string }> {
  const form = await server.inject({ method: 'GET', url: '/login', headers: { cookie: jar.header() } });
  jar.take(form.headers['set-cookie']);
  const res = await server.inject({
    method: 'POST', url: '/login', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: formToken(form.body), login: user.login, password: user.password }).toString(),
  });
  jar.take(res.headers['set-cookie']);
  return { jar, status: res.statusCode, body: res.body };
}
