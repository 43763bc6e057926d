import type { ColumnConfig, UnitConfig } from '../src/config/schema.js';
import { evidenceLink, type LinkConfig } from '../src/config/links.js';
import type { WorkCalendar } from '../src/calendar/work-calendar.js';
import { deriveColumnId, urlPathKey } from '../src/identity/keys.js';
import { automatedItem, type Scheme } from '../src/scheme/schema.js';
import type { ColumnScore } from '../src/scoring/platform.js';
import type { UnitScore } from '../src/scoring/score-unit.js';
import { columnPointsFrom, onTimeStake, platformProjection, staleFrom, type PlatformProjection } from '../src/scoring/recoverable.js';
import { addMonths } from '../src/scoring/timeliness-util.js';
import { addDays } from '../src/time/dates.js';
import type { VetoCheck } from './veto-alerts.js';

/**
 * What a unit should fix this week: veto risks first (each tied to the 单项否决 it triggers), then the
 * points still recoverable this period, most first, each with a deadline and its evidence. Points
 * already lost are shown beside, never used for the order. Pure: a function of one unit's score.
 */

export type FixKind = 'stale' | 'blank' | 'redirect' | 'required-posting' | 'letter' | 'application' | 'site-unreachable';

/**
 * The finding's identity for the 整改 ledger: the same problem keeps its key from week to week.
 * `columnId` is the column's stable id; for letters `letter:<mailbox>:<id>`, for applications
 * `application:<编号>`, for the whole site `site`.
 */
export interface FindingKey {
  unitId: string;
  columnId: string;
  kind: FixKind;
}

export interface FixVeto {
  id: VetoCheck['id'];
  label: string;
  /** The veto is triggered now; false: it is triggered if this is not fixed by the deadline. */
  triggered: boolean;
}

export interface FixItem {
  key: FindingKey;
  /** `unitId|columnId|kind`: the key as one string. */
  keyString: string;
  /** failing: wrong now; due-soon: becomes wrong by the deadline unless acted on; open: a letter or case awaiting its answer. */
  state: 'failing' | 'due-soon' | 'open';
  veto: FixVeto | null;
  /** What is wrong (crawled titles unescaped: renderers escape). */
  problem: string;
  /** What to do. */
  action: string;
  /** Points won back (or kept) at the period's end if fixed by the deadline. */
  recoverable: number;
  /** Points this has cost so far. */
  lost: number;
  deadline: string;
  deadlineNote: string;
  column: string | null;
  /** The column's list page or the letter's page. */
  url: string | null;
  newestUrl: string | null;
  evidence: { sha256: string; link: string | null } | null;
}

export interface FixListInput {
  unit: UnitConfig;
  score: UnitScore;
  vetoes: VetoCheck[];
  scheme: Scheme;
  calendar: WorkCalendar;
  period: { start: string; end: string };
  asOf: string;
  links: LinkConfig;
  /** Resolved stable column ids by column name; default: the config id, else the id derived from the URL. */
  columnIds?: Map<string, string>;
  /** Columns whose last fresh day is at most this many days ahead are listed as due soon (default 7: before the next weekly report). */
  dueSoonDays?: number;
}

const NEWS_NOTICE = new Set(['news', 'notice', 'policy']);
const STALE_NEWS_VETO = 5;
const STALE_ANY_VETO = 10;
const BLANK_VETO = 5;
/** A required posting (annual report, budget) is listed this many days before it falls due: it takes preparing. */
const REQUIRED_NOTICE_DAYS = 30;

/** The column's stable id as configured or derived from its URL (`src/identity`). */
export function defaultColumnId(column: Pick<ColumnConfig, 'id' | 'url'>): string {
  return column.id ?? deriveColumnId(urlPathKey(column.url));
}

