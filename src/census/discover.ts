import type { Fetcher, FetchResult } from '../fetch/types.js';

import type { Extraction, ShapeModule } from '../../crawlers/types.js';
import { detectShape } from '../../crawlers/index.js';
import { saysBlank } from '../../crawlers/html.js';
import { stubTarget } from '../../crawlers/verdict-pages.js';
import { hostOf } from '../identity/keys.js';
import type { ExtractionCache } from '../audit/extraction-cache.js';
import { censusKey } from './census-key.js';
import { classifyColumn, DIRECTORY_RE, type CensusCategory } from './classify.js';
import { mayBeColumn, menuNeedsBrowser, pageLinks, pageName, type PageLink } from './page-links.js';

/** A column list page the census found. */
export interface DiscoveredColumn {
  url: string;
  name: string;
  nameSource: 'anchor' | 'breadcrumb' | 'title';
  category: CensusCategory;
  /** 1: linked from the homepage or the disclosure directory (a first-level column); 2: deeper. */
  level: 1 | 2;
  shape: string | null;
  itemCount: number;
  undatedCount: number;
  newestDate: string | null;
  newestTitle: string | null;
  /** The page says it has nothing, or its list is empty. */
  blank: boolean;
  /** The list is built by script: a browser must read it (recorded, not guessed). */
  needsBrowser: boolean;
  /** The page it was first linked from. */
  foundOn: string;
  evidence: string | null;
}

/** The homepage as the 首页不更新 check needs it. */
export interface HomepageReading {
  url: string;
  reachable: boolean;
  /** `list`: the homepage itself shows dated items; `navigation`: it shows none, and is judged by the columns it links to. */
  kind: 'list' | 'navigation' | 'unreadable';
  newestDate: string | null;
  itemCount: number;
  undatedCount: number;
  evidence: string | null;
  error?: string;
}

/** A link met on a census page (for the census link checks). */
export interface MetLink {
  url: string;
  text: string;
  /** The census page it is on. */
  pageUrl: string;
  /** The column list page it is on, when that page is one. */
  columnUrl: string | null;
  pageEvidence: string | null;
}

export interface CensusReading {
  homepage: HomepageReading;
  directoryUrl: string | null;
  columns: DiscoveredColumn[];
  /** Pages whose navigation is built by script and that a browser must read. */
  needsBrowser: { url: string; reason: string }[];
  pagesFetched: number;
  /** The budget ran out with pages still queued. */
  budgetExhausted: boolean;
  links: MetLink[];
  /** Pages that could not be read as pages (a reader failed on them): skipped. */
  failedPages: { url: string; error: string }[];
}

export interface DiscoverOptions {
  fetcher: Fetcher;
  extractions?: ExtractionCache;
  /** Pages fetched at most (every request counts, redirects within one request do not). */
  budget: number;
  /** Requests in flight at once (the fetcher's host queues still apply). */
  concurrency?: number;
  /** Links recorded at most, for the link checks. */
  maxLinks?: number;
}

interface Visit {
  url: string;
  anchor: string;
  depth: number;
  /** 1 for pages linked from the homepage or directory. */
  level: 1 | 2;
  foundOn: string;
  directory: boolean;
  /** The directory page or a page under it: read before the rest of the site. */
  inDirectory: boolean;
}

/** A list needs at least this many items, so a detail page's "related" sidebar is not taken for a column. */
const MIN_LIST_ITEMS = 3;

/**
 * Reads a site breadth-first from its homepage, the disclosure directory first, within a page budget:
 * every page a shape reads dated items from is a column; other pages are navigation whose same-site links
 * are followed. Pure reading: nothing is stored here.
 */
