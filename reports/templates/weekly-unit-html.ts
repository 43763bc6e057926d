import type { WeeklyUnitReport } from '../weekly-unit.js';
import type { FixItem } from '../fix-list.js';
import { fmt } from '../format.js';
import { automatedLabel, rankLabel, rankMove, totalLabel } from '../ranking.js';
import { html, link, type SafeHtml } from './html.js';
import { bars, box, card, changeCell, COLOR, footer, header, kv, muted, page, points, section } from './layout.js';
import { COLUMN_STATUS_ZH, ITEM_STATUS_ZH, VETO_STATUS_ZH } from './labels.js';
import { contentFindingLine } from '../content-findings.js';
import { availabilityLine, brokenLinkText, brokenShareLine, moreBrokenText } from '../site-facts.js';

/** The unit's weekly report as an e-mail-safe, single-column HTML page. Every crawled string passes through `html` escaping. */
export function renderWeeklyUnitHtml(r: WeeklyUnitReport): string {
  const body = html`${header(`${r.district}政务公开考核 · 单位周报`, r.unit.name, `截至 ${r.asOf}　考核期 ${r.period.start} 至 ${r.period.end}　${r.unit.type}`)}
${summary(r)}
${section('本周需要整改', fixes(r), '先处理单项否决风险，再按本考核期内还能挽回的分值排序')}
${section('单项否决预警', vetoes(r), '国家政府网站普查标准')}
${r.lost.length ? section('本期已失分', lost(r), '已经失去的分值，供了解原因') : ''}
${section('需要整改的问题', fixes(r), '按影响分值从高到低')}
${r.content?.length ? section('内容检查发现的问题', contentSection(r), '表述错误、错别字、未脱敏的个人信息') : ''}
${r.site.census || r.site.availability?.probes || r.site.availability?.state ? section('网站普查与可访问性', siteSection(r), '失效链接、栏目变化和首页可访问情况') : ''}
${r.cannotCheck.length ? section('本周未能检查', cannotCheck(r), '不计为未更新，请确认网站可以正常访问') : ''}
${section('各项得分', items(r), r.previousAsOf ? `较上周指与 ${r.previousAsOf} 比较` : '考核期第一周，没有上周数据')}
${section('得分走势', trend(r), `第 ${r.automated.no} 项${r.automated.name}，每周一次`)}
${r.notes.length ? section('其他提示', notes(r)) : ''}
${section('检查证据', evidence(r), '每次检查都保存了页面存档')}
${footer(footerText(r))}`;
  return page(`${r.unit.name} 政务公开周报（截至 ${r.asOf}）`, body);
}

function summary(r: WeeklyUnitReport): SafeHtml {
  const s = r.standing;
  const rank = rankLabel(s);
  const big = (text: string) => html`<span style="font-size:20px;font-weight:bold;color:${COLOR.head};">${text}</span>`;
  return html`<div style="padding:12px 16px 0 16px;">
${kv(`第 ${r.automated.no} 项 ${r.automated.name}（自动计分）`, big(points(r.automated.points, r.automated.max)))}
${kv('较上周', changeCell(r.automated.change, s.change.isNew))}
${kv(r.provisional ? '总分（暂定）' : '总分', big(points(r.total, s.baseMax)))}
${kv('较上周', s.provisional ? html`<span style="color:${COLOR.muted};">暂定总分不比较</span>` : changeCell(s.change.total, s.change.isNew))}
${kv('排名', rank ?? '暂无排名')}
${kv('名次较上周', s.rank !== null ? rankMove(s.change, 'rank') : rankMove(s.change, 'automatedRank'))}
${r.provisional ? box('amber', html`${totalLabel(s)}。待录入的人工评分项不是 0 分，只是尚未录入${r.pendingItems.length ? html`（第 ${r.pendingItems.map((p) => String(p.no)).join('、')} 项）` : ''}；总分暂不参与排名，排名按第 ${String(r.automated.no)} 项（${automatedLabel(s)}）。`) : ''}
${r.unitPageUrl ? html`<div style="font-size:14px;margin:8px 0 0 0;">${link(r.unitPageUrl, '在管理平台查看本单位详情、申请复查 →')}</div>` : ''}
</div>`;
}

function fixes(r: WeeklyUnitReport): SafeHtml {
  if (r.fixes.length === 0) return box('green', html`本周没有需要整改的问题。`);
  return html`${r.fixes.map((f, i) => fixCard(f, i + 1))}`;
}

