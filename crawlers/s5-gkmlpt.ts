/**
 * S5: the Guangdong 政府信息公开目录 platform (gkmlpt), a Vue app whose list comes from a JSON API.
 *
 * Naming a category in the column config: the entry page's URL with the category id as the fragment,
 * the way the platform's own links look: `http://host/…/gkmlpt/index#2301`. Without a fragment the
 * whole platform is read (category 0, every article). An API URL (`…/gkmlpt/api/all/2301?page=1&sid=2`)
 * may be given directly as well.
 *
 * - Entry page: `window._CONFIG = {SID, TREE:[{id, name, post_count, jump_url, children}]}` and no list.
 *   It yields no items and one next request, API page 1; a category with `jump_url` is a redirect.
 * - API reply `/gkmlpt/api/all/{catId}?page=N&sid=SID` (recognised by content):
 *   `{classify:{post_count}, articles:[{title, url, created_at, display_publish_time, …}]}`; dates are
 *   `"2021-09-03 10:22:11"` strings or epoch seconds. Page 0 and page 1 are the same page; the first
 *   reply lists pages 2…⌈post_count / page size⌉. Instances that answer 404 from page 2 end there, cut
 *   short: post_count promised more.
 */
import type { ShapeModule, Extraction, ListItem } from './types.js';
import type { FetchResult } from '../src/fetch/types.js';
import { absoluteUrl, loadHtml, squash } from './html.js';
import { assignedLiteral } from './js-literal.js';
import { epochToDate, readShownDate } from '../src/time/parse-date.js';
import { clampPages, pagesForRecords } from './pager.js';

interface TreeNode {
  id?: number | string;
  name?: string;
  post_count?: number;
  jump_url?: string;
  children?: TreeNode[];
}

interface GkmlptConfig {
  SID?: string | number;
  TREE?: TreeNode[];
}

type Article = Record<string, unknown>;

const DATE_FIELDS = ['display_publish_time', 'publish_time', 'created_at', 'create_time', 'first_publish_time'];

function isApiReply(text: string): boolean {
  return /^\s*\{/.test(text) && text.includes('"articles"');
}

function isEntryPage(text: string): boolean {
  return /_CONFIG\s*=/.test(text) && /\b(TREE|SID)\b/.test(text);
}

export const s5Gkmlpt: ShapeModule = {
  id: 'S5',
  version: 2,
  detect(page) {
    const text = page.text ?? '';
    return isApiReply(text) || isEntryPage(text);
  },
  extract(page, ctx) {
    const text = page.text ?? '';
    return isApiReply(text) ? extractApiReply(page, text) : extractEntry(page, text);
  },
};

function extractEntry(page: FetchResult, html: string): Extraction {
  const $ = loadHtml(html);
  const scripts = $('script').map((_, el) => $(el).text()).get().join('\n');
  const config = assignedLiteral(scripts, '_CONFIG') as GkmlptConfig | undefined;
  if (!config || typeof config !== 'object') return { items: [], next: [], needsBrowser: true };

  const catId = categoryOf(page.request.url) ?? categoryOf(page.finalUrl) ?? '0';
  const node = findNode(config.TREE ?? [], catId);
  if (node?.jump_url) {
    const to = absoluteUrl(node.jump_url, page.finalUrl);
    if (to) return { items: [], next: [], redirectTo: to };
  }
  const api = new URL(`${platformRoot(page.finalUrl)}api/all/${catId}`, page.finalUrl);
  api.searchParams.set('page', '1');
  if (config.SID !== undefined && config.SID !== '') api.searchParams.set('sid', String(config.SID));
  return { items: [], next: [{ url: api.toString() }] };
}

function extractApiReply(page: FetchResult, text: string): Extraction {
  let data: { articles?: unknown; classify?: { post_count?: unknown }; total?: unknown };
  try {
    data = JSON.parse(text);
  } catch {
    return { items: [], next: [] };
  }
  const articles = Array.isArray(data.articles) ? (data.articles as Article[]) : [];
  const items: ListItem[] = [];
  for (const a of articles) {
    if (!a || typeof a !== 'object') continue;
    const title = typeof a.title === 'string' ? squash(a.title) : '';
    if (!title) continue;
    const link = typeof a.url === 'string' ? a.url : typeof a.post_url === 'string' ? a.post_url : undefined;
    items.push({ title, url: absoluteUrl(link, page.finalUrl), date: articleDate(a) });
  }
  const statedTotal = toCount(data.classify?.post_count) ?? toCount(data.total);

  const url = new URL(page.finalUrl);
  const pageNo = Math.max(1, Number(url.searchParams.get('page')) || 1);
  const pageUrl = (n: number) => {
    const u = new URL(url);
    u.searchParams.set('page', String(n));
    return { url: u.toString() };
  };
  const next = [];
  // The first reply's size is the page size: `post_count` over it is the page count, clamped before use.
  const statedPages = pageNo === 1 && articles.length > 0 ? pagesForRecords(statedTotal, articles.length) : undefined;
  if (items.length > 0 && statedTotal !== undefined) {
    if (statedPages !== undefined) {
      for (let n = 2, last = clampPages(statedPages); n <= last; n++) next.push(pageUrl(n));
    }
  } else if (items.length > 0) {
    next.push(pageUrl(pageNo + 1));
  }
  return { items, next, statedTotal, statedPages, blank: items.length === 0 && pageNo === 1 };
}

/** The category id in `#2301` or `#/2301`; undefined when the URL names none. */
function categoryOf(url: string): string | undefined {
  const m = /#\/?(\d+)\b/.exec(url) ?? /\/gkmlpt\/api\/all\/(\d+)/.exec(url);
  return m?.[1];
}

/** The platform's base path (`/xx/gkmlpt/`), which may sit below a department's own directory. */
function platformRoot(url: string): string {
  const path = new URL(url).pathname;
  const at = path.indexOf('/gkmlpt/');
  return at >= 0 ? path.slice(0, at + '/gkmlpt/'.length) : '/gkmlpt/';
}

function findNode(nodes: TreeNode[], id: string): TreeNode | undefined {
  for (const node of nodes) {
    if (!node || typeof node !== 'object') continue;
    if (String(node.id) === id) return node;
    const inner = Array.isArray(node.children) ? findNode(node.children, id) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

/** An API date is always a full date or an epoch: a month-day there is no date at all. */
function articleDate(a: Article): string | null {
  for (const field of DATE_FIELDS) {
    const v = a[field];
    let date: string | null = null;
    if (typeof v === 'number') date = epochToDate(v);
    else if (typeof v === 'string' && /^\d{9,13}$/.test(v.trim())) date = epochToDate(Number(v));
    else if (typeof v === 'string') date = readShownDate(v)?.date ?? null;
    if (date) return date;
  }
  return null;
}

function toCount(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}
