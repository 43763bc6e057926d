import type http from 'node:http';
import { crawlColumn, type ColumnCrawlDeps } from '../src/audit/crawl-column.js';
import type { SiteServer } from '../src/demo/site-server.js';
import { addDays } from '../src/time/dates.js';
import { columnDeps, makeFetcher, tempDb } from './helpers.js';

/**
 * Shared parts of the `variants-*` fixture sites: a government site's chrome as CMS templates print it
 * (top bar, a long navigation, breadcrumb, sidebar of sub-columns, a footer with the site's identity
 * codes), a response helper and one crawl of one column.
 */

export function html(res: http.ServerResponse, body: string | Buffer, status = 200, type = 'text/html; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type }).end(body);
}

const NAV = ['首页', '政务公开', '政府信息公开', '政策文件', '政策解读', '新闻中心', '通知公告', '人事信息', '财政信息', '重点领域',
  '政务服务', '办事指南', '互动交流', '区长信箱', '在线访谈', '征集调查', '走进本区', '区情概况', '历史沿革', '专题专栏'];
const SIDE = ['机构职能', '领导信息', '内设机构', '政策文件', '规划计划', '财政预决算', '工作动态', '通知公告', '人事信息', '统计信息'];

/** The site's header, navigation and breadcrumb, as most district portals print them. */
export function siteHeader(column = '工作动态'): string {
  return `<div class="top-bar"><span class="welcome">欢迎访问示例区人民政府门户网站</span><a href="/wza/">无障碍</a><a href="/ft/">繁體</a></div>
<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="示例区人民政府"></a></div>
<div class="search"><form action="/search/"><input name="q"><button>搜索</button></form></div></div>
<div class="nav"><ul>${NAV.map((n, i) => `<li><a href="/col${i}/">${n}</a></li>`).join('')}</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; <span>${column}</span></div>
<div class="left-menu"><h3>政府信息公开</h3><ul>${SIDE.map((n, i) => `<li><a href="/xxgk/c${i}/">${n}</a></li>`).join('')}</ul></div>`;
}

export function siteFooter(): string {
  return `<div class="footer"><div class="links">相关链接：<a href="http://www.gov.cn/">中国政府网</a><a href="/sheng/">省政府网</a><a href="/shi/">市政府网</a></div>
<p>主办单位：示例区人民政府办公室　承办：示例区大数据发展中心　联系电话：0000-12345678</p>
<p>地址：示例省示例市示例区人民路100号　邮编：000000　网站标识码：0000000000　示ICP备00000000号-1　示公网安备 00000000000000号</p>
<p>建议使用1366×768分辨率、IE9及以上版本浏览器浏览本站</p></div>`;
}

/** A whole page: `<head>` extras, the site chrome, the main block. */
export function sitePage(main: string, opts: { head?: string; column?: string; charset?: string } = {}): string {
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=${opts.charset ?? 'utf-8'}">
<title>${opts.column ?? '工作动态'}_示例区人民政府</title>${opts.head ?? ''}</head><body>
${siteHeader(opts.column)}
<div class="main-right">${main}</div>
${siteFooter()}</body></html>`;
}

export interface VariantItem {
  title: string;
  date: string;
}

const TOPICS = ['安全生产大检查', '冬季森林防火', '农村人居环境整治', '政务公开培训', '乡村振兴重点任务', '城乡居民医保缴费', '防汛抗旱'];

/** `count` items of a column, newest first, one every `step` days back from `from`. */
export function variantItems(tag: string, count: number, from = '2026-11-18', step = 3): VariantItem[] {
  return Array.from({ length: count }, (_, i) => ({
    title: `关于做好${TOPICS[i % TOPICS.length]}工作的通知（${tag}-${i + 1}）`,
    date: addDays(from, -step * i),
  }));
}

/** Crawls one column of `site` (static fetches, plus the renderer when given). */
export async function crawlPath(site: SiteServer, path: string, overrides: Partial<ColumnCrawlDeps> = {}) {
  const t = tempDb();
  const fetcher = makeFetcher(t.db);
  try {
    return await crawlColumn(
      { name: '工作动态', url: `${site.origin}${path}`, category: 'news', required: [] },
      columnDeps(t.db, fetcher, { horizon: '2000-01-01', sessionKey: path, ...overrides }),
    );
  } finally {
    fetcher.close();
    t.cleanup();
  }
}
