import { OUTCOME_ZH, type Outcome } from '../src/fetch/types.js';
import type { ColumnScore, PlatformScore } from '../src/scoring/platform.js';

/** One line a person reads about a column or a required posting, with the points at stake. */
export interface FindingLine {
  column: string;
  severity: 'lost' | 'cannot-check' | 'note';
  text: string;
  pointsLost: number;
  url: string | null;
}


/**
 * The findings behind every lost point, in Simplified Chinese, most points first. Texts hold crawled
 * titles as they are: the caller escapes for its medium.
 */
export function platformFindings(p: PlatformScore): FindingLine[] {
  const lines: FindingLine[] = [];
  for (const c of p.columns) lines.push(...columnFindings(c));
  const reconstructed = p.columns.filter((c) => c.reconstructedDays > 0);
  if (reconstructed.length > 0) {
    const days = Math.max(...reconstructed.map((c) => c.reconstructedDays));
    lines.push({ column: '', severity: 'note', pointsLost: 0, url: null, text: `${reconstructed.length} 个栏目首次检查前的日子（最多 ${days} 天）按信息发布日期推算` });
  }
  for (const r of p.requiredPostings) {
    if (r.status === 'missing') {
      lines.push({ column: r.column, severity: 'lost', pointsLost: r.deduction, url: null, text: `栏目「${r.column}」应于 ${r.due} 前发布「${r.label}」，至今未发布（扣 ${r.deduction} 分）` });
    } else if (r.status === 'late') {
      lines.push({ column: r.column, severity: 'lost', pointsLost: r.deduction, url: null, text: `栏目「${r.column}」的「${r.label}」应于 ${r.due} 前发布，实际 ${r.postedOn} 发布「${r.title}」，逾期（扣 ${r.deduction} 分）` });
    } else if (r.status === 'unchecked') {
      lines.push({ column: r.column, severity: 'cannot-check', pointsLost: 0, url: null, text: `栏目「${r.column}」无法检查是否按时发布「${r.label}」（截止 ${r.due}）` });
    }
  }
  return lines.sort((a, b) => b.pointsLost - a.pointsLost || rank(a.severity) - rank(b.severity));
}

function rank(s: FindingLine['severity']): number {
  return s === 'lost' ? 0 : s === 'cannot-check' ? 1 : 2;
}

function columnFindings(c: ColumnScore): FindingLine[] {
  const out: FindingLine[] = [];
  const add = (severity: FindingLine['severity'], text: string, pointsLost = 0) =>
    out.push({ column: c.name, severity, text, pointsLost, url: c.url });
  const lostNote = c.pointsLost > 0 ? `；本期合规 ${c.compliantDays}/${c.checkedDays} 天，失 ${c.pointsLost} 分` : '';
  switch (c.status) {
    case 'stale':
      add('lost', c.newestDate
        ? `栏目「${c.name}」未按时更新：最新信息「${c.newestTitle}」发布于 ${c.newestDate}，已超过 ${c.cadenceDays} 天更新周期 ${c.daysOverdue} 天${lostNote}`
        : `栏目「${c.name}」没有带日期的信息，视为未更新${lostNote}`, c.pointsLost);
      break;
    case 'blank':
      add('lost', `栏目「${c.name}」有栏目无内容（${c.reason ?? '空白'}）${lostNote}`, c.pointsLost);
      break;
    case 'unreachable':
      add('cannot-check', `栏目「${c.name}」无法访问，本次未能检查：${c.reason ?? ''}`);
      break;
    case 'blocked':
      add('cannot-check', `栏目「${c.name}」被反爬验证拦截，本次未能检查：${c.reason ?? ''}`);
      break;
    case 'unparsed':
      add('cannot-check', `栏目「${c.name}」页面结构无法识别，本次未能检查`);
      break;
    case 'unchecked':
      add('cannot-check', `栏目「${c.name}」尚未检查过`);
      break;
    case 'ok':
      if (c.pointsLost > 0) add('lost', `栏目「${c.name}」当前已更新，但本期曾有未按时更新的时段${lostNote}`, c.pointsLost);
  }
  for (const m of c.siteMoves) add('note', `栏目「${c.name}」网址由 ${m.from} 变为 ${m.to}（站点迁移，${m.on} 发现），历史记录已延续`);
  if (c.redirectedTo) add('note', `栏目「${c.name}」跳转到其他网站：${c.redirectedTo}`);
  if (c.futureDatedCount > 0) {
    const sample = c.futureItems.slice(0, 3).map((i) => `「${i.title}」(${i.date})`).join('、');
    add('note', `栏目「${c.name}」有 ${c.futureDatedCount} 条信息的日期晚于检查日期，未计入更新：${sample}`);
  }
  if (c.undatedCount > 0) add('note', `栏目「${c.name}」有 ${c.undatedCount} 条信息未标注日期，视为未更新`);
  for (const b of c.backdatedItems.slice(0, 5)) {
    add('note', `栏目「${c.name}」的「${b.title}」标注日期 ${b.published}，但 ${b.firstSeen} 才首次出现，可能为补发或倒填日期`);
  }
  for (const l of c.brokenLinks) {
    add('note', `栏目「${c.name}」的信息「${l.title ?? l.url}」链接无法打开（${OUTCOME_ZH[l.outcome as Outcome] ?? l.outcome}${l.status ? ` ${l.status}` : ''}）：${l.url}`);
  }
  return out;
}
