import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../context.js';
import { renderPage } from '../layout.js';
import { requireRole, requireUnitAccess } from '../viewer.js';
import { unitPageData } from '../../findings/unit-page-data.js';
import { unitFixes } from '../../findings/unit-fixes.js';
import { shanghaiDate } from '../../time/dates.js';
import { requestRecheck } from '../../findings/request-recheck.js';
import type { FindingStatus } from '../../findings/transitions.js';
import { FindingsRepo } from '../../store/findings-repo.js';
import { LEDGER_STATUSES, ledgerCsv, ledgerXlsx } from '../../../reports/ledger-export.js';
import { unitPageBody } from '../pages/unit-page.js';
import { ledgerBody, type LedgerQuery } from '../pages/ledger-page.js';

/** The unit page, its "我已整改，申请复查" button, and the 整改台账 with its exports. */
export function registerFindingsRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const units = () => ctx.app.loaded.config.units;

  app.get<{ Params: { unitId: string }; Querystring: { queued?: string } }>('/units/:unitId', (req, reply) => {
    const viewer = requireUnitAccess(req, req.params.unitId);
    // One scoring of the district serves every unit page until the stored facts change.
    const asOf = shanghaiDate(ctx.app.clock.now());
    const all = ctx.scored.get(`unit-fixes:${asOf}`, () => unitFixes(ctx.app, asOf, units().map((u) => u.id)));
    const data = unitPageData(ctx.app, req.params.unitId, asOf, all.get(req.params.unitId));
    if (!data) return reply.callNotFound();
    const pending = data.recheck && (data.recheck.recheck.status === 'queued' || data.recheck.recheck.status === 'running');
    const notice = !pending ? null : req.query.queued === 'merged' ? '本单位的复查申请已在排队，本次申请已合并。'
      : req.query.queued === '1' ? '已收到复查申请，正在排队复查。' : null;
    return reply.type('text/html; charset=utf-8').send(renderPage({
      title: data.unit.name, viewer, csrfToken: reply.generateCsrf(),
      body: unitPageBody(data, { canRequest: viewer.role !== 'inspector', csrfToken: reply.generateCsrf(), notice }),
    }));
  });

  app.post<{ Params: { unitId: string } }>('/units/:unitId/recheck', (req, reply) => {
    const viewer = requireUnitAccess(req, req.params.unitId);
    requireRole(req, 'admin', 'unit');
    if (!units().some((u) => u.id === req.params.unitId)) return reply.callNotFound();
    const r = requestRecheck(ctx.app, req.params.unitId, viewer);
    const actor = ctx.actor(req);
    ctx.accounts.audit.add({
      at: actor.now.toISOString(), actor: actor.login, action: 'recheck-request', target: req.params.unitId, ip: actor.ip,
      detail: `复查申请第 ${r.recheck.id} 号${r.merged ? '（合并到已排队的申请）' : ''}，待复查问题 ${r.findings} 个`,
    });
    return reply.redirect(`/units/${encodeURIComponent(req.params.unitId)}?queued=${r.merged ? 'merged' : '1'}#recheck`, 303);
  });

  /** Filters as given, a unit account held to its own unit. */
  const ledgerQuery = (req: FastifyRequest<{ Querystring: LedgerQuery }>) => {
    const viewer = requireRole(req, 'admin', 'inspector', 'unit');
    const q: LedgerQuery = { unit: req.query.unit || undefined, status: req.query.status || undefined };
    if (viewer.role === 'unit') q.unit = viewer.unitId ?? '';
    if (q.status && !LEDGER_STATUSES.includes(q.status as FindingStatus)) q.status = undefined;
    if (q.unit && !units().some((u) => u.id === q.unit)) q.unit = undefined;
    const rows = new FindingsRepo(ctx.app.db).list({ unitId: q.unit, status: q.status as FindingStatus | undefined });
    return { viewer, q, rows };
  };
  const unitName = (id: string) => units().find((u) => u.id === id)?.name ?? id;

  app.get<{ Querystring: LedgerQuery }>('/ledger', (req, reply) => {
    const { viewer, q, rows } = ledgerQuery(req);
    return reply.type('text/html; charset=utf-8').send(renderPage({
      title: '整改台账', viewer, csrfToken: reply.generateCsrf(),
      body: ledgerBody(rows, q, units(), viewer.role === 'unit'),
    }));
  });
  app.get<{ Querystring: LedgerQuery }>('/ledger.csv', (req, reply) => {
    const { rows } = ledgerQuery(req);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="ledger.csv"`).send(ledgerCsv(rows, unitName));
  });
  app.get<{ Querystring: LedgerQuery }>('/ledger.xlsx', async (req, reply) => {
    const { rows } = ledgerQuery(req);
    const file = await ledgerXlsx(rows, unitName, `${ctx.app.loaded.config.district.name}政务公开整改台账`);
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="ledger.xlsx"`).send(file);
  });
}
