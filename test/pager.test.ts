import { describe, expect, it } from 'vitest';
import { MAX_PAGER_PAGES, followingPages, queryPageRule, readPager, statedPageCount } from '../crawlers/pager.js';
import { pageOf } from '../crawlers/pager-text.js';
import { learnPageRule } from '../crawlers/pager-pattern.js';

const BASE = 'http://town.example/xxgk/gzdt/';
const page = (body: string) => `<html><head><title>工作动态</title></head><body><ul class="list"><li><a href="./202611/t20261118_1.html">镇政府召开安全生产会议</a><span>2026-11-18</span></li></ul>${body}</body></html>`;

/** The paths (with query) the pager asks for after the page at `path`. */
function following(body: string, path = 'index.html', rows?: number): string[] {
  const pager = readPager(page(body), new URL(path, BASE).toString());
  return followingPages(pager, rows).map((r) => {
    const u = new URL(r.url);
    return u.pathname.replace('/xxgk/gzdt/', '') + u.search;
  });
}

describe('pager: TRS createPageHTML', () => {
  it('4-argument form is 0-based: index.html, index_1.html …', () => {
    expect(following('<script>createPageHTML(4, 0, "index", "html");</script>')).toEqual(['index_1.html', 'index_2.html', 'index_3.html']);
    expect(readPager(page('<script>createPageHTML(4, 0, "index", "html");</script>'), `${BASE}index.html`)).toMatchObject({ statedPages: 4, current: 1 });
  });

  it('quoted arguments, a later page, another extension', () => {
    expect(following(`<script>createPageHTML("5", "2", "index", "shtml")</script>`, 'index_2.shtml')).toEqual(['index_3.shtml', 'index_4.shtml']);
    expect(following(`<script>createPageHTML('5','4','index','shtml')</script>`, 'index_4.shtml')).toEqual([]);
  });

  it('arguments given as variables', () => {
    const body = '<script>var currentPage = 1;//从0开始\nvar countPage = 4\ncreatePageHTML(countPage, currentPage, "index", "htm");</script>';
    expect(following(body, 'index_1.htm')).toEqual(['index_2.htm', 'index_3.htm']);
  });

  it('page_div 6-argument form is 1-based and states the records', () => {
    const body = "<div id=\"page_div\"></div><script>createPageHTML('page_div', 3, 1, 'dezlist', 'shtml', 12);</script>";
    expect(following(body, 'dezlist.shtml')).toEqual(['dezlist_2.shtml', 'dezlist_3.shtml']);
    expect(readPager(page(body), `${BASE}dezlist.shtml`)).toMatchObject({ statedPages: 3, statedRecords: 12, current: 1 });
    expect(following("<script>createPageHTML('page_div', \"3\", \"3\", 'dezlist', 'shtml')</script>", 'dezlist_3.shtml')).toEqual([]);
  });
});

