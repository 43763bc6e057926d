import type { UnitConfig } from '../src/config/schema.js';
import type { AssessedUnitScore } from '../src/scoring/score-district.js';
import type { ItemResult } from '../src/scoring/assessment.js';
import type { ColumnScore } from '../src/scoring/platform.js';
import { shanghaiDateTime } from '../src/time/dates.js';
import { platformFindings } from './platform-findings.js';
import { applicationsView, isLost, mailboxView, type CaseView, type LetterView, type TimelinessView } from './timeliness-view.js';
import { vetoChecks, type VetoCheck } from './veto-alerts.js';
import type { ContentFindingView } from './content-findings.js';
import type { TrendPoint, WeeklyContext } from './weekly-context.js';
import type { SiteView } from './site-facts.js';
import { renderWeeklyUnitHtml } from './templates/weekly-unit-html.js';
import { renderWeeklyUnitText } from './templates/weekly-unit-text.js';
import { diff, round2 as round } from './format.js';
import { fixList, type FixItem } from './fix-list.js';
import { automatedLabel, totalLabel, type RankRow } from './ranking.js';
import { evidenceLink, unitPageLink } from '../src/config/links.js';

export const UNIT_TYPE_LABEL: Record<UnitConfig['type'], string> = {
  town: '镇', subdistrict: '街道', department: '区级部门', 'approval-bureau': '区行政审批局',
};

export interface ItemRow {
  no: number | null;
  name: string;
  max: number | null;
  points: number | null;
  previous: number | null;
  change: number | null;
  /** scored, pending (待录入), partial, not-applicable, invalid; `part` for item 9's sub-rows. */
  status: string;
  detail: string;
  isPart: boolean;
}

/** Something that has cost points so far. Text holds crawled titles unescaped: renderers escape. */
export interface FixLine {
  text: string;
  points: number;
  url: string | null;
  /** What the link opens: 栏目 or 信件. */
  linkLabel: string;
  newestUrl: string | null;
  evidence: string | null;
  evidenceLink: string | null;
}

export interface EvidenceRef {
  column: string;
  status: string;
  url: string;
  hash: string;
  link: string | null;
}

export interface WeeklyUnitReport {
  district: string;
  schemeTitle: string;
  period: { start: string; end: string };
  asOf: string;
  previousAsOf: string | null;
  generatedAt: string;
  unit: { id: string; name: string; type: string };
  /** The unit's page in the console, when `web.baseUrl` is set. */
  unitPageUrl: string | null;
  total: number;
  provisional: boolean;
  pendingItems: { no: number; name: string }[];
  /** Rank (final totals only), item 9's rank, and the week's changes: the same row the office summary and XLSX show. */
  standing: RankRow;
  unitCount: number;
  automated: { no: number; name: string; points: number | null; max: number; change: number | null };
  items: ItemRow[];
  /** What to fix this week (reports/fix-list.ts): veto risks first, then points still recoverable. */
  fixes: FixItem[];
  /** Points lost so far and why, most first. */
  lost: FixLine[];
  cannotCheck: FixLine[];
  notes: string[];
  vetoes: VetoCheck[];
  /** Open content findings (wording, typos, personal data shown masked); null when content checks are off. */
  content: ContentFindingView[] | null;
  /** The site as a whole: the latest census (broken links, columns) and the availability probes. */
  site: SiteView;
  trend: TrendPoint[];
  evidence: EvidenceRef[];
  /** The attached form's file name, or why there is none. */
  attachment: { filename: string } | { missing: string };
}

const PART_LABEL: Record<string, string> = { platform: '信息公开平台更新', mailbox: '市(区)长信箱办理回复', applications: '依申请公开办理回复' };

