import type { WeeklyUnitReport } from '../weekly-unit.js';
import { fmt, fmtRankChange } from '../format.js';
import { html, link, type SafeHtml } from './html.js';
import { bars, box, changeCell, COLOR, FONT, header, page, points, section, table, TD } from './layout.js';
import { COLUMN_STATUS_ZH, ITEM_STATUS_ZH, VETO_STATUS_ZH } from './labels.js';
import { contentFindingLine } from '../content-findings.js';

/** The unit's weekly report as an e-mail-safe HTML page. Every crawled string passes through `html` escaping. */
export function renderWeeklyUnitHtml(r: WeeklyUnitReport): string {
  const body = html`${header(`${r.district}政务公开考核 · 单位周报`, r.unit.name, `截至 ${r.asOf}　考核期 ${r.period.start} 至 ${r.period.end}　${r.unit.type}`)}
${summary(r)}
${section('单项否决预警', vetoes(r), '国家政府网站普查标准')}
${section('需要整改的问题', fixes(r), '按影响分值从高到低')}
${r.content?.length ? section('内容检查发现的问题', contentSection(r), '表述错误、错别字、未脱敏的个人信息') : ''}
${r.cannotCheck.length ? section('本周未能检查', cannotCheck(r), '不计为未更新，请确认网站可以正常访问') : ''}
${section('各项得分', items(r), r.previousAsOf ? `上周指 ${r.previousAsOf}` : '考核期第一周，没有上周数据')}
${section('得分走势', trend(r), `第 ${r.automated.no} 项${r.automated.name}，每周一次`)}
${r.notes.length ? section('其他提示', notes(r)) : ''}
${section('检查证据', evidence(r), '每次检查都保存了页面存档')}
${footer(r)}`;
  return page(`${r.unit.name} 政务公开周报（截至 ${r.asOf}）`, body);
}

function summary(r: WeeklyUnitReport): SafeHtml {
  const cell = (label: string, value: string, sub: SafeHtml) => html`<td width="33%" style="padding:12px 8px;text-align:center;border-right:1px solid ${COLOR.line};${FONT};">
<div style="font-size:13px;color:${COLOR.muted};">${label}</div>
<div style="font-size:26px;font-weight:bold;color:${COLOR.head};margin:4px 0;">${value}</div>
<div style="font-size:13px;">${sub}</div></td>`;
  const pending = r.pendingItems.length
    ? html`<div style="font-size:13px;color:${COLOR.amber};padding:0 24px 4px 24px;${FONT};">总分为暂定：${String(r.pendingItems.length)} 个人工评分项（第 ${r.pendingItems.map((p) => String(p.no)).join('、')} 项）待录入，暂按 0 分计。</div>`
    : '';
  return html`<tr><td style="padding:16px 16px 4px 16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border:1px solid ${COLOR.line};border-radius:6px;"><tr>
${cell(r.provisional ? '总分（暂定）' : '总分', fmt(r.total), html`较上周 ${changeCell(r.totalChange)}`)}
${cell(`第 ${r.automated.no} 项 ${r.automated.name}`, `${fmt(r.automated.points)} / ${fmt(r.automated.max)}`, html`较上周 ${changeCell(r.automated.change)}`)}
${cell('全区排名', `${r.rank} / ${r.unitCount}`, html`较上周 ${fmtRankChange(r.rank, r.previousRank)}`)}
</tr></table></td></tr>
${pending ? html`<tr><td style="padding-top:6px;">${pending}</td></tr>` : ''}`;
}

function vetoes(r: WeeklyUnitReport): SafeHtml {
  const hit = r.vetoes.filter((v) => v.status === 'veto');
  const banner = hit.length
    ? box('red', html`<b>触发 ${hit.length} 项单项否决：</b>${hit.map((v) => html`<div>✖ ${v.label}：${v.detail}</div>`)}`)
    : box('green', html`本周未触发单项否决。`);
  const icon = (s: string) => (s === 'veto' ? html`<span style="color:${COLOR.red};">✖ ${VETO_STATUS_ZH[s]}</span>` : s === 'ok'
    ? html`<span style="color:${COLOR.green};">✔ ${VETO_STATUS_ZH[s]}</span>` : html`<span style="color:${COLOR.muted};">？${VETO_STATUS_ZH[s]}</span>`);
  return html`${banner}${table(['否决项', '状态', '情况'], r.vetoes.map((v) => html`<tr><td style="${TD};white-space:nowrap;">${v.label}</td><td style="${TD};white-space:nowrap;">${icon(v.status)}</td><td style="${TD};font-size:13px;">${v.detail}</td></tr>`))}`;
}

function fixes(r: WeeklyUnitReport): SafeHtml {
  if (r.fixes.length === 0) return box('green', html`本周没有需要整改的问题。`);
  return table(['#', '问题', '影响分值', '链接'], r.fixes.map((f, i) => html`<tr>
<td style="${TD};color:${COLOR.muted};">${String(i + 1)}</td>
<td style="${TD};line-height:1.6;">${f.text}${f.evidence ? html`<div style="font-size:12px;color:${COLOR.muted};">证据：列表页存档 ${f.evidence.slice(0, 12)}</div>` : ''}</td>
<td style="${TD};white-space:nowrap;color:${f.points > 0 ? COLOR.red : COLOR.muted};">${f.points > 0 ? `−${fmt(f.points)} 分` : '将扣分'}</td>
<td style="${TD};white-space:nowrap;font-size:13px;">${f.url ? link(f.url, `打开${f.linkLabel}`) : ''}${f.newestUrl ? html`<br>${link(f.newestUrl, '最新一条')}` : ''}</td>
</tr>`));
}