function fixCard(f: FixItem, n: number): SafeHtml {
  const accent = f.veto ? COLOR.red : f.recoverable > 0 ? COLOR.amber : COLOR.line;
  const veto = f.veto
    ? html`<div style="color:${COLOR.red};font-weight:bold;">${f.veto.triggered ? '已触发' : '将触发'}单项否决「${f.veto.label}」</div>` : '';
  const gain = f.recoverable > 0 ? html`<span style="color:${COLOR.green};font-weight:bold;">可挽回 ${fmt(f.recoverable)} 分</span>` : html`<span style="color:${COLOR.muted};">本期无法挽回分值，但仍须整改</span>`;
  const links = [
    f.url ? link(f.url, f.key.kind === 'letter' ? '打开信件' : '打开栏目') : null,
    f.newestUrl && f.state === 'failing' ? link(f.newestUrl, '最新一条') : null,
    f.evidence ? (f.evidence.link ? link(f.evidence.link, `查看存档 ${f.evidence.sha256.slice(0, 8)}`) : html`存档编号 ${f.evidence.sha256.slice(0, 12)}`) : null,
  ].filter((x): x is SafeHtml => x !== null);
  return card(html`${veto}<div><b>${String(n)}.</b> ${f.problem}</div>
<div>整改：${f.action}</div>
<div><b>最迟 ${f.deadline}</b>　${muted(f.deadlineNote, 12)}</div>
<div>${gain}${f.lost > 0 ? html`　<span style="color:${COLOR.muted};font-size:13px;">已失 ${fmt(f.lost)} 分</span>` : ''}</div>
${links.length ? html`<div style="font-size:13px;">${links.map((l, i) => html`${i ? '　' : ''}${l}`)}</div>` : ''}`, accent);
}

function vetoes(r: WeeklyUnitReport): SafeHtml {
  const hit = r.vetoes.filter((v) => v.status === 'veto');
  const banner = hit.length ? box('red', html`<b>触发 ${String(hit.length)} 项单项否决</b>，见上方整改清单中标红的项目。`) : box('green', html`本周未触发单项否决。`);
  const icon = (s: string) => (s === 'veto' ? html`<span style="color:${COLOR.red};">✖ ${VETO_STATUS_ZH[s]}</span>` : s === 'ok'
    ? html`<span style="color:${COLOR.green};">✔ ${VETO_STATUS_ZH[s]}</span>` : html`<span style="color:${COLOR.muted};">？${VETO_STATUS_ZH[s]}</span>`);
  return html`${banner}${r.vetoes.map((v) => card(html`<div><b>${v.label}</b>　${icon(v.status)}</div>${muted(v.detail, 13)}`, v.status === 'veto' ? COLOR.red : COLOR.line))}`;
}

function lost(r: WeeklyUnitReport): SafeHtml {
  return html`${r.lost.map((f) => html`<div style="font-size:13px;line-height:1.6;padding:4px 0;border-bottom:1px solid ${COLOR.line};">${f.text}${f.points > 0 ? html`　<span style="color:${COLOR.red};white-space:nowrap;">失 ${fmt(f.points)} 分</span>` : ''}${f.url ? html`　${link(f.url, `打开${f.linkLabel}`)}` : ''}${f.evidenceLink ? html`　${link(f.evidenceLink, '查看存档')}` : ''}</div>`)}`;
}

function contentSection(r: WeeklyUnitReport): SafeHtml {
  return html`${(r.content ?? []).map((f) => html`<div style="font-size:14px;line-height:1.7;">${f.severity === 'serious' ? '！' : '·'} ${contentFindingLine(f)}${f.pageUrl ? html`　${link(f.pageUrl, '打开页面')}` : ''}</div>`)}`;
}

function siteSection(r: WeeklyUnitReport): SafeHtml {
  const { census: c, availability: a, windowDays } = r.site;
  const line = (text: SafeHtml | string) => html`<div style="font-size:14px;line-height:1.7;">${text}</div>`;
  const down = a?.state === 'down';
  const cols = (label: string, list: { name: string; url: string }[]) => (list.length
    ? line(html`${label}：${list.map((k, i) => html`${i ? '、' : ''}${link(k.url, k.name)}`)}`) : '');
  const more = c ? moreBrokenText(c) : null;
  return html`<div id="site-availability">${down ? box('red', html`${availabilityLine(a, windowDays)}`) : line(availabilityLine(a, windowDays))}</div>
${c ? html`<div id="site-census">${line(brokenShareLine(c))}
${c.broken.map((b) => html`<div style="font-size:13px;line-height:1.6;padding:3px 0;border-bottom:1px solid ${COLOR.line};word-break:break-all;">${brokenLinkText(b)}　${link(b.pageUrl, '所在页面')}</div>`)}
${more ? muted(more, 13) : ''}
${cols('新出现的栏目', c.appeared)}${cols('消失的栏目（本次普查未再发现）', c.disappeared)}</div>` : muted('尚未普查本单位网站。', 13)}`;
}

