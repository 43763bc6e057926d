import type { ColumnConfig } from '../config/schema.js';
import type { Fetcher, FetchRequest, FetchResult } from '../fetch/types.js';
import { describeOutcome, requestKey } from '../fetch/types.js';
import type { Extraction, ShapeModule } from '../../crawlers/types.js';
import { detectShape, shapeById } from '../../crawlers/index.js';
import { detailDate } from '../../crawlers/detail-date.js';
import { markOutOfOrderTop } from '../../crawlers/pinned.js';
import { ListYears } from '../../crawlers/list-years.js';
import { saysBlank } from '../../crawlers/html.js';
import { hostOf } from '../identity/keys.js';
import { errorPageReason, hasScripts, jumpsBy, stubTarget, type StubTarget } from '../../crawlers/verdict-pages.js';
import type { ExtractionCache } from './extraction-cache.js';
import type { ColumnObservation, FetchLog, Finding, ListEnd, ObservedItem } from './observation.js';
import { carriedReading, withReading, type CarryDeps } from './carry-forward.js';
import { checkLinks, newestLinks, type LinkCheckDeps } from './link-checks.js';

/** Renders a page in a real browser; the same result shape as a static fetch. */
export interface PageRenderer {
  render(url: string, sessionKey: string): Promise<FetchResult>;
  /** Set once the browser cannot be used (disabled, missing, failed to start): why, in Chinese. */
  readonly unavailable?: string;
}

export interface ColumnCrawlDeps extends CarryDeps, LinkCheckDeps {
  fetcher: Fetcher;
  renderer?: PageRenderer;
  extractions: ExtractionCache;
  /** The crawl date, Asia/Shanghai. */
  today: string;
  /** Items older than this cannot change the score: pagination stops once a page reaches it. */
  horizon: string;
  maxPages: number;
  maxDetailFetches: number;
  linkCheckCount: number;
  /** Browser contexts are per unit. */
  sessionKey: string;
  /** The unit's configured columns, to name the column a redirect stub points to. */
  knownColumns?: { name: string; url: string }[];
  /** The column's stable id, resolved by the caller. */
  columnId: string;
}

/** Shape-declared pointers (iframes, jump_url) followed at most this many times. */
const MAX_SHAPE_REDIRECTS = 3;
/** Categories judged on presence only: a reachable page with content is enough, list or not. */
const PRESENCE_ONLY = new Set(['guide', 'static']);

function presence(obs: ColumnObservation, page: FetchResult): ColumnObservation {
  const text = (page.text ?? '').replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<[^>]+>|\s+/g, '');
  const empty = text.length < 20 || saysBlank(text);
  return { ...obs, finalUrl: page.finalUrl, evidence: page.evidence, status: empty ? 'blank' : 'ok', reason: empty ? '页面没有内容' : undefined };
}

/**
 * Reads one column: entry page, shape, pagination, undated items' detail pages, link checks; or, when the
 * entry page shows the stored reading is still what the column holds, carries that reading forward.
 */
export async function crawlColumn(column: ColumnConfig, deps: ColumnCrawlDeps): Promise<ColumnObservation> {
  return withReading(await readColumn(column, deps), deps);
}