function contentSection(r: WeeklyUnitReport): SafeHtml {
  return html`${(r.content ?? []).map((f) => html`<div style="font-size:14px;line-height:1.7;">${f.severity === 'serious' ? '！' : '·'} ${contentFindingLine(f)}${f.pageUrl ? html`　${link(f.pageUrl, '打开页面')}` : ''}</div>`)}`;
}

function cannotCheck(r: WeeklyUnitReport): SafeHtml {
  return html`${r.cannotCheck.map((f) => html`<div style="font-size:14px;line-height:1.7;">？ ${f.text}${f.url ? html`　${link(f.url, `打开${f.linkLabel}`)}` : ''}</div>`)}`;
}

function items(r: WeeklyUnitReport): SafeHtml {
  return table(['序号', '考核项目', '赋分', '本周', '上周', '变化', '说明'], r.items.map((i) => {
    const status = ITEM_STATUS_ZH[i.status] ?? i.status;
    const name = i.isPart ? html`<span style="color:${COLOR.muted};">└ ${i.name}</span>` : html`${i.name}`;
    const now = i.points === null && i.status === 'pending' ? html`<span style="color:${COLOR.amber};">待录入</span>` : html`${fmt(i.points)}`;
    return html`<tr${i.isPart ? html` style="background:#fafbfc;"` : ''}>
<td style="${TD};color:${COLOR.muted};">${i.no === null ? '' : String(i.no)}</td>
<td style="${TD};min-width:150px;">${name}</td>
<td style="${TD};">${fmt(i.max)}</td>
<td style="${TD};font-weight:bold;white-space:nowrap;">${now}</td>
<td style="${TD};color:${COLOR.muted};">${fmt(i.previous)}</td>
<td style="${TD};">${changeCell(i.change)}</td>
<td style="${TD};font-size:12px;color:${COLOR.muted};">${i.status === 'partial' || i.status === 'invalid' ? `${status}；` : ''}${i.detail === '待录入' ? '' : i.detail}</td>
</tr>`;
  }));
}

function trend(r: WeeklyUnitReport): SafeHtml {
  if (r.trend.length === 0) return html`<div style="font-size:14px;color:${COLOR.muted};">暂无数据。</div>`;
  const note = r.trend.some((t) => t.provisional) ? html`<div style="font-size:12px;color:${COLOR.muted};margin-top:4px;">条形为第 ${String(r.automated.no)} 项得分；标 * 的总分为暂定（人工评分项待录入）。</div>` : '';
  return html`${bars(r.trend.map((t, i) => ({
    label: t.asOf.slice(5),
    value: t.automated,
    max: t.automatedMax,
    text: t.automated === null ? '尚无检查数据' : `${points(t.automated, t.automatedMax)}　总分 ${fmt(t.total)}${t.provisional ? '*' : ''}`,
    highlight: i === r.trend.length - 1,
  })))}${note}`;
}

function notes(r: WeeklyUnitReport): SafeHtml {
  return html`${r.notes.map((n) => html`<div style="font-size:13px;line-height:1.7;color:${COLOR.ink};">· ${n}</div>`)}`;
}

function evidence(r: WeeklyUnitReport): SafeHtml {
  if (r.evidence.length === 0) return html`<div style="font-size:14px;color:${COLOR.muted};">暂无存档。</div>`;
  return table(['栏目', '状态', '列表页存档编号', '栏目地址'], r.evidence.map((e) => html`<tr>
<td style="${TD};">${e.column}</td>
<td style="${TD};white-space:nowrap;">${COLUMN_STATUS_ZH[e.status] ?? e.status}</td>
<td style="${TD};font-family:monospace;font-size:12px;">${e.link ? link(e.link, e.hash.slice(0, 16)) : e.hash.slice(0, 16)}</td>
<td style="${TD};font-size:12px;">${link(e.url, '打开')}</td>
</tr>`));
}

function footer(r: WeeklyUnitReport): SafeHtml {
  const attachment = 'filename' in r.attachment ? `附件「${r.attachment.filename}」是本单位的考核评分表（Excel），可直接打开查看。` : `${r.attachment.missing}。`;
  return html`<tr><td style="padding:16px 24px 20px 24px;font-size:12px;line-height:1.7;color:${COLOR.muted};border-top:1px solid ${COLOR.line};${FONT};">
<div>${attachment}</div>
<div>得分依据《${r.schemeTitle}》，由 zwgk 根据每夜自动检查的结果计算；“上周”为 ${r.previousAsOf ?? '—'} 的得分，按相同规则重新计算。无法访问或无法识别的栏目不计为未更新。</div>
<div>如已整改，请告知区政务公开办复查（zwgk run --unit ${r.unit.id}）。证据编号可向政务公开办调取页面存档（zwgk report evidence 编号）。本邮件由系统自动发送，生成于 ${r.generatedAt}（北京时间）。</div>
</td></tr>`;
}
