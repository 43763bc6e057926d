/**
 * One understanding of list pagers, for column and mailbox shapes alike. From a page's HTML and address:
 * what its pager states (pages, current page, records and page size) and links (numbered pages,
 * 下一页, 尾页, also in `onclick`/`javascript:` forms), and the requests for the pages after this one —
 * from the list's page rule (a shape's own, `createPageHTML`'s, or one learnt from the links) up to the
 * stated or linked last page, else just the 下一页 link, and the walker reads until a page shows nothing
 * new. A stated count is clamped (`MAX_PAGER_PAGES`) before anything is allocated for it. Pure.
 */
import { isTag, type AnyNode, type Element } from 'domhandler';
import { textContent } from 'domutils';
import type { FetchRequest } from '../src/fetch/types.js';
import { absoluteUrl, parseRegions, squash } from './html.js';
import { createPageRule, learnPageRule, sameShape, type KnownPage, type PageRule } from './pager-pattern.js';
import { MAX_PAGER_PAGES, clampPages, createPageCall, isChoice, pageTexts, pagesForRecords, readStatement, type CreatePageCall } from './pager-text.js';

export { MAX_PAGER_PAGES, clampPages, pagesForRecords } from './pager-text.js';
export { callsCreatePage } from './pager-text.js';
export { queryPageRule, type PageRule } from './pager-pattern.js';

export interface Pager {
  /** The page's own address. */
  url: string;
  /** Counts as the page states them (never clamped: `followingPages` clamps). */
  statedPages?: number;
  statedRecords?: number;
  perPage?: number;
  /** 1-based; 1 when nothing says otherwise. */
  current: number;
  createPage?: CreatePageCall;
  /** The 下一页 link. */
  next?: string;
  /** Pager links whose page number is known (numbered links, 下一页, 尾页). */
  linked: KnownPage[];
  /** How the list numbers its page addresses, when known. */
  rule?: PageRule;
}

/** Class or id words of pager blocks (`div.page`, `#page_div`, `.pagination`, `.fenye`); never `ul.pageList`. */
const PAGER_TOKEN = /^(?:page|pages|pager|paging|pagination|pagebar|pagebox|pagenav|pagediv|pagenum|page[_-](?:div|box|bar|nav|con|wrap|num|info)|fenye|turnpage|splitpage|pg|pgs)\d*$/i;
const NEXT_WORD = /^(?:下一页|下页|后一页|下一頁|next|nextpage)$/i;
const LAST_WORD = /^(?:尾页|末页|最后一页|最末页|尾頁|last|lastpage)$/i;
const NEXT_SIGN = /^(?:>|›|»|＞|→)$/;
const NEXT_CLASS = /^(?:next|nextpage|next-page|page-next)$/i;
const LAST_CLASS = /^(?:last|lastpage|last-page|page-last)$/i;
const NUMBER = /^\[?\s*(\d{1,6})\s*\]?$/;
const CURRENT_CLASS = /^(?:cur|curr|current|active|on|sel|selected|now|thisclass)$/i;

const tokens = (attribs: Record<string, string>) => `${attribs.class ?? ''} ${attribs.id ?? ''}`.split(/\s+/).filter(Boolean);
const isPagerBlock = (attribs: Record<string, string>) => tokens(attribs).some((t) => PAGER_TOKEN.test(t));

/**
 * Reads the pager of a list page. `rule` is the shape's own page rule (`cur_page=N` on its address, a
 * mailbox's page parameter); without one, `createPageHTML`'s rule or one learnt from the links is used.
 */
