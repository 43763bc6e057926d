import { agoOf, series, type DemoItem } from '../templates/items.js';
import type { Routes } from '../templates/page.js';
import { s1Column, s2Column, s2ParentColumn } from '../templates/trs.js';
import { hanwebColumns } from '../templates/hanweb.js';
import { portalHome, staticPage } from '../templates/static-list.js';
import { GUIDES, KEY_AREAS, NEWS, NOTICES, PERSONNEL, PLANS, POLICIES, annualReport, forUnit } from '../titles.js';

const lastYear = (asOf: string) => Number(asOf.slice(0, 4)) - 1;

/** Annual reports published on `monthDay` of each given year offset (0 = the as-of year, reporting on the year before). */
function reports(asOf: string, unit: string, published: [monthDay: string, yearOffset: number][]): DemoItem[] {
  return published.map(([monthDay, offset]) => ({ title: annualReport(unit, lastYear(asOf) + offset), ago: agoOf(asOf, monthDay, offset) }));
}

/** 云岭镇 (S1, TRS classic): a well-kept site with one blank column and a long news column the horizon cuts. */
export function yunling(asOf: string): Routes {
  const site = { name: '云岭镇人民政府', home: '/ylz/' };
  const news = series(asOf, { topics: forUnit(NEWS, '云岭镇'), newest: 1, every: 3, count: 300 });
  news[1] = { ...news[1], related: '图解：云岭镇秋冬季森林防火“十不准”' };
  news[7] = { ...news[7], related: '一图读懂高标准农田建设' };
  const y = Number(asOf.slice(0, 4));
  return {
    ...s1Column({ site, dir: '/ylz/gzdt/', name: '工作动态', items: news }, asOf),
    ...s1Column({
      site, dir: '/ylz/tzgg/', name: '通知公告', slashDates: false, quotedPager: true,
      items: [
        { title: '云岭镇便民服务事项清单及办事指南', ago: agoOf(asOf, '03-01', -2), pinned: true },
        ...series(asOf, { topics: NOTICES, newest: 12, every: 25, count: 14 }),
      ],
    }, asOf),
    ...s1Column({ site, dir: '/ylz/rsxx/', name: '人事信息', items: [] }, asOf),
    ...s1Column({
      site, dir: '/ylz/czyjs/', name: '财政预决算',
      items: [
        { title: `云岭镇${y - 1}年部门决算`, ago: agoOf(asOf, '08-26') },
        { title: `云岭镇${y}年部门预算`, ago: agoOf(asOf, '02-14') },
        { title: `云岭镇${y - 2}年部门决算`, ago: agoOf(asOf, '08-22', -1) },
        { title: `云岭镇${y - 1}年部门预算`, ago: agoOf(asOf, '02-20', -1) },
      ],
    }, asOf),
    ...s1Column({ site, dir: '/ylz/ndbg/', name: '政府信息公开年报', items: reports(asOf, site.name, [['01-22', 0], ['01-24', -1], ['01-26', -2]]) }, asOf),
    ...staticPage(site, '/ylz/jgzn/index.html', '机构职能', [
      '云岭镇人民政府是演示区下辖的乡镇人民政府，负责本行政区域内的经济、教育、科学、文化、卫生、民政等行政工作。',
      '内设机构：党政办公室、经济发展办公室、社会事务办公室、综合行政执法办公室、便民服务中心。',
      '办公地址：演示区云岭镇迎宾路1号。办公时间：工作日上午9:00-12:00，下午13:30-17:30。',
    ]),
  };
}

