import type { Category } from '../config/column-kinds.js';

/** A discovered column's category: one the config knows, or `other` (no cadence requirement, never judged stale). */
export type CensusCategory = Category | 'other';

/**
 * Column names to categories, most specific first (年报 before 报告, 政策解读 before 动态). Names come from
 * anchor text, breadcrumbs or titles, so the patterns match parts of a name, never whole names.
 */
export const CATEGORY_PATTERNS: ReadonlyArray<readonly [CensusCategory, RegExp]> = [
  ['annual-report', /年度报告|年报/],
  ['guide', /指南|须知/],
  ['static', /机构职能|机构设置|内设机构|领导信息|领导之窗|领导简介|单位概况|部门职责|职能职责|机构概况|^概况/],
  ['finance', /财政|预算|决算|预决算|三公|资金/],
  ['personnel', /人事|任免|招聘|招考|录用|干部/],
  ['plan', /规划|计划|总结/],
  ['key-area', /重点领域|民生|扶贫|乡村振兴|安全生产|环境保护|生态环境|食品药品|社会救助|征收|征地|公共资源|双随机|教育|医疗卫生|保障性住房|就业|应急/],
  ['policy', /政策|文件|法规|规章|解读|规范性/],
  ['notice', /通知|公告|公示|通告/],
  ['news', /动态|要闻|新闻|资讯|简报|工作信息|政务信息|乡镇信息|部门信息|图片/],
];

/** The category a column name falls in; `other` when no pattern matches. */
export function classifyColumn(name: string): CensusCategory {
  const text = name.replace(/\s+/g, '');
  return CATEGORY_PATTERNS.find(([, re]) => re.test(text))?.[0] ?? 'other';
}

/** Words of a link or page that lead to the disclosure directory (信息公开/政务公开), followed first. */
export const DIRECTORY_RE = /(?:政府|政务)?信息公开|政务公开|公开目录|信息公开平台/;
