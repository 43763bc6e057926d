/**
 * S6: static city-portal lists with varied markup (`.news_list li > a[title] + span`, table rows,
 * `<p>` rows, date before or after the link, or no date at all: then the walker reads the date from
 * the detail page). The fallback shape: it looks for the block of the page that reads most like a
 * column list and ignores menus, footers, link boxes and pagers.
 *
 * Pagination: what the pager says (`pager.ts`); with no page links, `index.html` → `index_2.html` → … until
 * the stated page count or, when none is stated, until the server answers 404.
 */
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { ShapeModule, ListItem, Extraction } from './types.js';
import type { FetchRequest, FetchResult } from '../src/fetch/types.js';
import { absoluteUrl, itemTitle, loadHtml, saysBlank, shownDate, squash } from './html.js';
import { followingPages, readPager, statedPageCount } from './pager.js';
import { readDayBox, readShownDate, type ShownDate } from '../src/time/parse-date.js';

/** Class or id words of blocks that never hold a column's list: menus, headers, footers, pagers, link boxes. */
const CHROME_WORD = /(?:^|[\s_-])(?:nav|navs|navbar|menu|menus|header|footer|foot|crumb|crumbs|breadcrumb|position|location|pager|pagination|fenye|yqlj|links?|share|search|banner)(?:[\s_-]|\d|$)/i;
const CHROME_TAGS = new Set(['nav', 'header', 'footer', 'select']);

const LIST_HINT = /list|news|gl|lb|con|article|xxgk|info|item/i;
const FULL_DATE_RE = /\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}/;
const MONTH_DAY_RE = /(?<![\d-/.])\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?![\d-/.])/;

interface Row {
  item: ListItem;
  dated: boolean;
  offsite: boolean;
  /** The link sits below the list page's own directory (`./202611/t…html`), as column items do. */
  local: boolean;
  /** The link looks like another column (`…/`, `…/index.html`) rather than an article. */
  columnLink: boolean;
}

interface Candidate {
  container: Element;
  rows: Row[];
  dated: boolean;
  local: boolean;
  score: number;
}

/** Detection and extraction read the same page; the chosen list blocks are kept between the two. */
const chosenLists = new WeakMap<FetchResult, { text: string; $: CheerioAPI; lists: Element[] }>();

function analyse(page: FetchResult): { $: CheerioAPI; lists: Element[] } {
  const text = page.text ?? '';
  const known = chosenLists.get(page);
  if (known && known.text === text) return known;
  const $ = loadHtml(text);
  const lists = bestList($, page.finalUrl).map((c) => c.container);
  chosenLists.set(page, { text, $, lists });
  return { $, lists };
}

export const s6StaticList: ShapeModule = {
  id: 'S6',
  version: 4,
  detect(page) {
    const html = page.text ?? '';
    if (!/<a\b/i.test(html) && !saysBlank(html)) return false;
    const { $, lists } = analyse(page);
    return lists.length > 0 || blankList($);
  },
  extract(page, ctx) {
    const { $, lists } = analyse(page);
    const items: ListItem[] = [];
    const seen = new Set<string>();
    for (const list of lists) {
      for (const { item } of readRows($, list, page.finalUrl)) {
        const key = item.url ?? `${item.title}\0${item.date ?? item.monthDay}`;
        if (seen.has(key)) continue;
        seen.add(key);
        items.push(item);
      }
    }
    const paging = items.length > 0 ? nextPages(page) : { next: [] };
    const extraction: Extraction = { items, ...paging };
    if (items.length === 0) {
      extraction.blank = blankList($);
      extraction.needsBrowser = !extraction.blank && buildsListInScript($);
    }
    return extraction;
  },
};

/**
 * The list block, with same-looking siblings (long lists are often split into groups); empty when the
 * page has none. Dated lists win over undated ones; among them, lists whose links stay below the page's
 * own directory win over sidebars and link boxes; then the score decides.
 */
function bestList($: CheerioAPI, base: string): Candidate[] {
  const chrome = new Map<Element, boolean>();
  const candidates: Candidate[] = [];
  $('ul, ol, table, dl, div').each((_, el) => {
    if (inChrome(el, chrome)) return;
    const rows = readRows($, el, base);
    const c = scoreRows(rows, el);
    if (c) candidates.push(c);
  });
  if (candidates.length === 0) return [];
  const tier = candidates.some((c) => c.dated) ? candidates.filter((c) => c.dated) : candidates;
  const pool = tier.some((c) => c.local) ? tier.filter((c) => c.local) : tier;
  const best = pool.reduce((a, b) => (b.score > a.score ? b : a));
  const signature = (c: Candidate) => `${c.container.tagName}.${c.container.attribs.class ?? ''}`;
  return candidates.filter((c) => c === best || (c.container.parent === best.container.parent && signature(c) === signature(best)));
}

