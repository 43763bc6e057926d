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
  lines.push(...siteMoveNotes(p.columns));
  const reconstruction = reconstructionNote(p.columns);
  if (reconstruction) lines.push({ column: '', severity: 'note', pointsLost: 0, url: null, text: reconstruction });
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

/** A site move is one note however many columns moved with it (same day, same old and new address). */
function siteMoveNotes(columns: ColumnScore[]): FindingLine[] {
  const moves = new Map<string, { on: string; from: string; to: string; columns: string[]; url: string }>();
  for (const c of columns) {
    for (const m of c.siteMoves) {
      const key = `${m.on}\u0000${m.from}\u0000${m.to}`;
      const move = moves.get(key) ?? { ...m, columns: [], url: c.url };
      move.columns.push(c.name);
      moves.set(key, move);
    }
  }
  return [...moves.values()].map((m) => ({
    column: m.columns.length === 1 ? m.columns[0] : '', severity: 'note' as const, pointsLost: 0, url: m.columns.length === 1 ? m.url : null,
    text: `${m.columns.length === 1 ? `栏目「${m.columns[0]}」` : `${m.columns.length} 个栏目（${m.columns.map((n) => `「${n}」`).join('')}）`}网址由 ${m.from} 变为 ${m.to}（站点迁移，${m.on} 发现），历史记录已延续，未因此标记补发信息`,
  }));
}

function rank(s: FindingLine['severity']): number {
  return s === 'lost' ? 0 : s === 'cannot-check' ? 1 : 2;
}

/**
 * One note per unit on the days before the first crawl: how many were reconstructed from publish dates,
 * and per column whether its list was read to the end (the days before its oldest item count) or cut
 * short (they cost nothing).
 */
function reconstructionNote(columns: ColumnScore[]): string | null {
  const parts: string[] = [];
  const reconstructed = columns.filter((c) => c.reconstructedDays > 0);
  if (reconstructed.length > 0) {
    parts.push(`${reconstructed.length} 个栏目首次检查前的日子（最多 ${Math.max(...reconstructed.map((c) => c.reconstructedDays))} 天）按信息发布日期推算`);
  }
  const early = columns.filter((c) => c.earlyDays);
  const judged = early.filter((c) => c.earlyDays!.judged === 'not-compliant');
  const unknown = early.filter((c) => c.earlyDays!.judged === 'unknown');
  if (judged.length > 0) {
    parts.push(`列表已读到最后一页，最早一条信息之前的日子计为未更新：${judged.map((c) => `「${c.name}」（${c.earlyDays!.before} 之前 ${c.earlyDays!.days} 天）`).join('、')}`);
  }
  if (unknown.length > 0) {
    parts.push(`列表未读完，最早读到的信息之前的日子无法判断、不扣分：${unknown.map((c) => `「${c.name}」（${c.earlyDays!.reason}；${c.earlyDays!.before} 之前 ${c.earlyDays!.days} 天）`).join('、')}`);
  }
  return parts.length > 0 ? parts.join('；') : null;
}

function columnFindings(c: ColumnScore): FindingLine[] {
  const out: FindingLine[] = [];
  const add = (severity: FindingLine['severity'], text: string, pointsLost = 0) =>
    out.push({ column: c.name, severity, text, pointsLost, url: c.url });
  const early = c.earlyDays?.judged === 'not-compliant'
    ? `；其中 ${c.earlyDays.before} 之前 ${c.earlyDays.days} 天栏目中没有信息（列表${c.earlyDays.reason}）`
    : '';
  const lostNote = c.pointsLost > 0 ? `；本期合规 ${c.compliantDays}/${c.checkedDays} 天，失 ${c.pointsLost} 分${early}` : '';
  switch (c.status) {
    case 'stale':
      add('lost', c.newestDate
        ? `栏目「${c.name}」未按时更新：最新信息「${c.newestTitle}」发布于 ${c.newestDate}，已超过 ${c.cadenceDays} 天更新周期 ${c.daysOverdue} 天${lostNote}`
        : `栏目「${c.name}」没有带日期的信息，视为未更新${lostNote}`, c.pointsLost);
      break;
    case 'blank':
      add('lost', `栏目「${c.name}」有栏目无内容（${c.reason ?? '空白'}）${lostNote}`, c.pointsLost);
      break;
    case 'redirect':
      add('lost', `栏目「${c.name}」${c.reason ?? '页面只跳转到别处，没有自己的内容'}，跳转目标的信息不计入本栏目${lostNote}`, c.pointsLost);
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
