import { html, type SafeHtml } from './html.js';
import { fmt, fmtChange } from '../format.js';

/**
 * Mail building blocks. Inline styles only (mail clients drop <style> blocks and never run scripts), and a
 * single column: blocks stack instead of sitting side by side, so a 375 px phone needs no horizontal
 * scroll and a desktop client shows the same page up to 680 px wide. Long text and URLs wrap anywhere.
 */
export const FONT = `font-family:'Microsoft YaHei','PingFang SC','Hiragino Sans GB','Noto Sans CJK SC','Source Han Sans SC',SimSun,sans-serif`;
export const COLOR = {
  ink: '#1d2939', muted: '#667085', line: '#e4e7ec', head: '#1f3b64', red: '#b42318', redBg: '#fef3f2',
  amber: '#b54708', amberBg: '#fffaeb', green: '#067647', greenBg: '#ecfdf3', bar: '#2e6bc6', barBg: '#e8eef8',
};
const WRAP = 'overflow-wrap:anywhere;word-break:break-word';

export function page(title: string, body: SafeHtml): string {
  return html`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="margin:0;padding:0;background:#f2f4f7;${FONT};color:${COLOR.ink};">
<div style="background:#f2f4f7;padding:12px 0;">
<div style="max-width:680px;margin:0 auto;background:#ffffff;border:1px solid ${COLOR.line};border-radius:6px;${WRAP};">
${body}
</div>
</div>
</body></html>
`.value;
}

export function header(kicker: string, title: string, sub: string): SafeHtml {
  return html`<div style="background:${COLOR.head};color:#ffffff;padding:16px;border-radius:6px 6px 0 0;${FONT};">
<div style="font-size:13px;opacity:.85;">${kicker}</div>
<div style="font-size:21px;font-weight:bold;margin-top:4px;">${title}</div>
<div style="font-size:13px;opacity:.85;margin-top:6px;">${sub}</div>
</div>`;
}

export function section(title: string, content: SafeHtml, note?: string): SafeHtml {
  return html`<div style="padding:16px 16px 4px 16px;${FONT};">
<div style="font-size:17px;font-weight:bold;color:${COLOR.head};border-left:4px solid ${COLOR.head};padding-left:8px;margin-bottom:10px;">${title}${note ? html`<div style="font-size:12px;font-weight:normal;color:${COLOR.muted};margin-top:2px;">${note}</div>` : ''}</div>
${content}
</div>`;
}

export function box(kind: 'red' | 'amber' | 'green', content: SafeHtml): SafeHtml {
  const [fg, bg] = kind === 'red' ? [COLOR.red, COLOR.redBg] : kind === 'amber' ? [COLOR.amber, COLOR.amberBg] : [COLOR.green, COLOR.greenBg];
  return html`<div style="background:${bg};border-left:4px solid ${fg};color:${fg};padding:10px 12px;margin:4px 0 8px 0;font-size:14px;line-height:1.6;${FONT};">${content}</div>`;
}

/** One entry of a stacked list: a bordered block whose lines stack on a phone. */
export function card(content: SafeHtml, accent: string = COLOR.line): SafeHtml {
  return html`<div style="border:1px solid ${COLOR.line};border-left:4px solid ${accent};border-radius:4px;padding:8px 10px;margin:0 0 8px 0;font-size:14px;line-height:1.6;${FONT};">${content}</div>`;
}

/** A label and its value on one line when there is room, the value wrapping under it when not. */
export function kv(label: string | SafeHtml, value: string | SafeHtml, valueStyle = ''): SafeHtml {
  return html`<div style="padding:4px 0;border-bottom:1px solid ${COLOR.line};"><span style="color:${COLOR.muted};font-size:13px;">${label}</span> <span style="float:right;text-align:right;max-width:62%;${valueStyle}">${value}</span><div style="clear:both;"></div></div>`;
}

export function muted(text: string | SafeHtml, size = 12): SafeHtml {
  return html`<div style="font-size:${String(size)}px;color:${COLOR.muted};">${text}</div>`;
}

export function changeCell(n: number | null, isNew = false): SafeHtml {
  if (isNew) return html`<span style="color:${COLOR.muted};white-space:nowrap;">新增</span>`;
  const color = n === null || Math.abs(n) < 0.005 ? COLOR.muted : n > 0 ? COLOR.green : COLOR.red;
  return html`<span style="color:${color};white-space:nowrap;">${fmtChange(n)}</span>`;
}

/** A horizontal bar made of nested blocks (no images): the label and text above, the bar across the full width. */
export function bars(rows: { label: string; value: number | null; max: number; text: string; highlight?: boolean }[]): SafeHtml {
  return html`${rows.map((r) => {
    const pct = r.value === null || r.max <= 0 ? 0 : Math.max(0, Math.min(100, Math.round((r.value / r.max) * 100)));
    const color = r.highlight ? COLOR.head : COLOR.bar;
    return html`<div style="margin:0 0 6px 0;font-size:13px;${FONT};">
<div><span style="color:${COLOR.muted};">${r.label}</span>　${r.text}</div>
<div style="background:${COLOR.barBg};height:10px;"><div style="background:${color};width:${String(pct)}%;height:10px;font-size:1px;line-height:10px;">&nbsp;</div></div>
</div>`;
  })}`;
}

export function points(n: number | null | undefined, max?: number | null): string {
  if (n === null || n === undefined) return '—';
  return max === null || max === undefined ? fmt(n) : `${fmt(n)}/${fmt(max)}`;
}

export function footer(content: SafeHtml): SafeHtml {
  return html`<div style="padding:16px;font-size:12px;line-height:1.7;color:${COLOR.muted};border-top:1px solid ${COLOR.line};margin-top:12px;${FONT};">${content}</div>`;
}
