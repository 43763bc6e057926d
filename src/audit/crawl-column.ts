import type { ColumnConfig } from '../config/schema.js';
import type { Fetcher, FetchRequest, FetchResult } from '../fetch/types.js';
import { describeOutcome, requestKey } from '../fetch/types.js';
import type { Extraction, ShapeModule } from '../../crawlers/types.js';
import { detectShape, shapeById } from '../../crawlers/index.js';
import { detailDate } from '../../crawlers/detail-date.js';
import { markOutOfOrderTop } from '../../crawlers/pinned.js';
import { loadHtml, saysBlank, scriptRedirect } from '../../crawlers/html.js';
import type { ExtractionCache } from './extraction-cache.js';
import type { ColumnObservation, FetchLog, Finding, ListEnd, ObservedItem } from './observation.js';

/** Renders a page in a real browser; the same result shape as a static fetch. */
export interface PageRenderer {
  render(url: string, sessionKey: string): Promise<FetchResult>;
  /** Set once the browser cannot be used (disabled, missing, failed to start): why, in Chinese. */
  readonly unavailable?: string;
}

export interface ColumnCrawlDeps {
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
}

const MAX_SCRIPT_REDIRECTS = 3;
/** Categories judged on presence only: a reachable page with content is enough, list or not. */
const PRESENCE_ONLY = new Set(['guide', 'static']);

function presence(obs: ColumnObservation, page: FetchResult): ColumnObservation {
  const text = (page.text ?? '').replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<[^>]+>|\s+/g, '');
  const empty = text.length < 20 || saysBlank(text);
  return { ...obs, finalUrl: page.finalUrl, evidence: page.evidence, status: empty ? 'blank' : 'ok', reason: empty ? '页面没有内容' : undefined };
}

