import type { OfficeSummary, RankingRow } from '../office-summary.js';
import { fmt } from '../format.js';
import { automatedLabel, rankMove, totalLabel } from '../ranking.js';
import { shanghaiDateTime } from '../../src/time/dates.js';
import { html, link, type SafeHtml } from './html.js';
import { availabilityCell, brokenShareCell } from '../site-facts.js';
import { box, card, changeCell, COLOR, footer, header, muted, page, section } from './layout.js';

/** The office's weekly summary as an e-mail-safe, single-column HTML page. */
export function renderOfficeSummaryHtml(s: OfficeSummary): string {
  const r = s.ranking;
  const compare = s.previousAsOf ? `较上周指与 ${s.previousAsOf} 比较` : '考核期第一周';
  const body = html`${header(`${s.district}政务公开考核 · 全区周报`, `${s.district}各单位汇总`, `截至 ${s.asOf}　考核期 ${s.period.start} 至 ${s.period.end}　共 ${String(s.unitCount)} 个单位`)}
${section('单项否决预警', vetoes(s))}
${section('总分排名（已定分）', r.final.length ? html`${r.final.map((u) => finalCard(u))}` : muted('还没有单位的总分已确定（人工评分项尚未全部录入）。', 14), `只比较人工评分项已全部录入的单位；${compare}`)}
${r.automated ? section(`${s.automatedName}排名（自动计分，满分 ${fmt(r.automatedMax)}）`, html`${r.automated.map((u) => automatedCard(u))}`, `人工评分项未录完时，按本项单独排名；${compare}`) : ''}
${r.provisional.length ? section('总分暂定的单位', html`${r.provisional.map((u) => provisionalCard(u))}`, '待录入项不是 0 分，暂定总分不参与总分排名') : ''}
${section(`${s.automatedName}变化最大的单位`, movers(s))}
${section('检查情况', health(s), '未能检查的栏目不计为未更新')}
${s.sites.length ? section('网站失效链接与可访问性', sites(s), '失效比例取各单位最近一次普查；可访问性为近期首页探测失败比例和当前状态') : ''}
${s.unitsWithoutEmail.length || s.delivery ? section('邮件发送', delivery(s)) : ''}
${footer(html`得分依据《${s.schemeTitle}》。单位复查：zwgk run --unit 单位编号。本邮件由 zwgk 自动生成于 ${s.generatedAt}（北京时间）。`)}`;
  return page(`${s.district}政务公开全区周报（截至 ${s.asOf}）`, body);
}

function badges(u: RankingRow): SafeHtml {
  return html`<span style="font-size:13px;color:${COLOR.muted};">待整改 ${String(u.fixes)} 项</span>${u.vetoes ? html`　<span style="color:${COLOR.red};font-weight:bold;font-size:13px;">否决 ${String(u.vetoes)} 项</span>` : ''}`;
}

function finalCard(u: RankingRow): SafeHtml {
  return card(html`<div><b style="font-size:16px;">第 ${String(u.rank)} 名</b>　${u.name}</div>
<div>${totalLabel(u)}　${changeCell(u.change.total, u.change.isNew)}　名次 ${rankMove(u.change, 'rank')}</div>
<div>${automatedLabel(u)}　${changeCell(u.change.automated, u.change.isNew)}　${badges(u)}</div>`, u.vetoes ? COLOR.red : COLOR.line);
}

function automatedCard(u: RankingRow): SafeHtml {
  const rank = u.automatedRank === null ? '未排名（部分待接入）' : `第 ${u.automatedRank} 名`;
  return card(html`<div><b>${rank}</b>　${u.name}</div>
<div>${automatedLabel(u)}　${changeCell(u.change.automated, u.change.isNew)}　名次 ${rankMove(u.change, 'automatedRank')}</div>
<div>${muted(totalLabel(u), 13)}${badges(u)}</div>`, u.vetoes ? COLOR.red : COLOR.line);
}

function provisionalCard(u: RankingRow): SafeHtml {
  return html`<div style="font-size:14px;padding:4px 0;border-bottom:1px solid ${COLOR.line};">${u.name}：${totalLabel(u)}${u.pendingItems.length ? html`<div style="font-size:12px;color:${COLOR.muted};">待录入第 ${u.pendingItems.join('、')} 项</div>` : ''}</div>`;
}

