import type { ScoreDocument } from './score-json.js';
import { platformFindings } from './platform-findings.js';
import { terminalSafe } from './escape.js';
import { applicationsFindings, applicationsSummary, mailboxFindings, mailboxSummary, unmatchedLines } from './timeliness-findings.js';

const TYPE_ZH = { town: '镇', subdistrict: '街道', department: '区级部门', 'approval-bureau': '区行政审批局' } as const;

const MARK = { lost: '✗', 'cannot-check': '?', info: '·' } as const;

function fmt(n: number | null): string {
  return n === null ? '无法检查' : String(n);
}

/** `zwgk score` for people: per unit its sub-scores and what lost each point. */
export function scoreText(doc: ScoreDocument): string {
  const out: string[] = [`${doc.district} 政务公开检查结果（截至 ${doc.asOf}，考核期 ${doc.period.start} 至 ${doc.period.end}）`, ''];
  for (const u of doc.units) {
    const p = u.platform;
    out.push(`■ ${terminalSafe(u.name)}（${u.id}，${TYPE_ZH[u.type]}）`);
    const ok = p.columns.filter((c) => c.status === 'ok').length;
    out.push(`  平台更新：${fmt(p.score)} / ${p.max}（${p.columns.length} 个栏目，${ok} 个正常${p.deductions ? `，必发信息扣 ${p.deductions} 分` : ''}）`);
    for (const line of platformFindings(p)) {
      const mark = line.severity === 'lost' ? '✗' : line.severity === 'cannot-check' ? '?' : '·';
      out.push(`    ${mark} ${terminalSafe(line.text)}`);
    }
    out.push(`  ${mailboxSummary(u.mailbox)}`);
    for (const line of mailboxFindings(u.mailbox)) out.push(`    ${MARK[line.severity]} ${terminalSafe(line.text)}`);
    out.push(`  ${applicationsSummary(u.applications)}`);
    for (const line of applicationsFindings(u.applications)) out.push(`    ${MARK[line.severity]} ${terminalSafe(line.text)}`);
    out.push('');
  }
  if (doc.unmatchedHandlers?.length) {
    out.push('⚠ 以下办理单位名称未对应到任何单位（请核对，或在配置中为单位添加别名 aliases）：');
    for (const line of unmatchedLines(doc.unmatchedHandlers)) out.push(`  ${terminalSafe(line)}`);
    out.push('');
  }
  for (const warning of doc.calendarWarnings ?? []) out.push(`⚠ 警告：${warning}`);
  return `${out.join('\n')}\n`;
}
