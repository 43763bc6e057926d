import { availabilityCell, brokenShareCell } from '../../../reports/site-facts.js';
import type { FastifyInstance } from 'fastify';
import type { ConsoleContext } from '../context.js';
import { html, jsonBlock, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import { requireRole, requireUnitAccess } from '../viewer.js';
import { automatedItemNo, consoleAsOf, outboxState, periodTrend, scoredBoard, type OfficeBoard } from '../../../reports/office-board.js';
import { fmt, fmtChange } from '../../../reports/format.js';
import { automatedLabel, rankMove, totalLabel } from '../../../reports/ranking.js';
import type { RankingRow } from '../../../reports/office-summary.js';
import { shanghaiDateTime } from '../../time/dates.js';

const OUTBOX_ZH: Record<string, string> = { pending: '待发送', sending: '发送中', sent: '已发送', uncertain: '发送结果不明', failed: '发送失败' };
const RUN_ZH: Record<string, string> = { running: '进行中', done: '已完成', finished: '已完成', failed: '失败', interrupted: '中断' };

function unitCells(r: RankingRow): SafeHtml {
  return html`<td class="num" data-label="否决">${r.vetoes ? html`<span class="badge veto">${r.vetoes}</span>` : '0'}</td>
<td class="num" data-label="待整改">${r.fixes}</td>
<td data-label="人工录入"><a href="/manual/${r.id}">录入</a></td>`;
}

/** The shared ranking (reports/ranking.ts): final totals ranked apart from provisional ones, item 9 on its own meanwhile. */
function ranking(b: OfficeBoard): SafeHtml {
  const r = b.summary.ranking;
  const head = (cols: string[]) => html`<thead><tr>${cols.map((c) => html`<th>${c}</th>`)}</tr></thead>`;
  const final = html`<section><h2>总分排名（已定分）</h2>
<p class="muted">只比较人工评分项已全部录入的单位。</p>
${r.final.length === 0 ? html`<p class="card muted">还没有单位的总分已确定（人工评分项尚未全部录入）。</p>` : html`<div class="table-wrap"><table class="stack">${head(['名次 单位', '总分', '较上周', r.automatedName, '否决', '待整改', '操作'])}
<tbody>${r.final.map((u) => html`<tr>
<td class="head"><a href="/units/${u.id}">第 ${u.rank ?? '—'} 名 ${u.name}</a></td>
<td data-label="总分">${totalLabel(u)} <span class="badge final">已定分</span></td>
<td data-label="较上周">${changeText(u.change.total, u.change.isNew)}，名次 ${rankMove(u.change, 'rank')}</td>
<td data-label="${r.automatedName}">${automatedLabel(u)}</td>
${unitCells(u)}</tr>`)}</tbody></table></div>`}</section>`;
  const automated = r.automated ? html`<section><h2>${r.automatedName}排名（自动计分，满分 ${fmt(r.automatedMax)}）</h2>
<p class="muted">人工评分项未录完时按本项单独排名；暂定总分不参与总分排名。</p>
<div class="table-wrap"><table class="stack">${head(['名次 单位', r.automatedName, '较上周', '总分', '否决', '待整改', '操作'])}
<tbody>${r.automated.map((u) => html`<tr>
<td class="head"><a href="/units/${u.id}">${u.automatedRank === null ? '未排名' : `第 ${u.automatedRank} 名`} ${u.name}</a></td>
<td data-label="${r.automatedName}">${automatedLabel(u)}</td>
<td data-label="较上周">${changeText(u.change.automated, u.change.isNew)}，名次 ${rankMove(u.change, 'automatedRank')}</td>
<td data-label="总分">${totalLabel(u)} ${u.provisional ? html`<span class="badge prov">暂定</span>` : html`<span class="badge final">已定分</span>`}</td>
${unitCells(u)}</tr>`)}</tbody></table></div></section>` : '';
  return html`${final}${automated}`;
}

function changeText(n: number | null, isNew: boolean): string {
  return isNew ? '新增' : fmtChange(n);
}

function vetoBoard(b: OfficeBoard): SafeHtml {
  const units = b.summary.vetoUnits;
  return html`<section><h2>单项否决预警</h2>
${units.length === 0 ? html`<p class="card ok">没有单位触发单项否决。</p>` : units.map((u) => html`<div class="card"><h3><a href="/units/${u.id}">${u.name}</a></h3>
<ul>${u.vetoes.map((v) => html`<li><span class="badge veto">${v.label}</span> ${v.detail}</li>`)}</ul></div>`)}</section>`;
}

function manualProgress(b: OfficeBoard): SafeHtml {
  const m = b.manual;
  const incomplete = m.units.filter((u) => u.entered < u.required).length;
  return html`<section><h2>人工录入进度</h2>
<p class="muted">${incomplete ? `${incomplete} 个单位尚有待录入项` : '全部单位已录齐'}（✓ 已录入，○ 待录入，— 不适用）</p>
<div class="table-wrap"><table class="matrix"><thead><tr><th>单位</th><th class="num">已录</th>${m.items.map((i) => html`<th class="num" title="${i.name}">第${i.no}项</th>`)}</tr></thead>
<tbody>${m.units.map((u) => html`<tr><td><a href="/manual/${u.id}">${u.name}</a></td><td class="num">${u.entered}/${u.required}</td>
${u.cells.map((c) => html`<td class="num ${c.state === 'todo' ? 'warn' : c.state === 'done' ? 'ok' : 'muted'}">${c.state === 'done' ? '✓' : c.state === 'todo' ? '○' : '—'}</td>`)}</tr>`)}</tbody></table></div></section>`;
}

function crawlHealth(b: OfficeBoard): SafeHtml {
  const h = b.summary.health;
  const run = h.lastRun;
  return html`<section><h2>检查情况</h2><div class="card">
<p>${run ? html`最近一次全区检查：${run.asOf}，${RUN_ZH[run.status] ?? run.status}，完成 ${run.unitsDone} 个单位（开始 ${shanghaiDateTime(new Date(run.startedAt))}${run.finishedAt ? `，结束 ${shanghaiDateTime(new Date(run.finishedAt))}` : ''}）` : '尚未进行过全区检查'}</p>
<p>${h.unitCount} 个单位，${h.columnCount} 个栏目；${h.unchecked.length ? `${h.unchecked.length} 个栏目本次无法检查（不扣分）` : '全部栏目均已检查'}。</p>
${h.unitsWithoutData.length ? html`<p class="warn">尚无检查数据的单位：${h.unitsWithoutData.join('、')}</p>` : ''}
</div>
${h.unchecked.length ? html`<div class="table-wrap"><table class="stack"><thead><tr><th>单位</th><th>栏目</th><th>情况</th><th>原因</th></tr></thead>
<tbody>${h.unchecked.map((u) => html`<tr><td class="head">${u.unit}</td><td data-label="栏目">${u.column}</td><td data-label="情况">${u.status}</td><td data-label="原因">${u.reason}</td></tr>`)}</tbody></table></div>` : ''}
${siteTable(b)}
</section>`;
}

/** Per unit: the latest census's broken-link share (vs the census before) and availability (probe failure share, up/down). */
function siteTable(b: OfficeBoard): SafeHtml {
  const rows = b.summary.sites;
  if (!rows.length) return html``;
  return html`<div class="table-wrap" id="site-health"><table class="stack"><thead><tr><th>单位</th><th>失效链接比例（最近一次普查）</th><th>可访问性（近 ${rows[0].site.windowDays} 天探测失败比例 / 当前）</th></tr></thead>
<tbody>${rows.map((u) => html`<tr><td class="head"><a href="/units/${u.id}">${u.name}</a></td><td data-label="失效链接">${brokenShareCell(u.site.census)}${u.site.census ? html` <span class="muted">${u.site.census.day}</span>` : ''}</td>
<td data-label="可访问性" class="${u.site.availability?.state === 'down' ? 'warn' : ''}">${availabilityCell(u.site.availability)}</td></tr>`)}</tbody></table></div>`;
}

function outbox(b: OfficeBoard): SafeHtml {
  const { counts, problems } = b.outbox;
  return html`<section><h2>邮件发送</h2><div class="card"><p>${Object.entries(counts).map(([k, n]) => html`<span class="badge">${OUTBOX_ZH[k] ?? k} ${n}</span> `)}</p>
${problems.length ? html`<ul>${problems.map((p) => html`<li><span class="badge veto">${OUTBOX_ZH[p.status]}</span> ${p.subject} <span class="muted">${p.lastError ?? ''}</span></li>`)}</ul>` : ''}</div></section>`;
}

function trends(b: OfficeBoard): SafeHtml {
  return html`<section><h2>趋势（${b.trend.label}，每周一点）</h2>
<div class="grid">${(b.summary.ranking.automated ?? b.summary.ranking.final).map((r) => html`<div class="card"><h3>${r.name}</h3><div class="chart" data-trend-unit="${r.id}" role="img" aria-label="${r.name}${b.trend.label}趋势"></div></div>`)}</div>
${jsonBlock('trend-data', b.trend)}</section>`;
}

/** The board's data: the scored part once per version of the facts, the outbox as it is now. */
export function boardData(ctx: ConsoleContext): OfficeBoard {
  const asOf = consoleAsOf(ctx.app);
  return {
    ...ctx.scored.get(`board:${asOf}`, () => scoredBoard(ctx.app, asOf)),
    trend: ctx.scored.get(`trend:${asOf}`, () => periodTrend(ctx.app, asOf, automatedItemNo(ctx.app)), { manual: false }),
    outbox: outboxState(ctx.app),
  };
}

/** The office board `/`; a unit account is sent to its own unit page. */
export function registerBoardRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  app.get('/', (req, reply) => {
    const viewer = requireRole(req, 'admin', 'inspector', 'unit');
    if (viewer.role === 'unit') return reply.redirect(`/units/${encodeURIComponent(viewer.unitId!)}`, 303);
    const b = boardData(ctx);
    return reply.type('text/html; charset=utf-8').send(renderPage({
      title: `${b.summary.district}政务公开总览`, viewer, csrfToken: reply.generateCsrf(), scripts: ['echarts.min.js', 'board.js'],
      body: html`<p class="muted">截至 ${b.asOf} · ${b.summary.schemeTitle} · 考核期 ${b.summary.period.start} 至 ${b.summary.period.end}</p>
${vetoBoard(b)}${ranking(b)}${manualProgress(b)}${crawlHealth(b)}${outbox(b)}${trends(b)}`,
    }));
  });

  /** The board's data for the office's own tools; never for unit accounts. */
  app.get('/board.json', (req, reply) => {
    requireRole(req, 'admin', 'inspector');
    return reply.send(boardData(ctx));
  });

  /** One unit's weekly item-9 trend over the period (its own unit for a unit account). */
  app.get<{ Params: { unitId: string } }>('/units/:unitId/trend.json', (req, reply) => {
    requireUnitAccess(req, req.params.unitId);
    if (!ctx.app.loaded.config.units.some((u) => u.id === req.params.unitId)) return reply.callNotFound();
    const t = boardData(ctx).trend;
    return reply.send({ dates: t.dates, label: t.label, max: t.max, points: t.units[req.params.unitId] });
  });
}
