import type http from 'node:http';
import type { RouteHandler } from '../site-server.js';
import { HOST, dateAgo, type PlacedItem } from './items.js';

export { HOST };

export type Routes = Record<string, RouteHandler>;

/** The unit a demo page belongs to: its name in headers and footers, and its home path. */
export interface DemoSite {
  name: string;
  home: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Escapes text for a JS string literal inside a `<script>` (no `</script>` can close it early). */
export function jsString(text: string): string {
  return JSON.stringify(text).replace(/</g, '\\u003c');
}

export function send(req: http.IncomingMessage, res: http.ServerResponse, body: string | Buffer, status = 200, type = 'text/html; charset=utf-8'): void {
  const out = typeof body === 'string' ? body.replaceAll(HOST, req.headers.host ?? '127.0.0.1') : body;
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache' }).end(out);
}

/** A route that always answers the same page. */
export function page(body: string): RouteHandler {
  return (req, res) => send(req, res, body);
}

/** A list title as a CMS shows it: cut with `…` past `max` characters (the full title stays in `title=`). */
export function shown(title: string, max = 22): string {
  return title.length > max ? `${title.slice(0, max - 2)}…` : title;
}

/** A whole page of a unit's site: header, menu, breadcrumb, the column's content, footer. */
export function sitePage(site: DemoSite, column: string, main: string, head = ''): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${esc(column)} - ${esc(site.name)}</title>${head}</head>
<body>
<div class="header"><a href="${site.home}"><img src="/images/logo.png" alt="${esc(site.name)}"></a><span class="site-name">${esc(site.name)}</span></div>
<div class="nav"><ul>
  <li><a href="${site.home}">首页</a></li><li><a href="${site.home}xxgk/">信息公开</a></li>
  <li><a href="${site.home}bsfw/">办事服务</a></li><li><a href="${site.home}hdjl/">互动交流</a></li>
</ul></div>
<div class="crumb">当前位置：<a href="${site.home}">首页</a> &gt; <a href="${site.home}xxgk/">信息公开</a> &gt; ${esc(column)}</div>
<div class="main">
<h2 class="column-title">${esc(column)}</h2>
${main}
</div>
<div class="footer">主办：${esc(site.name)}　　本站为演示区网站，内容均为虚构</div>
</body></html>`;
}

/** A detail (article) page. Dated pages also carry a page-generation `PubDate` meta that the label outranks. */
function detailPage(site: DemoSite, item: PlacedItem, asOf: string): string {
  const kind = item.detail ?? 'dated';
  const ago = item.detailAgo ?? item.ago;
  const date = ago === null ? null : dateAgo(asOf, ago);
  const head = kind === 'meta' && date
    ? `<meta name="PubDate" content="${date} 09:30">`
    : kind === 'dated' ? `<meta name="PubDate" content="${asOf} 06:00:00">` : '';
  const info = kind === 'dated' && date ? `信息提供日期：${date}　　` : '';
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${esc(item.title)}</title>${head}</head>
<body>
<div class="header"><a href="${site.home}">${esc(site.name)}</a></div>
<div class="article">
<h1>${esc(item.title)}</h1>
<div class="info">${info}来源：${esc(site.name)}</div>
<div class="content"><p>本页为演示区网站的演示内容，不对应任何真实单位或文件。</p></div>
</div>
<div class="footer">主办：${esc(site.name)}</div>
</body></html>`;
}

/** The detail pages of a column's items that are served here (a `missing` detail answers 404). */
export function detailRoutes(site: DemoSite, items: PlacedItem[], asOf: string): Routes {
  const routes: Routes = {};
  for (const item of items) {
    if (!item.path || item.detail === 'missing') continue;
    routes[item.path] = page(detailPage(site, item, asOf));
  }
  return routes;
}

/**
 * The site server routes exact paths; pages told apart by their query (`iContent.jsp?cat_id=31&id=7`) are
 * listed with the query in the key and answered here by one handler per path (404 for an unknown query).
 */
export function routeQueries(routes: Routes): Routes {
  const out: Routes = {};
  const byPath = new Map<string, Map<string, RouteHandler>>();
  for (const [key, handler] of Object.entries(routes)) {
    const q = key.indexOf('?');
    if (q < 0) {
      out[key] = handler;
      continue;
    }
    const path = key.slice(0, q);
    if (!byPath.has(path)) byPath.set(path, new Map());
    byPath.get(path)?.set(key.slice(q), handler);
  }
  for (const [path, queries] of byPath) {
    const fallback = out[path];
    out[path] = (req, res, body) => {
      const handler = queries.get(new URL(req.url ?? '/', 'http://x').search) ?? fallback;
      if (handler) return handler(req, res, body);
      send(req, res, '<html><body>404 Not Found</body></html>', 404);
    };
  }
  return out;
}