export function fixList(input: FixListInput): FixItem[] {
  const { unit, score, calendar, asOf } = input;
  const nextWorkday = calendar.addWorkdays(asOf, 1);
  const projection = platformProjection(score.platform, automatedItem(input.scheme).parts.platform, input.period, asOf);
  const columnIds = new Map(unit.columns.map((c) => [c.name, input.columnIds?.get(c.name) ?? defaultColumnId(c)]));
  const vetoOf = (id: VetoCheck['id']) => input.vetoes.find((v) => v.id === id);
  const items: FixItem[] = [];
  const make = (kind: FixKind, columnId: string, rest: Omit<FixItem, 'key' | 'keyString'>): FixItem => ({
    key: { unitId: unit.id, columnId, kind }, keyString: `${unit.id}|${columnId}|${kind}`, ...rest,
  });

  const columnVeto = columnVetoes(score.platform.columns, input.vetoes);
  for (const c of score.platform.columns) {
    const base = {
      column: c.name, url: c.url, newestUrl: c.newestUrl,
      evidence: c.evidence ? { sha256: c.evidence, link: evidenceLink(input.links, c.evidence, unit.id) } : null,
    };
    const id = columnIds.get(c.name) ?? defaultColumnId({ url: c.url });
    const veto = columnVeto.get(c.name) ?? null;
    if (c.status === 'stale' || c.status === 'blank' || c.status === 'redirect') {
      const deadline = nextWorkday;
      items.push(make(c.status, id, {
        ...base, state: 'failing', veto, problem: failingProblem(c), action: failingAction(c),
        recoverable: columnPointsFrom(projection, c.category, deadline), lost: c.pointsLost, deadline,
        deadlineNote: c.status === 'stale' && c.newestDate && c.cadenceDays !== null
          ? `已于 ${staleFrom(c.newestDate, c.cadenceDays)} 超期，请于下一个工作日前更新` : '请于下一个工作日前整改',
      }));
      continue;
    }
    const due = dueSoon(c, asOf, input.dueSoonDays ?? 7);
    if (due) {
      const homepage = c.category === 'homepage';
      const risk = homepage ? vetoOf('homepage') : undefined;
      items.push(make('stale', id, {
        ...base, state: 'due-soon', veto: risk ? { id: risk.id, label: risk.label, triggered: false } : null,
        problem: `栏目「${c.name}」最新信息发布于 ${c.newestDate}，更新周期 ${c.cadenceDays} 天，${due} 之后即超期`,
        action: `在 ${due} 前（含当天）发布新信息`,
        recoverable: columnPointsFrom(projection, c.category, addDays(due, 1)), lost: c.pointsLost, deadline: due,
        deadlineNote: `按 ${c.cadenceDays} 天更新周期计算`,
      }));
    }
  }

  for (const r of score.platform.requiredPostings.filter((p) => p.status === 'missing')) {
    const column = unit.columns.find((c) => c.name === r.column);
    items.push(make('required-posting', column ? columnIds.get(column.name)! : `required:${r.label}`, {
      state: 'failing', veto: null, problem: `栏目「${r.column}」应于 ${r.due} 前发布「${r.label}」，至今未发布`,
      action: `尽快在栏目「${r.column}」发布「${r.label}」`, recoverable: 0, lost: r.deduction, deadline: nextWorkday,
      deadlineNote: `已于 ${r.due} 到期（逾期发布仍扣分，但须补发）`, column: r.column, url: column?.url ?? null, newestUrl: null, evidence: null,
    }));
  }

  // A required posting falling due soon and not yet posted (a column with one already missing is listed once, above).
  const missing = new Set(score.platform.requiredPostings.filter((p) => p.status === 'missing').map((p) => p.column));
  const noticeUntil = addDays(asOf, Math.max(input.dueSoonDays ?? 7, REQUIRED_NOTICE_DAYS));
  for (const r of score.platform.upcomingPostings.filter((p) => p.postedOn === null && p.due <= noticeUntil && !missing.has(p.column))) {
    const column = unit.columns.find((c) => c.name === r.column);
    missing.add(r.column);
    items.push(make('required-posting', column ? columnIds.get(column.name)! : `required:${r.label}`, {
      state: 'due-soon', veto: null, problem: `栏目「${r.column}」应于 ${r.due} 前发布「${r.label}」，尚未发布`,
      action: `在 ${r.due} 前（含当天）在栏目「${r.column}」发布「${r.label}」`, recoverable: r.deduction, lost: 0, deadline: r.due,
      deadlineNote: `逾期或未发布扣 ${r.deduction} 分`, column: r.column, url: column?.url ?? null, newestUrl: null, evidence: null,
    }));
  }

  items.push(...letterItems(input, make, nextWorkday));
  items.push(...caseItems(input, make, nextWorkday));

  const unreachable = vetoOf('unreachable');
  if (unreachable?.status === 'veto') {
    items.push(make('site-unreachable', 'site', {
      state: 'failing', veto: { id: unreachable.id, label: unreachable.label, triggered: true }, problem: unreachable.detail,
      action: '排查网站服务器和网络，确保网站稳定可访问', recoverable: 0, lost: 0, deadline: nextWorkday,
      deadlineNote: '请于下一个工作日前整改', column: null, url: null, newestUrl: null, evidence: null,
    }));
  }
  return items.sort(compareFixes);
}

