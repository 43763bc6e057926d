import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../context.js';
import { html } from '../html.js';
import { renderPage } from '../layout.js';
import { AccessError, requireRole } from '../viewer.js';
import { evidenceScreenshot, evidenceView } from '../../findings/evidence-view.js';
import { evidenceBelongsTo } from '../../store/evidence-info.js';
import { EVIDENCE_BODY_CSP, evidenceBody } from '../pages/evidence-page.js';

const SHA256 = /^[0-9a-f]{64}$/;

/** A viewer who may open this evidence: admins and inspectors any, a unit account only its own unit's (403). */
function requireEvidenceAccess(req: FastifyRequest, ctx: ConsoleContext, hash: string): void {
  const viewer = requireRole(req, 'admin', 'inspector', 'unit');
  if (viewer.role === 'unit' && !evidenceBelongsTo(ctx.app.db, viewer.unitId ?? '', hash)) {
    throw new AccessError(403, '单位账号只能查看本单位的检查证据');
  }
}

/** The evidence viewer: `/evidence/:sha256` (banner + sandboxed frame; `?before=` for a recheck's before/after) and the body alone. */
export function registerEvidenceRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  app.get<{ Params: { sha256: string }; Querystring: { before?: string; unit?: string } }>('/evidence/:sha256', (req, reply) => {
    const hash = req.params.sha256.toLowerCase();
    const before = req.query.before?.toLowerCase();
    if (!SHA256.test(hash) || (before !== undefined && !SHA256.test(before))) {
      return reply.code(400).type('text/html; charset=utf-8')
        .send(renderPage({ title: '证据编号无效', viewer: req.viewer, body: html`<p class="card error">证据编号应为 64 位十六进制的 sha256 值。</p>` }));
    }
    requireEvidenceAccess(req, ctx, hash);
    if (before) requireEvidenceAccess(req, ctx, before);
    const after = evidenceView(ctx.app.db, hash);
    const prior = before ? evidenceView(ctx.app.db, before) : undefined;
    if (!after || (before && !prior)) {
      return reply.code(404).type('text/html; charset=utf-8').send(renderPage({
        title: '证据不存在', viewer: req.viewer, csrfToken: reply.generateCsrf(),
        body: html`<p class="card">没有找到这份存档（可能已按保留期限清理）：${after ? before : hash}</p>`,
      }));
    }
    return reply.type('text/html; charset=utf-8').send(renderPage({
      title: prior ? '整改前后对比' : '检查证据', viewer: req.viewer, csrfToken: reply.generateCsrf(), body: evidenceBody(after, prior),
    }));
  });

  app.get<{ Params: { sha256: string } }>('/evidence/:sha256/screenshot', (req, reply) => {
    const hash = req.params.sha256.toLowerCase();
    if (!SHA256.test(hash)) return reply.code(400).type('text/plain; charset=utf-8').send('证据编号无效');
    requireEvidenceAccess(req, ctx, hash);
    const shot = evidenceScreenshot(ctx.app.db, hash);
    if (!shot) return reply.code(404).type('text/plain; charset=utf-8').send('这份存档没有截图');
    return reply.header('cache-control', 'private, no-store').type('image/jpeg').send(shot);
  });

  app.get<{ Params: { sha256: string } }>('/evidence/:sha256/body', (req, reply) => {
    const hash = req.params.sha256.toLowerCase();
    if (!SHA256.test(hash)) return reply.code(400).type('text/plain; charset=utf-8').send('证据编号无效');
    requireEvidenceAccess(req, ctx, hash);
    const view = evidenceView(ctx.app.db, hash);
    if (!view) return reply.code(404).type('text/plain; charset=utf-8').send('没有找到这份存档');
    const htmlLike = !view.info.contentType || /html|xml/i.test(view.info.contentType);
    return reply
      .header('content-security-policy', EVIDENCE_BODY_CSP)
      .header('x-frame-options', 'SAMEORIGIN')
      .header('cache-control', 'private, no-store')
      .type(htmlLike ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8')
      .send(view.text);
  });
}
