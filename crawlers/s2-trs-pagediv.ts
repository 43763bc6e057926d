import type { ShapeModule, ListItem } from './types.js';
import type { FetchRequest } from '../src/fetch/types.js';
import { loadHtml, rowItem, saysBlank } from './html.js';

/** `createPageHTML('page_div', pages, current, 'dezlist', 'shtml', records)`; pages are 1-based, numbers possibly quoted. */
const PAGER_RE =
  /createPageHTML\(\s*["']page_div["']\s*,\s*["']?(\d+)["']?\s*,\s*["']?(\d+)["']?\s*,\s*["']([\w-]+)["']\s*,\s*["'](\w+)["']\s*(?:,\s*["']?(\d+)["']?\s*)?\)/;

/** Page `n` of a page_div column: `dezlist.shtml` is page 1, then `dezlist_2.shtml` … */
export function pageDivUrl(name: string, ext: string, n: number, base: string): string {
  return new URL(n <= 1 ? `${name}.${ext}` : `${name}_${n}.${ext}`, base).toString();
}

/** S2: TRS page_div variant, `ul.pageList` with `span.time`. */
export const s2TrsPageDiv: ShapeModule = {
  id: 'S2',
  version: 1,
  detect: (page) => {
    const html = page.text ?? '';
    return PAGER_RE.test(html) || /<ul[^>]+class=["'][^"']*\bpageList\b/.test(html);
  },
  extract(page, ctx) {
    const html = page.text ?? '';
    const $ = loadHtml(html);
    const items: ListItem[] = [];
    $('ul.pageList > li').each((_, li) => {
      const row = $(li);
      // Related-reading links nested under an item are not items of their own.
      row.find('ul, ol').remove();
      const dateText = row.find('span.time').first().text() || undefined;
      const item = rowItem($, li, page.finalUrl, ctx.today, dateText);
      if (item) items.push(item);
    });

    const pager = PAGER_RE.exec(html);
    const next: FetchRequest[] = [];
    let statedTotal: number | undefined;
    if (pager) {
      const [, pages, current, name, ext, records] = pager;
      if (records !== undefined) statedTotal = Number(records);
      if (ctx.pageIndex === 0) {
        for (let p = Number(current) + 1; p <= Number(pages); p++) {
          next.push({ url: pageDivUrl(name, ext, p, page.finalUrl) });
        }
      }
    }

    // Nothing listed: an empty list, a 暂无信息 notice, or a parent column that only links to its children.
    $('script, style').remove();
    const blank = items.length === 0 && ($('ul.pageList').length > 0 || pager !== null || saysBlank($('body').text()));
    return { items, next, statedTotal, blank };
  },
};