async function readColumn(column: ColumnConfig, deps: ColumnCrawlDeps): Promise<ColumnObservation> {
  const fetches: FetchLog[] = [];
  const findings: Finding[] = [];
  const log = (purpose: FetchLog['purpose'], r: FetchResult) => {
    fetches.push({
      purpose, url: r.request.url, finalUrl: r.finalUrl, outcome: r.outcome, status: r.status, error: r.error,
      evidence: r.evidence, elapsedMs: r.elapsedMs, viaBrowser: r.viaBrowser ?? false,
    });
    return r;
  };
  const base = (status: ColumnObservation['status'], reason?: string): ColumnObservation => ({
    columnId: deps.columnId, columnName: column.name, entryUrl: column.url, status, reason, items: [], undatedCount: 0, futureCount: 0,
    pagesFetched: fetches.filter((f) => f.purpose === 'list').length, listEnd: 'not-read', findings, fetches, linkChecks: [],
  });

  /** The browser while it can be used; it may turn out not to start on first use. */
  const browser = () => (deps.renderer && !deps.renderer.unavailable ? deps.renderer : undefined);
  const noBrowser = () => deps.renderer?.unavailable ?? '浏览器不可用';
  /** Renders `url`; undefined when the browser turned out unusable, so the static answer stands. */
  const render = async (url: string): Promise<FetchResult | undefined> => {
    const r = browser();
    if (!r) return undefined;
    const rendered = await r.render(url, deps.sessionKey);
    log('list', rendered);
    return rendered.outcome !== 'ok' && !browser() ? undefined : rendered;
  };

  /** A page that only jumps elsewhere: a finding, never credited with what the target holds. */
  const stubbed = (page: FetchResult, stub: StubTarget): ColumnObservation => {
    const target = deps.knownColumns?.find((c) => sameUrl(c.url, stub.to) && c.name !== column.name);
    const where = target ? `「${target.name}」栏目（${stub.to}）` : hostOf(stub.to) === hostOf(page.finalUrl) ? ` ${stub.to}` : `站外地址 ${stub.to}`;
    findings.push({ kind: 'redirect-stub', to: stub.to, via: stub.via, ...(target ? { targetColumn: target.name } : {}) });
    return { ...base('redirect', `栏目页面没有自己的内容，${stub.via === 'meta' ? '自动刷新' : '用脚本'}跳转至${where}`), finalUrl: page.finalUrl, evidence: page.evidence };
  };
  /**
   * The browser, asked for a page the server answered with 200 and no list, ended at another address the
   * page itself sends it to (a script inside the site's template, a timed refresh): a stub all the same.
   */
  const jumpedAway = (served: FetchResult, rendered: FetchResult): ColumnObservation | undefined => {
    if (rendered.outcome !== 'ok' || sameUrl(withoutFragment(rendered.finalUrl), withoutFragment(served.finalUrl))) return undefined;
    const via = jumpsBy(served.text ?? '');
    return via ? stubbed(served, { to: rendered.finalUrl, via }) : undefined;
  };
  /** Nothing was read from the page: a stub, an error page at 200, or (if scripts could fill it) a question for the browser. */
  const readNothing = (page: FetchResult): ColumnObservation | undefined => {
    const stub = stubTarget(page);
    if (stub) return stubbed(page, stub);
    const error = errorPageReason(page);
    if (error) return { ...base('unreachable', error), finalUrl: page.finalUrl, evidence: page.evidence };
    return undefined;
  };

  // 1. The entry page; anti-bot answers, pages without a recognised list and empty lists on pages with
  // scripts go to the browser. A list is judged blank only once the browser has seen it empty too.
  let page = log('list', await deps.fetcher.fetch({ url: column.url }));
  const carried = carriedReading(page, column, deps, fetches);
  if (carried) return { ...carried, linkChecks: await checkLinks(carried.linkTargets ?? [], deps, carried.evidence, (r) => log('link', r)) };
  let shape: ShapeModule | undefined;
  let first: Extraction | undefined;
  for (let hops = 0; ; hops++) {
    if (page.outcome === 'anti-bot' && !page.viaBrowser) {
      const rendered = await render(page.finalUrl);
      if (!rendered) return base('blocked', `反爬验证拦截（${page.error ?? page.outcome}），${noBrowser()}`);
      page = rendered;
      if (page.outcome === 'ok') findings.push({ kind: 'rendered-in-browser', reason: '静态请求遇到反爬验证（HTTP 412/521）' });
    }
    if (page.outcome === 'anti-bot') return base('blocked', page.viaBrowser ? (page.error ?? '浏览器中的反爬验证未通过') : `反爬验证拦截（${page.error ?? page.outcome}）`);
    if (page.outcome !== 'ok') return base('unreachable', describeOutcome(page));

    shape = column.shape === 'browser' ? undefined : column.shape ? shapeById(column.shape) : detectShape(page);
    const wantsBrowser = column.shape === 'browser' && !page.viaBrowser;
    if (wantsBrowser || !shape) {
      if (!shape) {
        const verdict = readNothing(page);
        if (verdict) return verdict;
      }
      const rendered = page.viaBrowser ? undefined : await render(page.finalUrl);
      if (rendered) {
        const jumped = jumpedAway(page, rendered);
        if (jumped) return jumped;
        page = rendered;
        findings.push({ kind: 'rendered-in-browser', reason: wantsBrowser ? '配置要求浏览器渲染' : '静态页面中未识别出列表' });
        if (page.outcome !== 'ok') return base(page.outcome === 'anti-bot' ? 'blocked' : 'unreachable', describeOutcome(page));
        shape = column.shape && column.shape !== 'browser' ? shapeById(column.shape) : detectShape(page);
      }
      if (!shape && PRESENCE_ONLY.has(column.category)) return presence(base('ok'), page);
      if (!shape) return readNothing(page) ?? base('unparsed', page.viaBrowser ? '页面结构无法识别' : `页面结构无法识别（${noBrowser()}）`);
    }
    first = deps.extractions.extract(shape, page, { pageIndex: 0 });
    if (first.redirectTo && hops < MAX_SHAPE_REDIRECTS) {
      // The shape's own pointer to where the list really is (an S7 iframe, a gkmlpt jump_url).
      page = log('list', await deps.fetcher.fetch({ url: first.redirectTo }));
      continue;
    }
    // Nothing on the page and nothing further to read (a list API in `next` is data, not a question for the browser).
    if (first.items.length === 0 && first.next.length === 0) {
      const verdict = readNothing(page);
      if (verdict) return verdict;
      if (!page.viaBrowser && (first.needsBrowser || hasScripts(page.text ?? ''))) {
        const rendered = await render(page.finalUrl);
        const why = first.needsBrowser ? '列表由脚本生成' : '列表为空，页面含脚本，需浏览器确认';
        if (!rendered) return base('unparsed', `${why}（${noBrowser()}）`);
        const jumped = jumpedAway(page, rendered);
        if (jumped) return jumped;
        page = rendered;
        findings.push({ kind: 'rendered-in-browser', reason: why });
        if (page.outcome !== 'ok') return base(page.outcome === 'anti-bot' ? 'blocked' : 'unreachable', describeOutcome(page));
        shape = detectShape(page) ?? shape;
        first = deps.extractions.extract(shape, page, { pageIndex: 0 });
        if (first.items.length === 0) {
          const after = readNothing(page);
          if (after) return after;
        }
      }
      if (first.needsBrowser && first.items.length === 0) return base('unparsed', '浏览器渲染后仍未读出列表');
    }
    break;
  }
  // The site's template around an error message may still show a dated sidebar the shape took for a list.
  const entryError = first.items.length > 0 ? first.errorPage : undefined;
  if (entryError) return { ...base('unreachable', entryError), finalUrl: page.finalUrl, evidence: page.evidence };
  if (hostOf(page.finalUrl) !== hostOf(column.url)) findings.push({ kind: 'redirected', to: page.finalUrl });
  const entry = page;

  // 2. Pagination, stopping once later pages cannot change the answer.
  const items: ObservedItem[] = [];
  const seen = new Set<string>();
  const years = new ListYears(deps.today);
  /** Adds a page's new items in list order and places their month-days in years; how many were new. */
  const add = (e: Extraction) => {
    const fresh: ObservedItem[] = [];
    for (const item of e.items) {
      const key = item.url ?? `${item.title}\0${item.date ?? item.monthDay ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      fresh.push({ ...item, dateSource: item.date ? 'list' : null });
    }
    years.place(fresh);
    items.push(...fresh);
    return fresh.length;
  };
  add({ ...first, items: markOutOfOrderTop(first.items, deps.today) });
  const queue = [...first.next];
  const queued = new Set(queue.map(requestKey));
  let statedTotal = first.statedTotal;
  let statedPages = first.statedPages;
  let listPages = 1;
  while (queue.length > 0 && !reachedHorizon(items, deps.horizon, deps.today)) {
    if (listPages >= deps.maxPages) {
      findings.push({ kind: 'page-cap', pages: listPages });
      break;
    }
    const request = queue.shift() as FetchRequest;
    const viaBrowser = page.viaBrowser && !request.method ? browser() : undefined;
    const next = log('list', viaBrowser
      ? await viaBrowser.render(request.url, deps.sessionKey)
      : await deps.fetcher.fetch(request));
    listPages++;
    if (next.outcome !== 'ok') {
      // Past the end of a list many servers answer 404; that is the end, not a failure, unless the pager
      // promised this page or a later one.
      const promised = queue.length > 0 || (statedPages !== undefined && listPages <= statedPages);
      if (!(next.outcome === 'http-4xx' && next.status === 404) || promised) {
        findings.push({ kind: 'page-failed', url: request.url, outcome: next.outcome, error: next.error });
      }
      break;
    }
    const extraction = deps.extractions.extract(shape, next, { pageIndex: listPages - 1 });
    // An error page cuts the list short; so does an empty page the pager says the list goes on past (a
    // captcha deep in pagination). Any other empty page is the end.
    const error = extraction.errorPage ?? (extraction.items.length === 0 ? emptyWithinStated(listPages, statedPages, statedTotal, items.length) : undefined);
    if (error) {
      findings.push({ kind: 'page-failed', url: request.url, outcome: next.outcome, error });
      break;
    }
    // An empty page, or one that repeats what was read (a server serving page 1 past the end), ends the list.
    if (extraction.items.length === 0 || add(extraction) === 0) break;
    statedTotal ??= extraction.statedTotal;
    statedPages ??= extraction.statedPages;
    for (const r of extraction.next) {
      const k = requestKey(r);
      if (!queued.has(k)) {
        queued.add(k);
        queue.push(r);
      }
    }
  }

  // 3. Undated items, and pinned month-days without a year in their URL: the date is on the detail page;
  // a month-day no page placed is the latest such day up to today. An item the list shows without any
  // date stays undated unless its page dates it (a URL date is not what a reader of the list sees).
  let detailFetches = 0;
  for (const item of items) {
    if (item.date || !item.url || detailFetches >= deps.maxDetailFetches) continue;
    detailFetches++;
    let detail = log('detail', await deps.fetcher.fetch({ url: item.url }));
    const viaBrowser = detail.outcome === 'anti-bot' && entry.viaBrowser ? browser() : undefined;
    if (viaBrowser) detail = log('detail', await viaBrowser.render(item.url, deps.sessionKey));
    const date = detail.outcome === 'ok' && detail.text ? detailDate(detail.text, deps.today) : null;
    if (!date) continue;
    if (item.monthDay) years.fromDetail(item, date);
    else {
      item.date = date;
      item.dateSource = 'detail';
    }
  }
  for (const item of items) years.lastResort(item);

  // 4. Summary facts.
  const future = items.filter((i) => i.date && i.date > deps.today);
  if (future.length > 0) {
    findings.push({ kind: 'future-dated', items: future.slice(0, 10).map((i) => ({ title: i.title, date: i.date as string, url: i.url })) });
  }
  const dated = items.filter((i) => i.date && i.date <= deps.today).sort((a, b) => (a.date! < b.date! ? 1 : -1));
  const newest = dated[0];
  const readAll = queue.length === 0 && !findings.some((f) => f.kind === 'page-cap' || f.kind === 'page-failed');
  const listEnd = listEndOf(column, findings, readAll);
  if (statedTotal !== undefined && readAll && statedTotal !== items.length) {
    findings.push({ kind: 'total-mismatch', stated: statedTotal, served: items.length });
  }

  // 5. The newest items' detail links must open.
  const linkTargets = newestLinks(dated, deps.linkCheckCount);
  const linkChecks = await checkLinks(linkTargets, deps, entry.evidence, (r) => log('link', r));

  const blank = items.length === 0;
  return {
    columnId: deps.columnId,
    columnName: column.name,
    entryUrl: column.url,
    finalUrl: entry.finalUrl,
    shape: entry.viaBrowser ? `${shape.id}+browser` : shape.id,
    status: blank ? 'blank' : 'ok',
    reason: blank ? (saysBlank(entry.text ?? '') ? '页面显示暂无信息' : '列表中没有任何信息') : undefined,
    items,
    undatedCount: items.filter((i) => !i.date).length,
    futureCount: future.length,
    newest: newest ? { date: newest.date as string, title: newest.title, url: newest.url } : undefined,
    pagesFetched: listPages,
    statedTotal,
    listEnd: items.length === 0 ? 'not-read' : listEnd.end,
    ...(listEnd.note ? { listEndNote: listEnd.note } : {}),
    evidence: entry.evidence,
    findings,
    fetches,
    linkChecks,
    linkTargets,
  };
}

/** Why an empty page `page` (1-based) cuts the list short: the pager stated more pages, and not all stated items were read. */
function emptyWithinStated(page: number, statedPages: number | undefined, statedTotal: number | undefined, read: number): string | undefined {
  if (statedPages === undefined || page > statedPages || (statedTotal !== undefined && read >= statedTotal)) return undefined;
  return `第 ${page} 页没有读出信息（列表称共 ${statedPages} 页）`;
}

/** How far the list was read: to its end, to the horizon, or cut short and why. */
function listEndOf(column: ColumnConfig, findings: Finding[], readAll: boolean): { end: ListEnd; note?: string } {
  if (column.category === 'homepage') return { end: 'latest-only', note: '首页区块只显示最新信息' };
  const cap = findings.find((f) => f.kind === 'page-cap');
  if (cap) return { end: 'page-cap', note: `列表超过 ${cap.pages} 页上限，其余未读` };
  const failed = findings.find((f) => f.kind === 'page-failed');
  if (failed) return { end: 'page-failed', note: `后续列表页无法读取：${failed.url}（${describeOutcome(failed)}）` };
  return { end: readAll ? 'end' : 'horizon' };
}

/** True once the oldest dated, unpinned item read so far is older than the horizon. */
function reachedHorizon(items: ObservedItem[], horizon: string, today: string): boolean {
  let oldest: string | undefined;
  for (const i of items) {
    if (i.pinned || !i.date || i.date > today) continue;
    if (!oldest || i.date < oldest) oldest = i.date;
  }
  return oldest !== undefined && oldest < horizon;
}

/** Same page, ignoring a trailing `index.html`-style default document and the scheme. */
function sameUrl(a: string, b: string): boolean {
  const norm = (u: string) => u.replace(/^https?:\/\//i, '').replace(/\/(?:index|default)\.s?html?$/i, '/');
  return norm(a) === norm(b);
}

function withoutFragment(url: string): string {
  return url.replace(/#.*$/, '');
}
