import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ConsoleContext } from '../context.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import { requireRole, type Viewer } from '../viewer.js';
import { ManualEntriesRepo } from '../../manual/entries-repo.js';
import { ManualEntryError, recordEntry } from '../../manual/record.js';
import { describeValue, type InputKind, type ManualValue } from '../../manual/values.js';
import { UNIT_TYPE_ZH } from '../../scheme/items.js';
import { manualEntryView, type ManualItemView } from '../../../reports/manual-entry-view.js';

interface EntryBody {
  itemNo?: string;
  action?: string;
  count?: string;
  met?: string | string[];
  points?: string;
  reason?: string;
  evidence?: string;
}

/** What the inspector typed, turned into an entry value; the scheme's rules are checked by `recordEntry` as for the CLI. */
function valueFromForm(input: InputKind, body: EntryBody): ManualValue | string {
  if (body.action === 'clear') return { cleared: true };
  if (input === 'count') {
    const s = (body.count ?? '').trim();
    return /^-?\d+$/.test(s) ? { count: Number(s) } : `请填写次数（不小于 0 的整数），收到「${s}」`;
  }
  if (input === 'met') return { met: [body.met ?? []].flat().map((s) => s.trim()).filter(Boolean) };
  const s = (body.points ?? '').trim();
  if (!/^-?\d+(\.\d+)?$/.test(s)) return `请填写得分（数字），收到「${s}」`;
  return { points: Number(s), reason: (body.reason ?? '').trim() };
}

interface Draft {
  itemNo: number;
  body: EntryBody;
  problems: string[];
}

function inputFields(item: ManualItemView, draft: Draft | undefined): SafeHtml {
  const body = draft?.body;
  const id = (name: string) => `item-${item.no}-${name}`;
  const current = item.current?.value;
  if (item.input === 'count') {
    const value = body?.count ?? (current && 'count' in current ? String(current.count) : '');
    return html`<label for="${id('count')}">${item.counts ?? '次数'}</label>
<input type="number" inputmode="numeric" min="0" step="1" id="${id('count')}" name="count" value="${value}" required>`;
  }
  if (item.input === 'met') {
    const checked = new Set(body ? [body.met ?? []].flat() : current && 'met' in current ? current.met : []);
    return html`<fieldset class="checks"><legend>达到的评分标准（都未达到时全部不勾选）</legend>
${item.choices.map((c) => html`<label><input type="checkbox" name="met" value="${c.id}"${checked.has(c.id) ? html` checked` : ''}> <span>${c.text}（${c.points} 分）</span></label>`)}
</fieldset>`;
  }
  const points = body?.points ?? (current && 'points' in current ? String(current.points) : '');
  const reason = body?.reason ?? (current && 'reason' in current ? current.reason : '');
  return html`<label for="${id('points')}">得分（0–${item.max ?? ''}，${item.step ?? 0.5} 分一档）</label>
<input type="number" inputmode="decimal" min="0" max="${item.max ?? ''}" step="${item.step ?? 0.5}" id="${id('points')}" name="points" value="${points}" required>
<label for="${id('reason')}">评议理由</label>
<textarea id="${id('reason')}" name="reason" required>${reason}</textarea>`;
}

function itemCard(unitId: string, item: ManualItemView, token: string, draft: Draft | undefined, saved: boolean): SafeHtml {
  const errors = draft?.problems ?? [];
  return html`<section class="card" id="item-${item.no}">
<h2>第${item.no}项 ${item.name}${item.max !== null ? html` <span class="muted">（${item.max} 分）</span>` : ''}</h2>
${item.criteria ? html`<p class="criteria">${item.criteria}</p>` : ''}
${item.steps.length ? html`<p class="muted">${item.steps.join('；')}</p>` : ''}
${item.method ? html`<p class="muted">考核方式：${item.method}</p>` : ''}
<p>当前：${item.current ? html`<strong>${item.current.text}</strong>${item.current.points ? `，${item.current.points}` : ''} <span class="muted">（${item.current.who}，${item.current.when}）</span>` : html`<span class="badge prov">待录入</span>`}
${saved ? html` <span class="ok" role="status">已保存</span>` : ''}</p>
<form method="post" action="/manual/${unitId}#item-${item.no}">
<input type="hidden" name="_csrf" value="${token}">
<input type="hidden" name="itemNo" value="${item.no}">
${inputFields(item, draft)}
${errors.length ? html`<div class="field-error" role="alert">${errors.map((e) => html`<p>${e}</p>`)}</div>` : ''}
<label for="item-${item.no}-evidence">印证资料或说明</label>
<textarea id="item-${item.no}-evidence" name="evidence">${draft?.body.evidence ?? ''}</textarea>
<p><button type="submit" name="action" value="save">保存</button>
${item.current ? html` <button type="submit" name="action" value="clear" class="secondary" formnovalidate>撤销录入</button>` : ''}</p>
</form>
${item.history.length ? html`<details><summary>录入记录（${item.history.length} 条）</summary><div class="table-wrap"><table class="stack">
<thead><tr><th>时间</th><th>录入人</th><th>变更</th><th>印证资料</th></tr></thead>
<tbody>${item.history.map((h) => html`<tr><td class="head">${h.when} <span class="muted">${h.source}</span></td><td data-label="录入人">${h.who}</td><td data-label="变更">${h.from ?? '（无）'} → ${h.to}</td><td data-label="印证资料">${h.evidence ?? ''}</td></tr>`)}</tbody>
</table></div></details>` : ''}
</section>`;
}

