import type { RouteHandler } from '../src/demo/site-server.js';
import { addDays } from '../src/time/dates.js';

/** A fixture Hanweb column: its records are numbered 1 (newest) … total, dated `step` days apart. */
export interface JpageColumn {
  columnid: string;
  total: number;
  newest: string;
  step: number;
}

export const JPAGE_COLUMNS: JpageColumn[] = [
  { columnid: '4821', total: 38, newest: '2026-11-18', step: 9 },
  { columnid: '4822', total: 20, newest: '2026-11-02', step: 20 },
];
export const JPAGE_UNIT = { unitid: '9930', webid: '12' };

const TOPICS = ['镇村工作简报', '安全生产检查通报', '便民服务事项公告', '农业技术推广信息', '社区治理工作动态'];

export function jpageRecordDate(col: JpageColumn, n: number): string {
  return addDays(col.newest, -col.step * (n - 1));
}

export function jpageRecordTitle(col: JpageColumn, n: number): string {
  return `${TOPICS[n % TOPICS.length]}（栏目${col.columnid}第${n}号）`;
}

/** One record as the CMS renders it; `hrefStyle` differs between the PC and mobile copies of a list. */
export function jpageRecord(col: JpageColumn, n: number, hrefStyle: 'root' | 'relative' = 'root'): string {
  const date = jpageRecordDate(col, n);
  const path = `art/${date.slice(0, 4)}/${+date.slice(5, 7)}/${+date.slice(8, 10)}/art_${col.columnid}_${n}.html`;
  const href = hrefStyle === 'root' ? `/s3/${path}` : `../../${path}`;
  const title = jpageRecordTitle(col, n);
  const shown = title.length > 14 ? `${title.slice(0, 14)}…` : title;
  return `<li><a href="${href}" target="_blank" title="${title}">${shown}</a><span class="bt-data-time">${date}</span></li>`;
}

export interface ProxyCall {
  query: string;
  form: Record<string, string>;
}

/**
 * The `dataproxy.jsp` route: POST only, parameters as form body; it replies with one record more
 * at the front than asked (groups overlap by one), as some deployments do.
 */
export function jpageProxyRoute(calls: ProxyCall[]): RouteHandler {
  return (req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const form = Object.fromEntries(new URLSearchParams(body));
    calls.push({ query: url.search, form });
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const col = JPAGE_COLUMNS.find((c) => c.columnid === form.columnid);
    const known = col && form.unitid === JPAGE_UNIT.unitid && form.webid === JPAGE_UNIT.webid;
    const start = Number(url.searchParams.get('startrecord'));
    const end = Number(url.searchParams.get('endrecord'));
    const records: string[] = [];
    if (known) {
      for (let n = Math.max(1, start - 1); n <= Math.min(end, col.total); n++) {
        records.push(`<record><![CDATA[\n${jpageRecord(col, n)}\n]]></record>`);
      }
    }
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n<totalrecord>${known ? col.total : 0}</totalrecord>\n`
      + `<totalpage>${known ? Math.ceil(col.total / 5) : 0}</totalpage>\n<recordset>\n${records.join('\n')}\n</recordset>\n</datastore>`;
    res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' }).end(xml);
  };
}
