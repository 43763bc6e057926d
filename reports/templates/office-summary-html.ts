import type { OfficeSummary, RankingRow } from '../office-summary.js';
import { fmt, fmtRankChange } from '../format.js';
import { shanghaiDateTime } from '../../src/time/dates.js';
import { html, link, type SafeHtml } from './html.js';
import { box, changeCell, COLOR, FONT, header, page, section, table, TD } from './layout.js';

/** The office's weekly summary as an e-mail-safe HTML page. */
export function renderOfficeSummaryHtml(s: OfficeSummary): string {
  const body = html`${header(`${s.district}政务公开考核 · 全区周报`, `${s.district}各单位汇总`, `截至 ${s.asOf}　考核期 ${s.period.start} 至 ${s.period.end}　共 ${s.ranking.length} 个单位`)}
${section('单项否决预警', vetoes(s))}
${section('排名', ranking(s), s.previousAsOf ? `与 ${s.previousAsOf} 比较` : '考核期第一周')}
${section('变化最大的单位', movers(s))}
${section('检查情况', health(s), '未能检查的栏目不计为未更新')}
${s.unitsWithoutEmail.length || s.delivery ? section('邮件发送', delivery(s)) : ''}
<tr><td style="padding:16px 24px 20px 24px;font-size:12px;line-height:1.7;color:${COLOR.muted};border-top:1px solid ${COLOR.line};${FONT};">
得分依据《${s.schemeTitle}》；总分中待录入的人工评分项按 0 分暂计（标 * 的为暂定）。单位复查：zwgk run --unit 单位编号。本邮件由 zwgk 自动生成于 ${s.generatedAt}（北京时间）。
</td></tr>`;
  return page(`${s.district}政务公开全区周报（截至 ${s.asOf}）`, body);
}

function vetoes(s: OfficeSummary): SafeHtml {
  if (s.vetoUnits.length === 0) return box('green', html`本周没有单位触发单项否决。`);
  return box('red', html`<b>${String(s.vetoUnits.length)} 个单位触发单项否决预警：</b>${s.vetoUnits.map((u) => html`<div style="margin-top:4px;">✖ <b>${u.name}</b>：${u.vetoes.map((v) => `${v.label}（${v.detail}）`).join('；')}</div>`)}`);
}

function ranking(s: OfficeSummary): SafeHtml {
  return table(['名次', '单位', '总分', '较上周', '名次变化', s.automatedName, '待整改', '否决'], s.ranking.map((r) => html`<tr>
<td style="${TD};font-weight:bold;">${String(r.rank)}</td>
<td style="${TD};">${r.name}<div style="font-size:12px;color:${COLOR.muted};">${r.type}</div></td>
<td style="${TD};font-weight:bold;">${fmt(r.total)}${r.provisional ? '*' : ''}</td>
<td style="${TD};">${changeCell(r.totalChange)}</td>
<td style="${TD};white-space:nowrap;">${fmtRankChange(r.rank, r.previousRank)}</td>
<td style="${TD};white-space:nowrap;">${fmt(r.automated)} / ${fmt(r.automatedMax)} ${changeCell(r.automatedChange)}</td>
<td style="${TD};">${String(r.fixes)}</td>
<td style="${TD};">${r.vetoes ? html`<span style="color:${COLOR.red};font-weight:bold;">${String(r.vetoes)} 项</span>` : '—'}</td>
</tr>`));
}

function movers(s: OfficeSummary): SafeHtml {
  const line = (r: RankingRow) => html`<div style="font-size:14px;line-height:1.8;">${r.name}：${fmt(r.total)}（${changeCell(r.totalChange)}），名次 ${String(r.previousRank ?? '—')} → ${String(r.rank)}</div>`;
  if (!s.movers.up.length && !s.movers.down.length) return html`<div style="font-size:14px;color:${COLOR.muted};">本周各单位得分没有变化${s.previousAsOf ? '' : '（考核期第一周）'}。</div>`;
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>
<td width="50%" style="vertical-align:top;padding-right:8px;${FONT};"><div style="color:${COLOR.green};font-weight:bold;margin-bottom:4px;">上升</div>${s.movers.up.length ? s.movers.up.map(line) : html`<div style="color:${COLOR.muted};">无</div>`}</td>
<td width="50%" style="vertical-align:top;${FONT};"><div style="color:${COLOR.red};font-weight:bold;margin-bottom:4px;">下降</div>${s.movers.down.length ? s.movers.down.map(line) : html`<div style="color:${COLOR.muted};">无</div>`}</td>
</tr></table>`;
}

function health(s: OfficeSummary): SafeHtml {
  const run = s.health.lastRun;
  const runLine = run
    ? html`最近一次全区检查：${run.asOf}（第 ${String(run.id)} 次），开始于 ${shanghaiDateTime(new Date(run.startedAt))}，${run.status === 'done' ? html`已完成，${String(run.unitsDone)} 个单位` : html`<span style="color:${COLOR.red};">未完成（${String(run.unitsDone)} / ${String(s.health.unitCount)} 个单位）</span>`}`
    : html`<span style="color:${COLOR.red};">尚未进行过全区检查。</span>`;
  const summary = html`<div style="font-size:14px;line-height:1.8;">${runLine}<br>共 ${String(s.health.unitCount)} 个单位、${String(s.health.columnCount)} 个栏目，本周未能检查 <b>${String(s.health.unchecked.length)}</b> 个栏目。${s.health.unitsWithoutData.length ? html`<br><span style="color:${COLOR.amber};">没有任何可用检查结果的单位：${s.health.unitsWithoutData.join('、')}</span>` : ''}</div>`;
  if (s.health.unchecked.length === 0) return summary;
  return html`${summary}${table(['单位', '栏目', '情况', '原因'], s.health.unchecked.map((c) => html`<tr>
<td style="${TD};">${c.unit}</td><td style="${TD};">${link(c.url, c.column)}</td><td style="${TD};white-space:nowrap;color:${COLOR.amber};">${c.status}</td><td style="${TD};font-size:13px;">${c.reason}</td>
</tr>`))}`;
}

function delivery(s: OfficeSummary): SafeHtml {
  return html`<div style="font-size:14px;line-height:1.8;">
${s.unitsWithoutEmail.length ? html`<div style="color:${COLOR.amber};">以下单位未配置邮箱，本周报告未发送：${s.unitsWithoutEmail.join('、')}</div>` : ''}
${s.delivery ? html`<div>发送队列：待发送 ${String(s.delivery.pending)} 封，无法确认是否送达 ${String(s.delivery.uncertain)} 封，发送失败 ${String(s.delivery.failed)} 封（zwgk mail status 查看）。</div>` : ''}
</div>`;
}