function unitPicker(ctx: ConsoleContext, current: string): SafeHtml {
  return html`<form method="get" action="/manual" class="card"><label for="unit-pick">切换单位</label>
<select id="unit-pick" name="unit">${ctx.app.loaded.config.units.map((u) => html`<option value="${u.id}"${u.id === current ? html` selected` : ''}>${u.name}</option>`)}</select>
<button type="submit" class="secondary">打开</button></form>`;
}

export function registerManualRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const { scheme, config } = ctx.app.loaded;
  const repo = new ManualEntriesRepo(ctx.app.db);
  const unitOr404 = (unitId: string) => config.units.find((u) => u.id === unitId);

  const page = (reply: FastifyReply, viewer: Viewer, unitId: string, draft?: Draft, saved?: number) => {
    const unit = unitOr404(unitId)!;
    const items = manualEntryView(scheme, unit, repo.history(scheme.id, unit.id));
    const token = reply.generateCsrf();
    const pending = items.filter((i) => !i.current).length;
    return reply.code(draft ? 400 : 200).type('text/html; charset=utf-8').send(renderPage({
      title: `人工录入：${unit.name}`, viewer, csrfToken: token,
      body: html`<p class="muted">${UNIT_TYPE_ZH[unit.type]} · 考核方案 ${scheme.title} · ${pending ? `${pending} 项待录入` : '已全部录入'}</p>
${unitPicker(ctx, unit.id)}
${items.map((i) => itemCard(unit.id, i, token, draft?.itemNo === i.no ? draft : undefined, saved === i.no))}`,
    }));
  };

  app.get<{ Querystring: { unit?: string } }>('/manual', (req, reply) => {
    requireRole(req, 'admin', 'inspector');
    const unit = unitOr404(String(req.query.unit ?? '')) ?? config.units[0];
    return reply.redirect(`/manual/${encodeURIComponent(unit.id)}`, 303);
  });

  app.get<{ Params: { unitId: string }; Querystring: { saved?: string } }>('/manual/:unitId', (req, reply) => {
    const viewer = requireRole(req, 'admin', 'inspector');
    if (!unitOr404(req.params.unitId)) return reply.callNotFound();
    return page(reply, viewer, req.params.unitId, undefined, Number(req.query.saved));
  });

  app.post<{ Params: { unitId: string }; Body: EntryBody }>('/manual/:unitId', (req, reply) => {
    const viewer = requireRole(req, 'admin', 'inspector');
    const unit = unitOr404(req.params.unitId);
    if (!unit) return reply.callNotFound();
    const body = req.body ?? {};
    const itemNo = Number(body.itemNo);
    const item = manualEntryView(scheme, unit, []).find((i) => i.no === itemNo);
    if (!item) return reply.code(400).type('text/html; charset=utf-8').send(renderPage({ title: '无法保存', viewer, body: html`<p class="card error">${unit.name}没有需要人工录入的第${String(body.itemNo ?? '')}项</p>` }));
    const value = valueFromForm(item.input, body);
    if (typeof value === 'string') return page(reply, viewer, unit.id, { itemNo, body, problems: [value] });
    try {
      ctx.app.db.transaction(() => {
        const entry = recordEntry(
          { scheme, units: config.units, repo, who: viewer.login, now: ctx.app.clock.now(), source: 'web' },
          { unitId: unit.id, itemNo, value, evidence: body.evidence ?? null },
        );
        ctx.accounts.log(ctx.actor(req), 'manual-entry', `${unit.id} 第${itemNo}项`, `${describeValue(entry.value)}（记录 #${entry.id}）`);
      })();
    } catch (err) {
      if (err instanceof ManualEntryError) return page(reply, viewer, unit.id, { itemNo, body, problems: err.problems });
      throw err;
    }
    return reply.redirect(`/manual/${encodeURIComponent(unit.id)}?saved=${itemNo}#item-${itemNo}`, 303);
  });
}
