import type { ShapeModule, ListItem, ExtractContext } from './types.js';
import type { FetchRequest, FetchResult } from '../src/fetch/types.js';
import { loadHtml, rowItem } from './html.js';
import { readShownDate } from '../src/time/parse-date.js';
import { MAX_PAGER_PAGES, pagesForRecords } from './pager.js';

/**
 * S3: Hanweb jcms `jpage` columns. The records sit as CDATA inside `<script type="text/xml"><datastore>`,
 * so they are read from the raw text, not the DOM. The first perPage×groupSize records are inline; each later
 * group is a POST to the `dataproxy.jsp` proxy, whose XML reply is read by this same module.
 */
export const s3HanwebJpage: ShapeModule = {
  id: 'S3',
  version: 2,
  detect: (page) => {
    const text = page.text ?? '';
    return /\.jpage\s*\(/.test(text) || (/<datastore>/i.test(text) && /<record>/i.test(text)) || isProxyReply(text);
  },
  extract(page, ctx) {
    const text = page.text ?? '';
    return isProxyReply(text) ? extractReply(page, text, ctx) : extractColumnPage(page, text, ctx);
  },
};

const DEFAULT_PROXY = '/module/web/jpage/dataproxy.jsp';
/** Form fields the proxy expects, as they appear in a `nextgroup` link or the jpage options. */
const PARAM_KEYS = new Set(['col', 'appid', 'webid', 'path', 'columnid', 'unitid', 'webname', 'permissiontype', 'sourceContentType', 'keyWordCount']);

/** A proxy reply is bare XML: a `<datastore>` with no HTML page around it. */
function isProxyReply(text: string): boolean {
  const head = text.slice(0, 2000);
  return /^\s*(?:<\?xml[^>]*>\s*)?<datastore>/i.test(head) && !/<html|<body/i.test(head);
}

interface JpageCall {
  target: string;
  options: Map<string, string>;
}

function extractColumnPage(page: FetchResult, text: string, ctx: ExtractContext): ReturnType<ShapeModule['extract']> {
  const items = readRecords(text, page.finalUrl);
  const calls = jpageCalls(text);
  const totals = [...new Set(calls.map((c) => Number(c.options.get('totalRecord'))).filter((n) => Number.isFinite(n)))];
  const inlineTotal = /<totalrecord>\s*(\d+)\s*<\/totalrecord>/i.exec(text);
  // Calls that disagree mean one carries a placeholder (often 1000): the proxy's <totalrecord> decides then.
  const statedTotal = totals.length === 1 ? totals[0] : inlineTotal ? Number(inlineTotal[1]) : undefined;

  const next: FetchRequest[] = [];
  const call = calls.find((c) => c.options.has('perPage')) ?? calls[0];
  const perPage = positive(call?.options.get('perPage')) ?? 15;
  const statedPages = pagesForRecords(statedTotal, perPage);
  if (call && ctx.pageIndex === 0) {
    const groupSize = positive(call.options.get('groupSize')) ?? 3;
    const group = perPage * groupSize;
    const inline = new Set(items.map((i) => i.url ?? i.title)).size;
    // With no total to trust, a full inline group means more may follow; the proxy's reply then tells.
    const more = statedTotal !== undefined ? Math.min(statedTotal, recordCap(perPage)) > inline : inline >= group;
    const form = proxyForm(text, calls);
    if (more && inline > 0 && form.columnid) {
      const proxy = new URL(call.options.get('proxyUrl') ?? DEFAULT_PROXY, page.finalUrl);
      next.push(proxyRequest(proxy, inline + 1, inline + group, perPage, form, page.finalUrl));
    }
  }
  return { items, next, statedTotal, statedPages, blank: items.length === 0 };
}

/** Records beyond `MAX_PAGER_PAGES` pages are never asked for, whatever `totalRecord` claims. */
function recordCap(perPage: number): number {
  return MAX_PAGER_PAGES * perPage;
}

function extractReply(page: FetchResult, text: string, ctx: ExtractContext): ReturnType<ShapeModule['extract']> {
  // Record links are relative to the column page that asked, not to the proxy.
  const base = page.request.headers?.Referer ?? page.finalUrl;
  const items = readRecords(text, base);
  const total = /<totalrecord>\s*(\d+)\s*<\/totalrecord>/i.exec(text);
  const statedTotal = total ? Number(total[1]) : undefined;
  const next: FetchRequest[] = [];
  const asked = new URL(page.request.url);
  const start = positive(asked.searchParams.get('startrecord') ?? undefined);
  const end = positive(asked.searchParams.get('endrecord') ?? undefined);
  const perPage = positive(asked.searchParams.get('perpage') ?? undefined);
  if (start && end && perPage && statedTotal !== undefined && end < Math.min(statedTotal, recordCap(perPage)) && items.length > 0 && page.request.form) {
    const size = end - start + 1;
    next.push(proxyRequest(asked, end + 1, end + size, perPage, page.request.form, base));
  }
  const statedPages = perPage ? pagesForRecords(statedTotal, perPage) : undefined;
  return { items, next, statedTotal, statedPages, blank: items.length === 0 };
}

function proxyRequest(proxy: URL, start: number, end: number, perPage: number, form: Record<string, string>, referer: string): FetchRequest {
  const url = new URL(proxy.toString());
  url.search = `?startrecord=${start}&endrecord=${end}&perpage=${perPage}`;
  return { url: url.toString(), method: 'POST', form, headers: { Referer: referer } };
}

/** Every `<record><![CDATA[…]]></record>` in the text, read as one list row each. */
function readRecords(text: string, base: string): ListItem[] {
  const fragments: string[] = [];
  const re = /<record>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/record>/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) fragments.push(m[1]);
  if (fragments.length === 0) return [];
  const $ = loadHtml(fragments.map((f) => `<div class="jpage-record">${f}</div>`).join(''));
  const items: ListItem[] = [];
  $('div.jpage-record').each((_, el) => {
    // The date span, not the title (which may hold a year or a number of its own).
    const dated = $(el).find('span').toArray().reverse().find((s) => readShownDate($(s).text()));
    const item = rowItem($, el, base, dated ? $(dated).text() : undefined);
    if (item) items.push(item);
  });
  return items;
}

