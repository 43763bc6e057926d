/**
 * S6: static city-portal lists with varied markup (`.news_list li > a[title] + span`, table rows,
 * `<p>` rows, date before or after the link, or no date at all: then the walker reads the date from
 * the detail page). The fallback shape: it looks for the block of the page that reads most like a
 * column list and ignores menus, footers, link boxes and pagers.
 *
 * Pagination: a `下一页` link when there is one; otherwise `index.html` → `index_2.html` → … until the
 * stated page count (`共N页`, a `尾页` link) or, when none is stated, until the server answers 404.
 */
import type { CheerioAPI, Cheerio } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { ShapeModule, ListItem, Extraction } from './types.js';
import type { FetchRequest, FetchResult } from '../src/fetch/types.js';
import { absoluteUrl, itemTitle, loadHtml, saysBlank, squash } from './html.js';
import { parseDateText } from '../src/time/parse-date.js';

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
}

interface Candidate {
  container: Cheerio<Element>;
  rows: Row[];
  score: number;
}

export const s6StaticList: ShapeModule = {
  id: 'S6',
  version: 1,
  detect(page) {
    const html = page.text ?? '';
    if (!/<a\b/i.test(html) && !saysBlank(html)) return false;
    const $ = loadHtml(html);
    return bestList($, page.finalUrl, '2000-01-01') !== undefined || blankList($);
  },
  extract(page, ctx) {
    const html = page.text ?? '';
    const $ = loadHtml(html);
    const best = bestList($, page.finalUrl, ctx.today);
    const items: ListItem[] = [];
    const seen = new Set<string>();
    for (const c of best ?? []) {
      for (const { item } of c.rows) {
        const key = item.url ?? `${item.title}\0${item.date}`;
        if (seen.has(key)) continue;
        seen.add(key);
        items.push(item);
      }
    }
    const extraction: Extraction = { items, next: items.length > 0 ? nextPages($, page) : [] };
    if (items.length === 0) {
      extraction.blank = blankList($);
      extraction.needsBrowser = !extraction.blank && buildsListInScript($);
    }
    return extraction;
  },
};

/** The list block (with same-looking siblings: long lists are often split into groups), or undefined. */
function bestList($: CheerioAPI, base: string, today: string): Candidate[] | undefined {
  const candidates: Candidate[] = [];
  $('ul, ol, table, dl, div').each((_, el) => {
    const container = $(el);
    if (inChrome($, el)) return;
    const rows = readRows($, container, base, today);
    const score = scoreRows(rows, container);
    if (score > 0) candidates.push({ container, rows, score });
  });
  if (candidates.length === 0) return undefined;
  const best = candidates.reduce((a, b) => (b.score > a.score ? b : a));
  const signature = (c: Candidate) => `${c.container.prop('tagName')}.${c.container.attr('class') ?? ''}`;
  const parent = best.container.parent()[0];
  return candidates.filter((c) => c === best || (c.container.parent()[0] === parent && signature(c) === signature(best)));
}

function readRows($: CheerioAPI, container: Cheerio<Element>, base: string, today: string): Row[] {
  const tag = container.prop('tagName')?.toLowerCase();
  let rows: Cheerio<Element>;
  if (tag === 'ul' || tag === 'ol') rows = container.children('li');
  else if (tag === 'table') rows = container.children('tbody').children('tr').add(container.children('tr'));
  else if (tag === 'dl') rows = container.children('dd, dt');
  else rows = container.children('p, div, span, h4, h5');
  const out: Row[] = [];
  const host = hostOf(base);
  rows.each((_, row) => {
    const item = readRow($, row, base, today);
    if (item) out.push({ item, dated: item.date !== null, offsite: item.url !== null && hostOf(item.url) !== host });
  });
  return out;
}

