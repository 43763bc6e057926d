import type { ShapeModule, ListItem } from './types.js';
import { loadHtml, rowItem, saysBlank } from './html.js';
import { callsCreatePage, followingPages, readPager } from './pager.js';

/** S2: TRS page_div variant, `ul.pageList` with `span.time`. */
export const s2TrsPageDiv: ShapeModule = {
  id: 'S2',
  version: 3,
  detect: (page) => {
    const html = page.text ?? '';
    return callsCreatePage(html, 'page-div') || /<ul[^>]+class=["'][^"']*\bpageList\b/.test(html);
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
      const item = rowItem($, li, page.finalUrl, dateText);
      if (item) items.push(item);
    });

    // `createPageHTML('page_div', pages, current, 'dezlist', 'shtml', records)` is 1-based: dezlist.shtml, dezlist_2.shtml …
    const pager = readPager(html, page.finalUrl);
    const statedTotal = pager.createPage?.records;

    // Nothing listed: an empty list, a 暂无信息 notice, or a parent column that only links to its children.
    $('script, style').remove();
    const blank = items.length === 0 && ($('ul.pageList').length > 0 || pager.createPage !== undefined || saysBlank($('body').text()));
    return { items, next: followingPages(pager), statedTotal, statedPages: pager.statedPages, blank };
  },
};