/** Reads one column: entry page, shape, pagination, undated items' detail pages, link checks. */
export async function crawlColumn(column: ColumnConfig, deps: ColumnCrawlDeps): Promise<ColumnObservation> {
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
    columnName: column.name, entryUrl: column.url, status, reason, items: [], undatedCount: 0, futureCount: 0,
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

  // 1. The entry page, following script-only redirect stubs; anti-bot answers go to the browser.
  let page = log('list', await deps.fetcher.fetch({ url: column.url }));
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
    if (page.outcome !== 'ok') return base('unreachable', describeFailure(page));

    shape = column.shape === 'browser' ? undefined : column.shape ? shapeById(column.shape) : detectShape(page);
    const stub = !shape && hops < MAX_SCRIPT_REDIRECTS ? scriptStubTarget(page) : undefined;
    if (stub) {
      page = log('list', await deps.fetcher.fetch({ url: stub }));
      continue;
    }
    const wantsBrowser = column.shape === 'browser' && !page.viaBrowser;
    if (wantsBrowser || !shape) {
      const rendered = page.viaBrowser ? undefined : await render(page.finalUrl);
      if (rendered) {
        page = rendered;
        findings.push({ kind: 'rendered-in-browser', reason: wantsBrowser ? '配置要求浏览器渲染' : '静态页面中未识别出列表' });
        if (page.outcome !== 'ok') return base(page.outcome === 'anti-bot' ? 'blocked' : 'unreachable', describeFailure(page));
        shape = column.shape && column.shape !== 'browser' ? shapeById(column.shape) : detectShape(page);
      }
      if (!shape && PRESENCE_ONLY.has(column.category)) return presence(base('ok'), page);
      if (!shape) return base('unparsed', page.viaBrowser ? '页面结构无法识别' : `页面结构无法识别（${noBrowser()}）`);
    }
    first = deps.extractions.extract(shape, page, { today: deps.today, pageIndex: 0 });
    const redirectTo = first.redirectTo ?? (first.items.length === 0 && !page.viaBrowser ? scriptStubTarget(page) : undefined);
    if (redirectTo && hops < MAX_SCRIPT_REDIRECTS) {
      page = log('list', await deps.fetcher.fetch({ url: redirectTo }));
      continue;
    }
    if (first.needsBrowser && first.items.length === 0) {
      // A list built by scripts: unread is "could not check", never "blank".
      const rendered = page.viaBrowser ? undefined : await render(page.finalUrl);
      if (!rendered) return base('unparsed', page.viaBrowser ? '浏览器渲染后仍未读出列表' : `列表由脚本生成（${noBrowser()}）`);
      page = rendered;
      findings.push({ kind: 'rendered-in-browser', reason: '列表由脚本生成' });
      if (page.outcome !== 'ok') return base(page.outcome === 'anti-bot' ? 'blocked' : 'unreachable', describeFailure(page));
      shape = detectShape(page) ?? shape;
      first = deps.extractions.extract(shape, page, { today: deps.today, pageIndex: 0 });
      if (first.needsBrowser && first.items.length === 0) return base('unparsed', '浏览器渲染后仍未读出列表');
    }
    break;
  }
  if (hostOf(page.finalUrl) !== hostOf(column.url)) findings.push({ kind: 'redirected', to: page.finalUrl });
  const entry = page;

  // 2. Pagination, stopping once later pages cannot change the answer.
  const items: ObservedItem[] = [];
  const seen = new Set<string>();
  const add = (e: Extraction) => {
    const before = items.length;
    for (const item of e.items) {
      const key = item.url ?? `${item.title}\0${item.date ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      items.push({ ...item, dateSource: item.date ? 'list' : null });
    }
    return items.length - before;
  };
  add({ ...first, items: markOutOfOrderTop(first.items, deps.today) });
  const queue = [...first.next];
  const queued = new Set(queue.map(requestKey));
  let statedTotal = first.statedTotal;
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
      // Past the end of a list many servers answer 404; that is the end, not a failure.
      if (!(next.outcome === 'http-4xx' && next.status === 404)) {
        findings.push({ kind: 'page-failed', url: request.url, outcome: next.outcome, error: next.error });
      }
      break;
    }
    const extraction = deps.extractions.extract(shape, next, { today: deps.today, pageIndex: listPages - 1 });
    // An empty page, or one that repeats what was read (a server serving page 1 past the end), ends the list.
    if (extraction.items.length === 0 || add(extraction) === 0) break;
    statedTotal ??= extraction.statedTotal;
    for (const r of extraction.next) {
      const k = requestKey(r);
      if (!queued.has(k)) {
        queued.add(k);
        queue.push(r);
      }
    }
  }

  // 3. Undated items: the date is on the detail page.
  let detailFetches = 0;
  for (const item of items) {
    if (item.date || !item.url || detailFetches >= deps.maxDetailFetches) continue;
    detailFetches++;
    let detail = log('detail', await deps.fetcher.fetch({ url: item.url }));
    const viaBrowser = detail.outcome === 'anti-bot' && entry.viaBrowser ? browser() : undefined;
    if (viaBrowser) detail = log('detail', await viaBrowser.render(item.url, deps.sessionKey));
    const date = detail.outcome === 'ok' && detail.text ? detailDate(detail.text, deps.today) : null;
    if (date) {
      item.date = date;
      item.dateSource = 'detail';
    }
  }

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
  const linkChecks: ColumnObservation['linkChecks'] = [];
  for (const item of dated.slice(0, deps.linkCheckCount)) {
    if (!item.url) continue;
    const r = log('link', await deps.fetcher.fetch({ url: item.url }));
    linkChecks.push({ url: item.url, title: item.title, outcome: r.outcome, status: r.status, listEvidence: entry.evidence });
  }

  const blank = items.length === 0;
  return {
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
  };
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

/** Where a page that is only a `location.href = …` script sends the browser, if it is such a stub. */
function scriptStubTarget(page: FetchResult): string | undefined {
  const text = page.text ?? '';
  return /location/.test(text) ? scriptRedirect(loadHtml(text), page.finalUrl) : undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function describeFailure(r: FetchResult): string {
  return describeOutcome(r);
}
