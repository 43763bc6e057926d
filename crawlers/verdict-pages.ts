import type { FetchResult } from '../src/fetch/types.js';
import type { CheerioAPI } from 'cheerio';
import { absoluteUrl, loadHtml, squash } from './html.js';

/** Where a page that only sends the browser elsewhere points, and how. */
export interface StubTarget {
  to: string;
  via: 'script' | 'meta';
}

/** `<meta http-equiv="refresh" content="0; url=…">`, attribute order and quotes as sites write them. */
const META_REFRESH_RE = /<meta\b[^>]*http-equiv\s*=\s*["']?refresh["']?[^>]*>/i;
const META_CONTENT_RE = /content\s*=\s*(["'])(.*?)\1|content\s*=\s*([^\s>]+)/i;
const REFRESH_URL_RE = /^\s*\d*(?:\.\d+)?\s*[;,]?\s*(?:url\s*=\s*)?["']?([^"']+)["']?\s*$/i;

/**
 * A redirect stub: a page with no content of its own that only jumps elsewhere by script
 * (`location.href = …`) or by `<meta http-equiv=refresh>`. Such a column is not credited with what the
 * target holds.
 */
export function stubTarget(page: FetchResult): StubTarget | undefined {
  const text = page.text ?? '';
  const meta = META_REFRESH_RE.exec(text);
  if (meta) {
    const content = META_CONTENT_RE.exec(meta[0]);
    const value = content?.[2] ?? content?.[3] ?? '';
    const url = REFRESH_URL_RE.exec(value)?.[1];
    const to = url && /url\s*=/i.test(value) ? absoluteUrl(url, page.finalUrl) : null;
    if (to && to !== page.finalUrl && hasNoContent(loadHtml(text))) return { to, via: 'meta' };
  }
  if (!/location/.test(text)) return undefined;
  const $ = loadHtml(text);
  const scripts = $('script').map((_, el) => $(el).text()).get().join('\n');
  const target = SCRIPT_JUMP_RE.exec(scripts)?.[1];
  const to = target && hasNoContent($) ? absoluteUrl(target, page.finalUrl) : null;
  return to && to !== page.finalUrl ? { to, via: 'script' } : undefined;
}

/** `location.href = '…'`, `top.location = '…'`, `location.replace('…')` and the like, with a literal address. */
const SCRIPT_JUMP_RE = /(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*(?:=|\.replace\(|\.assign\()\s*["']([^"']+)["']/;

const LOCATION_CODE_RE = /location(?:\.href)?\s*=(?!=)|location\.(?:replace|assign)\s*\(/;

/**
 * How a page could send the browser elsewhere by itself: a `<meta http-equiv=refresh>` or script that
 * sets the location (in a template with content of its own, so no `stubTarget`). Undefined when it has
 * neither: an address the browser ends at is then the page's own doing (`history.pushState`), no jump.
 */
export function jumpsBy(html: string): StubTarget['via'] | undefined {
  if (META_REFRESH_RE.test(html)) return 'meta';
  return LOCATION_CODE_RE.test(html) ? 'script' : undefined;
}

/** A page with no content of its own: hardly any text outside scripts, at most one link. */
function hasNoContent($: CheerioAPI): boolean {
  const body = squash($('body').clone().find('script, style, noscript').remove().end().text());
  return body.length < 40 && $('a[href]').length <= 1;
}

/**
 * Words of a page that answered 200 but is an error, busy, refusal or maintenance page: what it shows
 * says nothing about the column, so it is "could not check", never blank. Server pages (nginx, Apache,
 * Tomcat, IIS, ASP.NET), firewalls, and the site's own template around a one-line message.
 */
const ERROR_PAGE_RE = new RegExp([
  '系统繁忙', '服务器繁忙', '访问(?:过于|太)频繁', '访问人数过多', '请稍后(?:再)?(?:试|访问)', '稍后重试', '(?:网站|系统|页面)?正在(?:升级)?维护', '(?:网站|系统)(?:升级)?维护中',
  '页面(?:不存在|已删除|找不到|无法访问)', '您(?:所|要)?访问的页面(?:不存在|已删除|找不到)', '找不到(?:该|此)?(?:页面|文件或目录)', '数据库(?:连接)?(?:错误|失败|异常)',
  '服务(?:暂时)?不可用', '系统(?:错误|异常|出错)', '服务器(?:内部)?(?:错误|出错|异常)', '程序(?:错误|出错)', '访问(?:受限|被拒绝|被拦截)', '非法(?:访问|请求)',
  '被网站管理员设置(?:为)?拦截',
  String.raw`\b(?:HTTP (?:Status|Error) )?[45]\d\d(?:\.\d+)?\s*[-–—:]?\s*(?:Not Found|Forbidden|Internal Server Error|Bad Gateway|Service (?:Temporarily )?Unavailable|Gateway Time-?out|Too Many Requests)\b`,
  String.raw`\bService (?:Temporarily )?Unavailable\b`, String.raw`\bServer Error in '`, String.raw`\bThe requested URL [^ ]* ?was not found on this server`,
].join('|'), 'i');

/**
 * Longer pages that mention such words in passing are real pages (the text of an empty column page with
 * the site's menus and footer stays well below this; link texts, where menus and item titles are, do not count).
 */
const ERROR_PAGE_MAX_TEXT = 2000;

/**
 * Why a page that answered 200 is an error page, read from its title and its text outside links and
 * linked list rows (item titles and summaries: a list of notices about maintenance is no maintenance
 * page). Checked on every list page, items or not: the site template around an error message often
 * still shows a dated sidebar.
 */
export function errorPageReason(page: FetchResult): string | undefined {
  const raw = page.text ?? '';
  if (!ERROR_PAGE_RE.test(raw)) return undefined;
  const $ = loadHtml(raw);
  $('script, style, noscript').remove();
  $('body').find('li, tr, dd').filter((_, el) => $(el).find('a').length > 0).remove();
  $('body a').remove();
  const text = squash(`${$('title').text()} ${$('body').text()}`);
  if (text.length > ERROR_PAGE_MAX_TEXT) return undefined;
  const m = ERROR_PAGE_RE.exec(text);
  return m ? `页面显示“${m[0]}”，未能读取栏目内容` : undefined;
}

/** Script types that hold data, not code. */
const DATA_SCRIPT_RE = /^(?:text\/(?:xml|template|html|x-template)|application\/(?:json|ld\+json))$/i;

/** Whether scripts run on the page (external ones, or inline code): a browser may see a list the HTML does not hold. */
export function hasScripts(html: string): boolean {
  const re = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(m[1])?.[1];
    if (type && DATA_SCRIPT_RE.test(type)) continue;
    if (/\bsrc\s*=/i.test(m[1]) || m[2].trim() !== '') return true;
  }
  return false;
}
