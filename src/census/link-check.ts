import type { Fetcher, FetchResult } from '../fetch/types.js';
import { hostOf } from '../identity/keys.js';
import { attachmentProblem } from './attachment-check.js';
import { ATTACHMENT_RE } from './page-links.js';
import type { MetLink } from './discover.js';

/** How a link is broken. */
export type BrokenKind = 'not-found' | 'server-error' | 'refused' | 'timeout' | 'dns' | 'connection' | 'attachment';

export interface BrokenLink {
  url: string;
  text: string;
  pageUrl: string;
  columnUrl: string | null;
  pageEvidence: string | null;
  kind: BrokenKind;
  status: number | null;
  /** In Chinese, for the unit. */
  detail: string;
  /** Body of a broken attachment (evidence), when one was served. */
  evidence: string | null;
}

export interface LinkCheckOptions {
  fetcher: Fetcher;
  /** Reads a stored body by hash (attachments are judged on their bytes). */
  body: (hash: string) => Buffer | undefined;
  /** Distinct links checked at most tonight. */
  budget: number;
  /** Distinct links checked at most per host tonight (external sites are not hammered). */
  perHost: number;
  /** The unit's own hosts: a name that no longer resolves is reported only for other domains. */
  ownHosts: ReadonlySet<string>;
  /** Whether a link is checked tonight (one that opened recently is not); default every link. */
  due?: (url: string) => boolean;
}

export interface LinkCheckSummary {
  /** Distinct links checked. */
  checked: number;
  /** Distinct links met but left for another night (budget, per-host limit) or not checkable (refused address, anti-bot, too large). */
  unchecked: number;
  /** One per page a broken link is on. */
  broken: BrokenLink[];
  /** Distinct broken links. */
  brokenLinks: number;
  /** Distinct links not due tonight: they opened at a recent census. */
  recentlyOk: number;
  /** Every link judged tonight and whether it opened (for the next census's `due`). */
  results: { url: string; ok: boolean }[];
}

type Verdict = { ok: true } | { ok: false; kind: BrokenKind; status: number | null; detail: string; evidence: string | null } | { unchecked: string };

const KIND_ZH: Record<BrokenKind, string> = {
  'not-found': '页面不存在', 'server-error': '服务器错误', refused: '连接被拒绝', timeout: '请求超时', dns: '域名无法解析',
  connection: '连接失败', attachment: '附件无法打开',
};

/**
 * Checks every distinct link the census met, within the night's budget and a per-host limit: HEAD first,
 * GET when HEAD is not answered well (many servers refuse HEAD), GET always for attachments, whose bytes
 * must be a whole file of their type. Only clear failures are broken; anything that could not be judged
 * (a refused private address, an anti-bot page, a body over the size cap) is left unchecked.
 */
export async function checkCensusLinks(links: readonly MetLink[], opts: LinkCheckOptions): Promise<LinkCheckSummary> {
  const byUrl = new Map<string, MetLink[]>();
  for (const l of links) {
    if (!/^https?:/i.test(l.url)) continue;
    const list = byUrl.get(l.url);
    if (list) list.push(l);
    else byUrl.set(l.url, [l]);
  }
  const perHost = new Map<string, number>();
  const todo: string[] = [];
  let unchecked = 0;
  let recentlyOk = 0;
  for (const url of byUrl.keys()) {
    if (opts.due && !opts.due(url)) {
      recentlyOk++;
      continue;
    }
    const host = hostOf(url);
    const n = perHost.get(host) ?? 0;
    if (todo.length >= opts.budget || n >= opts.perHost) {
      unchecked++;
      continue;
    }
    perHost.set(host, n + 1);
    todo.push(url);
  }
  const verdicts = await Promise.all(todo.map(async (url) => [url, await checkOne(url, opts)] as const));
  const broken: BrokenLink[] = [];
  const results: LinkCheckSummary['results'] = [];
  let brokenLinks = 0;
  for (const [url, v] of verdicts) {
    if ('unchecked' in v) {
      unchecked++;
      continue;
    }
    results.push({ url, ok: v.ok });
    if (v.ok) continue;
    brokenLinks++;
    for (const l of byUrl.get(url) ?? []) {
      broken.push({ url, text: l.text, pageUrl: l.pageUrl, columnUrl: l.columnUrl, pageEvidence: l.pageEvidence, kind: v.kind, status: v.status, detail: v.detail, evidence: v.evidence });
    }
  }
  return { checked: results.length, unchecked, broken, brokenLinks, recentlyOk, results };
}

async function checkOne(url: string, opts: LinkCheckOptions): Promise<Verdict> {
  const path = new URL(url).pathname;
  const attachment = ATTACHMENT_RE.test(path);
  if (!attachment) {
    const head = await opts.fetcher.fetch({ url, method: 'HEAD' });
    if (head.outcome === 'ok') return { ok: true };
    const settled = failure(head, url, opts.ownHosts);
    // A name that does not resolve, a refused address or a timeout will not answer a GET either.
    if (settled && 'kind' in settled && ['dns', 'timeout', 'refused'].includes(settled.kind)) return settled;
    if (head.outcome === 'refused') return { unchecked: head.error ?? 'refused' };
  }
  const got = await opts.fetcher.fetch({ url });
  if (got.outcome !== 'ok') return failure(got, url, opts.ownHosts) ?? { unchecked: got.error ?? got.outcome };
  if (!attachment) return { ok: true };
  const body = got.evidence ? opts.body(got.evidence) : undefined;
  if (!body) return { unchecked: '附件内容未保存' };
  const problem = attachmentProblem(path, body, got.contentType);
  return problem ? { ok: false, kind: 'attachment', status: got.status ?? null, detail: problem, evidence: got.evidence ?? null } : { ok: true };
}

/** A clear failure of a request, or undefined when the outcome says nothing about the link (anti-bot, too large, refused). */
function failure(r: FetchResult, url: string, ownHosts: ReadonlySet<string>): Verdict | undefined {
  const status = r.status ?? null;
  const broken = (kind: BrokenKind, detail = KIND_ZH[kind]) => ({ ok: false as const, kind, status, detail: status ? `${detail}（HTTP ${status}）` : detail, evidence: null });
  switch (r.outcome) {
    case 'http-4xx':
      return status === 404 || status === 410 ? broken('not-found') : undefined;
    case 'http-5xx':
      return broken('server-error');
    case 'timeout':
      return broken('timeout');
    case 'connection-error': {
      const error = r.error ?? '';
      if (/ENOTFOUND|EAI_AGAIN|没有地址/.test(error)) return ownHosts.has(hostOf(url)) ? undefined : broken('dns', `域名 ${hostOf(url)} 已无法解析`);
      if (/ECONNREFUSED/.test(error)) return broken('refused');
      return broken('connection', `连接失败：${error}`);
    }
    case 'invalid-url':
    case 'bad-redirect':
    case 'redirect-loop':
      return broken('not-found', r.error ?? KIND_ZH['not-found']);
    default:
      return undefined;
  }
}
