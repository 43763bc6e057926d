import type http from 'node:http';
import iconv from 'iconv-lite';
import type { RouteHandler } from '../src/demo/site-server.js';
import { addDays } from '../src/time/dates.js';

/**
 * Mailbox variants modelled on real district mailboxes, not on the crawler's own fixtures: table lists
 * (M8 with dates, M1 without) whose pagers, page addresses, page sizes and charsets vary, and JSON lists
 * (M4) in the envelopes Java back ends answer with. One site per variant, every request logged.
 */

export interface VariantLetter {
  id: string;
  code: string;
  title: string;
  /** The handling unit exactly as the site prints it. */
  handler: string;
  type: string;
  /** `YYYY-MM-DD HH:mm:ss` */
  submitted: string;
  reply?: { by: string; at: string };
}

/** How the handling unit of letter i is printed: the same three units in bracket, space and list variants. */
const HANDLERS = ['区教育局（区体育局）', '区教育局(区体育局)', '区 住建局', '区住建局\u3000', '区卫健局、区教育局 （区体育局）', '区卫健局'];
const TYPES = ['咨询', '投诉', '建议', '求助'];

/**
 * `count` letters, newest first, one every 4 days back from `newest`; every third one unanswered. The
 * oldest is always unanswered (it sits on the last list page and is months old: the veto letter).
 */
export function variantLetters(count: number, newest: string): VariantLetter[] {
  return Array.from({ length: count }, (_, i) => {
    const day = addDays(newest, -4 * i);
    const hh = String(8 + (i % 9)).padStart(2, '0');
    const answered = i % 3 !== 0 && i !== count - 1;
    const handler = HANDLERS[i % HANDLERS.length];
    return {
      id: String(5000 + i), code: `XF${day.replaceAll('-', '')}${String(i).padStart(3, '0')}`,
      title: `关于第${i + 1}号事项的${TYPES[i % 4]}`, handler, type: TYPES[i % 4], submitted: `${day} ${hh}:31:00`,
      ...(answered ? { reply: { by: handler.split('、')[0].trim(), at: `${addDays(day, 2)} 15:00:00` } } : {}),
    };
  });
}

/** How a list names its pages. */
export type PageAddress = 'page' | 'start' | 'pageNo';
/** Page n's pager: `href(k)` is page k's address. */
export type VariantPager = (n: number, pages: number, total: number, href: (k: number) => string) => string;

export interface TableVariant {
  letters: VariantLetter[];
  perPage: number;
  address: PageAddress;
  pager: VariantPager;
  /** M8: dates in a column (full or month-day); M1: no dates on the list. */
  columns: 'M8-full' | 'M8-monthday' | 'M1';
  charset?: 'utf-8' | 'gbk';
  /** Honoured page size query parameter (a page-size selector), else the size is fixed. */
  sizeParam?: string;
  log: string[];
}

