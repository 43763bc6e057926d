import type { RouteHandler } from './site-server.js';
import { addDays } from '../time/dates.js';

/**
 * The bundled demo district's web sites, generated from a compact description so every page shape and
 * quirk appears somewhere. Dates are relative to the demo's as-of date, so the findings never age.
 */
export const DEMO_AS_OF = '2026-11-20';

export const DEMO_ORIGIN_PLACEHOLDER = 'http://demo.zwgk.invalid';

interface DemoItem {
  title: string;
  /** Days before the as-of date; negative = in the future. null = no date on the list. */
  ago: number | null;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function s1Page(items: DemoItem[], page: number, pages: number, asOf: string, base: string): string {
  const rows = items.map((it, i) => {
    const date = it.ago === null ? '' : addDays(asOf, -it.ago).replaceAll('-', '/');
    const spacer = (i + 1) % 5 === 0 ? '\n<li class="empty"></li>' : '';
    return `<li><a href="${base}t${page}_${i}.html" title="${esc(it.title)}">${esc(it.title)}</a><span>${date}</span></li>${spacer}`;
  });
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>栏目</title></head><body>
<ul class="u-list">
${rows.join('\n')}
</ul>
<script>createPageHTML(${pages}, ${page}, "index", "html");</script>
</body></html>`;
}

function html(res: Parameters<RouteHandler>[1], body: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
}

/** A TRS-style column whose items are published every `every` days, the newest `newest` days ago. */
function s1Column(path: string, newest: number, every: number, count: number, asOf: string): Record<string, RouteHandler> {
  const perPage = 20;
  const items: DemoItem[] = Array.from({ length: count }, (_, i) => ({ title: `${path.split('/')[2] ?? '信息'}第${count - i}期工作信息`, ago: newest + i * every }));
  const pages = Math.max(1, Math.ceil(count / perPage));
  const routes: Record<string, RouteHandler> = {};
  for (let p = 0; p < pages; p++) {
    const slice = items.slice(p * perPage, (p + 1) * perPage);
    routes[`${path}${p === 0 ? 'index' : `index_${p}`}.html`] = (_req, res) => html(res, s1Page(slice, p, pages, asOf, path));
  }
  return routes;
}

export function demoRoutes(asOf = DEMO_AS_OF): Record<string, RouteHandler> {
  return {
    ...s1Column('/town-a/gzdt/', 3, 7, 60, asOf),
    ...s1Column('/town-a/tzgg/', 40, 30, 20, asOf),
    ...s1Column('/town-b/gzdt/', 45, 10, 40, asOf),
    ...s1Column('/town-b/zcwj/', 200, 60, 10, asOf),
  };
}
