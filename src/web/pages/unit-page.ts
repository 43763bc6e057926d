import { html, type SafeHtml } from '../html.js';
import type { UnitPageData } from '../../findings/unit-page-data.js';
import type { LedgerFinding } from '../../store/findings-repo.js';
import type { RecheckOutcome } from '../../store/rechecks-repo.js';
import { shanghaiDateTime } from '../../time/dates.js';
import { STATUS_ZH } from '../../../reports/ledger-export.js';
import type { FixItem } from '../../../reports/fix-list.js';
import { contentFindingLine } from '../../../reports/content-findings.js';
import { availabilityLine, brokenLinkText, brokenShareLine, moreBrokenText } from '../../../reports/site-facts.js';
import { safeHref } from '../../../reports/templates/html.js';

const OUTCOME_ZH: Record<RecheckOutcome, string> = { fixed: '已整改', 'still-failing': '仍未整改', 'not-checked': '本次未能检查（下次检查时再判断）' };
const RECHECK_STATUS_ZH = { queued: '排队等待复查', running: '正在复查', done: '复查完成', failed: '复查失败' } as const;

function evidenceLink(hash: string | null, label: string, before?: string | null): SafeHtml | string {
  if (!hash) return '';
  return html`<a href="/evidence/${hash}${before ? `?before=${before}` : ''}">${label}</a>`;
}

export function statusBadge(f: LedgerFinding): SafeHtml {
  return html`<span class="badge ${f.status}">${STATUS_ZH[f.status]}</span>`;
}

function fixCard(fix: FixItem, finding: LedgerFinding | undefined): SafeHtml {
  const veto = fix.veto ? html`<span class="badge veto">${fix.veto.triggered ? '已触发单项否决' : '否决风险'}：${fix.veto.label}</span> ` : '';
  return html`<li class="card fix${fix.veto ? ' veto' : ''}">
<div>${veto}${finding ? statusBadge(finding) : ''}</div>
<p>${fix.problem}</p>
<p><strong>怎么做：</strong>${fix.action}</p>
<div class="meta"><span>整改期限 ${fix.deadline}（${fix.deadlineNote}）</span>
<span>可挽回 ${fix.recoverable} 分</span>${fix.lost > 0 ? html`<span>已失 ${fix.lost} 分</span>` : ''}
${finding ? html`<span>${finding.openedOn} 发现</span>` : ''}</div>
<div class="meta">${fix.url ? html`<a href="${fix.url}" rel="noopener noreferrer">打开${fix.column ? '栏目' : '页面'}</a>` : ''}
${evidenceLink(fix.evidence?.sha256 ?? finding?.lastEvidence ?? null, '查看检查证据')}</div>
</li>`;
}

function recheckSection(d: UnitPageData, canRequest: boolean, csrfToken: string, notice: string | null): SafeHtml {
  const r = d.recheck;
  const pending = r && (r.recheck.status === 'queued' || r.recheck.status === 'running');
  const form = canRequest ? html`<form method="post" action="/units/${d.unit.id}/recheck" class="recheck-form">
<input type="hidden" name="_csrf" value="${csrfToken}">
<button type="submit" id="request-recheck">我已整改，申请复查</button>
<p class="muted">复查会重新检查本单位的全部栏目，结果在几分钟内显示在这里${pending ? '；已在排队的申请会合并' : ''}。</p>
</form>` : '';
  const outcome = r ? html`<p id="recheck-status"><strong>${RECHECK_STATUS_ZH[r.recheck.status]}</strong>
（${r.recheck.requestedBy} 于 ${shanghaiDateTime(new Date(r.recheck.requestedAt))} 申请${r.recheck.requests > 1 ? `，合并 ${r.recheck.requests} 次申请` : ''}
${r.recheck.finishedAt ? `，${shanghaiDateTime(new Date(r.recheck.finishedAt))} 完成` : ''}）${r.recheck.error ? `：${r.recheck.error}` : ''}</p>
${r.findings.length > 0 && r.recheck.status === 'done' ? html`<ul class="plain" id="recheck-outcomes">${r.findings.map((f) => html`<li class="outcome-${f.outcome ?? 'pending'}">
<span class="badge ${f.outcome === 'fixed' ? 'fixed' : f.outcome === 'still-failing' ? 'overdue' : ''}">${f.outcome ? OUTCOME_ZH[f.outcome] : '待定'}</span>
${f.finding?.text ?? ''} ${evidenceLink(f.afterEvidence, f.outcome === 'fixed' ? '查看整改后证据' : '查看最新证据')}
${f.afterEvidence && f.beforeEvidence && f.afterEvidence !== f.beforeEvidence ? html` · ${evidenceLink(f.afterEvidence, '整改前后对比', f.beforeEvidence)}` : ''}</li>`)}</ul>` : ''}` : '';
  return html`<section class="card" id="recheck">
<h2>整改复查</h2>
${notice ? html`<p class="ok" id="recheck-notice">${notice}</p>` : ''}
${outcome}
${form}
</section>`;
}