/** `$('#id').jpage({...})` calls with their scalar options (nested objects flattened). */
function jpageCalls(text: string): JpageCall[] {
  const calls: JpageCall[] = [];
  const re = /\$\(\s*["']#?([^"']+)["']\s*\)\s*\.jpage\s*\(\s*\{/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = balancedBody(text, m.index + m[0].length - 1);
    const options = new Map<string, string>();
    const pair = /([\w$]+)\s*:\s*(?:'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?)|(true|false))/g;
    for (let p = pair.exec(body); p; p = pair.exec(body)) {
      options.set(p[1], p[2] ?? p[3] ?? p[4] ?? p[5]);
    }
    calls.push({ target: m[1], options });
  }
  return calls;
}

/** The text between the `{` at `open` and its matching `}`, skipping quoted strings. */
function balancedBody(text: string, open: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** The proxy's form body: the `nextgroup` link's query and the jpage call's `param_*`/known parameters. */
function proxyForm(text: string, calls: JpageCall[]): Record<string, string> {
  const form: Record<string, string> = {};
  const nextGroup = /<nextgroup>\s*<!\[CDATA\[[\s\S]*?href=["']([^"']+)["']/i.exec(text);
  if (nextGroup) {
    const query = nextGroup[1].replace(/&amp;/g, '&').split('?')[1] ?? '';
    for (const [k, v] of new URLSearchParams(query)) if (k !== 'page') form[k] = v;
  }
  for (const call of calls) {
    for (const [key, value] of call.options) {
      const name = key.startsWith('param_') ? key.slice('param_'.length) : key;
      if ((key.startsWith('param_') || PARAM_KEYS.has(key)) && !(name in form)) form[name] = value;
    }
  }
  if (form.columnid) {
    form.col ??= '1';
    form.appid ??= '1';
    form.path ??= '/';
    form.permissiontype ??= '0';
  }
  return form;
}

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