function send(res: http.ServerResponse, body: string, charset: 'utf-8' | 'gbk' = 'utf-8', status = 200): void {
  const page = `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset === 'gbk' ? 'gbk' : 'utf-8'}"><title>区长信箱</title></head><body>${body}</body></html>`;
  // A legacy GBK site declares its charset only in the page.
  res.writeHead(status, { 'content-type': charset === 'gbk' ? 'text/html' : 'text/html; charset=utf-8' })
    .end(charset === 'gbk' ? iconv.encode(page, 'gbk') : page);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The list page and letter pages of a table mailbox under `prefix`. */
export function tableRoutes(v: TableVariant, prefix: string): Record<string, RouteHandler> {
  const sizeOf = (url: URL) => {
    const asked = v.sizeParam ? Number(url.searchParams.get(v.sizeParam)) : NaN;
    return Number.isInteger(asked) && asked > 0 ? asked : v.perPage;
  };
  const pageOf = (url: URL, size: number): number => {
    if (v.address === 'start') return Math.floor(Number(url.searchParams.get('start') ?? 0) / size) + 1;
    return Math.max(1, Number(url.searchParams.get(v.address) ?? 1) || 1);
  };
  const hrefFor = (size: number) => (k: number) => {
    const q = v.address === 'start' ? `start=${(k - 1) * size}` : `${v.address}=${k}`;
    return `list.jsp?${q}${v.sizeParam && size !== v.perPage ? `&${v.sizeParam}=${size}` : ''}`;
  };
  const dateCell = (l: VariantLetter) => (v.columns === 'M8-full' ? l.submitted.slice(0, 16) : l.submitted.slice(5, 16));
  return {
    [`${prefix}/list.jsp`]: (req, res) => {
      v.log.push(req.url ?? '');
      const url = new URL(req.url ?? '/', 'http://x');
      const size = sizeOf(url);
      const n = pageOf(url, size);
      const pages = Math.max(1, Math.ceil(v.letters.length / size));
      const rows = v.letters.slice((n - 1) * size, n * size).map((l) => (v.columns === 'M1'
        ? `<tr><td align="left"><a href="show.jsp?id=${l.id}" title="${esc(l.title)}">${esc(l.title)}</a></td><td>张**</td><td>${esc(l.handler)}</td><td>${l.reply ? '已办结' : '办理中'}</td><td>${l.type}</td></tr>`
        : `<tr><td>${l.code}</td><td><a href="show.jsp?id=${l.id}">${esc(l.title)}</a></td><td>${l.type}</td><td>${dateCell(l)}</td><td>${esc(l.handler)}</td><td>${l.reply ? '已回复' : '待回复'}</td></tr>`)).join('\n');
      const head = v.columns === 'M1'
        ? '<tr class="title"><td>信件标题</td><td>写信人</td><td>受理单位</td><td>办理状态</td><td>信件类型</td></tr>'
        : '<tr><th>信件编号</th><th>信件标题</th><th>类别</th><th>写信时间</th><th>办理单位</th><th>状态</th></tr>';
      send(res, `<div class="mailList"><table cellspacing="0">${head}\n${rows}</table>
        <div class="pagination">${v.pager(n, pages, v.letters.length, hrefFor(size))}</div></div>`, v.charset);
    },
    [`${prefix}/show.jsp`]: (req, res) => {
      v.log.push(req.url ?? '');
      const l = v.letters.find((x) => x.id === new URL(req.url ?? '/', 'http://x').searchParams.get('id'));
      if (!l) return send(res, '<p>信件不存在</p>', v.charset, 404);
      const reply = l.reply ? `<tr><th>回复单位</th><td>${esc(l.reply.by)}</td></tr><tr><th>回复时间</th><td>${l.reply.at}</td></tr><tr><th>回复内容</th><td>您好，已办理。</td></tr>` : '';
      send(res, `<table class="detail"><tr><th>信件编号</th><td>${l.code}</td></tr><tr><th>信件标题</th><td>${esc(l.title)}</td></tr>
        <tr><th>写信时间</th><td>${l.submitted}</td></tr><tr><th>办理单位</th><td>${esc(l.handler)}</td></tr>
        <tr><th>信件内容</th><td>……</td></tr>${reply}</table>`, v.charset);
    },
  };
}

/** JSON envelopes seen on real letter APIs. */
export type JsonEnvelope = 'total-pagesize' | 'data-pages' | 'ipage' | 'rows-total';

export interface JsonVariant {
  letters: VariantLetter[];
  /** The server's page size: requests for another size are ignored unless `honoursSize`. */
  perPage: number;
  honoursSize: boolean;
  envelope: JsonEnvelope;
  log: string[];
}

/** The JSON list (`/api/list?pageNo=&pageSize=`) and the letter page (`/detail.html?id=`) under `prefix`. */
export function jsonRoutes(v: JsonVariant, prefix: string): Record<string, RouteHandler> {
  return {
    [`${prefix}/api/list`]: (req, res) => {
      v.log.push(req.url ?? '');
      const url = new URL(req.url ?? '/', 'http://x');
      const asked = Number(url.searchParams.get('pageSize'));
      const size = v.honoursSize && asked > 0 ? asked : v.perPage;
      const n = Math.max(1, Number(url.searchParams.get('pageNo') ?? 1) || 1);
      const list = v.letters.slice((n - 1) * size, n * size).map((l) => ({
        letterId: l.id, letterTitle: l.title, writeDate: l.submitted, letterTypeName: l.type, showOrgNames: l.handler,
        replyStatus: l.reply ? '已回复' : '办理中',
      }));
      const total = v.letters.length;
      const pages = Math.ceil(total / size);
      const body = {
        'total-pagesize': { total, pageSize: size, pageNo: n, list },
        'data-pages': { code: 200, msg: '成功', data: { list, pages, pageNum: n } },
        ipage: { code: 0, data: { records: list, total, size, current: n, pages } },
        'rows-total': { rows: list, total },
      }[v.envelope];
      res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(body));
    },
    [`${prefix}/detail.html`]: (req, res) => {
      v.log.push(req.url ?? '');
      const l = v.letters.find((x) => x.id === new URL(req.url ?? '/', 'http://x').searchParams.get('id'));
      if (!l) return send(res, '<p>信件不存在</p>', 'utf-8', 404);
      const reply = l.reply ? `<p>答复单位：${esc(l.reply.by)}</p><p>答复时间：${l.reply.at.slice(0, 10)}</p><p>答复内容：已办理。</p>` : '<p>该信件正在办理中</p>';
      send(res, `<div class="letter"><h2>${esc(l.title)}</h2><p>来信时间：${l.submitted}</p><p>信件类型：${l.type}</p>${reply}</div>`);
    },
  };
}

/** The office's units: the names the sites print, written once in the config's own spelling. */
export const VARIANT_UNITS = [
  { id: 'edu', name: '区教育局（区体育局）', type: 'department' },
  { id: 'housing', name: '区住建局', type: 'department' },
  { id: 'health', name: '区卫健局', type: 'department' },
] as const;

/** The units letter i belongs to (by `HANDLERS` position). */
export function expectedUnits(letter: VariantLetter): string[] {
  const units: string[] = [];
  if (letter.handler.includes('教育局')) units.push('edu');
  if (letter.handler.includes('住建局')) units.push('housing');
  if (letter.handler.includes('卫健局')) units.push('health');
  return units.sort();
}
