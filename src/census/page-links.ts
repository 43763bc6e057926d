import { absoluteUrl, loadHtml, squash } from '../../crawlers/html.js';

/** A link as a census page shows it. */
export interface PageLink {
  url: string;
  text: string;
  /** `frame`: a `<frame>`/`<iframe>` source, part of the page rather than a link away from it. */
  kind: 'a' | 'frame';
}

/** Files a census never parses as pages; their links are checked as attachments. */
export const ATTACHMENT_RE = /\.(?:pdf|docx?|xlsx?|wps|et|zip|rar|7z)$/i;
const ASSET_RE = /\.(?:jpe?g|png|gif|bmp|svg|ico|webp|css|js|mp4|mp3|flv|swf|apk|exe)$/i;
/** Detail-page addresses as the CMSs write them (TRS `t20261120_123.html`, Hanweb `art_1_2.html`, `content_…`, `iDetail.jsp`). */
const DETAIL_RE = /\/t\d{8}_\d+\.|\/art_\d+_\d+\.|\/content_\d+\.|\/\d{6,}\.s?html?$|detail/i;
const PAGER_TEXT_RE = /^(?:首页|上一页|下一页|尾页|末页|上页|下页|\d+|\.\.\.|…|>+|<+|»|«|更多|more|更多>>|\+)$/i;

/** Every link and frame on a page, resolved against its final address, fragments removed, in page order. */
export function pageLinks(html: string, base: string): PageLink[] {
  const $ = loadHtml(html);
  const out: PageLink[] = [];
  $('a[href], area[href]').each((_, el) => {
    const url = absoluteUrl($(el).attr('href'), base);
    if (url) out.push({ url: url.replace(/#.*$/, ''), text: squash($(el).attr('title') || $(el).text()).slice(0, 40), kind: 'a' });
  });
  $('frame[src], iframe[src]').each((_, el) => {
    const url = absoluteUrl($(el).attr('src'), base);
    if (url) out.push({ url: url.replace(/#.*$/, ''), text: squash($(el).attr('title') ?? $(el).attr('name') ?? ''), kind: 'frame' });
  });
  return out;
}

/** Whether a link could lead to another column: a page (not a file, an asset or an item's detail page) and not a pager control. */
export function mayBeColumn(link: PageLink): boolean {
  const path = new URL(link.url).pathname;
  return !ATTACHMENT_RE.test(path) && !ASSET_RE.test(path) && !DETAIL_RE.test(path) && !PAGER_TEXT_RE.test(link.text);
}

/** A page's own name: the breadcrumb's last part (当前位置：首页 > … > 名称), else its `<title>` before a separator. */
export function pageName(html: string): { name: string; source: 'breadcrumb' | 'title' } | undefined {
  const $ = loadHtml(html);
  const crumb = $('[class*=position], [class*=crumb], [class*=location], [id*=position], [id*=crumb], [class*=dqwz]').first();
  if (crumb.length) {
    const parts = squash(crumb.text()).replace(/^.*?(?:当前位置|您的位置|所在位置)[:：]?/, '').split(/\s*(?:>|＞|›|»|\/|→)\s*/).map((s) => s.trim()).filter(Boolean);
    const last = parts.at(-1);
    if (last && last.length <= 20 && !/^首页$/.test(last)) return { name: last, source: 'breadcrumb' };
  }
  const title = squash($('title').first().text()).split(/\s*[-_|—–]\s*/)[0];
  return title ? { name: title.slice(0, 20), source: 'title' } : undefined;
}

/** A page whose menu is built by script: few links of its own, scripts that write markup or load menu data. */
export function menuNeedsBrowser(html: string, sameSiteLinks: number): boolean {
  if (sameSiteLinks >= 3) return false;
  return /document\.write|innerHTML|appendChild|\$\(.+\)\.(?:html|append)\(|fetch\(|XMLHttpRequest|\.ajax\(|new Vue|createApp|ReactDOM/.test(html);
}