function vetoes(s: OfficeSummary): SafeHtml {
  if (s.vetoUnits.length === 0) return box('green', html`本周没有单位触发单项否决。`);
  return box('red', html`<b>${String(s.vetoUnits.length)} 个单位触发单项否决预警：</b>${s.vetoUnits.map((u) => html`<div style="margin-top:4px;">✖ <b>${u.name}</b>：${u.vetoes.map((v) => `${v.label}（${v.detail}）`).join('；')}</div>`)}`);
}

function movers(s: OfficeSummary): SafeHtml {
  const line = (r: RankingRow) => html`<div style="font-size:14px;line-height:1.8;">${r.name}：${automatedLabel(r)}（${changeCell(r.change.automated)}）</div>`;
  if (!s.movers.up.length && !s.movers.down.length) return muted(`本周各单位第 ${s.ranking.automatedNo} 项得分没有变化${s.previousAsOf ? '' : '（考核期第一周）'}。`, 14);
  return html`<div style="color:${COLOR.green};font-weight:bold;margin-bottom:4px;">上升</div>${s.movers.up.length ? s.movers.up.map(line) : muted('无', 14)}
<div style="color:${COLOR.red};font-weight:bold;margin:8px 0 4px 0;">下降</div>${s.movers.down.length ? s.movers.down.map(line) : muted('无', 14)}`;
}

function health(s: OfficeSummary): SafeHtml {
  const run = s.health.lastRun;
  const runLine = run
    ? html`最近一次全区检查：${run.asOf}（第 ${String(run.id)} 次），开始于 ${shanghaiDateTime(new Date(run.startedAt))}，${run.status === 'done' ? html`已完成，${String(run.unitsDone)} 个单位` : html`<span style="color:${COLOR.red};">未完成（${String(run.unitsDone)} / ${String(s.health.unitCount)} 个单位）</span>`}`
    : html`<span style="color:${COLOR.red};">尚未进行过全区检查。</span>`;
  const summary = html`<div style="font-size:14px;line-height:1.8;">${runLine}<br>共 ${String(s.health.unitCount)} 个单位、${String(s.health.columnCount)} 个栏目，本周未能检查 <b>${String(s.health.unchecked.length)}</b> 个栏目。${s.health.unitsWithoutData.length ? html`<br><span style="color:${COLOR.amber};">没有任何可用检查结果的单位：${s.health.unitsWithoutData.join('、')}</span>` : ''}</div>`;
  return html`${summary}${s.health.unchecked.map((c) => html`<div style="font-size:13px;padding:4px 0;border-bottom:1px solid ${COLOR.line};">${c.unit}「${link(c.url, c.column)}」<span style="color:${COLOR.amber};">${c.status}</span>${c.reason ? html`：${c.reason}` : ''}</div>`)}`;
}

function sites(s: OfficeSummary): SafeHtml {
  return html`<div id="sites">${s.sites.map((u) => {
    const down = u.site.availability?.state === 'down';
    return html`<div style="font-size:13px;line-height:1.6;padding:4px 0;border-bottom:1px solid ${COLOR.line};">
<b>${u.name}</b><br>失效链接 ${brokenShareCell(u.site.census)}　可访问性 <span style="${down ? `color:${COLOR.red};font-weight:bold;` : ''}">${availabilityCell(u.site.availability)}</span></div>`;
  })}</div>`;
}

function delivery(s: OfficeSummary): SafeHtml {
  return html`<div style="font-size:14px;line-height:1.8;">
${s.unitsWithoutEmail.length ? html`<div style="color:${COLOR.amber};">以下单位未配置邮箱，本周报告未发送：${s.unitsWithoutEmail.join('、')}</div>` : ''}
${s.delivery ? html`<div>发送队列：待发送 ${String(s.delivery.pending)} 封，无法确认是否送达 ${String(s.delivery.uncertain)} 封，发送失败 ${String(s.delivery.failed)} 封（zwgk mail status 查看）。</div>` : ''}
</div>`;
}
