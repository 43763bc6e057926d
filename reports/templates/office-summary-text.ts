import type { OfficeSummary } from '../office-summary.js';
import { terminalSafe } from '../escape.js';
import { fmt, fmtChange, fmtRankChange } from '../format.js';
import { shanghaiDateTime } from '../../src/time/dates.js';

/** The plain-text part of the office's weekly summary. */
export function renderOfficeSummaryText(s: OfficeSummary): string {
  const t = terminalSafe;
  const out: string[] = [`${s.district}政务公开考核 · 全区周报`, `截至 ${s.asOf}，考核期 ${s.period.start} 至 ${s.period.end}，共 ${s.ranking.length} 个单位`, ''];
  out.push('一、单项否决预警');
  if (s.vetoUnits.length === 0) out.push('  本周没有单位触发单项否决。');
  for (const u of s.vetoUnits) out.push(`  ✖ ${u.name}：${u.vetoes.map((v) => `${v.label}（${t(v.detail)}）`).join('；')}`);
  out.push('');
  out.push(`二、排名${s.previousAsOf ? `（与 ${s.previousAsOf} 比较）` : ''}`);
  for (const r of s.ranking) {
    out.push(`  ${r.rank}. ${r.name}  总分 ${fmt(r.total)}${r.provisional ? '*' : ''}（${fmtChange(r.totalChange)}，名次 ${fmtRankChange(r.rank, r.previousRank)}）  ${s.automatedName} ${fmt(r.automated)}/${fmt(r.automatedMax)}  待整改 ${r.fixes} 项${r.vetoes ? `  否决 ${r.vetoes} 项` : ''}`);
  }
  out.push('');
  out.push('三、变化最大的单位');
  if (!s.movers.up.length && !s.movers.down.length) out.push('  本周各单位得分没有变化。');
  for (const r of s.movers.up) out.push(`  ↑ ${r.name} ${fmtChange(r.totalChange)}，名次 ${r.previousRank ?? '—'} → ${r.rank}`);
  for (const r of s.movers.down) out.push(`  ↓ ${r.name} ${fmtChange(r.totalChange)}，名次 ${r.previousRank ?? '—'} → ${r.rank}`);
  out.push('');
  out.push('四、检查情况');
  const run = s.health.lastRun;
  out.push(run
    ? `  最近一次全区检查：${run.asOf}（第 ${run.id} 次），开始于 ${shanghaiDateTime(new Date(run.startedAt))}，${run.status === 'done' ? `已完成，${run.unitsDone} 个单位` : `未完成（${run.unitsDone} / ${s.health.unitCount} 个单位）`}`
    : '  尚未进行过全区检查。');
  out.push(`  共 ${s.health.unitCount} 个单位、${s.health.columnCount} 个栏目，本周未能检查 ${s.health.unchecked.length} 个栏目。`);
  if (s.health.unitsWithoutData.length) out.push(`  没有任何可用检查结果的单位：${s.health.unitsWithoutData.join('、')}`);
  for (const c of s.health.unchecked) out.push(`  ? ${c.unit}「${t(c.column)}」${c.status}${c.reason ? `：${t(c.reason)}` : ''}`);
  out.push('');
  if (s.unitsWithoutEmail.length) out.push(`以下单位未配置邮箱，本周报告未发送：${s.unitsWithoutEmail.join('、')}`);
  if (s.delivery) out.push(`发送队列：待发送 ${s.delivery.pending} 封，无法确认是否送达 ${s.delivery.uncertain} 封，发送失败 ${s.delivery.failed} 封。`);
  out.push(`得分依据《${s.schemeTitle}》；标 * 的总分为暂定（人工评分项待录入）。生成于 ${s.generatedAt}（北京时间）。`);
  return `${out.join('\n')}\n`;
}
