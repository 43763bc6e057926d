import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import type { App } from '../app.js';
import { webSchema, type WebConfig } from '../config/web-schema.js';
import { Accounts } from '../accounts/accounts.js';
import type { ConsoleContext } from './context.js';
import { ScoredCache } from './scored-cache.js';
import { AccessError } from './viewer.js';
import { renderPage } from './layout.js';
import { SESSION_COOKIE, isHttps, sessionIdHash } from './session.js';
import { html } from './html.js';
import { registerStaticRoutes } from './routes/static.js';
import { registerLoginRoutes } from './routes/login.js';
import { boardData, registerBoardRoutes } from './routes/board.js';
import { registerManualRoutes } from './routes/manual.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerFindingsRoutes } from './routes/findings.js';
import { registerEvidenceRoutes } from './routes/evidence.js';

/** Every route module of the console, in one place. */
const ROUTES: ((app: FastifyInstance, ctx: ConsoleContext) => void)[] = [
  registerStaticRoutes,
  registerLoginRoutes,
  registerBoardRoutes,
  registerManualRoutes,
  registerAdminRoutes,
  registerFindingsRoutes,
  registerEvidenceRoutes,
];

export interface ConsoleOptions {
  /** Overrides the config's `web:` block (defaults when the config has none). */
  web?: Partial<WebConfig>;
  logger?: boolean;
}

/** The console as a Fastify instance (not listening): `inject` for tests, `listen` for `zwgk serve`. */
export function buildConsole(app: App, opts: ConsoleOptions = {}): FastifyInstance {
  const web = webSchema.parse({ ...app.loaded.config.web, ...opts.web });
  const server = Fastify({ logger: opts.logger ?? false, trustProxy: web.trustProxy, bodyLimit: 256 * 1024 });
  const accounts = new Accounts(app.db, new Set(app.loaded.config.units.map((u) => u.id)));
  const ctx: ConsoleContext = {
    app, web, accounts, scored: new ScoredCache(app),
    actor: (req) => ({ login: req.viewer?.login ?? 'anonymous', ip: req.ip ?? null, now: app.clock.now() }),
  };
  const https = isHttps(web);

  server.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"], connectSrc: ["'self'"], objectSrc: ["'none'"], baseUri: ["'none'"],
        formAction: ["'self'"], frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // An intranet console is often plain http; HSTS only when it is served over https.
    strictTransportSecurity: https ? undefined : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  server.register(formbody);
  server.register(cookie);
  server.register(csrf, { cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure: https } });
  server.register(rateLimit, { global: false });

  server.decorateRequest('viewer', null);
  server.addHook('onRequest', async (req) => {
    req.viewer = null;
    const id = req.cookies?.[SESSION_COOKIE];
    if (!id) return;
    const user = accounts.repo.sessionUser(sessionIdHash(id), app.clock.now().toISOString());
    if (user) req.viewer = { userId: user.id, login: user.login, role: user.role, unitId: user.unitId };
  });
  // Every state-changing request carries the form token (login included).
  server.addHook('preHandler', (req, reply, done) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return done();
    server.csrfProtection(req, reply, done);
  });
  server.setErrorHandler((err, req, reply) => errorPage(err as Error & { statusCode?: number; code?: string }, req, reply));
  server.setNotFoundHandler((req, reply) => reply.code(404).type('text/html; charset=utf-8')
    .send(renderPage({ title: '页面不存在', viewer: req.viewer, body: html`<p class="card">没有这个页面。<a href="/">返回首页</a></p>` })));

  // Once listening, score the board right away and again each minute after the facts changed (the nightly
  // run), so visitors do not wait for it.
  const warm = () => {
    try {
      boardData(ctx);
    } catch (err) {
      server.log.error(err);
    }
  };
  let warmer: NodeJS.Timeout | undefined;
  server.addHook('onListen', (done) => {
    setImmediate(warm);
    warmer = setInterval(warm, 60_000).unref();
    done();
  });
  server.addHook('onClose', (_instance, done) => {
    clearInterval(warmer);
    done();
  });

  server.register(async (scope) => {
    for (const register of ROUTES) register(scope, ctx);
  });
  return server;
}

function errorPage(err: Error & { statusCode?: number; code?: string }, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof AccessError && err.statusCode === 401 && req.method === 'GET') {
    return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
  }
  const status = err instanceof AccessError ? err.statusCode
    : err.code?.startsWith('FST_CSRF') ? 403
      : err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  const message = err instanceof AccessError ? err.message
    : status === 403 ? '表单已过期或来源无法确认（CSRF 校验未通过），请刷新页面后重试'
      : status === 429 ? '尝试过于频繁，请稍后再试'
        : status < 500 ? '请求无效' : '服务器内部错误，请联系管理员';
  if (status >= 500) req.log.error(err);
  return reply.code(status).type('text/html; charset=utf-8')
    .send(renderPage({ title: status === 403 ? '无权访问' : '出错了', viewer: req.viewer, body: html`<p class="card error">${message}</p>` }));
}