export function readPager(html: string, url: string, rule?: PageRule): Pager {
  const own = normalize(url);
  // The call states everything and its links are built by script: nothing to read in the markup. Its
  // pattern starts with a literal, so it is searched in the raw page (TRS lists are many and large).
  const call = html.includes('createPageHTML') ? createPageCall(html) : undefined;
  if (call) {
    return {
      url: own, statedPages: call.pages, current: call.current, createPage: call, linked: [],
      ...(call.records !== undefined ? { statedRecords: call.records } : {}),
      rule: rule ?? createPageRule(call.form, call.name, call.ext, own),
    };
  }

  const { scripts, visible } = pageTexts(html);
  const root = parseRegions(html, (name, attribs) => name === 'a' || name === 'select' || isPagerBlock(attribs));
  const blocks = root.children.filter((n): n is Element => isTag(n) && n.name !== 'a');
  const anchors = [...allAnchors(root.children, false)];
  const leaves = blocks.flatMap((b) => [...leafElements(b)]);
  const st = readStatement(scripts, html, blocks.map((b) => statedText(b)).join(' '), visible, leaves.map((l) => textContent(l)));

  let next: string | undefined;
  let last: string | undefined;
  const numbered: KnownPage[] = [];
  const loose: KnownPage[] = [];
  for (const { a, inBlock } of anchors) {
    const target = linkTarget(a, own);
    if (!target || target === own) continue;
    const kind = linkKind(a);
    if (kind === 'next') next ??= target;
    else if (kind === 'last') last ??= target;
    else if (typeof kind === 'number' && kind <= MAX_PAGER_PAGES) (inBlock ? numbered : loose).push({ page: kind, url: target });
  }
  // Numbered links outside pager blocks (a calendar's day links) count only when shaped like the pager's own.
  for (const k of loose) if ([next, last].some((u) => u && sameShape(u, k.url))) numbered.push(k);

  const stated = st.pages ?? pagesForRecords(st.records, st.perPage);
  // The shape's rule holds only where this page and the pager's links are its pages: a list whose links say
  // otherwise (`?start=30` record offsets, or `&orgId=12` added, where `?page=N` was configured) is read by its links.
  const shapeRule = rule && [own, next, last, ...numbered.map((k) => k.url)].every((u) => !u || rule.pageOf(u) !== undefined) ? rule : undefined;
  const withLast = (pages: KnownPage[]) => learnPageRule(pages) ?? (last && stated !== undefined ? learnPageRule([...pages, { page: stated, url: last }]) : undefined);
  let learnt = shapeRule ?? withLast(numbered);
  const sure = st.current ?? learnt?.pageOf(own) ?? currentMark(leaves, anchors.map((x) => x.a), own);
  const guess = sure === undefined ? neighbourPage(own, next) : undefined;
  let current = sure ?? guess ?? 1;
  const known = [...numbered, ...(next ? [{ page: current + 1, url: next }] : []), ...(current >= 2 ? [{ page: current, url: own }] : [])];
  if (!shapeRule) {
    learnt = withLast(known);
    // A learnt rule must lead where the 下一页 link does, and must not rest on a guessed page number alone.
    if (learnt && next && learnt.url(current + 1) !== next) learnt = undefined;
    if (learnt && guess !== undefined && numbered.length === 0) learnt = undefined;
    current = st.current ?? learnt?.pageOf(own) ?? current;
  }
  const linked = learnt
    ? [next, last, ...numbered.map((k) => k.url)].flatMap((u) => (u && learnt.pageOf(u) ? [{ page: learnt.pageOf(u)!, url: u }] : []))
    : known.filter((k) => k.url !== own);
  return {
    url: own, current, linked,
    ...(stated !== undefined ? { statedPages: stated } : {}),
    ...(st.records !== undefined ? { statedRecords: st.records } : {}),
    ...(st.perPage !== undefined ? { perPage: st.perPage } : {}),
    ...(next ? { next } : {}),
    ...(learnt ? { rule: learnt } : {}),
  };
}

/** The page count the pager states; with records but no page size, `rowsOnPage` is taken as the size. */
export function statedPageCount(pager: Pager, rowsOnPage?: number): number | undefined {
  return pager.statedPages ?? pagesForRecords(pager.statedRecords, pager.perPage ?? rowsOnPage);
}

/**
 * Requests for the pages after this one, in order: the 下一页 link, then by the page rule up to the stated
 * or linked last page (clamped), else the linked pages. At most `MAX_PAGER_PAGES`.
 */
export function followingPages(pager: Pager, rowsOnPage?: number): FetchRequest[] {
  const linkedLast = pager.linked.reduce((m, k) => Math.max(m, k.page), 0);
  const last = clampPages(Math.max(statedPageCount(pager, rowsOnPage) ?? 0, linkedLast));
  const out: string[] = [];
  const seen = new Set([pager.url]);
  const add = (u: string) => {
    if (!seen.has(u) && out.length < MAX_PAGER_PAGES) {
      seen.add(u);
      out.push(u);
    }
  };
  if (pager.next) add(pager.next);
  if (pager.rule) {
    for (let n = pager.current + 1; n <= last; n++) add(pager.rule.url(n));
  } else {
    for (const k of [...pager.linked].sort((a, b) => a.page - b.page)) if (k.page > pager.current) add(k.url);
  }
  return out.map((u) => ({ url: u }));
}

/** Links of the page, with the `<option>`s of a page jumper (`<select onchange="location.href=this.value">`) as links. */
function* allAnchors(nodes: AnyNode[], inBlock: boolean): Generator<{ a: Element; inBlock: boolean }> {
  for (const node of nodes) {
    if (!isTag(node)) continue;
    if (node.name === 'a') yield { a: node, inBlock };
    else if (node.name === 'option' && /\D/.test(node.attribs.value ?? '')) yield { a: node, inBlock };
    else yield* allAnchors(node.children, inBlock || isPagerBlock(node.attribs) || isPageJumper(node));
  }
}

/**
 * The text of a pager block without the options a selector offers but has not selected (a page-size
 * choice `10条/页` that is not in force; `转到第<select>1 2 3</select>页` is no `第123页`).
 */
function statedText(node: AnyNode): string {
  if (!isTag(node)) return node.type === 'text' ? (node as unknown as { data: string }).data : '';
  if (isChoice(node.name, node.attribs)) return '';
  return node.children.map(statedText).join('');
}

