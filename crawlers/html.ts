import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { ListItem } from './types.js';
import { parseDateText } from '../src/time/parse-date.js';

/** Parses HTML with htmlparser2 (several times faster than the spec parser, and enough for lists). */
export function loadHtml(html: string): CheerioAPI {
  return load(html, { xml: { xmlMode: false, decodeEntities: true } });
}

/** Resolves a link against the page; `javascript:`, `#` and empty links give null. */
export function absoluteUrl(href: string | undefined, base: string): string | null {
  const h = href?.trim();
  if (!h || h.startsWith('#') || /^javascript:/i.test(h) || /^mailto:/i.test(h)) return null;
  try {
    const u = new URL(h, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

export function squash(text: string): string {
  return text.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
}

/** The full title: `title=` wins over a truncated text (`…`, `...`). */
export function itemTitle(text: string, titleAttr: string | undefined): string {
  const shown = squash(text);
  const full = titleAttr ? squash(titleAttr) : '';
  if (full && (shown === '' || /(…|\.\.\.)$/.test(shown) || full.length > shown.length)) return full;
  return shown || full;
}

const BLANK_RE = /暂无(信息|数据|内容|记录|相关信息)|没有(找到)?(相关)?(信息|数据|记录)/;

/** Whether the page says it has nothing to show. */
export function saysBlank(text: string): boolean {
  return BLANK_RE.test(text);
}

/** A `<script>location.href='…'</script>` stub page with no content of its own. */
export function scriptRedirect($: CheerioAPI, base: string): string | undefined {
  const bodyText = squash($('body').clone().find('script, style, noscript').remove().end().text());
  const scripts = $('script').map((_, el) => $(el).text()).get().join('\n');
  const m = /(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*(?:=|\.replace\(|\.assign\()\s*["']([^"']+)["']/.exec(scripts);
  if (!m) return undefined;
  const noContent = bodyText.length < 40 && $('a[href]').length <= 1;
  return noContent ? absoluteUrl(m[1], base) ?? undefined : undefined;
}

/** Reads one `<li>`-like row: its first link, title and a date from the given nodes' text. */
export function rowItem($: CheerioAPI, row: AnyNode, base: string, today: string, dateText?: string): ListItem | null {
  const a = $(row).find('a').first();
  if (a.length === 0) return null;
  const title = itemTitle(a.text(), a.attr('title'));
  if (!title) return null;
  const onclick = a.attr('onclick') ?? '';
  const hidden = /['"](https?:\/\/[^'"]+)['"]/.exec(onclick)?.[1];
  const url = absoluteUrl(a.attr('href'), base) ?? (hidden ? absoluteUrl(hidden, base) : null);
  const date = parseDateText(dateText ?? $(row).text().replace(title, ''), today);
  // An undated row whose link is only an image (a logo, a banner) is decoration, not an item.
  if (!date && squash(a.text()) === '' && a.find('img').length > 0) return null;
  const pinned = /置顶/.test($(row).text()) || $(row).is('.top, .zd, .is-top');
  return { title, url, date, ...(pinned ? { pinned } : {}) };
}
