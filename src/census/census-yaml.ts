import type { CensusReading, DiscoveredColumn } from './discover.js';

const CATEGORY_ZH: Record<string, string> = {
  homepage: '首页', news: '工作动态', notice: '通知公告', policy: '政策文件', plan: '规划计划', personnel: '人事信息',
  finance: '财政信息', 'key-area': '重点领域', 'annual-report': '年度报告', guide: '公开指南', static: '机构职能等静态栏目', other: '未能归类',
};

/** A YAML double-quoted scalar (names come from untrusted pages). */
function q(s: string): string {
  return JSON.stringify(s);
}

function seen(c: DiscoveredColumn): string {
  if (c.needsBrowser) return '列表由脚本生成，需浏览器读取';
  if (c.blank) return '空白栏目（暂无信息）';
  const newest = c.newestDate ? `，最新 ${c.newestDate}` : '，无日期';
  return `${c.itemCount} 条${newest}${c.undatedCount ? `，${c.undatedCount} 条无日期` : ''}`;
}

/**
 * The `columns:` block of a unit's config for the office to review: one entry per column, commented with
 * what the census saw. Columns whose category could not be told are written commented out: the office
 * picks a category or leaves them (they are audited as `other`, with no cadence).
 */
export function censusYaml(reading: CensusReading, unit: { id?: string; name?: string; type?: string }): string {
  const out: string[] = [];
  out.push(`# zwgk discover ${reading.homepage.url}：读取 ${reading.pagesFetched} 个页面${reading.budgetExhausted ? '（已达页面上限，可能还有栏目未发现）' : ''}，发现 ${reading.columns.length} 个栏目`);
  if (reading.directoryUrl) out.push(`# 信息公开目录：${reading.directoryUrl}`);
  const home = reading.homepage;
  out.push(home.reachable
    ? `# 首页：${home.kind === 'list' ? `${home.itemCount} 条信息，最新 ${home.newestDate ?? '无日期'}` : '仅导航，按二级页面判断是否更新'}`
    : `# 首页无法访问：${home.error ?? ''}`);
  for (const n of reading.needsBrowser) out.push(`# 需浏览器：${n.url}（${n.reason}）`);
  for (const f of reading.failedPages) out.push(`# 无法读取：${f.url}（${f.error.replace(/\s+/g, ' ').slice(0, 80)}）`);
  out.push('# 请逐项核对名称和类别后再写入配置。');
  if (unit.id) out.push(`- id: ${unit.id}`, `  name: ${q(unit.name ?? unit.id)}`, unit.type ? `  type: ${unit.type}` : '  type: town  # 请核对', '  columns:');
  else out.push('columns:');
  const indent = unit.id ? '    ' : '  ';
  if (home.reachable) {
    out.push(`${indent}- name: "首页"`, `${indent}  url: ${q(home.url)}`, `${indent}  category: homepage`);
  }
  for (const c of reading.columns) {
    const comment = `${indent}# ${CATEGORY_ZH[c.category]}，${c.level === 1 ? '一级' : '二级'}栏目，${seen(c)}；名称取自${c.nameSource === 'anchor' ? '链接文字' : c.nameSource === 'breadcrumb' ? '当前位置' : '页面标题'}`;
    out.push(comment);
    const prefix = c.category === 'other' ? `${indent}# ` : indent;
    out.push(`${prefix}- name: ${q(c.name)}`, `${prefix}  url: ${q(c.url)}`, `${prefix}  category: ${c.category === 'other' ? '?' : c.category}`);
    if (c.needsBrowser) out.push(`${prefix}  shape: browser`);
  }
  return `${out.join('\n')}\n`;
}