describe('pager: stated counts with links', () => {
  it('共N页 with 下一页 and 尾页 links: index_2.html … index_N.html', () => {
    const body = '<div class="page">共5页 <a href="index.html">首页</a> <a href="index_2.html">下一页</a> <a href="index_5.html">尾页</a></div>';
    expect(following(body)).toEqual(['index_2.html', 'index_3.html', 'index_4.html', 'index_5.html']);
  });

  it('a later page without a current-page word is placed by its own address', () => {
    const body = '<div class="pagination">共5页 <a href="index_2.html">上一页</a> <a href="index_4.html">下一页</a> <a href="index_5.html">尾页</a></div>';
    expect(following(body, 'index_3.html')).toEqual(['index_4.html', 'index_5.html']);
  });

  it('共N条 第i/N页 with ?page=N links (a mailbox pager)', () => {
    const body = '<div class="pages">共 12 条 第 1/3 页 <a href="?page=2">下一页</a> <a href="?page=3">尾页</a></div>';
    expect(following(body, 'list.html')).toEqual(['list.html?page=2', 'list.html?page=3']);
    const p = readPager(page(body), `${BASE}list.html`);
    expect(p).toMatchObject({ statedPages: 3, statedRecords: 12, current: 1 });
  });

  it('页次 i/N in an unmarked table cell, per-page size, pageNo links', () => {
    const body = '<table><tr><td>页次：2/4 每页15条 共60条 <a href="list.jsp?pageNo=1">上一页</a> <a href="list.jsp?pageNo=3">下一页</a></td></tr></table>';
    expect(following(body, 'list.jsp?pageNo=2')).toEqual(['list.jsp?pageNo=3', 'list.jsp?pageNo=4']);
    expect(readPager(page(body), `${BASE}list.jsp?pageNo=2`)).toMatchObject({ statedPages: 4, current: 2, statedRecords: 60, perPage: 15 });
  });

  it('a bare i/N inside a pager block, numbered list-N.html links', () => {
    const body = '<div class="pagination"><span>2/5</span> <a href="list-1.html">1</a> <span class="cur">2</span> <a href="list-3.html">3</a> <a href="list-4.html">4</a></div>';
    expect(following(body, 'list-2.html')).toEqual(['list-3.html', 'list-4.html', 'list-5.html']);
  });

  it('共N条 每页M条 gives the page count; numbered links give the addresses', () => {
    const body = '<div class="fenye">共60条 每页20条 <b>1</b> <a href="index_2.html">2</a> <a href="index_3.html">3</a></div>';
    expect(following(body)).toEqual(['index_2.html', 'index_3.html']);
    expect(statedPageCount(readPager(page(body), `${BASE}index.html`))).toBe(3);
  });

  it('records without a page size take the rows on the page as the size', () => {
    const body = '<div class="page">共9条 <a href="?page=2">下一页</a></div>';
    expect(following(body, 'list.html', 4)).toEqual(['list.html?page=2', 'list.html?page=3']);
  });

  it('totalPage / pageCount script variables with a 下一页 link', () => {
    expect(following('<script>var totalPage = 4; var curPage = 1;</script><div class="page"><a href="list_2.html">下一页</a></div>'))
      .toEqual(['list_2.html', 'list_3.html', 'list_4.html']);
    expect(following('<script>pager.init({pageCount: 3, currentPage: 2});</script><a href="list_3.html">下一页 &gt;</a>', 'list_2.html'))
      .toEqual(['list_3.html']);
    // A query string in a script is not a variable.
    expect(readPager(page('<script>load("data.jsp?totalPage=9")</script>'), `${BASE}index.html`).statedPages).toBeUndefined();
  });
});

describe('pager: links only', () => {
  it('a 下一页-only pager asks for the next page alone, and nothing on the last page', () => {
    expect(following('<div class="page"><a href="list_1.html">上一页</a><a href="list_3.html">下一页</a></div>', 'list_2.html')).toEqual(['list_3.html']);
    expect(following('<div class="page"><a href="list_2.html">上一页</a></div>', 'list_3.html')).toEqual([]);
  });

  it('a page numbered only by a guess asks for its 下一页 alone', () => {
    // list_1.htm may be page 1 or 2 (0-based): only page 1, which has no number, learns the rule.
    expect(following('<script>var totalPage = 4;</script><div class="fy"><a href="list_2.htm">下一页</a></div>', 'list_1.htm')).toEqual(['list_2.htm']);
    expect(following('<script>var totalPage = 4;</script><div class="fy"><a href="list_1.htm">下一页</a></div>', 'list.htm'))
      .toEqual(['list_1.htm', 'list_2.htm', 'list_3.htm']);
  });

  it('onclick and javascript: links whose address can be read', () => {
    expect(following(`<div class="page"><a href="javascript:void(0)" onclick="location.href='list.jsp?cur_page=2'">下一页</a></div>`, 'list.jsp'))
      .toEqual(['list.jsp?cur_page=2']);
    expect(following(`<div class="page">共3页 <a href="javascript:goPage('list.jsp?cur_page=2')">下一页</a></div>`, 'list.jsp'))
      .toEqual(['list.jsp?cur_page=2', 'list.jsp?cur_page=3']);
    expect(following(`<div class="page"><a href="javascript:turnPage(2)">下一页</a></div>`, 'list.jsp')).toEqual([]);
  });

  it('numbered links only: every linked page after this one, by the learnt rule', () => {
    const body = '<div class="pages"><span>1</span> <a href="index_1.shtml">2</a> <a href="index_2.shtml">3</a> <a href="index_3.shtml">4</a></div>';
    expect(following(body, 'index.shtml')).toEqual(['index_1.shtml', 'index_2.shtml', 'index_3.shtml']);
  });

  it('day links of a calendar outside the pager are not page numbers', () => {
    const days = Array.from({ length: 28 }, (_, i) => `<a href="/rili/2026-11-${i + 1}.html">${i + 1}</a>`).join(' ');
    expect(following(`<table class="rili"><tr><td>${days}</td></tr></table><div class="page"><a href="index_2.html">下一页</a></div>`))
      .toEqual(['index_2.html']);
  });

  it('the page rule a shape gives wins over the links', () => {
    const rule = queryPageRule(`${BASE}iList.jsp?cat_id=12`, 'cur_page');
    const pager = readPager(page('<div class="page"><a class="all" href="iList.jsp?cat_id=12&amp;cur_page=3">尾页</a></div>'), `${BASE}iList.jsp?cat_id=12`, rule);
    expect(followingPages(pager).map((r) => new URL(r.url).search)).toEqual(['?cat_id=12&cur_page=2', '?cat_id=12&cur_page=3']);
  });
});

