import { agoOf, series, type DemoItem } from '../templates/items.js';
import type { Routes } from '../templates/page.js';
import { s1Column, s2Column } from '../templates/trs.js';
import { gkmlptPlatform } from '../templates/gkmlpt.js';
import { staticListColumn, staticPage } from '../templates/static-list.js';
import { jspSite } from '../templates/jsp.js';
import { behindChallenge, scriptBuiltColumn } from '../templates/browser.js';
import { connectionReset, movedTo, scriptStub, serverError } from '../templates/faults.js';
import { NEWS, NOTICES, PLANS, POLICIES, annualReport, forUnit } from '../titles.js';

const lastYear = (asOf: string) => Number(asOf.slice(0, 4)) - 1;

function reports(asOf: string, unit: string, published: [monthDay: string, yearOffset: number][]): DemoItem[] {
  return published.map(([monthDay, offset]) => ({ title: annualReport(unit, lastYear(asOf) + offset), ago: agoOf(asOf, monthDay, offset) }));
}

/** 区发展和改革局 (S5, gkmlpt): categories read through the JSON API, one that jumps to a TRS page. */
export function fgj(asOf: string): Routes {
  const site = { name: '演示区发展和改革局', home: '/fgj/' };
  const y = Number(asOf.slice(0, 4));
  return {
    ...gkmlptPlatform({
      site, dir: '/fgj/', sid: 7550031, pageSize: 20,
      categories: [
        { id: 101, name: '通知公告', items: series(asOf, { topics: NOTICES, newest: 7, every: 16, count: 22, offset: 1 }) },
        // 60 articles, but this instance answers 404 from page 3 on: the list ends there.
        { id: 102, name: '工作动态', servedPages: 2, items: series(asOf, { topics: forUnit(NEWS, '区发展改革局'), newest: 12, every: 8, count: 60, offset: 2 }) },
        { id: 103, name: '政策文件', stringDates: true, items: series(asOf, { topics: forUnit(POLICIES, '区发展改革局'), newest: 230, every: 60, count: 6, offset: 2 }) },
        { id: 104, name: '财政预决算', jumpUrl: '/fgj/czyjs/index.html' },
        { id: 105, name: '规划计划', items: series(asOf, { topics: forUnit(PLANS, '区发展改革局'), newest: 45, every: 100, count: 4 }) },
        { id: 106, name: '政府信息公开年报', items: reports(asOf, site.name, [['01-15', 0], ['01-21', -1]]) },
      ],
    }, asOf),
    ...s1Column({
      site, dir: '/fgj/czyjs/', name: '财政预决算',
      items: [
        { title: `演示区发展和改革局${y - 1}年部门决算`, ago: agoOf(asOf, '09-03') },
        { title: `演示区发展和改革局${y}年部门预算`, ago: agoOf(asOf, '02-10') },
        { title: `演示区发展和改革局${y - 2}年部门决算`, ago: agoOf(asOf, '09-05', -1) },
        { title: `演示区发展和改革局${y - 1}年部门预算`, ago: agoOf(asOf, '02-12', -1) },
      ],
    }, asOf),
  };
}

const EDU_NEWS = [
  '区教育局召开校园安全工作会议', '全区中小学开展防溺水安全教育', '区教育局开展校园食品安全专项检查',
  '全区中小学教师教学技能大赛举行', '区教育局举办家庭教育公益讲座', '全区学校开展消防疏散演练', '区教育局部署课后服务工作',
];
const ENROLMENT = [
  '{y}年演示区义务教育阶段学校招生入学工作方案', '{y}年演示区公办幼儿园招生公告', '演示区普通高中招生录取工作通知',
  '进城务工人员随迁子女入学申请指南', '{y}年演示区中小学学区划分公告',
];

/** 区教育局 (S6, static portal lists): a GBK page, month-day dates, an undated list, off-site links, a 500. */
export function jyj(asOf: string): Routes {
  const site = { name: '演示区教育局', home: '/jyj/' };
  const enrolment = series(asOf, { topics: ENROLMENT, newest: 20, every: 25, count: 18 });
  enrolment[0] = { ...enrolment[0], protocolRelative: true };
  enrolment[3] = { ...enrolment[3], title: '“演示区教育”公众号：一图读懂秋季入学政策', link: 'https://mp.weixin.qq.example/s/demo-jyj-rxzc' };
  return {
    ...staticListColumn({ site, dir: '/jyj/jydt/', name: '教育动态', gbk: true, pager: true, perPage: 15, items: series(asOf, { topics: EDU_NEWS, newest: 3, every: 5, count: 70 }) }, asOf),
    // [MM-DD] without a year; the oldest items are from December of last year.
    ...staticListColumn({ site, dir: '/jyj/tzgg/', name: '通知公告', monthDay: true, perPage: 20, items: series(asOf, { topics: NOTICES, newest: 10, every: 30, count: 12, offset: 5 }) }, asOf),
    // No dates on the list: each detail page carries it (a label, or only a meta tag; one has none).
    ...staticListColumn({
      site, dir: '/jyj/zcjd/', name: '政策解读',
      items: [
        { title: '图解：演示区学前教育普及普惠发展实施方案', ago: null, detailAgo: 25 },
        { title: '一图读懂《演示区中小学课后服务管理办法》', ago: null, detailAgo: 48, detail: 'meta' },
        { title: '《演示区教育领域民生实事项目》政策解读', ago: null, detailAgo: 75 },
        { title: '关于《演示区中小学校服管理办法》的解读', ago: null, detail: 'undated' },
        { title: '演示区家庭经济困难学生资助政策问答', ago: null, detailAgo: 160 },
        { title: '图解：演示区“县中振兴”行动计划', ago: null, detailAgo: 240 },
        { title: '《演示区校外培训机构监管办法》政策解读', ago: null, detailAgo: 330, detail: 'meta' },
        { title: '关于《演示区中小学教师交流轮岗实施意见》的解读', ago: null, detailAgo: 420 },
      ],
    }, asOf),
    ...staticListColumn({ site, dir: '/jyj/zsrx/', name: '招生入学', pager: true, items: enrolment }, asOf),
    '/jyj/rsxx/index.html': serverError,
    ...staticPage(site, '/jyj/jgzn/index.html', '机构职能', [
      '演示区教育局是区人民政府工作部门，主管全区教育工作。',
      '内设机构：办公室、基础教育科、职业与成人教育科、督导室、学生资助管理中心。',
    ]),
  };
}

