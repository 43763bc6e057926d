import { html, type SafeHtml } from '../html.js';
import type { EvidenceView } from '../../findings/evidence-view.js';
import { shanghaiDateTime } from '../../time/dates.js';

function when(iso: string | null | undefined): string {
  return iso ? shanghaiDateTime(new Date(iso)) : '未知';
}

/** The banner of one archived page and the page itself in a sandboxed frame (no scripts, no network). */
export function evidencePanel(v: EvidenceView, label: string | null): SafeHtml {
  const c = v.info.capture;
  const kb = (v.info.size / 1024).toFixed(1);
  return html`<section class="card evidence">
${label ? html`<h2>${label}</h2>` : ''}
<dl class="kv">
<dt>采集时间</dt><dd>${when(c?.fetchedAt ?? v.info.storedAt)}</dd>
<dt>网址</dt><dd class="url">${c?.finalUrl && c.finalUrl !== c.url ? html`${c.url} → ${c.finalUrl}` : c?.url ?? '未知（请求记录已按保留期限清理）'}</dd>
<dt>HTTP 状态</dt><dd>${c?.statusCode ?? '未知'}</dd>
<dt>内容哈希</dt><dd class="hash">sha256:${v.info.hash}</dd>
<dt>字符集</dt><dd>${v.charset}（大小 ${kb} KB${v.info.contentType ? `，${v.info.contentType}` : ''}）</dd>
<dt>获取方式</dt><dd>${c?.viaBrowser ? `浏览器渲染后保存的页面${v.screenshot ? '' : '（未保存截图）'}` : '直接请求保存的原始页面'}</dd>
</dl>
${v.screenshot ? html`<p class="muted">浏览器渲染时的截图（11 位以上的长数字已遮盖）：</p><img class="evidence-shot" src="/evidence/${v.info.hash}/screenshot" alt="浏览器渲染时的截图">` : ''}
${v.truncated ? html`<p class="muted">页面过大，只显示前 ${v.text.length} 个字符。</p>` : ''}
${v.maskedNumbers ? html`<p class="muted">为保护个人信息，页面中 ${v.maskedNumbers} 处 11 位以上的数字（身份证号、手机号、银行卡号等）已部分遮盖；内容哈希对应原始页面。</p>` : ''}
<p class="muted">以下为存档页面，已禁止其中的脚本和外部资源（图片、样式表等不会加载）。</p>
<iframe class="evidence-frame" sandbox src="/evidence/${v.info.hash}/body" title="存档页面 ${v.info.hash.slice(0, 12)}"></iframe>
</section>`;
}

/** One archived page, or a rechecked finding's before and after (stacked on a phone, side by side on a desktop). */
export function evidenceBody(after: EvidenceView, before: EvidenceView | undefined): SafeHtml {
  if (!before) return evidencePanel(after, null);
  return html`<div class="pair">${evidencePanel(before, '整改前（复查前的存档）')}${evidencePanel(after, '整改后（复查时的存档）')}</div>`;
}

/** The archived body served alone: decoded text, under a CSP that runs nothing and loads nothing. */
export const EVIDENCE_BODY_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";
