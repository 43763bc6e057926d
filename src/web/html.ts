import { escapeHtml } from '../../reports/escape.js';
import { SafeHtml } from '../../reports/templates/html.js';

/** The console renders with the reports' own template tag: one `SafeHtml`, so markup passes between them unescaped once. */
export { html, SafeHtml } from '../../reports/templates/html.js';

/** Trusted markup built elsewhere (e.g. by a report template that escapes its own input). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** JSON for a `<script type="application/json">` block, which a static script reads: `<` can never close the block. */
export function jsonBlock(id: string, data: unknown): SafeHtml {
  const text = JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return new SafeHtml(`<script type="application/json" id="${escapeHtml(id)}">${text}</script>`);
}
