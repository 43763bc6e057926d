import { readToEnd, type ListEnd, type ObservationStatus } from '../audit/observation.js';
import { lastSeen, type ObservationFact } from './platform-facts.js';

/** How far a list was read, in the words a unit reads. */
export const LIST_END_ZH: Record<ListEnd, string> = {
  end: '已读到最后一页',
  horizon: '已读到考核期开始之前',
  'page-cap': '达到每个栏目最多读取的页数',
  'page-failed': '后续页面无法读取',
  'latest-only': '首页板块只显示最新的若干条',
  'not-read': '未读取列表',
};

/**
 * The days of the period before the column's first crawl and before its oldest dated item known. A list
 * read to its end shows the column had nothing then (`not-compliant`); a list cut short may go further
 * back than was read (`unknown`, never a lost point).
 */
export interface EarlyDays {
  /** Publish date of the oldest dated item known: the days counted are before it. */
  before: string;
  /** First and last of those days. */
  from: string;
  to: string;
  days: number;
  judged: 'not-compliant' | 'unknown';
  /** How far the list was read: by the first crawl that read it to the end, else by the latest crawl. */
  listEnd: ListEnd;
  /** The same in words (the crawler's note when it left one). */
  reason: string;
  note: string;
}

const CANNOT_CHECK: ReadonlySet<ObservationStatus> = new Set(['unreachable', 'blocked', 'unparsed']);

export function isChecked(o: ObservationFact): boolean {
  return !CANNOT_CHECK.has(o.status);
}

/** The first crawl (up to the as-of date) that could check the column and read its list to the end. */
export function readToEndObservation(observations: ObservationFact[]): ObservationFact | undefined {
  return observations.find((o) => isChecked(o) && readToEnd(o.listEnd));
}

export function earlyDays(observations: ObservationFact[], before: string, span: { from: string; to: string; days: number }): EarlyDays {
  const end = readToEndObservation(observations);
  const { from, to, days } = span;
  if (end) {
    const reason = LIST_END_ZH[end.listEnd];
    return {
      before, from, to, days, judged: 'not-compliant', listEnd: end.listEnd, reason,
      note: `栏目列表${reason}（${lastSeen(end)} 检查），最早一条带日期的信息发布于 ${before}，此前 ${from} 至 ${to} 共 ${days} 天栏目中没有信息，计为未更新`,
    };
  }
  const cut = observations.filter(isChecked).at(-1)!;
  const reason = cut.listEndNote ?? LIST_END_ZH[cut.listEnd];
  return {
    before, from, to, days, judged: 'unknown', listEnd: cut.listEnd, reason,
    note: `栏目列表未读完（${reason}），最早读到的信息发布于 ${before}，此前 ${from} 至 ${to} 共 ${days} 天无法判断，不扣分`,
  };
}
