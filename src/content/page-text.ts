import { loadHtml } from '../../crawlers/html.js';

const BLOCK_END = /<(?:br\s*\/?|\/(?:p|div|td|th|tr|li|h[1-6]|table|section|article|dd|dt))\b[^>]*>/giu;

/** The visible text of an HTML page, a line per block or table cell (so numbers in adjacent cells stay apart). */
export function pageText(html: string): string {
  const $ = loadHtml(html.replace(BLOCK_END, '$&\n'));
  $('head, script, style, noscript, template').remove();
  return $.root().text().replace(/[ \t\u3000\u00a0]+/gu, ' ').replace(/\n\s*\n+/gu, '\n').trim();
}

/** Links of a page as absolute URLs (for attachments). */
export function pageLinks(html: string, base: string): string[] {
  const $ = loadHtml(html);
  const out: string[] = [];
  $('a[href]').each((_, el) => {
    try {
      out.push(new URL($(el).attr('href') ?? '', base).toString());
    } catch { /* not a URL: skipped */ }
  });
  return out;
}
