import { html, type SafeHtml } from './html.js';
import { fmt, fmtChange } from '../format.js';

/** Inline styles only: mail clients drop <style> blocks and never run scripts. */
export const FONT = `font-family:'Microsoft YaHei','PingFang SC','Hiragino Sans GB','Noto Sans CJK SC','Source Han Sans SC',SimSun,sans-serif`;
export const COLOR = {
  ink: '#1d2939', muted: '#667085', line: '#e4e7ec', head: '#1f3b64', red: '#b42318', redBg: '#fef3f2',
  amber: '#b54708', amberBg: '#fffaeb', green: '#067647', greenBg: '#ecfdf3', bar: '#2e6bc6', barBg: '#e8eef8',
};

export function page(title: string, body: SafeHtml): string {
  return html`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="margin:0;padding:0;background:#f2f4f7;${FONT};color:${COLOR.ink};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f2f4f7;"><tr><td align="center" style="padding:20px 10px;">
<table role="presentation" width="720" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:720px;background:#ffffff;border:1px solid ${COLOR.line};border-radius:6px;">
${body}
</table>
</td></tr></table>
</body></html>
`.value;
}

export function header(kicker: string, title: string, sub: string): SafeHtml {
  return html`<tr><td style="background:${COLOR.head};color:#ffffff;padding:18px 24px;border-radius:6px 6px 0 0;${FONT};">
<div style="font-size:13px;opacity:.85;">${kicker}</div>
<div style="font-size:22px;font-weight:bold;margin-top:4px;">${title}</div>
<div style="font-size:13px;opacity:.85;margin-top:6px;">${sub}</div>
</td></tr>`;
}

export function section(title: string, content: SafeHtml, note?: string): SafeHtml {
  return html`<tr><td style="padding:18px 24px 4px 24px;${FONT};">
<div style="font-size:17px;font-weight:bold;color:${COLOR.head};border-left:4px solid ${COLOR.head};padding-left:8px;margin-bottom:10px;">${title}${note ? html`<span style="font-size:12px;font-weight:normal;color:${COLOR.muted};margin-left:8px;">${note}</span>` : ''}</div>
${content}
</td></tr>`;
}

export function box(kind: 'red' | 'amber' | 'green', content: SafeHtml): SafeHtml {
  const [fg, bg] = kind === 'red' ? [COLOR.red, COLOR.redBg] : kind === 'amber' ? [COLOR.amber, COLOR.amberBg] : [COLOR.green, COLOR.greenBg];
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:4px 0 8px 0;"><tr><td style="background:${bg};border-left:4px solid ${fg};color:${fg};padding:10px 12px;font-size:14px;line-height:1.6;${FONT};">${content}</td></tr></table>`;
}

export function changeCell(n: number | null): SafeHtml {
  const color = n === null || Math.abs(n) < 0.005 ? COLOR.muted : n > 0 ? COLOR.green : COLOR.red;
  return html`<span style="color:${color};white-space:nowrap;">${fmtChange(n)}</span>`;
}

export const TH = `padding:6px 8px;background:#f5f7fa;border-bottom:1px solid ${COLOR.line};font-size:13px;color:${COLOR.muted};font-weight:normal;text-align:left;white-space:nowrap`;
export const TD = `padding:6px 8px;border-bottom:1px solid ${COLOR.line};font-size:14px;vertical-align:top`;

export function table(head: string[], rows: SafeHtml[]): SafeHtml {
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;${FONT};">
<tr>${head.map((h) => html`<th style="${TH}">${h}</th>`)}</tr>
${rows}
</table>`;
}

/** A bar chart made of table cells: shows in every mail client, no images, no scripts. */
export function bars(rows: { label: string; value: number | null; max: number; text: string; highlight?: boolean }[]): SafeHtml {
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="${FONT};font-size:13px;">
${rows.map((r) => {
    const pct = r.value === null || r.max <= 0 ? 0 : Math.max(0, Math.min(100, Math.round((r.value / r.max) * 100)));
    const color = r.highlight ? COLOR.head : COLOR.bar;
    return html`<tr>
<td width="90" style="padding:3px 6px 3px 0;color:${COLOR.muted};white-space:nowrap;">${r.label}</td>
<td style="padding:3px 0;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${COLOR.barBg};"><tr>
${pct > 0 ? html`<td width="${String(pct)}%" height="14" bgcolor="${color}" style="background:${color};height:14px;line-height:14px;font-size:1px;">&nbsp;</td>` : ''}
${pct < 100 ? html`<td height="14" style="height:14px;line-height:14px;font-size:1px;">&nbsp;</td>` : ''}
</tr></table></td>
<td width="150" style="padding:3px 0 3px 8px;white-space:nowrap;">${r.text}</td>
</tr>`;
  })}
</table>`;
}

export function points(n: number | null | undefined, max?: number | null): string {
  if (n === null || n === undefined) return '—';
  return max === null || max === undefined ? fmt(n) : `${fmt(n)} / ${fmt(max)}`;
}