/** One row: its main link (the longest title, outside any nested list) and the date beside it. */
function readRow($: CheerioAPI, row: Element, base: string, today: string): ListItem | null {
  const r = $(row);
  if (r.find('ul, ol, table').length > 0 && r.children('a').length === 0) return null;
  const links = r.find('a').filter((_, a) => $(a).parentsUntil(row).filter('ul, ol').length === 0);
  if (links.length === 0 || links.length > 3) return null;
  let best: { title: string; a: Cheerio<AnyNode> } | undefined;
  links.each((_, a) => {
    const link = $(a);
    const title = itemTitle(linkText($, link), link.attr('title'));
    if (!best || title.length > best.title.length) best = { title, a: link };
  });
  if (!best || best.title.length < 4) return null;
  const { title, a } = best;
  const onclick = a.attr('onclick') ?? '';
  const hidden = /['"]((?:https?:)?\/\/[^'"]+|[^'"]+\.s?html?)['"]/.exec(onclick)?.[1];
  const url = absoluteUrl(a.attr('href'), base) ?? (hidden ? absoluteUrl(hidden, base) : null);

  // The date: text of the row outside its links, else a date-like element inside the link.
  const outside = r.clone();
  outside.find('a, ul, ol').remove();
  let date = rowDate(squash(outside.text()), today);
  if (!date) {
    const inner = a.find('[class*="date"], [class*="time"], span, em, i').filter((_, e) => FULL_DATE_RE.test($(e).text()));
    date = inner.length > 0 ? parseDateText(inner.first().text(), today) : null;
  }
  const pinned = /置顶/.test(r.text()) || r.is('.top, .zd, .is-top');
  return { title, url, date, ...(pinned ? { pinned } : {}) };
}

/** Link text without a date element nested in it. */
function linkText($: CheerioAPI, a: Cheerio<AnyNode>): string {
  const copy = a.clone();
  copy.find('[class*="date"], [class*="time"]').remove();
  return copy.text();
}

function isChromeElement(el: Element): boolean {
  return CHROME_TAGS.has(el.tagName?.toLowerCase()) || CHROME_WORD.test(`${el.attribs?.class ?? ''} ${el.attribs?.id ?? ''}`);
}

function inChrome($: CheerioAPI, el: Element): boolean {
  return $(el).parents().addBack().toArray().some((e) => isChromeElement(e as Element));
}

function rowDate(text: string, today: string): string | null {
  if (!FULL_DATE_RE.test(text) && !MONTH_DAY_RE.test(text)) return null;
  return parseDateText(text, today);
}

/**
 * How list-like a block's rows are; 0 when it is not a list. Dated rows count most; an undated block
 * must have several long titles pointing to this site (menus have short titles, link boxes point away).
 */
function scoreRows(rows: Row[], container: Cheerio<Element>): number {
  const n = rows.length;
  if (n === 0) return 0;
  const dated = rows.filter((r) => r.dated).length;
  const hint = LIST_HINT.test(`${container.attr('class') ?? ''} ${container.attr('id') ?? ''}`) ? 1 : 0;
  if (dated > 0 && dated * 2 >= n) return 10 + dated * 3 + n + hint;
  const titles = rows.map((r) => r.item.title.length).sort((a, b) => a - b);
  const median = titles[Math.floor(n / 2)];
  const offsite = rows.filter((r) => r.offsite).length;
  const linked = rows.filter((r) => r.item.url !== null).length;
  if (n >= 3 && median >= 8 && offsite * 2 < n && linked * 2 > n) return n + hint;
  return 0;
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

function nextPages($: CheerioAPI, page: FetchResult): FetchRequest[] {
  const here = page.finalUrl;
  const nextLink = $('a').filter((_, a) => /^(下一页|下页|后一页|next|>|›|»)$/i.test(squash($(a).text()))).first();
  const nextUrl = absoluteUrl(nextLink.attr('href'), here);
  if (nextUrl && stripHash(nextUrl) !== stripHash(here)) return [{ url: nextUrl }];

  const url = new URL(here);
  const m = INDEX_RE.exec(url.pathname) ?? (url.pathname.endsWith('/') ? [url.pathname, url.pathname, 'index', undefined, 'html'] : null);
  if (!m) return [];
  const current = m[3] ? Number(m[3]) : 1;
  const total = statedPages($, here, m[1]);
  if (total !== undefined && current >= total) return [];
  return [{ url: new URL(`${m[1]}${m[2]}_${current + 1}.${m[4]}`, here).toString() }];
}

/** The page count the pager states: `共N页`, `1/N`, or the number in the `尾页` link. */
function statedPages($: CheerioAPI, here: string, dir: string): number | undefined {
  const pager = $('[class*="page"], [id*="page"]').text() || $('body').text();
  const count = /共\s*(\d+)\s*页/.exec(pager) ?? /第?\s*\d+\s*\/\s*(\d+)\s*页/.exec(pager);
  if (count) return Number(count[1]);
  const last = $('a').filter((_, a) => /^(尾页|末页|最后一页)$/.test(squash($(a).text()))).attr('href');
  const lastUrl = absoluteUrl(last, here);
  if (lastUrl) {
    const lm = INDEX_RE.exec(new URL(lastUrl).pathname);
    if (lm && lm[1] === dir) return lm[3] ? Number(lm[3]) : 1;
  }
  return undefined;
}

function stripHash(url: string): string {
  return url.replace(/#.*$/, '');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