/** Veto first (triggered before at risk), then most points recoverable, then earliest deadline, then most lost. */
export function compareFixes(a: FixItem, b: FixItem): number {
  const vetoRank = (f: FixItem) => (f.veto ? (f.veto.triggered ? 0 : 1) : 2);
  return vetoRank(a) - vetoRank(b) || b.recoverable - a.recoverable || a.deadline.localeCompare(b.deadline) || b.lost - a.lost
    || a.keyString.localeCompare(b.keyString);
}

/**
 * Which failing columns a veto rule counts: all of them when the rule is triggered, and also when one
 * more such column would trigger it (the unit is one column away from a veto).
 */
function columnVetoes(columns: ColumnScore[], vetoes: VetoCheck[]): Map<string, FixVeto> {
  const out = new Map<string, FixVeto>();
  const check = (id: VetoCheck['id']) => vetoes.find((v) => v.id === id);
  const mark = (id: VetoCheck['id'], list: ColumnScore[], threshold: number) => {
    const v = check(id);
    if (!v || list.length < threshold - 1) return;
    for (const c of list) if (!out.has(c.name)) out.set(c.name, { id, label: v.label, triggered: v.status === 'veto' });
  };
  const home = check('homepage');
  if (home) {
    for (const c of columns.filter((c) => c.category === 'homepage' && (c.status === 'stale' || c.status === 'blank'))) {
      out.set(c.name, { id: home.id, label: home.label, triggered: home.status === 'veto' });
    }
  }
  const stale = columns.filter((c) => c.status === 'stale');
  mark('stale-columns', stale.filter((c) => NEWS_NOTICE.has(c.category)), STALE_NEWS_VETO);
  mark('stale-columns', stale.filter((c) => c.cadenceDays !== null), STALE_ANY_VETO);
  mark('blank-columns', columns.filter((c) => c.status === 'blank'), BLANK_VETO);
  return out;
}

/** The column's last fresh day when it falls within the next `days` days, else null. */
function dueSoon(c: ColumnScore, asOf: string, days: number): string | null {
  if (c.status !== 'ok' || c.cadenceDays === null || !c.newestDate) return null;
  const last = addDays(staleFrom(c.newestDate, c.cadenceDays), -1);
  return last >= asOf && last <= addDays(asOf, days) ? last : null;
}

function failingProblem(c: ColumnScore): string {
  if (c.status === 'blank') return `栏目「${c.name}」有栏目无内容（${c.reason ?? '空白'}）`;
  if (c.status === 'redirect') return `栏目「${c.name}」${c.reason ?? '页面只跳转到别处，没有自己的内容'}`;
  return c.newestDate
    ? `栏目「${c.name}」未按时更新：最新信息「${c.newestTitle}」发布于 ${c.newestDate}，超过 ${c.cadenceDays} 天更新周期 ${c.daysOverdue} 天`
    : `栏目「${c.name}」没有带日期的信息，视为未更新`;
}

function failingAction(c: ColumnScore): string {
  if (c.status === 'blank') return '发布本栏目应公开的信息，或报政务公开办调整栏目设置';
  if (c.status === 'redirect') return '在本栏目直接发布信息，不要只跳转到其他页面';
  return '发布本栏目的新信息（标注发布日期）';
}

