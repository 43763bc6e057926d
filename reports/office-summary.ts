import { shanghaiDateTime } from '../src/time/dates.js';
import type { VetoCheck } from './veto-alerts.js';
import type { LastRun, WeeklyContext } from './weekly-context.js';
import type { WeeklyUnitReport } from './weekly-unit.js';
import { renderOfficeSummaryHtml } from './templates/office-summary-html.js';
import { renderOfficeSummaryText } from './templates/office-summary-text.js';

export interface RankingRow {
  rank: number;
  previousRank: number | null;
  id: string;
  name: string;
  type: string;
  total: number;
  totalChange: number | null;
  provisional: boolean;
  automated: number | null;
  automatedMax: number;
  automatedChange: number | null;
  fixes: number;
  vetoes: number;
}

export interface UncheckedColumn {
  unit: string;
  column: string;
  status: string;
  reason: string;
  url: string;
}

export interface OfficeSummary {
  district: string;
  schemeTitle: string;
  period: { start: string; end: string };
  asOf: string;
  previousAsOf: string | null;
  generatedAt: string;
  automatedName: string;
  ranking: RankingRow[];
  vetoUnits: { id: string; name: string; vetoes: VetoCheck[] }[];
  movers: { up: RankingRow[]; down: RankingRow[] };
  health: {
    lastRun: LastRun | null;
    unitCount: number;
    columnCount: number;
    unchecked: UncheckedColumn[];
    unitsWithoutData: string[];
  };
  /** Units whose report could not be mailed (no address configured). */
  unitsWithoutEmail: string[];
  /** Mail delivery problems since the last summary, when known. */
  delivery: { failed: number; uncertain: number; pending: number } | null;
}

const CANNOT_CHECK_REASON: Record<string, string> = {
  unreachable: '无法访问', blocked: '被反爬验证拦截', unparsed: '页面结构无法识别', unchecked: '尚未检查过',
};

/** The office's weekly summary, built from the units' reports of the same week. */
export function officeSummary(
  ctx: WeeklyContext, reports: WeeklyUnitReport[],
  extra: { unitsWithoutEmail?: string[]; delivery?: OfficeSummary['delivery'] } = {},
): OfficeSummary {
  const ranking: RankingRow[] = reports.map((r) => ({
    rank: r.rank, previousRank: r.previousRank, id: r.unit.id, name: r.unit.name, type: r.unit.type,
    total: r.total, totalChange: r.totalChange, provisional: r.provisional,
    automated: r.automated.points, automatedMax: r.automated.max, automatedChange: r.automated.change,
    fixes: r.fixes.length, vetoes: r.vetoes.filter((v) => v.status === 'veto').length,
  })).sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, 'zh'));

  const withChange = ranking.filter((r) => r.totalChange !== null && Math.abs(r.totalChange) >= 0.005);
  const up = withChange.filter((r) => (r.totalChange ?? 0) > 0).sort((a, b) => (b.totalChange ?? 0) - (a.totalChange ?? 0)).slice(0, 3);
  const down = withChange.filter((r) => (r.totalChange ?? 0) < 0).sort((a, b) => (a.totalChange ?? 0) - (b.totalChange ?? 0)).slice(0, 3);

  const unchecked: UncheckedColumn[] = [];
  const unitsWithoutData: string[] = [];
  let columnCount = 0;
  for (const u of ctx.units) {
    const s = ctx.now.get(u.id);
    if (!s) continue;
    columnCount += s.platform.columns.length;
    if (s.platform.score === null) unitsWithoutData.push(u.name);
    for (const c of s.platform.columns) {
      if (c.status in CANNOT_CHECK_REASON) {
        unchecked.push({ unit: u.name, column: c.name, status: CANNOT_CHECK_REASON[c.status], reason: c.reason ?? '', url: c.url });
      }
    }
  }

  const automatedItem = reports[0]?.automated;
  return {
    district: ctx.district,
    schemeTitle: ctx.schemeTitle,
    period: ctx.period,
    asOf: ctx.asOf,
    previousAsOf: ctx.previousAsOf,
    generatedAt: shanghaiDateTime(ctx.generatedAt),
    automatedName: automatedItem ? `第 ${automatedItem.no} 项${automatedItem.name}` : '政务信息公开',
    ranking,
    vetoUnits: reports
      .filter((r) => r.vetoes.some((v) => v.status === 'veto'))
      .map((r) => ({ id: r.unit.id, name: r.unit.name, vetoes: r.vetoes.filter((v) => v.status === 'veto') })),
    movers: { up, down },
    health: { lastRun: ctx.lastFullRun, unitCount: ctx.units.length, columnCount, unchecked, unitsWithoutData },
    unitsWithoutEmail: extra.unitsWithoutEmail ?? [],
    delivery: extra.delivery ?? null,
  };
}

export function renderOfficeSummary(s: OfficeSummary): { subject: string; html: string; text: string } {
  const veto = s.vetoUnits.length ? `，${s.vetoUnits.length} 个单位触发否决预警` : '';
  const subject = `【政务公开周报】${s.district}汇总（截至 ${s.asOf}）：${s.ranking.length} 个单位${veto}`;
  return { subject, html: renderOfficeSummaryHtml(s), text: renderOfficeSummaryText(s) };
}
