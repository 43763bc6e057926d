import { load, type CheerioAPI } from 'cheerio';
import { DomHandler, hasChildren, isTag, type AnyNode, type Document, type Element } from 'domhandler';
import { textContent } from 'domutils';
import { Parser, type Handler } from 'htmlparser2';
import type { ListItem } from './types.js';
import { readShownDate, type ShownDate } from '../src/time/parse-date.js';

const PARSE_OPTIONS = { xmlMode: false, decodeEntities: true } as const;

/** Parses HTML with htmlparser2 (several times faster than the spec parser, and enough for lists). */
export function loadHtml(html: string): CheerioAPI {
  return load(html, { xml: PARSE_OPTIONS });
}

/**
 * Parses the whole page but builds only the elements `keep` accepts, with everything inside them, as
 * children of the returned root: inside them the tree is exactly what `loadHtml` builds (same parser,
 * same events); the rest of the page is never turned into nodes. For lists that are a few KB of a
 * 50 KB page. `load(root)` gives a cheerio document over it, where `body` and siblings are absent.
 */
export function parseRegions(html: string, keep: (name: string, attribs: Record<string, string>) => boolean): Document {
  const dom = new DomHandler(undefined, PARSE_OPTIONS);
  let depth = 0;
  const regions: Partial<Handler> = {
    onopentag(name, attribs) {
      if (depth === 0 && !keep(name, attribs)) return;
      depth++;
      dom.onopentag(name, attribs);
    },
    onclosetag() {
      if (depth === 0) return;
      depth--;
      dom.onclosetag();
    },
    ontext: (data) => depth > 0 && dom.ontext(data),
    oncomment: (data) => depth > 0 && dom.oncomment(data),
    oncommentend: () => depth > 0 && dom.oncommentend(),
    oncdatastart: () => depth > 0 && dom.oncdatastart(),
    oncdataend: () => depth > 0 && dom.oncdataend(),
    onprocessinginstruction: (name, data) => depth > 0 && dom.onprocessinginstruction(name, data),
    onend: () => dom.onend(),
    onerror: (error) => dom.onerror(error),
  };
  new Parser(regions, PARSE_OPTIONS).end(html);
  return dom.root;
}

/**
 * The source text of every element whose opening tag `open` matches, through its balanced closing tag
 * (`</name>`, nesting counted; an unclosed one runs to the end, as a parser would read it). Tokenizing
 * only these few KB of a 50 KB page is what makes the common list shapes cheap; `parseRegions` over the
 * slices builds the same elements as over the whole page.
 */
export function sliceElements(html: string, name: string, open: RegExp): string {
  const tags = new RegExp(`<(/?)${name}\\b[^>]*>`, 'gi');
  const out: string[] = [];
  let from = 0;
  for (;;) {
    tags.lastIndex = from;
    let m = tags.exec(html);
    while (m && (m[1] === '/' || !open.test(m[0]))) m = tags.exec(html);
    if (!m) break;
    const start = m.index;
    let depth = 1;
    while (depth > 0 && (m = tags.exec(html))) depth += m[1] === '/' ? -1 : 1;
    const end = depth === 0 && m ? m.index + m[0].length : html.length;
    out.push(html.slice(start, end));
    from = end;
  }
  return out.join('\n');
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

const BLANK_RE = new RegExp([
  '暂无(?:相关)?(?:信息|数据|内容|记录|文章|文件)', '没有(?:找到)?(?:相关)?(?:信息|数据|记录|内容|文章)',
  '(?:栏目|页面)?正在建设中', '栏目建设中', '(?:信息|内容)(?:正在)?更新中',
].join('|'));

/** Whether the page says it has nothing to show (`暂无信息`, `栏目正在建设中`, `内容更新中`). */
export function saysBlank(text: string): boolean {
  return BLANK_RE.test(text);
}

/** `.top, .zd, .is-top` as CSS reads a class attribute (whitespace-separated, case-sensitive). */
const PINNED_CLASS_RE = /(?:^|\s)(?:top|zd|is-top)(?:$|\s)/;

function classOf(node: AnyNode): string {
  return ('attribs' in node ? node.attribs.class : undefined) ?? '';
}

/** Reads one `<li>`-like row: its first link, title and a date from the given nodes' text. */
export function rowItem(_$: CheerioAPI, row: AnyNode, base: string, dateText?: string): ListItem | null {
  return readRow(row, base, dateText);
}

/**
 * `rowItem` on the nodes directly (what `$(row).find('a').first()`, `.text()` and `.attr()` read), for
 * callers that have no cheerio document: this runs for every row of every list page.
 */
export function readRow(row: AnyNode, base: string, dateText?: string): ListItem | null {
  const a = hasChildren(row) ? firstDescendant(row.children, 'a') : undefined;
  if (!a) return null;
  const linkText = textContent(a);
  const title = itemTitle(linkText, attr(a, 'title'));
  if (!title) return null;
  const onclick = attr(a, 'onclick') ?? '';
  const hidden = /['"](https?:\/\/[^'"]+)['"]/.exec(onclick)?.[1];
  const url = absoluteUrl(attr(a, 'href'), base) ?? (hidden ? absoluteUrl(hidden, base) : null);
  const rowText = textContent(row);
  const shown = readShownDate(dateText ?? rowText.replace(title, ''));
  // An undated row whose link is only an image (a logo, a banner) is decoration, not an item.
  if (!shown && squash(linkText) === '' && firstDescendant(a.children, 'img')) return null;
  const pinned = /置顶/.test(rowText) || PINNED_CLASS_RE.test(classOf(row));
  return { title, url, ...shownDate(shown), ...(pinned ? { pinned } : {}) };
}

/** A list item's `date` and, when the list shows no year, its `monthDay`. */
export function shownDate(shown: ShownDate | null): Pick<ListItem, 'date' | 'monthDay'> {
  if (!shown) return { date: null };
  return shown.date ? { date: shown.date } : { date: null, monthDay: shown.monthDay };
}

/** The first element with this tag name below the nodes, in document order (CSS `find(name).first()`). */
export function firstDescendant(nodes: AnyNode[], name: string): Element | undefined {
  for (const node of nodes) {
    if (!isTag(node)) continue;
    if (node.name === name) return node;
    const found = firstDescendant(node.children, name);
    if (found) return found;
  }
  return undefined;
}

/** An attribute as cheerio's `.attr()` reads it for non-boolean attributes. */
export function attr(el: Element, name: string): string | undefined {
  return Object.hasOwn(el.attribs, name) ? el.attribs[name] : undefined;
}
