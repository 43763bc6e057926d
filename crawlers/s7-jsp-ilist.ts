import type { ShapeModule, ListItem } from './types.js';
import { absoluteUrl, loadHtml, rowItem, saysBlank } from './html.js';
import { followingPages, queryPageRule, readPager } from './pager.js';

const LABELLED_DATE_RE = /(?:发布时间|发布日期|日期|时间)\s*[:：]\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})/;
const FRAME_SELECTOR = 'iframe#rightFrame, iframe[name="rightFrame"]';

/** S7: JSP CMS `iList.jsp` pages (`ul.list-b-t`), and `iIndex.jsp` frames that hold one. */
export const s7JspIList: ShapeModule = {
  id: 'S7',
  version: 4,
  detect: (page) => {
    const html = page.text ?? '';
    return /<ul[^>]+class=["'][^"']*\blist-b-t\b/.test(html)
      || /<iframe\b(?=[^>]*(?:id|name)=["']rightFrame["'])(?=[^>]*iList\.jsp)/i.test(html)
      || /iList\.jsp\?[^"'<>]*cur_page=/i.test(html);
  },
  extract(page, ctx) {
    const $ = loadHtml(page.text ?? '');
    const items: ListItem[] = [];
    $('ul.list-b-t > li').each((_, li) => {
      const row = $(li);
      const labelled = LABELLED_DATE_RE.exec(row.find('p').text())?.[1];
      const item = rowItem($, li, page.finalUrl, labelled);
      if (item) items.push(item);
    });

    if (items.length === 0) {
      const frame = absoluteUrl($(FRAME_SELECTOR).first().attr('src'), page.finalUrl);
      if (frame) return { items, next: [], redirectTo: frame };
    }

    // Pages are `cur_page=N` on this page's address; the pager states or links the last one (`a.all`, 尾页).
    const pager = readPager(page.text ?? '', page.finalUrl, queryPageRule(page.finalUrl, 'cur_page'));
    $('script, style').remove();
    const blank = items.length === 0 && ($('ul.list-b-t').length > 0 || saysBlank($('body').text()));
    return { items, next: followingPages(pager), statedTotal: pager.statedRecords, statedPages: pager.statedPages, blank };
  },
};
