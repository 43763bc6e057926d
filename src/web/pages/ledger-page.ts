import { html, type SafeHtml } from '../html.js';
import type { LedgerFinding } from '../../store/findings-repo.js';
import { LEDGER_STATUSES, STATUS_ZH } from '../../../reports/ledger-export.js';
import { statusBadge } from './unit-page.js';

export interface LedgerQuery {
  unit?: string;
  status?: string;
}

/** The query string of the current filters (for the export links). */
export function ledgerQueryString(q: LedgerQuery): string {
  const p = new URLSearchParams();
  if (q.unit) p.set('unit', q.unit);
  if (q.status) p.set('status', q.status);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The 整改台账: filters (unit, status incl. 逾期), exports, then one card per finding (one column on a phone). */
export function ledgerBody(rows: LedgerFinding[], q: LedgerQuery, units: { id: string; name: string }[], unitLocked: boolean): SafeHtml {
  const name = (id: string) => units.find((u) => u.id === id)?.name ?? id;
  const counts = LEDGER_STATUSES.map((s) => `${STATUS_ZH[s]} ${rows.filter((r) => r.status === s).length}`).join(' · ');
  return html`<form method="get" action="/ledger" class="card filters">
${unitLocked ? '' : html`<div><label for="f-unit">单位</label><select id="f-unit" name="unit"><option value="">全部单位</option>
${units.map((u) => html`<option value="${u.id}"${q.unit === u.id ? html` selected` : ''}>${u.name}</option>`)}</select></div>`}
<div><label for="f-status">状态</label><select id="f-status" name="status"><option value="">全部状态</option>
${LEDGER_STATUSES.map((s) => html`<option value="${s}"${q.status === s ? html` selected` : ''}>${STATUS_ZH[s]}</option>`)}</select></div>
<button type="submit">筛选</button>
</form>
<p class="muted">共 ${rows.length} 条（${counts}）。导出：<a href="/ledger.xlsx${ledgerQueryString(q)}">Excel</a> · <a href="/ledger.csv${ledgerQueryString(q)}">CSV</a></p>
<ul class="plain" id="ledger">${rows.map((f) => html`<li class="card">
<div>${statusBadge(f)} <strong>${name(f.unitId)}</strong> · ${f.subjectName}</div>
<p>${f.text}</p>
<div class="meta">${f.openedOn} 发现${f.deadline ? ` · 期限 ${f.deadline}` : ''}${f.recheckRequestedBy ? ` · ${f.recheckRequestedBy} 申请复查` : ''}${f.fixedOn ? ` · ${f.fixedOn} 整改` : ''}${f.reopened ? ` · 再次出现 ${f.reopened} 次` : ''}
${f.lastEvidence ? html` · <a href="/evidence/${f.lastEvidence}">证据</a>` : ''}${f.fixedEvidence && f.openedEvidence && f.fixedEvidence !== f.openedEvidence ? html` · <a href="/evidence/${f.fixedEvidence}?before=${f.openedEvidence}">前后对比</a>` : ''}</div>
</li>`)}</ul>`;
}
