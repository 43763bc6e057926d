import type { Db } from '../src/store/db.js';
import { censusDigest, type BrokenLinkLine, type CensusDigest } from '../src/census/census-digest.js';
import { availabilityByUnit, type Availability } from '../src/store/probe-stats.js';
import { shanghaiDateTime } from '../src/time/dates.js';
import { fmtShare } from './format.js';

/** The census and availability figures in the words a unit and the office read (mails, summary, console). Crawled text is returned raw: renderers escape. */

/** The site as a whole: the latest census (broken links, columns) and the availability probes. */
export interface SiteView {
  census: CensusDigest | null;
  availability: Availability | null;
  /** Days the availability share is counted over. */
  windowDays: number;
}

/** One unit's site view as of a date (the console's unit page; the mails take theirs from the weekly context). */
export function unitSiteView(db: Db, unitId: string, asOf: string, windowDays: number, brokenLimit: number): SiteView {
  return { census: censusDigest(db, unitId, asOf, brokenLimit), availability: availabilityByUnit(db, [unitId], asOf, windowDays).get(unitId) ?? null, windowDays };
}

export function brokenShareLine(c: CensusDigest): string {
  const before = c.previous ? `；上次普查（${c.previous.day}）${fmtShare(c.previous.share)}` : '；首次普查，没有上次数据';
  return `${c.day} 普查：检查链接 ${c.linksChecked} 个，失效 ${c.linksBroken} 个，失效比例 ${fmtShare(c.share)}${before}`;
}

export function availabilityLine(a: Availability | null, windowDays: number): string {
  if (!a || (a.probes === 0 && a.state === null)) return `近 ${windowDays} 天没有可访问性探测记录`;
  const now = a.state === 'down' ? `当前无法访问${a.since ? `（自 ${shanghaiDateTime(new Date(a.since)).slice(0, 16)} 起）` : ''}` : a.state === 'up' ? '当前可以访问' : '';
  const counted = a.probes > 0 ? `近 ${windowDays} 天探测首页 ${a.probes} 次，失败 ${a.failed} 次（${fmtShare(a.share)}）` : `近 ${windowDays} 天没有可计入的探测`;
  return `${counted}${now ? `；${now}` : ''}`;
}

/** Short form for a table cell: `2.1%（上次 3.0%）`, or 未普查. */
export function brokenShareCell(c: CensusDigest | null): string {
  if (!c) return '未普查';
  return `${fmtShare(c.share)}${c.previous ? `（上次 ${fmtShare(c.previous.share)}）` : ''}`;
}

/** Short form for a table cell: `3.2% / 可访问`. */
export function availabilityCell(a: Availability | null): string {
  if (!a || (a.probes === 0 && a.state === null)) return '未探测';
  return `${fmtShare(a.share)}${a.state === 'down' ? ' / 无法访问' : a.state === 'up' ? ' / 可访问' : ''}`;
}

export function brokenLinkText(b: BrokenLinkLine): string {
  return `${b.column ? `「${b.column}」` : ''}链接「${b.text || '无文字'}」${b.url} ${b.detail}`;
}

export function moreBrokenText(c: CensusDigest): string | null {
  return c.brokenMore > 0 ? `另有 ${c.brokenMore} 个失效链接未列出（可在管理平台本单位页面查看全部，或向区政务公开办索取）` : null;
}
