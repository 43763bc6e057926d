import type { ShapeModule, ListItem } from './types.js';
import type { FetchRequest } from '../src/fetch/types.js';
import { loadHtml, rowItem, saysBlank } from './html.js';

/** `createPageHTML(total, current, "index", "html")`, arguments possibly quoted; pages are 0-based. */
const PAGER_RE = /createPageHTML\(\s*["']?(\d+)["']?\s*,\s*["']?(\d+)["']?\s*,\s*["']([\w-]+)["']\s*,\s*["'](\w+)["']\s*\)/;

/** S1: TRS WCM classic `ul.u-list` column pages. */
export const s1Trs: ShapeModule = {
  id: 'S1',
  version: 1,
  detect: (page) => /class=["'][^"']*\bu-list\b/.test(page.text ?? '') || PAGER_RE.test(page.text ?? ''),
  extract(page, ctx) {
    const html = page.text ?? '';
    const $ = loadHtml(html);
    const items: ListItem[] = [];
    $('ul.u-list > li').each((_, li) => {
      const row = $(li);
      if (row.hasClass('empty')) return;
      const link = row.children('a').first();
      if (link.length === 0) return;
      // Only the row's own date span, never a nested related-reading list.
      const dateText = row.children('span').last().text();
      const item = rowItem($, li, page.finalUrl, ctx.today, dateText);
      if (item) items.push(item);
    });
    const next: FetchRequest[] = [];
    const pager = PAGER_RE.exec(html);
    if (pager && ctx.pageIndex === 0) {
      const [, total, current, name, ext] = pager;
      for (let p = Number(current) + 1; p < Number(total); p++) {
        next.push({ url: new URL(`${name}_${p}.${ext}`, page.finalUrl).toString() });
      }
    }
    const blank = items.length === 0 && ($('ul.u-list').length > 0 || saysBlank($('body').text()));
    return { items, next, blank };
  },
};
