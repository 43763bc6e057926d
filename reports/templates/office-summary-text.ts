import { availabilityCell, brokenShareCell } from '../site-facts.js';
import type { OfficeSummary } from '../office-summary.js';
import { terminalSafe } from '../escape.js';
import { fmtChange } from '../format.js';
import { automatedLabel, rankMove, totalLabel } from '../ranking.js';
import { shanghaiDateTime } from '../../src/time/dates.js';

/** The plain-text part of the office's weekly summary. */
export function renderOfficeSummaryText(s: OfficeSummary): string {
  const t = terminalSafe;
  const out: string[] = [`${s.district}政务公开考核 · 全区周报`, `截至 ${s.asOf}，考核期 ${s.period.start} 至 ${s.period.end}，共 ${s.unitCount} 个单位`, ''];
  out.push('一、单项否决预警');
  if (s.vetoUnits.length === 0) out.push('  本周没有单位触发单项否决。');
  for (const u of s.vetoUnits) out.push(`  ✖ ${u.name}：${u.vetoes.map((v) => `${v.label}（${t(v.detail)}）`).join('；')}`);
  out.push('');
  const r = s.ranking;
  const isNew = (u: { change: { isNew: boolean } }, n: number | null) => (u.change.isNew ? '新增' : fmtChange(n));
  out.push(`二、总分排名（已定分，只比较人工评分项已全部录入的单位）${s.previousAsOf ? `，较上周指与 ${s.previousAsOf} 比较` : ''}`);
  if (!r.final.length) out.push('  还没有单位的总分已确定。');
  for (const u of r.final) {
    out.push(`  ${u.rank}. ${u.name}  ${totalLabel(u)}（${isNew(u, u.change.total)}，名次 ${rankMove(u.change, 'rank')}）  ${automatedLabel(u)}  待整改 ${u.fixes} 项${u.vetoes ? `  否决 ${u.vetoes} 项` : ''}`);
  }
  if (r.automated) {
    out.push('', `${s.automatedName}单独排名（自动计分，满分 ${r.automatedMax}；人工评分项未录完时使用）`);
    for (const u of r.automated) {
      out.push(`  ${u.automatedRank ?? '—'}. ${u.name}  ${automatedLabel(u)}（${isNew(u, u.change.automated)}，名次 ${rankMove(u.change, 'automatedRank')}）  ${totalLabel(u)}  待整改 ${u.fixes} 项${u.vetoes ? `  否决 ${u.vetoes} 项` : ''}`);
    }
  }
  out.push('');
  out.push(`三、${s.automatedName}变化最大的单位`);
  if (!s.movers.up.length && !s.movers.down.length) out.push('  本周各单位得分没有变化。');
  for (const u of s.movers.up) out.push(`  ↑ ${u.name} ${automatedLabel(u)}（${fmtChange(u.change.automated)}）`);
  for (const u of s.movers.down) out.push(`  ↓ ${u.name} ${automatedLabel(u)}（${fmtChange(u.change.automated)}）`);
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
  if (s.sites.length) {
    out.push('网站失效链接与可访问性（失效比例取最近一次普查；可访问性为近期首页探测失败比例和当前状态）');
    for (const u of s.sites) out.push(`  ${u.name}：失效链接 ${brokenShareCell(u.site.census)}；可访问性 ${availabilityCell(u.site.availability)}`);
    out.push('');
  }
  if (s.unitsWithoutEmail.length) out.push(`以下单位未配置邮箱，本周报告未发送：${s.unitsWithoutEmail.join('、')}`);
  if (s.delivery) out.push(`发送队列：待发送 ${s.delivery.pending} 封，无法确认是否送达 ${s.delivery.uncertain} 封，发送失败 ${s.delivery.failed} 封。`);
  out.push(`得分依据《${s.schemeTitle}》；暂定总分（人工评分项待录入）不参与总分排名。生成于 ${s.generatedAt}（北京时间）。`);
  return `${out.join('\n')}\n`;
}