export async function discoverSite(homepage: string, opts: DiscoverOptions): Promise<CensusReading> {
  const ownHosts = new Set([hostOf(homepage)]);
  const seen = new Set<string>([censusKey(homepage)]);
  // The disclosure directory and what it links to come first, so a small budget is spent where the columns are.
  const primary: Visit[] = [];
  const rest: Visit[] = [];
  const columns: DiscoveredColumn[] = [];
  const needsBrowser: CensusReading['needsBrowser'] = [];
  const links: MetLink[] = [];
  const failedPages: CensusReading['failedPages'] = [];
  const maxLinks = opts.maxLinks ?? 5000;
  const linkKeys = new Set<string>();
  let pagesFetched = 0;
  let homepageReading: HomepageReading = { url: homepage, reachable: false, kind: 'unreadable', newestDate: null, itemCount: 0, undatedCount: 0, evidence: null };
  let directoryUrl: string | null = null;

  const enqueue = (v: Visit, front = false) => {
    const key = censusKey(v.url);
    if (seen.has(key)) return;
    seen.add(key);
    const queue = v.inDirectory ? primary : rest;
    if (front) queue.unshift(v);
    else queue.push(v);
  };

  const visit = async (v: Visit) => {
    pagesFetched++;
    const page = await opts.fetcher.fetch({ url: v.url });
    const isHome = v.depth === 0;
    if (isHome) {
      for (const r of [page.finalUrl, ...page.redirects]) ownHosts.add(hostOf(r));
      homepageReading = { ...homepageReading, reachable: page.outcome === 'ok', evidence: page.evidence ?? null, ...(page.outcome === 'ok' ? {} : { error: page.error ?? page.outcome }) };
    }
    if (page.outcome !== 'ok' || !isHtml(page)) return;
    if (v.directory) ownHosts.add(hostOf(page.finalUrl));
    const html = page.text ?? '';
    const stub = stubTarget(page);
    if (stub) {
      enqueue({ ...v, url: stub.to }, true);
      return;
    }
    const reading = readList(page, opts.extractions);
    const all = pageLinks(html, page.finalUrl);
    const itemUrls = new Set(reading?.extraction.items.map((i) => i.url).filter((u): u is string => !!u).map(censusKey));
    const pagerUrls = new Set(reading?.extraction.next.map((r) => censusKey(r.url)));
    const isColumn = !isHome && reading !== undefined && (reading.items >= MIN_LIST_ITEMS || reading.blank || reading.needsBrowser);

    for (const l of all) {
      const key = censusKey(l.url) + '\0' + censusKey(page.finalUrl);
      if (l.kind === 'a' && links.length < maxLinks && !linkKeys.has(key)) {
        linkKeys.add(key);
        links.push({ url: l.url, text: l.text, pageUrl: page.finalUrl, columnUrl: isColumn ? v.url : null, pageEvidence: page.evidence ?? null });
      }
    }
    if (isHome) {
      const items = reading?.extraction.items ?? [];
      // Undated links on a homepage are as likely its menu as undated news: without a dated item it is judged as a
      // navigation page, by its columns, so a menu is never taken for news that was not updated.
      const newest = newestOf(items);
      homepageReading = { ...homepageReading, ...newest, kind: newest.newestDate ? 'list' : 'navigation', itemCount: items.length };
    }
    if (reading?.extraction.redirectTo) enqueue({ ...v, url: reading.extraction.redirectTo }, true);
    if (isColumn && reading) columns.push(columnOf(v, page, reading));

    const sameSite = all.filter((l) => ownHosts.has(hostOf(l.url)));
    if (!isColumn && menuNeedsBrowser(html, sameSite.filter((l) => l.kind === 'a').length)) {
      needsBrowser.push({ url: page.finalUrl, reason: '栏目导航由脚本生成，需浏览器读取' });
    }
    for (const l of sameSite) {
      const key = censusKey(l.url);
      if (itemUrls.has(key) || pagerUrls.has(key) || !mayBeColumn(l)) continue;
      if (l.kind === 'frame') {
        enqueue({ ...v, url: l.url, anchor: v.anchor }, true);
        continue;
      }
      const directory = (isHome && DIRECTORY_RE.test(l.text)) && directoryUrl === null;
      if (directory) directoryUrl = l.url;
      const level: 1 | 2 = isHome || v.directory ? 1 : 2;
      enqueue({ url: l.url, anchor: l.text, depth: v.depth + 1, level, foundOn: page.finalUrl, directory, inDirectory: directory || v.inDirectory }, directory);
    }
    // A directory on another host (xxgk.…): its links are the site's own.
    if (isHome) for (const l of all) if (DIRECTORY_RE.test(l.text) && !ownHosts.has(hostOf(l.url)) && mayBeColumn(l)) {
      if (directoryUrl === null) directoryUrl = l.url;
      ownHosts.add(hostOf(l.url));
      enqueue({ url: l.url, anchor: l.text, depth: 1, level: 1, foundOn: page.finalUrl, directory: true, inDirectory: true }, true);
    }
  };

  /** A page that breaks a reader (sites are untrusted input) is skipped, never the end of the census. */
  const visitSafely = async (v: Visit) => {
    try {
      await visit(v);
    } catch (err) {
      failedPages.push({ url: v.url, error: err instanceof Error ? err.message : String(err) });
    }
  };
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  // The homepage first, alone: it decides the site's hosts and the directory.
  await visitSafely({ url: homepage, anchor: '', depth: 0, level: 1, foundOn: '', directory: false, inDirectory: false });
  while (primary.length + rest.length > 0 && pagesFetched < opts.budget) {
    const queue = primary.length > 0 ? primary : rest;
    const batch = queue.splice(0, Math.min(concurrency, opts.budget - pagesFetched));
    await Promise.all(batch.map(visitSafely));
  }
  if (homepageReading.kind === 'navigation' && !homepageReading.reachable) homepageReading.kind = 'unreadable';
  return { homepage: homepageReading, directoryUrl, columns, needsBrowser, pagesFetched, budgetExhausted: primary.length + rest.length > 0, links, failedPages };
}

