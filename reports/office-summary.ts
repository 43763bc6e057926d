import { shanghaiDateTime } from '../src/time/dates.js';
import type { VetoCheck } from './veto-alerts.js';
import type { LastRun, WeeklyContext } from './weekly-context.js';
import type { WeeklyUnitReport } from './weekly-unit.js';
import type { SiteView } from './site-facts.js';
import { renderOfficeSummaryHtml } from './templates/office-summary-html.js';
import { renderOfficeSummaryText } from './templates/office-summary-text.js';
import type { DistrictRanking, RankRow } from './ranking.js';

/** A unit's row of the ranking (reports/ranking.ts) with what its report says this week. */
export interface RankingRow extends RankRow {
  fixes: number;
  vetoes: number;
}

export interface SummaryRanking extends Omit<DistrictRanking, 'final' | 'provisional' | 'automated'> {
  final: RankingRow[];
  provisional: RankingRow[];
  automated: RankingRow[] | null;
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
  ranking: SummaryRanking;
  unitCount: number;
  vetoUnits: { id: string; name: string; vetoes: VetoCheck[] }[];
  movers: { up: RankingRow[]; down: RankingRow[] };
  health: {
    lastRun: LastRun | null;
    unitCount: number;
    columnCount: number;
    unchecked: UncheckedColumn[];
    unitsWithoutData: string[];
  };
  /** Per unit, its latest census's broken-link share and its availability (the same figures its own mail shows). */
  sites: { id: string; name: string; site: SiteView }[];
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
  const byId = new Map(reports.map((r) => [r.unit.id, r]));
  const withReport = (row: RankRow): RankingRow => {
    const r = byId.get(row.id);
    return { ...row, fixes: r?.fixes.length ?? 0, vetoes: r?.vetoes.filter((v) => v.status === 'veto').length ?? 0 };
  };
  const ranking: SummaryRanking = {
    ...ctx.ranking,
    final: ctx.ranking.final.map(withReport),
    provisional: ctx.ranking.provisional.map(withReport),
    automated: ctx.ranking.automated?.map(withReport) ?? null,
  };

  // Movers by item 9: the one figure every unit has from week to week (totals move when entries arrive).
  const all = [...ranking.final, ...ranking.provisional];
  const withChange = all.filter((r) => r.change.automated !== null && Math.abs(r.change.automated) >= 0.005);
  const up = withChange.filter((r) => r.change.automated! > 0).sort((a, b) => b.change.automated! - a.change.automated!).slice(0, 3);
  const down = withChange.filter((r) => r.change.automated! < 0).sort((a, b) => a.change.automated! - b.change.automated!).slice(0, 3);

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

  return {
    district: ctx.district,
    schemeTitle: ctx.schemeTitle,
    period: ctx.period,
    asOf: ctx.asOf,
    previousAsOf: ctx.previousAsOf,
    generatedAt: shanghaiDateTime(ctx.generatedAt),
    automatedName: `第 ${ctx.ranking.automatedNo} 项${ctx.ranking.automatedName}`,
    ranking,
    unitCount: ctx.units.length,
    vetoUnits: reports
      .filter((r) => r.vetoes.some((v) => v.status === 'veto'))
      .map((r) => ({ id: r.unit.id, name: r.unit.name, vetoes: r.vetoes.filter((v) => v.status === 'veto') })),
    movers: { up, down },
    health: { lastRun: ctx.lastFullRun, unitCount: ctx.units.length, columnCount, unchecked, unitsWithoutData },
    sites: reports.map((r) => ({ id: r.unit.id, name: r.unit.name, site: r.site })),
    unitsWithoutEmail: extra.unitsWithoutEmail ?? [],
    delivery: extra.delivery ?? null,
  };
}

export function renderOfficeSummary(s: OfficeSummary): { subject: string; html: string; text: string } {
  const veto = s.vetoUnits.length ? `，${s.vetoUnits.length} 个单位触发否决预警` : '';
  const pending = s.ranking.provisional.length ? `，${s.ranking.provisional.length} 个单位总分暂定（人工项待录入）` : '';
  const subject = `【政务公开周报】${s.district}汇总（截至 ${s.asOf}）：${s.unitCount} 个单位${veto}${pending}`;
  return { subject, html: renderOfficeSummaryHtml(s), text: renderOfficeSummaryText(s) };
}
