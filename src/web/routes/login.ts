import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../context.js';
import { html } from '../html.js';
import { renderPage } from '../layout.js';
import { SESSION_COOKIE, isHttps, sessionIdHash } from '../session.js';
import { shanghaiDateTime } from '../../time/dates.js';

interface LoginBody {
  login?: string;
  password?: string;
  next?: string;
}

/** Only a path on this console (not `//host`), so a login link cannot send anyone elsewhere. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}

function loginForm(reply: FastifyReply, next: string, error: string | null, login = ''): string {
  const token = reply.generateCsrf();
  return renderPage({
    title: '登录', viewer: null,
    body: html`<form method="post" action="/login" class="card login">
<input type="hidden" name="_csrf" value="${token}">
<input type="hidden" name="next" value="${next}">
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<label for="login">账号</label><input type="text" id="login" name="login" value="${login}" autocomplete="username" required>
<label for="password">密码</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<p><button type="submit">登录</button></p>
</form>`,
  });
}

export function registerLoginRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: isHttps(ctx.web) };

  app.get<{ Querystring: { next?: string } }>('/login', (req, reply) =>
    reply.type('text/html; charset=utf-8').send(loginForm(reply, safeNext(req.query.next), null)));

  app.post<{ Body: LoginBody }>('/login', {
    config: { rateLimit: { max: ctx.web.loginRatePerMinute, timeWindow: 60_000 } },
  }, async (req, reply) => {
    const login = String(req.body?.login ?? '').trim();
    const password = String(req.body?.password ?? '');
    const next = safeNext(req.body?.next);
    const actor = { ...ctx.actor(req), login };
    const result = await ctx.accounts.login(actor, password, ctx.web);
    if (!result.ok) {
      const error = result.lockedUntil
        ? `连续输错密码次数过多，账号已锁定至 ${shanghaiDateTime(new Date(result.lockedUntil))}，请稍后再试或联系管理员`
        : '账号或密码错误';
      return reply.code(401).type('text/html; charset=utf-8').send(loginForm(reply, next, error, login));
    }
    const id = randomBytes(32).toString('base64url');
    const now = ctx.app.clock.now();
    const old = req.cookies[SESSION_COOKIE];
    ctx.accounts.repo.startSession({
      idHash: sessionIdHash(id), userId: result.user.id, createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ctx.web.sessionHours * 3_600_000).toISOString(), ip: req.ip ?? null,
      replaces: old ? sessionIdHash(old) : undefined,
    });
    reply.setCookie(SESSION_COOKIE, id, { ...cookieOpts, maxAge: Math.round(ctx.web.sessionHours * 3600) });
    return reply.redirect(next, 303);
  });

  app.get('/logout', (req: FastifyRequest, reply) => {
    if (!req.viewer) return reply.redirect('/login', 303);
    const token = reply.generateCsrf();
    return reply.type('text/html; charset=utf-8').send(renderPage({
      title: '退出登录', viewer: req.viewer, csrfToken: token,
      body: html`<form method="post" action="/logout" class="card"><input type="hidden" name="_csrf" value="${token}"><button type="submit">确认退出</button></form>`,
    }));
  });

  app.post('/logout', (req, reply) => {
    const id = req.cookies[SESSION_COOKIE];
    if (id) ctx.accounts.repo.endSession(sessionIdHash(id));
    if (req.viewer) ctx.accounts.log(ctx.actor(req), 'logout', req.viewer.login, null);
    reply.clearCookie(SESSION_COOKIE, cookieOpts);
    return reply.redirect('/login', 303);
  });
}
