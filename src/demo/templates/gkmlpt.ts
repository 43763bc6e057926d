import type { RouteHandler } from '../site-server.js';
import { dateAgo, place, type DemoItem, type PlacedItem } from './items.js';
import { detailRoutes, esc, jsString, send, type DemoSite, type Routes } from './page.js';

/** A category of the gkmlpt 政府信息公开目录 tree. */
export interface GkmlptCategory {
  id: number;
  name: string;
  items?: DemoItem[];
  /** The node only points elsewhere (`jump_url`). */
  jumpUrl?: string;
  /** `post_count` when it disagrees with what the API serves. */
  statedCount?: number;
  /** API pages served; later pages answer 404, as some instances do. */
  servedPages?: number;
  /** Dates as `"2026-11-18 09:30:00"` strings instead of epoch seconds. */
  stringDates?: boolean;
}

export interface GkmlptPlatform {
  site: DemoSite;
  /** The department's directory; the platform lives at `{dir}gkmlpt/`. */
  dir: string;
  sid: number;
  categories: GkmlptCategory[];
  pageSize?: number;
}

/** 09:30 in Shanghai of a date, as epoch seconds. */
function epochSeconds(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d, 1, 30) / 1000;
}

function article(asOf: string, cat: GkmlptCategory, it: PlacedItem, n: number): Record<string, unknown> {
  const date = dateAgo(asOf, it.ago ?? 0);
  return {
    id: cat.id * 10_000 + n,
    title: it.title,
    url: it.href,
    identifier: `000000DEMO${String(cat.id).padStart(4, '0')}/${date.slice(0, 4)}-${String(n).padStart(5, '0')}`,
    document_number: '',
    created_at: `${date} 08:00:00`,
    display_publish_time: cat.stringDates ? `${date} 09:30:00` : epochSeconds(date),
  };
}

/** S5: the Vue entry page with `window._CONFIG`, and `/gkmlpt/api/all/{id}?page=N&sid=…` per category. */
export function gkmlptPlatform(p: GkmlptPlatform, asOf: string): Routes {
  const base = `${p.dir}gkmlpt/`;
  const pageSize = p.pageSize ?? 10;
  const routes: Routes = {};
  const tree = p.categories.map((c) =>
    `      {id: ${c.id}, name: ${jsString(c.name)}, post_count: ${c.statedCount ?? c.items?.length ?? 0}, jump_url: ${jsString(c.jumpUrl ?? '')}}`);
  routes[`${base}index`] = (req, res) => send(req, res, `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${esc(p.site.name)} 政府信息公开</title>
<script>
  window._CONFIG = {
    SID: '${p.sid}',
    SITE_NAME: ${jsString(p.site.name)},
    TREE: [
${tree.join(',\n')}
    ],
  };
</script>
<script src="${base}static/js/app.js"></script>
</head>
<body><div id="app"></div></body></html>`);

  for (const cat of p.categories) {
    if (cat.jumpUrl) continue;
    const items = place(cat.items ?? [], (_, i) => `${base}content/${cat.id % 10}/${cat.id}/post_${cat.id * 10_000 + (cat.items?.length ?? 0) - i}.html`);
    Object.assign(routes, detailRoutes(p.site, items, asOf));
    const api: RouteHandler = (req, res) => {
      const n = Math.max(1, Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page')) || 1);
      if (cat.servedPages !== undefined && n > cat.servedPages) {
        send(req, res, '{"code":404,"msg":"not found"}', 404, 'application/json; charset=utf-8');
        return;
      }
      const slice = items.slice((n - 1) * pageSize, n * pageSize);
      send(req, res, JSON.stringify({
        classify: { id: cat.id, name: cat.name, post_count: cat.statedCount ?? items.length },
        articles: slice.map((it, i) => article(asOf, cat, it, items.length - (n - 1) * pageSize - i)),
      }), 200, 'application/json; charset=utf-8');
    };
    routes[`${base}api/all/${cat.id}`] = api;
  }
  return routes;
}
