import type { ColumnObservation, Finding, ListEnd, ObservationStatus } from '../src/audit/observation.js';
import type { DateSource } from '../crawlers/types.js';
import { describeOutcome } from '../src/fetch/types.js';
import { terminalSafe } from './escape.js';

const VERDICT: Record<ObservationStatus, string> = {
  ok: '正常：读到了列表', blank: '空白栏目：列表中没有信息', redirect: '跳转：栏目页面没有自己的内容',
  unreachable: '无法检查：页面无法读取', blocked: '无法检查：被反爬验证拦截', unparsed: '无法检查：未能识别列表',
};

const LIST_END: Record<ListEnd, string> = {
  end: '读到了列表末页', horizon: '读到了评分所需的最早日期之前，更早的页面不影响得分', 'page-cap': '达到每栏目页数上限，列表未读完',
  'page-failed': '后续页面无法读取，列表未读完', 'latest-only': '首页区块只显示最新信息', 'not-read': '没有读取列表',
};

const DATE_SOURCE: Record<DateSource, string> = {
  list: '列表日期', order: '列表只显示月日，年份按列表顺序推断', url: '年份取自网址', detail: '取自详情页',
};

function finding(f: Finding): string {
  switch (f.kind) {
    case 'redirected': return `页面被重定向到其他站点：${f.to}`;
    case 'redirect-stub': return `页面${f.via === 'meta' ? '自动刷新' : '用脚本'}跳转至${f.targetColumn ? `「${f.targetColumn}」栏目 ` : ''}${f.to}`;
    case 'site-moved': return `站点地址由 ${f.from} 变为 ${f.to}`;
    case 'future-dated': return `${f.items.length} 条信息日期晚于今天（不计入更新）`;
    case 'total-mismatch': return `页面声称共 ${f.stated} 条，实际读到 ${f.served} 条`;
    case 'page-failed': return `列表页无法读取：${f.url}（${describeOutcome(f)}）`;
    case 'page-cap': return `读到第 ${f.pages} 页时达到页数上限`;
    case 'rendered-in-browser': return `使用浏览器渲染：${f.reason}`;
  }
}

/** `zwgk inspect` as a person reads it: verdict, how the list was read and why it stopped, every item with how its date was found. */
export function inspectText(url: string, today: string, o: ColumnObservation): string {
  const safe = terminalSafe;
  const lines = [
    `网址：${safe(url)}${o.finalUrl && o.finalUrl !== url ? `（实际读取 ${safe(o.finalUrl)}）` : ''}`,
    `检查日期：${today}`,
    `页面结构：${o.shape ?? '未识别'}`,
    `结论：${VERDICT[o.status]}${o.reason ? `（${safe(o.reason)}）` : ''}`,
    `列表：读取 ${o.pagesFetched} 页，${LIST_END[o.listEnd]}${o.listEndNote ? `（${safe(o.listEndNote)}）` : ''}`,
  ];
  if (o.statedTotal !== undefined) lines.push(`页面声称共 ${o.statedTotal} 条`);
  lines.push('', '读取的页面：');
  for (const f of o.fetches) {
    const what = f.purpose === 'list' ? '列表' : f.purpose === 'detail' ? '详情' : '链接';
    lines.push(`  ${what}${f.viaBrowser ? '（浏览器）' : ''} ${safe(f.url)} → ${f.outcome === 'ok' ? `HTTP ${f.status ?? ''}`.trim() : describeOutcome(f)}`);
  }
  const undated = o.items.filter((i) => !i.date).length;
  lines.push('', `信息 ${o.items.length} 条${undated ? `（其中 ${undated} 条没有日期）` : ''}${o.newest ? `，最新 ${o.newest.date}` : ''}：`);
  for (const item of o.items) {
    const how = item.dateSource ? DATE_SOURCE[item.dateSource] : '没有日期';
    const shown = item.monthDay ? `，页面显示 ${item.monthDay}` : '';
    lines.push(`  ${item.date ?? '----------'}  ${item.pinned ? '[置顶] ' : ''}${safe(item.title)}（${how}${shown}）${item.url ? ` ${safe(item.url)}` : ''}`);
  }
  if (o.findings.length > 0) {
    lines.push('', '发现：');
    for (const f of o.findings) lines.push(`  - ${safe(finding(f))}`);
  }
  return lines.join('\n');
}
