import { escapeHtml } from '../escape.js';

/** Markup that is already safe: produced by the `html` tag, never from crawled text. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | null | undefined | false | readonly Interpolation[];

function render(v: Interpolation): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/**
 * A template tag that escapes every interpolated value unless it is itself `html`-built, so crawled text
 * (titles, reasons, URLs) can only ever show as text.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** An href only for http(s) URLs; anything else (javascript:, data:) gets no link. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A link when the URL is safe, the plain (escaped) label otherwise. */
export function link(url: string | null | undefined, label: string, style = ''): SafeHtml {
  const href = safeHref(url);
  return href ? html`<a href="${href}" style="${style}" target="_blank" rel="noopener noreferrer">${label}</a>` : html`${label}`;
}