const HEALTH_NEWS = [
  '区卫生健康局开展传染病防控督导', '全区开展家庭医生签约服务宣传周活动', '区卫生健康局组织基层医务人员急救技能培训',
  '区人民医院开展义诊进社区活动', '全区开展爱国卫生运动', '区卫生健康局部署流感疫苗接种工作',
];

/** 区卫生健康局 (S7, JSP `iList.jsp`): an iframe page, pagers with and without 尾页, redirects, a reset, a late report. */
export function wjj(asOf: string, movedOrigin: string): Routes {
  const site = { name: '演示区卫生健康局', home: '/wjj/' };
  return {
    ...jspSite({
      site, dir: '/wjj/',
      columns: [
        { catId: 31, name: '卫健动态', perPage: 10, items: series(asOf, { topics: HEALTH_NEWS, newest: 4, every: 5, count: 66 }) },
        { catId: 32, name: '通知公告', pager: 'prev-next', dateFirst: true, items: series(asOf, { topics: NOTICES, newest: 60, every: 40, count: 12, offset: 3 }) },
        { catId: 34, name: '政策文件', items: series(asOf, { topics: forUnit(POLICIES, '区卫生健康局'), newest: 190, every: 50, count: 6, offset: 1 }) },
        // Last year's report was posted after the 01-31 deadline.
        { catId: 36, name: '政府信息公开年报', items: reports(asOf, site.name, [['02-10', 0], ['01-28', -1]]) },
      ],
    }, asOf),
    '/wjj/ghjh/index.html': movedTo(`${movedOrigin}/wjj/ghjh/index.html`),
    '/wjj/zcwj/index.html': scriptStub('/wjj/iList.jsp?cat_id=34'),
    '/wjj/czyjs/index.html': connectionReset,
  };
}

/** The new platform the health bureau's 规划计划 column moved to (served on a second host). */
export function wjjMoved(asOf: string): Routes {
  const site = { name: '演示区卫生健康局', home: '/wjj/' };
  return s1Column({ site, dir: '/wjj/ghjh/', name: '规划计划', items: series(asOf, { topics: forUnit(PLANS, '区卫生健康局'), newest: 80, every: 150, count: 4 }) }, asOf);
}

const LICENCE_RESULTS = ['{y}年{m}月行政许可事项办理结果公示', '企业设立登记办件结果公示（第{n}期）', '建设工程规划许可证核发结果公示'];
const APPROVAL_NEWS = [
  '区行政审批局推进“一件事一次办”改革', '区政务服务中心推出延时错时服务', '区行政审批局开展企业开办“一站式”专项服务',
  '工程建设项目审批再提速', '区行政审批局召开窗口服务质量讲评会',
];

/** 区行政审批局: a list built by script, a 412 challenge a browser clears, one it never clears. */
export function spj(asOf: string): Routes {
  const site = { name: '演示区行政审批局', home: '/spj/' };
  return {
    ...scriptBuiltColumn(site, '/spj/spdt/', '审批动态', series(asOf, { topics: APPROVAL_NEWS, newest: 2, every: 4, count: 85 }), asOf),
    ...behindChallenge(s1Column({ site, dir: '/spj/tzgg/', name: '通知公告', items: series(asOf, { topics: NOTICES, newest: 8, every: 21, count: 17, offset: 7 }) }, asOf), true),
    ...behindChallenge(s1Column({ site, dir: '/spj/bjgs/', name: '办件公示', items: series(asOf, { topics: LICENCE_RESULTS, newest: 3, every: 7, count: 20 }) }, asOf), false),
    ...s2Column({ site, dir: '/spj/zcwj/', name: '政策文件', items: series(asOf, { topics: forUnit(POLICIES, '区行政审批局'), newest: 50, every: 70, count: 5, offset: 4 }) }, asOf),
    ...s2Column({ site, dir: '/spj/ndbg/', name: '政府信息公开年报', items: reports(asOf, site.name, [['01-27', 0], ['01-30', -1]]) }, asOf),
    ...staticPage(site, '/spj/bszn/index.html', '办事指南', [
      '企业开办、工程建设项目审批、社会事务类许可事项均可在演示区政务服务中心一楼综合窗口办理。',
      '咨询电话：0000-12345678（演示号码）。网上办理请登录演示区政务服务网。',
    ]),
  };
}