function outLink(url: string, label: string): SafeHtml | string {
  const href = safeHref(url);
  return href ? html`<a href="${href}" rel="noopener noreferrer">${label}</a>` : '';
}

/** Open content findings, availability and the latest census: the national checks' facts about the site. */
function siteSection(d: UnitPageData): SafeHtml {
  const { census: c, availability: a, windowDays } = d.site;
  const cols = (label: string, list: { name: string; url: string }[]) => (list.length
    ? html`<p>${label}：${list.map((k, i) => html`${i ? '、' : ''}${outLink(k.url, k.name) || k.name}`)}</p>` : '');
  const more = c ? moreBrokenText(c) : null;
  return html`<section class="card" id="site-checks">
<h2>网站内容与可访问性</h2>
${d.content === null ? '' : html`<h3>内容检查（${d.content.length} 项未处理）</h3>
${d.content.length ? html`<ul class="plain" id="content-findings">${d.content.map((f) => html`<li${f.severity === 'serious' ? html` class="warn"` : ''}>${contentFindingLine(f)}
${outLink(f.pageUrl, '打开页面')} ${evidenceLink(f.evidence, '查看检查证据')}</li>`)}</ul>` : html`<p class="ok">没有未处理的表述错误、错别字或未脱敏个人信息。</p>`}`}
<h3>可访问性</h3>
<p id="availability" class="${a?.state === 'down' ? 'warn' : ''}">${availabilityLine(a, windowDays)}</p>
<h3>网站普查</h3>
${c ? html`<div id="census-links"><p>${brokenShareLine(c)}</p>
${c.broken.length ? html`<ul class="plain">${c.broken.map((b) => html`<li>${brokenLinkText(b)} ${outLink(b.pageUrl, '所在页面')} ${evidenceLink(b.pageEvidence, '页面存档')}</li>`)}</ul>` : ''}
${more ? html`<p class="muted">${more}</p>` : ''}
${cols('新出现的栏目', c.appeared)}${cols('消失的栏目（本次普查未再发现）', c.disappeared)}</div>` : html`<p class="muted">尚未普查本单位网站。</p>`}
</section>`;
}

/** The unit page (phone first): score so far and what it is out of, the fix list, the recheck button and its outcome. */
export function unitPageBody(d: UnitPageData, opts: { canRequest: boolean; csrfToken: string; notice: string | null }): SafeHtml {
  const t = d.total;
  const vetoFixes = d.fixes.filter((f) => f.fix.veto);
  const pointFixes = d.fixes.filter((f) => !f.fix.veto);
  return html`<section class="card">
<p class="score-line">总分 ${t.points} / ${t.max}${t.provisional ? html` <span class="badge prov">暂定，${t.pendingItems} 项待录入</span>` : html` <span class="badge final">已完整</span>`}</p>
<p>第${d.automated.no}项 ${d.automated.name}（自动检查）：${d.automated.points ?? '无法检查'} / ${d.automated.max}</p>
<p class="muted">截至 ${d.asOf}，根据已保存的检查结果计算。</p>
</section>
<h2>本周需整改（${d.fixes.length} 项）</h2>
${d.fixes.length === 0 ? html`<p class="card ok">目前没有需要整改的问题。</p>` : ''}
${vetoFixes.length ? html`<h3>单项否决风险</h3><ul class="plain">${vetoFixes.map((f) => fixCard(f.fix, f.finding))}</ul>` : ''}
${pointFixes.length ? html`<h3>本考核期仍可挽回的分数</h3><ul class="plain">${pointFixes.map((f) => fixCard(f.fix, f.finding))}</ul>` : ''}
${recheckSection(d, opts.canRequest, opts.csrfToken, opts.notice)}
${siteSection(d)}
${d.fixed.length ? html`<h2>已整改</h2><ul class="plain">${d.fixed.map((f) => html`<li class="card">${statusBadge(f)} ${f.text}
<div class="meta">${f.openedOn} 发现，${f.fixedOn} 整改 ${evidenceLink(f.fixedEvidence, '整改后证据')}${f.fixedEvidence && f.openedEvidence ? html` · ${evidenceLink(f.fixedEvidence, '前后对比', f.openedEvidence)}` : ''}</div></li>`)}</ul>` : ''}`;
}
