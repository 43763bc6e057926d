import type http from 'node:http';
import type { RouteHandler } from '../src/demo/site-server.js';
import { addDays } from '../src/time/dates.js';

/** What every bomb page claims. */
export const CLAIMED = 2_000_000_000;
/** Pages served per bomb (more than any cap the tests set); each shows new items. */
const SERVED = 12;
const PER_PAGE = 4;

export interface BombCase {
  name: string;
  kind: 'column' | 'mailbox';
  /** Entry path (columns) or list address (mailboxes). */
  path: string;
  /** Mailbox config fields beyond id, name and url. */
  mailbox?: Record<string, unknown>;
}

const html = (res: http.ServerResponse, body: string) =>
  void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>列表</title></head><body>${body}</body></html>`);
const xml = (res: http.ServerResponse, body: string) => void res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(body);
const json = (res: http.ServerResponse, body: unknown) => void res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));

/** Item k (1-based, newest first) of a bomb column: a recent date, so no horizon ends the walk. */
const date = (k: number) => addDays('2026-11-18', -k);
const items = (n: number) => Array.from({ length: PER_PAGE }, (_, i) => (n - 1) * PER_PAGE + i + 1);
const li = (k: number, dateText = date(k)) => `<li><a href="./202611/t2026_${k}.html" title="关于第${k}项重点工作进展的通报">关于第${k}项重点工作进展的通报</a><span>${dateText}</span></li>`;
const query = (req: http.IncomingMessage, name: string) => Number(new URL(req.url ?? '/', 'http://x').searchParams.get(name) ?? 1) || 1;

/** A path-paged column: page n at `paths(n)`, rendered by `page(n)`. */
function pathPaged(dir: string, paths: (n: number) => string, page: (n: number) => string): Record<string, RouteHandler> {
  const routes: Record<string, RouteHandler> = {};
  for (let n = 1; n <= SERVED; n++) routes[`${dir}${paths(n)}`] = (_req, res) => html(res, page(n));
  return routes;
}

const letterRows = (n: number) => items(n).map((k) =>
  `<tr><td>BOMB${String(k).padStart(6, '0')}</td><td><a href="show.html?id=${k}">关于小区第${k}号楼物业服务的咨询</a></td><td>咨询</td><td>${addDays('2021-12-10', -k)}</td><td>区住建局</td><td>已回复</td></tr>`).join('');
const letterTable = (n: number) => `<table><tr><th>编号</th><th>标题</th><th>类型</th><th>时间</th><th>单位</th><th>回复状态</th></tr>${letterRows(n)}</table>`;

/** Every bomb: column pages and mailbox lists that claim two billion pages (or records for as many). */
export function bombSite(): { routes: Record<string, RouteHandler>; cases: BombCase[] } {
  const routes: Record<string, RouteHandler> = {
    ...pathPaged('/bomb/trs/', (n) => (n === 1 ? 'index.html' : `index_${n - 1}.html`), (n) =>
      `<ul class="u-list">${items(n).map((k) => li(k, date(k).replace(/-/g, '/'))).join('')}</ul><script>createPageHTML(${CLAIMED}, ${n - 1}, "index", "html");</script>`),
    ...pathPaged('/bomb/pagediv/', (n) => (n === 1 ? 'dezlist.shtml' : `dezlist_${n}.shtml`), (n) =>
      `<ul class="pageList">${items(n).map((k) => li(k).replace('<span>', '<span class="time">')).join('')}</ul><div id="page_div"></div><script>createPageHTML('page_div', ${CLAIMED}, ${n}, 'dezlist', 'shtml', ${CLAIMED * 20});</script>`),
    ...pathPaged('/bomb/words/', (n) => (n === 1 ? 'index.html' : `index_${n}.html`), (n) =>
      `<ul class="news_list">${items(n).map((k) => li(k)).join('')}</ul><div class="page">共${CLAIMED}页 第${n}页 <a href="index_${n + 1}.html">下一页</a> <a href="index_${CLAIMED}.html">尾页</a></div>`),
    ...pathPaged('/bomb/script/', (n) => (n === 1 ? 'list.html' : `list_${n}.html`), (n) =>
      `<script>var totalPage=${CLAIMED}; var currentPage=${n};</script><ul class="news_list">${items(n).map((k) => li(k)).join('')}</ul><div class="page"><a href="list_${n + 1}.html">下一页</a></div>`),
    '/bomb/jpage/index.html': (_req, res) => html(res, `<div id="9001"><script type="text/xml"><datastore><recordset>${items(1).map((k) => `<record><![CDATA[${li(k)}]]></record>`).join('')}</recordset></datastore></script></div>
      <script>$('#9001').jpage({ perPage: ${PER_PAGE}, totalRecord: ${CLAIMED}, groupSize: 1, proxyUrl: '/bomb/jpage/dataproxy.jsp', param_columnid: '9001', param_unitid: '1', param_webid: '1' });</script>`),
    '/bomb/jpage/dataproxy.jsp': (req, res) => {
      const start = query(req, 'startrecord');
      const records = Array.from({ length: PER_PAGE }, (_, i) => `<record><![CDATA[${li(start + i).replace('./', '/bomb/jpage/')}]]></record>`);
      xml(res, `<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>${CLAIMED}</totalrecord><recordset>${records.join('')}</recordset></datastore>`);
    },
    '/bomb/m8/list.html': (req, res) => {
      const n = query(req, 'page');
      html(res, `${letterTable(n)}<div class="pages">共 ${CLAIMED * 4} 条 第 ${n}/${CLAIMED} 页 <a href="?page=${n + 1}">下一页</a> <a href="?page=${CLAIMED}">尾页</a></div>`);
    },
    '/bomb/m1/list.jsp': (req, res) => {
      const n = query(req, 'page');
      html(res, `${letterTable(n)}<script>var iRecCount = ${CLAIMED}; var iPageSize = ${PER_PAGE}; var iCurrPage = ${n};</script>`);
    },
    '/bomb/m3/dataproxy.action': (req, res) => {
      const n = Math.floor((query(req, 'startrecord') - 1) / PER_PAGE) + 1;
      xml(res, `<?xml version="1.0" encoding="UTF-8"?><datastore><recordset>${letterRows(n).split('</tr>').filter(Boolean).map((r) => `<record><![CDATA[${r}</tr>]]></record>`).join('')}</recordset><totalrecord>${CLAIMED}</totalrecord></datastore>`);
    },
    '/bomb/m4/letters': (req, res) => {
      const n = query(req, 'pageNo');
      json(res, { data: { total: CLAIMED, list: items(n).map((k) => ({ letterId: String(k), letterTitle: `关于第${k}号路灯维修的建议`, writeDate: `${addDays('2021-12-10', -k)} 09:00:00`, showOrgNames: '区住建局' })) } });
    },
  };
  const column = (name: string, path: string): BombCase => ({ name, kind: 'column', path });
  const mailbox = (name: string, path: string, extra: Record<string, unknown>): BombCase => ({ name, kind: 'mailbox', path, mailbox: extra });
  const cases = [
    column('S1 createPageHTML(2000000000, …)', '/bomb/trs/index.html'),
    column("S2 createPageHTML('page_div', 2000000000, …)", '/bomb/pagediv/dezlist.shtml'),
    column('S6 共2000000000页', '/bomb/words/index.html'),
    column('S6 totalPage=2000000000', '/bomb/script/list.html'),
    column('S3 jpage totalRecord: 2000000000', '/bomb/jpage/index.html'),
    mailbox('M8 第1/2000000000页', '/bomb/m8/list.html', { shape: 'M8' }),
    mailbox('M1 iRecCount = 2000000000', '/bomb/m1/list.jsp', { shape: 'M1' }),
    mailbox('M3 totalrecord 2000000000', '/bomb/m3/dataproxy.action', { shape: 'M3', perPage: PER_PAGE }),
    mailbox('M4 total 2000000000', '/bomb/m4/letters', { shape: 'M4', detailUrl: 'http://127.0.0.1/bomb/m4/detail?id={id}', pageSize: PER_PAGE }),
  ];
  return { routes, cases };
}