function readRows($: CheerioAPI, container: Element, base: string): Row[] {
  const tag = container.tagName.toLowerCase();
  const rows: Element[] = [];
  const take = (parent: Element, tags: Set<string>) => {
    for (const child of parent.children) if (isElement(child) && tags.has(child.tagName.toLowerCase())) rows.push(child);
  };
  if (tag === 'ul' || tag === 'ol') take(container, LI);
  else if (tag === 'dl') take(container, DD);
  else if (tag === 'table') {
    take(container, TR);
    for (const child of container.children) if (isElement(child) && child.tagName.toLowerCase() === 'tbody') take(child, TR);
  } else take(container, DIV_ROWS);
  if (rows.length === 0) return [];
  const out: Row[] = [];
  const host = hostOf(base);
  const dir = base.replace(/[?#].*$/, '').replace(/[^/]*$/, '');
  for (const row of rows) {
    const item = readRow($, row, base);
    if (!item) continue;
    const url = item.url ?? '';
    out.push({
      item, dated: item.date !== null || item.monthDay !== undefined, offsite: item.url !== null && hostOf(url) !== host,
      local: url.startsWith(dir) && url.length > dir.length,
      columnLink: /\/$|\/index(_\d+)?\.s?html?$/.test(url.replace(/[?#].*$/, '')),
    });
  }
  return out;
}

const LI = new Set(['li']);
const DD = new Set(['dd', 'dt']);
const TR = new Set(['tr']);
const DIV_ROWS = new Set(['p', 'div', 'span', 'h4', 'h5']);
const NESTED_LISTS = new Set(['ul', 'ol', 'table']);

/** One row: its main link (the longest title, outside any nested list) and the date beside it. */
function readRow($: CheerioAPI, row: Element, base: string): ListItem | null {
  const links: Element[] = [];
  let nested = false;
  const walk = (node: Element) => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      const tag = child.tagName.toLowerCase();
      if (tag === 'a') links.push(child);
      else if (NESTED_LISTS.has(tag)) nested = true;
      else walk(child);
      if (links.length > 3) return;
    }
  };
  walk(row);
  // A block holding whole lists is a section of the page, not a row (an S1 row keeps its own link beside a nested list).
  if (nested && !row.children.some((c) => isElement(c) && c.tagName.toLowerCase() === 'a')) return null;
  if (links.length === 0 || links.length > 3) return null;
  let best: { title: string; a: Element } | undefined;
  for (const a of links) {
    const title = itemTitle(textOf(a, SKIP_IN_LINK), a.attribs.title);
    if (!best || title.length > best.title.length) best = { title, a };
  }
  if (!best || best.title.length < 4) return null;
  const { title, a } = best;
  const onclick = a.attribs.onclick ?? '';
  const hidden = /['"]((?:https?:)?\/\/[^'"]+|[^'"]+\.s?html?)['"]/.exec(onclick)?.[1];
  const url = absoluteUrl(a.attribs.href, base) ?? (hidden ? absoluteUrl(hidden, base) : null);

  // The date: text of the row outside its links, else a date-like element inside the link.
  let shown = rowDate(squash(textOf(row, SKIP_OUTSIDE)));
  if (!shown) {
    const inner = $(a).find('[class*="date"], [class*="time"], span, em, i').filter((_, e) => FULL_DATE_RE.test($(e).text()));
    shown = inner.length > 0 ? readShownDate(inner.first().text()) : null;
  }
  shown ??= dayBox($, row);
  const rowText = textOf(row, SKIP_NONE);
  const pinned = /置顶/.test(rowText) || /(?:^|\s)(top|zd|is-top)(?:\s|$)/.test(row.attribs.class ?? '');
  return { title, url, ...shownDate(shown), ...(pinned ? { pinned } : {}) };
}

/** A date element of the row that splits the date into a day and a year-month (`<span>20</span><em>2026-11</em>`). */
function dayBox($: CheerioAPI, row: Element): ShownDate | null {
  for (const el of $(row).find('[class*="date"], [class*="time"]').toArray()) {
    const date = readDayBox(spacedText(el));
    if (date) return { date };
  }
  return null;
}

/** The text below `node`, a space between elements (`<span>20</span><em>2026-11</em>` is `20 2026-11`). */
function spacedText(node: Element): string {
  return squash(node.children.map((c) => (c.type === 'text' ? (c as unknown as { data: string }).data : isElement(c) ? ` ${spacedText(c)} ` : '')).join(''));
}

const SKIP_OUTSIDE = (el: Element) => /^(a|ul|ol|script|style)$/i.test(el.tagName);
const SKIP_NONE = (el: Element) => /^(script|style)$/i.test(el.tagName);
const SKIP_IN_LINK = (el: Element) => /date|time/i.test(el.attribs.class ?? '') || SKIP_NONE(el);

/** The text below `node`, leaving out elements `skip` names. */
function textOf(node: Element, skip: (el: Element) => boolean): string {
  let out = '';
  for (const child of node.children) {
    if (child.type === 'text') out += (child as unknown as { data: string }).data;
    else if (isElement(child) && !skip(child)) out += textOf(child, skip);
  }
  return out;
}

function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

function isChromeElement(el: Element): boolean {
  return CHROME_TAGS.has(el.tagName?.toLowerCase()) || CHROME_WORD.test(`${el.attribs?.class ?? ''} ${el.attribs?.id ?? ''}`);
}

function inChrome(el: Element, memo: Map<Element, boolean>): boolean {
  const known = memo.get(el);
  if (known !== undefined) return known;
  const parent = el.parent && isElement(el.parent as AnyNode) ? (el.parent as Element) : undefined;
  const result = isChromeElement(el) || (parent ? inChrome(parent, memo) : false);
  memo.set(el, result);
  return result;
}

function rowDate(text: string): ShownDate | null {
  if (!FULL_DATE_RE.test(text) && !MONTH_DAY_RE.test(text)) return null;
  return readShownDate(text);
}

/**
 * How list-like a block's rows are; undefined when it is not a list. A dated list has dates on most
 * rows; an undated one needs several long titles that point to articles on this site (menus have
 * short titles, link boxes point away, sub-column boxes point to `…/index.html`).
 */
function scoreRows(rows: Row[], container: Element): Candidate | undefined {
  const n = rows.length;
  if (n === 0) return undefined;
  const hint = LIST_HINT.test(`${container.attribs.class ?? ''} ${container.attribs.id ?? ''}`) ? 1 : 0;
  const local = rows.filter((r) => r.local).length * 2 >= n;
  const dated = rows.filter((r) => r.dated).length;
  if (dated > 0 && dated * 2 >= n) return { container, rows, dated: true, local, score: dated * 3 + n + hint };
  const titles = rows.map((r) => r.item.title.length).sort((a, b) => a - b);
  const median = titles[Math.floor(n / 2)];
  const count = (f: (r: Row) => boolean) => rows.filter(f).length;
  const articles = count((r) => r.item.url !== null && !r.offsite && !r.columnLink);
  if (n >= 3 && median >= 8 && articles * 2 > n) return { container, rows, dated: false, local, score: n + hint };
  return undefined;
}

/** An empty list block, or a page that says it has nothing. */
function blankList($: CheerioAPI): boolean {
  const main = $('body').clone();
  main.find('*').filter((_, el) => isChromeElement(el)).remove();
  main.find('script, style').remove();
  if (saysBlank(main.text())) return true;
  return main.find('ul, ol').filter((_, el) => LIST_HINT.test($(el).attr('class') ?? '') && $(el).children().length === 0).length > 0
    && !buildsListInScript($);
}

/** Inline scripts that fetch data or write list markup: a browser would see a list. */
function buildsListInScript($: CheerioAPI): boolean {
  const code = $('script').map((_, el) => $(el).text()).get().join('\n');
  if (/\b(fetch|XMLHttpRequest|\$\.(ajax|get|post|getJSON)|axios)\b|innerHTML|insertAdjacentHTML|document\.write|createElement\(['"]li/.test(code)) {
    return true;
  }
  const emptyHolder = $('[id*="list"], [class*="list"], #app').filter((_, el) => squash($(el).text()) === '');
  return $('script[src]').length > 0 && emptyHolder.length > 0;
}

const INDEX_RE = /^(.*\/)(index)(?:_(\d+))?\.(s?html?)$/;

/**
 * The pages after this one as the pager tells (`pager.ts`); with no page links at all, `index_{n+1}.html`
 * is probed, unless a stated count says this page is the last.
 */
function nextPages(page: FetchResult): { next: FetchRequest[]; statedPages?: number } {
  const pager = readPager(page.text ?? '', page.finalUrl);
  const statedPages = statedPageCount(pager);
  const following = followingPages(pager);
  if (following.length > 0) return { next: following, statedPages };
  // A pager whose links lead to no later page says this is the last one: nothing to probe.
  if (pager.linked.length > 0 || pager.rule) return { next: [], statedPages };
  const url = new URL(page.finalUrl);
  const m = INDEX_RE.exec(url.pathname) ?? (url.pathname.endsWith('/') ? [url.pathname, url.pathname, 'index', undefined, 'html'] : null);
  if (!m) return { next: [], statedPages };
  const current = m[3] ? Number(m[3]) : 1;
  if (statedPages !== undefined && current >= statedPages) return { next: [], statedPages };
  return { next: [{ url: new URL(`${m[1]}${m[2]}_${current + 1}.${m[4]}`, page.finalUrl).toString() }], statedPages };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