interface ListReading {
  shape: ShapeModule;
  extraction: Extraction;
  items: number;
  blank: boolean;
  needsBrowser: boolean;
}

function readList(page: FetchResult, cache: ExtractionCache | undefined): ListReading | undefined {
  const shape = detectShape(page);
  if (!shape) return undefined;
  const extraction = cache ? cache.extract(shape, page, { pageIndex: 0 }) : shape.extract(page, { pageIndex: 0 });
  if (extraction.errorPage) return undefined;
  const dated = extraction.items.filter((i) => i.date || i.monthDay).length;
  const empty = extraction.items.length === 0;
  return {
    shape, extraction, items: dated >= MIN_LIST_ITEMS ? extraction.items.length : dated,
    blank: empty && (extraction.blank === true || saysBlank(page.text ?? '')) && extraction.next.length === 0,
    needsBrowser: empty && extraction.needsBrowser === true,
  };
}

function columnOf(v: Visit, page: FetchResult, r: ListReading): DiscoveredColumn {
  const fromPage = pageName(page.text ?? '');
  const anchor = v.anchor && !/^(?:更多|more|\+)/i.test(v.anchor) ? v.anchor : '';
  const name = anchor || fromPage?.name || new URL(v.url).pathname;
  const newest = newestOf(r.extraction.items);
  return {
    url: v.url, name, nameSource: anchor ? 'anchor' : (fromPage?.source ?? 'title'),
    category: classifyColumn(name), level: v.level, shape: r.shape.id,
    itemCount: r.extraction.items.length, undatedCount: newest.undatedCount, newestDate: newest.newestDate,
    newestTitle: newest.newestTitle, blank: r.blank, needsBrowser: r.needsBrowser, foundOn: v.foundOn,
    evidence: page.evidence ?? null,
  };
}

function newestOf(items: Extraction['items']): { newestDate: string | null; newestTitle: string | null; undatedCount: number } {
  let best: Extraction['items'][number] | undefined;
  for (const i of items) if (i.date && (!best || i.date > (best.date as string))) best = i;
  return { newestDate: best?.date ?? null, newestTitle: best?.title ?? null, undatedCount: items.filter((i) => !i.date).length };
}

function isHtml(page: FetchResult): boolean {
  const type = page.contentType ?? '';
  return type === '' || /html|xml|text\/plain/i.test(type);
}

