import type { UnitConfig } from '../src/config/schema.js';
import type { CensusExclusion, CensusRunRow, CensusSnapshot } from '../src/store/census-repo.js';
import { censusKey } from '../src/census/census-key.js';
import { terminalSafe } from './escape.js';
import { fmtShare } from './format.js';
import { brokenShareOf } from '../src/census/census-digest.js';

const CATEGORY_ZH: Record<string, string> = {
  homepage: '首页', news: '动态', notice: '通知公告', policy: '政策文件', plan: '规划计划', personnel: '人事', finance: '财政',
  'key-area': '重点领域', 'annual-report': '年报', guide: '指南', static: '静态', other: '未归类',
};

/** The share of checked links that were broken, as a percentage with one decimal. */
export function brokenShare(run: Pick<CensusRunRow, 'linksChecked' | 'linksBroken'>): string {
  return fmtShare(brokenShareOf(run));
}

/** `zwgk census show`: the unit's latest census as the office reads it (plain text, crawled strings made terminal-safe). */
export function censusText(unit: UnitConfig, latest: CensusSnapshot | undefined, history: CensusRunRow[], exclusions: CensusExclusion[]): string {
  const out = [`${unit.name}（${unit.id}）网站普查`];
  if (!latest) return [...out, '尚未普查（zwgk census run --unit ' + unit.id + '）'].join('\n');
  const { run } = latest;
  const configured = new Set(unit.columns.map((c) => censusKey(c.url)));
  const excluded = new Map(exclusions.map((e) => [e.urlKey, e]));
  out.push(`${run.day}：读取 ${run.pagesFetched} 页${run.budgetExhausted ? '（达到页面上限）' : ''}，发现栏目 ${latest.columns.length} 个，`
    + `其中未配置 ${latest.columns.filter((c) => !configured.has(c.urlKey)).length} 个`);
  const line = (c: CensusSnapshot['columns'][number]) => {
    const ex = excluded.get(c.urlKey);
    const state = c.needsBrowser ? '需浏览器' : c.blank ? '空白' : `${c.itemCount} 条，最新 ${c.newestDate ?? '无日期'}`;
    return `  ${configured.has(c.urlKey) ? '[已配置]' : '[普查发现]'} ${terminalSafe(c.name)}（${CATEGORY_ZH[c.category] ?? c.category}，${c.level === 1 ? '一级' : '二级'}）${state} ${c.url}${ex ? ` 已排除：${terminalSafe(ex.reason)}` : ''}`;
  };
  out.push('栏目：', ...latest.columns.map(line));
  if (latest.appeared.length) out.push('新出现的栏目：', ...latest.appeared.map(line));
  if (latest.disappeared.length) out.push('消失的栏目（本次未再发现）：', ...latest.disappeared.map(line));
  if (exclusions.length) out.push('排除的栏目：', ...exclusions.map((e) => `  ${e.url} 原因：${terminalSafe(e.reason)}（${e.by}${e.at ? `，${e.at.slice(0, 10)}` : ''}）`));
  out.push(`链接：检查 ${run.linksChecked} 个，失效 ${run.linksBroken} 个（${brokenShare(run)}），未检查 ${run.linksUnchecked} 个`);
  const byColumn = new Map<string, typeof latest.broken>();
  for (const b of latest.broken) {
    const k = b.columnUrl ?? b.pageUrl;
    byColumn.set(k, [...(byColumn.get(k) ?? []), b]);
  }
  for (const [where, list] of byColumn) {
    const name = latest.columns.find((c) => c.url === where)?.name;
    out.push(`  ${name ? `「${terminalSafe(name)}」` : ''}${where}`, ...list.map((b) => `    ${b.url}「${terminalSafe(b.text)}」${b.detail}（所在页面 ${b.pageUrl}）`));
  }
  if (history.length > 1) out.push(`失效链接比例：${history.map((h) => `${h.day} ${brokenShare(h)}`).join('，')}`);
  return out.join('\n');
}
