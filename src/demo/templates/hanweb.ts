import type { RouteHandler } from '../site-server.js';
import { dateAgo, dateParts, place, type DemoItem, type PlacedItem } from './items.js';
import { detailRoutes, esc, jsString, page, send, shown, sitePage, type DemoSite, type Routes } from './page.js';

/** S3: a Hanweb jcms column whose records sit in `<script type="text/xml"><datastore>`, paged by `jpage`. */
export interface HanwebColumn {
  site: DemoSite;
  /** The unit's directory (`/wjjd/`); the column lives at `{dir}col/col{id}/index.html`. */
  dir: string;
  id: number;
  name: string;
  items: DemoItem[];
  perPage?: number;
  groupSize?: number;
  /** The list printed again for phones, with a placeholder `totalRecord: 1000` in its jpage call. */
  mobileCopy?: boolean;
}

const PROXY = '/module/web/jpage/dataproxy.jsp';
const WEB_ID = 3;

function record(asOf: string, it: PlacedItem): string {
  const date = it.ago === null ? '' : dateAgo(asOf, it.ago);
  return `<record><![CDATA[
<li><a href="${it.href}" target="_blank" title="${esc(it.title)}">${esc(shown(it.title, 20))}</a><span class="bt-data-time">${date}</span></li>
]]></record>`;
}

function placed(col: HanwebColumn, asOf: string): PlacedItem[] {
  return place(col.items, (item, i) => {
    const { y, m, d } = dateParts(dateAgo(asOf, item.ago ?? 0));
    return `${col.dir}art/${y}/${m}/${d}/art_${col.id}_${col.items.length - i}.html`;
  });
}

function columnPage(col: HanwebColumn, items: PlacedItem[], asOf: string): string {
  const perPage = col.perPage ?? 15;
  const groupSize = col.groupSize ?? 3;
  const inline = items.slice(0, perPage * groupSize);
  const webname = encodeURIComponent(col.site.name);
  const store = (suffix: string) => `<div id="${col.id}${suffix}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="${PROXY}?page=1&appid=1&webid=${WEB_ID}&path=/&columnid=${col.id}&unitid=${8800 + col.id}&webname=${webname}&permissiontype=0"></a>]]></nextgroup>
<recordset>
${inline.map((it) => record(asOf, it)).join('\n')}
</recordset>
</datastore></script></div>`;
  const blank = items.length === 0 ? '\n<p class="no-data">暂无信息</p>' : '';
  const call = (suffix: string, total: number) => `  $('#${col.id}${suffix}').jpage({
    dataStore: dataStore${col.id}${suffix.replace('_', '')}, perPage: ${perPage}, totalRecord: ${total}, groupSize: ${groupSize}, barPosition: 'bottom',
    proxyUrl: '${PROXY}',
    param_col: '1', param_appid: '1', param_webid: '${WEB_ID}', param_path: '/', param_columnid: '${col.id}',
    param_sourceContentType: '1', param_unitid: '${8800 + col.id}', param_webname: ${jsString(col.site.name)}, param_permissiontype: '0'
  });`;
  const main = `<div class="main-list pc-only">
${store('')}${blank}
</div>${col.mobileCopy ? `\n<div class="main-list m-only">\n${store('_m')}\n</div>` : ''}
<script type="text/javascript">
$(document).ready(function () {
${call('', items.length)}${col.mobileCopy ? `\n${call('_m', 1000)}` : ''}
});
</script>`;
  const head = `
<script type="text/javascript" src="/module/web/jpage/jquery.min.js"></script>
<script type="text/javascript" src="/module/web/jpage/jpage.js"></script>`;
  return sitePage(col.site, col.name, main, head);
}

/**
 * The columns' pages and the shared POST proxy: `dataproxy.jsp?startrecord=46&endrecord=90&perpage=15` with
 * the column id in the form body. Each reply starts one record early: groups overlap by one, as on real sites.
 */
export function hanwebColumns(cols: HanwebColumn[], asOf: string): Routes {
  const routes: Routes = {};
  const byId = new Map<string, PlacedItem[]>();
  for (const col of cols) {
    const items = placed(col, asOf);
    byId.set(String(col.id), items);
    routes[`${col.dir}col/col${col.id}/index.html`] = page(columnPage(col, items, asOf));
    Object.assign(routes, detailRoutes(col.site, items, asOf));
  }
  const proxy: RouteHandler = (req, res, body) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const items = byId.get(new URLSearchParams(body).get('columnid') ?? '');
    const start = Number(query.get('startrecord'));
    const end = Number(query.get('endrecord'));
    if (req.method !== 'POST' || !items || !(start >= 1 && end >= start)) {
      send(req, res, '<datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>', 200, 'text/xml; charset=utf-8');
      return;
    }
    const slice = items.slice(Math.max(0, start - 2), end);
    send(req, res, `<?xml version="1.0" encoding="UTF-8"?>
<datastore>
<totalrecord>${items.length}</totalrecord>
<recordset>
${slice.map((it) => record(asOf, it)).join('\n')}
</recordset>
</datastore>`, 200, 'text/xml; charset=utf-8');
  };
  routes[PROXY] = proxy;
  return routes;
}