/** The week's report for one unit, as data: rendering (HTML, text) is separate. */
export function weeklyUnitReport(ctx: WeeklyContext, unitId: string, attachment: WeeklyUnitReport['attachment'] = { missing: '考核表附件暂未生成' }): WeeklyUnitReport {
  const unit = ctx.units.find((u) => u.id === unitId);
  const score = ctx.now.get(unitId);
  if (!unit || !score) throw new Error(`配置中没有编号为 "${unitId}" 的单位`);
  const prev = ctx.previous.get(unitId);
  const automated = score.items.find((i) => i.no === ctx.automatedItemNo);
  const prevAutomated = prev?.items.find((i) => i.no === ctx.automatedItemNo);
  const mailbox = mailboxView(score);
  const applications = applicationsView(score);
  const standing = [...ctx.ranking.final, ...ctx.ranking.provisional].find((r) => r.id === unitId)!;
  const vetoes = vetoChecks({
    platform: score.platform, probes: ctx.probes.get(unitId) ?? { days: 0, probes: 0, failed: 0 }, mailbox, asOf: ctx.asOf,
    census: ctx.census.get(unitId), cadenceDays: ctx.cadenceDays, probeRule: ctx.probeRule, content: ctx.content?.get(unitId),
  });
  const lost = lostLines(score, mailbox, applications, ctx.links, unitId);

  return {
    district: ctx.district,
    schemeTitle: ctx.schemeTitle,
    period: ctx.period,
    asOf: ctx.asOf,
    previousAsOf: ctx.previousAsOf,
    generatedAt: shanghaiDateTime(ctx.generatedAt),
    unit: { id: unit.id, name: unit.name, type: UNIT_TYPE_LABEL[unit.type] },
    unitPageUrl: unitPageLink(ctx.links, unit.id),
    total: score.total,
    provisional: score.provisional,
    pendingItems: score.pendingItems.map((no) => ({ no, name: score.items.find((i) => i.no === no)?.name ?? `第 ${no} 项` })),
    standing,
    unitCount: ctx.now.size,
    automated: {
      no: ctx.automatedItemNo, name: automated?.name ?? '政务信息公开', points: automated?.points ?? null, max: automated?.max ?? 0,
      change: standing.change.isNew ? null : automated && prevAutomated && automated.status === prevAutomated.status ? diff(automated.points, prevAutomated.points) : null,
    },
    items: itemRows(score, standing.change.isNew ? undefined : prev, ctx.automatedItemNo),
    fixes: fixList({ unit, score, vetoes, scheme: ctx.scheme, calendar: ctx.calendar, period: ctx.period, asOf: ctx.asOf, links: ctx.links }),
    ...lost,
    vetoes,
    content: ctx.content?.get(unitId) ?? null,
    site: { census: ctx.censusDigests.get(unitId) ?? null, availability: ctx.availability.get(unitId) ?? null, windowDays: ctx.probeRule.windowDays },
    trend: ctx.trend.get(unitId) ?? [],
    evidence: evidenceRefs(score.platform.columns, ctx.links, unitId),
    attachment,
  };
}

/** `第9项 24.5/30；总分 43/100（暂定，3项待录入）`: every number with what it is out of. */
export function headline(r: WeeklyUnitReport): string {
  return `${automatedLabel(r.standing)}；${totalLabel(r.standing)}`;
}

export function renderWeeklyUnit(report: WeeklyUnitReport): { subject: string; html: string; text: string } {
  const vetoed = report.vetoes.some((v) => v.status === 'veto');
  const subject = `${vetoed ? '【否决预警】' : ''}【政务公开周报】${report.unit.name}（截至 ${report.asOf}）`
    + `${headline(report)}，本周需整改 ${report.fixes.length} 项`;
  return { subject, html: renderWeeklyUnitHtml(report), text: renderWeeklyUnitText(report) };
}

function itemRows(score: AssessedUnitScore, prev: AssessedUnitScore | undefined, automatedNo: number): ItemRow[] {
  const rows: ItemRow[] = [];
  for (const item of score.items) {
    const before = prev?.items.find((i) => i.no === item.no);
    rows.push(row(item, before));
    if (item.no !== automatedNo) continue;
    for (const key of ['platform', 'mailbox', 'applications'] as const) {
      const part = (score as unknown as Record<string, { score: number | null; max: number } | undefined>)[key];
      const partBefore = prev ? (prev as unknown as Record<string, { score: number | null } | undefined>)[key] : undefined;
      rows.push({
        no: null, name: PART_LABEL[key], max: part?.max ?? null, points: part?.score ?? null, previous: partBefore?.score ?? null,
        change: diff(part?.score ?? null, partBefore?.score ?? null), status: 'part',
        detail: part ? (part.score === null ? '本期无法检查' : '') : '待接入', isPart: true,
      });
    }
  }
  return rows;
}

