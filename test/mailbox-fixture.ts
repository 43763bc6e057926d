import type http from 'node:http';
import type { RouteHandler } from '../src/demo/site-server.js';

/** A letter on a fixture mailbox. Pages are generated in the structure of shapes M1, M3, M4 and M8. */
export interface FixtureLetter {
  id: string;
  code: string;
  title: string;
  writer: string;
  handler: string;
  type: string;
  /** `YYYY-MM-DD HH:mm:ss` */
  submitted: string;
  reply?: { by: string; at: string; text: string };
  satisfaction?: string;
}

export interface MailboxSite {
  letters: FixtureLetter[];
  /** Every request path with query, in order. */
  log: string[];
  /** List pages (1-based) that answer 500. */
  failingPages: Set<number>;
  perPage: number;
}

export function mailboxSite(letters: FixtureLetter[], perPage = 4): MailboxSite {
  return { letters, log: [], failingPages: new Set(), perPage };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const html = (res: http.ServerResponse, body: string, status = 200) =>
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>信箱</title></head><body>${body}</body></html>`);

function newestFirst(site: MailboxSite): FixtureLetter[] {
  return [...site.letters].sort((a, b) => b.submitted.localeCompare(a.submitted));
}

function page<T>(site: MailboxSite, all: T[], n: number): T[] {
  return all.slice((n - 1) * site.perPage, n * site.perPage);
}

function logged(site: MailboxSite, handler: (url: URL, req: http.IncomingMessage, res: http.ServerResponse, body: string) => void): RouteHandler {
  return (req, res, body) => {
    site.log.push(`${req.method} ${req.url}${body ? ` ${body}` : ''}`);
    handler(new URL(req.url ?? '/', 'http://fixture'), req, res, body);
  };
}

function find(site: MailboxSite, url: URL): FixtureLetter | undefined {
  return site.letters.find((l) => l.id === url.searchParams.get('id'));
}

/** Shape M1: no dates on the list; `var iRecCount`; reply on the letter page as `单位(时间)：正文`. */
export function m1Routes(site: MailboxSite): Record<string, RouteHandler> {
  return {
    '/m1/list.jsp': logged(site, (url, _req, res) => {
      const n = Number(url.searchParams.get('page') ?? 1);
      if (site.failingPages.has(n)) return html(res, 'error', 500);
      const all = newestFirst(site);
      const rows = page(site, all, n).map((l) => {
        const short = l.title.length > 12 ? `${l.title.slice(0, 12)}…` : l.title;
        return `<tr><td class="bt"><a href="detail.jsp?id=${l.id}" title="${esc(l.title)}" target="_blank">${esc(short)}</a></td>
          <td>${esc(l.writer)}</td><td>${esc(l.handler)}</td><td><span class="zt">${l.reply ? '已办理' : '办理中'}</span></td><td>${esc(l.type)}</td></tr>`;
      }).join('\n');
      html(res, `<div class="xxlb"><table width="100%">
        <tr class="tit"><td>信件标题</td><td>写信人</td><td>办理单位</td><td>办理状态</td><td>信件类型</td></tr>
        ${rows}</table>
        <div class="page"><script>var iRecCount = ${all.length}; var iPageSize = ${site.perPage}; var iCurrPage = ${n};
        document.write('共' + iRecCount + '条');</script></div></div>`);
    }),
    '/m1/detail.jsp': logged(site, (url, _req, res) => {
      const l = find(site, url);
      if (!l) return html(res, '<p>信件不存在</p>', 404);
      const reply = l.reply ? `<div class="hf"><p class="hfnr">${esc(l.reply.by)}(${l.reply.at})：${esc(l.reply.text)}</p></div>` : '<div class="hf"><p>暂未回复</p></div>';
      html(res, `<div class="xjxq"><table>
        <tr><td class="l">信件标题：</td><td>${esc(l.title)}</td></tr>
        <tr><td class="l">写信人：</td><td>${esc(l.writer)}</td></tr>
        <tr><td class="l">写信时间：</td><td>${l.submitted}</td></tr>
        <tr><td class="l">信件内容：</td><td>您好，想咨询一下有关事项。</td></tr>
        </table>${reply}${l.satisfaction ? `<div class="pj">满意度：${l.satisfaction}</div>` : ''}</div>`);
    }),
  };
}

/** Shape M3: Hanweb JACT POST data proxy with XML records; reply block only on the letter page. */
export function m3Routes(site: MailboxSite): Record<string, RouteHandler> {
  return {
    '/m3/dataproxy_mailnewlist.action': logged(site, (url, req, res, body) => {
      const form = new URLSearchParams(body);
      if (req.method !== 'POST' || form.get('webid') !== '7') return html(res, 'bad request', 400);
      const start = Number(url.searchParams.get('startrecord'));
      const end = Number(url.searchParams.get('endrecord'));
      const all = newestFirst(site);
      const records = all.slice(start - 1, end).map((l) =>
        `<record><![CDATA[<tr><td class="bh">${l.code}</td><td class="bt"><a href="/m3/mail_detail.jsp?id=${l.id}" target="_blank" title="${esc(l.title)}">${esc(l.title)}</a></td><td>${l.reply ? '已回复' : '待回复'}</td><td>${l.submitted.slice(0, 10)}</td><td>${esc(l.handler)}</td></tr>]]></record>`).join('\n');
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' })
        .end(`<?xml version="1.0" encoding="UTF-8"?><datastore><nextgroup><![CDATA[<a href="#"></a>]]></nextgroup><recordset>\n${records}\n</recordset><totalrecord>${all.length}</totalrecord><totalpage>${Math.ceil(all.length / site.perPage)}</totalpage></datastore>`);
    }),
    '/m3/mail_detail.jsp': logged(site, (url, _req, res) => {
      const l = find(site, url);
      if (!l) return html(res, '<p>信件不存在</p>', 404);
      html(res, `<table class="mail">
        <tr><th>办件编号</th><td>${l.code}</td><th>信件类型</th><td>${esc(l.type)}</td></tr>
        <tr><th>信件标题</th><td colspan="3">${esc(l.title)}</td></tr>
        <tr><th>提交时间</th><td>${l.submitted}</td><th>提交部门</th><td>${esc(l.handler)}</td></tr>
        <tr><th>信件内容</th><td colspan="3">请问……</td></tr>
        </table>
        <table class="reply">
        <tr><th>答复内容</th><td>${l.reply ? esc(l.reply.text) : ''}</td></tr>
        <tr><th>答复人</th><td>${l.reply ? esc(l.reply.by) : ''}</td></tr>
        <tr><th>答复时间</th><td>${l.reply ? l.reply.at : ''}</td></tr>
        </table>`);
    }),
  };
}

/** Shape M4: a JSON list (or a script assigning an object literal with unquoted keys); reply date on the letter page. */
export function m4Routes(site: MailboxSite): Record<string, RouteHandler> {
  const listOf = (url: URL) => {
    const n = Number(url.searchParams.get('pageNo') ?? 1);
    const size = Number(url.searchParams.get('pageSize') ?? site.perPage);
    const all = newestFirst(site);
    return { total: all.length, rows: all.slice((n - 1) * size, n * size) };
  };
  return {
    '/m4/api/letters': logged(site, (url, _req, res) => {
      const { total, rows } = listOf(url);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({
        success: true, data: { total, pageNo: Number(url.searchParams.get('pageNo')), list: rows.map((l) => ({
          letterId: l.id, letterTitle: l.title, writeDate: l.submitted, letterTypeName: l.type, showOrgNames: l.handler,
          replyStatus: l.reply ? '已回复' : '办理中',
        })) },
      }));
    }),
    '/m4/letters.js': logged(site, (url, _req, res) => {
      const { total, rows } = listOf(url);
      const items = rows.map((l) => `{letterId:'${l.id}', letterTitle:'${l.title}', writeDate:${Date.parse(`${l.submitted.replace(' ', 'T')}+08:00`)}, letterTypeName:"${l.type}", showOrgNames:'${l.handler}',}`);
      res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8' })
        .end(`/* letters */\nvar letterList = {total:${total}, pageSize:${site.perPage}, rows:[\n${items.join(',\n')}\n]};\nrenderLetters(letterList);`);
    }),
    '/m4/detail.html': logged(site, (url, _req, res) => {
      const l = find(site, url);
      if (!l) return html(res, '<p>信件不存在</p>', 404);
      const reply = l.reply
        ? `<div class="reply"><p>答复单位：${esc(l.reply.by)}</p><p>答复时间：${l.reply.at.slice(0, 10)}</p><p>答复内容：${esc(l.reply.text)}</p></div>`
        : '<div class="reply"><p>该信件正在办理中</p></div>';
      html(res, `<div class="letter"><h2>${esc(l.title)}</h2><p>来信时间：${l.submitted}</p><p>信件类型：${esc(l.type)}</p><div class="content">内容……</div>${reply}</div>`);
    }),
  };
}

/** Page n's pager as an M8 list prints it: `共N条 共N页` and a 下一页 link. */
export type M8Pager = (n: number, pages: number, total: number) => string;
const m8DefaultPager: M8Pager = (n, pages, total) => `共 ${total} 条 共 ${pages} 页 ${n < pages ? `<a href="?page=${n + 1}">下一页</a>` : ''}`;

/** Shape M8: `table tr` list with a header, `共N页`; the letter page's reply rows are missing until answered. */
export function m8Routes(site: MailboxSite, pager: M8Pager = m8DefaultPager, prefix = '/m8'): Record<string, RouteHandler> {
  return {
    [`${prefix}/list.html`]: logged(site, (url, _req, res) => {
      const n = Number(url.searchParams.get('page') ?? 1);
      if (site.failingPages.has(n)) return html(res, 'error', 500);
      const all = newestFirst(site);
      const pages = Math.max(1, Math.ceil(all.length / site.perPage));
      const rows = page(site, all, n).map((l) =>
        `<tr><td>${l.code}</td><td><a href="show.html?id=${l.id}">${esc(l.title)}</a></td><td>${esc(l.type)}</td><td>${l.submitted.slice(0, 10)}</td><td>${esc(l.handler)}</td><td>${l.reply ? '已回复' : '未回复'}</td></tr>`).join('\n');
      html(res, `<table class="list"><tr><th>编号</th><th>标题</th><th>类型</th><th>时间</th><th>单位</th><th>回复状态</th></tr>
        ${rows}</table><div class="pages">${pager(n, pages, all.length)}</div>`);
    }),
    [`${prefix}/show.html`]: logged(site, (url, _req, res) => {
      const l = find(site, url);
      if (!l) return html(res, '<p>信件不存在</p>', 404);
      const reply = l.reply
        ? `<tr><th>回复单位</th><td>${esc(l.reply.by)}</td></tr><tr><th>回复时间</th><td>${l.reply.at}</td></tr><tr><th>回复内容</th><td>${esc(l.reply.text)}</td></tr>`
        : '';
      const sat = l.satisfaction ? `<tr><th>满意度</th><td>${l.satisfaction}</td></tr>` : '';
      html(res, `<table class="detail"><tr><th>编号</th><td>${l.code}</td></tr><tr><th>来信标题</th><td>${esc(l.title)}</td></tr>
        <tr><th>来信时间</th><td>${l.submitted}</td></tr><tr><th>处理单位</th><td>${esc(l.handler)}</td></tr>
        <tr><th>来信内容</th><td>……</td></tr>${reply}${sat}</table>`);
    }),
  };
}

/** Ten letters around the 2021 Spring Festival and National Day holidays. */
export function sampleLetters(): FixtureLetter[] {
  return [
    { id: '101', code: 'YJ20210205001', title: '关于春节期间公交线路调整的咨询', writer: '王**', handler: '区交通运输局', type: '咨询', submitted: '2021-02-05 16:20:00', reply: { by: '区交通运输局', at: '2021-02-20 10:00:00', text: '您好，春节期间线路调整已公布。' }, satisfaction: '满意' },
    { id: '102', code: 'YJ20210210002', title: '小区供暖不足的投诉', writer: '李**', handler: '区住建局', type: '投诉', submitted: '2021-02-10 09:00:00', reply: { by: '区住建局', at: '2021-02-18 15:30:00', text: '已安排检修。' }, satisfaction: '基本满意' },
    { id: '103', code: 'YJ20210213003', title: '春节假期中提交的求助', writer: '赵**', handler: '雁江区教育局', type: '求助', submitted: '2021-02-13 11:00:00', reply: { by: '区教育局', at: '2021-02-19 09:00:00', text: '已联系学校。' }, satisfaction: '不满意' },
    { id: '104', code: 'YJ20210930004', title: '国庆前道路施工噪音问题', writer: '钱**', handler: '区住建局', type: '投诉', submitted: '2021-09-30 08:30:00', reply: { by: '区住建局', at: '2021-10-09 17:00:00', text: '已要求夜间停工。' } },
    { id: '105', code: 'YJ20211003005', title: '国庆假期景区停车建议', writer: '孙**', handler: '区文旅局', type: '建议', submitted: '2021-10-03 20:00:00', reply: { by: '区文旅局', at: '2021-10-15 09:00:00', text: '感谢建议。' }, satisfaction: '非常满意' },
    { id: '106', code: 'YJ20211108006', title: '当天回复的社保咨询', writer: '周**', handler: '区人社局', type: '咨询', submitted: '2021-11-08 09:10:00', reply: { by: '区人社局', at: '2021-11-08 16:45:00', text: '请携带身份证办理。' }, satisfaction: '满意' },
    { id: '107', code: 'YJ20211201007', title: '尚未回复的学位咨询', writer: '吴**', handler: '区教育局', type: '咨询', submitted: '2021-12-01 10:00:00' },
    { id: '108', code: 'YJ20210801008', title: '长期无人回复的占道经营投诉', writer: '郑**', handler: '区城管局', type: '投诉', submitted: '2021-08-02 10:00:00' },
    { id: '109', code: 'YJ20211110009', title: '农村道路维修建议', writer: '冯**', handler: '某某片区管委会', type: '建议', submitted: '2021-11-10 14:00:00', reply: { by: '某某片区管委会', at: '2021-11-12 10:00:00', text: '已列入计划。' } },
    { id: '110', code: 'YJ20211215010', title: '刚提交的就业咨询', writer: '陈**', handler: '区人社局', type: '咨询', submitted: '2021-12-15 09:00:00' },
  ];
}
