import type { WeeklyUnitReport } from '../weekly-unit.js';
import { terminalSafe } from '../escape.js';
import { fmt, fmtChange, fmtRankChange } from '../format.js';
import { COLUMN_STATUS_ZH, ITEM_STATUS_ZH, VETO_STATUS_ZH } from './labels.js';
import { contentFindingLine } from '../content-findings.js';

/** The plain-text part of the unit's weekly e-mail: the same content, for clients that show no HTML. */
export function renderWeeklyUnitText(r: WeeklyUnitReport): string {
  const t = terminalSafe;
  const out: string[] = [];
  out.push(`${r.district}政务公开考核 · 单位周报`, `${r.unit.name}（${r.unit.type}）`, `截至 ${r.asOf}，考核期 ${r.period.start} 至 ${r.period.end}`, '');
  out.push(`总分${r.provisional ? '（暂定）' : ''}：${fmt(r.total)}，较上周 ${fmtChange(r.totalChange)}`);
  out.push(`第 ${r.automated.no} 项 ${r.automated.name}：${fmt(r.automated.points)} / ${fmt(r.automated.max)}，较上周 ${fmtChange(r.automated.change)}`);
  out.push(`全区排名：${r.rank} / ${r.unitCount}，较上周 ${fmtRankChange(r.rank, r.previousRank)}`);
  if (r.pendingItems.length) out.push(`（总分为暂定：${r.pendingItems.length} 个人工评分项（第 ${r.pendingItems.map((p) => p.no).join('、')} 项）待录入，暂按 0 分计）`);
  out.push('');

  const hit = r.vetoes.filter((v) => v.status === 'veto');
  out.push('一、单项否决预警', hit.length ? `！！触发 ${hit.length} 项单项否决` : '本周未触发单项否决。');
  for (const v of r.vetoes) out.push(`  [${VETO_STATUS_ZH[v.status]}] ${v.label}：${t(v.detail)}`);
  out.push('');

  out.push('二、需要整改的问题（按影响分值从高到低）');
  if (r.fixes.length === 0) out.push('  本周没有需要整改的问题。');
  r.fixes.forEach((f, i) => {
    out.push(`  ${i + 1}. ${t(f.text)}${f.points > 0 ? `（影响 ${fmt(f.points)} 分）` : ''}`);
    if (f.url) out.push(`     ${f.linkLabel}地址：${t(f.url)}`);
    if (f.newestUrl) out.push(`     最新一条：${t(f.newestUrl)}`);
    if (f.evidence) out.push(`     证据：列表页存档 ${f.evidence.slice(0, 12)}`);
  });
  out.push('');

  if (r.content?.length) {
    out.push('内容检查发现的问题（表述错误、错别字、未脱敏的个人信息）');
    for (const f of r.content) out.push(`  ${f.severity === 'serious' ? '!' : '-'} ${t(contentFindingLine(f))}`);
    out.push('');
  }

  if (r.cannotCheck.length) {
    out.push('三、本周未能检查（不计为未更新，请确认网站可以正常访问）');
    for (const f of r.cannotCheck) out.push(`  ? ${t(f.text)}`);
    out.push('');
  }

  out.push(`各项得分（本周 / 上周 / 变化）${r.previousAsOf ? `，上周指 ${r.previousAsOf}` : '，考核期第一周，没有上周数据'}`);
  for (const i of r.items) {
    const now = i.points === null && i.status === 'pending' ? '待录入' : fmt(i.points);
    const status = ITEM_STATUS_ZH[i.status];
    const head = i.isPart ? `    └ ${i.name}` : `  ${i.no}. ${i.name}`;
    out.push(`${head}（${fmt(i.max)} 分）：${now} / ${fmt(i.previous)} / ${fmtChange(i.change)}${status && i.status !== 'pending' && i.status !== 'scored' ? `，${status}` : ''}`);
  }
  out.push('');

  out.push(`得分走势（第 ${r.automated.no} 项，每周）`);
  for (const p of r.trend) {
    const width = p.automated === null || p.automatedMax <= 0 ? 0 : Math.round((p.automated / p.automatedMax) * 20);
    const value = p.automated === null ? '尚无检查数据' : `${fmt(p.automated)}　总分 ${fmt(p.total)}${p.provisional ? '*' : ''}`;
    out.push(`  ${p.asOf.slice(5)} ${'█'.repeat(width)}${'░'.repeat(20 - width)} ${value}`);
  }
  out.push('');

  if (r.notes.length) {
    out.push('其他提示');
    for (const n of r.notes) out.push(`  · ${t(n)}`);
    out.push('');
  }

  out.push('检查证据（列表页存档编号）');
  for (const e of r.evidence) out.push(`  ${e.column}（${COLUMN_STATUS_ZH[e.status] ?? e.status}）：${e.link ?? e.hash.slice(0, 16)}  ${t(e.url)}`);
  out.push('');
  out.push('filename' in r.attachment ? `附件「${r.attachment.filename}」是本单位的考核评分表（Excel）。` : `${r.attachment.missing}。`);
  out.push(`得分依据《${r.schemeTitle}》，由 zwgk 根据每夜自动检查的结果计算。如已整改，请告知区政务公开办复查。`);
  out.push(`本邮件由系统自动发送，生成于 ${r.generatedAt}（北京时间）。`);
  return `${out.join('\n')}\n`;
}
