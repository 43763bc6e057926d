import type { UnitType } from '../src/config/schema.js';
import type { Scheme } from '../src/scheme/schema.js';
import type { UnitAssessment } from '../src/scoring/assessment.js';
import { diff, fmt } from './format.js';

/**
 * The district ranking as every reader sees it (`zwgk score --all`, the office summary, the XLSX 排名
 * sheet, the weekly mail, the console): final totals ranked among themselves; provisional totals apart,
 * labelled, never ranked against finals; and while any total is provisional, item 9 (the automated part)
 * ranked on its own. The week's changes come from the same two scored dates for every figure.
 */

export type RankInput = UnitAssessment & { id: string; name: string; type: UnitType; platform?: { score: number | null } };

export interface WeekChange {
  /** The unit had no scored data a week ago (new this week): no change is shown, 新增 instead. */
  isNew: boolean;
  /** Total change, only when both weeks' totals are final. */
  total: number | null;
  /** Places moved up (negative: down) among final totals, when ranked both weeks. */
  rank: number | null;
  automated: number | null;
  automatedRank: number | null;
}

export interface RankRow {
  id: string;
  name: string;
  type: UnitType;
  rank: number | null;
  rankOf: number;
  automatedRank: number | null;
  automatedRankOf: number;
  total: number;
  baseMax: number;
  bonus: number;
  provisional: boolean;
  pendingItems: number[];
  automated: number | null;
  automatedMax: number;
  automatedNo: number;
  change: WeekChange;
}

export interface DistrictRanking {
  /** Units with final totals, by rank. */
  final: RankRow[];
  /** Units with provisional totals, by item 9 rank then name; they have no total rank. */
  provisional: RankRow[];
  /** Every unit by item 9 while some total is provisional; null once all are final. */
  automated: RankRow[] | null;
  automatedNo: number;
  automatedName: string;
  automatedMax: number;
}

export function automatedItemOf(scheme: Scheme): { no: number; name: string; max: number } {
  const item = scheme.items.find((i) => i.kind === 'automated');
  return item ? { no: item.no, name: item.name, max: item.max } : { no: 9, name: '政务信息公开', max: 30 };
}

/** The automated item's points when complete (all parts known), else null. */
function automatedPoints(u: RankInput, no: number): number | null {
  const item = u.items.find((i) => i.no === no);
  return item?.status === 'scored' ? item.points : null;
}

export function rankRow(scheme: Scheme, now: RankInput, previous: RankInput | undefined): RankRow {
  const auto = automatedItemOf(scheme);
  const item = now.items.find((i) => i.no === auto.no);
  return {
    id: now.id, name: now.name, type: now.type, rank: now.rank, rankOf: now.rankOf, automatedRank: now.automatedRank,
    automatedRankOf: now.automatedRankOf, total: now.total, baseMax: now.baseMax, bonus: now.bonus, provisional: now.provisional,
    pendingItems: now.pendingItems, automated: item?.points ?? null, automatedMax: item?.max ?? auto.max, automatedNo: auto.no,
    change: weekChange(now, previous, auto.no),
  };
}

export function weekChange(now: RankInput, previous: RankInput | undefined, automatedNo: number): WeekChange {
  const isNew = !previous || (previous.platform !== undefined && previous.platform.score === null && now.platform?.score !== null);
  if (isNew) return { isNew: true, total: null, rank: null, automated: null, automatedRank: null };
  const a = automatedPoints(now, automatedNo);
  const b = automatedPoints(previous, automatedNo);
  return {
    isNew: false,
    total: !now.provisional && !previous.provisional ? diff(now.total, previous.total) : null,
    rank: now.rank !== null && previous.rank !== null ? previous.rank - now.rank : null,
    automated: diff(a, b),
    automatedRank: now.automatedRank !== null && previous.automatedRank !== null ? previous.automatedRank - now.automatedRank : null,
  };
}

export function districtRanking(scheme: Scheme, now: RankInput[], previous: Map<string, RankInput> = new Map()): DistrictRanking {
  const auto = automatedItemOf(scheme);
  const rows = now.map((u) => rankRow(scheme, u, previous.get(u.id)));
  const byName = (a: RankRow, b: RankRow) => a.name.localeCompare(b.name, 'zh') || a.id.localeCompare(b.id);
  const byAutomated = (a: RankRow, b: RankRow) => (a.automatedRank ?? Infinity) - (b.automatedRank ?? Infinity) || byName(a, b);
  const provisional = rows.filter((r) => r.provisional).sort(byAutomated);
  return {
    final: rows.filter((r) => !r.provisional).sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || byName(a, b)),
    provisional,
    automated: provisional.length > 0 ? [...rows].sort(byAutomated) : null,
    automatedNo: auto.no,
    automatedName: auto.name,
    automatedMax: auto.max,
  };
}

/**
 * `总分 86/100`, `总分 43.5/100（暂定，3项待录入）` or `总分 102/100（含加分 3）`: what the number is out of
 * (the base's 100 points; the bonus comes on top), and why it may still change.
 */
export function totalLabel(r: Pick<RankRow, 'total' | 'baseMax' | 'provisional' | 'pendingItems'> & { bonus?: number }): string {
  const notes: string[] = [];
  if (r.provisional) notes.push(r.pendingItems.length ? `暂定，${r.pendingItems.length}项待录入` : '暂定，自动计分部分待接入');
  if (r.bonus) notes.push(`含加分 ${fmt(r.bonus)}`);
  return `总分 ${fmt(r.total)}/${fmt(r.baseMax)}${notes.length ? `（${notes.join('，')}）` : ''}`;
}

/** `第9项 24.5/30`. */
export function automatedLabel(r: Pick<RankRow, 'automated' | 'automatedMax' | 'automatedNo'>): string {
  return `第${r.automatedNo}项 ${fmt(r.automated)}/${fmt(r.automatedMax)}`;
}

/** `总分第 3 名（共 12 个定分单位）`, or for a provisional total `第9项第 2 名（共 15 个单位）`; null with neither. */
export function rankLabel(r: Pick<RankRow, 'rank' | 'rankOf' | 'automatedRank' | 'automatedRankOf' | 'automatedNo'>): string | null {
  if (r.rank !== null) return `总分第 ${r.rank} 名（共 ${r.rankOf} 个已定分单位）`;
  if (r.automatedRank !== null) return `第${r.automatedNo}项第 ${r.automatedRank} 名（共 ${r.automatedRankOf} 个单位）`;
  return null;
}

/** A rank move as ↑2 / ↓1 / 持平 / 新增 / —. */
export function rankMove(change: WeekChange, which: 'rank' | 'automatedRank'): string {
  if (change.isNew) return '新增';
  const n = change[which];
  if (n === null) return '—';
  return n === 0 ? '持平' : n > 0 ? `↑${n}` : `↓${-n}`;
}
