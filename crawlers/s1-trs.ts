import type { ShapeModule, ListItem } from './types.js';
import { isTag, type AnyNode, type Element } from 'domhandler';
import { textContent } from 'domutils';
import { loadHtml, parseRegions, readRow, saysBlank, sliceElements } from './html.js';
import { callsCreatePage, followingPages, readPager } from './pager.js';

/** `ul.u-list` and `.empty` as CSS reads them. */
const U_LIST_CLASS_RE = /(?:^|\s)u-list(?:$|\s)/;
const EMPTY_CLASS_RE = /(?:^|\s)empty(?:$|\s)/;
const isUList = (name: string, attribs: Record<string, string>) =>
  name === 'ul' && attribs.class !== undefined && U_LIST_CLASS_RE.test(attribs.class);
/** An opening `<ul>` tag whose class attribute names u-list (quoted or not). */
const U_LIST_TAG_RE = /\bclass\s*=\s*(?:"[^"]*\bu-list\b[^"]*"|'[^']*\bu-list\b[^']*'|u-list\b)/i;

/** `ul.u-list > li` in document order, nested lists included. */
function* listRows(nodes: AnyNode[]): Generator<Element> {
  for (const node of nodes) {
    if (!isTag(node)) continue;
    if (node.name === 'li' && node.parent && isTag(node.parent) && isUList(node.parent.name, node.parent.attribs)) yield node;
    yield* listRows(node.children);
  }
}

/** S1: TRS WCM classic `ul.u-list` column pages. */
export const s1Trs: ShapeModule = {
  id: 'S1',
  version: 3,
  detect: (page) => /class=["'][^"']*\bu-list\b/.test(page.text ?? '') || callsCreatePage(page.text ?? '', 'trs'),
  extract(page, ctx) {
    const html = page.text ?? '';
    // Only the lists are built (a few KB of a 50 KB page), and read as nodes: `ul.u-list > li`, skipping
    // `.empty` spacers and rows without a link of their own.
    const lists = parseRegions(sliceElements(html, 'ul', U_LIST_TAG_RE), isUList);
    const items: ListItem[] = [];
    for (const li of listRows(lists.children)) {
      if (EMPTY_CLASS_RE.test(li.attribs.class ?? '')) continue;
      const own = li.children.filter(isTag);
      if (!own.some((el) => el.name === 'a')) continue;
      // Only the row's own date span, never a nested related-reading list.
      const spans = own.filter((el) => el.name === 'span');
      const item = readRow(li, page.finalUrl, spans.length > 0 ? textContent(spans[spans.length - 1]) : '');
      if (item) items.push(item);
    }
    // `createPageHTML(total, current, "index", "html")` is 0-based: index.html, index_1.html …
    const pager = readPager(html, page.finalUrl);
    const blank = items.length === 0 && (lists.children.length > 0 || saysBlank(loadHtml(html)('body').text()));
    return { items, next: followingPages(pager), statedPages: pager.statedPages, blank };
  },
};