type Make = (kind: FixKind, columnId: string, rest: Omit<FixItem, 'key' | 'keyString'>) => FixItem;

function letterItems(input: FixListInput, make: Make, nextWorkday: string): FixItem[] {
  const { score, calendar } = input;
  const mailbox = score.mailbox;
  if (!mailbox) return [];
  const part = automatedItem(input.scheme).parts.mailbox;
  const veto = input.vetoes.find((v) => v.id === 'unanswered-letters');
  const label = veto?.label ?? '留言超过 3 个月未回复';
  const out: FixItem[] = [];
  for (const l of mailbox.letters) {
    if (l.replied || !l.submitted || (l.status !== 'open' && l.status !== 'overdue')) continue;
    const base = { column: null, url: l.url, newestUrl: null, evidence: null };
    const id = `letter:${l.mailbox}:${l.id}`;
    if (l.vetoed) {
      out.push(make('letter', id, {
        ...base, state: 'failing', veto: { id: 'unanswered-letters', label, triggered: true },
        problem: `信件「${l.title}」${l.submitted} 提交，超过 ${part.vetoMonths} 个月未回复（本项计 0 分）`, action: '立即回复',
        recoverable: 0, lost: mailbox.max, deadline: nextWorkday, deadlineNote: '已触发否决，请立即回复',
      }));
    } else if (l.status === 'overdue') {
      const vetoDay = addMonths(l.submitted, part.vetoMonths);
      out.push(make('letter', id, {
        ...base, state: 'failing', veto: { id: 'unanswered-letters', label, triggered: false },
        problem: `信件「${l.title}」${l.submitted} 提交，已过 ${l.workdays} 个工作日仍未回复（时限 ${l.limit} 个工作日）`,
        action: `在 ${vetoDay} 前回复，否则触发单项否决、本项计 0 分`,
        recoverable: mailbox.score, lost: onTimeStakeLost(mailbox), deadline: vetoDay, deadlineNote: `提交后 ${part.vetoMonths} 个月`,
      }));
    } else {
      const deadline = calendar.addWorkdays(l.submitted, l.limit);
      out.push(make('letter', id, {
        ...base, state: 'open', veto: null, problem: `信件「${l.title}」${l.submitted} 提交，尚未回复`, action: `在 ${deadline} 前回复`,
        recoverable: onTimeStake(mailbox), lost: 0, deadline, deadlineNote: `提交后 ${l.limit} 个工作日（不含提交当天）`,
      }));
    }
  }
  return out;
}

/** What an overdue case or letter has cost: the on-time share it no longer earns. */
function onTimeStakeLost(part: { max: number; counted: number }): number {
  return part.counted > 0 ? Math.round((part.max / part.counted) * 100) / 100 : 0;
}

function caseItems(input: FixListInput, make: Make, nextWorkday: string): FixItem[] {
  const applications = input.score.applications;
  if (!applications) return [];
  const out: FixItem[] = [];
  for (const a of applications.cases) {
    if (a.status !== 'open' && a.status !== 'overdue') continue;
    const base = { column: null, url: null, newestUrl: null, evidence: null, veto: null };
    const id = `application:${a.id}`;
    if (a.status === 'overdue') {
      out.push(make('application', id, {
        ...base, state: 'failing', problem: `依申请公开 ${a.id}：${a.received} 收到，已过 ${a.workdays} 个工作日仍未答复（时限 ${a.limit} 个工作日）`,
        action: '立即答复申请人', recoverable: 0, lost: onTimeStakeLost(applications), deadline: nextWorkday, deadlineNote: '已超过法定期限',
      }));
    } else {
      const deadline = input.calendar.addWorkdays(a.clockStart, a.limit);
      out.push(make('application', id, {
        ...base, state: 'open', problem: `依申请公开 ${a.id}：${a.received} 收到，尚未答复`, action: `在 ${deadline} 前答复`,
        recoverable: onTimeStake(applications), lost: 0, deadline,
        deadlineNote: `${a.clockStart === a.received ? '收到' : '收到补正'}后 ${a.limit} 个工作日（不含当天）`,
      }));
    }
  }
  return out;
}
