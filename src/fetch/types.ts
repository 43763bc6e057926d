/**
 * Every way a request can end. Only `ok` and `not-modified` carry a body. `refused`: the address is
 * loopback, private, link-local or metadata and its host is not configured (never sent).
 */
export const OUTCOMES = [
  'ok', 'not-modified', 'http-4xx', 'http-5xx', 'timeout', 'connection-error', 'anti-bot',
  'too-large', 'redirect-loop', 'bad-redirect', 'invalid-url', 'refused',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface FetchRequest {
  url: string;
  /** HEAD: status and headers only, nothing cached or stored (link checks). */
  method?: 'GET' | 'POST' | 'HEAD';
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Sent as is with `contentType`. */
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface FetchResult {
  request: FetchRequest;
  outcome: Outcome;
  /** Where the body came from after redirects. */
  finalUrl: string;
  status?: number;
  /** Decoded text, for ok and not-modified (from the evidence store). */
  text?: string;
  contentType?: string;
  charset?: string;
  /** sha256 of the raw body; the evidence store holds it. */
  evidence?: string;
  /** True when the body is the same as the last one seen for this request (304 or same hash). */
  unchanged: boolean;
  redirects: string[];
  /** Human-readable cause for anything but ok; on a rendered page that is ok, the parts of it that were refused. */
  error?: string;
  elapsedMs: number;
  attempts: number;
  viaBrowser?: boolean;
}

export interface Fetcher {
  fetch(request: FetchRequest): Promise<FetchResult>;
}

/** A stable key for a request, for the HTTP cache and extraction cache. */
export function requestKey(r: FetchRequest): string {
  const method = r.method ?? (r.form || r.body ? 'POST' : 'GET');
  if (method === 'GET') return r.url;
  if (method === 'HEAD') return `HEAD ${r.url}`;
  const body = r.form ? new URLSearchParams(r.form).toString() : (r.body ?? '');
  return `${method} ${r.url} ${body}`;
}

/** What each outcome means, in the words a unit and the office read. */
export const OUTCOME_ZH: Record<Outcome, string> = {
  ok: '正常', 'not-modified': '未变化', 'http-4xx': '页面不存在或拒绝访问', 'http-5xx': '服务器错误', timeout: '请求超时',
  'connection-error': '连接失败', 'anti-bot': '反爬验证拦截', 'too-large': '页面过大', 'redirect-loop': '重定向循环',
  'bad-redirect': '重定向到非网页地址', 'invalid-url': '网址无效', refused: '地址为内网或本机，已拒绝访问',
};

/** `请求超时：…` — the outcome in Chinese with its cause. */
export function describeOutcome(r: { outcome: Outcome; error?: string }): string {
  const what = OUTCOME_ZH[r.outcome] ?? r.outcome;
  return r.error ? `${what}：${r.error}` : what;
}