function cannotCheck(r: WeeklyUnitReport): SafeHtml {
  return html`${r.cannotCheck.map((f) => html`<div style="font-size:14px;line-height:1.7;">？ ${f.text}${f.url ? html`　${link(f.url, `打开${f.linkLabel}`)}` : ''}</div>`)}`;
}

function items(r: WeeklyUnitReport): SafeHtml {
  return html`${r.items.map((i) => {
    const status = ITEM_STATUS_ZH[i.status] ?? i.status;
    const now = i.points === null && i.status === 'pending' ? html`<span style="color:${COLOR.amber};">待录入</span>` : html`<b>${points(i.points, i.max)}</b>`;
    const name = i.isPart ? html`<span style="color:${COLOR.muted};">└ ${i.name}</span>` : html`${String(i.no)}. ${i.name}`;
    const detail = `${i.status === 'partial' || i.status === 'invalid' ? `${status}；` : ''}${i.detail === '待录入' ? '' : i.detail}`;
    return html`<div style="padding:5px 0;border-bottom:1px solid ${COLOR.line};font-size:14px;${i.isPart ? 'padding-left:12px;' : ''}">
<div>${name}</div>
<div>${now}　<span style="font-size:13px;color:${COLOR.muted};">上周 ${fmt(i.previous)}</span>　${changeCell(i.change, r.standing.change.isNew)}</div>
${detail ? muted(detail) : ''}
</div>`;
  })}`;
}

function trend(r: WeeklyUnitReport): SafeHtml {
  if (r.trend.length === 0) return muted('暂无数据。', 14);
  const note = r.trend.some((t) => t.provisional) ? muted(`条形为第 ${r.automated.no} 项得分；标 * 的总分为暂定（人工评分项待录入）。`) : '';
  return html`${bars(r.trend.map((t, i) => ({
    label: t.asOf.slice(5),
    value: t.automated,
    max: t.automatedMax,
    text: t.automated === null ? '尚无检查数据' : `${points(t.automated, t.automatedMax)}　总分 ${fmt(t.total)}${t.provisional ? '*' : ''}`,
    highlight: i === r.trend.length - 1,
  })))}${note}`;
}

function notes(r: WeeklyUnitReport): SafeHtml {
  return html`${r.notes.map((n) => html`<div style="font-size:13px;line-height:1.7;">· ${n}</div>`)}`;
}

function evidence(r: WeeklyUnitReport): SafeHtml {
  if (r.evidence.length === 0) return muted('暂无存档。', 14);
  return html`${r.evidence.map((e) => html`<div style="font-size:13px;padding:4px 0;border-bottom:1px solid ${COLOR.line};">
${e.column}（${COLUMN_STATUS_ZH[e.status] ?? e.status}）　${link(e.url, '打开栏目')}　${e.link ? link(e.link, `查看存档 ${e.hash.slice(0, 8)}`) : html`存档编号 <span style="font-family:monospace;">${e.hash.slice(0, 12)}</span>`}
</div>`)}`;
}

function footerText(r: WeeklyUnitReport): SafeHtml {
  const attachment = 'filename' in r.attachment ? `附件「${r.attachment.filename}」是本单位的考核评分表（Excel），可直接打开查看。` : `${r.attachment.missing}。`;
  const recheck = r.unitPageUrl
    ? html`如已整改，请在${link(r.unitPageUrl, '管理平台本单位页面')}点击“我已整改，申请复查”。`
    : html`如已整改，请告知区政务公开办复查；存档编号可向政务公开办调取页面存档。`;
  return html`<div>${attachment}</div>
<div>得分依据《${r.schemeTitle}》，由系统根据每夜自动检查的结果计算；“上周”为 ${r.previousAsOf ?? '—'} 的得分，按相同规则重新计算。无法访问或无法识别的栏目不计为未更新。</div>
<div>${recheck}本邮件由系统自动发送，生成于 ${r.generatedAt}（北京时间）。</div>`;
}