describe('pager: dates are never i/N', () => {
  it.each([
    ['<div class="page">更新时间：2026/11/20</div>'],
    ['<div class="pagination"><span>2026/11/20</span></div>'],
    ['<ul class="news"><li><a href="b.html">工作动态标题</a><span>11/20</span></li></ul><div class="pagination"><a href="index_2.html">下一页</a></div>'],
    ['<div class="pagination"><span>[11/20]</span> <a href="index_2.html">下一页</a></div>'],
    ['<ul class="pageList"><li><a href="a.html">通知公告标题</a><span>11/20</span></li></ul>'],
    ['<p>发布于 11/20 页面浏览 30 次</p>'],
  ])('%s', (body) => {
    expect(readPager(page(body), `${BASE}index.html`).statedPages).toBeUndefined();
  });

  it('pageOf reads page words, not dates', () => {
    expect(pageOf('第11/20页')).toEqual({ current: 11, pages: 20 });
    expect(pageOf('Page 2/7')).toEqual({ current: 2, pages: 7 });
    expect(pageOf('2/7页')).toEqual({ current: 2, pages: 7 });
    for (const text of ['11/20', '2026/11/20', '2026/11/20页', '页码 2026/11/20', 'page 11/20/2026', '第20/11页', '2026年第3/4季度']) {
      expect(pageOf(text), text).toBeUndefined();
    }
    expect(pageOf('11/20', true)).toEqual({ current: 11, pages: 20 });
  });
});

describe('pager: claims are clamped before anything is allocated', () => {
  it.each([
    ['共2000000000页', '<div class="page">共2000000000页 <a href="index_2.html">下一页</a></div>', 2_000_000_000],
    ['TRS createPageHTML', '<script>createPageHTML(2000000000, 0, "index", "html")</script>', 2_000_000_000],
    ['page_div createPageHTML', "<script>createPageHTML('page_div', 2000000000, 1, 'dezlist', 'shtml', 30000000000)</script>", 2_000_000_000],
    ['totalPage variable', '<script>var totalPage = 2000000000;</script><a href="index_2.html">下一页</a>', 2_000_000_000],
    ['a 40-digit record count', '<div class="page">共9999999999999999999999999999999999999999条 每页20条 <a href="?page=2">下一页</a></div>', undefined],
  ])('%s', (_, body, stated) => {
    const pager = readPager(page(body), `${BASE}index.html`);
    const next = followingPages(pager);
    expect(next.length).toBeGreaterThan(1);
    expect(next.length).toBeLessThanOrEqual(MAX_PAGER_PAGES);
    if (stated !== undefined) expect(pager.statedPages).toBe(stated);
    else expect(statedPageCount(pager)).toBeGreaterThan(MAX_PAGER_PAGES);
  });
});

describe('pager: hostile markup', () => {
  it('unclosed scripts, comments and tags, and endless digits are read in one pass, to nothing', () => {
    for (const body of ['<script '.repeat(20000), '<!--'.repeat(20000), `<div class="page">${'<'.repeat(100000)}</div>`, `<p>${'7'.repeat(100000)}条记录 第${'8'.repeat(50000)}/9页</p>`]) {
      const pager = readPager(page(body), `${BASE}index.html`);
      expect(pager.statedPages).toBeUndefined();
      expect(followingPages(pager)).toEqual([]);
    }
  });
});

describe('page rules learnt from links', () => {
  it('picks the page run, 0- or 1-based, and refuses what does not fit', () => {
    const rule = learnPageRule([{ page: 2, url: 'http://x/col/col2/index_2.html' }, { page: 5, url: 'http://x/col/col2/index_5.html' }])!;
    expect(rule.url(3)).toBe('http://x/col/col2/index_3.html');
    expect(rule.pageOf('http://x/col/col2/index_4.html')).toBe(4);
    expect(rule.pageOf('http://x/col/col3/index_4.html')).toBeUndefined();
    const zero = learnPageRule([{ page: 2, url: 'http://x/a/index_1.html' }])!;
    expect(zero.url(4)).toBe('http://x/a/index_3.html');
    expect(learnPageRule([{ page: 2, url: 'http://x/a?id=7&p=2' }])!.url(3)).toBe('http://x/a?id=7&p=3');
    expect(learnPageRule([{ page: 2, url: 'http://x/a/list_9.html' }])).toBeUndefined();
  });
});
