import type { FastifyInstance } from 'fastify';
import type { ConsoleContext } from '../context.js';
import { html } from '../html.js';
import { renderPage } from '../layout.js';
import { requireRole } from '../viewer.js';

/** The office board `/`; a unit account is sent to its own unit page. */
export function registerBoardRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  app.get('/', (req, reply) => {
    const viewer = requireRole(req, 'admin', 'inspector', 'unit');
    if (viewer.role === 'unit') return reply.redirect(`/units/${encodeURIComponent(viewer.unitId!)}`, 303);
    return reply.type('text/html; charset=utf-8').send(renderPage({
      title: `${ctx.app.loaded.config.district.name} 总览`, viewer, csrfToken: reply.generateCsrf(),
      body: html`<p class="card">共 ${ctx.app.loaded.config.units.length} 个单位。</p>`,
    }));
  });
}
