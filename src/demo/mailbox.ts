import { dateAgo } from './templates/items.js';
import { esc, send, type Routes } from './templates/page.js';

/**
 * The demo district's mayor's mailbox (区长信箱), in shape M8: a table list (编号, 标题, 类型, 时间, 单位,
 * 回复状态) and a letter page whose reply rows appear once answered. Letters go to the demo units by
 * their names and aliases; most are answered within five working days, some late, one unanswered
 * for more than three months (a veto), one just arrived. Dates are relative to the demo's as-of date.
 */
interface DemoLetter {
  code: string;
  title: string;
  handler: string;
  type: '咨询' | '建议' | '投诉' | '求助';
  /** Days before the as-of date it was written, and answered (null: not yet). */
  ago: number;
  repliedAgo: number | null;
  satisfaction?: '非常满意' | '满意' | '基本满意' | '不满意';
}

const LETTERS: DemoLetter[] = [
  { code: 'YS2026001', title: '关于云岭镇农村客运班次的咨询', handler: '云岭镇人民政府', type: '咨询', ago: 200, repliedAgo: 198, satisfaction: '满意' },
  { code: 'YS2026002', title: '云岭镇集镇路灯维修的建议', handler: '云岭镇', type: '建议', ago: 120, repliedAgo: 116, satisfaction: '非常满意' },
  { code: 'YS2026003', title: '石桥镇养殖场异味扰民的投诉', handler: '石桥镇人民政府', type: '投诉', ago: 150, repliedAgo: 120, satisfaction: '不满意' },
  { code: 'YS2026004', title: '石桥镇宅基地审批进度的咨询', handler: '石桥镇', type: '咨询', ago: 130, repliedAgo: null },
  { code: 'YS2026005', title: '望江街道老旧小区加装电梯的咨询', handler: '望江街道办事处', type: '咨询', ago: 60, repliedAgo: 57, satisfaction: '基本满意' },
  { code: 'YS2026006', title: '望江街道夜市噪音的投诉', handler: '望江街道办事处', type: '投诉', ago: 40, repliedAgo: 25 },
  { code: 'YS2026007', title: '翠湖公园增设健身器材的建议', handler: '翠湖街道办事处', type: '建议', ago: 90, repliedAgo: 86, satisfaction: '满意' },
  { code: 'YS2026008', title: '关于企业投资项目备案的咨询', handler: '演示区发展和改革局', type: '咨询', ago: 75, repliedAgo: 73, satisfaction: '非常满意' },
  { code: 'YS2026009', title: '学区划分调整的咨询', handler: '演示区教育局', type: '咨询', ago: 50, repliedAgo: 48, satisfaction: '满意' },
  { code: 'YS2026010', title: '校外培训机构退费难的求助', handler: '区教育局', type: '求助', ago: 30, repliedAgo: 18 },
  { code: 'YS2026011', title: '社区卫生服务中心预约挂号的咨询', handler: '演示区卫生健康局', type: '咨询', ago: 20, repliedAgo: 19, satisfaction: '满意' },
  { code: 'YS2026012', title: '企业开办一网通办的咨询', handler: '演示区行政审批局', type: '咨询', ago: 10, repliedAgo: 9, satisfaction: '非常满意' },
  { code: 'YS2026013', title: '营业执照变更材料的咨询', handler: '演示区行政审批局', type: '咨询', ago: 2, repliedAgo: null },
];

const at = (asOf: string, ago: number, time: string) => `${dateAgo(asOf, ago)} ${time}`;

function listPage(asOf: string, n: number, perPage: number): string {
  const all = [...LETTERS].sort((a, b) => a.ago - b.ago);
  const pages = Math.max(1, Math.ceil(all.length / perPage));
  const rows = all.slice((n - 1) * perPage, n * perPage).map((l) => `<tr><td>${l.code}</td><td><a href="show.html?id=${l.code}">${esc(l.title)}</a></td>`
    + `<td>${l.type}</td><td>${dateAgo(asOf, l.ago)}</td><td>${esc(l.handler)}</td><td>${l.repliedAgo === null ? '未回复' : '已回复'}</td></tr>`).join('\n');
  const next = n < pages ? `<a href="?page=${n + 1}">下一页</a>` : '';
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>区长信箱 - 演示区人民政府</title></head><body>
<h1>区长信箱</h1><table class="list"><tr><th>编号</th><th>标题</th><th>类型</th><th>时间</th><th>单位</th><th>回复状态</th></tr>
${rows}</table><div class="pages">共 ${all.length} 条 共 ${pages} 页 ${next}</div></body></html>`;
}

function letterPage(asOf: string, l: DemoLetter): string {
  const reply = l.repliedAgo === null ? ''
    : `<tr><th>回复单位</th><td>${esc(l.handler)}</td></tr><tr><th>回复时间</th><td>${at(asOf, l.repliedAgo, '16:30:00')}</td></tr>`
      + `<tr><th>回复内容</th><td>您好，来信收悉，已按规定办理。</td></tr>`;
  const satisfaction = l.satisfaction ? `<tr><th>满意度</th><td>${l.satisfaction}</td></tr>` : '';
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(l.title)}</title></head><body><table class="detail">
<tr><th>编号</th><td>${l.code}</td></tr><tr><th>来信标题</th><td>${esc(l.title)}</td></tr>
<tr><th>来信时间</th><td>${at(asOf, l.ago, '09:15:00')}</td></tr><tr><th>处理单位</th><td>${esc(l.handler)}</td></tr>
<tr><th>来信内容</th><td>……</td></tr>${reply}${satisfaction}</table></body></html>`;
}

export function demoMailboxRoutes(asOf: string, perPage = 5): Routes {
  return {
    '/hdjl/qzxx/list.html': (req, res) => {
      const n = Number(new URL(req.url ?? '/', 'http://demo').searchParams.get('page') ?? 1);
      send(req, res, listPage(asOf, Number.isInteger(n) && n > 0 ? n : 1, perPage));
    },
    '/hdjl/qzxx/show.html': (req, res) => {
      const l = LETTERS.find((x) => x.code === new URL(req.url ?? '/', 'http://demo').searchParams.get('id'));
      if (!l) return send(req, res, '<p>信件不存在</p>', 404);
      send(req, res, letterPage(asOf, l));
    },
  };
}
