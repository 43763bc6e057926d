import { addDays } from '../time/dates.js';
import { addMonths } from './timeliness-util.js';

/**
 * The national check's column and homepage vetoes (国办秘函〔2019〕19号), counted over every column the
 * unit has — configured, and found by the census — minus the office's exclusions. Pure: facts in, verdicts
 * with their evidence out. "Could not check" never counts against the unit.
 */

export type SiteVetoStatus = 'veto' | 'ok' | 'unknown';

export interface SiteColumnFact {
  name: string;
  url: string;
  /** A config category, or `other` (no cadence requirement). */
  category: string;
  /** 1: a first-level column (linked from the homepage or the disclosure directory). */
  level: 1 | 2;
  source: 'configured' | 'discovered';
  /** `read`: its list was read; `blank`: it shows nothing; `unchecked`: could not be read (never counted). */
  state: 'read' | 'blank' | 'unchecked';
  /** Its newest dated item on or before `seenOn`. */
  newestDate: string | null;
  /** Read with items but none dated: counted as not updated only when the reading said so (`staleUndated`). */
  staleUndated?: boolean;
  /** The day the reading is from (today's crawl, or the census day). */
  seenOn: string;
  /** Days within which it should show a new item; null: no requirement. */
  cadenceDays: number | null;
  evidence: string | null;
}

export interface HomepageFact {
  url: string;
  /** `list`: the homepage shows items itself; `navigation`: only links to its columns; `unreadable`: could not be read. */
  kind: 'list' | 'navigation' | 'unreadable';
  newestDate: string | null;
  itemCount: number;
  seenOn: string;
  evidence: string | null;
  /** For a navigation homepage: its second-level pages (the columns it links to). */
  children: SiteColumnFact[];
}

export interface SiteVetoEvidence {
  name: string;
  url: string;
  evidence: string | null;
  why: string;
}

export interface SiteVeto {
  id: 'stale-columns' | 'blank-columns' | 'homepage';
  label: string;
  status: SiteVetoStatus;
  detail: string;
  evidence: SiteVetoEvidence[];
}

/** 首页: two weeks. 动态/要闻: two weeks; 通知公告/政策文件: six months (the national first-level rule). */
const HOMEPAGE_DAYS = 14;
const FIRST_LEVEL_MONTHS: Record<string, number> = { news: 0.5, notice: 6, policy: 6 };
export const FIRST_LEVEL_LIMIT = 5;
export const SHOULD_UPDATE_LIMIT = 10;
export const BLANK_LIMIT = 5;

/** The earliest date a column's newest item may have to count as updated within `months` before `day` (0.5: 14 days). */
function windowStart(day: string, months: number): string {
  return months === 0.5 ? addDays(day, -HOMEPAGE_DAYS) : addMonths(day, -months);
}

/** Not updated within the window ending on the reading's day: true, false, or undefined when it cannot be told. */
function notUpdated(c: SiteColumnFact, start: (day: string) => string): boolean | undefined {
  if (c.state !== 'read') return undefined;
  if (c.newestDate) return c.newestDate < start(c.seenOn);
  return c.staleUndated ? true : undefined;
}

function why(c: SiteColumnFact): string {
  if (c.state === 'blank') return '空白栏目';
  return c.newestDate ? `最新信息 ${c.newestDate}（${c.seenOn} 检查）` : `没有带日期的信息（${c.seenOn} 检查）`;
}

function evidenceOf(cs: SiteColumnFact[]): SiteVetoEvidence[] {
  return cs.map((c) => ({ name: c.name, url: c.url, evidence: c.evidence, why: `${c.source === 'discovered' ? '普查发现，' : ''}${why(c)}` }));
}

function names(cs: SiteColumnFact[]): string {
  return cs.length ? `：${cs.slice(0, 12).map((c) => `「${c.name}」`).join('、')}${cs.length > 12 ? ` 等 ${cs.length} 个` : ''}` : '';
}