/** 石桥镇 (S2, TRS page_div): stale news, a parent column with no items, an empty list, a missing annual report. */
export function shiqiao(asOf: string): Routes {
  const site = { name: '石桥镇人民政府', home: '/sqz/' };
  return {
    ...s2Column({
      site, dir: '/sqz/zwdt/', name: '政务动态', mobileCopy: true,
      items: [
        { title: '<img src=x onerror=alert(1)>', ago: 31 },
        ...series(asOf, { topics: forUnit(NEWS, '石桥镇'), newest: 38, every: 7, count: 50, offset: 3 }),
      ],
    }, asOf),
    // The pager claims 25 records; 23 are served.
    ...s2Column({ site, dir: '/sqz/tzgg/', name: '通知公告', statedRecords: 25, items: series(asOf, { topics: NOTICES, newest: 9, every: 20, count: 23, offset: 2 }) }, asOf),
    ...s2ParentColumn(site, '/sqz/zdly/', '重点领域信息公开', ['社会救助', '乡村振兴', '安全生产']),
    ...s2Column({
      site, dir: '/sqz/zcwj/', name: '政策文件',
      items: [
        // Typed a year ahead: a future date that must not count as an update.
        { title: '石桥镇关于做好2027年元旦春节期间安全生产工作的通知', ago: -56 },
        ...series(asOf, { topics: forUnit(POLICIES, '石桥镇'), newest: 40, every: 45, count: 8 }),
      ],
    }, asOf),
    ...s2Column({ site, dir: '/sqz/rsxx/', name: '人事信息', items: [] }, asOf),
    // Only the reports of earlier years: last year's, due by 01-31, was never posted.
    ...s2Column({ site, dir: '/sqz/ndbg/', name: '政府信息公开年报', items: reports(asOf, site.name, [['01-20', -1], ['01-25', -2]]) }, asOf),
    ...s2Column({ site, dir: '/sqz/bszn/', name: '办事指南', items: series(asOf, { topics: forUnit(GUIDES, '石桥镇'), newest: 300, every: 60, count: 4 }) }, asOf),
  };
}

/** 望江街道 (S3, Hanweb jpage): records inline in XML, later groups from the POST proxy; one blank column. */
export function wangjiang(asOf: string): Routes {
  const site = { name: '望江街道办事处', home: '/wjjd/' };
  const dir = '/wjjd/';
  const y = Number(asOf.slice(0, 4));
  return hanwebColumns([
    { site, dir, id: 1201, name: '工作动态', mobileCopy: true, items: series(asOf, { topics: forUnit(NEWS, '望江街道'), newest: 2, every: 4, count: 120, offset: 5 }) },
    { site, dir, id: 1202, name: '通知公告', perPage: 10, items: series(asOf, { topics: NOTICES, newest: 20, every: 15, count: 22, offset: 4 }) },
    { site, dir, id: 1203, name: '社区公示', items: [] },
    { site, dir, id: 1204, name: '规划计划', items: series(asOf, { topics: forUnit(PLANS, '望江街道'), newest: 100, every: 120, count: 5 }) },
    {
      site, dir, id: 1205, name: '财政预决算',
      items: [
        { title: `望江街道${y - 2}年部门决算`, ago: agoOf(asOf, '08-20', -1) },
        { title: `望江街道${y - 1}年部门预算`, ago: agoOf(asOf, '02-18', -1) },
      ],
    },
    { site, dir, id: 1206, name: '政府信息公开年报', items: reports(asOf, site.name, [['01-23', 0], ['01-27', -1]]) },
  ], asOf);
}

/** 翠湖街道 (S1 and a portal home page): an undated item on the home page, stale news, a broken detail link. */
export function cuihu(asOf: string): Routes {
  const site = { name: '翠湖街道办事处', home: '/chjd/' };
  const headlines = series(asOf, { topics: forUnit(NEWS, '翠湖街道'), newest: 6, every: 5, count: 8, offset: 8 });
  headlines.splice(2, 0, { title: '翠湖街道“我为群众办实事”实践活动专题', ago: null, detail: 'undated' });
  const notices = series(asOf, { topics: NOTICES, newest: 5, every: 18, count: 20, offset: 6 });
  notices[0] = { ...notices[0], detail: 'missing' };
  return {
    ...portalHome(site, '/chjd/index.html', [
      { name: '街道要闻', items: headlines },
      { name: '通知公告', items: series(asOf, { topics: NOTICES, newest: 15, every: 20, count: 6 }) },
    ], asOf),
    ...s1Column({ site, dir: '/chjd/jddt/', name: '街道动态', items: series(asOf, { topics: forUnit(NEWS, '翠湖街道'), newest: 20, every: 9, count: 40, offset: 1 }) }, asOf),
    ...s1Column({ site, dir: '/chjd/tzgg/', name: '通知公告', items: notices }, asOf),
    ...s1Column({ site, dir: '/chjd/sqgs/', name: '社区公示', items: series(asOf, { topics: forUnit(KEY_AREAS, '翠湖街道'), newest: 14, every: 30, count: 12 }) }, asOf),
    ...s1Column({ site, dir: '/chjd/rsxx/', name: '人事信息', items: series(asOf, { topics: forUnit(PERSONNEL, '翠湖街道'), newest: 70, every: 90, count: 6 }) }, asOf),
    ...s1Column({ site, dir: '/chjd/ndbg/', name: '政府信息公开年报', items: reports(asOf, site.name, [['01-16', 0], ['01-19', -1]]) }, asOf),
  };
}