/** A `<select>` whose choice opens an address: its options are the list's pages. */
function isPageJumper(el: Element): boolean {
  return el.name === 'select' && /location|window\.open/i.test(el.attribs.onchange ?? '');
}

/** Elements inside a pager block that hold only text (`<span>2/5</span>`, `<b>3</b>`); a jumper's options are links. */
function* leafElements(node: Element): Generator<Element> {
  if (node.name === 'select') return;
  const kids = node.children.filter(isTag);
  if (kids.length === 0) yield node;
  for (const kid of kids) yield* leafElements(kid);
}

/**
 * The page number a pager block marks as current: a bare number that is not a link (`<span>3</span>`)
 * or a numbered link to this very page or marked `current`. A number inside a phrase (`共<b>5</b>页`) is
 * not a mark; two different marks say nothing.
 */
function currentMark(leaves: Element[], anchors: Element[], own: string): number | undefined {
  const marks = new Set<number>();
  for (const el of leaves) {
    const n = NUMBER.exec(squash(textContent(el)))?.[1];
    if (!n || inPhrase(el)) continue;
    const link = el.name === 'a' ? el : anchorAbove(el);
    const marked = tokens(el.attribs).some((t) => CURRENT_CLASS.test(t)) || (link !== undefined && linkTarget(link, own) === own);
    if (!link || marked) marks.add(Number(n));
  }
  for (const a of anchors) {
    const n = NUMBER.exec(squash(textContent(a)))?.[1];
    if (n && linkTarget(a, own) === own) marks.add(Number(n));
  }
  return marks.size === 1 ? [...marks][0] : undefined;
}

function inPhrase(el: Element): boolean {
  const textOf = (n: AnyNode | null) => (n && n.type === 'text' ? (n as unknown as { data: string }).data : '');
  return /[共第总/]\s*$/.test(textOf(el.prev)) || /^\s*[页条/]/.test(textOf(el.next));
}

function anchorAbove(el: Element): Element | undefined {
  for (let p = el.parent; p && isTag(p); p = p.parent) if (p.name === 'a') return p;
  return undefined;
}

/** Own `…_3.html` and next `…_4.html`: this is page 3 (read 1-based: one page too many is harmless, one too few is not). */
function neighbourPage(own: string, next: string | undefined): number | undefined {
  if (!next) return undefined;
  const a = own.split(/(\d+)/);
  const b = next.split(/(\d+)/);
  if (a.length !== b.length) return undefined;
  const differ = a.flatMap((p, i) => (p === b[i] ? [] : [i]));
  if (differ.length !== 1 || differ[0] % 2 === 0) return undefined;
  const mine = Number(a[differ[0]]);
  return Number(b[differ[0]]) === mine + 1 && mine >= 1 ? mine : undefined;
}

function linkKind(a: Element): 'next' | 'last' | number | undefined {
  const text = squash(textContent(a));
  const word = text.replace(/[\s<>«»‹›＜＞[\]【】()（）]/g, '');
  const title = squash(a.attribs.title ?? '');
  const classes = tokens({ class: a.attribs.class ?? '' });
  if (NEXT_WORD.test(word) || NEXT_SIGN.test(text) || NEXT_WORD.test(title) || (text === '' && classes.some((c) => NEXT_CLASS.test(c)))) return 'next';
  if (LAST_WORD.test(word) || LAST_WORD.test(title) || (text === '' && classes.some((c) => LAST_CLASS.test(c)))) return 'last';
  const n = NUMBER.exec(text)?.[1];
  return n ? Number(n) : undefined;
}

/** A link's address: its `href` (an option's `value`), else a URL named in its `onclick` or `javascript:` code. */
function linkTarget(a: Element, base: string): string | undefined {
  const href = a.name === 'option' ? a.attribs.value : a.attribs.href;
  if ((href?.length ?? 0) > MAX_LINK_LENGTH || (a.attribs.onclick?.length ?? 0) > MAX_LINK_LENGTH) return undefined;
  const direct = absoluteUrl(href, base);
  if (direct) return normalize(direct);
  const code = `${/^\s*javascript:/i.test(href ?? '') ? href : ''} ${a.attribs.onclick ?? ''}`;
  const named = /(?:location(?:\.href)?\s*=|location\.(?:assign|replace)\(|window\.open\()\s*['"]([^'"]+)['"]/.exec(code)?.[1]
    ?? /['"]((?:https?:)?\/\/[^'"\s]+|[^'"\s(),]*(?:\.(?:s?html?|jsp|php|aspx?|do|action)|\?[\w.-]+=)[^'"\s]*)['"]/.exec(code)?.[1];
  const resolved = named ? absoluteUrl(named, base) : null;
  return resolved ? normalize(resolved) : undefined;
}

/** Longer addresses are no page links (and would make address patterns costly to compare). */
const MAX_LINK_LENGTH = 2048;

function normalize(url: string): string {
  try {
    return new URL(url).toString().replace(/#.*$/, '');
  } catch {
    return url;
  }
}