export function siteVetoes(input: { columns: SiteColumnFact[]; homepage?: HomepageFact; asOf: string }): SiteVeto[] {
  const columns = input.columns.filter((c) => c.category !== 'homepage');
  const checked = columns.filter((c) => c.state !== 'unchecked');
  const firstLevel = columns.filter((c) => c.level === 1 && FIRST_LEVEL_MONTHS[c.category] !== undefined
    && notUpdated(c, (d) => windowStart(d, FIRST_LEVEL_MONTHS[c.category])) === true);
  const shouldUpdate = columns.filter((c) => c.cadenceDays !== null && notUpdated(c, (d) => addDays(d, -(c.cadenceDays as number))) === true);
  const blank = columns.filter((c) => c.state === 'blank');
  const stale = [...new Set([...firstLevel, ...shouldUpdate])];
  const discovered = columns.filter((c) => c.source === 'discovered').length;
  const over = `共 ${columns.length} 个栏目（其中普查发现 ${discovered} 个）`;
  return [
    {
      id: 'stale-columns', label: '栏目长期未更新', evidence: evidenceOf(stale),
      status: checked.length === 0 ? 'unknown' : firstLevel.length >= FIRST_LEVEL_LIMIT || shouldUpdate.length >= SHOULD_UPDATE_LIMIT ? 'veto' : 'ok',
      detail: `${over}：一级栏目中动态类两周、通知公告和政策文件类半年未更新 ${firstLevel.length} 个（达到 ${FIRST_LEVEL_LIMIT} 个即否决），`
        + `应更新栏目超期未更新 ${shouldUpdate.length} 个（达到 ${SHOULD_UPDATE_LIMIT} 个即否决）${names(stale)}`,
    },
    {
      id: 'blank-columns', label: '空白栏目（有栏目无内容）', evidence: evidenceOf(blank),
      status: checked.length === 0 ? 'unknown' : blank.length >= BLANK_LIMIT ? 'veto' : 'ok',
      detail: `${over}：空白栏目 ${blank.length} 个（达到 ${BLANK_LIMIT} 个即否决）${names(blank)}`,
    },
    homepageVeto(input.homepage),
  ];
}

function homepageVeto(home: HomepageFact | undefined): SiteVeto {
  const base = { id: 'homepage' as const, label: '首页两周未更新' };
  if (!home || home.kind === 'unreadable') {
    return { ...base, status: 'unknown', detail: home ? '首页本次未能读取，不作判断' : '未配置首页栏目，也没有普查结果，无法判断', evidence: [] };
  }
  const limit = addDays(home.seenOn, -HOMEPAGE_DAYS);
  const self = { name: '首页', url: home.url, evidence: home.evidence };
  if (home.kind === 'list') {
    if (!home.newestDate) {
      return { ...base, status: 'veto', detail: '首页没有带日期的信息，视为未更新', evidence: [{ ...self, why: '没有带日期的信息' }] };
    }
    const stale = home.newestDate < limit;
    return {
      ...base, status: stale ? 'veto' : 'ok', evidence: [{ ...self, why: `最新信息 ${home.newestDate}（${home.seenOn} 检查）` }],
      detail: `首页最新信息发布于 ${home.newestDate}${stale ? `，至 ${home.seenOn} 已超过两周` : ''}`,
    };
  }
  // A navigation-only homepage is judged by its second-level pages: updated if any of them was.
  const read = home.children.filter((c) => c.state === 'read' && c.newestDate);
  if (read.length === 0) {
    const undated = home.children.some((c) => c.state === 'read' || c.state === 'blank');
    return undated
      ? { ...base, status: 'veto', detail: '首页为导航页，其二级页面均没有带日期的信息，视为未更新', evidence: evidenceOf(home.children) }
      : { ...base, status: 'unknown', detail: '首页为导航页，其二级页面未能读取，不作判断', evidence: [] };
  }
  const newest = read.reduce((a, b) => ((a.newestDate as string) >= (b.newestDate as string) ? a : b));
  const stale = (newest.newestDate as string) < addDays(newest.seenOn, -HOMEPAGE_DAYS);
  return {
    ...base, status: stale ? 'veto' : 'ok', evidence: evidenceOf([newest]),
    detail: `首页为导航页，按二级页面判断：最新信息在「${newest.name}」，发布于 ${newest.newestDate}${stale ? `，至 ${newest.seenOn} 已超过两周` : ''}`,
  };
}