function row(item: ItemResult, before: ItemResult | undefined): ItemRow {
  return {
    no: item.no, name: item.name, max: item.max, points: item.points, previous: before?.points ?? null,
    change: before && before.status === item.status ? diff(item.points, before.points) : null,
    status: item.status, detail: item.detail, isPart: false,
  };
}

function lostLines(
  score: AssessedUnitScore, mailbox: TimelinessView<LetterView> | undefined, applications: TimelinessView<CaseView> | undefined,
  links: WeeklyContext['links'], unitId: string,
): Pick<WeeklyUnitReport, 'lost' | 'cannotCheck' | 'notes'> {
  const columns = new Map(score.platform.columns.map((c) => [c.name, c]));
  const fixes: FixLine[] = [];
  const cannotCheck: FixLine[] = [];
  const notes: string[] = [];
  for (const f of platformFindings(score.platform)) {
    const c = columns.get(f.column);
    const line: FixLine = {
      text: f.text, points: f.pointsLost, url: f.url ?? c?.url ?? null, linkLabel: '栏目', newestUrl: c?.status === 'stale' ? c.newestUrl : null,
      evidence: c?.evidence ?? null, evidenceLink: c?.evidence ? evidenceLink(links, c.evidence, unitId) : null,
    };
    if (f.severity === 'lost') fixes.push(line);
    else if (f.severity === 'cannot-check') cannotCheck.push(line);
    else notes.push(f.text);
  }
  if (mailbox) {
    const share = mailbox.counted > 0 ? mailbox.max / mailbox.counted : 0;
    for (const l of mailbox.entries.filter(isLost)) {
      const veto = l.vetoed ? '，超过 3 个月未回复（单项否决，本项计 0 分）' : '';
      fixes.push({
        text: l.replied
          ? `信件「${l.title}」${l.submitted ?? ''} 提交，${l.replied} 回复，用时 ${l.workdays ?? '?'} 个工作日，超过时限 ${l.limit ?? '?'} 个工作日`
          : `信件「${l.title}」${l.submitted ?? ''} 提交，至今未回复，已过 ${l.workdays ?? '?'} 个工作日，时限 ${l.limit ?? '?'} 个工作日${veto}`,
        points: round(l.vetoed ? mailbox.max : share), url: l.url, linkLabel: '信件', newestUrl: null, evidence: null, evidenceLink: null,
      });
    }
  }
  if (applications) {
    const share = applications.counted > 0 ? applications.max / applications.counted : 0;
    for (const a of applications.entries.filter(isLost)) {
      fixes.push({
        text: a.replied
          ? `依申请公开 ${a.id}：${a.received ?? ''} 收到，${a.replied} 答复，用时 ${a.workdays ?? '?'} 个工作日，超过时限 ${a.limit ?? '?'} 个工作日`
          : `依申请公开 ${a.id}：${a.received ?? ''} 收到，至今未答复，已过 ${a.workdays ?? '?'} 个工作日，时限 ${a.limit ?? '?'} 个工作日`,
        points: round(share), url: null, linkLabel: '', newestUrl: null, evidence: null, evidenceLink: null,
      });
    }
  }
  fixes.sort((a, b) => b.points - a.points);
  return { lost: fixes, cannotCheck, notes };
}

function evidenceRefs(columns: ColumnScore[], links: WeeklyContext['links'], unitId: string): EvidenceRef[] {
  return columns.filter((c) => c.evidence).map((c) => ({
    column: c.name, status: c.status, url: c.url, hash: c.evidence as string, link: evidenceLink(links, c.evidence as string, unitId),
  }));
}
