import type { ShapeModule, ListItem } from './types.js';
import type { FetchRequest } from '../src/fetch/types.js';
import { absoluteUrl, loadHtml, rowItem, saysBlank } from './html.js';

const LABELLED_DATE_RE = /(?:发布时间|发布日期|日期|时间)\s*[:：]\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})/;
const FRAME_SELECTOR = 'iframe#rightFrame, iframe[name="rightFrame"]';

/** S7: JSP CMS `iList.jsp` pages (`ul.list-b-t`), and `iIndex.jsp` frames that hold one. */
export const s7JspIList: ShapeModule = {
  id: 'S7',
  version: 2,
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
      const item = rowItem($, li, page.finalUrl, ctx.today, labelled);
      if (item) items.push(item);
    });

    if (items.length === 0) {
      const frame = absoluteUrl($(FRAME_SELECTOR).first().attr('src'), page.finalUrl);
      if (frame) return { items, next: [], redirectTo: frame };
    }

    const next: FetchRequest[] = [];
    const current = pageNumber(page.finalUrl) ?? 1;
    const last = lastPage($, page.finalUrl);
    // With a.all the entry page knows every page; without it each page names the next few (the walker dedupes).
    if (last && (ctx.pageIndex === 0 || !last.fromAll)) {
      for (let p = current + 1; p <= last.page; p++) {
        const url = new URL(last.url);
        url.searchParams.set('cur_page', String(p));
        next.push({ url: url.toString() });
      }
    }
    const total = /共\s*(\d+)\s*条/.exec($('body').text());
    $('script, style').remove();
    const blank = items.length === 0 && ($('ul.list-b-t').length > 0 || saysBlank($('body').text()));
    return { items, next, statedTotal: total ? Number(total[1]) : undefined, blank };
  },
};

function pageNumber(url: string | null | undefined): number | undefined {
  if (!url) return undefined;
  try {
    const n = Number(new URL(url).searchParams.get('cur_page'));
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** The last page: the `a.all` (尾页) link, else the highest `cur_page` among the pager's links. */
function lastPage($: ReturnType<typeof loadHtml>, base: string): { url: string; page: number; fromAll: boolean } | undefined {
  const all = absoluteUrl($('a.all').first().attr('href'), base);
  const allPage = pageNumber(all);
  if (all && allPage) return { url: all, page: allPage, fromAll: true };
  let best: { url: string; page: number; fromAll: boolean } | undefined;
  $('a[href*="cur_page="]').each((_, a) => {
    const url = absoluteUrl($(a).attr('href'), base);
    const page = pageNumber(url);
    if (url && page && (!best || page > best.page)) best = { url, page, fromAll: false };
  });
  return best;
}
