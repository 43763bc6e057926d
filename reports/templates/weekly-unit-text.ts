import type { WeeklyUnitReport } from '../weekly-unit.js';
import { terminalSafe } from '../escape.js';
import { fmt, fmtChange } from '../format.js';
import { automatedLabel, rankLabel, rankMove, totalLabel } from '../ranking.js';
import { COLUMN_STATUS_ZH, ITEM_STATUS_ZH, VETO_STATUS_ZH } from './labels.js';
import { contentFindingLine } from '../content-findings.js';
import { availabilityLine, brokenLinkText, brokenShareLine, moreBrokenText } from '../site-facts.js';

/** The plain-text part of the unit's weekly e-mail: the same content, for clients that show no HTML. */
export function renderWeeklyUnitText(r: WeeklyUnitReport): string {
  const t = terminalSafe;
  const out: string[] = [];
  out.push(`${r.district}政务公开考核 · 单位周报`, `${r.unit.name}（${r.unit.type}）`, `截至 ${r.asOf}，考核期 ${r.period.start} 至 ${r.period.end}`, '');
  const s = r.standing;
  const isNew = s.change.isNew;
  out.push(`${automatedLabel(s)}（${r.automated.name}），较上周 ${isNew ? '新增' : fmtChange(r.automated.change)}`);
  out.push(`${totalLabel(s)}${s.provisional ? '' : `，较上周 ${isNew ? '新增' : fmtChange(s.change.total)}`}`);
  out.push(`排名：${rankLabel(s) ?? '暂无排名'}，较上周 ${s.rank !== null ? rankMove(s.change, 'rank') : rankMove(s.change, 'automatedRank')}`);
  if (s.provisional) out.push(`（待录入的人工评分项不是 0 分，只是尚未录入${r.pendingItems.length ? `：第 ${r.pendingItems.map((p) => p.no).join('、')} 项` : ''}；暂定总分不参与总分排名）`);
  if (r.unitPageUrl) out.push(`本单位详情与申请复查：${r.unitPageUrl}`);
  out.push('');

  const hit = r.vetoes.filter((v) => v.status === 'veto');
  out.push('一、本周需要整改（先处理单项否决风险，再按本期还能挽回的分值排序）');
  if (r.fixes.length === 0) out.push('  本周没有需要整改的问题。');
  r.fixes.forEach((f, i) => {
    if (f.veto) out.push(`  【${f.veto.triggered ? '已触发' : '将触发'}单项否决「${f.veto.label}」】`);
    out.push(`  ${i + 1}. ${t(f.problem)}`);
    out.push(`     整改：${t(f.action)}；最迟 ${f.deadline}（${f.deadlineNote}）`);
    out.push(`     ${f.recoverable > 0 ? `可挽回 ${fmt(f.recoverable)} 分` : '本期无法挽回分值，但仍须整改'}${f.lost > 0 ? `；已失 ${fmt(f.lost)} 分` : ''}`);
    if (f.url) out.push(`     地址：${t(f.url)}`);
    if (f.evidence) out.push(`     存档：${f.evidence.link ?? f.evidence.sha256.slice(0, 12)}`);
  });
  out.push('');

  out.push('二、单项否决预警', hit.length ? `！！触发 ${hit.length} 项单项否决` : '本周未触发单项否决。');
  for (const v of r.vetoes) out.push(`  [${VETO_STATUS_ZH[v.status]}] ${v.label}：${t(v.detail)}`);
  out.push('');

  if (r.lost.length) {
    out.push('本期已失分');
    for (const f of r.lost) out.push(`  · ${t(f.text)}${f.points > 0 ? `（失 ${fmt(f.points)} 分）` : ''}`);
    out.push('');
  }

  if (r.content?.length) {
    out.push('内容检查发现的问题（表述错误、错别字、未脱敏的个人信息）');
    for (const f of r.content) out.push(`  ${f.severity === 'serious' ? '!' : '-'} ${t(contentFindingLine(f))}`);
    out.push('');
  }

  const { census: c, availability: a } = r.site;
  if (c || a?.probes || a?.state) {
    out.push('网站普查与可访问性', `  ${availabilityLine(a, r.site.windowDays)}`);
    if (c) {
      out.push(`  ${t(brokenShareLine(c))}`);
      for (const b of c.broken) out.push(`    - ${t(brokenLinkText(b))}（所在页面 ${t(b.pageUrl)}）`);
      const more = moreBrokenText(c);
      if (more) out.push(`    ${more}`);
      if (c.appeared.length) out.push(`  新出现的栏目：${c.appeared.map((k) => `${t(k.name)} ${t(k.url)}`).join('；')}`);
      if (c.disappeared.length) out.push(`  消失的栏目（本次普查未再发现）：${c.disappeared.map((k) => `${t(k.name)} ${t(k.url)}`).join('；')}`);
    } else out.push('  尚未普查本单位网站。');
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
    out.push(`${head}（${fmt(i.max)} 分）：${now} / ${fmt(i.previous)} / ${isNew ? '新增' : fmtChange(i.change)}${status && i.status !== 'pending' && i.status !== 'scored' ? `，${status}` : ''}`);
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
  out.push(`得分依据《${r.schemeTitle}》，由系统根据每夜自动检查的结果计算。如已整改，${r.unitPageUrl ? '请在管理平台本单位页面点击“我已整改，申请复查”' : '请告知区政务公开办复查'}。`);
  out.push(`本邮件由系统自动发送，生成于 ${r.generatedAt}（北京时间）。`);
  return `${out.join('\n')}\n`;
}
