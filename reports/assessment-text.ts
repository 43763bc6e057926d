import type { Scheme } from '../src/scheme/schema.js';
import { UNIT_TYPE_ZH } from '../src/scheme/queries.js';
import { isBaseItem, type ItemResult } from '../src/scoring/assessment.js';
import type { AssessedUnitScore } from '../src/scoring/score-district.js';
import { terminalSafe } from './escape.js';
import { automatedItemOf, automatedLabel, districtRanking, rankLabel, totalLabel } from './ranking.js';

/** Terminal columns a string takes: CJK and full-width characters count 2. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

export function pad(s: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'left' ? s + fill : fill + s;
}

function num(n: number): string {
  return String(n);
}

/** An item's cell in the table: points, 待录 (no entry), 待接 (automated part missing), — (left out), or points* (provisional). */
function itemCell(r: ItemResult | undefined): string {
  if (!r) return '';
  if (r.status === 'not-applicable') return r.points === null ? '—' : num(r.points);
  if (r.status === 'pending') return r.detail === '待录入' ? '待录' : '待接';
  if (r.status === 'invalid') return '重录';
  if (r.status === 'partial') return `${r.points}*`;
  return num(r.points ?? 0);
}

/**
 * `zwgk score --all`: one line per unit with every base item, bonus, deductions, total and rank, then what
 * is missing. Final totals are ranked; provisional ones follow without a rank (reports/ranking.ts), and
 * while any total is provisional item 9 is ranked on its own below.
 */
export function assessmentTable(input: { district: string; scheme: Scheme; asOf: string; units: AssessedUnitScore[] }): string {
  const baseItems = [...input.scheme.items].filter(isBaseItem).sort((a, b) => a.no - b.no);
  const ranking = districtRanking(input.scheme, input.units);
  const byId = new Map(input.units.map((u) => [u.id, u]));
  const header = ['排名', '单位', '类型', ...baseItems.map((i) => `${i.no}`), '基础分', '加分', '减分', '总分', '状态'];
  const rows = [...ranking.final, ...ranking.provisional].map((r) => byId.get(r.id)!).map((u) => [
    u.rank === null ? '—' : String(u.rank), terminalSafe(u.name), UNIT_TYPE_ZH[u.type],
    ...baseItems.map((i) => itemCell(u.items.find((r) => r.no === i.no))),
    num(u.base), num(u.bonus), u.deductions ? `-${u.deductions}` : '0', num(u.total), u.provisional ? '暂定' : '确定',
  ]);
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c]))));
  const line = (cells: string[]) => cells.map((s, c) => pad(s, widths[c], c === 1 || c === 2 ? 'left' : 'right')).join('  ').trimEnd();
  const out = [
    `${input.district} ${input.scheme.title}（计分截至 ${input.asOf}）`,
    `第1–10项为基础分（满分 ${input.units[0]?.baseMax ?? 100}），加分为第${input.scheme.items.filter((i) => i.kind === 'bonus').map((i) => i.no).join('、')}项，减分为第${input.scheme.items.filter((i) => i.kind === 'per-count-deduction').map((i) => i.no).join('、')}项`,
    '',
    line(header),
    ...rows.map(line),
    '',
    '说明：待录 = 尚未录入；待接 = 自动计分部分尚未接入；* = 部分得分、暂定；— = 不适用，基础分按比例折算；重录 = 录入值与考核方案不符。',
  ];
  if (ranking.provisional.length) {
    out.push(`总分暂定的单位不参与总分排名（排名为 —）：缺少的项目不是 0 分，而是尚未录入。总分排名只在已定分的 ${ranking.final.length} 个单位之间比较。`);
  }
  if (ranking.automated) {
    out.push('', `第${ranking.automatedNo}项「${ranking.automatedName}」（自动计分，满分 ${ranking.automatedMax}）单独排名：`);
    for (const r of ranking.automated) {
      out.push(`  ${pad(r.automatedRank === null ? '—' : String(r.automatedRank), 3, 'right')}  ${terminalSafe(r.name)}  ${automatedLabel(r)}${r.automatedRank === null ? '（部分待接入，不参与排名）' : ''}`);
    }
  }
  const missing = input.units.filter((u) => u.pendingItems.length > 0);
  if (missing.length) {
    out.push('', `缺少人工录入的单位（${missing.length} 个）：`);
    for (const u of missing) out.push(`  ${terminalSafe(u.name)}（${u.id}）：第${u.pendingItems.join('、')}项`);
  } else {
    out.push('', '所有单位的人工录入项均已录入。');
  }
  const partial = input.units.filter((u) => u.provisional && u.pendingItems.length === 0);
  if (partial.length) out.push(`总分暂定（自动计分部分待接入）：${partial.map((u) => terminalSafe(u.name)).join('、')}`);
  return `${out.join('\n')}\n`;
}

/** Per unit, item by item: points, status and why (for `zwgk score --unit`). */
export function assessmentDetail(units: AssessedUnitScore[], scheme: Scheme): string {
  const out: string[] = [];
  const { no } = automatedItemOf(scheme);
  for (const u of units) {
    out.push(`■ ${terminalSafe(u.name)}（${u.id}）考核得分：${totalLabel(u)}，${rankLabel({ ...u, automatedNo: no }) ?? '暂无排名'}；基础分 ${u.base}，加分 ${u.bonus}，减分 ${u.deductions}`);
    for (const r of u.items) {
      const max = r.max === null ? '' : ` / ${r.max}`;
      out.push(`  ${pad(`${r.no}.`, 4)}${pad(r.name, 20)} ${pad(itemCell(r), 6, 'right')}${max}  ${terminalSafe(r.detail)}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
